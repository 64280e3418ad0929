from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import InvalidTypeError, Money, NaiveDatetimeError, ValidationError
from aftersales_core.calendar import BusinessCalendar
from aftersales_core.facts import Claim, Purchase
from aftersales_core.policies import MaintenanceDue, MaintenanceSchedule, MaintenanceState, Outcome
from aftersales_core.testing.policies import claims, maintenance_schedules, purchases

VN = "Asia/Ho_Chi_Minh"
T0 = pendulum.datetime(2026, 1, 31, 10, tz=VN)
SCOOTER = Purchase(
    id="O-5",
    customer_id="C-1",
    sku="SCOOTER",
    product_category="vehicle",
    price=Money(32_000_000, "VND"),
    purchased_at=T0,
    delivered_at=T0.add(days=2),
)
WEEKDAYS = BusinessCalendar(
    timezone=VN, weekly={d: ["08:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
)


def claim(at, purchase=SCOOTER, **facts):
    return Claim(id="M", kind="maintenance", purchase=purchase, opened_at=at, **facts)


def test_due_dates_use_month_arithmetic_without_drift():
    plan = MaintenanceSchedule(every_months=1)
    dates = plan.due_dates(SCOOTER, until=T0.add(months=4))
    assert [d.date().isoformat() for d in dates] == [
        "2026-02-28",
        "2026-03-31",
        "2026-04-30",
        "2026-05-31",
    ]
    assert MaintenanceSchedule(every_usage=5000).due_dates(SCOOTER, until=T0.add(years=1)) == ()
    from_delivery = MaintenanceSchedule(every_months=6, start="delivery")
    assert from_delivery.due_dates(SCOOTER, until=T0.add(months=7))[0] == T0.add(days=2, months=6)


def test_a_due_date_on_a_closed_day_moves_to_the_next_open_day():
    plan = MaintenanceSchedule(every_months=1, calendar=WEEKDAYS)
    dates = plan.due_dates(SCOOTER, until=T0.add(months=3))
    # 28 Feb 2026 is a Saturday -> Monday 2 March at opening; 31 March is a Tuesday
    assert [d.isoformat() for d in dates] == [
        "2026-03-02T08:00:00+07:00",
        "2026-03-31T10:00:00+07:00",
        "2026-04-30T10:00:00+07:00",
    ]
    assert plan.shift(pendulum.datetime(2026, 3, 31, 23, tz=VN)).hour == 23  # an open day stays


def test_states_remind_and_overdue():
    plan = MaintenanceSchedule(every_months=6, every_usage=5000, remind_days=7)
    due = T0.add(months=6)
    assert plan.next_due(SCOOTER, due.subtract(days=8)) == MaintenanceDue(
        state=MaintenanceState.SCHEDULED,
        due_at=due,
        remind_at=due.subtract(days=7),
        due_usage=Decimal(5000),
    )
    assert plan.next_due(SCOOTER, due.subtract(days=7)).state is MaintenanceState.REMIND
    assert plan.next_due(SCOOTER, due).state is MaintenanceState.OVERDUE
    assert plan.next_due(SCOOTER, T0.add(days=1), usage=5000).state is MaintenanceState.OVERDUE
    assert plan.next_due(SCOOTER, T0.add(days=1), usage=4999).state is MaintenanceState.SCHEDULED


def test_the_next_due_counts_from_the_last_service():
    plan = MaintenanceSchedule(every_months=6, every_usage=5000)
    serviced = T0.add(months=13)
    nxt = plan.next_due(
        SCOOTER, serviced.add(days=1), last_service=serviced, last_service_usage=Decimal(12_345)
    )
    assert nxt.due_at == serviced.add(months=6)
    assert nxt.due_usage == Decimal(17_345)
    assert nxt.state is MaintenanceState.SCHEDULED
    early = plan.next_due(SCOOTER, T0.add(months=6), last_service=T0.add(months=6, days=-3))
    assert early.state is MaintenanceState.SCHEDULED  # serviced a little early still counts
    usage_only = MaintenanceSchedule(every_usage=250, unit="h").next_due(SCOOTER, T0, usage=10)
    assert (usage_only.due_at, usage_only.remind_at, usage_only.due_usage) == (
        None,
        None,
        Decimal(250),
    )


def test_maintenance_claims_are_decided_by_the_schedule():
    plan = MaintenanceSchedule(every_months=6, every_usage=5000, remind_days=7)
    early = plan.decide(claim(T0.add(months=2), usage=Decimal(1200)))
    assert (early.outcome, early.codes) == (Outcome.DENIED, ("maintenance.not_due",))
    assert "5000 km" in early.reasons[0].message
    soon = plan.decide(claim(T0.add(months=6).subtract(days=3)))
    assert (soon.outcome, soon.codes) == (Outcome.APPROVED, ("maintenance.remind",))
    assert "maintenance is due" in soon.reasons[0].message
    by_km = plan.decide(claim(T0.add(months=2), usage=Decimal(5100)))
    assert by_km.codes == ("maintenance.overdue",)
    assert "overdue" in by_km.reasons[0].message


class ServiceBook(MaintenanceSchedule):
    def last_service_at(self, claim):
        return claim.purchase.purchased_at.add(months=6)

    def last_service_usage(self, claim):
        return Decimal(4_800)


def test_a_subclass_supplies_the_service_history():
    plan = ServiceBook(every_months=6, every_usage=5000)
    d = plan.decide(claim(T0.add(months=7), usage=Decimal(6000)))
    assert d.codes == ("maintenance.not_due",)
    assert d.reasons[0].params["due_usage"] == Decimal(9_800)
    assert d.reasons[0].params["due_at"] == T0.add(months=12)


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({}, ValidationError, "every_months"),
        ({"every_months": 0}, ValidationError, "every_months"),
        ({"every_months": 1.5}, InvalidTypeError, "every_months"),
        ({"every_usage": 0}, ValidationError, "every_usage"),
        ({"every_usage": -5}, ValidationError, "every_usage"),
        ({"every_usage": 5000.0}, InvalidTypeError, "every_usage"),
        ({"every_months": 6, "remind_days": -1}, ValidationError, "remind_days"),
        ({"every_months": 6, "unit": ""}, ValidationError, "unit"),
        ({"every_months": 6, "calendar": "weekdays"}, InvalidTypeError, "calendar"),
    ],
)
def test_bad_schedules_are_refused(kwargs, error, field):
    with pytest.raises(error) as info:
        MaintenanceSchedule(**kwargs)
    assert info.value.field == field


