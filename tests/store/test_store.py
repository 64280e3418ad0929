"""The event store on SQLite and PostgreSQL: appends, versions, replays, schedules."""

from __future__ import annotations

import uuid

import pendulum
import pytest
import sqlalchemy as sa

from aftersales_core import Money
from aftersales_core.care import LoyaltyLedger, LoyaltyProgram
from aftersales_core.commitment import CommitmentHistory, ServiceCommitment
from aftersales_core.errors import AftersalesError, ValidationError
from aftersales_core.facts import Purchase
from aftersales_core.sla import SLAPolicy, SLATarget, next_change
from aftersales_core.store import SCHEMA_VERSION, ConcurrencyError, DueTicket, EventStore
from aftersales_core.tickets import (
    STRICT_WORKFLOW,
    Ticket,
    TicketEvent,
    TicketWorkflow,
    Transition,
)

T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
SLA = SLAPolicy(default=SLATarget(first_response="30m", resolution="4h"))


@pytest.fixture
def store(store_url):
    with EventStore(store_url, sla=SLA) as opened:
        yield opened


def _ticket(ticket_id="T-1", **kwargs):
    return Ticket.open(id=ticket_id, channel="hotline", at=T0, **kwargs)


def test_an_appended_ticket_loads_equal(store):
    ticket = _ticket(note="Tivi không lên hình", customer_id="C-1")
    assert store.append(ticket, expected_version=0) == 1
    later = ticket.respond(at=T0.add(minutes=5), actor="lan", note="Đã nhận").classify(
        category="warranty", priority="urgent", at=T0.add(minutes=6)
    )
    assert store.append(later, expected_version=1) == 3
    loaded = store.load("T-1")
    assert loaded == later
    assert loaded.events[1].note == "Đã nhận"
    assert loaded.events[1].actor == "lan"
    assert [e.at.isoformat() for e in loaded.events] == [e.at.isoformat() for e in later.events]
    assert store.version("T-1") == 3
    assert store.ticket_ids() == ["T-1"]
    assert list(store.tickets()) == [later]


def test_a_writer_that_read_an_older_version_is_refused_and_nothing_is_written(store):
    ticket = _ticket()
    store.append(ticket, expected_version=0)
    mine = ticket.respond(at=T0.add(minutes=1))
    theirs = ticket.escalate(at=T0.add(minutes=2))
    store.append(theirs, expected_version=1)
    with pytest.raises(ConcurrencyError) as caught:
        store.append(mine, expected_version=1)
    err = caught.value
    assert isinstance(err, AftersalesError)
    assert (err.stream, err.ticket_id, err.expected, err.actual) == ("ticket", "T-1", 1, 2)
    assert (err.field, err.value, err.rule) == ("expected_version", 1, "the store holds version 2")
    assert store.load("T-1") == theirs
    with pytest.raises(ConcurrencyError) as again:
        store.append(_ticket(), expected_version=0)  # a second creator of the same id
    assert (again.value.expected, again.value.actual) == (0, 2)
    with pytest.raises(ConcurrencyError):
        store.append(ticket, expected_version=1)  # nothing new, but the store moved on
    assert store.append(theirs, expected_version=2) == 2


@pytest.mark.parametrize("bad", [-1, 5, "1", None])
def test_an_impossible_expected_version_is_refused(store, bad):
    with pytest.raises(ValidationError) as caught:
        store.append(_ticket(), expected_version=bad)
    assert (caught.value.field, caught.value.value) == ("expected_version", bad)
    assert store.ticket_ids() == []


def test_loading_an_unknown_ticket_is_a_key_error(store):
    with pytest.raises(KeyError):
        store.load("T-404")


class Visit(TicketWorkflow):
    statuses = (*TicketWorkflow.statuses, "on_site")
    transitions = (
        *TicketWorkflow.transitions,
        Transition(source="in_progress", command="visit", target="on_site"),
        Transition(source="on_site", command="cancel", target="cancelled"),
    )


def test_workflows_are_stored_by_name(store_url):
    with EventStore(store_url) as plain:
        plain.append(_ticket("S-1", workflow=STRICT_WORKFLOW), expected_version=0)
        assigned = _ticket("V-1", workflow=Visit).assign(assignee="lan", at=T0)
        visited = assigned.apply(TicketEvent(kind="visit", at=T0))
        plain.append(visited, expected_version=0)
        assert plain.load("S-1").workflow == STRICT_WORKFLOW
        with pytest.raises(ValidationError) as caught:
            plain.load("V-1")
        assert caught.value.field == "workflow"
        assert caught.value.value.endswith("test_store:Visit")
    with EventStore(store_url, workflows=[Visit]) as knowing:
        assert knowing.load("V-1") == visited


def test_due_before_reads_the_stored_next_change(store):
    first = _ticket("T-1")
    second = Ticket.open(id="T-2", channel="email", at=T0.add(hours=1))
    store.append(first, expected_version=0)
    store.append(second, expected_version=0)
    assert store.due_before(T0.add(minutes=30)) == []
    due = store.due_before(T0.add(minutes=31))
    assert due == [DueTicket("T-1", T0.add(minutes=30))]
    assert [d.ticket_id for d in store.due_before(T0.add(hours=2))] == ["T-1", "T-2"]
    answered = first.respond(at=T0.add(minutes=10))
    store.append(answered, expected_version=1)  # the next change is now the resolution's
    assert [d.ticket_id for d in store.due_before(T0.add(hours=2))] == ["T-2"]
    assert store.due_before(T0.add(hours=5))[1] == DueTicket("T-1", T0.add(hours=4))
    assert next_change(SLA, answered, at=answered.last_event_at) == T0.add(hours=4)
    closed = answered.resolve(at=T0.add(hours=1)).close(at=T0.add(hours=2))
    store.append(closed, expected_version=2)
    assert [d.ticket_id for d in store.due_before(T0.add(days=9))] == ["T-2"]


