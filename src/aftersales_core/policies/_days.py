"""Whole days in a time zone, open days on a business calendar, and calendar shifts.

A shift may leave the range of dates Python can hold (the years 1 to 9999): it then
gives ``None`` for the caller to refuse with a ValidationError, or to stop at.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING

import pendulum

if TYPE_CHECKING:
    from ..calendar import BusinessCalendar

__all__ = ["add_days", "add_open_days", "is_open_day", "midnight", "next_open_day", "shift"]


def shift(
    instant: pendulum.DateTime, *, months: int = 0, days: int = 0
) -> pendulum.DateTime | None:
    """``instant`` moved by calendar months, then days, on its wall clock.

    ``None`` when the result would leave the years 1 to 9999, for the caller to refuse
    or to stop at.
    """
    try:
        return instant.add(months=months).add(days=days)
    except (OverflowError, ValueError):
        return None


def add_days(day: date, count: int) -> date | None:
    """``day`` plus ``count`` days; ``None`` past the year 9999."""
    try:
        return day + timedelta(days=count)
    except OverflowError:
        return None


def midnight(day: date, zone: str | tzinfo) -> pendulum.DateTime:
    """The first instant of ``day`` in ``zone``."""
    return pendulum.datetime(day.year, day.month, day.day, tz=zone)


def next_open_day(calendar: BusinessCalendar, day: date) -> pendulum.DateTime:
    """The first opening instant on ``day`` or after it, in the calendar's zone."""
    return calendar.next_open(midnight(day, calendar.timezone)).in_timezone(calendar.timezone)


def is_open_day(calendar: BusinessCalendar, day: date) -> bool:
    """Whether the calendar opens at some time on ``day``."""
    return next_open_day(calendar, day).date() == day


def add_open_days(calendar: BusinessCalendar, day: date, count: int) -> date:
    """The ``count``-th open day after ``day`` (``day`` itself for zero)."""
    current = day
    for _ in range(count):
        current = next_open_day(calendar, current + timedelta(days=1)).date()
    return current
