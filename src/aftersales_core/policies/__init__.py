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
from .compensation import CompensationBasis, CompensationRule, CompensationTier
from .composite import AllOf, AnyOf, FirstApplicable
from .decisions import Decision, FrozenMap, Outcome, Reason
from .favour import more_favourable
from .maintenance import MaintenanceDue, MaintenanceSchedule, MaintenanceState
from .refunds import RefundRule, RefundTier
from .returns import ReturnWindowPolicy
from .service_area import MAX_KM, DistanceFee, ServiceAreaPolicy
from .warranty import WarrantyPolicy

__all__ = [
    "MAX_KM",
    "AllOf",
    "Anchor",
    "AnyOf",
    "CompensationBasis",
    "CompensationRule",
    "CompensationTier",
    "Decision",
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
    "ReturnWindowPolicy",
    "ServiceAreaPolicy",
    "WarrantyPolicy",
    "more_favourable",
    "policy_class",
    "policy_kinds",
    "register_policy",
    "unregister_policy",
]
