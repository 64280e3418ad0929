"""Local dates a zone skips entirely (a date-line change) count no business time.

Samoa (Pacific/Apia) went from 29 December 2011 straight to 31 December, and the
Line Islands (Pacific/Kiritimati) from 30 December 1994 to 1 January 1995. A date
that never happened on the local clock has no opening hours: its intervals do not
spill into the next date, so a Friday-only calendar is closed on the Saturday after
the skipped Friday.
"""

from datetime import date, timedelta

import pendulum
import pytest

from aftersales_core.calendar import BusinessCalendar

SKIPPED = [
    ("Pacific/Apia", date(2011, 12, 30)),  # a Friday
    ("Pacific/Kiritimati", date(1994, 12, 31)),  # a Saturday
]


def _weekly_on(day: date) -> dict[str, list[str]]:
    return {("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]: ["09:00-17:00"]}


@pytest.mark.parametrize(("zone", "skipped"), SKIPPED)
def test_a_skipped_date_counts_no_business_time(zone, skipped):
    cal = BusinessCalendar(timezone=zone, weekly=_weekly_on(skipped))
    before = pendulum.datetime(skipped.year, skipped.month, skipped.day, tz=zone).subtract(days=3)
    after = before.add(days=6)
    assert cal.elapsed(before, after) == timedelta(0)
    for s in cal.segments(before, after):
        assert not s.counted
    # The first opening is the same weekday one week after the skipped date.
    nxt = skipped + timedelta(days=7)
    assert cal.next_open(before) == pendulum.datetime(nxt.year, nxt.month, nxt.day, 9, tz=zone)
    assert cal.add(before, "1h") == pendulum.datetime(nxt.year, nxt.month, nxt.day, 10, tz=zone)


@pytest.mark.parametrize(("zone", "skipped"), SKIPPED)
def test_the_dates_around_a_skipped_date_keep_their_weekly_pattern(zone, skipped):
    cal = BusinessCalendar(timezone=zone, weekly=_weekly_on(skipped))
    following = skipped + timedelta(days=1)
    for hour in (0, 9, 12, 16):
        at = pendulum.datetime(following.year, following.month, following.day, hour, tz=zone)
        assert not cal.is_open(at)
    line = cal.timeline
    start = line.micros(pendulum.datetime(following.year, following.month, following.day, tz=zone))
    assert line.openings(start - 3 * 86_400_000_000, start + 3 * 86_400_000_000) == ()


def test_a_calendar_open_every_day_loses_just_the_skipped_date():
    every_day = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    cal = BusinessCalendar(timezone="Pacific/Apia", weekly=every_day)
    start = pendulum.datetime(2011, 12, 29, 16, tz="Pacific/Apia")
    assert cal.add(start, "2h") == pendulum.datetime(2011, 12, 31, 10, tz="Pacific/Apia")
    assert cal.elapsed(start, pendulum.datetime(2012, 1, 1, tz="Pacific/Apia")) == timedelta(
        hours=9
    )
