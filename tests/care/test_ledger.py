"""The loyalty ledger: append-only points, at the rate they were earned, never negative."""

from datetime import timedelta

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import CurrencyMismatchError, InvalidTypeError, Money, ValidationError
from aftersales_core.care import (
    AlreadyRecordedError,
    Benefits,
    Draw,
    Expiry,
    InsufficientPointsError,
    LoyaltyLedger,
    LoyaltyProgram,
    PointBatch,
    Redemption,
    Rerate,
    Reversal,
    Tier,
    _ledger_fold,
)
from aftersales_core.facts import Purchase
from aftersales_core.testing.care import loyalty_ledgers, loyalty_programs

TZ = "Asia/Ho_Chi_Minh"
T0 = pendulum.datetime(2026, 1, 10, 10, tz=TZ)


def vnd(amount):
    return Money(amount, "VND")


def buy(id, price, at, customer_id="C-1", currency="VND"):
    return Purchase(
        id=id,
        customer_id=customer_id,
        sku="SKU",
        product_category="electronics",
        price=Money(price, currency),
        purchased_at=at,
    )


TIERS = [
    Tier(name="member", threshold=vnd(0)),
    Tier(name="gold", threshold=vnd(20_000_000), benefits=Benefits(points_multiplier=2)),
]


def program(**kwargs):
    kwargs.setdefault("spend_per_point", vnd(10_000))
    kwargs.setdefault("tiers", TIERS)
    return LoyaltyProgram(name="Club", currency="VND", **kwargs)


def ledger(**kwargs):
    return LoyaltyLedger(program=program(**kwargs), customer_id="C-1")


# -- earning -----------------------------------------------------------------------


def test_a_purchase_earns_points_rounded_down_and_remembers_its_rate():
    book = ledger().earn(buy("O-1", 1_234_567, T0))
    (batch,) = book.entries
    assert batch.points == 123
    assert batch.spend_per_point == vnd(10_000)
    assert batch.multiplier == 1
    assert batch.spent == vnd(1_234_567)
    assert batch.expires_at == T0.add(months=12)
    assert book.balance(T0) == 123
    assert book.balance(T0.subtract(seconds=1)) == 0


def test_the_tier_before_the_purchase_sets_the_multiplier():
    book = ledger().earn(buy("O-1", 20_000_000, T0)).earn(buy("O-2", 10_000_000, T0.add(days=1)))
    first, second = book.entries
    assert (first.points, first.multiplier) == (2_000, 1)
    assert (second.points, second.multiplier) == (2_000, 2)
    assert book.tier(T0).name == "gold"


def test_points_may_be_credited_later_than_the_purchase_but_never_before():
    later = ledger().earn(buy("O-1", 100_000, T0), at=T0.add(days=7))
    assert later.entries[0].at == T0.add(days=7)
    with pytest.raises(ValidationError, match="is before the purchase"):
        ledger().earn(buy("O-1", 100_000, T0), at=T0.subtract(minutes=1))


def test_earning_refuses_bad_purchases():
    book = ledger().earn(buy("O-1", 100_000, T0))
    with pytest.raises(AlreadyRecordedError, match="already earned points"):
        book.earn(buy("O-1", 100_000, T0.add(days=1)))
    with pytest.raises(ValidationError, match="is not this ledger's customer"):
        book.earn(buy("O-2", 100_000, T0, customer_id="C-2"))
    with pytest.raises(InvalidTypeError):
        book.earn({"id": "O-3"})
    with pytest.raises(ValidationError, match="has no earning rate"):
        book.earn(buy("O-4", 100, T0.add(days=1), currency="USD"))
    assert len(book.entries) == 1


def test_commands_are_appended_in_time_order():
    book = ledger().earn(buy("O-1", 100_000, T0))
    with pytest.raises(ValidationError, match="is earlier than the last entry"):
        book.bonus(id="B-1", points=5, at=T0.subtract(seconds=1))
    assert book.bonus(id="B-1", points=5, at=T0).balance(T0) == 15


def test_spend_in_another_currency_earns_but_counts_towards_no_spend_tier():
    rules = program(spend_per_point=[vnd(10_000), Money(1, "USD")])
    book = LoyaltyLedger(program=rules, customer_id="C-1").earn(
        buy("O-1", "5000.00", T0, currency="USD")
    )
    assert book.balance(T0) == 5_000
    assert book.measure(T0) == vnd(0)
    assert book.tier(T0).name == "member"


# -- bonuses -----------------------------------------------------------------------


