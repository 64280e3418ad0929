import decimal
import pickle
from decimal import Decimal

import pytest

from aftersales_core import (
    AftersalesError,
    CurrencyMismatchError,
    InvalidTypeError,
    Money,
    UnknownCurrencyError,
    ValidationError,
)
from aftersales_core.money import AMOUNT_LIMIT, minor_units


@pytest.mark.parametrize(
    ("code", "units"), [("VND", 0), ("USD", 2), ("JPY", 0), ("BHD", 3), ("EUR", 2)]
)
def test_minor_units_come_from_babel(code, units):
    assert minor_units(code) == units
    assert Money(1, code).minor_units == units


@pytest.mark.parametrize("amount", ["1500000", 1500000, Decimal("1500000"), " 1500000 "])
def test_construction_from_str_int_decimal(amount):
    assert Money(amount, "VND").amount == Decimal(1500000)


def test_amount_is_stored_at_minor_unit_precision():
    m = Money("1.5", "USD")
    assert str(m.amount) == "1.50"
    assert repr(m) == "Money('1.50', 'USD')"
    assert str(m) == "1.50 USD"
    assert Money("1E+2", "VND").amount == Decimal(100)
    assert str(Money("-0", "VND").amount) == "0"


@pytest.mark.parametrize("bad", [0.1, 1.0, float("nan")])
def test_float_is_refused(bad):
    with pytest.raises(InvalidTypeError) as info:
        Money(bad, "USD")
    assert info.value.field == "amount"
    assert "float" in str(info.value)
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("bad", [True, None, [1], b"1"])
def test_other_types_are_refused(bad):
    with pytest.raises(InvalidTypeError):
        Money(bad, "USD")


@pytest.mark.parametrize("bad", ["abc", "", "NaN", "Infinity", Decimal("-Infinity")])
def test_non_numbers_are_refused(bad):
    with pytest.raises(ValidationError) as info:
        Money(bad, "VND")
    assert info.value.field == "amount"


def test_too_many_decimals_are_refused_not_rounded():
    with pytest.raises(ValidationError, match="more decimal places than USD allows"):
        Money("0.005", "USD")
    with pytest.raises(ValidationError):
        Money("1.5", "VND")


@pytest.mark.parametrize("code", ["ZZZ", "usd", "", None, 840])
def test_unknown_currency_is_refused(code):
    with pytest.raises(UnknownCurrencyError) as info:
        Money(1, code)
    assert info.value.field == "currency"
    assert isinstance(info.value, LookupError)


def test_of_rounds_explicitly():
    assert Money.of("0.005", "USD") == Money("0.01", "USD")
    assert Money.of("0.005", "USD", rounding="ROUND_HALF_EVEN") == Money("0.00", "USD")
    assert Money.of("-0.005", "USD") == Money("-0.01", "USD")
    with pytest.raises(ValidationError) as info:
        Money.of("1", "USD", rounding="ROUND_SOMETIMES")
    assert info.value.field == "rounding"


def test_arithmetic_within_one_currency():
    a, b = Money("10.00", "USD"), Money("2.50", "USD")
    assert a + b == Money("12.50", "USD")
    assert a - b == Money("7.50", "USD")
    assert -b == Money("-2.50", "USD")
    assert +b is b
    assert abs(-b) == b
    assert not Money.zero("USD")
    assert b
    assert Money.sum([a, b], "USD") == Money("12.50", "USD")


def test_mixing_currencies_raises():
    usd, vnd = Money(1, "USD"), Money(1, "VND")
    for op in (lambda: usd + vnd, lambda: usd - vnd, lambda: usd < vnd, lambda: usd >= vnd):
        with pytest.raises(CurrencyMismatchError) as info:
            op()
        assert (info.value.left, info.value.right) == ("USD", "VND")
    with pytest.raises(CurrencyMismatchError):
        Money.sum([usd], "VND")
    with pytest.raises(CurrencyMismatchError):
        usd.ratio_to(vnd)


def test_money_does_not_mix_with_numbers():
    m = Money(1, "USD")
    with pytest.raises(TypeError):
        m + 1
    with pytest.raises(TypeError):
        m - Decimal(1)
    with pytest.raises(InvalidTypeError):
        assert m < 1
    with pytest.raises(TypeError):
        m * m
    with pytest.raises(TypeError):
        m / m


def test_multiply_and_divide_round_half_up_by_default():
    assert Money("10.00", "USD") * Decimal("0.155") == Money("1.55", "USD")
    assert Decimal("0.155") * Money("10.00", "USD") == Money("1.55", "USD")
    assert Money(100, "VND") * 3 == Money(300, "VND")
    assert Money(5, "VND") / 2 == Money(3, "VND")
    assert Money(5, "VND").divide(2, rounding="ROUND_DOWN") == Money(2, "VND")
    assert Money("9.99", "USD").multiply(Decimal("0.5"), rounding="ROUND_DOWN") == Money(
        "4.99", "USD"
    )


