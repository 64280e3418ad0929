"""Reading a calendar's hours and dates: ``"HH:MM-HH:MM"`` text, holidays, overrides.

Private to `aftersales_core.calendar`. Intervals are read into seconds of
the day and written back in one canonical form, so equal calendars compare and
hash equal. Problems with opening hours are reported as
`HoursProblem` (field, value, rule); the public module turns them into
its typed error, so this module needs no import from it.

Examples:
    >>> parse_day("weekly['mon']", ["08:00-12:00", "13:00-17:30"])
    ((28800, 43200), (46800, 63000))
    >>> canonical(((28800, 43200),))
    ('08:00-12:00',)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from ..errors import InvalidTypeError, ValidationError
from .countries import CountryHolidays

__all__ = [
    "DAYS",
    "HoursProblem",
    "canonical",
    "date_set",
    "day_key",
    "holiday_key",
    "items",
    "override_mapping",
    "parse_day",
    "weekly_mapping",
]

DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday keys in ``date.weekday()`` order (Monday is 0)."""

_FULL_NAMES = {
    name[:3]: name
    for name in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}
_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_INTERVAL = re.compile(rf"\s*{_CLOCK}\s*-\s*{_CLOCK}\s*")
_GRAMMAR = "is not an interval; write it as 'HH:MM-HH:MM', e.g. '08:00-12:00' (end may be '24:00')"


class HoursProblem(Exception):  # an internal signal, re-raised as a typed error
    """A refused piece of opening hours: where, what, and why."""

    def __init__(self, field: str, value: object, rule: str) -> None:
        super().__init__(field, value, rule)
        self.field = field
        self.value = value
        self.rule = rule


def day_key(key: object) -> str:
    """The canonical three-letter key of a weekday name (``"Monday"`` -> ``"mon"``).

    Examples:
        >>> day_key("Monday"), day_key("sat")
        ('mon', 'sat')
    """
    if isinstance(key, str):
        low = key.strip().lower()
        if low in _FULL_NAMES:
            return low
        for short, full in _FULL_NAMES.items():
            if low == full:
                return short
    raise HoursProblem(
        "weekly", key, "is not a day of the week; use mon, tue, wed, thu, fri, sat or sun"
    )


def _clock(hours: str, minutes: str, seconds: str | None) -> int | None:
    h, m, s = int(hours), int(minutes), int(seconds or 0)
    if m > 59 or s > 59 or h > 24 or (h == 24 and (m or s)):
        return None
    return h * 3600 + m * 60 + s


def _parse_interval(field: str, text: object) -> tuple[int, int]:
    if not isinstance(text, str):
        raise HoursProblem(field, text, "must be interval text such as '08:00-12:00'")
    match = _INTERVAL.fullmatch(text)
    if match is None:
        raise HoursProblem(field, text, _GRAMMAR)
    start = _clock(*match.group(1, 2, 3))
    end = _clock(*match.group(4, 5, 6))
    if start is None or end is None:
        raise HoursProblem(field, text, "has a time that is not on the clock (00:00 to 24:00)")
    if start == end:
        raise HoursProblem(field, text, "is empty; an interval must last at least one second")
    if end < start:
        raise HoursProblem(field, text, "ends before it starts; split a night shift at '24:00'")
    return start, end


def parse_day(field: str, texts: object) -> tuple[tuple[int, int], ...]:
    """Read one day's intervals; sorted, disjoint, each at least a second long.

    Touching intervals (``"08:00-12:00", "12:00-13:00"``) are accepted and merged.

    Args:
        field: Where the intervals come from, for messages (``"weekly['mon']"``).
        texts: A list of interval texts, or a single one.

    Returns:
        ``(start, end)`` pairs in seconds since midnight, merged where they touch.

    Raises:
        HoursProblem: An interval is malformed, empty, out of order or overlaps another.

    Examples:
        >>> parse_day("weekly['sat']", "08:00-12:00")
        ((28800, 43200),)
        >>> parse_day("weekly['mon']", ["13:00-17:30", "08:00-12:00"])
        Traceback (most recent call last):
        ...
        aftersales_core.calendar._hours.HoursProblem: ...
    """
    items: Iterable[object]
    if isinstance(texts, str):
        items = [texts]
    elif isinstance(texts, list | tuple):
        items = texts
    else:
        raise HoursProblem(field, texts, "must be a list of intervals such as ['08:00-12:00']")
    out: list[tuple[int, int]] = []
    previous = ""
    for index, text in enumerate(items):
        start, end = _parse_interval(f"{field}[{index}]", text)
        if out and start < out[-1][0]:
            raise HoursProblem(
                f"{field}[{index}]", text, f"is out of order; list it before {previous!r}"
            )
        if out and start < out[-1][1]:
            raise HoursProblem(f"{field}[{index}]", text, f"overlaps {previous!r}")
        if out and start == out[-1][1]:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
        previous = str(text)
    return tuple(out)


