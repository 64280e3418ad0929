"""Occasions: birthdays (29 February too), Tết from the holidays package, year end, custom dates."""

import calendar
from datetime import date, datetime

import holidays
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import InvalidTypeError, NaiveDatetimeError, ValidationError
from aftersales_core.care import (
    CustomDate,
    LeapDayRule,
    OccasionKind,
    Occasions,
    Occurrence,
    birthday_in,
    tet,
)
from aftersales_core.facts import Customer
from aftersales_core.testing.care import birthdays

TZ = "Asia/Ho_Chi_Minh"


def window(start, end, tz=TZ):
    return (pendulum.datetime(*start, tz=tz), pendulum.datetime(*end, tz=tz))


AN = Customer(id="C-1", name="An", birthday=date(2000, 2, 29))
BINH = Customer(id="C-2", name="Bình", birthday=date(1985, 12, 31))
CHI = Customer(id="C-3", name="Chi")


# -- Tết ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (2024, date(2024, 2, 10)),
        (2025, date(2025, 1, 29)),
        (2026, date(2026, 2, 17)),
        (2027, date(2027, 2, 6)),
        (1985, date(1985, 1, 21)),
    ],
)
def test_tet_dates(year, day):
    assert tet(year) == day


@given(hs.integers(1901, 2100))
def test_tet_falls_between_21_january_and_20_february_every_year(year):
    day = tet(year)
    assert date(year, 1, 21) <= day <= date(year, 2, 20)


def test_tet_is_the_holidays_packages_lunar_new_year_in_every_year_it_covers():
    years = range(1901, 2101)
    vn = holidays.country_holidays("VN", years=years, language="en_US", observed=False)
    for year in years:
        day = tet(year)
        assert vn.get(day) == "Lunar New Year", year
        assert date(year, 1, 21) <= day <= date(year, 2, 20), year


@pytest.mark.parametrize("year", [1900, 2101])
def test_tet_outside_the_packages_range_is_refused(year):
    with pytest.raises(ValidationError, match="covers 1901-2100"):
        tet(year)


@pytest.mark.parametrize("year", ["2026", 2026.0, True])
def test_tet_needs_a_whole_year(year):
    with pytest.raises(InvalidTypeError):
        tet(year)


# -- birthdays ---------------------------------------------------------------------


def test_a_29_february_birthday_moves_in_common_years():
    assert birthday_in(AN.birthday, 2026) == date(2026, 2, 28)
    assert birthday_in(AN.birthday, 2026, leap_day=LeapDayRule.MAR_1) == date(2026, 3, 1)
    assert birthday_in(AN.birthday, 2028) == date(2028, 2, 29)
    assert birthday_in(AN.birthday, 2100) == date(2100, 2, 28)  # not a leap year
    assert birthday_in(BINH.birthday, 2026) == date(2026, 12, 31)


def test_birthday_in_refuses_a_bad_rule():
    with pytest.raises(ValidationError, match="leap_day"):
        birthday_in(AN.birthday, 2026, leap_day="feb_29")


@given(birthdays(), hs.integers(1901, 2100), hs.sampled_from(LeapDayRule))
def test_a_birthday_is_celebrated_once_a_year_on_its_day_or_next_to_it(born, year, rule):
    day = birthday_in(born, year, leap_day=rule)
    assert day.year == year
    if (born.month, born.day) != (2, 29):
        assert (day.month, day.day) == (born.month, born.day)
    else:
        assert (day.month, day.day) in ((2, 28), (2, 29), (3, 1))
        assert calendar.isleap(year) == ((day.month, day.day) == (2, 29))


# -- custom dates ------------------------------------------------------------------


def test_custom_dates_recur_or_happen_once():
    yearly = CustomDate(name="anniversary", month=6, day=15)
    once = CustomDate(name="launch", month=9, day=1, year=2026)
    assert yearly.on(2030) == date(2030, 6, 15)
    assert once.on(2026) == date(2026, 9, 1)
    assert once.on(2027) is None
    leap = CustomDate(name="leap", month=2, day=29)
    assert leap.on(2027, leap_day="mar_1") == date(2027, 3, 1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"month": 13, "day": 1}, "month"),
        ({"month": 0, "day": 1}, "month"),
        ({"month": 4, "day": 31}, "day"),
        ({"month": 2, "day": 29, "year": 2027}, "day"),
        ({"month": 2, "day": 0}, "day"),
        ({"month": "6", "day": 1}, "month"),
    ],
)
def test_custom_dates_refuse_days_that_do_not_exist(kwargs, field):
    with pytest.raises(ValidationError) as info:
        CustomDate(name="x", **kwargs)
    assert info.value.field == field


# -- upcoming ----------------------------------------------------------------------


def test_upcoming_lists_each_customers_occasions_in_time_order():
    occasions = Occasions(custom=[CustomDate(name="anniversary", month=1, day=5)])
    found = occasions.upcoming([AN, BINH, CHI], window((2025, 12, 30), (2026, 3, 1)))
    assert [(o.customer_id, o.name, o.on.isoformat()) for o in found] == [
        ("C-1", "year_end", "2025-12-31"),
        ("C-2", "birthday", "2025-12-31"),
        ("C-2", "year_end", "2025-12-31"),
        ("C-3", "year_end", "2025-12-31"),
        ("C-1", "anniversary", "2026-01-05"),
        ("C-2", "anniversary", "2026-01-05"),
        ("C-3", "anniversary", "2026-01-05"),
        ("C-1", "tet", "2026-02-17"),
        ("C-2", "tet", "2026-02-17"),
        ("C-3", "tet", "2026-02-17"),
        ("C-1", "birthday", "2026-02-28"),
    ]
    first = found[0]
    assert first.kind is OccasionKind.YEAR_END
    assert first.starts_at == pendulum.datetime(2025, 12, 31, tz=TZ)


