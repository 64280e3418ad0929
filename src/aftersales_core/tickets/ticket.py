"""The ticket: an id and an append-only history, with everything else derived.

Every command returns a new `Ticket` with one more event, or raises and leaves the
original untouched: `InvalidTransition` when the workflow does not allow the command in the
current status (or a guard refuses it), `EventOutOfOrderError` when the event would be
earlier than the last one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs
import pendulum

from ..errors import InvalidTransition, InvalidTypeError, ValidationError
from ..vocabulary import Category, Channel, Priority
from . import _fold
from ._derived import Derived
from ._history import History, from_rows, rows
from .events import DataValue, EventKind, TicketEvent
from .views import StatusInterval, paused_intervals, status_intervals, time_in_status
from .workflow import DEFAULT_WORKFLOW, TicketWorkflow

__all__ = ["Ticket"]

_K = EventKind


def _ticket_id(_instance: Any, _attribute: Any, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field="id", value=value, rule="must be non-empty text")


def _events(value: Iterable[TicketEvent]) -> History:
    # The statuses come from the fold, in __attrs_post_init__.
    if isinstance(value, History):
        return value
    if isinstance(value, TicketEvent) or not isinstance(value, Iterable):
        raise InvalidTypeError(
            field="events", value=value, rule="must be an iterable of TicketEvent, oldest first"
        )
    events = list(value)
    if not all(type(event) is TicketEvent for event in events):
        for i, event in enumerate(events):
            if not isinstance(event, TicketEvent):
                raise ValidationError(
                    field=f"events[{i}]", value=event, rule="must be a TicketEvent"
                )
    return History(events, [])


def _workflow(value: object) -> TicketWorkflow:
    if value is None:
        return DEFAULT_WORKFLOW
    if isinstance(value, type) and issubclass(value, TicketWorkflow):
        return value()
    if not isinstance(value, TicketWorkflow):
        raise ValidationError(field="workflow", value=value, rule="must be a TicketWorkflow")
    return value


@attrs.frozen(kw_only=True)
class Ticket(Derived):
    """An after-sales case: an id, its history, and the workflow that reads it.

    Build one with `open` and its commands, or replay a stored history
    with `from_events`. The status, the channel, category and priority,
    the first response, resolution and closing instants, the reopen count and
    the time in each status are all derived from ``events``.

    Attributes:
        id: The ticket's id.
        events: The history, oldest first, starting with an ``open`` event.
        workflow: The `TicketWorkflow` (an
            instance or the class); the default workflow if omitted.

    Raises:
        ValidationError: The history is empty, out of order (on UTC's clock, not
            the wall clock), or carries unreadable data.
        InvalidTypeError: ``events`` is not an iterable of `TicketEvent`.
        InvalidTransition: An event is not allowed by the workflow.

    Examples:
        >>> import pendulum
        >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> t = Ticket.open(id="T-7", channel="hotline", at=at)
        >>> t.status, t.priority, t.category
        (<TicketStatus.NEW: 'new'>, <Priority.NORMAL: 'normal'>, None)
        >>> t.resolve(at=at)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidTransition: ticket 'T-7': cannot resolve while new: ...
    """

    id: str = attrs.field(validator=_ticket_id)
    # Shared along a line of commands, so that each command appends in O(1): see _history.
    _history: History = attrs.field(alias="events", converter=_events)
    workflow: TicketWorkflow = attrs.field(default=DEFAULT_WORKFLOW, converter=_workflow)
    _state: _fold.State = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        events = self._history.events
        state, statuses = _fold.fold(self.id, events, self.workflow)
        object.__setattr__(self, "_history", History(list(events), statuses))
        object.__setattr__(self, "_state", state)

    @property
    def events(self) -> tuple[TicketEvent, ...]:
        """The history, oldest first, starting with an ``open`` event."""
        return self._history.events

    def __repr__(self) -> str:
        return f"Ticket(id={self.id!r}, events={self.events!r}, workflow={self.workflow!r})"

    # -- construction ---------------------------------------------------------------

    @classmethod
    def from_events(
        cls, id: str, events: Iterable[TicketEvent], *, workflow: TicketWorkflow | None = None
    ) -> Ticket:
        """Replay a stored history into a ticket equal to the one that wrote it.

        Guards are not re-checked: the history records what happened.

        Examples:
            >>> import pendulum
            >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
            >>> t = Ticket.open(id="T-1", channel="email", at=at).respond(at=at)
            >>> Ticket.from_events("T-1", list(t.events)).first_response_at == at
            True
        """
        return cls(id=id, events=events, workflow=_workflow(workflow))

    @classmethod
    def open(
        cls,
        *,
        id: str,
        channel: Channel | str,
        at: datetime,
        priority: Priority | str = Priority.NORMAL,
        category: Category | str | None = None,
        customer_id: str | None = None,
        purchase_id: str | None = None,
        claim_id: str | None = None,
        customer_tier: str | None = None,
        actor: str | None = None,
        note: str | None = None,
        workflow: TicketWorkflow | type[TicketWorkflow] | None = None,
    ) -> Ticket:
        """Receive a request: a new ticket in the workflow's initial status.

        Args:
            id: The ticket's id.
            channel: Where the request arrived (`Channel`).
            at: When it arrived.
            priority: How urgent it is (default normal).
            category: What it is about, if known at intake (else set by `classify`).
            customer_id: The customer, if known.
            purchase_id: The purchase it concerns, if any.
            claim_id: The claim it concerns, if any.
            customer_tier: The customer's tier at intake (SLA rules may depend on it).
            actor: Who recorded it.
            note: The request, in short.
            workflow: The workflow (instance or class); the default one if omitted.

        Examples:
            >>> import pendulum
            >>> t = Ticket.open(id="T-1", channel="in_store", category="return",
            ...                 at=pendulum.datetime(2026, 3, 2, 9, tz="UTC"))
            >>> t.channel, t.category
            (<Channel.IN_STORE: 'in_store'>, <Category.RETURN: 'return'>)
        """
        data: dict[str, DataValue] = {
            "channel": _fold.read_channel(channel),
            "priority": _fold.read_priority(priority),
        }
        refs = {
            "category": None if category is None else _fold.read_category(category),
            "customer_id": customer_id,
            "purchase_id": purchase_id,
            "claim_id": claim_id,
            "customer_tier": customer_tier,
        }
        data.update((k, v) for k, v in refs.items() if v is not None)
        event = TicketEvent(kind=_K.OPEN, at=at, actor=actor, note=note, data=data)
        return cls(id=id, events=(event,), workflow=_workflow(workflow))

    # -- commands -------------------------------------------------------------------

    def apply(self, event: TicketEvent) -> Ticket:
        """Append ``event`` if the workflow and its guards allow it.

        Returns:
            A new ticket; ``self`` is never changed.

        Raises:
            InvalidTransition: The command is not allowed now, or a guard refused it.
            EventOutOfOrderError: ``event`` is earlier than the last event.
            InvalidTypeError: ``event`` is not a `TicketEvent` (give a command by
                name with `execute`).

        Examples:
            >>> import pendulum
            >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
            >>> t = Ticket.open(id="T-1", channel="email", at=at)
            >>> t.apply(TicketEvent(kind="respond", at=at)).first_response_at == at
            True
        """
        if not isinstance(event, TicketEvent):
            raise InvalidTypeError(
                field="event",
                value=event,
                rule="must be a TicketEvent; give a command by name with execute(command, at=...)",
            )
        state, workflow = self._state, self.workflow
        row = _fold.check(self.id, state, event, workflow)
        if row.guard is not None and not row.guard(self, event):
            raise InvalidTransition(
                ticket_id=self.id,
                status=str(state.status),
                command=str(event.kind),
                reason=row.reason,
            )
        new_state = state.copy()
        _fold.run(self.id, new_state, (event,), workflow, [])
        ticket = object.__new__(Ticket)
        object.__setattr__(ticket, "id", self.id)
        object.__setattr__(ticket, "_history", self._history.appended(event, new_state.status))
        object.__setattr__(ticket, "workflow", workflow)
        object.__setattr__(ticket, "_state", new_state)
        return ticket

    def execute(
        self,
        command: str,
        *,
        at: datetime,
        actor: str | None = None,
        note: str | None = None,
        data: Mapping[str, DataValue] | None = None,
    ) -> Ticket:
        """Give any command of the workflow by name (a custom workflow's, say).

        Examples:
            >>> import pendulum
            >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
            >>> Ticket.open(id="T-1", channel="email", at=at).execute("cancel", at=at).status
            <TicketStatus.CANCELLED: 'cancelled'>
        """
        return self.apply(TicketEvent(kind=command, at=at, actor=actor, note=note, data=data))

    def classify(
        self,
        *,
        category: Category | str,
        at: datetime,
        priority: Priority | str | None = None,
        actor: str | None = None,
        note: str | None = None,
    ) -> Ticket:
        """Classify the request (warranty, return, technical support, complaint, ...)."""
        data: dict[str, DataValue] = {"category": _fold.read_category(category)}
        if priority is not None:
            data["priority"] = _fold.read_priority(priority)
        return self.execute(_K.CLASSIFY, at=at, actor=actor, note=note, data=data)

    def assign(
        self, *, assignee: str, at: datetime, actor: str | None = None, note: str | None = None
    ) -> Ticket:
        """Give the ticket to ``assignee``; from triaged this starts the work."""
        return self.execute(_K.ASSIGN, at=at, actor=actor, note=note, data={"assignee": assignee})

    def respond(self, *, at: datetime, actor: str | None = None, note: str | None = None) -> Ticket:
        """Reply to the customer; the first reply is the first response."""
        return self.execute(_K.RESPOND, at=at, actor=actor, note=note)

    def wait_on_customer(
        self, *, at: datetime, actor: str | None = None, note: str | None = None
    ) -> Ticket:
        """Wait for the customer (information, a visit, the product); SLA clocks pause."""
        return self.execute(_K.WAIT_ON_CUSTOMER, at=at, actor=actor, note=note)

    def wait_on_third_party(
        self,
        *,
        at: datetime,
        party: str | None = None,
        actor: str | None = None,
        note: str | None = None,
    ) -> Ticket:
        """Wait for a partner or an authorised service centre; SLA clocks keep running."""
        data = None if party is None else {"party": party}
        return self.execute(_K.WAIT_ON_THIRD_PARTY, at=at, actor=actor, note=note, data=data)

    def resume(self, *, at: datetime, actor: str | None = None, note: str | None = None) -> Ticket:
        """Take the ticket back from waiting."""
        return self.execute(_K.RESUME, at=at, actor=actor, note=note)

    def escalate(
        self,
        *,
        at: datetime,
        to: str | None = None,
        actor: str | None = None,
        note: str | None = None,
    ) -> Ticket:
        """Escalate (to a team or a person, if given); the status stays."""
        data = None if to is None else {"to": to}
        return self.execute(_K.ESCALATE, at=at, actor=actor, note=note, data=data)

    def change_priority(
        self,
        *,
        priority: Priority | str,
        at: datetime,
        actor: str | None = None,
        note: str | None = None,
    ) -> Ticket:
        """Change the priority; running SLA clocks take the new targets."""
        data = {"priority": _fold.read_priority(priority)}
        return self.execute(_K.CHANGE_PRIORITY, at=at, actor=actor, note=note, data=data)

    def resolve(self, *, at: datetime, actor: str | None = None, note: str | None = None) -> Ticket:
        """Mark the case resolved (the default workflow requires a response first)."""
        return self.execute(_K.RESOLVE, at=at, actor=actor, note=note)

    def confirm(
        self,
        *,
        at: datetime,
        rating: int | None = None,
        actor: str | None = None,
        note: str | None = None,
    ) -> Ticket:
        """Record that the customer confirmed the resolution, with an optional 1–5 rating."""
        data = None if rating is None else {"rating": _fold.rating(rating)}
        return self.execute(_K.CONFIRM, at=at, actor=actor, note=note, data=data)

    def reopen(self, *, at: datetime, actor: str | None = None, note: str | None = None) -> Ticket:
        """Reopen a resolved case whose fix did not hold; the resolution clock resumes."""
        return self.execute(_K.REOPEN, at=at, actor=actor, note=note)

    def close(self, *, at: datetime, actor: str | None = None, note: str | None = None) -> Ticket:
        """Close a resolved case without a confirmation (no answer from the customer)."""
        return self.execute(_K.CLOSE, at=at, actor=actor, note=note)

    def cancel(self, *, at: datetime, actor: str | None = None, note: str | None = None) -> Ticket:
        """Cancel a case that needs no resolution (a duplicate, withdrawn by the customer)."""
        return self.execute(_K.CANCEL, at=at, actor=actor, note=note)

    # -- derived views ----------------------------------------------------------------

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands the workflow's table accepts now (guards are checked on use).

        Examples:
            >>> import pendulum
            >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
            >>> Ticket.open(id="T-1", channel="email", at=at).allowed_commands()[:4]
            ('classify', 'assign', 'respond', 'wait_on_customer')
        """
        return self.workflow.commands_from(self._state.status)

    def status_intervals(self, *, at: datetime | None = None) -> tuple[StatusInterval, ...]:
        """Each stay in a status, oldest first; see `status_intervals`."""
        return status_intervals(self, at=at)

    def time_in_status(self, *, at: datetime | None = None) -> dict[str, pendulum.Duration]:
        """Wall time spent in each status; see `time_in_status`."""
        return time_in_status(self, at=at)

    def paused_intervals(
        self, *, at: datetime | None = None, statuses: Iterable[str] | None = None
    ) -> tuple[StatusInterval, ...]:
        """Stays in pausing statuses; see `paused_intervals`."""
        return paused_intervals(self, at=at, statuses=statuses)

    def __reduce__(self) -> tuple[Any, ...]:
        # Events as rows of scalars (fold included), replayed on loading: linear both ways.
        return (_unpickle, (self.id, rows(self.events), self.workflow))


def _unpickle(id: str, found: list[tuple[Any, ...]], workflow: TicketWorkflow) -> Ticket:
    return Ticket(id=id, events=History(from_rows(found), []), workflow=workflow)
