"""Business calendars: opening hours, holidays and exact business-time arithmetic.

"We respond within 4 working hours" needs a calendar: the opening hours of each
weekday (several intervals for a lunch break), public holidays, special hours on
given dates, and the time zone whose wall clock the hours are read on. A
`BusinessCalendar` adds and subtracts business time exactly (to the
microsecond, clock changes included) and explains any span piece by piece.

Examples:
    >>> import pendulum
    >>> from aftersales_core.calendar import BusinessCalendar, country_holidays
    >>> weekday = ["08:00-12:00", "13:00-17:30"]
    >>> shop = BusinessCalendar(
    ...     timezone="Asia/Ho_Chi_Minh",
    ...     weekly={"mon": weekday, "tue": weekday, "wed": weekday, "thu": weekday,
    ...             "fri": weekday, "sat": ["08:00-12:00"]},
    ...     holidays=country_holidays("VN", years=range(2025, 2028)),
    ... )
    >>> opened = pendulum.datetime(2026, 2, 14, 11, tz="Asia/Ho_Chi_Minh")  # Saturday before Tết
    >>> shop.add(opened, "4h").isoformat()
    '2026-02-21T11:00:00+07:00'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import partial
from typing import Any, ClassVar

import attrs
import pendulum

from .._internal.instants import span
from ..errors import ValidationError
from ..terms import DurationLike
from ._engine import Engine
from ._fast import Span, Step, make_add, make_elapsed, make_subtract
from ._hours import (
    DAYS,
    HoursProblem,
    date_set,
    day_key,
    items,
    override_mapping,
    weekly_mapping,
)
from ._inputs import (
    MICROS,
    country_calendar,
    dates_repr,
    hours_seconds,
    instant,
    mapping_repr,
    slow_add,
    slow_subtract,
    zone_name,
)
from ._segments import cut

__all__ = [
    "BusinessCalendar",
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


class SegmentCause(enum.StrEnum):
    """Why a piece of a span counts, or does not.

    Examples:
        >>> SegmentCause.HOLIDAY == "holiday"
        True
    """

    OPENING_HOURS = "opening_hours"
    """Counted: inside the weekly opening hours."""
    OVERRIDE = "override"
    """Counted or excluded by the special hours of that date."""
    CLOSED_HOURS = "closed_hours"
    """Excluded: outside the weekly opening hours."""
    HOLIDAY = "holiday"
    """Excluded: a holiday."""


@attrs.frozen(kw_only=True)
class TimeSegment:
    """A consecutive piece of a span: ``[start, end)``, counted or excluded, and why.

    Attributes:
        start: Where the piece begins, in the calendar's zone.
        end: Where it ends (exclusive).
        counted: Whether it counts as business time.
        cause: Why it is counted or excluded.

    Examples:
        >>> import pendulum
        >>> cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["09:00-17:00"]})
        >>> monday = pendulum.datetime(2026, 2, 16, 16, tz="UTC")
        >>> [(s.counted, s.cause.value, s.duration.in_hours())
        ...  for s in cal.segments(monday, monday.add(hours=2))]
        [(True, 'opening_hours', 1), (False, 'closed_hours', 1)]
    """

    start: pendulum.DateTime
    end: pendulum.DateTime
    counted: bool
    cause: SegmentCause

    @property
    def duration(self) -> pendulum.Duration:
        """The real time from ``start`` to ``end``."""
        return span(self.start, self.end)


def country_holidays(
    country: str, years: int | Iterable[int], subdiv: str | None = None
) -> frozenset[date]:
    """The public holidays of a country (and subdivision), from the ``holidays`` package.

    Observed and substituted days off are included (Vietnam's 2 May 2025,
    given for working Saturday 26 April).

    Args:
        country: ISO 3166-1 code, e.g. ``"VN"``.
        years: A year or the years to cover.
        subdiv: Optional ISO 3166-2 subdivision, e.g. ``"CA"`` for California.

    Returns:
        The dates of the holidays.

    Raises:
        ValidationError: The country, subdivision or years are unknown.

    Examples:
        >>> tet = sorted(d for d in country_holidays("VN", years=2026) if d.month == 2)
        >>> [d.isoformat() for d in tet]  # doctest: +NORMALIZE_WHITESPACE
        ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']
    """
    found, _ = country_calendar(country, years, subdiv)
    return frozenset(found)


def country_workdays(
    country: str, years: int | Iterable[int], subdiv: str | None = None
) -> frozenset[date]:
    """Weekend days a country makes working days, to make up for a bridged holiday.

    Apply them with `BusinessCalendar.with_workdays`.

    Args:
        country: ISO 3166-1 code, e.g. ``"VN"``.
        years: A year or the years to cover; days outside them are left out.
        subdiv: Optional ISO 3166-2 subdivision.

    Returns:
        The dates of the make-up working days.

    Examples:
        >>> sorted(d.isoformat() for d in country_workdays("VN", years=range(2025, 2027)))
        ['2025-04-26', '2026-08-22']
    """
    found, wanted = country_calendar(country, years, subdiv)
    return frozenset(d for d in found.weekend_workdays if d.year in wanted)


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
class BusinessCalendar:
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
        holidays: Dates closed all day, e.g. `country_holidays`.
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
        default=frozenset(), converter=date_set, repr=dates_repr
    )
    overrides: Mapping[date, tuple[str, ...]] = attrs.field(
        factory=dict, converter=_overrides, eq=items, repr=mapping_repr
    )
    _engine: Engine = attrs.field(init=False, eq=False, repr=False)
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
        engine = Engine(self.timezone, week, special)
        object.__setattr__(self, "_engine", engine)
        object.__setattr__(self, "_add", make_add(engine, MICROS, partial(slow_add, engine)))
        object.__setattr__(
            self, "_subtract", make_subtract(engine, MICROS, partial(slow_subtract, engine))
        )
        object.__setattr__(self, "_elapsed", make_elapsed(engine, self._slow_elapsed))

    def __reduce__(self) -> tuple[Any, ...]:
        # The engine holds caches and zone objects; rebuild it instead of pickling it.
        return (
            _rebuild,
            (self.timezone, dict(self.weekly), self.holidays, dict(self.overrides)),
        )

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
            >>> import pendulum
            >>> weekday = ["08:00-12:00", "13:00-17:30"]
            >>> cal = BusinessCalendar(timezone="Asia/Ho_Chi_Minh",
            ...                        weekly={"mon": weekday, "fri": weekday, "sat": ["08:00-12:00"]})
            >>> vn = cal.with_workdays(country_workdays("VN", years=2025), hours_of="fri")
            >>> vn.overrides[date(2025, 4, 26)]
            ('08:00-12:00', '13:00-17:30')
            >>> saturday = pendulum.datetime(2025, 4, 26, 14, tz="Asia/Ho_Chi_Minh")
            >>> cal.is_open(saturday), vn.is_open(saturday)
            (False, True)
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
            >>> cal.add(pendulum.datetime(2026, 2, 16, 8, tz="Asia/Ho_Chi_Minh"), "4h").isoformat()
            '2026-02-16T12:00:00+07:00'
            >>> cal.add(pendulum.datetime(2026, 2, 16, 1, tz="UTC"), "1h").isoformat()
            '2026-02-16T09:00:00+07:00'
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

    def _span(self, start: datetime, end: datetime) -> tuple[int, int]:
        engine = self._engine
        x = engine.real(instant(start, "start"))
        y = engine.real(instant(end, "end"))
        if y < x:
            raise ValidationError(field="end", value=end, rule=f"is before start {start!r}")
        return x, y

    def _slow_elapsed(self, start: datetime, end: datetime) -> pendulum.Duration:
        return pendulum.Duration(microseconds=self._engine.elapsed_real(*self._span(start, end)))

    def is_open(self, at: datetime) -> bool:
        """Whether business time is counted at ``at`` (an opening time is open, a closing one is not).

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["08:00-12:00"]})
            >>> [cal.is_open(pendulum.datetime(2026, 2, 16, h)) for h in (8, 11, 12)]
            [True, True, False]
        """
        engine = self._engine
        return engine.is_open_real(engine.real(instant(at, "at")))

    def next_open(self, at: datetime) -> pendulum.DateTime:
        """The first instant at or after ``at`` when the calendar is open (``at`` if open).

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["08:00-12:00"]})
            >>> cal.next_open(pendulum.datetime(2026, 2, 16, 12)).isoformat()
            '2026-02-23T08:00:00+00:00'
        """
        engine = self._engine
        return engine.out(engine.add_real(engine.real(instant(at, "at")), 1) - 1)

    def next_close(self, at: datetime) -> pendulum.DateTime | None:
        """When the opening that holds ``at`` (or comes next) closes; ``None`` if it never does.

        Openings that touch across midnight are one opening.

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar(timezone="UTC",
            ...                        weekly={"mon": ["20:00-24:00"], "tue": ["00:00-06:00"]})
            >>> cal.next_close(pendulum.datetime(2026, 2, 16, 9)).isoformat()
            '2026-02-17T06:00:00+00:00'
            >>> BusinessCalendar.always_open("UTC").next_close(pendulum.datetime(2026, 2, 16)) is None
            True
        """
        engine = self._engine
        found = engine.next_close_real(engine.real(instant(at, "at")))
        return None if found is None else engine.out(found)

    def segments(self, start: datetime, end: datetime) -> tuple[TimeSegment, ...]:
        """The consecutive pieces of ``[start, end)``, counted or excluded, with their causes.

        Counted pieces add up to `elapsed`. Use them to explain a deadline.

        Raises:
            ValidationError: ``end`` is before ``start``.

        Examples:
            >>> import pendulum
            >>> cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["08:00-12:00"]},
            ...                        holidays=[date(2026, 2, 16)])
            >>> for s in cal.segments(pendulum.datetime(2026, 2, 15, 22),
            ...                       pendulum.datetime(2026, 2, 23, 9)):
            ...     print(s.start.to_datetime_string(), s.end.to_datetime_string(), s.cause)
            2026-02-15 22:00:00 2026-02-16 00:00:00 closed_hours
            2026-02-16 00:00:00 2026-02-17 00:00:00 holiday
            2026-02-17 00:00:00 2026-02-23 08:00:00 closed_hours
            2026-02-23 08:00:00 2026-02-23 09:00:00 opening_hours
        """
        engine = self._engine
        x, y = self._span(start, end)
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
