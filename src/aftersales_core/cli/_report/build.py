"""Computing the KPI report in one streaming pass over tickets, surveys and purchases.

Tickets are read in chunks; each chunk's SLA clocks are evaluated once and shared
by every compliance accumulator (overall, by priority, by week, by segment) through
a small evaluator that hands back the statuses already computed. Memory grows with
the number of tickets only by what the metrics keep (8 bytes per duration for the
exact percentiles, one entry per customer for the repeat purchase rate).
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import date, datetime, timedelta
from functools import partial
from itertools import count, islice
from typing import TYPE_CHECKING, Any, TypeVar

import pendulum

from ..._internal.instants import unix_micros
from ...facts import Purchase
from ...metrics import (
    BacklogAccumulator,
    CESAccumulator,
    CSATAccumulator,
    NPSAccumulator,
    ReopenRateAccumulator,
    RepeatPurchaseAccumulator,
    SegmentedAccumulator,
    SLAComplianceAccumulator,
    TicketTimesAccumulator,
)
from ...sla.clock import MissingTargetError
from ...terms import as_instant, format_duration
from ...tickets import Ticket
from ...vocabulary import Category, Priority
from .model import Breach, KPIReport, SegmentRow

if TYPE_CHECKING:
    from ...commitment import ServiceCommitment
    from ...sla.clock import SLAStatus
    from ...sla.policy import SLAPolicy
    from ...surveys import SurveyResponse

__all__ = ["CHUNK", "HISTOGRAM_EDGES", "build_report"]

T = TypeVar("T")

CHUNK = 2048
"""Tickets evaluated together."""
HISTOGRAM_EDGES = tuple(timedelta(hours=h) for h in (1, 4, 8, 24, 48, 72, 168))
_LABELS = ("< 1h", "1h – 4h", "4h – 8h", "8h – 1d", "1d – 2d", "2d – 3d", "3d – 7d", "≥ 7d")
_EDGE_MICROS = tuple(int(e.total_seconds()) * 1_000_000 for e in HISTOGRAM_EDGES)
BY = ("channel", "category", "priority")


def _chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _key(value: object, missing: str = "unknown") -> str:
    return missing if value is None else str(value)


def _segment(item: Any, by: str) -> str:
    return _key(getattr(item, by), "unclassified" if by == "category" else "unknown")


def _week(ticket: Ticket) -> date:
    day = ticket.opened_at.date()
    return day - timedelta(days=day.weekday())


class _Statuses:
    """An SLA evaluator that returns the statuses of the current chunk, computed once."""

    def __init__(self) -> None:
        self.found: dict[int, SLAStatus] = {}

    def evaluate(self, ticket: Ticket, *, at: datetime) -> SLAStatus:
        return self.found[id(ticket)]


def _as_of(ticket: Ticket, at: pendulum.DateTime) -> Ticket:
    """The ticket as it stood at ``at``: later events have not happened yet."""
    now = unix_micros(at)
    if unix_micros(ticket.last_event_at) <= now:
        return ticket
    kept = [event for event in ticket.events if unix_micros(event.at) <= now]
    return Ticket.from_events(ticket.id, kept, workflow=ticket.workflow)


class _Tickets:
    """The ticket side of the report: every accumulator, fed chunk by chunk."""

    def __init__(self, sla: SLAPolicy | None, at: pendulum.DateTime, by: str | None) -> None:
        self.sla, self.at, self.by = sla, at, by
        calendar = None if sla is None else sla.calendar
        times = partial(TicketTimesAccumulator, calendar=calendar, exclude_paused=True)
        self.first = times(until="first_response")
        self.resolved = times(until="resolution")
        self.backlog = BacklogAccumulator(at=at)
        self.reopen = ReopenRateAccumulator()
        self.memo = _Statuses()
        compliance = partial(SLAComplianceAccumulator, sla=self.memo, at=at)
        self.compliance = compliance()
        self.by_priority = SegmentedAccumulator(compliance, by=lambda t: str(t.priority))
        self.by_week = SegmentedAccumulator(compliance, by=_week)
        self.segment_key: Callable[[Ticket], str] = partial(_segment, by=by or "channel")
        self.segments: dict[str, Any] = {}
        if by is not None:
            self.segments = {
                "first": SegmentedAccumulator(
                    partial(times, until="first_response"), by=self.segment_key
                ),
                "resolved": SegmentedAccumulator(
                    partial(times, until="resolution"), by=self.segment_key
                ),
                "sla": SegmentedAccumulator(compliance, by=self.segment_key),
            }
        self.n = self.later = self.untracked = 0
        self.channels: Counter[str] = Counter()
        self.categories: Counter[str] = Counter()
        self.per_segment: Counter[str] = Counter()
        self.histograms = ([0] * len(_LABELS), [0] * len(_LABELS))
        self.breach_counts = [0, 0]
        self.worst: list[tuple[int, int, str, SLAStatus, Ticket]] = []
        self.serial = count()
        self.targets: dict[tuple[Priority, Category | None], bool] = {}

    def add(self, chunk: list[Ticket], top: int) -> None:
        now = unix_micros(self.at)
        tickets = [_as_of(t, self.at) for t in chunk if unix_micros(t.opened_at) <= now]
        self.later += len(chunk) - len(tickets)
        self.n += len(tickets)
        for ticket in tickets:
            self.channels[str(ticket.channel)] += 1
            self.categories[_key(ticket.category, "unclassified")] += 1
        if self.by is not None:
            self.per_segment.update(self.segment_key(t) for t in tickets)
            self.segments["first"].update(tickets)
            self.segments["resolved"].update(tickets)
        self.first.update(tickets)
        self.resolved.update(tickets)
        self.backlog.update(tickets)
        self.reopen.update(tickets)
        if self.sla is not None:
            self._clocks(tickets, top)

    def _has_target(self, ticket: Ticket) -> bool:
        key = (ticket.priority, ticket.category)
        found = self.targets.get(key)
        if found is None:
            assert self.sla is not None
            found = self.targets[key] = self.sla.target_for(*key) is not None
        return found

    def _evaluate(self, tickets: list[Ticket]) -> list[tuple[Ticket, SLAStatus]]:
        assert self.sla is not None
        try:
            return list(zip(tickets, self.sla.evaluate_many(tickets, at=self.at), strict=True))
        except MissingTargetError:
            # A priority changed to one without a target: evaluate one by one, skip those.
            pairs = []
            for ticket in tickets:
                try:
                    pairs.append((ticket, self.sla.evaluate(ticket, at=self.at)))
                except MissingTargetError:
                    self.untracked += 1
            return pairs

    def _clocks(self, tickets: list[Ticket], top: int) -> None:
        tracked = [t for t in tickets if self._has_target(t)]
        self.untracked += len(tickets) - len(tracked)
        pairs = self._evaluate(tracked)
        self.memo.found = {id(ticket): status for ticket, status in pairs}
        tracked = [ticket for ticket, _ in pairs]
        self.compliance.update(tracked)
        self.by_priority.update(tracked)
        self.by_week.update(tracked)
        if self.by is not None:
            self.segments["sla"].update(tracked)
        for ticket, status in pairs:
            for index, clock in enumerate(status.clocks):
                if str(clock.state) in ("met", "breached"):
                    micros = int(clock.elapsed.total_seconds() * 1_000_000)
                    self.histograms[index][bisect_right(_EDGE_MICROS, micros)] += 1
                if clock.ever_breached and str(clock.state) != "cancelled":
                    self.breach_counts[index] += 1
                    late = int(clock.late_by.total_seconds())
                    name = ("first_response", "resolution")[index]
                    item = (late, -next(self.serial), name, status, ticket)
                    if len(self.worst) < top:
                        heapq.heappush(self.worst, item)
                    elif top and item[:2] > self.worst[0][:2]:
                        heapq.heapreplace(self.worst, item)
        self.memo.found = {}

    def breaches(self) -> tuple[Breach, ...]:
        rows = []
        for _, _, name, status, ticket in sorted(self.worst, key=lambda x: x[:2], reverse=True):
            clock = status.first_response if name == "first_response" else status.resolution
            rows.append(
                Breach(
                    ticket_id=status.ticket_id,
                    clock=name,
                    priority=str(status.priority),
                    channel=str(ticket.channel),
                    category=None if status.category is None else str(status.category),
                    due_at=clock.due_at,
                    late_by=clock.late_by,
                    still_open=str(clock.state) in ("running", "paused"),
                )
            )
        return tuple(rows)


class _Surveys:
    """The survey side of the report: NPS, CSAT and CES, overall, by channel, by segment."""

    def __init__(self, by: str | None) -> None:
        self.by = by
        self.nps = NPSAccumulator(score="nps")
        self.csat = CSATAccumulator(score="csat")
        self.ces = CESAccumulator(score="ces")
        nps, csat = partial(NPSAccumulator, score="nps"), partial(CSATAccumulator, score="csat")
        self.by_channel = SegmentedAccumulator(nps, by=lambda r: _key(r.channel))
        segment = partial(_segment, by=by or "channel")
        self.segments = (
            SegmentedAccumulator(nps, by=segment),
            SegmentedAccumulator(csat, by=segment),
        )

    def add(self, responses: list[SurveyResponse]) -> None:
        with_nps = [r for r in responses if r.nps is not None]
        with_csat = [r for r in responses if r.csat is not None]
        self.nps.update(with_nps)
        self.csat.update(with_csat)
        self.ces.update([r for r in responses if r.ces is not None])
        self.by_channel.update(with_nps)
        if self.by is not None:
            self.segments[0].update(with_nps)
            self.segments[1].update(with_csat)

    @property
    def segment_nps(self) -> dict[Hashable, Any]:
        return self.segments[0].result()

    @property
    def segment_csat(self) -> dict[Hashable, Any]:
        return self.segments[1].result()


def _targets(sla: SLAPolicy | None) -> tuple[tuple[str, str, str], ...]:
    if sla is None:
        return ()
    rows = []
    for key, target in sla.targets.items():
        name = f"{key[0]}/{key[1]}" if isinstance(key, tuple) else str(key)
        rows.append(
            (name, format_duration(target.first_response), format_duration(target.resolution))
        )
    if sla.default is not None:
        rows.append(
            (
                "other",
                format_duration(sla.default.first_response),
                format_duration(sla.default.resolution),
            )
        )
    return tuple(rows)


def build_report(
    *,
    tickets: Iterable[Ticket],
    commitment: ServiceCommitment,
    at: datetime,
    surveys: Iterable[SurveyResponse] | None = None,
    purchases: Iterable[Purchase] | None = None,
    by: str | None = None,
    top: int = 10,
    sources: Iterable[tuple[str, str]] = (),
) -> KPIReport:
    """Compute the KPI report.

    Args:
        tickets: The tickets (streamed in chunks of :data:`CHUNK`).
        commitment: The service commitment whose SLA the tickets are judged against.
        at: "Now": clocks, backlog and compliance are read as of this instant.
        surveys: Survey responses, if any (NPS, CSAT, CES).
        purchases: Purchases, if any (repeat purchase rate).
        by: ``"channel"``, ``"category"`` or ``"priority"``: add a table per segment.
        top: How many of the worst breaches to list.
        sources: ``(kind, file name)`` pairs, shown in the report.
    """
    instant = as_instant(at)
    now = unix_micros(instant)
    side = _Tickets(commitment.sla, instant, by)
    for chunk in _chunks(tickets):
        side.add(chunk, top)
    answers = _Surveys(by)
    if surveys is not None:
        for responses in _chunks(r for r in surveys if unix_micros(r.at) <= now):
            answers.add(responses)
    repeat = customers = None
    if purchases is not None:
        repeat_acc = RepeatPurchaseAccumulator(at=instant)
        for sales in _chunks(p for p in purchases if unix_micros(p.purchased_at) <= now):
            repeat_acc.update(sales)
        repeat = repeat_acc.result()
        customers = repeat.n
    segments: tuple[SegmentRow, ...] = ()
    if by is not None:
        first, resolved = side.segments["first"].result(), side.segments["resolved"].result()
        sla_rows = side.segments["sla"].result() if commitment.sla is not None else {}
        segments = tuple(
            SegmentRow(
                key=key,
                tickets=side.per_segment[key],
                first_response=first[key],
                resolution=resolved[key],
                sla=sla_rows.get(key),
                nps=answers.segment_nps.get(key),
                csat=answers.segment_csat.get(key),
            )
            for key in sorted(side.per_segment)
        )
    sla = commitment.sla
    return KPIReport(
        business=commitment.name,
        version=commitment.version,
        at=instant,
        sources=tuple(sources),
        tickets=side.n,
        later=side.later,
        by_channel=tuple(side.channels.most_common()),
        by_category=tuple(side.categories.most_common()),
        nps=answers.nps.result() if surveys is not None else None,
        csat=answers.csat.result() if surveys is not None else None,
        ces=answers.ces.result() if surveys is not None else None,
        nps_by_channel=tuple((str(k), v) for k, v in answers.by_channel.result().items()),
        clock=_clock_words(sla),
        first_response=side.first.result(),
        resolution=side.resolved.result(),
        first_response_histogram=tuple(zip(_LABELS, side.histograms[0], strict=True)),
        resolution_histogram=tuple(zip(_LABELS, side.histograms[1], strict=True)),
        targets=_targets(sla),
        sla=None if sla is None else side.compliance.result(),
        sla_by_priority=tuple((str(k), v) for k, v in side.by_priority.result().items()),
        sla_by_week=tuple(sorted(side.by_week.result().items())),  # type: ignore[arg-type]
        untracked=side.untracked,
        breaches=side.breaches(),
        breach_counts=(side.breach_counts[0], side.breach_counts[1]),
        reopen=side.reopen.result(),
        repeat=repeat,
        customers=customers,
        backlog=side.backlog.result(),
        by=by,
        segments=segments,
    )


def _clock_words(sla: SLAPolicy | None) -> str:
    if sla is None:
        return "wall-clock time; the commitment states no SLA"
    if sla.calendar is None:
        return "around the clock (24/7), as the commitment counts; waiting on the customer excluded"
    return f"business hours ({sla.calendar.timezone}), as the commitment counts; waiting on the customer excluded"
