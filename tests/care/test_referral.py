"""Referral rewards: the first qualifying purchase within the window; no self-referral, no loops."""

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import InvalidTypeError, Money, ValidationError
from aftersales_core.care import (
    Referral,
    ReferralGrant,
    ReferralOutcome,
    ReferralProgram,
    ReferralRefusedError,
    ReferralReward,
    ReferralStatus,
)
from aftersales_core.facts import Purchase
from aftersales_core.policies.decisions import Reason
from aftersales_core.testing.care import referrals

T0 = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")

PROGRAM = ReferralProgram(
    name="Bring a friend",
    referrer_reward=ReferralReward(points=200),
    referee_reward=ReferralReward(credit=Money(100_000, "VND")),
    window="30d",
    min_purchase=Money(1_000_000, "VND"),
)


def ref(referrer="C-1", referee="C-2", at=T0):
    return Referral(referrer_id=referrer, referee_id=referee, at=at)


def buy(id, price, at, customer_id="C-2", currency="VND"):
    return Purchase(
        id=id,
        customer_id=customer_id,
        sku="X",
        product_category="x",
        price=Money(price, currency),
        purchased_at=at,
    )


def test_both_sides_are_rewarded_when_the_first_qualifying_purchase_is_in_the_window():
    small = buy("O-1", 999_999, T0.add(days=2))
    big = buy("O-2", 1_000_000, T0.add(days=29))
    outcome = PROGRAM.evaluate(ref(), [big, small], at=T0.add(days=40))
    assert outcome.status is ReferralStatus.QUALIFIED
    assert outcome.qualified
    assert outcome.purchase is big
    assert outcome.codes == ("referral.qualified",)
    assert outcome.grants == (
        ReferralGrant(customer_id="C-1", role="referrer", reward=ReferralReward(points=200)),
        ReferralGrant(
            customer_id="C-2", role="referee", reward=ReferralReward(credit=Money(100_000, "VND"))
        ),
    )


def test_a_purchase_after_the_window_does_not_qualify():
    late = buy("O-1", 5_000_000, T0.add(days=30))
    outcome = PROGRAM.evaluate(ref(), [late], at=T0.add(days=31))
    assert outcome.status is ReferralStatus.EXPIRED
    assert outcome.codes == ("referral.window_closed",)
    assert outcome.grants == ()
    assert not outcome.qualified


def test_the_referral_is_pending_while_the_window_is_open():
    future = buy("O-1", 5_000_000, T0.add(days=10))
    outcome = PROGRAM.evaluate(ref(), [future], at=T0.add(days=5))
    assert outcome.status is ReferralStatus.PENDING
    assert outcome.reasons[0].params == {"referee": "C-2"}


def test_only_the_referees_purchases_count():
    other = buy("O-1", 5_000_000, T0.add(days=1), customer_id="C-9")
    assert PROGRAM.evaluate(ref(), [other], at=T0.add(days=1)).status is ReferralStatus.PENDING


def test_a_purchase_in_another_currency_does_not_meet_the_minimum():
    usd = buy("O-1", 5_000, T0.add(days=1), currency="USD")
    assert not PROGRAM.qualifies(usd)
    anything = ReferralProgram(
        name="any",
        referrer_reward=ReferralReward(points=1),
        referee_reward=ReferralReward(points=1),
    )
    assert anything.qualifies(usd)
    assert anything.window.months == 1


def test_an_existing_customer_cannot_be_referred():
    before = buy("O-0", 50_000, T0.subtract(days=1))
    after = buy("O-1", 5_000_000, T0.add(days=1))
    outcome = PROGRAM.evaluate(ref(), [after, before], at=T0.add(days=2))
    assert outcome.status is ReferralStatus.REFUSED
    assert outcome.codes == ("referral.existing_customer",)


def test_self_referral_is_refused():
    with pytest.raises(ReferralRefusedError, match="self-referral is not allowed"):
        ref("C-1", "C-1")


def test_a_customer_is_referred_once():
    first = ref("C-1", "C-3", T0)
    second = ref("C-2", "C-3", T0.add(days=1))
    assert PROGRAM.refusal(first, [first, second]) is None
    reason = PROGRAM.refusal(second, [first, second])
    assert reason.code == "referral.already_referred"
    with pytest.raises(ReferralRefusedError, match="C-3 was already referred by C-1"):
        PROGRAM.check(second, [first])
    outcome = PROGRAM.evaluate(
        second, [buy("O", 5_000_000, T0.add(days=2), "C-3")], at=T0.add(days=3), existing=[first]
    )
    assert outcome.status is ReferralStatus.REFUSED
    assert outcome.grants == ()


