"""Loyalty programmes: earning rates, tiers, benefits, and their validation."""

from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import InvalidTypeError, Money, Priority, Term, UnknownCurrencyError
from aftersales_core.care import Benefits, LoyaltyProgram, Tier, TierBasis
from aftersales_core.errors import ValidationError
from aftersales_core.testing.care import loyalty_programs

VND = "VND"


def vnd(amount):
    return Money(amount, VND)


def club(**kwargs):
    kwargs.setdefault("spend_per_point", vnd(10_000))
    return LoyaltyProgram(name="Thẻ thành viên", currency=VND, **kwargs)


TIERS = [
    Tier(name="member", threshold=vnd(0)),
    Tier(name="silver", threshold=vnd(5_000_000), benefits=Benefits(points_multiplier="1.2")),
    Tier(
        name="gold",
        threshold=vnd(20_000_000),
        benefits=Benefits(points_multiplier=2, extra_return_days=7, priority_boost=1),
    ),
    Tier(
        name="vip",
        threshold=vnd(50_000_000),
        benefits=Benefits(
            points_multiplier=3,
            extra_return_days=14,
            priority_boost=2,
            perks=["free_delivery", "hotline_24_7"],
        ),
    ),
]


# -- benefits --------------------------------------------------------------------


def test_benefits_default_to_nothing_extra():
    b = Benefits()
    assert (b.points_multiplier, b.extra_return_days, b.priority_boost, b.perks) == (
        Decimal(1),
        0,
        0,
        (),
    )
    assert b.upgrade("low") is Priority.LOW
    assert b.return_days(7) == 7


def test_benefits_raise_priority_and_return_days_but_never_past_urgent():
    vip = TIERS[3].benefits
    assert vip.upgrade(Priority.NORMAL) is Priority.URGENT
    assert vip.upgrade("high") is Priority.URGENT
    assert vip.return_days(7) == 21
    assert vip.perks == ("free_delivery", "hotline_24_7")


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"points_multiplier": -1}, ValidationError, "points_multiplier"),
        ({"points_multiplier": 1.5}, InvalidTypeError, "points_multiplier"),
        ({"extra_return_days": -1}, ValidationError, "extra_return_days"),
        ({"priority_boost": 4}, ValidationError, "priority_boost"),
        ({"priority_boost": True}, InvalidTypeError, "priority_boost"),
        ({"perks": "free_delivery"}, InvalidTypeError, "perks"),
        ({"perks": ["ok", " "]}, ValidationError, "perks[1]"),
        ({"perks": [3]}, ValidationError, "perks[0]"),
    ],
)
def test_benefits_refuse_bad_values(kwargs, error, field):
    with pytest.raises(error) as info:
        Benefits(**kwargs)
    assert info.value.field == field


def test_upgrade_refuses_an_unknown_priority():
    with pytest.raises(ValidationError, match="priority"):
        Benefits().upgrade("asap")


# -- tiers -----------------------------------------------------------------------


def test_tier_thresholds_are_money_or_points():
    assert Tier(name="gold", threshold=vnd(20_000_000)).measure == Decimal(20_000_000)
    assert Tier(name="gold", threshold=1_000).measure == Decimal(1_000)


@pytest.mark.parametrize("threshold", [-1, vnd(-1), True, "100", 1.5])
def test_tier_refuses_bad_thresholds(threshold):
    with pytest.raises(ValidationError) as info:
        Tier(name="x", threshold=threshold)
    assert info.value.field == "threshold"


def test_tier_refuses_an_empty_name_and_bad_benefits():
    with pytest.raises(ValidationError):
        Tier(name=" ", threshold=0)
    with pytest.raises(InvalidTypeError, match="must be a Benefits"):
        Tier(name="x", threshold=0, benefits={"points_multiplier": 2})


# -- programmes ------------------------------------------------------------------


def test_a_programme_has_a_member_tier_by_default():
    assert club().tiers == (Tier(name="member", threshold=vnd(0)),)
    points = club(tier_basis="points")
    assert points.tiers == (Tier(name="member", threshold=0),)
    assert points.tier_basis is TierBasis.POINTS


def test_programme_defaults_are_stated():
    program = club()
    assert program.tier_window == Term(months=12)
    assert program.tier_hold == Term(months=12)
    assert program.points_expire_after == Term(months=12)
    assert program.point_value is None


def test_terms_may_be_given_as_text_or_none():
    program = club(tier_window="6mo", tier_hold="0d", points_expire_after=None)
    assert program.tier_window == Term(months=6)
    assert program.tier_hold == Term()
    assert program.expiry_of(pendulum.datetime(2026, 1, 1, tz="UTC")) is None
    forever = club(points_expire_after=Term.lifetime())
    assert forever.expiry_of(pendulum.datetime(2026, 1, 1, tz="UTC")) is None


