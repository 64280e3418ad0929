from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import CurrencyMismatchError, InvalidTypeError, Money, ValidationError
from aftersales_core.facts import Claim, Customer, GeoPoint, Purchase
from aftersales_core.policies import DistanceFee, Outcome, ServiceAreaPolicy
from aftersales_core.testing.policies import claims, geo_points, service_area_policies

T0 = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
OFFICE = GeoPoint(latitude=10.7769, longitude=106.7009)
KM_EAST = 1 / 109.26  # degrees of longitude per km at this latitude, near enough
JOB = Purchase(
    id="O-7",
    customer_id="C-1",
    sku="TRANSLATE-EN-VI",
    product_category="translation",
    price=Money(2_000_000, "VND"),
    purchased_at=T0,
)
FREE = ServiceAreaPolicy(service_points=[OFFICE], free_radius_km=2)
PAID = ServiceAreaPolicy(
    service_points=[OFFICE, GeoPoint(latitude=21.0285, longitude=105.8542)],
    free_radius_km=Decimal(2),
    fee_bands=[
        DistanceFee(up_to_km=5, fee=Money(30_000, "VND")),
        DistanceFee(up_to_km=10, fee=Money(50_000, "VND")),
    ],
)


def at_km(km):
    return GeoPoint(latitude=OFFICE.latitude, longitude=OFFICE.longitude + km * KM_EAST)


def pickup(location=None, customer=None):
    return Claim(
        id="P", kind="delivery", purchase=JOB, opened_at=T0, location=location, customer=customer
    )


def test_free_pickup_within_two_km():
    d = FREE.decide(pickup(at_km(1.5)))
    assert (d.outcome, d.clause, d.codes) == (
        Outcome.APPROVED,
        "free_radius",
        ("service_area.free",),
    )
    assert d.fee == Money(0, "VND")
    assert d.reasons[0].params["free_radius_km"] == Decimal(2)
    assert FREE.fee_for(Decimal(2), currency="VND") == Money(0, "VND")
    assert FREE.fee_for("2.001", currency="VND") is None
    far = FREE.decide(pickup(at_km(2.5)))
    assert (far.outcome, far.clause, far.codes) == (
        Outcome.DENIED,
        "area",
        ("service_area.not_served",),
    )
    assert "beyond the service area (2 km)" in far.reasons[0].message


def test_fee_bands_beyond_the_free_radius():
    assert [str(b) for b in PAID.bands] == ["[0, 2]", "(2, 5]", "(5, 10]"]
    d = PAID.decide(pickup(at_km(3)))
    assert (d.outcome, d.clause, d.fee) == (Outcome.APPROVED, "fees", Money(30_000, "VND"))
    assert PAID.decide(pickup(at_km(7))).fee == Money(50_000, "VND")
    assert PAID.decide(pickup(at_km(12))).outcome is Outcome.DENIED
    assert PAID.fee_for(10, currency="VND") == Money(50_000, "VND")


def test_the_nearest_service_point_counts():
    hanoi_customer = GeoPoint(latitude=21.0300, longitude=105.8542)
    assert PAID.distance_km(hanoi_customer) < Decimal("0.2")
    assert PAID.decide(pickup(hanoi_customer)).codes == ("service_area.free",)


def test_the_location_comes_from_the_claim_or_the_customer():
    home = Customer(id="C-1", name="An", location=at_km(1))
    assert FREE.decide(pickup(customer=home)).granted
    assert FREE.decide(pickup(at_km(5), customer=home)).outcome is Outcome.DENIED
    nowhere = FREE.decide(pickup(customer=Customer(id="C-1", name="An")))
    assert (nowhere.clause, nowhere.codes) == ("location", ("service_area.no_location",))
    assert FREE.decide(pickup()).codes == ("service_area.no_location",)


def test_fees_in_another_currency_are_refused():
    with pytest.raises(CurrencyMismatchError):
        PAID.fee_for(3, currency="USD")
    with pytest.raises(CurrencyMismatchError):
        ServiceAreaPolicy(
            service_points=[OFFICE],
            free_radius_km=2,
            fee_bands=[
                DistanceFee(up_to_km=5, fee=Money(30_000, "VND")),
                DistanceFee(up_to_km=9, fee=Money(3, "USD")),
            ],
        )
    with pytest.raises(ValidationError, match="distance_km"):
        FREE.fee_for(-1, currency="VND")


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"service_points": [], "free_radius_km": 2}, ValidationError, "service_points"),
        ({"service_points": None, "free_radius_km": 2}, ValidationError, "service_points"),
        (
            {"service_points": [(10.7, 106.7)], "free_radius_km": 2},
            InvalidTypeError,
            "service_points[0]",
        ),
        ({"service_points": [OFFICE], "free_radius_km": -1}, ValidationError, "free_radius_km"),
        ({"service_points": [OFFICE], "free_radius_km": 2.0}, InvalidTypeError, "free_radius_km"),
        (
            {"service_points": [OFFICE], "free_radius_km": 2, "fee_bands": "5km"},
            ValidationError,
            "fee_bands",
        ),
        (
            {"service_points": [OFFICE], "free_radius_km": 2, "fee_bands": [5]},
            InvalidTypeError,
            "fee_bands[0]",
        ),
        (
            {
                "service_points": [OFFICE],
                "free_radius_km": 2,
                "fee_bands": [DistanceFee(up_to_km=2, fee=Money(1, "VND"))],
            },
            ValidationError,
            "fee_bands[0].up_to_km",
        ),
        (
            {
                "service_points": [OFFICE],
                "free_radius_km": 2,
                "fee_bands": [
                    DistanceFee(up_to_km=8, fee=Money(1, "VND")),
                    DistanceFee(up_to_km=5, fee=Money(1, "VND")),
                ],
            },
            ValidationError,
            "fee_bands[1].up_to_km",
        ),
    ],
)
def test_bad_areas_are_refused(kwargs, error, field):
    with pytest.raises(error) as info:
        ServiceAreaPolicy(**kwargs)
    assert info.value.field == field


