"""Business time over arrays of instants: the engine behind ``BusinessCalendar.add_many`` & co.

Private, and with `._columnar_io` the only modules of the calendar that import
numpy (the import-linter contract exempts them by name); `BusinessCalendar`
reaches them only inside its ``*_many`` methods, so ``import
aftersales_core.calendar`` stays free of numpy.

The calendar's integer interface, `BusinessTimeline`, gives the open stretches of
a span with their positions (business time since 1970, the origin). Laid out as
sorted int64 arrays ``starts``, ``ends`` and ``pos`` — a prefix sum of the
lengths — position is a function of one sorted search::

    i = searchsorted(starts, t, "right") - 1
    position(t) = pos[i] + min(t, ends[i]) - starts[i]

and its inverse a sorted search over ``cend = pos + (ends - starts)``, the
position at each closing. Every answer is a law of the timeline evaluated on
these arrays (``add(a, d) = at_position(position(a) + d)``, ``elapsed(a, b) =
position(b) - position(a)``, ...), so it is the scalar answer, exactly, with
clock changes, holidays, overrides and ``24:00`` already in the table. The
table covers the span the data needs and is kept per timeline, widened when
later data (or a long duration) reaches past it.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import ValidationError
from ._columnar_io import (
    HIGHEST,
    LOWEST,
    read_durations,
    read_instants,
    write_durations,
    write_flags,
    write_instants,
)
from .timeline import BusinessTimeline

__all__ = [
    "OpenTable",
    "add_many",
    "elapsed_many",
    "is_open_many",
    "position_many",
    "subtract_many",
    "table_for",
]

I64 = npt.NDArray[np.int64]
_DAY = 86_400_000_000
_MARGIN = 8 * 7 * _DAY  # laid out past the data, so that short durations need no second layout
_LAYOUT_SLICE = 366 * _DAY * 4  # openings are read from the timeline a few years at a time


class OpenTable:
    """The open stretches of ``[lo, hi)`` as sorted int64 arrays, with their positions.

    Row 0 is an empty stretch at ``lo`` holding ``position(lo)``, so every
    instant of ``[lo, hi]`` has a row at or before it. Touching rows (where the
    table was widened) are allowed: every formula reads them as one stretch.
    """

    __slots__ = ("cend", "ends", "hi", "lo", "pos", "starts")

    def __init__(self, starts: I64, ends: I64, pos: I64, lo: int, hi: int) -> None:
        self.starts, self.ends, self.pos, self.lo, self.hi = starts, ends, pos, lo, hi
        self.cend = pos + (ends - starts)  # the position at each closing

    def positions(self, t: I64) -> I64:
        """Business time since 1970 at each instant of ``t`` (all within ``[lo, hi]``)."""
        i = np.searchsorted(self.starts, t, side="right") - 1
        return self.pos[i] + np.minimum(t, self.ends[i]) - self.starts[i]

    def earliest(self, p: I64) -> I64:
        """The earliest instant at each position ``p`` (all above ``position(lo)``)."""
        i = np.searchsorted(self.cend, p, side="left")
        return self.starts[i] + (p - self.pos[i])

    def latest(self, p: I64) -> I64:
        """The latest instant at each position ``p`` (all below the table's last position)."""
        i = np.searchsorted(self.cend, p, side="right")
        return self.starts[i] + (p - self.pos[i])

    def is_open(self, t: I64) -> npt.NDArray[np.bool_]:
        """Whether each instant of ``t`` lies in an open stretch."""
        i = np.searchsorted(self.starts, t, side="right") - 1
        return t < self.ends[i]


def _rows(line: BusinessTimeline, lo: int, hi: int) -> tuple[I64, I64, I64]:
    parts = []
    for a in range(lo, hi, _LAYOUT_SLICE):
        rows = line.openings(a, min(a + _LAYOUT_SLICE, hi))
        if rows:
            parts.append(np.array(rows, dtype=np.int64).reshape(-1, 3))
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty
    table = np.concatenate(parts)
    return table[:, 0], table[:, 1], table[:, 2]


def _layout(line: BusinessTimeline, lo: int, hi: int) -> OpenTable:
    starts, ends, pos = _rows(line, lo, hi)
    first = line.position(lo)
    return OpenTable(
        np.concatenate(([lo], starts)),
        np.concatenate(([lo], ends)),
        np.concatenate(([first], pos)),
        lo,
        hi,
    )


def _widen(line: BusinessTimeline, table: OpenTable, lo: int, hi: int) -> OpenTable:
    """``table`` widened to ``[lo, hi]``, reading only the new years from the timeline."""
    starts, ends, pos = table.starts[1:], table.ends[1:], table.pos[1:]
    if hi > table.hi:
        s, e, p = _rows(line, table.hi, hi)
        starts, ends, pos = (
            np.concatenate((starts, s)),
            np.concatenate((ends, e)),
            np.concatenate((pos, p)),
        )
    lo = min(lo, table.lo)
    if lo < table.lo:
        s, e, p = _rows(line, lo, table.lo)
        starts, ends, pos = (
            np.concatenate((s, starts)),
            np.concatenate((e, ends)),
            np.concatenate((p, pos)),
        )
    first = line.position(lo) if lo < table.lo else int(table.pos[0])
    return OpenTable(
        np.concatenate(([lo], starts)),
        np.concatenate(([lo], ends)),
        np.concatenate(([first], pos)),
        lo,
        max(hi, table.hi),
    )


_TABLES: weakref.WeakKeyDictionary[BusinessTimeline, OpenTable] = weakref.WeakKeyDictionary()


def table_for(line: BusinessTimeline, lo: int, hi: int) -> OpenTable:
    """A table covering ``[lo, hi]``: the one kept for ``line``, widened if need be.

    A kept table far from the new span is replaced rather than widened over the
    years between (data from 1990 and from 2090 lays out two small tables, not a
    century).
    """
    lo = max(LOWEST, lo - lo % _DAY - _DAY)
    hi = min(HIGHEST, hi - hi % _DAY + 2 * _DAY)
    kept = _TABLES.get(line)
    if kept is not None and kept.lo <= lo and hi <= kept.hi:
        return kept
    if kept is not None and max(hi, kept.hi) - min(lo, kept.lo) <= 2 * (hi - lo) + 2 * (
        kept.hi - kept.lo
    ):
        table = _widen(line, kept, lo, hi)
    else:
        table = _layout(line, lo, hi)
    _TABLES[line] = table
    return table


def _forward(line: BusinessTimeline, table: OpenTable, need: int) -> OpenTable:
    """``table`` widened until its last position reaches ``need``."""
    while int(table.cend[-1]) < need:
        # Business time never runs faster than real time: past the last year, refuse at once.
        if table.hi >= HIGHEST or need - int(table.cend[-1]) > HIGHEST - table.hi:
            raise ValidationError(
                field="durations",
                value=need,
                rule="reach past the year 9997, where the calendar counts",
            )
        span, counted = table.hi - table.lo, int(table.cend[-1] - table.pos[0])
        # Estimate the span from the table's own share of open time; at least double it.
        guess = span if counted <= 0 else (need - int(table.cend[-1])) * span // counted
        table = table_for(line, table.lo, min(HIGHEST, table.hi + max(span, guess + _MARGIN)))
    return table


def _backward(line: BusinessTimeline, table: OpenTable, need: int) -> OpenTable:
    """``table`` widened back until its first position is at or below ``need``."""
    while int(table.pos[0]) > need:
        if table.lo <= LOWEST or int(table.pos[0]) - need > table.lo - LOWEST:
            raise ValidationError(
                field="durations",
                value=need,
                rule="reach back before the year 3, where the calendar counts",
            )
        span, counted = table.hi - table.lo, int(table.cend[-1] - table.pos[0])
        guess = span if counted <= 0 else (int(table.pos[0]) - need) * span // counted
        table = table_for(line, max(LOWEST, table.lo - max(span, guess + _MARGIN)), table.hi)
    return table


def _results(values: I64) -> I64:
    bad = (values < LOWEST) | (values >= HIGHEST)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValidationError(
            field=f"durations[{i}]",
            value=int(values[i]),
            rule="lead outside the years 3 to 9997, where the calendar counts",
        )
    return values


def add_many(line: BusinessTimeline, starts: object, durations: object) -> Any:
    """`BusinessTimeline.add` element by element."""
    a, kind = read_instants(starts, "starts")
    d = read_durations(durations, "durations", len(a))
    if not len(a):
        return write_instants(a, kind, line.timezone)
    table = table_for(line, int(a.min()), int(a.max()) + _MARGIN)
    target = table.positions(a) + d
    table = _forward(line, table, int(target.max()))
    found, later = a.copy(), d > 0
    found[later] = table.earliest(target[later])
    return write_instants(_results(found), kind, line.timezone)


def subtract_many(line: BusinessTimeline, ends: object, durations: object) -> Any:
    """`BusinessTimeline.subtract` element by element."""
    b, kind = read_instants(ends, "ends")
    d = read_durations(durations, "durations", len(b))
    if not len(b):
        return write_instants(b, kind, line.timezone)
    table = table_for(line, int(b.min()) - _MARGIN, int(b.max()))
    target = table.positions(b) - d
    table = _backward(line, table, int(target.min()))
    found, earlier = b.copy(), d > 0
    found[earlier] = table.latest(target[earlier])
    return write_instants(_results(found), kind, line.timezone)


def elapsed_many(line: BusinessTimeline, starts: object, ends: object) -> Any:
    """`BusinessTimeline.elapsed` element by element."""
    a, kind = read_instants(starts, "starts")
    b, _ = read_instants(ends, "ends")
    if len(a) != len(b):
        raise ValidationError(
            field="ends", value=len(b), rule=f"must hold one instant per start ({len(a)})"
        )
    if not len(a):
        return write_durations(a, kind)
    early = b < a
    if early.any():
        i = int(np.argmax(early))
        raise ValidationError(
            field=f"ends[{i}]", value=int(b[i]), rule=f"is before its start {int(a[i])}"
        )
    table = table_for(line, int(a.min()), int(b.max()))
    return write_durations(table.positions(b) - table.positions(a), kind)


def is_open_many(line: BusinessTimeline, instants: object) -> Any:
    """`BusinessTimeline.is_open` element by element."""
    t, kind = read_instants(instants, "instants")
    found = np.zeros(0, dtype=np.bool_)
    if len(t):
        found = table_for(line, int(t.min()), int(t.max())).is_open(t)
    return write_flags(found, kind)


def position_many(line: BusinessTimeline, instants: object) -> Any:
    """`BusinessTimeline.position` element by element."""
    t, kind = read_instants(instants, "instants")
    if not len(t):
        return write_durations(t, kind)
    return write_durations(table_for(line, int(t.min()), int(t.max())).positions(t), kind)