def test_referral_loops_are_refused_however_long():
    chain = [ref("A", "B", T0), ref("B", "C", T0.add(days=1)), ref("C", "D", T0.add(days=2))]
    loop = ref("D", "A", T0.add(days=3))
    reason = PROGRAM.refusal(loop, chain)
    assert reason.code == "referral.loop"
    assert reason.params["chain"] == "D ← C ← B ← A"
    with pytest.raises(ReferralRefusedError, match="is up the referral chain"):
        PROGRAM.check(ref("B", "A", T0.add(days=3)), chain)
    PROGRAM.check(ref("D", "E", T0.add(days=3)), chain)  # a longer chain is fine


def test_a_cyclic_history_does_not_hang_the_check():
    # Two referrals of A (invalid data) with a cycle B -> A -> B: the walk still ends.
    broken = [ref("B", "A", T0), ref("A", "B", T0)]
    assert PROGRAM.refusal(ref("C", "D", T0), broken) is None


def test_bad_input_is_refused():
    with pytest.raises(ValidationError, match="must be more than zero when there is no credit"):
        ReferralReward()
    with pytest.raises(ValidationError):
        ReferralReward(credit=Money(0, "VND"))
    with pytest.raises(InvalidTypeError):
        PROGRAM.refusal(ref(), ["C-1 -> C-2"])
    with pytest.raises(ValidationError, match="must be 'referrer' or 'referee'"):
        ReferralGrant(customer_id="C", role="friend", reward=ReferralReward(points=1))
    with pytest.raises(InvalidTypeError):
        ReferralProgram(name="x", referrer_reward=200, referee_reward=ReferralReward(points=1))
    with pytest.raises(ValidationError, match="is not a term; write it as '12mo'") as info:
        ReferralProgram(
            name="x",
            referrer_reward=ReferralReward(points=1),
            referee_reward=ReferralReward(points=1),
            window="thirty days",
        )
    assert (info.value.field, info.value.value) == ("window", "thirty days")
    with pytest.raises(InvalidTypeError, match="must be a Term") as info:
        ReferralProgram(
            name="x",
            referrer_reward=ReferralReward(points=1),
            referee_reward=ReferralReward(points=1),
            window=30,
        )
    assert (info.value.field, info.value.value) == ("window", 30)
    with pytest.raises(ValidationError, match="status"):
        ReferralOutcome(referral=ref(), status="won", reasons=[Reason(code="x", message="y")])
    with pytest.raises(InvalidTypeError):
        ReferralOutcome(referral=ref(), status="pending", reasons=["why"])


def test_a_lifetime_window_never_expires():
    forever = ReferralProgram(
        name="f",
        referrer_reward=ReferralReward(points=1),
        referee_reward=ReferralReward(points=1),
        window="lifetime",
    )
    assert forever.evaluate(ref(), [], at=T0.add(years=50)).status is ReferralStatus.PENDING
    late = buy("O-1", 1, T0.add(years=20))
    assert forever.evaluate(ref(), [late], at=T0.add(years=50)).qualified


@given(hs.lists(referrals(), max_size=10))
def test_the_referrals_that_count_have_one_per_referee_and_no_loop(candidates):
    accepted = []
    for candidate in candidates:
        # A referral equal to one already accepted is the same referral: registered once.
        if candidate not in accepted and PROGRAM.refusal(candidate, accepted) is None:
            accepted.append(candidate)
    counted = [r for r in accepted if PROGRAM.refusal(r, accepted) is None]
    parent = {}
    for r in counted:
        assert r.referee_id not in parent  # the earliest referral of a customer counts
        parent[r.referee_id] = r.referrer_id
    for start in parent:  # following referrers always ends: no loop
        seen, node = set(), start
        while node in parent:
            assert node not in seen
            seen.add(node)
            node = parent[node]


@given(referrals(), hs.lists(hs.integers(-40, 60), max_size=5), hs.integers(0, 90))
def test_rewards_only_for_a_qualifying_purchase_inside_the_window(referral, days, now_days):
    buys = [
        buy(f"O-{i}", 2_000_000, referral.at.add(days=d), customer_id=referral.referee_id)
        for i, d in enumerate(days)
    ]
    outcome = PROGRAM.evaluate(referral, buys, at=referral.at.add(days=now_days))
    if outcome.qualified:
        assert referral.at <= outcome.purchase.purchased_at < referral.at.add(days=30)
        assert len(outcome.grants) == 2
    else:
        assert outcome.grants == ()
