"""Cohort retention: of the customers who first bought in a period, how many buy in each later one.

A customer's cohort is the period (week, month, quarter or year, in a given
time zone) of their first purchase; their activity is the set of periods in
which they bought. Row *c*, column *k* of the table is the share of cohort *c*
that bought in period *c + k*; column 0 is always 100%.

Examples:
    >>> import pendulum
    >>> from aftersales_core.metrics import cohort_retention
    >>> def on(month, day=10):
    ...     return pendulum.datetime(2026, month, day, tz="Asia/Ho_Chi_Minh")
    >>> rows = [{"customer_id": c, "purchased_at": on(m)}
    ...         for c, m in [("An", 1), ("An", 2), ("Bình", 1), ("Bình", 3), ("Chi", 2)]]
    >>> table = cohort_retention(rows, timezone="Asia/Ho_Chi_Minh")
    >>> for row in table.rows():
    ...     print(row)
    ('2026-01', 2, (100.0, 50.0, 50.0))
    ('2026-02', 1, (100.0, 0.0))
    ('2026-03', 0, ())
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date, timedelta
from typing import Any, Literal, Self, overload

import attrs
import pendulum

from ..errors import ValidationError
from ._accumulator import KeyLike, check_choice, check_compatible, check_items
from ._purchases import PurchaseReader
from .segments import run

__all__ = ["Cohort", "CohortAccumulator", "CohortTable", "PeriodUnit", "cohort_retention"]

PeriodUnit = Literal["week", "month", "quarter", "year"]
"""The length of a cohort's period."""

