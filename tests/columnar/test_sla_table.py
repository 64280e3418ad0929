"""SLAPolicy.evaluate_table equals SLAPolicy.evaluate on every field, and reports bad histories.

Random legal histories (``aftersales_core.testing.tickets``), random policies
(round the clock, or on random business calendars with clock changes), random
clock rules and instants of evaluation; then histories broken on purpose: the
table marks a ticket invalid exactly when ``Ticket.from_events`` refuses it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
import pendulum
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core._internal.instants import micros_of, unix_micros
from aftersales_core.errors import (
    AftersalesError,
    InvalidTypeError,
    NaiveDatetimeError,
    ValidationError,
)
from aftersales_core.sla import ClockRules, SLAPolicy, SLARule, SLASelector, SLATarget, SLAWarning
from aftersales_core.testing.calendars import business_calendars
from aftersales_core.testing.policies import sla_policies
from aftersales_core.testing.tickets import tickets
from aftersales_core.tickets import Ticket, TicketEvent

FIELDS = (
    "state", "target", "started_at", "stopped_at", "due_at", "elapsed", "remaining", "paused",
    "breached", "ever_breached", "breached_at", "late_by", "warning",
)  # fmt: skip


def rows_of(histories: list[tuple[str, list[TicketEvent]]]) -> pa.Table:
    columns: dict[str, list[Any]] = {
        name: []
        for name in (
            "ticket_id",
            "kind",
            "at",
            "channel",
            "priority",
            "category",
            "customer_tier",
            "rating",
        )
    }
    for ticket_id, events in histories:
        for event in events:
            data = event.data
            columns["ticket_id"].append(ticket_id)
            columns["kind"].append(str(event.kind))
            columns["at"].append(unix_micros(event.at))
            for name in ("channel", "priority", "category", "customer_tier"):
                columns[name].append(None if data.get(name) is None else str(data[name]))
            columns["rating"].append(data.get("rating"))
    table = pa.table({k: v for k, v in columns.items() if k != "at"})
    stamps = pa.array(columns["at"], type=pa.int64()).view(pa.timestamp("us", tz="UTC"))
    return table.append_column("at", stamps)


def _micros(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return micros_of(value)
    return unix_micros(value)


def expected_row(
    policy: Any, ticket: Ticket, at: pendulum.DateTime, rules: ClockRules | None
) -> dict[str, Any]:
    status = policy.evaluate(ticket, at=at, rules=rules)
    row: dict[str, Any] = {
        "ticket_id": ticket.id, "valid": True, "priority": status.priority.value,
        "category": None if status.category is None else status.category.value,
        "breached": status.breached, "ever_breached": status.ever_breached,
    }  # fmt: skip
    for clock, reading in (
        ("first_response", status.first_response),
        ("resolution", status.resolution),
    ):
        for name in FIELDS:
            value = getattr(reading, name)
            if name == "state":
                value = value.value
            elif name == "warning":
                value = None if value is None else value.label
            elif name not in ("breached", "ever_breached"):
                value = _micros(value)
            row[f"{clock}_{name}"] = value
    return row


def actual_rows(result: pa.Table) -> list[dict[str, Any]]:
    ints = result
    for i, field in enumerate(result.schema):
        if pa.types.is_timestamp(field.type) or pa.types.is_duration(field.type):
            ints = ints.set_column(i, field.name, result.column(i).cast(pa.int64()))
    return ints.to_pylist()


warnings = hs.lists(
    hs.one_of(
        hs.builds(
            SLAWarning,
            share=hs.sampled_from(["0.5", "0.8"]),
            label=hs.sampled_from(["amber", "red"]),
        ),
        hs.builds(SLAWarning, before=hs.sampled_from(["30m", "2h"]), label=hs.just("soon")),
    ),
    max_size=2,
)
clock_rules = hs.none() | hs.builds(
    ClockRules,
    pause_in=hs.none()
    | hs.sampled_from(["waiting_on_customer", ("waiting_on_customer", "waiting_on_third_party")]),
    on_reopen=hs.sampled_from(["resume", "restart"]),
    on_priority_change=hs.sampled_from(["retarget", "restart"]),
    warnings=warnings,
)


@hs.composite
def policies(draw: hs.DrawFn) -> SLAPolicy:
    policy = draw(sla_policies())
    if draw(hs.booleans()):
        calendar = draw(
            business_calendars(timezones=["Asia/Ho_Chi_Minh", "Europe/Berlin", "America/New_York"])
        )
        policy = attrs.evolve(policy, calendar=calendar)
    return policy


@given(
    hs.lists(
        tickets(max_events=10, max_gap=timedelta(days=2), timezones=None), min_size=1, max_size=6
    ),
    policies(),
    clock_rules,
    hs.integers(-2 * 24 * 60, 20 * 24 * 60),
)
def test_every_field_equals_the_scalar_evaluation(
    drawn: list[Ticket], policy: SLAPolicy, rules: ClockRules | None, minutes: int
) -> None:
    unique = {t.id: t for t in drawn}.values()  # one history per id
    at = max(t.opened_at for t in unique).add(minutes=minutes)
    result = policy.evaluate_table(
        rows_of([(t.id, list(t.events)) for t in unique]), at=at, rules=rules
    )
    got = actual_rows(result)
    assert len(got) == len(unique)
    for ticket, row in zip(unique, got, strict=True):
        try:
            expected = expected_row(policy, ticket, at, rules)
        except AftersalesError as problem:  # at before the opening, or no target: one row says so
            refused = str(problem)
        else:
            assert {k: row[k] for k in expected} == expected
            assert row["problem"] is None
            assert row["problem_event"] is None
            continue
        assert (row["valid"], row["problem"]) == (False, refused)


def _broken(events: list[TicketEvent], how: int, where: int) -> list[TicketEvent]:
    where %= len(events)
    if how == 0:  # no opening
        return events[1:] or [attrs.evolve(events[0], kind="respond")]
    if how == 1:  # an instant that goes back
        at = events[where].at.subtract(minutes=1 + where)
        return [*events[:where], attrs.evolve(events[where], at=at), *events[where + 1 :]]
    if how == 2:  # a command the table has no row for here
        extra = TicketEvent(
            kind=["reopen", "resume", "confirm", "open", "visit"][where % 5], at=events[where].at
        )
        return [*events[: where + 1], extra, *events[where + 1 :]]
    if how == 3:  # an unreadable classification
        bad = TicketEvent(kind="change_priority", at=events[-1].at, data={"priority": "soon"})
        return [*events, bad]
    return events


@given(
    hs.lists(tickets(max_events=8), min_size=1, max_size=6),
    hs.lists(hs.tuples(hs.integers(0, 4), hs.integers(0, 20)), min_size=6, max_size=6),
)
def test_a_history_is_invalid_exactly_when_the_ticket_refuses_it(
    drawn: list[Ticket], breaks: list[tuple[int, int]]
) -> None:
    unique = list({t.id: t for t in drawn}.values())
    histories = [
        (t.id, _broken(list(t.events), how, where))
        for t, (how, where) in zip(unique, breaks, strict=False)
    ]
    policy = SLAPolicy(default=SLATarget(first_response="1h", resolution="8h"))
    at = max(t.opened_at for t in unique).add(days=3)
    got = policy.evaluate_table(rows_of(histories), at=at).to_pylist()
    for (ticket_id, events), row in zip(histories, got, strict=True):
        assert row["ticket_id"] == ticket_id
        try:
            Ticket.from_events(ticket_id, events)
        except AftersalesError:
            assert row["valid"] is False
            assert 0 <= row["problem_event"] < len(events)
            assert row["problem"]
        else:
            assert row["valid"] is True, row["problem"]


T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
HOTLINE = SLAPolicy(default=SLATarget(first_response="30m", resolution="4h"))


def test_a_selector_chooses_per_ticket_as_it_does_on_tickets() -> None:
    urgent = SLAPolicy(name="urgent", default=SLATarget(first_response="5m", resolution="1h"))
    selector = SLASelector(
        rules=[SLARule(policy=urgent, priorities=["urgent"], channels=["hotline"])], default=HOTLINE
    )
    a = Ticket.open(id="A", channel="hotline", priority="urgent", at=T0).respond(
        at=T0.add(minutes=10)
    )
    b = Ticket.open(id="B", channel="email", priority="urgent", at=T0)
    c = Ticket.open(id="C", channel="hotline", at=T0).change_priority(
        priority="urgent", at=T0.add(minutes=1)
    )
    at = T0.add(hours=2)
    got = actual_rows(
        selector.evaluate_table(rows_of([(t.id, list(t.events)) for t in (a, b, c)]), at=at)
    )
    for ticket, row in zip((a, b, c), got, strict=True):
        expected = expected_row(selector.select(ticket), ticket, at, None)
        assert {k: row[k] for k in expected} == expected


def test_dataframes_and_capsules_are_read() -> None:
    pd = pytest.importorskip("pandas")
    table = rows_of([("A", list(Ticket.open(id="A", channel="web", at=T0).events))])
    frame = table.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    expected = HOTLINE.evaluate_table(table, at=T0.add(hours=1))
    assert HOTLINE.evaluate_table(frame, at=T0.add(hours=1)).equals(expected)
    assert HOTLINE.evaluate_table(table.to_batches()[0], at=T0.add(hours=1)).equals(expected)

    class Stream:
        def __arrow_c_stream__(self, requested_schema: object = None) -> object:
            return table.__arrow_c_stream__(requested_schema)

    assert HOTLINE.evaluate_table(Stream(), at=T0.add(hours=1)).equals(expected)


@pytest.mark.parametrize(
    ("events", "error", "field"),
    [
        ([1, 2], InvalidTypeError, "events"),
        (pa.table({"ticket_id": ["A"], "kind": ["open"]}), ValidationError, "events"),
        (
            pa.table({"ticket_id": ["A", None], "kind": ["open", "open"], "at": [1, 2]}),
            ValidationError,
            "events.ticket_id[1]",
        ),
        (
            pa.table(
                {"ticket_id": ["A"], "kind": ["open"], "at": pa.array([1], type=pa.timestamp("us"))}
            ),
            NaiveDatetimeError,
            "events.at",
        ),
        (
            pa.table({"ticket_id": ["A"], "kind": ["open"], "at": [1.5]}),
            InvalidTypeError,
            "events.at",
        ),
        (pa.table({"ticket_id": ["A"], "kind": [1], "at": [1]}), InvalidTypeError, "events.kind"),
    ],
)
def test_unreadable_tables_are_refused_by_name(
    events: object, error: type[ValidationError], field: str
) -> None:
    with pytest.raises(error) as caught:
        HOTLINE.evaluate_table(events, at=T0)
    assert caught.value.field == field


def test_an_unknown_workflow_is_refused_and_a_custom_one_is_used() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        HOTLINE.evaluate_table(rows_of([]), at=T0, workflow="mine")
    assert caught.value.field == "workflow"
    assert HOTLINE.evaluate_table(rows_of([]), at=T0).num_rows == 0
