import pickle
from decimal import Decimal

import attrs
import pendulum
import pytest

from aftersales_core import InvalidTypeError, Money, UnknownKindError, ValidationError
from aftersales_core.facts import Claim, Purchase
from aftersales_core.policies import (
    AllOf,
    AnyOf,
    Decision,
    FirstApplicable,
    FrozenMap,
    Outcome,
    Policy,
    PolicyDefinitionError,
    Reason,
    RefundRule,
    RefundTier,
    ReturnWindowPolicy,
    WarrantyPolicy,
    policy_class,
    policy_kinds,
    register_policy,
    unregister_policy,
)
from aftersales_core.vocabulary import ClaimKind

T0 = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
ORDER = Purchase(
    id="O-1",
    customer_id="C-1",
    sku="TRANSLATE",
    product_category="translation",
    price=Money(2_000_000, "VND"),
    purchased_at=T0,
)


def claim(kind, **extra):
    return Claim(id="K", kind=kind, purchase=ORDER, opened_at=T0.add(days=3), **extra)


REASON = Reason(code="x.y", message="because")


# --- decisions ------------------------------------------------------------------------


def test_reasons_format_their_message_and_keep_typed_params():
    r = Reason.of("refund.tier", "{rate} wrong", rate=Decimal("0.25"))
    assert r.message == "0.25 wrong"
    assert r.params == {"rate": Decimal("0.25")}
    assert str(r) == "refund.tier: 0.25 wrong"
    assert hash(r) == hash(Reason.of("refund.tier", "{rate} wrong", rate=Decimal("0.25")))


@pytest.mark.parametrize("code", ["", "Warranty", "warranty expired", "warranty.", ".x", 7])
def test_reason_codes_are_stable_identifiers(code):
    with pytest.raises(ValidationError) as info:
        Reason(code=code, message="m")
    assert info.value.field == "code"


def test_frozen_map_is_a_hashable_mapping():
    m = FrozenMap({"a": 1}, b=2)
    assert dict(m) == {"a": 1, "b": 2}
    assert len(m) == 2
    assert m == FrozenMap(b=2, a=1)
    assert m != {"a": 1}
    assert (m == 5) is False
    assert repr(FrozenMap(a=1)) == "FrozenMap({'a': 1})"
    assert {m: "ok"}[FrozenMap(a=1, b=2)] == "ok"


def test_decisions_need_a_reason_and_valid_money():
    base = {"outcome": "denied", "policy": "p", "clause": "c"}
    with pytest.raises(ValidationError, match="at least one Reason"):
        Decision(reasons=[], **base)
    with pytest.raises(InvalidTypeError, match="reasons\\[0\\]"):
        Decision(reasons=["because"], **base)
    with pytest.raises(ValidationError, match="reasons"):
        Decision(reasons="because", **base)
    with pytest.raises(ValidationError, match="outcome"):
        Decision(reasons=[REASON], outcome="maybe", policy="p", clause="c")
    with pytest.raises(ValidationError, match="amount"):
        Decision(reasons=[REASON], amount=Money(-1, "VND"), **base)
    with pytest.raises(InvalidTypeError, match="fee"):
        Decision(reasons=[REASON], fee=Decimal(1), **base)
    with pytest.raises(ValidationError, match="ratio"):
        Decision(reasons=[REASON], ratio=Decimal("-0.1"), **base)
    with pytest.raises(ValidationError, match="parts"):
        Decision(reasons=[REASON], parts=["x"], **base)
    with pytest.raises(ValidationError, match="policy"):
        Decision(reasons=[REASON], outcome="denied", policy="", clause="c")


def test_decision_helpers():
    d = Decision(
        outcome=Outcome.APPROVED,
        policy="returns",
        clause="window",
        reasons=[REASON],
        amount=Money(711_000, "VND"),
        fee=Money(79_000, "VND"),
        ratio=Decimal("0.9"),
    )
    assert d.granted
    assert d.applicable
    assert d.codes == ("x.y",)
    assert d.explain() == (
        "approved by returns (window), amount 711000 VND, fee 79000 VND, ratio 0.9\n- x.y: because"
    )
    na = Decision(outcome="not_applicable", policy="p", clause="kind", reasons=[REASON])
    assert not na.applicable
    assert not na.granted
    assert pickle.loads(pickle.dumps(d)) == d


# --- the base class and its checks ----------------------------------------------------


def test_decide_refuses_what_is_not_a_claim():
    with pytest.raises(InvalidTypeError, match="claim"):
        WarrantyPolicy(term="12mo").decide("K-1")


def test_foreign_kinds_are_not_applicable_with_a_reason():
    d = WarrantyPolicy(term="12mo").decide(claim("refund"))
    assert d.outcome is Outcome.NOT_APPLICABLE
    assert d.codes == ("not_applicable",)
    assert d.reasons[0].params == {"policy": "warranty", "kind": "refund"}


