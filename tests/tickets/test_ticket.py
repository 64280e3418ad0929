"""Ticket commands, derived values, errors and persistence."""

from __future__ import annotations

import copy
import pickle
from datetime import UTC, datetime, timedelta

import pendulum
import pytest

from aftersales_core.errors import (
    InvalidTransition,
    InvalidTypeError,
    NaiveDatetimeError,
    ValidationError,
)
from aftersales_core.tickets import (
    STRICT_WORKFLOW,
    EventKind,
    EventOutOfOrderError,
    StatusInterval,
    StrictWorkflow,
    Ticket,
    TicketEvent,
    TicketStatus,
    TicketWorkflow,
    Transition,
)
from aftersales_core.vocabulary import Category, Channel, Priority

S = TicketStatus
T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")  # a Monday


def hours(n: float) -> pendulum.DateTime:
    return T0.add(seconds=int(n * 3600))


def worked() -> Ticket:
    return (
        Ticket.open(id="T-1", channel="hotline", at=T0, customer_id="C-9", purchase_id="P-3")
        .classify(category="warranty", priority="urgent", at=hours(0.1))
        .assign(assignee="lan", at=hours(0.2))
        .respond(at=hours(0.5), actor="lan", note="We will pick the phone up")
    )


def test_open_records_the_intake():
    t = Ticket.open(
        id="T-1",
        channel=Channel.ZALO_OA,
        at=T0,
        priority=Priority.HIGH,
        category="complaint",
        customer_id="C-1",
        purchase_id="P-1",
        claim_id="CL-1",
        customer_tier="gold",
        actor="bot",
        note="Screen flickers",
    )
    assert t.status is S.NEW
    assert (t.channel, t.priority, t.category) == (
        Channel.ZALO_OA,
        Priority.HIGH,
        Category.COMPLAINT,
    )
    assert (t.customer_id, t.purchase_id, t.claim_id, t.customer_tier) == (
        "C-1",
        "P-1",
        "CL-1",
        "gold",
    )
    assert t.opened_at == T0 == t.last_event_at
    assert t.first_response_at is t.resolved_at is t.closed_at is None
    assert (t.reopen_count, t.escalation_level, t.rating, t.assignee) == (0, 0, None, None)
    assert t.events[0].kind is EventKind.OPEN
    assert (t.events[0].actor, t.events[0].note) == ("bot", "Screen flickers")
    assert not t.is_terminal


def test_happy_path_derives_every_time():
    t = worked().resolve(at=hours(3)).confirm(rating=5, at=hours(4))
    assert t.status is S.CLOSED
    assert t.category is Category.WARRANTY
    assert t.priority is Priority.URGENT
    assert t.assignee == "lan"
    assert t.first_response_at == hours(0.5)
    assert t.resolved_at == hours(3)
    assert t.closed_at == hours(4)
    assert t.rating == 5
    assert t.is_terminal
    assert t.statuses == (S.NEW, S.TRIAGED, S.IN_PROGRESS, S.IN_PROGRESS, S.RESOLVED, S.CLOSED)
    assert t.allowed_commands() == ()


def test_first_response_is_the_first_reply_only():
    t = worked().respond(at=hours(1))
    assert t.first_response_at == hours(0.5)


def test_waiting_and_resuming():
    t = worked().wait_on_customer(at=hours(1)).wait_on_third_party(at=hours(2), party="ASC Hanoi")
    assert t.status is S.WAITING_ON_THIRD_PARTY
    assert t.events[-1].data == {"party": "ASC Hanoi"}
    t = t.resume(at=hours(5))
    assert t.status is S.IN_PROGRESS
    assert [(str(p.status), p.start, p.end) for p in t.paused_intervals()] == [
        ("waiting_on_customer", hours(1), hours(2))
    ]
    assert [p.end for p in t.paused_intervals(statuses=["waiting_on_third_party"])] == [hours(5)]


def test_escalate_and_change_priority_keep_the_status():
    t = worked().escalate(at=hours(1), to="tier-2").escalate(at=hours(2))
    assert (t.status, t.escalation_level) == (S.IN_PROGRESS, 2)
    assert t.events[-2].data == {"to": "tier-2"}
    assert t.events[-1].data == {}
    t = t.change_priority(priority="low", at=hours(3))
    assert (t.status, t.priority) == (S.IN_PROGRESS, Priority.LOW)


