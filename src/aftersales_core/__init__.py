r"""aftersales_core: typed, immutable, explainable building blocks for after-sales service.

Everything a user needs is importable from here or from one documented
subpackage (``metrics``, ``care``, ``config``, ``testing``).

Examples:
    >>> from aftersales_core import Money, Term
    >>> Money(500_000, "VND").format("vi_VN")
    '500.000\xa0₫'
    >>> str(Term.lifetime())
    'lifetime'
"""

from .bands import Band, Bands
from .calendar import (
    BusinessCalendar,
    OpeningHoursError,
    SegmentCause,
    TimeSegment,
    country_holidays,
    country_workdays,
)
from .commitment import (
    CommitmentHistory,
    Contact,
    DecisionChange,
    ReplayReport,
    ServiceCommitment,
)
from .commitment import compare as compare_commitments
from .errors import (
    AftersalesError,
    ConfigError,
    CurrencyMismatchError,
    InvalidDurationError,
    InvalidTransition,
    InvalidTypeError,
    NaiveDatetimeError,
    UnknownCurrencyError,
    UnknownKindError,
    ValidationError,
)
from .facts import Claim, Customer, GeoPoint, Purchase
from .money import Money
from .policies import (
    AllOf,
    Anchor,
    AnyOf,
    CompensationBasis,
    CompensationRule,
    CompensationTier,
    Decision,
    DistanceFee,
    FirstApplicable,
    MaintenanceDue,
    MaintenanceSchedule,
    MaintenanceState,
    Outcome,
    Policy,
    PolicyDefinitionError,
    Reason,
    RefundRule,
    RefundTier,
    ReturnWindowPolicy,
    ServiceAreaPolicy,
    WarrantyPolicy,
    policy_class,
    policy_kinds,
    register_policy,
    unregister_policy,
)
from .sla import SLADeadlines, SLAPolicy, SLATarget
from .sla.clock import MissingTargetError, SLAStatus
from .sla.rules import (
    ClockKind,
    ClockRules,
    ClockState,
    OnPriorityChange,
    OnReopen,
    SLAWarning,
)
from .sla.select import SLARule, SLASelector
from .sla.status import ClockPiece, ClockStatus
from .terms import Term, as_instant, format_duration, parse_duration
from .tickets import (
    DEFAULT_WORKFLOW,
    EventKind,
    EventOutOfOrderError,
    InvalidWorkflowError,
    StatusInterval,
    Ticket,
    TicketEvent,
    TicketStatus,
    TicketWorkflow,
    Transition,
)
from .vocabulary import Category, Channel, ClaimKind, Priority

__version__ = "0.1.0.dev0"

__all__ = [
    "DEFAULT_WORKFLOW",
    "AftersalesError",
    "AllOf",
    "Anchor",
    "AnyOf",
    "Band",
    "Bands",
    "BusinessCalendar",
    "Category",
    "Channel",
    "Claim",
    "ClaimKind",
    "ClockKind",
    "ClockPiece",
    "ClockRules",
    "ClockState",
    "ClockStatus",
    "CommitmentHistory",
    "CompensationBasis",
    "CompensationRule",
    "CompensationTier",
    "ConfigError",
    "Contact",
    "CurrencyMismatchError",
    "Customer",
    "Decision",
    "DecisionChange",
    "DistanceFee",
    "EventKind",
    "EventOutOfOrderError",
    "FirstApplicable",
    "GeoPoint",
    "InvalidDurationError",
    "InvalidTransition",
    "InvalidTypeError",
    "InvalidWorkflowError",
    "MaintenanceDue",
    "MaintenanceSchedule",
    "MaintenanceState",
    "MissingTargetError",
    "Money",
    "NaiveDatetimeError",
    "OnPriorityChange",
    "OnReopen",
    "OpeningHoursError",
    "Outcome",
    "Policy",
    "PolicyDefinitionError",
    "Priority",
    "Purchase",
    "Reason",
    "RefundRule",
    "RefundTier",
    "ReplayReport",
    "ReturnWindowPolicy",
    "SLADeadlines",
    "SLAPolicy",
    "SLARule",
    "SLASelector",
    "SLAStatus",
    "SLATarget",
    "SLAWarning",
    "SegmentCause",
    "ServiceAreaPolicy",
    "ServiceCommitment",
    "StatusInterval",
    "Term",
    "Ticket",
    "TicketEvent",
    "TicketStatus",
    "TicketWorkflow",
    "TimeSegment",
    "Transition",
    "UnknownCurrencyError",
    "UnknownKindError",
    "ValidationError",
    "WarrantyPolicy",
    "as_instant",
    "compare_commitments",
    "country_holidays",
    "country_workdays",
    "format_duration",
    "parse_duration",
    "policy_class",
    "policy_kinds",
    "register_policy",
    "unregister_policy",
]
