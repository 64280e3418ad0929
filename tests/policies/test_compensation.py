from datetime import timedelta
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import (
    CurrencyMismatchError,
    InvalidDurationError,
    InvalidTypeError,
    Money,
    ValidationError,
)
from aftersales_core.facts import Claim, Purchase
from aftersales_core.policies import (
    CompensationBasis,
    CompensationRule,
    CompensationTier,
    Outcome,
)
from aftersales_core.testing.policies import claims, compensation_rules, ratios
from aftersales_core.testing.strategies import durations

T0 = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
PLAN = Purchase(
    id="O-1",
    customer_id="C-1",
    sku="CLOUD-M",
    product_category="hosting",
    price=Money(1_000_000, "VND"),
    purchased_at=T0,
)
CLOUD = CompensationRule(
    tiers=[
        CompensationTier(below=Decimal("0.999"), credit=Decimal("0.10")),
        CompensationTier(below=Decimal("0.99"), credit=Decimal("0.25")),
        CompensationTier(below=Decimal("0.95"), credit=Decimal("1")),
    ]
)
LATE = CompensationRule(
    tiers=[
        CompensationTier(late_by="4h", credit=Decimal("0.1")),
        CompensationTier(late_by="24h", credit=Decimal("0.5")),
    ]
)


def claim(**facts):
    return Claim(id="K", kind="complaint", purchase=PLAN, opened_at=T0.add(days=40), **facts)


def test_cloud_style_credits_by_achieved_ratio():
    assert CLOUD.basis is CompensationBasis.ACHIEVED_RATIO
    assert [str(b) for b in CLOUD.bands] == ["[0, 0.95)", "[0.95, 0.99)", "[0.99, 0.999)"]
    cases = {"1": 0, "0.999": 0, "0.9989": "0.10", "0.99": "0.10", "0.9899": "0.25", "0.1": "1"}
    for achieved, credit in cases.items():
        assert CLOUD.credit_for(Decimal(achieved)) == Decimal(credit)
    d = CLOUD.decide(claim(achieved_ratio=Decimal("0.985")))
    assert (d.outcome, d.amount, d.ratio) == (
        Outcome.APPROVED,
        Money(250_000, "VND"),
        Decimal("0.25"),
    )
    assert d.reasons[0].message == ("98.5% falls in the tier below 99%: credit 25% of the price")
    ok = CLOUD.decide(claim(achieved_ratio=Decimal("0.9995")))
    assert (ok.outcome, ok.codes) == (Outcome.DENIED, ("compensation.within_commitment",))


def test_credits_by_lateness():
    assert LATE.basis is CompensationBasis.LATENESS
    assert LATE.credit_for("3h59m") == Decimal(0)
    assert LATE.credit_for(timedelta(hours=4)) == Decimal("0.1")
    assert LATE.credit_for("2d") == Decimal("0.5")
    assert LATE.credit_for("5h", price=Money(1_000_000, "VND")) == Money(100_000, "VND")
    assert LATE.credit_for("1h", price=Money(1_000_000, "VND")) == Money(0, "VND")
    d = LATE.decide(claim(lateness="30h"))
    assert d.amount == Money(500_000, "VND")
    assert d.reasons[0].message.startswith("1 day 6 hours") is False
    assert "30 hours falls in the tier 24 hours late or more" in d.reasons[0].message
    on_time = LATE.decide(claim(lateness="1h"))
    assert on_time.codes == ("compensation.within_commitment",)
    unknown = LATE.decide(claim(achieved_ratio=Decimal("0.5")))
    assert (unknown.clause, unknown.codes) == ("measurement", ("compensation.no_measurement",))
    assert "lateness" in unknown.reasons[0].message


def test_fixed_money_credits():
    gift = CompensationRule(
        tiers=[
            CompensationTier(late_by="30m", credit=Money(100_000, "VND")),
            CompensationTier(late_by="2h", credit=Money(500_000, "VND")),
        ]
    )
    assert gift.credit_for("45m") == Money(100_000, "VND")
    assert gift.credit_for("10m") == Money(0, "VND")
    d = gift.decide(claim(lateness="3h"))
    assert (d.amount, d.ratio) == (Money(500_000, "VND"), None)


