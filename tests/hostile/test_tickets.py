"""Tickets under hostile use: long histories, odd ids, odd data.

Appending a command to a ticket used to copy the whole tuple of events (and of
statuses): n commands one at a time cost n²/2 copies (20,000 commands took 21.6 s). The
tickets of one line of commands now share their history, so a command costs the same
whatever the history's length. Timing is measured in ``benchmarks/bench_hostile.py``;
here the copying is measured by what an append allocates, which does not depend on the
machine.
"""

from __future__ import annotations

import pickle
import tracemalloc
from concurrent.futures import ThreadPoolExecutor

import pendulum
import pytest

from aftersales_core.tickets import Ticket, TicketEvent

AT = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")


def long_ticket(n: int) -> Ticket:
    ticket = Ticket.open(id="T-1", channel="email", at=AT)
    for i in range(n):
        ticket = ticket.escalate(at=AT.add(seconds=i))
    return ticket


def bytes_allocated_by_appends(ticket: Ticket, count: int) -> int:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [ticket]
        for i in range(count):
            kept.append(kept[-1].escalate(at=AT.add(days=1, seconds=i)))
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_an_append_does_not_copy_the_history() -> None:
    ticket = long_ticket(20_000)
    pointers = 8 * len(ticket.events)  # what one copy of the events tuple takes
    # 100 appends, each ticket kept alive: copying the history would keep 100 copies.
    assert bytes_allocated_by_appends(ticket, 100) < 5 * pointers


def test_every_ticket_of_a_line_keeps_its_own_events() -> None:
    first = Ticket.open(id="T-1", channel="email", at=AT)
    second = first.respond(at=AT.add(minutes=1))
    third = second.escalate(at=AT.add(minutes=2))
    branch = second.cancel(at=AT.add(minutes=3))  # second is no longer its line's newest
    assert [e.kind for e in first.events] == ["open"]
    assert [e.kind for e in second.events] == ["open", "respond"]
    assert [e.kind for e in third.events] == ["open", "respond", "escalate"]
    assert [e.kind for e in branch.events] == ["open", "respond", "cancel"]
    assert len(third.statuses) == len(third.events)
    assert len(branch.statuses) == 3
    assert branch.status != third.status
    assert third == Ticket.from_events("T-1", third.events)
    assert hash(third) == hash(Ticket.from_events("T-1", third.events))
    assert third != branch


def test_threads_appending_to_one_ticket_each_get_their_own_line() -> None:
    base = long_ticket(10)

    def append(i: int) -> Ticket:
        return base.escalate(at=AT.add(days=1), note=f"thread {i}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(append, range(64)))
    for i, ticket in enumerate(found):
        assert ticket.events[:-1] == base.events
        assert ticket.events[-1].note == f"thread {i}"
    assert len(base.events) == 11


def test_a_long_ticket_pickles_whole() -> None:
    ticket = long_ticket(2_000).respond(at=AT.add(days=2))
    back = pickle.loads(pickle.dumps(ticket))
    assert back == ticket
    assert back.events == ticket.events
    assert back.statuses == ticket.statuses
    assert (back.status, back.first_response_at) == (ticket.status, ticket.first_response_at)


def test_a_ticket_from_a_stored_history_replays_and_extends() -> None:
    events = [*Ticket.open(id="T", channel="hotline", at=AT).events]
    events += [TicketEvent(kind="escalate", at=AT.add(minutes=i)) for i in range(1, 50)]
    ticket = Ticket.from_events("T", events)
    assert ticket.escalation_level == 49
    assert ticket.respond(at=AT.add(hours=2)).events[:-1] == tuple(events)


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_a_ticket_in_the_second_pass_of_a_repeated_hour_pickles_with_its_fold(
    protocol: int,
) -> None:
    second = pendulum.datetime(2025, 11, 2, 6, 10, tz="UTC").in_timezone("America/New_York")
    ticket = Ticket.open(id="T", channel="email", at=second).respond(at=second)
    back = pickle.loads(pickle.dumps(ticket, protocol=protocol))
    assert [e.at.fold for e in back.events] == [1, 1]
