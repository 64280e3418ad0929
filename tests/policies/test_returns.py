from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from aftersales_core import (
    CurrencyMismatchError,
    InvalidTypeError,
    Money,
    NaiveDatetimeError,
    ValidationError,
)
from aftersales_core.calendar import BusinessCalendar
from aftersales_core.facts import Claim, Customer, Purchase
from aftersales_core.policies import Anchor, Outcome, ReturnWindowPolicy
from aftersales_core.testing.calendars import business_calendars
from aftersales_core.testing.policies import claims, return_window_policies

VN = "Asia/Ho_Chi_Minh"
BOUGHT = pendulum.datetime(2026, 2, 27, 20, tz=VN)
DELIVERED = pendulum.datetime(2026, 3, 6, 15, tz=VN)  # a Friday
SHOES = Purchase(
    id="O-9",
    customer_id="C-1",
    sku="SHOE-42",
    product_category="shoes",
    price=Money(790_000, "VND"),
    purchased_at=BOUGHT,
    delivered_at=DELIVERED,
)
WEEKDAY = ["08:00-12:00", "13:00-17:30"]
SHOP = BusinessCalendar(
    timezone=VN,
    weekly={
        "mon": WEEKDAY,
        "tue": WEEKDAY,
        "wed": WEEKDAY,
        "thu": WEEKDAY,
        "fri": WEEKDAY,
        "sat": ["08:00-12:00"],
    },
)


def claim(at, kind="return", purchase=SHOES, **extra):
    return Claim(id="R", kind=kind, purchase=purchase, opened_at=at, **extra)


def test_seven_day_returns_end_at_the_end_of_the_last_day_shop_time():
    policy = ReturnWindowPolicy(days=7)
    end = policy.window_end(SHOES)
    assert end == pendulum.datetime(2026, 3, 14, tz=VN)
    assert policy.is_within(SHOES, end.subtract(microseconds=1))
    assert not policy.is_within(SHOES, end)
    inside = policy.decide(claim(end.subtract(microseconds=1)))
    assert inside.outcome is Outcome.APPROVED
    assert inside.amount == Money(790_000, "VND")
    assert inside.fee is None
    assert inside.codes == ("return.within_window",)
    late = policy.decide(claim(end))
    assert (late.outcome, late.clause, late.codes) == (
        Outcome.DENIED,
        "window",
        ("return.window_closed",),
    )
    assert late.reasons[0].params["closed_at"] == end


def test_the_window_counts_from_the_purchase_when_told_or_undelivered():
    assert ReturnWindowPolicy(days=7, start="purchase").window_end(SHOES) == pendulum.datetime(
        2026, 3, 7, tz=VN
    )
    undelivered = Purchase(
        id="O",
        customer_id="C",
        sku="S",
        product_category="x",
        price=Money(1, "VND"),
        purchased_at=BOUGHT,
    )
    assert ReturnWindowPolicy(days=0).window_end(undelivered) == pendulum.datetime(
        2026, 2, 28, tz=VN
    )


def test_days_end_in_the_shops_time_zone():
    utc_delivery = Purchase(
        id="O",
        customer_id="C",
        sku="S",
        product_category="x",
        price=Money(1, "VND"),
        purchased_at=pendulum.datetime(2026, 3, 1, 18, tz="UTC"),  # 2 March 01:00 in Vietnam
    )
    assert ReturnWindowPolicy(days=1).window_end(utc_delivery) == pendulum.datetime(
        2026, 3, 3, tz="UTC"
    )
    assert ReturnWindowPolicy(days=1, timezone=VN).window_end(utc_delivery) == pendulum.datetime(
        2026, 3, 4, tz=VN
    )
    assert ReturnWindowPolicy(days=1, calendar=SHOP).window_end(utc_delivery) == pendulum.datetime(
        2026, 3, 4, tz=VN
    )


