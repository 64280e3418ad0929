"""The laws of BusinessTimeline, on every calendar the public strategies draw.

Instants are drawn anywhere in 2025-2026, on the calendar's own opening and
closing times, and within a day or two of its zone's clock changes; durations
run up to two weeks of the calendar's hours. Every law is a statement on UTC
microseconds, so none of them needs an exception around closed time or a clock
change; the tests say where the calendar's datetime methods are these same
integers between ``micros`` and ``instant``.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core.calendar import BusinessCalendar
from aftersales_core.testing.calendars import boundary_instants, business_calendars
from aftersales_core.testing.strategies import instants

SECOND = 1_000_000
DAY = 86_400 * SECOND
FIRST, LAST = date(2025, 1, 1), date(2026, 12, 1)


def _clock_changes(zone: str) -> list[datetime]:
    """UTC midnights of the days whose offset at the next midnight differs."""
    tz, found, day = ZoneInfo(zone), [], FIRST
    while day <= LAST:
        here = datetime.combine(day, time(), tzinfo=tz).utcoffset()
        there = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz).utcoffset()
        if here != there:
            found.append(datetime.combine(day, time(), tzinfo=UTC))
        day += timedelta(days=1)
    return found


_CHANGES: dict[str, list[datetime]] = {}


@hs.composite
def cases(draw: hs.DrawFn) -> tuple[BusinessCalendar, int, int]:
    """A calendar, an instant (UTC microseconds) and a duration of business time."""
    cal = draw(business_calendars(min_date=FIRST, max_date=date(2026, 12, 31)))
    line = cal.timeline
    changes = _CHANGES.setdefault(cal.timezone, _clock_changes(cal.timezone))
    near_change = (
        hs.sampled_from(changes).flatmap(
            lambda day: hs.integers(-DAY, 2 * DAY).map(
                lambda us: line.micros(day) + us - us % (900 * SECOND)
            )
        )
        if changes
        else hs.nothing()
    )
    at = draw(
        hs.one_of(
            instants(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 1)).map(
                line.micros
            ),
            boundary_instants(cal, min_date=FIRST, max_date=LAST).map(line.micros),
            near_change,
        )
    )
    weekly = line.elapsed(0, 7 * DAY)  # the first week after the origin: an ordinary one
    d = draw(hs.one_of(hs.integers(0, 2 * max(weekly, 1)), hs.sampled_from([0, 1, SECOND])))
    return cal, at, d


@given(cases(), hs.integers(0, 10 * DAY))
def test_position_never_decreases_and_grows_at_most_as_fast_as_time(case, later):
    cal, a, _ = case
    line, b = cal.timeline, a + later
    assert line.position(0) == 0
    assert 0 <= line.position(b) - line.position(a) <= b - a


@given(cases(), hs.integers(0, 10 * DAY))
def test_elapsed_is_a_difference_of_positions(case, later):
    cal, a, _ = case
    line, b = cal.timeline, a + later
    assert line.elapsed(a, b) == line.position(b) - line.position(a)


@given(cases(), hs.integers(-3 * DAY, 3 * DAY))
def test_at_position_is_the_earliest_instant_with_that_position(case, shift):
    cal, a, _ = case
    line = cal.timeline
    p = line.position(a) + shift
    t = line.at_position(p)
    assert line.position(t) == p
    assert line.position(t - 1) < p


@given(cases())
def test_add_is_the_instant_at_position_plus_the_duration(case):
    cal, a, d = case
    line = cal.timeline
    reached = line.at_position(line.position(a))
    assert reached <= a
    assert (reached == a) == line.is_open(a - 1)
    if d:
        assert line.add(a, d) == line.at_position(line.position(a) + d)
    else:
        assert line.add(a, d) == a
    assert line.elapsed(a, line.add(a, d)) == d


@given(cases())
def test_subtract_is_the_latest_instant_with_that_position(case):
    cal, b, d = case
    line = cal.timeline
    back = line.subtract(b, d)
    assert line.elapsed(back, b) == d
    if d:
        assert back == line.next_open(line.at_position(line.position(b) - d))
        assert line.position(back + 1) > line.position(back)  # open at the result
    else:
        assert back == b


@given(cases())
def test_is_open_and_next_open_read_the_position(case):
    cal, a, _ = case
    line = cal.timeline
    assert line.is_open(a) == (line.position(a + 1) == line.position(a) + 1)
    assert line.next_open(a) == line.add(a, 1) - 1
    close = line.next_close(a)
    if close is not None:
        assert line.next_open(a) < close
        assert not line.is_open(close)
        assert line.elapsed(line.next_open(a), close) == close - line.next_open(a)


@given(cases(), hs.integers(0, 3 * DAY), hs.integers(0, DAY))
def test_a_later_start_or_a_longer_duration_never_gives_an_earlier_deadline(case, later, more):
    cal, a, d = case
    line = cal.timeline
    assert line.add(a, d) <= line.add(a + later, d)
    assert line.add(a, d) <= line.add(a, d + more)
    assert line.subtract(a, d) <= line.subtract(a + later, d)


@given(cases(), hs.integers(0, 10 * DAY))
def test_openings_tile_the_open_time_of_a_span(case, later):
    cal, a, _ = case
    line, b = cal.timeline, a + later
    found = line.openings(a, b)
    assert sum(o.end - o.start for o in found) == line.elapsed(a, b)
    for opening in found:
        assert a <= opening.start < opening.end <= b
        assert opening.position == line.position(opening.start)
        assert line.is_open(opening.start)
        assert line.is_open(opening.end - 1)
        assert opening.end == b or not line.is_open(opening.end)
    for before, after in itertools.pairwise(found):
        assert before.end < after.start  # touching openings are one
        assert line.position(after.start) == before.position + before.end - before.start


@given(cases())
def test_the_datetime_methods_are_the_integer_ones_between_micros_and_instant(case):
    cal, a, d = case
    line = cal.timeline
    at = line.instant(a)
    duration = timedelta(microseconds=d)
    assert line.micros(at) == a
    for got, want in (
        (cal.add(at, duration), line.instant(line.add(a, d))),
        (cal.subtract(at, duration), line.instant(line.subtract(a, d))),
        (cal.next_open(at), line.instant(line.next_open(a))),
    ):
        assert (got.isoformat(), got.fold, got.timezone_name) == (
            want.isoformat(),
            want.fold,
            want.timezone_name,
        )
    later = line.add(a, d)
    assert cal.elapsed(at, line.instant(later)) == timedelta(microseconds=line.elapsed(a, later))
    assert cal.is_open(at) == line.is_open(a)
    close = line.next_close(a)
    assert cal.next_close(at) == (None if close is None else line.instant(close))
