"""BusinessTimeline: the calendar's integer interface, on worked cases and bad input."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pendulum
import pytest

from aftersales_core.calendar import BusinessCalendar, BusinessTimeline, Opening, country_holidays
from aftersales_core.errors import InvalidTypeError, NaiveDatetimeError, ValidationError

HOUR = 3_600_000_000
DAY = 24 * HOUR
HCM = "Asia/Ho_Chi_Minh"
WEEKDAY = ["08:00-12:00", "13:00-17:30"]


@pytest.fixture
def shop() -> BusinessCalendar:
    return BusinessCalendar(
        timezone=HCM,
        weekly=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), WEEKDAY)
        | {"sat": ["08:00-12:00"]},
        holidays=country_holidays("VN", years=range(2025, 2028)),
    )


def us(*args: int, tz: str = HCM) -> int:
    at = pendulum.datetime(*args, tz=tz)
    return (at.int_timestamp * 1_000_000) + at.microsecond


def test_instants_are_utc_microseconds_since_1970_like_numpy_and_arrow(shop):
    line = shop.timeline
    at = pendulum.datetime(2026, 2, 14, 11, tz=HCM)
    micros = line.micros(at)
    assert micros == np.datetime64("2026-02-14T04:00:00", "us").astype(np.int64)
    assert line.instant(micros) == at
    assert line.instant(micros).timezone_name == HCM
    assert line.micros(datetime(1970, 1, 1, tzinfo=UTC)) == 0


def test_the_timeline_is_the_calendars_own_and_is_exported(shop):
    assert isinstance(shop.timeline, BusinessTimeline)
    assert shop.timeline is shop.timeline
    assert shop.timeline.timezone == HCM
    assert repr(shop.timeline) == "BusinessTimeline(timezone='Asia/Ho_Chi_Minh')"


def test_four_business_hours_over_tet_on_integers(shop):
    line = shop.timeline
    opened = us(2026, 2, 14, 11)  # the Saturday before Tết
    due = line.add(opened, 4 * HOUR)
    assert line.instant(due).isoformat() == "2026-02-21T11:00:00+07:00"
    assert line.elapsed(opened, due) == 4 * HOUR
    assert line.subtract(due, 4 * HOUR) == opened
    assert line.position(due) - line.position(opened) == 4 * HOUR


def test_an_always_open_calendar_counts_every_microsecond_from_the_origin():
    line = BusinessCalendar.always_open("Europe/Berlin").timeline
    for x in (0, 1, -1, us(2025, 3, 30, 3, tz="Europe/Berlin"), -us(2025, 10, 26, tz="UTC")):
        assert line.position(x) == x
        assert line.at_position(x) == x
    assert line.openings(-5, 5) == (Opening(start=-5, end=5, position=-5),)


def test_positions_before_the_origin_are_negative_and_exact():
    line = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]}).timeline
    week = 7 * DAY
    assert line.position(-week) == -HOUR  # Thursday 1969-12-25 00:00
    assert line.position(-week + HOUR) == 0
    assert line.at_position(-HOUR) == -2 * week + HOUR  # earliest: the closing before
    assert line.at_position(-HOUR + 1) == -week + 1
    far = line.micros(datetime(1900, 1, 4, tzinfo=UTC))  # a Thursday, 70 years back
    assert line.at_position(line.position(far)) < far  # the previous closing
    assert line.at_position(line.position(far) + 1) == far + 1
    assert line.position(far) == -line.elapsed(far, 0)


def test_openings_merge_across_midnight_and_report_positions(shop):
    night = BusinessCalendar(
        timezone="UTC", weekly={"mon": ["20:00-24:00"], "tue": ["00:00-06:00"]}
    )
    line = night.timeline
    monday = us(2026, 2, 16, tz="UTC")
    (only,) = line.openings(monday, monday + 2 * DAY)
    assert (only.start - monday, only.end - monday) == (20 * HOUR, 30 * HOUR)
    assert only.position == line.position(monday + 20 * HOUR)
    pieces = shop.timeline.openings(us(2026, 2, 14), us(2026, 2, 23, 9))  # over Tết
    assert [(shop.timeline.instant(o.start).day, (o.end - o.start) // HOUR) for o in pieces] == [
        (14, 4),
        (21, 4),
        (23, 1),
    ]


def test_clock_changes_count_what_the_clock_really_spends_open():
    night = BusinessCalendar(timezone="Europe/Berlin", weekly={"sun": ["01:00-04:00"]})
    line = night.timeline
    spring, autumn = us(2025, 3, 30, tz="Europe/Berlin"), us(2025, 10, 26, tz="Europe/Berlin")
    assert line.elapsed(spring, spring + DAY) == 2 * HOUR
    assert line.elapsed(autumn, autumn + DAY) == 4 * HOUR
    (fall_back,) = line.openings(autumn, autumn + DAY)
    assert fall_back.end - fall_back.start == 4 * HOUR
    second_pass = line.instant(line.add(autumn, 150 * 60_000_000))
    assert (second_pass.isoformat(), second_pass.fold) == ("2025-10-26T02:30:00+01:00", 1)
    assert line.micros(second_pass) == line.add(autumn, 150 * 60_000_000)


def test_numpy_integers_are_accepted_and_ints_come_back(shop):
    line = shop.timeline
    start = np.int64(us(2026, 3, 2, 9))
    got = line.add(start, np.int64(HOUR))
    assert type(got) is int
    assert got == us(2026, 3, 2, 10)
    assert line.elapsed(start, np.int64(got)) == HOUR


@pytest.mark.parametrize("bad", [True, 1.5, "0", None, pendulum.datetime(2026, 1, 1)])
def test_an_instant_that_is_not_an_int_is_refused_by_name(shop, bad):
    line = shop.timeline
    for call, field in (
        (lambda: line.add(bad, HOUR), "start"),
        (lambda: line.subtract(bad, HOUR), "end"),
        (lambda: line.elapsed(0, bad), "end"),
        (lambda: line.is_open(bad), "at"),
        (lambda: line.next_open(bad), "at"),
        (lambda: line.position(bad), "at"),
        (lambda: line.instant(bad), "micros"),
        (lambda: line.openings(bad, 0), "start"),
    ):
        with pytest.raises(InvalidTypeError) as caught:
            call()
        assert (caught.value.field, caught.value.value) == (field, bad)
        assert "microseconds since 1970-01-01T00:00Z" in caught.value.rule


@pytest.mark.parametrize("bad", [False, 2.0])
def test_a_duration_or_position_that_is_not_an_int_is_refused_by_name(shop, bad):
    line = shop.timeline
    with pytest.raises(InvalidTypeError) as caught:
        line.add(0, bad)
    assert (caught.value.field, caught.value.value) == ("duration", bad)
    assert "microseconds of business time" in caught.value.rule
    with pytest.raises(InvalidTypeError) as caught:
        line.at_position(bad)
    assert (caught.value.field, caught.value.value) == ("position", bad)


def test_a_negative_duration_and_a_reversed_span_are_refused_by_name(shop):
    line = shop.timeline
    for call in (lambda: line.add(0, -1), lambda: line.subtract(0, -HOUR)):
        with pytest.raises(ValidationError) as caught:
            call()
        assert (caught.value.field, caught.value.value, caught.value.rule) == (
            "duration",
            caught.value.value,
            "must not be negative",
        )
        assert caught.value.value < 0
    for call in (lambda: line.elapsed(10, 9), lambda: line.openings(10, 9)):
        with pytest.raises(ValidationError) as caught:
            call()
        assert (caught.value.field, caught.value.value) == ("end", 9)
        assert caught.value.rule == "is before start 10"


def test_a_naive_or_non_datetime_instant_is_refused_by_name(shop):
    with pytest.raises(NaiveDatetimeError) as caught:
        shop.timeline.micros(datetime(2026, 1, 1))
    assert caught.value.field == "instant"
    with pytest.raises(InvalidTypeError) as caught:
        shop.timeline.micros(date(2026, 1, 1))  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("instant", date(2026, 1, 1))


def test_instants_outside_the_counted_years_are_refused():
    line = BusinessCalendar(timezone="UTC", weekly={"mon": ["09:00-10:00"]}).timeline
    last_monday = line.micros(pendulum.datetime(9999, 12, 27, 9, 30))  # the last opening
    assert line.add(last_monday, HOUR // 2) == line.micros(pendulum.datetime(9999, 12, 27, 10))
    with pytest.raises(ValidationError) as caught:
        line.add(last_monday, HOUR)
    assert (caught.value.field, caught.value.value) == ("duration", HOUR)
    assert "reaches after 9999-12-31" in caught.value.rule
    with pytest.raises(ValidationError) as caught:
        line.at_position(-(10**18))
    assert (caught.value.field, caught.value.value) == ("position", -(10**18))
    assert "reaches before 0001-01-01" in caught.value.rule
    with pytest.raises(ValidationError) as caught:
        line.is_open(line.micros(pendulum.datetime(9999, 12, 31, 23, 59)) + 60 * 10**6)
    assert (caught.value.field, caught.value.value) == ("instant", 9999)
    assert "outside 1-9999" in caught.value.rule


def test_a_timeline_pickles_as_its_calendar_and_keeps_answering(shop):
    line = shop.timeline
    copy = pickle.loads(pickle.dumps(line))
    opened = us(2026, 2, 14, 11)
    assert copy.timezone == HCM
    assert copy.add(opened, 4 * HOUR) == line.add(opened, 4 * HOUR)
    assert copy.position(opened) == line.position(opened)


def test_stdlib_instants_in_the_calendars_zone_keep_their_fold():
    from zoneinfo import ZoneInfo

    line = BusinessCalendar.always_open("America/New_York").timeline
    zone = ZoneInfo("America/New_York")
    first = datetime(2025, 11, 2, 1, 30, tzinfo=zone, fold=0)
    second = datetime(2025, 11, 2, 1, 30, tzinfo=zone, fold=1)
    assert line.micros(second) - line.micros(first) == HOUR
    assert line.elapsed(line.micros(first), line.micros(second)) == HOUR
    assert line.micros(first + timedelta(0)) == us(2025, 11, 2, 5, 30, tz="UTC")
