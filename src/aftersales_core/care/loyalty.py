"""Loyalty programmes: points per amount spent, membership tiers and their benefits.

A `LoyaltyProgram` states the rules; a `LoyaltyLedger` records what happened to one customer
under them.

The rules, as the programme applies them:

* **Earning.** A purchase earns ``floor(price × multiplier / spend_per_point)`` whole points,
  with the rate of the purchase's currency and the points multiplier of the customer's tier
  *before* the purchase. Fractions of a point are always dropped (rounded down), never carried.
  A purchase in a currency without a rate earns nothing and is refused.
* **Tiers.** A tier is reached when a rolling measure — spend in the programme's currency
  (``TierBasis.SPEND``) or points earned on purchases (``TierBasis.POINTS``) over the last
  ``tier_window`` — reaches its threshold. A ``"lifetime"`` window has no lower bound: all
  history counts. Thresholds are read "that much or more", with one `Bands` rule, so tiers
  are monotonic in the measure.
* **Downgrades.** Upgrades are immediate; a downgrade waits: the customer keeps the highest
  tier they qualified for at any instant within the last ``tier_hold`` (12 months by default).
  A ``"lifetime"`` hold never downgrades: a tier once reached is kept for good. A return
  removes the returned amount from its purchase retroactively, so buying to reach a tier and
  returning the goods does not hold the tier, not even under a lifetime hold; and the points
  later purchases earned at the multiplier of the tier it took away are re-rated (see
  `LoyaltyLedger.record_return`).
* **Expiry.** Points expire ``points_expire_after`` after they were earned (oldest first,
  since older batches end sooner); ``None`` keeps them for ever.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import ROUND_FLOOR, Decimal
from typing import Any

import attrs
import pendulum

from .._internal import validate as _v
from ..bands import Bands
from ..errors import InvalidTypeError, ValidationError
from ..money import Money
from ..terms import Term
from ..vocabulary import Priority
from . import _loyalty_fields as _lf

__all__ = ["Benefits", "LoyaltyProgram", "Tier", "TierBasis"]


class TierBasis(enum.StrEnum):
    """What a tier threshold measures over the rolling window.

    Examples:
        >>> [b.value for b in TierBasis]
        ['spend', 'points']
    """

    SPEND = "spend"
    """Net spend in the programme's currency (thresholds are ``Money``)."""
    POINTS = "points"
    """Net points earned on purchases (thresholds are whole numbers)."""


@attrs.frozen(kw_only=True)
class Benefits:
    """What a tier gives its members, in a form policies can read.

    Attributes:
        points_multiplier: Points earned per point of the base rate (``2`` earns double),
            zero or more.
        extra_return_days: Days added to the return window, zero or more.
        priority_boost: Steps by which the SLA priority of the member's tickets is raised
            (``1``: normal becomes high), from 0 to 3.
        perks: Other benefits as text keys your system understands (``"free_delivery"``).

    Raises:
        ValidationError: A negative multiplier or day count, a boost above 3.

    Examples:
        >>> vip = Benefits(points_multiplier=Decimal("1.5"), priority_boost=1)
        >>> vip.upgrade("normal"), vip.upgrade("urgent")
        (<Priority.HIGH: 'high'>, <Priority.URGENT: 'urgent'>)
        >>> vip.return_days(7)
        7
        >>> Benefits(priority_boost=4)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: priority_boost: 4 must be between 0 and 3
    """

    points_multiplier: Decimal = attrs.field(
        default=Decimal(1), converter=_v.to_decimal, validator=_v.check_non_negative
    )
    extra_return_days: int = attrs.field(default=0, validator=_v.check_count)
    priority_boost: int = attrs.field(default=0, validator=[_v.check_count, _lf.check_boost])
    perks: tuple[str, ...] = attrs.field(
        default=(), converter=_v.to_tuple, validator=_lf.check_perks
    )

    def upgrade(self, priority: Priority | str) -> Priority:
        """``priority`` raised by `priority_boost` steps, never above urgent.

        Examples:
            >>> Benefits(priority_boost=2).upgrade(Priority.LOW)
            <Priority.HIGH: 'high'>
        """
        levels = list(Priority)
        base = _v.as_enum(Priority, priority)
        _v.check_enum(Priority, "priority", base)
        return levels[min(base.rank + self.priority_boost, len(levels) - 1)]

    def return_days(self, base_days: int) -> int:
        """A return window of ``base_days`` lengthened by `extra_return_days`.

        Examples:
            >>> Benefits(extra_return_days=7).return_days(7)
            14
        """
        return base_days + self.extra_return_days