def test_reopen_counts_and_clears_resolution():
    t = worked().resolve(at=hours(2)).reopen(at=hours(30))
    assert (t.status, t.reopen_count, t.resolved_at) == (S.IN_PROGRESS, 1, None)
    t = t.resolve(at=hours(31)).reopen(at=hours(32)).resolve(at=hours(33)).close(at=hours(50))
    assert (t.reopen_count, t.resolved_at, t.closed_at, t.rating) == (2, hours(33), hours(50), None)


def test_cancel_closes_without_resolution():
    t = Ticket.open(id="T-2", channel="email", at=T0).cancel(at=hours(1), note="duplicate")
    assert (t.status, t.closed_at, t.resolved_at) == (S.CANCELLED, hours(1), None)


def test_illegal_command_names_ticket_status_and_command():
    t = Ticket.open(id="T-3", channel="email", at=T0, workflow=STRICT_WORKFLOW)
    with pytest.raises(InvalidTransition) as caught:
        t.assign(assignee="lan", at=hours(1))
    err = caught.value
    assert (err.ticket_id, err.status, err.command) == ("T-3", "new", "assign")
    assert "allowed: classify, respond, escalate, change_priority, cancel" in err.reason
    assert str(err).startswith("ticket 'T-3': cannot assign while new")
    assert t.events == Ticket.open(id="T-3", channel="email", at=T0, workflow=StrictWorkflow).events


def test_terminal_ticket_refuses_everything():
    t = worked().resolve(at=hours(1)).close(at=hours(2))
    with pytest.raises(InvalidTransition, match="allowed: none"):
        t.reopen(at=hours(3))


def test_guard_refusal_uses_the_rows_reason():
    t = Ticket.open(id="T-4", channel="email", at=T0).classify(category="return", at=T0)
    t = t.assign(assignee="minh", at=T0)
    with pytest.raises(InvalidTransition, match="the customer has had no response yet"):
        t.resolve(at=hours(1))
    assert t.status is S.IN_PROGRESS
    assert len(t.events) == 3


def test_event_earlier_than_the_last_raises_and_changes_nothing():
    t = worked()
    with pytest.raises(EventOutOfOrderError) as caught:
        t.escalate(at=hours(0.4))
    assert isinstance(caught.value, ValidationError)
    assert caught.value.field == "at"
    assert caught.value.code == "event_out_of_order"
    assert t == worked()
    assert t.escalate(at=hours(0.5)).escalation_level == 1  # equal instants are fine


def test_open_twice_is_refused():
    t = worked()
    with pytest.raises(InvalidTransition, match="a history has one 'open', at its start"):
        t.apply(TicketEvent(kind="open", at=hours(1), data={"channel": "email"}))


def test_naive_and_foreign_datetimes():
    with pytest.raises(NaiveDatetimeError):
        Ticket.open(id="T-1", channel="email", at=datetime(2026, 3, 2, 9))
    t = Ticket.open(id="T-1", channel="email", at=datetime(2026, 3, 2, 2, tzinfo=UTC))
    assert isinstance(t.opened_at, pendulum.DateTime)
    assert t.opened_at == T0


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"channel": "carrier_pigeon"}, ValidationError, "channel"),
        ({"channel": "email", "priority": "asap"}, ValidationError, "priority"),
        ({"channel": "email", "category": "gossip"}, ValidationError, "category"),
        ({"channel": "email", "id": ""}, ValidationError, "id"),
        ({"channel": "email", "actor": 7}, InvalidTypeError, "actor"),
        ({"channel": "email", "note": b"x"}, InvalidTypeError, "note"),
        ({"channel": "email", "workflow": "default"}, ValidationError, "workflow"),
    ],
)
def test_open_refuses_bad_input(kwargs, error, field):
    arguments = {"id": "T-1", "at": T0, **kwargs}
    with pytest.raises(error) as caught:
        Ticket.open(**arguments)
    assert caught.value.field == field


