"""Exact decimal arithmetic for `Money`, independent of the caller's `decimal` context.

Python's `decimal` rounds every result to the precision of the thread's context. Money
cannot: these helpers compute products and quotients as fractions of integers and round
them once, with the rounding mode asked for, and split amounts by integer weights.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from ..errors import InvalidTypeError, ValidationError

__all__ = ["CONTEXT", "MAX_RATIO_DIGITS", "fraction", "integer_weights", "rounded", "to_decimal"]

CONTEXT: Final = decimal.Context(
    prec=40,
    rounding=ROUND_HALF_UP,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""Wide enough to add two amounts (29 digits) exactly; errors are trapped, not flagged."""

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


def integer_weights(weights: Sequence[Decimal], ratios: Sequence[object]) -> list[int]:
    """Non-negative weights, not all zero, as integers in the same proportions.

    Raises:
        ValidationError: The weights are so far apart in size that aligning them takes
            more than `MAX_RATIO_DIGITS` digits.

    Examples:
        >>> integer_weights([Decimal("0.5"), Decimal(2), Decimal(0)], [])
        [5, 20, 0]
    """
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
    """An exact ``Decimal`` from a ``Decimal``, an ``int`` or a decimal string; floats are refused.

    Examples:
        >>> to_decimal("1_500_000", "amount"), to_decimal(7, "days")
        (Decimal('1500000'), Decimal('7'))
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace("_", ""))
        except decimal.InvalidOperation:
            raise ValidationError(
                field=field, value=value, rule="is not a decimal number"
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
