"""Random command sequences against the default and strict workflows and a subclass, via the public factory."""

from __future__ import annotations

import pickle
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core.testing.tickets import ticket_state_machine, tickets
from aftersales_core.tickets import StrictWorkflow, Ticket, TicketStatus, TicketWorkflow, Transition

S = TicketStatus


class MobileRepair(TicketWorkflow):
    """The how-to's workflow: a van visits the customer between work and resolution."""

    statuses = (*TicketWorkflow.statuses, "on_site_visit")
    transitions = (
        *TicketWorkflow.transitions,
        Transition(source=S.IN_PROGRESS, command="schedule_visit", target="on_site_visit"),
        Transition(source="on_site_visit", command="respond"),
        Transition(source="on_site_visit", command="finish_visit", target=S.IN_PROGRESS),
        Transition(source="on_site_visit", command="cancel", target=S.CANCELLED),
    )


TestDefaultWorkflow = ticket_state_machine().TestCase
TestStrictWorkflow = ticket_state_machine(StrictWorkflow).TestCase
TestMobileRepairWorkflow = ticket_state_machine(
    MobileRepair,
    data={"schedule_visit": hs.fixed_dictionaries({"address": hs.sampled_from(["Q1", "Q3"])})},
).TestCase

# Zones whose clocks change: the machine's invariants compare instants on UTC's clock.
TestDefaultWorkflowInZonesWithClockChanges = ticket_state_machine(
    timezones=("America/New_York", "Europe/Berlin", "Australia/Lord_Howe"),
    max_gap=timedelta(hours=2),
).TestCase


@given(tickets(timezones=None))
def test_replay_and_pickle_give_equal_tickets(ticket):
    assert Ticket.from_events(ticket.id, ticket.events) == ticket
    assert pickle.loads(pickle.dumps(ticket)) == ticket


@given(tickets(), hs.integers(0, 10**6))
def test_time_in_status_adds_up_to_the_age(ticket, extra):
    at = ticket.last_event_at.add(seconds=extra)
    total = sum(ticket.time_in_status(at=at).values(), timedelta())
    end = ticket.closed_at if ticket.is_terminal else at
    assert total == end - ticket.opened_at


@given(tickets())
def test_derived_times_are_ordered(ticket):
    assert ticket.opened_at <= ticket.last_event_at
    for moment in (ticket.first_response_at, ticket.resolved_at, ticket.closed_at):
        assert moment is None or ticket.opened_at <= moment <= ticket.last_event_at
    if ticket.status in ticket.workflow.resolved_statuses:
        assert ticket.resolved_at is not None
    assert ticket.reopen_count == sum(1 for e in ticket.events if e.kind == "reopen")
    assert (ticket.closed_at is not None) == ticket.is_terminal


@given(tickets(workflow=MobileRepair, max_events=20))
def test_custom_workflow_histories_replay(ticket):
    assert Ticket.from_events(ticket.id, ticket.events, workflow=MobileRepair) == ticket
