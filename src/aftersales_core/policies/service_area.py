"""Service area: free pickup and delivery near a service point, a fee further out.

Distances are great-circle (haversine) distances from the nearest service point.
Within the free radius — its edge included — pickup is free; beyond it, a fee by
distance bands (each up to its limit, included); beyond the last band, not served.
The unrounded distance decides: 2.0001 km is beyond a 2 km radius. Decisions show it to
the nearest metre, but never across the edge that decided: 2.0004 km beyond a 2 km
radius shows as 2.001 km, not 2 km.
A radius or a band edge is at most `MAX_KM` (20 037.5 km, half the Earth's
circumference): no two places on Earth are farther apart.

Examples:
    The translation company's free document pickup within 2 km:

    >>> from decimal import Decimal
    >>> from aftersales_core.facts import GeoPoint
    >>> office = GeoPoint(latitude=10.7769, longitude=106.7009)
    >>> area = ServiceAreaPolicy(service_points=[office], free_radius_km=2)
    >>> area.fee_for(Decimal("2"), currency="VND"), area.fee_for(Decimal("2.001"), currency="VND")
    (Money('0', 'VND'), None)
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import Any, ClassVar

import attrs

from .._internal import text as _text
from .._internal import validate as _v
from .._internal.exact import own_context
from ..bands import Bands
from ..errors import CurrencyMismatchError, InvalidTypeError, ValidationError
from ..facts import Claim, GeoPoint
from ..money import Money
from ..vocabulary import ClaimKind
from . import _fields as _f
from .base import Policy, register_policy
from .decisions import Decision, Outcome, Reason

__all__ = ["MAX_KM", "DistanceFee", "ServiceAreaPolicy"]

MAX_KM = Decimal("20037.5")
"""The longest distance a radius or a fee band may state: half the Earth's circumference."""

_check_km = _v.decimal_between(
    Decimal(0), MAX_KM, "must be from 0 to 20037.5 km (half the Earth's circumference)"
)


@attrs.frozen(kw_only=True)
class DistanceFee:
    """A fee for distances up to a limit (included), beyond the band before it.

    Attributes:
        up_to_km: The band's far edge in kilometres, included, from 0 to `MAX_KM`.
        fee: The fee charged in the band, zero or more.

    Examples:
        >>> DistanceFee(up_to_km=5, fee=Money(30_000, "VND")).up_to_km
        Decimal('5')
    """

    up_to_km: Decimal = attrs.field(converter=_v.to_decimal, validator=_check_km)
    fee: Money = attrs.field(validator=_v.check_money)


_check_points = _v.tuple_of(GeoPoint, what="GeoPoint values", non_empty=True)
_check_bands = _v.tuple_of(DistanceFee, what="DistanceFee values")


