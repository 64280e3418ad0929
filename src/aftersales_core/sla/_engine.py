"""The integer engine behind SLA clocks (private to `aftersales_core.sla`).

One pass over a ticket's history drives both clocks. Each clock is a sequence of
**stretches** — between two events where the clock changes — in which it runs,
pauses or stands stopped under one target; the business time of running
stretches is summed in integer microseconds on the calendar's public integer
interface, its `BusinessTimeline` (instants as UTC microseconds since 1970).
Instants are converted only where a clock changes (most events — an assignment,
a second reply — change nothing), paused business time is computed only when
read, and results stay integers until a caller reads them.
"""

from __future__ import annotations

import enum
from bisect import bisect_right
from collections.abc import Callable
from datetime import datetime

from ..calendar import BusinessTimeline
from ..errors import ValidationError
from ..tickets import EventKind, Ticket, TicketWorkflow, classification_after
from ..vocabulary import Category, Priority
from ._positions import Positions, positions_of
from .rules import ClockRules, OnPriorityChange, OnReopen

__all__: list[str] = []

RETARGETS = frozenset({EventKind.CLASSIFY, EventKind.CHANGE_PRIORITY})

Targets = Callable[[Priority, Category | None], tuple[int, int]]
"""(priority, category) -> (first-response, resolution) targets in microseconds."""

_RETARGETS = RETARGETS


class Mode(enum.IntEnum):
    """What a clock does over a stretch; stopped modes sort last."""

    RUNNING = 0
    PAUSED = 1
    MET = 2  # stopped by the event it measures (a response, a resolution)
    CANCELLED = 3  # stopped because the ticket ended, or was resolved, without it


class Run:
    """One clock, folded: integers (microseconds; instants in UTC microseconds since 1970).

    Business time is kept as *positions* (business time since 1970, `Positions`):
    each instant where the clock changes is looked up once, and a stretch's
    business time is the difference of the positions at its ends.
    """

    __slots__ = (
        "due", "elapsed", "ever", "line", "mode", "paused", "pieces", "runs", "since",
        "since_pos", "start", "status", "stop", "table", "target",
    )  # fmt: skip

    def __init__(
        self,
        line: BusinessTimeline,
        table: Positions,
        mode: Mode,
        target: int,
        start: int,
        start_pos: int,
        status: str,
    ) -> None:
        self.line, self.table, self.mode, self.target, self.status = (
            line,
            table,
            mode,
            target,
            status,
        )
        self.start = self.since = start
        self.since_pos = start_pos
        self.elapsed = self.paused = 0  # counted, and not counted for a pause, in this cycle
        self.ever = False
        self.runs: list[tuple[int, int, int, int]] = []  # (start, its position, before, counted)
        self.pieces: list[tuple[int, int, Mode, str]] | None = None
        self.stop: int | None = None
        self.due: int | None = None

    def switch(self, x: int, px: int, mode: Mode, target: int, reset: bool, status: str) -> None:
        """End the current stretch at ``x`` (at position ``px``) and start the next one."""
        if self.mode is Mode.RUNNING:
            spent = px - self.since_pos
            self.runs.append((self.since, self.since_pos, self.elapsed, spent))
            self.elapsed += spent
        elif self.mode is Mode.PAUSED:
            self.paused += px - self.since_pos
        if self.pieces is not None:
            self.pieces.append((self.since, x, self.mode, self.status))
        if reset or target != self.target:
            self.ever = self.ever or self.elapsed > self.target
            if reset:
                self.elapsed, self.paused, self.runs, self.start = 0, 0, [], x
                if self.pieces is not None:
                    self.pieces = []
            self.target = target
        self.mode, self.since, self.since_pos, self.status = mode, x, px, status

    def finish(self, horizon: int, ph: int) -> Run:
        """End the last stretch at ``horizon`` (at position ``ph``) and find the due instant."""
        mode = self.mode
        if mode >= Mode.MET:
            self.stop = self.since
            if self.pieces is not None:
                self.pieces.append((self.since, horizon, mode, self.status))
        else:
            self.switch(horizon, ph, mode, self.target, False, self.status)
        target, total = self.target, self.elapsed
        if total >= target:
            due = self.start
            # Targets are positive, so some running stretch crosses the target.
            for begin, begin_pos, before, spent in self.runs:  # pragma: no branch
                if before < target <= before + spent:
                    # add(begin, d) for d > 0 is the earliest instant at position(begin) + d.
                    due = self.table.earliest(begin_pos + target - before, begin)
                    break
            self.due = due
        elif mode is Mode.RUNNING:
            self.due = self.table.earliest(ph + target - total, horizon)
        return self


_TABLES: dict[tuple[type, frozenset[str]], dict[str, Mode]] = {}


def _modes(ticket: Ticket, pause: frozenset[str]) -> dict[str, Mode]:
    """Status -> what the clocks do in it, per workflow class and pausing statuses."""
    return modes_for(ticket.workflow, pause)


