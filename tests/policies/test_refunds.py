from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import CurrencyMismatchError, InvalidTypeError, Money, ValidationError
from aftersales_core.facts import Claim, Purchase
from aftersales_core.policies import Outcome, RefundRule, RefundTier
from aftersales_core.testing.policies import claims, ratios, refund_rules, refund_tiers
from aftersales_core.testing.strategies import money

T0 = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
JOB = Purchase(
    id="O-7",
    customer_id="C-1",
    sku="TRANSLATE-EN-VI",
    product_category="translation",
    price=Money(2_000_000, "VND"),
    purchased_at=T0,
    delivered_at=T0.add(days=2),
)
# The translation charter's rule: everything back when 20% or more is wrong.
CHARTER = RefundRule(tiers=[RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal("1"))])


def claim(rate=None, at=None, **extra):
    return Claim(
        id="R",
        kind="refund",
        purchase=JOB,
        opened_at=at or T0.add(days=5),
        error_rate=rate,
        **extra,
    )


def test_twenty_percent_wrong_refunds_everything():
    assert CHARTER.refund_for(Money(2_000_000, "VND"), Decimal("0.2")) == Money(2_000_000, "VND")
    assert CHARTER.refund_for(Money(2_000_000, "VND"), Decimal("0.1999")) == Money(0, "VND")
    full = CHARTER.decide(claim(Decimal("0.2")))
    assert (full.outcome, full.amount, full.ratio) == (
        Outcome.APPROVED,
        Money(2_000_000, "VND"),
        Decimal(1),
    )
    assert full.codes == ("refund.tier",)
    assert full.reasons[0].message == (
        "an error rate of 20% is in the tier from 20%, which refunds 100% of 2000000 VND"
    )
    below = CHARTER.decide(claim(Decimal("0.1999")))
    assert (below.outcome, below.clause, below.codes) == (
        Outcome.DENIED,
        "tiers",
        ("refund.below_threshold",),
    )
    assert below.amount == Money(0, "VND")
    assert "19.99%" in below.reasons[0].message


def test_a_refund_needs_a_measured_error_rate():
    d = CHARTER.decide(claim())
    assert (d.outcome, d.clause, d.codes) == (
        Outcome.DENIED,
        "measurement",
        ("refund.no_error_rate",),
    )


def test_tiers_cap_and_partial_refunds():
    rule = RefundRule(
        tiers=[
            RefundTier(min_error_rate=Decimal("0.05"), refund_ratio=Decimal("0")),
            RefundTier(min_error_rate=Decimal("0.1"), refund_ratio=Decimal("0.5")),
            RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal("1")),
        ],
        cap=Money(1_500_000, "VND"),
    )
    half = rule.decide(claim(Decimal("0.15")))
    assert (half.outcome, half.amount, half.ratio) == (
        Outcome.PARTIAL,
        Money(1_000_000, "VND"),
        Decimal("0.5"),
    )
    capped = rule.decide(claim(Decimal("0.5")))
    assert capped.amount == Money(1_500_000, "VND")
    assert capped.outcome is Outcome.PARTIAL
    assert capped.codes == ("refund.tier", "refund.capped")
    zero = rule.decide(claim(Decimal("0.06")))
    assert (zero.outcome, zero.amount) == (Outcome.DENIED, Money(0, "VND"))
    with pytest.raises(CurrencyMismatchError):
        rule.refund_for(Money(100, "USD"), Decimal("0.5"))


def test_proration_by_time_used():
    rule = RefundRule(
        tiers=[RefundTier(min_error_rate=Decimal(0), refund_ratio=Decimal(1))],
        prorate_over="10d",
    )
    delivered = JOB.delivered_at
    quarter = rule.decide(claim(Decimal("0.3"), at=delivered.add(days=2, hours=12)))
    assert quarter.amount == Money(1_500_000, "VND")
    assert quarter.codes == ("refund.tier", "refund.prorated")
    assert quarter.reasons[1].params["used"] == Decimal("0.25")
    before = rule.decide(claim(Decimal("0.3"), at=T0.add(days=1)))  # before the delivery
    assert before.amount == Money(2_000_000, "VND")
    used_up = rule.decide(claim(Decimal("0.3"), at=delivered.add(days=10)))
    assert (used_up.outcome, used_up.amount) == (Outcome.DENIED, Money(0, "VND"))
    with pytest.raises(ValidationError, match=r"prorate_over: .* cannot be zero"):
        RefundRule(tiers=rule.tiers, prorate_over="0d", start="purchase")
    assert rule.refund_for(Money(100, "VND"), Decimal("0.3"), used=Decimal("0.5")) == Money(
        50, "VND"
    )
    assert CHARTER.refund_for(Money(100, "VND"), Decimal("0.3"), used=Decimal("0.5")) == Money(
        100, "VND"
    )  # no proration period: the share used is ignored


