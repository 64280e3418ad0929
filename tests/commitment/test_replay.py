"""What-if replay: every changed decision, and the money it moves."""

from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from aftersales_core import InvalidTypeError, Money
from aftersales_core.commitment import ServiceCommitment
from aftersales_core.commitment.replay import DecisionChange, ReplayReport, compare
from aftersales_core.commitment.versions import CommitmentHistory
from aftersales_core.facts import Claim, Purchase
from aftersales_core.policies import Outcome, RefundRule, RefundTier, ReturnWindowPolicy
from aftersales_core.testing.commitments import service_commitments
from aftersales_core.testing.policies import claims
from aftersales_core.vocabulary import ClaimKind

VN = "Asia/Ho_Chi_Minh"
T = pendulum.datetime(2026, 3, 2, 10, tz=VN)
SHOES = Purchase(
    id="O-1",
    customer_id="C-1",
    sku="SHOE-42",
    product_category="shoes",
    price=Money(790_000, "VND"),
    purchased_at=T,
)
SEVEN = ServiceCommitment(name="Shop", version="7 days", policies=[ReturnWindowPolicy(days=7)])
FOURTEEN = ServiceCommitment(name="Shop", version="14 days", policies=[ReturnWindowPolicy(days=14)])


def returns(*days, kind="return"):
    return [Claim(id=f"R-{d}", kind=kind, purchase=SHOES, opened_at=T.add(days=d)) for d in days]


def test_a_longer_window_grants_more_returns_and_costs_their_refunds():
    report = compare(SEVEN, FOURTEEN, returns(1, 3, 8, 10, 12, 20, 30))
    assert report.claims == 7
    assert [c.claim.id for c in report.changes] == ["R-8", "R-10", "R-12"]
    assert (report.newly_granted, report.newly_denied) == (3, 0)
    assert report.amount_difference == {"VND": Money(2_370_000, "VND")}
    assert dict(report.fee_difference) == {}
    assert report.summary("en") == (
        "Shop 7 days → Shop 14 days: of 7 claims replayed, 3 would be decided differently.\n"
        "- Granted now, not before: 3; granted before, not now: 0.\n"
        "- Money owed to customers: +₫2,370,000.\n"
        "  - returns: 3 changes, 3 more granted, 0 more refused, +₫2,370,000."
    )
    assert report.summary("vi") == (
        "Shop 7 days → Shop 14 days: trong 7 yêu cầu được chạy lại, 3 yêu cầu sẽ có quyết "
        "định khác.\n"
        "- Được chấp nhận thêm: 3; bị từ chối thêm: 0.\n"
        "- Số tiền trả cho khách hàng: +2.370.000\xa0₫.\n"
        "  - trả hàng: 3 thay đổi, thêm 3 được chấp nhận, thêm 0 bị từ chối, +2.370.000\xa0₫."
    )


def test_the_way_back_mirrors_the_report():
    claims_ = returns(1, 8, 10, 20)
    there, back = compare(SEVEN, FOURTEEN, claims_), compare(FOURTEEN, SEVEN, claims_)
    assert (back.newly_granted, back.newly_denied) == (there.newly_denied, there.newly_granted)
    assert back.amount_difference == {"VND": -there.amount_difference["VND"]}
    assert "Số tiền trả cho khách hàng: -1.580.000\xa0₫." in back.summary("vi")


def test_a_restocking_fee_moves_both_amounts_and_fees():
    with_fee = ServiceCommitment(
        name="Shop",
        version="fee",
        policies=[ReturnWindowPolicy(days=7, restocking_fee=Decimal("0.1"))],
    )
    report = compare(SEVEN, with_fee, returns(1, 2, 20))
    assert len(report.changes) == 2
    assert (report.newly_granted, report.newly_denied) == (0, 0)
    assert report.amount_difference["VND"] == Money(-158_000, "VND")
    assert report.fee_difference["VND"] == Money(158_000, "VND")
    change = report.changes[0]
    assert change.amount_difference == {"VND": Money(-79_000, "VND")}
    assert change.fee_difference == {"VND": Money(79_000, "VND")}
    assert "- Fees charged: +₫158,000." in report.summary("en")