def test_commands_refuse_bad_values():
    t = worked()
    with pytest.raises(ValidationError, match="priority"):
        t.change_priority(priority="whenever", at=hours(1))
    with pytest.raises(ValidationError, match="category"):
        t.classify(category="gossip", at=hours(1))
    resolved = t.resolve(at=hours(1))
    for bad in (0, 6, 4.5, True):
        with pytest.raises(ValidationError, match="rating"):
            resolved.confirm(rating=bad, at=hours(2))  # type: ignore[arg-type]


def test_event_validation():
    with pytest.raises(ValidationError, match="kind"):
        TicketEvent(kind="", at=T0)
    with pytest.raises(ValidationError, match="kind"):
        TicketEvent(kind=3, at=T0)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="data"):
        TicketEvent(kind="x", at=T0, data=[("a", 1)])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="keys must be text"):
        TicketEvent(kind="x", at=T0, data={1: "a"})  # type: ignore[dict-item]
    with pytest.raises(InvalidTypeError, match=r"data\['when'\]"):
        TicketEvent(kind="x", at=T0, data={"when": T0})  # type: ignore[dict-item]
    with pytest.raises(InvalidTypeError):
        TicketEvent(kind="x", at="2026-03-02T09:00:00+07:00")  # type: ignore[arg-type]


def test_event_data_is_read_only_and_hashable():
    event = TicketEvent(kind="confirm", at=T0, data={"rating": 4})
    with pytest.raises(TypeError, match="read-only"):
        event.data["rating"] = 5  # type: ignore[index]
    with pytest.raises(TypeError, match="read-only"):
        event.data.update(rating=5)  # type: ignore[attr-defined]
    assert hash(event) == hash(TicketEvent(kind="confirm", at=T0, data={"rating": 4}))
    assert repr(event.data) == "{'rating': 4}"
    assert TicketEvent(kind="x", at=T0, data=event.data).data is event.data
    assert TicketEvent(kind="x", at=T0, data={}).data == {}
    assert TicketEvent(kind="x", at=T0, data=None).data == {}


def test_from_events_replays_to_an_equal_ticket():
    t = worked().wait_on_customer(at=hours(1)).resume(at=hours(2)).resolve(at=hours(3))
    again = Ticket.from_events("T-1", list(t.events))
    assert again == t
    assert hash(again) == hash(t)
    assert again.first_response_at == t.first_response_at
    assert Ticket(id="T-1", events=t.events, workflow=TicketWorkflow) == t


def test_from_events_reads_plain_json_values():
    events = [
        TicketEvent(kind="open", at=T0, data={"channel": "email", "priority": "high"}),
        TicketEvent(kind="classify", at=T0, data={"category": "return"}),
        TicketEvent(kind="assign", at=T0, data={"assignee": "lan"}),
        TicketEvent(kind="respond", at=hours(1)),
        TicketEvent(kind="resolve", at=hours(2)),
        TicketEvent(kind="confirm", at=hours(3), data={"rating": 4}),
    ]
    t = Ticket.from_events("T-9", events)
    assert (t.channel, t.priority, t.category, t.rating) == (
        Channel.EMAIL,
        Priority.HIGH,
        Category.RETURN,
        4,
    )
    assert t.events[1].kind is EventKind.CLASSIFY


def test_from_events_does_not_recheck_guards():
    # A history written before the resolve guard existed stays readable.
    events = [
        TicketEvent(kind="open", at=T0, data={"channel": "email"}),
        TicketEvent(kind="classify", at=T0, data={"category": "return"}),
        TicketEvent(kind="assign", at=T0, data={"assignee": "lan"}),
        TicketEvent(kind="resolve", at=hours(2)),
    ]
    t = Ticket.from_events("T-9", events)
    assert (t.status, t.first_response_at) == (S.RESOLVED, None)


@pytest.mark.parametrize(
    ("events", "error", "match"),
    [
        ([], ValidationError, "must start with an 'open' event"),
        ([TicketEvent(kind="respond", at=T0)], InvalidTransition, "a history starts with 'open'"),
        (["open"], ValidationError, r"events\[0\]"),
        (
            [
                TicketEvent(kind="open", at=T0, data={"channel": "email"}),
                TicketEvent(kind="respond", at=T0.subtract(seconds=1)),
            ],
            EventOutOfOrderError,
            "earlier than the last event",
        ),
        (
            [TicketEvent(kind="open", at=T0, data={"channel": "email", "customer_id": 5})],
            ValidationError,
            "customer_id",
        ),
        (
            [
                TicketEvent(kind="open", at=T0, data={"channel": "email"}),
                TicketEvent(kind="classify", at=T0, data={}),
            ],
            ValidationError,
            "category",
        ),
    ],
)
def test_from_events_refuses_bad_histories(events, error, match):
    with pytest.raises(error, match=match):
        Ticket.from_events("T-1", events)