def test_policy_names_default_to_their_kind_and_can_be_set():
    assert WarrantyPolicy(term="12mo").name == "warranty"
    assert WarrantyPolicy(term="12mo", name="phone warranty").name == "phone warranty"
    with pytest.raises(ValidationError, match="name"):
        WarrantyPolicy(term="12mo", name="")


def test_the_base_class_and_abstract_classes_cannot_be_instantiated():
    with pytest.raises(PolicyDefinitionError, match="abstract"):
        Policy()

    @attrs.frozen(kw_only=True)
    class Base(Policy, abstract=True):
        pass

    with pytest.raises(PolicyDefinitionError, match="abstract"):
        Base()


def _define(base, body, **kwargs):
    return type(base)("Custom", (base,), dict(body), **kwargs)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"kind": "Gold Returns"}, "kind must be"),
        ({"kind": 5}, "kind must be"),
        ({"handles": {ClaimKind.RETURN}}, "handles must be a frozenset"),
        ({"handles": frozenset({"return"})}, "handles must be a frozenset"),
        ({"window_start": True}, "hook window_start must be a method"),
        ({"window_start": lambda self: None}, "must accept the arguments"),
        ({"window_days": lambda self, claim, extra: 30}, "must accept the arguments"),
        ({"decide": lambda self, claim: None}, "overrides decide()"),
        ({"hooks": "window_start"}, "hooks must be a tuple"),
        ({"hooks": ("teleport",)}, "no such method"),
    ],
)
def test_malformed_subclasses_are_refused_at_class_creation(body, problem):
    with pytest.raises(
        PolicyDefinitionError, match=problem.replace("(", "\\(").replace(")", "\\)")
    ):
        _define(ReturnWindowPolicy, body)


def test_a_hook_may_take_optional_extras():
    ok = _define(ReturnWindowPolicy, {"window_days": lambda self, claim, bonus=0: 30 + bonus})
    assert ok(days=7).window_days(claim("return")) == 30


def test_a_concrete_policy_must_implement_assess_and_describe():
    with pytest.raises(PolicyDefinitionError, match="does not implement assess") as info:
        _define(Policy, {"kind": "acme.nothing"})
    assert "describe" in str(info.value)
    assert info.value.policy == "Custom"
    with pytest.raises(PolicyDefinitionError, match="kind must be"):
        _define(Policy, {"assess": lambda s, c: None, "describe": lambda s, lang="vi": ""})


def test_abstract_bases_may_skip_kind_but_not_declare_a_bad_one():
    _define(Policy, {}, abstract=True)
    with pytest.raises(PolicyDefinitionError, match="kind"):
        _define(Policy, {"kind": "Bad"}, abstract=True)


def test_assess_must_return_a_decision():
    Lazy = _define(WarrantyPolicy, {"kind": "acme.lazy", "assess": lambda self, claim: True})
    with pytest.raises(InvalidTypeError, match="must return a Decision"):
        Lazy(term="12mo").decide(claim("warranty"))


# --- the registry ---------------------------------------------------------------------


def test_built_in_kinds_are_registered():
    assert set(policy_kinds()) >= {
        "all_of",
        "any_of",
        "compensation",
        "first_applicable",
        "maintenance",
        "refund",
        "returns",
        "service_area",
        "sla",
        "warranty",
    }
    assert policy_class("returns") is ReturnWindowPolicy


def test_registration_is_explicit_and_kinds_are_unique():
    Gold = _define(ReturnWindowPolicy, {"kind": "acme.gold"})
    with pytest.raises(UnknownKindError):
        policy_class("acme.gold")
    assert register_policy(Gold) is Gold
    try:
        assert register_policy(Gold) is Gold  # again: nothing happens
        Other = _define(ReturnWindowPolicy, {"kind": "acme.gold"})
        with pytest.raises(ValidationError, match="already registered"):
            register_policy(Other)
    finally:
        unregister_policy("acme.gold")
    with pytest.raises(UnknownKindError) as info:
        policy_class("acme.gold")
    assert "returns" in info.value.known


def test_only_concrete_policy_classes_register():
    with pytest.raises(InvalidTypeError):
        register_policy(int)
    with pytest.raises(InvalidTypeError):
        register_policy(WarrantyPolicy(term="12mo"))
    Base = _define(Policy, {}, abstract=True)
    with pytest.raises(InvalidTypeError):
        register_policy(Base)
    with pytest.raises(UnknownKindError):
        policy_class(["warranty"])


def test_a_subclass_without_its_own_kind_inherits_the_parents():
    Child = _define(WarrantyPolicy, {"covers": lambda self, claim: True})
    assert Child.kind == "warranty"
    with pytest.raises(ValidationError, match="already registered"):
        register_policy(Child)


