"""Commitment versions: a purchase keeps the promise in force when it was made."""

import pendulum
import pytest
from hypothesis import given, settings

from aftersales_core import InvalidTypeError, Money, NaiveDatetimeError, ValidationError
from aftersales_core.commitment import ServiceCommitment
from aftersales_core.commitment.versions import CommitmentHistory
from aftersales_core.facts import Claim, Purchase
from aftersales_core.policies import Outcome, ReturnWindowPolicy
from aftersales_core.testing.commitments import commitment_histories
from aftersales_core.testing.policies import claims
from aftersales_core.testing.strategies import instants

VN = "Asia/Ho_Chi_Minh"
JAN_2025 = pendulum.datetime(2025, 1, 1, tz=VN)
JAN_2026 = pendulum.datetime(2026, 1, 1, tz=VN)


def version(label, start, days):
    return ServiceCommitment(
        name="Shop", version=label, effective_from=start, policies=[ReturnWindowPolicy(days=days)]
    )


HISTORY = CommitmentHistory(versions=[version("2025", JAN_2025, 7), version("2026", JAN_2026, 14)])


def purchase(at):
    return Purchase(
        id="O-1",
        customer_id="C-1",
        sku="SHOE-42",
        product_category="shoes",
        price=Money(790_000, "VND"),
        purchased_at=at,
    )


def test_the_version_in_force_starts_at_its_effective_instant_included():
    assert HISTORY.in_force(JAN_2026).version == "2026"
    assert HISTORY.in_force(JAN_2026.subtract(microseconds=1)).version == "2025"
    assert HISTORY.in_force(JAN_2025.subtract(microseconds=1)) is None
    # The same instant written in another zone is the same instant.
    assert HISTORY.in_force(JAN_2026.in_timezone("UTC")).version == "2026"


def test_an_undated_first_version_is_in_force_since_always():
    history = CommitmentHistory(
        versions=[ServiceCommitment(name="Shop"), version("2026", JAN_2026, 14)]
    )
    assert history.in_force(pendulum.datetime(1990, 1, 1, tz="UTC")).version == "1"


def test_a_customer_keeps_the_return_window_they_bought_under():
    late_2025 = purchase(pendulum.datetime(2025, 12, 30, 10, tz=VN))
    ten_days_later = Claim(
        id="R-1", kind="return", purchase=late_2025, opened_at=late_2025.purchased_at.add(days=10)
    )
    assert HISTORY.for_purchase(late_2025).version == "2025"
    assert HISTORY.decide(ten_days_later).outcome is Outcome.DENIED
    early_2026 = purchase(pendulum.datetime(2026, 1, 2, 10, tz=VN))
    same_delay = Claim(
        id="R-2", kind="return", purchase=early_2026, opened_at=early_2026.purchased_at.add(days=10)
    )
    assert HISTORY.decide(same_delay).outcome is Outcome.APPROVED


def test_a_purchase_before_every_version_is_not_decided():
    old = purchase(pendulum.datetime(2024, 6, 1, tz=VN))
    decision = HISTORY.decide(
        Claim(id="R", kind="return", purchase=old, opened_at=old.purchased_at)
    )
    assert decision.outcome is Outcome.NOT_APPLICABLE
    assert (decision.policy, decision.clause) == ("Shop", "version")
    assert decision.reasons[0].params["effective_from"] == JAN_2025


def test_add_appends_a_newer_version():
    newer = HISTORY.add(version("2027", JAN_2026.add(years=1), 30))
    assert [v.version for v in newer.versions] == ["2025", "2026", "2027"]
    assert newer.latest.version == "2027"
    assert HISTORY.latest.version == "2026"
    with pytest.raises(ValidationError, match=r"versions\[2\].effective_from: .* must be after"):
        HISTORY.add(version("2024", JAN_2025.subtract(years=1), 3))


@pytest.mark.parametrize(
    ("versions", "error", "message"),
    [
        ([], ValidationError, "versions: () must hold at least one ServiceCommitment"),
        ("abc", ValidationError, "versions: 'abc' must hold"),
        ([42], InvalidTypeError, r"versions\[0\]: 42 must be a ServiceCommitment"),
        (
            [version("a", JAN_2025, 7), version("a", JAN_2026, 7)],
            ValidationError,
            r"versions\[1\].version: 'a' is already the label of versions\[0\]",
        ),
        (
            [version("a", JAN_2025, 7), ServiceCommitment(name="Shop", version="b")],
            ValidationError,
            r"versions\[1\].effective_from: None must be given",
        ),
        (
            [version("a", JAN_2026, 7), version("b", JAN_2026, 7)],
            ValidationError,
            r"versions\[1\].effective_from: .* must be after that of the version before it",
        ),
    ],
)
def test_a_history_refuses_invalid_versions(versions, error, message):
    with pytest.raises(error, match=message.replace("()", r"\(\)")):
        CommitmentHistory(versions=versions)


def test_arguments_are_checked():
    with pytest.raises(NaiveDatetimeError):
        HISTORY.in_force(pendulum.naive(2026, 1, 1))
    with pytest.raises(InvalidTypeError, match="purchase: 'O-1' must be a Purchase"):
        HISTORY.for_purchase("O-1")
    with pytest.raises(InvalidTypeError, match="claim: 'R-1' must be a Claim"):
        HISTORY.decide("R-1")


@settings(max_examples=50)
@given(commitment_histories(), instants())
def test_in_force_is_the_last_version_that_started(history, at):
    started = [v for v in history.versions if v.effective_from is None or v.effective_from <= at]
    assert history.in_force(at) == (started[-1] if started else None)


@settings(max_examples=50)
@given(commitment_histories(currency="VND"), claims(currencies=["VND"]))
def test_a_claim_is_decided_by_the_version_of_its_purchase(history, claim):
    version_then = history.for_purchase(claim.purchase)
    decision = history.decide(claim)
    if version_then is None:
        assert decision.codes == ("commitment.not_in_force",)
    else:
        assert decision == version_then.decide(claim)
