"""BusinessCalendar against a slow, obviously correct oracle, and its algebraic laws.

The oracle lays each date's wall-clock intervals onto UTC one day at a time
(``fold=0``: a skipped wall time maps forward, a repeated one to its first
occurrence), merges them, and walks them. It shares no code with the engine.
"""

from __future__ import annotations

import functools
import itertools
import pickle
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as hs

from aftersales_core.calendar import BusinessCalendar, SegmentCause
from aftersales_core.calendar._inputs import micros as known_micros
from aftersales_core.calendar._inputs import slow_add, slow_subtract
from aftersales_core.testing.calendars import (
    boundary_instants,
    business_calendars,
    opening_hours,
)
from aftersales_core.testing.strategies import instants

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ZERO = timedelta(0)


def _seconds(clock: str) -> int:
    parts = [int(p) for p in clock.split(":")]
    return parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) > 2 else 0)


class Oracle:
    """Day-by-day business time; slow on purpose."""

    def __init__(self, cal: BusinessCalendar) -> None:
        self.cal = cal
        self.zone = ZoneInfo(cal.timezone)
        self.laid: dict[date, list[tuple[datetime, datetime]]] = {}

    def hours(self, day: date) -> list[tuple[int, int]]:
        if day in self.cal.overrides:
            texts = self.cal.overrides[day]
        elif day in self.cal.holidays:
            texts = ()
        else:
            texts = self.cal.weekly.get(DAYS[day.weekday()], ())
        return [(_seconds(t.split("-")[0]), _seconds(t.split("-")[1])) for t in texts]

    def utc(self, day: date, seconds: int) -> datetime:
        wall = datetime.combine(day, time()) + timedelta(seconds=seconds)
        return wall.replace(tzinfo=self.zone).astimezone(UTC)

    def intervals(self, first: date, last: date) -> list[tuple[datetime, datetime]]:
        pieces = []
        day = first
        while day <= last:
            if day not in self.laid:
                self.laid[day] = [(self.utc(day, a), self.utc(day, b)) for a, b in self.hours(day)]
            pieces += [(a, b) for a, b in self.laid[day] if b > a]
            day += timedelta(days=1)
        merged: list[list[datetime]] = []
        for start, end in sorted(pieces):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(a, b) for a, b in merged]

    def elapsed(self, s: datetime, e: datetime) -> timedelta:
        total = ZERO
        for a, b in self.intervals(s.date() - timedelta(days=2), e.date() + timedelta(days=2)):
            total += max(ZERO, min(b, e) - max(a, s))
        return total

    def add(self, s: datetime, d: timedelta) -> datetime:
        if d == ZERO:
            return s
        left = d
        for a, b in self.intervals(s.date() - timedelta(days=2), s.date() + timedelta(days=80)):
            if b <= s:
                continue
            start = max(a, s)
            if b - start >= left:
                return start + left
            left -= b - start
        raise AssertionError("oracle window too short")

    def subtract(self, e: datetime, d: timedelta) -> datetime:
        if d == ZERO:
            return e
        left = d
        for a, b in reversed(
            self.intervals(e.date() - timedelta(days=80), e.date() + timedelta(days=2))
        ):
            if a >= e:
                continue
            end = min(b, e)
            if end - a >= left:
                return end - left
            left -= end - a
        raise AssertionError("oracle window too short")

    def is_open(self, at: datetime) -> bool:
        return any(a <= at < b for a, b in self.around(at))

    def around(self, at: datetime) -> list[tuple[datetime, datetime]]:
        last = at.date() + timedelta(days=60)
        if weekly_total(self.cal) == 7 * 86_400:  # open all week: the next close is a special date
            last = max([last, *self.cal.holidays, *self.cal.overrides]) + timedelta(days=3)
        return self.intervals(at.date() - timedelta(days=2), last)


def utc(value: datetime) -> datetime:
    """The instant as a plain stdlib UTC datetime (pendulum's arithmetic stays out of the oracle)."""
    v = value.astimezone(UTC)
    return datetime(v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, tzinfo=UTC)


def weekly_total(cal: BusinessCalendar) -> int:
    return sum(
        _seconds(t.split("-")[1]) - _seconds(t.split("-")[0])
        for texts in cal.weekly.values()
        for t in texts
    )


@functools.lru_cache(maxsize=64)
def clock_change_days(zone: str, first: date, last: date) -> list[date]:
    """Dates whose midnight offset differs from the next midnight's (found by brute force)."""
    tz, found, day = ZoneInfo(zone), [], first
    while day <= last:
        here = datetime.combine(day, time(), tzinfo=tz).utcoffset()
        there = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz).utcoffset()
        if here != there:
            found.append(day)
        day += timedelta(days=1)
    return found


