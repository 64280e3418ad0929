"""Pathological calendars: holidays that cover every opening for centuries, or for ever.

Holidays are a finite set: past the last one the weekly pattern repeats, and the
business time up to any date is a bisection over the holidays, not a walk over the
days. The next opening after a thousand years of closed Mondays is found at once;
a calendar whose holidays close every opening up to the year 9999 says so at once,
with a typed error.
"""

from datetime import date, timedelta

import pendulum
import pytest

from aftersales_core import ValidationError
from aftersales_core.calendar import BusinessCalendar

BERLIN = "Europe/Berlin"
FIRST_MONDAY = date(2026, 1, 5)


def mondays_closed_until(last: date) -> BusinessCalendar:
    mondays = [
        FIRST_MONDAY + timedelta(weeks=i) for i in range((last - FIRST_MONDAY).days // 7 + 1)
    ]
    return BusinessCalendar(timezone=BERLIN, weekly={"mon": ["09:00-17:00"]}, holidays=mondays)


def test_a_thousand_years_of_closed_mondays_are_jumped():
    cal = mondays_closed_until(FIRST_MONDAY + timedelta(weeks=52 * 1000 - 1))
    first_open = FIRST_MONDAY + timedelta(weeks=52 * 1000)
    start = pendulum.datetime(2026, 1, 1, tz=BERLIN)
    opening = pendulum.datetime(first_open.year, first_open.month, first_open.day, 9, tz=BERLIN)
    assert cal.next_open(start) == opening
    assert cal.add(start, "1h") == opening.add(hours=1)
    assert cal.elapsed(start, opening.add(days=7)) == timedelta(hours=8)
    assert not cal.is_open(pendulum.datetime(2500, 1, 4, 10, tz=BERLIN))  # a closed Monday
    assert cal.subtract(opening.add(hours=1), "2h") == pendulum.datetime(
        2026, 1, 1, tz=BERLIN
    ).subtract(days=3).replace(
        hour=16
    )  # the last opening before the holidays: Monday 29 December 2025


def test_no_opening_before_the_year_9999_is_a_typed_error_at_once():
    cal = mondays_closed_until(date(9999, 12, 31))
    start = pendulum.datetime(2026, 1, 1, tz=BERLIN)
    with pytest.raises(ValidationError) as caught:
        cal.next_open(start)
    assert caught.value.field == "at"
    assert "reaches after 9999-12-31" in caught.value.rule
    with pytest.raises(ValidationError) as caught:
        cal.add(start, "1h")
    assert caught.value.field == "duration"
    assert cal.elapsed(start, pendulum.datetime(9999, 12, 31, tz=BERLIN)) == timedelta(0)


def test_a_calendar_open_round_the_clock_but_for_one_far_holiday_closes_there():
    cal = BusinessCalendar.always_open(BERLIN)
    far = BusinessCalendar(
        timezone=BERLIN, weekly=cal.weekly, holidays=[date(2500, 6, 1), date(9000, 1, 1)]
    )
    start = pendulum.datetime(2026, 1, 1, tz=BERLIN)
    assert far.next_close(start) == pendulum.datetime(2500, 6, 1, tz=BERLIN)
    assert far.next_close(pendulum.datetime(2500, 6, 2, tz=BERLIN)) == pendulum.datetime(
        9000, 1, 1, tz=BERLIN
    )
    assert far.next_close(pendulum.datetime(9000, 1, 2, tz=BERLIN)) is None
    assert cal.next_close(start) is None
