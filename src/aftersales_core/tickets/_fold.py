"""Folding a history into the values a ticket derives from it (private).

The fold is the one place that reads events; `Ticket`
keeps its result as a cache and never stores a derived value beside the events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pendulum

from .._internal.instants import unix_micros
from ..errors import InvalidTransition, ValidationError
from ..vocabulary import Category, Channel, Priority
from .events import EventKind, EventOutOfOrderError, TicketEvent
from .workflow import TicketWorkflow, Transition

__all__: list[str] = []

_K = EventKind


def _enum(kind: type[Any], field: str) -> Callable[[object], Any]:
    members = {m.value: m for m in kind}

    def read(value: object) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):
            pass
        try:  # a value an application added to an open vocabulary (Channel.add)
            return kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in getattr(kind, "known", lambda: kind)())
            raise ValidationError(
                field=field, value=value, rule=f"must be one of: {allowed}"
            ) from None

    return read


read_channel = _enum(Channel, "channel")
read_category = _enum(Category, "category")
read_priority = _enum(Priority, "priority")


def _optional_category(value: object) -> Category | None:
    return None if value is None else read_category(value)


_OPEN, _CLASSIFY, _CHANGE_PRIORITY = _K.OPEN, _K.CLASSIFY, _K.CHANGE_PRIORITY
_PRIORITIES: dict[object, Priority] = {p.value: p for p in Priority}
_CATEGORIES: dict[object, Category] = {c.value: c for c in Category}


def classification_after(
    kind: str, data: Mapping[str, Any], priority: Priority, category: Category | None
) -> tuple[Priority, Category | None]:
    """The priority and category in force after an event, given those before it.

    The one reading of how events classify a ticket, shared by the fold and by
    the SLA clocks (which retarget when it changes): ``open`` sets both (priority
    ``normal`` unless given), ``classify`` sets the category and, if given, the
    priority, ``change_priority`` sets the priority only; other events change
    neither. Unknown values raise the library's error naming the field.

    Examples:
        >>> classification_after("change_priority", {"priority": "urgent"}, Priority.LOW, None)
        (<Priority.URGENT: 'urgent'>, None)
        >>> classification_after("assign", {}, Priority.LOW, Category.BILLING)
        (<Priority.LOW: 'low'>, <Category.BILLING: 'billing'>)
    """
    # Plain look-ups: the SLA clocks call this on every classifying event. A miss is
    # read again by the checking readers, category first, which raise the typed error.
    try:
        if kind == _CHANGE_PRIORITY:
            return _PRIORITIES[data.get("priority")], category
        if kind == _CLASSIFY:
            found = _CATEGORIES[data.get("category")]
            given = data.get("priority")
            return (priority if given is None else _PRIORITIES[given]), found
        if kind == _OPEN:
            given = data.get("category")
            found_or_none = None if given is None else _CATEGORIES[given]
            return _PRIORITIES[data.get("priority", "normal")], found_or_none
    except (KeyError, TypeError):
        # A category an application added (Category.add), or a refused value: the
        # checking readers, category first, accept the one and raise the typed error.
        if kind == _CHANGE_PRIORITY:
            return read_priority(data.get("priority")), category
        read = read_category if kind == _CLASSIFY else _optional_category
        found_or_none = read(data.get("category"))
        given = data.get("priority", "normal" if kind == _OPEN else None)
        return (priority if given is None else read_priority(given)), found_or_none
    return priority, category


class State:
    """Everything derived from a history, updated one event at a time."""

    __slots__ = (
        "assignee",
        "category",
        "channel",
        "claim_id",
        "closed_at",
        "customer_id",
        "customer_tier",
        "escalation_level",
        "first_response_at",
        "last_at",
        "last_real",
        "opened_at",
        "priority",
        "purchase_id",
        "rating",
        "reopen_count",
        "resolved_at",
        "status",
    )

    status: str
    channel: Channel
    category: Category | None
    priority: Priority
    customer_id: str | None
    purchase_id: str | None
    claim_id: str | None
    customer_tier: str | None
    assignee: str | None
    opened_at: pendulum.DateTime
    last_at: pendulum.DateTime
    last_real: int  # ``last_at`` in UTC microseconds: events are ordered on UTC, not by wall clocks
    first_response_at: pendulum.DateTime | None
    resolved_at: pendulum.DateTime | None
    closed_at: pendulum.DateTime | None
    reopen_count: int
    escalation_level: int
    rating: int | None

    def copy(self) -> State:
        new = State.__new__(State)
        for name in State.__slots__:
            setattr(new, name, getattr(self, name))
        return new


def start(ticket_id: str, event: TicketEvent, workflow: TicketWorkflow) -> State:
    """The state after the first event, which must be an ``open``."""
    if event.kind != _K.OPEN:
        raise InvalidTransition(
            ticket_id=ticket_id,
            status="(none)",
            command=event.kind,
            reason="a history starts with 'open'",
        )
    data = event.data
    state = State()
    state.status = workflow.initial
    state.channel = read_channel(data.get("channel"))
    state.priority, state.category = classification_after(_K.OPEN, data, Priority.NORMAL, None)
    state.customer_id = _text_or_none(data, "customer_id")
    state.purchase_id = _text_or_none(data, "purchase_id")
    state.claim_id = _text_or_none(data, "claim_id")
    state.customer_tier = _text_or_none(data, "customer_tier")
    state.assignee = None
    state.opened_at = state.last_at = event.at
    state.last_real = unix_micros(event.at)
    state.first_response_at = state.resolved_at = state.closed_at = None
    state.reopen_count = state.escalation_level = 0
    state.rating = None
    return state


def _text_or_none(data: Any, key: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ValidationError(field=f"data[{key!r}]", value=value, rule="must be text or None")


def _refusal(ticket_id: str, status: str, kind: str, workflow: TicketWorkflow) -> InvalidTransition:
    allowed = ", ".join(workflow.commands_from(status)) or "none"
    reason = (
        "a history has one 'open', at its start"
        if kind == _K.OPEN
        else f"no transition for it; allowed: {allowed}"
    )
    return InvalidTransition(
        ticket_id=ticket_id, status=str(status), command=str(kind), reason=reason
    )


def check(ticket_id: str, state: State, event: TicketEvent, workflow: TicketWorkflow) -> Transition:
    """The row that lets ``event`` continue the history, or raise."""
    if unix_micros(event.at) < state.last_real:
        raise _out_of_order(event, state.last_at)
    row = workflow.transition(state.status, event.kind)
    if row is None:
        raise _refusal(ticket_id, state.status, event.kind, workflow)
    return row


def _out_of_order(event: TicketEvent, last: pendulum.DateTime) -> EventOutOfOrderError:
    return EventOutOfOrderError(
        field="at", value=event.at, rule=f"is earlier than the last event ({last})"
    )


def run(
    ticket_id: str,
    state: State,
    events: Iterable[TicketEvent],
    workflow: TicketWorkflow,
    statuses: list[str],
) -> None:
    """Apply ``events`` to ``state`` in place, checking order and the table (not guards).

    The status after each event is appended to ``statuses``.
    """
    transition = workflow.transition  # bound once: it runs on every event
    responses = workflow.response_commands
    resolved = workflow.resolved_statuses
    terminal = workflow.terminal_statuses
    status, last, last_real = state.status, state.last_at, state.last_real
    for event in events:
        at, kind = event.at, event.kind
        # Real instants, not wall clocks: 01:10 after a fall-back is later than 01:50 before it.
        at_real = unix_micros(at)
        if at_real < last_real:
            raise _out_of_order(event, last)
        row = transition(status, kind)
        if row is None:
            raise _refusal(ticket_id, status, kind, workflow)
        if kind in _DATA_KINDS:
            _DATA_KINDS[kind](state, event.data)
        if state.first_response_at is None and kind in responses:
            state.first_response_at = at
        target = row.target
        if target is not None and target != status:
            was, now = status in resolved, target in resolved
            if now and not was:
                state.resolved_at = at
            elif was and not now:
                state.resolved_at = None
                if target not in terminal:
                    state.reopen_count += 1
            if target in terminal and state.closed_at is None:
                state.closed_at = at
            status = target
        statuses.append(status)
        last, last_real = at, at_real
    state.status, state.last_at, state.last_real = status, last, last_real


def _classify(state: State, data: Mapping[str, Any]) -> None:
    state.priority, state.category = classification_after(
        _K.CLASSIFY, data, state.priority, state.category
    )


def _change_priority(state: State, data: Mapping[str, Any]) -> None:
    state.priority, state.category = classification_after(
        _K.CHANGE_PRIORITY, data, state.priority, state.category
    )


def _assign(state: State, data: Mapping[str, Any]) -> None:
    state.assignee = _text_or_none(data, "assignee")


def _escalate(state: State, data: Mapping[str, Any]) -> None:
    state.escalation_level += 1


def _confirm(state: State, data: Mapping[str, Any]) -> None:
    state.rating = rating(data.get("rating"))


_DATA_KINDS: dict[str, Callable[[State, Mapping[str, Any]], None]] = {
    _K.CLASSIFY: _classify,
    _K.CHANGE_PRIORITY: _change_priority,
    _K.ASSIGN: _assign,
    _K.ESCALATE: _escalate,
    _K.CONFIRM: _confirm,
}


def rating(value: object) -> int | None:
    if value is None or (type(value) is int and 1 <= value <= 5):
        return value
    raise ValidationError(field="rating", value=value, rule="must be a whole number from 1 to 5")


def fold(
    ticket_id: str, events: tuple[TicketEvent, ...], workflow: TicketWorkflow
) -> tuple[State, list[str]]:
    """Replay a whole history (no guards: it records what happened); the status after each."""
    if not events:
        raise ValidationError(field="events", value=events, rule="must start with an 'open' event")
    state = start(ticket_id, events[0], workflow)
    statuses = [state.status]
    run(ticket_id, state, events[1:], workflow, statuses)
    return state, statuses
