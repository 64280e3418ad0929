"""Hostile durations: calendar units passed as durations, wrong types, extremes, zero terms.

A month or a year has no fixed length, so a pendulum ``Duration(months=1)`` is not a
duration (pendulum stores it as 30 days); every API that reads a duration refuses it with
the same typed error. Formatting refuses what is not a duration; extremes are typed errors.
"""

from datetime import date, timedelta

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import (
    BusinessCalendar,
    InvalidDurationError,
    InvalidTypeError,
    Term,
    ValidationError,
    format_duration,
    parse_duration,
)
from aftersales_core.metrics import duration_summary
from aftersales_core.policies import CompensationTier
from aftersales_core.terms import MAX_DURATION, duration_micros

MONTH = pendulum.Duration(months=1)
YEAR = pendulum.Duration(years=1)
CALENDAR_UNITS = "months or years"


def _refuses_calendar_units(info: pytest.ExceptionInfo[InvalidDurationError], field: str) -> None:
    assert info.value.field == field
    assert info.value.value in (MONTH, YEAR)
    assert CALENDAR_UNITS in info.value.rule


@pytest.mark.parametrize("value", [MONTH, YEAR, pendulum.Duration(months=1, days=2)])
def test_parse_duration_refuses_months_and_years(value):
    with pytest.raises(InvalidDurationError) as info:
        parse_duration(value, field="resolution")
    assert info.value.field == "resolution"
    assert info.value.value is value
    assert CALENDAR_UNITS in info.value.rule


def test_a_calendar_refuses_months_even_after_the_same_length_in_days():
    cal = BusinessCalendar.always_open("UTC")
    start = pendulum.datetime(2026, 1, 1)
    assert cal.add(start, timedelta(days=30)) == pendulum.datetime(2026, 1, 31)  # cached by value
    for step in (cal.add, cal.subtract):
        with pytest.raises(InvalidDurationError) as info:
            step(start, MONTH)
        _refuses_calendar_units(info, "duration")


def test_a_compensation_tier_refuses_months():
    with pytest.raises(InvalidDurationError) as info:
        CompensationTier(late_by=MONTH, credit="0.1")
    _refuses_calendar_units(info, "late_by")


def test_duration_summary_refuses_months():
    with pytest.raises(InvalidDurationError) as info:
        duration_summary([timedelta(hours=1), MONTH])
    _refuses_calendar_units(info, "durations[1]")


def test_an_elapsed_interval_is_a_duration_though_it_spans_a_month():
    # The difference of two instants is exact elapsed time, whatever months it spans.
    spent = pendulum.datetime(2026, 2, 1) - pendulum.datetime(2026, 1, 1)
    assert spent.months == 1
    assert parse_duration(spent) == timedelta(days=31)
    assert duration_micros(spent) == 31 * 86_400_000_000


def test_duration_summary_refuses_a_duration_past_the_longest_one():
    with pytest.raises(InvalidDurationError) as info:
        duration_summary([timedelta.max])
    assert info.value.field == "durations[0]"
    assert info.value.value == timedelta.max
    assert "1000 years" in info.value.rule
    assert duration_summary([MAX_DURATION]).max == MAX_DURATION


@pytest.mark.parametrize("value", ["4h", None, 4, 4.0])
def test_format_duration_refuses_what_is_not_a_timedelta(value):
    with pytest.raises(InvalidTypeError) as info:
        format_duration(value)
    assert info.value.field == "duration"
    assert info.value.value == value
    assert "timedelta" in info.value.rule


def test_format_duration_refuses_months():
    with pytest.raises(InvalidDurationError) as info:
        format_duration(MONTH)
    _refuses_calendar_units(info, "duration")


@given(hs.timedeltas(min_value=timedelta(0), max_value=MAX_DURATION))
def test_every_duration_reads_back_from_its_text(value):
    assert parse_duration(format_duration(value)) == value
    assert duration_micros(value) == value // timedelta(microseconds=1)


@pytest.mark.parametrize(
    "start",
    [
        pendulum.parse("9999-12-31T23:00:00-05:00"),
        pendulum.datetime(9999, 12, 31, 23, tz="America/New_York"),
        pendulum.datetime(1, 1, 1, 1, tz="Asia/Tokyo"),
    ],
)
def test_a_zero_term_ends_where_it_starts(start):
    assert Term(days=0).end(start) == start
    assert Term().end(start) == start


def test_a_term_to_the_last_local_day_ends_there():
    start = pendulum.parse("9999-12-30T23:00:00-05:00")  # 10000-01-01 in UTC, a day later
    assert Term(days=1).end(start).date() == date(9999, 12, 31)
    with pytest.raises(ValidationError) as info:
        Term(days=2).end(start)
    assert info.value.field == "term"
    assert "9999" in info.value.rule
