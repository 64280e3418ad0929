"""Repeat purchase rate: the share of customers who bought again.

Purchases are read by field: ``customer_id``, ``purchased_at`` and the order
``id`` of a `Purchase` by default; pass
``customer=``, ``when=`` or ``order=`` (field names or functions) for your own
records. Several lines of one order are one purchase, not a repeat.

Each customer's state is tiny (their two earliest orders), so the accumulator
keeps one entry per customer and merges customer by customer.

Examples:
    >>> import pendulum
    >>> from aftersales_core.metrics import repeat_purchase_rate
    >>> t = pendulum.datetime(2026, 1, 5, tz="Asia/Ho_Chi_Minh")
    >>> rows = [{"customer_id": "C1", "purchased_at": t, "id": "O1"},
    ...         {"customer_id": "C1", "purchased_at": t.add(days=20), "id": "O2"},
    ...         {"customer_id": "C2", "purchased_at": t, "id": "O3"}]
    >>> repeat_purchase_rate(rows).score
    50.0
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import datetime, timedelta
from typing import Any, Self, overload

import pendulum

from .._internal.instants import unix_micros
from ..terms import Term, as_instant, parse_duration
from ._accumulator import KeyLike, check_compatible, check_items
from ._purchases import PurchaseReader
from ._stats import Rate, check_confidence, rate
from .segments import run

__all__ = ["RepeatPurchaseAccumulator", "Window", "repeat_purchase_rate"]

Window = Term | timedelta | str | None
"""How long after a first purchase a second one counts: a ``Term``, a duration, or ``None`` (any time)."""

_Order = tuple[pendulum.DateTime, Hashable]


class _WindowEnd:
    """When the window after a first purchase closes (``None``: never). Picklable."""

    __slots__ = ("span", "term")

    def __init__(self, window: Window) -> None:
        self.term = window if isinstance(window, Term) else None
        self.span = (
            None
            if window is None or isinstance(window, Term)
            else parse_duration(window, field="window")
        )

    def __call__(self, start: pendulum.DateTime) -> pendulum.DateTime | None:
        if self.term is not None:
            return self.term.end(start)
        return None if self.span is None else start + self.span


class RepeatPurchaseAccumulator:
    """The streaming, mergeable form of `repeat_purchase_rate`.

    Examples:
        >>> import pendulum
        >>> from aftersales_core import Term
        >>> t = pendulum.datetime(2026, 1, 5, tz="UTC")
        >>> north = RepeatPurchaseAccumulator(window=Term(months=1), order=None,
        ...                                   customer=lambda r: r[0], when=lambda r: r[1])
        >>> south = RepeatPurchaseAccumulator(window=Term(months=1), order=None,
        ...                                   customer=lambda r: r[0], when=lambda r: r[1])
        >>> north.add(("An", t))
        >>> south = south.update([("An", t.add(days=10)), ("Bình", t)])
        >>> north.merge(south)
        Traceback (most recent call last):
        ...
        aftersales_core.metrics._accumulator.IncompatibleMergeError: other: ...
        >>> RepeatPurchaseAccumulator(customer=0)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidTypeError: customer: 0 must be a field name or a function
    """

    __slots__ = ("_at", "_confidence", "_end", "_firsts", "_read", "_window")

    def __init__(
        self,
        *,
        window: Window = None,
        at: datetime | None = None,
        customer: KeyLike = "customer_id",
        when: KeyLike = "purchased_at",
        order: KeyLike | None = "id",
        confidence: float = 0.95,
    ) -> None:
        self._read = PurchaseReader(customer, when, order)
        self._window = window
        self._end = _WindowEnd(window)
        self._at = None if at is None else as_instant(at)
        self._confidence = check_confidence(confidence)
        self._firsts: dict[Hashable, tuple[_Order, ...]] = {}

    def add(self, purchase: Any, /) -> None:
        """Fold one purchase in."""
        self._fold(self._firsts, purchase)

    def update(self, purchases: Iterable[Any], /) -> Self:
        """Fold every purchase in and return ``self``; atomic on error."""
        check_items(purchases, "purchases")
        batch: dict[Hashable, tuple[_Order, ...]] = {}
        for purchase in purchases:
            self._fold(batch, purchase)
        self._firsts = self._combined(self._firsts, batch)
        return self

    def merge(self, other: Self, /) -> Self:
        """A new accumulator holding the purchases of both."""
        check_compatible(self, other, RepeatPurchaseAccumulator._settings)
        merged = type(self).__new__(type(self))
        for name in ("_at", "_confidence", "_end", "_read", "_window"):
            setattr(merged, name, getattr(self, name))
        merged._firsts = self._combined(self._firsts, other._firsts)
        return merged

    def result(self) -> Rate:
        """The share of customers who bought again (within the window)."""
        hits = misses = pending = 0
        for orders in self._firsts.values():
            first = orders[0][0]
            end = self._end(first)
            if len(orders) > 1 and (end is None or unix_micros(orders[1][0]) <= unix_micros(end)):
                hits += 1
            elif (
                self._at is not None
                and end is not None
                and unix_micros(end) > unix_micros(self._at)
            ):
                pending += 1
            else:
                misses += 1
        return rate(hits=hits, n=hits + misses, pending=pending, confidence=self._confidence)

    def _settings(self) -> tuple[object, ...]:
        return (self._read.settings(), self._window, self._at, self._confidence)

    def _fold(self, into: dict[Hashable, tuple[_Order, ...]], purchase: Any) -> None:
        order = None if self._read.order is None else self._read.order(purchase)
        entry: _Order = (self._read.instant(purchase), order if order is not None else object())
        customer = self._read.customer(purchase)
        into[customer] = _earliest_two(into.get(customer, ()), (entry,))

    @staticmethod
    def _combined(
        left: dict[Hashable, tuple[_Order, ...]], right: dict[Hashable, tuple[_Order, ...]]
    ) -> dict[Hashable, tuple[_Order, ...]]:
        merged = dict(left)
        for customer, orders in right.items():
            merged[customer] = _earliest_two(merged.get(customer, ()), orders)
        return merged

    def __repr__(self) -> str:
        return f"RepeatPurchaseAccumulator(customers={len(self._firsts)})"


def _earliest_two(left: tuple[_Order, ...], right: tuple[_Order, ...]) -> tuple[_Order, ...]:
    # Each order counts once, at its earliest line; keeping the two earliest
    # orders of each part is enough to know the two earliest of the whole.
    earliest: dict[Hashable, pendulum.DateTime] = {}
    for at, order in (*left, *right):
        if order not in earliest or unix_micros(at) < unix_micros(earliest[order]):
            earliest[order] = at
    ranked = sorted(earliest.items(), key=lambda item: (unix_micros(item[1]), repr(item[0])))
    return tuple((at, order) for order, at in ranked[:2])


@overload
def repeat_purchase_rate(
    purchases: Iterable[Any],
    *,
    window: Window = ...,
    at: datetime | None = ...,
    by: None = ...,
    customer: KeyLike = ...,
    when: KeyLike = ...,
    order: KeyLike | None = ...,
) -> Rate: ...
@overload
def repeat_purchase_rate(
    purchases: Iterable[Any],
    *,
    window: Window = ...,
    at: datetime | None = ...,
    by: KeyLike,
    customer: KeyLike = ...,
    when: KeyLike = ...,
    order: KeyLike | None = ...,
) -> dict[Hashable, Rate]: ...
def repeat_purchase_rate(
    purchases: Iterable[Any],
    *,
    window: Window = None,
    at: datetime | None = None,
    by: KeyLike | None = None,
    customer: KeyLike = "customer_id",
    when: KeyLike = "purchased_at",
    order: KeyLike | None = "id",
) -> Rate | dict[Hashable, Rate]:
    """The share of customers who bought again: a second order after their first.

    Args:
        purchases: `Purchase` values or records.
        window: A second order counts only within this span of the first:
            a `Term` (``Term(months=12)``), a duration
            (``"90d"``) or ``None`` for any time.
        at: "Now". With a window, customers whose window is still open at
            ``at`` and who have not bought again yet are left out (``pending``),
            instead of being counted as not returning.
        by: Segment key (a field of the purchase, or a function).
        customer: Field or function giving the customer.
        when: Field or function giving the instant of purchase.
        order: Field or function giving the order; lines of one order are one
            purchase. ``None`` treats every record as its own order.

    Returns:
        A `Rate` over customers (``n``), or a
        dict of them when ``by`` is given.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.facts import Purchase
        >>> from aftersales_core import Money, Term
        >>> t = pendulum.datetime(2026, 1, 5, tz="Asia/Ho_Chi_Minh")
        >>> def sale(id, customer, days):
        ...     return Purchase(id=id, customer_id=customer, sku="PHONE-X",
        ...                     product_category="phone", price=Money(9_990_000, "VND"),
        ...                     purchased_at=t.add(days=days))
        >>> sales = [sale("O1", "An", 0), sale("O2", "An", 200), sale("O3", "Bình", 0),
        ...          sale("O4", "Chi", 300)]
        >>> round(repeat_purchase_rate(sales).score, 1)
        33.3
        >>> repeat_purchase_rate(sales, window="90d").score
        0.0
        >>> r = repeat_purchase_rate(sales, window=Term(months=12), at=t.add(days=310))
        >>> r.hits, r.n, r.pending
        (1, 1, 2)
    """
    return run(
        lambda: RepeatPurchaseAccumulator(
            window=window, at=at, customer=customer, when=when, order=order
        ),
        purchases,
        by,
    )
