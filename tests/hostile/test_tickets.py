"""Tickets under hostile use: long histories, blank ids, NaN in data, data changed behind its back.

Appending a command to a ticket used to copy the whole tuple of events (and of
statuses): n commands one at a time cost n²/2 copies (20,000 commands took 21.6 s). The
tickets of one line of commands now share their history, so a command costs the same
whatever the history's length. Timing is measured in ``benchmarks/bench_hostile.py``;
here the copying is measured by what an append allocates, which does not depend on the
machine.
"""

from __future__ import annotations

import math
import pickle
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pendulum
import pytest

from aftersales_core.errors import ValidationError
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


# -- ids and data ---------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", " ", "\t\n", "\u3000"])
def test_a_blank_ticket_id_is_refused(blank: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Ticket.open(id=blank, channel="email", at=AT)
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "id", blank, "must be non-empty text",
    )  # fmt: skip


@pytest.mark.parametrize("number", [math.nan, -math.nan, math.inf, -math.inf])
def test_event_data_refuses_numbers_that_are_not_finite(number: float) -> None:
    with pytest.raises(ValidationError) as caught:
        TicketEvent(kind="note", at=AT, data={"score": number})
    assert caught.value.field == "data['score']"
    assert caught.value.value is number
    assert caught.value.rule == "must be a finite number"


def test_a_ticket_command_refuses_nan_data() -> None:
    ticket = Ticket.open(id="T", channel="email", at=AT)
    with pytest.raises(ValidationError):
        ticket.execute("escalate", at=AT, data={"level": math.nan})


def _event() -> TicketEvent:
    return TicketEvent(kind="confirm", at=AT, data={"rating": 5})


BACK_DOORS = {
    "dict.__init__": lambda d: dict.__init__(d, rating=1),
    "dict.update": lambda d: dict.update(d, rating=1),
    "dict.__setitem__": lambda d: dict.__setitem__(d, "rating", 1),
    "dict.__ior__": lambda d: dict.__ior__(d, {"rating": 1}),
    "dict.setdefault": lambda d: dict.setdefault(d, "other", 1),
    "dict.pop": lambda d: dict.pop(d, "rating"),
    "dict.clear": lambda d: dict.clear(d),
    "dict.popitem": lambda d: dict.popitem(d),
    "setitem": lambda d: d.__setitem__("rating", 1),
    "update": lambda d: d.update(rating=1),
    "ior": lambda d: d.__ior__({"rating": 1}),
    "attribute": lambda d: setattr(d, "_items", {"rating": 1}),
}


@pytest.mark.parametrize("door", BACK_DOORS.values(), ids=BACK_DOORS.keys())
def test_event_data_cannot_be_changed_by_any_door(door: Any) -> None:
    event = _event()
    with pytest.raises((TypeError, AttributeError)):
        door(event.data)
    assert event.data == {"rating": 5}
    assert event == _event()


def test_event_data_reads_compares_hashes_and_pickles_like_a_dict() -> None:
    event = _event()
    data = event.data
    assert data == {"rating": 5}
    assert {"rating": 5} == data  # noqa: SIM300  # the dict on the left: the reflected ==
    assert data != {"rating": 4}
    assert dict(data) == {"rating": 5}
    assert (data["rating"], data.get("rating"), data.get("x", 0), "rating" in data) == (
        5,
        5,
        0,
        True,
    )
    assert list(data.items()) == [("rating", 5)]
    assert hash(event) == hash(_event())
    assert repr(data) == "{'rating': 5}"
    assert data | {"note": "ok"} == {"rating": 5, "note": "ok"}
    assert pickle.loads(pickle.dumps(event)) == event
    assert pickle.loads(pickle.dumps(event)).data == {"rating": 5}
    assert TicketEvent(kind="confirm", at=AT).data == {}


def test_the_data_given_is_copied() -> None:
    given = {"rating": 5}
    event = TicketEvent(kind="confirm", at=AT, data=given)
    given["rating"] = 1
    assert event.data == {"rating": 5}
