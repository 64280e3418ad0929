"""The service commitment: validation, routing and precedence, and the published charter.

Golden files: the rendered charters of the two examples are checked into tests/golden/
and compared byte for byte. After a deliberate change of wording, regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/commitment/test_commitment.py

and review the diff before committing it.
"""

import os
from decimal import Decimal
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from aftersales_core import (
    InvalidTypeError,
    Money,
    NaiveDatetimeError,
    ValidationError,
)
from aftersales_core.calendar import BusinessCalendar
from aftersales_core.commitment import Contact, ServiceCommitment, handled_kinds
from aftersales_core.commitment._charter import channel_label, date_text, hours_text
from aftersales_core.config import load_commitment
from aftersales_core.facts import Claim, GeoPoint, Purchase
from aftersales_core.policies import (
    AllOf,
    AnyOf,
    CompensationRule,
    CompensationTier,
    DistanceFee,
    Outcome,
    RefundRule,
    RefundTier,
    ReturnWindowPolicy,
    ServiceAreaPolicy,
    WarrantyPolicy,
)
from aftersales_core.policies import more_favourable as better
from aftersales_core.sla import SLAPolicy, SLATarget
from aftersales_core.testing.commitments import service_commitments
from aftersales_core.testing.policies import claims
from aftersales_core.vocabulary import Channel, ClaimKind

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "commitments"
GOLDEN = ROOT / "tests" / "golden"

VN = "Asia/Ho_Chi_Minh"
BOUGHT = pendulum.datetime(2026, 3, 1, 10, tz=VN)
TRANSLATION = Purchase(
    id="O-7",
    customer_id="C-1",
    sku="TRANSLATE-EN-VI",
    product_category="translation",
    price=Money(2_000_000, "VND"),
    purchased_at=BOUGHT,
)
OFFICE = GeoPoint(latitude=10.7769, longitude=106.7009)
ALL_OF_TERM = [RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal(1))]


def claim(kind, at=None, **extra):
    return Claim(id="K-1", kind=kind, purchase=TRANSLATION, opened_at=at or BOUGHT, **extra)


# --- golden charters ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["translation_company", "electronics_shop"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_rendered_charters_match_the_golden_files_byte_for_byte(name, lang):
    rendered = load_commitment(EXAMPLES / f"{name}.toml").render(lang).encode("utf-8")
    golden = GOLDEN / f"{name}.{lang}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(rendered)
    assert rendered == golden.read_bytes()


def test_the_translation_charter_states_its_lifetime_warranty_refund_pickup_and_hotline():
    charter = load_commitment(EXAMPLES / "translation_company.toml")
    vi, en = charter.render("vi"), charter.render("en")
    assert "Bảo hành trọn đời." in vi
    assert "Hoàn 100% giá trị nếu tỷ lệ lỗi từ 20% trở lên." in vi
    assert "Miễn phí giao nhận trong bán kính 2 km." in vi
    assert "Thời gian tiếp nhận: 24/7." in vi
    assert "Phản hồi trong vòng 30 phút." in vi
    assert "We answer within 30 minutes." in en


def test_the_electronics_charter_states_its_warranty_returns_sla_and_maintenance():
    vi = load_commitment(EXAMPLES / "electronics_shop.toml").render("vi")
    assert "Bảo hành 12 tháng" in vi
    assert "Đổi trả trong 7 ngày" in vi
    assert "Khẩn cấp: phản hồi trong 4 giờ, xử lý xong trong 6 giờ." in vi
    assert "Thông thường: phản hồi trong 24 giờ, xử lý xong trong 48 giờ." in vi
    assert "Thông thường (lắp đặt): phản hồi trong 24 giờ, xử lý xong trong 48 giờ." in vi
    assert "Bảo dưỡng mỗi 6 tháng." in vi


def test_the_translation_example_decides_a_20_percent_error_refund_and_its_other_cases():
    charter = load_commitment(EXAMPLES / "translation_company.toml")
    purchase = attrs.evolve(TRANSLATION, purchased_at=pendulum.datetime(2026, 3, 1, tz=VN))
    wrong = Claim(
        id="R-1",
        kind="refund",
        purchase=purchase,
        opened_at=purchase.purchased_at.add(days=3),
        error_rate=Decimal("0.2"),
    )
    refund = charter.decide(wrong)
    assert (refund.outcome, refund.amount, refund.clause) == (
        Outcome.APPROVED,
        Money(2_000_000, "VND"),
        "refund",
    )
    years_later = attrs.evolve(wrong, kind="warranty", opened_at=purchase.purchased_at.add(years=9))
    assert charter.decide(years_later).outcome is Outcome.APPROVED
    near = attrs.evolve(wrong, kind="delivery", location=GeoPoint(latitude=10.78, longitude=106.70))
    assert charter.decide(near).outcome is Outcome.APPROVED


