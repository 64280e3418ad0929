"""Hypothesis strategies and a state machine for tickets and their workflows.

* `tickets` draws tickets with legal random histories (any workflow);
* `ticket_state_machine` builds a `RuleBasedStateMachine`
  that drives random commands — legal and illegal — at random instants against a
  workflow (yours, subclassed from `TicketWorkflow`)
  and checks the invariants every history must keep.

Examples:
    >>> from hypothesis import given, settings
    >>> from aftersales_core.testing.tickets import tickets
    >>> @settings(max_examples=20)
    ... @given(tickets(max_events=8))
    ... def check(ticket):
    ...     assert ticket.status in ticket.workflow.statuses
    >>> check()
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from hypothesis import strategies as hs
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from .._internal.instants import span, unix_micros
from ..errors import InvalidTransition
from ..tickets import (
    DataValue,
    EventKind,
    EventOutOfOrderError,
    Ticket,
    TicketEvent,
    TicketWorkflow,
)
from ..vocabulary import Category, Channel, Priority
from .strategies import instants

__all__ = ["command_data", "ticket_state_machine", "tickets"]

DataStrategies = Mapping[str, hs.SearchStrategy[Mapping[str, DataValue]]]
"""Per command, a strategy for the ``data`` its events carry."""

_BUILT_IN_DATA: dict[str, hs.SearchStrategy[Mapping[str, DataValue]]] = {
    EventKind.CLASSIFY: hs.fixed_dictionaries(
        {"category": hs.sampled_from(Category)},
        optional={"priority": hs.sampled_from(Priority)},
    ),
    EventKind.CHANGE_PRIORITY: hs.fixed_dictionaries({"priority": hs.sampled_from(Priority)}),
    EventKind.ASSIGN: hs.fixed_dictionaries({"assignee": hs.sampled_from(["lan", "minh", "hoa"])}),
    EventKind.CONFIRM: hs.fixed_dictionaries({}, optional={"rating": hs.integers(1, 5)}),
}


def command_data(
    command: str, extra: DataStrategies | None = None
) -> hs.SearchStrategy[Mapping[str, DataValue]]:
    """The strategy for the ``data`` of ``command``: yours, built in, or empty.

    Examples:
        >>> from hypothesis import given
        >>> @given(command_data("change_priority"))
        ... def check(data):
        ...     assert set(data) == {"priority"}
        >>> check()
    """
    if extra is not None and command in extra:
        return extra[command]
    return _BUILT_IN_DATA.get(command, hs.just({}))


def _gaps(max_gap: timedelta) -> hs.SearchStrategy[timedelta]:
    seconds = int(max_gap.total_seconds())
    return hs.one_of(
        hs.just(timedelta(0)), hs.integers(0, seconds).map(lambda s: timedelta(seconds=s))
    )


def _workflow(workflow: TicketWorkflow | type[TicketWorkflow] | None) -> TicketWorkflow:
    if workflow is None:
        return TicketWorkflow()
    return workflow() if isinstance(workflow, type) else workflow


def _target(workflow: TicketWorkflow, status: str, command: str) -> str:
    row = workflow.transition(status, command)
    assert row is not None
    return row.target or row.source


@hs.composite
def _tickets(
    draw: Callable[..., Any],
    workflow: TicketWorkflow,
    min_events: int,
    max_events: int,
    max_gap: timedelta,
    timezones: Sequence[str] | None,
    data: DataStrategies | None,
) -> Ticket:
    opened: datetime = draw(instants(timezones=timezones, max_value=datetime(2035, 12, 31)))
    ticket = Ticket.open(
        id=draw(hs.from_regex(r"T-[0-9]{1,6}", fullmatch=True)),
        channel=draw(hs.sampled_from(Channel)),
        priority=draw(hs.sampled_from(Priority)),
        at=opened,
        workflow=workflow,
    )
    at = ticket.opened_at
    terminal = workflow.terminal_statuses
    for _ in range(draw(hs.integers(min_events - 1, max_events - 1))):
        allowed = ticket.allowed_commands()
        if not allowed:
            break
        # Ending commands are drawn rarely, so that histories get long and interesting.
        going_on = [c for c in allowed if _target(workflow, ticket.status, c) not in terminal]
        if going_on and draw(hs.integers(0, 7)):
            allowed = tuple(going_on)
        command = draw(hs.sampled_from(allowed))
        at = at + draw(_gaps(max_gap))
        event = TicketEvent(kind=command, at=at, data=draw(command_data(command, data)))
        try:
            ticket = ticket.apply(event)
        except InvalidTransition:
            continue  # a guard said no; the history stays legal
    return ticket


def tickets(
    *,
    workflow: TicketWorkflow | type[TicketWorkflow] | None = None,
    min_events: int = 1,
    max_events: int = 12,
    max_gap: timedelta = timedelta(days=3),
    timezones: Sequence[str] | None = ("Asia/Ho_Chi_Minh",),
    data: DataStrategies | None = None,
) -> hs.SearchStrategy[Ticket]:
    """Tickets with legal random histories: commands the table allows, at increasing instants.

    Args:
        workflow: The workflow (instance or class); the default one if omitted.
        min_events: The fewest events a history has, unless it ends sooner.
        max_events: The most events a history may have (at least 1: the ``open``).
        max_gap: The longest gap between two events.
        timezones: Zones of the instants (``None``: a spread of zones with DST).
        data: Strategies for the ``data`` of your own commands.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(tickets(max_events=1))
        ... def check(ticket):
        ...     assert len(ticket.events) == 1
        >>> check()
    """
    top = max(1, max_events)
    return _tickets(
        _workflow(workflow), min(max(1, min_events), top), top, max_gap, timezones, data
    )


def ticket_state_machine(
    workflow: TicketWorkflow | type[TicketWorkflow] | None = None,
    *,
    data: DataStrategies | None = None,
    max_gap: timedelta = timedelta(days=3),
    timezones: Sequence[str] | None = ("Asia/Ho_Chi_Minh",),
) -> type[RuleBasedStateMachine]:
    """A state machine that drives random commands against ``workflow`` and checks invariants.

    Each step gives a command drawn from every command the workflow knows
    (so most are illegal in the current status) at an instant that usually
    moves forward and sometimes goes back. Accepted commands must be allowed by
    the table; refused ones must leave the ticket unchanged. After every step:
    the status is one of the workflow's; instants never decrease; the first
    response is no later than the resolution; paused time is at most the time
    elapsed; the history only grows; replaying it gives an equal ticket.

    Args:
        workflow: The workflow under test (instance or class); the default one if omitted.
        data: Strategies for the ``data`` of your own commands.
        max_gap: The longest step forward in time.
        timezones: Zones of the opening instant.

    Returns:
        A machine class; run it with ``run_state_machine_as_test`` or expose its
        ``TestCase`` to pytest (``TestMyWorkflow = machine.TestCase``).

    Examples:
        >>> from hypothesis import settings
        >>> from hypothesis.stateful import run_state_machine_as_test
        >>> machine = ticket_state_machine()
        >>> run_state_machine_as_test(machine, settings=settings(max_examples=5))
    """
    flow = _workflow(workflow)
    commands = sorted(flow.commands)

    class TicketMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.ticket: Ticket | None = None
            self.length = 0

        @precondition(lambda self: self.ticket is None)
        @rule(ticket=tickets(workflow=flow, max_events=1, timezones=timezones))
        def open(self, ticket: Ticket) -> None:
            self.ticket, self.length = ticket, 1

        @precondition(lambda self: self.ticket is not None)
        @rule(
            command=hs.sampled_from(commands),
            step=hs.one_of(
                _gaps(max_gap), hs.integers(1, 3_600).map(lambda s: timedelta(seconds=-s))
            ),
            draw=hs.data(),
        )
        def give(self, command: str, step: timedelta, draw: hs.DataObject) -> None:
            before = self.ticket
            assert before is not None
            events, status, first = before.events, before.status, before.first_response_at
            event = TicketEvent(
                kind=command,
                at=before.last_event_at + step,
                data=draw.draw(command_data(command, data)),
            )
            refused: InvalidTransition | EventOutOfOrderError | None = None
            try:
                after = before.apply(event)
            except (EventOutOfOrderError, InvalidTransition) as error:
                refused, after = error, before
            if isinstance(refused, EventOutOfOrderError):
                assert unix_micros(event.at) < unix_micros(before.last_event_at)
            elif isinstance(refused, InvalidTransition):
                row = flow.transition(before.status, command)
                assert row is None or (row.guard is not None and not row.guard(before, event))
                assert (refused.ticket_id, refused.status) == (before.id, str(before.status))
                assert refused.command == command
            else:
                assert unix_micros(event.at) >= unix_micros(before.last_event_at)
                assert flow.transition(before.status, command) is not None
                assert after.events == (*before.events, event)
            # Whatever happened, the ticket we started from is as it was.
            assert before.events is events
            assert len(events) == self.length
            assert (before.status, before.first_response_at) == (status, first)
            self.ticket, self.length = after, len(after.events)
            assert self.length in (len(events), len(events) + 1)  # the history only grows

        @invariant()
        def status_is_in_the_table(self) -> None:
            if self.ticket is not None:
                assert self.ticket.status in flow.statuses
                assert len(self.ticket.statuses) == len(self.ticket.events)

        @invariant()
        def instants_never_decrease(self) -> None:
            if self.ticket is not None:
                # Compared on UTC's clock: same-zone comparisons ignore ``fold``.
                ats = [unix_micros(e.at) for e in self.ticket.events]
                assert ats == sorted(ats)

        @invariant()
        def first_response_before_resolution(self) -> None:
            t = self.ticket
            if t is not None and t.first_response_at is not None and t.resolved_at is not None:
                assert unix_micros(t.first_response_at) <= unix_micros(t.resolved_at)

        @invariant()
        def paused_within_elapsed(self) -> None:
            t = self.ticket
            if t is not None:
                paused = sum(
                    (p.duration for p in t.paused_intervals(at=t.last_event_at)), timedelta()
                )
                assert paused <= span(t.opened_at, t.last_event_at)

        @invariant()
        def replay_gives_an_equal_ticket(self) -> None:
            t = self.ticket
            if t is not None:
                again = Ticket.from_events(t.id, t.events, workflow=flow)
                assert again == t
                assert again.status == t.status
                assert again.first_response_at == t.first_response_at
                assert again.reopen_count == t.reopen_count

    TicketMachine.__name__ = TicketMachine.__qualname__ = f"{type(flow).__name__}Machine"
    return TicketMachine