@pytest.mark.parametrize("bad", [0.5, "0.5", True])
def test_multiply_refuses_float_text_and_bool(bad):
    with pytest.raises(InvalidTypeError):
        Money(1, "USD") * bad
    with pytest.raises(InvalidTypeError):
        Money(1, "USD") / bad


def test_divide_by_zero_is_a_validation_error():
    with pytest.raises(ValidationError) as info:
        Money(1, "USD") / 0
    assert info.value.field == "divisor"
    with pytest.raises(ValidationError):
        Money(1, "USD").ratio_to(Money(0, "USD"))


def test_ratio_to():
    assert Money(250_000, "VND").ratio_to(Money(1_000_000, "VND")) == Decimal("0.25")


def test_comparisons_and_hash_by_value():
    assert Money("1.5", "USD") == Money("1.50", "USD")
    assert hash(Money("1.5", "USD")) == hash(Money("1.50", "USD"))
    assert Money(1, "USD") != Money(1, "EUR")
    assert Money(1, "USD") < Money(2, "USD") <= Money(2, "USD")
    assert Money(3, "USD") > Money(2, "USD") >= Money(2, "USD")
    assert len({Money(1, "VND"), Money("1", "VND")}) == 1


def test_units_round_trip():
    assert Money("12.34", "USD").units == 1234
    assert Money.from_units(1234, "USD") == Money("12.34", "USD")
    assert Money.from_units(-5, "BHD") == Money("-0.005", "BHD")
    with pytest.raises(InvalidTypeError):
        Money.from_units(1.0, "USD")  # type: ignore[arg-type]


def test_allocate_examples():
    assert Money(100, "VND").allocate([1, 1, 1]) == (
        Money(34, "VND"),
        Money(33, "VND"),
        Money(33, "VND"),
    )
    assert Money("0.05", "USD").allocate([3, 7]) == (Money("0.02", "USD"), Money("0.03", "USD"))
    assert Money(-100, "VND").allocate([1, 1, 1]) == (
        Money(-34, "VND"),
        Money(-33, "VND"),
        Money(-33, "VND"),
    )
    assert Money(10, "VND").allocate([0, 1]) == (Money(0, "VND"), Money(10, "VND"))
    assert Money(10, "VND").allocate([Decimal("0.5"), Decimal("0.25")]) == (
        Money(7, "VND"),
        Money(3, "VND"),
    )


@pytest.mark.parametrize(
    ("ratios", "field"), [([], "ratios"), ([1, -1], "ratios[1]"), ([0, 0], "ratios")]
)
def test_allocate_refuses_bad_ratios(ratios, field):
    with pytest.raises(ValidationError) as info:
        Money(10, "VND").allocate(ratios)
    assert info.value.field == field


def test_allocate_refuses_float_ratios():
    with pytest.raises(InvalidTypeError):
        Money(10, "VND").allocate([0.5, 0.5])


def test_format_through_babel():
    assert Money(1_500_000, "VND").format("vi_VN") == "1.500.000\xa0₫"
    assert Money(1_500_000, "VND").format() == "1.500.000\xa0₫"
    assert Money("12.50", "USD").format("en_US") == "$12.50"
    assert Money(500_000, "VND").format("en_US") == "₫500,000"


def test_errors_pickle_and_repr():
    err = CurrencyMismatchError(left="USD", right="VND", operation="add")
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is CurrencyMismatchError
    assert str(clone) == str(err)
    assert repr(err) == "CurrencyMismatchError(left='USD', right='VND', operation='add')"
    assert isinstance(err, AftersalesError)
    assert err.code == "currency_mismatch"


def test_money_is_immutable():
    m = Money(1, "VND")
    with pytest.raises(AttributeError):
        m.amount = Decimal(2)  # type: ignore[misc]


# --- the amount limit: exact or refused, never a raw decimal error -------------------------


@pytest.mark.parametrize(
    "amount",
    [
        "111111111111111111111111111111",
        Decimal("1E+30"),
        Decimal("1E+24"),
        "-1000000000000000000000000",
        Decimal("1E+999999999"),
        10**40,
    ],
)
def test_amounts_at_or_beyond_the_limit_are_refused(amount):
    with pytest.raises(ValidationError, match="amounts must be below 10\\^24") as info:
        Money(amount, "VND")
    assert info.value.field == "amount"
    with pytest.raises(ValidationError, match="amounts must be below 10\\^24"):
        Money.of(amount, "USD")


def test_the_largest_amounts_keep_every_digit():
    top = Money("999999999999999999999999", "VND")
    assert top.units == 10**24 - 1
    assert Money.from_units(top.units, "VND") == top
    four = Money("999999999999999999999999.9999", "CLF")  # 4 decimals: 28 digits in all
    assert four.units == 10**28 - 1
    assert -top + top == Money(0, "VND")
    assert top - Money(1, "VND") == Money("999999999999999999999998", "VND")
    assert Decimal(10) ** 24 == AMOUNT_LIMIT


