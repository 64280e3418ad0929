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
from aftersales_core.money import minor_units


@pytest.mark.parametrize(
    ("code", "units"), [("VND", 0), ("USD", 2), ("JPY", 0), ("BHD", 3), ("EUR", 2)]
)
def test_minor_units_come_from_babel(code, units):
    assert minor_units(code) == units
    assert Money(1, code).minor_units == units


@pytest.mark.parametrize("amount", ["1500000", 1500000, Decimal("1500000"), " 1_500_000 "])
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
