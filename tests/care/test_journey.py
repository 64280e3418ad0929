"""Care journeys: declared steps planned into contacts inside a window and sending hours."""

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from aftersales_core import InvalidTypeError, Money, ValidationError
from aftersales_core.calendar import BusinessCalendar, country_holidays
from aftersales_core.care import (
    CareJourney,
    JourneyStep,
    LoyaltyLedger,
    LoyaltyProgram,
    Occasions,
    Offer,
    PlannedContact,
    SegmentLabel,
    Tier,
    Trigger,
    birthday_voucher,
    maintenance_reminders,
    monthly_appreciation,
    six_step_care_script,
    tet_greeting,
    thank_you_after_order,
)
from aftersales_core.facts import Customer, Purchase
from aftersales_core.testing.calendars import business_calendars
from aftersales_core.testing.care import care_journeys
from aftersales_core.tickets import Ticket
from aftersales_core.vocabulary import Channel

TZ = "Asia/Ho_Chi_Minh"
WEEKDAY = ["08:00-12:00", "13:00-17:30"]
SHOP = BusinessCalendar(
    timezone=TZ,
    weekly={
        "mon": WEEKDAY,
        "tue": WEEKDAY,
        "wed": WEEKDAY,
        "thu": WEEKDAY,
        "fri": WEEKDAY,
        "sat": ["08:00-12:00"],
    },
    holidays=country_holidays("VN", years=range(2025, 2028)),
)
AN = Customer(id="C-1", name="An", birthday=date(1992, 2, 29))


def vn(*args):
    return pendulum.datetime(*args, tz=TZ)


def buy(id, at, price=9_990_000, delivered=None, category="electronics", customer_id="C-1"):
    return Purchase(
        id=id,
        customer_id=customer_id,
        sku="SKU",
        product_category=category,
        price=Money(price, "VND"),
        purchased_at=at,
        delivered_at=delivered,
    )


def resolved(id, at, customer_id="C-1"):
    return (
        Ticket.open(id=id, channel="hotline", customer_id=customer_id, at=at)
        .classify(category="complaint", at=at)
        .assign(assignee="lan", at=at)
        .respond(at=at)
        .resolve(at=at)
    )


def summary(contacts):
    return [(c.step, c.at.isoformat(), c.reference) for c in contacts]


# -- the shipped journeys ----------------------------------------------------------


def test_thank_you_goes_right_after_the_order_even_at_night():
    order = buy("O-1", vn(2026, 3, 2, 20, 15))
    plan = thank_you_after_order(calendar=SHOP).plan(
        AN, [order], [], (vn(2026, 3, 1), vn(2026, 4, 1))
    )
    assert summary(plan) == [("thank_you", "2026-03-02T20:15:00+07:00", "O-1")]
    (contact,) = plan
    assert contact.channel is Channel.ZALO_OA
    assert contact.template == "care.thank_you"
    assert contact.reason.code == "care.purchase"
    assert contact.reason.message == "thank_you: at purchase O-1"
    assert contact.journey == "thank you after the order"
    assert contact.offer is None


def test_the_six_step_care_script():
    order = buy("O-1", vn(2026, 3, 2, 20, 15), delivered=vn(2026, 3, 4, 10))
    ticket = resolved("T-1", vn(2026, 3, 2, 12))
    plan = six_step_care_script(calendar=SHOP).plan(
        AN, [order], [ticket], (vn(2026, 3, 1), vn(2026, 7, 1))
    )
    assert summary(plan) == [
        ("interact_regularly", "2026-03-02T08:00:00+07:00", "2026-03"),
        ("set_goals", "2026-03-03T08:00:00+07:00", "O-1"),
        ("resolve_complaints", "2026-03-03T13:00:00+07:00", "T-1"),
        ("survey", "2026-03-07T10:00:00+07:00", "O-1"),
        ("interact_regularly", "2026-04-01T08:00:00+07:00", "2026-04"),
        ("interact_regularly", "2026-05-02T08:00:00+07:00", "2026-05"),  # 1 May is a holiday
        ("interact_regularly", "2026-06-01T08:00:00+07:00", "2026-06"),  # step 4 before step 6
        ("evaluate_programme", "2026-06-01T08:00:00+07:00", "O-1"),
    ]
    survey = plan[3]
    assert survey.due_at == vn(2026, 3, 7, 10)
    assert survey.reason.message == "survey: 3d after delivery of O-1"
    assert [c.step for c in plan].count("build_loyal_base") == 0  # a new customer, not loyal yet


