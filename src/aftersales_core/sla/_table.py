"""`SLAPolicy.evaluate_table`: the SLA clocks of many tickets from one table of events (private).

Three steps. The rows are grouped by ticket and every history replayed as
`Ticket.from_events` would (`._table_fold`), so an invalid one is reported on
its row of the result (the event and the reason) instead of raising. The
positions (business time since 1970) of every event, and of ``at``, are
computed in one vectorised call per calendar (`BusinessCalendar.position_many`).
Then each ticket's clocks are folded on those integers with the engine the
scalar `evaluate` uses (`._engine.Run`, `ClockReading`), so every field is the
scalar answer. The result is a pyarrow Table, one row per ticket, in the order
the tickets first appear; evaluate a large table in chunks of whole tickets and
concatenate the results (``pyarrow.concat_tables``).
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

import numpy as np
import pyarrow as pa

from .._internal.instants import from_unix_micros, unix_micros
from ..calendar import BusinessCalendar, BusinessTimeline
from ..errors import AftersalesError, InvalidTypeError
from ..terms import as_instant
from ..tickets import DEFAULT_WORKFLOW, TicketWorkflow, classification_after
from ..vocabulary import Category, Priority
from . import _engine as engine_
from ._inputs import checked, rules_of
from ._positions import positions_of
from ._table_fold import Replay, data_of, replay
from ._table_out import Results
from ._table_out import vector_table as _vector_table
from .rules import ClockKind, ClockRules, OnPriorityChange, OnReopen
from .status import ClockReading

__all__ = ["evaluate_table"]


class _Facts:
    """What an `SLASelector`'s rules read from a ticket, for a ticket that is only rows."""

    __slots__ = ("category", "channel", "customer_tier", "id", "opened_at", "priority")

    def __init__(self, ticket_id: object, found: Replay, opened: int) -> None:
        self.id, self.channel, self.category = ticket_id, found.channel, found.category
        self.priority, self.customer_tier = found.priority, found.tier
        self.opened_at = from_unix_micros(opened, "UTC")


@functools.lru_cache(maxsize=64)
def _round_the_clock(zone: str) -> BusinessCalendar:
    return BusinessCalendar.always_open(zone)


def _workflow(workflow: TicketWorkflow | type[TicketWorkflow] | None) -> TicketWorkflow:
    if workflow is None:
        return DEFAULT_WORKFLOW
    if isinstance(workflow, type) and issubclass(workflow, TicketWorkflow):
        return workflow()
    if isinstance(workflow, TicketWorkflow):
        return workflow
    raise InvalidTypeError(field="workflow", value=workflow, rule="must be a TicketWorkflow")


class _Chosen:
    """A policy as the table path uses it: its calendar's timeline, rules, targets, rows."""

    __slots__ = ("calendar", "line", "ph", "policy", "rows", "rules", "targets")

    def __init__(self, policy: Any, rules: ClockRules | None, zone: str) -> None:
        self.policy = sure = checked(policy)
        self.calendar = sure.calendar if sure.calendar is not None else _round_the_clock(zone)
        self.line = self.calendar.timeline
        self.rules = rules_of(sure, rules)
        self.targets = _targets_of(sure)
        self.rows: list[Any] = []
        self.ph = 0


def _lists(cols: Any, a: int, b: int) -> dict[str, Any]:
    """Rows ``a:b`` as the per-ticket fold reads them: plain lists, nulls as ``None``."""
    out: dict[str, Any] = {}
    for name, values in cols.values.items():
        codes = cols.arrays[name][a:b].tolist()
        out[name] = [values[c] if c >= 0 else None for c in codes]
    out["kind"] = [k or "" for k in out["kind"]]
    out["at"] = cols.at[a:b].tolist()
    out["rating"] = [None] * (b - a) if cols.rating is None else cols.rating[a:b].to_pylist()
    return out


def evaluate_table(
    policy: Any,
    events: object,
    *,
    at: datetime,
    rules: ClockRules | None = None,
    workflow: TicketWorkflow | type[TicketWorkflow] | None = None,
) -> Any:
    """Both clocks of every ticket in ``events`` at ``at``, as a pyarrow Table (see the module)."""
    from ._table_read import read_events

    moment = as_instant(at)
    horizon = unix_micros(moment)
    flow = _workflow(workflow)
    cols = read_events(events)
    ids = cols.ticket_ids
    select = getattr(policy, "select", None)
    if select is None:
        from ._table_vector import VectorFold, fold_all

        use = _Chosen(policy, rules, cols.zone)
        calendar = use.calendar
        positions = calendar.position_many(cols.at)
        ph = int(calendar.position_many(np.array([horizon], dtype=np.int64))[0])
        handled, columns = fold_all(
            VectorFold(cols, flow, use.rules), cols.at, positions, horizon, ph, use.targets,
            calendar.add_many,
        )  # fmt: skip
        left = np.ones(len(ids), dtype=np.bool_)
        left[handled] = False
        rest = np.nonzero(left)[0]
        if not len(rest):  # the common case: every ticket done on the vectorised path, in order
            return _vector_table(cols.ids, columns)
        fast = _vector_table(cols.ids.take(pa.array(handled)), columns)
        slow = _per_ticket(policy, cols, flow, rules, moment, horizon, rest.tolist())
        merged = pa.concat_tables([fast, slow])
        order = np.empty(len(ids), dtype=np.int64)
        order[np.concatenate((handled, rest)).astype(np.int64)] = np.arange(len(ids))
        return merged.take(pa.array(order))
    return _per_ticket(policy, cols, flow, rules, moment, horizon, list(range(len(ids))))