def test_business_days_skip_closed_days_and_holidays():
    business = ReturnWindowPolicy(days=7, calendar=SHOP)
    # Sat 7, Mon 9 ... Fri 13, Sat 14: the seventh open day after Friday 6 March
    assert business.window_end(SHOES) == pendulum.datetime(2026, 3, 15, tz=VN)
    holiday = SHOP.__class__(timezone=VN, weekly=dict(SHOP.weekly), holidays=[date(2026, 3, 10)])
    longer = ReturnWindowPolicy(days=7, calendar=holiday)
    assert longer.window_end(SHOES) == pendulum.datetime(2026, 3, 17, tz=VN)
    late = longer.decide(claim(pendulum.datetime(2026, 3, 17, 9, tz=VN)))
    assert "7 business days" in late.reasons[0].message
    assert late.reasons[0].params["business_days"] is True


def test_conditions_and_final_sale_are_all_listed():
    strict = ReturnWindowPolicy(
        days=7,
        require_unopened=True,
        require_receipt=True,
        require_undamaged=True,
        final_sale_categories={"shoes"},
    )
    d = strict.decide(claim(DELIVERED.add(days=1), opened=True, has_receipt=False, damaged=True))
    assert d.clause == "final_sale"
    assert d.codes == ("return.final_sale", "return.opened", "return.no_receipt", "return.damaged")
    fine = ReturnWindowPolicy(days=7, require_unopened=True, require_receipt=True)
    assert fine.decide(claim(DELIVERED.add(days=1))).granted


def test_exchanges_and_exchange_only_mode():
    swap = ReturnWindowPolicy(days=7, exchange_only=True, restocking_fee=Decimal("0.2"))
    exchange = swap.decide(claim(DELIVERED.add(days=1), kind="exchange"))
    assert exchange.outcome is Outcome.APPROVED
    assert exchange.amount is None
    assert exchange.fee is None
    ret = swap.decide(claim(DELIVERED.add(days=1)))
    assert ret.outcome is Outcome.PARTIAL
    assert ret.clause == "exchange_only"
    assert ret.codes == ("return.within_window", "return.exchange_only")
    assert ret.amount is None


def test_restocking_fees_as_ratio_or_money():
    ratio = ReturnWindowPolicy(days=7, restocking_fee=Decimal("0.1"))
    d = ratio.decide(claim(DELIVERED.add(days=1)))
    assert (d.amount, d.fee) == (Money(711_000, "VND"), Money(79_000, "VND"))
    assert d.reasons[1].params["rounding"] == "ROUND_HALF_UP"
    fixed = ReturnWindowPolicy(days=7, restocking_fee=Money(50_000, "VND"))
    assert fixed.decide(claim(DELIVERED.add(days=1))).amount == Money(740_000, "VND")
    huge = ReturnWindowPolicy(days=7, restocking_fee=Money(1_000_000, "VND"))
    assert huge.decide(claim(DELIVERED.add(days=1))).amount == Money(0, "VND")
    down = ReturnWindowPolicy(days=7, restocking_fee="0.155", rounding="ROUND_DOWN")
    assert down.restocking_fee_for(Money("9.99", "USD")) == Money("1.54", "USD")


def test_a_fee_in_another_currency_than_the_price_is_refused():
    dollars = ReturnWindowPolicy(days=7, restocking_fee=Money(5, "USD"))
    with pytest.raises(CurrencyMismatchError):
        dollars.decide(claim(DELIVERED.add(days=1)))


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"days": -1}, ValidationError, "days"),
        ({"days": 7.0}, InvalidTypeError, "days"),
        ({"days": 7, "restocking_fee": Decimal("1.5")}, ValidationError, "restocking_fee"),
        ({"days": 7, "restocking_fee": 0.1}, InvalidTypeError, "restocking_fee"),
        ({"days": 7, "restocking_fee": Money(-1, "VND")}, ValidationError, "restocking_fee"),
        ({"days": 7, "timezone": "Mars/Olympus"}, ValidationError, "timezone"),
        ({"days": 7, "timezone": 7}, ValidationError, "timezone"),
        ({"days": 7, "calendar": "24/7"}, InvalidTypeError, "calendar"),
        ({"days": 7, "rounding": "ROUND_NICELY"}, ValidationError, "rounding"),
        ({"days": 7, "exchange_only": "yes"}, InvalidTypeError, "exchange_only"),
        ({"days": 7, "start": "whenever"}, ValidationError, "start"),
    ],
)
def test_bad_windows_are_refused(kwargs, error, field):
    with pytest.raises(error) as info:
        ReturnWindowPolicy(**kwargs)
    assert info.value.field == field


