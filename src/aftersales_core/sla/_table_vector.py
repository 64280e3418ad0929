"""The common path of `SLAPolicy.evaluate_table`, vectorised over all tickets at once (private).

The same replay and the same clock fold as ``_table_fold.replay`` and
``_engine.Run``, written as numpy operations over every ticket at one event
rank at a time: step ``j`` applies the ``j``-th event of every ticket that has
one. Tickets this path cannot finish — an invalid history, a priority without
a target, an ``at`` before the opening — are handed back to the per-ticket path,
which gives the reason. The properties in ``tests/columnar/`` compare the result
with `SLAPolicy.evaluate` field by field.
"""

from __future__ import annotations

import contextlib
from typing import Any

import numpy as np

from .._internal.instants import micros_of
from ..errors import ValidationError
from ..tickets import EventKind, TicketWorkflow
from ..vocabulary import Category, Channel, Priority
from . import _engine as engine_
from .rules import ClockRules, ClockState, OnPriorityChange, OnReopen

__all__ = ["Clock", "VectorFold", "fold_all"]

I64 = np.int64
RUNNING, PAUSED, MET, CANCELLED = 0, 1, 2, 3
_UNANSWERED = np.array([RUNNING, PAUSED, CANCELLED, CANCELLED], dtype=np.int8)
PRIORITIES, CATEGORIES = list(Priority), list(Category)
STATES = [s.value for s in ClockState]  # running, paused, met, breached, cancelled


def _lookup(values: list[str], known: dict[str, int]) -> Any:
    """Code -> index in ``known`` (-2 when unknown); the extra last slot is null (-1)."""
    return np.array([known.get(v, -2) for v in values] + [-1], dtype=np.int64)


class Clock:
    """One clock of every ticket: its state, and the running stretches it ended, by row."""

    __slots__ = (
        "before", "begin", "bpos", "cycle", "elapsed", "ever", "mode", "paused", "since",
        "since_pos", "spent", "start", "stretch", "target",
    )  # fmt: skip

    def __init__(self, tickets: int, rows: int) -> None:
        self.mode = np.zeros(tickets, dtype=np.int8)
        self.target = np.zeros(tickets, dtype=I64)
        self.elapsed = np.zeros(tickets, dtype=I64)
        self.paused = np.zeros(tickets, dtype=I64)
        self.since = np.zeros(tickets, dtype=I64)
        self.since_pos = np.zeros(tickets, dtype=I64)
        self.start = np.zeros(tickets, dtype=I64)
        self.ever = np.zeros(tickets, dtype=np.bool_)
        self.cycle = np.zeros(tickets, dtype=I64)  # stretches of the current cycle end after it
        self.stretch = np.zeros(rows, dtype=np.bool_)  # a running stretch ends at this row
        self.bpos = np.zeros(rows, dtype=I64)
        self.before = np.zeros(rows, dtype=I64)
        self.spent = np.zeros(rows, dtype=I64)
        self.begin = np.zeros(rows, dtype=I64)

    def switch(self, t: Any, r: Any, x: Any, px: Any, mode: Any, target: Any, reset: Any) -> None:
        """`Run.switch` for tickets ``t`` at rows ``r`` (instants ``x``, positions ``px``)."""
        old = self.mode[t]
        spent = px - self.since_pos[t]
        running = old == RUNNING
        self.stretch[r] = running
        self.bpos[r], self.before[r], self.spent[r] = self.since_pos[t], self.elapsed[t], spent
        self.begin[r] = self.since[t]
        elapsed = self.elapsed[t] + np.where(running, spent, 0)
        paused = self.paused[t] + np.where(old == PAUSED, spent, 0)
        change = reset | (target != self.target[t])
        self.ever[t] |= change & (elapsed > self.target[t])
        self.elapsed[t] = np.where(reset, 0, elapsed)
        self.paused[t] = np.where(reset, 0, paused)
        self.start[t] = np.where(reset, x, self.start[t])
        self.cycle[t] = np.where(reset, r, self.cycle[t])
        self.target[t], self.mode[t], self.since[t], self.since_pos[t] = target, mode, x, px