def test_reschedule_moves_the_next_change_past_an_instant(store):
    store.append(_ticket(), expected_version=0)
    assert store.reschedule("T-1", after=T0.add(minutes=30)) == T0.add(hours=4)
    assert store.due_before(T0.add(hours=1)) == []
    assert store.due_before(T0.add(hours=4, seconds=1)) == [DueTicket("T-1", T0.add(hours=4))]
    assert store.reschedule("T-1", after=T0.add(hours=5)) is None
    assert store.due_before(T0.add(days=9)) == []


def test_a_store_without_an_sla_stores_no_next_change(store_url):
    with EventStore(store_url) as plain:
        plain.append(_ticket(), expected_version=0)
        assert plain.due_before(T0.add(days=9)) == []


@pytest.mark.parametrize("table", ["ticket_events", "ledger_entries", "commitment_versions"])
def test_histories_are_append_only_in_the_database(store, table):
    store.append(_ticket(), expected_version=0)
    store.append_commitment(
        CommitmentHistory(versions=[ServiceCommitment(name="Shop")]), expected_version=0
    )
    club = LoyaltyProgram(name="Club", currency="VND", spend_per_point=Money(10_000, "VND"))
    bought = Purchase(id="O-1", customer_id="C-1", sku="X", product_category="x",
                      price=Money(95_000, "VND"), purchased_at=T0)  # fmt: skip
    store.append_ledger(
        LoyaltyLedger(program=club, customer_id="C-1").earn(bought), expected_version=0
    )
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), store.engine.begin() as conn:
        conn.execute(sa.text(f"UPDATE {table} SET seq = seq + 1"))
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), store.engine.begin() as conn:
        conn.execute(sa.text(f"DELETE FROM {table}"))
    assert store.load("T-1") == _ticket()


def test_the_schema_version_is_stored_and_a_newer_one_refused(store_url):
    with EventStore(store_url) as first:
        assert first.schema_version == SCHEMA_VERSION == 1
        with first.engine.begin() as conn:
            conn.execute(sa.text("UPDATE aftersales_schema SET version = 99"))
    with pytest.raises(ValidationError) as caught:
        EventStore(store_url)
    assert (caught.value.field, caught.value.value) == ("schema_version", 99)


def test_ledgers_round_trip_with_the_same_concurrency(store):
    club = LoyaltyProgram(name="Club", currency="VND", spend_per_point=Money(10_000, "VND"))

    def bought(n):
        return Purchase(
            id=f"O-{n}", customer_id="C-1", sku="X", product_category="x",
            price=Money(95_000 * n, "VND"), purchased_at=T0.add(days=n),
        )  # fmt: skip

    ledger = LoyaltyLedger(program=club, customer_id="C-1").earn(bought(1))
    assert store.append_ledger(ledger, expected_version=0) == 1
    longer = ledger.earn(bought(2))
    assert store.append_ledger(longer, expected_version=1) == 2
    assert store.load_ledger(club, "C-1") == longer
    with pytest.raises(ConcurrencyError) as caught:
        store.append_ledger(ledger.earn(bought(3)), expected_version=1)
    assert (caught.value.stream, caught.value.ticket_id) == ("ledger", "Club:C-1")
    assert store.append_ledger(longer, expected_version=2) == 2
    with pytest.raises(ConcurrencyError):
        store.append_ledger(longer, expected_version=1)
    with pytest.raises(ValidationError):
        store.append_ledger(longer, expected_version=3)
    assert store.load_ledger(club, "C-2").entries == ()


def test_commitment_versions_round_trip(store):
    v1 = ServiceCommitment(name="Shop", version="1")
    v2 = ServiceCommitment(name="Shop", version="2", effective_from=T0)
    assert store.append_commitment(CommitmentHistory(versions=[v1]), expected_version=0) == 1
    both = CommitmentHistory(versions=[v1, v2])
    assert store.append_commitment(both, expected_version=1) == 2
    assert store.load_commitments("Shop") == both
    assert store.load_commitments("Shop").versions[1].effective_from == T0
    with pytest.raises(ConcurrencyError):
        store.append_commitment(both, expected_version=1)
    assert store.append_commitment(both, expected_version=2) == 2
    with pytest.raises(KeyError):
        store.load_commitments("Other")


def test_instants_in_any_zone_come_back_exactly(store):
    from datetime import datetime, timedelta, timezone

    fixed = datetime(2026, 3, 2, 9, 0, 0, 123456, tzinfo=timezone(timedelta(hours=-3, minutes=-30)))
    from zoneinfo import ZoneInfo

    second_pass = pendulum.instance(
        datetime(2026, 11, 1, 1, 30, tzinfo=ZoneInfo("America/New_York"), fold=1)
    )
    assert second_pass.fold == 1
    ticket = Ticket.open(id=f"Z-{uuid.uuid4().hex[:6]}", channel="web", at=fixed)
    ticket = ticket.respond(at=second_pass)
    store.append(ticket, expected_version=0)
    loaded = store.load(ticket.id)
    got = [(e.at.isoformat(), e.at.fold, e.at.timezone_name) for e in loaded.events]
    assert got == [
        ("2026-03-02T09:00:00.123456-03:30", 0, "-03:30"),
        ("2026-11-01T01:30:00-05:00", 1, "America/New_York"),
    ]


def test_repr_hides_the_password():
    assert repr(EventStore("sqlite://")) == "EventStore('sqlite://')"
