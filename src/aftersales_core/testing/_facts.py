"""Hypothesis strategies for the facts: customers, purchases and claims (private).

`aftersales_core.testing.policies` exports them beside the policies they are decided by.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from hypothesis import strategies as hs

from ..facts import Claim, Customer, GeoPoint, Purchase
from ..vocabulary import Channel, ClaimKind
from .strategies import durations, instants, money

__all__ = [
    "DEFECT_CODES",
    "PRODUCT_CATEGORIES",
    "claims",
    "customers",
    "geo_points",
    "purchases",
    "ratios",
]

DEFECT_CODES: tuple[str, ...] = (
    "screen",
    "battery",
    "translation_error",
    "physical_damage",
    "misuse",
    "water_damage",
    "changed_mind",
)
"""Defect and reason codes drawn for claims and for policies' coverage and exclusions."""

PRODUCT_CATEGORIES: tuple[str, ...] = ("phone", "translation", "shoes", "vehicle", "gift_card")
"""Product categories drawn for purchases and final-sale lists."""


def ratios(*, places: int = 4) -> hs.SearchStrategy[Decimal]:
    """Decimal ratios from 0 to 1 with at most ``places`` decimals.

    Examples:
        >>> from hypothesis import given
        >>> @given(ratios())
        ... def check(r):
        ...     assert 0 <= r <= 1
        >>> check()
    """
    return hs.decimals(min_value=0, max_value=1, places=places)


def geo_points() -> hs.SearchStrategy[GeoPoint]:
    """Points on Earth (the poles' last degrees left out).

    Examples:
        >>> from hypothesis import given
        >>> @given(geo_points(), geo_points())
        ... def check(a, b):
        ...     assert a.distance_km(b) == b.distance_km(a)
        >>> check()
    """
    return hs.builds(
        GeoPoint,
        latitude=hs.floats(min_value=-89, max_value=89, allow_nan=False),
        longitude=hs.floats(min_value=-180, max_value=180, allow_nan=False),
    )


def customers(*, ids: Sequence[str] = ("C-1", "C-2")) -> hs.SearchStrategy[Customer]:
    """Customers with an id from ``ids``, sometimes a tier, a segment and a location.

    Examples:
        >>> from hypothesis import given
        >>> @given(customers(ids=["C-9"]))
        ... def check(c):
        ...     assert c.id == "C-9"
        >>> check()
    """
    return hs.builds(
        Customer,
        id=hs.sampled_from(tuple(ids)),
        name=hs.sampled_from(["Nguyễn Văn An", "Trần Thị Bình", "Lê Chi"]),
        tier=hs.none() | hs.sampled_from(["member", "silver", "gold"]),
        segment=hs.none() | hs.sampled_from(["b2b", "online", "in_store"]),
        location=hs.none() | geo_points(),
    )


def purchases(
    *, currencies: Sequence[str] | None = None, max_price: int = 100_000_000
) -> hs.SearchStrategy[Purchase]:
    """Purchases at any instant, delivered up to 30 days later or not recorded as delivered.

    Args:
        currencies: The price's currencies (default: the common ones).
        max_price: The largest price, in major units.

    Examples:
        >>> from hypothesis import given
        >>> @given(purchases(currencies=["VND"]))
        ... def check(p):
        ...     assert p.received_at.in_timezone("UTC") >= p.purchased_at.in_timezone("UTC")
        >>> check()
    """

    @hs.composite
    def build(draw: hs.DrawFn) -> Purchase:
        bought = draw(instants())
        delay = draw(hs.none() | durations(max_value=timedelta(days=30)))
        return Purchase(
            id=draw(hs.sampled_from(["O-1", "O-2", "O-3"])),
            customer_id=draw(hs.sampled_from(["C-1", "C-2"])),
            sku=draw(hs.sampled_from(["PHONE-X", "TRANSLATE-EN-VI", "SHOE-42"])),
            product_category=draw(hs.sampled_from(PRODUCT_CATEGORIES)),
            price=draw(money(currencies=currencies, min_value=0, max_value=max_price)),
            purchased_at=bought,
            delivered_at=None if delay is None else bought + delay,
            channel=draw(hs.sampled_from(Channel)),
            serial_number=draw(hs.none() | hs.just("SN-0001")),
        )

    return build()


def claims(
    *,
    kinds: Sequence[ClaimKind] | None = None,
    purchases: hs.SearchStrategy[Purchase] | None = None,
    currencies: Sequence[str] | None = None,
    max_age: timedelta = timedelta(days=1200),
) -> hs.SearchStrategy[Claim]:
    """Claims of any kind on a purchase, opened up to ``max_age`` after it.

    Every optional fact (error rate, usage, lateness, location, customer, ...) is
    sometimes given and sometimes not.

    Args:
        kinds: The claim kinds to draw (default: all).
        purchases: The purchases to claim on (default: `purchases`).
        currencies: The prices' currencies when ``purchases`` is not given.
        max_age: The longest time between the purchase and the claim.

    Examples:
        >>> from hypothesis import given
        >>> @given(claims(kinds=[ClaimKind.REFUND]))
        ... def check(claim):
        ...     assert claim.opened_at.in_timezone("UTC") >= claim.purchase.purchased_at.in_timezone("UTC")
        >>> check()
    """
    bought_from = purchases if purchases is not None else _purchases(currencies=currencies)

    @hs.composite
    def build(draw: hs.DrawFn) -> Claim:
        purchase = draw(bought_from)
        customer = draw(hs.none() | customers(ids=[purchase.customer_id]))
        return Claim(
            id=draw(hs.sampled_from(["K-1", "K-2"])),
            kind=draw(hs.sampled_from(tuple(kinds) if kinds is not None else tuple(ClaimKind))),
            purchase=purchase,
            opened_at=purchase.purchased_at + draw(durations(max_value=max_age)),
            reason_code=draw(hs.none() | hs.sampled_from(DEFECT_CODES)),
            error_rate=draw(hs.none() | ratios()),
            opened=draw(hs.booleans()),
            damaged=draw(hs.booleans()),
            has_receipt=draw(hs.booleans()),
            location=draw(hs.none() | geo_points()),
            customer=customer,
            usage=draw(hs.none() | hs.decimals(min_value=0, max_value=200_000, places=1)),
            previous_claims=draw(hs.integers(0, 5)),
            lateness=draw(hs.none() | durations(max_value=timedelta(days=10))),
            achieved_ratio=draw(hs.none() | ratios()),
        )

    return build()


_purchases = purchases