def test_changes_are_grouped_by_kind_in_declaration_order():
    refund = RefundRule(tiers=[RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal(1))])
    old = ServiceCommitment(name="A", policies=[ReturnWindowPolicy(days=7)])
    new = ServiceCommitment(name="B", policies=[ReturnWindowPolicy(days=14), refund])
    wrong = Claim(id="F-1", kind="refund", purchase=SHOES, opened_at=T, error_rate=Decimal("0.5"))
    report = compare(old, new, [wrong, *returns(10, kind="exchange")])
    groups = report.by_kind()
    assert list(groups) == [ClaimKind.EXCHANGE, ClaimKind.REFUND]
    assert groups[ClaimKind.REFUND][0].old.outcome is Outcome.NOT_APPLICABLE
    assert report.newly_granted == 2
    text = report.summary("en")
    assert "  - exchanges: 1 changes, 1 more granted, 0 more refused." in text
    assert "  - refunds: 1 changes, 1 more granted, 0 more refused, +₫790,000." in text


def test_changes_without_money_have_no_money_lines():
    text = compare(SEVEN, FOURTEEN, returns(10, kind="exchange")).summary("en")
    assert "Money" not in text
    assert text.endswith("  - exchanges: 1 changes, 1 more granted, 0 more refused.")


def test_no_change_gives_a_one_line_summary():
    report = compare(SEVEN, SEVEN, returns(1, 30))
    assert report.changes == ()
    assert report.claims == 2
    assert report.summary() == (
        "Shop 7 days → Shop 7 days: trong 2 yêu cầu được chạy lại, 0 yêu cầu sẽ có quyết định khác."
    )


def test_money_that_cancels_out_is_shown_as_zero():
    claim = returns(1)[0]
    base = SEVEN.decide(claim)
    small, large = (attrs.evolve(base, amount=Money(a, "VND")) for a in (100, 200))
    up = DecisionChange(claim=claim, old=small, new=large)
    down = DecisionChange(claim=claim, old=large, new=small)
    report = ReplayReport(old="a", new="b", claims=2, changes=(up, down))
    assert report.amount_difference == {"VND": Money(0, "VND")}
    assert "- Money owed to customers: ₫0." in report.summary("en")
    assert (report.newly_granted, report.newly_denied) == (0, 0)


def test_histories_can_be_compared_and_are_labelled():
    history = CommitmentHistory(
        versions=[
            SEVEN,
            attrs.evolve(FOURTEEN, version="2027", effective_from=T.add(years=1)),
        ]
    )
    report = compare(SEVEN, history, returns(10))
    assert report.new == "Shop (history up to 2027)"
    assert report.changes == ()


def test_claims_are_read_once_as_a_stream():
    stream = iter(returns(1, 10))
    assert compare(SEVEN, FOURTEEN, stream).claims == 2
    assert next(stream, None) is None


@pytest.mark.parametrize("bad", ["old", "new"])
def test_compare_refuses_what_is_not_a_commitment(bad):
    args = {"old": SEVEN, "new": FOURTEEN, bad: "v2"}
    with pytest.raises(InvalidTypeError, match=f"{bad}: 'v2' must be a ServiceCommitment"):
        compare(args["old"], args["new"], [])


def test_compare_refuses_what_is_not_a_claim():
    with pytest.raises(InvalidTypeError, match="claim: 'R-1' must be a Claim"):
        compare(SEVEN, FOURTEEN, ["R-1"])


@settings(max_examples=30)
@given(
    service_commitments(currency="VND", max_policies=3),
    service_commitments(currency="VND", max_policies=3),
    hs.lists(claims(currencies=["VND"]), max_size=8),
)
def test_replay_is_antisymmetric_and_a_commitment_agrees_with_itself(a, b, history):
    assert compare(a, a, history).changes == ()
    there, back = compare(a, b, history), compare(b, a, history)
    assert len(there.changes) == len(back.changes)
    assert (there.newly_granted, there.newly_denied) == (back.newly_denied, back.newly_granted)
    for currency, amount in there.amount_difference.items():
        assert back.amount_difference[currency] == -amount
    for change in there.changes:
        assert change.old == a.decide(change.claim)
        assert change.new == b.decide(change.claim)
