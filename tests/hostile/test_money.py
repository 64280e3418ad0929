"""Money under hostile input: the caller's decimal context, odd objects, huge values.

Whatever the caller does to the thread's `decimal` context (one digit of precision, another
rounding mode, every signal trapped), Money gives the answers of the default context; and
whatever object is passed where an amount, a factor or another amount is expected, the
answer is right or a typed `AftersalesError` that names the field, never a raw exception.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from aftersales_core import Money
from aftersales_core.errors import (
    AftersalesError,
    CurrencyMismatchError,
    InvalidTypeError,
    ValidationError,
)
from aftersales_core.money import AMOUNT_LIMIT, ROUNDINGS
from aftersales_core.testing.strategies import money

SIGNALS = (
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
    decimal.FloatOperation,
)


@st.composite
def hostile_contexts(draw: st.DrawFn) -> decimal.Context:
    """What a caller may have set: tiny precision, any rounding, narrow exponents, traps."""
    return decimal.Context(
        prec=draw(st.integers(1, 5)),
        rounding=draw(st.sampled_from(sorted(ROUNDINGS))),
        Emax=draw(st.integers(6, 99)),
        Emin=draw(st.integers(-99, -6)),
        capitals=draw(st.integers(0, 1)),
        clamp=draw(st.integers(0, 1)),
        traps=draw(st.lists(st.sampled_from(SIGNALS), unique=True)),
    )


def outcome(compute: Callable[[], Any]) -> Any:
    """What a computation gives: its value, or the kind and fields of its typed error."""
    try:
        return ("value", compute())
    except AftersalesError as err:
        return ("error", type(err), getattr(err, "field", None), str(err))


def default_and_hostile(compute: Callable[[], Any], context: decimal.Context) -> tuple[Any, Any]:
    with decimal.localcontext(decimal.Context()):
        expected = outcome(compute)
    with decimal.localcontext(context):
        found = outcome(compute)
    return expected, found


# --- the caller's decimal context --------------------------------------------------------

AMOUNTS = money(min_value=-(10**9), max_value=10**9)
FACTORS = st.decimals(
    allow_nan=False, allow_infinity=False, places=4, min_value=-1000, max_value=1000
)


@given(
    a=AMOUNTS,
    b=AMOUNTS,
    factor=FACTORS,
    rounding=st.sampled_from(sorted(ROUNDINGS)),
    context=hostile_contexts(),
)
@example(
    a=Money("100.00", "USD"),
    b=Money("26.00", "USD"),
    factor=Decimal("0.74"),
    rounding=decimal.ROUND_HALF_UP,
    context=decimal.Context(prec=1),
)
def test_money_answers_do_not_depend_on_the_callers_decimal_context(
    a: Money, b: Money, factor: Decimal, rounding: str, context: decimal.Context
) -> None:
    same = Money.of(b.amount, a.currency)
    computations: list[Callable[[], Any]] = [
        lambda: Money(str(a.amount), a.currency),
        lambda: Money.of(f"{a.amount}5", a.currency, rounding=rounding),
        lambda: a + same,
        lambda: a - same,
        lambda: -a,
        lambda: abs(a),
        lambda: a.multiply(factor, rounding=rounding),
        lambda: a.divide(factor, rounding=rounding),
        lambda: a.ratio_to(same),
        lambda: a.allocate([Decimal("0.26"), Decimal("0.74"), 1]),
        lambda: a.format("en_US"),
        lambda: a.format("vi_VN"),
        lambda: (a < same, a <= same, a.units, str(a), repr(a)),
        lambda: Money.sum([a, same, a], a.currency),
    ]
    for compute in computations:
        expected, found = default_and_hostile(compute, context)
        assert found == expected


def test_formatting_with_one_digit_of_precision() -> None:
    # Babel rounds with the thread's context: in one digit of precision it printed "$7E+1".
    with decimal.localcontext(prec=1):
        assert Money("74.00", "USD").format("en_US") == "$74.00"


def test_a_ratio_is_computed_in_the_librarys_context() -> None:
    with decimal.localcontext(prec=2, rounding=decimal.ROUND_DOWN):
        assert Money(1, "USD").ratio_to(Money(3, "USD")) == Decimal(
            "0.3333333333333333333333333333"
        )


def test_text_with_an_exponent_beyond_the_callers_context() -> None:
    # Without the InvalidOperation trap, Decimal() turns unreadable text into NaN.
    with decimal.localcontext(decimal.Context(traps=[])), pytest.raises(ValidationError) as caught:
        Money("1e999999999999999999999", "USD")
    assert caught.value.field == "amount"


# --- raw exceptions that escaped ---------------------------------------------------------


def test_a_huge_amount_is_refused_with_a_short_message() -> None:
    with pytest.raises(ValidationError) as caught:
        Money(10**5000, "VND")
    err = caught.value
    assert (err.field, err.value) == ("amount", 10**5000)
    assert "too large" in err.rule
    assert len(str(err)) < 300
    assert "5001 digits" in str(err)


def test_a_long_value_is_shortened_in_messages() -> None:
    text = "9" * 100_000
    with pytest.raises(ValidationError) as caught:
        Money(text, "VND")
    assert caught.value.value == text
    assert len(str(caught.value)) < 400
    assert "100002 characters" in str(caught.value)


def test_ratio_to_something_else_than_money() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        Money(1, "USD").ratio_to(1)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("other", 1)
    assert "Money" in caught.value.rule


def test_an_unknown_locale() -> None:
    with pytest.raises(ValidationError) as caught:
        Money(1, "USD").format("xx_YY")
    assert (caught.value.field, caught.value.value) == ("locale", "xx_YY")
    assert "locale" in caught.value.rule
    with pytest.raises(ValidationError) as caught:
        Money(1, "USD").format(None)  # type: ignore[arg-type]
    assert caught.value.field == "locale"


def test_babel_options_babel_refuses() -> None:
    with pytest.raises(ValidationError) as caught:
        Money(1, "USD").format("en_US", format_type="no such format")
    assert caught.value.field == "babel_options"
    assert caught.value.value == {"format_type": "no such format"}


@pytest.mark.parametrize(
    "compute",
    [
        lambda m: m + 1,
        lambda m: 1 + m,
        lambda m: m - Decimal(1),
        lambda m: Decimal(1) - m,
        lambda m: m * m,
        lambda m: m / m,
        lambda m: 1 / m,
        lambda m: sum([m, m]),
        lambda m: m < 1,
    ],
    ids=["m+1", "1+m", "m-D", "D-m", "m*m", "m/m", "1/m", "sum()", "m<1"],
)
def test_arithmetic_with_something_else_than_money(compute: Callable[[Money], Any]) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        compute(Money(1, "USD"))
    assert caught.value.field == "other"
    assert caught.value.rule.startswith("cannot ")


def test_money_sum_of_something_else_than_money() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        Money.sum([1, 2], "USD")  # type: ignore[list-item]
    assert (caught.value.field, caught.value.value) == ("amounts[0]", 1)
    with pytest.raises(InvalidTypeError) as caught:
        Money.sum(5, "USD")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("amounts", 5)


def test_allocate_by_something_else_than_a_list() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        Money(10, "USD").allocate(3)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("ratios", 3)
    assert Money(10, "USD").allocate(iter([1, 1])) == (Money(5, "USD"), Money(5, "USD"))
    with pytest.raises(ValidationError) as caught:
        Money(10, "USD").allocate(iter([1, -1]))
    assert (caught.value.field, caught.value.value) == ("ratios[1]", -1)


def test_a_rounding_that_cannot_be_looked_up() -> None:
    with pytest.raises(ValidationError) as caught:
        Money.of(1, "USD", rounding=["ROUND_UP"])  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("rounding", ["ROUND_UP"])


def test_dividing_by_text_names_the_divisor() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        Money(1, "USD").divide("2")  # type: ignore[arg-type]
    assert caught.value.field == "divisor"


# --- decimal text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["1__0", "1_0", "_10", "10_", "1,000", "١٠", "1 0", "0x10", "1e", ".", "+-1", "∞", ""],
)
def test_non_canonical_decimal_text_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Money(text, "VND")
    assert (caught.value.field, caught.value.value) == ("amount", text)
    assert "is not a decimal number" in caught.value.rule


@pytest.mark.parametrize(
    ("text", "amount"),
    [("10", 10), (" 10 ", 10), ("+10", 10), ("-10", -10), ("1E+1", 10), (".5e1", 5), ("10.", 10)],
)
def test_plain_decimal_text_is_read(text: str, amount: int) -> None:
    assert Money(text, "VND").amount == amount


# --- fuzz: any object where an amount or an operand is expected --------------------------

DECIMALS = st.one_of(
    st.decimals(),
    st.sampled_from([Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"), Decimal("-0")]),
    st.builds(
        lambda digits, exponent: Decimal((0, digits, exponent)),
        st.tuples(st.integers(0, 9)).map(tuple),
        st.integers(-(10**17), 10**17),
    ),
)
ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(10**23, 10**30),
    st.floats(),
    st.complex_numbers(),
    st.text(max_size=12),
    st.from_regex(r"[+-]?[0-9_]{0,8}(\.[0-9_]{0,4})?([eE][+-]?[0-9]{1,25})?", fullmatch=True),
    DECIMALS,
    st.fractions(),
    st.binary(max_size=4),
    st.lists(st.integers(0, 3), max_size=3),
    st.builds(object),
    st.just(timedelta(hours=1)),
    money(),
)


def attempt(compute: Callable[[], Any]) -> tuple[Any, Any]:
    """``(result, None)``, or ``(None, error)`` for a typed error; anything else propagates."""
    try:
        return compute(), None
    except AftersalesError as err:
        return None, err


def amount_is_right(result: Money, amount: object) -> bool:
    value = Decimal(amount.strip()) if isinstance(amount, str) else Decimal(amount)  # type: ignore[arg-type]
    return result.amount == value and abs(result.amount) < AMOUNT_LIMIT


@given(amount=ANYTHING, currency=st.sampled_from(["USD", "VND", "BHD", "XAU", "usd"]))
@example(amount=10**5000, currency="VND")
@example(amount="1__0", currency="VND")
@example(amount=Decimal("1E+99999999999999999"), currency="USD")
@example(amount=Decimal("1E-99999999999999999"), currency="USD")
def test_money_of_any_object_is_right_or_a_typed_error(amount: object, currency: str) -> None:
    result, err = attempt(lambda: Money(amount, currency))  # type: ignore[arg-type]
    if err is not None:
        assert err.field in ("amount", "currency")
    else:
        assert amount_is_right(result, amount)


OPERATIONS: list[tuple[str, Callable[[Money, Any], Any]]] = [
    ("+", lambda m, x: m + x),
    ("r+", lambda m, x: x + m),
    ("-", lambda m, x: m - x),
    ("r-", lambda m, x: x - m),
    ("*", lambda m, x: m * x),
    ("r*", lambda m, x: x * m),
    ("/", lambda m, x: m / x),
    ("r/", lambda m, x: x / m),
    ("<", lambda m, x: m < x),
    (">=", lambda m, x: m >= x),
    ("ratio_to", lambda m, x: m.ratio_to(x)),
    ("multiply", lambda m, x: m.multiply(x, rounding=decimal.ROUND_HALF_EVEN)),
    ("divide", lambda m, x: m.divide(x)),
    ("allocate", lambda m, x: m.allocate([x, 1])),
    ("of", lambda m, x: Money.of(x, m.currency)),
    ("sum", lambda m, x: Money.sum([m, x], m.currency)),
    ("from_units", lambda m, x: Money.from_units(x, m.currency)),
    ("format", lambda m, x: m.format(x)),
]


@given(
    m=money(),
    other=ANYTHING,
    operation=st.sampled_from(OPERATIONS),
)
@example(m=Money(1, "USD"), other=Decimal("1E+999999"), operation=OPERATIONS[4])
@example(m=Money(1, "USD"), other=Decimal("1E-999999"), operation=OPERATIONS[7])
@example(m=Money(1, "USD"), other=10**5000, operation=OPERATIONS[15])
def test_money_arithmetic_with_any_object_is_right_or_a_typed_error(
    m: Money, other: object, operation: tuple[str, Callable[[Money, Any], Any]]
) -> None:
    name, compute = operation
    result, err = attempt(lambda: compute(m, other))
    if isinstance(err, CurrencyMismatchError):
        assert isinstance(other, Money)
        assert other.currency != m.currency
        return
    if err is not None:
        assert isinstance(err.field, str)
        assert err.field
        assert err.rule
        return
    modest = isinstance(other, int) or (isinstance(other, Decimal) and abs(other.adjusted()) < 60)
    if name in ("*", "r*", "multiply") and modest:
        exact = Fraction(m.amount) * Fraction(other)
        assert abs(Fraction(result.amount) - exact) <= Fraction(1, 10**m.minor_units)
    elif name in ("/", "divide") and modest:
        exact = Fraction(m.amount) / Fraction(other)
        assert abs(Fraction(result.amount) - exact) <= Fraction(1, 10**m.minor_units)
    elif name == "ratio_to":
        assert isinstance(result, Decimal)
        assert math.isclose(float(result), float(m.amount) / float(other.amount))  # type: ignore[attr-defined]
    elif name in ("+", "r+"):
        assert result == Money(m.amount + other.amount, m.currency)  # type: ignore[attr-defined]