def test_the_loyal_base_step_waits_for_a_loyal_customer():
    orders = [buy(f"O-{i}", vn(2026, 1, 5).add(days=40 * i), price=300_000) for i in range(3)]
    plan = six_step_care_script().plan(AN, orders, [], (vn(2026, 1, 1), vn(2026, 5, 1)))
    invited = [(c.reference, c.at.to_date_string()) for c in plan if c.step == "build_loyal_base"]
    # 30 days after each order, read then: new after the first, loyal from the second on.
    assert invited == [("O-1", "2026-03-16"), ("O-2", "2026-04-25")]


def test_maintenance_reminders_every_6_months_for_electronics():
    tv = buy("O-1", vn(2026, 1, 28, 9), delivered=vn(2026, 1, 31, 10))
    shoes = buy("O-2", vn(2026, 1, 28, 9), category="shoes")
    journey = maintenance_reminders(product_categories=["electronics"], calendar=SHOP)
    plan = journey.plan(AN, [tv, shoes], [], (vn(2026, 1, 1), vn(2027, 3, 1)))
    assert summary(plan) == [
        ("maintenance_due", "2026-07-31T10:00:00+07:00", "O-1#1"),
        ("maintenance_due", "2027-02-01T08:00:00+07:00", "O-1#2"),  # 31 Jan 2027 is a Sunday
    ]
    assert plan[1].reason.message == "maintenance_due: at maintenance 2 of O-1 (every 6mo)"
    once = maintenance_reminders(times=1).plan(AN, [tv], [], (vn(2026, 1, 1), vn(2030, 1, 1)))
    assert [c.reference for c in once] == ["O-1#1"]


def test_a_personalised_birthday_voucher_of_15_percent():
    plan = birthday_voucher(calendar=SHOP).plan(AN, [], [], (vn(2026, 1, 1), vn(2027, 1, 1)))
    assert summary(plan) == [
        ("birthday_voucher", "2026-02-28T08:00:00+07:00", "birthday:2026-02-28")
    ]
    assert plan[0].offer == Offer(discount=Decimal("0.15"))
    assert str(plan[0].offer) == "15% off"
    leap = birthday_voucher().plan(AN, [], [], (vn(2028, 1, 1), vn(2029, 1, 1)))
    assert [c.at.to_date_string() for c in leap] == ["2028-02-29"]


def test_a_tet_greeting_three_days_before_tet():
    plan = tet_greeting(calendar=SHOP).plan(AN, [], [], (vn(2026, 1, 1), vn(2027, 3, 1)))
    assert summary(plan) == [
        # Due at midnight, when the shop is closed: sent at the last opening before then.
        ("tet_greeting", "2026-02-13T13:00:00+07:00", "tet:2026-02-17"),
        ("tet_greeting", "2027-02-02T13:00:00+07:00", "tet:2027-02-06"),
    ]
    assert plan[0].reason.message == (
        "tet_greeting: 3d before tet on 2026-02-17; closed at 2026-02-14 00:00, "
        "so sent at the last opening before it, 2026-02-13 13:00"
    )


