"""What a ticket derives from its history (private to tickets.ticket).

`Derived` is the base of `Ticket`: read-only views of the values the fold keeps (the
status, the channel, category and priority, the instants and the counts), never stored
beside the events.
"""

from __future__ import annotations

import pendulum

from ..vocabulary import Category, Channel, Priority
from . import _fold
from ._history import History
from .workflow import TicketWorkflow

__all__ = ["Derived"]


class Derived:
    """The values folded from a ticket's events, as properties."""

    __slots__ = ()
    _state: _fold.State
    _history: History
    workflow: TicketWorkflow

    @property
    def status(self) -> str:
        """The current status (a `TicketStatus` by default)."""
        return self._state.status

    @property
    def statuses(self) -> tuple[str, ...]:
        """The status after each event, aligned with `events`."""
        return self._history.statuses

    @property
    def channel(self) -> Channel:
        """Where the request arrived."""
        return self._state.channel

    @property
    def category(self) -> Category | None:
        """The latest classification, or ``None`` before `classify`."""
        return self._state.category

    @property
    def priority(self) -> Priority:
        """The current priority."""
        return self._state.priority

    @property
    def customer_id(self) -> str | None:
        """The customer, if known."""
        return self._state.customer_id

    @property
    def purchase_id(self) -> str | None:
        """The purchase concerned, if any."""
        return self._state.purchase_id

    @property
    def claim_id(self) -> str | None:
        """The claim concerned, if any."""
        return self._state.claim_id

    @property
    def customer_tier(self) -> str | None:
        """The customer's tier at intake, if given."""
        return self._state.customer_tier

    @property
    def assignee(self) -> str | None:
        """Who the ticket is assigned to now."""
        return self._state.assignee

    @property
    def opened_at(self) -> pendulum.DateTime:
        """When the request was received."""
        return self._state.opened_at

    @property
    def last_event_at(self) -> pendulum.DateTime:
        """The instant of the latest event."""
        return self._state.last_at

    @property
    def first_response_at(self) -> pendulum.DateTime | None:
        """The first reply to the customer (a response command), or ``None``."""
        return self._state.first_response_at

    @property
    def resolved_at(self) -> pendulum.DateTime | None:
        """When the case was resolved; ``None`` while unresolved or after a reopening."""
        return self._state.resolved_at

    @property
    def closed_at(self) -> pendulum.DateTime | None:
        """When the ticket reached a terminal status (closed or cancelled), or ``None``."""
        return self._state.closed_at

    @property
    def reopen_count(self) -> int:
        """How many times a resolved case was reopened."""
        return self._state.reopen_count

    @property
    def escalation_level(self) -> int:
        """How many times the ticket was escalated."""
        return self._state.escalation_level

    @property
    def rating(self) -> int | None:
        """The customer's 1–5 rating given on confirmation, if any."""
        return self._state.rating

    @property
    def is_terminal(self) -> bool:
        """Whether the ticket accepts no more commands (closed or cancelled)."""
        return self._state.status in self.workflow.terminal_statuses