class VectorFold:
    """The inputs of the fold: the table's codes as numpy arrays, and the lookups."""

    def __init__(self, cols: Any, flow: TicketWorkflow, rules: ClockRules) -> None:
        self.cols, self.flow, self.rules = cols, flow, rules
        kinds = cols.values["kind"]
        statuses = list(flow.statuses)
        self.statuses = statuses
        index = {s: i for i, s in enumerate(statuses)}
        self.next = np.full((len(statuses), len(kinds) + 1), -1, dtype=np.int64)
        for s, status in enumerate(statuses):
            for k, kind in enumerate(kinds):
                row = flow.transition(status, kind) if kind else None
                if row is not None:
                    self.next[s, k] = s if row.target is None else index[row.target]
        pause = flow.paused_statuses if rules.pause_in is None else rules.pause_in
        modes = engine_.modes_for(flow, pause)
        self.mode_of = np.array([int(modes[s]) for s in statuses], dtype=np.int8)
        self.initial = index[flow.initial]

        def flag(names: frozenset[str] | set[str]) -> Any:
            return np.array([k in names for k in kinds] + [False], dtype=np.bool_)

        self.is_open, self.is_classify = flag({EventKind.OPEN}), flag({EventKind.CLASSIFY})
        self.is_priority = flag({EventKind.CHANGE_PRIORITY})
        self.is_confirm = flag({EventKind.CONFIRM})
        self.is_response = flag(set(flow.response_commands))
        self.priority_of = _lookup(
            cols.values["priority"], {p.value: i for i, p in enumerate(PRIORITIES)}
        )
        self.category_of = _lookup(
            cols.values["category"], {c.value: i for i, c in enumerate(CATEGORIES)}
        )
        channels = []
        for value in cols.values["channel"]:
            try:
                Channel(value)
            except ValueError:
                channels.append(False)
            else:
                channels.append(True)
        self.channel_ok = np.array([*channels, False], dtype=np.bool_)  # null: no channel


def _targets(targets: engine_.Targets) -> tuple[Any, Any]:
    """(priority, category or None) -> first-response and resolution targets; -1 where missing."""
    fr = np.full((len(PRIORITIES), len(CATEGORIES) + 1), -1, dtype=I64)
    res = fr.copy()
    for p, priority in enumerate(PRIORITIES):
        for c, category in enumerate([*CATEGORIES, None]):
            with contextlib.suppress(
                ValidationError
            ):  # a missing target: the per-ticket path says so
                fr[p, c], res[p, c] = targets(priority, category)
    return fr, res


