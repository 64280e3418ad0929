"""The arithmetic of a loyalty ledger's history (private to care.ledger).

Pure functions over a tuple of entries: replay checks, what is left in each batch, the
statement with derived expiries, and the rolling tier measure.
"""

from __future__ import annotations

import pendulum

from ..errors import ValidationError
from ..money import Money
from ..periods import Term
from .entries import AlreadyRecordedError, Expiry, LedgerEntry, PointBatch, Redemption, Reversal
from .loyalty import LoyaltyProgram, TierBasis


def before(at: pendulum.DateTime, term: Term) -> pendulum.DateTime:
    return at.subtract(years=term.years, months=term.months).subtract(days=term.days)


def expiry_key(batch: PointBatch) -> tuple[bool, pendulum.DateTime, pendulum.DateTime]:
    # Soonest-expiring first; points that never expire go last; then the oldest first.
    end = batch.expires_at
    return (end is None, end if end is not None else batch.at, batch.at)


def check_replay(entries: tuple[LedgerEntry, ...]) -> None:
    """Refuse a history that the commands could not have written."""
    batches: dict[str, PointBatch] = {}
    left: dict[str, int] = {}
    returned: dict[str, Money] = {}
    rewards: set[str] = set()
    last: pendulum.DateTime | None = None
    for i, entry in enumerate(entries):
        field = f"entries[{i}]"
        if not isinstance(entry, PointBatch | Redemption | Reversal):
            raise ValidationError(field=field, value=entry, rule="must be a ledger entry")
        if last is not None and entry.at < last:
            raise ValidationError(
                field=f"{field}.at", value=entry.at, rule="is earlier than the entry before it"
            )
        last = entry.at
        if isinstance(entry, PointBatch):
            if entry.id in batches:
                raise AlreadyRecordedError(field=f"{field}.id", value=entry.id, rule="is repeated")
            batches[entry.id], left[entry.id] = entry, entry.points
            continue
        if isinstance(entry, Redemption):
            if entry.reward_id in rewards:
                raise AlreadyRecordedError(
                    field=f"{field}.reward_id", value=entry.reward_id, rule="is repeated"
                )
            rewards.add(entry.reward_id)
        else:
            batch = batches.get(entry.purchase_id)
            if batch is None or batch.spent is None:
                raise ValidationError(
                    field=f"{field}.purchase_id", value=entry.purchase_id, rule="earned no points"
                )
            total = returned.get(entry.purchase_id, Money.zero(batch.spent.currency))
            returned[entry.purchase_id] = total + entry.returned
            if returned[entry.purchase_id] > batch.spent:
                raise ValidationError(
                    field=f"{field}.returned", value=entry.returned, rule="exceeds the purchase"
                )
        for draw in entry.draws:
            source = batches.get(draw.batch_id)
            usable = source is not None and (
                source.expires_at is None or source.expires_at > entry.at
            )
            if not usable or draw.points > left[draw.batch_id]:
                raise ValidationError(
                    field=f"{field}.draws", value=draw, rule="takes points the batch did not hold"
                )
            left[draw.batch_id] -= draw.points


def remaining(entries: tuple[LedgerEntry, ...], when: pendulum.DateTime) -> dict[str, int]:
    """Unexpired points left in each batch at ``when``, empty batches left out."""
    left: dict[str, int] = {}
    for entry in entries:
        if entry.at > when:
            break
        if isinstance(entry, PointBatch):
            left[entry.id] = entry.points
        else:
            for draw in entry.draws:
                left[draw.batch_id] -= draw.points
    for batch in (e for e in entries if isinstance(e, PointBatch)):
        if batch.expires_at is not None and batch.expires_at <= when:
            left.pop(batch.id, None)
    return {k: v for k, v in left.items() if v}


def statement(
    entries: tuple[LedgerEntry, ...], when: pendulum.DateTime
) -> tuple[LedgerEntry | Expiry, ...]:
    """The entries up to ``when`` and the expiries derived from them, in time order."""
    lines: list[tuple[pendulum.DateTime, int, int, LedgerEntry | Expiry]] = []
    for i, entry in enumerate(entries):
        if entry.at <= when:
            lines.append((entry.at, 1, i, entry))
        if (
            isinstance(entry, PointBatch)
            and entry.expires_at is not None
            and entry.expires_at <= when
        ):
            used = sum(
                d.points
                for e in entries
                if not isinstance(e, PointBatch)
                for d in e.draws
                if d.batch_id == entry.id
            )
            if entry.points > used:
                expiry = Expiry(batch_id=entry.id, points=entry.points - used, at=entry.expires_at)
                # An expiry comes before anything recorded at the same instant.
                lines.append((entry.expires_at, 0, i, expiry))
    return tuple(line[-1] for line in sorted(lines, key=lambda line: line[:3]))


def measure(
    program: LoyaltyProgram,
    entries: tuple[LedgerEntry, ...],
    end: pendulum.DateTime,
    known: pendulum.DateTime,
) -> Money | int:
    """Net spend or points over the tier window ending at ``end``, returns known at ``known``."""
    start = before(end, program.tier_window)
    reversals: dict[str, list[Reversal]] = {}
    for entry in entries:
        if isinstance(entry, Reversal) and entry.at <= known:
            reversals.setdefault(entry.purchase_id, []).append(entry)
    batches = [
        e
        for e in entries
        if isinstance(e, PointBatch) and e.spent is not None and start < e.at <= end
    ]
    if program.tier_basis is TierBasis.POINTS:
        return sum(b.points - sum(r.owed for r in reversals.get(b.id, ())) for b in batches)
    currency = program.currency
    return Money.sum(
        (
            b.spent - Money.sum((r.returned for r in reversals.get(b.id, ())), currency)
            for b in batches
            if b.spent is not None and b.spent.currency == currency
        ),
        currency,
    )