def test_bonus_points_expire_but_count_towards_no_tier():
    book = ledger().bonus(id="REF-1", points=200, at=T0, note="referral")
    (batch,) = book.entries
    assert batch.is_bonus
    assert batch.note == "referral"
    assert book.balance(T0) == 200
    assert book.measure(T0) == vnd(0)
    assert book.balance(T0.add(months=12)) == 0


@pytest.mark.parametrize("points", [0, -5, True, "10"])
def test_bonus_refuses_bad_points(points):
    with pytest.raises(ValidationError):
        ledger().bonus(id="B", points=points, at=T0)


def test_the_same_bonus_is_never_given_twice():
    book = ledger().bonus(id="B-1", points=1, at=T0)
    with pytest.raises(AlreadyRecordedError):
        book.bonus(id="B-1", points=1, at=T0)


# -- redemption --------------------------------------------------------------------


def test_redeeming_the_same_reward_twice_is_refused():
    book = (
        ledger()
        .earn(buy("O-1", 10_000_000, T0))
        .redeem(reward_id="V-500K", points=100, at=T0.add(days=1), note="500,000 ₫ voucher")
    )
    with pytest.raises(AlreadyRecordedError) as info:
        book.redeem(reward_id="V-500K", points=100, at=T0.add(days=2))
    assert info.value.field == "reward_id"
    assert "was already redeemed on 2026-01-11" in str(info.value)
    assert book.balance(T0.add(days=2)) == 900


def test_redemption_cannot_overdraw():
    book = ledger().earn(buy("O-1", 1_000_000, T0))
    with pytest.raises(InsufficientPointsError, match="exceeds the balance of 100 points"):
        book.redeem(reward_id="V-1", points=101, at=T0)
    for bad in (0, -1, True):
        with pytest.raises(ValidationError):
            book.redeem(reward_id="V-1", points=bad, at=T0)


def test_redemption_takes_the_soonest_expiring_points_first():
    # Earned later but expiring sooner (a short-lived promotion): spent first.
    early = PointBatch(id="A", points=100, at=T0, expires_at=T0.add(years=2))
    promo = PointBatch(id="P", points=50, at=T0.add(days=1), expires_at=T0.add(months=1))
    forever = PointBatch(id="F", points=70, at=T0.add(days=2))
    book = LoyaltyLedger(program=program(), customer_id="C-1", entries=[early, promo, forever])
    book = book.redeem(reward_id="V-1", points=120, at=T0.add(days=3))
    assert book.entries[-1].draws == (
        Draw(batch_id="P", points=50),
        Draw(batch_id="A", points=70),
    )
    book = book.redeem(reward_id="V-2", points=40, at=T0.add(days=3))
    assert book.entries[-1].draws == (
        Draw(batch_id="A", points=30),
        Draw(batch_id="F", points=10),
    )
    assert book.remaining(T0.add(days=3)) == {"F": 60}


def test_older_points_expire_first():
    book = ledger(points_expire_after="6mo")
    book = book.earn(buy("O-1", 1_000_000, T0)).earn(buy("O-2", 2_000_000, T0.add(months=2)))
    assert book.balance(T0.add(months=6).subtract(seconds=1)) == 300
    assert book.balance(T0.add(months=6)) == 200
    assert book.expiring(T0, until=T0.add(months=6)) == 100
    assert book.expiring(T0.add(months=2), until=T0.add(months=8)) == 300
    assert book.balance(T0.add(months=8)) == 0


# -- returns -----------------------------------------------------------------------


def test_a_return_reverses_points_at_the_rate_they_were_earned():
    # The ERP bug: points earned at a gold multiplier and reversed at today's member rate
    # would leave the customer 1,000 points richer for returning the goods.
    book = ledger(tier_window="1mo", tier_hold="0d")
    book = book.earn(buy("O-1", 20_000_000, T0))
    book = book.earn(buy("O-2", 10_000_000, T0.add(days=10)))
    assert book.entries[1].points == 2_000
    returned_at = T0.add(days=40)
    assert book.tier(returned_at).name == "member"
    book = book.record_return(purchase_id="O-2", returned=vnd(10_000_000), at=returned_at)
    reversal = book.entries[-1]
    assert (reversal.owed, reversal.points, reversal.shortfall) == (2_000, 2_000, 0)
    assert reversal.draws == (Draw(batch_id="O-2", points=2_000),)
    assert book.balance(returned_at) == 2_000


