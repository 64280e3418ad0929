"""Policies under hostile input: the caller's decimal context, negative prices, odd objects.

A policy's answer (a decision, a refund, a credit, a fee, a charter section) must not
depend on the thread's `decimal` context; a price paid is never negative; a limit decides
on the exact distance; and bad arguments raise typed errors naming field and value.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pendulum
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aftersales_core import Money
from aftersales_core.bands import Bands
from aftersales_core.errors import AftersalesError, InvalidTypeError, ValidationError
from aftersales_core.facts import Claim, GeoPoint, Purchase
from aftersales_core.policies import (
    CompensationRule,
    CompensationTier,
    DistanceFee,
    MaintenanceSchedule,
    Outcome,
    Reason,
    RefundRule,
    RefundTier,
    ReturnWindowPolicy,
    ServiceAreaPolicy,
    WarrantyPolicy,
)
from aftersales_core.testing.policies import claims, policies

from .test_money import default_and_hostile, hostile_contexts

T0 = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
PURCHASE = Purchase(
    id="O-1",
    customer_id="C-1",
    sku="LAPTOP-14",
    product_category="laptop",
    price=Money("100.00", "USD"),
    purchased_at=T0,
    delivered_at=T0,
)
PRORATED = RefundRule(
    tiers=[RefundTier(min_error_rate=Decimal("0.1"), refund_ratio=Decimal(1))],
    prorate_over="100d",
)
LATE = CompensationRule(tiers=[CompensationTier(late_by="4h", credit=Decimal("0.1"))])


# --- the caller's decimal context --------------------------------------------------------


def test_a_prorated_refund_under_one_digit_of_precision() -> None:
    with decimal.localcontext(prec=1):
        refund = PRORATED.refund_for(Money("100.00", "USD"), Decimal("0.5"), used=Decimal("0.26"))
    assert refund == Money("74.00", "USD")


def test_a_prorated_decision_under_one_digit_of_precision() -> None:
    claim = Claim(
        id="R-1", kind="refund", purchase=PURCHASE, opened_at=T0.add(days=26), error_rate="0.5"
    )
    with decimal.localcontext(prec=1):
        decision = PRORATED.decide(claim)
    assert decision.amount == Money("74.00", "USD")
    assert "26% of the period" in decision.reasons[1].message


def test_lateness_in_seconds_under_one_digit_of_precision() -> None:
    # 5 hours are 18000 s; in one digit that is 2E+4 s, and 3h59m rounded up earned a credit.
    with decimal.localcontext(prec=1, rounding=decimal.ROUND_UP):
        assert LATE.credit_for("3h59m") == 0
        assert LATE.credit_for("5h", price=Money("100.00", "USD")) == Money("10.00", "USD")


def test_a_charter_section_under_one_digit_of_precision() -> None:
    with decimal.localcontext(prec=1):
        text = LATE.describe("en") + PRORATED.describe("en")
    assert text == LATE.describe("en") + PRORATED.describe("en")
    assert "10% of the price" in text


@settings(max_examples=60)
@given(
    policy=policies(currency="USD"), claim=claims(currencies=["USD"]), context=hostile_contexts()
)
def test_decisions_and_charters_do_not_depend_on_the_callers_decimal_context(
    policy: Any, claim: Claim, context: decimal.Context
) -> None:
    for compute in (
        lambda: policy.decide(claim),
        lambda: policy.describe("en"),
        lambda: policy.describe("vi"),
    ):
        expected, found = default_and_hostile(compute, context)
        assert found == expected


@given(
    paid=st.integers(0, 10**9).map(lambda cents: Money.from_units(cents, "USD")),
    rate=st.decimals(0, 1, places=4),
    used=st.decimals(0, 1, places=6),
    miss=st.timedeltas(min_value=pendulum.duration(), max_value=pendulum.duration(days=30)),
    distance=st.decimals(0, 50, places=5),
    context=hostile_contexts(),
)
@example(
    paid=Money("100.00", "USD"),
    rate=Decimal("0.5"),
    used=Decimal("0.26"),
    miss=pendulum.duration(hours=5),
    distance=Decimal("2.0001"),
    context=decimal.Context(prec=1),
)
def test_policy_arithmetic_does_not_depend_on_the_callers_decimal_context(
    paid: Money, rate: Decimal, used: Decimal, miss: Any, distance: Decimal, context: Any
) -> None:
    area = ServiceAreaPolicy(
        service_points=[GeoPoint(latitude=0, longitude=0)],
        free_radius_km=2,
        fee_bands=[DistanceFee(up_to_km="7.5", fee=Money("3.50", "USD"))],
    )
    returns = ReturnWindowPolicy(days=30, restocking_fee=Decimal("0.15"))
    for compute in (
        lambda: PRORATED.refund_for(paid, rate, used=used),
        lambda: LATE.credit_for(miss, price=paid),
        lambda: area.fee_for(distance, currency="USD"),
        lambda: returns.restocking_fee_for(paid),
    ):
        expected, found = default_and_hostile(compute, context)
        assert found == expected


# --- a price paid is never negative ------------------------------------------------------

NEGATIVE = Money("-100.00", "USD")


@pytest.mark.parametrize(
    ("compute", "field"),
    [
        (lambda: LATE.credit_for("5h", price=NEGATIVE), "price"),
        (lambda: PRORATED.refund_for(NEGATIVE, Decimal("0.5")), "paid"),
        (
            lambda: ReturnWindowPolicy(days=7, restocking_fee=Decimal("0.1")).restocking_fee_for(
                NEGATIVE
            ),
            "price",
        ),
        (lambda: ReturnWindowPolicy(days=7).restocking_fee_for(NEGATIVE), "price"),
        (lambda: DistanceFee(up_to_km=5, fee=NEGATIVE), "fee"),
        (lambda: RefundRule(tiers=PRORATED.tiers, cap=NEGATIVE), "cap"),
        (lambda: CompensationTier(late_by="1h", credit=NEGATIVE), "credit"),
    ],
    ids=["credit_for", "refund_for", "restocking ratio", "restocking none", "fee", "cap", "credit"],
)
def test_a_negative_amount_paid_is_refused(compute: Any, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        compute()
    assert (caught.value.field, caught.value.value) == (field, NEGATIVE)
    assert caught.value.rule.startswith("must be zero or more")


@pytest.mark.parametrize("price", [1.5, 150, "150 USD", Decimal(150), None.__class__])
def test_a_price_that_is_not_money_is_refused(price: Any) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        LATE.credit_for("5h", price=price)
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "price",
        price,
        "must be Money",
    )
    with pytest.raises(InvalidTypeError) as caught:
        ReturnWindowPolicy(days=7).restocking_fee_for(price)
    assert (caught.value.field, caught.value.value) == ("price", price)


# --- exact distances decide --------------------------------------------------------------

OFFICE = GeoPoint(latitude=0, longitude=0)
AREA = ServiceAreaPolicy(service_points=[OFFICE], free_radius_km=2)


def _just_beyond() -> GeoPoint:
    # A point about 2.0001 km east of the office, on the equator (1° is ~111.195 km there).
    return GeoPoint(latitude=0, longitude=2.0001 / 111.19508372419141)


def test_a_pickup_just_beyond_the_free_radius_is_not_free() -> None:
    pickup = _just_beyond()
    distance = OFFICE.distance_km(pickup)
    assert Decimal("2.00005") < distance < Decimal("2.00015")
    assert AREA.fee_for(distance, currency="USD") is None
    claim = Claim(
        id="D-1",
        kind="delivery",
        purchase=PURCHASE,
        opened_at=T0.add(days=1),
        location=pickup,
    )
    decision = AREA.decide(claim)
    assert decision.outcome is Outcome.DENIED
    assert decision.reasons[0].message == "2.001 km is beyond the service area (2 km)"
    assert decision.reasons[0].params["distance_km"] == distance


def test_a_fee_band_edge_is_not_crossed_when_shown() -> None:
    area = ServiceAreaPolicy(
        service_points=[OFFICE],
        free_radius_km=2,
        fee_bands=[DistanceFee(up_to_km="2.5", fee=Money("3.50", "USD"))],
    )
    pickup = GeoPoint(latitude=0, longitude=2.0004 / 111.19508372419141)
    claim = Claim(
        id="D-2", kind="delivery", purchase=PURCHASE, opened_at=T0.add(days=1), location=pickup
    )
    decision = area.decide(claim)
    assert decision.fee == Money("3.50", "USD")
    assert decision.reasons[0].message.startswith("2.001 km from the nearest service point")


@given(
    lat=st.floats(-90, 90),
    lon=st.floats(-180, 180),
    radius=st.decimals(0, 30, places=4),
)
def test_the_decision_and_the_fee_agree_on_every_distance(
    lat: float, lon: float, radius: Decimal
) -> None:
    area = ServiceAreaPolicy(service_points=[OFFICE], free_radius_km=radius)
    point = GeoPoint(latitude=lat, longitude=lon)
    claim = Claim(
        id="D-3", kind="delivery", purchase=PURCHASE, opened_at=T0.add(days=1), location=point
    )
    inside = area.decide(claim).outcome is Outcome.APPROVED
    assert inside == (OFFICE.distance_km(point) <= radius)
    assert inside == (area.fee_for(OFFICE.distance_km(point), currency="USD") is not None)


def test_distance_to_something_else_than_a_point() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        OFFICE.distance_km((0, 0))  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("other", (0, 0))
    assert caught.value.rule == "must be a GeoPoint"


# --- raw exceptions that escaped, and minor holes ----------------------------------------


def test_a_credit_for_a_float_price() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        LATE.credit_for("5h", price=1.5)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("price", 1.5)


@pytest.mark.parametrize("period", ["0d", "0mo", "0y", "0y0mo0d"])
def test_a_zero_proration_period_is_refused(period: str) -> None:
    with pytest.raises(ValidationError) as caught:
        RefundRule(tiers=PRORATED.tiers, prorate_over=period)
    assert caught.value.field == "prorate_over"
    assert "zero" in caught.value.rule


def test_a_rounding_that_cannot_be_looked_up() -> None:
    with pytest.raises(ValidationError) as caught:
        RefundRule(tiers=PRORATED.tiers, rounding=["ROUND_UP"])  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("rounding", ["ROUND_UP"])


def test_errors_stay_typed_for_any_claim() -> None:
    with pytest.raises(AftersalesError):
        PRORATED.decide("not a claim")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "compute",
    [
        lambda: ReturnWindowPolicy(days=7).window_end(5),
        lambda: WarrantyPolicy(term="12mo").expires_at(5),
        lambda: MaintenanceSchedule(every_months=6).next_due(5, at=T0),
        lambda: MaintenanceSchedule(every_months=6).due_dates(5, T0),
    ],
    ids=["window_end", "expires_at", "next_due", "due_dates"],
)
def test_a_purchase_that_is_not_one(compute: Any) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        compute()
    assert (caught.value.field, caught.value.value) == ("purchase", 5)


def test_a_reason_template_with_a_field_not_given() -> None:
    with pytest.raises(ValidationError) as caught:
        Reason.of("acme.x", "{missing} km")
    assert (caught.value.field, caught.value.value) == ("template", "{missing} km")


@pytest.mark.parametrize("pairs", [5, [(1,)], [1, 2], "ab"])
def test_bands_of_something_else_than_pairs(pairs: Any) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        Bands.at_least(pairs)
    assert caught.value.field.startswith("thresholds")