def test_custom_command_with_execute():
    class Visits(TicketWorkflow):
        statuses = (*TicketWorkflow.statuses, "on_site_visit")
        transitions = (
            *TicketWorkflow.transitions,
            Transition(source=S.IN_PROGRESS, command="schedule_visit", target="on_site_visit"),
            Transition(source="on_site_visit", command="finish_visit", target=S.IN_PROGRESS),
        )
        response_commands = frozenset({"respond", "schedule_visit"})

    t = Ticket.open(id="T-5", channel="hotline", at=T0, workflow=Visits)
    t = t.classify(category="maintenance", at=T0).assign(assignee="van-3", at=T0)
    t = t.execute("schedule_visit", at=hours(1), data={"address": "12 Lê Lợi"})
    assert t.status == "on_site_visit"
    assert t.first_response_at == hours(1)
    t = t.execute("finish_visit", at=hours(3)).resolve(at=hours(3))
    assert t.status is S.RESOLVED
    assert t.workflow == Visits()
    assert Ticket.from_events("T-5", t.events, workflow=Visits()) == t
    with pytest.raises(InvalidTransition):
        Ticket.from_events("T-5", t.events)  # the default workflow has no visits


def test_status_intervals_and_time_in_status():
    t = worked().wait_on_customer(at=hours(1)).resume(at=hours(3))
    stays = t.status_intervals()
    assert [str(s.status) for s in stays] == [
        "new",
        "triaged",
        "in_progress",
        "waiting_on_customer",
        "in_progress",
    ]
    assert stays[-1].end is None
    assert stays[-1].duration == timedelta(0)
    totals = t.time_in_status(at=hours(4))
    assert totals[S.IN_PROGRESS] == timedelta(hours=0.8 + 1)
    assert totals[S.WAITING_ON_CUSTOMER] == timedelta(hours=2)
    assert sum(totals.values(), timedelta()) == timedelta(hours=4)
    with pytest.raises(ValidationError, match="earlier than the last event"):
        t.time_in_status(at=hours(2))


def test_terminal_stay_is_empty():
    t = worked().resolve(at=hours(1)).close(at=hours(2))
    last = t.status_intervals(at=hours(100))[-1]
    assert last == StatusInterval(status=S.CLOSED, start=hours(2), end=hours(2))


def test_pickle_and_copy_round_trip():
    t = worked().resolve(at=hours(2))
    for again in (pickle.loads(pickle.dumps(t)), copy.deepcopy(t), copy.copy(t)):
        assert again == t
        assert again.status is S.RESOLVED
        assert again.first_response_at == hours(0.5)


def test_tickets_are_frozen():
    t = worked()
    with pytest.raises(AttributeError):
        t.id = "other"  # type: ignore[misc]


def test_event_subclasses_are_events():
    import attrs

    @attrs.frozen(kw_only=True)
    class Stamped(TicketEvent):
        source: str = "crm"

    t = Ticket.from_events("T-1", [Stamped(kind="open", at=T0, data={"channel": "web"})])
    assert t.channel is Channel.WEB
    with pytest.raises(ValidationError, match=r"events\[1\]"):
        Ticket.from_events("T-1", [t.events[0], "respond"])


def test_leaving_resolution_for_a_terminal_status_is_not_a_reopening():
    class Archive(TicketWorkflow):
        statuses = (*TicketWorkflow.statuses, "archived")
        terminal_statuses = frozenset({*TicketWorkflow.terminal_statuses, "archived"})
        transitions = (
            *TicketWorkflow.transitions,
            Transition(source=S.RESOLVED, command="archive", target="archived"),
        )

    t = worked().resolve(at=hours(1))
    t = Ticket.from_events("T-1", t.events, workflow=Archive).execute("archive", at=hours(2))
    assert (t.status, t.reopen_count, t.resolved_at, t.closed_at) == ("archived", 0, None, hours(2))