def test_partial_returns_keep_what_the_kept_amount_earns():
    book = ledger().earn(buy("O-1", 1_000_000, T0))
    book = book.record_return(purchase_id="O-1", returned=vnd(250_000), at=T0.add(days=1))
    assert book.entries[-1].owed == 25
    book = book.record_return(purchase_id="O-1", returned=vnd(5_001), at=T0.add(days=2))
    assert book.entries[-1].owed == 1
    book = book.record_return(purchase_id="O-1", returned=vnd(744_999), at=T0.add(days=3))
    assert book.entries[-1].owed == 74
    assert book.balance(T0.add(days=3)) == 0
    with pytest.raises(ValidationError, match="exceeds what is left"):
        book.record_return(purchase_id="O-1", returned=vnd(1), at=T0.add(days=4))


def test_a_return_after_the_points_were_spent_never_makes_the_balance_negative():
    book = ledger().earn(buy("O-1", 10_000_000, T0)).bonus(id="B-1", points=50, at=T0)
    book = book.redeem(reward_id="V-1", points=1_000, at=T0.add(days=1))
    book = book.record_return(purchase_id="O-1", returned=vnd(10_000_000), at=T0.add(days=2))
    reversal = book.entries[-1]
    assert (reversal.owed, reversal.points, reversal.shortfall) == (1_000, 50, 950)
    assert reversal.delta == -50
    assert book.balance(T0.add(days=2)) == 0


def test_a_return_takes_from_its_own_batch_first():
    book = ledger().earn(buy("O-1", 1_000_000, T0)).earn(buy("O-2", 1_000_000, T0.add(days=1)))
    book = book.record_return(purchase_id="O-2", returned=vnd(500_000), at=T0.add(days=2))
    assert book.entries[-1].draws == (Draw(batch_id="O-2", points=50),)


def test_returns_refuse_bad_input():
    book = ledger().earn(buy("O-1", 1_000_000, T0)).bonus(id="B-1", points=5, at=T0)
    at = T0.add(days=1)
    with pytest.raises(ValidationError, match="earned no points"):
        book.record_return(purchase_id="O-9", returned=vnd(1), at=at)
    with pytest.raises(ValidationError, match="earned no points"):
        book.record_return(purchase_id="B-1", returned=vnd(1), at=at)
    with pytest.raises(ValidationError, match="above zero"):
        book.record_return(purchase_id="O-1", returned=vnd(0), at=at)
    with pytest.raises(ValidationError, match="above zero"):
        book.record_return(purchase_id="O-1", returned=100, at=at)
    with pytest.raises(CurrencyMismatchError):
        book.record_return(purchase_id="O-1", returned=Money(1, "USD"), at=at)


# -- tiers -------------------------------------------------------------------------


def test_tier_upgrades_at_once_and_downgrades_only_after_the_hold():
    book = ledger().earn(buy("O-1", 20_000_000, T0))
    assert book.tier(T0.subtract(seconds=1)).name == "member"
    tiers = [book.tier(T0.add(months=m)).name for m in (0, 11, 12, 23)]
    assert tiers == ["gold"] * 4
    assert book.tier(T0.add(months=24)).name == "member"


def test_no_hold_means_the_rolling_measure_alone_decides():
    book = ledger(tier_hold="0d").earn(buy("O-1", 20_000_000, T0))
    assert book.tier(T0.add(months=12).subtract(seconds=1)).name == "gold"
    assert book.tier(T0.add(months=12)).name == "member"


def test_buying_a_tier_and_returning_the_goods_does_not_hold_it():
    book = ledger().earn(buy("O-1", 20_000_000, T0))
    returned_at = T0.add(days=1)
    book = book.record_return(purchase_id="O-1", returned=vnd(1), at=returned_at)
    assert book.tier(T0).name == "gold"  # as known then
    assert book.tier(returned_at).name == "member"
    assert book.measure(T0, known_at=returned_at) == vnd(19_999_999)
    assert book.measure(T0) == vnd(20_000_000)


def test_points_based_tiers_count_net_points_of_purchases():
    rules = program(
        tier_basis="points",
        tiers=[Tier(name="member", threshold=0), Tier(name="gold", threshold=1_000)],
    )
    book = LoyaltyLedger(program=rules, customer_id="C-1").earn(buy("O-1", 10_000_000, T0))
    book = book.bonus(id="B-1", points=5_000, at=T0)
    assert book.measure(T0) == 1_000
    assert book.tier(T0).name == "gold"
    book = book.record_return(purchase_id="O-1", returned=vnd(10_000), at=T0.add(days=1))
    assert book.measure(T0.add(days=1)) == 999


# -- statements and replays --------------------------------------------------------


