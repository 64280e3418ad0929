"""The backlog at an instant: which tickets were still open, and how old they were.

The status of each ticket is read *as of* ``at`` from its history (events after
``at`` are ignored), so yesterday's backlog can be rebuilt from today's data.
A ticket is open when it had been received and was neither in a resolved nor
in a terminal status. Its age runs from receipt to ``at``, in calendar or
business time.

Examples:
    >>> import pendulum
    >>> from aftersales_core.tickets import Ticket
    >>> from aftersales_core.metrics import backlog
    >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
    >>> tickets = [Ticket.open(id=f"T-{d}", channel="hotline", at=t0.add(days=d)) for d in range(6)]
    >>> b = backlog(tickets, at=t0.add(days=5, hours=1))
    >>> b.n, [(bucket.label, bucket.count) for bucket in b.buckets]
    (6, [('< 1d', 1), ('1d – 3d', 2), ('3d – 7d', 3), ('7d – 14d', 0), ('≥ 14d', 0)])
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Self, overload

import attrs
import pendulum

from .._internal.instants import real_time, reduce_keeping_fold, unix_micros
from ..errors import ValidationError
from ..terms import DurationLike, as_instant, format_duration, parse_duration
from ..tickets import Ticket
from ._accumulator import KeyLike, check_compatible, check_items, check_ticket
from .segments import run
from .service import Calendar, _elapsed
from .summary import DurationAccumulator, DurationSummary

__all__ = ["DEFAULT_AGING", "AgingBucket", "Backlog", "BacklogAccumulator", "backlog"]

DEFAULT_AGING: tuple[str, ...] = ("1d", "3d", "7d", "14d")
"""Bucket edges of the default aging report: under a day, 1–3 days, 3–7, 7–14, 14 and more."""


@attrs.frozen(kw_only=True)
class AgingBucket:
    """Open tickets whose age is in ``[low, high)``; ``high`` is ``None`` for the last bucket.

    Examples:
        >>> AgingBucket(label="< 1d", low=pendulum.duration(), high=pendulum.duration(days=1),
        ...             count=3).count
        3
    """

    label: str
    low: pendulum.Duration
    high: pendulum.Duration | None
    count: int


@attrs.frozen(kw_only=True)
class Backlog:
    """The open tickets at ``at``: count, aging buckets, age statistics, count per status.

    Attributes:
        at: The instant of the snapshot.
        n: Open tickets.
        buckets: Counts per age bucket, youngest first.
        ages: Age statistics (mean, nearest-rank median, p90, p95, oldest).
        by_status: ``(status, count)`` pairs, most frequent first.

    Examples:
        >>> b = backlog([], at=pendulum.datetime(2026, 3, 2, tz="UTC"))
        >>> b.n, b.score, b.ages.max
        (0, None, None)
    """

    __reduce__ = reduce_keeping_fold

    at: pendulum.DateTime = attrs.field(eq=real_time)
    n: int
    buckets: tuple[AgingBucket, ...]
    ages: DurationSummary
    by_status: tuple[tuple[str, int], ...]

    @property
    def score(self) -> pendulum.Duration | None:
        """The headline number: the mean age of the open tickets."""
        return self.ages.mean


def _edges(buckets: Sequence[DurationLike]) -> tuple[pendulum.Duration, ...]:
    edges = tuple(parse_duration(b, field=f"buckets[{i}]") for i, b in enumerate(buckets))
    if any(a >= b for a, b in pairwise(edges)) or (edges and not edges[0]):
        raise ValidationError(
            field="buckets", value=buckets, rule="must be positive durations in increasing order"
        )
    return edges


class BacklogAccumulator:
    """The streaming, mergeable form of `backlog`.

    Examples:
        >>> BacklogAccumulator(at=pendulum.datetime(2026, 3, 2, tz="UTC"), buckets=["3d", "1d"])
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: buckets: ['3d', '1d'] must be positive durations in increasing order
    """

    __slots__ = ("_ages", "_at", "_calendar", "_counts", "_edges", "_statuses")

    def __init__(
        self,
        *,
        at: datetime,
        calendar: Calendar | None = None,
        buckets: Sequence[DurationLike] = DEFAULT_AGING,
    ) -> None:
        self._at = as_instant(at)
        self._calendar = calendar
        self._edges = _edges(buckets)
        self._counts = [0] * (len(self._edges) + 1)
        self._ages = DurationAccumulator()
        self._statuses: Counter[str] = Counter()

    def add(self, ticket: Ticket, /) -> None:
        """Fold one ticket in (it counts only if it was open at ``at``)."""
        self._fold(ticket, self._counts, self._ages, self._statuses)

    def update(self, tickets: Iterable[Ticket], /) -> Self:
        """Fold every ticket in and return ``self``; atomic on error."""
        check_items(tickets, "tickets")
        counts = [0] * len(self._counts)
        ages = DurationAccumulator()
        statuses: Counter[str] = Counter()
        for ticket in tickets:
            self._fold(ticket, counts, ages, statuses)
        self._counts = [a + b for a, b in zip(self._counts, counts, strict=True)]
        self._ages = self._ages.merge(ages)
        self._statuses.update(statuses)
        return self

    def merge(self, other: Self, /) -> Self:
        """A new accumulator holding the tickets of both."""
        check_compatible(self, other, BacklogAccumulator._settings)
        merged = type(self)(at=self._at, calendar=self._calendar, buckets=self._edges)
        merged._counts = [a + b for a, b in zip(self._counts, other._counts, strict=True)]
        merged._ages = self._ages.merge(other._ages)
        merged._statuses = self._statuses + other._statuses
        return merged

    def result(self) -> Backlog:
        """The backlog of the tickets seen so far."""
        lows = (pendulum.duration(), *self._edges)
        highs = (*self._edges, None)
        buckets = tuple(
            AgingBucket(label=_label(low, high), low=low, high=high, count=count)
            for low, high, count in zip(lows, highs, self._counts, strict=True)
        )
        statuses = sorted(self._statuses.items(), key=lambda kv: (-kv[1], str(kv[0])))
        return Backlog(
            at=self._at,
            n=sum(self._counts),
            buckets=buckets,
            ages=self._ages.result(),
            by_status=tuple(statuses),
        )

    def _settings(self) -> tuple[object, ...]:
        return (self._at, self._calendar, self._edges)

    def _fold(
        self,
        ticket: Ticket,
        counts: list[int],
        ages: DurationAccumulator,
        statuses: Counter[str],
    ) -> None:
        check_ticket(ticket)
        if unix_micros(ticket.opened_at) > unix_micros(self._at):
            return
        # Status as of `at`: the status after the last event not later than it.
        times = [event.at for event in ticket.events]
        status = ticket.statuses[bisect_right(times, self._at) - 1]
        workflow = ticket.workflow
        if status in workflow.resolved_statuses or status in workflow.terminal_statuses:
            return
        age = _elapsed(self._calendar, ticket.opened_at, self._at)
        counts[bisect_right(self._edges, age)] += 1
        ages.add(age)
        statuses[status] += 1

    def __repr__(self) -> str:
        return f"BacklogAccumulator(at={self._at.isoformat()}, n={sum(self._counts)})"


def _label(low: timedelta, high: timedelta | None) -> str:
    if high is None:
        return f"≥ {format_duration(low)}"
    if not low:
        return f"< {format_duration(high)}"
    return f"{format_duration(low)} – {format_duration(high)}"


@overload
def backlog(
    tickets: Iterable[Ticket],
    at: datetime,
    *,
    calendar: Calendar | None = ...,
    buckets: Sequence[DurationLike] = ...,
    by: None = ...,
) -> Backlog: ...
@overload
def backlog(
    tickets: Iterable[Ticket],
    at: datetime,
    *,
    calendar: Calendar | None = ...,
    buckets: Sequence[DurationLike] = ...,
    by: KeyLike,
) -> dict[Hashable, Backlog]: ...
def backlog(
    tickets: Iterable[Ticket],
    at: datetime,
    *,
    calendar: Calendar | None = None,
    buckets: Sequence[DurationLike] = DEFAULT_AGING,
    by: KeyLike | None = None,
) -> Backlog | dict[Hashable, Backlog]:
    """The tickets open at ``at``, with their aging.

    Args:
        tickets: `Ticket` values.
        at: The instant of the snapshot ("now", or any past instant).
        calendar: Count ages in business time with this calendar.
        buckets: Increasing bucket edges (``"4h"``, ``"1d"``, ...), default `DEFAULT_AGING`.
        by: Segment key: return segment → backlog.

    Returns:
        A `Backlog`, or a dict of them when ``by`` is given.

    Examples:
        >>> from aftersales_core.tickets import Ticket
        >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> done = Ticket.open(id="T-1", channel="email", at=t0).cancel(at=t0.add(hours=2))
        >>> backlog([done], at=t0.add(hours=1)).n, backlog([done], at=t0.add(hours=3)).n
        (1, 0)
        >>> b = backlog([done], t0.add(hours=1), buckets=["4h"])
        >>> [(x.label, x.count) for x in b.buckets], b.by_status
        ([('< 4h', 1), ('≥ 4h', 0)], ((<TicketStatus.NEW: 'new'>, 1),))
    """
    return run(lambda: BacklogAccumulator(at=at, calendar=calendar, buckets=buckets), tickets, by)