@attrs.frozen(kw_only=True)
class Tier:
    """A membership tier: a name, the threshold that reaches it, and its benefits.

    Attributes:
        name: The tier's key (``"member"``, ``"silver"``, ``"gold"``, ``"vip"``).
        threshold: The rolling measure that reaches the tier, "that much or more": a
            ``Money`` amount for a spend-based programme, a whole number of points for a
            points-based one.
        benefits: What members of the tier get.

    Raises:
        ValidationError: An empty name, a negative threshold.

    Examples:
        >>> from aftersales_core import Money
        >>> Tier(name="silver", threshold=Money(5_000_000, "VND")).benefits.points_multiplier
        Decimal('1')
        >>> Tier(name="silver", threshold=-1)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: threshold: -1 must be zero or more
    """

    name: str = attrs.field(validator=_v.check_text)
    threshold: Money | int = attrs.field()
    benefits: Benefits = attrs.field(factory=Benefits, validator=_v.instance_of(Benefits))

    @threshold.validator
    def _check_threshold(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, Money):
            _v.check_money(self, attribute, value)
        else:
            _v.check_count(self, attribute, value)

    @property
    def measure(self) -> Decimal:
        """The threshold as a number: the amount of a ``Money``, or the points."""
        return (
            self.threshold.amount if isinstance(self.threshold, Money) else Decimal(self.threshold)
        )


def _to_tiers(value: Iterable[Tier]) -> tuple[Tier, ...]:
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


def _to_basis(value: TierBasis | str) -> TierBasis:
    return _v.as_enum(TierBasis, value)


def _default_tiers(program: LoyaltyProgram) -> tuple[Tier, ...]:
    zero: Money | int = Money.zero(program.currency) if program.tier_basis == "spend" else 0
    return (Tier(name="member", threshold=zero),)


