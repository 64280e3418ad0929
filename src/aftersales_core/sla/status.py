"""What one SLA clock says at an instant, and the pieces that explain it.

Both are results of `evaluate`: built
by it, never by hand. Times are kept as integers and turned into pendulum values
only when read, so evaluating a million tickets does not build millions of
objects nobody looks at.

Examples:
    >>> from aftersales_core.sla import ClockPiece, ClockReading
    >>> sorted(n for n in dir(ClockReading) if not n.startswith("_"))[:4]
    ['breached', 'breached_at', 'due_at', 'elapsed']
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from .._internal.instants import real_time, reduce_keeping_fold, span
from . import _engine as engine_
from ._engine import Mode
from .rules import ClockKind, ClockRules, ClockState, SLAWarning

__all__ = ["ClockPiece", "ClockReading"]


def _duration(micros: int) -> pendulum.Duration:
    return pendulum.duration(microseconds=micros)


class ClockReading:
    """One clock of a ticket read at an instant (its `ClockState` is one field). Business time.

    Attributes:
        kind: `ClockKind`.
        state: `ClockState`.
        target: The target in force (from the current priority and category).
        started_at: When the current cycle started (the opening, or a restart).
        stopped_at: When the clock stopped, or ``None``.
        due_at: When the target is (or was) reached; ``None`` while paused short
            of it or when the clock stopped before reaching it.
        elapsed: Business time counted in the current cycle.
        remaining: ``target - elapsed``, or zero once reached.
        paused: Business time that did not count because the clock was paused.
        breached: Past due now (running or paused: ``at >= due_at``; stopped: after it).
        ever_breached: Breached now, or under an earlier target or cycle.
        breached_at: The instant of the breach (``due_at``) when breached.
        late_by: How late, in business time (``elapsed - target``), when breached.
        warning: The most advanced `SLAWarning` crossed, for a clock still
            running or paused and not breached; else ``None``.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.calendar import BusinessCalendar
        >>> from aftersales_core.sla import SLAPolicy, SLATarget, evaluate
        >>> from aftersales_core.tickets import Ticket
        >>> sla = SLAPolicy(calendar=BusinessCalendar.always_open("Asia/Ho_Chi_Minh"),
        ...                 default=SLATarget(first_response="30m", resolution="4h"))
        >>> t0 = pendulum.datetime(2026, 2, 17, 23, 50, tz="Asia/Ho_Chi_Minh")
        >>> ticket = Ticket.open(id="H-1", channel="hotline", at=t0)
        >>> fr = evaluate(sla, ticket, at=t0.add(minutes=20)).first_response
        >>> str(fr.state), fr.breached, fr.due_at.isoformat(), fr.remaining.in_minutes()
        ('running', False, '2026-02-18T00:20:00+07:00', 10)
    """

    __slots__ = ("_run", "breached", "ever_breached", "kind", "state", "warning")

    def __init__(self, kind: ClockKind, run: engine_.Run, at: int, rules: ClockRules) -> None:
        self.kind, self._run = kind, run
        mode, due = run.mode, run.due
        if mode is Mode.RUNNING or mode is Mode.PAUSED:
            self.breached = due is not None and at >= due
            self.state = ClockState.RUNNING if mode is Mode.RUNNING else ClockState.PAUSED
        else:
            assert run.stop is not None
            self.breached = due is not None and run.stop > due
            if mode is Mode.CANCELLED:
                self.state = ClockState.CANCELLED
            else:
                self.state = ClockState.BREACHED if self.breached else ClockState.MET
        self.ever_breached = self.breached or run.ever
        self.warning: SLAWarning | None = None
        if rules.warnings and not self.breached and mode < Mode.MET:
            best = -1
            for warning in rules.warnings:
                level = warning.threshold(run.target)
                if run.elapsed >= level > best:
                    self.warning, best = warning, level

    @property
    def target(self) -> pendulum.Duration:
        """The target in force."""
        return _duration(self._run.target)

    @property
    def started_at(self) -> pendulum.DateTime:
        """When the current cycle started."""
        return self._run.line.instant(self._run.start)

    @property
    def stopped_at(self) -> pendulum.DateTime | None:
        """When the clock stopped, or ``None``."""
        stop = self._run.stop
        return None if stop is None else self._run.line.instant(stop)

    @property
    def due_at(self) -> pendulum.DateTime | None:
        """When the target is (or was) reached, or ``None``."""
        due = self._run.due
        return None if due is None else self._run.line.instant(due)

    @property
    def elapsed(self) -> pendulum.Duration:
        """Business time counted in the current cycle."""
        return _duration(self._run.elapsed)

    @property
    def remaining(self) -> pendulum.Duration:
        """Business time left before the target; zero once reached."""
        return _duration(max(0, self._run.target - self._run.elapsed))

    @property
    def paused(self) -> pendulum.Duration:
        """Business time not counted because the clock was paused."""
        return _duration(self._run.paused)

    @property
    def breached_at(self) -> pendulum.DateTime | None:
        """The breach instant (``due_at``) when breached, else ``None``."""
        return self.due_at if self.breached else None

    @property
    def late_by(self) -> pendulum.Duration:
        """How late, in business time, when breached; else zero."""
        return _duration(max(0, self._run.elapsed - self._run.target) if self.breached else 0)

    def _key(self) -> tuple[Any, ...]:
        r = self._run
        return (self.kind, self.state, self.breached, self.ever_breached, self.warning,
                r.target, r.elapsed, r.paused, r.start, r.stop, r.due)  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ClockReading):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        due = self.due_at
        return (
            f"ClockReading(kind={self.kind.value!r}, state={self.state.value!r}, "
            f"breached={self.breached}, due_at={due.isoformat() if due else None!r}, "
            f"elapsed={self.elapsed.in_words()!r}, remaining={self.remaining.in_words()!r})"
        )


@attrs.frozen(kw_only=True)
class ClockPiece:
    """A piece of a clock's current cycle, counted or excluded, and why.

    ``cause`` is a calendar cause (``opening_hours``, ``override``,
    ``closed_hours``, ``holiday``) for a running clock, ``paused`` while the
    ticket was in a pausing status, or ``stopped`` (resolved, awaiting a
    reopening, or ended).

    Examples:
        >>> import pendulum
        >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> piece = ClockPiece(clock=ClockKind.RESOLUTION, start=at, end=at.add(hours=1),
        ...                    counted=False, cause="paused", status="waiting_on_customer")
        >>> piece.duration.in_hours()
        1
    """

    __reduce__ = reduce_keeping_fold

    clock: ClockKind
    start: pendulum.DateTime = attrs.field(eq=real_time)
    end: pendulum.DateTime = attrs.field(eq=real_time)
    counted: bool
    cause: str
    status: str

    @property
    def duration(self) -> pendulum.Duration:
        """The real time from ``start`` to ``end`` (on UTC's clock, not the wall clock)."""
        return span(self.start, self.end)
