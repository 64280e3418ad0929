from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pendulum
import pytest

from aftersales_core import (
    InvalidDurationError,
    InvalidTypeError,
    NaiveDatetimeError,
    Term,
    ValidationError,
    as_instant,
    format_duration,
    parse_duration,
)
from aftersales_core.terms import MAX_DURATION, MAX_YEARS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("4h", timedelta(hours=4)),
        ("2d", timedelta(days=2)),
        ("1h30m", timedelta(minutes=90)),
        ("1h 30m", timedelta(minutes=90)),
        ("1.5h", timedelta(minutes=90)),
        ("1w", timedelta(days=7)),
        ("45s", timedelta(seconds=45)),
        ("0.25s", timedelta(milliseconds=250)),
        ("0m", timedelta(0)),
        ("4H", timedelta(hours=4)),
        ("PT30M", timedelta(minutes=30)),
        ("pt4h", timedelta(hours=4)),
        ("P2D", timedelta(days=2)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("P1W", timedelta(days=7)),
        ("PT0.5S", timedelta(milliseconds=500)),
        ("  6h ", timedelta(hours=6)),
    ],
)
def test_parse_duration_text(text, expected):
    result = parse_duration(text)
    assert isinstance(result, pendulum.Duration)
    assert result == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "-4h", "4", "h", "4 hours", "4x", "P", "PT", "P1M", "P1Y", "4h-", "1e3s"]
)
def test_parse_duration_refuses_garbage_naming_the_text(text):
    with pytest.raises(InvalidDurationError) as info:
        parse_duration(text, field="first_response")
    assert info.value.value == text
    assert info.value.field == "first_response"
    assert "first_response" in str(info.value)


def test_parse_duration_accepts_timedeltas():
    assert parse_duration(timedelta(hours=4)) == pendulum.duration(hours=4)
    assert parse_duration(pendulum.duration(minutes=30)) == timedelta(minutes=30)
    assert parse_duration(timedelta(microseconds=7)).microseconds == 7
    with pytest.raises(InvalidDurationError):
        parse_duration(timedelta(seconds=-1))


@pytest.mark.parametrize("bad", [4, 4.0, None, b"4h"])
def test_parse_duration_refuses_other_types(bad):
    with pytest.raises(InvalidTypeError):
        parse_duration(bad)


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (timedelta(0), "0s"),
        (timedelta(minutes=90), "1h30m"),
        (timedelta(days=2), "2d"),
        (timedelta(days=1, seconds=5), "1d5s"),
        (timedelta(milliseconds=250), "0.25s"),
        (timedelta(minutes=1, microseconds=1), "1m0.000001s"),
    ],
)
def test_format_duration(duration, text):
    assert format_duration(duration) == text
    assert parse_duration(text) == duration


def test_format_duration_refuses_negative():
    with pytest.raises(InvalidDurationError):
        format_duration(timedelta(seconds=-1))


def test_as_instant_accepts_aware_values_and_keeps_the_zone():
    hcm = ZoneInfo("Asia/Ho_Chi_Minh")
    at = as_instant(datetime(2026, 2, 14, 11, tzinfo=hcm))
    assert isinstance(at, pendulum.DateTime)
    assert at.utcoffset() == timedelta(hours=7)
    assert at == datetime(2026, 2, 14, 4, tzinfo=UTC)
    p = pendulum.datetime(2026, 1, 1, tz="UTC")
    assert as_instant(p) is p
    assert as_instant(datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=7)))).hour == 0


def test_as_instant_refuses_naive_values():
    with pytest.raises(NaiveDatetimeError) as info:
        as_instant(datetime(2026, 2, 14, 11), field="opened_at")
    assert info.value.field == "opened_at"
    assert "opened_at" in str(info.value)
    with pytest.raises(NaiveDatetimeError):
        as_instant(pendulum.naive(2026, 2, 14))


@pytest.mark.parametrize("bad", [date(2026, 1, 1), "2026-01-01T00:00:00+07:00", 0, None])
def test_as_instant_refuses_non_datetimes(bad):
    with pytest.raises(InvalidTypeError):
        as_instant(bad)


def test_term_month_arithmetic_clamps_to_month_end():
    def start(y, m, d):
        return pendulum.datetime(y, m, d, 10, tz="Asia/Ho_Chi_Minh")

    assert Term(months=1).end(start(2024, 1, 31)) == start(2024, 2, 29)
    assert Term(months=1).end(start(2025, 1, 31)) == start(2025, 2, 28)
    assert Term(years=1).end(start(2024, 2, 29)) == start(2025, 2, 28)
    assert Term(months=12).end(start(2026, 3, 1)) == start(2027, 3, 1)
    assert Term(months=1, days=1).end(start(2025, 1, 31)) == start(2025, 3, 1)
    assert Term(days=7).end(start(2026, 2, 14)) == start(2026, 2, 21)


