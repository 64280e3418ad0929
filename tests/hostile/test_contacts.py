"""Contacts planned before an occasion never go out after it.

A Tết greeting "3 days before" that fell on a closed day used to move to the next
opening, which can come after Tết itself: in 2028, planned for 23 January (a Sunday, and
the shop closed until 31 January), it was sent on 31 January, five days after Tết (26
January). A contact planned before its trigger now moves back to the last opening before
it, and its reason says so; one planned after (or at) its trigger still moves forward.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core.calendar import BusinessCalendar, country_holidays
from aftersales_core.care import CareJourney, JourneyStep, tet
from aftersales_core.facts import Customer
from aftersales_core.testing.calendars import business_calendars

TZ = "Asia/Ho_Chi_Minh"
WEEKDAY = ["08:00-12:00", "13:00-17:30"]
SHOP = BusinessCalendar(
    timezone=TZ,
    weekly=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), WEEKDAY) | {"sat": ["08:00-12:00"]},
    holidays=country_holidays("VN", years=range(2025, 2031)),
)
AN = Customer(id="C-1", name="An")


def vn(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=TZ)


def greeting(offset: str, calendar: BusinessCalendar = SHOP) -> CareJourney:
    step = JourneyStep(
        key="tet", trigger="occasion", occasion="tet", offset=offset, channel="zalo_oa",
        template="care.tet_greeting",
    )  # fmt: skip
    return CareJourney(name="tet", calendar=calendar, steps=[step])


def test_the_2028_greeting_goes_before_tet() -> None:
    assert tet(2028) == pendulum.date(2028, 1, 26)
    [contact] = greeting("-3d").plan(AN, [], [], (vn(2028, 1, 1), vn(2028, 3, 1)))
    assert contact.due_at == vn(2028, 1, 23)  # a Sunday; closed until 31 January
    assert contact.at == vn(2028, 1, 22, 8)  # the last opening before: Saturday morning
    assert contact.reason.message == (
        "tet: 3d before tet on 2028-01-26; closed at 2028-01-23 00:00, "
        "so sent at the last opening before it, 2028-01-22 08:00"
    )
    assert contact.reason.params["sent"] == "2028-01-22 08:00"


def test_a_greeting_due_while_open_goes_then_and_says_nothing_more() -> None:
    [contact] = greeting("-3d14h").plan(AN, [], [], (vn(2028, 1, 1), vn(2028, 3, 1)))
    assert contact.at == contact.due_at == vn(2028, 1, 22, 10)  # Saturday, open
    assert "last opening" not in contact.reason.message


def test_a_contact_planned_after_its_trigger_still_moves_forward() -> None:
    [contact] = greeting("3d").plan(AN, [], [], (vn(2028, 1, 1), vn(2028, 3, 1)))
    assert contact.due_at == vn(2028, 1, 29)
    assert contact.at == vn(2028, 1, 31, 8)
    assert contact.reason.message == "tet: 3d after tet on 2028-01-26"


def test_a_contact_held_back_more_than_max_delay_is_dropped() -> None:
    journey = greeting("-3d")
    short = CareJourney(name="tet", calendar=SHOP, steps=journey.steps, max_delay="12h")
    assert short.plan(AN, [], [], (vn(2028, 1, 1), vn(2028, 3, 1))) == []


def test_a_contact_due_after_the_window_can_move_back_into_it() -> None:
    # Due on 23 January, sent on 22 January: it belongs to a window that ends on the 23rd.
    plan = greeting("-3d").plan(AN, [], [], (vn(2028, 1, 1), vn(2028, 1, 23)))
    assert [c.at for c in plan] == [vn(2028, 1, 22, 8)]
    assert greeting("-3d").plan(AN, [], [], (vn(2028, 1, 23), vn(2028, 3, 1))) == []


@given(
    business_calendars(max_holidays=3, max_overrides=2),
    hs.integers(1, 20 * 24),
    hs.integers(2026, 2029),
)
def test_a_greeting_before_tet_is_never_sent_after_it_was_due(
    calendar: BusinessCalendar, hours: int, year: int
) -> None:
    journey = greeting(f"-{hours}h", calendar)
    window = (vn(year, 1, 1), vn(year, 3, 1))
    starts = pendulum.datetime(*tet(year).timetuple()[:3], tz=TZ)
    for contact in journey.plan(AN, [], [], window):
        assert contact.at <= contact.due_at < starts
        assert contact.due_at - journey.max_delay <= contact.at
        assert calendar.is_open(contact.at)
        moved = contact.at != contact.due_at
        assert ("last opening before it" in contact.reason.message) is moved
        assert contact.due_at - contact.at <= timedelta(days=31)