# --- values ---------------------------------------------------------------------------


def test_a_contact_holds_a_channel_an_address_hours_and_a_response_time():
    hotline = Contact(
        channel="hotline",
        address="1900 1234",
        hours=BusinessCalendar.always_open(VN),
        response_time="30m",
    )
    assert hotline.channel is Channel.HOTLINE
    assert hotline.response_time == pendulum.duration(minutes=30)


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"channel": "pigeon"}, ValidationError, "channel: 'pigeon' must be one of"),
        ({"address": " "}, ValidationError, "address: ' ' must not be empty"),
        ({"response_time": "0m"}, ValidationError, "response_time: Duration() must be longer"),
        ({"response_time": 30}, InvalidTypeError, "response_time: 30 must be a duration"),
        ({"hours": "24/7"}, InvalidTypeError, "hours: '24/7' must be a BusinessCalendar"),
    ],
)
def test_a_contact_refuses_invalid_fields(fields, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        Contact(**{"channel": "email", "address": "a@b.example", **fields})


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"name": ""}, ValidationError, "name: '' must not be empty"),
        ({"version": 1}, InvalidTypeError, "version: 1 must be text"),
        ({"policies": "warranty"}, InvalidTypeError, "policies: 'warranty' must be a list"),
        ({"policies": [42]}, InvalidTypeError, r"policies\[0\]: 42 must be a Policy"),
        ({"contacts": "x"}, InvalidTypeError, "contacts: 'x' must be a list"),
        ({"contacts": [42]}, InvalidTypeError, r"contacts\[0\]: 42 must be a Contact"),
        ({"sla": WarrantyPolicy(term="1y")}, InvalidTypeError, "sla: .* must be a SLAPolicy"),
        (
            {"effective_from": pendulum.naive(2026, 1, 1)},
            NaiveDatetimeError,
            "effective_from: .* has no time zone",
        ),
        (
            {"policies": [SLAPolicy(default=SLATarget(first_response="1h", resolution="2h"))]},
            ValidationError,
            r"policies\[0\]: 'sla' is an SLA",
        ),
        (
            {"policies": [WarrantyPolicy(term="1y"), WarrantyPolicy(term="2y")]},
            ValidationError,
            r"policies\[1\].name: 'warranty' is already the name of policies\[0\]",
        ),
    ],
)
def test_a_commitment_refuses_invalid_fields(fields, error, message):
    with pytest.raises(error, match=message):
        ServiceCommitment(**{"name": "Shop", **fields})


def test_policies_for_routes_by_claim_kind_through_composites():
    warranty = WarrantyPolicy(term="12mo")
    both = AnyOf(name="goodwill", policies=[WarrantyPolicy(term="2y"), ReturnWindowPolicy(days=7)])
    refund = RefundRule(tiers=ALL_OF_TERM)
    shop = ServiceCommitment(name="Shop", policies=[warranty, both, refund])
    assert shop.policies_for("repair") == (warranty, both)
    assert shop.policies_for(ClaimKind.EXCHANGE) == (both,)
    assert shop.policies_for("complaint") == ()
    assert handled_kinds(both) == {
        ClaimKind.WARRANTY,
        ClaimKind.REPAIR,
        ClaimKind.RETURN,
        ClaimKind.EXCHANGE,
    }
    with pytest.raises(ValidationError, match="kind: 'magic' must be one of"):
        shop.policies_for("magic")


# --- decisions ------------------------------------------------------------------------


def test_a_claim_no_policy_decides_is_not_applicable():
    decision = ServiceCommitment(name="Shop").decide(claim("refund"))
    assert decision.outcome is Outcome.NOT_APPLICABLE
    assert (decision.policy, decision.clause, decision.codes) == (
        "Shop",
        "kind",
        ("not_applicable",),
    )


def test_a_single_policy_decides_and_the_commitment_signs():
    refund = RefundRule(tiers=ALL_OF_TERM)
    shop = ServiceCommitment(name="Sao Việt", policies=[WarrantyPolicy(term="lifetime"), refund])
    decision = shop.decide(claim("refund", error_rate=Decimal("0.25")))
    assert (decision.policy, decision.clause) == ("Sao Việt", "refund")
    assert decision.amount == Money(2_000_000, "VND")
    assert decision.ratio == 1
    assert decision.parts == (refund.decide(claim("refund", error_rate=Decimal("0.25"))),)