def test_the_statement_derives_expiries_and_sums_to_the_balance():
    book = ledger(points_expire_after="1mo").earn(buy("O-1", 1_000_000, T0))
    book = book.redeem(reward_id="V-1", points=30, at=T0.add(days=1))
    expiry_at = T0.add(months=1)
    lines = book.statement(expiry_at)
    assert [type(line) for line in lines] == [PointBatch, Redemption, Expiry]
    assert lines[-1] == Expiry(batch_id="O-1", points=70, at=expiry_at)
    assert sum(line.delta for line in lines) == book.balance(expiry_at) == 0
    assert len(book.statement(T0)) == 1


def test_an_expiry_comes_before_an_entry_of_the_same_instant():
    book = ledger(points_expire_after="1mo").bonus(id="B-1", points=10, at=T0)
    book = book.bonus(id="B-2", points=10, at=T0.add(months=1))
    assert [type(x).__name__ for x in book.statement(T0.add(months=1))] == [
        "PointBatch",
        "Expiry",
        "PointBatch",
    ]


def test_a_fully_spent_batch_has_no_expiry_line():
    book = ledger(points_expire_after="1mo").bonus(id="B-1", points=10, at=T0)
    book = book.redeem(reward_id="V", points=10, at=T0)
    assert [type(x).__name__ for x in book.statement(T0.add(months=2))] == [
        "PointBatch",
        "Redemption",
    ]


def _batch(id, points=10, at=T0, **kw):
    return PointBatch(id=id, points=points, at=at, **kw)


@pytest.mark.parametrize(
    ("entries", "match"),
    [
        (["not an entry"], "must be a ledger entry"),
        ([_batch("A", at=T0.add(days=1)), _batch("B")], "is earlier than the entry before it"),
        ([_batch("A"), _batch("A")], "is repeated"),
        (
            [_batch("A"), Redemption(reward_id="R", at=T0, draws=[Draw(batch_id="A", points=1)])]
            * 1
            + [Redemption(reward_id="R", at=T0, draws=[Draw(batch_id="A", points=1)])],
            "is repeated",
        ),
        ([Reversal(purchase_id="A", returned=vnd(1), at=T0, owed=0)], "earned no points"),
        (
            [
                _batch("A", spent=vnd(100), spend_per_point=vnd(10)),
                Reversal(purchase_id="A", returned=vnd(101), at=T0, owed=0),
            ],
            "exceeds the purchase",
        ),
        (
            [Redemption(reward_id="R", at=T0, draws=[Draw(batch_id="Z", points=1)])],
            "did not hold",
        ),
        (
            [_batch("A"), Redemption(reward_id="R", at=T0, draws=[Draw(batch_id="A", points=11)])],
            "did not hold",
        ),
        (
            [
                _batch("A", expires_at=T0.add(days=1)),
                Redemption(reward_id="R", at=T0.add(days=1), draws=[Draw(batch_id="A", points=1)]),
            ],
            "did not hold",
        ),
    ],
)
def test_a_history_the_commands_could_not_write_is_refused(entries, match):
    with pytest.raises(ValidationError, match=match):
        LoyaltyLedger(program=program(), customer_id="C-1", entries=entries)


def test_a_ledger_refuses_a_bad_programme_or_entries():
    with pytest.raises(InvalidTypeError):
        LoyaltyLedger(program="club", customer_id="C-1")
    with pytest.raises(ValidationError, match="must be a list of entries"):
        LoyaltyLedger(program=program(), customer_id="C-1", entries=5)


# -- entries -----------------------------------------------------------------------


def test_entries_refuse_inconsistent_values():
    with pytest.raises(ValidationError, match="must be after the batch was earned"):
        _batch("A", expires_at=T0)
    with pytest.raises(ValidationError, match="given together"):
        _batch("A", spent=vnd(100))
    with pytest.raises(ValidationError, match="currency of the purchase"):
        _batch("A", spent=vnd(100), spend_per_point=Money(1, "USD"))
    with pytest.raises(ValidationError, match="must not be zero"):
        _batch("A", spent=vnd(100), spend_per_point=vnd(0))
    with pytest.raises(ValidationError, match="more than zero"):
        Draw(batch_id="A", points=0)
    with pytest.raises(ValidationError, match="must take some points"):
        Redemption(reward_id="R", at=T0, draws=[])
    with pytest.raises(ValidationError, match="must be a Draw"):
        Redemption(reward_id="R", at=T0, draws=[("A", 1)])
    with pytest.raises(ValidationError, match="must be a list"):
        Redemption(reward_id="R", at=T0, draws="A")
    with pytest.raises(ValidationError, match="take more than the 1 owed"):
        Reversal(
            purchase_id="A", returned=vnd(1), at=T0, owed=1, draws=[Draw(batch_id="A", points=2)]
        )


def test_a_bonus_batch_keeps_its_points_whatever_is_kept():
    assert _batch("B", points=7).points_on(vnd(0)) == 7


