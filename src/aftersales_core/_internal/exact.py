"""Exact decimal arithmetic for `Money`, independent of the caller's `decimal` context.

Python's `decimal` rounds every result to the precision of the thread's context, and a
caller may have set any context at all (``decimal.localcontext(prec=1)``, other rounding
modes, every signal trapped). Nothing the library answers may depend on it:

* Money cannot round at all: these helpers compute products and quotients as fractions of
  integers and round them once, with the rounding mode asked for, and split amounts by
  integer weights (`CONTEXT` is only used for steps that are exact in it).
* Every other computation with decimals (a prorated share, lateness in seconds, a
  percentage in a charter, formatting) runs in the library's own context, `COMPUTING`:
  functions that compute with decimals are decorated with `own_context` (or use
  `computing` around a block). It is Python's default context, fixed, so the answers
  are those a caller with the default context gets.
"""

from __future__ import annotations

import decimal
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Final, ParamSpec, TypeVar

from ..errors import InvalidTypeError, ValidationError

__all__ = [
    "COMPUTING",
    "CONTEXT",
    "LIMIT_DIGITS",
    "MAX_RATIO_DIGITS",
    "ROUNDING_MODES",
    "amount_of",
    "check_rounding",
    "computing",
    "factor_of",
    "fraction",
    "own_context",
    "rounded",
    "scaled_units",
    "split_units",
    "to_decimal",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")

CONTEXT: Final = decimal.Context(
    prec=40,
    rounding=ROUND_HALF_UP,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""Wide enough to add two amounts (29 digits) exactly; errors are trapped, not flagged."""

COMPUTING: Final = decimal.Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""The library's own context for computing with decimals: Python's default context, fixed
here because a caller can change the thread's context and even ``decimal.DefaultContext``."""

ROUNDING_MODES: Final = frozenset(
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
"""The rounding modes of `decimal`."""

_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Plain ASCII decimal text: no digit grouping ("1__0" is not ten), no other scripts' digits
# (which ``Decimal`` would read), no NaN or Infinity.
_NOT_FINITE_TEXT = re.compile(r"[+-]?(s?nan[0-9]*|inf|infinity)", re.IGNORECASE)
_TEXT_RULE = "is not a decimal number (ASCII digits, an optional point, e.g. '1500000', '19.90')"


def computing() -> AbstractContextManager[decimal.Context]:
    """A ``with`` block in the library's own context, `COMPUTING` (flags start clear)."""
    return decimal.localcontext(COMPUTING)


def own_context(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``func`` in the library's own decimal context, whatever the caller's.

    Examples:
        >>> import decimal
        >>> @own_context
        ... def third() -> Decimal:
        ...     return Decimal(1) / 3
        >>> with decimal.localcontext(prec=2):
        ...     third() == Decimal("0.3333333333333333333333333333")
        True
    """

    @functools.wraps(func)
    def in_own_context(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with decimal.localcontext(COMPUTING):
            return func(*args, **kwargs)

    return in_own_context


def check_rounding(rounding: object, field: str = "rounding") -> str:
    """``rounding`` if it is one of the `decimal` rounding modes, else a ValidationError."""
    if not isinstance(rounding, str) or rounding not in ROUNDING_MODES:
        raise ValidationError(
            field=field, value=rounding, rule="must be one of the decimal module's ROUND_* modes"
        )
    return rounding


LIMIT_DIGITS: Final = 24
"""Amounts are below 10**LIMIT_DIGITS in absolute value (``money.AMOUNT_LIMIT``)."""
_LIMIT_RULE = f"is too large: amounts must be below 10^{LIMIT_DIGITS} in absolute value"

MAX_RATIO_DIGITS: Final = 1000
"""Ratios to split by are aligned on one exponent; beyond this many digits they are refused."""


def rounded(numerator: int, denominator: int, rounding: str) -> int:
    """``numerator / denominator`` (``denominator > 0``) rounded to an integer, exactly.

    Every rounding mode depends only on the integer part, on whether a remainder is
    left, and on how it compares with one half; a stand-in fraction with the same
    answers (0.25, 0.5 or 0.75) rounds exactly like the true one.

    Examples:
        >>> rounded(5, 2, "ROUND_HALF_EVEN"), rounded(-5, 2, "ROUND_HALF_UP")
        (2, -3)
    """
    whole, rest = divmod(abs(numerator), denominator)
    if not rest:
        return whole if numerator >= 0 else -whole
    tail = "25" if 2 * rest < denominator else "5" if 2 * rest == denominator else "75"
    stand_in = Decimal(f"{'-' if numerator < 0 else ''}{whole}.{tail}")
    return int(stand_in.quantize(Decimal(1), rounding=rounding, context=CONTEXT))


def fraction(units: int, by: Decimal, *, divide: bool, limit: int) -> tuple[int, int] | None:
    """``units × by`` (or ``units / by``) as a fraction with a positive denominator.

    ``None`` when its size reaches ``10**limit``. A value below 0.1 in size is replaced
    by ±1/10, which rounds the same, so that no huge power of ten is ever built.

    Examples:
        >>> fraction(150, Decimal("0.25"), divide=False, limit=28)
        (3750, 100)
        >>> fraction(1, Decimal("1E+999999"), divide=False, limit=28) is None
        True
    """
    sign, digits, exponent = by.as_tuple()
    assert isinstance(exponent, int)  # finite: Money refuses the others
    coefficient = int(Decimal((sign, digits, 0)))
    if not units or not coefficient:
        return 0, 1
    size_units, size_by = len(str(abs(units))) - 1, by.adjusted()
    # 10**low <= |result| < 10**high
    if divide:
        low, high = size_units - size_by - 1, size_units - size_by + 1
    else:
        low, high = size_units + size_by, size_units + size_by + 2
    if low >= limit:
        return None
    if high <= -1:
        return (1 if (units > 0) == (coefficient > 0) else -1), 10
    scale = 10 ** abs(exponent)
    if divide:
        top, bottom = (
            (units, coefficient * scale) if exponent >= 0 else (units * scale, coefficient)
        )
    else:
        top, bottom = (
            (units * coefficient * scale, 1) if exponent >= 0 else (units * coefficient, scale)
        )
    return (-top, -bottom) if bottom < 0 else (top, bottom)


def amount_of(value: object) -> Decimal:
    """An amount as an exact ``Decimal`` (see `to_decimal`) below 10**`LIMIT_DIGITS`.

    Examples:
        >>> amount_of("19.90"), amount_of(10**24)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: amount: 1000000000000000000000000 is too large: ...
    """
    number = to_decimal(value, "amount")
    if number and number.adjusted() >= LIMIT_DIGITS:
        raise ValidationError(field="amount", value=value, rule=_LIMIT_RULE)
    return number


def factor_of(value: object, field: str) -> Decimal:
    """A factor or divisor of Money: an ``int`` or ``Decimal`` (not text, not a float)."""
    if isinstance(value, str):
        raise InvalidTypeError(field=field, value=value, rule="must be an int or Decimal, not text")
    return to_decimal(value, field)


def scaled_units(
    units: int, by: Decimal, *, divide: bool, rounding: str, places: int, shown: str
) -> int:
    """``units × by`` (or ``/ by``) rounded once with ``rounding``, below the amount limit.

    ``places`` is the currency's minor unit and ``shown`` how an error names the operation.

    Examples:
        >>> scaled_units(199, Decimal("0.5"), divide=False, rounding="ROUND_HALF_UP",
        ...              places=2, shown="1.99 USD × 0.5")
        100
    """
    mode = check_rounding(rounding)
    exact = fraction(units, by, divide=divide, limit=LIMIT_DIGITS + places)
    result = None if exact is None else rounded(*exact, mode)
    if result is None or len(str(abs(result))) > LIMIT_DIGITS + places:
        raise ValidationError(field="amount", value=shown, rule=_LIMIT_RULE)
    return result


def split_units(units: int, ratios: object) -> list[int]:
    """``units`` split in proportion to ``ratios`` (largest remainder), adding up exactly.

    Every share is within one unit of its exact share; the leftover units go to the
    largest remainders, the earliest first on ties.

    Raises:
        InvalidTypeError: ``ratios`` is not a collection of ``int`` or ``Decimal``.
        ValidationError: No ratios, a negative one, all zero, or ratios so far apart in
            size that aligning them takes more than `MAX_RATIO_DIGITS` digits.

    Examples:
        >>> split_units(-100, [Decimal("0.5"), 2, 0])
        [-20, -80, 0]
    """
    if not isinstance(ratios, Iterable) or isinstance(ratios, str | bytes):
        raise InvalidTypeError(
            field="ratios", value=ratios, rule="must be a list of int or Decimal weights"
        )
    given = list(ratios)
    weights = [to_decimal(r, f"ratios[{i}]") for i, r in enumerate(given)]
    if not weights:
        raise ValidationError(field="ratios", value=given, rule="must not be empty")
    for i, w in enumerate(weights):
        if w < 0:
            raise ValidationError(field=f"ratios[{i}]", value=given[i], rule="must be zero or more")
    if not any(weights):
        raise ValidationError(field="ratios", value=given, rule="must not all be zero")
    scaled = _integer_weights(weights, given)
    total_weight = sum(scaled)
    sign, whole = (-1 if units < 0 else 1), abs(units)
    split = [divmod(whole * w, total_weight) for w in scaled]
    shares = [share for share, _ in split]
    leftover = whole - sum(shares)
    order = sorted(range(len(split)), key=lambda i: (-split[i][1], i))
    for i in order[:leftover]:
        shares[i] += 1
    return [sign * share for share in shares]


def _integer_weights(weights: Sequence[Decimal], ratios: Sequence[object]) -> list[int]:
    # Non-negative weights, not all zero, as integers in the same proportions.
    base = min(int(w.as_tuple().exponent) for w in weights if w)
    if max(w.adjusted() for w in weights if w) - base >= MAX_RATIO_DIGITS:
        raise ValidationError(
            field="ratios",
            value=list(ratios),
            rule=f"are too far apart in size to split by exactly (over {MAX_RATIO_DIGITS} "
            "digits once aligned)",
        )
    out = []
    for w in weights:
        sign, digits, exponent = w.as_tuple()
        out.append(int(Decimal((sign, digits, 0))) * 10 ** (int(exponent) - base) if w else 0)
    return out


def to_decimal(value: object, field: str) -> Decimal:
    """An exact ``Decimal`` from a ``Decimal``, an ``int`` or decimal text; floats are refused.

    Text is plain decimal notation (surrounding white space aside): ASCII digits, an optional
    sign, point and exponent. Digit grouping (``"1_500_000"``, ``"1,500,000"``) is refused,
    because ``"1__0"`` or ``"1,5"`` would otherwise be read as something nobody wrote.

    Examples:
        >>> to_decimal("1500000", "amount"), to_decimal(7, "days"), to_decimal("-0.5e1", "x")
        (Decimal('1500000'), Decimal('7'), Decimal('-5'))
        >>> to_decimal("1__0", "amount")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: amount: '1__0' is not a decimal number ...
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, str):
        text = value.strip(" \t\r\n")
        if _NOT_FINITE_TEXT.fullmatch(text):
            raise ValidationError(field=field, value=value, rule="must be a finite number")
        if not _DECIMAL_TEXT.fullmatch(text):
            raise ValidationError(field=field, value=value, rule=_TEXT_RULE)
        try:
            with computing():  # an exponent beyond the context's reach is trapped
                result = Decimal(text)
        except decimal.InvalidOperation:
            raise ValidationError(
                field=field, value=value, rule="has an exponent too large to hold"
            ) from None
    elif isinstance(value, float):
        raise InvalidTypeError(
            field=field,
            value=value,
            rule="is a float; floats cannot hold money exactly, pass a str, int or Decimal",
        )
    else:
        raise InvalidTypeError(field=field, value=value, rule="must be a str, int or Decimal")
    if not result.is_finite():
        raise ValidationError(field=field, value=value, rule="must be a finite number")
    return result
