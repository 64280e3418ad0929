"""The integer engine behind `BusinessCalendar`.

Private. All arithmetic is on integer microseconds (see `._calendar_zone`
for the wall and real coordinates); pendulum appears only at the edges.

In a run of ordinary days the business time up to a wall instant ``w`` has a
closed form, ``G(w)``: whole weeks times the weekly total plus a bisection in
one week's table. A `Window` chains the runs and the
special blocks into ``G*``, business time from the window's start. Adding ``d``
to ``x`` is then ``G*(x) + d``, located by one bisection over the segments and
inverted in the run or block it falls in: O(log n) in the number of special
days crossed, O(1) in the length of the duration. Elapsed time is a difference
of two ``G*``. A window covers a few years; a duration that runs past it
widens it and starts again.

Examples:
    >>> from aftersales_core.calendar._zone import to_datetime, wall_of, wall_to_real
    >>> nine_to_five = tuple(((9 * 3600, 17 * 3600),) if i < 5 else () for i in range(7))
    >>> engine = Engine("UTC", nine_to_five, {})
    >>> friday_4pm = wall_to_real("UTC", wall_of(2026, 2, 13, 16))
    >>> to_datetime("UTC", engine.add_real(friday_4pm, 2 * 3600 * 1_000_000)).isoformat()
    '2026-02-16T10:00:00+00:00'
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pendulum

from ..errors import ValidationError
from ._layout import Intervals, Table, Window
from ._zone import DAY, SECOND, WEEK, offset_us, real_of, to_datetime

__all__ = ["IN_BLOCK", "Engine", "Intervals"]

_DateTime = pendulum.DateTime
_MIN_YEAR, _MAX_YEAR = 3, 9997
_CHUNK = 8  # years added to a window at a time, at least
DayInfo = tuple[Any, ...]
"""``(window, corr, G* at run start, G* at run end, G* at midnight, year, month, day,
b, base, cs, ce, shift, total)``: a day's run and its weekday's table, for the hot paths."""
IN_BLOCK: DayInfo = (None, 0, 1 << 200, -1, 0, 1, 1, 1, [], [0], [0], [], [0], -1)
"""``day_info`` of a special day: bounds no target can pass, so the hot paths step aside."""


class Engine:
    """Business-time arithmetic for one zone, weekly pattern and set of special days.

    Args:
        key: IANA zone name.
        week: Seven tuples of ``(start, end)`` seconds since midnight, Monday first.
        special: Ordinal -> intervals for holidays (empty) and overrides.
    """

    __slots__ = (
        "W",
        "days",
        "daytabs",
        "full",
        "hms_seen",
        "key",
        "known",
        "last_special",
        "special",
        "tables",
        "tz",
        "wb",
        "wbase",
        "wce",
        "wcs",
        "win",
        "wshift",
        "ymd_seen",
        "zone",
    )  # fmt: skip

    def __init__(self, key: str, week: tuple[Intervals, ...], special: Mapping[int, Intervals]):
        self.key = key
        self.zone = ZoneInfo(key)
        self.tz = pendulum.timezone(key)
        self.days = week
        self.special = dict(special)
        self.last_special = max(self.special, default=0)
        wtab = Table(
            [(i * DAY + a * SECOND, i * DAY + b * SECOND) for i in range(7) for a, b in week[i]]
        )
        self.W = wtab.total
        self.daytabs = [Table([(a * SECOND, b * SECOND) for a, b in hours]) for hours in week]
        self.full = self.W == WEEK
        self.wb, self.wbase, self.wcs, self.wce, self.wshift = (
            wtab.b, wtab.base, wtab.cs, wtab.ce, wtab.shift,
        )  # fmt: skip
        self.tables: dict[tuple[int, int, bool], Table] = {}  # kept across windows
        self.ymd_seen: dict[int, tuple[int, int, int]] = {}  # day -> (year, month, day)
        self.hms_seen: dict[int, tuple[int, int, int]] = {}  # second of day -> (h, m, s)
        self.known: dict[int, DayInfo] = {}  # ordinal -> day_info, for the current window
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

    # -- windows --------------------------------------------------------------------------
    def _extend(self, year: int) -> Window:
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            raise ValidationError(
                field="instant", value=year,
                rule=f"is a year outside {_MIN_YEAR}-{_MAX_YEAR}, where the calendar counts",
            )  # fmt: skip
        first, last = (year - 2, year + _CHUNK) if self.win is None else self.win.years
        first = min(first, year - _CHUNK) if year <= first else first
        last = max(last, year + _CHUNK) if year >= last else last
        years = (max(first, _MIN_YEAR - 1), min(last, _MAX_YEAR + 1))
        win = Window(self.key, self.day, self.special, self.g, self.tables, years)
        self.known.clear()
        self.win = win
        return win

    def window_at(self, real: int, backward: bool = False) -> Window:
        """The window covering ``real`` (as an end point if ``backward``)."""
        win = self.win
        if win is not None and (
            (win.lo_r < real <= win.hi_r) if backward else (win.lo_r <= real < win.hi_r)
        ):
            return win
        return self._extend(_year_of(real))

    def window_on(self, ordinal: int) -> Window:
        """The window covering the wall date ``ordinal``."""
        win = self.win
        if win is not None and win.lo_o <= ordinal < win.hi_o:
            return win
        return self._extend(date.fromordinal(ordinal).year)

    def day_info(self, ordinal: int) -> DayInfo:
        """``(window, corr, G* at the run's start, G* at its end)`` of a wall date, remembered.

        A special day gives `IN_BLOCK`. The hot paths read ``known`` directly.
        """
        win = self.window_on(ordinal)
        i = bisect_right(win.bso, ordinal)
        if i and ordinal < win.beo[i - 1]:
            info = IN_BLOCK
        else:
            d, t, corr = date.fromordinal(ordinal), self.daytabs[(ordinal - 1) % 7], win.corr[i]
            info = (win, corr, win.cstart[i], win.cend[i], self.g((ordinal - 1) * DAY) + corr,
                    d.year, d.month, d.day, t.b, t.base, t.cs, t.ce, t.shift, t.total)  # fmt: skip
        self.known[ordinal] = info
        return info

    # -- G* and its inverses on one window --------------------------------------------------
    def star(self, win: Window, x: int) -> int:
        """``G*`` of the real instant ``x`` (``lo_r <= x <= hi_r``)."""
        i = bisect_right(win.rs, x)
        if i and x < win.re[i - 1]:
            return win.cend[i - 1] + win.tables[i - 1].f(x)
        return self.g(x + win.roff[i]) + win.corr[i]

    def earliest(self, win: Window, target: int) -> int | None:
        """First real instant where ``G*`` reaches ``target``; ``None`` past the window."""
        k = bisect_left(win.ends, target)
        if k == len(win.ends):
            return None
        j = k >> 1
        if k & 1:
            return win.tables[j].earliest(target - win.cend[j])
        return self.g_earliest(target - win.corr[j]) - win.roff[j]

    def latest(self, win: Window, target: int) -> int | None:
        """Last real instant where ``G*`` equals ``target``; ``None`` before the window."""
        k = bisect_right(win.starts, target) - 1
        if k < 0:
            return None
        j = k >> 1
        if k & 1:
            return win.tables[j].latest(target - win.cend[j])
        return self.g_latest(target - win.corr[j]) - win.roff[j]

    # -- the edges: instants in, instants out ---------------------------------------------
    def real(self, value: datetime) -> int:
        """Real microseconds of an aware datetime, reading the wall clock when it is ours."""
        tz = value.tzinfo
        if tz is not self.tz and tz is not self.zone:
            return real_of(value)
        o = value.toordinal()
        win = self.window_on(o)
        wall = ((o - 1) * 86_400 + value.hour * 3600 + value.minute * 60
                + value.second) * SECOND + value.microsecond  # fmt: skip
        i = bisect_right(win.bso, o)
        if i and o < win.beo[i - 1]:
            if win.bdst[i - 1]:
                return wall - offset_us(value.utcoffset())
            return wall - win.roff[i - 1]
        return wall - win.roff[i]

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
        win = self.window_at(real)
        i = bisect_right(win.rs, real)
        if i and real < win.re[i - 1]:
            if win.bdst[i - 1]:
                return to_datetime(self.key, real)
            return self.wall_datetime(real + win.roff[i - 1])
        return self.wall_datetime(real + win.roff[i])

    # -- arithmetic on real instants ------------------------------------------------------
    def add_real(self, x: int, d: int) -> int:
        """Earliest ``t >= x`` with ``d`` microseconds of business time in ``[x, t)``."""
        if d <= 0:
            return x
        win = self.window_at(x)
        while True:
            found = self.earliest(win, self.star(win, x) + d)
            if found is not None:
                return found
            # Past the window: widen it by about the years the duration needs.
            years = 1 + d // (52 * self.W)
            win = self._extend(min(win.years[1] + max(years, _CHUNK), _MAX_YEAR + 1))

    def sub_real(self, x: int, d: int) -> int:
        """Latest ``t <= x`` with ``d`` microseconds of business time in ``[t, x)``."""
        if d <= 0:
            return x
        win = self.window_at(x, backward=True)
        while True:
            found = self.latest(win, self.star(win, x) - d)
            if found is not None:
                return found
            years = 1 + d // (52 * self.W)
            win = self._extend(max(win.years[0] - max(years, _CHUNK), _MIN_YEAR - 1))

    def elapsed_real(self, x: int, y: int) -> int:
        """Business time in ``[x, y)``, ``x <= y``."""
        win = self.window_at(x)
        if y > win.hi_r:
            win = self._extend(_year_of(y))
        return self.star(win, y) - self.star(win, x)

    def _open_end(self, x: int) -> int | None:
        # The end of the open interval holding x within its run or block; None if closed.
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

    def is_open_real(self, x: int) -> bool:
        """Whether business time is counted at ``x``."""
        return self._open_end(x) is not None

    def next_close_real(self, x: int) -> int | None:
        """End of the open stretch holding or following ``x``; ``None`` if it never ends."""
        x = self.add_real(x, 1) - 1
        while True:
            end = self._open_end(x)
            if end is None:
                return x
            if self.full and end // DAY > self.last_special + 1:
                return None
            x = end


def _year_of(real: int) -> int:
    return date.fromordinal(min(max(real // DAY + 1, 1), date.max.toordinal())).year
