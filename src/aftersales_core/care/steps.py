"""Journey steps: what triggers a planned contact, when, where, for whom, with what offer.

A `JourneyStep` is declared data; `CareJourney` plans
contacts from its steps. Triggers that need a parameter say so when the step is built: an
occasion step names its occasion, a maintenance step its interval.

Examples:
    >>> from decimal import Decimal
    >>> from aftersales_core.care import JourneyStep, Offer
    >>> birthday = JourneyStep(key="birthday_voucher", trigger="occasion", occasion="birthday",
    ...                        channel="zalo_oa", template="care.birthday_voucher",
    ...                        offer=Offer(discount=Decimal("0.15")))
    >>> birthday.trigger, str(birthday.offer)
    (<Trigger.OCCASION: 'occasion'>, '15% off')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from typing import Any, Protocol

import attrs
import pendulum

from .._internal import validate as _v
from ..errors import ValidationError
from ..money import Money
from ..terms import Term, format_duration, parse_duration
from ..vocabulary import Channel
from .segments import SegmentLabel

__all__ = ["JourneyStep", "Offer", "ResolvedCase", "Trigger"]


class Trigger(enum.StrEnum):
    """What starts a journey step.

    Examples:
        >>> [t.value for t in Trigger]
        ['purchase', 'delivery', 'ticket_resolved', 'occasion', 'maintenance_due', 'monthly']
    """

    PURCHASE = "purchase"
    """Each purchase, at its purchase instant."""
    DELIVERY = "delivery"
    """Each delivered purchase, at its delivery instant."""
    TICKET_RESOLVED = "ticket_resolved"
    """Each of the customer's tickets, when it was resolved."""
    OCCASION = "occasion"
    """An occasion (``birthday``, ``tet``, ``year_end`` or a custom name), at the start of its day."""
    MAINTENANCE_DUE = "maintenance_due"
    """Every ``every`` after each purchase was received (delivered, else bought)."""
    MONTHLY = "monthly"
    """Each month, on ``day_of_month`` (the last day of shorter months), at midnight."""


class ResolvedCase(Protocol):
    """What a journey reads of a ticket: its id, customer and resolution instant.

    `Ticket` has all three; so can your own records.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> case: ResolvedCase = Ticket.open(id="T-1", channel="hotline", customer_id="C-1", at=at)
        >>> case.resolved_at is None
        True
    """

    @property
    def id(self) -> str:
        """The ticket's id."""

    @property
    def customer_id(self) -> str | None:
        """The customer the ticket is about, if known."""

    @property
    def resolved_at(self) -> pendulum.DateTime | None:
        """When it was resolved, if it was."""


def _to_discount(value: Decimal | int | str | None) -> Decimal | None:
    return _v.to_optional_decimal(value)


@attrs.frozen(kw_only=True)
class Offer:
    """A gift, a discount or points that come with a contact.

    Attributes:
        gift: A gift of money (the monthly 500,000 ₫ appreciation gift).
        discount: A share off the next purchase, above 0 and at most 1 (``0.15`` is 15% off).
        points: Bonus loyalty points, zero or more.

    Raises:
        ValidationError: Nothing offered, or a discount outside (0, 1].

    Examples:
        >>> from decimal import Decimal
        >>> str(Offer(discount=Decimal("0.15")))
        '15% off'
        >>> from aftersales_core import Money
        >>> str(Offer(gift=Money(500_000, "VND"), points=100))
        '500000 VND gift + 100 points'
        >>> Offer(discount=Decimal("1.5"))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: discount: Decimal('1.5') must be above 0 and at most 1
    """

    gift: Money | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_money)
    )
    discount: Decimal | None = attrs.field(default=None, converter=_to_discount)
    points: int = attrs.field(default=0, validator=_v.check_count)

    @discount.validator
    def _check_discount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        number = _v.decimal_of(value, attribute.name)
        if not 0 < number <= 1:
            raise ValidationError(
                field=attribute.name, value=value, rule="must be above 0 and at most 1"
            )

    def __attrs_post_init__(self) -> None:
        if self.gift is None and self.discount is None and not self.points:
            raise ValidationError(
                field="offer", value=None, rule="must hold a gift, a discount or points"
            )

    def __str__(self) -> str:
        parts = []
        if self.gift is not None:
            parts.append(f"{self.gift} gift")
        if self.discount is not None:
            parts.append(f"{(self.discount * 100).normalize():f}% off")
        if self.points:
            parts.append(f"{self.points} points")
        return " + ".join(parts)


def _to_offset(value: timedelta | str) -> pendulum.Duration:
    if isinstance(value, str) and value.strip().startswith("-"):
        return -parse_duration(value.strip()[1:], field="offset")
    if isinstance(value, timedelta) and value < timedelta(0):
        return -parse_duration(-value, field="offset")
    return parse_duration(value, field="offset")


