"""Customer segments: value, frequency, recency and channel with documented thresholds."""

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import InvalidTypeError, Money, ValidationError
from aftersales_core.bands import Bands
from aftersales_core.care import (
    ChannelMix,
    Level,
    SegmentLabel,
    SegmentRules,
    segment,
)
from aftersales_core.facts import Customer, Purchase
from aftersales_core.vocabulary import Channel

DEFAULTS = SegmentRules()
AT = pendulum.datetime(2026, 6, 1, 12, tz="Asia/Ho_Chi_Minh")
AN = Customer(id="C-1", name="An")


def buy(i, price, days_ago, channel="in_store", customer_id="C-1", currency="VND"):
    return Purchase(
        id=f"O-{i}",
        customer_id=customer_id,
        sku="X",
        product_category="x",
        price=Money(price, currency),
        purchased_at=AT.subtract(days=days_ago),
        channel=channel,
    )


def test_the_documented_thresholds():
    value = [DEFAULTS.value.value_for(x) for x in (0, 1_999_999, 2_000_000, 9_999_999, 10**7)]
    assert value == [Level.LOW, Level.LOW, Level.MEDIUM, Level.MEDIUM, Level.HIGH]
    frequency = [DEFAULTS.frequency.value_for(n) for n in (0, 1, 2, 4, 5)]
    assert frequency == [Level.LOW, Level.LOW, Level.MEDIUM, Level.MEDIUM, Level.HIGH]
    recency = [DEFAULTS.recency.value_for(d, Level.LOW) for d in (0, 90, 91, 365, 366)]
    assert recency == [Level.HIGH, Level.HIGH, Level.MEDIUM, Level.MEDIUM, Level.LOW]
    assert DEFAULTS.currency == "VND"
    assert str(DEFAULTS.window) == "12mo"


def test_a_customer_without_purchases_is_a_prospect():
    s = segment(AN, [buy(1, 5_000_000, 1, customer_id="C-2")], AT)
    assert s.label is SegmentLabel.PROSPECT
    assert (s.value, s.frequency, s.recency, s.channel) == (
        Level.LOW,
        Level.LOW,
        Level.LOW,
        ChannelMix.NONE,
    )
    assert s.spend == Money(0, "VND")
    assert s.purchases == 0
    assert s.days_since_last is None
    assert s.rfm == "111"


@pytest.mark.parametrize(
    ("purchases", "label"),
    [
        ([(12_000_000, 400)], SegmentLabel.LOST),
        ([(3_000_000, d) for d in (10, 40, 70, 100, 130)], SegmentLabel.CHAMPION),
        ([(500_000, 5)], SegmentLabel.NEW),
        ([(15_000_000, 5)], SegmentLabel.NEW),
        ([(3_000_000, 200)], SegmentLabel.AT_RISK),
        ([(100_000, 150), (100_000, 200)], SegmentLabel.AT_RISK),
        ([(100_000, 150)], SegmentLabel.OCCASIONAL),
        ([(100_000, 30), (100_000, 60)], SegmentLabel.LOYAL),
        ([(10_000_000, 30), (100_000, 500)], SegmentLabel.LOYAL),
        ([(100_000, 30), (100_000, 500)], SegmentLabel.OCCASIONAL),
    ],
)
def test_labels_follow_the_table(purchases, label):
    buys = [buy(i, price, days) for i, (price, days) in enumerate(purchases)]
    assert segment(AN, buys, AT).label is label


def test_value_and_frequency_look_back_12_months_recency_all_the_way():
    buys = [buy(1, 8_000_000, 366), buy(2, 1_000_000, 364)]
    s = segment(AN, buys, AT)
    assert s.spend == Money(1_000_000, "VND")
    assert (s.purchases, s.days_since_last) == (1, 364)
    assert (s.value, s.frequency, s.recency) == (Level.LOW, Level.LOW, Level.MEDIUM)


def test_purchases_after_the_instant_are_ignored():
    s = segment(AN, [buy(1, 1_000_000, -1)], AT)
    assert s.label is SegmentLabel.PROSPECT