def test_bad_queries_are_refused():
    policy = ReturnWindowPolicy(days=7)
    with pytest.raises(ValidationError, match="days"):
        policy.window_end(SHOES, days=-2)
    with pytest.raises(NaiveDatetimeError):
        policy.is_within(SHOES, pendulum.naive(2026, 3, 8))


class GoldReturns(ReturnWindowPolicy):
    kind = "acme.gold_returns"

    def window_days(self, claim):
        gold = claim.customer is not None and claim.customer.tier == "gold"
        return 30 if gold else self.days


def test_a_subclass_overriding_one_hook_works_like_the_built_in():
    gold = Customer(id="C-1", name="An", tier="gold")
    policy = GoldReturns(days=7)
    at = DELIVERED.add(days=20)
    assert policy.decide(claim(at, customer=gold)).granted
    denied = policy.decide(claim(at))
    assert denied.codes == ("return.window_closed",)
    assert "7 days" in denied.reasons[0].message
    assert policy == GoldReturns(days=7) != ReturnWindowPolicy(days=7)
    assert len({policy, GoldReturns(days=7)}) == 1


def test_describe_in_both_languages():
    policy = ReturnWindowPolicy(
        days=7,
        calendar=SHOP,
        require_unopened=True,
        require_receipt=True,
        require_undamaged=True,
        final_sale_categories={"gift_card"},
        restocking_fee=Decimal("0.1"),
    )
    assert policy.describe("vi").splitlines()[2:] == [
        "- Đổi trả trong 7 ngày làm việc kể từ ngày giao hàng.",
        "- Điều kiện: còn nguyên seal, có hóa đơn, không hư hỏng.",
        "- Không áp dụng cho: gift_card.",
        "- Phí nhập kho lại: 10% giá trị.",
    ]
    assert policy.describe("en").splitlines()[2:] == [
        "- Returns and exchanges within 7 business days of the delivery.",
        "- Conditions: unopened, a receipt, undamaged.",
        "- Final sale: gift_card.",
        "- Restocking fee: 10% of the price.",
    ]
    swap = ReturnWindowPolicy(
        name="Tiki",
        days=1,
        start="purchase",
        exchange_only=True,
        restocking_fee=Money(20_000, "VND"),
    )
    assert swap.describe("en") == (
        "### Returns and exchanges: Tiki\n\n"
        "- Exchanges only within 1 day of the purchase.\n"
        "- Restocking fee: ₫20,000.\n"
    )
    assert swap.describe("vi").splitlines()[2] == "- Chỉ đổi hàng trong 1 ngày kể từ ngày mua."


@given(return_window_policies(), claims(), hs.integers(0, 60))
def test_widening_a_window_never_turns_an_approval_into_a_denial(policy, c, extra):
    wider = policy.__class__(**{**_fields(policy), "days": policy.days + extra})
    before, after = policy.decide(c), wider.decide(c)
    if before.granted:
        assert after.granted
    assert policy.window_end(c.purchase) <= wider.window_end(c.purchase)


@settings(max_examples=30)
@given(
    business_calendars(max_overrides=2),
    hs.integers(0, 20),
    hs.integers(0, 20),
    claims(max_age=timedelta(days=60)),
)
def test_widening_a_business_day_window_too(calendar, days, extra, c):
    narrow = ReturnWindowPolicy(days=days, calendar=calendar)
    wide = ReturnWindowPolicy(days=days + extra, calendar=calendar)
    assert narrow.window_end(c.purchase) <= wide.window_end(c.purchase)
    if narrow.decide(c).granted:
        assert wide.decide(c).granted
    # business days never end sooner than calendar days
    plain = ReturnWindowPolicy(days=days, timezone=calendar.timezone)
    assert plain.window_end(c.purchase) <= narrow.window_end(c.purchase)


