from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import InvalidTypeError, Money, NaiveDatetimeError, Term, ValidationError
from aftersales_core.facts import Claim, Purchase
from aftersales_core.policies import Anchor, Outcome, WarrantyPolicy
from aftersales_core.testing.policies import claims, purchases, warranty_policies
from aftersales_core.testing.strategies import durations, instants, terms

T0 = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
PHONE = Purchase(
    id="O-1",
    customer_id="C-1",
    sku="PHONE-X",
    product_category="phone",
    price=Money(9_990_000, "VND"),
    purchased_at=T0,
    delivered_at=T0.add(days=3),
)


def claim(at, kind="warranty", purchase=PHONE, **extra):
    return Claim(id="W", kind=kind, purchase=purchase, opened_at=at, **extra)


def test_the_lifetime_warranty_never_expires():
    lifetime = WarrantyPolicy(term="lifetime")
    assert lifetime.expires_at(PHONE) is None
    assert lifetime.remaining(PHONE, T0.add(years=50)) is None
    assert lifetime.is_active(PHONE, T0.add(years=80))
    d = lifetime.decide(claim(T0.add(years=30), reason_code="translation_error"))
    assert d.outcome is Outcome.APPROVED
    assert d.codes == ("warranty.covered",)
    assert d.reasons[0].params == {"expires_at": None}


def test_the_twelve_month_phone_warranty_expires():
    phone = WarrantyPolicy(term=Term(months=12))
    end = T0.add(months=12)
    assert phone.expires_at(PHONE) == end
    assert phone.is_active(PHONE, end.subtract(microseconds=1))
    assert not phone.is_active(PHONE, end)
    assert phone.remaining(PHONE, end.subtract(days=10)).in_days() == 10
    assert phone.remaining(PHONE, end.add(days=1)).total_seconds() == 0
    assert phone.decide(claim(end.subtract(seconds=1))).outcome is Outcome.APPROVED
    expired = phone.decide(claim(end))
    assert expired.outcome is Outcome.DENIED
    assert (expired.clause, expired.codes) == ("term", ("warranty.expired",))
    assert expired.reasons[0].params["expired_at"] == end


def test_a_delivery_anchored_warranty_starts_at_delivery():
    w = WarrantyPolicy(term="12mo", start="delivery")
    assert w.start is Anchor.DELIVERY
    assert w.expires_at(PHONE) == T0.add(days=3).add(months=12)
    assert not w.is_active(PHONE, T0.add(days=1))
    early = w.decide(claim(T0.add(days=1)))
    assert early.codes == ("warranty.not_started",)


def test_every_refusal_is_listed():
    w = WarrantyPolicy(term="12mo", exclusions={"physical_damage"}, max_claims=2)
    d = w.decide(claim(T0.add(months=13), reason_code="physical_damage", previous_claims=2))
    assert d.outcome is Outcome.DENIED
    assert d.clause == "claim_limit"
    assert d.codes == ("warranty.claim_limit", "warranty.expired", "warranty.excluded")


def test_coverage_lists_restrict_defects():
    w = WarrantyPolicy(term="2y", covered_defects={"screen", "battery"}, exclusions=["misuse"])
    assert w.decide(claim(T0.add(days=5), reason_code="screen")).granted
    d = w.decide(claim(T0.add(days=5), reason_code="speaker"))
    assert (d.clause, d.codes) == ("coverage", ("warranty.not_covered",))
    assert w.decide(claim(T0.add(days=5))).codes == ("warranty.not_covered",)
    assert w.decide(claim(T0.add(days=5), reason_code="misuse")).codes == ("warranty.excluded",)


def test_repair_claims_are_decided_too():
    w = WarrantyPolicy(term="12mo")
    assert w.decide(claim(T0.add(days=5), kind="repair")).granted
    assert w.decide(claim(T0.add(days=5), kind="return")).outcome is Outcome.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"term": "12 months"}, ValidationError, "term"),
        ({"term": 12}, InvalidTypeError, "term"),
        ({"term": "12mo", "start": "sale"}, ValidationError, "start"),
        ({"term": "12mo", "max_claims": 0}, ValidationError, "max_claims"),
        ({"term": "12mo", "max_claims": -1}, ValidationError, "max_claims"),
        ({"term": "12mo", "max_claims": "3"}, InvalidTypeError, "max_claims"),
        ({"term": "12mo", "exclusions": "misuse"}, InvalidTypeError, "exclusions"),
        ({"term": "12mo", "covered_defects": {""}}, ValidationError, "covered_defects"),
        ({"term": "12mo", "covered_defects": {3}}, ValidationError, "covered_defects"),
    ],
)
def test_bad_warranties_are_refused(kwargs, error, field):
    with pytest.raises(error) as info:
        WarrantyPolicy(**kwargs)
    assert info.value.field == field


def test_naive_instants_are_refused():
    with pytest.raises(NaiveDatetimeError):
        WarrantyPolicy(term="12mo").is_active(PHONE, datetime(2026, 5, 1))


def test_describe_in_both_languages():
    w = WarrantyPolicy(
        name="Điện thoại",
        term="1y6mo",
        start="delivery",
        covered_defects={"screen"},
        exclusions={"misuse", "physical_damage"},
        max_claims=3,
    )
    assert w.describe("vi") == (
        "### Bảo hành: Điện thoại\n\n"
        "- Bảo hành 1 năm 6 tháng, tính từ ngày giao hàng.\n"
        "- Áp dụng cho các lỗi: screen.\n"
        "- Không áp dụng cho: misuse, physical_damage.\n"
        "- Tối đa 3 lần bảo hành.\n"
    )
    assert w.describe("en").splitlines()[2:] == [
        "- Warranty of 1 year 6 months, counted from the delivery.",
        "- Covers: screen.",
        "- Not covered: misuse, physical_damage.",
        "- At most 3 claims per purchase.",
    ]
    assert "Lifetime warranty." in WarrantyPolicy(term="lifetime").describe("en")
    assert "0 days" in WarrantyPolicy(term="0d").describe("en")
    with pytest.raises(ValidationError, match="lang"):
        w.describe("de")


