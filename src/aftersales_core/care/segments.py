"""Customer segments: value, frequency, recency and channel (an RFM-style scorer).

Vietnamese shops segment customers "by purchase value, purchase frequency and channel (online /
in store)". `segment` reads a customer's purchases at an instant and scores:

* **value** — spend in `SegmentRules.currency` over the window (12 months):
  low under 2,000,000 ₫, medium from 2,000,000 ₫, high from 10,000,000 ₫;
* **frequency** — purchases over the window: low under 2, medium from 2, high from 5;
* **recency** — whole days since the last purchase: high up to 90, medium up to 365,
  low beyond;
* **channel** — where they buy: in store only, online only (any channel but
  ``in_store``), omnichannel, or none yet.

Thresholds are `Bands`, read "that much or more" for value
and frequency and "up to" for recency, and can be replaced in `SegmentRules`.
The label is the first rule of this table that matches:

| label | rule |
| --- | --- |
| ``prospect`` | no purchase yet |
| ``lost`` | recency low |
| ``champion`` | recency, frequency and value all high |
| ``new`` | one purchase in all, recency high |
| ``at_risk`` | recency medium, frequency or value at least medium |
| ``loyal`` | recency high, frequency at least medium or value high |
| ``occasional`` | anything else |

Examples:
    >>> import pendulum
    >>> from aftersales_core import Money
    >>> from aftersales_core.facts import Customer, Purchase
    >>> from aftersales_core.care import segment
    >>> at = pendulum.datetime(2026, 6, 1, tz="Asia/Ho_Chi_Minh")
    >>> buys = [Purchase(id=f"O-{i}", customer_id="C-1", sku="X", product_category="x",
    ...                  price=Money(2_500_000, "VND"), channel="web",
    ...                  purchased_at=at.subtract(days=30 * i)) for i in range(1, 6)]
    >>> s = segment(Customer(id="C-1", name="An"), buys, at)
    >>> s.label, s.value, s.frequency, s.recency, s.channel
    (<SegmentLabel.CHAMPION: 'champion'>, <Level.HIGH: 'high'>, <Level.HIGH: 'high'>, <Level.HIGH: 'high'>, <ChannelMix.ONLINE: 'online'>)
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs
import pendulum

from .._internal import validate as _v
from .._internal.instants import real_time, reduce_keeping_fold, span, unix_micros
from ..bands import Bands
from ..errors import InvalidTypeError, ValidationError
from ..facts import Customer, Purchase
from ..money import Money
from ..terms import Term, as_instant
from ..vocabulary import Channel

__all__ = [
    "ChannelMix",
    "Level",
    "Segment",
    "SegmentLabel",
    "SegmentRules",
    "segment",
]


class Level(enum.StrEnum):
    """A score on one axis: low, medium or high.

    Examples:
        >>> Level.MEDIUM.rank, Level.HIGH >= Level.MEDIUM
        (2, True)
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """1 for low, 2 for medium, 3 for high."""
        return _RANK[self]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank


_RANK = {Level.LOW: 1, Level.MEDIUM: 2, Level.HIGH: 3}


class ChannelMix(enum.StrEnum):
    """Where a customer buys.

    Examples:
        >>> [m.value for m in ChannelMix]
        ['none', 'in_store', 'online', 'omnichannel']
    """

    NONE = "none"
    IN_STORE = "in_store"
    ONLINE = "online"
    OMNICHANNEL = "omnichannel"


class SegmentLabel(enum.StrEnum):
    """A customer's segment, from the table in the module's text.

    Examples:
        >>> SegmentLabel("at_risk")
        <SegmentLabel.AT_RISK: 'at_risk'>
    """

    PROSPECT = "prospect"
    LOST = "lost"
    CHAMPION = "champion"
    NEW = "new"
    AT_RISK = "at_risk"
    LOYAL = "loyal"
    OCCASIONAL = "occasional"


