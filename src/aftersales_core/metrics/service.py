"""Service metrics over tickets: first response and resolution times.

Times run from ``opened_at`` to ``first_response_at`` (or ``resolved_at``), in
calendar time or, given a calendar (anything with ``elapsed(start, end)``, such
as `BusinessCalendar`), in business time.
Tickets without that instant yet are counted as ``pending`` and left out of
the statistics; cancelled tickets are left out altogether, and so, for first
responses, are tickets resolved or ended before any reply: as for the SLA's
first-response clock, which such a resolution cancels, there is no first
response to wait for.

Examples:
    >>> import pendulum
    >>> from aftersales_core.tickets import Ticket
    >>> from aftersales_core.metrics import first_response_times
    >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
    >>> tickets = [Ticket.open(id=f"T-{m}", channel="hotline", at=t0).respond(at=t0.add(minutes=m))
    ...            for m in (10, 30, 20)]
    >>> s = first_response_times(tickets)
    >>> s.n, s.median.in_minutes(), s.max.in_minutes()
    (3, 20, 30)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import datetime, timedelta
from typing import Literal, Protocol, Self, overload

from .._internal.instants import span, unix_micros
from ..tickets import Ticket
from ._accumulator import KeyLike, check_choice, check_compatible, check_items, check_ticket
from .segments import run
from .summary import DurationAccumulator, DurationSummary

__all__ = [
    "Calendar",
    "TicketTimesAccumulator",
    "first_response_times",
    "resolution_times",
]


class Calendar(Protocol):
    """What the service metrics need of a calendar: the business time between two instants.

    `BusinessCalendar` is one; so is any object
    with this method.

    Examples:
        >>> from datetime import timedelta
        >>> class HalfDays:
        ...     def elapsed(self, start, end):
        ...         return (end - start) / 2
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> t = Ticket.open(id="T-1", channel="email", at=t0).respond(at=t0.add(hours=4))
        >>> first_response_times([t], calendar=HalfDays()).max == timedelta(hours=2)
        True
    """

    def elapsed(self, start: datetime, end: datetime, /) -> timedelta:
        """Business time from ``start`` to ``end``."""


def _elapsed(calendar: Calendar | None, start: datetime, end: datetime) -> timedelta:
    """Real time, or business time when a calendar is given.

    Real time is counted on the UTC time line in integers (`span`): a wall-clock subtraction
    would ignore ``fold``, and pendulum's would fail on an instant whose UTC reading is past
    the year 9999 (23:00 on 31 December 9999 in New York).
    """
    return span(start, end) if calendar is None else calendar.elapsed(start, end)


def _cancelled(ticket: Ticket) -> bool:
    return ticket.is_terminal and ticket.resolved_at is None


def _first_response(ticket: Ticket) -> datetime | bool | None:
    """The first reply; ``False`` if the case was resolved or ended before any reply.

    The same reading as the SLA's first-response clock: a reply stops it, and a
    resolution or an ending that comes first cancels it (a later reply, after a
    reopening, is no first response).
    """
    workflow = ticket.workflow
    responses = workflow.response_commands
    stops = workflow.resolved_statuses | workflow.terminal_statuses
    for event, status in zip(ticket.events, ticket.statuses, strict=True):
        if event.kind in responses:
            return event.at
        if status in stops:
            return False
    return None


class TicketTimesAccumulator:
    """The streaming, mergeable form of `first_response_times` and `resolution_times`.

    Args:
        until: ``"first_response"`` or ``"resolution"``.
        calendar: Count business time with this calendar (default: calendar time).
        exclude_paused: Leave out the time spent in the workflow's paused
            statuses (waiting on the customer), as an SLA clock does.

    Examples:
        >>> TicketTimesAccumulator(until="closing")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: until: 'closing' must be one of 'first_response', 'resolution'
    """

    __slots__ = ("_calendar", "_durations", "_exclude_paused", "_pending", "_until")

    def __init__(
        self,
        *,
        until: Literal["first_response", "resolution"],
        calendar: Calendar | None = None,
        exclude_paused: bool = False,
    ) -> None:
        check_choice("until", until, ("first_response", "resolution"))
        self._until = until
        self._calendar = calendar
        self._exclude_paused = bool(exclude_paused)
        self._durations = DurationAccumulator()
        self._pending = 0

    def add(self, ticket: Ticket, /) -> None:
        """Fold one ticket in."""
        check_ticket(ticket)
        if self._until == "first_response":
            end = _first_response(ticket)
            pending = end is None
        else:
            end = ticket.resolved_at
            pending = end is None and not _cancelled(ticket)
        if isinstance(end, datetime):
            self._durations.add(self._duration(ticket, end))
        else:
            self._pending += pending

    def update(self, tickets: Iterable[Ticket], /) -> Self:
        """Fold every ticket in and return ``self``; atomic on error."""
        check_items(tickets, "tickets")
        batch = type(self)(
            until=self._until, calendar=self._calendar, exclude_paused=self._exclude_paused
        )
        for ticket in tickets:
            batch.add(ticket)
        self._durations = self._durations.merge(batch._durations)
        self._pending += batch._pending
        return self

    def merge(self, other: Self, /) -> Self:
        """A new accumulator holding the tickets of both."""
        check_compatible(self, other, TicketTimesAccumulator._settings)
        merged = type(self)(
            until=self._until, calendar=self._calendar, exclude_paused=self._exclude_paused
        )
        merged._durations = self._durations.merge(other._durations)
        merged._pending = self._pending + other._pending
        return merged

    def result(self) -> DurationSummary:
        """Count, mean, median, p90, p95, min and max, with the pending count."""
        summary = self._durations.result()
        return DurationSummary(
            n=summary.n,
            pending=self._pending,
            mean=summary.mean,
            median=summary.median,
            p90=summary.p90,
            p95=summary.p95,
            min=summary.min,
            max=summary.max,
        )

    def _settings(self) -> tuple[object, ...]:
        return (self._until, self._calendar, self._exclude_paused)

    def _duration(self, ticket: Ticket, end: datetime) -> timedelta:
        start = ticket.opened_at
        total = _elapsed(self._calendar, start, end)
        if self._exclude_paused:
            for stay in ticket.paused_intervals():
                # Real instants, not wall clocks: a pause may span the hour clocks go back.
                # A stay still open (end None) cannot precede a recorded end instant.
                stop = (
                    end
                    if stay.end is None or unix_micros(end) < unix_micros(stay.end)
                    else stay.end
                )
                if unix_micros(stay.start) < unix_micros(stop):
                    total -= _elapsed(self._calendar, stay.start, stop)
        return total

    def __repr__(self) -> str:
        return f"TicketTimesAccumulator(until={self._until!r}, n={self._durations.n})"


@overload
def first_response_times(
    tickets: Iterable[Ticket],
    *,
    calendar: Calendar | None = ...,
    exclude_paused: bool = ...,
    by: None = ...,
) -> DurationSummary: ...
@overload
def first_response_times(
    tickets: Iterable[Ticket],
    *,
    calendar: Calendar | None = ...,
    exclude_paused: bool = ...,
    by: KeyLike,
) -> dict[Hashable, DurationSummary]: ...
def first_response_times(
    tickets: Iterable[Ticket],
    *,
    calendar: Calendar | None = None,
    exclude_paused: bool = False,
    by: KeyLike | None = None,
) -> DurationSummary | dict[Hashable, DurationSummary]:
    """Time from receipt to the first reply: count, mean, median, p90, p95, min, max.

    Args:
        tickets: `Ticket` values.
        calendar: Count business time (working hours, holidays) with this calendar.
        exclude_paused: Leave out time spent waiting on the customer.
        by: Segment key: ``"channel"``, ``"category"``, ``"priority"``,
            ``"customer_tier"``, or a function.

    Returns:
        A `DurationSummary` (``pending`` counts
        open tickets with no reply yet; tickets cancelled, resolved or closed
        before any reply are left out), or a dict of them when ``by`` is given.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> waiting = Ticket.open(id="T-1", channel="email", at=t0)
        >>> answered = Ticket.open(id="T-2", channel="hotline", at=t0).respond(at=t0.add(hours=1))
        >>> s = first_response_times([waiting, answered])
        >>> s.n, s.pending, s.mean.in_hours()
        (1, 1, 1)
        >>> sorted(first_response_times([waiting, answered], by="channel"))
        [<Channel.EMAIL: 'email'>, <Channel.HOTLINE: 'hotline'>]
    """
    return run(
        lambda: TicketTimesAccumulator(
            until="first_response", calendar=calendar, exclude_paused=exclude_paused
        ),
        tickets,
        by,
    )


@overload
def resolution_times(
    tickets: Iterable[Ticket],
    *,
    calendar: Calendar | None = ...,
    exclude_paused: bool = ...,
    by: None = ...,
) -> DurationSummary: ...
@overload
def resolution_times(
    tickets: Iterable[Ticket],
    *,
    calendar: Calendar | None = ...,
    exclude_paused: bool = ...,
    by: KeyLike,
) -> dict[Hashable, DurationSummary]: ...
def resolution_times(
    tickets: Iterable[Ticket],
    *,
    calendar: Calendar | None = None,
    exclude_paused: bool = False,
    by: KeyLike | None = None,
) -> DurationSummary | dict[Hashable, DurationSummary]:
    """Time from receipt to resolution, for tickets resolved now (latest resolution).

    A reopened ticket counts again once it is resolved again, from its original
    receipt. Arguments as in `first_response_times`.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> t = (Ticket.open(id="T-1", channel="email", at=t0).classify(category="warranty", at=t0).assign(assignee="lan", at=t0)
        ...      .respond(at=t0.add(hours=1)).wait_on_customer(at=t0.add(hours=1))
        ...      .resume(at=t0.add(hours=5)).resolve(at=t0.add(hours=6)))
        >>> resolution_times([t]).max.in_hours(), resolution_times([t], exclude_paused=True).max.in_hours()
        (6, 2)
    """
    return run(
        lambda: TicketTimesAccumulator(
            until="resolution", calendar=calendar, exclude_paused=exclude_paused
        ),
        tickets,
        by,
    )