def fold_all(
    vf: VectorFold, at: Any, pos: Any, horizon: int, ph: int, targets: engine_.Targets, add: Any
) -> tuple[Any, dict[str, Any]]:
    """The clocks of every ticket the vectorised path can finish; ``(handled, columns)``."""
    cols, rules = vf.cols, vf.rules
    first = np.asarray(cols.bounds[:-1], dtype=I64)
    length = np.asarray(cols.bounds[1:], dtype=I64) - first
    n, rows = len(first), len(at)
    kind = np.asarray(cols.arrays["kind"])
    kind = np.where(kind < 0, len(cols.values["kind"]), kind)
    pri_row = vf.priority_of[np.asarray(cols.arrays["priority"])]  # -1 null, -2 unknown
    cat_row = vf.category_of[np.asarray(cols.arrays["category"])]
    ok = np.asarray([isinstance(i, str) and bool(i) for i in cols.ticket_ids], dtype=np.bool_)
    ok &= vf.is_open[kind[first]] & vf.channel_ok[np.asarray(cols.arrays["channel"])[first]]
    ok &= (pri_row[first] != -2) & (cat_row[first] != -2)
    rating_ok = cols.rating_ok
    status = np.full(n, vf.initial, dtype=I64)
    status_row = np.zeros(rows, dtype=I64)
    status_row[first] = vf.initial
    for j in range(1, int(length.max()) if n else 0):
        t = np.nonzero(length > j)[0]
        r = first[t] + j
        k = kind[r]
        nxt = vf.next[status[t], k]
        bad = (nxt < 0) | (at[r] < at[r - 1])
        bad |= vf.is_classify[k] & ((cat_row[r] < 0) | (pri_row[r] == -2))
        bad |= vf.is_priority[k] & (pri_row[r] < 0)
        bad |= vf.is_confirm[k] & ~rating_ok[r]
        ok[t[bad]] = False
        status[t] = np.where(nxt >= 0, nxt, status[t])
        status_row[r] = status[t]
    counted = np.add.reduceat((at <= horizon).astype(I64), first) if n else np.zeros(0, I64)
    ok &= counted > 0
    fr_table, res_table = _targets(targets)
    pri = np.where(pri_row[first] < 0, PRIORITIES.index(Priority.NORMAL), pri_row[first])
    cat = np.where(cat_row[first] < 0, len(CATEGORIES), cat_row[first])
    ok &= fr_table[pri, cat] >= 0
    fr, res = Clock(n, rows), Clock(n, rows)
    mode = vf.mode_of[status_row[first]]
    fr.mode[:], res.mode[:] = _UNANSWERED[mode], mode
    fr.target[:], res.target[:] = fr_table[pri, cat], res_table[pri, cat]
    for c in (fr, res):
        c.since[:], c.since_pos[:], c.start[:], c.cycle[:] = at[first], pos[first], at[first], first
    fr_open = np.ones(n, dtype=np.bool_)
    reopen = rules.on_reopen is OnReopen.RESTART
    restart = rules.on_priority_change is OnPriorityChange.RESTART
    for j in range(1, int(counted.max()) if n else 0):
        t = np.nonzero(ok & (counted > j))[0]
        r = first[t] + j
        k, x, px = kind[r], at[r], pos[r]
        mode = vf.mode_of[status_row[r]]
        classify, change = vf.is_classify[k], vf.is_priority[k]
        new_pri = np.where(change | (classify & (pri_row[r] >= 0)), pri_row[r], pri[t])
        new_cat = np.where(classify, cat_row[r], cat[t])
        retarget = (classify | change) & ((new_pri != pri[t]) | (new_cat != cat[t]))
        pri[t], cat[t] = new_pri, new_cat
        fr_t, res_t = fr_table[new_pri, new_cat], res_table[new_pri, new_cat]
        ok[t[retarget & (fr_t < 0)]] = False
        fr_mode = np.where(vf.is_response[k], MET, _UNANSWERED[mode]).astype(np.int8)
        m = fr_open[t] & ((fr_mode != fr.mode[t]) | retarget)
        fr.switch(t[m], r[m], x[m], px[m], fr_mode[m], fr_t[m], retarget[m] & restart)
        fr_open[t[m]] = fr_mode[m] < MET
        m = (mode != res.mode[t]) | retarget
        reset = (mode < MET) & ((reopen & (res.mode[t] == MET)) | (retarget & restart))
        res.switch(t[m], r[m], x[m], px[m], mode[m], res_t[m], reset[m])
    handled = np.nonzero(ok)[0]
    out: dict[str, Any] = {
        "priority": np.asarray([p.value for p in PRIORITIES], dtype=object)[pri[handled]],
        "category": np.asarray([c.value for c in CATEGORIES] + [None], dtype=object)[cat[handled]],
    }
    owners = np.repeat(np.arange(n, dtype=I64), length)  # the ticket of each row
    every = np.arange(rows, dtype=I64)
    for name, c in (("first_response", fr), ("resolution", res)):
        out.update(_finish(name, c, handled, owners, every, horizon, ph, rules, add))
    return handled, out


