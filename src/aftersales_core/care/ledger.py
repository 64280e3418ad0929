"""The loyalty ledger: one customer's points, append-only, with balance and tier at any instant.

A `LoyaltyLedger` is a programme, a customer id and an append-only tuple of entries
(`PointBatch`, `Redemption`, `Reversal`). Each command returns a new ledger with one more
entry, or raises and leaves the ledger as it was. Expiries are derived, never recorded:
the balance at any instant is the sum of the deltas of `LoyaltyLedger.statement`.

The rules it enforces:

* redemption consumes the **soonest-expiring** points first (points that never expire last);
* a return takes back the points **at the rate they were earned** (the batch remembers its
  rate and multiplier), so returning goods never gains points, whatever the tier is now;
* a return that **takes away a tier** re-rates the purchases earned in it: each purchase
  recorded after the returned one is checked against the tier the customer had when it was
  earned, as the return leaves the history (``tier_hold`` included), and keeps only what
  its kept amount earns at that tier's multiplier (never more than it earned). The excess
  is taken back by the same `Reversal` (its ``rerates``), at the rate it was earned; nothing
  recorded is changed. The tier of a *points*-based programme follows, purchase by purchase.
  Purchases recorded before the returned one are not touched: the return cannot have
  raised their tier;
* the balance **never goes negative**: points already spent become a reversal's
  ``shortfall`` instead;
* the same reward id, purchase id or bonus id is **never recorded twice**;
* entries are appended in time order: a command earlier than the last entry is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs
import pendulum  # noqa: F401  # the examples below use it

from .._internal import validate as _v
from .._internal.instants import unix_micros
from ..errors import CurrencyMismatchError, InvalidTypeError, ValidationError
from ..facts import Purchase
from ..money import Money
from ..terms import as_instant
from . import _ledger_commands as _cmd
from . import _ledger_fold as _fold
from .entries import (
    AlreadyRecordedError,
    Expiry,
    InsufficientPointsError,
    LedgerEntry,
    PointBatch,
    Redemption,
)
from .loyalty import LoyaltyProgram, Tier

__all__ = ["LoyaltyLedger"]


def _to_entries(value: Iterable[LedgerEntry]) -> tuple[LedgerEntry, ...]:
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


# Only the list itself: the replay names a wrong entry in the words of the ledger.
_check_entry_list = _v.tuple_of(object, what="entries")


@attrs.frozen(kw_only=True)
class LoyaltyLedger:
    """One customer's loyalty points under a programme: an append-only history.

    Attributes:
        program: The `LoyaltyProgram` whose rules apply.
        customer_id: The customer whose points these are.
        entries: The recorded history, oldest first (empty for a new member).

    Raises:
        ValidationError: A history the commands could not have written (out of order,
            a repeated id, a draw on points a batch did not hold).

    Examples:
        >>> from aftersales_core import Money
        >>> from aftersales_core.care import LoyaltyProgram
        >>> club = LoyaltyProgram(name="C", currency="VND", spend_per_point=Money(1_000, "VND"))
        >>> LoyaltyLedger(program=club, customer_id="C-1").entries
        ()
    """

    program: LoyaltyProgram = attrs.field(validator=_v.instance_of(LoyaltyProgram))
    customer_id: str = attrs.field(validator=_v.check_text)
    entries: tuple[LedgerEntry, ...] = attrs.field(default=(), converter=_to_entries)

    @entries.validator
    def _check_entries(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_entry_list(self, attribute, value)
        _fold.check_replay(value)  # type: ignore[arg-type]  # a tuple of entries, checked above

    # -- commands -------------------------------------------------------------------

    def _append(self, entry: LedgerEntry) -> LoyaltyLedger:
        if self.entries and unix_micros(entry.at) < unix_micros(self.entries[-1].at):
            raise ValidationError(
                field="at",
                value=entry.at,
                rule=f"is earlier than the last entry ({self.entries[-1].at.isoformat()})",
            )
        return attrs.evolve(self, entries=(*self.entries, entry))

    def _batch(self, batch_id: str) -> PointBatch | None:
        for entry in self.entries:
            if isinstance(entry, PointBatch) and entry.id == batch_id:
                return entry
        return None

    def earn(self, purchase: Purchase, *, at: datetime | None = None) -> LoyaltyLedger:
        """Record the points a purchase earns, at the rate and tier of the moment.

        Args:
            purchase: The customer's purchase.
            at: When the points are credited; the purchase instant by default (never before).

        Raises:
            ValidationError: Another customer's purchase, a currency without a rate.
            AlreadyRecordedError: The purchase already earned points.

        Examples:
            >>> club = LoyaltyProgram(name="C", currency="VND",
            ...                       spend_per_point=Money(10_000, "VND"))
            >>> p = Purchase(id="O-9", customer_id="C-1", sku="X", product_category="x",
            ...              price=Money(95_000, "VND"),
            ...              purchased_at=pendulum.datetime(2026, 1, 2, tz="UTC"))
            >>> LoyaltyLedger(program=club, customer_id="C-1").earn(p).entries[0].points
            9
        """
        if not isinstance(purchase, Purchase):
            raise InvalidTypeError(field="purchase", value=purchase, rule="must be a Purchase")
        if purchase.customer_id != self.customer_id:
            raise ValidationError(
                field="purchase.customer_id",
                value=purchase.customer_id,
                rule=f"is not this ledger's customer ({self.customer_id!r})",
            )
        when = purchase.purchased_at if at is None else as_instant(at)
        if unix_micros(when) < unix_micros(purchase.purchased_at):
            raise ValidationError(field="at", value=when, rule="is before the purchase")
        if self._batch(purchase.id) is not None:
            raise AlreadyRecordedError(
                field="purchase.id", value=purchase.id, rule="already earned points"
            )
        rate = self.program.rate_for(purchase.price.currency)
        multiplier = self.tier(when).benefits.points_multiplier
        return self._append(_cmd.earned(self.program, purchase, rate, multiplier, when))

    def bonus(
        self, *, id: str, points: int, at: datetime, note: str | None = None
    ) -> LoyaltyLedger:
        """Give points that no purchase earned (a referral reward, a goodwill gesture).

        Bonus points expire like earned points but count towards no tier.

        Raises:
            ValidationError: Points not more than zero.
            AlreadyRecordedError: The bonus id was already given.

        Examples:
            >>> club = LoyaltyProgram(name="C", currency="VND",
            ...                       spend_per_point=Money(10_000, "VND"))
            >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
            >>> LoyaltyLedger(program=club, customer_id="C-1").bonus(
            ...     id="REF-7", points=200, at=at, note="referral").balance(at)
            200
        """
        when = as_instant(at)
        if isinstance(points, bool) or not isinstance(points, int) or points <= 0:
            raise ValidationError(field="points", value=points, rule="must be more than zero")
        if self._batch(id) is not None:
            raise AlreadyRecordedError(field="id", value=id, rule="was already given")
        expires = self.program.expiry_of(when)
        return self._append(
            PointBatch(id=id, points=points, at=when, expires_at=expires, note=note)
        )

    def redeem(
        self, *, reward_id: str, points: int, at: datetime, note: str | None = None
    ) -> LoyaltyLedger:
        """Spend points on a reward, soonest-expiring points first.

        Args:
            reward_id: The reward's unique id (a voucher code).
            points: How many points it costs, more than zero.
            at: When it is redeemed.
            note: What the reward is.

        Raises:
            AlreadyRecordedError: The reward id was already redeemed.
            InsufficientPointsError: The balance at ``at`` is smaller than ``points``.

        Examples:
            >>> club = LoyaltyProgram(name="C", currency="VND",
            ...                       spend_per_point=Money(10_000, "VND"))
            >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
            >>> LoyaltyLedger(program=club, customer_id="C-1").redeem(
            ...     reward_id="V-1", points=1, at=at)
            Traceback (most recent call last):
            ...
            aftersales_core.care.entries.InsufficientPointsError: points: 1 exceeds the balance of 0 points
        """
        when = as_instant(at)
        if isinstance(points, bool) or not isinstance(points, int) or points <= 0:
            raise ValidationError(field="points", value=points, rule="must be more than zero")
        for entry in self.entries:
            if isinstance(entry, Redemption) and entry.reward_id == reward_id:
                raise AlreadyRecordedError(
                    field="reward_id",
                    value=reward_id,
                    rule=f"was already redeemed on {entry.at.to_date_string()}",
                )
        balance = self.balance(when)
        if points > balance:
            raise InsufficientPointsError(
                field="points", value=points, rule=f"exceeds the balance of {balance} points"
            )
        draws = _cmd.draws(self.entries, points, when)
        return self._append(Redemption(reward_id=reward_id, at=when, draws=draws, note=note))

    def record_return(self, *, purchase_id: str, returned: Money, at: datetime) -> LoyaltyLedger:
        """Take back the points of returned goods, at the rate they were earned.

        The purchase keeps the points its kept amount would have earned at its own rate and
        multiplier; the rest is owed back, taken from the purchase's own batch first, then
        from the soonest-expiring points. What the balance cannot give is the reversal's
        ``shortfall``; the balance never goes negative.

        If the return takes away a tier, every purchase recorded after this one that earned at
        a higher multiplier than the tier it had then (as known now) is re-rated to that
        tier's multiplier: a `Rerate` in the reversal's ``rerates``, whose points are
        owed too and taken from the re-rated batch first.

        Args:
            purchase_id: The purchase the goods came from.
            returned: The amount refunded, more than zero, in the purchase's currency.
            at: When the return is recorded.

        Raises:
            ValidationError: An unknown purchase, or more returned than was paid in all.

        Examples:
            >>> club = LoyaltyProgram(name="C", currency="VND",
            ...                       spend_per_point=Money(10_000, "VND"))
            >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
            >>> p = Purchase(id="O-1", customer_id="C-1", sku="X", product_category="x",
            ...              price=Money(1_000_000, "VND"), purchased_at=at)
            >>> ledger = LoyaltyLedger(program=club, customer_id="C-1").earn(p)
            >>> ledger = ledger.record_return(purchase_id="O-1", returned=Money(250_000, "VND"),
            ...                               at=at.add(days=2))
            >>> ledger.balance(at.add(days=2)), ledger.entries[-1].owed
            (75, 25)

            Returning the purchase that reached a tier re-rates the purchases earned in it
            (the tutorial *Build a loyalty programme* shows one).
        """
        when = as_instant(at)
        batch = self._batch(purchase_id)
        if batch is None or batch.spent is None:
            raise ValidationError(
                field="purchase_id", value=purchase_id, rule="earned no points in this ledger"
            )
        if not isinstance(returned, Money) or returned.amount <= 0:
            raise ValidationError(field="returned", value=returned, rule="must be Money above zero")
        if returned.currency != batch.spent.currency:
            raise CurrencyMismatchError(
                left=batch.spent.currency, right=returned.currency, operation="return"
            )
        kept = _fold.kept(self.entries, batch) - returned
        if kept.amount < 0:
            raise ValidationError(
                field="returned", value=returned, rule=f"exceeds what is left of {batch.spent}"
            )
        return self._append(_cmd.reversal(self.program, self.entries, batch, returned, kept, when))

    # -- queries --------------------------------------------------------------------

    def remaining(self, at: datetime) -> dict[str, int]:
        """Unexpired points left in each batch at ``at``, by batch id (empty batches left out).

        Examples:
            >>> club = LoyaltyProgram(name="C", currency="VND",
            ...                       spend_per_point=Money(10_000, "VND"), points_expire_after="1mo")
            >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
            >>> ledger = LoyaltyLedger(program=club, customer_id="C-1").bonus(
            ...     id="B-1", points=10, at=at)
            >>> ledger.remaining(at), ledger.remaining(at.add(months=1))
            ({'B-1': 10}, {})
        """
        return _fold.remaining(self.entries, as_instant(at))

    def balance(self, at: datetime) -> int:
        """Points available at ``at``: never negative.

        Examples:
            >>> club = LoyaltyProgram(name="C", currency="VND", spend_per_point=Money(1, "VND"))
            >>> LoyaltyLedger(program=club, customer_id="C-1").balance(
            ...     pendulum.datetime(2026, 1, 1, tz="UTC"))
            0
        """
        return sum(self.remaining(at).values())

    def statement(self, at: datetime) -> tuple[LedgerEntry | Expiry, ...]:
        """Every entry up to ``at`` with the expiries derived at their instants, in time order.

        The balance at ``at`` is the sum of the statement's ``delta`` values.

        Examples:
            >>> club = LoyaltyProgram(name="C", currency="VND",
            ...                       spend_per_point=Money(1, "VND"), points_expire_after="1mo")
            >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
            >>> ledger = LoyaltyLedger(program=club, customer_id="C-1").bonus(
            ...     id="B-1", points=10, at=at)
            >>> [(type(e).__name__, e.delta) for e in ledger.statement(at.add(months=2))]
            [('PointBatch', 10), ('Expiry', -10)]
        """
        return _fold.statement(self.entries, as_instant(at))

    def expiring(self, at: datetime, *, until: datetime) -> int:
        """Points available at ``at`` that expire by ``until`` if they are not used.

        Raises:
            ValidationError: ``until`` is before ``at``.

        Examples:
            >>> club = LoyaltyProgram(name="C", currency="VND",
            ...                       spend_per_point=Money(1, "VND"), points_expire_after="1mo")
            >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
            >>> ledger = LoyaltyLedger(program=club, customer_id="C-1").bonus(
            ...     id="B-1", points=10, at=at)
            >>> ledger.expiring(at, until=at.add(days=30)), ledger.expiring(at, until=at.add(days=31))
            (0, 10)
        """
        start, last = as_instant(at), as_instant(until, field="until")
        end = unix_micros(last)
        if end < unix_micros(start):
            raise ValidationError(
                field="until", value=last, rule=f"is before at ({start.isoformat()})"
            )
        remaining = self.remaining(start)
        return sum(
            remaining.get(e.id, 0)
            for e in self.entries
            if isinstance(e, PointBatch)
            and e.expires_at is not None
            and unix_micros(e.expires_at) <= end
        )

    def measure(self, at: datetime, *, known_at: datetime | None = None) -> Money | int:
        """The rolling tier measure at ``at``: net spend or net points over the tier window.

        Args:
            at: The end of the window.
            known_at: The instant whose knowledge of returns applies (``at`` by default);
                a return known then removes its amount from its purchase retroactively.

        Examples:
            >>> club = LoyaltyProgram(name="C", currency="VND", spend_per_point=Money(1, "VND"))
            >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
            >>> p = Purchase(id="O-1", customer_id="C-1", sku="X", product_category="x",
            ...              price=Money(1_000_000, "VND"), purchased_at=at)
            >>> ledger = LoyaltyLedger(program=club, customer_id="C-1").earn(p)
            >>> ledger.measure(at), ledger.measure(at.add(years=1))
            (Money('1000000', 'VND'), Money('0', 'VND'))
        """
        end = as_instant(at)
        known = end if known_at is None else as_instant(known_at, field="known_at")
        return _fold.measure(self.program, self.entries, end, known)

    def tier(self, at: datetime) -> Tier:
        """The customer's tier at ``at``: the highest reached within the programme's hold.

        Under a lifetime hold, the highest tier the measure ever reached by ``at`` (with the
        returns known at ``at`` removed from their purchases).

        Examples:
            >>> club = LoyaltyProgram(
            ...     name="C", currency="VND", spend_per_point=Money(10_000, "VND"),
            ...     tiers=[Tier(name="member", threshold=Money(0, "VND")),
            ...            Tier(name="gold", threshold=Money(20_000_000, "VND"))])
            >>> at = pendulum.datetime(2026, 1, 2, tz="UTC")
            >>> p = Purchase(id="O-1", customer_id="C-1", sku="X", product_category="x",
            ...              price=Money(20_000_000, "VND"), purchased_at=at)
            >>> ledger = LoyaltyLedger(program=club, customer_id="C-1").earn(p)
            >>> [ledger.tier(at.add(months=m)).name for m in (0, 12, 23, 24)]
            ['gold', 'gold', 'gold', 'member']
        """
        end = as_instant(at)
        return _fold.tier(self.program, self.entries, end, end)