@attrs.frozen(kw_only=True)
class LoyaltyProgram:
    """The rules of a loyalty programme (see the module's text for each rule in full).

    Attributes:
        name: The programme's name, as customers see it.
        currency: The currency of spend-based tier thresholds (spend in other currencies
            earns points but does not count towards a spend tier).
        spend_per_point: What a customer spends to earn one point, one ``Money`` per
            currency (a single ``Money`` for a one-currency shop).
        tiers: The tiers, lowest first, the first one at threshold zero (everyone's tier);
            a single ``member`` tier by default.
        tier_basis: What tier thresholds measure: spend (default) or points.
        tier_window: The rolling window of the measure (``Term`` or text, 12 months);
            ``"lifetime"`` counts all history.
        tier_hold: How long a tier is kept after the customer last qualified for it;
            ``"lifetime"`` keeps it for good.
        points_expire_after: How long points last after they are earned; ``None``: for ever.
        point_value: What one point is worth when redeemed, if points have a cash value.

    Raises:
        ValidationError: No rate, a zero rate, two rates in one currency, tiers whose
            thresholds do not start at zero or do not increase, thresholds that do not
            match the basis or currency.

    Examples:
        >>> from aftersales_core import Money
        >>> program = LoyaltyProgram(name="Club", currency="VND",
        ...                          spend_per_point=[Money(10_000, "VND"), Money(1, "USD")])
        >>> program.points_for(Money("9.99", "USD")), program.tiers[0].name
        (9, 'member')
        >>> LoyaltyProgram(name="Club", currency="VND", spend_per_point=Money(0, "VND"))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: spend_per_point[0]: Money('0', 'VND') must be more than zero
    """

    name: str = attrs.field(validator=_v.check_text)
    currency: str = attrs.field(validator=_lf.check_currency)
    spend_per_point: tuple[Money, ...] = attrs.field(
        converter=_lf.to_rates, validator=_lf.check_rates
    )
    tier_basis: TierBasis = attrs.field(default=TierBasis.SPEND, converter=_to_basis)
    tiers: tuple[Tier, ...] = attrs.field(
        default=attrs.Factory(_default_tiers, takes_self=True), converter=_to_tiers
    )
    tier_window: Term = attrs.field(
        factory=lambda: Term(months=12), converter=_v.to_term, validator=_v.check_term
    )
    tier_hold: Term = attrs.field(
        factory=lambda: Term(months=12), converter=_v.to_term, validator=_v.check_term
    )
    points_expire_after: Term | None = attrs.field(
        factory=lambda: Term(months=12),
        converter=_v.to_optional_term,
        validator=attrs.validators.optional(_v.check_term),
    )
    point_value: Money | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_money)
    )
    _bands: Bands[Tier] = attrs.field(init=False, repr=False, eq=False)

    @tier_basis.validator
    def _check_basis(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _v.check_enum(TierBasis, attribute.name, value)

    @tiers.validator
    def _check_tiers(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple) or not value:
            raise ValidationError(field="tiers", value=value, rule="must hold at least one tier")
        names: set[str] = set()
        for i, tier in enumerate(value):
            field = f"tiers[{i}]"
            if not isinstance(tier, Tier):
                raise ValidationError(field=field, value=tier, rule="must be a Tier")
            if tier.name in names:
                raise ValidationError(field=f"{field}.name", value=tier.name, rule="is repeated")
            names.add(tier.name)
            self._check_threshold_kind(f"{field}.threshold", tier.threshold)
        if value[0].measure != 0:
            raise ValidationError(
                field="tiers[0].threshold",
                value=value[0].threshold,
                rule="must be zero: the first tier is every customer's tier",
            )

    def _check_threshold_kind(self, field: str, threshold: Money | int) -> None:
        if self.tier_basis is TierBasis.SPEND:
            if not isinstance(threshold, Money) or threshold.currency != self.currency:
                raise ValidationError(
                    field=field, value=threshold, rule=f"must be Money in {self.currency}"
                )
        elif isinstance(threshold, Money):
            raise ValidationError(field=field, value=threshold, rule="must be a number of points")

    def __attrs_post_init__(self) -> None:
        bands = Bands.at_least((tier.measure, tier) for tier in self.tiers)
        object.__setattr__(self, "_bands", bands)

    def rate_for(self, currency: str) -> Money:
        """What a customer spends in ``currency`` to earn one point.

        Raises:
            ValidationError: The programme has no rate in ``currency``.

        Examples:
            >>> LoyaltyProgram(name="C", currency="VND",
            ...                spend_per_point=Money(10_000, "VND")).rate_for("VND")
            Money('10000', 'VND')
        """
        for rate in self.spend_per_point:
            if rate.currency == currency:
                return rate
        known = ", ".join(rate.currency for rate in self.spend_per_point)
        raise ValidationError(
            field="currency", value=currency, rule=f"has no earning rate; rates exist for {known}"
        )

    def points_for(self, spent: Money, *, multiplier: Decimal | int = 1) -> int:
        """Whole points earned by spending ``spent`` with a tier ``multiplier``, rounded down.

        Args:
            spent: The amount spent, zero or more.
            multiplier: The tier's points multiplier, zero or more.

        Raises:
            InvalidTypeError: ``spent`` is not `Money`.
            ValidationError: A negative spend or multiplier (a spend is never negative: a
                return is `LoyaltyLedger.record_return`), or a currency without a rate.

        Examples:
            >>> club = LoyaltyProgram(name="C", currency="VND",
            ...                       spend_per_point=Money(10_000, "VND"))
            >>> club.points_for(Money(99_999, "VND")), club.points_for(
            ...     Money(99_999, "VND"), multiplier=Decimal("1.5"))
            (9, 14)
        """
        if not isinstance(spent, Money):
            raise InvalidTypeError(field="spent", value=spent, rule="must be Money")
        if spent.amount < 0:
            raise ValidationError(
                field="spent",
                value=spent,
                rule="must be zero or more: a spend is never negative (record a return instead)",
            )
        rate = self.rate_for(spent.currency)
        factor = _v.decimal_of(multiplier, "multiplier")
        if factor < 0:
            raise ValidationError(field="multiplier", value=multiplier, rule="must be zero or more")
        exact = spent.amount * factor / rate.amount
        return int(exact.to_integral_value(rounding=ROUND_FLOOR))

    def tier_for(self, measure: Money | int | Decimal) -> Tier:
        """The tier a rolling measure (spend or points) qualifies for.

        Args:
            measure: Spend as ``Money`` in the programme's currency, or points.

        Raises:
            ValidationError: A negative measure, or one that does not match the basis.

        Examples:
            >>> club = LoyaltyProgram(
            ...     name="C", currency="VND", spend_per_point=Money(10_000, "VND"),
            ...     tiers=[Tier(name="member", threshold=Money(0, "VND")),
            ...            Tier(name="silver", threshold=Money(5_000_000, "VND"))])
            >>> club.tier_for(Money(4_999_999, "VND")).name, club.tier_for(
            ...     Money(5_000_000, "VND")).name
            ('member', 'silver')
        """
        if isinstance(measure, Money):
            self._check_threshold_kind("measure", measure)
            number = measure.amount
        elif self.tier_basis is TierBasis.SPEND:
            raise ValidationError(
                field="measure", value=measure, rule=f"must be Money in {self.currency}"
            )
        else:
            number = _v.decimal_of(measure, "measure")
        if number < 0:
            raise ValidationError(field="measure", value=measure, rule="must be zero or more")
        return self._bands.value_for(number, self.tiers[0])

    def tier_named(self, name: str) -> Tier:
        """The tier called ``name``.

        Raises:
            ValidationError: No tier has that name.

        Examples:
            >>> LoyaltyProgram(name="C", currency="VND",
            ...                spend_per_point=Money(1_000, "VND")).tier_named("member").name
            'member'
        """
        for tier in self.tiers:
            if tier.name == name:
                return tier
        known = ", ".join(t.name for t in self.tiers)
        raise ValidationError(field="tier", value=name, rule=f"is not a tier; tiers: {known}")

    def expiry_of(self, earned_at: pendulum.DateTime) -> pendulum.DateTime | None:
        """When points earned at ``earned_at`` expire; ``None`` if they never do.

        Examples:
            >>> club = LoyaltyProgram(name="C", currency="VND",
            ...                       spend_per_point=Money(1_000, "VND"))
            >>> club.expiry_of(pendulum.datetime(2026, 2, 28, tz="UTC")).to_date_string()
            '2027-02-28'
        """
        return None if self.points_expire_after is None else self.points_expire_after.end(earned_at)