def test_a_miss_of_the_wrong_kind_is_refused():
    with pytest.raises(InvalidTypeError):
        LATE.credit_for(Decimal("0.5"))
    with pytest.raises(InvalidTypeError):
        CLOUD.credit_for("4h")
    with pytest.raises(ValidationError, match="miss"):
        CLOUD.credit_for(Decimal("1.5"))
    with pytest.raises(InvalidDurationError):
        LATE.credit_for("-1h")


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"credit": Decimal("0.1")}, ValidationError, "late_by"),
        ({"late_by": "4h", "below": Decimal("0.9"), "credit": 1}, ValidationError, "below"),
        ({"late_by": "0m", "credit": 1}, ValidationError, "late_by"),
        ({"late_by": "soon", "credit": 1}, InvalidDurationError, "late_by"),
        ({"late_by": 4, "credit": 1}, InvalidTypeError, "late_by"),
        ({"below": Decimal("1.2"), "credit": 1}, ValidationError, "below"),
        ({"late_by": "4h", "credit": Decimal("1.1")}, ValidationError, "credit"),
        ({"late_by": "4h", "credit": 0.1}, InvalidTypeError, "credit"),
        ({"late_by": "4h", "credit": Money(-1, "VND")}, ValidationError, "credit"),
    ],
)
def test_bad_tiers_are_refused(kwargs, error, field):
    with pytest.raises(error) as info:
        CompensationTier(**kwargs)
    assert info.value.field == field


def _t(**kw):
    return CompensationTier(**kw)


@pytest.mark.parametrize(
    ("tiers", "field"),
    [
        ([], "tiers"),
        ([Decimal("0.1")], "tiers[0]"),
        ([_t(late_by="4h", credit=1), _t(below=Decimal("0.9"), credit=1)], "tiers[1]"),
        (
            [_t(late_by="4h", credit=Decimal("0.1")), _t(late_by="8h", credit=Money(1, "VND"))],
            "tiers[1].credit",
        ),
        ([_t(late_by="4h", credit=Decimal("0.1")), _t(late_by="4h", credit=1)], "tiers[1].late_by"),
        (
            [_t(below=Decimal("0.9"), credit=0), _t(below=Decimal("0.95"), credit=1)],
            "tiers[1].below",
        ),
        (
            [_t(late_by="4h", credit=Decimal("0.5")), _t(late_by="8h", credit=Decimal("0.1"))],
            "tiers[1].credit",
        ),
    ],
)
def test_tiers_out_of_order_are_refused(tiers, field):
    with pytest.raises(ValidationError) as info:
        CompensationRule(tiers=tiers)
    assert info.value.field == field


def test_credits_in_two_currencies_are_refused():
    with pytest.raises(CurrencyMismatchError):
        CompensationRule(
            tiers=[
                _t(late_by="1h", credit=Money(1, "VND")),
                _t(late_by="2h", credit=Money(1, "USD")),
            ]
        )
    with pytest.raises(ValidationError, match="rounding"):
        CompensationRule(tiers=LATE.tiers, rounding="nearest")


def test_describe_in_both_languages():
    assert CLOUD.describe("en").splitlines()[2:] == [
        "- Below 99.9% achieved: a credit of 10% of the price.",
        "- Below 99% achieved: a credit of 25% of the price.",
        "- Below 95% achieved: a credit of 100% of the price.",
    ]
    assert CLOUD.describe("vi").splitlines()[2] == "- Mức đạt dưới 99,9%: bồi thường 10% giá trị."
    gift = CompensationRule(name="Hotline", tiers=[_t(late_by="30m", credit=Money(500_000, "VND"))])
    assert gift.describe("en") == (
        "### Compensation: Hotline\n\n- 30 minutes late or more: a credit of ₫500,000.\n"
    )


@given(
    compensation_rules(currency="VND"),
    durations(max_value=timedelta(days=9)),
    durations(max_value=timedelta(days=9)),
)
def test_compensation_never_decreases_as_lateness_grows(rule, a, b):
    if rule.basis is not CompensationBasis.LATENESS:
        return
    small, large = sorted((a, b))
    price = Money(1_000_000, "VND")
    assert rule.credit_for(small, price=price) <= rule.credit_for(large, price=price)


@given(compensation_rules(currency="VND"), ratios(), ratios())
def test_compensation_never_decreases_as_the_achieved_ratio_falls(rule, a, b):
    if rule.basis is not CompensationBasis.ACHIEVED_RATIO:
        return
    worse, better = sorted((a, b))
    price = Money(1_000_000, "VND")
    assert rule.credit_for(better, price=price) <= rule.credit_for(worse, price=price)


@given(
    compensation_rules(currency="VND"), claims(currencies=["VND"]), hs.sampled_from(["vi", "en"])
)
def test_compensation_decisions_always_explain(rule, c, lang):
    d = rule.decide(c)
    assert d.reasons
    if d.granted:
        assert d.amount is not None
    assert rule.describe(lang)


def test_nothing_is_below_zero():
    with pytest.raises(ValidationError, match="above 0") as info:
        CompensationTier(below=Decimal(0), credit=1)
    assert info.value.field == "below"