@pytest.mark.parametrize(
    ("channels", "mix"),
    [
        (["in_store"], ChannelMix.IN_STORE),
        (["web", "zalo_oa"], ChannelMix.ONLINE),
        (["web", "in_store"], ChannelMix.OMNICHANNEL),
    ],
)
def test_channel_mix(channels, mix):
    buys = [buy(i, 100_000, 10 + i, channel=c) for i, c in enumerate(channels)]
    assert segment(AN, buys, AT).channel is mix


def test_other_currencies_count_for_everything_but_value():
    buys = [buy(1, 5_000, 3, currency="USD"), buy(2, 100_000, 5, channel="web")]
    s = segment(AN, buys, AT)
    assert s.spend == Money(100_000, "VND")
    assert s.purchases == 2
    assert s.frequency is Level.MEDIUM
    assert s.channel is ChannelMix.OMNICHANNEL


def test_custom_rules():
    usd = SegmentRules(
        currency="USD",
        window="6mo",
        value=Bands.at_least([(0, Level.LOW), (100, Level.MEDIUM), (500, Level.HIGH)]),
    )
    buys = [buy(1, 600, 100, currency="USD"), buy(2, 600, 200, currency="USD")]
    s = segment(AN, buys, AT, rules=usd)
    assert s.spend == Money(600, "USD")
    assert s.value is Level.HIGH
    assert s.purchases == 1


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"currency": "XXY"}, ValidationError),
        ({"currency": 704}, InvalidTypeError),
        ({"window": "lifetime"}, ValidationError),
        ({"window": 12}, InvalidTypeError),
        ({"value": [(0, "low")]}, InvalidTypeError),
        ({"value": Bands.at_least([(0, "low")])}, ValidationError),
    ],
)
def test_rules_refuse_bad_settings(kwargs, error):
    with pytest.raises(error):
        SegmentRules(**kwargs)


def test_segment_refuses_bad_input():
    with pytest.raises(InvalidTypeError, match="customer"):
        segment("C-1", [], AT)
    with pytest.raises(InvalidTypeError, match="rules"):
        segment(AN, [], AT, rules={"currency": "VND"})
    with pytest.raises(InvalidTypeError, match=r"purchases\[0\]"):
        segment(AN, ["O-1"], AT)


def test_levels_compare_by_rank():
    assert Level.LOW < Level.MEDIUM <= Level.HIGH
    assert Level.HIGH > Level.LOW >= Level.LOW
    assert sorted([Level.HIGH, Level.LOW, Level.MEDIUM]) == [Level.LOW, Level.MEDIUM, Level.HIGH]
    assert Level.LOW.__lt__("x") is NotImplemented
    assert Level.LOW.__le__("x") is NotImplemented
    assert Level.LOW.__gt__("x") is NotImplemented
    assert Level.LOW.__ge__("x") is NotImplemented


purchase_lists = hs.lists(
    hs.tuples(hs.integers(0, 30_000_000), hs.integers(0, 900), hs.sampled_from(list(Channel))),
    max_size=8,
)


@given(purchase_lists, hs.integers(0, 30_000_000), hs.integers(0, 900))
def test_one_more_purchase_never_lowers_value_or_frequency(items, price, days):
    buys = [buy(i, p, d, channel=c) for i, (p, d, c) in enumerate(items)]
    before = segment(AN, buys, AT)
    after = segment(AN, [*buys, buy(99, price, days)], AT)
    assert after.value >= before.value
    assert after.frequency >= before.frequency
    assert after.recency >= before.recency
    assert after.label is not SegmentLabel.PROSPECT


@given(purchase_lists)
def test_the_scores_match_the_thresholds(items):
    buys = [buy(i, p, d, channel=c) for i, (p, d, c) in enumerate(items)]
    s = segment(AN, buys, AT)
    recent = [b for b in buys if b.purchased_at > AT.subtract(months=12)]
    assert s.purchases == len(recent)
    assert s.spend == Money.sum((b.price for b in recent), "VND")
    assert s.value is DEFAULTS.value.value_for(s.spend.amount)
    assert len(s.rfm) == 3
    assert set(s.rfm) <= {"1", "2", "3"}