_MONDAY = date(1970, 1, 5)  # a Monday: weeks are numbered from it
_INDEX: dict[str, Callable[[date], int]] = {
    "week": lambda d: (d - _MONDAY).days // 7,
    "month": lambda d: d.year * 12 + d.month - 1,
    "quarter": lambda d: d.year * 4 + (d.month - 1) // 3,
    "year": lambda d: d.year,
}
_START: dict[str, Callable[[int], date]] = {
    "week": lambda i: _MONDAY + timedelta(weeks=i),
    "month": lambda i: date(i // 12, i % 12 + 1, 1),
    "quarter": lambda i: date(i // 4, i % 4 * 3 + 1, 1),
    "year": lambda i: date(i, 1, 1),
}
_LABEL: dict[str, Callable[[date], str]] = {
    "week": lambda d: f"{d.isocalendar().year}-W{d.isocalendar().week:02d}",
    "month": lambda d: f"{d.year}-{d.month:02d}",
    "quarter": lambda d: f"{d.year}-Q{(d.month - 1) // 3 + 1}",
    "year": lambda d: str(d.year),
}


@attrs.frozen(kw_only=True)
class Cohort:
    """The customers whose first purchase fell in one period, and their later activity.

    Attributes:
        start: First day of the cohort's period.
        label: The period as text: ``2026-01``, ``2026-W02``, ``2026-Q1``, ``2026``.
        size: Customers in the cohort.
        active: Customers of the cohort who bought in each period since, from 0.

    Examples:
        >>> c = Cohort(start=date(2026, 1, 1), label="2026-01", size=4, active=(4, 1))
        >>> c.rates
        (100.0, 25.0)
    """

    start: date
    label: str
    size: int
    active: tuple[int, ...]

    @property
    def rates(self) -> tuple[float, ...]:
        """``active`` as percentages of ``size``."""
        return tuple(100 * k / self.size for k in self.active) if self.size else ()


@attrs.frozen(kw_only=True)
class CohortTable:
    """A cohort retention table: one `Cohort` per period, oldest first.

    Every period from the first cohort to the last purchase has a row, empty
    ones included, so rows line up by calendar.

    Attributes:
        period: ``"week"``, ``"month"``, ``"quarter"`` or ``"year"``.
        timezone: The zone in which purchases were assigned to periods.
        n: Customers in the table.
        cohorts: The rows.

    Examples:
        >>> t = cohort_retention([])
        >>> t.n, t.score, t.cohorts
        (0, None, ())
    """

    period: str
    timezone: str
    n: int
    cohorts: tuple[Cohort, ...]

    @property
    def score(self) -> float | None:
        """Headline: % of customers who bought again in the period right after their first.

        Only cohorts that have such a next period (within the data) count.
        """
        eligible = [c for c in self.cohorts if len(c.active) > 1]
        size = sum(c.size for c in eligible)
        return 100 * sum(c.active[1] for c in eligible) / size if size else None

    def rows(self) -> list[tuple[str, int, tuple[float, ...]]]:
        """``(label, size, rates)`` per cohort, ready to print or to load into a dataframe."""
        return [(c.label, c.size, c.rates) for c in self.cohorts]


class CohortAccumulator:
    """The streaming, mergeable form of `cohort_retention`.

    Examples:
        >>> CohortAccumulator(period="fortnight")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: period: 'fortnight' must be one of 'week', 'month', 'quarter', 'year'
        >>> CohortAccumulator(timezone="Mars/Olympus")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: timezone: 'Mars/Olympus' is not a known IANA time zone
    """

    __slots__ = ("_active", "_period", "_read", "_timezone")

    def __init__(
        self,
        *,
        period: PeriodUnit = "month",
        timezone: str = "UTC",
        customer: KeyLike = "customer_id",
        when: KeyLike = "purchased_at",
    ) -> None:
        check_choice("period", period, tuple(_INDEX))
        try:
            pendulum.timezone(timezone)
        except Exception:
            raise ValidationError(
                field="timezone", value=timezone, rule="is not a known IANA time zone"
            ) from None
        self._period = period
        self._timezone = timezone
        self._read = PurchaseReader(customer, when)
        self._active: dict[Hashable, frozenset[int]] = {}

    def add(self, purchase: Any, /) -> None:
        """Fold one purchase in."""
        self._fold(self._active, purchase)

    def update(self, purchases: Iterable[Any], /) -> Self:
        """Fold every purchase in and return ``self``; atomic on error."""
        check_items(purchases, "purchases")
        batch: dict[Hashable, frozenset[int]] = {}
        for purchase in purchases:
            self._fold(batch, purchase)
        for customer, periods in batch.items():
            self._active[customer] = self._active.get(customer, frozenset()) | periods
        return self

    def merge(self, other: Self, /) -> Self:
        """A new accumulator holding the purchases of both."""
        check_compatible(self, other, CohortAccumulator._settings)
        merged = type(self).__new__(type(self))
        merged._period, merged._timezone, merged._read = self._period, self._timezone, self._read
        merged._active = dict(self._active)
        for customer, periods in other._active.items():
            merged._active[customer] = merged._active.get(customer, frozenset()) | periods
        return merged

    def result(self) -> CohortTable:
        """The cohort table of the purchases seen so far."""
        if not self._active:
            return CohortTable(period=self._period, timezone=self._timezone, n=0, cohorts=())
        last = max(max(periods) for periods in self._active.values())
        by_cohort: dict[int, list[int]] = {}
        for periods in self._active.values():
            first = min(periods)
            row = by_cohort.setdefault(first, [0] * (last - first + 1))
            for index in periods:
                row[index - first] += 1
        first_cohort = min(by_cohort)
        cohorts = []
        for index in range(first_cohort, last + 1):
            found = by_cohort.get(index)
            start = _START[self._period](index)
            cohorts.append(
                Cohort(
                    start=start,
                    label=_LABEL[self._period](start),
                    size=found[0] if found else 0,
                    active=tuple(found) if found else (),
                )
            )
        return CohortTable(
            period=self._period,
            timezone=self._timezone,
            n=len(self._active),
            cohorts=tuple(cohorts),
        )

    def _settings(self) -> tuple[object, ...]:
        return (self._period, self._timezone, self._read.settings())

    def _fold(self, into: dict[Hashable, frozenset[int]], purchase: Any) -> None:
        local = self._read.instant(purchase).in_timezone(self._timezone).date()
        customer = self._read.customer(purchase)
        into[customer] = into.get(customer, frozenset()) | {_INDEX[self._period](local)}

    def __repr__(self) -> str:
        return f"CohortAccumulator(customers={len(self._active)})"


@overload
def cohort_retention(
    purchases: Iterable[Any],
    *,
    period: PeriodUnit = ...,
    timezone: str = ...,
    by: None = ...,
    customer: KeyLike = ...,
    when: KeyLike = ...,
) -> CohortTable: ...
@overload
def cohort_retention(
    purchases: Iterable[Any],
    *,
    period: PeriodUnit = ...,
    timezone: str = ...,
    by: KeyLike,
    customer: KeyLike = ...,
    when: KeyLike = ...,
) -> dict[Hashable, CohortTable]: ...
def cohort_retention(
    purchases: Iterable[Any],
    *,
    period: PeriodUnit = "month",
    timezone: str = "UTC",
    by: KeyLike | None = None,
    customer: KeyLike = "customer_id",
    when: KeyLike = "purchased_at",
) -> CohortTable | dict[Hashable, CohortTable]:
    """Cohort retention table: per cohort of first purchase, the share active in each later period.

    Args:
        purchases: `Purchase` values or records.
        period: ``"week"`` (ISO, from Monday), ``"month"``, ``"quarter"`` or ``"year"``.
        timezone: The IANA zone whose calendar assigns purchases to periods:
            a sale at 23:30 on 31 January in Hanoi is a February sale in UTC.
        by: Segment key: return segment → table.
        customer: Field or function giving the customer.
        when: Field or function giving the instant of purchase.

    Returns:
        A `CohortTable`, or a dict of them when ``by`` is given.

    Examples:
        >>> import pendulum
        >>> late = pendulum.datetime(2026, 1, 31, 23, 30, tz="Asia/Ho_Chi_Minh")
        >>> row = {"customer_id": "An", "purchased_at": late}
        >>> cohort_retention([row], timezone="Asia/Ho_Chi_Minh").cohorts[0].label
        '2026-01'
        >>> cohort_retention([row], period="week").cohorts[0].label
        '2026-W05'
    """
    return run(
        lambda: CohortAccumulator(period=period, timezone=timezone, customer=customer, when=when),
        purchases,
        by,
    )