def test_arithmetic_that_leaves_the_range_is_a_validation_error():
    top = Money("999999999999999999999999", "VND")
    with pytest.raises(ValidationError, match="amounts must be below"):
        top + Money(1, "VND")
    with pytest.raises(ValidationError, match="amounts must be below"):
        -top - Money(1, "VND")
    with pytest.raises(ValidationError, match="amounts must be below"):
        top * 2
    with pytest.raises(ValidationError, match="amounts must be below"):
        Money(1, "VND") * Decimal("1E+999999999")
    with pytest.raises(ValidationError, match="amounts must be below"):
        Money(1, "VND") / Decimal("1E-999999999")
    with pytest.raises(ValidationError, match="amounts must be below"):
        Money.from_units(10**24, "VND")
    with pytest.raises(ValidationError, match="amounts must be below"):
        Money.of("999999999999999999999999.5", "VND")  # rounds up onto the limit


def test_tiny_factors_round_by_the_rule_not_to_zero():
    one = Money("1.00", "USD")
    tiny = Decimal("1E-999999999")
    assert one * tiny == Money(0, "USD")
    assert one.multiply(tiny, rounding="ROUND_UP") == Money("0.01", "USD")
    assert (-one).multiply(tiny, rounding="ROUND_FLOOR") == Money("-0.01", "USD")
    assert one.divide(Decimal("1E+999999999"), rounding="ROUND_CEILING") == Money("0.01", "USD")
    assert one.divide(Decimal("1E+999999999")) == Money(0, "USD")


def test_division_rounds_once_from_the_exact_quotient():
    # The quotient is 10^23 + 0.004999: rounded to 28 digits first, it would be ...0050 -> .01
    big = Money("100000000000000000000000.00", "USD")
    assert big / Decimal("0.99999999999999999999999995001") == big
    assert Money("0.10", "USD").divide(3) == Money("0.03", "USD")
    assert Money("0.05", "USD").divide(2, rounding="ROUND_HALF_EVEN") == Money("0.02", "USD")
    assert Money("0.05", "USD").divide(-2) == Money("-0.03", "USD")


def test_arithmetic_does_not_depend_on_the_callers_decimal_context():
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.traps[decimal.Inexact] = True
        a = Money("123456.78", "USD")
        assert (a + Money("0.01", "USD")).amount == Decimal("123456.79")
        assert (a - Money("0.01", "USD")).amount == Decimal("123456.77")
        assert (-a).amount == Decimal("-123456.78")
        assert a.units == 12345678
        assert a * 3 == Money("370370.34", "USD")
        assert a / 7 == Money("17636.68", "USD")
        assert Money.from_units(12345678, "USD") == a
        assert a.ratio_to(Money("0.01", "USD")) == Decimal(12345678)
        assert sum(p.units for p in a.allocate([1, 2, 3])) == 12345678


@pytest.mark.parametrize("ratios", [[Decimal("1E+999999"), 1], [Decimal("1E-999999"), 1]])
def test_allocate_refuses_ratios_too_far_apart_to_align(ratios):
    with pytest.raises(ValidationError, match="too far apart") as info:
        Money(100, "VND").allocate(ratios)
    assert info.value.field == "ratios"


def test_allocate_takes_ratios_of_any_size_that_align():
    assert Money(100, "VND").allocate([Decimal("1E+999999999")]) == (Money(100, "VND"),)
    assert Money(100, "VND").allocate([Decimal("1E+50"), Decimal("3E+50")]) == (
        Money(25, "VND"),
        Money(75, "VND"),
    )


def test_allocate_reads_ratios_exactly():
    # 28+ significant digits: the sum of the ratios must not be rounded
    ratios = [
        Decimal("0.3333333333333333333333333333333"),
        Decimal("0.6666666666666666666666666666667"),
    ]
    parts = Money(3, "VND").allocate(ratios)
    assert parts == (Money(1, "VND"), Money(2, "VND"))


# --- ISO codes that are not money (XXX, XAU, XDR, ...) are refused -----------------------


@pytest.mark.parametrize("code", ["XXX", "XTS", "XAU", "XAG", "XPT", "XPD", "XDR", "XSU", "XUA"])
def test_iso_codes_that_are_not_money_are_refused(code):
    with pytest.raises(UnknownCurrencyError, match="not money") as info:
        Money(5, code)
    assert info.value.value == code
    with pytest.raises(UnknownCurrencyError):
        minor_units(code)


@pytest.mark.parametrize(("code", "units"), [("XAF", 0), ("XOF", 0), ("XPF", 0), ("XCD", 2)])
def test_the_x_codes_of_real_currencies_are_accepted(code, units):
    assert Money(1, code).minor_units == units