def test_the_monthly_appreciation_gift_of_500000_dong_goes_to_the_best_customers():
    best = [buy(f"O-{i}", vn(2026, 1, 5).add(days=20 * i), price=2_500_000) for i in range(5)]
    journey = monthly_appreciation(calendar=SHOP)
    plan = journey.plan(AN, best, [], (vn(2026, 4, 1), vn(2026, 6, 1)))
    assert summary(plan) == [
        ("monthly_appreciation", "2026-04-01T08:00:00+07:00", "2026-04"),
        ("monthly_appreciation", "2026-05-02T08:00:00+07:00", "2026-05"),
    ]
    assert plan[0].offer.gift == Money(500_000, "VND")
    newcomer = Customer(id="C-2", name="Bình")
    assert journey.plan(newcomer, best, [], (vn(2026, 4, 1), vn(2026, 6, 1))) == []
    everyone = monthly_appreciation(segments=(), day_of_month=31, gift=Money(200_000, "VND"))
    days = [
        c.at.to_date_string()
        for c in everyone.plan(newcomer, [], [], (vn(2026, 1, 1), vn(2026, 4, 1)))
    ]
    assert days == ["2026-01-31", "2026-02-28", "2026-03-31"]


# -- planning rules ----------------------------------------------------------------


def step(**kwargs):
    kwargs.setdefault("key", "s")
    kwargs.setdefault("trigger", "purchase")
    kwargs.setdefault("channel", "email")
    kwargs.setdefault("template", "t")
    return JourneyStep(**kwargs)


def test_a_contact_held_back_longer_than_max_delay_is_dropped():
    order = buy("O-1", vn(2026, 3, 2, 20, 15))
    journey = CareJourney(name="j", steps=[step()], calendar=SHOP, max_delay="1h")
    assert journey.plan(AN, [order], [], (vn(2026, 3, 1), vn(2026, 4, 1))) == []
    patient = attrs.evolve(journey, max_delay="12h")
    assert [c.at.hour for c in patient.plan(AN, [order], [], (vn(2026, 3, 1), vn(2026, 4, 1)))] == [
        8
    ]


def test_a_contact_due_before_the_window_but_sent_inside_it_belongs_to_the_window():
    order = buy("O-1", vn(2026, 3, 2, 20, 15))
    journey = CareJourney(name="j", steps=[step()], calendar=SHOP)
    early = journey.plan(AN, [order], [], (vn(2026, 3, 1), vn(2026, 3, 3)))
    late = journey.plan(AN, [order], [], (vn(2026, 3, 3), vn(2026, 3, 4)))
    assert early == []
    assert [c.at for c in late] == [vn(2026, 3, 3, 8)]


def test_delivery_steps_skip_undelivered_purchases_and_other_customers():
    journey = CareJourney(name="j", steps=[step(trigger="delivery", offset="1d")])
    mine = buy("O-1", vn(2026, 3, 2), delivered=vn(2026, 3, 3))
    pending = buy("O-2", vn(2026, 3, 2))
    theirs = buy("O-3", vn(2026, 3, 2), delivered=vn(2026, 3, 3), customer_id="C-2")
    plan = journey.plan(AN, [mine, pending, theirs], [], (vn(2026, 3, 1), vn(2026, 4, 1)))
    assert summary(plan) == [("s", "2026-03-04T00:00:00+07:00", "O-1")]


def test_resolved_tickets_of_the_customer_trigger_follow_ups():
    journey = CareJourney(name="j", steps=[step(trigger="ticket_resolved", offset="2h")])
    mine = resolved("T-1", vn(2026, 3, 2, 9))
    theirs = resolved("T-2", vn(2026, 3, 2, 9), customer_id="C-2")
    open_one = Ticket.open(id="T-3", channel="email", customer_id="C-1", at=vn(2026, 3, 2))

    @attrs.frozen
    class Case:  # any record with id, customer_id and resolved_at will do
        id: str
        customer_id: str | None
        resolved_at: pendulum.DateTime | None

    fake = Case(id="Z-1", customer_id="C-1", resolved_at=vn(2026, 3, 5, 9))
    plan = journey.plan(AN, [], [mine, theirs, open_one, fake], (vn(2026, 3, 1), vn(2026, 4, 1)))
    assert summary(plan) == [
        ("s", "2026-03-02T11:00:00+07:00", "T-1"),
        ("s", "2026-03-05T11:00:00+07:00", "Z-1"),
    ]