# --- composition ----------------------------------------------------------------------

LIFETIME = WarrantyPolicy(term="lifetime", exclusions={"misuse"})
REFUND = RefundRule(tiers=[RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal(1))])
HALF = RefundRule(
    name="half", tiers=[RefundTier(min_error_rate=Decimal("0.1"), refund_ratio=Decimal("0.5"))]
)
WINDOW = ReturnWindowPolicy(days=7, restocking_fee=Money(100_000, "VND"))
RECEIPT = ReturnWindowPolicy(name="receipt", days=30, restocking_fee=Decimal("0.1"))


def test_composites_need_policies():
    with pytest.raises(ValidationError, match="at least one"):
        AllOf(policies=[])
    with pytest.raises(InvalidTypeError, match="policies\\[1\\]"):
        AnyOf(policies=[LIFETIME, "refund"])
    with pytest.raises(ValidationError):
        FirstApplicable(policies=None)


def test_first_applicable_lets_the_first_handler_decide():
    charter = FirstApplicable(name="translation", policies=[LIFETIME, REFUND, HALF])
    d = charter.decide(claim("refund", error_rate=Decimal("0.25")))
    assert d.outcome is Outcome.APPROVED
    assert (d.policy, d.clause) == ("translation", "refund")
    assert d.amount == Money(2_000_000, "VND")
    assert [p.policy for p in d.parts] == ["refund"]
    assert charter.decide(claim("return")).outcome is Outcome.NOT_APPLICABLE


def test_any_of_keeps_the_most_generous_grant():
    either = AnyOf(policies=[HALF, REFUND])
    best = either.decide(claim("refund", error_rate=Decimal("0.3")))
    assert best.outcome is Outcome.APPROVED
    assert best.clause == "refund"
    assert best.amount == Money(2_000_000, "VND")
    partial = either.decide(claim("refund", error_rate=Decimal("0.15")))
    assert (partial.outcome, partial.clause) == (Outcome.PARTIAL, "half")
    denied = either.decide(claim("refund", error_rate=Decimal("0.01")))
    assert denied.outcome is Outcome.DENIED
    assert len(denied.reasons) == 2
    assert len(denied.parts) == 2


def test_any_of_prefers_a_grant_with_money_over_one_without():
    exchange_only = ReturnWindowPolicy(name="swap", days=7, exchange_only=True)
    both = AnyOf(policies=[exchange_only, WINDOW])
    d = both.decide(claim("return"))
    assert d.outcome is Outcome.APPROVED
    assert d.clause == "returns"
    same = AnyOf(policies=[WINDOW, RECEIPT]).decide(claim("return"))
    assert same.amount == Money(1_900_000, "VND")  # 100,000 fee beats a 10% fee
    later = AnyOf(policies=[RECEIPT, WINDOW]).decide(claim("return"))
    assert (later.clause, later.amount) == ("returns", Money(1_900_000, "VND"))
    first = AnyOf(policies=[RECEIPT, exchange_only]).decide(claim("exchange"))
    assert first.clause == "receipt"


def test_all_of_needs_every_applicable_part():
    both = AllOf(policies=[WINDOW, RECEIPT, REFUND])
    ok = both.decide(claim("return"))
    assert ok.outcome is Outcome.APPROVED
    assert ok.clause == "all"
    assert ok.amount == Money(1_800_000, "VND")  # the smaller refund
    assert ok.fee == Money(200_000, "VND")  # the fee of the part that refunds least
    assert len(ok.parts) == 2  # the refund rule does not handle returns
    late = claim("return").purchase
    denied = both.decide(Claim(id="K", kind="return", purchase=late, opened_at=T0.add(days=10)))
    assert denied.outcome is Outcome.DENIED
    assert denied.clause == "returns"
    assert denied.codes == ("return.window_closed",)
    swap = AllOf(policies=[WINDOW, ReturnWindowPolicy(name="swap", days=7, exchange_only=True)])
    partial = swap.decide(claim("return"))
    assert partial.outcome is Outcome.PARTIAL
    assert partial.ratio is None
    ratio = AllOf(policies=[REFUND, HALF]).decide(claim("refund", error_rate=Decimal("0.5")))
    assert ratio.ratio == Decimal("0.5")
    assert ratio.fee is None


def test_nested_composites_with_nothing_applicable():
    inner = AllOf(policies=[LIFETIME])
    outer = AnyOf(policies=[inner])
    assert outer.decide(claim("refund")).outcome is Outcome.NOT_APPLICABLE
    for make in (AllOf, AnyOf, FirstApplicable):
        composite = make(policies=[LIFETIME])
        d = composite.assess(claim("refund"))  # asked directly, none applies
        assert d.outcome is Outcome.NOT_APPLICABLE
        assert d.codes == ("not_applicable",)


