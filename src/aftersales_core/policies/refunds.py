"""Refunds by measured error rate, in tiers: "20% or more wrong → 100% refund".

Examples:
    The translation company's promise, in one line:

    >>> from decimal import Decimal
    >>> from aftersales_core import Money
    >>> rule = RefundRule(tiers=[RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal("1"))])
    >>> rule.refund_for(Money(2_000_000, "VND"), Decimal("0.2"))
    Money('2000000', 'VND')
    >>> rule.refund_for(Money(2_000_000, "VND"), Decimal("0.1999"))
    Money('0', 'VND')
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

import attrs

from .._internal import text as _text
from .._internal import validate as _v
from .._internal.exact import own_context
from .._internal.instants import micros_of
from ..bands import Bands
from ..errors import InvalidTypeError, ValidationError
from ..facts import Claim
from ..money import Money
from ..terms import Term
from ..vocabulary import ClaimKind
from . import _fields as _f
from .base import Anchor, Policy, _check_anchor, _to_anchor, register_policy
from .decisions import Decision, Outcome, Reason

__all__ = ["RefundRule", "RefundTier"]


@attrs.frozen(kw_only=True)
class RefundTier:
    """One tier of a refund rule: from this error rate up, refund this share of the price.

    Attributes:
        min_error_rate: The lowest error rate in the tier, included, from 0 to 1.
        refund_ratio: The share of the price refunded, from 0 to 1.

    Raises:
        ValidationError: A value outside [0, 1].
        InvalidTypeError: A float.

    Examples:
        >>> RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal("1"))
        RefundTier(min_error_rate=Decimal('0.2'), refund_ratio=Decimal('1'))
        >>> RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal("1.5"))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: refund_ratio: Decimal('1.5') must be between 0 and 1
    """

    min_error_rate: Decimal = attrs.field(converter=_v.to_decimal, validator=_v.check_ratio)
    refund_ratio: Decimal = attrs.field(converter=_v.to_decimal, validator=_v.check_ratio)


def _to_tiers(value: Iterable[RefundTier]) -> tuple[RefundTier, ...]:
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


def _check_tiers(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not value:
        raise ValidationError(field="tiers", value=value, rule="must hold at least one RefundTier")
    for i, tier in enumerate(value):
        if not isinstance(tier, RefundTier):
            raise InvalidTypeError(field=f"tiers[{i}]", value=tier, rule="must be a RefundTier")
        if i and tier.min_error_rate <= value[i - 1].min_error_rate:
            raise ValidationError(
                field=f"tiers[{i}].min_error_rate",
                value=tier.min_error_rate,
                rule="must be above the tier before it (tiers go by increasing error rate)",
            )
        if i and tier.refund_ratio < value[i - 1].refund_ratio:
            raise ValidationError(
                field=f"tiers[{i}].refund_ratio",
                value=tier.refund_ratio,
                rule="must not be below the tier before it (more errors never refund less)",
            )


def _check_cap(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _v.check_money(_instance, attribute, value)


def _check_prorate(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    _v.check_term(_instance, attribute, value)
    if value.is_lifetime:  # type: ignore[attr-defined]
        raise ValidationError(
            field=attribute.name, value=value, rule="cannot be a lifetime: nothing would be used up"
        )
    term: Term = value  # type: ignore[assignment]  # check_term refused anything else
    if not (term.years or term.months or term.days):
        raise ValidationError(
            field=attribute.name,
            value=value,
            rule="cannot be zero: the whole period would be used up at once",
        )


@attrs.frozen(kw_only=True)
class RefundRule(Policy):
    """Refunds in tiers by measured error rate, with an optional cap and proration.

    Decides ``refund`` claims from their measured error rate. Below the first tier
    nothing is refunded. The refund is ``price × tier ratio``, reduced by the share
    of the proration period already used (if any), capped (if a cap is set), and
    rounded to the currency's minor unit with `rounding` (half-up by default).
    It is never negative and never more than what was paid.

    Hooks to override in a subclass: `error_rate`, `amount_paid` and
    `used_share`. What they return is checked when a claim is decided: a rate and a
    share from 0 to 1 (an ``int``, a ``Decimal`` or decimal text, never a float),
    Money of zero or more; an error names the hook (``"GoldRefunds.error_rate"``).

    Attributes:
        name: The policy's name (default ``"refund"``).
        tiers: One or more `RefundTier`, by strictly increasing error rate, with
            refund ratios that never decrease.
        cap: The most that is ever refunded, as Money.
        prorate_over: A term over which the refund shrinks linearly with time used
            (``"12mo"``); ``None`` (the default) for no proration.
        start: Where the proration period starts: the delivery (default) or the purchase.
        rounding: A `decimal` rounding mode for the refund amount.

    Raises:
        ValidationError: No tiers, tiers out of order, an unknown rounding, a lifetime
            or zero proration period, a negative cap.

    Examples:
        >>> RefundRule(tiers=[RefundTier(min_error_rate=Decimal("0.5"), refund_ratio=Decimal(1)),
        ...                   RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal(1))])
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: tiers[1].min_error_rate: Decimal('0.2') must be above the tier before it ...
    """

    kind = "refund"
    handles = frozenset({ClaimKind.REFUND})
    hooks: ClassVar[tuple[str, ...]] = (*Policy.hooks, "error_rate", "amount_paid", "used_share")

    tiers: tuple[RefundTier, ...] = attrs.field(converter=_to_tiers, validator=_check_tiers)
    cap: Money | None = attrs.field(default=None, validator=_check_cap)
    prorate_over: Term | None = attrs.field(
        default=None, converter=_v.to_optional_term, validator=_check_prorate
    )
    start: Anchor = attrs.field(
        default=Anchor.DELIVERY, converter=_to_anchor, validator=_check_anchor
    )
    rounding: str = attrs.field(default=ROUND_HALF_UP, validator=_f.check_rounding)

    @property
    def bands(self) -> Bands[RefundTier]:
        """The tiers as `Bands` of error rates, up to 1 included.

        Examples:
            >>> rule = RefundRule(tiers=[RefundTier(min_error_rate=Decimal("0.2"),
            ...                                     refund_ratio=Decimal(1))])
            >>> [str(band) for band in rule.bands]
            ['[0.2, 1]']
        """
        return Bands.at_least(
            [(tier.min_error_rate, tier) for tier in self.tiers], upper=Decimal(1)
        )

    @own_context
    def refund_for(self, paid: Money, error_rate: Decimal, *, used: Decimal = Decimal(0)) -> Money:
        """The refund for an amount paid, at a measured error rate.

        Args:
            paid: What the customer paid.
            error_rate: The measured share of errors, from 0 to 1.
            used: The share of the proration period used, from 0 to 1 (ignored without
                `prorate_over`).

        Returns:
            Zero or more, at most ``paid``, in ``paid``'s currency.

        Raises:
            ValidationError: A rate or share outside [0, 1], a negative amount paid.
            InvalidTypeError: A float, or ``paid`` that is not Money.
            CurrencyMismatchError: The cap is in another currency than ``paid``.

        Examples:
            >>> tiers = [RefundTier(min_error_rate=Decimal("0.1"), refund_ratio=Decimal("0.5")),
            ...          RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal("1"))]
            >>> rule = RefundRule(tiers=tiers, cap=Money("150.00", "USD"))
            >>> rule.refund_for(Money("199.99", "USD"), Decimal("0.15"))
            Money('100.00', 'USD')
            >>> rule.refund_for(Money("199.99", "USD"), Decimal("0.3"))
            Money('150.00', 'USD')
        """
        paid = _v.non_negative_money(paid, "paid")
        rate = _ratio(error_rate, "error_rate")
        share = _ratio(used, "used")
        tier = self.bands.value_for(rate)
        if tier is None:
            return Money.zero(paid.currency)
        ratio = tier.refund_ratio
        if self.prorate_over is not None:
            ratio *= 1 - share
        amount = paid.multiply(ratio, rounding=self.rounding)
        if self.cap is not None and amount > self.cap:
            amount = self.cap
        return amount

    # --- hooks --------------------------------------------------------------------------

    def error_rate(self, claim: Claim) -> Decimal | None:
        """Hook: the claim's measured error rate; by default ``claim.error_rate``."""
        return claim.error_rate

    def amount_paid(self, claim: Claim) -> Money:
        """Hook: what the refund is a share of; by default the purchase's price."""
        return claim.purchase.price

    @own_context
    def used_share(self, claim: Claim) -> Decimal:
        """Hook: the share of the proration period used when the claim was opened (0 to 1).

        Zero without `prorate_over`; otherwise the time from `start` to the
        claim over the length of the period, counted to the microsecond.
        """
        if self.prorate_over is None:
            return Decimal(0)
        begin = self.start.of(claim.purchase)
        end = self.prorate_over.end(begin)
        assert end is not None  # a lifetime is refused at construction
        begin, end = _v.utc(begin), _v.utc(end)
        total, used = micros_of(end - begin), micros_of(_v.utc(claim.opened_at) - begin)
        if total <= 0 or used >= total:
            return Decimal(1)
        return max(Decimal(0), Decimal(used) / Decimal(total))

    # --- decision -----------------------------------------------------------------------

    def assess(self, claim: Claim) -> Decision:
        """Refund the claim's tier of the price, or say why nothing is refunded.

        Raises:
            ValidationError: A hook returned a rate or share outside [0, 1], or a
                negative amount (the error names the hook).
            InvalidTypeError: A hook returned a float, or something else than Money.
        """
        measured = self.error_rate(claim)
        if measured is None:
            reason = Reason.of(
                "refund.no_error_rate", "no error rate was measured; the refund depends on it"
            )
            return self.decision(Outcome.DENIED, "measurement", [reason])
        rate = _f.hook_ratio(self, "error_rate", measured)
        paid = _f.hook_money(self, "amount_paid", self.amount_paid(claim))
        tier = self.bands.value_for(rate)
        if tier is None:
            first = self.tiers[0].min_error_rate
            reason = Reason(
                code="refund.below_threshold",
                message=(
                    f"an error rate of {_text.percent(rate, 'en')} is below the first tier "
                    f"({_text.percent(first, 'en')})"
                ),
                params={"error_rate": rate, "threshold": first},
            )
            return self.decision(
                Outcome.DENIED, "tiers", [reason], amount=Money.zero(paid.currency)
            )
        used = _f.hook_ratio(self, "used_share", self.used_share(claim))
        amount = self.refund_for(paid, rate, used=used)
        reasons = [
            Reason(
                code="refund.tier",
                message=(
                    f"an error rate of {_text.percent(rate, 'en')} is in the tier from "
                    f"{_text.percent(tier.min_error_rate, 'en')}, which refunds "
                    f"{_text.percent(tier.refund_ratio, 'en')} of {paid}"
                ),
                params={
                    "error_rate": rate,
                    "threshold": tier.min_error_rate,
                    "refund_ratio": tier.refund_ratio,
                    "paid": paid,
                    "rounding": self.rounding,
                },
            )
        ]
        if self.prorate_over is not None:
            reasons.append(
                Reason(
                    code="refund.prorated",
                    message=f"{_text.percent(used, 'en')} of the period of "
                    f"{_text.term(self.prorate_over, 'en')} was used",
                    params={"used": used, "period": self.prorate_over},
                )
            )
        if self.cap is not None and amount == self.cap:
            reasons.append(Reason.of("refund.capped", "refunds are capped at {cap}", cap=self.cap))
        # A tier that refunds nothing denies, even when nothing was paid: the outcome must not
        # depend on the price being zero.
        if not tier.refund_ratio:
            outcome = Outcome.DENIED
        else:
            outcome = (
                Outcome.APPROVED
                if amount == paid
                else Outcome.PARTIAL
                if amount
                else Outcome.DENIED
            )
        return self.decision(outcome, "tiers", reasons, amount=amount, ratio=tier.refund_ratio)

    def describe(self, lang: str = "vi") -> str:
        """The refund tiers as a charter section.

        Examples:
            >>> rule = RefundRule(tiers=[RefundTier(min_error_rate=Decimal("0.2"),
            ...                                     refund_ratio=Decimal(1))])
            >>> print(rule.describe("vi"))
            ### Hoàn tiền
            <BLANKLINE>
            - Hoàn 100% giá trị nếu tỷ lệ lỗi từ 20% trở lên.
            <BLANKLINE>
            >>> print(rule.describe("en"))
            ### Refunds
            <BLANKLINE>
            - 100% of the price back if 20% or more is wrong.
            <BLANKLINE>
        """
        lang = _text.check_lang(lang)
        vi = lang == "vi"
        lines = []
        for band in self.bands:
            tier = band.value
            low, ratio = (
                _text.percent(tier.min_error_rate, lang),
                _text.percent(tier.refund_ratio, lang),
            )
            if band.upper_closed:
                lines.append(
                    f"Hoàn {ratio} giá trị nếu tỷ lệ lỗi từ {low} trở lên."
                    if vi
                    else f"{ratio} of the price back if {low} or more is wrong."
                )
            else:
                high = _text.percent(band.upper or Decimal(1), lang)
                lines.append(
                    f"Hoàn {ratio} giá trị nếu tỷ lệ lỗi từ {low} đến dưới {high}."
                    if vi
                    else f"{ratio} of the price back if from {low} to under {high} is wrong."
                )
        if self.prorate_over is not None:
            period = _text.term(self.prorate_over, lang)
            lines.append(
                f"Số tiền hoàn giảm dần theo thời gian đã sử dụng trong {period}."
                if vi
                else f"The refund shrinks with the time used, over {period}."
            )
        if self.cap is not None:
            cap = _text.money(self.cap, lang)
            lines.append(f"Hoàn tối đa {cap}." if vi else f"Refunds are capped at {cap}.")
        title = "Hoàn tiền" if vi else "Refunds"
        return _text.section(title if self.name == self.kind else f"{title}: {self.name}", lines)


def _ratio(value: object, field: str) -> Decimal:
    number = _v.decimal_of(value, field)
    if not Decimal(0) <= number <= Decimal(1):
        raise ValidationError(field=field, value=value, rule="must be between 0 and 1")
    return number


register_policy(RefundRule)
