from datetime import timedelta

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import (
    InvalidDurationError,
    InvalidTypeError,
    Money,
    NaiveDatetimeError,
    ValidationError,
)
from aftersales_core.calendar import BusinessCalendar
from aftersales_core.facts import Claim, Purchase
from aftersales_core.policies import Outcome
from aftersales_core.sla import SLADeadlines, SLAPolicy, SLATarget
from aftersales_core.testing.policies import sla_policies, sla_targets
from aftersales_core.testing.strategies import instants
from aftersales_core.vocabulary import Category, ClaimKind, Priority

VN = "Asia/Ho_Chi_Minh"
WEEKDAY = ["08:00-12:00", "13:00-17:30"]
OFFICE = BusinessCalendar(
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
PUBLISHED = SLAPolicy(
    calendar=OFFICE,
    targets={
        Priority.URGENT: SLATarget(first_response="4h", resolution="6h"),
        Priority.NORMAL: SLATarget(first_response="24h", resolution="48h"),
    },
)


def test_the_published_targets_24_48h_normal_4_6h_urgent():
    assert PUBLISHED.target_for(Priority.NORMAL) == SLATarget(
        first_response=timedelta(hours=24), resolution="48h"
    )
    urgent = PUBLISHED.target_for("urgent")
    assert (urgent.first_response.in_hours(), urgent.resolution.in_hours()) == (4, 6)
    assert PUBLISHED.target_for(Priority.LOW) is None
    assert PUBLISHED.due(pendulum.datetime(2026, 3, 2, 9, tz=VN), Priority.LOW) is None


def test_business_hours_deadlines():
    monday_9 = pendulum.datetime(2026, 3, 2, 9, tz=VN)
    due = PUBLISHED.due(monday_9, Priority.URGENT)
    assert isinstance(due, SLADeadlines)
    # 9-12 is 3 h, then 13:00 + 1 h for the response, + 3 h for the resolution
    assert due.first_response == pendulum.datetime(2026, 3, 2, 14, tz=VN)
    assert due.resolution == pendulum.datetime(2026, 3, 2, 16, tz=VN)
    first, resolved = due
    assert resolved > first
    assert PUBLISHED.elapsed(monday_9, due.resolution) == pendulum.duration(hours=6)


def test_thirty_minutes_on_the_24_7_hotline():
    hotline = SLAPolicy(
        calendar=BusinessCalendar.always_open(VN),
        targets={Priority.URGENT: SLATarget(first_response="30m", resolution="4h")},
    )
    night = pendulum.datetime(2026, 2, 17, 23, 50, tz=VN)  # the eve of Tết
    assert hotline.due(night, Priority.URGENT).first_response == night.add(minutes=30)
    plain = SLAPolicy(targets={"urgent": SLATarget(first_response="30m", resolution="4h")})
    assert plain.due(night, "urgent") == hotline.due(night, "urgent")
    assert plain.elapsed(night, night.add(hours=2)) == pendulum.duration(hours=2)


def test_category_targets_win_over_the_priority_and_the_default_covers_the_rest():
    sla = SLAPolicy(
        targets={
            Priority.NORMAL: SLATarget(first_response="24h", resolution="48h"),
            (Priority.NORMAL, Category.INSTALLATION): SLATarget(
                first_response="4h", resolution="24h"
            ),
            ("high", "complaint"): SLATarget(first_response="2h", resolution="8h"),
        },
        default=SLATarget(first_response="72h", resolution="7d"),
    )
    assert sla.target_for("normal", "installation").first_response.in_hours() == 4
    assert sla.target_for(Priority.NORMAL, Category.BILLING).first_response.in_hours() == 24
    assert sla.target_for(Priority.HIGH, "complaint").first_response.in_hours() == 2
    assert sla.target_for(Priority.HIGH).first_response.in_hours() == 72
    assert sla.target_for(Priority.LOW, Category.OTHER) == sla.default


def test_an_sla_decides_no_claim():
    order = Purchase(
        id="O",
        customer_id="C",
        sku="S",
        product_category="x",
        price=Money(1, "VND"),
        purchased_at=pendulum.datetime(2026, 3, 2, tz=VN),
    )
    for kind in ClaimKind:
        c = Claim(id="K", kind=kind, purchase=order, opened_at=order.purchased_at)
        assert PUBLISHED.decide(c).outcome is Outcome.NOT_APPLICABLE
    direct = PUBLISHED.assess(c)
    assert (direct.outcome, direct.codes) == (Outcome.NOT_APPLICABLE, ("sla.times_only",))


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"first_response": "6h", "resolution": "4h"}, ValidationError, "resolution"),
        ({"first_response": "0m", "resolution": "4h"}, ValidationError, "first_response"),
        ({"first_response": "-1h", "resolution": "4h"}, InvalidDurationError, "first_response"),
        ({"first_response": "4 hours", "resolution": "6h"}, InvalidDurationError, "first_response"),
        ({"first_response": 4, "resolution": "6h"}, InvalidTypeError, "first_response"),
        ({"first_response": "4h", "resolution": None}, InvalidTypeError, "resolution"),
    ],
)
def test_bad_targets_are_refused(kwargs, error, field):
    with pytest.raises(error) as info:
        SLATarget(**kwargs)
    assert info.value.field == field