def test_an_occasion_is_listed_when_its_day_overlaps_the_window():
    occasions = Occasions(tet=False, year_end=False)
    # The whole of 28 February in Vietnam is 27 Feb 17:00 to 28 Feb 17:00 UTC.
    inside = occasions.upcoming([AN], window((2026, 2, 28, 16, 59), (2026, 2, 28, 17), "UTC"))
    after = occasions.upcoming([AN], window((2026, 2, 28, 17), (2026, 3, 1), "UTC"))
    before = occasions.upcoming([AN], window((2026, 2, 26), (2026, 2, 27, 17), "UTC"))
    assert [o.on for o in inside] == [date(2026, 2, 28)]
    assert after == []
    assert before == []


def test_a_one_off_date_appears_in_its_year_only():
    launch = Occasions(
        birthdays=False,
        tet=False,
        year_end=False,
        custom=[CustomDate(name="launch", month=9, day=1, year=2026)],
    )
    found = launch.upcoming([CHI], window((2026, 1, 1), (2028, 1, 1)))
    assert [(o.name, o.on) for o in found] == [("launch", date(2026, 9, 1))]


def test_occasions_can_be_switched_off():
    nothing = Occasions(birthdays=False, tet=False, year_end=False)
    assert nothing.upcoming([AN, BINH], window((2026, 1, 1), (2027, 1, 1))) == []
    assert (
        Occasions(tet=False, year_end=False).upcoming([CHI], window((2026, 1, 1), (2027, 1, 1)))
        == []
    )


def test_year_end_day_and_time_zone_are_settings():
    occasions = Occasions(timezone="Europe/Berlin", year_end_day=20, tet=False, birthdays=False)
    (found,) = occasions.upcoming([CHI], window((2026, 12, 1), (2027, 1, 1)))
    assert found.on == date(2026, 12, 20)
    assert found.starts_at.isoformat() == "2026-12-20T00:00:00+01:00"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": 7}, "timezone"),
        ({"year_end_day": 32}, "year_end_day"),
        ({"birthdays": "yes"}, "birthdays"),
        ({"custom": ["12-24"]}, "custom[0]"),
        ({"custom": 5}, "custom"),
        ({"leap_day": "feb_29"}, "leap_day"),
    ],
)
def test_occasions_refuse_bad_settings(kwargs, field):
    with pytest.raises(ValidationError) as info:
        Occasions(**kwargs)
    assert info.value.field == field


def test_upcoming_refuses_bad_windows_and_customers():
    occasions = Occasions()
    start = pendulum.datetime(2026, 1, 1, tz=TZ)
    with pytest.raises(ValidationError, match="must end after it starts"):
        occasions.upcoming([AN], (start, start))
    with pytest.raises(ValidationError, match="pair"):
        occasions.upcoming([AN], start)
    with pytest.raises(NaiveDatetimeError):
        occasions.upcoming([AN], (datetime(2026, 1, 1), start))
    with pytest.raises(InvalidTypeError, match="customers"):
        occasions.upcoming(["C-1"], (start, start.add(days=1)))
    with pytest.raises(ValidationError, match="covers 1901-2100"):
        occasions.upcoming([AN], window((2100, 12, 1), (2101, 3, 1)))


def test_an_occurrence_refuses_bad_values():
    at = pendulum.datetime(2026, 2, 17, tz=TZ)
    with pytest.raises(ValidationError, match="kind"):
        Occurrence(kind="wedding", name="x", customer_id="C", on=date(2026, 2, 17), starts_at=at)
    with pytest.raises(InvalidTypeError, match="on"):
        Occurrence(kind="tet", name="tet", customer_id="C", on=at, starts_at=at)


@given(
    hs.lists(birthdays(), min_size=1, max_size=3),
    hs.integers(0, 365 * 3),
    hs.integers(1, 24 * 90),
)
def test_every_occurrence_overlaps_the_window_and_none_is_missed(born, start_day, hours):
    customers = [Customer(id=f"C-{i}", name="x", birthday=b) for i, b in enumerate(born)]
    start = pendulum.datetime(2025, 1, 1, tz="UTC").add(days=start_day)
    end = start.add(hours=hours)
    found = Occasions().upcoming(customers, (start, end))
    for o in found:
        assert o.starts_at < end
        assert o.starts_at.add(days=1) > start
    assert found == sorted(found, key=lambda o: o.starts_at)
    # Every birthday whose day overlaps the window is listed, once.
    for c in customers:
        days = {o.on for o in found if o.customer_id == c.id and o.kind is OccasionKind.BIRTHDAY}
        expected = set()
        for year in range(start.year - 1, end.year + 2):
            day = birthday_in(c.birthday, year)
            starts = pendulum.datetime(day.year, day.month, day.day, tz=TZ)
            if starts < end and starts.add(days=1) > start:
                expected.add(day)
        assert days == expected
