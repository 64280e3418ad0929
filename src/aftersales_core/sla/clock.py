"""SLA clocks: first response and resolution, derived from a ticket's history.

`evaluate` (also ``SLAPolicy.evaluate``) reads a ticket's events up to
``at`` and returns an `SLAStatus` with two `ClockReading`: the
first-response clock (stopped by the first reply) and the resolution clock
(stopped by the resolution, resumed by a reopening). Both count business time
on the policy's calendar, pause while the ticket waits on the customer, and take
new targets when the priority changes.

Breach is a flag, separate from the state: a clock can be running and already
breached. ``breached`` is true when the due instant has passed (for a running or
paused clock, ``at >= due``; for a stopped one, stopped after ``due``);
``ever_breached`` also remembers a breach under an earlier target or cycle.

Examples:
    >>> import pendulum
    >>> from aftersales_core.calendar import BusinessCalendar
    >>> from aftersales_core.sla import SLAPolicy, SLATarget, evaluate
    >>> from aftersales_core.tickets import Ticket
    >>> policy = SLAPolicy(calendar=BusinessCalendar.always_open("Asia/Ho_Chi_Minh"),
    ...                    targets={"urgent": SLATarget(first_response="4h", resolution="6h")})
    >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
    >>> ticket = Ticket.open(id="T-1", channel="hotline", priority="urgent", at=t0)
    >>> status = evaluate(policy, ticket, at=t0.add(hours=5))
    >>> status.first_response.state, status.first_response.breached
    (<ClockState.RUNNING: 'running'>, True)
    >>> status.first_response.due_at.isoformat(), status.first_response.late_by.in_hours()
    ('2026-03-02T13:00:00+07:00', 1)
    >>> status.resolution.remaining.in_hours(), status.next_change().isoformat()
    (1, '2026-03-02T15:00:00+07:00')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import pendulum

from ..calendar import BusinessTimeline
from ..errors import ValidationError
from ..terms import as_instant
from ..tickets import Ticket
from ..vocabulary import Category, Priority
from . import _engine as engine_
from ._engine import Mode
from ._inputs import PolicyLike, calendar_of, checked, rules_of, target_micros
from .rules import (
    ClockKind,
    ClockRules,
)
from .status import ClockPiece, ClockReading

__all__ = [
    "MissingTargetError",
    "SLAStatus",
    "evaluate",
    "evaluate_many",
    "explain",
    "next_change",
]


class MissingTargetError(ValidationError, LookupError):
    """The policy sets no target for the ticket's priority (and category).

    Examples:
        >>> str(MissingTargetError(field="priority", value="low",
        ...                        rule="has no target in policy 'sla'; give it a default"))
        "priority: 'low' has no target in policy 'sla'; give it a default"
    """

    code = "missing_sla_target"


def targets_of(policy: PolicyLike) -> engine_.Targets:
    """The policy's targets as microseconds by (priority, category), cached; typed errors."""
    cache: dict[tuple[Priority, Category | None], tuple[int, int]] = {}

    def targets(priority: Priority, category: Category | None) -> tuple[int, int]:
        found = cache.get((priority, category))
        if found is None:
            target = policy.target_for(priority, category)
            if target is None:
                name = getattr(policy, "name", type(policy).__name__)
                raise MissingTargetError(
                    field="priority",
                    value=str(priority),
                    rule=f"has no target in policy {name!r}; give the policy a default target",
                )
            found = cache[(priority, category)] = (
                target_micros(target, "first_response"),
                target_micros(target, "resolution"),
            )
        return found

    return targets


