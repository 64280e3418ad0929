"""Tickets: the after-sales case lifecycle as an event-sourced state machine.

A `Ticket` is an id plus an append-only history of `TicketEvent`;
its status and times are derived by folding that history through a
`TicketWorkflow`.

Examples:
    >>> import pendulum
    >>> from aftersales_core.tickets import Ticket, TicketStatus
    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
    >>> Ticket.open(id="T-1", channel="hotline", at=at).status is TicketStatus.NEW
    True
"""

# Not in __all__: the SLA clocks read priority changes with the fold's own rule.
from ._fold import classification_after as classification_after
from .events import DataValue, EventKind, EventOutOfOrderError, TicketEvent
from .ticket import Ticket
from .views import StatusInterval, paused_intervals, status_intervals, time_in_status
from .workflow import (
    DEFAULT_WORKFLOW,
    STRICT_WORKFLOW,
    Guard,
    InvalidWorkflowError,
    StrictWorkflow,
    TicketStatus,
    TicketWorkflow,
    Transition,
    has_responded,
)

__all__ = [
    "DEFAULT_WORKFLOW",
    "STRICT_WORKFLOW",
    "DataValue",
    "EventKind",
    "EventOutOfOrderError",
    "Guard",
    "InvalidWorkflowError",
    "StatusInterval",
    "StrictWorkflow",
    "Ticket",
    "TicketEvent",
    "TicketStatus",
    "TicketWorkflow",
    "Transition",
    "has_responded",
    "paused_intervals",
    "status_intervals",
    "time_in_status",
]