def test_term_keeps_wall_time_across_dst():
    berlin = pendulum.datetime(2026, 3, 1, 12, tz="Europe/Berlin")
    assert Term(months=1).end(berlin).hour == 12
    assert Term(months=1).end(berlin).utcoffset() == timedelta(hours=2)


def test_lifetime_never_ends():
    assert Term.lifetime().end(pendulum.datetime(2026, 1, 1, tz="UTC")) is None
    assert Term.lifetime().is_lifetime
    assert str(Term.lifetime()) == "lifetime"
    with pytest.raises(ValidationError) as info:
        Term(months=1, is_lifetime=True)
    assert info.value.field == "is_lifetime"


def test_term_end_refuses_naive_start():
    with pytest.raises(NaiveDatetimeError) as info:
        Term(months=1).end(datetime(2026, 1, 1))
    assert info.value.field == "start"


@pytest.mark.parametrize(
    ("field", "value"), [("years", -1), ("months", 1.5), ("days", True), ("days", "3")]
)
def test_term_refuses_bad_parts(field, value):
    with pytest.raises(ValidationError) as info:
        Term(**{field: value})
    assert info.value.field == field


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("12mo", Term(months=12)),
        ("2y", Term(years=2)),
        ("1y6mo", Term(years=1, months=6)),
        ("30d", Term(days=30)),
        (" Lifetime ", Term.lifetime()),
    ],
)
def test_term_parse_and_str(text, term):
    assert Term.parse(text) == term
    assert Term.parse(str(term)) == term


def test_term_str_of_zero():
    assert str(Term()) == "0d"


@pytest.mark.parametrize("text", ["", "12", "12 months", "mo", "-1y"])
def test_term_parse_refuses_garbage(text):
    with pytest.raises(ValidationError) as info:
        Term.parse(text)
    assert info.value.value == text


def test_term_parse_refuses_non_text():
    with pytest.raises(InvalidTypeError):
        Term.parse(12)  # type: ignore[arg-type]


def test_terms_are_hashable_values():
    assert {Term(months=12), Term(months=12)} == {Term(months=12)}


# --- bounds: no raw OverflowError or ValueError ------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("years", 1001), ("months", 12_001), ("days", 366_001), ("years", 99_999_999_999)],
)
def test_term_parts_are_bounded_to_a_thousand_years(field, value):
    with pytest.raises(ValidationError, match="must be at most") as info:
        Term(**{field: value})
    assert info.value.field == field


def test_the_longest_terms_are_accepted():
    start = pendulum.datetime(2026, 3, 1, tz="UTC")
    assert Term(years=MAX_YEARS).end(start).year == 3026
    assert Term(months=12 * MAX_YEARS).end(start).year == 3026
    assert Term(days=366 * MAX_YEARS).end(start).year == 3028


def test_term_parse_reads_leading_zeros():
    assert Term.parse("0" * 5000 + "1y") == Term(years=1)


@pytest.mark.parametrize("text", ["9999y", "99999999999y", "9" * 5000 + "d", "12001mo"])
def test_term_parse_refuses_terms_beyond_the_bound(text):
    with pytest.raises(ValidationError):
        Term.parse(text)


def test_a_term_ending_after_year_9999_is_a_validation_error():
    late = pendulum.datetime(9500, 1, 1, tz="UTC")
    for term in (Term(years=600), Term(days=200_000), Term(months=7000)):
        with pytest.raises(ValidationError, match="ends after the year 9999") as info:
            term.end(late)
        assert info.value.field == "term"
    assert Term(years=499).end(late).year == 9999


@pytest.mark.parametrize("flag", ["no", "yes", 1, 0, None])
def test_is_lifetime_must_be_a_bool(flag):
    with pytest.raises(InvalidTypeError) as info:
        Term(is_lifetime=flag)
    assert info.value.field == "is_lifetime"


@pytest.mark.parametrize(
    "value",
    [
        "99999999999999d",
        "366001d",
        "9" * 5000 + "s",
        "1" * 40 + "w",
        "P99999999999999D",
        timedelta(days=999_999_999),
        MAX_DURATION + timedelta(microseconds=1),
    ],
)
def test_durations_beyond_the_bound_are_refused(value):
    with pytest.raises(InvalidDurationError, match="longer than 1000 years") as info:
        parse_duration(value, field="resolution")
    assert info.value.field == "resolution"


def test_the_longest_duration_is_accepted():
    assert parse_duration("366000d") == MAX_DURATION
    assert parse_duration(MAX_DURATION) == MAX_DURATION
    assert timedelta(days=366 * MAX_YEARS) == MAX_DURATION
