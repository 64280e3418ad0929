"""Which of two decisions favours the customer: the rule a commitment and `AnyOf` decide by.

When several clauses of a commitment apply to one claim, Vietnamese practice (and this library)
gives the customer the most favourable of their answers. One rule, in one place, so the
charter, `ServiceCommitment.decide` and the composites can never disagree about it.

Examples:
    >>> from aftersales_core import Money
    >>> from aftersales_core.policies import Decision, Outcome, Reason, more_favourable
    >>> why = (Reason(code="covered", message="covered"),)
    >>> repair = Decision(outcome=Outcome.APPROVED, policy="warranty", clause="term", reasons=why)
    >>> refund = Decision(outcome=Outcome.APPROVED, policy="refund", clause="tiers", reasons=why,
    ...                   amount=Money(500_000, "VND"))
    >>> more_favourable(refund, repair), more_favourable(repair, refund)
    (True, False)
"""

from __future__ import annotations

from ..money import Money
from .decisions import Decision, Outcome

__all__ = ["more_favourable"]

_OUTCOME_RANK = {Outcome.DENIED: 0, Outcome.PARTIAL: 1, Outcome.APPROVED: 2}
"""Outcomes from least to most favourable (``NOT_APPLICABLE`` decides nothing, so has no rank)."""


def _compare_amounts(new: Money | None, old: Money | None) -> int:
    """-1, 0 or 1 as ``new`` is less, as much or more than ``old``; ``None`` is nothing.

    Amounts in different currencies are not compared (0).
    """
    known = new if new is not None else old
    if known is None:
        return 0
    a = new if new is not None else Money.zero(known.currency)
    b = old if old is not None else Money.zero(known.currency)
    if a.currency != b.currency or a == b:
        return 0
    return 1 if a > b else -1


def more_favourable(candidate: Decision, chosen: Decision) -> bool:
    """Whether ``candidate`` is more favourable to the customer than ``chosen``.

    A better outcome wins; with equal outcomes, more money owed to the customer, then a
    smaller fee charged.

    Examples:
        >>> from aftersales_core.policies import Decision, Outcome, Reason
        >>> why = (Reason(code="c", message="m"),)
        >>> yes = Decision(outcome=Outcome.APPROVED, policy="p", clause="c", reasons=why)
        >>> no = Decision(outcome=Outcome.DENIED, policy="p", clause="c", reasons=why)
        >>> more_favourable(yes, no)
        True
    """
    if _OUTCOME_RANK[candidate.outcome] != _OUTCOME_RANK[chosen.outcome]:
        return _OUTCOME_RANK[candidate.outcome] > _OUTCOME_RANK[chosen.outcome]
    owed = _compare_amounts(candidate.amount, chosen.amount)
    if owed:
        return owed > 0
    return _compare_amounts(candidate.fee, chosen.fee) < 0
