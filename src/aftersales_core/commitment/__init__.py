"""The service commitment: a company's policies and SLA together, its charter, versions and replay.

A `ServiceCommitment` composes the claim policies (`aftersales_core.policies`) and the SLA
(`aftersales_core.sla`), so it lives above both: it decides each claim in the customer's
favour among the policies that apply, renders the published charter, and keeps its versions
(`CommitmentHistory`) so that old cases can be replayed against a new text (`compare`).

Examples:
    >>> from aftersales_core.commitment import ServiceCommitment
    >>> from aftersales_core.policies import WarrantyPolicy
    >>> ServiceCommitment(name="Shop", policies=[WarrantyPolicy(term="12mo")]).name
    'Shop'
"""

from .contacts import Contact
from .replay import DecisionChange, ReplayReport, compare
from .service import ServiceCommitment, handled_kinds
from .versions import CommitmentHistory

__all__ = [
    "CommitmentHistory",
    "Contact",
    "DecisionChange",
    "ReplayReport",
    "ServiceCommitment",
    "compare",
    "handled_kinds",
]
