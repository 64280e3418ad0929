"""The integer engine behind `BusinessCalendar`.

Private. All arithmetic is on integer microseconds (see `._zone` for the wall
and real coordinates; real ones are UTC microseconds since 1970, the library's
one integer instant); pendulum appears only at the edges.

In a run of ordinary days the business time up to a wall instant ``w`` has a
closed form, ``G(w)``: whole weeks times the weekly total plus a bisection in
one week's table. A `Window` chains the runs and the
special blocks into ``G*``, business time from the window's start. Adding ``d``
to ``x`` is then ``G*(x) + d``, located by one bisection over the segments and
inverted in the run or block it falls in: O(log n) in the number of special
days crossed, O(1) in the length of the duration. Elapsed time is a difference
of two ``G*``. A window covers a few years; a duration that runs past it
widens it and starts again. The public integer operations built on ``G*``
(and the loops that widen windows) are `BusinessTimeline`'s, in ``timeline.py``.

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
from typing import NamedTuple, cast
from zoneinfo import ZoneInfo

import pendulum

from .._internal.instants import UNIX_EPOCH_ORDINAL, from_unix_micros
from ..errors import ValidationError
from ._layout import Intervals, Table, Window
from ._zone import DAY, SECOND, WEEK

__all__ = [
    "CHUNK",
    "IN_BLOCK",
    "MAX_YEAR",
    "MIN_YEAR",
    "DayInfo",
    "DayRow",
    "Engine",
    "Intervals",
    "year_of",
]

_DateTime = pendulum.DateTime
MIN_YEAR, MAX_YEAR = 3, 9997
"""The years a window may cover: datetime's range, less room for every zone's offset."""
CHUNK = 8
"""Years added to a window at a time, at least: rebuilding one is the slow step."""


class DayInfo(NamedTuple):
    """What the hot paths need about one wall date, looked up once per date and kept.

    The first five fields place the date in its run of ordinary days; the next
    three build a result on that date without calling ``date``; the last six are
    its weekday's `Table` (seconds of the day as microseconds), read without
    attribute look-ups. ``_fast`` unpacks it positionally: keep the order. The
    cache holds it as a plain `DayRow`.
    """

    window: Window | None
    """The window the run belongs to; ``None`` for a special day (`IN_BLOCK`)."""
    corr: int
    """The run's ``corr``: ``G* = G + corr`` anywhere in it."""
    run_start: int
    """``G*`` where the run starts: a ``subtract`` landing before it leaves the run."""
    run_end: int
    """``G*`` where the run ends: an ``add`` landing after it leaves the run."""
    midnight: int
    """``G*`` at the date's wall midnight, so a time of day adds its table's ``f``."""
    year: int
    """The date's year, for building a result on the same date."""
    month: int
    """Its month."""
    day: int
    """Its day of the month."""
    b: list[int]
    """The weekday's interval bounds, for ``bisect_right(b, time_of_day)``."""
    base: list[int]
    """Business time before each bound (`Table.base`)."""
    cs: list[int]
    """Business time at each interval's start, for ``subtract``'s inversion."""
    ce: list[int]
    """Business time at each interval's end, for ``add``'s inversion."""
    shift: list[int]
    """Interval start minus business time there: inverts ``f`` with one addition."""
    total: int
    """The weekday's business time: an ``add`` below it ends on the same date."""


DayRow = tuple[
    Window | None, int, int, int, int, int, int, int,
    list[int], list[int], list[int], list[int], list[int], int,
]  # fmt: skip
"""A `DayInfo` as a plain tuple, as ``Engine.known`` keeps it: CPython unpacks and indexes an
exact tuple faster than a NamedTuple (76 against 114 ns to unpack these 14 fields), and the
hot paths do it once per call."""


def _row(info: DayInfo) -> DayRow:
    return cast("DayRow", tuple(info))


IN_BLOCK = _row(DayInfo(None, 0, 1 << 200, -1, 0, 1, 1, 1, [], [0], [0], [], [0], -1))
"""``day_info`` of a special day: bounds no target can pass, so the hot paths step aside."""


