"""SLA clocks on tickets: targets by priority, deadlines on a business calendar, and the clocks.

An `SLAPolicy` states how soon the first response and the resolution are due; its clocks follow
a `Ticket`'s history (pauses, reopenings, priority changes) under `ClockRules`, and an
`SLASelector` picks the policy for each ticket.

Examples:
    >>> import pendulum
    >>> from aftersales_core.sla import SLAPolicy, SLATarget
    >>> from aftersales_core.vocabulary import Priority
    >>> sla = SLAPolicy(targets={Priority.URGENT: SLATarget(first_response="4h", resolution="6h")})
    >>> opened = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
    >>> sla.due(opened, Priority.URGENT).resolution.isoformat()
    '2026-03-02T15:00:00+07:00'
"""

from .clock import MissingTargetError, SLAStatus, evaluate, evaluate_many, explain, next_change
from .policy import SLADeadlines, SLAKey, SLAPolicy, SLATarget
from .rules import (
    DEFAULT_RULES,
    ClockKind,
    ClockRules,
    ClockState,
    OnPriorityChange,
    OnReopen,
    SLAWarning,
)
from .select import SLARule, SLASelector
from .status import ClockPiece, ClockReading

__all__ = [
    "DEFAULT_RULES",
    "ClockKind",
    "ClockPiece",
    "ClockReading",
    "ClockRules",
    "ClockState",
    "MissingTargetError",
    "OnPriorityChange",
    "OnReopen",
    "SLADeadlines",
    "SLAKey",
    "SLAPolicy",
    "SLARule",
    "SLASelector",
    "SLAStatus",
    "SLATarget",
    "SLAWarning",
    "evaluate",
    "evaluate_many",
    "explain",
    "next_change",
]
