"""Hypothesis properties of the floor-1 value types: Money, durations, terms."""

import calendar
import decimal
import math
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pendulum
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as hs

from aftersales_core import (
    InvalidDurationError,
    InvalidTypeError,
    Money,
    Term,
    ValidationError,
    format_duration,
    parse_duration,
)
from aftersales_core.money import ROUNDINGS, minor_units
from aftersales_core.terms import MAX_DURATION, MAX_YEARS
from aftersales_core.testing import strategies as st

ratios = hs.lists(
    hs.one_of(hs.integers(0, 1000), hs.decimals(0, 1000, places=3)), min_size=1, max_size=12
).filter(lambda rs: sum(rs) > 0)


@given(st.money(), ratios)
@example(Money(100, "VND"), [1, 1, 1])
@example(Money("-0.05", "USD"), [3, 7])
def test_allocate_conserves_every_unit_and_is_fair(total, weights):
    parts = total.allocate(weights)
    assert len(parts) == len(weights)
    assert all(p.currency == total.currency for p in parts)
    assert sum(p.units for p in parts) == total.units
    weight_sum = sum(Decimal(w) for w in weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Decimal(total.units) * Decimal(weight) / weight_sum
        assert abs(Decimal(part.units) - exact) < 1


@given(st.money(currencies=["VND", "USD", "BHD"]), hs.data())
def test_addition_is_undone_by_subtraction(a, data):
    b = data.draw(st.money(currencies=[a.currency]))
    assert a + b - b == a
    assert a + b == b + a
    assert (a + b) - a == b


@given(hs.floats(allow_nan=True, allow_infinity=True), st.currencies())
def test_a_float_is_always_refused(value, code):
    with pytest.raises(InvalidTypeError):
        Money(value, code)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        Money.of(value, code)  # type: ignore[arg-type]


@given(st.money(), hs.decimals(-100, 100, places=4))
def test_multiply_rounds_to_within_half_a_unit(m, factor):
    product = m.multiply(factor)
    exact = m.amount * factor
    assert abs(product.amount - exact) <= Decimal(1).scaleb(-m.minor_units) / 2


@given(st.durations(max_value=timedelta(days=400), resolution=timedelta(microseconds=1)))
@example(timedelta(0))
@example(timedelta(days=1, microseconds=1))
def test_parse_duration_round_trips_its_canonical_text(duration):
    text = format_duration(duration)
    assert parse_duration(text) == duration
    assert format_duration(parse_duration(text)) == text


@given(st.terms(allow_lifetime=False))
def test_term_text_round_trips(term):
    assert Term.parse(str(term)) == term


@given(
    st.terms(allow_lifetime=False), st.instants(timezones=["UTC", "Asia/Ho_Chi_Minh"]), hs.data()
)
def test_term_end_is_monotonic_in_the_start(term, start, data):
    later = data.draw(st.instants(min_value=start.naive(), timezones=[start.timezone_name]))
    assert term.end(start) <= term.end(later)


@given(st.terms(allow_lifetime=False), st.instants())
def test_term_end_is_a_valid_date_never_before_the_start(term, start):
    end = term.end(start)
    assert isinstance(end, pendulum.DateTime)
    assert end.naive() >= start.naive()
    assert 1 <= end.day <= calendar.monthrange(end.year, end.month)[1]
    total_months = term.years * 12 + term.months
    month_end = start.add(months=total_months)
    # Month arithmetic keeps the day of month unless the target month is shorter.
    assert month_end.day == min(start.day, calendar.monthrange(month_end.year, month_end.month)[1])


@given(
    st.terms(allow_lifetime=False), st.terms(allow_lifetime=False), st.instants(timezones=["UTC"])
)
def test_a_longer_term_never_ends_earlier(a, b, start):
    longer = Term(years=a.years + b.years, months=a.months + b.months, days=a.days + b.days)
    assert longer.end(start) >= a.end(start)


# --- Money is exact or refused, never a raw decimal error ---------------------------------

MODES = sorted(ROUNDINGS)
UNITS = hs.integers(-(10**30), 10**30) | hs.integers(-(10**6), 10**6)
CODES = hs.sampled_from(["VND", "USD", "BHD", "CLF"])  # 0, 2, 3 and 4 decimals
CALLER_PRECISION = hs.sampled_from([3, 28, 100])


def _decimals(exponents: hs.SearchStrategy[int]) -> hs.SearchStrategy[Decimal]:
    digits = hs.lists(hs.integers(0, 9), min_size=1, max_size=40).map(tuple)
    return hs.builds(lambda s, d, e: Decimal((s, d, e)), hs.integers(0, 1), digits, exponents)


def _rounded(exact: Fraction, mode: str) -> int:
    """An oracle: ``exact`` rounded to an integer by ``mode``, written from decimal's docs."""
    low = math.floor(exact)
    rest = exact - low
    if not rest:
        return low
    toward_zero, away = (low, low + 1) if exact > 0 else (low + 1, low)
    half = Fraction(1, 2)
    if mode == decimal.ROUND_CEILING:
        return low + 1
    if mode == decimal.ROUND_FLOOR:
        return low
    if mode == decimal.ROUND_DOWN:
        return toward_zero
    if mode == decimal.ROUND_UP:
        return away
    if mode == decimal.ROUND_05UP:
        return away if toward_zero % 5 == 0 else toward_zero
    if rest != half:
        return low if rest < half else low + 1
    if mode == decimal.ROUND_HALF_UP:
        return away
    if mode == decimal.ROUND_HALF_DOWN:
        return toward_zero
    return low if low % 2 == 0 else low + 1  # ROUND_HALF_EVEN


def _limit_units(code: str) -> int:
    return 10 ** (24 + minor_units(code))


def _exact_or_refused(compute, expected_units: int, code: str) -> None:
    if abs(expected_units) >= _limit_units(code):
        with pytest.raises(ValidationError) as info:
            compute()
        assert info.value.field == "amount"
    else:
        result = compute()
        assert result.currency == code
        assert result.units == expected_units


@given(UNITS, CODES, CALLER_PRECISION)
@example(111111111111111111111111111111, "VND", 28)
def test_money_holds_every_unit_or_refuses(units, code, precision):
    with decimal.localcontext(prec=precision):
        _exact_or_refused(lambda: Money.from_units(units, code), units, code)
        amount = Decimal(units).scaleb(-minor_units(code), decimal.Context(prec=100))
        _exact_or_refused(lambda: Money(amount, code), units, code)
        _exact_or_refused(lambda: Money.of(amount, code), units, code)


@given(UNITS, UNITS, CODES, CALLER_PRECISION)
def test_addition_and_subtraction_are_exact_or_refused(a, b, code, precision):
    limit = _limit_units(code)
    assume(abs(a) < limit and abs(b) < limit)
    x, y = Money.from_units(a, code), Money.from_units(b, code)
    with decimal.localcontext(prec=precision):
        _exact_or_refused(lambda: x + y, a + b, code)
        _exact_or_refused(lambda: x - y, a - b, code)
        _exact_or_refused(lambda: -x, -a, code)
        _exact_or_refused(lambda: abs(y), abs(b), code)


@given(UNITS, _decimals(hs.integers(-80, 80)), CODES, hs.sampled_from(MODES), CALLER_PRECISION)
def test_multiply_and_divide_round_once_from_the_exact_value(units, factor, code, mode, precision):
    assume(abs(units) < _limit_units(code))
    m = Money.from_units(units, code)
    with decimal.localcontext(prec=precision):
        exact = Fraction(units) * Fraction(factor)
        _exact_or_refused(lambda: m.multiply(factor, rounding=mode), _rounded(exact, mode), code)
        if factor:
            exact = Fraction(units) / Fraction(factor)
            _exact_or_refused(lambda: m.divide(factor, rounding=mode), _rounded(exact, mode), code)


@given(
    UNITS,
    _decimals(hs.integers(-decimal.MAX_EMAX + 50, decimal.MAX_EMAX - 50)),
    CODES,
    hs.sampled_from(MODES),
    CALLER_PRECISION,
)
@example(1, Decimal("1E+999999999"), "VND", decimal.ROUND_HALF_UP, 28)
@example(1, Decimal("1E-999999999"), "VND", decimal.ROUND_UP, 28)
def test_extreme_factors_give_an_amount_or_a_validation_error(units, factor, code, mode, precision):
    assume(abs(units) < _limit_units(code))
    m = Money.from_units(units, code)
    with decimal.localcontext(prec=precision):
        for compute in (
            lambda: m.multiply(factor, rounding=mode),
            lambda: m.divide(factor, rounding=mode),
        ):
            try:
                result = compute()
            except ValidationError:
                pass
            else:
                assert abs(result.units) < _limit_units(code)
                if factor and units and mode == decimal.ROUND_UP:
                    assert result  # rounding away from zero never gives zero


@given(UNITS, hs.lists(_decimals(hs.integers(-40, 40)), min_size=1, max_size=6), CALLER_PRECISION)
def test_allocate_conserves_every_unit_for_any_ratios(units, weights, precision):
    assume(abs(units) < _limit_units("VND"))
    weights = [abs(w) for w in weights]
    assume(any(weights))
    total = Money.from_units(units, "VND")
    with decimal.localcontext(prec=precision):
        parts = total.allocate(weights)
    assert sum(p.units for p in parts) == units
    weight_sum = sum(Fraction(w) for w in weights)
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part.units - Fraction(units) * Fraction(weight) / weight_sum) < 1