@hs.composite
def near_clock_changes(draw: hs.DrawFn, zone: str) -> pendulum.DateTime:
    """Instants within a day or two of a clock change of ``zone`` (any instant if it has none)."""
    days = clock_change_days(zone, date(2025, 1, 1), date(2026, 11, 30))
    if not days:
        return draw(instants(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 1)))
    day = draw(hs.sampled_from(days))
    seconds = draw(
        hs.integers(-86_400, 2 * 86_400).map(
            lambda s: s - s % draw(hs.sampled_from([1, 900, 1800]))
        )
    )
    start = datetime.combine(day, time(), tzinfo=UTC) + timedelta(seconds=seconds)
    return pendulum.instance(start).in_timezone(zone)


@hs.composite
def cases(draw: hs.DrawFn) -> tuple[BusinessCalendar, pendulum.DateTime, timedelta]:
    """A calendar, an instant (often on a boundary) and a duration of at most ~2 weeks' hours."""
    cal = draw(business_calendars(min_date=date(2025, 1, 1), max_date=date(2026, 12, 31)))
    start = draw(
        hs.one_of(
            instants(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 1)),
            boundary_instants(cal, min_date=date(2025, 1, 1), max_date=date(2026, 12, 1)),
            near_clock_changes(cal.timezone),
        )
    )
    seconds = draw(hs.integers(0, 2 * weekly_total(cal)))
    micros = draw(hs.sampled_from([0, 0, 1, 999_999, draw(hs.integers(0, 999_999))]))
    d = timedelta(seconds=seconds, microseconds=micros if seconds else 0)
    known_micros(d)  # a duration seen before: add and subtract take their fast paths
    return cal, start, d


@given(cases())
def test_add_agrees_with_the_oracle(case: tuple[BusinessCalendar, pendulum.DateTime, timedelta]):
    cal, start, d = case
    got = cal.add(start, d)
    assert got.timezone_name == cal.timezone
    assert utc(got) == Oracle(cal).add(utc(start), d)


@given(cases())
def test_subtract_agrees_with_the_oracle(case):
    cal, end, d = case
    got = cal.subtract(end, d)
    assert got.timezone_name == cal.timezone
    assert utc(got) == Oracle(cal).subtract(utc(end), d)


@given(cases(), hs.integers(0, 30 * 86_400))
def test_elapsed_agrees_with_the_oracle(case, span):
    cal, start, _ = case
    end = start.add(seconds=span)
    assert cal.elapsed(start, end) == Oracle(cal).elapsed(utc(start), utc(end))


@given(cases())
def test_is_open_next_open_and_next_close_agree_with_the_oracle(case):
    cal, at, _ = case
    oracle = Oracle(cal)
    pieces = [(a, b) for a, b in oracle.around(utc(at)) if b > utc(at)]
    assert cal.is_open(at) == oracle.is_open(utc(at))
    assert utc(cal.next_open(at)) == max(pieces[0][0], utc(at))
    close = cal.next_close(at)
    if close is None:
        assert weekly_total(cal) == 7 * 86_400
    else:
        assert utc(close) == pieces[0][1]


@given(cases())
def test_the_fast_paths_agree_with_the_general_walk(case):
    cal, at, d = case
    line = cal.timeline
    assert utc(cal.add(at, d)) == utc(slow_add(line, at, d))
    assert utc(cal.subtract(at, d)) == utc(slow_subtract(line, at, d))
    later = cal.add(at, d)
    walked = line.elapsed(line.micros(at), line.micros(later))
    assert cal.elapsed(at, later) == timedelta(microseconds=walked)


@given(cases())
def test_elapsed_inverts_add(case):
    cal, start, d = case
    assert cal.elapsed(start, cal.add(start, d)) == d


@given(cases(), hs.integers(0, 3 * 86_400), hs.integers(0, 86_400))
def test_add_is_monotonic_in_start_and_duration(case, later, more):
    cal, start, d = case
    assert utc(cal.add(start, d)) <= utc(cal.add(start.add(seconds=later), d))
    assert utc(cal.add(start, d)) <= utc(cal.add(start, d + timedelta(seconds=more)))


@given(cases(), hs.integers(0, 100_000))
def test_add_composes(case, extra):
    cal, start, d = case
    a, b = d, timedelta(seconds=extra)
    assert utc(cal.add(cal.add(start, a), b)) == utc(cal.add(start, a + b))


@given(cases())
def test_subtract_after_add_returns_to_the_first_open_instant(case):
    # The mirror of "earliest" is "latest": counting back from add(s, d) stops on
    # the first open instant at or after s, which is s itself when s is open.
    cal, start, d = case
    assume(d > ZERO)
    back = utc(cal.subtract(cal.add(start, d), d))
    assert back == utc(cal.next_open(start))
    assert back >= utc(start)
    assert (back == utc(start)) == cal.is_open(start)