# -- properties --------------------------------------------------------------------


def _instants(book):
    out = {pendulum.datetime(2035, 1, 1, tz="UTC")}
    for entry in book.entries:
        out |= {entry.at, entry.at - timedelta(microseconds=1)}
        if isinstance(entry, PointBatch) and entry.expires_at is not None:
            out |= {entry.expires_at, entry.expires_at - timedelta(microseconds=1)}
    return sorted(out)


@given(loyalty_ledgers(min_commands=1))
def test_the_balance_is_the_sum_of_the_statement_and_never_negative(book):
    for at in _instants(book):
        balance = book.balance(at)
        assert balance == sum(line.delta for line in book.statement(at))
        assert balance >= 0
        assert all(points > 0 for points in book.remaining(at).values())


@given(hs.data())
def test_without_expiry_the_balance_is_the_sum_of_the_entries(data):
    rules = attrs.evolve(data.draw(loyalty_programs()), points_expire_after=None)
    book = data.draw(loyalty_ledgers(program=rules, min_commands=1))
    far = pendulum.datetime(2040, 1, 1, tz="UTC")
    assert book.balance(far) == sum(entry.delta for entry in book.entries) >= 0


@given(loyalty_ledgers(min_commands=1))
def test_a_replayed_history_is_the_same_ledger(book):
    assert (
        LoyaltyLedger(program=book.program, customer_id="C-1", entries=list(book.entries)) == book
    )


@given(loyalty_ledgers(min_commands=1))
def test_returning_goods_never_gains_points(book):
    for batch in book.entries:
        if not isinstance(batch, PointBatch) or batch.spent is None:
            continue
        reversals = [
            e for e in book.entries if isinstance(e, Reversal) and e.purchase_id == batch.id
        ]
        owed, _ = _taken(book, batch)  # returned goods and re-rates alike
        returned = Money.sum((r.returned for r in reversals), batch.spent.currency)
        assert 0 <= owed <= batch.points
        if returned == batch.spent:
            assert owed == batch.points


@given(loyalty_ledgers(min_commands=1), hs.integers(0, 800))
def test_the_tier_is_never_below_what_the_rolling_measure_reaches(book, days):
    at = pendulum.datetime(2026, 1, 1, tz=TZ).add(days=days)
    ranks = book.program.tiers.index
    assert ranks(book.tier(at)) >= ranks(book.program.tier_for(book.measure(at)))


@given(loyalty_programs(max_tiers=1))
def test_an_empty_ledger_has_nothing(rules):
    book = LoyaltyLedger(program=rules, customer_id="C-1")
    assert book.balance(T0) == 0
    assert book.statement(T0) == ()
    assert book.tier(T0) is rules.tiers[0]


# -- lifetime windows count all history; lifetime holds never downgrade ----------------

from hypothesis import example  # noqa: E402

from aftersales_core import Term  # noqa: E402


def test_a_lifetime_window_counts_all_history():
    # "lifetime" used to be read as a window of zero length.
    book = ledger(tier_window="lifetime").earn(buy("O-1", 21_000_000, T0))
    assert book.program.tier_window == Term.lifetime()
    assert book.measure(T0.add(days=1)) == vnd(21_000_000)
    assert book.tier(T0.add(days=1)).name == "gold"
    # Purchases years apart add up: no lower bound.
    book = ledger(tier_window="lifetime", tier_hold="0d")
    book = book.earn(buy("O-1", 12_000_000, T0)).earn(buy("O-2", 8_000_000, T0.add(years=5)))
    assert book.tier(T0.add(years=5).subtract(seconds=1)).name == "member"
    assert book.measure(T0.add(years=5)) == vnd(20_000_000)
    assert book.tier(T0.add(years=5)).name == "gold"
    assert book.tier(T0.add(years=50)).name == "gold"


def test_a_lifetime_hold_never_downgrades():
    book = ledger(tier_hold="lifetime").earn(buy("O-1", 20_000_000, T0))
    assert book.program.tier_hold.is_lifetime
    assert book.tier(T0.subtract(seconds=1)).name == "member"
    assert [book.tier(T0.add(years=y)).name for y in (0, 1, 2, 30)] == ["gold"] * 4
    assert book.measure(T0.add(years=2)) == vnd(0)  # the window is still 12 months


def test_a_lifetime_hold_does_not_keep_a_tier_bought_and_returned():
    book = ledger(tier_hold="lifetime").earn(buy("O-1", 20_000_000, T0))
    book = book.record_return(purchase_id="O-1", returned=vnd(1), at=T0.add(days=3))
    assert book.tier(T0.add(days=1)).name == "gold"  # as known then
    assert book.tier(T0.add(years=3)).name == "member"


