"""The embedded demo data set: deterministic, realistic, and shipped exactly as generated."""

from collections import Counter
from datetime import datetime
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales_core.config import structure, unstructure
from aftersales_core.errors import InvalidTypeError, ValidationError
from aftersales_core.facts import Customer, Purchase
from aftersales_core.sample import (
    AS_OF,
    DEFAULT_SEED,
    DEFAULT_SIZE,
    SampleData,
    SurveyResponse,
    _world,
    commitment,
    data_files,
    generate,
    load,
    write,
)
from aftersales_core.sample._plan import records
from aftersales_core.tickets import Ticket, TicketStatus

ROOT = Path(__file__).resolve().parents[2]
START = pendulum.instance(_world.START)


@pytest.fixture(scope="module")
def shipped() -> SampleData:
    return load()


def test_the_shipped_files_are_what_the_generator_writes(tmp_path):
    written = write(tmp_path)
    shipped = data_files()
    for kind, path in written.items():
        assert path.read_bytes() == shipped[kind].read_bytes(), kind


def test_the_shipped_commitment_is_the_example_commitment():
    example = ROOT / "examples" / "commitments" / "electronics_shop.toml"
    assert data_files()["commitment"].read_bytes() == example.read_bytes()
    assert commitment().name == "Điện máy Phương Nam"


def test_loading_the_files_gives_the_generated_objects(shipped):
    assert shipped == generate()
    assert shipped.at == AS_OF == pendulum.instance(_world.AS_OF)


def test_the_shipped_set_pins_its_numbers(shipped):
    assert (len(shipped.customers), len(shipped.purchases)) == (240, 366)
    assert (len(shipped.tickets), len(shipped.surveys)) == (DEFAULT_SIZE, 158)
    assert shipped.tickets[0].id == "T-000001"
    channels = Counter(str(t.channel) for t in shipped.tickets)
    assert channels == {
        "hotline": 131,
        "zalo_oa": 102,
        "live_chat": 51,
        "in_store": 41,
        "email": 41,
        "web": 34,
    }


def test_each_row_is_what_the_converter_writes_for_its_object():
    types = {"customer": Customer, "purchase": Purchase, "ticket": Ticket, "survey": SurveyResponse}
    for kind, row in records(DEFAULT_SEED, 60):
        assert unstructure(structure(row, types[kind])) == row, row


def test_the_year_has_tet_and_the_desk_closes_for_it(shipped):
    tet = pendulum.date(2026, 2, 17)
    assert tet in _world.holidays()
    # Staff act on the desk's calendar (08:00–21:00, no holidays), finishing at most a
    # call begun before closing time; "system" closes tickets on its own schedule.
    desk = _world.desk_calendar()
    staff = [
        e.at
        for t in shipped.tickets
        for e in t.events
        if e.actor not in (None, "customer", "system")
    ]
    assert len(staff) > 1000
    assert all(desk.is_open(at) or desk.is_open(at.subtract(minutes=15)) for at in staff)
    assert not any(at.date() == tet for at in staff)


def test_the_story_has_its_detours(shipped):
    kinds = Counter(str(e.kind) for t in shipped.tickets for e in t.events)
    for kind in ("wait_on_customer", "wait_on_third_party", "escalate", "reopen", "cancel"):
        assert kinds[kind] > 0, kind
    statuses = Counter(str(t.status) for t in shipped.tickets)
    assert statuses["closed"] > statuses["cancelled"] > 0
    assert statuses["waiting_on_customer"] == 5  # customers who never came back
    repeat = Counter(p.customer_id for p in shipped.purchases)
    assert sum(1 for n in repeat.values() if n > 1) == 84
    assert {c.tier for c in shipped.customers} == {"member", "silver", "gold", "diamond"}


