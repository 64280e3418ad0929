"""What special days and clock changes add to the weekly pattern's business time, summed from year 1.

Private to `aftersales_core.calendar`. Business time up to the start of a wall date
``o`` is a sum over the days before it of each day's real open time. Most days follow
the weekly pattern on a constant offset, and their sum has a closed form, ``G``
(see `._engine`); the rest differ from it by a **correction**:

* a **change day** (one whose wall clock a change of offset touches) on the weekly
  hours: its real open time minus the wall-clock one (``ds``);
* a **special day** (a holiday or an override): its real open time minus what the
  weekly hours would have given on that day (``hs``).

So ``S(o) = G(o) + ds(o) + hs(o)`` is the business time from year 1 to wall date
``o``, for any ``o``, without laying out the days between: special days are a
finite sorted list (one bisection), and change days are the zone's explicit ones
(one bisection) followed by its rule, which repeats every 400 Gregorian years
(146 097 days, a whole number of weeks), so a far date is whole cycles plus one
bisection in a cycle. A day's real open time is its intervals read on the zone's
clock (``fold=0``) and clipped to the day's own real span, so a date the zone skips
(a date-line change) has none.

Examples:
    >>> from aftersales_core.calendar._zone import zone_changes
    >>> week = tuple(((9 * 3600, 17 * 3600),) if i < 5 else () for i in range(7))
    >>> sums = Corrections(zone_changes("Europe/Berlin"), week, {})
    >>> sums.ds(date(2026, 1, 1).toordinal()) == sums.ds(date(9990, 1, 1).toordinal())
    True
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from datetime import date
from itertools import accumulate

from .._internal.instants import WALL_EPOCH_TO_UNIX
from ._layout import Intervals, day_real
from ._zone import _REACH, DAY, SECOND, ZoneChanges

__all__ = ["CYCLE", "Corrections"]

CYCLE = 146_097
"""Days in 400 Gregorian years: weekdays and a zone's rule repeat after it."""


def _wall_total(hours: Intervals) -> int:
    return sum(b - a for a, b in hours) * SECOND


