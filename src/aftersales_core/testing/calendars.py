"""Hypothesis strategies for business calendars and the instants that stress them.

Random opening hours (lunch breaks, hours to midnight, closed days), zones with
clock changes, holidays and overrides: the inputs where business-time bugs live.

Examples:
    >>> from hypothesis import given
    >>> from aftersales_core.testing.calendars import business_calendars
    >>> @given(business_calendars(timezones=["Europe/Berlin"]))
    ... def check(cal):
    ...     assert cal.timezone == "Europe/Berlin" and cal.weekly
    >>> check()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum
from hypothesis import strategies as hs

from ..calendar import BusinessCalendar
from .strategies import COMMON_TIMEZONES

__all__ = ["boundary_instants", "business_calendars", "opening_hours"]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def opening_hours(
    *, max_intervals: int = 3, resolution: timedelta = timedelta(minutes=30)
) -> hs.SearchStrategy[list[str]]:
    """One day's opening hours: sorted, disjoint ``"HH:MM-HH:MM"`` intervals (maybe none).

    Boundaries fall on multiples of ``resolution``; ``"24:00"`` may end the day.

    Examples:
        >>> from hypothesis import given
        >>> @given(opening_hours(max_intervals=2))
        ... def check(hours):
        ...     assert len(hours) <= 2
        >>> check()
    """
    step = int(resolution.total_seconds())
    if step <= 0 or 86_400 % step:
        raise ValueError(f"resolution must divide a day, got {resolution!r}")
    points = hs.lists(hs.integers(0, 86_400 // step), unique=True, max_size=2 * max_intervals).map(
        lambda found: sorted(found)[: len(found) // 2 * 2]
    )
    return points.map(
        lambda p: [f"{_clock(p[i] * step)}-{_clock(p[i + 1] * step)}" for i in range(0, len(p), 2)]
    )


@hs.composite
def business_calendars(
    draw: hs.DrawFn,
    *,
    timezones: Sequence[str] | None = None,
    min_date: date = date(2024, 1, 1),
    max_date: date = date(2027, 12, 31),
    max_holidays: int = 8,
    max_overrides: int = 4,
    resolution: timedelta = timedelta(minutes=30),
) -> BusinessCalendar:
    """Valid `BusinessCalendar` values.

    Args:
        draw: Supplied by Hypothesis; callers pass only the keyword options.
        timezones: Zones to draw from (default: the common zones of
            `aftersales_core.testing.strategies`, clock changes included).
        min_date: First date a holiday or override may fall on.
        max_date: Last date a holiday or override may fall on.
        max_holidays: Most holidays to draw.
        max_overrides: Most overrides to draw (an override may close its date).
        resolution: Opening hours start and end on multiples of this.

    Examples:
        >>> from hypothesis import given
        >>> import pendulum
        >>> @given(business_calendars(max_holidays=0, max_overrides=0))
        ... def check(cal):
        ...     start = pendulum.datetime(2026, 1, 5, tz=cal.timezone)
        ...     assert cal.elapsed(start, cal.add(start, "1h")).in_minutes() == 60
        >>> check()
    """
    zones = tuple(timezones) if timezones is not None else COMMON_TIMEZONES
    zone = draw(hs.sampled_from(zones))
    if draw(hs.integers(0, 9)) == 0:
        weekly = {day: ["00:00-24:00"] for day in _DAYS}
    else:
        day_hours = opening_hours(resolution=resolution)
        weekly = {day: draw(day_hours) for day in _DAYS}
        if not any(weekly.values()):
            day = draw(hs.sampled_from(_DAYS))
            weekly[day] = draw(day_hours.filter(bool))
    dates = hs.dates(min_value=min_date, max_value=max_date)
    holidays = draw(hs.lists(dates, max_size=max_holidays))
    overrides = draw(
        hs.dictionaries(dates, opening_hours(resolution=resolution), max_size=max_overrides)
    )
    return BusinessCalendar(timezone=zone, weekly=weekly, holidays=holidays, overrides=overrides)


@hs.composite
def boundary_instants(
    draw: hs.DrawFn,
    calendar: BusinessCalendar,
    *,
    min_date: date = date(2024, 1, 1),
    max_date: date = date(2027, 12, 31),
) -> pendulum.DateTime:
    """Instants exactly on an opening or closing time of ``calendar`` (or on midnight).

    On a repeated hour either occurrence may be drawn; a skipped one maps forward.

    Examples:
        >>> from hypothesis import given
        >>> cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["08:00-12:00"]})
        >>> @given(boundary_instants(cal))
        ... def check(at):
        ...     assert (at.hour, at.minute) in ((0, 0), (8, 0), (12, 0))
        >>> check()
    """
    day = draw(hs.dates(min_value=min_date, max_value=max_date))
    hours = calendar.overrides.get(day, calendar.weekly.get(_DAYS[day.weekday()], ()))
    edges = {0} | {
        int(part[:2]) * 3600 + int(part[3:5]) * 60 for text in hours for part in text.split("-")
    }
    seconds = draw(hs.sampled_from(sorted(edges)))
    wall = datetime.combine(day, datetime.min.time()) + timedelta(seconds=seconds)
    aware = wall.replace(tzinfo=ZoneInfo(calendar.timezone), fold=draw(hs.integers(0, 1)))
    return pendulum.instance(aware).in_timezone(calendar.timezone)