def _finish(
    name: str, c: Clock, t: Any, owners: Any, rows: Any, horizon: int, ph: int,
    rules: ClockRules, add: Any,
) -> dict[str, Any]:  # fmt: skip
    """`Run.finish` and `ClockReading` for the handled tickets ``t``."""
    mode, target = c.mode[t], c.target[t]
    stopped = mode >= MET
    spent = ph - c.since_pos[t]
    last_before, last_begin = c.elapsed[t], c.since[t]
    elapsed = c.elapsed[t] + np.where(mode == RUNNING, spent, 0)
    paused = c.paused[t] + np.where(mode == PAUSED, spent, 0)
    stop = np.where(stopped, c.since[t], 0)
    # The stretch where the counted time reaches the target: the first recorded one of the
    # cycle that crosses it, else the last one (to ``at``), which then must.
    cross = elapsed >= target
    begin = np.where(mode == RUNNING, last_begin, 0)
    need = target - last_before
    full_target = np.full(len(c.mode), -1, dtype=I64)
    full_target[t] = target  # tickets not handled keep -1: no stretch crosses it
    owner = owners
    goal = full_target[owner]
    before, spent_r = c.before, c.spent
    hit = c.stretch & (rows > c.cycle[owner]) & (before < goal) & (goal <= before + spent_r)
    never = np.iinfo(I64).max
    found_all = np.full(len(c.mode), never, dtype=I64)
    which = np.nonzero(hit)[0]
    np.minimum.at(found_all, owner[which], which)  # the earliest crossing row
    found = found_all[t]
    has = found != never
    found = np.where(has, found, 0)
    begin = np.where(has, c.begin[found], begin)
    need = np.where(has, target - c.before[found], need)
    running_due = ~cross & (mode == RUNNING)
    begin = np.where(running_due, horizon, begin)
    need = np.where(running_due, target - elapsed, need)
    has_due = cross | running_due
    due = np.zeros(len(t), dtype=I64)
    if has_due.any():
        due[has_due] = add(begin[has_due], need[has_due])
    breached = np.where(stopped, has_due & (stop > due), has_due & (horizon >= due))
    state = np.where(
        mode == RUNNING, 0,
        np.where(mode == PAUSED, 1, np.where(mode == CANCELLED, 4, np.where(breached, 3, 2))),
    )  # fmt: skip
    ever = breached | c.ever[t]
    warning = np.full(len(t), -1, dtype=I64)
    if rules.warnings:
        best = np.full(len(t), -1, dtype=I64)
        open_ = ~breached & (mode < MET)
        for i, w in enumerate(rules.warnings):
            if w.before is not None:
                level = np.maximum(0, target - micros_of(w.before))
            else:
                num, den = w.share.as_integer_ratio()  # type: ignore[union-attr]
                level = target * num // den  # exact: int(share * target), target >= 0
            pick = open_ & (elapsed >= level) & (level > best)
            warning = np.where(pick, i, warning)
            best = np.where(pick, level, best)
    labels = np.asarray([w.label for w in rules.warnings] + [None], dtype=object)
    return {
        f"{name}_state": np.asarray(STATES, dtype=object)[state],
        f"{name}_target": target,
        f"{name}_started_at": c.start[t],
        f"{name}_stopped_at": (stop, stopped),
        f"{name}_due_at": (due, has_due),
        f"{name}_elapsed": elapsed,
        f"{name}_remaining": np.maximum(0, target - elapsed),
        f"{name}_paused": paused,
        f"{name}_breached": breached,
        f"{name}_ever_breached": ever,
        f"{name}_breached_at": (due, breached),
        f"{name}_late_by": np.where(breached, np.maximum(0, elapsed - target), 0),
        f"{name}_warning": labels[warning],
    }