def test_equal_targets_are_allowed():
    assert SLATarget(first_response="30m", resolution="30m").resolution.in_minutes() == 30


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({}, ValidationError, "targets"),
        ({"targets": {}}, ValidationError, "targets"),
        ({"targets": [("urgent", "4h")]}, InvalidTypeError, "targets"),
        (
            {"targets": {"asap": SLATarget(first_response="1h", resolution="2h")}},
            ValidationError,
            "targets['asap']",
        ),
        (
            {"targets": {("urgent", "refund"): SLATarget(first_response="1h", resolution="2h")}},
            ValidationError,
            "targets[(<Priority.URGENT: 'urgent'>, 'refund')]",
        ),
        (
            {"targets": {Priority.URGENT: ("4h", "6h")}},
            InvalidTypeError,
            "targets[<Priority.URGENT: 'urgent'>]",
        ),
        ({"targets": {}, "default": "4h"}, InvalidTypeError, "default"),
        (
            {"default": SLATarget(first_response="1h", resolution="2h"), "calendar": "24/7"},
            InvalidTypeError,
            "calendar",
        ),
    ],
)
def test_bad_policies_are_refused(kwargs, error, field):
    with pytest.raises(error) as info:
        SLAPolicy(**kwargs)
    assert info.value.field == field


def test_bad_lookups_are_refused():
    with pytest.raises(ValidationError, match="priority"):
        PUBLISHED.target_for("asap")
    with pytest.raises(ValidationError, match="category"):
        PUBLISHED.target_for("urgent", "refund")
    with pytest.raises(NaiveDatetimeError):
        PUBLISHED.due(pendulum.naive(2026, 3, 2, 9), Priority.URGENT)
    plain = SLAPolicy(default=SLATarget(first_response="1h", resolution="2h"))
    t = pendulum.datetime(2026, 3, 2, tz=VN)
    with pytest.raises(ValidationError, match="end"):
        plain.elapsed(t, t.subtract(hours=1))
    with pytest.raises(ValidationError):
        PUBLISHED.elapsed(t, t.subtract(hours=1))


def test_describe_in_both_languages():
    assert PUBLISHED.describe("vi").splitlines()[2:] == [
        "- Khẩn cấp: phản hồi trong 4 giờ, xử lý xong trong 6 giờ.",
        "- Thông thường: phản hồi trong 24 giờ, xử lý xong trong 48 giờ.",
        "- Tính theo giờ làm việc (Asia/Ho_Chi_Minh).",
    ]
    assert PUBLISHED.describe("en").splitlines()[-1] == (
        "- Counted in business hours (Asia/Ho_Chi_Minh)."
    )
    hotline = SLAPolicy(
        name="Hotline 24/7",
        calendar=BusinessCalendar.always_open(VN),
        targets={
            (Priority.URGENT, Category.COMPLAINT): SLATarget(
                first_response="30m", resolution="1h30m"
            ),
            Priority.URGENT: SLATarget(first_response="30m", resolution="4h"),
        },
        default=SLATarget(first_response="1d", resolution="3d"),
    )
    assert hotline.describe("en").splitlines() == [
        "### Response times: Hotline 24/7",
        "",
        "- Urgent: first response within 30 minutes, resolution within 4 hours.",
        "- Urgent (complaints): first response within 30 minutes, resolution within 1 hour "
        "30 minutes.",
        "- Other requests: first response within 24 hours, resolution within 72 hours.",
        "- Counted around the clock, 24/7.",
    ]
    assert "Các yêu cầu khác" in hotline.describe("vi")