def _to_set(value: Iterable[str]) -> frozenset[Any]:
    if isinstance(value, str):
        return frozenset([value])
    return frozenset(value)


def _to_segments(value: Iterable[SegmentLabel | str]) -> frozenset[SegmentLabel]:
    labels = _to_set(value)
    for label in labels:
        _v.check_enum(SegmentLabel, "segments", _v.as_enum(SegmentLabel, label))
    return frozenset(SegmentLabel(label) for label in labels)


def _to_trigger(value: Trigger | str) -> Trigger:
    return _v.as_enum(Trigger, value)


def _to_channel(value: Channel | str) -> Channel:
    return _v.as_enum(Channel, value)


@attrs.frozen(kw_only=True)
class JourneyStep:
    """One planned contact of a journey, declared.

    Attributes:
        key: The step's key, unique in its journey.
        trigger: What starts it.
        channel: Where the contact goes out.
        template: The key of the message template your system renders.
        offset: How long after the trigger (``"3d"``); a leading minus means before
            (``"-3d"``: three days before Tết).
        occasion: For an occasion trigger: ``"birthday"``, ``"tet"``, ``"year_end"`` or the
            name of a custom date.
        every: For a maintenance trigger: the interval (``Term`` or text such as ``"6mo"``).
        times: For a maintenance trigger: how many reminders at most (``None``: no limit).
        day_of_month: For a monthly trigger: the day, 1 to 31.
        product_categories: Only purchases in these categories trigger it (empty: all).
        segments: Only customers in these segments get it (empty: all).
        tiers: Only customers in these loyalty tiers get it (empty: all).
        offer: A gift, discount or points that come with it.
        within_hours: Wait for the journey's calendar to be open.

    Raises:
        ValidationError: A trigger without what it needs (an occasion name, an interval).

    Examples:
        >>> JourneyStep(key="survey", trigger="delivery", channel="email",
        ...             template="care.survey", offset="3d").offset
        Duration(days=3)
        >>> JourneyStep(key="maintenance", trigger="maintenance_due", channel="hotline",
        ...             template="care.maintenance")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: every: None is needed by a maintenance_due step (e.g. '6mo')
    """

    key: str = attrs.field(validator=_v.check_text)
    trigger: Trigger = attrs.field(converter=_to_trigger)
    channel: Channel = attrs.field(converter=_to_channel)
    template: str = attrs.field(validator=_v.check_text)
    offset: pendulum.Duration = attrs.field(factory=pendulum.Duration, converter=_to_offset)
    occasion: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_text)
    )
    every: Term | None = attrs.field(default=None, converter=_v.to_optional_term)
    times: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_count)
    )
    day_of_month: int = attrs.field(default=1, validator=_v.check_count)
    product_categories: frozenset[str] = attrs.field(factory=frozenset, converter=_to_set)
    segments: frozenset[SegmentLabel] = attrs.field(factory=frozenset, converter=_to_segments)
    tiers: frozenset[str] = attrs.field(factory=frozenset, converter=_to_set)
    offer: Offer | None = attrs.field(default=None, validator=_v.instance_of(Offer, optional=True))
    within_hours: bool = attrs.field(default=True, validator=_v.check_bool)

    @trigger.validator
    def _check_trigger(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _v.check_enum(Trigger, attribute.name, value)

    @channel.validator
    def _check_channel(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _v.check_enum(Channel, attribute.name, value)

    @every.validator
    def _check_every(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            if self.trigger is Trigger.MAINTENANCE_DUE:
                raise ValidationError(
                    field="every",
                    value=None,
                    rule="is needed by a maintenance_due step (e.g. '6mo')",
                )
            return
        if not isinstance(value, Term) or value.is_lifetime or value == Term():
            raise ValidationError(
                field="every", value=value, rule="must be a Term of some length, not a lifetime"
            )

    @occasion.validator
    def _check_occasion(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and self.trigger is Trigger.OCCASION:
            raise ValidationError(
                field="occasion", value=None, rule="is needed by an occasion step (e.g. 'birthday')"
            )

    @day_of_month.validator
    def _check_day(self, attribute: attrs.Attribute[Any], value: int) -> None:
        if not 1 <= value <= 31:
            raise ValidationError(field=attribute.name, value=value, rule="must be from 1 to 31")

    def describe_offset(self) -> str:
        """The offset in words: ``"at"``, ``"3d after"`` or ``"3d before"``.

        Examples:
            >>> JourneyStep(key="tet", trigger="occasion", occasion="tet", channel="zalo_oa",
            ...             template="care.tet", offset="-3d").describe_offset()
            '3d before'
        """
        if not self.offset:
            return "at"
        if self.offset < timedelta(0):
            return f"{format_duration(-self.offset)} before"
        return f"{format_duration(self.offset)} after"