def test_the_rounding_is_stated_and_applied():
    tiers = [RefundTier(min_error_rate=Decimal(0), refund_ratio=Decimal("0.3333"))]
    assert RefundRule(tiers=tiers).refund_for(Money("10.00", "USD"), Decimal("0.5")) == Money(
        "3.33", "USD"
    )
    assert RefundRule(tiers=tiers, rounding="ROUND_UP").refund_for(
        Money("10.00", "USD"), Decimal("0.5")
    ) == Money("3.34", "USD")
    d = RefundRule(tiers=tiers).decide(claim(Decimal("0.5")))
    assert d.reasons[0].params["rounding"] == "ROUND_HALF_UP"


@pytest.mark.parametrize(
    ("tiers", "field"),
    [
        ([], "tiers"),
        (None, "tiers"),
        (["0.2"], "tiers[0]"),
        (
            [
                RefundTier(min_error_rate=Decimal("0.5"), refund_ratio=Decimal("1")),
                RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal("1")),
            ],
            "tiers[1].min_error_rate",
        ),
        (
            [
                RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal("1")),
                RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal("1")),
            ],
            "tiers[1].min_error_rate",
        ),
        (
            [
                RefundTier(min_error_rate=Decimal("0.1"), refund_ratio=Decimal("1")),
                RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal("0.5")),
            ],
            "tiers[1].refund_ratio",
        ),
    ],
)
def test_tiers_out_of_order_are_refused(tiers, field):
    with pytest.raises(ValidationError) as info:
        RefundRule(tiers=tiers)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"min_error_rate": Decimal("-0.1"), "refund_ratio": 1}, ValidationError, "min_error_rate"),
        (
            {"min_error_rate": Decimal("0.2"), "refund_ratio": Decimal("1.5")},
            ValidationError,
            "refund_ratio",
        ),
        ({"min_error_rate": 0.2, "refund_ratio": 1}, InvalidTypeError, "min_error_rate"),
    ],
)
def test_bad_tiers_are_refused(kwargs, error, field):
    with pytest.raises(error) as info:
        RefundTier(**kwargs)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"cap": Money(-1, "VND")}, "cap"),
        ({"cap": 100}, "cap"),
        ({"prorate_over": "lifetime"}, "prorate_over"),
        ({"prorate_over": "a year"}, "prorate_over"),
        ({"rounding": "HALF_UP"}, "rounding"),
    ],
)
def test_bad_rules_are_refused(kwargs, field):
    with pytest.raises(ValidationError) as info:
        RefundRule(tiers=CHARTER.tiers, **kwargs)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("args", "error", "field"),
    [
        ((2_000_000, Decimal("0.3")), InvalidTypeError, "paid"),
        ((Money(-5, "VND"), Decimal("0.3")), ValidationError, "paid"),
        ((Money(5, "VND"), 0.3), InvalidTypeError, "error_rate"),
        ((Money(5, "VND"), Decimal("1.3")), ValidationError, "error_rate"),
    ],
)
def test_bad_refund_queries_are_refused(args, error, field):
    with pytest.raises(error) as info:
        CHARTER.refund_for(*args)
    assert info.value.field == field
    with pytest.raises(ValidationError, match="used"):
        CHARTER.refund_for(Money(5, "VND"), Decimal("0.3"), used=Decimal(2))


def test_describe_in_both_languages():
    rule = RefundRule(
        tiers=[
            RefundTier(min_error_rate=Decimal("0.1"), refund_ratio=Decimal("0.5")),
            RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal("1")),
        ],
        cap=Money(5_000_000, "VND"),
        prorate_over="12mo",
    )
    assert rule.describe("en").splitlines()[2:] == [
        "- 50% of the price back if from 10% to under 20% is wrong.",
        "- 100% of the price back if 20% or more is wrong.",
        "- The refund shrinks with the time used, over 12 months.",
        "- Refunds are capped at ₫5,000,000.",
    ]
    vi = rule.describe("vi").splitlines()
    assert vi[2] == "- Hoàn 50% giá trị nếu tỷ lệ lỗi từ 10% đến dưới 20%."
    assert vi[4] == "- Số tiền hoàn giảm dần theo thời gian đã sử dụng trong 12 tháng."
    assert vi[5].startswith("- Hoàn tối đa 5.000.000")
    named = RefundRule(
        name="Dịch thuật", tiers=[RefundTier(min_error_rate="0.125", refund_ratio=1)]
    )
    assert named.describe("vi").splitlines()[0] == "### Hoàn tiền: Dịch thuật"
    assert "12,5%" in named.describe("vi")