class SLAStatus:
    """Both clocks of a ticket at an instant, from `evaluate`.

    Attributes:
        ticket_id: The ticket.
        at: The instant evaluated.
        priority: The priority in force at ``at``.
        category: The category in force at ``at`` (``None`` before classification).
        first_response: The first-response `ClockReading`.
        resolution: The resolution `ClockReading`.
        policy: The policy that set the targets.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.calendar import BusinessCalendar
        >>> from aftersales_core.sla import SLAPolicy, SLATarget
        >>> from aftersales_core.tickets import Ticket
        >>> sla = SLAPolicy(calendar=BusinessCalendar.always_open("Asia/Ho_Chi_Minh"),
        ...                 default=SLATarget(first_response="30m", resolution="4h"))
        >>> t0 = pendulum.datetime(2026, 2, 17, 23, 50, tz="Asia/Ho_Chi_Minh")
        >>> ticket = Ticket.open(id="H-1", channel="hotline", at=t0)
        >>> status = evaluate(sla, ticket, at=t0.add(minutes=40))
        >>> status.breached, status.first_response.late_by.in_minutes()
        (True, 10)
        >>> status.next_change().isoformat()  # the resolution clock breaches next
        '2026-02-18T03:50:00+07:00'
    """

    __slots__ = (
        "_horizon", "_rules", "_runs", "_ticket", "at", "category", "first_response",
        "policy", "priority", "resolution", "ticket_id",
    )  # fmt: skip

    def __init__(
        self,
        *,
        ticket: Ticket,
        at: pendulum.DateTime,
        priority: Priority,
        category: Category | None,
        policy: PolicyLike,
        first_response: ClockReading,
        resolution: ClockReading,
        runs: tuple[engine_.Run, engine_.Run],
        horizon: int,
        rules: ClockRules,
    ) -> None:
        self.ticket_id, self.at, self.priority, self.category = ticket.id, at, priority, category
        self.policy, self.first_response, self.resolution = policy, first_response, resolution
        self._ticket, self._runs, self._horizon, self._rules = ticket, runs, horizon, rules

    @property
    def clocks(self) -> tuple[ClockReading, ClockReading]:
        """Both clocks, first response first."""
        return (self.first_response, self.resolution)

    @property
    def breached(self) -> bool:
        """Whether any clock is breached now."""
        return self.first_response.breached or self.resolution.breached

    @property
    def ever_breached(self) -> bool:
        """Whether any clock was ever breached."""
        return self.first_response.ever_breached or self.resolution.ever_breached

    @property
    def warning(self) -> bool:
        """Whether any clock has crossed a warning threshold (and is not yet breached)."""
        return self.first_response.warning is not None or self.resolution.warning is not None

    def next_change(self) -> pendulum.DateTime | None:
        """The earliest instant after ``at`` at which a clock warns or breaches.

        Only time changes a clock without an event, so this is when to look at
        the ticket again (unless a new event arrives first); ``None`` when no
        running clock has anything ahead.
        """
        horizon, best = self._horizon, None
        for run in self._runs:
            if run.mode is not Mode.RUNNING:
                continue
            levels = [w.threshold(run.target) for w in self._rules.warnings]
            for level in (*levels, run.target):
                when = engine_.crossing(run, horizon, level)
                if when is not None and when > horizon and (best is None or when < best):
                    best = when
        return None if best is None else self._runs[0].line.instant(best)

    def explain(self) -> tuple[ClockPiece, ...]:
        """Each clock's current cycle, piece by piece: what counted, what did not, and why."""
        return _explain(self.policy, self._ticket, self.at, self._horizon, self._rules)

    def __repr__(self) -> str:
        return (
            f"SLAStatus(ticket_id={self.ticket_id!r}, at={self.at.isoformat()!r}, "
            f"breached={self.breached}, first_response={self.first_response!r}, "
            f"resolution={self.resolution!r})"
        )


