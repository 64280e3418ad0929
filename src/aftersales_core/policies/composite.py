"""Composition: policies made of policies, each itself a `Policy`.

* `AllOf` grants a claim only if every applicable policy grants it
  (a return must be inside the window *and* meet the refund rule);
* `AnyOf` grants it if one applicable policy does (the warranty *or* the
  goodwill policy), keeping the most generous grant, in the order
  `ServiceCommitment` uses (amounts in different currencies are not compared);
* `FirstApplicable` lets the first policy that handles the claim decide
  (a specific policy listed before a general one).

Policies that do not handle a claim take no part. A composite decision is signed
with the composite's name; its ``clause`` names the child policy that decided
(``"all"`` when every part agreed), and its ``parts`` keep the children's decisions.

The money of a composite decision — amount, fee and ratio — is always that of one
part, never a mix: an amount and the fee beside it come from the same decision, so
a composition never owes and charges together more than any part would.

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

from .._internal import text as _text
from ..errors import InvalidTypeError, ValidationError
from ..facts import Claim
from .base import Policy, register_policy
from .decisions import Decision, Outcome, Reason
from .favour import _OUTCOME_RANK, _compare_amounts, more_favourable

__all__ = ["AllOf", "AnyOf", "FirstApplicable"]


def _to_policies(value: Iterable[Policy]) -> tuple[Policy, ...]:
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


def _grants_less(candidate: Decision, chosen: Decision) -> bool:
    """Whether ``candidate``'s money grants less than ``chosen``'s, for `AllOf`.

    A smaller amount (a part that states none does not limit it), then a larger fee,
    then a smaller ratio (none does not limit it). Money in different currencies is not
    compared, as in `ServiceCommitment`.
    """
    if candidate.amount is not None or chosen.amount is not None:
        if chosen.amount is None or candidate.amount is None:
            return chosen.amount is None
        owed = _compare_amounts(candidate.amount, chosen.amount)
        if owed:
            return owed < 0
    charged = _compare_amounts(candidate.fee, chosen.fee)
    if charged:
        return charged > 0
    if candidate.ratio is None:
        return False
    return chosen.ratio is None or candidate.ratio < chosen.ratio


_MAX_NESTING = 32
"""The most composites nested in one another: every value that can be built can be saved
(TOML and JSON writers, and readers, recurse once per level)."""


def _nesting(policy: Policy) -> int:
    """How many composites deep ``policy`` goes (0 for a policy that is not a composite)."""
    if not isinstance(policy, _Composite):
        return 0
    return 1 + max(_nesting(part) for part in policy.policies)


def _check_policies(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not value:
        raise ValidationError(field="policies", value=value, rule="must hold at least one policy")
    for i, policy in enumerate(value):
        if not isinstance(policy, Policy):
            raise InvalidTypeError(field=f"policies[{i}]", value=policy, rule="must be a Policy")
    # The parts were checked when they were built, so this recursion is at most as deep.
    depth = 1 + max(_nesting(policy) for policy in value)
    if depth > _MAX_NESTING:
        raise ValidationError(
            field="policies",
            value=f"composites nested {depth} deep",
            rule=f"must nest composites at most {_MAX_NESTING} deep",
        )


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
    grants only in part, approved otherwise. Every part must agree to pay, so the money
    (amount, fee and ratio together) is that of the part that grants least: the
    smallest amount among the parts that state one, then the largest fee, then the
    smallest ratio, then the part listed first. Amount and fee never come from two
    different parts, so they never add up to more than the price that part saw.

    Attributes:
        name: The composite's name (default ``"all_of"``).
        policies: One or more policies.

    Examples:
        >>> from aftersales_core.policies import ReturnWindowPolicy
        >>> both = AllOf(policies=[ReturnWindowPolicy(days=7),
        ...                        ReturnWindowPolicy(days=30, require_receipt=True)])
        >>> len(both.policies)
        2
        >>> import pendulum
        >>> from decimal import Decimal
        >>> from aftersales_core import Money
        >>> from aftersales_core.facts import Claim, Purchase
        >>> at = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
        >>> order = Purchase(id="O", customer_id="C", sku="S", product_category="x",
        ...                  price=Money(1_000_000, "VND"), purchased_at=at)
        >>> fees = AllOf(policies=[ReturnWindowPolicy(days=7, restocking_fee=Decimal("0.1")),
        ...                        ReturnWindowPolicy(days=30, restocking_fee=Decimal("0.2"))])
        >>> d = fees.decide(Claim(id="K", kind="return", purchase=order, opened_at=at))
        >>> d.amount, d.fee
        (Money('800000', 'VND'), Money('200000', 'VND'))
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
        least = parts[0]
        for part in parts[1:]:
            if _grants_less(part, least):
                least = part
        return self.decision(
            Outcome.PARTIAL if partial else Outcome.APPROVED,
            "all",
            [r for d in parts for r in d.reasons],
            amount=least.amount,
            fee=least.fee,
            ratio=least.ratio,
            parts=parts,
        )


@attrs.frozen(kw_only=True)
class AnyOf(_Composite):
    """Grants a claim if any policy that handles it grants it, keeping the best grant.

    The most favourable part decides, in the order `ServiceCommitment` uses: the best
    outcome (approved over partial over denied), then the larger amount owed (amounts
    in different currencies are not compared), then the smaller fee, then the part
    listed first. When every part denies, the decision lists every part's reasons.

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
        best = max(_OUTCOME_RANK[d.outcome] for d in parts)
        if best == _OUTCOME_RANK[Outcome.DENIED]:
            reasons = [r for d in parts for r in d.reasons]
            return self.decision(Outcome.DENIED, "all", reasons, parts=parts)
        chosen = parts[0]
        for candidate in parts[1:]:
            if more_favourable(candidate, chosen):
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
