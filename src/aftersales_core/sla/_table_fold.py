"""Replaying one ticket's rows of an event table, as `Ticket` would (private).

`replay` decides whether a history is valid exactly as `Ticket.from_events`
does — the first event opens, instants never go back on UTC's clock, every
command has a row in the workflow's table, the data the fold reads is readable —
and returns the status after each event, the classification at the end, and the
first problem (event index and reason) otherwise. Guards are not checked, as on
replay. The rules are the ones of ``tickets/_fold.py``; the properties in
``tests/columnar/`` compare the two on random histories.
"""

from __future__ import annotations

from typing import Any

from ..errors import ValidationError
from ..tickets import EventKind, TicketWorkflow, classification_after
from ..vocabulary import Category, Channel, Priority

__all__ = ["Replay", "data_of", "replay"]

_OPEN, _CONFIRM = EventKind.OPEN, EventKind.CONFIRM
_CLASSIFYING = frozenset({EventKind.CLASSIFY, EventKind.CHANGE_PRIORITY})


class Replay:
    """What one history says: statuses and classification, or its first problem."""

    __slots__ = (
        "category", "channel", "priority", "problem", "problem_event", "statuses", "ticket_id",
        "tier",
    )  # fmt: skip

    def __init__(self, ticket_id: object) -> None:
        self.ticket_id = ticket_id
        self.statuses: list[str] = []
        self.channel: Channel | None = None
        self.priority: Priority = Priority.NORMAL
        self.category: Category | None = None
        self.tier: str | None = None
        self.problem: str | None = None
        self.problem_event = -1


def data_of(priority: str | None, category: str | None) -> dict[str, Any]:
    """An event's ``data`` as the fold reads it, from a row's priority and category."""
    data: dict[str, Any] = {}
    if priority is not None:
        data["priority"] = priority
    if category is not None:
        data["category"] = category
    return data


def _refused(out: Replay, event: int, reason: str) -> Replay:
    out.problem, out.problem_event = reason, event
    return out


def replay(
    workflow: TicketWorkflow,
    ticket_id: object,
    kinds: list[str],
    at: list[int],
    priority: list[str | None],
    category: list[str | None],
    channel: str | None,
    tier: str | None,
    rating: list[Any],
) -> Replay:
    """Replay one ticket's rows (already cut to the ticket, in the order given)."""
    out = Replay(ticket_id)
    if not isinstance(ticket_id, str) or not ticket_id:
        return _refused(out, 0, f"id: {ticket_id!r} must be non-empty text")
    for i, kind in enumerate(kinds):
        if not kind:
            return _refused(out, i, "kind: '' must be a non-empty command name")
    if kinds[0] != _OPEN:
        return _refused(out, 0, f"cannot {kinds[0]} while (none): a history starts with 'open'")
    try:
        out.channel = Channel(channel)  # type: ignore[arg-type]  # None is refused here too
        out.priority, out.category = classification_after(
            _OPEN, data_of(priority[0], category[0]), Priority.NORMAL, None
        )
    except ValueError as problem:  # ValidationError is a ValueError; so is an unknown channel
        return _refused(out, 0, _reason(problem, "channel", channel))
    out.tier = tier
    status = workflow.initial
    statuses = out.statuses
    statuses.append(status)
    transition = workflow.transition
    last = at[0]
    for i in range(1, len(kinds)):
        kind, x = kinds[i], at[i]
        if x < last:
            return _refused(out, i, f"at: {x} is earlier than the last event ({last})")
        row = transition(status, kind)
        if row is None:
            allowed = ", ".join(workflow.commands_from(status)) or "none"
            why = (
                "a history has one 'open', at its start"
                if kind == _OPEN
                else f"no transition for it; allowed: {allowed}"
            )
            return _refused(out, i, f"cannot {kind} while {status}: {why}")
        if kind in _CLASSIFYING:
            try:
                out.priority, out.category = classification_after(
                    kind, data_of(priority[i], category[i]), out.priority, out.category
                )
            except ValidationError as problem:
                return _refused(out, i, str(problem))
        elif kind == _CONFIRM:
            value = rating[i]
            if not (value is None or (type(value) is int and 1 <= value <= 5)):
                return _refused(out, i, f"rating: {value!r} must be a whole number from 1 to 5")
        if row.target is not None:
            status = row.target
        statuses.append(status)
        last = x
    return out


def _reason(problem: ValueError, field: str, value: object) -> str:
    if isinstance(problem, ValidationError):
        return str(problem)
    return f"{field}: {value!r} is not a known {field}"