def test_bad_queries_are_refused():
    plan = MaintenanceSchedule(every_months=6)
    with pytest.raises(NaiveDatetimeError):
        plan.due_dates(SCOOTER, until=pendulum.naive(2027, 1, 1))
    with pytest.raises(NaiveDatetimeError):
        plan.next_due(SCOOTER, pendulum.naive(2027, 1, 1))
    with pytest.raises(InvalidTypeError):
        MaintenanceSchedule(every_usage=100).next_due(SCOOTER, T0, usage=1.5)


def test_describe_in_both_languages():
    plan = MaintenanceSchedule(every_months=6, every_usage=5000, remind_days=7, calendar=WEEKDAYS)
    assert plan.describe("en").splitlines()[2:] == [
        "- Maintenance every 6 months or every 5000 km, whichever comes first.",
        "- A reminder 7 days ahead.",
        "- A date on a closed day moves to the next open day.",
    ]
    assert plan.describe("vi").splitlines()[-1] == (
        "- Lịch rơi vào ngày nghỉ được dời sang ngày làm việc kế tiếp."
    )
    hours = MaintenanceSchedule(name="Máy phát", every_usage=Decimal("250.5"), unit="giờ")
    assert hours.describe("vi") == (
        "### Bảo dưỡng định kỳ: Máy phát\n\n- Bảo dưỡng mỗi 250,5 giờ.\n"
    )
    assert MaintenanceSchedule(every_months=1).describe("en").splitlines()[2] == (
        "- Maintenance every 1 month."
    )


@given(maintenance_schedules(), purchases(), hs.integers(1, 60))
def test_due_dates_are_increasing_and_never_before_the_start(plan, purchase, months):
    dates = plan.due_dates(purchase, until=purchase.purchased_at.add(months=months))
    assert list(dates) == sorted(dates)
    assert all(d > plan.schedule_start(purchase) for d in dates)
    assert len(set(dates)) == len(dates)
    if plan.every_months is not None:
        # The start may be a delivery up to 30 days (under two months) after the purchase,
        # and a calendar may push the last date past ``until``.
        assert len(dates) >= (months - 2) // plan.every_months - 1