@given(refund_rules(cap_currency="VND"), money(currencies=["VND"], min_value=0), ratios(), ratios())
def test_a_refund_stays_between_zero_and_what_was_paid_and_grows_with_errors(rule, paid, a, b):
    low, high = sorted((a, b))
    small, large = rule.refund_for(paid, low), rule.refund_for(paid, high)
    assert Money.zero("VND") <= small <= large <= paid


@given(refund_tiers(), money(min_value=0), ratios(), ratios(), ratios())
def test_proration_keeps_the_bounds(tiers, paid, rate, used_a, used_b):
    rule = RefundRule(tiers=tiers, prorate_over="12mo", rounding="ROUND_UP")
    less, more = sorted((used_a, used_b))
    assert Money.zero(paid.currency) <= rule.refund_for(paid, rate, used=more)
    assert rule.refund_for(paid, rate, used=more) <= rule.refund_for(paid, rate, used=less) <= paid


@given(refund_rules(), claims(), hs.sampled_from(["vi", "en"]))
def test_refund_decisions_always_explain(rule, c, lang):
    d = rule.decide(c)
    assert d.reasons
    if d.amount is not None:
        assert Money.zero(d.amount.currency) <= d.amount <= c.purchase.price
        # Only a free purchase is refunded in full with nothing to pay back.
        free = c.purchase.price == Money.zero(c.purchase.price.currency)
        owed = d.amount > Money.zero(d.amount.currency)
        assert d.granted == (owed or (free and bool(d.ratio)))
    assert rule.describe(lang)


def _free_claim():
    free = Purchase(
        id="O-0",
        customer_id="C-1",
        sku="GIFT",
        product_category="phone",
        price=Money(0, "VND"),
        purchased_at=pendulum.datetime(2026, 3, 1, tz="Asia/Ho_Chi_Minh"),
    )
    return Claim(
        id="R-0",
        kind="refund",
        purchase=free,
        opened_at=free.purchased_at.add(days=1),
        error_rate=Decimal(0),
    )


def test_a_tier_that_refunds_nothing_denies_even_a_free_purchase():
    # Found by Hypothesis: on a 0 ₫ purchase, a 0% tier used to approve "in full".
    nothing = RefundRule(tiers=[RefundTier(min_error_rate=Decimal(0), refund_ratio=Decimal(0))])
    d = nothing.decide(_free_claim())
    assert (d.outcome, d.amount) == (Outcome.DENIED, Money(0, "VND"))
    everything = RefundRule(tiers=[RefundTier(min_error_rate=Decimal(0), refund_ratio=Decimal(1))])
    d = everything.decide(_free_claim())
    assert (d.outcome, d.amount) == (Outcome.APPROVED, Money(0, "VND"))


# --- what the hooks return is checked, naming the hook -----------------------------------


@attrs.frozen(kw_only=True)
class _Hooked(RefundRule):
    """A refund rule whose hooks return whatever a test gives them."""

    kind = "test.hooked_refund"
    rate: object = None
    paid: object = None
    used: object = None

    def error_rate(self, claim):
        return self.rate

    def amount_paid(self, claim):
        return self.paid if self.paid is not None else claim.purchase.price

    def used_share(self, claim):
        return self.used if self.used is not None else super().used_share(claim)


TIERS = [RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal(1))]


@pytest.mark.parametrize(
    ("hooks", "error", "field"),
    [
        ({"rate": Decimal(25)}, ValidationError, "_Hooked.error_rate"),
        ({"rate": Decimal("-0.1")}, ValidationError, "_Hooked.error_rate"),
        ({"rate": 0.3}, InvalidTypeError, "_Hooked.error_rate"),
        ({"rate": True}, InvalidTypeError, "_Hooked.error_rate"),
        ({"rate": "abc"}, ValidationError, "_Hooked.error_rate"),
        ({"rate": Decimal("0.3"), "paid": 2_000_000}, InvalidTypeError, "_Hooked.amount_paid"),
        (
            {"rate": Decimal("0.3"), "paid": Money(-1, "VND")},
            ValidationError,
            "_Hooked.amount_paid",
        ),
        ({"rate": Decimal("0.3"), "used": Decimal(2)}, ValidationError, "_Hooked.used_share"),
    ],
)
def test_a_hook_returning_nonsense_is_refused_naming_the_hook(hooks, error, field):
    rule = _Hooked(tiers=TIERS, **hooks)
    with pytest.raises(error) as info:
        rule.decide(claim())
    assert info.value.field == field


def test_a_hook_may_return_the_rate_as_text_or_an_int():
    assert _Hooked(tiers=TIERS, rate="0.3").decide(claim()).amount == JOB.price
    assert _Hooked(tiers=TIERS, rate=1).decide(claim()).amount == JOB.price
    low = _Hooked(tiers=TIERS, rate=0).decide(claim())
    assert (low.outcome, low.amount) == (Outcome.DENIED, Money(0, "VND"))