class Corrections:
    """``ds`` and ``hs`` of one calendar: see the module docstring.

    Args:
        zone: The zone's changes of offset.
        week: Seven tuples of ``(start, end)`` seconds, Monday first.
        special: Ordinal -> intervals of holidays (none) and overrides.
    """

    __slots__ = (
        "_cycle", "_hs", "_prefix", "_shapes", "_special", "cycle_from", "special_days", "week",
        "wtotal", "zone",
    )  # fmt: skip

    def __init__(
        self, zone: ZoneChanges, week: tuple[Intervals, ...], special: Mapping[int, Intervals]
    ):
        self.zone, self.week = zone, week
        self.wtotal = [_wall_total(hours) for hours in week]
        self.special_days = sorted(special)
        self._shapes: dict[tuple[object, ...], int] = {}
        # The rule's changes repeat from the first whole year it alone decides.
        start = zone.rule_from if zone.rule is not None else 1 << 62
        year = _year(start) + 2 if start < 1 << 61 else 10_000
        self.cycle_from = date(year, 1, 1).toordinal() if year + 400 <= 9999 else None
        self._prefix: tuple[list[int], list[int], dict[int, int]] | None = None
        self._cycle: tuple[list[int], list[int], dict[int, int], int] | None = None
        self._hs: tuple[list[int], list[int]] | None = None
        self._special = dict(special)

    # -- change days -------------------------------------------------------------------------
    def _days_of(self, lo_o: int, hi_o: int) -> dict[int, int]:
        """Change days in ``[lo_o, hi_o)`` with their corrections."""
        zone = self.zone
        lo = (lo_o - 1) * DAY - WALL_EPOCH_TO_UNIX - _REACH
        hi = (hi_o - 1) * DAY - WALL_EPOCH_TO_UNIX + _REACH
        out: dict[int, int] = {}
        for t, before, after in zone.between(lo, hi):
            first = (t + min(before, after) + WALL_EPOCH_TO_UNIX) // DAY + 1
            last = (t + max(before, after) + WALL_EPOCH_TO_UNIX) // DAY + 1
            for o in range(max(first, lo_o), min(last, hi_o - 1) + 1):
                if o not in out:
                    out[o] = self._change(o, t, before, after)
        return out

    def _change(self, o: int, t: int, before: int, after: int) -> int:
        # Same weekday, same change at the same wall time of day: the same correction (the
        # rule's changes are a handful of shapes, so a 400-year cycle costs a few layouts).
        wd = (o - 1) % 7
        key = (wd, t + before + WALL_EPOCH_TO_UNIX - (o - 1) * DAY, before, after)
        found = self._shapes.get(key)
        if found is None:
            real = day_real(self.zone.wall_to_real, o, self.week[wd]).total
            found = self._shapes[key] = real - self.wtotal[wd]
        return found

    def _prefix_sums(self) -> tuple[list[int], list[int], dict[int, int]]:
        if self._prefix is None:
            end = self.cycle_from if self.cycle_from is not None else date.max.toordinal() + 1
            found = self._days_of(1, end)
            days = sorted(found)
            self._prefix = days, [0, *accumulate(found[o] for o in days)], found
        return self._prefix

    def _cycle_sums(self) -> tuple[list[int], list[int], dict[int, int], int]:
        if self._cycle is None:
            assert self.cycle_from is not None
            found = self._days_of(self.cycle_from, self.cycle_from + CYCLE)
            offsets = {o - self.cycle_from: c for o, c in found.items()}
            days = sorted(offsets)
            sums = [0, *accumulate(offsets[o] for o in days)]
            self._cycle = days, sums, offsets, sums[-1]
        return self._cycle

    def change(self, o: int) -> int | None:
        """The correction of wall date ``o`` on the weekly hours; ``None`` if no change touches it."""
        if self.cycle_from is None or o < self.cycle_from:
            return self._prefix_sums()[2].get(o)
        return self._cycle_sums()[2].get((o - self.cycle_from) % CYCLE)

    def change_days(self, lo_o: int, hi_o: int) -> list[int]:
        """The change days in ``[lo_o, hi_o)``, in order."""
        out: list[int] = []
        cut = hi_o if self.cycle_from is None else min(hi_o, self.cycle_from)
        if lo_o < cut:
            days = self._prefix_sums()[0]
            out += days[bisect_left(days, lo_o) : bisect_left(days, cut)]
        if self.cycle_from is not None and hi_o > self.cycle_from:
            days = self._cycle_sums()[0]
            first = max(lo_o, self.cycle_from)
            q, r = divmod(first - self.cycle_from, CYCLE)
            while True:
                base = self.cycle_from + q * CYCLE
                for d in days[bisect_left(days, r) :]:
                    if base + d >= hi_o:
                        return out
                    out.append(base + d)
                q, r = q + 1, 0
                if base + CYCLE >= hi_o:
                    return out
        return out

    def ds(self, o: int) -> int:
        """The sum of the change days' corrections before wall date ``o``."""
        days, sums, _ = self._prefix_sums()
        if self.cycle_from is None or o <= self.cycle_from:
            return sums[bisect_left(days, o)]
        cdays, csums, _, total = self._cycle_sums()
        q, r = divmod(o - self.cycle_from, CYCLE)
        return sums[-1] + q * total + csums[bisect_left(cdays, r)]

    # -- special days ------------------------------------------------------------------------
    def delta(self, o: int) -> int:
        """Real open time of special date ``o`` minus the weekly hours' on it."""
        wd = (o - 1) % 7
        hours = self._special[o]
        if self.change(o) is None:  # a constant offset all day: wall time is real time
            return _wall_total(hours) - self.wtotal[wd]
        wall_to_real = self.zone.wall_to_real
        return (
            day_real(wall_to_real, o, hours).total - day_real(wall_to_real, o, self.week[wd]).total
        )

    def hs(self, o: int) -> int:
        """The sum of the special days' corrections before wall date ``o``."""
        if self._hs is None:
            self._hs = self.special_days, self._special_sums()
        days, sums = self._hs
        return sums[bisect_left(days, o)]

    def _special_sums(self) -> list[int]:
        # `delta` for every special day, inlined: a calendar may list a million holidays.
        days, special, wtotal, cycle_from = (
            self.special_days,
            self._special,
            self.wtotal,
            self.cycle_from,
        )
        prefix = self._prefix_sums()[2]
        late = cycle_from is not None and bool(days) and days[-1] >= cycle_from
        cycle = self._cycle_sums()[2] if late else {}
        totals: dict[Intervals, int] = {}
        sums, total = [0], 0
        for o in days:
            hours = special[o]
            if cycle_from is None or o < cycle_from:
                changed = o in prefix
            else:
                changed = (o - cycle_from) % CYCLE in cycle
            if changed:
                total += self.delta(o)
            else:
                found = totals.get(hours)
                if found is None:
                    found = totals[hours] = _wall_total(hours)
                total += found - wtotal[(o - 1) % 7]
            sums.append(total)
        return sums

    def specials_in(self, lo_o: int, hi_o: int) -> list[int]:
        """The special days in ``[lo_o, hi_o)``, in order."""
        days = self.special_days
        return days[bisect_left(days, lo_o) : bisect_left(days, hi_o)]

    def next_special(self, o: int) -> int | None:
        """The first special day at or after ``o``."""
        days = self.special_days
        i = bisect_left(days, o)
        return days[i] if i < len(days) else None

    def prev_special(self, o: int) -> int | None:
        """The last special day before ``o``."""
        days = self.special_days
        i = bisect_right(days, o - 1)
        return days[i - 1] if i else None


def _year(real: int) -> int:
    days = real // DAY + (WALL_EPOCH_TO_UNIX // DAY) + 1
    return date.fromordinal(min(max(days, 1), date.max.toordinal())).year
