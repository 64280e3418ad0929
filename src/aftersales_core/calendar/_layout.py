"""The layout of a calendar's timeline over a span of years: runs, blocks and G*.

Private to `aftersales_core.calendar`. The timeline is cut into **runs** of
ordinary days and **blocks** of special ones (a holiday, an override, or a day
within one of a clock change). In a run the zone's offset is constant and the
days follow the weekly pattern, so business time there has a closed form in wall
time, ``G(w)`` (see `Engine`). A block
carries a `Table` of its open intervals in real time.

Chaining them gives ``G*``, the business time from the window's start to any
instant: ``G(w) + corr[i]`` in run ``i``, ``cend[i] + table.f(x)`` in block ``i``.
``G*`` never decreases, so the instant where it reaches a value is found by one
bisection over the segments, however many holidays lie between.

Examples:
    >>> Table([(10, 20), (20, 25), (40, 50)]).f(45)
    20
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from datetime import date

from .._internal.instants import WALL_EPOCH_TO_UNIX
from ._zone import DAY, SECOND, WEEK, transitions, wall_to_real

__all__ = ["Table", "Window", "open_spans"]

Intervals = tuple[tuple[int, int], ...]


class Table:
    """Disjoint open intervals with their running business-time totals.

    ``f(x)``, the open time before ``x``, is ``base[k] + (x if k is odd else 0)``
    with ``k = bisect_right(b, x)``; the inverses use ``cs`` / ``ce`` (totals at
    the starts / ends) and ``shift`` (start minus total at the start).
    """

    __slots__ = ("b", "base", "ce", "cs", "shift", "total")

    def __init__(self, intervals: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(intervals):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            elif end > start:
                merged.append([start, end])
        self.b: list[int] = []
        self.base: list[int] = [0]
        self.cs: list[int] = []
        self.ce: list[int] = []
        self.shift: list[int] = []
        total = 0
        for start, end in merged:
            self.b += (start, end)
            self.cs.append(total)
            self.shift.append(start - total)
            self.base.append(total - start)
            total += end - start
            self.ce.append(total)
            self.base.append(total)
        self.total = total

    def f(self, x: int) -> int:
        """Open time before ``x``."""
        k = bisect_right(self.b, x)
        return self.base[k] + (x if k & 1 else 0)

    def earliest(self, target: int) -> int:
        """First ``x`` with ``f(x) == target``, for ``0 < target <= total``."""
        return target + self.shift[bisect_left(self.ce, target)]

    def latest(self, target: int) -> int:
        """Last ``x`` with ``f(x) == target``, for ``0 <= target < total``."""
        return target + self.shift[bisect_right(self.cs, target) - 1]


class Window:
    """Runs, blocks and ``G*`` for a span of years; replaced whole when extended.

    Block ``i`` lies between run ``i`` and run ``i + 1``, so there is one more run
    than blocks. Lists named ``b*`` have one entry per block, ``r*`` and ``g*`` /
    ``c*`` / ``corr`` one per run (``rs`` and ``re`` are the exception: they are the
    real bounds of the *blocks*, i.e. where runs end and start again). Real
    instants are UTC microseconds since 1970; wall ones count from 0001-01-01.

    Attributes:
        years: The first and last year the window was asked to cover.
        lo_o, hi_o: Ordinals ``[lo_o, hi_o)`` of the wall dates covered, widened so
            that no block is cut at an edge.
        lo_r, hi_r: The same span in real time: the instants ``star`` may be asked about.
        bso, beo: First ordinal of each block and the ordinal after its last day; the
            hot paths bisect a wall date in ``bso`` to learn whether it is special.
        bdst: Whether each block holds a clock change; then its instants need the
            zone's own offset instead of the single offset of the run before it.
        rs, re: Real instants where each block starts and ends (its wall midnights).
        roff: Per run, wall minus real (the zone offset plus the distance between the
            two epochs): constant in a run, so a run converts with one addition.
        gstart, gend: Per run, ``G`` (business time as if every day were ordinary)
            at its first and last wall midnight.
        corr: Per run, what to add to ``G`` to get ``G*``: the business time the
            blocks before it gave, minus what ``G`` assumed for those days.
        cstart, cend: ``G*`` at the start and end of each run (``gstart + corr``).
        starts, ends: The ``G*`` bounds of the segments in order (run 0, block 0,
            run 1, ...), so one bisection finds the segment a ``G*`` value falls in.
        tables: Per block, its open intervals in real time with their totals.
    """

    __slots__ = (
        "bdst", "beo", "bso", "cend", "corr", "cstart", "ends", "gend", "gstart", "hi_o",
        "hi_r", "lo_o", "lo_r", "re", "roff", "rs", "starts", "tables", "years",
    )  # fmt: skip

    def __init__(
        self,
        key: str,
        day: Callable[[int], Intervals],
        special: Mapping[int, Intervals],
        g: Callable[[int], int],
        tables: dict[tuple[int, int, bool], Table],
        years: tuple[int, int],
    ) -> None:
        first, last = years
        self.years = years
        region: set[int] = set()
        for year in range(first - 1, last + 2):
            for real, before, after in transitions(key, year):
                # The wall readings either side of the change, as wall microseconds.
                low, high = sorted((real + before, real + after))
                low, high = low + WALL_EPOCH_TO_UNIX, high + WALL_EPOCH_TO_UNIX
                region.update(range(low // DAY, high // DAY + 3))  # ordinal-1 .. ordinal+1
        runs: list[list[int]] = []
        for o in sorted(region.union(special)):
            if runs and o == runs[-1][1]:
                runs[-1][1] = o + 1
            else:
                runs.append([o, o + 1])
        lo_o, hi_o = date(first, 1, 1).toordinal(), date(last + 1, 1, 1).toordinal()
        for so, eo in runs:  # never cut a block at the window's edges
            lo_o = so if so < lo_o < eo else lo_o
            hi_o = eo if so < hi_o < eo else hi_o
        kept = [(so, eo) for so, eo in runs if eo > lo_o and so < hi_o]
        self.lo_o, self.hi_o = lo_o, hi_o
        self.bso = [so for so, _ in kept]
        self.beo = [eo for _, eo in kept]
        self.bdst = [any(o in region for o in range(so, eo)) for so, eo in kept]
        self.rs = [wall_to_real(key, (so - 1) * DAY) for so, _ in kept]
        self.re = [wall_to_real(key, (eo - 1) * DAY) for _, eo in kept]
        run_starts = [(lo_o - 1) * DAY] + [(eo - 1) * DAY for eo in self.beo]
        run_ends = [(so - 1) * DAY for so in self.bso] + [(hi_o - 1) * DAY]
        self.roff = [w - wall_to_real(key, w) for w in run_starts]
        self.gstart = [g(w) for w in run_starts]
        self.gend = [g(w) for w in run_ends]
        self.lo_r = run_starts[0] - self.roff[0]
        self.hi_r = run_ends[-1] - self.roff[-1]
        self.tables: list[Table] = []
        for i, (so, eo) in enumerate(kept):
            table = tables.get((so, eo, self.bdst[i]))
            if table is None:
                table = tables[(so, eo, self.bdst[i])] = self._lay(key, day, i)
            self.tables.append(table)
        self.corr = [0]
        for i, table in enumerate(self.tables):
            self.corr.append(self.gend[i] + self.corr[i] + table.total - self.gstart[i + 1])
        self.cstart = [g + c for g, c in zip(self.gstart, self.corr, strict=True)]
        self.cend = [g + c for g, c in zip(self.gend, self.corr, strict=True)]
        self.starts = [self.cstart[0]]
        self.ends: list[int] = []
        for i in range(len(kept)):
            self.starts += (self.cend[i], self.cstart[i + 1])
            self.ends += (self.cend[i], self.cstart[i + 1])
        self.ends.append(self.cend[-1])

    def _lay(self, key: str, day: Callable[[int], Intervals], i: int) -> Table:
        # A block's open intervals in real time. Near a clock change each end is
        # mapped with the zone's own offset (fold=0); elsewhere the offset is constant.
        off, pieces = self.roff[i], []
        for o in range(self.bso[i], self.beo[i]):
            base = (o - 1) * DAY
            for a, b in day(o):
                wa, wb = base + a * SECOND, base + b * SECOND
                if self.bdst[i]:
                    pieces.append((wall_to_real(key, wa), wall_to_real(key, wb)))
                else:
                    pieces.append((wa - off, wb - off))
        low, high = self.rs[i], self.re[i]
        return Table([(max(a, low), min(b, high)) for a, b in pieces])


def open_spans(win: Window, wb: list[int], x: int, y: int) -> list[list[int]]:
    """The open intervals of ``[x, y)`` (inside ``win``), in order, merged where they touch.

    ``wb`` is the week's interval bounds (wall time, from a Monday): a run repeats them.
    """
    spans: list[list[int]] = []

    def emit(a: int, b: int) -> None:
        a, b = max(a, x), min(b, y)
        if a >= b:
            return
        if spans and spans[-1][1] >= a:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])

    rs, re = win.rs, win.re
    i = bisect_right(rs, x)
    block = bool(i) and x < re[i - 1]
    if block:
        i -= 1
    while True:
        if block:  # a block lists its intervals in real time
            bounds = win.tables[i].b
            for k in range(0, len(bounds), 2):
                emit(bounds[k], bounds[k + 1])
            if re[i] >= y:
                return spans
            i, block = i + 1, False
            continue
        # A run repeats the week's intervals, on the wall clock shifted by one offset.
        low = re[i - 1] if i else win.lo_r
        high = rs[i] if i < len(rs) else win.hi_r
        off, first, stop = win.roff[i], max(x, low), min(y, high)
        if first < stop:
            q, r = divmod(first + off, WEEK)
            k = bisect_right(wb, r)
            k -= k & 1  # the interval holding ``first``, or the next one
            while True:
                if k == len(wb):
                    q, k = q + 1, 0
                a = q * WEEK + wb[k] - off
                if a >= stop:
                    break
                emit(max(a, low), min(q * WEEK + wb[k + 1] - off, high))
                k += 2
        if i == len(rs) or high >= y:
            return spans
        block = True
