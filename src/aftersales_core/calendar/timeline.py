"""A calendar's business time on integers: instants as UTC microseconds since 1970.

`BusinessTimeline` is the integer face of a `BusinessCalendar`, reached as
``calendar.timeline``. Instants are ``int`` microseconds since
1970-01-01T00:00Z, the count numpy's ``datetime64[us]`` and Arrow's
``timestamp[us, UTC]`` hold; durations are ``int`` microseconds of business
time. Pendulum appears only in `BusinessTimeline.micros` and
`BusinessTimeline.instant`, so code that follows many instants (the SLA clocks,
a columnar engine) converts each one once and stays on integers.

Examples:
    >>> import pendulum
    >>> from aftersales_core.calendar import BusinessCalendar
    >>> office = BusinessCalendar(timezone="Asia/Ho_Chi_Minh",
    ...                           weekly={"mon": ["08:00-12:00", "13:00-17:30"]})
    >>> line, hour = office.timeline, 3_600_000_000
    >>> opened = line.micros(pendulum.datetime(2026, 2, 16, 11, tz="Asia/Ho_Chi_Minh"))
    >>> line.instant(line.add(opened, 4 * hour)).isoformat()
    '2026-02-16T16:00:00+07:00'
    >>> line.elapsed(opened, line.add(opened, 4 * hour)) == 4 * hour
    True
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import attrs
import pendulum

from .._internal.instants import WALL_EPOCH_TO_UNIX, unix_micros
from ..errors import ValidationError
from ..terms import as_instant
from ._engine import Engine
from ._layout import Intervals, open_spans
from ._reach import AMOUNT as _AMOUNT
from ._reach import INSTANT as _INSTANT
from ._reach import checked_duration as _duration
from ._reach import no_time_left, star_anywhere, wall_date
from ._reach import whole as _whole
from ._zone import DAY, SECOND, offset_us

__all__ = ["BusinessTimeline", "Opening"]

_DateTime = pendulum.DateTime


class Opening(NamedTuple):
    """A maximal open stretch ``[start, end)`` of the timeline, and the business time before it.

    Consecutive openings never touch (touching hours, across midnight say, are
    one opening), and ``position + (end - start)`` is the position at ``end``.
    A tuple of three ints, so a list of them is an ``(n, 3)`` int64 array.

    Examples:
        >>> Opening(start=0, end=10, position=0).end
        10
    """

    start: int
    """The first open microsecond (UTC, since 1970)."""
    end: int
    """The first closed microsecond after it (exclusive)."""
    position: int
    """`BusinessTimeline.position` at ``start``: business time from the origin."""


@attrs.frozen(kw_only=True, eq=False)
class BusinessTimeline:
    """A calendar's business time on integer microseconds; built by `BusinessCalendar`.

    Instants are ints, UTC microseconds since 1970-01-01T00:00Z; durations are
    ints, microseconds of business time. **Position** is business time since a
    fixed origin, the instant ``0``: ``position(0) == 0``, and it is negative
    before 1970. It is computed, not accumulated: the business time up to any
    date has a closed form (whole weeks, plus what holidays, overrides and clock
    changes add, summed without laying out the days between), so a position in
    the year 9990 costs what one in 2026 does, and no answer depends on what was
    asked before. These laws hold exactly, for every calendar and on both sides
    of every clock change, because they are statements on UTC's clock (ints
    ``a <= b``, ``d > 0``, ``p`` any int, all within the years the calendar
    counts: its zone's wall dates 0001-01-01 to 9999-12-31, or the years its
    country holidays cover):

    * ``position`` never decreases, and ``0 <= position(b) - position(a) <= b - a``;
    * ``elapsed(a, b) == position(b) - position(a)``;
    * ``position(at_position(p)) == p``, and ``at_position(p)`` is the earliest
      such instant: ``position(at_position(p) - 1) < p``;
    * ``add(a, d) == at_position(position(a) + d)``; for ``d == 0`` ``add``
      returns ``a``, which equals ``at_position(position(a))`` exactly when
      ``is_open(a - 1)`` (otherwise that is the closing before ``a``);
    * ``subtract(b, d) == next_open(at_position(position(b) - d))``, the latest
      instant with that position;
    * ``is_open(a) == (position(a + 1) == position(a) + 1)`` and
      ``next_open(a) == add(a, 1) - 1``;
    * ``openings(a, b)`` tiles the open time of ``[a, b)``: its lengths sum to
      ``elapsed(a, b)`` and each ``position`` is ``position(start)``;
    * ``micros(instant(a)) == a``, and the datetime methods of the calendar are
      these methods between `micros` and `instant`.

    Wall-clock statements are not laws: a day's opening hours last a different
    number of microseconds on the days the clocks change.

    Attributes:
        timezone: The calendar's IANA zone, the zone of `instant`'s results.

    Raises:
        ValidationError: An instant (or a result) outside the years the calendar
            counts (a duration that no business time before 9999-12-31 can hold
            among them, at once), a negative duration, or an end before its start.
        InvalidTypeError: An instant or duration that is not an int (a bool or a float).

    Examples:
        >>> import pendulum
        >>> from aftersales_core.calendar import BusinessCalendar
        >>> line = BusinessCalendar(timezone="UTC", weekly={"mon": ["09:00-17:00"]}).timeline
        >>> monday_4pm = line.micros(pendulum.datetime(2026, 2, 16, 16))
        >>> hour = 3_600_000_000
        >>> later = line.add(monday_4pm, 2 * hour)
        >>> line.instant(later).isoformat(), line.position(later) - line.position(monday_4pm)
        ('2026-02-23T10:00:00+00:00', 7200000000)
    """

    timezone: str
    _engine: Engine = attrs.field(repr=False)
    # G* (business time since 0001-01-01) at the origin, computed on first use.
    _origin: list[int] = attrs.field(init=False, factory=list, repr=False)

    def __reduce__(self) -> tuple[object, ...]:
        engine = self._engine  # its tiles and caches are rebuilt, not pickled
        return (_rebuild, (engine.key, engine.days, engine.special, engine.years))

    # -- instants in and out ----------------------------------------------------------------
    def micros(self, instant: datetime) -> int:
        """The microseconds since 1970-01-01T00:00Z of an aware instant, in any zone.

        Raises:
            NaiveDatetimeError: ``instant`` has no time zone.
            InvalidTypeError: ``instant`` is not a datetime.

        Examples:
            >>> import pendulum
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> BusinessCalendar.always_open("UTC").timeline.micros(pendulum.datetime(1970, 1, 2))
            86400000000
        """
        cls = instant.__class__
        if cls is _DateTime or cls is datetime:
            engine = self._engine
            tz = instant.tzinfo
            if tz is engine.tz or tz is engine.zone:
                # Our own zone: the wall clock minus the date's offset, without zoneinfo.
                o = instant.toordinal()
                offsets = engine.offsets
                off = offsets[o] if o in offsets else engine.offset_on(o)
                wall = ((o - 1) * 86_400 + instant.hour * 3600 + instant.minute * 60
                        + instant.second) * SECOND + instant.microsecond  # fmt: skip
                if off is None:  # near a clock change: the instant's own offset (and fold)
                    return wall - offset_us(instant.utcoffset()) - WALL_EPOCH_TO_UNIX
                return wall - off
            if tz is not None and cls is _DateTime:  # aware, as as_instant judges a pendulum value
                return unix_micros(instant)
        as_instant(instant, field="instant")  # the typed error for a naive value or a non-datetime
        return unix_micros(instant)

    def instant(self, micros: int) -> pendulum.DateTime:
        """The pendulum ``DateTime`` of ``micros``, in the calendar's zone (``fold`` set on repeats).

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> BusinessCalendar.always_open("Europe/Berlin").timeline.instant(0).isoformat()
            '1970-01-01T01:00:00+01:00'
        """
        if micros.__class__ is not int:
            micros = _whole(micros, "micros", _INSTANT)
        return self._engine.out(micros)

    # -- arithmetic ---------------------------------------------------------------------------
    def add(self, start: int, duration: int) -> int:
        """The earliest instant with ``duration`` of business time in ``[start, it)``.

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> line = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]}).timeline
            >>> line.add(0, 1), line.add(0, 0), line.add(0, 3_600_000_000)  # 1970-01-01 a Thursday
            (1, 0, 3600000000)
        """
        if not (start.__class__ is int and duration.__class__ is int and duration >= 0):
            start, duration = _whole(start, "start", _INSTANT), _duration(duration)
        return start if not duration else self._after(start, duration, "duration")

    def _after(self, start: int, duration: int, field: str) -> int:
        engine = self._engine
        win = engine.window_at(start)
        target = engine.star(win, start) + duration
        found = engine.earliest(win, target)
        if found is None:  # past the tile: find the date it reaches, however far
            o = engine.reaching(target, win.hi_o, engine.hi_o)
            if o is None:
                raise no_time_left(engine, start if field == "at" else duration, "after", field)
            found = engine.earliest(engine.window_on(o), target)
            assert found is not None
        return found

    def subtract(self, end: int, duration: int) -> int:
        """The latest instant with ``duration`` of business time in ``[it, end)``.

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> line = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]}).timeline
            >>> line.subtract(3_600_000_000, 3_600_000_000), line.subtract(86_400_000_000, 1)
            (0, 3599999999)
        """
        if not (end.__class__ is int and duration.__class__ is int and duration >= 0):
            end, duration = _whole(end, "end", _INSTANT), _duration(duration)
        if not duration:
            return end
        engine = self._engine
        win = engine.window_at(end, backward=True)
        target = engine.star(win, end) - duration
        found = engine.latest(win, target)
        if found is None:  # before the tile: find the date it reaches, however far
            o = engine.last_at_most(target, engine.lo_o, win.lo_o)
            if o is None:
                raise no_time_left(engine, duration, "before")
            found = engine.latest(engine.window_on(o), target)
            assert found is not None
        return found

    def elapsed(self, start: int, end: int) -> int:
        """The business time in ``[start, end)``.

        Raises:
            ValidationError: ``end`` is before ``start``.

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> line = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]}).timeline
            >>> line.elapsed(-10, 86_400_000_000) == 3_600_000_000
            True
        """
        if not (start.__class__ is int and end.__class__ is int and start <= end):
            start, end = self._span(start, end)
        engine = self._engine
        win = engine.window_at(start)
        if end <= win.hi_r:
            return engine.star(win, end) - engine.star(win, start)
        return engine.star_at(end, backward=True) - engine.star(win, start)

    # -- opening and closing ------------------------------------------------------------------
    def is_open(self, at: int) -> bool:
        """Whether business time is counted at ``at`` (an opening is open, a closing is not).

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> line = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]}).timeline
            >>> line.is_open(0), line.is_open(3_600_000_000)
            (True, False)
        """
        if at.__class__ is not int:
            at = _whole(at, "at", _INSTANT)
        return self._engine.open_end(at) is not None

    def next_open(self, at: int) -> int:
        """The first open instant at or after ``at`` (``at`` itself if open).

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> line = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]}).timeline
            >>> line.next_open(1) == 1, line.next_open(3_600_000_000) == 7 * 86_400_000_000
            (True, True)
        """
        if at.__class__ is not int:
            at = _whole(at, "at", _INSTANT)
        return self._after(at, 1, "at") - 1

    def next_close(self, at: int) -> int | None:
        """When the opening holding ``at`` (or the next one) closes; ``None`` if never.

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> line = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]}).timeline
            >>> line.next_close(0), BusinessCalendar.always_open("UTC").timeline.next_close(0)
            (3600000000, None)
        """
        engine = self._engine
        x = self.next_open(at)
        while True:
            end = engine.open_end(x)
            if end is None:
                return x
            if engine.full:  # open round the clock: only a special day can close it
                special = engine.sums.next_special(wall_date(engine, end) - 1)
                if special is None:
                    return None
                start = engine.changes.wall_to_real((special - 1) * DAY)
                end = max(end, start)
            x = end

    # -- positions ------------------------------------------------------------------------------
    def position(self, at: int) -> int:
        """Business time from the origin (the instant ``0``, 1970-01-01T00:00Z) to ``at``.

        Negative before the origin. It is computed for ``at`` alone (see the class
        docstring), so far instants cost what near ones do.

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> line = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]}).timeline
            >>> line.position(0), line.position(-1), line.position(7 * 86_400_000_000)
            (0, 0, 3600000000)
        """
        if at.__class__ is not int:
            at = _whole(at, "at", _INSTANT)
        engine = self._engine
        return engine.star_at(at, backward=at == engine.hi_r) - self._star_at_origin()

    def at_position(self, position: int) -> int:
        """The earliest instant whose `position` is ``position``.

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> line = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]}).timeline
            >>> line.at_position(1), line.at_position(0), line.at_position(3_600_000_000)  # 0: last close
            (1, -601200000000, 3600000000)
        """
        if position.__class__ is not int:
            position = _whole(position, "position", _AMOUNT)
        engine = self._engine
        target = self._star_at_origin() + position
        o = engine.reaching(target, engine.lo_o, engine.hi_o)
        if o is None:
            raise no_time_left(engine, position, "after", field="position")
        if o == engine.lo_o and engine.day_star(o) >= target:  # reached before the first date
            raise no_time_left(engine, position, "before", field="position")
        found = engine.earliest(engine.window_on(o), target)
        assert found is not None
        return found

    def openings(self, start: int, end: int) -> tuple[Opening, ...]:
        """The open stretches of ``[start, end)``, clipped to it, with their positions.

        The table a columnar engine needs: prefix sums are the positions, and a
        sorted search over them inverts `position` for a whole array at once. A
        span reaching past the years the calendar counts is cut to them.

        Raises:
            ValidationError: ``end`` before ``start``, or a span wholly outside those years.

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> line = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]}).timeline
            >>> week, hour = 7 * 86_400_000_000, 3_600_000_000
            >>> [(o.start // hour, o.end // hour, o.position // hour)
            ...  for o in line.openings(-week, week + 1)]
            [(-168, -167, -1), (0, 1, 0), (168, 168, 1)]
        """
        if not (start.__class__ is int and end.__class__ is int and start <= end):
            start, end = self._span(start, end)
        engine, spans = self._engine, list[list[int]]()
        if start < end and (end <= engine.lo_r or start >= engine.hi_r):
            engine.star_at(start)  # wholly outside the years counted: the typed error
        x, end = max(start, engine.lo_r), min(end, engine.hi_r)
        while x < end:  # tile by tile: only the dates of the span are laid out
            win = engine.window_at(x)
            for a, b in open_spans(win, engine.wb, x, min(end, win.hi_r)):
                if spans and spans[-1][1] == a:  # touching across two tiles: one opening
                    spans[-1][1] = b
                else:
                    spans.append([a, b])
            x = win.hi_r
        if not spans:
            return ()
        position = engine.star_at(spans[0][0]) - self._star_at_origin()
        out = []
        for a, b in spans:
            out.append(Opening(a, b, position))
            position += b - a  # closed between openings: nothing to add
        return tuple(out)

    # -- helpers --------------------------------------------------------------------------------
    def _span(self, start: object, end: object) -> tuple[int, int]:
        x, y = _whole(start, "start", _INSTANT), _whole(end, "end", _INSTANT)
        if y < x:
            raise ValidationError(field="end", value=end, rule=f"is before start {start!r}")
        return x, y

    def _star_at_origin(self) -> int:
        cache = self._origin
        if not cache:
            cache.append(star_anywhere(self._engine, 0))
        return cache[0]


def _rebuild(
    key: str, days: tuple[Intervals, ...], special: dict[int, Intervals], years: tuple[int, int]
) -> BusinessTimeline:
    return BusinessTimeline(timezone=key, engine=Engine(key, days, special, years))
