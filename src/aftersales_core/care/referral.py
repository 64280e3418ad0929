"""Referral rewards: a customer brings a friend, both are rewarded when the friend buys.

A `ReferralProgram` rewards the referrer and the referee when the referee's **first
qualifying purchase** (at least ``min_purchase``) falls within ``window`` of the referral.
Its verdict is data, a `ReferralOutcome` with structured reasons, never a bare bool.

Refused, always:

* **self-referral** — a `Referral` from a customer to themselves cannot be built;
* **a second referral** — only the earliest referral of a customer counts (on a tie,
  the referrer id decides), whatever order they were registered in;
* **referral loops** — A refers B, then B (or anyone B brought in) refers A;
* **existing customers** — a referee who bought before the referral is not a new customer.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar

import attrs
import pendulum

from .._internal import validate as _v
from .._internal.instants import real_time, reduce_keeping_fold, unix_micros
from ..errors import InvalidTypeError, ValidationError
from ..facts import Purchase
from ..money import Money
from ..policies.decisions import Reason
from ..terms import Term, as_instant
from . import _referral_rules as _rules

__all__ = [
    "Referral",
    "ReferralGrant",
    "ReferralOutcome",
    "ReferralProgram",
    "ReferralRefusedError",
    "ReferralReward",
    "ReferralStatus",
]


class ReferralRefusedError(ValidationError):
    """A referral the programme refuses: a loop, or a customer referred twice.

    Examples:
        >>> str(ReferralRefusedError(field="referee_id", value="C-1",
        ...                          rule="was already referred by 'C-9'"))
        "referee_id: 'C-1' was already referred by 'C-9'"
    """

    code: ClassVar[str] = "referral_refused"


class ReferralStatus(enum.StrEnum):
    """Where a referral stands.

    Examples:
        >>> [s.value for s in ReferralStatus]
        ['qualified', 'pending', 'expired', 'refused']
    """

    QUALIFIED = "qualified"
    """The referee's first qualifying purchase fell within the window: reward both."""
    PENDING = "pending"
    """No qualifying purchase yet, and the window is still open."""
    EXPIRED = "expired"
    """The window closed without a qualifying purchase inside it."""
    REFUSED = "refused"
    """The referral breaks a rule (a loop, a second referral, an existing customer)."""


@attrs.frozen(kw_only=True)
class Referral:
    """One customer recommending the business to another.

    Attributes:
        referrer_id: Who recommended.
        referee_id: Who was recommended.
        at: When the referral was made (the code was shared or used).
        code: The referral code, if there is one.

    Raises:
        ReferralRefusedError: A customer referring themselves.

    Examples:
        >>> import pendulum
        >>> Referral(referrer_id="C-1", referee_id="C-1",
        ...          at=pendulum.datetime(2026, 3, 1, tz="UTC"))
        Traceback (most recent call last):
        ...
        aftersales_core.care.referral.ReferralRefusedError: referee_id: 'C-1' is the referrer: self-referral is not allowed
    """

    __reduce__ = reduce_keeping_fold

    referrer_id: str = attrs.field(validator=_v.check_text)
    referee_id: str = attrs.field(validator=_v.check_text)
    at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )
    code: str | None = attrs.field(default=None, validator=attrs.validators.optional(_v.check_text))

    def __attrs_post_init__(self) -> None:
        if self.referee_id == self.referrer_id:
            raise ReferralRefusedError(
                field="referee_id",
                value=self.referee_id,
                rule="is the referrer: self-referral is not allowed",
            )


@attrs.frozen(kw_only=True)
class ReferralReward:
    """What one side of a referral gets: points, a credit, or both.

    Attributes:
        points: Loyalty points (give them with `LoyaltyLedger.bonus`), zero or more.
        credit: A voucher or account credit.

    Raises:
        ValidationError: Neither points nor a credit.

    Examples:
        >>> from aftersales_core import Money
        >>> ReferralReward(credit=Money(100_000, "VND")).points
        0
        >>> ReferralReward()
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: points: 0 must be more than zero when there is no credit
    """

    points: int = attrs.field(default=0, validator=_v.check_count)
    credit: Money | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_money)
    )

    def __attrs_post_init__(self) -> None:
        if not self.points and (self.credit is None or not self.credit.amount):
            raise ValidationError(
                field="points",
                value=self.points,
                rule="must be more than zero when there is no credit",
            )