def _check_bands(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Bands):
        raise InvalidTypeError(field=attribute.name, value=value, rule="must be Bands of Level")
    for band in value:
        if not isinstance(band.value, Level):
            raise ValidationError(field=attribute.name, value=band.value, rule="must be a Level")


def _check_window(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _v.check_term(_instance, attribute, value)
    if value.is_lifetime:  # type: ignore[attr-defined]
        raise ValidationError(field=attribute.name, value=value, rule="must be a finite Term")


def _check_currency(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(field=attribute.name, value=value, rule="must be a code")
    Money.zero(value)  # refuses an unknown code by name


@attrs.frozen(kw_only=True)
class SegmentRules:
    """The thresholds of `segment` (the defaults are in the module's text).

    Attributes:
        currency: The currency of the value axis.
        window: How far back value and frequency look.
        value: Spend (in major units) to level, "that much or more".
        frequency: Purchases in the window to level, "that many or more".
        recency: Whole days since the last purchase to level; beyond the last band is low.

    Examples:
        >>> from aftersales_core.bands import Bands
        >>> usd = SegmentRules(currency="USD", value=Bands.at_least(
        ...     [(0, Level.LOW), (100, Level.MEDIUM), (500, Level.HIGH)]))
        >>> usd.value.value_for(120)
        <Level.MEDIUM: 'medium'>
    """

    currency: str = attrs.field(default="VND", validator=_check_currency)
    window: Term = attrs.field(
        factory=lambda: Term(months=12), converter=_v.to_term, validator=_check_window
    )
    value: Bands[Level] = attrs.field(
        factory=lambda: Bands.at_least(
            [(0, Level.LOW), (2_000_000, Level.MEDIUM), (10_000_000, Level.HIGH)]
        ),
        validator=_check_bands,
    )
    frequency: Bands[Level] = attrs.field(
        factory=lambda: Bands.at_least([(0, Level.LOW), (2, Level.MEDIUM), (5, Level.HIGH)]),
        validator=_check_bands,
    )
    recency: Bands[Level] = attrs.field(
        factory=lambda: Bands.up_to([(90, Level.HIGH), (365, Level.MEDIUM)]),
        validator=_check_bands,
    )


@functools.cache
def _default_rules() -> SegmentRules:
    # Built on first use: validating its currency loads Babel, kept out of import time.
    return SegmentRules()


@attrs.frozen(kw_only=True)
class Segment:
    """Where a customer stands at an instant, axis by axis.

    Attributes:
        customer_id: The customer.
        at: The instant of the scoring.
        label: The segment.
        value: The value level.
        frequency: The frequency level.
        recency: The recency level (low when there is no purchase yet).
        channel: Where they buy.
        spend: Spend over the window, in the rules' currency.
        purchases: Purchases over the window.
        days_since_last: Whole days since the last purchase, or ``None``.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.facts import Customer
        >>> s = segment(Customer(id="C-1", name="An"), [], pendulum.datetime(2026, 1, 1, tz="UTC"))
        >>> s.label, s.rfm
        (<SegmentLabel.PROSPECT: 'prospect'>, '111')
    """

    __reduce__ = reduce_keeping_fold

    customer_id: str = attrs.field(validator=_v.check_text)
    at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )
    label: SegmentLabel
    value: Level
    frequency: Level
    recency: Level
    channel: ChannelMix
    spend: Money
    purchases: int
    days_since_last: int | None

    @property
    def rfm(self) -> str:
        """The classic three-digit RFM code, 1 (low) to 3 (high) per axis: ``"333"`` is best."""
        return f"{self.recency.rank}{self.frequency.rank}{self.value.rank}"


def _label(recency: Level, frequency: Level, value: Level, ever: int) -> SegmentLabel:
    if not ever:
        return SegmentLabel.PROSPECT
    if recency is Level.LOW:
        return SegmentLabel.LOST
    if recency is frequency is value is Level.HIGH:
        return SegmentLabel.CHAMPION
    if ever == 1 and recency is Level.HIGH:
        return SegmentLabel.NEW
    if recency is Level.MEDIUM:
        if frequency >= Level.MEDIUM or value >= Level.MEDIUM:
            return SegmentLabel.AT_RISK
        return SegmentLabel.OCCASIONAL
    if frequency >= Level.MEDIUM or value is Level.HIGH:
        return SegmentLabel.LOYAL
    return SegmentLabel.OCCASIONAL


def _mix(channels: set[Channel]) -> ChannelMix:
    if not channels:
        return ChannelMix.NONE
    in_store = Channel.IN_STORE in channels
    online = bool(channels - {Channel.IN_STORE})
    if in_store and online:
        return ChannelMix.OMNICHANNEL
    return ChannelMix.IN_STORE if in_store else ChannelMix.ONLINE


def segment(
    customer: Customer,
    purchases: Iterable[Purchase],
    at: datetime,
    *,
    rules: SegmentRules | None = None,
) -> Segment:
    """Score a customer from their purchases up to ``at``.

    Other customers' purchases and purchases after ``at`` are ignored. Purchases in
    another currency than the rules' count for frequency, recency and channel but not for
    value (amounts in different currencies never mix).

    Args:
        customer: The customer.
        purchases: Purchases (anyone's: only the customer's are read).
        at: The instant of the scoring.
        rules: The thresholds; ``None`` for the documented defaults (``SegmentRules()``).

    Raises:
        InvalidTypeError: Something that is not a Customer or a Purchase.

    Examples:
        >>> import pendulum
        >>> from aftersales_core import Money
        >>> from aftersales_core.facts import Customer, Purchase
        >>> at = pendulum.datetime(2026, 6, 1, tz="Asia/Ho_Chi_Minh")
        >>> old = Purchase(id="O-1", customer_id="C-1", sku="X", product_category="x",
        ...                price=Money(3_000_000, "VND"), purchased_at=at.subtract(days=200))
        >>> s = segment(Customer(id="C-1", name="An"), [old], at)
        >>> s.label, s.rfm, s.days_since_last
        (<SegmentLabel.AT_RISK: 'at_risk'>, '212', 200)
    """
    if not isinstance(customer, Customer):
        raise InvalidTypeError(field="customer", value=customer, rule="must be a Customer")
    if rules is None:
        rules = _default_rules()
    if not isinstance(rules, SegmentRules):
        raise InvalidTypeError(field="rules", value=rules, rule="must be SegmentRules")
    now = as_instant(at)
    start = now.subtract(years=rules.window.years, months=rules.window.months).subtract(
        days=rules.window.days
    )
    real_now, real_start = unix_micros(now), unix_micros(start)
    mine: list[Purchase] = []
    for i, purchase in enumerate(purchases):
        if not isinstance(purchase, Purchase):
            raise InvalidTypeError(
                field=f"purchases[{i}]", value=purchase, rule="must be a Purchase"
            )
        if purchase.customer_id == customer.id and unix_micros(purchase.purchased_at) <= real_now:
            mine.append(purchase)
    recent = [p for p in mine if unix_micros(p.purchased_at) > real_start]
    spend = Money.sum(
        (p.price for p in recent if p.price.currency == rules.currency), rules.currency
    )
    last = max((p.purchased_at for p in mine), key=unix_micros, default=None)
    days = None if last is None else span(last, now).in_days()
    value = rules.value.value_for(spend.amount, Level.LOW)
    frequency = rules.frequency.value_for(len(recent), Level.LOW)
    recency = Level.LOW if days is None else rules.recency.value_for(days, Level.LOW)
    return Segment(
        customer_id=customer.id,
        at=now,
        label=_label(recency, frequency, value, len(mine)),
        value=value,
        frequency=frequency,
        recency=recency,
        channel=_mix({p.channel for p in mine}),
        spend=spend,
        purchases=len(recent),
        days_since_last=days,
    )