def test_points_tiers_with_a_lifetime_window():
    rules = program(
        tier_basis="points",
        tiers=[Tier(name="member", threshold=0), Tier(name="gold", threshold=1_000)],
        tier_window="lifetime",
        tier_hold="0d",
    )
    book = LoyaltyLedger(program=rules, customer_id="C-1").earn(buy("O-1", 6_000_000, T0))
    book = book.earn(buy("O-2", 4_000_000, T0.add(years=3)))
    assert book.measure(T0.add(years=3)) == 1_000
    assert book.tier(T0.add(years=3)).name == "gold"


def _gold_from_one_purchase(**terms):
    rules = LoyaltyProgram(
        name="P",
        currency="VND",
        spend_per_point=[vnd(10_000)],
        tiers=[Tier(name="member", threshold=vnd(0)), Tier(name="gold", threshold=vnd(5_000_000))],
        **terms,
    )
    at = pendulum.datetime(2026, 3, 1, 10, tz=TZ)
    return LoyaltyLedger(program=rules, customer_id="C-1").earn(buy("O", 6_000_000, at))


def _ledgers_with(**terms):
    programs = loyalty_programs().map(lambda rules: attrs.evolve(rules, **terms))
    return programs.flatmap(
        lambda rules: loyalty_ledgers(program=rules, min_commands=1, max_commands=8)
    )


def test_one_purchase_over_the_threshold_reaches_gold_with_a_lifetime_window():
    book = _gold_from_one_purchase(tier_window="lifetime")
    at = pendulum.datetime(2026, 3, 2, 10, tz=TZ)
    assert (book.tier(at).name, book.measure(at)) == ("gold", vnd(6_000_000))


@given(_ledgers_with(tier_window=Term.lifetime()), hs.integers(0, 900))
@example(_gold_from_one_purchase(tier_window="lifetime"), 60)
def test_a_lifetime_window_has_no_lower_bound(book, days):
    at = pendulum.datetime(2026, 1, 1, tz=TZ).add(days=days)
    # Net spend (or points) of every purchase up to `at`: the same as with a window longer
    # than the whole history.
    century = attrs.evolve(book, program=attrs.evolve(book.program, tier_window=Term(years=100)))
    assert book.measure(at) == century.measure(at)
    assert book.tier(at) == century.tier(at)


@given(_ledgers_with(tier_hold=Term.lifetime()), hs.integers(0, 900), hs.integers(0, 900))
@example(_gold_from_one_purchase(tier_hold="lifetime"), 0, 900)
def test_a_lifetime_hold_never_drops_below_a_tier_once_reached(book, a, b):
    start = pendulum.datetime(2026, 1, 1, tz=TZ)
    early, late = sorted((start.add(days=a), start.add(days=b)))
    ranks = book.program.tiers.index
    # Whatever the measure reached at any earlier instant (returns known now) is kept.
    reached = book.program.tier_for(book.measure(early, known_at=late))
    assert ranks(book.tier(late)) >= ranks(reached)


# -- a return that drops the tier re-rates what was earned in it --------------------------


def _gold_at_5m():
    rules = LoyaltyProgram(
        name="P",
        currency="VND",
        spend_per_point=[vnd(10_000)],
        tiers=[
            Tier(name="member", threshold=vnd(0)),
            Tier(
                name="gold",
                threshold=vnd(5_000_000),
                benefits=Benefits(points_multiplier=2),
            ),
        ],
    )
    return LoyaltyLedger(program=rules, customer_id="C-1")


def _gold_lost_by_a_return():
    book = (
        _gold_at_5m().earn(buy("BIG", 5_000_000, T0)).earn(buy("REAL", 1_000_000, T0.add(days=1)))
    )
    return book.record_return(purchase_id="BIG", returned=vnd(5_000_000), at=T0.add(days=2))


def test_returning_the_purchase_that_reached_a_tier_re_rates_what_was_earned_in_it():
    book = _gold_lost_by_a_return()
    at = T0.add(days=3)
    assert book.tier(at).name == "member"
    # REAL earned 200 points at gold x2; at the member rate it earns 100.
    assert book.balance(at) == 100
    reversal = book.entries[-1]
    assert reversal.rerates == (Rerate(batch_id="REAL", multiplier=1, owed=100),)
    assert (reversal.owed, reversal.rerated, reversal.shortfall) == (600, 100, 0)
    assert reversal.draws == (Draw(batch_id="BIG", points=500), Draw(batch_id="REAL", points=100))
    # A later return of REAL takes back what is left of it, at the member rate it now stands at.
    book = book.record_return(purchase_id="REAL", returned=vnd(250_000), at=T0.add(days=4))
    assert (book.entries[-1].owed, book.balance(T0.add(days=4))) == (25, 75)