@pytest.mark.parametrize("order", [1, -1])
def test_approved_beats_denied_whatever_the_order(order):
    short = WarrantyPolicy(name="standard", term="12mo")
    extended = WarrantyPolicy(name="extended", term="3y")
    shop = ServiceCommitment(name="Shop", policies=[short, extended][::order])
    decision = shop.decide(claim("warranty", at=BOUGHT.add(months=18)))
    assert (decision.outcome, decision.clause) == (Outcome.APPROVED, "extended")
    assert len(decision.parts) == 2


def test_among_grants_the_larger_amount_wins():
    half = RefundRule(
        name="half", tiers=[RefundTier(min_error_rate=Decimal("0.1"), refund_ratio=Decimal("0.5"))]
    )
    full = RefundRule(name="full", tiers=ALL_OF_TERM)
    shop = ServiceCommitment(name="Shop", policies=[half, full])
    assert shop.decide(claim("refund", error_rate=Decimal("0.3"))).clause == "full"
    assert shop.decide(claim("refund", error_rate=Decimal("0.15"))).clause == "half"


def test_among_equal_amounts_the_smaller_fee_wins():
    def area(name, fee):
        band = DistanceFee(up_to_km=10, fee=Money(fee, "VND"))
        return ServiceAreaPolicy(
            name=name, service_points=[OFFICE], free_radius_km=1, fee_bands=[band]
        )

    shop = ServiceCommitment(name="Shop", policies=[area("dear", 30_000), area("cheap", 20_000)])
    far = claim("delivery", location=GeoPoint(latitude=10.80, longitude=106.70))
    decision = shop.decide(far)
    assert (decision.clause, decision.fee) == ("cheap", Money(20_000, "VND"))


@pytest.mark.parametrize("order", [1, -1])
def test_amounts_in_different_currencies_are_not_compared_the_first_listed_wins(order):
    usd = CompensationRule(
        name="usd", tiers=[CompensationTier(late_by="1h", credit=Money("10.00", "USD"))]
    )
    share = CompensationRule(
        name="share", tiers=[CompensationTier(late_by="1h", credit=Decimal(1))]
    )
    policies = [usd, share][::order]
    decision = ServiceCommitment(name="Shop", policies=policies).decide(
        claim("complaint", lateness="5h")
    )
    assert decision.clause == policies[0].name


def test_when_every_policy_denies_the_decision_lists_every_reason():
    short = WarrantyPolicy(name="standard", term="12mo", exclusions={"misuse"})
    other = WarrantyPolicy(name="other", term="6mo")
    shop = ServiceCommitment(name="Shop", policies=[short, other])
    decision = shop.decide(claim("warranty", at=BOUGHT.add(months=13), reason_code="misuse"))
    assert decision.outcome is Outcome.DENIED
    assert decision.clause == "standard"
    assert decision.codes == ("warranty.expired", "warranty.excluded", "warranty.expired")


def test_partial_beats_denied():
    exchange_only = ReturnWindowPolicy(name="exchange_only", days=30, exchange_only=True)
    strict = ReturnWindowPolicy(name="strict", days=7)
    shop = ServiceCommitment(name="Shop", policies=[strict, exchange_only])
    decision = shop.decide(claim("return", at=BOUGHT.add(days=10)))
    assert (decision.outcome, decision.clause) == (Outcome.PARTIAL, "exchange_only")


def test_decide_refuses_what_is_not_a_claim():
    with pytest.raises(InvalidTypeError, match="claim: 'K-1' must be a Claim"):
        ServiceCommitment(name="Shop").decide("K-1")


@settings(max_examples=60)
@given(service_commitments(currency="VND"), claims(currencies=["VND"]))
def test_the_decision_is_the_most_favourable_applicable_one(commitment, a_claim):
    decision = commitment.decide(a_claim)
    parts = [p.decide(a_claim) for p in commitment.policies]
    applicable = [d for d in parts if d.applicable]
    assert decision.policy == commitment.name
    assert decision.parts == tuple(applicable)
    if not applicable:
        assert decision.outcome is Outcome.NOT_APPLICABLE
        return
    chosen = next(d for d in applicable if d.policy == decision.clause)
    assert decision.outcome is chosen.outcome
    assert decision.amount == chosen.amount
    assert not any(better(other, chosen) for other in applicable)


