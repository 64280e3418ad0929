from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pendulum
import pytest
from hypothesis import example, given

from aftersales_core import (
    InvalidDurationError,
    InvalidTypeError,
    Money,
    NaiveDatetimeError,
    ValidationError,
)
from aftersales_core.facts import Claim, Customer, GeoPoint, Purchase
from aftersales_core.testing.policies import claims, geo_points, purchases
from aftersales_core.vocabulary import Channel, ClaimKind

T0 = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")


def purchase(**changes):
    fields = {
        "id": "O-1",
        "customer_id": "C-1",
        "sku": "PHONE-X",
        "product_category": "phone",
        "price": Money(9_990_000, "VND"),
        "purchased_at": T0,
    }
    fields.update(changes)
    return Purchase(**fields)


def claim(**changes):
    fields = {"id": "K-1", "kind": "warranty", "purchase": purchase(), "opened_at": T0.add(days=1)}
    fields.update(changes)
    return Claim(**fields)


def test_a_purchase_keeps_its_facts_and_accepts_aware_stdlib_datetimes():
    bought = datetime(2026, 3, 1, 3, tzinfo=UTC)
    p = purchase(purchased_at=bought, delivered_at=bought + timedelta(days=2), channel="web")
    assert isinstance(p.purchased_at, pendulum.DateTime)
    assert p.purchased_at == bought
    assert p.received_at == p.delivered_at
    assert p.channel is Channel.WEB
    assert purchase().received_at == T0
    assert purchase().channel is Channel.IN_STORE


def test_a_claim_converts_text_and_keeps_optional_facts():
    c = claim(
        kind="refund",
        error_rate="0.25",
        usage=1200,
        lateness="5h",
        achieved_ratio=Decimal("0.995"),
        reason_code="translation_error",
        customer=Customer(id="C-1", name="An", tier="gold"),
        location=GeoPoint(latitude=10.77, longitude=106.7),
        previous_claims=2,
    )
    assert c.kind is ClaimKind.REFUND
    assert c.error_rate == Decimal("0.25")
    assert c.usage == Decimal(1200)
    assert c.lateness == pendulum.duration(hours=5)
    assert c.customer.tier == "gold"
    assert (c.opened, c.damaged, c.has_receipt) == (False, False, True)


def test_facts_are_frozen_and_equal_by_value():
    assert claim() == claim()
    assert hash(claim()) == hash(claim())
    with pytest.raises(AttributeError):
        claim().opened_at = T0  # type: ignore[misc]


def test_a_claim_opened_before_the_purchase_is_refused():
    with pytest.raises(ValidationError) as info:
        claim(opened_at=T0.subtract(seconds=1))
    assert info.value.field == "opened_at"
    assert "before the purchase" in str(info.value)
    assert claim(opened_at=T0).opened_at == T0  # the same instant is fine


def test_a_delivery_before_the_purchase_is_refused():
    with pytest.raises(ValidationError, match="delivered_at"):
        purchase(delivered_at=T0.subtract(hours=1))


def test_the_customer_must_be_the_buyer():
    with pytest.raises(ValidationError, match="customer"):
        claim(customer=Customer(id="C-2", name="Bình"))


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("purchased_at", datetime(2026, 3, 1, 10), NaiveDatetimeError),
        ("purchased_at", pendulum.naive(2026, 3, 1), NaiveDatetimeError),
        ("purchased_at", "2026-03-01", InvalidTypeError),
        ("delivered_at", datetime(2026, 3, 2), NaiveDatetimeError),
        ("price", 9.99, InvalidTypeError),
        ("price", Money(-1, "VND"), ValidationError),
        ("id", "", ValidationError),
        ("id", "   ", ValidationError),
        ("sku", 42, InvalidTypeError),
        ("channel", "fax", ValidationError),
        ("serial_number", "", ValidationError),
    ],
)
def test_bad_purchases_name_the_field(field, value, error):
    with pytest.raises(error) as info:
        purchase(**{field: value})
    assert info.value.field == field


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("kind", "wish", ValidationError),
        ("opened_at", datetime(2026, 3, 2), NaiveDatetimeError),
        ("error_rate", Decimal("1.01"), ValidationError),
        ("error_rate", Decimal("-0.01"), ValidationError),
        ("error_rate", 0.2, InvalidTypeError),
        ("error_rate", "a lot", ValidationError),
        ("achieved_ratio", Decimal(2), ValidationError),
        ("usage", -1, ValidationError),
        ("previous_claims", -1, ValidationError),
        ("previous_claims", 1.0, InvalidTypeError),
        ("previous_claims", True, InvalidTypeError),
        ("opened", "yes", InvalidTypeError),
        ("has_receipt", 1, InvalidTypeError),
        ("purchase", "O-1", InvalidTypeError),
        ("customer", "C-1", InvalidTypeError),
        ("location", (10.7, 106.7), InvalidTypeError),
        ("reason_code", "", ValidationError),
    ],
)
def test_bad_claims_are_refused(field, value, error):
    with pytest.raises(error):
        claim(**{field: value})


