"""Example tests for BusinessCalendar: the published Vietnamese cases, clock changes and every refusal."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum
import pytest

from aftersales_core.calendar import (
    BusinessCalendar,
    OpeningHoursError,
    SegmentCause,
    TimeSegment,
    country_holidays,
    country_workdays,
)
from aftersales_core.errors import (
    InvalidDurationError,
    InvalidTypeError,
    NaiveDatetimeError,
    ValidationError,
)

HCM = "Asia/Ho_Chi_Minh"
WEEKDAY = ["08:00-12:00", "13:00-17:30"]
VN_WEEK = {"mon": WEEKDAY, "tue": WEEKDAY, "wed": WEEKDAY, "thu": WEEKDAY, "fri": WEEKDAY}


@pytest.fixture(scope="module")
def shop() -> BusinessCalendar:
    """The Vietnamese shop: Mon-Fri 08:00-12:00 and 13:00-17:30, Sat 08:00-12:00, VN holidays.

    The holidays of 2025-2027 as plain dates: taken as given for every year, so the tests
    below may reach decades away (country holidays would refuse years they were not read for).
    """
    return BusinessCalendar(
        timezone=HCM,
        weekly={**VN_WEEK, "sat": ["08:00-12:00"]},
        holidays=frozenset(country_holidays("VN", years=range(2025, 2028))),
    )


def hcm(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=HCM)


def same_instant(a: datetime, b: datetime) -> bool:
    return a.astimezone(UTC) == b.astimezone(UTC)


# -- the cases Vietnamese shops publish: lunch breaks, Saturday mornings, Tết -------------------


def test_the_holidays_package_marks_tet_2026_as_16_to_20_february():
    tet = sorted(d for d in country_holidays("VN", years=2026) if d.month == 2)
    assert tet == [date(2026, 2, d) for d in range(16, 21)]


def test_four_hours_from_saturday_before_tet_is_due_the_saturday_after(shop):
    due = shop.add(hcm(2026, 2, 14, 11), "4h")
    assert due.isoformat() == "2026-02-21T11:00:00+07:00"
    assert due.timezone_name == HCM
    assert shop.elapsed(hcm(2026, 2, 14, 11), due) == pendulum.duration(hours=4)


def test_thirty_minutes_on_the_24_7_hotline():
    hotline = BusinessCalendar.always_open(HCM)
    asked = hcm(2026, 2, 17, 23, 50)  # the second day of Tết, ten to midnight
    assert hotline.add(asked, "30m") == hcm(2026, 2, 18, 0, 20)
    assert hotline.add(asked, timedelta(minutes=30)) == hotline.add(asked, "PT30M")
    assert hotline.is_open(asked)
    assert hotline.next_close(asked) is None


def test_the_segments_of_the_tet_deadline_explain_it(shop):
    pieces = shop.segments(hcm(2026, 2, 14, 11), hcm(2026, 2, 21, 11))
    summary = [(p.start.isoformat(), p.cause.value, p.duration.in_hours()) for p in pieces]
    assert summary == [
        ("2026-02-14T11:00:00+07:00", "opening_hours", 1),
        ("2026-02-14T12:00:00+07:00", "closed_hours", 36),
        ("2026-02-16T00:00:00+07:00", "holiday", 120),
        ("2026-02-21T00:00:00+07:00", "closed_hours", 8),
        ("2026-02-21T08:00:00+07:00", "opening_hours", 3),
    ]
    assert sum((p.duration for p in pieces if p.counted), timedelta(0)) == timedelta(hours=4)


def test_make_up_working_saturday_26_april_2025(shop):
    workdays = country_workdays("VN", years=range(2025, 2028))
    assert date(2025, 4, 26) in workdays
    assert date(2025, 5, 2) in shop.holidays  # the day off it pays for
    assert all(d.weekday() >= 5 for d in workdays)
    vn = shop.with_workdays(workdays, hours_of="mon")
    saturday_afternoon = hcm(2025, 4, 26, 15)
    assert not shop.is_open(saturday_afternoon)
    assert vn.is_open(saturday_afternoon)
    assert vn.add(hcm(2025, 4, 26, 11), "4h") == hcm(2025, 4, 26, 16)
    assert shop.add(hcm(2025, 4, 26, 11), "4h") == hcm(2025, 4, 28, 11)


def test_with_workdays_keeps_existing_overrides_and_refuses_closed_or_unknown_days(shop):
    special = shop.with_workdays(["2025-04-26"], hours_of="sat")
    assert special.overrides[date(2025, 4, 26)] == ("08:00-12:00",)
    kept = BusinessCalendar(
        timezone=HCM, weekly=VN_WEEK, overrides={date(2025, 4, 26): ["09:00-10:00"]}
    ).with_workdays([date(2025, 4, 26)])
    assert kept.overrides[date(2025, 4, 26)] == ("09:00-10:00",)
    with pytest.raises(ValidationError, match="hours_of: 'sun' is a closed weekday"):
        shop.with_workdays([date(2025, 4, 26)], hours_of="sun")
    with pytest.raises(ValidationError, match="hours_of: 'someday' is not a day of the week"):
        shop.with_workdays([date(2025, 4, 26)], hours_of="someday")


# -- the rules of counting ------------------------------------------------------------------


def test_a_deadline_on_a_closing_time_stays_there(shop):
    assert shop.add(hcm(2026, 3, 2, 8), "4h") == hcm(2026, 3, 2, 12)
    assert shop.add(hcm(2026, 3, 2, 8), "4h1s") == hcm(2026, 3, 2, 13, 0, 1)


def test_a_start_outside_hours_counts_from_the_next_opening(shop):
    assert shop.add(hcm(2026, 3, 2, 12, 30), "1h") == hcm(2026, 3, 2, 14)
    assert shop.add(hcm(2026, 3, 7, 20), "1h") == hcm(2026, 3, 9, 9)  # Saturday night


def test_adding_nothing_is_the_start_even_when_closed(shop):
    closed = hcm(2026, 3, 1, 3)
    assert shop.add(closed, "0s") == closed
    assert shop.subtract(closed, timedelta(0)) == closed
    assert shop.add(closed.in_timezone("UTC"), "0s").timezone_name == HCM


def test_subtract_is_the_latest_instant_and_stops_on_openings(shop):
    assert shop.subtract(hcm(2026, 3, 2, 12), "4h") == hcm(2026, 3, 2, 8)
    assert shop.subtract(hcm(2026, 3, 2, 9), "2h") == hcm(2026, 2, 28, 11)  # Saturday
    assert shop.subtract(hcm(2026, 2, 23, 8), "1h") == hcm(2026, 2, 21, 11)  # back over Tết


def test_microseconds_are_kept(shop):
    start = hcm(2026, 3, 2, 9).add(microseconds=123_456)
    due = shop.add(start, timedelta(hours=3, microseconds=900_000))
    assert due == hcm(2026, 3, 2, 13, 0, 1).add(microseconds=23_456)
    assert shop.elapsed(start, due) == timedelta(hours=3, microseconds=900_000)


def test_instants_in_other_zones_and_stdlib_datetimes_are_accepted(shop):
    utc_start = datetime(2026, 3, 2, 2, tzinfo=UTC)  # 09:00 in Ho Chi Minh City
    zi_start = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo(HCM))
    assert shop.add(utc_start, "1h") == shop.add(zi_start, "1h") == hcm(2026, 3, 2, 10)
    assert shop.add(zi_start, "1h").timezone_name == HCM
    assert shop.subtract(zi_start, "1h") == hcm(2026, 3, 2, 8)
    assert shop.is_open(utc_start)


def test_long_durations_jump_whole_weeks_and_holidays(shop):
    start = hcm(2025, 1, 2, 8)
    due = shop.add(start, timedelta(hours=46.5 * 52))
    assert shop.elapsed(start, due) == timedelta(hours=46.5 * 52)
    assert shop.subtract(due, timedelta(hours=46.5 * 52)) == start
    far = shop.add(start, timedelta(days=3650))  # 36 years of 46.5-hour weeks
    assert far.year == 2061
    assert shop.elapsed(start, far) == timedelta(days=3650)
    assert shop.subtract(far, timedelta(days=3650)) == start


def test_the_past_is_counted_too(shop):
    end = hcm(1999, 6, 1, 9)
    start = shop.subtract(end, "400h")
    assert start.year == 1999
    assert shop.elapsed(start, end) == timedelta(hours=400)
    assert shop.add(start, "400h") == end


def test_is_open_next_open_and_next_close(shop):
    assert shop.is_open(hcm(2026, 3, 2, 8))
    assert not shop.is_open(hcm(2026, 3, 2, 12))
    assert not shop.is_open(hcm(2026, 2, 17, 9))  # Tết
    assert shop.next_open(hcm(2026, 3, 2, 9)) == hcm(2026, 3, 2, 9)
    assert shop.next_open(hcm(2026, 3, 2, 12)) == hcm(2026, 3, 2, 13)
    assert shop.next_open(hcm(2026, 2, 14, 12)) == hcm(2026, 2, 21, 8)
    assert shop.next_close(hcm(2026, 3, 2, 9)) == hcm(2026, 3, 2, 12)
    assert shop.next_close(hcm(2026, 3, 2, 12, 30)) == hcm(2026, 3, 2, 17, 30)


def test_next_close_joins_openings_that_touch_at_midnight_and_across_the_week():
    night = BusinessCalendar(timezone=HCM, weekly={"sun": ["22:00-24:00"], "mon": ["00:00-02:00"]})
    assert night.next_close(hcm(2026, 3, 1, 23)) == hcm(2026, 3, 2, 2)
    assert night.elapsed(hcm(2026, 3, 1), hcm(2026, 3, 3)) == timedelta(hours=4)


def test_an_always_open_calendar_closes_only_on_its_special_dates():
    hotline = BusinessCalendar(
        timezone="Europe/Berlin",
        weekly=dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "00:00-24:00"),
        holidays=[date(2025, 12, 25)],
        overrides={date(2025, 12, 24): ["00:00-12:00"]},
    )
    at = pendulum.datetime(2025, 3, 1, tz="Europe/Berlin")
    assert hotline.next_close(at) == pendulum.datetime(2025, 12, 24, 12, tz="Europe/Berlin")
    assert hotline.next_close(pendulum.datetime(2025, 12, 26, tz="Europe/Berlin")) is None
    # Both clock changes of 2025 lie between: a day of 23 hours and one of 25.
    assert hotline.elapsed(at, at.add(years=1)) == timedelta(days=365 - 1.5)


def test_overrides_win_over_holidays_and_weekdays():
    cal = BusinessCalendar(
        timezone=HCM,
        weekly=VN_WEEK,
        holidays=[date(2026, 2, 16), date(2026, 2, 17)],
        overrides={"2026-02-16": ["08:00-10:00"], date(2026, 2, 18): []},
    )
    assert cal.elapsed(hcm(2026, 2, 16), hcm(2026, 2, 19)) == timedelta(hours=2)
    causes = [p.cause for p in cal.segments(hcm(2026, 2, 16), hcm(2026, 2, 19))]
    assert causes == [
        SegmentCause.OVERRIDE,
        SegmentCause.OVERRIDE,
        SegmentCause.OVERRIDE,
        SegmentCause.HOLIDAY,
        SegmentCause.OVERRIDE,
    ]
    assert [p.counted for p in cal.segments(hcm(2026, 2, 16), hcm(2026, 2, 16, 12))] == [
        False,
        True,
        False,
    ]


# -- clock changes (opening hours are wall-clock; business time is real time) ---------------


def berlin(*args: int, fold: int = 0) -> pendulum.DateTime:
    return pendulum.DateTime(*args, tzinfo=pendulum.timezone("Europe/Berlin"), fold=fold)


def test_berlin_spring_forward_skips_an_hour_of_a_night_shift():
    night = BusinessCalendar(timezone="Europe/Berlin", weekly={"sun": ["01:00-04:00"]})
    sunday = pendulum.datetime(2025, 3, 30, tz="Europe/Berlin")
    assert night.elapsed(sunday, sunday.add(days=1)) == timedelta(hours=2)
    assert night.add(sunday, "90m").isoformat() == "2025-03-30T03:30:00+02:00"
    skipped = BusinessCalendar(timezone="Europe/Berlin", weekly={"sun": ["02:00-03:00"]})
    assert skipped.elapsed(sunday, sunday.add(days=1)) == timedelta(0)
    assert skipped.next_open(sunday).date() == date(2025, 4, 6)


def test_berlin_fall_back_counts_the_repeated_hour_twice():
    night = BusinessCalendar(timezone="Europe/Berlin", weekly={"sun": ["01:00-04:00"]})
    sunday = pendulum.datetime(2025, 10, 26, tz="Europe/Berlin")
    assert night.elapsed(sunday, sunday.add(days=1)) == timedelta(hours=4)
    first = night.add(sunday, "90m")
    second = night.add(sunday, "150m")
    assert (first.isoformat(), second.isoformat()) == (
        "2025-10-26T02:30:00+02:00",
        "2025-10-26T02:30:00+01:00",
    )
    assert second.fold == 1
    assert night.elapsed(berlin(2025, 10, 26, 2, 30, fold=1), sunday.add(days=1)) == timedelta(
        hours=1, minutes=30
    )
    assert night.elapsed(berlin(2025, 10, 26, 2, 30), sunday.add(days=1)) == timedelta(
        hours=2, minutes=30
    )


def test_new_york_office_hours_keep_their_wall_clock_across_the_change():
    office = BusinessCalendar(
        timezone="America/New_York",
        weekly={d: ["09:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
    )
    friday = pendulum.datetime(2025, 3, 7, 16, tz="America/New_York")
    due = office.add(friday, "2h")
    assert due.isoformat() == "2025-03-10T10:00:00-04:00"
    assert office.elapsed(friday, due) == timedelta(hours=2)
    assert office.subtract(due, "2h") == friday


def test_a_repeated_closing_time_maps_to_its_first_occurrence():
    cal = BusinessCalendar(timezone="America/New_York", weekly={"sun": ["00:00-01:30"]})
    sunday = pendulum.datetime(2025, 11, 2, tz="America/New_York")
    assert cal.elapsed(sunday, sunday.add(days=1)) == timedelta(hours=1, minutes=30)
    assert cal.next_close(sunday).isoformat() == "2025-11-02T01:30:00-04:00"


# -- values ---------------------------------------------------------------------------------


def test_calendars_are_frozen_hashable_values_with_canonical_fields(shop):
    same = BusinessCalendar(
        timezone=pendulum.timezone(HCM),
        weekly={"Saturday": "08:00-12:00", **{k.upper(): v for k, v in VN_WEEK.items()}},
        holidays=sorted(shop.holidays),
    )
    assert same == shop
    assert hash(same) == hash(shop)
    assert same.timezone == HCM
    assert list(same.weekly) == ["mon", "tue", "wed", "thu", "fri", "sat"]
    assert same.weekly["sat"] == ("08:00-12:00",)
    assert pickle.loads(pickle.dumps(shop)) == shop
    with pytest.raises(AttributeError):
        shop.timezone = "UTC"  # type: ignore[misc]
    assert len({shop, same, BusinessCalendar.always_open(HCM)}) == 2


def test_repr_is_short_for_long_holiday_lists(shop):
    assert "<42 dates>" in repr(shop)
    small = BusinessCalendar(timezone="UTC", weekly={"mon": ["09:00-10:00"]})
    assert repr(small) == (
        "BusinessCalendar(timezone='UTC', weekly={'mon': ('09:00-10:00',)}, "
        "holidays=frozenset(), overrides={})"
    )


def test_seconds_in_opening_hours_are_kept():
    cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["09:00:30-09:01"]})
    assert cal.weekly["mon"] == ("09:00:30-09:01",)
    monday = pendulum.datetime(2026, 3, 2, tz="UTC")
    assert cal.elapsed(monday, monday.add(days=1)) == timedelta(seconds=30)


def test_segment_is_a_value():
    start = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    piece = TimeSegment(
        start=start, end=start.add(hours=1), counted=True, cause=SegmentCause.OVERRIDE
    )
    assert piece.duration == timedelta(hours=1)
    assert piece == TimeSegment(
        start=start, end=start.add(hours=1), counted=True, cause=SegmentCause.OVERRIDE
    )


# -- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weekly", "message"),
    [
        ({"mon": ["8-12"]}, r"weekly\['mon'\]\[0\]: '8-12' is not an interval"),
        ({"mon": ["08:00-08:00"]}, r"'08:00-08:00' is empty"),
        ({"mon": ["12:00-08:00"]}, r"'12:00-08:00' ends before it starts"),
        ({"mon": ["08:00-25:00"]}, r"'08:00-25:00' has a time that is not on the clock"),
        ({"mon": ["08:60-09:00"]}, r"'08:60-09:00' has a time that is not on the clock"),
        ({"mon": ["24:00-24:00"]}, r"'24:00-24:00' is empty"),
        ({"tue": ["08:00-12:00", "11:00-13:00"]}, r"weekly\['tue'\]\[1\]: '11:00-13:00' overlaps"),
        ({"wed": ["13:00-17:00", "08:00-12:00"]}, r"weekly\['wed'\]\[1\]: .* is out of order"),
        ({"thu": [""]}, r"weekly\['thu'\]\[0\]: '' is not an interval"),
        ({"fri": [8]}, r"weekly\['fri'\]\[0\]: 8 must be interval text"),
        ({"sat": 8}, r"weekly\['sat'\]: 8 must be a list of intervals"),
        ({"funday": ["08:00-12:00"]}, r"weekly: 'funday' is not a day of the week"),
        ({"mon": ["08:00-09:00"], "Monday": []}, r"weekly: 'Monday' repeats the day 'mon'"),
    ],
)
def test_malformed_opening_hours_are_refused_naming_the_day_and_text(weekly, message):
    with pytest.raises(OpeningHoursError, match=message) as caught:
        BusinessCalendar(timezone=HCM, weekly=weekly)
    assert caught.value.code == "invalid_opening_hours"
    assert isinstance(caught.value, ValueError)


def test_a_calendar_that_never_opens_is_refused():
    for weekly in ({}, {"mon": []}):
        with pytest.raises(ValidationError, match=r"weekly: .* has no opening hours"):
            BusinessCalendar(timezone=HCM, weekly=weekly)


def test_bad_overrides_are_refused_naming_the_date():
    with pytest.raises(OpeningHoursError, match=r"overrides\[2026-02-16\]\[0\]: '9-5'"):
        BusinessCalendar(timezone=HCM, weekly=VN_WEEK, overrides={date(2026, 2, 16): ["9-5"]})
    with pytest.raises(ValidationError, match=r"overrides: .* repeats a date"):
        BusinessCalendar(
            timezone=HCM, weekly=VN_WEEK, overrides={date(2026, 2, 16): [], "2026-02-16": []}
        )
    with pytest.raises(InvalidTypeError, match=r"overrides: .* must map dates"):
        BusinessCalendar(timezone=HCM, weekly=VN_WEEK, overrides=[date(2026, 2, 16)])
    with pytest.raises(InvalidTypeError, match="overrides: 'tomorrow' must be a date"):
        BusinessCalendar(timezone=HCM, weekly=VN_WEEK, overrides={"tomorrow": []})


@pytest.mark.parametrize(
    ("holidays", "message"),
    [
        (date(2026, 2, 16), "must be a collection of dates"),
        ("2026-02-16", "must be a collection of dates"),
        (42, "must be a collection of dates"),
        ([datetime(2026, 2, 16, tzinfo=UTC)], "must be a date"),
        (["16/02/2026"], "must be a date"),
    ],
)
def test_bad_holidays_are_refused(holidays, message):
    with pytest.raises(InvalidTypeError, match=message):
        BusinessCalendar(timezone=HCM, weekly=VN_WEEK, holidays=holidays)


def test_bad_weekly_and_time_zones_are_refused():
    with pytest.raises(InvalidTypeError, match=r"weekly: .* must map weekdays"):
        BusinessCalendar(timezone=HCM, weekly=["08:00-12:00"])
    for zone in ("Mars/Olympus_Mons", "", 7, "+07:00"):
        with pytest.raises(ValidationError, match=r"timezone: .* is not an IANA time zone"):
            BusinessCalendar(timezone=zone, weekly=VN_WEEK)


def test_bad_instants_and_durations_are_refused(shop):
    naive = datetime(2026, 2, 14, 11)
    with pytest.raises(NaiveDatetimeError, match="start"):
        shop.add(naive, "4h")
    with pytest.raises(NaiveDatetimeError, match="end"):
        shop.subtract(naive, "4h")
    with pytest.raises(NaiveDatetimeError, match="at"):
        shop.is_open(naive)
    with pytest.raises(InvalidTypeError):
        shop.add(date(2026, 2, 14), "4h")
    with pytest.raises(InvalidDurationError, match="must not be negative"):
        shop.add(hcm(2026, 2, 14, 11), timedelta(hours=-1))
    with pytest.raises(InvalidDurationError, match="is not a duration"):
        shop.add(hcm(2026, 2, 14, 11), "four hours")
    with pytest.raises(InvalidTypeError):
        shop.add(hcm(2026, 2, 14, 11), 4)


def test_an_end_before_the_start_is_refused(shop):
    with pytest.raises(ValidationError, match=r"end: .* is before start"):
        shop.elapsed(hcm(2026, 2, 14, 11), hcm(2026, 2, 14, 10))
    with pytest.raises(ValidationError, match=r"end: .* is before start"):
        shop.segments(hcm(2026, 2, 14, 11), hcm(2026, 2, 14, 10))


def test_every_year_from_1_to_9999_is_counted_and_beyond_is_refused(shop):
    assert shop.add(pendulum.datetime(9999, 6, 1, tz=HCM), "1h") == hcm(9999, 6, 1, 9)
    saturday = pendulum.datetime(2, 6, 1, tz="UTC")  # 07:06:40 local mean time, before opening
    assert shop.subtract(saturday, "1h") == hcm(2, 5, 31, 16, 30)
    with pytest.raises(ValidationError, match="reaches after 9999-12-31"):
        shop.add(pendulum.datetime(9999, 12, 31, tz=HCM), "1d")
    with pytest.raises(ValidationError, match="reaches before 0001-01-01"):
        shop.subtract(pendulum.datetime(1, 1, 2, tz=HCM), "1d")


def test_country_holidays_refuses_unknown_countries_subdivisions_and_years():
    assert date(2025, 7, 4) in country_holidays("US", years=2025, subdiv="CA")
    with pytest.raises(ValidationError, match="country: 'XX' is not known"):
        country_holidays("XX", years=2025)
    with pytest.raises(ValidationError, match="subdiv: 'ZZ' is not known"):
        country_holidays("US", years=2025, subdiv="ZZ")
    for years in (0, [2025, "2026"], True):
        with pytest.raises(ValidationError, match=r"years: .* must be years 1 to 9999"):
            country_holidays("VN", years=years)


def test_touching_intervals_are_merged_and_day_keys_must_be_names():
    cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["08:00-12:00", "12:00-13:00"]})
    assert cal.weekly["mon"] == ("08:00-13:00",)
    with pytest.raises(OpeningHoursError, match="weekly: 0 is not a day of the week"):
        BusinessCalendar(timezone="UTC", weekly={0: ["08:00-12:00"]})


def test_local_mean_time_of_the_distant_past_is_honoured():
    cal = BusinessCalendar(timezone=HCM, weekly={"mon": ["09:00-17:00"]})
    due = cal.add(pendulum.datetime(4, 6, 1, tz="UTC"), "1h")
    assert due.isoformat() == "0004-06-07T10:00:00+07:06:30"  # before standard time: LMT


def test_segments_of_a_skipped_interval_show_only_closed_time():
    cal = BusinessCalendar(timezone="Europe/Berlin", weekly={"sun": ["02:00-03:00", "05:00-06:00"]})
    sunday = pendulum.datetime(2025, 3, 30, tz="Europe/Berlin")
    pieces = cal.segments(sunday, sunday.add(hours=5))
    assert [(p.start.isoformat(), p.counted) for p in pieces] == [
        ("2025-03-30T00:00:00+01:00", False),
        ("2025-03-30T05:00:00+02:00", True),
    ]


def test_a_fresh_calendar_widens_its_window_forward_and_backward():
    cal = BusinessCalendar(
        timezone=HCM, weekly={"mon": ["09:00-17:00"]}, holidays=[date(2030, 1, 7)]
    )
    start = hcm(2026, 3, 2, 9)
    ten_years = timedelta(hours=8 * 52 * 10)
    assert BusinessCalendar.always_open(HCM).add(start, ten_years)  # the duration is now known
    far = cal.add(start, ten_years)
    assert far.year == 2036
    assert cal.elapsed(start, far) == ten_years
    fresh = BusinessCalendar(timezone=HCM, weekly={"mon": ["09:00-17:00"]})
    back = fresh.subtract(start, ten_years)
    assert back.year == 2016
    assert fresh.elapsed(back, start) == ten_years
    assert fresh.add(back, ten_years) == hcm(2026, 2, 23, 17)  # the closing before the start
    other = BusinessCalendar(timezone=HCM, weekly={"mon": ["09:00-17:00"]})
    utc_start = datetime(2000, 1, 3, 2, tzinfo=UTC)  # an instant in another zone: the general path
    assert other.elapsed(utc_start, datetime(2030, 1, 7, 2, tzinfo=UTC)) == timedelta(
        hours=8 * 1566
    )


def test_a_deadline_at_the_end_of_a_week_in_another_zone():
    cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["09:00-17:00"]})
    sunday = datetime(2026, 3, 1, 12, tzinfo=UTC)  # stdlib UTC, not the calendar's own zone object
    assert cal.add(sunday, "16h") == pendulum.datetime(2026, 3, 9, 17)


def test_caches_stay_bounded():
    cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["09:00-17:00"]})
    monday = pendulum.datetime(2026, 3, 2, 9)
    for seconds in range(1, 4200):  # more distinct durations than the duration cache keeps
        assert cal.elapsed(monday, cal.add(monday, timedelta(seconds=seconds))) == timedelta(
            seconds=seconds
        )
    engine = cal._engine
    engine.ymd_seen.update((day, (1, 1, 1)) for day in range(10**6, 10**6 + 50_001))
    assert cal.add(monday, "1h") == pendulum.datetime(2026, 3, 2, 10)
    assert cal.add(pendulum.datetime(2027, 3, 1, 16), "2h") == pendulum.datetime(2027, 3, 8, 10)
    assert len(engine.ymd_seen) < 10


def test_elapsed_refuses_what_is_not_a_datetime(shop):
    with pytest.raises(InvalidTypeError):
        shop.elapsed(date(2026, 2, 14), hcm(2026, 2, 15))
    with pytest.raises(NaiveDatetimeError):
        shop.elapsed(hcm(2026, 2, 14), datetime(2026, 2, 15))
