"""Hypothesis strategies for the facts (customers, purchases, claims) and every policy.

Use them to property-test your own policies and the code around them: a subclass
of a built-in policy must keep the built-in's promises, whatever the claim.

Strategies that involve money take ``currency`` so that policies and claims can be
drawn in the same currency; fees, caps and fixed credits are drawn only when a
``currency`` is given (the rest of the policy is currency-free).

Examples:
    >>> from hypothesis import given, settings
    >>> from aftersales_core.testing.policies import claims, warranty_policies
    >>> @settings(max_examples=25)
    ... @given(warranty_policies(), claims())
    ... def check(policy, claim):
    ...     assert policy.decide(claim).reasons
    >>> check()
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import strategies as hs

from ..money import Money
from ..policies import (
    Anchor,
    CompensationRule,
    CompensationTier,
    DistanceFee,
    MaintenanceSchedule,
    Policy,
    RefundRule,
    RefundTier,
    ReturnWindowPolicy,
    ServiceAreaPolicy,
    WarrantyPolicy,
)
from ..sla import SLAPolicy, SLATarget
from ..vocabulary import Category, Priority
from ._facts import (
    DEFECT_CODES,
    PRODUCT_CATEGORIES,
    claims,
    customers,
    geo_points,
    purchases,
    ratios,
)
from .strategies import money, terms

__all__ = [
    "DEFECT_CODES",
    "PRODUCT_CATEGORIES",
    "claims",
    "compensation_rules",
    "customers",
    "geo_points",
    "maintenance_schedules",
    "policies",
    "purchases",
    "ratios",
    "refund_rules",
    "refund_tiers",
    "return_window_policies",
    "service_area_policies",
    "sla_policies",
    "sla_targets",
    "warranty_policies",
]


def _codes() -> hs.SearchStrategy[frozenset[str]]:
    return hs.frozensets(hs.sampled_from(DEFECT_CODES), max_size=3)


def warranty_policies() -> hs.SearchStrategy[WarrantyPolicy]:
    """Warranties of any term (lifetimes included), coverage, exclusions and claim limit.

    Examples:
        >>> from hypothesis import given
        >>> @given(warranty_policies())
        ... def check(policy):
        ...     assert policy.kind == "warranty"
        >>> check()
    """
    return hs.builds(
        WarrantyPolicy,
        term=terms(max_years=3),
        start=hs.sampled_from(Anchor),
        covered_defects=_codes(),
        exclusions=_codes(),
        max_claims=hs.none() | hs.integers(1, 5),
    )


def return_window_policies(
    *, max_days: int = 60, currency: str | None = None
) -> hs.SearchStrategy[ReturnWindowPolicy]:
    """Return windows in calendar days with random conditions and fees.

    Args:
        max_days: The longest window.
        currency: Draw fixed restocking fees in this currency too (else only ratios).

    Examples:
        >>> from hypothesis import given
        >>> @given(return_window_policies(max_days=7))
        ... def check(policy):
        ...     assert 0 <= policy.days <= 7
        >>> check()
    """
    fees: hs.SearchStrategy[Decimal | Money | None] = hs.none() | ratios(places=2)
    if currency is not None:
        fees = fees | money(currencies=[currency], min_value=0, max_value=1_000_000)
    return hs.builds(
        ReturnWindowPolicy,
        days=hs.integers(0, max_days),
        start=hs.sampled_from(Anchor),
        timezone=hs.none() | hs.sampled_from(["Asia/Ho_Chi_Minh", "UTC", "America/New_York"]),
        require_unopened=hs.booleans(),
        require_receipt=hs.booleans(),
        require_undamaged=hs.booleans(),
        final_sale_categories=hs.frozensets(hs.sampled_from(PRODUCT_CATEGORIES), max_size=2),
        restocking_fee=fees,
        exchange_only=hs.booleans(),
    )


def refund_tiers(*, max_size: int = 4) -> hs.SearchStrategy[list[RefundTier]]:
    """Valid tier lists: strictly increasing error rates, non-decreasing refund ratios.

    Examples:
        >>> from hypothesis import given
        >>> @given(refund_tiers())
        ... def check(tiers):
        ...     assert [t.min_error_rate for t in tiers] == sorted({t.min_error_rate for t in tiers})
        >>> check()
    """

    @hs.composite
    def build(draw: hs.DrawFn) -> list[RefundTier]:
        rates = sorted(draw(hs.sets(ratios(places=3), min_size=1, max_size=max_size)))
        shares = sorted(draw(hs.lists(ratios(places=2), min_size=len(rates), max_size=len(rates))))
        return [
            RefundTier(min_error_rate=r, refund_ratio=s) for r, s in zip(rates, shares, strict=True)
        ]

    return build()


def refund_rules(*, cap_currency: str | None = None) -> hs.SearchStrategy[RefundRule]:
    """Refund rules with valid tiers, sometimes proration, and a cap if ``cap_currency`` is given.

    Examples:
        >>> from hypothesis import given
        >>> @given(refund_rules())
        ... def check(rule):
        ...     assert rule.tiers
        >>> check()
    """
    caps: hs.SearchStrategy[Money | None] = hs.none()
    if cap_currency is not None:
        caps = caps | money(currencies=[cap_currency], min_value=0, max_value=10_000_000)
    return hs.builds(
        RefundRule,
        tiers=refund_tiers(),
        cap=caps,
        prorate_over=hs.none()
        | terms(max_years=2, allow_lifetime=False).filter(lambda t: t.years or t.months or t.days),
        start=hs.sampled_from(Anchor),
        rounding=hs.sampled_from(["ROUND_HALF_UP", "ROUND_DOWN", "ROUND_HALF_EVEN", "ROUND_UP"]),
    )


def compensation_rules(*, currency: str | None = None) -> hs.SearchStrategy[CompensationRule]:
    """Compensation rules by lateness or achieved ratio; Money credits if ``currency`` is given.

    Examples:
        >>> from hypothesis import given
        >>> @given(compensation_rules())
        ... def check(rule):
        ...     assert rule.basis.value in ("lateness", "achieved_ratio")
        >>> check()
    """

    @hs.composite
    def build(draw: hs.DrawFn) -> CompensationRule:
        size = draw(hs.integers(1, 4))
        if currency is not None and draw(hs.booleans()):
            amounts = draw(hs.lists(hs.integers(0, 10**6), min_size=size, max_size=size))
            credits: list[Decimal | Money] = [Money.of(a, currency) for a in sorted(amounts)]
        else:
            credits = sorted(draw(hs.lists(ratios(places=2), min_size=size, max_size=size)))
        if draw(hs.booleans()):
            minutes = sorted(
                draw(hs.sets(hs.integers(1, 7 * 24 * 60), min_size=size, max_size=size))
            )
            tiers = [
                CompensationTier(late_by=timedelta(minutes=m), credit=c)
                for m, c in zip(minutes, credits, strict=True)
            ]
        else:
            marks = sorted(
                draw(hs.sets(ratios(places=4).filter(bool), min_size=size, max_size=size)),
                reverse=True,
            )
            tiers = [
                CompensationTier(below=b, credit=c) for b, c in zip(marks, credits, strict=True)
            ]
        return CompensationRule(tiers=tiers)

    return build()


def service_area_policies(*, currency: str | None = None) -> hs.SearchStrategy[ServiceAreaPolicy]:
    """Service areas around 1–3 points; fee bands beyond the free radius if ``currency`` is given.

    Examples:
        >>> from hypothesis import given
        >>> @given(service_area_policies(currency="VND"))
        ... def check(area):
        ...     assert all(b.fee.currency == "VND" for b in area.fee_bands)
        >>> check()
    """

    @hs.composite
    def build(draw: hs.DrawFn) -> ServiceAreaPolicy:
        radius = draw(hs.decimals(min_value=0, max_value=50, places=1))
        bands: list[DistanceFee] = []
        if currency is not None:
            steps = draw(hs.lists(hs.integers(1, 5_000), max_size=3))
            fees = sorted(
                draw(hs.lists(hs.integers(0, 10**6), min_size=len(steps), max_size=len(steps)))
            )
            edge = radius
            for step, fee in zip(steps, fees, strict=True):
                edge += step
                bands.append(DistanceFee(up_to_km=edge, fee=Money.of(fee, currency)))
        return ServiceAreaPolicy(
            service_points=draw(hs.lists(geo_points(), min_size=1, max_size=3)),
            free_radius_km=radius,
            fee_bands=bands,
        )

    return build()


def maintenance_schedules() -> hs.SearchStrategy[MaintenanceSchedule]:
    """Maintenance schedules by months, by usage, or both (no calendar).

    Examples:
        >>> from hypothesis import given
        >>> @given(maintenance_schedules())
        ... def check(plan):
        ...     assert plan.every_months or plan.every_usage
        >>> check()
    """
    months = hs.none() | hs.integers(1, 24)
    usage = hs.none() | hs.decimals(min_value=1, max_value=20_000, places=0)
    return (
        hs.tuples(months, usage)
        .filter(lambda mu: mu != (None, None))
        .flatmap(
            lambda mu: hs.builds(
                MaintenanceSchedule,
                every_months=hs.just(mu[0]),
                every_usage=hs.just(mu[1]),
                start=hs.sampled_from(Anchor),
                remind_days=hs.integers(0, 30),
            )
        )
    )


def sla_targets() -> hs.SearchStrategy[SLATarget]:
    """SLA targets with a resolution no sooner than the first response.

    Examples:
        >>> from hypothesis import given
        >>> @given(sla_targets())
        ... def check(t):
        ...     assert t.resolution >= t.first_response
        >>> check()
    """
    return hs.tuples(hs.integers(1, 72 * 60), hs.integers(0, 14 * 24 * 60)).map(
        lambda fr: SLATarget(
            first_response=timedelta(minutes=fr[0]), resolution=timedelta(minutes=fr[0] + fr[1])
        )
    )


def sla_policies() -> hs.SearchStrategy[SLAPolicy]:
    """Round-the-clock SLA policies with targets by priority and some by (priority, category).

    Examples:
        >>> from hypothesis import given
        >>> @given(sla_policies())
        ... def check(sla):
        ...     assert sla.targets or sla.default
        >>> check()
    """
    keys = hs.sampled_from(Priority) | hs.tuples(
        hs.sampled_from(Priority), hs.sampled_from(Category)
    )
    return hs.builds(
        SLAPolicy,
        targets=hs.dictionaries(keys, sla_targets(), min_size=1, max_size=6),
        default=hs.none() | sla_targets(),
    )


def policies(*, currency: str | None = None) -> hs.SearchStrategy[Policy]:
    """Any built-in policy (composites aside), with money in ``currency`` if given.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(policies())
        ... def check(policy):
        ...     assert hash(policy) == hash(policy)
        >>> check()
    """
    return hs.one_of(
        warranty_policies(),
        return_window_policies(currency=currency),
        refund_rules(cap_currency=currency),
        compensation_rules(currency=currency),
        service_area_policies(currency=currency),
        maintenance_schedules(),
        sla_policies(),
    )
