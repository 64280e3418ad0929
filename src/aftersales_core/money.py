r"""Exact money: a ``Decimal`` amount in an ISO 4217 currency.

A `Money` always holds a whole number of the currency's minor units
(VND has none, USD has cents, BHD has fils — thousandths), taken from Babel's
CLDR currency data. Nothing rounds behind your back: constructing an amount
with more decimals than the currency allows is refused, and every operation
that can produce fractions (``*``, ``/``) rounds once, from the exact result, with
a stated rule, half-up unless you pass another. Splitting with `Money.allocate`
never creates or loses a unit.

Arithmetic is exact whatever the caller's `decimal` context: amounts are kept
strictly below `AMOUNT_LIMIT` (10²⁴, i.e. at most 24 digits before the decimal
point) in absolute value, and an operation whose result would reach it raises
`ValidationError` instead of rounding silently.

Only currencies people pay in are accepted: the ISO 4217 "X" codes that are not money
(``XXX``, ``XTS``, the precious metals, funds such as ``XDR``) raise `UnknownCurrencyError`,
while those of real currencies (``XAF``, ``XCD``, ``XCG``, ``XOF``, ``XPF``) are accepted.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any, Final

import attrs

from ._internal.currencies import quantum as _quantum
from ._internal.exact import CONTEXT as _CONTEXT
from ._internal.exact import fraction, integer_weights, rounded, to_decimal
from .errors import CurrencyMismatchError, InvalidTypeError, ValidationError

__all__ = ["AMOUNT_LIMIT", "ROUNDINGS", "Money", "minor_units"]

_LIMIT_DIGITS = 24
AMOUNT_LIMIT: Final = Decimal(1).scaleb(_LIMIT_DIGITS)
"""Every amount is strictly between ``-AMOUNT_LIMIT`` and ``AMOUNT_LIMIT`` (10²⁴).

