"""Business calendars: opening hours, holidays and exact business-time arithmetic.

"We respond within 4 working hours" needs a calendar: the opening hours of each
weekday (several intervals for a lunch break), public holidays, special hours on
given dates, and the time zone whose wall clock the hours are read on. A
`BusinessCalendar` adds and subtracts business time exactly (to the
microsecond, clock changes included) and explains any span piece by piece.

Its `BusinessTimeline` (``calendar.timeline``) does the same arithmetic on
integers, UTC microseconds since 1970, for code that follows many instants.

Examples:
    >>> import pendulum
    >>> from aftersales_core.calendar import BusinessCalendar, country_holidays
    >>> weekday = ["08:00-12:00", "13:00-17:30"]
    >>> shop = BusinessCalendar(
    ...     timezone="Asia/Ho_Chi_Minh",
    ...     weekly=dict.fromkeys(["mon", "tue", "wed", "thu", "fri"], weekday) | {"sat": weekday[:1]},
    ...     holidays=country_holidays("VN", years=range(2025, 2028)),
    ... )
    >>> opened = pendulum.datetime(2026, 2, 14, 11, tz="Asia/Ho_Chi_Minh")  # Saturday before Tết
    >>> shop.add(opened, "4h").isoformat()
    '2026-02-21T11:00:00+07:00'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import partial
from typing import Any, ClassVar

import attrs
import pendulum

from ..errors import ValidationError
from ..terms import DurationLike
from ._columnar_api import ColumnarMethods
from ._engine import Engine
from ._fast import Span, Step, make_add, make_elapsed, make_subtract
from ._hours import (
    DAYS,
    HoursProblem,
    date_set,
    day_key,
    holiday_key,
    items,
    override_mapping,
    weekly_mapping,
)
from ._inputs import (
    MICROS,
    dates_repr,
    hours_seconds,
    instant,
    mapping_repr,
    real_span,
    slow_add,
    slow_elapsed,
    slow_subtract,
    zone_name,
)
from ._pieces import cut
from .countries import CountryHolidays, country_holidays, country_workdays
from .segments import SegmentCause, TimeSegment
from .timeline import BusinessTimeline, Opening

__all__ = [
    "BusinessCalendar",
    "BusinessTimeline",
    "CountryHolidays",
    "Opening",
    "OpeningHoursError",
    "SegmentCause",
    "TimeSegment",
    "country_holidays",
    "country_workdays",
]


class OpeningHoursError(ValidationError):
    """Opening hours that cannot be read: malformed, empty, out of order or overlapping.

    The field names the day (``weekly['mon'][1]`` or ``overrides[2026-02-16][0]``)
    and the value is the offending text.

    Examples:
        >>> BusinessCalendar(timezone="UTC", weekly={"mon": ["13:00-17:00", "08:00-12:00"]})
        Traceback (most recent call last):
        ...
        aftersales_core.calendar.OpeningHoursError: weekly['mon'][1]: '08:00-12:00' is out of order; ...
    """

    code: ClassVar[str] = "invalid_opening_hours"


def _typed(problem: HoursProblem) -> OpeningHoursError:
    return OpeningHoursError(field=problem.field, value=problem.value, rule=problem.rule)


def _weekly(value: Mapping[Any, Iterable[str] | str]) -> Mapping[str, tuple[str, ...]]:
    try:
        return weekly_mapping(value)
    except HoursProblem as problem:
        raise _typed(problem) from None


def _overrides(
    value: Mapping[Any, Iterable[str] | str],
) -> Mapping[date, tuple[str, ...]]:
    try:
        return override_mapping(value)
    except HoursProblem as problem:
        raise _typed(problem) from None


_ALL_DAY = ("00:00-24:00",)


@attrs.frozen(kw_only=True)
class BusinessCalendar(ColumnarMethods):
    """Opening hours in a time zone, with holidays and special dates; exact business time.

    Opening hours are wall-clock hours in ``timezone``; business time is real
    elapsed time inside them. On a clock change an interval counts what the
    clock really spends in it: none for hours that are skipped, twice the time
    for hours that repeat. A wall time that does not exist maps forward (02:30
    on a spring-forward night is 03:30 new time), a repeated one to its first
    occurrence. See "How business time is counted" in the docs.

    Attributes:
        timezone: IANA zone name whose wall clock the hours are read on.
        weekly: Weekday (``"mon"`` .. ``"sun"`` or full names) -> intervals
            ``"HH:MM-HH:MM"``, sorted and disjoint; an interval may end at
            ``"24:00"``. Days left out are closed. It must open at some time.
        holidays: Dates closed all day, e.g. `country_holidays`. Country holidays
            know the years they were read for, and the calendar counts only those
            years (a computation reaching another raises `ValidationError`); any
            other collection of dates is taken as given, for every year.
        overrides: Date -> intervals for that date only (an empty list closes
            it); an override wins over the weekday and over a holiday.

    Raises:
        OpeningHoursError: An interval is malformed, empty, out of order or overlaps another.
        ValidationError: The zone is unknown, a date is not a date, or the week has no hours.

    Examples:
        >>> import pendulum
        >>> hotline = BusinessCalendar.always_open("Asia/Ho_Chi_Minh")
        >>> asked = pendulum.datetime(2026, 2, 17, 23, 50, tz="Asia/Ho_Chi_Minh")
        >>> hotline.add(asked, "30m").isoformat()  # the translation company's 30 minutes
        '2026-02-18T00:20:00+07:00'
        >>> office = BusinessCalendar(timezone="Asia/Ho_Chi_Minh",
        ...                           weekly={"mon": ["08:00-12:00", "13:00-17:30"]})
        >>> office.elapsed(pendulum.datetime(2026, 2, 16, 11, tz="Asia/Ho_Chi_Minh"),
        ...                pendulum.datetime(2026, 2, 16, 14, tz="Asia/Ho_Chi_Minh")).in_hours()
        2
        >>> office == BusinessCalendar(timezone="Asia/Ho_Chi_Minh",
        ...                            weekly={"Monday": ("08:00-12:00", "13:00-17:30")})
        True
    """

    timezone: str = attrs.field(converter=zone_name)
    weekly: Mapping[str, tuple[str, ...]] = attrs.field(
        converter=_weekly, eq=items, repr=mapping_repr
    )
    holidays: frozenset[date] = attrs.field(
        default=frozenset(), converter=date_set, eq=holiday_key, repr=dates_repr
    )
    overrides: Mapping[date, tuple[str, ...]] = attrs.field(
        factory=dict, converter=_overrides, eq=items, repr=mapping_repr
    )
    _engine: Engine = attrs.field(init=False, eq=False, repr=False)
    _timeline: BusinessTimeline = attrs.field(init=False, eq=False, repr=False)
    _add: Step = attrs.field(init=False, eq=False, repr=False)
    _subtract: Step = attrs.field(init=False, eq=False, repr=False)
    _elapsed: Span = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.weekly:
            raise ValidationError(
                field="weekly", value={}, rule="has no opening hours; the calendar would never open"
            )
        week = tuple(hours_seconds(self.weekly.get(day, ())) for day in DAYS)
        special: dict[int, tuple[tuple[int, int], ...]] = {d.toordinal(): () for d in self.holidays}
        special.update((d.toordinal(), hours_seconds(t)) for d, t in self.overrides.items())
        covered = self.holidays.years if isinstance(self.holidays, CountryHolidays) else None
        years = (1, 9999) if covered is None else (covered.start, covered.stop - 1)
        engine = Engine(self.timezone, week, special, years)
        line = BusinessTimeline(timezone=self.timezone, engine=engine)
        object.__setattr__(self, "_engine", engine)
        object.__setattr__(self, "_timeline", line)
        object.__setattr__(self, "_add", make_add(engine, MICROS, partial(slow_add, line)))
        object.__setattr__(
            self, "_subtract", make_subtract(engine, MICROS, partial(slow_subtract, line))
        )
        object.__setattr__(self, "_elapsed", make_elapsed(engine, partial(slow_elapsed, line)))

    def __reduce__(self) -> tuple[Any, ...]:
        # The engine holds caches and zone objects; rebuild it instead of pickling it.
        return (
            _rebuild,
            (self.timezone, dict(self.weekly), self.holidays, dict(self.overrides)),
        )

    @property
    def timeline(self) -> BusinessTimeline:
        """This calendar's arithmetic on integers: instants as UTC microseconds since 1970.

        Examples:
            >>> import pendulum
            >>> line = BusinessCalendar(timezone="UTC", weekly={"mon": ["09:00-17:00"]}).timeline
            >>> monday = line.micros(pendulum.datetime(2026, 2, 16, 16))
            >>> line.instant(line.add(monday, 2 * 3_600_000_000)).isoformat()
            '2026-02-23T10:00:00+00:00'
        """
        return self._timeline

    @classmethod
    def always_open(cls, timezone: str) -> BusinessCalendar:
        """A calendar open round the clock, every day (the 24/7 hotline).

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar.always_open("UTC")
            >>> cal.add(pendulum.datetime(2026, 1, 1, 23, 45), "30m").isoformat()
            '2026-01-02T00:15:00+00:00'
        """
        return cls(timezone=timezone, weekly=dict.fromkeys(DAYS, _ALL_DAY))

    def with_workdays(
        self, dates: Iterable[date | str], *, hours_of: str = "mon"
    ) -> BusinessCalendar:
        """This calendar, with ``dates`` worked on the hours of weekday ``hours_of``.

        Countries move working days to weekends to bridge a holiday; apply
        `country_workdays` here. Existing overrides are kept.

        Args:
            dates: The make-up working days.
            hours_of: The weekday whose opening hours they follow.

        Raises:
            ValidationError: ``hours_of`` is not a weekday, or that weekday is closed.

        Examples:
            >>> cal = BusinessCalendar(timezone="Asia/Ho_Chi_Minh", weekly={"fri": ["08:00-17:00"]})
            >>> cal.with_workdays(country_workdays("VN", years=2025), hours_of="fri").overrides
            mappingproxy({datetime.date(2025, 4, 26): ('08:00-17:00',)})
        """
        try:
            day = day_key(hours_of)
        except HoursProblem as problem:
            raise ValidationError(field="hours_of", value=hours_of, rule=problem.rule) from None
        hours = self.weekly.get(day)
        if not hours:
            raise ValidationError(field="hours_of", value=hours_of, rule="is a closed weekday")
        extra = dict.fromkeys(date_set(dates), hours)
        return attrs.evolve(self, overrides={**extra, **self.overrides})

    def add(self, start: datetime, duration: DurationLike) -> pendulum.DateTime:
        """The earliest instant with ``duration`` of business time since ``start``.

        A start outside opening hours begins counting at the next opening; a
        deadline that falls on a closing time stays there (it is not moved to
        the next opening). ``add(start, 0)`` is ``start``.

        Args:
            start: An aware instant, in any zone.
            duration: ``timedelta``, pendulum ``Duration`` or text such as ``"4h"``.

        Returns:
            The deadline, in the calendar's zone.

        Raises:
            NaiveDatetimeError: ``start`` has no time zone.
            InvalidDurationError: ``duration`` is negative or unreadable.

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar(timezone="Asia/Ho_Chi_Minh",
            ...                        weekly={"mon": ["08:00-12:00", "13:00-17:30"]})
            >>> cal.add(pendulum.datetime(2026, 2, 16, 1, tz="UTC"), "4h").isoformat()
            '2026-02-16T12:00:00+07:00'
        """
        return self._add(start, duration)

    def subtract(self, end: datetime, duration: DurationLike) -> pendulum.DateTime:
        """The latest instant with ``duration`` of business time before ``end``.

        The mirror of `add`: an end outside opening hours counts back from
        the previous closing, and a result on an opening time stays there.

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar(timezone="Asia/Ho_Chi_Minh",
            ...                        weekly={"mon": ["08:00-12:00", "13:00-17:30"]})
            >>> due = pendulum.datetime(2026, 2, 16, 14, tz="Asia/Ho_Chi_Minh")
            >>> cal.subtract(due, "2h").isoformat()  # remind two business hours ahead
            '2026-02-16T11:00:00+07:00'
        """
        return self._subtract(end, duration)

    def elapsed(self, start: datetime, end: datetime) -> pendulum.Duration:
        """The business time in ``[start, end)``.

        Raises:
            ValidationError: ``end`` is before ``start``.

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar(timezone="UTC", weekly={"fri": ["09:00-17:00"]})
            >>> friday = pendulum.datetime(2026, 2, 13, 16, 30)
            >>> cal.elapsed(friday, friday.add(days=7))
            Duration(hours=8)
        """
        return self._elapsed(start, end)

    def is_open(self, at: datetime) -> bool:
        """Whether business time is counted at ``at`` (an opening time is open, a closing one is not).

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["08:00-12:00"]})
            >>> [cal.is_open(pendulum.datetime(2026, 2, 16, h)) for h in (8, 11, 12)]
            [True, True, False]
        """
        line = self._timeline
        return line.is_open(line.micros(instant(at, "at")))

    def next_open(self, at: datetime) -> pendulum.DateTime:
        """The first instant at or after ``at`` when the calendar is open (``at`` if open).

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["08:00-12:00"]})
            >>> cal.next_open(pendulum.datetime(2026, 2, 16, 12)).isoformat()
            '2026-02-23T08:00:00+00:00'
        """
        line = self._timeline
        return line.instant(line.next_open(line.micros(instant(at, "at"))))

    def next_close(self, at: datetime) -> pendulum.DateTime | None:
        """When the opening that holds ``at`` (or comes next) closes; ``None`` if it never does.

        Openings that touch across midnight are one opening.

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar(timezone="UTC",
            ...                        weekly={"mon": ["20:00-24:00"], "tue": ["00:00-06:00"]})
            >>> cal.next_close(pendulum.datetime(2026, 2, 16, 9)).isoformat()
            '2026-02-17T06:00:00+00:00'
        """
        line = self._timeline
        found = line.next_close(line.micros(instant(at, "at")))
        return None if found is None else line.instant(found)

    def segments(self, start: datetime, end: datetime) -> tuple[TimeSegment, ...]:
        """The consecutive pieces of ``[start, end)``, counted or excluded, with their causes.

        Counted pieces add up to `elapsed`. Use them to explain a deadline.

        Raises:
            ValidationError: ``end`` is before ``start``.

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["08:00-12:00"]},
            ...                        holidays=[date(2026, 2, 16)])
            >>> [(s.start.day, s.end.day, str(s.cause)) for s in cal.segments(
            ...     pendulum.datetime(2026, 2, 15, 22), pendulum.datetime(2026, 2, 23, 9))]
            [(15, 16, 'closed_hours'), (16, 17, 'holiday'), (17, 23, 'closed_hours'), (23, 23, 'opening_hours')]
        """
        engine = self._engine
        x, y = real_span(self._timeline, start, end)
        holidays = frozenset(d.toordinal() for d in self.holidays)
        overrides = frozenset(d.toordinal() for d in self.overrides)
        return tuple(
            TimeSegment(
                start=engine.out(a), end=engine.out(b), counted=counted, cause=SegmentCause(c)
            )
            for a, b, counted, c in cut(engine, holidays, overrides, x, y)
        )


def _rebuild(
    timezone: str,
    weekly: dict[str, tuple[str, ...]],
    holidays: frozenset[date],
    overrides: dict[date, tuple[str, ...]],
) -> BusinessCalendar:
    return BusinessCalendar(
        timezone=timezone, weekly=weekly, holidays=holidays, overrides=overrides
    )
