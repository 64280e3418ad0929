"""Metrics per segment: one accumulator per channel, category, priority or tier.

Every metric function takes ``by=``, a key function or a field name
(``"channel"``, ``"priority"``, ``"customer.tier"``; attributes or mapping keys),
and then returns a ``dict`` of segment → result instead of one result. Under
the hood it is a `SegmentedAccumulator`, itself an accumulator: it
merges segment by segment, and `SegmentedAccumulator.total` merges the
segments back into the whole.

Examples:
    >>> from aftersales_core.metrics import nps
    >>> answers = [{"channel": "hotline", "score": 10}, {"channel": "email", "score": 3},
    ...            {"channel": "hotline", "score": 8}]
    >>> {k: r.score for k, r in nps(answers, score="score", by="channel").items()}
    {'email': -100.0, 'hotline': 50.0}
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Generic, Self, TypeVar

from ..errors import InvalidTypeError
from ._accumulator import (
    Accumulator,
    InvalidScoreError,
    KeyLike,
    check_compatible,
    check_items,
    merge_all,
    required_key,
    sort_segments,
)

__all__ = ["SegmentedAccumulator"]

R = TypeVar("R")


class SegmentedAccumulator(Generic[R]):
    """An accumulator of accumulators, one per segment key.

    Args:
        factory: Makes an empty accumulator of the metric (with its settings).
        by: The segment of an item: a key function or a (dotted) field name.

    Examples:
        >>> from functools import partial
        >>> from aftersales_core.metrics import CSATAccumulator
        >>> seg = SegmentedAccumulator(partial(CSATAccumulator, score=1), by=0)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidTypeError: by: 0 must be a field name or a function
        >>> seg = SegmentedAccumulator(partial(CSATAccumulator, score=lambda r: r[1]),
        ...                            by=lambda r: r[0])
        >>> seg = seg.update([("vip", 5), ("new", 2), ("vip", 3)])
        >>> {k: r.score for k, r in seg.result().items()}
        {'new': 0.0, 'vip': 50.0}
        >>> seg.total().result().n
        3
    """

    __slots__ = ("_by", "_factory", "_parts", "_seen")

    def __init__(self, factory: Callable[[], Accumulator[Any, R]], by: KeyLike) -> None:
        self._factory = factory
        self._by = required_key(by, field="by")
        self._parts: dict[Hashable, Accumulator[Any, R]] = {}
        self._seen = 0

    @property
    def segments(self) -> Mapping[Hashable, Accumulator[Any, R]]:
        """A read-only view of the accumulator of each segment seen so far."""
        return MappingProxyType(self._parts)

    def add(self, item: Any, /) -> None:
        """Fold one item into the accumulator of its segment."""
        self._add(self._parts, item, self._seen)
        self._seen += 1

    def update(self, items: Iterable[Any], /) -> Self:
        """Fold every item in and return ``self``; atomic on error."""
        check_items(items, "items")
        batch: dict[Hashable, Accumulator[Any, R]] = {}
        count = 0
        for count, item in enumerate(items, 1):
            self._add(batch, item, self._seen + count - 1)
        self._parts = self._merged(self._parts, batch, copy=False)
        self._seen += count
        return self

    def merge(self, other: Self, /) -> Self:
        """A new accumulator holding both; segments present in both are merged."""
        check_compatible(self, other, _no_settings)  # the type: segments merge by key
        merged = type(self)(self._factory, self._by)
        merged._parts = self._merged(self._parts, other._parts, copy=True)
        merged._seen = self._seen + other._seen
        return merged

    def result(self) -> dict[Hashable, R]:
        """Segment → result, ordered by segment when keys compare, else first-seen."""
        return sort_segments({key: acc.result() for key, acc in self._parts.items()})

    def total(self) -> Accumulator[Any, R]:
        """All segments merged back into one accumulator of the whole."""
        return merge_all([self._factory(), *self._parts.values()])

    def _add(self, parts: dict[Hashable, Accumulator[Any, R]], item: Any, position: int) -> None:
        key = self._by(item)
        try:
            acc = parts.get(key)
        except TypeError:
            raise InvalidTypeError(
                field="by", value=key, rule="must give a hashable segment key"
            ) from None
        fresh = acc is None
        if acc is None:
            acc = self._factory()
        try:
            acc.add(item)
        except InvalidScoreError as err:
            raise err.at(position) from None
        if fresh:  # only once the item is in: a refused item leaves no empty segment
            parts[key] = acc

    def _merged(
        self,
        left: Mapping[Hashable, Accumulator[Any, R]],
        right: Mapping[Hashable, Accumulator[Any, R]],
        *,
        copy: bool,
    ) -> dict[Hashable, Accumulator[Any, R]]:
        # A merge must not share mutable parts with its operands: a later add()
        # to the merged accumulator would otherwise change them too.
        merged = {k: self._factory().merge(acc) for k, acc in left.items()} if copy else dict(left)
        for key, acc in right.items():
            mine = merged.get(key)
            merged[key] = (
                (self._factory().merge(acc) if copy else acc) if mine is None else mine.merge(acc)
            )
        return merged

    def __repr__(self) -> str:
        return f"SegmentedAccumulator(segments={list(self._parts)!r})"


def _no_settings(_accumulator: object) -> tuple[()]:
    return ()


def run(
    factory: Callable[[], Accumulator[Any, R]], items: Iterable[Any], by: KeyLike | None
) -> R | dict[Hashable, R]:
    """The pure function of a metric: one pass over ``items``, per segment when ``by`` is set."""
    if by is None:
        return factory().update(items).result()
    return SegmentedAccumulator(factory, by).update(items).result()