@given(cases())
def test_add_after_subtract_returns_at_most_to_the_end(case):
    cal, end, d = case
    forth = utc(cal.add(cal.subtract(end, d), d))
    assert forth <= utc(end)
    assert cal.elapsed(cal.subtract(end, d), end) == d


@given(cases(), hs.integers(0, 10 * 86_400))
def test_segments_tile_the_span_and_count_the_elapsed_time(case, span):
    cal, start, _ = case
    end = start.add(seconds=span)
    pieces = cal.segments(start, end)
    if span == 0:
        assert pieces == ()
        return
    assert utc(pieces[0].start) == utc(start)
    assert utc(pieces[-1].end) == utc(end)
    for before, after in itertools.pairwise(pieces):
        assert utc(before.end) == utc(after.start)
        assert (before.counted, before.cause) != (after.counted, after.cause)
    counted = sum((p.duration for p in pieces if p.counted), ZERO)
    assert counted == cal.elapsed(start, end)
    for piece in pieces:
        assert piece.duration > ZERO
        allowed = (
            (SegmentCause.OPENING_HOURS, SegmentCause.OVERRIDE)
            if piece.counted
            else (SegmentCause.CLOSED_HOURS, SegmentCause.HOLIDAY, SegmentCause.OVERRIDE)
        )
        assert piece.cause in allowed
        assert cal.is_open(piece.start) == piece.counted


@given(business_calendars())
def test_calendars_are_values(cal):
    twin = BusinessCalendar(
        timezone=cal.timezone,
        weekly=dict(cal.weekly),
        holidays=set(cal.holidays),
        overrides=dict(cal.overrides),
    )
    assert twin == cal
    assert hash(twin) == hash(cal)
    assert pickle.loads(pickle.dumps(cal)) == cal


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])
def test_long_spans_cross_many_clock_changes_exactly(zone):
    cal = BusinessCalendar(timezone=zone, weekly={"sun": ["00:00-04:00"], "wed": ["09:00-17:00"]})
    start = pendulum.datetime(2021, 1, 1, tz=zone)
    end = start.add(years=5)
    expected = Oracle(cal).elapsed(utc(start), utc(end))
    assert cal.elapsed(start, end) == expected
    assert utc(cal.add(start, expected)) <= utc(end)
    assert cal.elapsed(start, cal.add(start, expected)) == expected
    assert cal.elapsed(cal.subtract(end, expected), end) == expected


# Zones whose clock changes are odd: at midnight (Santiago, Havana), by half an hour
# (Lord Howe), "negative" summer time (Dublin), Ramadan breaks (Casablanca), and a
# whole skipped day (Apia, 30 December 2011).
EXOTIC = [
    ("Pacific/Apia", date(2011, 12, 28)),
    ("America/Santiago", date(2025, 4, 4)),
    ("America/Santiago", date(2025, 9, 5)),
    ("America/Havana", date(2025, 3, 8)),
    ("America/Havana", date(2025, 11, 1)),
    ("Australia/Lord_Howe", date(2025, 4, 5)),
    ("Europe/Dublin", date(2025, 10, 25)),
    ("Africa/Casablanca", date(2025, 2, 22)),
    ("Europe/Berlin", date(2025, 3, 29)),
    ("America/New_York", date(2025, 11, 1)),
]
DENSE = {
    day: ["00:00-00:30", "01:00-01:30", "02:00-02:30", "02:45-03:15", "03:30-24:00"] for day in DAYS
}


@pytest.mark.parametrize(("zone", "first"), EXOTIC)
def test_sweep_across_odd_clock_changes(zone, first):
    cal = BusinessCalendar(timezone=zone, weekly=DENSE, holidays=[first + timedelta(days=4)])
    oracle = Oracle(cal)
    base = datetime.combine(first, time(), tzinfo=UTC)
    for step in range(3 * 48):
        start = pendulum.instance(base + timedelta(minutes=30 * step)).in_timezone(zone)
        for d in (timedelta(minutes=20), timedelta(hours=2, seconds=1), timedelta(hours=30)):
            assert utc(cal.add(start, d)) == oracle.add(utc(start), d), (start, d)
            assert utc(cal.subtract(start, d)) == oracle.subtract(utc(start), d), (start, d)
        end = start.add(hours=7)
        assert cal.elapsed(start, end) == oracle.elapsed(utc(start), utc(end)), start
        assert cal.is_open(start) == oracle.is_open(utc(start)), start


def test_opening_hours_strategy_refuses_a_resolution_that_does_not_divide_a_day():
    with pytest.raises(ValueError, match="resolution must divide a day"):
        opening_hours(resolution=timedelta(minutes=7))
