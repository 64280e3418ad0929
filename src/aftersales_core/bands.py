"""Bands: which range does a value fall in — the one threshold rule of the library.

Refund tiers by error rate, compensation tiers by lateness or achieved ratio,
service-area fees by distance, loyalty tiers by points and segments by value are
all the same question: *which band does this value fall in?* `Bands`
answers it once, so the boundary rule ("20% or more is in, 19.99% is not") is
written once and validated once.

A `Band` has explicit lower and upper bounds, each open or closed, and
carries a value (a refund tier, a fee, a tier name). `Bands` is an ordered
run of bands checked at construction to leave no gap and no overlap between
neighbours; values outside the run fall in no band.

Examples:
    >>> from decimal import Decimal
    >>> from aftersales_core.bands import Bands
    >>> refund = Bands.at_least([("0.2", "100%")], upper=Decimal(1))
    >>> str(refund.bands[0])
    '[0.2, 1]'
    >>> refund.value_for(Decimal("0.2")), refund.value_for(Decimal("0.1999"))
    ('100%', None)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, Generic, TypeVar, overload

import attrs

from ._internal import validate as _v
from ._internal.exact import own_context
from .errors import InvalidTypeError, ValidationError

__all__ = ["Band", "Bands"]

V = TypeVar("V")
D = TypeVar("D")

Bound = Decimal | int | str
"""What a bound may be given as: a ``Decimal``, an ``int`` or decimal text (never a float)."""


def _check_bound(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _v.decimal_of(value, attribute.name)


@own_context
def _text(number: Decimal) -> str:
    return f"{number.normalize():f}"


@attrs.frozen(kw_only=True)
class Band(Generic[V]):
    """A range of numbers between two bounds, each open or closed, carrying a value.

    Attributes:
        value: What the band stands for (a refund tier, a fee, a tier name).
        lower: The lower bound, or ``None`` for no lower bound.
        upper: The upper bound, or ``None`` for no upper bound.
        lower_closed: The lower bound itself is in the band (ignored without a bound).
        upper_closed: The upper bound itself is in the band (ignored without a bound).

    Raises:
        ValidationError: ``lower`` is above ``upper``, or the band is empty
            (equal bounds that are not both closed).
        InvalidTypeError: A bound is a float.

    Examples:
        >>> from decimal import Decimal
        >>> band = Band(value="25%", lower=Decimal("0.95"), upper=Decimal("0.99"))
        >>> str(band), band.contains(Decimal("0.95")), band.contains(Decimal("0.99"))
        ('[0.95, 0.99)', True, False)
        >>> Band(value="x", lower=2, upper=1)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: upper: Decimal('1') is below the lower bound 2
    """

    value: V
    lower: Decimal | None = attrs.field(
        default=None, converter=_v.to_optional_decimal, validator=_check_bound
    )
    upper: Decimal | None = attrs.field(
        default=None, converter=_v.to_optional_decimal, validator=_check_bound
    )
    lower_closed: bool = attrs.field(default=True, validator=_v.check_bool)
    upper_closed: bool = attrs.field(default=False, validator=_v.check_bool)

    def __attrs_post_init__(self) -> None:
        if self.lower is None or self.upper is None:
            return
        if self.upper < self.lower:
            raise ValidationError(
                field="upper",
                value=self.upper,
                rule=f"is below the lower bound {_text(self.lower)}",
            )
        if self.upper == self.lower and not (self.lower_closed and self.upper_closed):
            raise ValidationError(
                field="upper",
                value=self.upper,
                rule="equals the lower bound, so the band is empty unless both bounds are closed",
            )

    def contains(self, number: Bound) -> bool:
        """Whether ``number`` falls in this band.

        Args:
            number: A ``Decimal``, an ``int`` or decimal text.

        Raises:
            InvalidTypeError: ``number`` is a float.

        Examples:
            >>> Band(value=0, lower=0, upper=2, upper_closed=True).contains(2)
            True
        """
        x = _v.decimal_of(number, "number")
        if self.lower is not None and (
            x < self.lower or (x == self.lower and not self.lower_closed)
        ):
            return False
        return self.upper is None or x < self.upper or (x == self.upper and self.upper_closed)

    def __str__(self) -> str:
        low = (
            "(-∞" if self.lower is None else ("[" if self.lower_closed else "(") + _text(self.lower)
        )
        high = (
            "∞)" if self.upper is None else _text(self.upper) + ("]" if self.upper_closed else ")")
        )
        return f"{low}, {high}"


def _touches(left: Band[Any], right: Band[Any]) -> str | None:
    """Why ``right`` does not continue ``left`` exactly, or ``None`` if it does."""
    if left.upper is None:
        return "follows a band with no upper bound"
    if right.lower is None:
        return "has no lower bound but is not the first band"
    if right.lower < left.upper or (
        right.lower == left.upper and left.upper_closed and right.lower_closed
    ):
        return f"overlaps the band before it {left}"
    if right.lower > left.upper or not (left.upper_closed or right.lower_closed):
        return f"leaves a gap after the band before it {left}"
    return None


def _ordered(pairs: Iterable[tuple[Bound, V]], field: str, *, increasing: bool) -> list[Any]:
    if not isinstance(pairs, Iterable) or isinstance(pairs, str | bytes):
        raise InvalidTypeError(
            field=field, value=pairs, rule="must be a list of (threshold, value) pairs"
        )
    out = list(pairs)
    for i, pair in enumerate(out):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InvalidTypeError(
                field=f"{field}[{i}]", value=pair, rule="must be a (threshold, value) pair"
            )
    if not out:
        raise ValidationError(field=field, value=out, rule="must hold at least one threshold")
    keys = [_v.decimal_of(key, f"{field}[{i}]") for i, (key, _) in enumerate(out)]
    for i in range(1, len(keys)):
        if (keys[i] <= keys[i - 1]) if increasing else (keys[i] >= keys[i - 1]):
            order = "increasing" if increasing else "decreasing"
            raise ValidationError(
                field=f"{field}[{i}]", value=out[i][0], rule=f"must be strictly {order}"
            )
    return [(k, value) for k, (_, value) in zip(keys, out, strict=True)]


def _to_bands(value: Iterable[Band[V]]) -> tuple[Band[V], ...]:
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


@attrs.frozen(kw_only=True)
class Bands(Generic[V]):
    """An ordered run of `Band` values with no gap and no overlap between neighbours.

    Build them from explicit bands, or with `at_least`, `below` or
    `up_to` from a list of thresholds.

    Attributes:
        bands: One or more bands, in increasing order, each starting exactly where the
            one before it ends (one of the two touching bounds closed, the other open).

    Raises:
        ValidationError: No bands, or two neighbours that overlap or leave a gap.

    Examples:
        >>> from decimal import Decimal
        >>> fees = Bands(bands=[Band(value="free", lower=0, upper=2, upper_closed=True),
        ...                     Band(value="30k", lower=2, upper=5, lower_closed=False,
        ...                          upper_closed=True)])
        >>> fees.value_for(2), fees.value_for(Decimal("2.001")), fees.value_for(6)
        ('free', '30k', None)
        >>> Bands(bands=[Band(value="a", lower=0, upper=2), Band(value="b", lower=3, upper=5)])
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: bands[1]: '[3, 5)' leaves a gap after the band before it [0, 2)
    """

    bands: tuple[Band[V], ...] = attrs.field(converter=_to_bands)

    @bands.validator
    def _check_bands(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple) or not value:
            raise ValidationError(field="bands", value=value, rule="must hold at least one band")
        for i, band in enumerate(value):
            if not isinstance(band, Band):
                raise InvalidTypeError(field=f"bands[{i}]", value=band, rule="must be a Band")
            problem = _touches(value[i - 1], band) if i else None
            if problem is not None:
                raise ValidationError(field=f"bands[{i}]", value=str(band), rule=problem)

    @classmethod
    def at_least(
        cls,
        thresholds: Iterable[tuple[Bound, V]],
        *,
        upper: Bound | None = None,
        upper_closed: bool = True,
    ) -> Bands[V]:
        """Bands that start at each threshold: "``x`` or more" (refund tiers, loyalty tiers).

        Args:
            thresholds: ``(threshold, value)`` pairs in strictly increasing order; each band
                runs from its threshold (included) to the next one (excluded).
            upper: Where the last band ends (``None``: no end).
            upper_closed: ``upper`` itself is in the last band.

        Raises:
            ValidationError: No thresholds, or thresholds not strictly increasing.

        Examples:
            >>> tiers = Bands.at_least([(0, "member"), (1000, "silver"), (5000, "gold")])
            >>> [str(b) for b in tiers], tiers.value_for(999), tiers.value_for(5000)
            (['[0, 1000)', '[1000, 5000)', '[5000, ∞)'], 'member', 'gold')
        """
        pairs = _ordered(thresholds, "thresholds", increasing=True)
        bands = [
            Band(
                value=value,
                lower=low,
                upper=pairs[i + 1][0] if i + 1 < len(pairs) else upper,
                upper_closed=upper_closed if i + 1 == len(pairs) else False,
            )
            for i, (low, value) in enumerate(pairs)
        ]
        return cls(bands=bands)

    @classmethod
    def below(
        cls,
        thresholds: Iterable[tuple[Bound, V]],
        *,
        lower: Bound | None = None,
        lower_closed: bool = True,
    ) -> Bands[V]:
        """Bands that end below each threshold: "under ``x``" (cloud-style service credits).

        Args:
            thresholds: ``(threshold, value)`` pairs in strictly *decreasing* order, as such
                rules are usually written (below 99.9%, below 99%, below 95%); each band runs
                from the next threshold (included) up to its own (excluded).
            lower: Where the last band ends below (``None``: no end).
            lower_closed: ``lower`` itself is in the last band.

        Raises:
            ValidationError: No thresholds, or thresholds not strictly decreasing.

        Examples:
            >>> credits = Bands.below([("0.999", "10%"), ("0.99", "25%"), ("0.95", "100%")],
            ...                       lower=0)
            >>> [str(b) for b in credits]
            ['[0, 0.95)', '[0.95, 0.99)', '[0.99, 0.999)']
            >>> credits.value_for("0.99"), credits.value_for("0.999")
            ('10%', None)
        """
        pairs = _ordered(thresholds, "thresholds", increasing=False)
        bands = [
            Band(
                value=value,
                lower=pairs[i + 1][0] if i + 1 < len(pairs) else lower,
                upper=high,
                lower_closed=lower_closed if i + 1 == len(pairs) else True,
            )
            for i, (high, value) in enumerate(pairs)
        ]
        return cls(bands=bands[::-1])

    @classmethod
    def up_to(
        cls,
        limits: Iterable[tuple[Bound, V]],
        *,
        lower: Bound | None = 0,
        lower_closed: bool = True,
    ) -> Bands[V]:
        """Bands that end at each limit, included: "up to ``x``" (distance fees).

        Args:
            limits: ``(limit, value)`` pairs in strictly increasing order; each band runs
                from the previous limit (excluded) to its own (included).
            lower: Where the first band starts (0 by default; ``None``: no start).
            lower_closed: ``lower`` itself is in the first band.

        Raises:
            ValidationError: No limits, or limits not strictly increasing.

        Examples:
            >>> area = Bands.up_to([(2, "free"), (10, "30,000 ₫")])
            >>> [str(b) for b in area], area.value_for(2), area.value_for("2.5")
            (['[0, 2]', '(2, 10]'], 'free', '30,000 ₫')
        """
        pairs = _ordered(limits, "limits", increasing=True)
        bands = [
            Band(
                value=value,
                lower=pairs[i - 1][0] if i else lower,
                upper=high,
                lower_closed=lower_closed if not i else False,
                upper_closed=True,
            )
            for i, (high, value) in enumerate(pairs)
        ]
        return cls(bands=bands)

    def find(self, number: Bound) -> Band[V] | None:
        """The band ``number`` falls in, or ``None``.

        Examples:
            >>> str(Bands.at_least([(0, "a"), (10, "b")]).find(10))
            '[10, ∞)'
        """
        x = _v.decimal_of(number, "number")
        for band in self.bands:
            if band.contains(x):
                return band
        return None

    @overload
    def value_for(self, number: Bound) -> V | None: ...

    @overload
    def value_for(self, number: Bound, default: D) -> V | D: ...

    def value_for(self, number: Bound, default: Any = None) -> Any:
        """The value of the band ``number`` falls in, or ``default``.

        Examples:
            >>> Bands.at_least([("0.2", 1)]).value_for("0.1", 0)
            0
        """
        band = self.find(number)
        return default if band is None else band.value

    def __iter__(self) -> Iterator[Band[V]]:
        return iter(self.bands)

    def __len__(self) -> int:
        return len(self.bands)