def _check_fees(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_bands(instance, attribute, value)
    assert isinstance(value, tuple)  # for the type checker: _check_bands refused anything else
    edge = _v.decimal_of(instance.free_radius_km, "free_radius_km")
    for i, band in enumerate(value):
        if band.up_to_km <= edge:
            raise ValidationError(
                field=f"fee_bands[{i}].up_to_km",
                value=band.up_to_km,
                rule=f"must be beyond the band before it ({_text.number(edge, 'en')} km)",
            )
        edge = band.up_to_km
        if band.fee.currency != value[0].fee.currency:
            raise CurrencyMismatchError(
                left=value[0].fee.currency, right=band.fee.currency, operation="mix fees of"
            )


@attrs.frozen(kw_only=True)
class ServiceAreaPolicy(Policy):
    """Free pickup and delivery within a radius of the service points, a fee or nothing beyond.

    Decides ``delivery`` claims (pickup or delivery requests) by the distance from
    the claim's location to the nearest service point: free within the radius,
    approved with a fee in a fee band, denied beyond the last band.

    Hook to override in a subclass: `location_of`; it must return a
    `GeoPoint` or ``None`` (an error names the hook).

    Attributes:
        name: The policy's name (default ``"service_area"``).
        service_points: One or more `GeoPoint`.
        free_radius_km: The free radius in kilometres, its edge included, from 0 to
            `MAX_KM`.
        fee_bands: `DistanceFee` bands beyond the free radius, by increasing distance,
            all in one currency.

    Raises:
        ValidationError: No service point, a radius out of range, fee bands out of order.
        CurrencyMismatchError: Fee bands in different currencies.

    Examples:
        >>> from aftersales_core.facts import GeoPoint
        >>> shop = GeoPoint(latitude=21.0285, longitude=105.8542)
        >>> area = ServiceAreaPolicy(service_points=[shop], free_radius_km=2,
        ...                          fee_bands=[DistanceFee(up_to_km=10, fee=Money(30_000, "VND"))])
        >>> area.fee_for(Decimal("7.5"), currency="VND")
        Money('30000', 'VND')
    """

    kind = "service_area"
    handles = frozenset({ClaimKind.DELIVERY})
    hooks: ClassVar[tuple[str, ...]] = (*Policy.hooks, "location_of")

    service_points: tuple[GeoPoint, ...] = attrs.field(
        converter=_v.to_tuple, validator=_check_points
    )
    free_radius_km: Decimal = attrs.field(converter=_v.to_decimal, validator=_check_km)
    fee_bands: tuple[DistanceFee, ...] = attrs.field(
        default=(), converter=_v.to_tuple, validator=_check_fees
    )

    @property
    def bands(self) -> Bands[Money | None]:
        """Distance bands in km: the free band (value ``None``) then the fee bands.

        Examples:
            >>> from aftersales_core.facts import GeoPoint
            >>> area = ServiceAreaPolicy(service_points=[GeoPoint(latitude=0, longitude=0)],
            ...                          free_radius_km=2)
            >>> [str(b) for b in area.bands]
            ['[0, 2]']
        """
        limits: list[tuple[Decimal, Money | None]] = [(self.free_radius_km, None)]
        limits += [(band.up_to_km, band.fee) for band in self.fee_bands]
        return Bands.up_to(limits)

    def distance_km(self, location: GeoPoint) -> Decimal:
        """The distance from ``location`` to the nearest service point, in km.

        Examples:
            >>> from aftersales_core.facts import GeoPoint
            >>> area = ServiceAreaPolicy(service_points=[GeoPoint(latitude=0, longitude=0),
            ...                                          GeoPoint(latitude=0, longitude=1)],
            ...                          free_radius_km=2)
            >>> round(area.distance_km(GeoPoint(latitude=0, longitude=0.9)), 3)
            Decimal('11.120')
        """
        return min(point.distance_km(location) for point in self.service_points)

    def fee_for(self, distance_km: Decimal | int | str, *, currency: str) -> Money | None:
        """The fee at a distance: zero within the free radius, ``None`` if not served.

        Args:
            distance_km: The distance in kilometres, zero or more.
            currency: The currency of the answer; must be that of the fee bands.

        Raises:
            CurrencyMismatchError: ``currency`` is not that of the fee bands.
            ValidationError: A negative distance.
        """
        distance = _v.decimal_of(distance_km, "distance_km")
        if distance < 0:
            raise ValidationError(
                field="distance_km", value=distance_km, rule="must be zero or more"
            )
        if self.fee_bands and self.fee_bands[0].fee.currency != currency:
            raise CurrencyMismatchError(
                left=self.fee_bands[0].fee.currency, right=currency, operation="charge fees of"
            )
        band = self.bands.find(distance)
        if band is None:
            return None
        return band.value if band.value is not None else Money.zero(currency)

    def location_of(self, claim: Claim) -> GeoPoint | None:
        """Hook: where to pick up or deliver; the claim's location, else the customer's."""
        if claim.location is not None:
            return claim.location
        return claim.customer.location if claim.customer is not None else None

    def assess(self, claim: Claim) -> Decision:
        """Approve free or with a fee by distance, or deny beyond the area."""
        location = self.location_of(claim)
        if location is not None and not isinstance(location, GeoPoint):
            raise InvalidTypeError(
                field=_f.hook_field(self, "location_of"),
                value=location,
                rule="must be a GeoPoint or None",
            )
        if location is None:
            reason = Reason.of(
                "service_area.no_location", "the claim gives no location to pick up or deliver"
            )
            return self.decision(Outcome.DENIED, "location", [reason])
        distance = self.distance_km(location)
        fee = self.fee_for(distance, currency=claim.purchase.price.currency)
        band = self.bands.find(distance)
        if band is None:  # beyond the last band
            lower, upper = self.bands.bands[-1].upper, None
        else:
            lower, upper = (None if band.lower_closed else band.lower), band.upper
        shown = f"{_text.number(_to_metre(distance, lower, upper), 'en')} km"
        params = {"distance_km": distance, "free_radius_km": self.free_radius_km}
        if fee is None:
            reach = self.bands.bands[-1].upper
            reason = Reason(
                code="service_area.not_served",
                message=f"{shown} is beyond the service area ({_text.number(reach or 0, 'en')} km)",
                params=params,
            )
            return self.decision(Outcome.DENIED, "area", [reason])
        if not fee:
            reason = Reason(
                code="service_area.free",
                message=(
                    f"{shown} from the nearest service point is within the free radius of "
                    f"{_text.number(self.free_radius_km, 'en')} km"
                ),
                params=params,
            )
            return self.decision(Outcome.APPROVED, "free_radius", [reason], fee=fee)
        reason = Reason(
            code="service_area.fee",
            message=f"{shown} from the nearest service point: a fee of {fee}",
            params={**params, "fee": fee},
        )
        return self.decision(Outcome.APPROVED, "fees", [reason], fee=fee)

    def describe(self, lang: str = "vi") -> str:
        """The service area as a charter section.

        Examples:
            >>> from aftersales_core.facts import GeoPoint
            >>> area = ServiceAreaPolicy(service_points=[GeoPoint(latitude=0, longitude=0)],
            ...                          free_radius_km=2)
            >>> print(area.describe("vi"))
            ### Giao nhận
            <BLANKLINE>
            - Miễn phí giao nhận trong bán kính 2 km.
            - Ngoài 2 km: ngoài phạm vi phục vụ.
            <BLANKLINE>
            >>> print(area.describe("en"))
            ### Pickup and delivery
            <BLANKLINE>
            - Free pickup and delivery within 2 km.
            - Beyond 2 km: outside the service area.
            <BLANKLINE>
        """
        lang = _text.check_lang(lang)
        vi = lang == "vi"
        radius = _text.number(self.free_radius_km, lang)
        lines = [
            f"Miễn phí giao nhận trong bán kính {radius} km."
            if vi
            else f"Free pickup and delivery within {radius} km."
        ]
        low = radius
        for band in self.fee_bands:
            high, fee = _text.number(band.up_to_km, lang), _text.money(band.fee, lang)
            lines.append(
                f"Trên {low} km đến {high} km: phí {fee}."
                if vi
                else f"Over {low} to {high} km: {fee}."
            )
            low = high
        lines.append(
            f"Ngoài {low} km: ngoài phạm vi phục vụ."
            if vi
            else f"Beyond {low} km: outside the service area."
        )
        title = "Giao nhận" if vi else "Pickup and delivery"
        return _text.section(title if self.name == self.kind else f"{title}: {self.name}", lines)


@own_context
def _to_metre(distance: Decimal, lower: Decimal | None, upper: Decimal | None) -> Decimal:
    """``distance`` to the nearest metre, but inside the band ``(lower, upper]`` that decided.

    2.0004 km beyond a 2 km radius shows as 2.001 km, never as the 2 km of the edge itself
    (while 1.9996 km inside it shows as 2 km: the radius includes its edge).
    """
    shown = distance.quantize(_METRE, rounding=ROUND_HALF_EVEN)
    if upper is not None and shown > upper:
        shown = distance.quantize(_METRE, rounding=ROUND_FLOOR)
    if lower is not None and shown <= lower:
        shown = distance.quantize(_METRE, rounding=ROUND_CEILING)
    return shown


_METRE = Decimal("0.001")

register_policy(ServiceAreaPolicy)