@given(terms(), purchases(), instants())
def test_a_warranty_is_active_exactly_before_its_expiry(term, purchase, at):
    w = WarrantyPolicy(term=term)
    end = w.expires_at(purchase)
    # compared in UTC: Python compares same-zone datetimes by wall clock, ignoring fold
    at, bought = at.in_timezone("UTC"), purchase.purchased_at.in_timezone("UTC")
    expected = at >= bought and (end is None or at < end.in_timezone("UTC"))
    assert w.is_active(purchase, at) is expected
    remaining = w.remaining(purchase, at)
    assert (remaining is None) is term.is_lifetime
    if remaining is not None and at >= bought:
        assert (remaining.total_seconds() > 0) is expected


@given(terms(allow_lifetime=False), purchases(), durations(max_value=timedelta(days=2000)))
def test_decisions_follow_the_term(term, purchase, age):
    w = WarrantyPolicy(term=term)
    c = Claim(id="W", kind="warranty", purchase=purchase, opened_at=purchase.purchased_at + age)
    decision = w.decide(c)
    assert decision.granted is w.is_active(purchase, c.opened_at)


@given(warranty_policies(), claims(), hs.sampled_from(["vi", "en"]))
def test_warranty_decisions_always_explain(policy, c, lang):
    decision = policy.decide(c)
    assert decision.reasons
    assert decision.policy == policy.name
    if decision.outcome is Outcome.DENIED:
        assert decision.clause in {"claim_limit", "term", "exclusions", "coverage"}
    assert policy.describe(lang).startswith("### ")


def test_expiry_in_the_repeated_hour_is_an_instant_not_a_wall_clock():
    berlin = pendulum.datetime(1999, 10, 29, tz="Europe/Berlin").add(hours=2)
    bought = Purchase(
        id="O",
        customer_id="C",
        sku="S",
        product_category="x",
        price=Money(1, "VND"),
        purchased_at=berlin,
    )
    w = WarrantyPolicy(term="1y")
    end = w.expires_at(bought)  # 29 Oct 2000 02:00 CET, the second of two 02:00s
    first_pass = pendulum.datetime(2000, 10, 29, tz="Europe/Berlin").add(hours=2, minutes=30)
    assert (first_pass.hour, first_pass.minute) == (2, 30)  # 02:30 CEST: half an hour earlier
    assert first_pass.in_timezone("UTC") < end.in_timezone("UTC")
    assert w.is_active(bought, first_pass)
    assert w.remaining(bought, first_pass).in_minutes() == 30
    assert w.decide(Claim(id="W", kind="warranty", purchase=bought, opened_at=first_pass)).granted


# --- hooks may return stdlib datetimes and are checked; bounds do not overflow -----------


@attrs.frozen(kw_only=True)
class _Hooked(WarrantyPolicy):
    """A warranty whose hooks return whatever a test gives them."""

    kind = "test.hooked_warranty"
    start_at: object = None
    used: object = None

    def starts_at(self, purchase):
        return self.start_at if self.start_at is not None else super().starts_at(purchase)

    def claims_used(self, claim):
        return self.used if self.used is not None else super().claims_used(claim)


def test_a_starts_at_hook_may_return_an_aware_stdlib_datetime():
    stdlib = datetime(2026, 3, 5, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    policy = _Hooked(term="12mo", start_at=stdlib)
    d = policy.decide(claim(T0.add(days=10)))
    assert d.outcome is Outcome.APPROVED
    assert d.reasons[0].params["expires_at"] == pendulum.datetime(2027, 3, 5, 9, tz=T0.tz)
    assert not policy.is_active(PHONE, T0)


@pytest.mark.parametrize(
    ("hooks", "error", "field"),
    [
        ({"start_at": datetime(2026, 3, 5, 9)}, NaiveDatetimeError, "_Hooked.starts_at"),
        ({"used": "3", "max_claims": 2}, InvalidTypeError, "_Hooked.claims_used"),
        ({"used": -1, "max_claims": 2}, ValidationError, "_Hooked.claims_used"),
    ],
)
def test_hooks_returning_nonsense_are_named(hooks, error, field):
    with pytest.raises(error) as info:
        _Hooked(term="12mo", **hooks).decide(claim(T0.add(days=10)))
    assert info.value.field == field


@pytest.mark.parametrize("term", ["9999y", "99999999999y", "12001mo", Term.parse("1000y")])
def test_terms_beyond_a_thousand_years_are_refused_and_the_longest_works(term):
    if isinstance(term, Term):
        d = WarrantyPolicy(term=term).decide(claim(T0.add(years=999)))
        assert d.outcome is Outcome.APPROVED
        return
    with pytest.raises(ValidationError, match="must be at most"):
        WarrantyPolicy(term=term)


def test_a_warranty_ending_after_the_year_9999_is_a_validation_error():
    late = attrs.evolve(
        PHONE, purchased_at=pendulum.datetime(9500, 1, 1, tz="UTC"), delivered_at=None
    )
    with pytest.raises(ValidationError, match="ends after the year 9999") as info:
        WarrantyPolicy(term="600y").decide(claim(late.purchased_at, purchase=late))
    assert info.value.field == "term"
