"""Instants in the hour repeated when clocks go back are ordered on the real time line.

Python orders two datetimes of one zone by their wall clocks and ignores ``fold``: 01:10
EST (the second pass) sorts before 01:50 EDT (the first pass) though it comes 20 minutes
after it. Every ordering and comparison of instants in the library reads them on UTC's
clock instead: the loyalty ledger, its statement, batches' expiries, referrals, segments,
journeys, occasions and tickets.
"""

from __future__ import annotations

from datetime import date, timedelta

import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as hs

from aftersales_core import Money
from aftersales_core._internal.instants import unix_micros
from aftersales_core.care import (
    CareJourney,
    JourneyStep,
    LoyaltyLedger,
    LoyaltyProgram,
    PointBatch,
    Referral,
    ReferralProgram,
    ReferralReward,
    segment,
)
from aftersales_core.errors import ValidationError
from aftersales_core.facts import Claim, Customer, Purchase
from aftersales_core.testing import strategies
from aftersales_core.tickets import EventOutOfOrderError, Ticket

NEW_YORK = "America/New_York"
# 2 Nov 2025: New York's clocks go back at 02:00 EDT; 01:00-02:00 happens twice.
EDT_0150 = pendulum.datetime(2025, 11, 2, 5, 50, tz="UTC").in_timezone(NEW_YORK)
EST_0110 = pendulum.datetime(2025, 11, 2, 6, 10, tz="UTC").in_timezone(NEW_YORK)  # 20 min later
DST_ZONES = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham"]


def club() -> LoyaltyProgram:
    return LoyaltyProgram(
        name="C", currency="USD", spend_per_point=Money(1, "USD"), points_expire_after=None
    )


def purchase(at: pendulum.DateTime, id: str = "O-1", customer: str = "C-1") -> Purchase:
    return Purchase(
        id=id, customer_id=customer, sku="X", product_category="x",
        price=Money(100, "USD"), purchased_at=at,
    )  # fmt: skip


def test_the_wall_clocks_are_in_the_reverse_order() -> None:
    assert (EDT_0150.hour, EDT_0150.minute, EST_0110.hour, EST_0110.minute) == (1, 50, 1, 10)
    assert EST_0110 < EDT_0150  # what Python says, and what the library must not


def test_a_redemption_twenty_minutes_after_a_bonus_is_accepted() -> None:
    ledger = LoyaltyLedger(program=club(), customer_id="C-1").bonus(id="B", points=10, at=EDT_0150)
    redeemed = ledger.redeem(reward_id="R", points=5, at=EST_0110)
    assert redeemed.balance(EST_0110) == 5
    assert redeemed.balance(EDT_0150) == 10


def test_a_bonus_before_the_last_entry_is_refused_on_real_time() -> None:
    ledger = LoyaltyLedger(program=club(), customer_id="C-1").bonus(id="B", points=10, at=EST_0110)
    with pytest.raises(ValidationError) as caught:
        ledger.bonus(id="B-2", points=1, at=EDT_0150)
    assert (caught.value.field, caught.value.value) == ("at", EDT_0150)
    assert "earlier than the last entry" in caught.value.rule


def test_a_history_in_real_time_order_replays() -> None:
    ledger = LoyaltyLedger(program=club(), customer_id="C-1").bonus(id="B", points=10, at=EDT_0150)
    ledger = ledger.redeem(reward_id="R", points=5, at=EST_0110)
    assert LoyaltyLedger(program=club(), customer_id="C-1", entries=ledger.entries) == ledger
    with pytest.raises(ValidationError):
        LoyaltyLedger(program=club(), customer_id="C-1", entries=ledger.entries[::-1])


def test_earning_later_than_the_purchase_in_the_second_pass_is_accepted() -> None:
    ledger = LoyaltyLedger(program=club(), customer_id="C-1").earn(purchase(EDT_0150), at=EST_0110)
    assert ledger.balance(EST_0110) == 100
    with pytest.raises(ValidationError) as caught:
        LoyaltyLedger(program=club(), customer_id="C-1").earn(purchase(EST_0110), at=EDT_0150)
    assert (caught.value.field, caught.value.rule) == ("at", "is before the purchase")