def _fields(policy):
    import attrs

    return {f.name: getattr(policy, f.name) for f in attrs.fields(type(policy))}


def test_anchor_values():
    assert Anchor("delivery") is Anchor.DELIVERY


# --- hooks may return stdlib datetimes and are checked; bounds do not overflow -----------


@attrs.frozen(kw_only=True)
class _Hooked(ReturnWindowPolicy):
    """A return window whose hooks return whatever a test gives them."""

    kind = "test.hooked_returns"
    start_at: object = None
    length: object = None
    fee: object = None

    def window_start(self, purchase):
        return self.start_at if self.start_at is not None else super().window_start(purchase)

    def window_days(self, claim):
        return self.length if self.length is not None else self.days

    def restocking_fee_for(self, price):
        return self.fee if self.fee is not None else super().restocking_fee_for(price)


def test_a_window_start_hook_may_return_an_aware_stdlib_datetime():
    stdlib = datetime(2026, 3, 9, 9, tzinfo=ZoneInfo(VN))
    policy = _Hooked(days=7, start_at=stdlib)
    d = policy.decide(claim(pendulum.datetime(2026, 3, 16, 23, tz=VN)))
    assert d.outcome is Outcome.APPROVED
    assert policy.window_end(SHOES) == pendulum.datetime(2026, 3, 17, tz=VN)


def test_a_window_start_hook_returning_a_naive_datetime_is_named():
    with pytest.raises(NaiveDatetimeError) as info:
        _Hooked(days=7, start_at=datetime(2026, 3, 9, 9)).decide(claim(DELIVERED.add(days=1)))
    assert info.value.field == "_Hooked.window_start"


@pytest.mark.parametrize(
    ("fee", "error"),
    [
        (Money(800_000, "VND"), ValidationError),
        (Money(-1, "VND"), ValidationError),
        (Money(1, "USD"), CurrencyMismatchError),
        (Decimal(1), InvalidTypeError),
    ],
)
def test_a_restocking_fee_hook_must_return_money_within_the_price(fee, error):
    with pytest.raises(error) as info:
        _Hooked(days=7, fee=fee).decide(claim(DELIVERED.add(days=1)))
    if error is not CurrencyMismatchError:
        assert info.value.field == "_Hooked.restocking_fee_for"


def test_a_whole_price_fee_from_a_hook_is_accepted():
    d = _Hooked(days=7, fee=Money(790_000, "VND")).decide(claim(DELIVERED.add(days=1)))
    assert (d.amount, d.fee) == (Money(0, "VND"), Money(790_000, "VND"))
    assert "return.restocking_fee" in d.codes  # a fee from the hook is stated too


@pytest.mark.parametrize("days", [10**9, 366_001, -1])
def test_window_days_are_bounded(days):
    with pytest.raises(ValidationError, match="from 0 to 366000") as info:
        ReturnWindowPolicy(days=days)
    assert info.value.field == "days"
    with pytest.raises(ValidationError, match="from 0 to 366000"):
        _Hooked(days=7, length=days).decide(claim(DELIVERED.add(days=1)))


def test_a_window_ending_after_the_year_9999_is_a_validation_error():
    late = attrs.evolve(
        SHOES, purchased_at=pendulum.datetime(9999, 12, 1, tz=VN), delivered_at=None
    )
    with pytest.raises(ValidationError, match="after the year 9999") as info:
        ReturnWindowPolicy(days=60).window_end(late)
    assert info.value.field == "days"
    assert ReturnWindowPolicy(days=29).window_end(late) == pendulum.datetime(9999, 12, 31, tz=VN)
    assert ReturnWindowPolicy(days=366_000).window_end(SHOES).year == 3028
