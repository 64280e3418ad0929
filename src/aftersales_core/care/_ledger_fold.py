"""The arithmetic of a loyalty ledger's history (private to care.ledger).

Pure functions over a tuple of entries: replay checks, what is left in each batch, the
statement with derived expiries, the rolling tier measure and tier, and the re-rates a
return that takes away a tier owes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs
import pendulum

from .._internal.instants import unix_micros
from ..errors import ValidationError
from ..money import Money
from ..terms import Term
from .entries import (
    AlreadyRecordedError,
    Expiry,
    LedgerEntry,
    PointBatch,
    Redemption,
    Rerate,
    Reversal,
)
from .loyalty import LoyaltyProgram, Tier, TierBasis


def before(at: pendulum.DateTime, term: Term) -> pendulum.DateTime | None:
    """The start of ``term`` ending at ``at``; ``None`` (no lower bound) for a lifetime."""
    if term.is_lifetime:
        return None
    return at.subtract(years=term.years, months=term.months).subtract(days=term.days)


# Every instant is compared on UTC's clock (`unix_micros`): in the hour repeated when clocks
# go back, Python's own comparison of one zone's datetimes reads the wall clock.


def _within(at: pendulum.DateTime, start: pendulum.DateTime | None, end: pendulum.DateTime) -> bool:
    real = unix_micros(at)
    return (start is None or unix_micros(start) < real) and real <= unix_micros(end)


def _by(at: pendulum.DateTime | None, when: pendulum.DateTime) -> bool:
    """``at`` is at or before ``when`` (``None``, never)."""
    return at is not None and unix_micros(at) <= unix_micros(when)


def expiry_key(batch: PointBatch) -> tuple[bool, int, int]:
    # Soonest-expiring first; points that never expire go last; then the oldest first.
    end = batch.expires_at
    earned = unix_micros(batch.at)
    return (end is None, unix_micros(end) if end is not None else earned, earned)


def check_replay(entries: tuple[LedgerEntry, ...]) -> None:
    """Refuse a history that the commands could not have written."""
    batches: dict[str, PointBatch] = {}
    left: dict[str, int] = {}
    returned: dict[str, Money] = {}
    rewards: set[str] = set()
    last: int | None = None
    for i, entry in enumerate(entries):
        field = f"entries[{i}]"
        if not isinstance(entry, PointBatch | Redemption | Reversal):
            raise ValidationError(field=field, value=entry, rule="must be a ledger entry")
        at = unix_micros(entry.at)
        if last is not None and at < last:
            raise ValidationError(
                field=f"{field}.at", value=entry.at, rule="is earlier than the entry before it"
            )
        last = at
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
            for j, rerate in enumerate(entry.rerates):
                target = batches.get(rerate.batch_id)
                if target is None or target.spent is None:
                    raise ValidationError(
                        field=f"{field}.rerates[{j}].batch_id",
                        value=rerate.batch_id,
                        rule="re-rates no purchase batch",
                    )
            total = returned.get(entry.purchase_id, Money.zero(batch.spent.currency))
            returned[entry.purchase_id] = total + entry.returned
            if returned[entry.purchase_id] > batch.spent:
                raise ValidationError(
                    field=f"{field}.returned", value=entry.returned, rule="exceeds the purchase"
                )
        for draw in entry.draws:
            source = batches.get(draw.batch_id)
            usable = source is not None and not _by(source.expires_at, entry.at)
            if not usable or draw.points > left[draw.batch_id]:
                raise ValidationError(
                    field=f"{field}.draws", value=draw, rule="takes points the batch did not hold"
                )
            left[draw.batch_id] -= draw.points


def taken(entries: Iterable[LedgerEntry]) -> dict[str, int]:
    """Points taken back from each batch: by returns of its goods and by re-rates."""
    out: dict[str, int] = {}
    for reversal in (e for e in entries if isinstance(e, Reversal)):
        own = reversal.owed - reversal.rerated
        out[reversal.purchase_id] = out.get(reversal.purchase_id, 0) + own
        for rerate in reversal.rerates:
            out[rerate.batch_id] = out.get(rerate.batch_id, 0) + rerate.owed
    return out


def multiplier_of(entries: tuple[LedgerEntry, ...], batch: PointBatch) -> Decimal:
    """The multiplier a batch's kept points stand at: its last re-rate's, or its own."""
    current = batch.multiplier
    for entry in entries:
        if isinstance(entry, Reversal):
            for rerate in entry.rerates:
                if rerate.batch_id == batch.id:
                    current = rerate.multiplier
    return current


def remaining(entries: tuple[LedgerEntry, ...], when: pendulum.DateTime) -> dict[str, int]:
    """Unexpired points left in each batch at ``when``, empty batches left out."""
    left: dict[str, int] = {}
    for entry in entries:
        if not _by(entry.at, when):
            break
        if isinstance(entry, PointBatch):
            left[entry.id] = entry.points
        else:
            for draw in entry.draws:
                left[draw.batch_id] -= draw.points
    for batch in (e for e in entries if isinstance(e, PointBatch)):
        if _by(batch.expires_at, when):
            left.pop(batch.id, None)
    return {k: v for k, v in left.items() if v}


def statement(
    entries: tuple[LedgerEntry, ...], when: pendulum.DateTime
) -> tuple[LedgerEntry | Expiry, ...]:
    """The entries up to ``when`` and the expiries derived from them, in time order."""
    lines: list[tuple[int, int, int, LedgerEntry | Expiry]] = []
    for i, entry in enumerate(entries):
        if _by(entry.at, when):
            lines.append((unix_micros(entry.at), 1, i, entry))
        if (
            isinstance(entry, PointBatch)
            and entry.expires_at is not None
            and _by(entry.expires_at, when)
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
                lines.append((unix_micros(entry.expires_at), 0, i, expiry))
    return tuple(line[-1] for line in sorted(lines, key=lambda line: line[:3]))


def measure(
    program: LoyaltyProgram,
    entries: tuple[LedgerEntry, ...],
    end: pendulum.DateTime,
    known: pendulum.DateTime,
) -> Money | int:
    """Net spend or points over the tier window ending at ``end``, returns known at ``known``."""
    start = before(end, program.tier_window)
    known_reversals = [e for e in entries if isinstance(e, Reversal) and _by(e.at, known)]
    reversals: dict[str, list[Reversal]] = {}
    for entry in known_reversals:
        reversals.setdefault(entry.purchase_id, []).append(entry)
    batches = [
        e
        for e in entries
        if isinstance(e, PointBatch) and e.spent is not None and _within(e.at, start, end)
    ]
    if program.tier_basis is TierBasis.POINTS:
        back = taken(known_reversals)  # returned goods and re-rates alike
        return sum(b.points - back.get(b.id, 0) for b in batches)
    currency = program.currency
    return Money.sum(
        (
            b.spent - Money.sum((r.returned for r in reversals.get(b.id, ())), currency)
            for b in batches
            if b.spent is not None and b.spent.currency == currency
        ),
        currency,
    )


def tier(
    program: LoyaltyProgram,
    entries: tuple[LedgerEntry, ...],
    end: pendulum.DateTime,
    known: pendulum.DateTime,
) -> Tier:
    """The highest tier the measure reached within the hold ending at ``end``."""
    start = before(end, program.tier_hold)
    # The measure only changes at a purchase, so the hold's start, its end and the purchases
    # in between are the instants to look at; a lifetime hold looks at every purchase.
    moments = [end] if start is None else [start, end]
    moments += [
        e.at
        for e in entries
        if isinstance(e, PointBatch) and e.spent is not None and _within(e.at, start, end)
    ]
    return max(
        (program.tier_for(measure(program, entries, m, known)) for m in moments),
        key=program.tiers.index,
    )


def kept(entries: tuple[LedgerEntry, ...], batch: PointBatch) -> Money:
    """What is left of a purchase after the returns recorded against it."""
    assert batch.spent is not None
    returns = (e.returned for e in entries if isinstance(e, Reversal) and e.purchase_id == batch.id)
    return batch.spent - Money.sum(returns, batch.spent.currency)


def rerate(
    program: LoyaltyProgram, entries: tuple[LedgerEntry, ...], reversal: Reversal
) -> Reversal:
    """``reversal`` with the re-rates of the purchases earned after the returned one."""
    first = next(
        i
        for i, e in enumerate(entries)
        if isinstance(e, PointBatch) and e.id == reversal.purchase_id
    )
    for i in range(first + 1, len(entries)):
        batch = entries[i]
        if not isinstance(batch, PointBatch) or batch.spent is None:
            continue
        # The history as the batch saw it when it was earned, with every return known now
        # (this one and the re-rates found so far included, for a points-based tier).
        history = (*entries[:i], *(e for e in entries[i:] if isinstance(e, Reversal)), reversal)
        multiplier = tier(program, history, batch.at, reversal.at).benefits.points_multiplier
        left_over = kept(entries, batch)
        if multiplier >= multiplier_of(entries, batch) or not left_over.amount:
            continue  # never raised; a fully returned batch has nothing left to re-rate
        left = batch.points - taken(history).get(batch.id, 0)
        owed = max(0, left - batch.points_on(left_over, multiplier=multiplier))
        reversal = attrs.evolve(
            reversal,
            owed=reversal.owed + owed,
            rerates=(
                *reversal.rerates,
                Rerate(batch_id=batch.id, multiplier=multiplier, owed=owed),
            ),
        )
    return reversal