def _evaluate(
    policy: PolicyLike,
    ticket: Ticket,
    at: pendulum.DateTime,
    rules: ClockRules,
    line: BusinessTimeline | None,
    targets: engine_.Targets,
    horizons: dict[int, int] | None = None,
) -> SLAStatus:
    if line is None:  # no calendar: round the clock in the ticket's zone
        line = calendar_of(policy, ticket).timeline
    if horizons is None:
        horizon = line.micros(at)
    else:  # a stream converts ``at`` once per calendar, not once per ticket
        cached = horizons.get(id(line))
        if cached is None:
            cached = horizons[id(line)] = line.micros(at)
        horizon = cached
    fr, res, priority, category = engine_.clocks(ticket, at, horizon, line, targets, rules)
    return SLAStatus(
        ticket=ticket,
        at=at,
        priority=priority,
        category=category,
        policy=policy,
        first_response=ClockReading(ClockKind.FIRST_RESPONSE, fr, horizon, rules),
        resolution=ClockReading(ClockKind.RESOLUTION, res, horizon, rules),
        runs=(fr, res),
        horizon=horizon,
        rules=rules,
    )


def evaluate(
    policy: PolicyLike, ticket: Ticket, *, at: datetime, rules: ClockRules | None = None
) -> SLAStatus:
    """Both SLA clocks of ``ticket`` at ``at``, from its events up to ``at``.

    Args:
        policy: The ``SLAPolicy`` (its calendar and targets).
        ticket: The ticket.
        at: The instant to evaluate at (aware). Events after it are ignored, so
            an earlier ``at`` answers "what did the clocks say then?".
        rules: How to read the history (`ClockRules`); the policy's
            ``clock_rules`` or the defaults if omitted.

    Raises:
        ValidationError: ``at`` is before the ticket was opened.
        NaiveDatetimeError: ``at`` has no time zone.
        MissingTargetError: The policy sets no target for the ticket's priority.
        InvalidTypeError: ``policy`` has no ``calendar`` and ``target_for`` (a
            selector's label, say), or they return something else than a
            `BusinessCalendar` and an ``SLATarget``.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.sla import SLAPolicy, SLATarget
        >>> from aftersales_core.tickets import Ticket
        >>> sla = SLAPolicy(default=SLATarget(first_response="30m", resolution="4h"))  # 24/7
        >>> t0 = pendulum.datetime(2026, 2, 17, 23, 50, tz="Asia/Ho_Chi_Minh")
        >>> ticket = Ticket.open(id="H-1", channel="hotline", at=t0)
        >>> answered = ticket.respond(at=t0.add(minutes=25))
        >>> fr = evaluate(sla, answered, at=t0.add(hours=1)).first_response
        >>> str(fr.state), fr.elapsed.in_minutes(), fr.remaining.in_minutes()
        ('met', 25, 5)
    """
    policy = checked(policy)
    chosen = rules_of(policy, rules)
    calendar = policy.calendar
    line = None if calendar is None else calendar.timeline
    return _evaluate(policy, ticket, as_instant(at), chosen, line, targets_of(policy))


def next_change(
    policy: PolicyLike, ticket: Ticket, *, at: datetime, rules: ClockRules | None = None
) -> pendulum.DateTime | None:
    """The earliest instant after ``at`` when a clock of ``ticket`` warns or breaches.

    Schedule one wake-up per ticket at this instant (or on its next event,
    whichever comes first) instead of re-evaluating every open ticket.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.sla import SLAPolicy, SLATarget
        >>> from aftersales_core.tickets import Ticket
        >>> sla = SLAPolicy(default=SLATarget(first_response="30m", resolution="4h"))  # 24/7
        >>> t0 = pendulum.datetime(2026, 2, 17, 23, 50, tz="Asia/Ho_Chi_Minh")
        >>> ticket = Ticket.open(id="H-1", channel="hotline", at=t0)
        >>> next_change(sla, ticket, at=t0).isoformat()  # the first response falls due
        '2026-02-18T00:20:00+07:00'
    """
    return evaluate(policy, ticket, at=at, rules=rules).next_change()