def test_points_are_earned_per_currency_and_rounded_down():
    program = club(spend_per_point=[vnd(10_000), Money("1.00", "USD")])
    assert program.points_for(vnd(9_999)) == 0
    assert program.points_for(vnd(10_000)) == 1
    assert program.points_for(vnd(1_234_567)) == 123
    assert program.points_for(vnd(1_234_567), multiplier=Decimal("1.5")) == 185
    assert program.points_for(Money("9.99", "USD")) == 9
    assert program.rate_for("USD") == Money(1, "USD")


def test_a_currency_without_a_rate_earns_nothing_and_is_refused():
    with pytest.raises(ValidationError, match="has no earning rate; rates exist for VND"):
        club().points_for(Money(10, "USD"))


def test_a_float_multiplier_is_refused():
    with pytest.raises(InvalidTypeError):
        club().points_for(vnd(10_000), multiplier=1.5)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"spend_per_point": vnd(0)}, "spend_per_point[0]"),
        ({"spend_per_point": []}, "spend_per_point"),
        ({"spend_per_point": [vnd(1), vnd(2)]}, "spend_per_point[1]"),
        ({"spend_per_point": [10_000]}, "spend_per_point[0]"),
        ({"tiers": []}, "tiers"),
        ({"tiers": ["gold"]}, "tiers[0]"),
        ({"tiers": [TIERS[0], TIERS[0]]}, "tiers[1].name"),
        ({"tiers": [TIERS[1]]}, "tiers[0].threshold"),
        ({"tiers": [Tier(name="m", threshold=0)]}, "tiers[0].threshold"),
        ({"tiers": [Tier(name="m", threshold=Money(0, "USD"))]}, "tiers[0].threshold"),
        ({"tiers": [TIERS[0], TIERS[2], TIERS[1]]}, "thresholds[2]"),
        ({"tier_basis": "visits"}, "tier_basis"),
        ({"tier_window": 12}, "tier_window"),
        ({"points_expire_after": 12}, "points_expire_after"),
        ({"point_value": vnd(-1)}, "point_value"),
    ],
)
def test_programme_refuses_bad_rules(kwargs, field):
    with pytest.raises(ValidationError) as info:
        club(**kwargs)
    assert info.value.field == field


def test_points_tiers_refuse_money_thresholds():
    with pytest.raises(ValidationError, match="must be a number of points"):
        club(tier_basis="points", tiers=[Tier(name="m", threshold=vnd(0))])


def test_programme_refuses_an_unknown_currency():
    with pytest.raises(UnknownCurrencyError):
        LoyaltyProgram(name="x", currency="XXY", spend_per_point=vnd(1))
    with pytest.raises(InvalidTypeError):
        LoyaltyProgram(name="x", currency=704, spend_per_point=vnd(1), tiers=TIERS)


def test_tier_for_reads_thresholds_as_that_much_or_more():
    program = club(tiers=TIERS)
    names = [program.tier_for(vnd(x)).name for x in (0, 4_999_999, 5_000_000, 49_999_999, 10**9)]
    assert names == ["member", "member", "silver", "gold", "vip"]
    assert program.tier_named("gold") is TIERS[2]


def test_tier_for_refuses_a_measure_of_the_wrong_kind():
    program = club(tiers=TIERS)
    with pytest.raises(ValidationError, match="must be Money in VND"):
        program.tier_for(5_000_000)
    with pytest.raises(ValidationError, match="must be Money in VND"):
        program.tier_for(Money(5, "USD"))
    with pytest.raises(ValidationError, match="zero or more"):
        program.tier_for(vnd(-1))
    with pytest.raises(ValidationError, match="is not a tier"):
        program.tier_named("platinum")


def test_points_based_tiers():
    program = club(
        tier_basis="points",
        tiers=[Tier(name="member", threshold=0), Tier(name="gold", threshold=1_000)],
    )
    assert program.tier_for(999).name == "member"
    assert program.tier_for(Decimal(1_000)).name == "gold"
    with pytest.raises(ValidationError):
        program.tier_for(-5)
    with pytest.raises(ValidationError, match="must be a number of points"):
        program.tier_for(vnd(1))


@given(loyalty_programs(), hs.integers(0, 10**9), hs.integers(0, 10**9))
def test_tiers_are_monotonic_in_the_measure(program, a, b):
    low, high = sorted((a, b))
    if program.tier_basis is TierBasis.SPEND:
        low_m, high_m = vnd(low), vnd(high)
    else:
        low_m, high_m = low, high
    ranks = program.tiers.index
    assert ranks(program.tier_for(low_m)) <= ranks(program.tier_for(high_m))
    assert (
        program.tier_for(low_m).benefits.points_multiplier
        <= program.tier_for(high_m).benefits.points_multiplier
    )


@given(loyalty_programs(tier_basis=TierBasis.SPEND), hs.integers(0, 10**9), hs.integers(0, 10**9))
def test_points_are_monotonic_in_spend_and_never_negative(program, a, b):
    low, high = sorted((a, b))
    assert 0 <= program.points_for(vnd(low)) <= program.points_for(vnd(high))