def test_bad_lateness_is_refused_with_its_name():
    with pytest.raises(InvalidDurationError) as info:
        claim(lateness="-2h")
    assert info.value.field == "lateness"


def test_customers_validate_birthday_and_texts():
    assert Customer(id="C", name="An", birthday=date(1990, 2, 14)).birthday == date(1990, 2, 14)
    with pytest.raises(InvalidTypeError, match="birthday"):
        Customer(id="C", name="An", birthday=datetime(1990, 2, 14))
    with pytest.raises(InvalidTypeError, match="birthday"):
        Customer(id="C", name="An", birthday="1990-02-14")
    with pytest.raises(ValidationError, match="name"):
        Customer(id="C", name="")
    with pytest.raises(ValidationError, match="tier"):
        Customer(id="C", name="An", tier=" ")


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        (91, 0, "latitude"),
        (0, -180.5, "longitude"),
        (float("nan"), 0, "latitude"),
        (0, float("inf"), "longitude"),
        (True, 0, "latitude"),
        ("north", 0, "latitude"),
        (None, 0, "latitude"),
    ],
)
def test_bad_coordinates_are_refused(latitude, longitude, field):
    with pytest.raises(ValidationError) as info:
        GeoPoint(latitude=latitude, longitude=longitude)
    assert info.value.field == field


def test_coordinates_accept_decimal_and_text():
    point = GeoPoint(latitude=Decimal("10.5"), longitude="106.25")
    assert (point.latitude, point.longitude) == (10.5, 106.25)
    assert point.distance_km(point) == Decimal("0.000")


def test_two_km_is_measured_on_the_great_circle():
    office = GeoPoint(latitude=10.7769, longitude=106.7009)
    # one degree of longitude at this latitude is about 109.3 km
    east = GeoPoint(latitude=10.7769, longitude=106.7009 + 2 / 109.26)
    assert Decimal("1.99") < office.distance_km(east) < Decimal("2.01")


@given(geo_points(), geo_points(), geo_points())
@example(
    GeoPoint(latitude=0, longitude=0),
    GeoPoint(latitude=0, longitude=180),
    GeoPoint(latitude=0, longitude=0),
)
def test_distances_are_a_metric(a, b, c):
    assert a.distance_km(b) == b.distance_km(a) >= 0
    # rounding to the metre may cost up to 1.5 m over two legs
    assert a.distance_km(c) <= a.distance_km(b) + b.distance_km(c) + Decimal("0.0015")
    # Half the circumference (π × 6371.0088 km = 20015.115 km), rounded to the metre.
    assert a.distance_km(b) <= Decimal("20015.115")


def _utc(at):
    # Python compares two datetimes of the same zone by wall clock, ignoring ``fold``:
    # in a repeated hour the later instant can look earlier. Compare in UTC.
    return at.in_timezone("UTC")


@given(purchases())
@example(
    Purchase(
        id="O-1",
        customer_id="C-1",
        sku="PHONE-X",
        product_category="phone",
        price=Money(0, "VND"),
        purchased_at=pendulum.datetime(2030, 4, 7, 1, 47, tz="Australia/Lord_Howe"),
        delivered_at=pendulum.datetime(2030, 4, 7, 1, 47, tz="Australia/Lord_Howe").add(minutes=13),
    )
)
def test_drawn_purchases_are_consistent(p):
    assert _utc(p.received_at) >= _utc(p.purchased_at)
    assert p.price.amount >= 0


@given(claims())
def test_drawn_claims_are_opened_after_the_purchase(c):
    assert _utc(c.opened_at) >= _utc(c.purchase.purchased_at)
    assert c.customer is None or c.customer.id == c.purchase.customer_id
