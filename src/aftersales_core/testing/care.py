"""Hypothesis strategies for the customer-care types of `aftersales_core.care`.

Examples:
    >>> import pendulum
    >>> from hypothesis import given
    >>> from aftersales_core.testing.care import loyalty_ledgers
    >>> @given(loyalty_ledgers())
    ... def check(ledger):
    ...     assert ledger.balance(pendulum.datetime(2030, 1, 1, tz="UTC")) >= 0
    >>> check()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from hypothesis import strategies as hs

from ..care import (
    Benefits,
    CareJourney,
    JourneyStep,
    LoyaltyLedger,
    LoyaltyProgram,
    Offer,
    PointBatch,
    Referral,
    Reversal,
    SegmentLabel,
    Tier,
    TierBasis,
    Trigger,
)
from ..facts import Purchase
from ..money import Money
from ..terms import Term
from ..vocabulary import Channel
from .strategies import instants

__all__ = [
    "birthdays",
    "care_journeys",
    "journey_steps",
    "loyalty_ledgers",
    "loyalty_programs",
    "referrals",
]


def birthdays(
    *,
    min_value: date = date(1930, 1, 1),
    max_value: date = date(2012, 12, 31),
) -> hs.SearchStrategy[date]:
    """Dates of birth, with 29 February drawn far more often than by chance.

    Examples:
        >>> from hypothesis import given
        >>> @given(birthdays(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
        ... def check(day):
        ...     assert day.year == 2000
        >>> check()
    """
    leap_days = [
        date(y, 2, 29)
        for y in range(min_value.year, max_value.year + 1)
        if y % 4 == 0
        and (y % 100 != 0 or y % 400 == 0)
        and min_value <= date(y, 2, 29) <= max_value
    ]
    anyday = hs.dates(min_value=min_value, max_value=max_value)
    return (hs.sampled_from(leap_days) | anyday) if leap_days else anyday


def loyalty_programs(
    *,
    currency: str = "VND",
    tier_basis: TierBasis | None = None,
    max_tiers: int = 4,
) -> hs.SearchStrategy[LoyaltyProgram]:
    """Valid `LoyaltyProgram` values in ``currency``.

    Args:
        currency: The programme's currency (``VND`` by default).
        tier_basis: Spend or points (drawn when ``None``).
        max_tiers: The most tiers to draw, 1 or more.

    Examples:
        >>> from hypothesis import given
        >>> @given(loyalty_programs(max_tiers=2))
        ... def check(program):
        ...     assert 1 <= len(program.tiers) <= 2
        >>> check()
    """

    @hs.composite
    def build(draw: hs.DrawFn) -> LoyaltyProgram:
        basis = draw(hs.sampled_from(TierBasis)) if tier_basis is None else tier_basis
        unit = Money.from_units(1, currency)
        per_point = Money.from_units(draw(hs.integers(1, 50_000)), currency)
        steps = draw(hs.lists(hs.integers(1, 10_000_000), max_size=max(0, max_tiers - 1)))
        thresholds = [0]
        for step in steps:
            thresholds.append(thresholds[-1] + step)
        multipliers = sorted(
            draw(hs.lists(hs.integers(10, 30), min_size=len(thresholds), max_size=len(thresholds)))
        )
        tiers = [
            Tier(
                name=f"tier{i}",
                threshold=(unit * level) if basis is TierBasis.SPEND else level,
                benefits=Benefits(points_multiplier=Decimal(m) / 10, extra_return_days=i),
            )
            for i, (level, m) in enumerate(zip(thresholds, multipliers, strict=True))
        ]
        terms = hs.builds(Term, months=hs.integers(0, 24), days=hs.integers(0, 60))
        return LoyaltyProgram(
            name="club",
            currency=currency,
            spend_per_point=per_point,
            tier_basis=basis,
            tiers=tiers,
            tier_window=draw(terms.filter(lambda t: t != Term())),
            tier_hold=draw(terms),
            points_expire_after=draw(hs.none() | terms.filter(lambda t: t != Term())),
        )

    return build()


def loyalty_ledgers(
    *,
    program: LoyaltyProgram | None = None,
    customer_id: str = "C-1",
    min_commands: int = 0,
    max_commands: int = 12,
) -> hs.SearchStrategy[LoyaltyLedger]:
    """Ledgers built by valid commands: purchases, bonuses, redemptions and returns.

    Args:
        program: The programme (drawn with `loyalty_programs` when ``None``).
        customer_id: The ledger's customer.
        min_commands: The fewest commands to try (a redemption or return with nothing
            to take is skipped, so a ledger may hold fewer entries).
        max_commands: The most commands to try.

    Examples:
        >>> from hypothesis import given
        >>> @given(loyalty_ledgers(max_commands=3))
        ... def check(ledger):
        ...     assert len(ledger.entries) <= 3
        >>> check()
    """

    @hs.composite
    def build(draw: hs.DrawFn) -> LoyaltyLedger:
        rules = program if program is not None else draw(loyalty_programs())
        currency = rules.currency
        ledger = LoyaltyLedger(program=rules, customer_id=customer_id)
        at = draw(instants(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)))
        # Minutes apart (across a clock change, say) or months; in real time.
        steps = hs.integers(0, 90) | hs.integers(0, 60 * 24 * 120)
        for n in range(draw(hs.integers(min_commands, max_commands))):
            at = at.add(minutes=draw(steps))
            kind = draw(hs.sampled_from(["earn", "earn", "bonus", "redeem", "return"]))
            if kind == "earn":
                price = Money.from_units(draw(hs.integers(0, 10**9)), currency)
                purchase = Purchase(
                    id=f"O-{n}",
                    customer_id=customer_id,
                    sku="SKU",
                    product_category="goods",
                    price=price,
                    purchased_at=at,
                    channel=draw(hs.sampled_from(Channel)),
                )
                ledger = ledger.earn(purchase)
            elif kind == "bonus":
                ledger = ledger.bonus(id=f"B-{n}", points=draw(hs.integers(1, 5_000)), at=at)
            elif kind == "redeem" and ledger.balance(at):
                points = draw(hs.integers(1, ledger.balance(at)))
                ledger = ledger.redeem(reward_id=f"R-{n}", points=points, at=at)
            elif kind == "return":
                options = [e for e in ledger.entries if isinstance(e, PointBatch) and e.spent]
                if options:
                    batch = draw(hs.sampled_from(options))
                    spent = batch.spent if batch.spent is not None else Money.zero(currency)
                    returned = Money.sum(
                        (
                            r.returned
                            for r in ledger.entries
                            if isinstance(r, Reversal) and r.purchase_id == batch.id
                        ),
                        currency,
                    )
                    left = spent - returned
                    if left.amount > 0:
                        units = draw(hs.integers(1, left.units))
                        ledger = ledger.record_return(
                            purchase_id=batch.id, returned=Money.from_units(units, currency), at=at
                        )
        return ledger

    return build()


def referrals(
    *, customer_ids: Sequence[str] = ("C-1", "C-2", "C-3", "C-4")
) -> hs.SearchStrategy[Referral]:
    """Referrals between two different customers of ``customer_ids``, in 2026 (any zone).

    Examples:
        >>> from hypothesis import given
        >>> @given(referrals())
        ... def check(r):
        ...     assert r.referrer_id != r.referee_id
        >>> check()
    """
    ids = tuple(customer_ids)
    pairs = hs.tuples(hs.sampled_from(ids), hs.sampled_from(ids)).filter(lambda p: p[0] != p[1])
    return hs.builds(
        lambda pair, at: Referral(referrer_id=pair[0], referee_id=pair[1], at=at),
        pairs,
        instants(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)),
    )


def journey_steps(*, key: str = "step") -> hs.SearchStrategy[JourneyStep]:
    """Valid `JourneyStep` values of every trigger.

    Examples:
        >>> from hypothesis import given
        >>> @given(journey_steps(key="s1"))
        ... def check(step):
        ...     assert step.key == "s1"
        >>> check()
    """

    @hs.composite
    def build(draw: hs.DrawFn) -> JourneyStep:
        trigger = draw(hs.sampled_from(Trigger))
        hours = draw(hs.integers(-24 * 10, 24 * 100))
        offset = f"-{-hours}h" if hours < 0 else f"{hours}h"
        return JourneyStep(
            key=key,
            trigger=trigger,
            channel=draw(hs.sampled_from(Channel)),
            template=f"care.{trigger.value}",
            offset=offset,
            occasion=draw(hs.sampled_from(["birthday", "tet", "year_end"])),
            every=Term(months=draw(hs.integers(1, 12)))
            if trigger is Trigger.MAINTENANCE_DUE
            else None,
            times=draw(hs.none() | hs.integers(1, 6)),
            day_of_month=draw(hs.integers(1, 31)),
            segments=draw(
                hs.just(frozenset()) | hs.sets(hs.sampled_from(SegmentLabel), max_size=3)
            ),
            offer=draw(hs.none() | hs.builds(Offer, points=hs.integers(1, 1_000))),
            within_hours=draw(hs.booleans()),
        )

    return build()


def care_journeys(*, max_steps: int = 4) -> hs.SearchStrategy[CareJourney]:
    """Valid `CareJourney` values without a calendar.

    Pass ``calendar=`` with `attrs.evolve` to add sending hours.

    Examples:
        >>> from hypothesis import given
        >>> @given(care_journeys(max_steps=2))
        ... def check(journey):
        ...     assert 1 <= len(journey.steps) <= 2
        >>> check()
    """

    @hs.composite
    def build(draw: hs.DrawFn) -> CareJourney:
        size = draw(hs.integers(1, max_steps))
        steps = [draw(journey_steps(key=f"step{i}")) for i in range(size)]
        return CareJourney(name="journey", steps=steps)

    return build()