def test_tier_conditions_read_the_customer_or_the_ledger():
    gold_only = CareJourney(name="j", steps=[step(tiers=["gold"])])
    order = buy("O-1", vn(2026, 3, 2), price=25_000_000)
    window = (vn(2026, 3, 1), vn(2026, 4, 1))
    assert gold_only.plan(AN, [order], [], window) == []
    gold = attrs.evolve(AN, tier="gold")
    assert len(gold_only.plan(gold, [order], [], window)) == 1
    program = LoyaltyProgram(
        name="Club",
        currency="VND",
        spend_per_point=Money(10_000, "VND"),
        tiers=[
            Tier(name="member", threshold=Money(0, "VND")),
            Tier(name="gold", threshold=Money(20_000_000, "VND")),
        ],
    )
    ledger = LoyaltyLedger(program=program, customer_id="C-1").earn(order)
    assert len(gold_only.plan(AN, [order], [], window, ledger=ledger)) == 1
    with pytest.raises(ValidationError, match="is not 'C-2''s ledger"):
        gold_only.plan(Customer(id="C-2", name="B"), [], [], window, ledger=ledger)


def test_custom_occasions_and_year_end():
    occasions = Occasions(custom=[CustomDateLike.anniversary], year_end_day=20)
    journey = CareJourney(
        name="j",
        occasions=occasions,
        steps=[
            step(key="anniversary", trigger="occasion", occasion="anniversary", offset="9h"),
            step(key="year_end", trigger="occasion", occasion="year_end", offset="9h"),
        ],
    )
    plan = journey.plan(AN, [], [], (vn(2026, 1, 1), vn(2027, 1, 1)))
    assert summary(plan) == [
        ("anniversary", "2026-06-15T09:00:00+07:00", "anniversary:2026-06-15"),
        ("year_end", "2026-12-20T09:00:00+07:00", "year_end:2026-12-20"),
    ]


class CustomDateLike:
    from aftersales_core.care import CustomDate

    anniversary = CustomDate(name="anniversary", month=6, day=15)


def test_contacts_at_the_same_instant_follow_the_step_order():
    journey = CareJourney(name="j", steps=[step(key="b"), step(key="a")])
    plan = journey.plan(AN, [buy("O-1", vn(2026, 3, 2))], [], (vn(2026, 3, 1), vn(2026, 4, 1)))
    assert [c.step for c in plan] == ["b", "a"]
    assert journey.step("a").key == "a"
    with pytest.raises(ValidationError, match="is not a step of 'j'"):
        journey.step("c")


def test_plan_refuses_bad_input():
    journey = CareJourney(name="j", steps=[step()])
    with pytest.raises(InvalidTypeError, match="customer"):
        journey.plan("C-1", [], [], (vn(2026, 1, 1), vn(2026, 2, 1)))
    with pytest.raises(ValidationError, match="must end after it starts"):
        journey.plan(AN, [], [], (vn(2026, 2, 1), vn(2026, 1, 1)))
    with pytest.raises(InvalidTypeError, match=r"purchases\[0\]"):
        journey.plan(AN, ["O-1"], [], (vn(2026, 1, 1), vn(2026, 2, 1)))


# -- steps and offers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected", "words"),
    [
        ("3d", pendulum.duration(days=3), "3d after"),
        ("-3d", -pendulum.duration(days=3), "3d before"),
        (" -1h30m", -pendulum.duration(minutes=90), "1h30m before"),
        (timedelta(days=-2), -pendulum.duration(days=2), "2d before"),
        (timedelta(hours=5), pendulum.duration(hours=5), "5h after"),
        ("0s", pendulum.duration(), "at"),
    ],
)
def test_offsets_may_be_before_or_after(offset, expected, words):
    s = step(offset=offset)
    assert s.offset == expected
    assert s.describe_offset() == words


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"trigger": "sunrise"}, "trigger"),
        ({"channel": "pigeon"}, "channel"),
        ({"template": ""}, "template"),
        ({"offset": "soon"}, "offset"),
        ({"offset": "--3d"}, "offset"),
        ({"trigger": "occasion"}, "occasion"),
        ({"trigger": "maintenance_due"}, "every"),
        ({"trigger": "maintenance_due", "every": "lifetime"}, "every"),
        ({"trigger": "maintenance_due", "every": "0d"}, "every"),
        ({"every": 6}, "every"),
        ({"every": "six months"}, "every"),
        ({"day_of_month": 0}, "day_of_month"),
        ({"day_of_month": 32}, "day_of_month"),
        ({"segments": ["vip"]}, "segments"),
        ({"offer": "15%"}, "offer"),
        ({"within_hours": 1}, "within_hours"),
        ({"times": -1}, "times"),
    ],
)
def test_steps_refuse_what_they_cannot_plan(kwargs, field):
    with pytest.raises(ValidationError) as info:
        step(**kwargs)
    assert info.value.field == field


