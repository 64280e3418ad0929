"""Composition: policies made of policies, each itself a `Policy`.

* `AllOf` grants a claim only if every applicable policy grants it
  (a return must be inside the window *and* meet the refund rule);
* `AnyOf` grants it if one applicable policy does (the warranty *or* the
  goodwill policy), keeping the most generous grant;
* `FirstApplicable` lets the first policy that handles the claim decide
  (a specific policy listed before a general one).

Policies that do not handle a claim take no part. A composite decision is signed
with the composite's name; its ``clause`` names the child policy that decided
(``"all"`` when every part agreed), and its ``parts`` keep the children's decisions.

Examples:
    >>> from decimal import Decimal
    >>> from aftersales_core.policies import (
    ...     FirstApplicable, RefundRule, RefundTier, WarrantyPolicy)
    >>> charter = FirstApplicable(name="translation", policies=[
    ...     WarrantyPolicy(term="lifetime"),
    ...     RefundRule(tiers=[RefundTier(min_error_rate=Decimal("0.2"),
    ...                                  refund_ratio=Decimal(1))])])
    >>> sorted(k.value for p in charter.policies for k in p.handles)
    ['refund', 'repair', 'warranty']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from ..claims import Claim
from ..errors import InvalidTypeError, ValidationError
from ..money import Money
from . import _text
from .base import Policy, register_policy
from .decisions import Decision, Outcome, Reason

__all__ = ["AllOf", "AnyOf", "FirstApplicable"]

_RANK = {Outcome.DENIED: 0, Outcome.PARTIAL: 1, Outcome.APPROVED: 2}


def _to_policies(value: Iterable[Policy]) -> tuple[Policy, ...]:
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


def _check_policies(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not value:
        raise ValidationError(field="policies", value=value, rule="must hold at least one policy")
    for i, policy in enumerate(value):
        if not isinstance(policy, Policy):
            raise InvalidTypeError(field=f"policies[{i}]", value=policy, rule="must be a Policy")


@attrs.frozen(kw_only=True)
class _Composite(Policy, abstract=True):
    policies: tuple[Policy, ...] = attrs.field(converter=_to_policies, validator=_check_policies)

    def applies_to(self, claim: Claim) -> bool:
        return any(policy.applies_to(claim) for policy in self.policies)

    def _applicable(self, claim: Claim) -> list[Decision]:
        return [d for d in (p.decide(claim) for p in self.policies) if d.applicable]

    def _none_applicable(self, claim: Claim) -> Decision:
        reason = Reason.of(
            "not_applicable",
            "no policy of {policy} decides {kind} claims",
            policy=self.name,
            kind=claim.kind.value,
        )
        return self.decision(Outcome.NOT_APPLICABLE, "kind", [reason])

    def _like(self, part: Decision, parts: Sequence[Decision]) -> Decision:
        return self.decision(
            part.outcome,
            part.policy,
            part.reasons,
            amount=part.amount,
            fee=part.fee,
            ratio=part.ratio,
            parts=parts,
        )

    def describe(self, lang: str = "vi") -> str:
        """The sections of the parts, in order."""
        _text.check_lang(lang)
        return "\n".join(policy.describe(lang) for policy in self.policies)


@attrs.frozen(kw_only=True)
class AllOf(_Composite):
    """Grants a claim only if every policy that handles it grants it.

    Denied if any part denies (with the denying parts' reasons), partial if any part
    grants only in part, approved otherwise. The amount and ratio are the smallest
    among the parts that state one (every part must agree to pay); fees add up.

    Attributes:
        name: The composite's name (default ``"all_of"``).
        policies: One or more policies.

    Examples:
        >>> from aftersales_core.policies import ReturnWindowPolicy
        >>> both = AllOf(policies=[ReturnWindowPolicy(days=7),
        ...                        ReturnWindowPolicy(days=30, require_receipt=True)])
        >>> len(both.policies)
        2
    """

    kind = "all_of"

    def assess(self, claim: Claim) -> Decision:
        """Combine the applicable parts' decisions."""
        parts = self._applicable(claim)
        if not parts:
            return self._none_applicable(claim)
        denied = [d for d in parts if d.outcome is Outcome.DENIED]
        if denied:
            reasons = [r for d in denied for r in d.reasons]
            return self.decision(Outcome.DENIED, denied[0].policy, reasons, parts=parts)
        partial = any(d.outcome is Outcome.PARTIAL for d in parts)
        amounts = [d.amount for d in parts if d.amount is not None]
        fees = [d.fee for d in parts if d.fee is not None]
        ratios = [d.ratio for d in parts if d.ratio is not None]
        return self.decision(
            Outcome.PARTIAL if partial else Outcome.APPROVED,
            "all",
            [r for d in parts for r in d.reasons],
            amount=min(amounts) if amounts else None,
            fee=Money.sum(fees, fees[0].currency) if fees else None,
            ratio=min(ratios) if ratios else None,
            parts=parts,
        )


@attrs.frozen(kw_only=True)
class AnyOf(_Composite):
    """Grants a claim if any policy that handles it grants it, keeping the best grant.

    The best outcome wins (approved over partial over denied); among parts with the
    best outcome, the one with the largest amount decides, the earliest on ties.
    When every part denies, the decision lists every part's reasons.

    Attributes:
        name: The composite's name (default ``"any_of"``).
        policies: One or more policies.

    Examples:
        >>> from aftersales_core.policies import WarrantyPolicy
        >>> AnyOf(policies=[WarrantyPolicy(term="12mo")]).kind
        'any_of'
    """

    kind = "any_of"

    def assess(self, claim: Claim) -> Decision:
        """Pick the best of the applicable parts' decisions."""
        parts = self._applicable(claim)
        if not parts:
            return self._none_applicable(claim)
        best = max(_RANK[d.outcome] for d in parts)
        if best == _RANK[Outcome.DENIED]:
            reasons = [r for d in parts for r in d.reasons]
            return self.decision(Outcome.DENIED, "all", reasons, parts=parts)
        candidates = [d for d in parts if _RANK[d.outcome] == best]
        chosen = candidates[0]
        for candidate in candidates[1:]:
            if candidate.amount is not None and (
                chosen.amount is None or candidate.amount > chosen.amount
            ):
                chosen = candidate
        return self._like(chosen, parts)


@attrs.frozen(kw_only=True)
class FirstApplicable(_Composite):
    """Lets the first policy that handles the claim decide it.

    Attributes:
        name: The composite's name (default ``"first_applicable"``).
        policies: One or more policies, the most specific first.

    Examples:
        >>> from aftersales_core.policies import ReturnWindowPolicy
        >>> FirstApplicable(policies=[ReturnWindowPolicy(days=7)]).name
        'first_applicable'
    """

    kind = "first_applicable"

    def assess(self, claim: Claim) -> Decision:
        """The first applicable part's decision, signed with the composite's name."""
        for policy in self.policies:
            decision = policy.decide(claim)
            if decision.applicable:
                return self._like(decision, [decision])
        return self._none_applicable(claim)


for _cls in (AllOf, AnyOf, FirstApplicable):
    register_policy(_cls)
