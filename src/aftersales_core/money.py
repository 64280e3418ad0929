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

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, NoReturn

import attrs

from ._internal.currencies import format_amount
from ._internal.currencies import quantum as _quantum
from ._internal.exact import CONTEXT as _CONTEXT
from ._internal.exact import (
    LIMIT_DIGITS,
    ROUNDING_MODES,
    amount_of,
    check_rounding,
    factor_of,
    own_context,
    scaled_units,
    split_units,
)
from .errors import CurrencyMismatchError, InvalidTypeError, ValidationError

__all__ = ["AMOUNT_LIMIT", "ROUNDINGS", "Money", "minor_units"]

AMOUNT_LIMIT: Final = Decimal(1).scaleb(LIMIT_DIGITS)
"""Every amount is strictly between ``-AMOUNT_LIMIT`` and ``AMOUNT_LIMIT`` (10²⁴).

With at most 4 decimals (CLDR's largest minor unit), an amount then has at most 28
digits, and the sum of two amounts at most 29: arithmetic stays exact."""

ROUNDINGS: Final = ROUNDING_MODES
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
        value = amount_of(amount)
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
        value = amount_of(amount)
        quantum, mode = _quantum(currency), check_rounding(rounding)
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
            InvalidTypeError: ``amounts`` is not a collection of Money.

        Examples:
            >>> Money.sum([Money("1.50", "USD"), Money("2.25", "USD")], "USD")
            Money('3.75', 'USD')
            >>> Money.sum([1, 2], "USD")
            Traceback (most recent call last):
            ...
            aftersales_core.errors.InvalidTypeError: amounts[0]: 1 must be Money in USD
        """
        total = cls.zero(currency)
        if not isinstance(amounts, Iterable) or isinstance(amounts, str | bytes | Money):
            raise InvalidTypeError(
                field="amounts", value=amounts, rule="must be a collection of Money"
            )
        for i, amount in enumerate(amounts):
            if not isinstance(amount, Money):
                raise InvalidTypeError(
                    field=f"amounts[{i}]", value=amount, rule=f"must be Money in {currency}"
                )
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
            _refuse(other, "add it to Money: only Money adds to Money (Money.sum adds many)")
        self._same(other, "add")
        return Money(_CONTEXT.add(self.amount, other.amount), self.currency)

    def __radd__(self, other: object) -> Money:
        # Reached only when ``other`` is not Money (builtin sum() starts from 0, say).
        _refuse(other, "add Money to it: only Money adds to Money (Money.sum adds many)")

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            _refuse(other, "subtract it from Money: only Money subtracts from Money")
        self._same(other, "subtract")
        return Money(_CONTEXT.subtract(self.amount, other.amount), self.currency)

    def __rsub__(self, other: object) -> Money:
        _refuse(other, "subtract Money from it: only Money subtracts from Money")

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
        value = factor_of(factor, "factor")
        return self._scaled(value, divide=False, rounding=rounding, shown=f"{self} × {factor}")

    def divide(self, divisor: Decimal | int, *, rounding: str = ROUND_HALF_UP) -> Money:
        """Divide by ``divisor`` and round to the minor unit with ``rounding``.

        The exact quotient is rounded once. To split an amount into parts that add up
        exactly, use `allocate`.

        Raises:
            ValidationError: ``divisor`` is zero, or the result would reach `AMOUNT_LIMIT`.
        """
        value = factor_of(divisor, "divisor")
        if not value:
            raise ValidationError(field="divisor", value=divisor, rule="must not be zero")
        return self._scaled(value, divide=True, rounding=rounding, shown=f"{self} / {divisor}")

    def _scaled(self, by: Decimal, *, divide: bool, rounding: str, shown: str) -> Money:
        units = scaled_units(
            self.units, by, divide=divide, rounding=rounding, places=self.minor_units, shown=shown
        )
        return Money.from_units(units, self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, Money):
            _refuse(factor, "multiply Money by it: Money times Money means nothing")
        return self.multiply(factor)  # type: ignore[arg-type]

    __rmul__ = __mul__

    def __truediv__(self, divisor: object) -> Money:
        if isinstance(divisor, Money):
            _refuse(divisor, "divide Money by it with /: use ratio_to for the ratio of amounts")
        return self.divide(divisor)  # type: ignore[arg-type]

    def __rtruediv__(self, other: object) -> Money:
        _refuse(other, "divide it by Money: only Money divides, by a number")

    @own_context
    def ratio_to(self, other: Money) -> Decimal:
        """This amount as a fraction of ``other`` (same currency), exact to 28 digits.

        Raises:
            InvalidTypeError: ``other`` is not Money.
            CurrencyMismatchError: ``other`` is in another currency.
            ValidationError: ``other`` is zero.

        Examples:
            >>> Money(1, "USD").ratio_to(Money(4, "USD"))
            Decimal('0.25')
        """
        if not isinstance(other, Money):
            raise InvalidTypeError(
                field="other", value=other, rule=f"must be Money in {self.currency}"
            )
        self._same(other, "divide")
        if not other.amount:
            raise ValidationError(field="other", value=other, rule="must not be zero")
        return self.amount / other.amount

    def _cmp(self, other: object) -> int:
        """-1, 0 or 1 as this amount is below, equal to or above ``other``."""
        if not isinstance(other, Money):
            raise InvalidTypeError(field="other", value=other, rule="cannot compare Money with it")
        self._same(other, "compare")
        return (self.amount > other.amount) - (self.amount < other.amount)

    def __lt__(self, other: object) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: object) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: object) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: object) -> bool:
        return self._cmp(other) >= 0

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
            InvalidTypeError: ``ratios`` is not a list of ``int`` or ``Decimal``.

        Examples:
            >>> Money("100.00", "USD").allocate([1, 1, 1])
            (Money('33.34', 'USD'), Money('33.33', 'USD'), Money('33.33', 'USD'))
        """
        shares = split_units(self.units, ratios)
        return tuple(Money.from_units(share, self.currency) for share in shares)

    @own_context
    def format(self, locale: str = "vi_VN", **babel_options: Any) -> str:
        r"""Format for people with Babel, in the conventions of ``locale``.

        Formatting runs in the library's own `decimal` context, so the text does not depend on
        the caller's.

        Args:
            locale: A Babel locale identifier such as ``"vi_VN"`` or ``"en_US"``.
            **babel_options: Passed to `babel.numbers.format_currency`.

        Raises:
            ValidationError: ``locale`` is not a locale Babel knows, or Babel refuses
                ``babel_options``.

        Examples:
            >>> Money("1234.5", "USD").format("en_US")
            '$1,234.50'
            >>> Money(1, "USD").format("xx_YY")
            Traceback (most recent call last):
            ...
            aftersales_core.errors.ValidationError: locale: 'xx_YY' is not a locale Babel knows ...
        """
        return format_amount(self.amount, self.currency, locale, babel_options)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"


def _refuse(other: object, what: str) -> NoReturn:
    raise InvalidTypeError(field="other", value=other, rule=f"cannot {what}")
