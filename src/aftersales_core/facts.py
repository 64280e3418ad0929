r"""The facts of after-sales service: customers, purchases and claims.

`Customer`, `Purchase` and `Claim` are the facts a policy decides on: frozen, validated values
with time-zone-aware instants only. Their words (channels, categories, claim kinds) are in
`aftersales_core.vocabulary`.

Examples:
    >>> import pendulum
    >>> from aftersales_core import Money
    >>> from aftersales_core.facts import Purchase
    >>> order = Purchase(id="O-7", customer_id="C-1", sku="PHONE-12",
    ...                  product_category="phone", price=Money(9_490_000, "VND"),
    ...                  purchased_at=pendulum.datetime(2026, 1, 5, tz="Asia/Ho_Chi_Minh"))
    >>> order.price.format("vi_VN")
    '9.490.000\xa0₫'
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from ._internal import validate as _v
from ._internal.instants import real_time, reduce_keeping_fold, unix_micros
from .errors import InvalidTypeError, ValidationError
from .money import Money
from .terms import parse_duration
from .vocabulary import Channel, ClaimKind

__all__ = ["Claim", "Customer", "GeoPoint", "Purchase"]


def _to_channel(value: Channel | str) -> Channel:
    return _v.as_enum(Channel, value)


def _to_claim_kind(value: ClaimKind | str) -> ClaimKind:
    return _v.as_enum(ClaimKind, value)


def _to_lateness(value: timedelta | str | None) -> pendulum.Duration | None:
    return None if value is None else parse_duration(value, field="lateness")


def _to_coordinate(value: float | int | Decimal | str) -> float:
    if isinstance(value, int | float | Decimal | str) and not isinstance(value, bool):
        try:
            return float(value)
        except ValueError:
            pass
    return value  # type: ignore[return-value]  # _check_coordinate refuses it by name


def _check_coordinate(field: str, value: object, limit: int) -> None:
    if not isinstance(value, float):
        raise InvalidTypeError(field=field, value=value, rule="must be a number of degrees")
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise ValidationError(
            field=field, value=value, rule=f"must be between -{limit} and {limit}"
        )


_EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius: the usual choice for great-circle distances


@attrs.frozen(kw_only=True)
class GeoPoint:
    """A place on Earth in decimal degrees (WGS 84), for service areas and pickups.

    Attributes:
        latitude: Degrees north, from -90 to 90.
        longitude: Degrees east, from -180 to 180.

    Raises:
        ValidationError: A coordinate is out of range or not a finite number.

    Examples:
        >>> shop = GeoPoint(latitude=10.7769, longitude=106.7009)  # District 1, HCMC
        >>> round(shop.distance_km(GeoPoint(latitude=10.7769, longitude=106.7192)), 3)
        Decimal('1.999')
    """

    latitude: float = attrs.field(converter=_to_coordinate)
    longitude: float = attrs.field(converter=_to_coordinate)

    @latitude.validator
    def _check_latitude(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_coordinate(attribute.name, value, 90)

    @longitude.validator
    def _check_longitude(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_coordinate(attribute.name, value, 180)

    def distance_km(self, other: GeoPoint) -> Decimal:
        """Great-circle (haversine) distance to ``other`` in kilometres, unrounded.

        The distance is the exact value of the computed number, so that a limit decides
        on it (2.0001 km is beyond a 2 km radius); round it only to show it.

        Args:
            other: Another point.

        Returns:
            The distance, exactly as computed (not rounded to the metre).

        Raises:
            InvalidTypeError: ``other`` is not a `GeoPoint`.

        Examples:
            >>> hanoi = GeoPoint(latitude=21.0285, longitude=105.8542)
            >>> hcmc = GeoPoint(latitude=10.8231, longitude=106.6297)
            >>> round(hanoi.distance_km(hcmc))
            1138
        """
        if not isinstance(other, GeoPoint):
            raise InvalidTypeError(field="other", value=other, rule="must be a GeoPoint")
        lat1, lat2 = math.radians(self.latitude), math.radians(other.latitude)
        dlat = lat2 - lat1
        dlon = math.radians(other.longitude - self.longitude)
        h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
        km = 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
        return Decimal.from_float(km)  # exact (every float is a finite decimal), and silent


@attrs.frozen(kw_only=True)
class Customer:
    """Someone who bought from the business.

    Attributes:
        id: The customer's identifier in your system.
        name: The name to address them by.
        birthday: Their date of birth (a ``date``), for occasion gifts.
        tier: A membership tier such as ``"gold"``, if your loyalty programme has one.
        segment: A segment label such as ``"b2b"`` or ``"high_value"``.
        location: Where they usually are, for pickups and deliveries.

    Raises:
        ValidationError: An empty id or name, or a ``datetime`` given as birthday.

    Examples:
        >>> from datetime import date
        >>> Customer(id="C-1", name="Nguyễn Văn An", birthday=date(1990, 2, 14), tier="gold").tier
        'gold'
    """

    id: str = attrs.field(validator=_v.check_text)
    name: str = attrs.field(validator=_v.check_text)
    birthday: date | None = attrs.field(default=None)
    tier: str | None = attrs.field(default=None, validator=attrs.validators.optional(_v.check_text))
    segment: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_text)
    )
    location: GeoPoint | None = attrs.field(
        default=None, validator=_v.instance_of(GeoPoint, optional=True)
    )

    @birthday.validator
    def _check_birthday(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
            raise InvalidTypeError(field=attribute.name, value=value, rule="must be a date")


@attrs.frozen(kw_only=True)
class Purchase:
    """One sale: what was bought, by whom, for how much, and when.

    Attributes:
        id: The order or invoice identifier.
        customer_id: The buyer's `Customer.id`.
        sku: The product's stock-keeping unit.
        product_category: The product's category in your catalogue (``"phone"``,
            ``"translation"``); policies use it for final-sale exclusions.
        price: What the customer paid, as `Money` (zero or more).
        purchased_at: When the sale was made (aware).
        delivered_at: When the goods or service were delivered (aware), if they were.
        channel: Where the sale was made.
        serial_number: The unit's serial number, for warranty lookups.

    Raises:
        ValidationError: Empty text, a negative price, a delivery before the purchase.
        NaiveDatetimeError: An instant without a time zone.

    Examples:
        >>> import pendulum
        >>> from aftersales_core import Money
        >>> p = Purchase(id="O-1", customer_id="C-1", sku="PHONE-X", product_category="phone",
        ...              price=Money(9_990_000, "VND"),
        ...              purchased_at=pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh"))
        >>> p.received_at == p.purchased_at
        True
    """

    __reduce__ = reduce_keeping_fold

    id: str = attrs.field(validator=_v.check_text)
    customer_id: str = attrs.field(validator=_v.check_text)
    sku: str = attrs.field(validator=_v.check_text)
    product_category: str = attrs.field(validator=_v.check_text)
    price: Money = attrs.field()
    purchased_at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )
    delivered_at: pendulum.DateTime | None = attrs.field(
        default=None,
        converter=_v.to_optional_instant,
        eq=real_time,
        validator=attrs.validators.optional(_v.check_instant),
    )
    channel: Channel = attrs.field(default=Channel.IN_STORE, converter=_to_channel)
    serial_number: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_text)
    )

    @price.validator
    def _check_price(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Money):
            raise InvalidTypeError(field=attribute.name, value=value, rule="must be Money")
        if value.amount < 0:
            raise ValidationError(field=attribute.name, value=value, rule="must be zero or more")

    @channel.validator
    def _check_channel(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _v.check_enum(Channel, attribute.name, value)

    def __attrs_post_init__(self) -> None:
        if self.delivered_at is not None and unix_micros(self.delivered_at) < unix_micros(
            self.purchased_at
        ):
            raise ValidationError(
                field="delivered_at",
                value=self.delivered_at,
                rule=f"is before the purchase ({self.purchased_at.isoformat()})",
            )

    @property
    def received_at(self) -> pendulum.DateTime:
        """When the customer got the goods: the delivery if known, else the purchase."""
        return self.delivered_at if self.delivered_at is not None else self.purchased_at


@attrs.frozen(kw_only=True)
class Claim:
    """A customer's request about a purchase: a warranty repair, a return, a refund, ...

    Besides what is asked (``kind``) and about what (``purchase``), a claim carries the
    facts policies decide on. Optional facts left out are simply unknown; a policy that
    needs one says so in its decision.

    Attributes:
        id: The claim's identifier.
        kind: What the customer asks for.
        purchase: The purchase the claim is about.
        opened_at: When the claim was made (aware); never before the purchase.
        reason_code: A defect code for warranty and repair claims (``"screen"``,
            ``"physical_damage"``), or a reason for a return (``"changed_mind"``).
        error_rate: A measured share of defects, from 0 to 1 (``Decimal("0.2")`` means
            20% of a translation was wrong).
        opened: The item's packaging has been opened.
        damaged: The item has physical damage.
        has_receipt: The customer can show proof of purchase.
        location: Where a pickup or delivery is wanted.
        customer: The customer, when a policy depends on who they are (their tier);
            must be the purchase's customer.
        usage: Usage measured at the claim (km, operating hours), zero or more.
        previous_claims: How many claims were made on this purchase before this one.
        lateness: How late the business was on a commitment, for compensation claims.
        achieved_ratio: The share of a commitment achieved (uptime 0.995), from 0 to 1.

    Raises:
        ValidationError: A claim opened before the purchase, a ratio outside [0, 1],
            a customer who is not the buyer, or any invalid field.
        NaiveDatetimeError: ``opened_at`` has no time zone.

    Examples:
        >>> import pendulum
        >>> from decimal import Decimal
        >>> from aftersales_core import Money
        >>> bought = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
        >>> order = Purchase(id="O-7", customer_id="C-1", sku="TRANSLATE-EN-VI",
        ...                  product_category="translation", price=Money(2_000_000, "VND"),
        ...                  purchased_at=bought)
        >>> claim = Claim(id="R-1", kind="refund", purchase=order, opened_at=bought.add(days=3),
        ...               error_rate=Decimal("0.25"))
        >>> claim.kind, claim.error_rate
        (<ClaimKind.REFUND: 'refund'>, Decimal('0.25'))
        >>> Claim(id="R-2", kind="refund", purchase=order, opened_at=bought.subtract(days=1))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: opened_at: DateTime(2026, 2, 28, 10, 0, 0, ...) is before the purchase (2026-03-01T10:00:00+07:00)
    """

    __reduce__ = reduce_keeping_fold

    id: str = attrs.field(validator=_v.check_text)
    kind: ClaimKind = attrs.field(converter=_to_claim_kind)
    purchase: Purchase = attrs.field(validator=_v.instance_of(Purchase))
    opened_at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )
    reason_code: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_text)
    )
    error_rate: Decimal | None = attrs.field(
        default=None,
        converter=_v.to_optional_decimal,
        validator=attrs.validators.optional(_v.check_ratio),
    )
    opened: bool = attrs.field(default=False, validator=_v.check_bool)
    damaged: bool = attrs.field(default=False, validator=_v.check_bool)
    has_receipt: bool = attrs.field(default=True, validator=_v.check_bool)
    location: GeoPoint | None = attrs.field(
        default=None, validator=_v.instance_of(GeoPoint, optional=True)
    )
    customer: Customer | None = attrs.field(
        default=None, validator=_v.instance_of(Customer, optional=True)
    )
    usage: Decimal | None = attrs.field(
        default=None,
        converter=_v.to_optional_decimal,
        validator=attrs.validators.optional(_v.check_non_negative),
    )
    previous_claims: int = attrs.field(default=0, validator=_v.check_count)
    lateness: pendulum.Duration | None = attrs.field(default=None, converter=_to_lateness)
    achieved_ratio: Decimal | None = attrs.field(
        default=None,
        converter=_v.to_optional_decimal,
        validator=attrs.validators.optional(_v.check_ratio),
    )

    @kind.validator
    def _check_kind(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _v.check_enum(ClaimKind, attribute.name, value)

    def __attrs_post_init__(self) -> None:
        if unix_micros(self.opened_at) < unix_micros(self.purchase.purchased_at):
            raise ValidationError(
                field="opened_at",
                value=self.opened_at,
                rule=f"is before the purchase ({self.purchase.purchased_at.isoformat()})",
            )
        if self.customer is not None and self.customer.id != self.purchase.customer_id:
            raise ValidationError(
                field="customer",
                value=self.customer.id,
                rule=f"is not the purchase's customer ({self.purchase.customer_id!r})",
            )