def test_a_return_that_keeps_the_tier_re_rates_nothing():
    book = (
        _gold_at_5m().earn(buy("BIG", 6_000_000, T0)).earn(buy("REAL", 1_000_000, T0.add(days=1)))
    )
    book = book.record_return(purchase_id="BIG", returned=vnd(1_000_000), at=T0.add(days=2))
    assert book.entries[-1].rerates == ()
    assert book.balance(T0.add(days=2)) == 500 + 200


def test_a_re_rate_the_balance_cannot_pay_is_a_shortfall():
    book = (
        _gold_at_5m().earn(buy("BIG", 5_000_000, T0)).earn(buy("REAL", 1_000_000, T0.add(days=1)))
    )
    book = book.redeem(reward_id="V", points=650, at=T0.add(days=1))
    book = book.record_return(purchase_id="BIG", returned=vnd(5_000_000), at=T0.add(days=2))
    reversal = book.entries[-1]
    assert (reversal.owed, reversal.points, reversal.shortfall) == (600, 50, 550)
    assert book.balance(T0.add(days=2)) == 0


def test_a_partly_returned_batch_is_re_rated_on_what_it_kept():
    book = (
        _gold_at_5m().earn(buy("BIG", 5_000_000, T0)).earn(buy("REAL", 1_000_000, T0.add(days=1)))
    )
    book = book.record_return(purchase_id="REAL", returned=vnd(250_000), at=T0.add(days=2))
    assert book.entries[-1].owed == 50  # at gold x2
    book = book.record_return(purchase_id="BIG", returned=vnd(5_000_000), at=T0.add(days=3))
    # REAL kept 750,000: 75 points at the member rate, 150 left at gold: 75 re-rated.
    assert book.entries[-1].rerates == (Rerate(batch_id="REAL", multiplier=1, owed=75),)
    assert book.balance(T0.add(days=3)) == 75
    fully = _gold_at_5m().earn(buy("BIG", 5_000_000, T0))
    fully = fully.earn(buy("REAL", 1_000_000, T0.add(days=1)))
    fully = fully.record_return(purchase_id="REAL", returned=vnd(1_000_000), at=T0.add(days=2))
    fully = fully.record_return(purchase_id="BIG", returned=vnd(1), at=T0.add(days=3))
    assert fully.entries[-1].rerates == ()  # nothing kept, nothing to re-rate


def test_points_tiers_re_rate_in_cascade():
    rules = program(
        tier_basis="points",
        tiers=[
            Tier(name="member", threshold=0),
            Tier(name="gold", threshold=500, benefits=Benefits(points_multiplier=2)),
        ],
    )
    book = LoyaltyLedger(program=rules, customer_id="C-1")
    book = book.earn(buy("A", 5_000_000, T0))  # 500 points: gold
    book = book.earn(buy("B", 1_000_000, T0.add(days=1)))  # 200 points at x2
    book = book.earn(buy("C", 1_000_000, T0.add(days=2)))  # 200 points at x2
    book = book.record_return(purchase_id="A", returned=vnd(5_000_000), at=T0.add(days=3))
    # Without A, B earns at x1 (100 points < 500) and so does C.
    assert [r.owed for r in book.entries[-1].rerates] == [100, 100]
    assert book.balance(T0.add(days=3)) == 200
    assert book.measure(T0.add(days=3)) == 200


def test_a_replayed_history_checks_its_re_rates():
    good = _gold_lost_by_a_return()
    assert LoyaltyLedger(program=good.program, customer_id="C-1", entries=good.entries) == good
    reversal = good.entries[-1]
    stray = attrs.evolve(reversal, rerates=[Rerate(batch_id="NOPE", multiplier=1, owed=0)])
    with pytest.raises(ValidationError, match="re-rates no purchase"):
        LoyaltyLedger(program=good.program, customer_id="C-1", entries=(*good.entries[:2], stray))


