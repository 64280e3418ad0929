"""The entries of a loyalty ledger: point batches, redemptions, reversals and expiries.

Every entry has an instant ``at`` and a signed ``delta`` (points added or removed), so a
ledger's balance is always the sum of the deltas of its statement. A redemption or a reversal
records the `Draw` values it took from each batch, so replaying a ledger never has to
guess which points were spent; a reversal also records the `Rerate` of each batch whose
tier the return took away.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

import attrs
import pendulum

from .._internal import validate as _v
from .._internal.instants import real_time, reduce_keeping_fold, unix_micros
from ..errors import ValidationError
from ..money import Money
from . import _entry_fields as _f

__all__ = [
    "AlreadyRecordedError",
    "Draw",
    "Expiry",
    "InsufficientPointsError",
    "LedgerEntry",
    "PointBatch",
    "Redemption",
    "Rerate",
    "Reversal",
]


class AlreadyRecordedError(ValidationError):
    """The same reward, purchase, bonus or return id was recorded twice.

    Redeeming one reward twice, or earning twice on one purchase, is refused.

    Examples:
        >>> str(AlreadyRecordedError(field="reward_id", value="V-1",
        ...                          rule="was already redeemed"))
        "reward_id: 'V-1' was already redeemed"
    """

    code: ClassVar[str] = "already_recorded"


class InsufficientPointsError(ValidationError):
    """A redemption asks for more points than the balance holds.

    Examples:
        >>> str(InsufficientPointsError(field="points", value=500,
        ...                             rule="exceeds the balance of 120 points"))
        'points: 500 exceeds the balance of 120 points'
    """

    code: ClassVar[str] = "insufficient_points"


@attrs.frozen(kw_only=True)
class Draw:
    """Points taken from one batch by a redemption or a reversal.

    Attributes:
        batch_id: The `PointBatch.id` the points came from.
        points: How many, more than zero.

    Examples:
        >>> Draw(batch_id="O-1", points=40).points
        40
    """

    batch_id: str = attrs.field(validator=_v.check_text)
    points: int = attrs.field(validator=_f.check_positive)


def _to_draws(value: Iterable[Draw]) -> tuple[Draw, ...]:
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


_check_draws = _v.tuple_of(Draw, what="Draw values")


@attrs.frozen(kw_only=True)
class PointBatch:
    """Points earned together, remembering the rate they were earned at.

    A batch comes from a purchase (``spent`` and ``spend_per_point`` set) or is a bonus
    (a referral reward, a goodwill gesture: both ``None``).

    Attributes:
        id: The purchase id, or the bonus id.
        points: Points earned, zero or more.
        at: When they were earned.
        expires_at: When they expire (they can be used until just before), or ``None``.
        spent: What the purchase cost.
        spend_per_point: The earning rate at the time.
        multiplier: The tier multiplier at the time.
        note: Why a bonus was given.

    Raises:
        ValidationError: Negative points, an expiry not after ``at``, a rate without a
            price (or the reverse), or a rate in another currency than the price.

    Examples:
        >>> import pendulum
        >>> at = pendulum.datetime(2026, 1, 5, tz="UTC")
        >>> PointBatch(id="REF-1", points=200, at=at, note="referral").is_bonus
        True
        >>> PointBatch(id="B", points=1, at=at, expires_at=at)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: expires_at: DateTime(2026, 1, 5, 0, 0, 0, tzinfo=Timezone('UTC')) must be after the batch was earned
    """

    __reduce__ = reduce_keeping_fold

    id: str = attrs.field(validator=_v.check_text)
    points: int = attrs.field(validator=_v.check_count)
    at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )
    expires_at: pendulum.DateTime | None = attrs.field(
        default=None,
        converter=_v.to_optional_instant,
        eq=real_time,
        validator=attrs.validators.optional(_v.check_instant),
    )
    spent: Money | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_money)
    )
    spend_per_point: Money | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_money)
    )
    multiplier: Decimal = attrs.field(
        default=Decimal(1), converter=_v.to_decimal, validator=_v.check_non_negative
    )
    note: str | None = attrs.field(default=None, validator=attrs.validators.optional(_v.check_text))

    def __attrs_post_init__(self) -> None:
        if self.expires_at is not None and unix_micros(self.expires_at) <= unix_micros(self.at):
            raise ValidationError(
                field="expires_at", value=self.expires_at, rule="must be after the batch was earned"
            )
        if (self.spent is None) != (self.spend_per_point is None):
            raise ValidationError(
                field="spend_per_point",
                value=self.spend_per_point,
                rule="and spent are given together (a purchase) or not at all (a bonus)",
            )
        if self.spent is not None and self.spend_per_point is not None:
            if self.spend_per_point.currency != self.spent.currency:
                raise ValidationError(
                    field="spend_per_point",
                    value=self.spend_per_point,
                    rule=f"must be in the currency of the purchase ({self.spent.currency})",
                )
            if not self.spend_per_point.amount:
                raise ValidationError(
                    field="spend_per_point", value=self.spend_per_point, rule="must not be zero"
                )

    @property
    def is_bonus(self) -> bool:
        """Given, not earned on a purchase."""
        return self.spent is None

    @property
    def delta(self) -> int:
        """The points this entry adds: `points`."""
        return self.points

    def points_on(self, kept: Money, *, multiplier: Decimal | None = None) -> int:
        """What keeping only ``kept`` of the purchase would have earned, at this batch's rate.

        Args:
            kept: The amount of the purchase kept.
            multiplier: The tier multiplier to earn at; the batch's own by default (a
                `Rerate` gives another).

        Examples:
            >>> import pendulum
            >>> from aftersales_core import Money
            >>> b = PointBatch(id="O-1", points=300, at=pendulum.datetime(2026, 1, 5, tz="UTC"),
            ...                spent=Money(1_000_000, "VND"), multiplier=3,
            ...                spend_per_point=Money(10_000, "VND"))
            >>> b.points_on(Money(250_000, "VND")), b.points_on(Money(250_000, "VND"), multiplier=1)
            (75, 25)
        """
        if self.spend_per_point is None:
            return self.points
        factor = self.multiplier if multiplier is None else multiplier
        exact = kept.amount * factor / self.spend_per_point.amount
        return int(exact // 1)


@attrs.frozen(kw_only=True)
class Redemption:
    """Points spent on a reward, taken from the soonest-expiring batches first.

    Attributes:
        reward_id: The reward's unique id (a voucher code); redeemed once only.
        at: When it was redeemed.
        draws: The points taken from each batch.
        note: What the reward was.

    Raises:
        ValidationError: No draws.

    Examples:
        >>> import pendulum
        >>> r = Redemption(reward_id="V-1", at=pendulum.datetime(2026, 1, 5, tz="UTC"),
        ...                draws=[Draw(batch_id="A", points=30), Draw(batch_id="B", points=20)])
        >>> r.points, r.delta
        (50, -50)
    """

    __reduce__ = reduce_keeping_fold

    reward_id: str = attrs.field(validator=_v.check_text)
    at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )
    draws: tuple[Draw, ...] = attrs.field(converter=_to_draws, validator=_check_draws)
    note: str | None = attrs.field(default=None, validator=attrs.validators.optional(_v.check_text))

    @draws.validator
    def _check_some(self, attribute: attrs.Attribute[Any], value: tuple[Draw, ...]) -> None:
        if not value:
            raise ValidationError(field="draws", value=value, rule="must take some points")

    @property
    def points(self) -> int:
        """The points spent."""
        return sum(draw.points for draw in self.draws)

    @property
    def delta(self) -> int:
        """The points this entry removes, as a negative number."""
        return -self.points


@attrs.frozen(kw_only=True)
class Rerate:
    """A purchase batch re-rated because a return took away the tier it was earned in.

    A return removes its amount from the customer's spend retroactively. A later purchase
    that earned at the multiplier of a tier the customer no longer qualified for then (as
    known after the return) keeps only what its kept amount earns at the lower
    ``multiplier``; the excess is ``owed``, taken back by the return's `Reversal`.

    Attributes:
        batch_id: The re-rated `PointBatch.id` (a purchase earned after the returned one).
        multiplier: The multiplier of the tier the customer had when the batch was earned.
        owed: Points above what the batch's kept amount earns at ``multiplier``.

    Examples:
        >>> Rerate(batch_id="O-2", multiplier=1, owed=100).owed
        100
    """

    batch_id: str = attrs.field(validator=_v.check_text)
    multiplier: Decimal = attrs.field(converter=_v.to_decimal, validator=_v.check_non_negative)
    owed: int = attrs.field(validator=_v.check_count)


def _to_rerates(value: Iterable[Rerate]) -> tuple[Rerate, ...]:
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


_check_rerates = _f.rerates_of(Rerate)


@attrs.frozen(kw_only=True)
class Reversal:
    """Points taken back because goods were returned, at the rate they were earned.

    ``owed`` is what the return should take back; ``draws`` is what the balance could give.
    When the customer already spent the points, the rest is the `shortfall`: the
    balance never goes negative, and the business may deduct the shortfall's value from
    the refund instead.

    When the return drops the customer's tier, later purchases earned at that tier's
    multiplier are re-rated: ``rerates`` records each, and ``owed`` includes their excess
    points (`rerated`) besides the returned goods' own.

    Attributes:
        purchase_id: The purchase the return is about.
        returned: The amount returned (refunded).
        at: When the return was recorded.
        owed: Points the return takes back, zero or more: the returned goods' points
            plus `rerated`.
        draws: The points taken from each batch (at most ``owed``).
        rerates: The batches re-rated because the return took away their tier.

    Raises:
        ValidationError: Draws that add up to more than ``owed``; re-rates owing more than
            ``owed``, re-rating the returned purchase itself or one batch twice.

    Examples:
        >>> import pendulum
        >>> from aftersales_core import Money
        >>> r = Reversal(purchase_id="O-1", returned=Money(500_000, "VND"), owed=50,
        ...              at=pendulum.datetime(2026, 1, 5, tz="UTC"),
        ...              draws=[Draw(batch_id="O-1", points=20)])
        >>> r.points, r.shortfall, r.delta
        (20, 30, -20)
    """

    __reduce__ = reduce_keeping_fold

    purchase_id: str = attrs.field(validator=_v.check_text)
    returned: Money = attrs.field(validator=_v.check_money)
    at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )
    owed: int = attrs.field(validator=_v.check_count)
    draws: tuple[Draw, ...] = attrs.field(default=(), converter=_to_draws, validator=_check_draws)
    rerates: tuple[Rerate, ...] = attrs.field(
        default=(), converter=_to_rerates, validator=_check_rerates
    )

    def __attrs_post_init__(self) -> None:
        if self.points > self.owed:
            raise ValidationError(
                field="draws", value=self.points, rule=f"take more than the {self.owed} owed"
            )
        if self.rerated > self.owed:
            raise ValidationError(
                field="rerates", value=self.rerated, rule=f"owe more than the {self.owed} owed"
            )

    @property
    def rerated(self) -> int:
        """The part of `owed` that re-rates other batches (zero without re-rates)."""
        return sum(rerate.owed for rerate in self.rerates)

    @property
    def points(self) -> int:
        """The points actually taken back."""
        return sum(draw.points for draw in self.draws)

    @property
    def shortfall(self) -> int:
        """Points owed that the balance could not give back."""
        return self.owed - self.points

    @property
    def delta(self) -> int:
        """The points this entry removes, as a negative number."""
        return -self.points


@attrs.frozen(kw_only=True)
class Expiry:
    """Points of a batch that expired unused (derived by the ledger, never recorded).

    Attributes:
        batch_id: The batch that expired.
        points: The points left in it when it expired.
        at: The batch's expiry instant.

    Examples:
        >>> import pendulum
        >>> Expiry(batch_id="O-1", points=12, at=pendulum.datetime(2027, 1, 5, tz="UTC")).delta
        -12
    """

    __reduce__ = reduce_keeping_fold

    batch_id: str = attrs.field(validator=_v.check_text)
    points: int = attrs.field(validator=_f.check_positive)
    at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )

    @property
    def delta(self) -> int:
        """The points this entry removes, as a negative number."""
        return -self.points


LedgerEntry = PointBatch | Redemption | Reversal
"""What a ledger records: a batch of points, a redemption or a reversal."""