def test_bad_fee_bands_are_refused():
    with pytest.raises(ValidationError, match="fee"):
        DistanceFee(up_to_km=5, fee=Money(-1, "VND"))
    with pytest.raises(InvalidTypeError, match="fee"):
        DistanceFee(up_to_km=5, fee=30_000)
    with pytest.raises(ValidationError, match="up_to_km"):
        DistanceFee(up_to_km=-5, fee=Money(1, "VND"))


def test_describe_in_both_languages():
    assert PAID.describe("vi").splitlines()[2:] == [
        "- Miễn phí giao nhận trong bán kính 2 km.",
        "- Trên 2 km đến 5 km: phí 30.000\xa0₫.",
        "- Trên 5 km đến 10 km: phí 50.000\xa0₫.",
        "- Ngoài 10 km: ngoài phạm vi phục vụ.",
    ]
    assert PAID.describe("en").splitlines()[3] == "- Over 2 to 5 km: ₫30,000."
    named = ServiceAreaPolicy(name="Q1", service_points=[OFFICE], free_radius_km=Decimal("2.5"))
    assert named.describe("vi").splitlines()[:3] == [
        "### Giao nhận: Q1",
        "",
        "- Miễn phí giao nhận trong bán kính 2,5 km.",
    ]


@given(service_area_policies(currency="VND"), geo_points(), geo_points())
def test_fees_never_apply_inside_the_free_radius_and_grow_with_the_bands(area, a, b):
    near, far = sorted((a, b), key=area.distance_km)
    fee_near = area.fee_for(area.distance_km(near), currency="VND")
    fee_far = area.fee_for(area.distance_km(far), currency="VND")
    if area.distance_km(near) <= area.free_radius_km:
        assert fee_near == Money(0, "VND")
    if fee_far is not None:  # served far away means served nearer too
        assert fee_near is not None
        assert fee_near <= fee_far  # the strategy draws non-decreasing fees


@given(
    service_area_policies(currency="VND"), claims(currencies=["VND"]), hs.sampled_from(["vi", "en"])
)
def test_service_area_decisions_always_explain(area, c, lang):
    d = area.decide(c)
    assert d.reasons
    if d.granted:
        assert d.fee is not None
    assert area.describe(lang)


# --- distances are bounded by the size of the earth; the location hook is checked -------


@pytest.mark.parametrize("radius", ["1e999999999", "20037.6", Decimal("1E+30"), -1])
def test_the_free_radius_is_bounded_by_the_size_of_the_earth(radius):
    with pytest.raises(ValidationError, match=r"from 0 to 20037\.5") as info:
        ServiceAreaPolicy(service_points=[OFFICE], free_radius_km=radius)
    assert info.value.field == "free_radius_km"


@pytest.mark.parametrize("edge", ["1e999999999", "20037.6"])
def test_fee_band_edges_are_bounded_by_the_size_of_the_earth(edge):
    with pytest.raises(ValidationError, match=r"from 0 to 20037\.5") as info:
        DistanceFee(up_to_km=edge, fee=Money(1, "VND"))
    assert info.value.field == "up_to_km"


def test_the_whole_earth_can_be_free_and_rendered():
    world = ServiceAreaPolicy(service_points=[OFFICE], free_radius_km="20037.5")
    far = GeoPoint(latitude=-OFFICE.latitude, longitude=OFFICE.longitude - 180)
    assert world.decide(pickup(location=far)).outcome is Outcome.APPROVED
    assert "20037.5 km" in world.describe("en")


@attrs.frozen(kw_only=True)
class _Hooked(ServiceAreaPolicy):
    kind = "test.hooked_area"

    def location_of(self, claim):
        return (10.7769, 106.7009)


def test_a_location_hook_must_return_a_geopoint():
    with pytest.raises(InvalidTypeError) as info:
        _Hooked(service_points=[OFFICE], free_radius_km=2).decide(pickup())
    assert info.value.field == "_Hooked.location_of"