# --- terms and durations: a value or a validation error, never a raw one -----------------


def _wall_end(start: pendulum.DateTime, term: Term) -> datetime | None:
    """An oracle: the naive wall-clock end, or None past the year 9999."""
    months = start.year * 12 + start.month - 1 + term.years * 12 + term.months
    year, month = divmod(months, 12)
    if year > 9999:
        return None
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    try:
        return start.naive().replace(year=year, month=month + 1, day=day) + timedelta(
            days=term.days
        )
    except OverflowError:
        return None


@given(
    hs.integers(0, 2000),
    hs.integers(0, 24_000),
    hs.integers(0, 800_000),
    st.instants(max_value=datetime(9999, 12, 30), timezones=["UTC", "Asia/Ho_Chi_Minh"]),
)
@example(600, 0, 0, pendulum.datetime(9500, 1, 1, tz="UTC"))
def test_a_term_ends_or_is_refused_with_a_validation_error(years, months, days, start):
    if years > MAX_YEARS or months > 12 * MAX_YEARS or days > 366 * MAX_YEARS:
        with pytest.raises(ValidationError, match="must be at most"):
            Term(years=years, months=months, days=days)
        return
    term = Term(years=years, months=months, days=days)
    expected = _wall_end(start, term)
    if expected is None:
        with pytest.raises(ValidationError, match="ends after the year 9999"):
            term.end(start)
    else:
        assert term.end(start).naive() == expected


@given(
    hs.lists(
        hs.tuples(
            hs.from_regex(r"\d{1,30}(\.\d{1,30})?", fullmatch=True),
            hs.sampled_from("wdhms"),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_duration_text_reads_or_is_refused_with_an_invalid_duration_error(parts):
    text = "".join(number + unit for number, unit in parts)
    try:
        duration = parse_duration(text)
    except InvalidDurationError:
        return
    assert timedelta(0) <= duration <= MAX_DURATION