With at most 4 decimals (CLDR's largest minor unit), an amount then has at most 28
digits, and the sum of two amounts at most 29: arithmetic stays exact."""

_LIMIT_RULE = "is too large: amounts must be below 10^24 in absolute value"

_RATIO_CONTEXT: Final = decimal.Context(
    prec=28, rounding=ROUND_HALF_EVEN, traps=[decimal.InvalidOperation, decimal.Overflow]
)

ROUNDINGS: Final = frozenset(
    {
        decimal.ROUND_CEILING,
        decimal.ROUND_DOWN,
        decimal.ROUND_FLOOR,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_UP,
        decimal.ROUND_UP,
        decimal.ROUND_05UP,
    }
)
"""The rounding modes accepted wherever a ``rounding=`` argument is taken (those of `decimal`)."""


def minor_units(currency: str) -> int:
    """The number of decimal places of ``currency``'s minor unit, from Babel's CLDR data.

    Args:
        currency: An ISO 4217 code such as ``"VND"``.

    Returns:
        0 for VND or JPY, 2 for USD, 3 for BHD.

    Raises:
        UnknownCurrencyError: The code is not a known ISO 4217 currency, or is one of
            the X codes that are not money (``XXX``, ``XTS``, ``XAU``, ...).

    Examples:
        >>> [minor_units(c) for c in ("VND", "USD", "JPY", "BHD")]
        [0, 2, 0, 3]
        >>> minor_units("XAU")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.UnknownCurrencyError: currency: 'XAU' is an ISO 4217 code for something that is not money ...
    """
    return -int(_quantum(currency).as_tuple().exponent)


def _check_rounding(rounding: str) -> str:
    if rounding not in ROUNDINGS:
        raise ValidationError(
            field="rounding",
            value=rounding,
            rule="must be one of the decimal module's ROUND_* modes",
        )
    return rounding


def _in_range(value: Decimal, original: object) -> Decimal:
    if value and value.adjusted() >= _LIMIT_DIGITS:
        raise ValidationError(field="amount", value=original, rule=_LIMIT_RULE)
    return value


@attrs.frozen(init=False, order=False, repr=False)
class Money:
    """An exact amount of money in one currency.

    ``Money`` is built positionally, like a number: ``Money("1500000", "VND")``.
    The amount is stored at the currency's minor-unit precision.

    Args:
        amount: A ``str``, ``int`` or ``Decimal``; a ``float`` is refused because it
            cannot represent most amounts exactly.
        currency: An ISO 4217 code known to Babel (``"VND"``, ``"USD"``, ...).

    Raises:
        InvalidTypeError: ``amount`` is a ``float`` or another unsupported type.
        ValidationError: ``amount`` is not a finite number, is not below `AMOUNT_LIMIT`
            in absolute value, or has more decimals than the currency's minor unit
            (round it yourself with `Money.of`).
        UnknownCurrencyError: ``currency`` is not a known code, or not money (``XAU``).

    Examples:
        >>> Money("19.90", "USD") + Money("0.10", "USD")
        Money('20.00', 'USD')
        >>> Money(500_000, "VND") > Money(0, "VND")
        True
        >>> Money("0.005", "USD")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: amount: '0.005' has more decimal places than USD allows (2); ...
    """

    amount: Decimal
    currency: str

    def __init__(self, amount: Decimal | int | str, currency: str) -> None:
        quantum = _quantum(currency)
        value = _in_range(to_decimal(amount, "amount"), amount)
        exact = (
            value.quantize(quantum, context=_CONTEXT)
            if value.as_tuple().exponent != quantum.as_tuple().exponent
            else value
        )
        if exact != value:
            raise ValidationError(
                field="amount",
                value=amount,
                rule=(
                    f"has more decimal places than {currency} allows ({minor_units(currency)}); "
                    "round it explicitly with Money.of(amount, currency, rounding=...)"
                ),
            )
        if not exact:
            exact = abs(exact)  # no "-0" amounts
        self.__attrs_init__(amount=exact, currency=currency)

    @classmethod
    def of(
        cls, amount: Decimal | int | str, currency: str, *, rounding: str = ROUND_HALF_UP
    ) -> Money:
        """Build an amount, rounding it to the currency's minor unit with ``rounding``.

        Args:
            amount: A ``str``, ``int`` or ``Decimal``.
            currency: An ISO 4217 code.
            rounding: A `decimal` rounding mode; half-up by default.

        Returns:
            The rounded amount.
        """
        value = _in_range(to_decimal(amount, "amount"), amount)
        quantum, mode = _quantum(currency), _check_rounding(rounding)
        return cls(value.quantize(quantum, rounding=mode, context=_CONTEXT), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in ``currency``."""
        return cls(0, currency)

    @classmethod
    def sum(cls, amounts: Iterable[Money], currency: str) -> Money:
        """Add up ``amounts``, all in ``currency``; zero when there are none.

        Args:
            amounts: The amounts to add.
            currency: The currency of the result (and of every amount).

        Raises:
            CurrencyMismatchError: An amount is in another currency.
        """
        total = cls.zero(currency)
        for amount in amounts:
            total = total + amount
        return total

    @property
    def minor_units(self) -> int:
        """Decimal places of this currency's minor unit (0 for VND, 2 for USD)."""
        return minor_units(self.currency)

    @property
    def units(self) -> int:
        """The amount as a whole number of minor units (cents for USD, đồng for VND)."""
        return int(self.amount.scaleb(self.minor_units, context=_CONTEXT))

    @classmethod
    def from_units(cls, units: int, currency: str) -> Money:
        """Build an amount from a whole number of minor units."""
        if isinstance(units, bool) or not isinstance(units, int):
            raise InvalidTypeError(field="units", value=units, rule="must be an int")
        sign, digits, _ = Decimal(units).as_tuple()
        return cls(Decimal((sign, digits, -minor_units(currency))), currency)

    def _same(self, other: Money, operation: str) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                left=self.currency, right=other.currency, operation=operation
            )

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "add")
        return Money(_CONTEXT.add(self.amount, other.amount), self.currency)

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "subtract")
        return Money(_CONTEXT.subtract(self.amount, other.amount), self.currency)

    def __neg__(self) -> Money:
        return Money(_CONTEXT.minus(self.amount), self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money(_CONTEXT.abs(self.amount), self.currency)

    def __bool__(self) -> bool:
        return bool(self.amount)

    def multiply(self, factor: Decimal | int, *, rounding: str = ROUND_HALF_UP) -> Money:
        """Multiply by ``factor`` and round to the minor unit with ``rounding``.

        The exact product is rounded once, so the result does not depend on the
        caller's `decimal` context.

        Args:
            factor: An ``int`` or ``Decimal`` (a ``float`` is refused).
            rounding: A `decimal` rounding mode; half-up by default.

        Raises:
            ValidationError: The result would reach `AMOUNT_LIMIT`.
        """
        value = to_decimal(factor, "factor") if not isinstance(factor, str) else _bad_factor(factor)
        return self._scaled(value, divide=False, rounding=rounding, shown=f"{self} × {factor}")

    def divide(self, divisor: Decimal | int, *, rounding: str = ROUND_HALF_UP) -> Money:
        """Divide by ``divisor`` and round to the minor unit with ``rounding``.

        The exact quotient is rounded once. To split an amount into parts that add up
        exactly, use `allocate`.

        Raises:
            ValidationError: ``divisor`` is zero, or the result would reach `AMOUNT_LIMIT`.
        """
        value = (
            to_decimal(divisor, "divisor") if not isinstance(divisor, str) else _bad_factor(divisor)
        )
        if not value:
            raise ValidationError(field="divisor", value=divisor, rule="must not be zero")
        return self._scaled(value, divide=True, rounding=rounding, shown=f"{self} / {divisor}")

    def _scaled(self, by: Decimal, *, divide: bool, rounding: str, shown: str) -> Money:
        mode = _check_rounding(rounding)
        exact = fraction(self.units, by, divide=divide, limit=_LIMIT_DIGITS + self.minor_units)
        if exact is None:
            raise ValidationError(field="amount", value=shown, rule=_LIMIT_RULE)
        units = rounded(*exact, mode)
        try:
            return Money.from_units(units, self.currency)
        except ValidationError:
            raise ValidationError(field="amount", value=shown, rule=_LIMIT_RULE) from None

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, Money):
            return NotImplemented
        return self.multiply(factor)  # type: ignore[arg-type]

    __rmul__ = __mul__

    def __truediv__(self, divisor: object) -> Money:
        if isinstance(divisor, Money):
            return NotImplemented
        return self.divide(divisor)  # type: ignore[arg-type]

    def ratio_to(self, other: Money) -> Decimal:
        """This amount as a fraction of ``other`` (same currency), exact to 28 digits."""
        self._same(other, "divide")
        if not other.amount:
            raise ValidationError(field="other", value=other, rule="must not be zero")
        return _RATIO_CONTEXT.divide(self.amount, other.amount)

    def _cmp(self, other: object, operation: str) -> tuple[Decimal, Decimal]:
        if not isinstance(other, Money):
            raise InvalidTypeError(
                field="other", value=other, rule=f"cannot {operation} Money with it"
            )
        self._same(other, "compare")
        return self.amount, other.amount

    def __lt__(self, other: object) -> bool:
        a, b = self._cmp(other, "compare")
        return a < b

    def __le__(self, other: object) -> bool:
        a, b = self._cmp(other, "compare")
        return a <= b

    def __gt__(self, other: object) -> bool:
        a, b = self._cmp(other, "compare")
        return a > b

    def __ge__(self, other: object) -> bool:
        a, b = self._cmp(other, "compare")
        return a >= b

    def allocate(self, ratios: Sequence[Decimal | int]) -> tuple[Money, ...]:
        """Split into parts proportional to ``ratios`` that add up exactly to this amount.

        Uses the largest-remainder method on minor units: every part is within one
        minor unit of its exact share, and the leftover units go to the parts with
        the largest remainders (the earliest first on ties).

        Args:
            ratios: Non-negative ``int`` or ``Decimal`` weights, at least one positive.

        Returns:
            One part per ratio, in order.

        Raises:
            ValidationError: No ratios, a negative ratio, all ratios zero, or ratios so
                far apart in size that aligning them takes over 1000 digits.
        """
        weights = [to_decimal(r, f"ratios[{i}]") for i, r in enumerate(ratios)]
        if not weights:
            raise ValidationError(field="ratios", value=list(ratios), rule="must not be empty")
        for i, w in enumerate(weights):
            if w < 0:
                raise ValidationError(
                    field=f"ratios[{i}]", value=ratios[i], rule="must be zero or more"
                )
        if not any(weights):
            raise ValidationError(field="ratios", value=list(ratios), rule="must not all be zero")
        scaled = integer_weights(weights, ratios)
        total_weight = sum(scaled)
        units = self.units
        sign, whole = (-1 if units < 0 else 1), abs(units)
        split = [divmod(whole * w, total_weight) for w in scaled]
        shares = [share for share, _ in split]
        leftover = whole - sum(shares)
        order = sorted(range(len(split)), key=lambda i: (-split[i][1], i))
        for i in order[:leftover]:
            shares[i] += 1
        return tuple(Money.from_units(sign * s, self.currency) for s in shares)

    def format(self, locale: str = "vi_VN", **babel_options: Any) -> str:
        r"""Format for people with Babel, in the conventions of ``locale``.

        Args:
            locale: A Babel locale identifier such as ``"vi_VN"`` or ``"en_US"``.
            **babel_options: Passed to `babel.numbers.format_currency`.
        """
        from babel.numbers import format_currency

        return str(format_currency(self.amount, self.currency, locale=locale, **babel_options))

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"


def _bad_factor(value: str) -> Decimal:
    raise InvalidTypeError(field="factor", value=value, rule="must be an int or Decimal, not text")