def test_better_treats_a_missing_amount_as_nothing():
    refund = RefundRule(tiers=ALL_OF_TERM)
    with_money = refund.decide(claim("refund", error_rate=Decimal("0.5")))
    without = attrs.evolve(with_money, amount=None)
    assert better(with_money, without)
    assert not better(without, with_money)
    assert not better(without, without)


# --- the charter ----------------------------------------------------------------------


def test_the_charter_has_every_policy_section_the_sla_and_the_contacts():
    class Gold(ReturnWindowPolicy):
        kind = "tests.charter_gold"

        def describe(self, lang="vi"):
            return "### Hạng Vàng\n\n- Đổi trả trong 30 ngày.\n" if lang == "vi" else "### Gold\n"

    sla = SLAPolicy(targets={"urgent": SLATarget(first_response="4h", resolution="6h")})
    shop = ServiceCommitment(
        name="Shop",
        policies=[WarrantyPolicy(term="12mo"), Gold(days=30)],
        sla=sla,
        contacts=[Contact(channel="email", address="a@b.example")],
    )
    vi = shop.render()
    assert vi.startswith("# Cam kết dịch vụ khách hàng — Shop\n\nPhiên bản 1.\n")
    assert "### Hạng Vàng\n\n- Đổi trả trong 30 ngày.\n" in vi
    assert sla.describe("vi") in vi
    assert vi.endswith("## Liên hệ\n\n- **Email**: a@b.example\n")
    assert "### Gold\n" in shop.render("en")


def test_a_charter_without_policies_has_no_policy_heading():
    text = ServiceCommitment(name="Shop").render("en")
    assert "##" not in text
    assert text.endswith("the more favourable one.\n")


def test_the_charter_refuses_unknown_languages():
    with pytest.raises(ValidationError, match="lang: 'fr' must be 'vi' or 'en'"):
        ServiceCommitment(name="Shop").render("fr")


@settings(max_examples=40)
@given(service_commitments(currency="VND"), hs.sampled_from(["vi", "en"]))
def test_the_charter_holds_each_policy_section_verbatim(commitment, lang):
    text = commitment.render(lang)
    assert commitment.name in text.splitlines()[0]
    for policy in commitment.policies:
        assert policy.describe(lang) in text
    for contact in commitment.contacts:
        assert contact.address in text


def test_hours_text_words_runs_of_days_holidays_and_overrides():
    weekend = BusinessCalendar(
        timezone=VN,
        weekly={"sat": ["08:00-12:00"], "sun": ["08:00-12:00"], "tue": ["09:00-10:00"]},
        overrides={"2026-02-16": ["08:00-09:00", "10:00-11:00", "12:00-13:00"]},
    )
    assert hours_text(weekend, "vi") == (
        "Thứ Ba, 09:00–10:00; Thứ Bảy và Chủ Nhật, 08:00–12:00; "
        "riêng ngày 16 tháng 2, 2026: 08:00–09:00, 10:00–11:00 và 12:00–13:00"
    )
    assert hours_text(weekend, "en").startswith("Tuesday, 09:00–10:00; Saturday and Sunday")


def test_words_for_channels_and_dates():
    assert [channel_label(c, "vi") for c in Channel][:3] == ["Hotline", "Email", "Zalo OA"]
    assert channel_label(Channel.PHONE_APP, "en") == "Mobile app"
    assert date_text(pendulum.date(2026, 2, 17), "vi") == "17 tháng 2, 2026"
    # An instant is read in its own zone: still 1 January in Hanoi.
    assert date_text(pendulum.datetime(2026, 1, 1, tz=VN), "en") == "January 1, 2026"
    with pytest.raises(ValidationError):
        channel_label(Channel.WEB, "de")


def test_the_version_line_names_the_effective_date():
    shop = ServiceCommitment(
        name="Shop", version="2026.2", effective_from=pendulum.datetime(2026, 7, 1, tz=VN)
    )
    assert "Phiên bản 2026.2, áp dụng cho các đơn hàng mua từ ngày 1 tháng 7, 2026." in (
        shop.render("vi")
    )
    assert "Version 2026.2, for purchases made on or after July 1, 2026." in shop.render("en")


def test_all_of_composites_render_their_parts():
    both = AllOf(name="strict", policies=[ReturnWindowPolicy(days=7), WarrantyPolicy(term="1y")])
    text = ServiceCommitment(name="Shop", policies=[both]).render("en")
    assert "### Returns and exchanges" in text
    assert "### Warranty" in text