def test_step_sets_accept_one_value_or_many():
    s = step(segments="loyal", tiers="gold", product_categories=["tv", "phone"])
    assert s.segments == frozenset({SegmentLabel.LOYAL})
    assert s.tiers == frozenset({"gold"})
    assert s.product_categories == frozenset({"tv", "phone"})
    assert step(trigger=Trigger.MONTHLY).trigger is Trigger.MONTHLY


def test_offers():
    assert str(Offer(gift=Money(500_000, "VND"))) == "500000 VND gift"
    assert str(Offer(discount="0.125", points=50)) == "12.5% off + 50 points"
    assert str(Offer(discount=1)) == "100% off"
    for bad in (
        {},
        {"discount": 0},
        {"discount": "-0.1"},
        {"gift": Money(-1, "VND")},
        {"points": -1},
        {"discount": 0.15},
    ):
        with pytest.raises(ValidationError):
            Offer(**bad)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"steps": []}, "steps"),
        ({"steps": ["thank_you"]}, "steps[0]"),
        ({"steps": [step(), step()]}, "steps[1].key"),
        ({"calendar": "Mon-Fri"}, "calendar"),
        ({"occasions": {}}, "occasions"),
        ({"segment_rules": "VND"}, "segment_rules"),
        ({"max_delay": "-1d"}, "max_delay"),
    ],
)
def test_journeys_refuse_bad_settings(kwargs, field):
    kwargs.setdefault("steps", [step()])
    with pytest.raises(ValidationError) as info:
        CareJourney(name="j", **kwargs)
    assert info.value.field == field


def test_a_planned_contact_refuses_bad_values():
    from aftersales_core.policies.decisions import Reason

    at = vn(2026, 3, 2)
    ok = {
        "customer_id": "C-1",
        "at": at,
        "channel": "email",
        "template": "t",
        "reason": Reason(code="care.purchase", message="m"),
        "journey": "j",
        "step": "s",
        "reference": "O-1",
        "due_at": at,
    }
    assert PlannedContact(**ok).channel is Channel.EMAIL
    with pytest.raises(ValidationError, match="channel"):
        PlannedContact(**{**ok, "channel": "fax"})
    with pytest.raises(InvalidTypeError, match="reason"):
        PlannedContact(**{**ok, "reason": "because"})


# -- properties --------------------------------------------------------------------


def _spread(start, end, share):
    # From 90 days before the window to its end, so past facts can fall due inside it.
    origin = start.subtract(days=90)
    return origin.add(seconds=int((end - origin).total_seconds() * share))


def _purchases(start, end, times):
    out = []
    for i, (share, delay) in enumerate(times):
        at = _spread(start, end, share)
        out.append(
            buy(
                f"O-{i}",
                at,
                price=1_000_000 * (i + 1),
                delivered=None if delay is None else at.add(minutes=delay),
            )
        )
    return out


def _tickets(start, end, shares):
    return [resolved(f"T-{i}", _spread(start, end, share)) for i, share in enumerate(shares)]


DAY = 60 * 24

# Windows of up to a year in 2026-2027; facts from 90 days before the window to its end.
lengths = hs.sampled_from([7 * DAY, 30 * DAY, 120 * DAY, 365 * DAY]) | hs.integers(1, 365 * DAY)
windows = hs.tuples(hs.integers(0, 400 * DAY), lengths)
shares = hs.sampled_from([n / 40 for n in range(41)])
facts = hs.lists(hs.tuples(shares, hs.none() | hs.integers(0, 20 * DAY)), min_size=1, max_size=4)


