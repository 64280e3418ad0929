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
from collections.abc import Callable

from ._zone import DAY, SECOND, WEEK

__all__ = ["Intervals", "Table", "Window", "day_real", "open_spans"]

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
    """Runs, blocks and ``G*`` for a span of wall dates: one tile of the timeline.

    Block ``i`` lies between run ``i`` and run ``i + 1``, so there is one more run
    than blocks. Lists named ``b*`` have one entry per block, ``r*`` and ``g*`` /
    ``c*`` / ``corr`` one per run (``rs`` and ``re`` are the exception: they are the
    real bounds of the *blocks*, i.e. where runs end and start again). Real
    instants are UTC microseconds since 1970; wall ones count from 0001-01-01.

    ``G*`` is absolute: the business time from 0001-01-01 in the calendar's zone
    (``corr[0]`` is `Corrections`' sum up to the tile), so two tiles agree wherever
    both are defined and any number of them may be laid out, far apart or not.

    Attributes:
        lo_o, hi_o: Ordinals ``[lo_o, hi_o)`` of the wall dates covered.
        lo_r, hi_r: The same span in real time: the instants ``star`` may be asked about.
        bso, beo: First ordinal of each block and the ordinal after its last day; the
            hot paths bisect a wall date in ``bso`` to learn whether it is special.
        bdst: Whether each block holds a change day; then its instants need the
            zone's own offset instead of the single offset of the run before it.
        rs, re: Real instants where each block starts and ends (its wall midnights).
        roff: Per run, wall minus real (the zone offset plus the distance between the
            two epochs): constant in a run, so a run converts with one addition.
        gstart, gend: Per run, ``G`` (business time as if every day were ordinary)
            at its first and last wall midnight.
        corr: Per run, what to add to ``G`` to get ``G*``.
        cstart, cend: ``G*`` at the start and end of each run (``gstart + corr``).
        starts, ends: The ``G*`` bounds of the segments in order (run 0, block 0,
            run 1, ...), so one bisection finds the segment a ``G*`` value falls in.
        tables: Per block, its open intervals in real time with their totals.
    """

    __slots__ = (
        "bdst", "beo", "bso", "cend", "corr", "cstart", "ends", "gend", "gstart", "hi_o",
        "hi_r", "lo_o", "lo_r", "re", "roff", "rs", "starts", "tables",
    )  # fmt: skip

    def __init__(
        self,
        wall_to_real: Callable[[int], int],
        day: Callable[[int], Intervals],
        special_days: list[int],
        change_days: list[int],
        g: Callable[[int], int],
        tables: dict[tuple[int, int, bool], Table],
        span: tuple[int, int],
        base: int,
    ) -> None:
        lo_o, hi_o = span
        changed = set(change_days)
        runs: list[list[int]] = []
        for o in sorted(changed.union(special_days)):
            if runs and o == runs[-1][1]:
                runs[-1][1] = o + 1
            else:
                runs.append([o, o + 1])
        self.lo_o, self.hi_o = lo_o, hi_o
        self.bso = [so for so, _ in runs]
        self.beo = [eo for _, eo in runs]
        self.bdst = [any(o in changed for o in range(so, eo)) for so, eo in runs]
        self.rs = [wall_to_real((so - 1) * DAY) for so, _ in runs]
        self.re = [wall_to_real((eo - 1) * DAY) for _, eo in runs]
        run_starts = [(lo_o - 1) * DAY] + [(eo - 1) * DAY for eo in self.beo]
        run_ends = [(so - 1) * DAY for so in self.bso] + [(hi_o - 1) * DAY]
        self.roff = [w - wall_to_real(w) for w in run_starts]
        self.gstart = [g(w) for w in run_starts]
        self.gend = [g(w) for w in run_ends]
        self.lo_r = run_starts[0] - self.roff[0]
        self.hi_r = wall_to_real(run_ends[-1])
        self.tables: list[Table] = []
        for i, (so, eo) in enumerate(runs):
            table = tables.get((so, eo, self.bdst[i]))
            if table is None:
                table = tables[(so, eo, self.bdst[i])] = self._lay(wall_to_real, day, i)
            self.tables.append(table)
        self.corr = [base]
        for i, table in enumerate(self.tables):
            self.corr.append(self.gend[i] + self.corr[i] + table.total - self.gstart[i + 1])
        self.cstart = [g + c for g, c in zip(self.gstart, self.corr, strict=True)]
        self.cend = [g + c for g, c in zip(self.gend, self.corr, strict=True)]
        self.starts = [self.cstart[0]]
        self.ends: list[int] = []
        for i in range(len(runs)):
            self.starts += (self.cend[i], self.cstart[i + 1])
            self.ends += (self.cend[i], self.cstart[i + 1])
        self.ends.append(self.cend[-1])

    def _lay(
        self, wall_to_real: Callable[[int], int], day: Callable[[int], Intervals], i: int
    ) -> Table:
        # A block's open intervals in real time. On a change day each end is read on the
        # zone's clock (fold=0) and kept within the day's own real span, so a date the zone
        # skips has none; elsewhere the offset is constant and a subtraction does.
        off, pieces = self.roff[i], list[tuple[int, int]]()
        for o in range(self.bso[i], self.beo[i]):
            if self.bdst[i]:
                pieces += zip(*_day_bounds(wall_to_real, o, day(o)), strict=True)
            else:
                base = (o - 1) * DAY - off
                pieces += [(base + a * SECOND, base + b * SECOND) for a, b in day(o)]
        return Table(pieces)


def _day_bounds(
    wall_to_real: Callable[[int], int], o: int, hours: Intervals
) -> tuple[list[int], list[int]]:
    """Starts and ends of a date's intervals in real time, clipped to the date's real span."""
    base = (o - 1) * DAY
    low, high = wall_to_real(base), wall_to_real(base + DAY)
    starts, ends = [], []
    for a, b in hours:
        starts.append(max(wall_to_real(base + a * SECOND), low))
        ends.append(min(wall_to_real(base + b * SECOND), high))
    return starts, ends


def day_real(wall_to_real: Callable[[int], int], o: int, hours: Intervals) -> Table:
    """The open intervals of wall date ``o`` in real time, clipped to the date's real span.

    Examples:
        >>> day_real(lambda w: w, 1, ((0, 3600),)).total
        3600000000
    """
    return Table(list(zip(*_day_bounds(wall_to_real, o, hours), strict=True)))


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
