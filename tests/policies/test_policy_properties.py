"""Promises every policy keeps, built-in or subclassed, whatever the claim."""

import copy
import pickle
from datetime import timedelta

import attrs
from hypothesis import given, settings
from hypothesis import strategies as hs

from aftersales_core import Money
from aftersales_core.policies import (
    AllOf,
    AnyOf,
    FirstApplicable,
    Outcome,
    ReturnWindowPolicy,
    WarrantyPolicy,
    policy_class,
    register_policy,
    unregister_policy,
)
from aftersales_core.testing.policies import (
    claims,
    policies,
    ratios,
    refund_rules,
    return_window_policies,
    warranty_policies,
)
from aftersales_core.testing.strategies import money
from aftersales_core.vocabulary import ClaimKind

CURRENCY = "VND"
any_policy = policies(currency=CURRENCY)
any_claim = claims(currencies=[CURRENCY])
composites = hs.builds(
    lambda make, parts: make(policies=parts),
    hs.sampled_from([AllOf, AnyOf, FirstApplicable]),
    hs.lists(any_policy, min_size=1, max_size=3),
)


@given(any_policy | composites, any_claim)
def test_every_decision_carries_at_least_one_reason(policy, claim):
    decision = policy.decide(claim)
    assert decision.reasons
    assert all(r.code and r.message for r in decision.reasons)
    assert decision.policy == policy.name
    if decision.amount is not None:
        assert decision.amount.currency == CURRENCY
    if decision.fee is not None:
        assert decision.fee.currency == CURRENCY


@given(any_policy, any_claim)
def test_foreign_claim_kinds_are_not_applicable(policy, claim):
    decision = policy.decide(claim)
    if claim.kind not in policy.handles:
        assert decision.outcome is Outcome.NOT_APPLICABLE
    else:
        assert decision.outcome is not Outcome.NOT_APPLICABLE


@given(any_policy | composites)
def test_policies_are_hashable_and_equal_by_value(policy):
    twin = attrs.evolve(policy)
    assert twin == policy
    assert twin is not policy
    assert hash(twin) == hash(policy)
    assert pickle.loads(pickle.dumps(policy)) == policy
    assert copy.deepcopy(policy) == policy
    assert len({policy, twin}) == 1


@given(any_policy | composites, hs.sampled_from(["vi", "en"]))
def test_every_policy_describes_itself_as_a_markdown_section(policy, lang):
    text = policy.describe(lang)
    assert text.startswith("### ")
    assert "\n- " in text
    assert text.endswith("\n")


@given(any_policy)
def test_every_built_in_kind_names_its_class(policy):
    assert policy_class(policy.kind) is type(policy)


@attrs.frozen(kw_only=True)
class LongerForGold(ReturnWindowPolicy):
    """A user policy: the how-to's Gold members get 30-day returns."""

    kind = "test.gold_returns"
    gold_days: int = 30

    def window_days(self, claim):
        gold = claim.customer is not None and claim.customer.tier == "gold"
        return self.gold_days if gold else self.days


@settings(max_examples=50)
@given(
    hs.integers(0, 30),
    claims(currencies=[CURRENCY], kinds=[ClaimKind.RETURN, ClaimKind.EXCHANGE, ClaimKind.REFUND]),
)
def test_a_subclass_works_everywhere_a_built_in_one_does(days, claim):
    custom, builtin = LongerForGold(days=days, gold_days=days + 23), ReturnWindowPolicy(days=days)
    register_policy(LongerForGold)
    try:
        assert policy_class("test.gold_returns")(days=days, gold_days=days + 23) == custom
    finally:
        unregister_policy("test.gold_returns")
    mine, theirs = custom.decide(claim), builtin.decide(claim)
    assert mine.reasons
    if theirs.granted:
        assert mine.granted  # a longer window for some never shortens it for others
    for make in (AllOf, AnyOf, FirstApplicable):
        together = make(policies=[WarrantyPolicy(term="12mo"), custom]).decide(claim)
        assert together.applicable is mine.applicable
        assert together.granted is mine.granted
    assert hash(custom) == hash(LongerForGold(days=days, gold_days=days + 23))
    assert "### " in custom.describe("vi")


# --- a composition never owes and charges more than was paid -----------------------------

plain_returns = hs.builds(
    ReturnWindowPolicy,
    days=hs.integers(30, 60),
    restocking_fee=hs.none()
    | ratios(places=2)
    | money(currencies=[CURRENCY], min_value=0, max_value=10**6),
)
priced_parts = (
    plain_returns
    | return_window_policies(currency=CURRENCY)
    | refund_rules(cap_currency=CURRENCY)
    | warranty_policies()
)
combinators = hs.sampled_from([AllOf, AnyOf, FirstApplicable])
compositions = hs.recursive(
    priced_parts,
    lambda inner: hs.builds(
        lambda make, parts: make(policies=parts),
        combinators,
        hs.lists(inner, min_size=1, max_size=3),
    ),
    max_leaves=6,
)


@given(
    compositions,
    claims(
        currencies=[CURRENCY],
        kinds=[ClaimKind.RETURN, ClaimKind.EXCHANGE, ClaimKind.REFUND],
        max_age=timedelta(days=40),
    ),
)
def test_amount_plus_fee_never_exceeds_the_price_paid(policy, claim):
    decision = policy.decide(claim)
    price = claim.purchase.price
    zero = Money.zero(price.currency)
    amount = decision.amount if decision.amount is not None else zero
    fee = decision.fee if decision.fee is not None else zero
    assert zero <= amount
    assert zero <= fee
    assert amount + fee <= price