def _per_ticket(
    policy: Any,
    cols: Any,
    flow: TicketWorkflow,
    rules: ClockRules | None,
    moment: datetime,
    horizon: int,
    tickets: list[int],
) -> Any:
    """The per-ticket path: replay each history, then fold its clocks on vectorised positions."""
    bounds, ids = cols.bounds, cols.ticket_ids
    select = getattr(policy, "select", None)
    shared = None if select is not None else _Chosen(policy, rules, cols.zone)
    found: list[tuple[Replay, dict[str, Any]]] = []
    chosen: list[_Chosen | None] = []
    by_policy: dict[int, _Chosen] = {}
    for k in tickets:
        a, b = bounds[k], bounds[k + 1]
        rows = _lists(cols, a, b)
        one = replay(
            flow, ids[k], rows["kind"], rows["at"], rows["priority"], rows["category"],
            rows["channel"][0], rows["customer_tier"][0], rows["rating"],
        )  # fmt: skip
        found.append((one, rows))
        if one.problem is not None:
            chosen.append(None)
            continue
        use = shared
        if use is None:
            picked = select(_Facts(ids[k], one, rows["at"][0]))  # type: ignore[misc]
            use = by_policy.get(id(picked))
            if use is None:
                use = by_policy[id(picked)] = _Chosen(picked, rules, cols.zone)
        use.rows.append(len(chosen))
        chosen.append(use)
    # One vectorised position lookup per calendar, over the rows of its tickets.
    for use in [shared] if shared is not None else list(by_policy.values()):
        assert use is not None
        instants = [x for i in use.rows for x in found[i][1]["at"]]
        if instants:
            got = use.calendar.position_many(np.asarray(instants, dtype=np.int64)).tolist()
            for i in use.rows:
                rows = found[i][1]
                rows["pos"], got = got[: len(rows["at"])], got[len(rows["at"]) :]
        use.ph = int(use.calendar.position_many(np.array([horizon], dtype=np.int64))[0])
    out = Results(len(tickets))
    for i, k in enumerate(tickets):
        (one, rows), use = found[i], chosen[i]
        if use is None:
            out.invalid(ids[k], one.problem_event, one.problem)
            continue
        try:
            fr, res, priority, category = _clocks(
                flow, one, rows["kind"], rows["at"], rows["pos"], rows["priority"],
                rows["category"], moment, horizon, use.ph, use.line, use.targets, use.rules,
            )  # fmt: skip
        except AftersalesError as problem:  # at before the opening, or no target for a priority
            out.invalid(ids[k], 0, str(problem))
            continue
        out.valid(
            ids[k], priority, category,
            ClockReading(ClockKind.FIRST_RESPONSE, fr, horizon, use.rules),
            ClockReading(ClockKind.RESOLUTION, res, horizon, use.rules), (fr, res),
        )  # fmt: skip
    return out.table()


def _targets_of(policy: Any) -> engine_.Targets:
    from .clock import targets_of

    return targets_of(policy)


def _clocks(
    flow: TicketWorkflow,
    one: Replay,
    kinds: list[str],
    at: list[int],
    pos: list[int],
    priorities: list[str | None],
    categories: list[str | None],
    moment: datetime,
    horizon: int,
    ph: int,
    line: BusinessTimeline,
    targets: engine_.Targets,
    rules: ClockRules,
) -> tuple[engine_.Run, engine_.Run, Priority, Category | None]:
    """`_engine.clocks` on a replayed history's integers (its instants and positions known).

    The same steps in the same order as the scalar fold; only where the numbers
    come from differs.
    """
    count = len(kinds)
    if at[-1] > horizon:
        count = sum(1 for x in at if x <= horizon)  # a valid history is sorted
        if not count:
            raise engine_.before_opening(one.ticket_id, moment)
    table = positions_of(line)
    modes = engine_.modes_for(
        flow, flow.paused_statuses if rules.pause_in is None else rules.pause_in
    )
    responses = flow.response_commands
    restart_on_reopen = rules.on_reopen is OnReopen.RESTART
    restart_on_priority = rules.on_priority_change is OnPriorityChange.RESTART
    statuses = one.statuses
    priority, category = classification_after(
        kinds[0], data_of(priorities[0], categories[0]), Priority.NORMAL, None
    )
    fr_target, res_target = targets(priority, category)
    status = statuses[0]
    first = modes[status]
    Run, Mode, unanswered = engine_.Run, engine_.Mode, engine_.UNANSWERED
    fr = Run(line, table, unanswered[first], fr_target, at[0], pos[0], status)
    res = Run(line, table, first, res_target, at[0], pos[0], status)
    fr_open = True
    for i in range(1, count):
        kind, status = kinds[i], statuses[i]
        mode = modes[status]
        retarget = False
        if kind in engine_.RETARGETS:
            new_priority, new_category = classification_after(
                kind, data_of(priorities[i], categories[i]), priority, category
            )
            if new_priority is not priority or new_category is not category:
                priority, category, retarget = new_priority, new_category, True
                fr_target, res_target = targets(priority, category)
        if fr_open:
            fr_mode = Mode.MET if kind in responses else unanswered[mode]
            if fr_mode is not fr.mode or retarget:
                fr.switch(
                    at[i], pos[i], fr_mode, fr_target, retarget and restart_on_priority, status
                )
                fr_open = fr_mode < Mode.MET
        if mode is not res.mode or retarget:
            reset = mode < Mode.MET and (
                (restart_on_reopen and res.mode is Mode.MET) or (retarget and restart_on_priority)
            )
            res.switch(at[i], pos[i], mode, res_target, reset, status)
    return fr.finish(horizon, ph), res.finish(horizon, ph), priority, category