@given(maintenance_schedules(), claims(kinds=["maintenance"], max_age=timedelta(days=3000)))
def test_the_next_due_is_after_the_last_service_and_decisions_explain(plan, c):
    nxt = plan.next_due(c.purchase, c.opened_at, usage=c.usage)
    if nxt.due_at is not None:
        assert nxt.due_at > plan.schedule_start(c.purchase)
        assert nxt.remind_at <= nxt.due_at
    d = plan.decide(c)
    assert d.reasons
    assert d.granted is (nxt.state is not MaintenanceState.SCHEDULED)


# --- hooks may return stdlib datetimes and are checked; bounds do not overflow -----------


@attrs.frozen(kw_only=True)
class _Hooked(MaintenanceSchedule):
    """A schedule whose hooks return whatever a test gives them."""

    kind = "test.hooked_maintenance"
    origin: object = None
    serviced: object = None

    def schedule_start(self, purchase):
        return self.origin if self.origin is not None else super().schedule_start(purchase)

    def last_service_at(self, claim):
        return self.serviced


def test_hooks_may_return_aware_stdlib_datetimes():
    stdlib = datetime(2026, 2, 10, 9, tzinfo=ZoneInfo(VN))
    plan = _Hooked(every_months=6, origin=stdlib)
    due = plan.next_due(SCOOTER, T0)
    assert due.due_at == pendulum.datetime(2026, 8, 10, 9, tz=VN)
    assert plan.due_dates(SCOOTER, until=T0.add(years=1)) == (due.due_at,)
    assert plan.decide(claim(T0.add(months=7))).outcome is Outcome.APPROVED
    serviced = _Hooked(every_months=6, serviced=stdlib)
    assert serviced.decide(claim(T0.add(months=7))).outcome is Outcome.APPROVED


@pytest.mark.parametrize(
    ("hooks", "field"),
    [
        ({"origin": datetime(2026, 2, 10)}, "_Hooked.schedule_start"),
        ({"serviced": datetime(2026, 2, 10)}, "_Hooked.last_service_at"),
    ],
)
def test_hooks_returning_naive_datetimes_are_named(hooks, field):
    with pytest.raises(NaiveDatetimeError) as info:
        _Hooked(every_months=6, **hooks).decide(claim(T0.add(months=7)))
    assert info.value.field == field


@pytest.mark.parametrize(
    ("field", "value"),
    [("every_months", 100_000), ("every_months", 12_001), ("remind_days", 10**9)],
)
def test_intervals_are_bounded_to_a_thousand_years(field, value):
    with pytest.raises(ValidationError, match="from") as info:
        MaintenanceSchedule(**{"every_months": 6, field: value})
    assert info.value.field == field


def test_a_due_date_after_the_year_9999_is_a_validation_error():
    longest = MaintenanceSchedule(every_months=12_000, remind_days=366_000)
    due = longest.next_due(SCOOTER, T0)
    assert (due.due_at.year, due.remind_at.year) == (3026, 2024)
    late = attrs.evolve(
        SCOOTER, purchased_at=pendulum.datetime(9990, 1, 1, tz=VN), delivered_at=None
    )
    plan = MaintenanceSchedule(every_months=120)
    with pytest.raises(ValidationError, match="after the year 9999") as info:
        plan.decide(claim(late.purchased_at, purchase=late))
    assert info.value.field == "every_months"
    early = attrs.evolve(
        SCOOTER, purchased_at=pendulum.datetime(1, 6, 1, tz="UTC"), delivered_at=None
    )
    with pytest.raises(ValidationError, match="before the year 1") as info:
        MaintenanceSchedule(every_months=1, remind_days=366).next_due(early, early.purchased_at)
    assert info.value.field == "remind_days"


def test_due_dates_stop_at_the_year_9999():
    late = attrs.evolve(
        SCOOTER, purchased_at=pendulum.datetime(9999, 6, 1, tz="UTC"), delivered_at=None
    )
    dates = MaintenanceSchedule(every_months=2).due_dates(
        late, until=pendulum.datetime(9999, 12, 31, 23, tz="UTC")
    )
    assert [d.month for d in dates] == [8, 10, 12]
