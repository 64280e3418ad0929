"""Far instants: business time at any instant of the years 1 to 9999 is computed, not walked.

A calendar lays out only the dates it is asked about; the business time between two
far instants has a closed form (whole weeks, plus what holidays, overrides and clock
changes add). So answers do not depend on what was asked before: a fresh calendar
and one first asked about the year 9990, the year 1 or a failed 1000-year duration
agree on everything, and a deadline never moves earlier when its start moves later.
"""

from datetime import date, timedelta

import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as hs

from aftersales_core import ValidationError
from aftersales_core.calendar import BusinessCalendar
from aftersales_core.testing.calendars import business_calendars

BERLIN = "Europe/Berlin"
WEEKDAYS = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), ("09:00-12:00", "13:00-17:00"))
HOUR = 3_600_000_000


def berlin() -> BusinessCalendar:
    return BusinessCalendar(timezone=BERLIN, weekly=WEEKDAYS)


def warmed(cal: BusinessCalendar) -> BusinessCalendar:
    """A copy of ``cal`` first asked about the far ends of time, and about a huge duration."""
    copy = BusinessCalendar(
        timezone=cal.timezone, weekly=cal.weekly, holidays=cal.holidays, overrides=cal.overrides
    )
    for year in (9990, 1, 5000):
        copy.add(pendulum.datetime(year, 6, 1, tz=copy.timezone), "1h")
    with pytest.raises(ValidationError):
        copy.add(pendulum.datetime(9990, 1, 1, tz=copy.timezone), "366000d")
    return copy


def test_the_week_of_the_issue_answers_alike_near_and_far():
    cal = berlin()
    assert cal.add(pendulum.datetime(2026, 1, 1, tz=BERLIN), "1h") == pendulum.datetime(
        2026, 1, 1, 10, tz=BERLIN
    )
    assert cal.add(pendulum.datetime(9990, 1, 1, tz=BERLIN), "1h") == pendulum.datetime(
        9990,
        1,
        1,
        10,
        tz=BERLIN,  # 1 January 9990 is a Monday
    )
    assert cal.add(pendulum.datetime(100, 1, 1, tz=BERLIN), "1h") == pendulum.datetime(
        100, 1, 1, 10, tz=BERLIN
    )


def test_business_time_across_eight_thousand_years_is_whole_weeks_and_clock_changes():
    cal = berlin()
    start = pendulum.datetime(2030, 1, 7, tz=BERLIN)  # a Monday
    weeks = 400 * 52 + 71  # 146 097 days are exactly 20 871 weeks
    end = start.add(weeks=19 * 20_871)  # 7600 years later, the same weekday and clock rule
    assert end == pendulum.datetime(9630, 1, 7, tz=BERLIN)
    assert cal.elapsed(start, end) == timedelta(hours=35 * 19 * 20_871)
    assert weeks == 20_871
    # Clock changes on Sunday nights, when the shop is closed, change nothing.
    line = cal.timeline
    assert line.position(line.micros(end)) - line.position(line.micros(start)) == (
        35 * 19 * 20_871 * HOUR
    )


def test_a_duration_longer_than_the_years_left_is_refused_at_once():
    cal = berlin()
    with pytest.raises(ValidationError) as caught:
        cal.add(pendulum.datetime(9990, 1, 1, tz=BERLIN), "366000d")
    assert caught.value.field == "duration"
    assert "reaches after 9999-12-31" in caught.value.rule
    with pytest.raises(ValidationError) as caught:
        cal.subtract(pendulum.datetime(10, 1, 1, tz=BERLIN), "366000d")
    assert "reaches before 0001-01-01" in caught.value.rule


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Santiago", "Australia/Lord_Howe"])
def test_far_answers_do_not_depend_on_what_was_asked_before(zone):
    fresh = BusinessCalendar(timezone=zone, weekly={"sun": ["00:00-04:00"], "sat": ["22:00-24:00"]})
    other = warmed(fresh)
    for year in (3, 1900, 2026, 2087, 2500, 7777, 9998):
        at = pendulum.datetime(year, 3, 1, tz=zone)
        assert fresh.add(at, "30h") == other.add(at, "30h")
        assert fresh.subtract(at, "30h") == other.subtract(at, "30h")
        assert fresh.timeline.position(fresh.timeline.micros(at)) == other.timeline.position(
            other.timeline.micros(at)
        )


@given(
    business_calendars(),
    hs.integers(1, 9998),
    hs.integers(0, 364),
    hs.integers(0, 200 * HOUR),
)
@example(BusinessCalendar(timezone=BERLIN, weekly={"sun": ["01:00-03:30"]}), 9990, 85, 5 * HOUR)
def test_a_fresh_calendar_and_a_warmed_one_agree_anywhere(cal, year, day, micros):
    other = warmed(cal)
    line, warm = cal.timeline, other.timeline
    on = date(year, 1, 1) + timedelta(days=day)
    x = line.micros(pendulum.datetime(on.year, on.month, on.day, tz=cal.timezone))
    for timeline in (line, warm):  # both read the same instant the same way
        assert timeline.micros(timeline.instant(x)) == x
    try:
        expected = line.add(x, micros)
    except ValidationError:
        with pytest.raises(ValidationError):
            warm.add(x, micros)
        return
    assert warm.add(x, micros) == expected
    assert warm.elapsed(x, expected) == line.elapsed(x, expected) == micros or micros == 0
    assert warm.is_open(x) == line.is_open(x)
    assert warm.position(x) == line.position(x)


@given(business_calendars(), hs.integers(1, 9998), hs.integers(0, 500), hs.integers(1, 50 * HOUR))
def test_a_later_start_never_gives_an_earlier_deadline(cal, year, later_hours, micros):
    line = cal.timeline
    x = line.micros(pendulum.datetime(year, 7, 1, tz=cal.timezone))
    y = x + later_hours * HOUR
    try:
        late = line.add(y, micros)
    except ValidationError:
        return  # past 9999: no deadline to compare
    assert line.add(x, micros) <= late
    assert line.subtract(late, micros) <= line.subtract(late + HOUR, micros)