def explain(
    policy: PolicyLike, ticket: Ticket, *, at: datetime, rules: ClockRules | None = None
) -> tuple[ClockPiece, ...]:
    """The breakdown of each clock's current cycle up to ``at``; see `SLAStatus.explain`.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.sla import SLAPolicy, SLATarget
        >>> from aftersales_core.tickets import Ticket
        >>> sla = SLAPolicy(default=SLATarget(first_response="30m", resolution="4h"))  # 24/7
        >>> t0 = pendulum.datetime(2026, 2, 17, 23, 50, tz="Asia/Ho_Chi_Minh")
        >>> ticket = Ticket.open(id="H-1", channel="hotline", at=t0)
        >>> waiting = ticket.classify(category="warranty", at=t0).assign(assignee="lan", at=t0)
        >>> waiting = waiting.wait_on_customer(at=t0.add(minutes=10))
        >>> [(p.cause, p.counted, p.duration.in_minutes())
        ...  for p in explain(sla, waiting, at=t0.add(minutes=40)) if p.clock == "resolution"]
        [('opening_hours', True, 10), ('paused', False, 30)]
    """
    return evaluate(policy, ticket, at=at, rules=rules).explain()


def evaluate_many(
    policy: Any, tickets: Iterable[Ticket], *, at: datetime, rules: ClockRules | None = None
) -> Iterator[SLAStatus]:
    """Evaluate a stream of tickets lazily, in constant memory.

    Args:
        policy: An ``SLAPolicy``, or an `SLASelector`
            that chooses one per ticket.
        tickets: Any iterable (a generator over a database cursor, say).
        at: The instant to evaluate at.
        rules: As in `evaluate`.

    Yields:
        One `SLAStatus` per ticket, in order.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.sla import SLAPolicy, SLATarget
        >>> from aftersales_core.tickets import Ticket
        >>> sla = SLAPolicy(default=SLATarget(first_response="30m", resolution="4h"))  # 24/7
        >>> t0 = pendulum.datetime(2026, 2, 17, 23, 50, tz="Asia/Ho_Chi_Minh")
        >>> stream = (Ticket.open(id=f"H-{i}", channel="hotline", at=t0) for i in range(3))
        >>> [s.first_response.breached for s in evaluate_many(sla, stream, at=t0.add(hours=1))]
        [True, True, True]
    """
    instant = as_instant(at)
    select = getattr(policy, "select", None)
    prepared: dict[
        int, tuple[PolicyLike, ClockRules, BusinessTimeline | None, engine_.Targets]
    ] = {}
    horizons: dict[int, int] = {}
    for ticket in tickets:
        chosen = policy if select is None else select(ticket)
        key = id(chosen)
        found = prepared.get(key)
        if found is None:
            chosen = checked(chosen)
            found = prepared[key] = (
                chosen,
                rules_of(chosen, rules),
                None if chosen.calendar is None else chosen.calendar.timeline,
                targets_of(chosen),
            )
        yield _evaluate(found[0], ticket, instant, found[1], found[2], found[3], horizons)


def _explain(
    policy: PolicyLike, ticket: Ticket, at: pendulum.DateTime, horizon: int, rules: ClockRules
) -> tuple[ClockPiece, ...]:
    calendar = calendar_of(policy, ticket)
    line = calendar.timeline
    fr, res, _, _ = engine_.clocks(ticket, at, horizon, line, targets_of(policy), rules, True)
    out: list[ClockPiece] = []
    for kind, run in ((ClockKind.FIRST_RESPONSE, fr), (ClockKind.RESOLUTION, res)):
        for a, b, mode, status in run.pieces or ():
            if b <= a:
                continue
            start, end = line.instant(a), line.instant(b)
            if mode is Mode.RUNNING:
                out.extend(
                    ClockPiece(clock=kind, start=s.start, end=s.end, counted=s.counted,
                               cause=str(s.cause), status=status)
                    for s in calendar.segments(start, end)
                )  # fmt: skip
            else:
                cause = "paused" if mode is Mode.PAUSED else "stopped"
                out.append(
                    ClockPiece(
                        clock=kind, start=start, end=end, counted=False, cause=cause, status=status
                    )
                )
    return tuple(out)