def _clock_text(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def canonical(intervals: tuple[tuple[int, int], ...]) -> tuple[str, ...]:
    """Write intervals back as canonical ``"HH:MM-HH:MM"`` text.

    Examples:
        >>> canonical(((0, 86_400), (30, 90)))
        ('00:00-24:00', '00:00:30-00:01:30')
    """
    return tuple(f"{_clock_text(a)}-{_clock_text(b)}" for a, b in intervals)


def weekly_mapping(value: Mapping[Any, Iterable[str] | str]) -> Mapping[str, tuple[str, ...]]:
    """Canonical weekly hours: read-only, Monday first, closed days left out.

    Examples:
        >>> dict(weekly_mapping({"Saturday": "8:00-12:00", "mon": ["08:00-12:00"], "sun": []}))
        {'mon': ('08:00-12:00',), 'sat': ('08:00-12:00',)}
    """
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            field="weekly", value=value, rule="must map weekdays to intervals, e.g. {'mon': [...]}"
        )
    days: dict[str, tuple[str, ...]] = {}
    for key, texts in value.items():
        day = day_key(key)
        if day in days:
            raise HoursProblem("weekly", key, f"repeats the day {day!r}")
        days[day] = canonical(parse_day(f"weekly[{key!r}]", texts))
    return MappingProxyType({day: days[day] for day in DAYS if days.get(day)})


def _date(field: str, value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidTypeError(field=field, value=value, rule="must be a date or 'YYYY-MM-DD' text")


def date_set(value: Iterable[date | str]) -> frozenset[date]:
    """Holidays as a frozen set of dates (``date`` objects or ISO text).

    Examples:
        >>> date_set(["2026-02-17"])
        frozenset({datetime.date(2026, 2, 17)})
    """
    if isinstance(value, CountryHolidays):  # dates that know the years they cover: kept whole
        return value
    if isinstance(value, str | date) or not isinstance(value, Iterable):
        raise InvalidTypeError(field="holidays", value=value, rule="must be a collection of dates")
    return frozenset(_date("holidays", item) for item in value)


def holiday_key(value: frozenset[date]) -> tuple[frozenset[date], range | None]:
    """The comparison (and hash) key of a calendar's holidays: the dates, and the years they cover."""
    return frozenset(value), value.years if isinstance(value, CountryHolidays) else None


def override_mapping(
    value: Mapping[Any, Iterable[str] | str],
) -> Mapping[date, tuple[str, ...]]:
    """Canonical overrides: read-only, by date; an empty list closes the day.

    Examples:
        >>> dict(override_mapping({"2026-02-16": []}))
        {datetime.date(2026, 2, 16): ()}
    """
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            field="overrides",
            value=value,
            rule="must map dates to intervals (an empty list closes)",
        )
    out: dict[date, tuple[str, ...]] = {}
    for key, texts in value.items():
        day = _date("overrides", key)
        if day in out:
            raise ValidationError(field="overrides", value=key, rule="repeats a date")
        out[day] = canonical(parse_day(f"overrides[{day.isoformat()}]", texts))
    return MappingProxyType(dict(sorted(out.items())))


def items(mapping: Mapping[Any, tuple[str, ...]]) -> tuple[tuple[Any, tuple[str, ...]], ...]:
    """The comparison (and hash) key of a read-only mapping field."""
    return tuple(mapping.items())