@given(sla_targets(), instants(), hs.sampled_from(Priority))
def test_around_the_clock_deadlines_are_start_plus_target(target, start, priority):
    sla = SLAPolicy(default=target)
    due = sla.due(start, priority)
    # compared in UTC: same-zone datetimes subtract by wall clock, across clock changes too
    begin = start.in_timezone("UTC")
    assert due.first_response.in_timezone("UTC") - begin == target.first_response
    assert due.resolution.in_timezone("UTC") - begin == target.resolution
    assert due.first_response.timezone_name == start.timezone_name
    assert due.first_response.in_timezone("UTC") <= due.resolution.in_timezone("UTC")


@given(sla_policies(), instants(), hs.sampled_from(Priority), hs.none() | hs.sampled_from(Category))
def test_lookups_fall_back_from_pair_to_priority_to_default(sla, start, priority, category):
    target = sla.target_for(priority, category)
    expected = sla.targets.get((priority, category)) or sla.targets.get(priority, sla.default)
    assert target == expected
    due = sla.due(start, priority, category)
    assert (due is None) is (target is None)
    assert hash(sla) == hash(SLAPolicy(targets=dict(sla.targets), default=sla.default))


def test_instants_in_the_repeated_hour_are_compared_as_instants():
    # 29 October 2000, Berlin: 02:00-03:00 happens twice
    first_pass = pendulum.datetime(2000, 10, 29, tz="Europe/Berlin").add(hours=2)
    sla = SLAPolicy(default=SLATarget(first_response="1h", resolution="2h"))
    due = sla.due(first_pass, Priority.NORMAL)
    assert due.first_response.hour == first_pass.hour  # the same wall clock, an hour later
    assert sla.elapsed(first_pass, due.first_response) == pendulum.duration(hours=1)
    with pytest.raises(ValidationError):
        sla.elapsed(due.first_response, first_pass)


def test_days_are_24_hours_around_the_clock():
    spring = pendulum.datetime(2000, 3, 26, tz="Europe/Berlin")  # a 23-hour day
    sla = SLAPolicy(default=SLATarget(first_response="1d", resolution="2d"))
    assert sla.due(spring, Priority.LOW).first_response.isoformat() == "2000-03-27T01:00:00+02:00"


# --- targets are bounded, so due dates never overflow --------------------


@pytest.mark.parametrize("target", ["999999999d", "99999999999999d", timedelta(days=999_999_999)])
def test_targets_longer_than_a_thousand_years_are_refused(target):
    with pytest.raises(InvalidDurationError, match="longer than 1000 years") as info:
        SLATarget(first_response="1h", resolution=target)
    assert info.value.field == "resolution"


def test_a_due_date_after_the_year_9999_is_a_validation_error():
    longest = SLAPolicy(default=SLATarget(first_response="1h", resolution="366000d"))
    late = pendulum.datetime(9999, 6, 1, tz="UTC")
    with pytest.raises(ValidationError, match="after the year 9999") as info:
        longest.due(late, Priority.NORMAL)
    assert info.value.field == "duration"
    assert longest.due(pendulum.datetime(2026, 1, 1, tz="UTC"), "normal").resolution.year == 3028
    # The instant exists in UTC but not on the wall clock of a zone east of it.
    edge = pendulum.datetime(9999, 12, 31, 16, tz="UTC").in_timezone(VN)
    with pytest.raises(ValidationError, match="after the year 9999"):
        longest.add(edge, "2h")
