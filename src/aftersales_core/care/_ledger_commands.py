"""What a ledger's commands record (private to care.ledger).

A purchase earns a batch at the rate and tier multiplier of the moment. A redemption takes
the soonest-expiring points first (points that never expire last). A return owes back what
its goods earned above what their kept amount earns, plus what it re-rates; it takes that
from the batches that owe it first, then soonest-expiring, and never more than the balance
holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs
import pendulum

from ..facts import Purchase
from ..money import Money
from . import _ledger_fold as _fold
from .entries import Draw, LedgerEntry, PointBatch, Reversal
from .loyalty import LoyaltyProgram

__all__ = ["draws", "earned", "reversal"]


def earned(
    program: LoyaltyProgram,
    purchase: Purchase,
    rate: Money,
    multiplier: Decimal,
    at: pendulum.DateTime,
) -> PointBatch:
    """The batch ``purchase`` earns at ``at``, at ``rate`` and the tier's ``multiplier``."""
    return PointBatch(
        id=purchase.id,
        points=program.points_for(purchase.price, multiplier=multiplier),
        at=at,
        expires_at=program.expiry_of(at),
        spent=purchase.price,
        spend_per_point=rate,
        multiplier=multiplier,
    )


def draws(
    entries: tuple[LedgerEntry, ...],
    points: int,
    at: pendulum.DateTime,
    first: Iterable[tuple[str, int]] = (),
) -> tuple[Draw, ...]:
    """Take ``points``: what named batches owe from themselves first, then soonest-expiring."""
    left = _fold.remaining(entries, at)
    taken: dict[str, int] = {}

    def take(batch_id: str, wanted: int) -> int:
        got = min(wanted, left.get(batch_id, 0))
        if got:
            taken[batch_id] = taken.get(batch_id, 0) + got
            left[batch_id] -= got
        return got

    for batch_id, wanted in first:
        points -= take(batch_id, min(wanted, points))
    order = sorted(
        (e for e in entries if isinstance(e, PointBatch) and left.get(e.id)),
        key=_fold.expiry_key,
    )
    for batch in order:
        if not points:
            break
        points -= take(batch.id, points)
    return tuple(Draw(batch_id=k, points=v) for k, v in taken.items())


def reversal(
    program: LoyaltyProgram,
    entries: tuple[LedgerEntry, ...],
    batch: PointBatch,
    returned: Money,
    kept: Money,
    at: pendulum.DateTime,
) -> Reversal:
    """The reversal of returning ``returned`` of ``batch``'s purchase, which keeps ``kept``."""
    left = batch.points - _fold.taken(entries).get(batch.id, 0)
    multiplier = _fold.multiplier_of(entries, batch)
    owed = left - batch.points_on(kept, multiplier=multiplier)
    rerated = _fold.rerate(
        program, entries, Reversal(purchase_id=batch.id, returned=returned, at=at, owed=owed)
    )
    wanted = [(batch.id, owed), *((r.batch_id, r.owed) for r in rerated.rerates)]
    balance = sum(_fold.remaining(entries, at).values())
    return attrs.evolve(rerated, draws=draws(entries, min(rerated.owed, balance), at, first=wanted))
