"""Views of a ticket's history over time: stays in each status, paused intervals.

These views count real elapsed time, on UTC's clock: the night clocks spring
forward is an hour shorter, the night they fall back an hour longer. Business
time — what an SLA counts — is the job of `aftersales_core.sla.clock`.

Examples:
    >>> import pendulum
    >>> from aftersales_core.tickets import Ticket
    >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> t = (Ticket.open(id="T-1", channel="email", at=t0)
    ...      .classify(category="warranty", at=t0.add(hours=1))
    ...      .assign(assignee="lan", at=t0.add(hours=2)))
    >>> {str(s): d.in_hours() for s, d in t.time_in_status(at=t0.add(hours=5)).items()}
    {'new': 1, 'triaged': 1, 'in_progress': 3}
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

import attrs
import pendulum

from .._internal.instants import real_time, reduce_keeping_fold, span, unix_micros
from ..errors import ValidationError
from ..terms import as_instant

if TYPE_CHECKING:
    from .ticket import Ticket

__all__ = ["StatusInterval", "paused_intervals", "status_intervals", "time_in_status"]


@attrs.frozen(kw_only=True)
class StatusInterval:
    """A stay in one status: ``[start, end)``, ``end`` is ``None`` while it lasts.

    Examples:
        >>> import pendulum
        >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> StatusInterval(status="new", start=at, end=at.add(hours=2)).duration.in_hours()
        2
    """

    __reduce__ = reduce_keeping_fold

    status: str
    start: pendulum.DateTime = attrs.field(eq=real_time)
    end: pendulum.DateTime | None = attrs.field(eq=real_time)

    @property
    def duration(self) -> pendulum.Duration:
        """The stay's real length; zero for an open stay (give ``at=`` to close it)."""
        if self.end is None:
            return pendulum.duration()
        return span(self.start, self.end)


def _horizon(ticket: Ticket, at: datetime | None) -> pendulum.DateTime | None:
    if at is None:
        return None
    instant = as_instant(at)
    if unix_micros(instant) < unix_micros(ticket.last_event_at):
        raise ValidationError(
            field="at",
            value=instant,
            rule=f"is earlier than the last event ({ticket.last_event_at})",
        )
    return instant


def status_intervals(ticket: Ticket, *, at: datetime | None = None) -> tuple[StatusInterval, ...]:
    """Each stay in a status, oldest first; commands that keep the status merge into one stay.

    Args:
        ticket: The ticket.
        at: Where the current stay ends; ``None`` leaves it open (``end=None``)
            unless the ticket is in a terminal status, whose stay is empty.

    Raises:
        ValidationError: ``at`` is earlier than the last event.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> t = Ticket.open(id="T-1", channel="email", at=t0).respond(at=t0.add(hours=1))
        >>> [(str(i.status), i.end) for i in status_intervals(t)]
        [('new', None)]
    """
    end = _horizon(ticket, at)
    out: list[StatusInterval] = []
    current, since = ticket.statuses[0], ticket.opened_at
    for event, status in zip(ticket.events[1:], ticket.statuses[1:], strict=True):
        if status != current:
            out.append(StatusInterval(status=current, start=since, end=event.at))
            current, since = status, event.at
    if ticket.is_terminal:
        end = since
    out.append(StatusInterval(status=current, start=since, end=end))
    return tuple(out)


def time_in_status(ticket: Ticket, *, at: datetime | None = None) -> dict[str, pendulum.Duration]:
    """Real time spent in each status the ticket has been in, summed over its stays.

    Args:
        ticket: The ticket.
        at: Count the current stay up to this instant; ``None`` counts it as zero.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> t = Ticket.open(id="T-1", channel="email", at=t0)
        >>> time_in_status(t, at=t0.add(minutes=30))["new"].in_minutes()
        30
        >>> saturday = pendulum.datetime(2025, 3, 8, 12, tz="America/New_York")
        >>> t = Ticket.open(id="T-2", channel="email", at=saturday)
        >>> time_in_status(t, at=saturday.add(days=1))["new"].in_hours()  # clocks went forward
        23
    """
    totals: dict[str, pendulum.Duration] = {}
    for stay in status_intervals(ticket, at=at):
        totals[stay.status] = totals.get(stay.status, pendulum.duration()) + stay.duration
    return totals


def paused_intervals(
    ticket: Ticket, *, at: datetime | None = None, statuses: Iterable[str] | None = None
) -> tuple[StatusInterval, ...]:
    """The stays in pausing statuses (the workflow's ``paused_statuses`` by default).

    Args:
        ticket: The ticket.
        at: Where a current pause ends; ``None`` leaves it open.
        statuses: The statuses that pause, instead of the workflow's.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> t0 = pendulum.datetime(2026, 3, 6, 17, tz="Asia/Ho_Chi_Minh")
        >>> t = (Ticket.open(id="T-1", channel="email", at=t0)
        ...      .classify(category="warranty", at=t0)
        ...      .assign(assignee="lan", at=t0)
        ...      .wait_on_customer(at=t0.add(minutes=10))
        ...      .resume(at=t0.add(days=3, minutes=10)))
        >>> [(str(p.status), p.duration.in_hours()) for p in paused_intervals(t)]
        [('waiting_on_customer', 72)]
    """
    pausing = ticket.workflow.paused_statuses if statuses is None else frozenset(statuses)
    return tuple(s for s in status_intervals(ticket, at=at) if s.status in pausing)
