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
    Reversal,
    Tier,
)
from aftersales_core.claims import Purchase
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
        owed = sum(r.owed for r in reversals)
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