def test_a_batch_expiring_twenty_minutes_after_it_was_earned_is_valid() -> None:
    batch = PointBatch(id="B", points=1, at=EDT_0150, expires_at=EST_0110)
    assert batch.expires_at == EST_0110
    with pytest.raises(ValidationError) as caught:
        PointBatch(id="B", points=1, at=EST_0110, expires_at=EDT_0150)
    assert caught.value.field == "expires_at"


def test_points_expire_on_real_time() -> None:
    batch = PointBatch(id="B", points=3, at=EDT_0150.subtract(days=1), expires_at=EST_0110)
    ledger = LoyaltyLedger(program=club(), customer_id="C-1", entries=[batch])
    assert ledger.balance(EDT_0150) == 3  # 20 minutes before the expiry
    assert ledger.balance(EST_0110) == 0
    assert ledger.expiring(EDT_0150.subtract(hours=1), until=EDT_0150) == 0
    assert ledger.expiring(EDT_0150.subtract(hours=1), until=EST_0110) == 3
    assert [type(e).__name__ for e in ledger.statement(EST_0110)] == ["PointBatch", "Expiry"]


def test_claims_and_deliveries_are_checked_on_real_time() -> None:
    bought = purchase(EDT_0150)
    assert Claim(id="R", kind="refund", purchase=bought, opened_at=EST_0110).opened_at == EST_0110
    with pytest.raises(ValidationError):
        Claim(id="R", kind="refund", purchase=purchase(EST_0110), opened_at=EDT_0150)
    with pytest.raises(ValidationError):
        Purchase(
            id="O", customer_id="C", sku="X", product_category="x", price=Money(1, "USD"),
            purchased_at=EST_0110, delivered_at=EDT_0150,
        )  # fmt: skip


def test_a_referral_twenty_minutes_later_is_the_second_one() -> None:
    program = ReferralProgram(
        name="F", referrer_reward=ReferralReward(points=1), referee_reward=ReferralReward(points=1)
    )
    first = Referral(referrer_id="A", referee_id="B", at=EDT_0150)
    second = Referral(referrer_id="Z", referee_id="B", at=EST_0110)
    outcome = program.evaluate(second, [], at=EST_0110, existing=[first])
    assert outcome.codes == ("referral.already_referred",)
    assert program.evaluate(first, [], at=EST_0110, existing=[second]).codes != (
        "referral.already_referred",
    )


def test_a_referee_who_bought_before_the_referral_is_an_existing_customer() -> None:
    program = ReferralProgram(
        name="F", referrer_reward=ReferralReward(points=1), referee_reward=ReferralReward(points=1)
    )
    referral = Referral(referrer_id="A", referee_id="B", at=EST_0110)
    bought = purchase(EDT_0150, customer="B")  # 20 minutes before the referral
    assert program.evaluate(referral, [bought], at=EST_0110).codes == (
        "referral.existing_customer",
    )


def test_a_segment_counts_the_purchases_up_to_now_on_real_time() -> None:
    customer = Customer(id="C-1", name="An")
    later = purchase(EST_0110)  # 20 minutes after "now"
    found = segment(customer, [later], EDT_0150)
    assert found.purchases == 0


def test_a_journey_plans_in_real_time_order() -> None:
    journey = CareJourney(
        name="j",
        steps=[JourneyStep(key="thanks", trigger="purchase", channel="email", template="t")],
    )
    customer = Customer(id="C-1", name="An")
    orders = [purchase(EST_0110, id="O-2"), purchase(EDT_0150, id="O-1")]
    window = (EDT_0150.subtract(hours=1), EST_0110.add(hours=1))
    planned = journey.plan(customer, orders, [], window)
    assert [c.reference for c in planned] == ["O-1", "O-2"]


def test_a_journey_window_is_read_on_real_time() -> None:
    journey = CareJourney(
        name="j",
        steps=[JourneyStep(key="thanks", trigger="purchase", channel="email", template="t")],
    )
    customer = Customer(id="C-1", name="An")
    # [01:50 EDT, 01:10 EST) is a 20-minute window, not an empty one.
    planned = journey.plan(customer, [purchase(EDT_0150)], [], (EDT_0150, EST_0110))
    assert [c.reference for c in planned] == ["O-1"]


