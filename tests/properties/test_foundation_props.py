"""Hypothesis properties of the floor-1 value types: Money, durations, terms."""

import calendar
from datetime import timedelta
from decimal import Decimal

import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as hs

from aftersales_core import InvalidTypeError, Money, Term, format_duration, parse_duration
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