def _check_role(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ("referrer", "referee"):
        raise ValidationError(
            field=attribute.name, value=value, rule="must be 'referrer' or 'referee'"
        )


@attrs.frozen(kw_only=True)
class ReferralGrant:
    """A reward owed to one customer because a referral qualified.

    Attributes:
        customer_id: Who gets it.
        role: ``"referrer"`` or ``"referee"``.
        reward: What they get.

    Examples:
        >>> ReferralGrant(customer_id="C-1", role="referrer",
        ...               reward=ReferralReward(points=200)).reward.points
        200
    """

    customer_id: str = attrs.field(validator=_v.check_text)
    role: str = attrs.field(validator=_check_role)
    reward: ReferralReward = attrs.field(validator=_v.instance_of(ReferralReward))


def _to_status(value: ReferralStatus | str) -> ReferralStatus:
    return _v.as_enum(ReferralStatus, value)


@attrs.frozen(kw_only=True)
class ReferralOutcome:
    """The programme's verdict on a referral, with the reasons.

    Attributes:
        referral: The referral judged.
        status: Qualified, pending, expired or refused.
        reasons: Why, as structured `Reason` values.
        purchase: The qualifying purchase, when there is one.
        grants: The rewards owed (both sides when qualified, none otherwise).

    Examples:
        >>> import pendulum
        >>> from aftersales_core.policies import Reason
        >>> ref = Referral(referrer_id="A", referee_id="B",
        ...                at=pendulum.datetime(2026, 3, 1, tz="UTC"))
        >>> ReferralOutcome(referral=ref, status="pending",
        ...                 reasons=[Reason(code="referral.pending", message="waiting")]).qualified
        False
    """

    referral: Referral = attrs.field(validator=_v.instance_of(Referral))
    status: ReferralStatus = attrs.field(converter=_to_status)
    reasons: tuple[Reason, ...] = attrs.field(
        converter=_v.to_tuple,
        validator=_v.tuple_of(Reason),
    )
    purchase: Purchase | None = attrs.field(
        default=None, validator=_v.instance_of(Purchase, optional=True)
    )
    grants: tuple[ReferralGrant, ...] = attrs.field(
        default=(),
        converter=_v.to_tuple,
        validator=_v.tuple_of(ReferralGrant),
    )

    @status.validator
    def _check_status(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _v.check_enum(ReferralStatus, attribute.name, value)

    @property
    def qualified(self) -> bool:
        """The referral earned its rewards."""
        return self.status is ReferralStatus.QUALIFIED

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the reasons, in order."""
        return tuple(reason.code for reason in self.reasons)


def _referrals(value: Iterable[Referral]) -> list[Referral]:
    out = list(value)
    for i, item in enumerate(out):
        if not isinstance(item, Referral):
            raise InvalidTypeError(field=f"existing[{i}]", value=item, rule="must be a Referral")
    return out


@attrs.frozen(kw_only=True)
class ReferralProgram:
    """The rules of a referral programme.

    Attributes:
        name: The programme's name.
        referrer_reward: What the customer who recommended gets.
        referee_reward: What the new customer gets.
        window: How long after the referral the first qualifying purchase may come
            (a ``Term`` or text such as ``"30d"``, ``"3mo"``).
        min_purchase: The least a purchase must cost to qualify (``None``: any purchase).

    Examples:
        >>> from aftersales_core import Money
        >>> ReferralProgram(name="Friends", referrer_reward=ReferralReward(points=100),
        ...                 referee_reward=ReferralReward(points=50)).window
        Term(years=0, months=1, days=0, is_lifetime=False)
    """

    name: str = attrs.field(validator=_v.check_text)
    referrer_reward: ReferralReward = attrs.field(validator=_v.instance_of(ReferralReward))
    referee_reward: ReferralReward = attrs.field(validator=_v.instance_of(ReferralReward))
    window: Term = attrs.field(
        factory=lambda: Term(months=1), converter=_v.to_term, validator=_v.check_term
    )
    min_purchase: Money | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_money)
    )

    def refusal(self, referral: Referral, existing: Iterable[Referral] = ()) -> Reason | None:
        """Why ``referral`` is refused given the ``existing`` ones, or ``None``.

        ``existing`` may include ``referral`` itself (an equal referral is the same one);
        it is skipped. An earlier referral of the same referee refuses this one.

        Examples:
            >>> at = pendulum.datetime(2026, 3, 1, tz="UTC")
            >>> p = ReferralProgram(name="F", referrer_reward=ReferralReward(points=1),
            ...                     referee_reward=ReferralReward(points=1))
            >>> a_to_b = Referral(referrer_id="A", referee_id="B", at=at)
            >>> b_to_a = Referral(referrer_id="B", referee_id="A", at=at.add(days=1))
            >>> p.refusal(b_to_a, [a_to_b]).code
            'referral.loop'
        """
        return _rules.refusal(referral, [r for r in _referrals(existing) if r != referral])

    def check(self, referral: Referral, existing: Iterable[Referral] = ()) -> None:
        """Refuse a referral that may not be registered.

        Raises:
            ReferralRefusedError: The referee was referred before, or a loop would form.

        Examples:
            >>> at = pendulum.datetime(2026, 3, 1, tz="UTC")
            >>> p = ReferralProgram(name="F", referrer_reward=ReferralReward(points=1),
            ...                     referee_reward=ReferralReward(points=1))
            >>> p.check(Referral(referrer_id="B", referee_id="C", at=at),
            ...         [Referral(referrer_id="A", referee_id="C", at=at.subtract(days=1))])
            Traceback (most recent call last):
            ...
            aftersales_core.care.referral.ReferralRefusedError: referral: 'B → C' is refused: C was already referred by A
        """
        reason = self.refusal(referral, existing)
        if reason is not None:
            raise ReferralRefusedError(
                field="referral",
                value=f"{referral.referrer_id} → {referral.referee_id}",
                rule=f"is refused: {reason.message}",
            )

    def qualifies(self, purchase: Purchase) -> bool:
        """Whether ``purchase`` is big enough to qualify (same currency as ``min_purchase``).

        Examples:
            >>> p = ReferralProgram(name="F", referrer_reward=ReferralReward(points=1),
            ...                     referee_reward=ReferralReward(points=1),
            ...                     min_purchase=Money(500_000, "VND"))
            >>> p.qualifies(Purchase(id="O", customer_id="C", sku="S", product_category="c",
            ...                      price=Money(499_999, "VND"),
            ...                      purchased_at=pendulum.datetime(2026, 3, 1, tz="UTC")))
            False
        """
        floor = self.min_purchase
        if floor is None:
            return True
        return purchase.price.currency == floor.currency and purchase.price >= floor

    def evaluate(
        self,
        referral: Referral,
        purchases: Iterable[Purchase],
        *,
        at: datetime,
        existing: Iterable[Referral] = (),
    ) -> ReferralOutcome:
        """Judge a referral at ``at``, from the referee's purchases.

        Args:
            referral: The referral.
            purchases: Purchases; only the referee's are read.
            at: Now: a window still open at ``at`` makes the referral pending.
            existing: The other referrals known, to refuse loops and second referrals.

        Examples:
            >>> at = pendulum.datetime(2026, 3, 1, tz="UTC")
            >>> p = ReferralProgram(name="F", referrer_reward=ReferralReward(points=1),
            ...                     referee_reward=ReferralReward(points=1), window="30d")
            >>> ref = Referral(referrer_id="A", referee_id="B", at=at)
            >>> p.evaluate(ref, [], at=at.add(days=29)).status
            <ReferralStatus.PENDING: 'pending'>
            >>> p.evaluate(ref, [], at=at.add(days=30)).codes
            ('referral.window_closed',)
        """
        now = as_instant(at)
        who = referral.referee_id
        refused = self.refusal(referral, existing)
        if refused is not None:
            return ReferralOutcome(referral=referral, status="refused", reasons=[refused])
        own = sorted(
            (p for p in purchases if p.customer_id == who),
            key=lambda p: (unix_micros(p.purchased_at), p.id),
        )
        made, real_now = unix_micros(referral.at), unix_micros(now)
        before = [p for p in own if unix_micros(p.purchased_at) < made]
        end = self.window.end(referral.at)
        closes = None if end is None else unix_micros(end)
        first = next(
            (p for p in own if unix_micros(p.purchased_at) <= real_now and self.qualifies(p)),
            None,
        )
        if before:
            status, reason = "refused", _rules.existing_customer(who, before[0].id)
        elif first is not None and (closes is None or unix_micros(first.purchased_at) < closes):
            grants = (
                ReferralGrant(
                    customer_id=referral.referrer_id, role="referrer", reward=self.referrer_reward
                ),
                ReferralGrant(customer_id=who, role="referee", reward=self.referee_reward),
            )
            return ReferralOutcome(
                referral=referral,
                status="qualified",
                reasons=[_rules.qualified(first.id, who, self.window)],
                purchase=first,
                grants=grants,
            )
        elif end is None or real_now < unix_micros(end):
            status, reason = "pending", _rules.pending(who)
        else:
            status, reason = "expired", _rules.window_closed(who, end)
        return ReferralOutcome(referral=referral, status=status, reasons=[reason])
