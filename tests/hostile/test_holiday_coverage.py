"""Country holidays are known for the years read, and a calendar counts only those years.

A deadline in January 2028 on a calendar built with Vietnam's holidays for 2026 and
2027 cannot know that 1 January 2028 is a holiday: it is refused with a typed error
naming the years covered, instead of counting New Year's Day as an opening day.
Without ``years`` every year the holidays package knows is read. Explicit dates are
taken as given, for every year.
"""

from datetime import date

import pendulum
import pytest

from aftersales_core import InvalidTypeError, ValidationError
from aftersales_core.calendar import BusinessCalendar, CountryHolidays, country_holidays

HCM = "Asia/Ho_Chi_Minh"
WEEKDAYS = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), ("08:00-17:00",))


def test_a_deadline_past_the_years_read_is_refused_naming_them():
    cal = BusinessCalendar(
        timezone=HCM, weekly=WEEKDAYS, holidays=country_holidays("VN", years=range(2026, 2028))
    )
    friday = pendulum.datetime(2027, 12, 31, 16, tz=HCM)
    with pytest.raises(ValidationError) as caught:
        cal.add(friday, "4h")
    assert caught.value.field == "duration"
    assert "reaches after 2027-12-31" in caught.value.rule
    assert "2026-2027" in caught.value.rule
    with pytest.raises(ValidationError) as caught:
        cal.is_open(pendulum.datetime(2028, 1, 3, 9, tz=HCM))
    assert (caught.value.field, caught.value.value) == ("instant", 2028)
    assert "outside 2026-2027" in caught.value.rule
    with pytest.raises(ValidationError, match="reaches before 2026-01-01"):
        cal.subtract(pendulum.datetime(2026, 1, 1, 9, tz=HCM), "4h")
    assert cal.add(friday, "1h") == pendulum.datetime(2027, 12, 31, 17, tz=HCM)


def test_country_holidays_without_years_know_every_year_the_package_knows():
    every = country_holidays("VN")
    assert isinstance(every, CountryHolidays)
    assert every.years == range(1901, 2101)
    cal = BusinessCalendar(timezone=HCM, weekly=WEEKDAYS, holidays=every)
    friday = pendulum.datetime(2027, 12, 31, 16, tz=HCM)
    # 1 January 2028 is a Saturday: New Year's Day is observed on Monday 3 January.
    assert {date(2028, 1, 1), date(2028, 1, 3)} <= every
    assert cal.add(friday, "4h") == pendulum.datetime(2028, 1, 4, 11, tz=HCM)
    new_year_2029 = pendulum.datetime(2029, 1, 1, 9, tz=HCM)  # a Monday, and a holiday
    assert not cal.is_open(new_year_2029)
    with pytest.raises(ValidationError, match="outside 1901-2100"):
        cal.is_open(pendulum.datetime(2101, 1, 3, 9, tz=HCM))


def test_positions_work_inside_the_years_covered_though_the_origin_is_outside():
    cal = BusinessCalendar(
        timezone=HCM, weekly=WEEKDAYS, holidays=country_holidays("VN", years=range(2026, 2028))
    )
    line = cal.timeline
    a = line.micros(pendulum.datetime(2026, 3, 2, 8, tz=HCM))
    b = line.micros(pendulum.datetime(2026, 3, 9, 8, tz=HCM))
    assert line.position(b) - line.position(a) == line.elapsed(a, b) == 45 * 3_600_000_000
    assert line.at_position(line.position(a) + 1) == a + 1
    assert [o.start for o in line.openings(a, b)][:1] == [a]


def test_explicit_dates_stay_as_given():
    listed = frozenset(country_holidays("VN", years=range(2026, 2028)))
    cal = BusinessCalendar(timezone=HCM, weekly=WEEKDAYS, holidays=listed)
    assert cal.add(pendulum.datetime(2027, 12, 31, 16, tz=HCM), "4h") == pendulum.datetime(
        2028, 1, 3, 11, tz=HCM
    )
    assert cal.is_open(pendulum.datetime(2029, 1, 1, 9, tz=HCM))  # nobody said it is closed
    plus = country_holidays("VN", years=2026) | {date(2026, 6, 1)}
    assert not isinstance(plus, CountryHolidays)


def test_a_calendar_keeps_its_coverage_through_pickling_and_equality():
    import pickle

    covered = country_holidays("VN", years=range(2026, 2028))
    cal = BusinessCalendar(timezone=HCM, weekly=WEEKDAYS, holidays=covered)
    copy = pickle.loads(pickle.dumps(cal))
    assert copy == cal
    assert copy.holidays.years == range(2026, 2028)
    assert cal != BusinessCalendar(timezone=HCM, weekly=WEEKDAYS, holidays=frozenset(covered))
    assert "2026-2027" in repr(cal)


@pytest.mark.parametrize(
    ("args", "field", "error"),
    [
        ((None, 2026), "country", InvalidTypeError),
        (("VN", None), "years", InvalidTypeError),
        (("VN", "2026"), "years", InvalidTypeError),
        (("VN", [2026, 2028]), "years", ValidationError),
        (("VN", []), "years", ValidationError),
        (("VN", 3000), "years", ValidationError),
    ],
)
def test_country_holidays_refuse_what_is_not_a_country_or_years(args, field, error):
    with pytest.raises(error) as caught:
        country_holidays(*args)
    assert caught.value.field == field
    assert caught.value.value == args[0 if field == "country" else 1]


def test_openings_are_cut_to_the_years_covered():
    cal = BusinessCalendar(
        timezone=HCM, weekly=WEEKDAYS, holidays=country_holidays("VN", years=range(2026, 2028))
    )
    line = cal.timeline
    june = line.micros(pendulum.datetime(2025, 6, 1, tz=HCM))
    rows = line.openings(june, line.micros(pendulum.datetime(2026, 1, 10, tz=HCM)))
    assert line.instant(rows[0].start) == pendulum.datetime(2026, 1, 2, 8, tz=HCM)  # 1 Jan closed
    with pytest.raises(ValidationError, match="outside 2026-2027"):
        line.openings(june, june + 86_400_000_000)
