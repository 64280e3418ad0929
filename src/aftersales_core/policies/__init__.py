"""After-sales policies: typed, immutable values that decide claims and say why.

Examples:
    >>> from aftersales_core.policies import WarrantyPolicy
    >>> WarrantyPolicy(term="lifetime").kind
    'warranty'
"""

from .base import (
    Anchor,
    Policy,
    PolicyDefinitionError,
    policy_class,
    policy_kinds,
    register_policy,
    unregister_policy,
)
from .commitment import Contact, ServiceCommitment, handled_kinds
from .compensation import CompensationBasis, CompensationRule, CompensationTier
from .composite import AllOf, AnyOf, FirstApplicable
from .decisions import Decision, FrozenMap, Outcome, Reason
from .history import CommitmentHistory
from .maintenance import MaintenanceDue, MaintenanceSchedule, MaintenanceState
from .refunds import RefundRule, RefundTier
from .replay import DecisionChange, ReplayReport, compare
from .returns import ReturnWindowPolicy
from .service_area import DistanceFee, ServiceAreaPolicy
from .sla import SLADeadlines, SLAKey, SLAPolicy, SLATarget
from .warranty import WarrantyPolicy

__all__ = [
    "AllOf",
    "Anchor",
    "AnyOf",
    "CommitmentHistory",
    "CompensationBasis",
    "CompensationRule",
    "CompensationTier",
    "Contact",
    "Decision",
    "DecisionChange",
    "DistanceFee",
    "FirstApplicable",
    "FrozenMap",
    "MaintenanceDue",
    "MaintenanceSchedule",
    "MaintenanceState",
    "Outcome",
    "Policy",
    "PolicyDefinitionError",
    "Reason",
    "RefundRule",
    "RefundTier",
    "ReplayReport",
    "ReturnWindowPolicy",
    "SLADeadlines",
    "SLAKey",
    "SLAPolicy",
    "SLATarget",
    "ServiceAreaPolicy",
    "ServiceCommitment",
    "WarrantyPolicy",
    "compare",
    "handled_kinds",
    "policy_class",
    "policy_kinds",
    "register_policy",
    "unregister_policy",
]