def test_a_ticket_event_twenty_minutes_later_is_accepted() -> None:
    ticket = Ticket.open(id="T", channel="email", at=EDT_0150).respond(at=EST_0110)
    assert ticket.first_response_at == EST_0110
    with pytest.raises(EventOutOfOrderError):
        Ticket.open(id="T", channel="email", at=EST_0110).respond(at=EDT_0150)


# -- the property: the library orders instants as UTC does --------------------------------


def in_dst_zones() -> hs.SearchStrategy[pendulum.DateTime]:
    return strategies.instants(timezones=DST_ZONES)


@given(hs.lists(in_dst_zones(), min_size=1, max_size=6, unique_by=unix_micros))
def test_a_ledger_accepts_entries_exactly_in_utc_order(ats: list[pendulum.DateTime]) -> None:
    empty = LoyaltyLedger(program=club(), customer_id="C-1")
    in_order = sorted(ats, key=unix_micros)
    ledger = empty
    for i, at in enumerate(in_order):
        ledger = ledger.bonus(id=f"B-{i}", points=1, at=at)
    assert [unix_micros(e.at) for e in ledger.statement(in_order[-1])] == [
        unix_micros(at) for at in in_order
    ]
    assert ledger.balance(in_order[-1]) == len(ats)
    assume(len(ats) > 1)
    with pytest.raises(ValidationError):
        ledger.bonus(id="late", points=1, at=in_order[-2])


@given(hs.lists(in_dst_zones(), min_size=2, max_size=6, unique_by=unix_micros))
def test_the_balance_at_an_instant_counts_the_entries_before_it_on_utc(
    ats: list[pendulum.DateTime],
) -> None:
    in_order = sorted(ats, key=unix_micros)
    ledger = LoyaltyLedger(program=club(), customer_id="C-1")
    for i, at in enumerate(in_order):
        ledger = ledger.bonus(id=f"B-{i}", points=1, at=at)
    for i, at in enumerate(in_order):
        assert ledger.balance(at) == i + 1
        assert ledger.balance(at.subtract(microseconds=1)) == i


@given(hs.lists(in_dst_zones(), min_size=1, max_size=5, unique_by=unix_micros))
def test_a_journey_plans_contacts_in_utc_order(ats: list[pendulum.DateTime]) -> None:
    journey = CareJourney(
        name="j",
        steps=[JourneyStep(key="thanks", trigger="purchase", channel="email", template="t")],
    )
    orders = [purchase(at, id=f"O-{i}") for i, at in enumerate(ats)]
    first, last = min(ats, key=unix_micros), max(ats, key=unix_micros)
    planned = journey.plan(
        Customer(id="C-1", name="An"), orders, [], (first, last.add(microseconds=1))
    )
    assert [c.reference for c in planned] == [
        o.id for o in sorted(orders, key=lambda o: unix_micros(o.purchased_at))
    ]


@given(in_dst_zones(), hs.integers(1, 3 * 3600))
def test_a_ticket_takes_any_later_instant_and_refuses_any_earlier(
    at: pendulum.DateTime, seconds: int
) -> None:
    later = at.add(seconds=seconds)  # real seconds
    ticket = Ticket.open(id="T", channel="email", at=at)
    assert ticket.respond(at=later.in_timezone(at.timezone_name)).first_response_at == later
    with pytest.raises(EventOutOfOrderError):
        Ticket.open(id="T", channel="email", at=later).respond(at=at)


def test_occasions_are_listed_in_date_order() -> None:
    from aftersales_core.care import Occasions

    start = pendulum.datetime(2026, 12, 1, tz="Asia/Ho_Chi_Minh")
    customer = Customer(id="C", name="An", birthday=date(1990, 12, 8))
    found = Occasions().upcoming([customer], (start, start + timedelta(days=31)))
    assert [o.on for o in found] == sorted(o.on for o in found)
