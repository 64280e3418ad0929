from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import InvalidTypeError, ValidationError
from aftersales_core.bands import Band, Bands

numbers = hs.decimals(min_value=-1000, max_value=1000, places=3)


def test_the_boundary_rule_is_written_once():
    refund = Bands.at_least([(Decimal("0.2"), "full")], upper=Decimal(1))
    assert refund.value_for(Decimal("0.2")) == "full"
    assert refund.value_for(Decimal("0.1999")) is None
    assert refund.value_for(1) == "full"
    assert refund.value_for("1.0001") is None


def test_band_text_shows_inclusivity():
    assert str(Band(value=0, lower=0, upper=2, upper_closed=True)) == "[0, 2]"
    assert str(Band(value=0, lower=2, upper=5, lower_closed=False)) == "(2, 5)"
    assert str(Band(value=0)) == "(-∞, ∞)"
    assert str(Band(value=0, lower=Decimal("1.50"))) == "[1.5, ∞)"
    assert str(Band(value=0, upper=Decimal("1E+3"))) == "(-∞, 1000)"


def test_open_and_closed_bounds():
    closed = Band(value="x", lower=1, upper=1, upper_closed=True)
    assert closed.contains(1)
    open_low = Band(value="x", lower=1, upper=3, lower_closed=False)
    assert not open_low.contains(1)
    assert open_low.contains("1.001")
    assert not open_low.contains(3)
    assert Band(value="x").contains(-(10**9))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"lower": 2, "upper": 1}, "upper"),
        ({"lower": 1, "upper": 1}, "upper"),
        ({"lower": 1, "upper": 1, "lower_closed": False, "upper_closed": True}, "upper"),
        ({"lower": "abc"}, "lower"),
        ({"upper": Decimal("NaN")}, "upper"),
        ({"lower_closed": 1}, "lower_closed"),
    ],
)
def test_bad_bands_are_refused(kwargs, field):
    with pytest.raises(ValidationError) as info:
        Band(value=None, **kwargs)
    assert info.value.field == field


def test_float_bounds_are_refused():
    with pytest.raises(InvalidTypeError):
        Band(value=None, lower=0.2)
    with pytest.raises(InvalidTypeError):
        Band(value=None).contains(0.5)


@pytest.mark.parametrize(
    ("bands", "problem"),
    [
        ([Band(value=1, lower=0, upper=2), Band(value=2, lower=1, upper=3)], "overlaps"),
        (
            [
                Band(value=1, lower=0, upper=2, upper_closed=True),
                Band(value=2, lower=2, upper=3),
            ],
            "overlaps",
        ),
        ([Band(value=1, lower=0, upper=2), Band(value=2, lower=3, upper=4)], "gap"),
        (
            [Band(value=1, lower=0, upper=2), Band(value=2, lower=2, upper=3, lower_closed=False)],
            "gap",
        ),
        ([Band(value=1, lower=0), Band(value=2, lower=5)], "no upper bound"),
        ([Band(value=1, lower=0, upper=2), Band(value=2, upper=5)], "no lower bound"),
    ],
)
def test_gaps_and_overlaps_are_refused(bands, problem):
    with pytest.raises(ValidationError, match=problem) as info:
        Bands(bands=bands)
    assert info.value.field == "bands[1]"


def test_bands_need_bands():
    with pytest.raises(ValidationError, match="at least one"):
        Bands(bands=[])
    with pytest.raises(InvalidTypeError):
        Bands(bands=["[0, 1)"])
    with pytest.raises(ValidationError):
        Bands(bands=5)


@pytest.mark.parametrize("make", [Bands.at_least, Bands.up_to])
def test_thresholds_must_increase(make):
    with pytest.raises(ValidationError, match="strictly increasing") as info:
        make([(1, "a"), (1, "b")])
    assert info.value.field.endswith("[1]")
    with pytest.raises(ValidationError, match="at least one threshold"):
        make([])


def test_below_thresholds_must_decrease():
    with pytest.raises(ValidationError, match="strictly decreasing"):
        Bands.below([("0.95", "a"), ("0.99", "b")])


def test_the_cloud_credit_table():
    credits = Bands.below([("0.999", 10), ("0.99", 25), ("0.95", 100)], lower=0)
    assert [credits.value_for(x) for x in ("1", "0.999", "0.9989", "0.99", "0.9", "0")] == [
        None,
        None,
        10,
        10,
        100,
        100,
    ]
    assert len(credits) == 3
    assert [b.value for b in credits] == [100, 25, 10]


def test_up_to_bands_for_distances():
    area = Bands.up_to([(2, "free"), (10, "fee")])
    assert area.value_for(0) == "free"
    assert area.value_for(2) == "free"
    assert area.value_for("2.001") == "fee"
    assert area.value_for(10) == "fee"
    assert area.value_for("10.001") is None
    assert area.value_for(-1, "outside") == "outside"
    assert Bands.up_to([(0, "here")]).value_for(0) == "here"


def test_bands_are_values():
    a = Bands.at_least([(0, "a"), (10, "b")])
    assert a == Bands.at_least([(0, "a"), (10, "b")])
    assert hash(a) == hash(Bands.at_least([(0, "a"), (10, "b")]))
    assert a != Bands.at_least([(0, "a"), (11, "b")])


@given(hs.sets(numbers, min_size=1, max_size=6), numbers)
def test_at_least_puts_every_value_in_at_most_one_band(thresholds, x):
    ordered = sorted(thresholds)
    bands = Bands.at_least([(t, i) for i, t in enumerate(ordered)])
    holding = [b for b in bands if b.contains(x)]
    assert len(holding) == (1 if x >= ordered[0] else 0)
    if holding:
        # the band is the last threshold at or below x: ">= t is in"
        assert holding[0].value == max(i for i, t in enumerate(ordered) if t <= x)
    assert bands.find(x) == (holding[0] if holding else None)


@given(hs.sets(numbers, min_size=1, max_size=6), numbers, numbers)
def test_at_least_values_are_monotone(thresholds, x, y):
    bands = Bands.at_least([(t, i) for i, t in enumerate(sorted(thresholds))])
    low, high = sorted((x, y))
    assert bands.value_for(low, -1) <= bands.value_for(high, -1)


@given(hs.sets(numbers, min_size=1, max_size=6), numbers)
def test_below_and_up_to_cover_their_range_exactly(limits, x):
    ordered = sorted(limits)
    below = Bands.below([(t, t) for t in reversed(ordered)])
    assert (below.find(x) is not None) == (x < ordered[-1])
    up_to = Bands.up_to([(t, t) for t in ordered], lower=None)
    assert (up_to.find(x) is not None) == (x <= ordered[-1])
    if x <= ordered[-1]:
        assert up_to.value_for(x) == min(t for t in ordered if t >= x)