def _check_invariants(data: SampleData) -> None:
    customers = {c.id for c in data.customers}
    purchases = {p.id: p for p in data.purchases}
    tickets = {t.id: t for t in data.tickets}
    assert len(customers) == len(data.customers)
    assert [p.purchased_at for p in data.purchases] == sorted(
        p.purchased_at for p in data.purchases
    )
    assert [t.opened_at for t in data.tickets] == sorted(t.opened_at for t in data.tickets)
    for p in data.purchases:
        assert p.customer_id in customers
        assert START <= p.purchased_at < AS_OF
        assert p.delivered_at is None or p.purchased_at < p.delivered_at < AS_OF
    for t in data.tickets:
        purchase = purchases[t.purchase_id]
        assert t.customer_id == purchase.customer_id
        assert purchase.purchased_at < t.opened_at
        assert all(START <= e.at < AS_OF for e in t.events)
        assert t.priority in ("normal", "urgent")
        assert Ticket.from_events(t.id, t.events) == t
    for s in data.surveys:
        ticket = tickets[s.ticket_id]
        assert ticket.status is TicketStatus.CLOSED
        assert ticket.closed_at < s.at < AS_OF
        assert (s.channel, s.category, s.priority) == (
            ticket.channel,
            ticket.category,
            ticket.priority,
        )
        if ticket.rating is not None:
            assert s.csat == ticket.rating


@settings(max_examples=15)
@given(seed=st.integers(min_value=0, max_value=2**64), size=st.integers(min_value=1, max_value=40))
def test_any_random_seed_and_size_give_a_valid_deterministic_year(seed, size):
    data = generate(seed=seed, size=size)
    assert len(data.tickets) == size
    assert generate(seed=seed, size=size) == data
    _check_invariants(data)


def test_the_default_set_keeps_the_invariants(shipped):
    _check_invariants(shipped)


def test_a_different_seed_gives_different_data():
    assert generate(seed=1, size=10) != generate(seed=2, size=10)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"size": 0}, ValidationError, "size: 0 must be at least 1 ticket"),
        ({"size": 2.5}, InvalidTypeError, "size: 2.5 must be a whole number"),
        ({"seed": "x"}, InvalidTypeError, "seed: 'x' must be a whole number"),
        ({"seed": True}, InvalidTypeError, "seed: True must be a whole number"),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, message):
    with pytest.raises(error, match="^" + message.replace("(", r"\(") + "$"):
        generate(**kwargs)


def test_write_streams_large_sizes_without_objects(tmp_path):
    paths = write(tmp_path, seed=3, size=1200)
    lines = {kind: path.read_text(encoding="utf-8").splitlines() for kind, path in paths.items()}
    assert len(lines["tickets"]) == 1200
    assert lines["tickets"][0].startswith('{"id": "T-000001", "events": [{"kind": "open"')
    # Ids widen with the count instead of overflowing.
    big = list(records(3, 1_000_000 // 1000))
    assert big[0][1]["id"] == "C-000001"


def test_survey_responses_validate_their_answers():
    at = datetime.fromisoformat("2026-03-02T09:00:00+07:00")
    assert SurveyResponse(id="S", at=at, ces=7, category="warranty", priority="urgent").ces == 7
    with pytest.raises(ValidationError, match="no answer"):
        SurveyResponse(id="S", at=at)
    with pytest.raises(InvalidTypeError, match=r"^csat: 4.5 must be a whole number$"):
        SurveyResponse(id="S", at=at, csat=4.5)
    with pytest.raises(InvalidTypeError, match=r"^nps: True must be a whole number$"):
        SurveyResponse(id="S", at=at, nps=True)
    with pytest.raises(ValidationError, match=r"^ces: 0 must be from 1 to 7$"):
        SurveyResponse(id="S", at=at, ces=0)
    with pytest.raises(ValidationError, match="channel"):
        SurveyResponse(id="S", at=at, nps=9, channel="fax")


def test_requests_that_cannot_fit_the_year_fall_back_to_the_first_purchase(monkeypatch):
    far = dict.fromkeys(_world.CATEGORY_LAG, ("uniform", 400.0, 500.0))
    monkeypatch.setattr(_world, "CATEGORY_LAG", far)
    data = generate(seed=5, size=3)
    first = data.purchases[0]
    assert {t.purchase_id for t in data.tickets} == {first.id}
    assert {str(t.category) for t in data.tickets if t.category} <= {"technical_support"}
    _check_invariants(data)