def test_re_rates_refuse_inconsistent_values():
    at = T0
    with pytest.raises(ValidationError, match="more than the 5 owed"):
        Reversal(
            purchase_id="A",
            returned=vnd(1),
            at=at,
            owed=5,
            rerates=[Rerate(batch_id="B", multiplier=1, owed=6)],
        )
    with pytest.raises(ValidationError, match="its own purchase"):
        Reversal(
            purchase_id="A",
            returned=vnd(1),
            at=at,
            owed=5,
            rerates=[Rerate(batch_id="A", multiplier=1, owed=1)],
        )
    with pytest.raises(ValidationError, match="is repeated"):
        Reversal(
            purchase_id="A",
            returned=vnd(1),
            at=at,
            owed=5,
            rerates=[Rerate(batch_id="B", multiplier=1, owed=1)] * 2,
        )
    with pytest.raises(ValidationError, match="must be a Rerate"):
        Reversal(purchase_id="A", returned=vnd(1), at=at, owed=5, rerates=[("B", 1, 1)])
    with pytest.raises(ValidationError, match="must be a list"):
        Reversal(purchase_id="A", returned=vnd(1), at=at, owed=5, rerates="B")
    with pytest.raises(ValidationError):
        Rerate(batch_id="B", multiplier=-1, owed=1)


def _taken(book, batch):
    own = sum(
        r.owed - r.rerated
        for r in book.entries
        if isinstance(r, Reversal) and r.purchase_id == batch.id
    )
    rerated = [
        rr
        for r in book.entries
        if isinstance(r, Reversal)
        for rr in r.rerates
        if rr.batch_id == batch.id
    ]
    return own + sum(rr.owed for rr in rerated), (rerated[-1].multiplier if rerated else None)


@hs.composite
def tier_dropping_ledgers(draw):
    """Ledgers of purchases around tier thresholds, and returns that may drop the tier."""
    points = draw(hs.booleans())
    levels = (0, 300, 600) if points else (vnd(0), vnd(3_000_000), vnd(6_000_000))
    rules = program(
        tier_basis="points" if points else "spend",
        tiers=[
            Tier(name=f"t{i}", threshold=level, benefits=Benefits(points_multiplier=m))
            for i, (level, m) in enumerate(zip(levels, ("1", "1.5", "2"), strict=True))
        ],
        tier_window=draw(hs.sampled_from(["1mo", "12mo", "lifetime"])),
        tier_hold=draw(hs.sampled_from(["0d", "1mo", "lifetime"])),
    )
    book = LoyaltyLedger(program=rules, customer_id="C-1")
    at = T0
    for n in range(draw(hs.integers(2, 10))):
        at = at.add(days=draw(hs.integers(0, 10)))
        kind = draw(hs.sampled_from(["earn", "earn", "return", "return", "redeem"]))
        if kind == "redeem" and book.balance(at):
            book = book.redeem(
                reward_id=f"R-{n}", points=draw(hs.integers(1, book.balance(at))), at=at
            )
            continue
        kept = {}
        for e in book.entries:
            if isinstance(e, PointBatch):
                kept[e.id] = e.spent
            elif isinstance(e, Reversal):
                kept[e.purchase_id] -= e.returned
        options = sorted(k for k, v in kept.items() if v.amount)
        if kind == "return" and options:
            target = draw(hs.sampled_from(options))
            units = draw(hs.integers(1, kept[target].units))
            book = book.record_return(purchase_id=target, returned=vnd(units), at=at)
        else:
            price = draw(hs.sampled_from([250_000, 1_000_000, 2_000_000, 3_000_000, 6_000_000]))
            book = book.earn(buy(f"O-{n}", price, at))
    return book


@given(tier_dropping_ledgers())
@example(_gold_lost_by_a_return())
def test_no_batch_keeps_points_of_a_tier_the_returns_took_away(book):
    _check_every_batch_stands_at_the_tier_known_now(book)


@given(loyalty_ledgers(min_commands=1))
def test_no_batch_of_any_ledger_keeps_points_of_a_lost_tier(book):
    _check_every_batch_stands_at_the_tier_known_now(book)


def _check_every_batch_stands_at_the_tier_known_now(book):
    far = pendulum.datetime(2040, 1, 1, tz="UTC")
    entries = book.entries
    for i, batch in enumerate(entries):
        if not isinstance(batch, PointBatch) or batch.spent is None:
            continue
        returned = Money.sum(
            (r.returned for r in entries if isinstance(r, Reversal) and r.purchase_id == batch.id),
            batch.spent.currency,
        )
        kept = batch.spent - returned
        if not kept.amount:
            continue
        taken, rerated_to = _taken(book, batch)
        effective = batch.multiplier if rerated_to is None else rerated_to
        # The tier at the batch's instant, before it, as every return known now leaves it.
        history = (*entries[:i], *(e for e in entries[i:] if isinstance(e, Reversal)))
        tier = _ledger_fold.tier(book.program, history, batch.at, far)
        assert effective == min(batch.multiplier, tier.benefits.points_multiplier)
        # What the batch keeps is what its kept amount earns at that multiplier.
        assert batch.points - taken == batch.points_on(kept, multiplier=effective)
