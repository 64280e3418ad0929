"""The integer engine behind `BusinessCalendar`.

Private. All arithmetic is on integer microseconds (see `._zone` for the wall
and real coordinates; real ones are UTC microseconds since 1970, the library's
one integer instant); pendulum appears only at the edges.

In a run of ordinary days the business time up to a wall instant ``w`` has a
closed form, ``G(w)``: whole weeks times the weekly total plus a bisection in
one week's table. `Corrections` adds what special days and clock changes change,
so ``G*``, the business time from 0001-01-01, is known at the start of any wall
date without laying out the days before it (`Engine.day_star`). A `Window` (a
**tile** of about a year) chains the runs and special blocks of the dates asked
about; tiles are laid out only where instants fall, kept in a small cache, and
agree with each other because ``G*`` is absolute. Adding ``d`` to ``x`` is
``G*(x) + d``, inverted in the tile it falls in, which a bisection over wall
dates (`Engine.reaching`) finds however far away it is: O(log) in the days and
special days crossed, O(1) in the length of the duration.

Examples:
    >>> from aftersales_core.calendar._zone import wall_of, wall_to_real
    >>> nine_to_five = tuple(((9 * 3600, 17 * 3600),) if i < 5 else () for i in range(7))
    >>> engine = Engine("UTC", nine_to_five, {})
    >>> friday_4pm = wall_to_real("UTC", wall_of(2026, 2, 13, 16))
    >>> win, two_hours = engine.window_at(friday_4pm), 2 * 3600 * 1_000_000
    >>> engine.out(engine.earliest(win, engine.star(win, friday_4pm) + two_hours)).isoformat()
    '2026-02-16T10:00:00+00:00'
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from datetime import date
from zoneinfo import ZoneInfo

import pendulum

from .._internal.instants import UNIX_EPOCH_ORDINAL, WALL_EPOCH_TO_UNIX, from_unix_micros
from ..errors import ValidationError
from ._corrections import Corrections
from ._layout import Intervals, Table, Window
from ._rows import IN_BLOCK, DayInfo, DayRow, row
from ._zone import DAY, SECOND, WEEK, zone_changes

__all__ = ["TILE", "Engine", "year_of", "year_of_ordinal"]

_DateTime = pendulum.DateTime


class Engine:
    """Business-time arithmetic for one zone, weekly pattern and set of special days.

    Args:
        key: IANA zone name.
        week: Seven tuples of ``(start, end)`` seconds since midnight, Monday first.
        special: Ordinal -> intervals for holidays (empty) and overrides.
        years: The first and last year of wall dates the calendar counts: 1 to 9999,
            or the years a country's holidays are known for.
    """

    # Flat slots rather than a Table for the week: the closures in ``_fast`` read
    # them once into locals, and ``g`` runs on every call.
    __slots__ = (
        "W",  # business time in one ordinary week: the period of ``g``
        "changes",  # the zone's changes of offset (ZoneChanges), for any year
        "days",  # the seven weekdays' intervals (seconds), Monday first
        "daytabs",  # a Table per weekday, for the per-date fast paths
        "full",  # open all week: a "next close" exists only near special days
        "hi_o",  # the wall date after the last one counted
        "hi_r",  # ... and its real instant: no instant at or after it is counted
        "hms_seen",  # second of the day -> (h, m, s): building results is the hot step
        "key",  # IANA name, for the zone arithmetic of tiles and clock changes
        "known",  # ordinal -> DayRow, for any tile (G* is absolute: rows never go stale)
        "lo_o",  # the first wall date counted
        "lo_r",  # ... and its real instant
        "offsets",  # ordinal -> wall minus real on that date, or None on a change day
        "special",  # ordinal -> intervals of holidays (none) and overrides
        "sums",  # Corrections: G* at the start of any date, without a layout
        "tables",  # block Tables by (first, end, dst), reused when a tile is rebuilt
        "tiles",  # tile number -> Window, the tiles laid out so far (bounded)
        "tz",  # pendulum's zone object: results carry it, inputs are compared to it
        "wb",  # the week's Table, flattened: ``b`` (see Table) ...
        "wbase",  # ... ``base``,
        "wce",  # ... ``ce``,
        "wcs",  # ... ``cs``,
        "win",  # the tile used last: the first one tried
        "wshift",  # ... and ``shift``
        "years",  # the first and last year counted, for messages
        "ymd_seen",  # day number -> (y, m, d), bounded
        "zone",  # zoneinfo's object for the same zone: stdlib inputs may carry it
    )  # fmt: skip

    def __init__(
        self,
        key: str,
        week: tuple[Intervals, ...],
        special: Mapping[int, Intervals],
        years: tuple[int, int] = (1, 9999),
    ):
        self.key = key
        self.zone = ZoneInfo(key)
        self.tz = pendulum.timezone(key)
        self.changes = zone_changes(key)
        self.days = week
        self.special = dict(special)
        self.sums = Corrections(self.changes, week, self.special)
        wtab = Table(
            [(i * DAY + a * SECOND, i * DAY + b * SECOND) for i in range(7) for a, b in week[i]]
        )
        self.W = wtab.total
        self.daytabs = [Table([(a * SECOND, b * SECOND) for a, b in hours]) for hours in week]
        self.full = self.W == WEEK
        self.wb, self.wbase, self.wcs, self.wce, self.wshift = (
            wtab.b, wtab.base, wtab.cs, wtab.ce, wtab.shift,
        )  # fmt: skip
        self.years = years
        self.lo_o = date(years[0], 1, 1).toordinal()
        self.hi_o = date(years[1], 12, 31).toordinal() + 1
        self.lo_r = self.changes.wall_to_real((self.lo_o - 1) * DAY)
        self.hi_r = self.changes.wall_to_real((self.hi_o - 1) * DAY)
        self.tables: dict[tuple[int, int, bool], Table] = {}
        self.tiles: dict[int, Window] = {}
        self.ymd_seen: dict[int, tuple[int, int, int]] = {}
        self.hms_seen: dict[int, tuple[int, int, int]] = {}
        self.known: dict[int, DayRow] = {}
        self.offsets: dict[int, int | None] = {}
        self.win: Window | None = None

    # -- the closed form in a run ---------------------------------------------------------
    def g(self, wall: int) -> int:
        """Business time from the epoch to ``wall``, as if every day were ordinary."""
        q, r = divmod(wall, WEEK)
        k = bisect_right(self.wb, r)
        return q * self.W + self.wbase[k] + (r if k & 1 else 0)

    def g_earliest(self, target: int) -> int:
        """First wall instant where ``g`` reaches ``target`` (``target > 0``)."""
        q, r = divmod(target, self.W)
        if not r:
            q, r = q - 1, self.W
        return q * WEEK + r + self.wshift[bisect_left(self.wce, r)]

    def g_latest(self, target: int) -> int:
        """Last wall instant where ``g`` equals ``target``."""
        q, r = divmod(target, self.W)
        return q * WEEK + r + self.wshift[bisect_right(self.wcs, r) - 1]

    def day(self, ordinal: int) -> Intervals:
        """The opening intervals (seconds) of a wall date."""
        found = self.special.get(ordinal)
        return self.days[(ordinal - 1) % 7] if found is None else found

    # -- G* at the start of any date, and the dates where it reaches a value ---------------
    def day_star(self, ordinal: int) -> int:
        """``G*`` at the real start of wall date ``ordinal``, for any date, without a tile."""
        sums = self.sums
        return self.g((ordinal - 1) * DAY) + sums.ds(ordinal) + sums.hs(ordinal)

    def reaching(self, target: int, lo: int, hi: int) -> int | None:
        """The first date of ``[lo, hi)`` by whose end ``G*`` reaches ``target``; ``None`` if none."""
        if self.day_star(hi) < target:
            return None
        while lo < hi:
            mid = (lo + hi) // 2
            if self.day_star(mid + 1) >= target:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def last_at_most(self, target: int, lo: int, hi: int) -> int | None:
        """The last date of ``[lo, hi)`` at whose start ``G*`` is at most ``target``."""
        if self.day_star(lo) > target:
            return None
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.day_star(mid) <= target:
                lo = mid
            else:
                hi = mid
        return lo

    # -- tiles ------------------------------------------------------------------------------
    def refuse(self, year: int, field: str = "instant") -> ValidationError:
        """The error for a computation that reaches a year the calendar does not count."""
        first, last = self.years
        if (first, last) == (1, 9999):
            rule = "is a year outside 1-9999, the years the calendar counts"
        else:
            rule = (
                f"is a year outside {first}-{last}, the years this calendar's country "
                "holidays cover; build it with country_holidays for the years you need"
            )
        return ValidationError(field=field, value=year, rule=rule)

    def tile(self, k: int) -> Window:
        """Tile ``k``: wall dates ``[k * TILE + 1, (k + 1) * TILE + 1)``, within the years counted."""
        win = self.tiles.get(k)
        if win is None:
            lo = max(k * TILE + 1, self.lo_o)
            hi = min((k + 1) * TILE + 1, self.hi_o)
            if lo >= hi:
                raise self.refuse(year_of_ordinal(k * TILE + 1))
            sums = self.sums
            win = Window(
                self.changes.wall_to_real, self.day, sums.specials_in(lo, hi),
                sums.change_days(lo, hi), self.g, self.tables, (lo, hi),
                sums.ds(lo) + sums.hs(lo),
            )  # fmt: skip
            if len(self.tiles) >= MAX_TILES:  # a bound, not an LRU: a tile is cheap to rebuild
                self.tiles.clear()
                self.tables.clear()
            self.tiles[k] = win
        self.win = win
        return win

    def window_on(self, ordinal: int) -> Window:
        """The tile covering the wall date ``ordinal``."""
        win = self.win
        if win is not None and win.lo_o <= ordinal < win.hi_o:
            return win
        if not self.lo_o <= ordinal < self.hi_o:
            raise self.refuse(year_of_ordinal(ordinal))
        return self.tile((ordinal - 1) // TILE)

    def window_at(self, real: int, backward: bool = False) -> Window:
        """The tile covering ``real`` (as an end point if ``backward``)."""
        win = self.win
        if win is not None and (
            (win.lo_r < real <= win.hi_r) if backward else (win.lo_r <= real < win.hi_r)
        ):
            return win
        if not ((self.lo_r < real <= self.hi_r) if backward else (self.lo_r <= real < self.hi_r)):
            raise self.refuse(year_of(real))
        # The UTC date is within a day of the wall date: its tile or a neighbour holds it.
        k = (real // DAY + UNIX_EPOCH_ORDINAL - 1) // TILE
        for j in (k, k - 1, k + 1):
            if self.lo_o <= j * TILE + TILE and j * TILE + 1 < self.hi_o:
                win = self.tile(j)
                if (win.lo_r < real <= win.hi_r) if backward else (win.lo_r <= real < win.hi_r):
                    return win
        raise AssertionError("no tile holds an instant within the years counted")

    def offset_on(self, ordinal: int) -> int | None:
        """Wall minus real on a wall date, remembered; ``None`` on a change day.

        Reading an instant in the calendar's zone is then one subtraction: SLA clocks
        read every event this way. Outside the years counted there is no tile: ``None``.
        """
        if not self.lo_o <= ordinal < self.hi_o:
            return None
        win = self.window_on(ordinal)
        i = bisect_right(win.bso, ordinal)
        if i and ordinal < win.beo[i - 1]:
            found = None if win.bdst[i - 1] else win.roff[i - 1]
        else:
            found = win.roff[i]
        if len(self.offsets) > MAX_ROWS:
            self.offsets.clear()
        self.offsets[ordinal] = found
        return found

    def day_info(self, ordinal: int) -> DayRow:
        """The `DayInfo` of a wall date (as a `DayRow`), remembered; `IN_BLOCK` for a special day.

        The hot paths read ``known`` directly and call this only on a miss.
        """
        win = self.window_on(ordinal)
        i = bisect_right(win.bso, ordinal)
        if i and ordinal < win.beo[i - 1]:
            info = IN_BLOCK
        else:
            d, t, corr = date.fromordinal(ordinal), self.daytabs[(ordinal - 1) % 7], win.corr[i]
            info = row(DayInfo(
                window=win, corr=corr, run_start=win.cstart[i], run_end=win.cend[i],
                midnight=self.g((ordinal - 1) * DAY) + corr, year=d.year, month=d.month,
                day=d.day, b=t.b, base=t.base, cs=t.cs, ce=t.ce, shift=t.shift, total=t.total,
            ))  # fmt: skip
        if len(self.known) > MAX_ROWS:
            self.known.clear()
        self.known[ordinal] = info
        return info

    # -- G* and its inverses on one tile ------------------------------------------------------
    def star(self, win: Window, x: int) -> int:
        """``G*`` of the real instant ``x`` (``lo_r <= x <= hi_r``)."""
        i = bisect_right(win.rs, x)
        if i and x < win.re[i - 1]:
            return win.cend[i - 1] + win.tables[i - 1].f(x)
        return self.g(x + win.roff[i]) + win.corr[i]

    def star_at(self, x: int, backward: bool = False) -> int:
        """``G*`` of any real instant within the years counted."""
        return self.star(self.window_at(x, backward), x)

    def earliest(self, win: Window, target: int) -> int | None:
        """First real instant where ``G*`` reaches ``target``; ``None`` past the tile."""
        k = bisect_left(win.ends, target)
        if k == len(win.ends):
            return None
        j = k >> 1
        if k & 1:
            return win.tables[j].earliest(target - win.cend[j])
        return self.g_earliest(target - win.corr[j]) - win.roff[j]

    def latest(self, win: Window, target: int) -> int | None:
        """Last real instant where ``G*`` equals ``target``; ``None`` before the tile."""
        k = bisect_right(win.starts, target) - 1
        if k < 0:
            return None
        j = k >> 1
        if k & 1:
            return win.tables[j].latest(target - win.cend[j])
        return self.g_latest(target - win.corr[j]) - win.roff[j]

    # -- the edge out: integers to pendulum values -----------------------------------------
    def ymd(self, days: int) -> tuple[int, int, int]:
        """``(year, month, day)`` of a day count since 0001-01-01, remembered."""
        if len(self.ymd_seen) > 50_000:
            self.ymd_seen.clear()
        d = date.fromordinal(days + 1)
        found = self.ymd_seen[days] = (d.year, d.month, d.day)
        return found

    def hms(self, sec: int) -> tuple[int, int, int]:
        """``(hour, minute, second)`` of a second of the day, remembered."""
        hour, rest = divmod(sec, 3600)
        minute, second = divmod(rest, 60)
        found = self.hms_seen[sec] = (hour, minute, second)
        return found

    def wall_datetime(self, wall: int) -> pendulum.DateTime:
        """The pendulum ``DateTime`` of an unambiguous wall instant."""
        days, tod = divmod(wall, DAY)
        sec, micro = divmod(tod, SECOND)
        y, m, d = self.ymd_seen.get(days) or self.ymd(days)
        hour, minute, second = self.hms_seen.get(sec) or self.hms(sec)
        # Positional arguments: pendulum.DateTime is the C datetime constructor, and
        # keywords or star-arguments cost it twice the time.
        return _DateTime(y, m, d, hour, minute, second, micro, self.tz)

    def out(self, real: int) -> pendulum.DateTime:
        """The pendulum ``DateTime`` in the calendar's zone of a real instant."""
        if not self.lo_r <= real < self.hi_r:  # no tile: the zone's own reading, if any
            wall = real + self.changes.offset_at(real) + WALL_EPOCH_TO_UNIX
            if not 0 <= wall < date.max.toordinal() * DAY:
                raise ValidationError(
                    field="instant",
                    value=real,
                    rule="is outside the years 1-9999 in the calendar's zone",
                )
            return from_unix_micros(real, self.key)
        win = self.window_at(real)
        i = bisect_right(win.rs, real)
        if i and real < win.re[i - 1]:
            if win.bdst[i - 1]:
                return from_unix_micros(real, self.key)
            return self.wall_datetime(real + win.roff[i - 1])
        return self.wall_datetime(real + win.roff[i])

    def open_end(self, x: int) -> int | None:
        """The end of the open interval holding ``x`` within its run or block; ``None`` if closed."""
        win = self.window_at(x)
        i = bisect_right(win.rs, x)
        if i and x < win.re[i - 1]:
            b = win.tables[i - 1].b
            k = bisect_right(b, x)
            return b[k] if k & 1 else None
        off = win.roff[i]
        run_end = win.rs[i] if i < len(win.rs) else win.hi_r
        if self.full:
            return run_end
        q, r = divmod(x + off, WEEK)
        k = bisect_right(self.wb, r)
        return min(q * WEEK + self.wb[k] - off, run_end) if k & 1 else None


TILE = 400
"""Wall dates per tile: about a year, laid out in well under a millisecond."""
MAX_TILES = 64
"""Tiles kept per calendar before the cache starts again."""
MAX_ROWS = 100_000
"""Dates kept in the per-date caches before they start again."""


def year_of(real: int) -> int:
    """The UTC year of a real instant, clamped to the dates ``date`` can hold."""
    return year_of_ordinal(real // DAY + UNIX_EPOCH_ORDINAL)


def year_of_ordinal(ordinal: int) -> int:
    """The year of a date's ordinal, clamped to the dates ``date`` can hold."""
    return date.fromordinal(min(max(ordinal, 1), date.max.toordinal())).year