def test_composites_describe_their_parts():
    text = FirstApplicable(policies=[LIFETIME, REFUND]).describe("en")
    assert "### Warranty" in text
    assert "### Refunds" in text
    with pytest.raises(ValidationError):
        AllOf(policies=[LIFETIME]).describe("fr")


def test_all_of_keeps_amount_and_fee_of_one_part_so_they_never_exceed_the_price():
    # Taking the smaller amount with the sum of the fees once made 1.1x the price.
    both = AllOf(
        policies=[
            ReturnWindowPolicy(name="a", days=7, restocking_fee=Decimal("0.1")),
            ReturnWindowPolicy(name="b", days=30, restocking_fee=Decimal("0.2")),
        ]
    )
    d = both.decide(claim("return"))
    assert (d.amount, d.fee) == (Money(1_600_000, "VND"), Money(400_000, "VND"))
    assert d.amount + d.fee == ORDER.price


def test_all_of_money_ties_go_to_the_larger_fee_then_the_smaller_ratio_then_the_first():
    free = ReturnWindowPolicy(name="free", days=7)
    fixed = ReturnWindowPolicy(name="fixed", days=7, restocking_fee=Money(0, "VND"))
    d = AllOf(policies=[free, fixed]).decide(claim("return"))
    assert (d.amount, d.fee) == (ORDER.price, None)  # no fee is as much as a zero fee
    d = AllOf(policies=[fixed, free]).decide(claim("return"))
    assert d.fee == Money(0, "VND")
    cheap = _Fixed(amount=Money(5, "VND"), fee=Money(1, "VND"))
    dear = _Fixed(amount=Money(5, "VND"), fee=Money(3, "VND"))
    assert AllOf(policies=[cheap, dear]).decide(claim("complaint")).fee == Money(3, "VND")
    assert AllOf(policies=[dear, cheap]).decide(claim("complaint")).fee == Money(3, "VND")
    same = AllOf(policies=[REFUND, REFUND_TOO]).decide(claim("refund", error_rate=Decimal("0.5")))
    assert (same.amount, same.ratio) == (ORDER.price, Decimal(1))
    only_fees = AllOf(policies=[_Fixed(fee=Money(10, "VND")), _Fixed(fee=Money(30, "VND"))])
    assert only_fees.decide(claim("complaint")).fee == Money(30, "VND")
    ratios = AllOf(policies=[_Fixed(ratio=Decimal("0.7")), _Fixed(ratio=Decimal("0.4"))])
    assert ratios.decide(claim("complaint")).ratio == Decimal("0.4")
    nothing = AllOf(policies=[_Fixed(), _Fixed(ratio=Decimal("0.4"))])
    assert nothing.decide(claim("complaint")).ratio == Decimal("0.4")
    first = AllOf(policies=[_Fixed(ratio=Decimal("0.4")), _Fixed()])
    assert first.decide(claim("complaint")).ratio == Decimal("0.4")


def test_amounts_in_other_currencies_are_not_compared_by_any_of_or_all_of():
    # AnyOf once compared amounts across currencies and raised.
    usd = _Fixed(amount=Money("5.00", "USD"))
    vnd = _Fixed(amount=Money(100_000, "VND"))
    assert AnyOf(policies=[usd, vnd]).decide(claim("complaint")).amount == Money("5.00", "USD")
    assert AnyOf(policies=[vnd, usd]).decide(claim("complaint")).amount == Money(100_000, "VND")
    assert AllOf(policies=[usd, vnd]).decide(claim("complaint")).amount == Money("5.00", "USD")
    fees = AllOf(policies=[_Fixed(fee=Money("1.00", "USD")), _Fixed(fee=Money(9, "VND"))])
    assert fees.decide(claim("complaint")).fee == Money("1.00", "USD")


def test_any_of_prefers_the_smaller_fee_among_equal_grants():
    cheap = _Fixed(amount=Money(5, "VND"), fee=Money(1, "VND"))
    dear = _Fixed(amount=Money(5, "VND"), fee=Money(3, "VND"))
    assert AnyOf(policies=[dear, cheap]).decide(claim("complaint")).fee == Money(1, "VND")


@attrs.frozen(kw_only=True)
class _Fixed(Policy):
    """Approves complaints with whatever money it is given."""

    kind = "test.fixed_money"
    handles = frozenset({ClaimKind.COMPLAINT})
    amount: Money | None = None
    fee: Money | None = None
    ratio: Decimal | None = None

    def assess(self, claim):
        reason = Reason(code="test.fixed", message="fixed")
        return self.decision(
            Outcome.APPROVED, "fixed", [reason], amount=self.amount, fee=self.fee, ratio=self.ratio
        )

    def describe(self, lang="vi"):
        return "### Fixed\n\n- fixed\n"


REFUND_TOO = RefundRule(
    name="too", tiers=[RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal(1))]
)