def assert_moved_the_right_way(journey, contact):
    # Planned before its trigger, a contact moves back (never past the trigger); else forward.
    if journey.step(contact.step).offset < timedelta(0):
        assert contact.due_at - journey.max_delay <= contact.at <= contact.due_at
    else:
        assert contact.due_at <= contact.at <= contact.due_at + journey.max_delay


@settings(max_examples=100)
@given(
    care_journeys(max_steps=3),
    business_calendars(max_holidays=3, max_overrides=2),
    windows,
    facts,
    hs.lists(shares, max_size=2),
    hs.sampled_from(["31d", "3d", "12h"]),
)
def test_every_planned_contact_lies_inside_the_window_and_the_sending_hours(
    journey, calendar, window, times, ticket_times, max_delay
):
    journey = attrs.evolve(journey, calendar=calendar, max_delay=max_delay)
    start = vn(2026, 1, 1).add(minutes=window[0])
    end = start.add(minutes=window[1])
    purchases, tickets = _purchases(start, end, times), _tickets(start, end, ticket_times)
    plan = journey.plan(AN, purchases, tickets, (start, end))
    for contact in plan:
        assert start <= contact.at < end
        assert_moved_the_right_way(journey, contact)
        if journey.step(contact.step).within_hours:
            assert calendar.is_open(contact.at)
        else:
            assert contact.at == contact.due_at
    assert [c.at for c in plan] == sorted(c.at for c in plan)
    keys = [(c.step, c.reference) for c in plan]
    assert len(keys) == len(set(keys))


@settings(max_examples=60)
@given(
    care_journeys(max_steps=3),
    hs.none() | business_calendars(max_holidays=2, max_overrides=1),
    windows.filter(lambda w: w[1] > 1),
    facts,
    hs.floats(0, 1, exclude_min=True, exclude_max=True),
)
def test_the_plans_of_consecutive_windows_add_up_to_the_plan_of_their_union(
    journey, calendar, window, times, share
):
    journey = attrs.evolve(journey, calendar=calendar)
    start = vn(2026, 1, 1).add(minutes=window[0])
    end = start.add(minutes=window[1])
    middle = start.add(minutes=max(1, min(window[1] - 1, int(window[1] * share))))
    purchases = _purchases(start, end, times)
    whole = journey.plan(AN, purchases, [], (start, end))
    parts = journey.plan(AN, purchases, [], (start, middle)) + journey.plan(
        AN, purchases, [], (middle, end)
    )
    assert whole == parts


EVERY_STEP = CareJourney(
    name="all the shipped steps",
    steps=[
        *six_step_care_script().steps,
        *thank_you_after_order().steps,
        *maintenance_reminders().steps,
        *birthday_voucher().steps,
        *tet_greeting().steps,
    ],
)


@settings(max_examples=60)
@given(
    business_calendars(max_holidays=3, max_overrides=2),
    hs.tuples(hs.integers(0, 400 * DAY), hs.integers(30 * DAY, 365 * DAY)),
    facts,
    hs.lists(shares, max_size=2),
)
def test_the_shipped_steps_plan_inside_the_window_and_the_sending_hours(
    calendar, window, times, ticket_times
):
    journey = attrs.evolve(EVERY_STEP, calendar=calendar)
    start = vn(2026, 1, 1).add(minutes=window[0])
    end = start.add(minutes=window[1])
    purchases, tickets = _purchases(start, end, times), _tickets(start, end, ticket_times)
    plan = journey.plan(AN, purchases, tickets, (start, end))
    for contact in plan:
        assert start <= contact.at < end
        assert_moved_the_right_way(journey, contact)
        assert calendar.is_open(contact.at) or contact.step == "thank_you"
    months = {c.reference for c in plan if c.step == "interact_regularly"}
    assert len(months) <= window[1] // (28 * DAY) + 1