def modes_for(workflow: TicketWorkflow, pause: frozenset[str]) -> dict[str, Mode]:
    """Status -> what the clocks do in it, for ``workflow`` and the pausing statuses."""
    key = (type(workflow), pause)
    table = _TABLES.get(key)
    if table is None:
        resolved, terminal = workflow.resolved_statuses, workflow.terminal_statuses
        table = _TABLES[key] = {
            s: Mode.MET
            if s in resolved
            else Mode.CANCELLED
            if s in terminal
            else Mode.PAUSED
            if s in pause
            else Mode.RUNNING
            for s in workflow.statuses
        }
    return table


def clocks(
    ticket: Ticket,
    at: datetime,
    horizon: int,
    line: BusinessTimeline,
    targets: Targets,
    rules: ClockRules,
    detail: bool = False,
) -> tuple[Run, Run, Priority, Category | None]:
    """Fold the events of ``ticket`` up to ``horizon`` (``at`` in microseconds) into its clocks.

    With ``detail``, every change of status also cuts a stretch, and the
    stretches are kept as pieces for an explanation.
    """
    events, statuses = ticket.events, ticket.statuses
    micros = line.micros
    table = positions_of(line)
    position = table.position
    # History after ``at`` is ignored: the clocks as they stood then. Instants are
    # compared as UTC microseconds, never by wall clocks.
    count = len(events)
    if micros(events[-1].at) > horizon:
        count = bisect_right(events, horizon, key=lambda event: micros(event.at))
        if not count:
            raise before_opening(ticket.id, at)
    workflow = ticket.workflow
    modes = _modes(ticket, workflow.paused_statuses if rules.pause_in is None else rules.pause_in)
    responses = workflow.response_commands
    restart_on_reopen = rules.on_reopen is OnReopen.RESTART
    restart_on_priority = rules.on_priority_change is OnPriorityChange.RESTART
    opening = events[0]
    priority, category = classification_after(opening.kind, opening.data, Priority.NORMAL, None)
    fr_target, res_target = targets(priority, category)
    status = statuses[0]
    first = modes[status]
    start = micros(opening.at)
    start_pos = position(start)
    fr = Run(line, table, _unanswered(first), fr_target, start, start_pos, status)
    res = Run(line, table, first, res_target, start, start_pos, status)
    if detail:
        fr.pieces, res.pieces = [], []
    fr_open = True
    fr_now, res_now = fr.mode, res.mode  # the clocks' modes, kept in locals for the loop
    for i in range(1, count):
        event = events[i]
        kind, status = event.kind, statuses[i]
        mode = modes[status]
        retarget = False
        if kind in _RETARGETS:
            new_priority, new_category = classification_after(kind, event.data, priority, category)
            if new_priority is not priority or new_category is not category:
                priority, category, retarget = new_priority, new_category, True
                fr_target, res_target = targets(priority, category)
        x: int | None = None  # looked up once, for whichever clock changes first
        px = 0
        if fr_open:
            fr_mode = Mode.MET if kind in responses else _UNANSWERED[mode]
            if fr_mode is not fr_now or retarget or (detail and status != fr.status):
                x = micros(event.at)
                px = position(x)
                fr.switch(x, px, fr_mode, fr_target, retarget and restart_on_priority, status)
                fr_now, fr_open = fr_mode, fr_mode < Mode.MET
        if mode is not res_now or retarget or (detail and status != res.status):
            reset = mode < Mode.MET and (
                (restart_on_reopen and res_now is Mode.MET) or (retarget and restart_on_priority)
            )
            if x is None:
                x = micros(event.at)
                px = position(x)
            res.switch(x, px, mode, res_target, reset, status)
            res_now = mode
    ph = position(horizon)
    return fr.finish(horizon, ph), res.finish(horizon, ph), priority, category


def before_opening(ticket_id: object, at: object) -> ValidationError:
    """The error for an ``at`` before the ticket's first event."""
    return ValidationError(field="at", value=at, rule=f"is before ticket {ticket_id!r} was opened")


def _unanswered(mode: Mode) -> Mode:
    """The first-response clock's mode where no reply came: a resolution cancels it.

    A case resolved before anyone replied (a replayed history, or a workflow
    without the ``has_responded`` guard) never had its first response: the clock
    stops there, like a cancellation, and is breached only if it was already late.
    """
    return Mode.CANCELLED if mode is Mode.MET else mode


UNANSWERED = _UNANSWERED = tuple(
    _unanswered(m) for m in Mode
)  # by mode: the loop indexes, not calls


def crossing(run: Run, horizon: int, threshold: int) -> int | None:
    """When a running clock's counted time reaches ``threshold``, if still ahead."""
    if run.mode is not Mode.RUNNING or run.elapsed >= threshold:
        return None
    return run.line.add(horizon, threshold - run.elapsed)
