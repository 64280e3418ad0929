"""Retention and churn between two periods.

Of the customers who bought in a *base* period, the share who bought again in
a *following* period (retention), or who did not (churn). Purchases are read
by field as in `repeat_purchase_rate`
(``customer=``, ``when=``). Each customer's state is two flags, merged with OR.

Examples:
    >>> import pendulum
    >>> from aftersales_core.metrics import churn_rate, retention_rate
    >>> jan, feb, mar = (pendulum.datetime(2026, m, 1, tz="Asia/Ho_Chi_Minh") for m in (1, 2, 3))
    >>> rows = [{"customer_id": "An", "purchased_at": jan.add(days=3)},
    ...         {"customer_id": "An", "purchased_at": feb.add(days=3)},
    ...         {"customer_id": "Bình", "purchased_at": jan.add(days=9)}]
    >>> retention_rate(rows, base=(jan, feb), following=(feb, mar)).score
    50.0
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, Self, overload

from .._internal.instants import unix_micros
from ._accumulator import KeyLike, check_compatible, check_items
from ._purchases import Period, PurchaseReader, check_period
from ._stats import Rate, check_confidence, rate
from .segments import run

__all__ = ["Period", "RetentionAccumulator", "churn_rate", "retention_rate"]


class RetentionAccumulator:
    """The streaming, mergeable form of `retention_rate` and `churn_rate`.

    Examples:
        >>> import pendulum
        >>> jan = (pendulum.datetime(2026, 1, 1), pendulum.datetime(2026, 2, 1))
        >>> RetentionAccumulator(base=jan, following=(jan[1], jan[0]))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: following: ... must start before it ends
    """

    __slots__ = ("_base", "_churn", "_confidence", "_flags", "_following", "_read")

    def __init__(
        self,
        *,
        base: Period,
        following: Period,
        churn: bool = False,
        customer: KeyLike = "customer_id",
        when: KeyLike = "purchased_at",
        confidence: float = 0.95,
    ) -> None:
        self._base = check_period(base, "base")
        self._following = check_period(following, "following")
        self._churn = bool(churn)
        self._read = PurchaseReader(customer, when)
        self._confidence = check_confidence(confidence)
        self._flags: dict[Hashable, int] = {}

    def add(self, purchase: Any, /) -> None:
        """Fold one purchase in."""
        self._fold(self._flags, purchase)

    def update(self, purchases: Iterable[Any], /) -> Self:
        """Fold every purchase in and return ``self``; atomic on error."""
        check_items(purchases, "purchases")
        batch: dict[Hashable, int] = {}
        for purchase in purchases:
            self._fold(batch, purchase)
        for customer, flags in batch.items():
            self._flags[customer] = self._flags.get(customer, 0) | flags
        return self

    def merge(self, other: Self, /) -> Self:
        """A new accumulator holding the purchases of both."""
        check_compatible(self, other, RetentionAccumulator._settings)
        merged = type(self).__new__(type(self))
        for name in ("_base", "_churn", "_confidence", "_following", "_read"):
            setattr(merged, name, getattr(self, name))
        merged._flags = dict(self._flags)
        for customer, flags in other._flags.items():
            merged._flags[customer] = merged._flags.get(customer, 0) | flags
        return merged

    def result(self) -> Rate:
        """Of the customers active in the base period, the share who came back (or not)."""
        active = [flags for flags in self._flags.values() if flags & 1]
        kept = sum(1 for flags in active if flags & 2)
        hits = len(active) - kept if self._churn else kept
        return rate(hits=hits, n=len(active), confidence=self._confidence)

    def _settings(self) -> tuple[object, ...]:
        return (self._base, self._following, self._churn, self._read.settings(), self._confidence)

    def _fold(self, into: dict[Hashable, int], purchase: Any) -> None:
        at = unix_micros(self._read.instant(purchase))
        customer = self._read.customer(purchase)
        (b0, b1), (f0, f1) = (tuple(map(unix_micros, p)) for p in (self._base, self._following))
        flags = (b0 <= at < b1) | ((f0 <= at < f1) << 1)
        if flags:
            into[customer] = into.get(customer, 0) | flags

    def __repr__(self) -> str:
        return f"RetentionAccumulator(customers={len(self._flags)})"


@overload
def retention_rate(
    purchases: Iterable[Any],
    *,
    base: Period,
    following: Period,
    by: None = ...,
    customer: KeyLike = ...,
    when: KeyLike = ...,
) -> Rate: ...
@overload
def retention_rate(
    purchases: Iterable[Any],
    *,
    base: Period,
    following: Period,
    by: KeyLike,
    customer: KeyLike = ...,
    when: KeyLike = ...,
) -> dict[Hashable, Rate]: ...
def retention_rate(
    purchases: Iterable[Any],
    *,
    base: Period,
    following: Period,
    by: KeyLike | None = None,
    customer: KeyLike = "customer_id",
    when: KeyLike = "purchased_at",
) -> Rate | dict[Hashable, Rate]:
    """Of the customers who bought in ``base``, the share who bought again in ``following``.

    Args:
        purchases: Purchases or records.
        base: The first period, ``(start, end)``, half-open.
        following: The period in which a return counts.
        by: Segment key (groups purchases: a customer buying on two channels counts in both).
        customer: Field or function giving the customer.
        when: Field or function giving the instant of purchase.

    Returns:
        A `Rate` over the base period's customers.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.metrics import churn_rate
        >>> m = [pendulum.datetime(2026, k, 1, tz="Asia/Ho_Chi_Minh") for k in (1, 2, 3)]
        >>> rows = [{"customer_id": c, "purchased_at": m[k].add(days=3)}
        ...         for c, k in [("An", 0), ("An", 1), ("Bình", 0), ("Chi", 1)]]
        >>> retention_rate(rows, base=(m[0], m[1]), following=(m[1], m[2])).score
        50.0
        >>> churn_rate(rows, base=(m[0], m[1]), following=(m[1], m[2])).score
        50.0
    """
    return run(
        lambda: RetentionAccumulator(base=base, following=following, customer=customer, when=when),
        purchases,
        by,
    )


@overload
def churn_rate(
    purchases: Iterable[Any],
    *,
    base: Period,
    following: Period,
    by: None = ...,
    customer: KeyLike = ...,
    when: KeyLike = ...,
) -> Rate: ...
@overload
def churn_rate(
    purchases: Iterable[Any],
    *,
    base: Period,
    following: Period,
    by: KeyLike,
    customer: KeyLike = ...,
    when: KeyLike = ...,
) -> dict[Hashable, Rate]: ...
def churn_rate(
    purchases: Iterable[Any],
    *,
    base: Period,
    following: Period,
    by: KeyLike | None = None,
    customer: KeyLike = "customer_id",
    when: KeyLike = "purchased_at",
) -> Rate | dict[Hashable, Rate]:
    """Of the customers who bought in ``base``, the share who did not buy in ``following``.

    ``churn_rate(...).score == 100 - retention_rate(...).score`` on the same input.
    See `retention_rate` for the arguments.

    Examples:
        >>> import pendulum
        >>> jan, feb, mar = (pendulum.datetime(2026, m, 1) for m in (1, 2, 3))
        >>> churn_rate([], base=(jan, feb), following=(feb, mar)).score is None
        True
    """
    return run(
        lambda: RetentionAccumulator(
            base=base, following=following, churn=True, customer=customer, when=when
        ),
        purchases,
        by,
    )