class Engine:
    """Business-time arithmetic for one zone, weekly pattern and set of special days.

    Args:
        key: IANA zone name.
        week: Seven tuples of ``(start, end)`` seconds since midnight, Monday first.
        special: Ordinal -> intervals for holidays (empty) and overrides.
    """

    # Flat slots rather than a Table for the week: the closures in ``_fast`` read
    # them once into locals, and ``g`` runs on every call.
    __slots__ = (
        "W",  # business time in one ordinary week: the period of ``g``
        "days",  # the seven weekdays' intervals (seconds), Monday first
        "daytabs",  # a Table per weekday, for the per-date fast paths
        "full",  # open all week: a "next close" exists only near special days
        "hms_seen",  # second of the day -> (h, m, s): building results is the hot step
        "key",  # IANA name, for the zone arithmetic of windows and clock changes
        "known",  # ordinal -> DayRow for the current window (cleared when it grows)
        "last_special",  # the last special ordinal: past it a 24/7 calendar never closes
        "offsets",  # ordinal -> wall minus real on that date, or None on a clock change's
        "special",  # ordinal -> intervals of holidays (none) and overrides
        "tables",  # block Tables by (first, end, dst), reused when a window grows
        "tz",  # pendulum's zone object: results carry it, inputs are compared to it
        "wb",  # the week's Table, flattened: ``b`` (see Table) ...
        "wbase",  # ... ``base``,
        "wce",  # ... ``ce``,
        "wcs",  # ... ``cs``,
        "win",  # the current Window; one at a time, widened as instants need
        "wshift",  # ... and ``shift``
        "ymd_seen",  # day number -> (y, m, d), bounded
        "zone",  # zoneinfo's object for the same zone: stdlib inputs may carry it
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
        self.tables: dict[tuple[int, int, bool], Table] = {}
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

    # -- windows --------------------------------------------------------------------------
    def extend(self, year: int) -> Window:
        """A window covering the years it covers now and ``year`` (and a few more)."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationError(
                field="instant", value=year,
                rule=f"is a year outside {MIN_YEAR}-{MAX_YEAR}, where the calendar counts",
            )  # fmt: skip
        first, last = (year - 2, year + CHUNK) if self.win is None else self.win.years
        first = min(first, year - CHUNK) if year <= first else first
        last = max(last, year + CHUNK) if year >= last else last
        years = (max(first, MIN_YEAR - 1), min(last, MAX_YEAR + 1))
        win = Window(self.key, self.day, self.special, self.g, self.tables, years)
        self.known.clear()
        self.offsets.clear()
        self.win = win
        return win

    def window_at(self, real: int, backward: bool = False) -> Window:
        """The window covering ``real`` (as an end point if ``backward``)."""
        win = self.win
        if win is not None and (
            (win.lo_r < real <= win.hi_r) if backward else (win.lo_r <= real < win.hi_r)
        ):
            return win
        return self.extend(year_of(real))

    def window_over(self, x: int, y: int) -> Window:
        """A window covering the real instants ``x <= y``."""
        win = self.window_at(x)
        return self.extend(year_of(y)) if y > win.hi_r else win

    def window_on(self, ordinal: int) -> Window:
        """The window covering the wall date ``ordinal``."""
        win = self.win
        if win is not None and win.lo_o <= ordinal < win.hi_o:
            return win
        return self.extend(date.fromordinal(ordinal).year)

    def offset_on(self, ordinal: int) -> int | None:
        """Wall minus real on a wall date, remembered; ``None`` if a clock change is near it.

        Reading an instant in the calendar's zone is then one subtraction: SLA clocks
        read every event this way.
        """
        win = self.window_on(ordinal)
        i = bisect_right(win.bso, ordinal)
        if i and ordinal < win.beo[i - 1]:
            found = None if win.bdst[i - 1] else win.roff[i - 1]
        else:
            found = win.roff[i]
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
            info = _row(DayInfo(
                window=win, corr=corr, run_start=win.cstart[i], run_end=win.cend[i],
                midnight=self.g((ordinal - 1) * DAY) + corr, year=d.year, month=d.month,
                day=d.day, b=t.b, base=t.base, cs=t.cs, ce=t.ce, shift=t.shift, total=t.total,
            ))  # fmt: skip
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


def year_of(real: int) -> int:
    """The UTC year of a real instant, clamped to the dates ``date`` can hold."""
    return date.fromordinal(
        min(max(real // DAY + UNIX_EPOCH_ORDINAL, 1), date.max.toordinal())
    ).year
