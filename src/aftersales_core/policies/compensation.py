"""Compensation for a missed commitment: credits in tiers, by lateness or by achieved ratio.

Two ways of measuring a miss are common, and a rule uses one of them:

* **lateness** — "a response more than 4 hours late earns a 10% voucher":
  tiers with ``late_by``, each from that lateness up;
* **achieved ratio** — cloud-style service credits, "below 99.9% uptime → 10%,
  below 99% → 25%, below 95% → 100%": tiers with ``below``, each under that ratio.

A credit is a share of the price (a voucher ratio) or a fixed amount of Money.

Examples:
    >>> from decimal import Decimal
    >>> cloud = CompensationRule(tiers=[
    ...     CompensationTier(below=Decimal("0.999"), credit=Decimal("0.10")),
    ...     CompensationTier(below=Decimal("0.99"), credit=Decimal("0.25")),
    ...     CompensationTier(below=Decimal("0.95"), credit=Decimal("1"))])
    >>> [cloud.credit_for(Decimal(r)) for r in ("0.999", "0.9985", "0.98", "0.5")]
    [Decimal('0'), Decimal('0.10'), Decimal('0.25'), Decimal('1')]
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

import attrs
import pendulum

from .._internal import text as _text
from .._internal import validate as _v
from .._internal.exact import own_context
from .._internal.instants import micros_of
from ..bands import Bands
from ..errors import InvalidTypeError, ValidationError
from ..facts import Claim
from ..money import Money
from ..terms import parse_duration
from ..vocabulary import ClaimKind
from . import _compensation_ladder as _ladder
from . import _fields as _f
from .base import Policy, register_policy
from .decisions import Decision, Outcome, Reason

__all__ = ["CompensationBasis", "CompensationRule", "CompensationTier"]


class CompensationBasis(enum.StrEnum):
    """How a compensation rule measures a miss.

    Examples:
        >>> CompensationBasis("lateness")
        <CompensationBasis.LATENESS: 'lateness'>
    """

    LATENESS = "lateness"
    """How late the business was: more lateness, more credit."""
    ACHIEVED_RATIO = "achieved_ratio"
    """The share of a commitment achieved (uptime): a lower ratio, more credit."""


def _to_optional_duration(value: timedelta | str | None) -> pendulum.Duration | None:
    return None if value is None else _v.to_duration(value)


def _to_credit(value: Decimal | int | str | Money) -> Decimal | Money:
    return value if isinstance(value, Money) else _v.to_decimal(value)


@attrs.frozen(kw_only=True)
class CompensationTier:
    """One tier of credit: from a lateness up, or under an achieved ratio.

    Attributes:
        late_by: The least lateness in the tier (``"4h"`` or a ``timedelta``), above zero.
        below: The achieved ratio the tier starts under (``Decimal("0.999")``), above 0, at
            most 1.
        credit: A share of the price, from 0 to 1 (a voucher ratio), or an amount of Money.

    Exactly one of ``late_by`` and ``below`` is given.

    Raises:
        ValidationError: Both or neither of ``late_by`` and ``below``, a zero lateness,
            a ratio outside [0, 1], a negative credit.

    Examples:
        >>> CompensationTier(late_by="4h", credit=Decimal("0.1")).late_by
        Duration(hours=4)
        >>> CompensationTier(late_by="4h", below=Decimal("0.99"), credit=Decimal("0.1"))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: below: Decimal('0.99') cannot be combined with late_by; a tier measures one thing
    """

    late_by: pendulum.Duration | None = attrs.field(default=None, converter=_to_optional_duration)
    below: Decimal | None = attrs.field(
        default=None,
        converter=_v.to_optional_decimal,
        validator=attrs.validators.optional(_v.check_ratio),
    )
    credit: Decimal | Money = attrs.field(converter=_to_credit)

    @late_by.validator
    def _check_late_by(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        parse_duration(value, field="late_by")  # type: ignore[arg-type]
        if value == timedelta(0):
            raise ValidationError(
                field="late_by", value=value, rule="must be longer than zero: on time is not late"
            )

    @below.validator
    def _check_below_zero(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value == 0:
            raise ValidationError(
                field="below", value=value, rule="must be above 0 (nothing is below 0%)"
            )

    @credit.validator
    def _check_credit(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, Money):
            _v.check_money(self, attribute, value)
        else:
            _v.check_ratio(self, attribute, value)

    def __attrs_post_init__(self) -> None:
        if self.late_by is None and self.below is None:
            raise ValidationError(
                field="late_by",
                value=None,
                rule="or below must be given: what does the tier measure?",
            )
        if self.late_by is not None and self.below is not None:
            raise ValidationError(
                field="below",
                value=self.below,
                rule="cannot be combined with late_by; a tier measures one thing",
            )

    @property
    def basis(self) -> CompensationBasis:
        """What the tier measures."""
        return (
            CompensationBasis.LATENESS
            if self.late_by is not None
            else CompensationBasis.ACHIEVED_RATIO
        )


def _to_tiers(value: Iterable[CompensationTier]) -> tuple[CompensationTier, ...]:
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


def _check_tiers(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not value:
        raise ValidationError(field="tiers", value=value, rule="must hold at least one tier")
    for i, tier in enumerate(value):
        if not isinstance(tier, CompensationTier):
            raise InvalidTypeError(
                field=f"tiers[{i}]", value=tier, rule="must be a CompensationTier"
            )
    _ladder.check_order(value)


@own_context
def _seconds(span: timedelta) -> Decimal:
    return Decimal(micros_of(span)) / 1_000_000


@attrs.frozen(kw_only=True)
class CompensationRule(Policy):
    """Credits for a missed commitment, in tiers listed from the smallest miss to the largest.

    Decides ``complaint`` claims about a missed commitment from the claim's
    ``lateness`` or ``achieved_ratio`` (see `basis`). A ratio credit becomes an
    amount of the price, rounded with `rounding`.

    Hook to override in a subclass: `miss`.

    Attributes:
        name: The policy's name (default ``"compensation"``).
        tiers: One or more `CompensationTier` of one basis, from the smallest miss
            to the largest, with credits that never decrease.
        rounding: A `decimal` rounding mode for ratio credits turned into Money.

    Raises:
        ValidationError: Tiers out of order, of mixed bases or credit types.
        CurrencyMismatchError: Money credits in different currencies.

    Examples:
        >>> late = CompensationRule(tiers=[CompensationTier(late_by="4h", credit=Decimal("0.1")),
        ...                                CompensationTier(late_by="24h", credit=Decimal("0.5"))])
        >>> late.credit_for("3h"), late.credit_for("4h"), late.credit_for("30h")
        (Decimal('0'), Decimal('0.1'), Decimal('0.5'))
        >>> late.credit_for("5h", price=Money(2_000_000, "VND"))
        Money('200000', 'VND')
    """

    kind = "compensation"
    handles = frozenset({ClaimKind.COMPLAINT})
    hooks: ClassVar[tuple[str, ...]] = (*Policy.hooks, "miss")

    tiers: tuple[CompensationTier, ...] = attrs.field(converter=_to_tiers, validator=_check_tiers)
    rounding: str = attrs.field(default=ROUND_HALF_UP, validator=_f.check_rounding)

    @property
    def basis(self) -> CompensationBasis:
        """What the rule measures: lateness or an achieved ratio."""
        return self.tiers[0].basis

    @property
    def bands(self) -> Bands[CompensationTier]:
        """The tiers as bands: of lateness in seconds, or of achieved ratios from 0.

        Examples:
            >>> rule = CompensationRule(tiers=[CompensationTier(late_by="4h", credit=Decimal(1))])
            >>> [str(b) for b in rule.bands]
            ['[14400, ∞)']
        """
        if self.basis is CompensationBasis.LATENESS:
            return Bands.at_least([(_seconds(t.late_by), t) for t in self.tiers if t.late_by])
        return Bands.below([(t.below, t) for t in self.tiers if t.below is not None], lower=0)

    def tier_for(self, miss: timedelta | str | Decimal) -> CompensationTier | None:
        """The tier a miss falls in, or ``None`` when it earns nothing.

        Args:
            miss: A lateness (``"5h"``, a ``timedelta``) or an achieved ratio (``Decimal``).

        Raises:
            InvalidTypeError: A miss of the wrong kind for the rule.

        Examples:
            >>> rule = CompensationRule(tiers=[CompensationTier(late_by="4h", credit=Decimal(1))])
            >>> rule.tier_for("1h") is None
            True
        """
        if self.basis is CompensationBasis.LATENESS:
            if not isinstance(miss, timedelta | str):
                raise InvalidTypeError(field="miss", value=miss, rule="must be a lateness ('4h')")
            return self.bands.value_for(_seconds(parse_duration(miss, field="miss")))
        if isinstance(miss, timedelta | str):
            raise InvalidTypeError(
                field="miss", value=miss, rule="must be an achieved ratio (Decimal)"
            )
        ratio = _v.decimal_of(miss, "miss")
        if not Decimal(0) <= ratio <= Decimal(1):
            raise ValidationError(field="miss", value=miss, rule="must be between 0 and 1")
        return self.bands.value_for(ratio)

    def credit_for(
        self, miss: timedelta | str | Decimal, *, price: Money | None = None
    ) -> Decimal | Money:
        """The credit a miss earns: a ratio, or Money (zero when it earns nothing).

        Args:
            miss: A lateness or an achieved ratio, as for `tier_for`.
            price: When given, a ratio credit is turned into that share of ``price``:
                Money of zero or more (a price paid is never negative).

        Raises:
            InvalidTypeError: A miss of the wrong kind, or a price that is not Money.
            ValidationError: A negative price.

        Examples:
            >>> rule = CompensationRule(tiers=[
            ...     CompensationTier(late_by="30m", credit=Money(500_000, "VND"))])
            >>> rule.credit_for("45m"), rule.credit_for("10m")
            (Money('500000', 'VND'), Money('0', 'VND'))
        """
        if price is not None:
            price = _v.non_negative_money(price, "price")
        tier = self.tier_for(miss)
        sample = self.tiers[0].credit
        if tier is None:
            if isinstance(sample, Money):
                return Money.zero(sample.currency)
            return Money.zero(price.currency) if price is not None else Decimal(0)
        if isinstance(tier.credit, Money) or price is None:
            return tier.credit
        return price.multiply(tier.credit, rounding=self.rounding)

    def miss(self, claim: Claim) -> timedelta | Decimal | None:
        """Hook: the claim's measured miss; ``claim.lateness`` or ``claim.achieved_ratio``."""
        return claim.lateness if self.basis is CompensationBasis.LATENESS else claim.achieved_ratio

    def _measure_text(self, tier: CompensationTier, lang: str) -> str:
        if tier.late_by is not None:
            return _text.duration(tier.late_by, lang)
        return _text.percent(tier.below or Decimal(0), lang)

    def _credit_text(self, credit: Decimal | Money, lang: str) -> str:
        if isinstance(credit, Money):
            return _text.money(credit, lang)
        share = _text.percent(credit, lang)
        return f"{share} giá trị" if lang == "vi" else f"{share} of the price"

    def assess(self, claim: Claim) -> Decision:
        """Credit the tier the claim's miss falls in, or say why nothing is owed."""
        miss = self.miss(claim)
        if miss is None:
            reason = Reason.of(
                "compensation.no_measurement",
                "the claim states no {basis}; the credit depends on it",
                basis=self.basis.value.replace("_", " "),
            )
            return self.decision(Outcome.DENIED, "measurement", [reason])
        tier = self.tier_for(miss)
        shown = (
            _text.duration(miss, "en") if isinstance(miss, timedelta) else _text.percent(miss, "en")
        )
        if tier is None:
            reason = Reason(
                code="compensation.within_commitment",
                message=f"{shown} is within the commitment: no tier applies",
                params={"miss": miss, "basis": self.basis.value},
            )
            return self.decision(Outcome.DENIED, "tiers", [reason])
        price = claim.purchase.price
        amount = self.credit_for(miss, price=price)
        assert isinstance(amount, Money)  # a price was given
        measure = self._measure_text(tier, "en")
        bound = f"{measure} late or more" if tier.late_by is not None else f"below {measure}"
        reason = Reason(
            code="compensation.tier",
            message=f"{shown} falls in the tier {bound}: credit {self._credit_text(tier.credit, 'en')}",
            params={"miss": miss, "basis": self.basis.value, "credit": tier.credit},
        )
        ratio = tier.credit if isinstance(tier.credit, Decimal) else None
        return self.decision(Outcome.APPROVED, "tiers", [reason], amount=amount, ratio=ratio)

    def describe(self, lang: str = "vi") -> str:
        """The credit tiers as a charter section.

        Examples:
            >>> rule = CompensationRule(tiers=[CompensationTier(late_by="4h", credit=Decimal("0.1"))])
            >>> print(rule.describe("en"))
            ### Compensation
            <BLANKLINE>
            - 4 hours late or more: a credit of 10% of the price.
            <BLANKLINE>
            >>> print(rule.describe("vi"))
            ### Bồi thường
            <BLANKLINE>
            - Trễ từ 4 giờ trở lên: bồi thường 10% giá trị.
            <BLANKLINE>
        """
        lang = _text.check_lang(lang)
        vi = lang == "vi"
        lines = []
        for tier in self.tiers:
            measure, credit = self._measure_text(tier, lang), self._credit_text(tier.credit, lang)
            if tier.late_by is not None:
                lines.append(
                    f"Trễ từ {measure} trở lên: bồi thường {credit}."
                    if vi
                    else f"{measure} late or more: a credit of {credit}."
                )
            else:
                lines.append(
                    f"Mức đạt dưới {measure}: bồi thường {credit}."
                    if vi
                    else f"Below {measure} achieved: a credit of {credit}."
                )
        title = "Bồi thường" if vi else "Compensation"
        return _text.section(title if self.name == self.kind else f"{title}: {self.name}", lines)


register_policy(CompensationRule)
