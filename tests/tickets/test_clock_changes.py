"""Tickets across daylight-saving changes: order and durations follow real time, not wall clocks.

Python compares and subtracts two datetimes that share a ``tzinfo`` by their wall clocks and
ignores ``fold``, so in the hour repeated on a fall-back night 01:10 of the second pass looks
earlier than 01:50 of the first, and a spring-forward day looks 24 hours long. The ticket must
read the real instants.
"""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as hs

from aftersales_core.errors import InvalidTypeError, ValidationError
from aftersales_core.tickets import EventOutOfOrderError, Ticket, TicketEvent

NY, BERLIN = "America/New_York", "Europe/Berlin"
# The instants (UTC) at which the clocks change: spring forward, then fall back.
CHANGES = {
    NY: [(2025, 3, 9, 7), (2025, 11, 2, 6), (2026, 3, 8, 7), (2026, 11, 1, 6)],
    BERLIN: [(2025, 3, 30, 1), (2025, 10, 26, 1), (2026, 3, 29, 1), (2026, 10, 25, 1)],
}
NY_FALL_2025 = (NY, (2025, 11, 2, 6))
NY_SPRING_2025 = (NY, (2025, 3, 9, 7))
H = 3600

changes = hs.sampled_from([(zone, when) for zone, whens in CHANGES.items() for when in whens])
# Seconds from the change: mostly within the odd hours, sometimes a day or more away.
offsets = hs.one_of(hs.integers(-3 * H, 3 * H), hs.integers(-36 * H, 36 * H))


def local(change: tuple[str, tuple[int, ...]], seconds: int, stdlib: bool) -> datetime:
    """The instant ``seconds`` after the change, on the zone's wall clock (fold set right)."""
    zone, when = change
    instant = datetime(*when, tzinfo=UTC) + timedelta(seconds=seconds)
    if stdlib:
        return instant.astimezone(ZoneInfo(zone))
    return pendulum.instance(instant).in_timezone(zone)


def test_20_minutes_apart_in_new_yorks_repeated_hour_the_later_wall_clock_reads_earlier():
    x, y = local(NY_FALL_2025, -600, False), local(NY_FALL_2025, 600, False)
    assert (x.hour, x.minute, y.hour, y.minute) == (1, 50, 1, 10)
    assert y < x  # the wall clocks disagree with real time: the trap this file is about


@given(changes, offsets, offsets, hs.booleans())
@example(NY_FALL_2025, -600, 600, False)  # open 01:50 EDT, reply 01:10 EST: 20 minutes later
@example(NY_FALL_2025, 600, -600, False)  # open 01:10 EST, "reply" 01:50 EDT: 20 minutes before
def test_events_are_ordered_by_their_real_instants(change, a, b, stdlib):
    x, y = local(change, a, stdlib), local(change, b, stdlib)
    ticket = Ticket.open(id="T", channel="email", at=x)
    reply = TicketEvent(kind="respond", at=y)
    if a <= b:
        answered = ticket.respond(at=y)
        assert answered.first_response_at.timestamp() == y.timestamp()
        assert Ticket.from_events("T", (*ticket.events, reply)) == answered
    else:
        with pytest.raises(EventOutOfOrderError):
            ticket.respond(at=y)
        with pytest.raises(EventOutOfOrderError):
            Ticket.from_events("T", (*ticket.events, reply))


@given(changes, offsets, offsets, hs.booleans())
@example(NY_SPRING_2025, -14 * H, 9 * H, False)  # Saturday 12:00 to Sunday 12:00: 23 hours
@example(NY_FALL_2025, -600, 600, False)
def test_time_in_status_is_real_elapsed_time(change, a, b, stdlib):
    a, b = sorted((a, b))
    x, y = local(change, a, stdlib), local(change, b, stdlib)
    ticket = Ticket.open(id="T", channel="email", at=x).classify(category="warranty", at=y)
    real = timedelta(seconds=b - a)
    assert ticket.time_in_status()["new"] == real
    assert ticket.status_intervals()[0].duration == real
    assert ticket.time_in_status(at=y)["triaged"] == timedelta(0)


@given(changes, offsets, offsets, hs.booleans())
@example(NY_FALL_2025, 600, -600, False)
@example(NY_FALL_2025, -600, 600, False)
def test_views_refuse_only_a_really_earlier_horizon(change, last, at, stdlib):
    ticket = Ticket.open(id="T", channel="email", at=local(change, last, stdlib))
    horizon = local(change, at, stdlib)
    if at < last:
        with pytest.raises(ValidationError, match="earlier than the last event"):
            ticket.time_in_status(at=horizon)
    else:
        assert ticket.time_in_status(at=horizon)["new"] == timedelta(seconds=at - last)


def test_events_at_the_two_passes_of_a_repeated_hour_differ():
    first = TicketEvent(kind="respond", at=local(NY_FALL_2025, -1800, False))  # 01:30 EDT
    second = TicketEvent(kind="respond", at=local(NY_FALL_2025, 1800, False))  # 01:30 EST
    assert (first.at.hour, first.at.minute) == (second.at.hour, second.at.minute)
    assert first != second
    same = TicketEvent(kind="respond", at=first.at.in_timezone("UTC"))
    assert same == first
    assert hash(same) == hash(first)


@given(changes, offsets, offsets, hs.booleans())
@example(NY_FALL_2025, -600, 600, False)
def test_pickling_keeps_the_instant(change, a, b, stdlib):
    a, b = sorted((a, b))
    ticket = Ticket.open(id="T", channel="email", at=local(change, a, stdlib))
    ticket = ticket.respond(at=local(change, b, stdlib))
    again = pickle.loads(pickle.dumps(ticket))
    assert again == ticket
    assert [e.at.timestamp() for e in again.events] == [e.at.timestamp() for e in ticket.events]
    assert [e.at.tzinfo for e in again.events] == [e.at.tzinfo for e in ticket.events]


# -- construction from wrong types is refused with typed errors ----------------------------

T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("events", [None, 5, TicketEvent(kind="open", at=T0)])
def test_events_must_be_an_iterable_of_events(events):
    with pytest.raises(InvalidTypeError, match=r"events: .* must be an iterable of TicketEvent"):
        Ticket(id="x", events=events)
    with pytest.raises(InvalidTypeError, match="events"):
        Ticket.from_events("x", events)


@pytest.mark.parametrize("event", ["respond", None, {"kind": "respond"}])
def test_apply_takes_an_event(event):
    ticket = Ticket.open(id="x", channel="email", at=T0)
    with pytest.raises(InvalidTypeError, match=r"event: .* must be a TicketEvent; .*execute"):
        ticket.apply(event)
