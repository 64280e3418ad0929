"""Return and exchange windows: N days from delivery, conditions, restocking fees.

The window counts whole days in the shop's time zone and ends at the end of its
last day: delivered on 1 March with a 7-day window, the customer may return the
item until 8 March, 23:59:59.999999 shop time. With a
`BusinessCalendar` the days counted are the
calendar's open days, so holidays and closed Sundays do not eat into the window.

Examples:
    The 7-day returns Vietnamese online shops promise:

    >>> import pendulum
    >>> from aftersales_core import Money
    >>> from aftersales_core.facts import Purchase
    >>> order = Purchase(id="O-9", customer_id="C-1", sku="SHOE-42", product_category="shoes",
    ...                  price=Money(790_000, "VND"),
    ...                  purchased_at=pendulum.datetime(2026, 2, 27, 20, tz="Asia/Ho_Chi_Minh"),
    ...                  delivered_at=pendulum.datetime(2026, 3, 1, 15, tz="Asia/Ho_Chi_Minh"))
    >>> ReturnWindowPolicy(days=7).window_end(order).isoformat()
    '2026-03-09T00:00:00+07:00'
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

import attrs
import pendulum

from .._internal import text as _text
from .._internal import validate as _v
from ..calendar import BusinessCalendar
from ..errors import CurrencyMismatchError, ValidationError
from ..facts import Claim, Purchase
from ..money import Money
from ..terms import as_instant
from ..vocabulary import ClaimKind
from . import _days
from . import _fields as _f
from .base import Anchor, Policy, _check_anchor, _to_anchor, register_policy
from .decisions import Decision, Outcome, Reason

__all__ = ["ReturnWindowPolicy"]


def _check_timezone(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    try:
        if not isinstance(value, str):
            raise TypeError(value)
        pendulum.timezone(value)
    except Exception:  # pendulum raises several kinds of error for a bad name
        raise ValidationError(
            field=attribute.name, value=value, rule="is not an IANA time zone name"
        ) from None


def _to_fee(value: Decimal | int | str | Money | None) -> Decimal | Money | None:
    return value if value is None or isinstance(value, Money) else _v.to_decimal(value)


def _check_fee(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, Money):
        _v.check_money(instance, attribute, value)
    else:
        _v.check_ratio(instance, attribute, value)


@attrs.frozen(kw_only=True)
class ReturnWindowPolicy(Policy):
    """A return and exchange window, with its conditions and restocking fee.

    Decides ``return`` and ``exchange`` claims. A claim opened inside the window, for
    an item that is not final sale and meets the conditions, is approved: an exchange
    as such, a return with the refund (price minus restocking fee) as its amount.
    In exchange-only mode a return is granted in part — as an exchange, no refund.
    Otherwise the decision lists every clause that refused it.

    Hooks to override in a subclass: `window_start`, `window_days`,
    `is_final_sale` and `restocking_fee_for`. What they return is checked: an aware
    instant (a stdlib ``datetime`` will do), a number of days from 0 to 366 000, a
    fee from zero to the price, in its currency; an error names the hook.

    Attributes:
        name: The policy's name (default ``"returns"``).
        days: The length of the window in days, from 0 (the day itself) to 366 000.
        start: Whether the window runs from the delivery (default) or the purchase.
        calendar: Count the calendar's open days instead of calendar days.
        timezone: The shop's time zone, where days end; by default the calendar's, or
            else the zone of the instant the window starts at.
        require_unopened: Refuse items whose packaging was opened.
        require_receipt: Refuse claims without proof of purchase.
        require_undamaged: Refuse damaged items.
        final_sale_categories: Product categories that can never be returned.
        restocking_fee: A share of the price (``Decimal("0.1")``) or fixed Money kept on
            a return.
        exchange_only: Accept exchanges only; returns become exchanges.
        rounding: A `decimal` rounding mode for a ratio restocking fee.

    Raises:
        ValidationError: Days out of range, a fee ratio above 1, an unknown time zone.

    Examples:
        >>> import pendulum
        >>> from aftersales_core import Money
        >>> from aftersales_core.facts import Claim, Purchase
        >>> at = pendulum.datetime(2026, 3, 1, 15, tz="Asia/Ho_Chi_Minh")
        >>> order = Purchase(id="O-9", customer_id="C-1", sku="SHOE-42",
        ...                  product_category="shoes", price=Money(790_000, "VND"),
        ...                  purchased_at=at, delivered_at=at)
        >>> policy = ReturnWindowPolicy(days=7, restocking_fee=Decimal("0.1"))
        >>> decision = policy.decide(Claim(id="R-1", kind="return", purchase=order,
        ...                                opened_at=at.add(days=7, hours=8)))
        >>> decision.outcome, decision.amount, decision.fee
        (<Outcome.APPROVED: 'approved'>, Money('711000', 'VND'), Money('79000', 'VND'))
        >>> ReturnWindowPolicy(days=-1)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: days: -1 must be a whole number from 0 to 366000
    """

    kind = "returns"
    handles = frozenset({ClaimKind.RETURN, ClaimKind.EXCHANGE})
    hooks: ClassVar[tuple[str, ...]] = (
        *Policy.hooks,
        "window_start",
        "window_days",
        "is_final_sale",
        "restocking_fee_for",
    )

    days: int = attrs.field(validator=_f.check_days)
    start: Anchor = attrs.field(
        default=Anchor.DELIVERY, converter=_to_anchor, validator=_check_anchor
    )
    calendar: BusinessCalendar | None = attrs.field(
        default=None, validator=_v.instance_of(BusinessCalendar, optional=True)
    )
    timezone: str | None = attrs.field(default=None, validator=_check_timezone)
    require_unopened: bool = attrs.field(default=False, validator=_v.check_bool)
    require_receipt: bool = attrs.field(default=False, validator=_v.check_bool)
    require_undamaged: bool = attrs.field(default=False, validator=_v.check_bool)
    final_sale_categories: frozenset[str] = attrs.field(
        default=frozenset(), converter=_f.to_codes, validator=_f.check_codes
    )
    restocking_fee: Decimal | Money | None = attrs.field(
        default=None, converter=_to_fee, validator=_check_fee
    )
    exchange_only: bool = attrs.field(default=False, validator=_v.check_bool)
    rounding: str = attrs.field(default=ROUND_HALF_UP, validator=_f.check_rounding)

    # --- hooks --------------------------------------------------------------------------

    def window_start(self, purchase: Purchase) -> pendulum.DateTime:
        """Hook: when the window opens; by default the delivery (or purchase, per `start`)."""
        return self.start.of(purchase)

    def window_days(self, claim: Claim) -> int:
        """Hook: the window's length for this claim; by default `days`.

        Override it to give some customers a longer window (see the how-to guide on
        custom policies: Gold members get 30 days).
        """
        return self.days

    def is_final_sale(self, purchase: Purchase) -> bool:
        """Hook: whether the item can never be returned; by default, by its product category."""
        return purchase.product_category in self.final_sale_categories

    def restocking_fee_for(self, price: Money) -> Money:
        """Hook: the fee kept on a return of an item sold at ``price`` (at most the price).

        Raises:
            CurrencyMismatchError: A fixed fee in another currency than the price.

        Examples:
            >>> ReturnWindowPolicy(days=7, restocking_fee=Decimal("0.15")).restocking_fee_for(
            ...     Money("19.99", "USD"))
            Money('3.00', 'USD')
        """
        price = _v.non_negative_money(price, "price")
        fee = self.restocking_fee
        if fee is None:
            return Money.zero(price.currency)
        if isinstance(fee, Money):
            if fee.currency != price.currency:
                raise CurrencyMismatchError(
                    left=price.currency, right=fee.currency, operation="charge a fee in"
                )
            return min(fee, price)
        return price.multiply(fee, rounding=self.rounding)

    # --- queries ------------------------------------------------------------------------

    def _zone(self, start: pendulum.DateTime) -> Any:
        if self.timezone is not None:
            return self.timezone
        if self.calendar is not None:
            return self.calendar.timezone
        return start.tzinfo

    def window_end(self, purchase: Purchase, *, days: int | None = None) -> pendulum.DateTime:
        """The instant the window closes: the first instant after its last day, shop time.

        Args:
            purchase: The purchase.
            days: The window's length, if not `days`.

        Raises:
            ValidationError: ``days`` is not from 0 to 366 000, or the window would
                close after the year 9999.

        Examples:
            >>> import pendulum
            >>> from aftersales_core import Money
            >>> from aftersales_core.facts import Purchase
            >>> p = Purchase(id="O", customer_id="C", sku="S", product_category="x",
            ...              price=Money(1, "VND"),
            ...              purchased_at=pendulum.datetime(2026, 3, 1, 23, tz="UTC"))
            >>> ReturnWindowPolicy(days=7, timezone="Asia/Ho_Chi_Minh").window_end(p).isoformat()
            '2026-03-10T00:00:00+07:00'
        """
        length = _f.whole_number("days", self.days if days is None else days, 0, _f.MAX_DAYS)
        start = _f.hook_instant(self, "window_start", self.window_start(purchase))
        zone = self._zone(start)
        first = start.in_timezone(zone).date()
        last: date | None
        if self.calendar is None:
            last = _days.add_days(first, length)
        else:
            last = _days.add_open_days(self.calendar, first, length)
        after = None if last is None else _days.add_days(last, 1)
        if after is None:
            raise ValidationError(
                field="days",
                value=length,
                rule=f"would close the window after the year 9999 (from {start.isoformat()})",
            )
        return _days.midnight(after, zone)

    def is_within(self, purchase: Purchase, at: datetime, *, days: int | None = None) -> bool:
        """Whether ``at`` is before the window closes.

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.
        """
        return _v.utc(as_instant(at)) < _v.utc(self.window_end(purchase, days=days))

    # --- decision -----------------------------------------------------------------------

    def assess(self, claim: Claim) -> Decision:
        """Approve an exchange or a return inside the window, or list every refusal."""
        purchase = claim.purchase
        refusals: list[tuple[str, Reason]] = []
        if self.is_final_sale(purchase):
            refusals.append(
                (
                    "final_sale",
                    Reason.of(
                        "return.final_sale",
                        "{category!r} items are final sale",
                        category=purchase.product_category,
                    ),
                )
            )
        days = _f.hook_count(self, "window_days", self.window_days(claim), limit=_f.MAX_DAYS)
        end = self.window_end(purchase, days=days)
        unit = "business days" if self.calendar is not None else "days"
        if _v.utc(claim.opened_at) >= _v.utc(end):
            reason = Reason(
                code="return.window_closed",
                message=f"the {days} {unit} return window closed at {end.isoformat()}",
                params={"days": days, "closed_at": end, "business_days": self.calendar is not None},
            )
            refusals.append(("window", reason))
        for required, broken, code, message in (
            (self.require_unopened, claim.opened, "return.opened", "the item has been opened"),
            (self.require_receipt, not claim.has_receipt, "return.no_receipt", "no receipt"),
            (self.require_undamaged, claim.damaged, "return.damaged", "the item is damaged"),
        ):
            if required and broken:
                refusals.append(("conditions", Reason(code=code, message=message)))
        if refusals:
            return self.decision(Outcome.DENIED, refusals[0][0], [r for _, r in refusals])
        inside = Reason(
            code="return.within_window",
            message=f"inside the {days} {unit} return window, which closes at {end.isoformat()}",
            params={"days": days, "closes_at": end, "business_days": self.calendar is not None},
        )
        if claim.kind is ClaimKind.EXCHANGE:
            return self.decision(Outcome.APPROVED, "window", [inside])
        if self.exchange_only:
            only = Reason.of(
                "return.exchange_only", "only exchanges are accepted: no refund, an exchange"
            )
            return self.decision(Outcome.PARTIAL, "exchange_only", [inside, only])
        price = purchase.price
        fee = _f.hook_money(
            self, "restocking_fee_for", self.restocking_fee_for(price), at_most=price
        )
        charged = self.restocking_fee is not None or bool(fee)
        reasons = [inside]
        if charged:
            reasons.append(
                Reason(
                    code="return.restocking_fee",
                    message=f"a restocking fee of {fee} is kept",
                    params={"fee": fee, "rounding": self.rounding},
                )
            )
        return self.decision(
            Outcome.APPROVED,
            "window",
            reasons,
            amount=price - fee,
            fee=fee if charged else None,
        )

    def describe(self, lang: str = "vi") -> str:
        """The window and its conditions as a charter section.

        Examples:
            >>> print(ReturnWindowPolicy(days=7).describe("vi"))
            ### Đổi trả
            <BLANKLINE>
            - Đổi trả trong 7 ngày kể từ ngày giao hàng.
            <BLANKLINE>
            >>> print(ReturnWindowPolicy(days=7, require_receipt=True).describe("en"))
            ### Returns and exchanges
            <BLANKLINE>
            - Returns and exchanges within 7 days of the delivery.
            - Conditions: a receipt.
            <BLANKLINE>
        """
        lang = _text.check_lang(lang)
        vi = lang == "vi"
        length = _text.days(self.days, lang)
        if self.calendar is not None:
            length = f"{length} làm việc" if vi else length.replace("day", "business day")
        since = {
            Anchor.PURCHASE: ("ngày mua", "the purchase"),
            Anchor.DELIVERY: ("ngày giao hàng", "the delivery"),
        }[self.start][0 if vi else 1]
        what = (
            ("Chỉ đổi hàng", "Exchanges only")
            if self.exchange_only
            else (
                "Đổi trả",
                "Returns and exchanges",
            )
        )
        lines = [
            f"{what[0]} trong {length} kể từ {since}."
            if vi
            else f"{what[1]} within {length} of {since}."
        ]
        conditions = [
            text
            for flag, text in (
                (self.require_unopened, ("còn nguyên seal", "unopened")),
                (self.require_receipt, ("có hóa đơn", "a receipt")),
                (self.require_undamaged, ("không hư hỏng", "undamaged")),
            )
            if flag
        ]
        if conditions:
            joined = ", ".join(c[0 if vi else 1] for c in conditions)
            lines.append(f"Điều kiện: {joined}." if vi else f"Conditions: {joined}.")
        if self.final_sale_categories:
            cats = ", ".join(sorted(self.final_sale_categories))
            lines.append(f"Không áp dụng cho: {cats}." if vi else f"Final sale: {cats}.")
        if self.restocking_fee is not None:
            fee = (
                _text.money(self.restocking_fee, lang)
                if isinstance(self.restocking_fee, Money)
                else _text.percent(self.restocking_fee, lang)
                + (" giá trị" if vi else " of the price")
            )
            lines.append(f"Phí nhập kho lại: {fee}." if vi else f"Restocking fee: {fee}.")
        title = "Đổi trả" if vi else "Returns and exchanges"
        return _text.section(title if self.name == self.kind else f"{title}: {self.name}", lines)


register_policy(ReturnWindowPolicy)
