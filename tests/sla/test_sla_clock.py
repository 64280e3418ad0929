"""SLA clocks: the published 24–48 h / 4–6 h commitments, the rules where helpdesks differ, selection, properties."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as hs

from aftersales_core.calendar import BusinessCalendar, country_holidays
from aftersales_core.errors import InvalidTypeError, ValidationError
from aftersales_core.sla.clock import (
    MissingTargetError,
    SLAStatus,
    evaluate,
    evaluate_many,
    explain,
    next_change,
)
from aftersales_core.sla.policy import SLAPolicy, SLATarget
from aftersales_core.sla.rules import (
    DEFAULT_RULES,
    ClockKind,
    ClockRules,
    ClockState,
    OnPriorityChange,
    OnReopen,
    SLAWarning,
)
from aftersales_core.sla.select import SLARule, SLASelector
from aftersales_core.testing.tickets import tickets
from aftersales_core.tickets import Ticket, TicketEvent, classification_after
from aftersales_core.vocabulary import Category, Priority

Z = "Asia/Ho_Chi_Minh"
WEEKDAY = ["08:00-12:00", "13:00-17:30"]
VN = BusinessCalendar(
    timezone=Z,
    weekly=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), WEEKDAY) | {"sat": ["08:00-12:00"]},
    holidays=frozenset(country_holidays("VN", years=range(2025, 2028))),  # as given, any year
)
SHOP = SLAPolicy(
    name="shop",
    calendar=VN,
    targets={
        Priority.URGENT: SLATarget(first_response="4h", resolution="6h"),
        Priority.NORMAL: SLATarget(first_response="24h", resolution="48h"),
    },
)
HOTLINE = SLAPolicy(
    name="hotline",
    calendar=BusinessCalendar.always_open(Z),
    default=SLATarget(first_response="30m", resolution="4h"),
)
H = 3600


def d(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=Z)


def working(at: pendulum.DateTime, priority: str = "normal", channel: str = "email") -> Ticket:
    return (
        Ticket.open(id="T-1", channel=channel, priority=priority, at=at)
        .classify(category="warranty", at=at)
        .assign(assignee="lan", at=at)
    )


# -- normal requests in 24–48 h, urgent ones in 4–6 h, on office hours -------------------


def test_urgent_is_due_in_4_and_6_business_hours():
    status = evaluate(SHOP, working(d(2026, 3, 2, 9), "urgent"), at=d(2026, 3, 2, 9))
    assert status.first_response.due_at == d(2026, 3, 2, 14)  # 09-12, then 13-14
    assert status.resolution.due_at == d(2026, 3, 2, 16)
    assert status.first_response.target == timedelta(hours=4)
    assert status.priority is Priority.URGENT


def test_normal_is_due_in_24_and_48_business_hours():
    status = evaluate(SHOP, working(d(2026, 3, 2, 9)), at=d(2026, 3, 2, 9))
    assert status.first_response.due_at == d(2026, 3, 4, 17)
    assert status.resolution.due_at == d(2026, 3, 9, 10, 30)


def test_urgent_opened_before_tet_waits_for_the_holidays():
    status = evaluate(SHOP, working(d(2026, 2, 14, 11), "urgent"), at=d(2026, 2, 14, 12))
    assert status.first_response.due_at == d(2026, 2, 21, 11)
    assert status.first_response.elapsed == timedelta(hours=1)
    assert status.next_change() == d(2026, 2, 21, 11)


def test_hotline_answers_within_30_minutes_around_the_clock():
    opened = d(2026, 2, 17, 23, 50)  # the first night of Tết
    ticket = Ticket.open(id="H-1", channel="hotline", at=opened)
    on_time = evaluate(HOTLINE, ticket.respond(at=d(2026, 2, 18, 0, 15)), at=d(2026, 2, 18, 1))
    assert on_time.first_response.state is ClockState.MET
    assert on_time.first_response.elapsed == timedelta(minutes=25)
    assert on_time.first_response.remaining == timedelta(minutes=5)
    late = evaluate(HOTLINE, ticket.respond(at=d(2026, 2, 18, 0, 25)), at=d(2026, 2, 18, 1))
    fr = late.first_response
    assert (fr.state, fr.breached, fr.ever_breached) == (ClockState.BREACHED, True, True)
    assert fr.breached_at == d(2026, 2, 18, 0, 20)
    assert fr.due_at == fr.breached_at
    assert fr.late_by == timedelta(minutes=5)
    assert fr.stopped_at == d(2026, 2, 18, 0, 25)


def test_waiting_on_the_customer_over_a_weekend_pauses_the_clock():
    ticket = (
        working(d(2026, 3, 6, 16))  # Friday
        .respond(at=d(2026, 3, 6, 16, 30))
        .wait_on_customer(at=d(2026, 3, 6, 17))
    )
    paused = evaluate(SHOP, ticket, at=d(2026, 3, 8, 12))
    res = paused.resolution
    assert (res.state, res.due_at, res.breached) == (ClockState.PAUSED, None, False)
    assert res.elapsed == timedelta(hours=1)
    assert paused.next_change() is None
    resumed = evaluate(SHOP, ticket.resume(at=d(2026, 3, 9, 10)), at=d(2026, 3, 9, 10))
    res = resumed.resolution
    assert res.paused == timedelta(hours=6, minutes=30)  # Fri 17-17:30, Sat 08-12, Mon 08-10
    assert res.elapsed == timedelta(hours=1)
    assert res.due_at == d(2026, 3, 16, 10, 30)
    assert resumed.first_response.state is ClockState.MET


def test_waiting_on_the_customer_over_tet():
    ticket = (
        working(d(2026, 2, 13, 15))
        .respond(at=d(2026, 2, 13, 15, 30))
        .wait_on_customer(at=d(2026, 2, 13, 16))
        .resume(at=d(2026, 2, 23, 9))
    )
    res = evaluate(SHOP, ticket, at=d(2026, 2, 23, 9)).resolution
    assert res.paused == timedelta(hours=10, minutes=30)  # Fri 16-17:30, two Saturdays, Mon 08-09
    assert res.elapsed == timedelta(hours=1)
    pieces = explain(SHOP, ticket, at=d(2026, 2, 23, 12))
    causes = [(p.clock, p.cause, str(p.status)) for p in pieces if p.clock is ClockKind.RESOLUTION]
    assert ("resolution", "paused", "waiting_on_customer") in causes
    assert any(p.cause == "holiday" for p in pieces) is False  # the pause covers Tết whole
    counted = sum(
        (p.duration for p in pieces if p.clock == "resolution" and p.counted), timedelta()
    )
    assert counted == evaluate(SHOP, ticket, at=d(2026, 2, 23, 12)).resolution.elapsed


def test_explain_names_holidays_and_closed_hours_of_a_running_clock():
    ticket = working(d(2026, 2, 13, 16), "urgent")
    pieces = [p for p in explain(SHOP, ticket, at=d(2026, 2, 21, 9)) if p.clock == "first_response"]
    causes = {p.cause for p in pieces}
    assert {"opening_hours", "closed_hours", "holiday"} <= causes
    counted = sum((p.duration for p in pieces if p.counted), timedelta())
    assert counted == timedelta(hours=6, minutes=30)  # Fri 16-17:30, Sat 14 08-12, Sat 21 08-09
    assert pieces[0].start == d(2026, 2, 13, 16)
    assert pieces[-1].end == d(2026, 2, 21, 9)


# -- breach is a flag, separate from the state ---------------------------------------------


def test_running_and_already_breached():
    status = evaluate(SHOP, working(d(2026, 3, 2, 9), "urgent"), at=d(2026, 3, 2, 15))
    fr = status.first_response
    assert (fr.state, fr.breached, fr.breached_at) == (ClockState.RUNNING, True, d(2026, 3, 2, 14))
    assert fr.late_by == timedelta(hours=1)
    assert fr.remaining == timedelta(0)
    assert status.breached
    assert status.ever_breached
    assert status.next_change() == d(2026, 3, 2, 16)  # the resolution clock breaches next


def test_breach_starts_at_the_due_instant():
    ticket = working(d(2026, 3, 2, 9), "urgent")
    assert not evaluate(SHOP, ticket, at=d(2026, 3, 2, 13, 59, 59)).first_response.breached
    assert evaluate(SHOP, ticket, at=d(2026, 3, 2, 14)).first_response.breached
    met = evaluate(SHOP, ticket.respond(at=d(2026, 3, 2, 14)), at=d(2026, 3, 2, 18))
    assert met.first_response.state is ClockState.MET


def test_a_reply_after_closing_time_is_late_by_no_business_time():
    ticket = working(d(2026, 3, 2, 13, 30), "urgent").respond(at=d(2026, 3, 2, 18))
    fr = evaluate(SHOP, ticket, at=d(2026, 3, 2, 19)).first_response
    assert fr.due_at == d(2026, 3, 2, 17, 30)
    assert (fr.state, fr.late_by) == (ClockState.BREACHED, timedelta(0))


def test_paused_after_a_breach_stays_breached():
    ticket = working(d(2026, 3, 2, 9), "urgent").respond(at=d(2026, 3, 2, 9, 5))
    ticket = ticket.wait_on_customer(at=d(2026, 3, 2, 17))
    res = evaluate(SHOP, ticket, at=d(2026, 3, 3, 9)).resolution
    assert (res.state, res.breached, res.due_at) == (ClockState.PAUSED, True, d(2026, 3, 2, 16))


def test_cancelled_ticket_stops_both_clocks():
    ticket = working(d(2026, 3, 2, 9)).cancel(at=d(2026, 3, 2, 10))
    status = evaluate(SHOP, ticket, at=d(2026, 3, 9, 9))
    assert [c.state for c in status.clocks] == [ClockState.CANCELLED, ClockState.CANCELLED]
    assert not status.breached
    assert [c.stopped_at for c in status.clocks] == [d(2026, 3, 2, 10)] * 2
    assert status.next_change() is None


def test_third_party_waits_keep_the_clock_running_unless_told():
    ticket = (
        working(d(2026, 3, 2, 9))
        .respond(at=d(2026, 3, 2, 9))
        .wait_on_third_party(at=d(2026, 3, 2, 10), party="ASC")
    )
    assert evaluate(SHOP, ticket, at=d(2026, 3, 2, 12)).resolution.state is ClockState.RUNNING
    rules = ClockRules(pause_in={"waiting_on_customer", "waiting_on_third_party"})
    res = evaluate(SHOP, ticket, at=d(2026, 3, 2, 12), rules=rules).resolution
    assert (res.state, res.paused) == (ClockState.PAUSED, timedelta(hours=2))


# -- priority changes and reopenings ------------------------------------------------------


def test_priority_raise_retargets_from_the_start():
    ticket = working(d(2026, 3, 2, 9)).change_priority(priority="urgent", at=d(2026, 3, 2, 15))
    fr = evaluate(SHOP, ticket, at=d(2026, 3, 2, 15)).first_response
    assert fr.target == timedelta(hours=4)
    assert (fr.breached, fr.due_at) == (True, d(2026, 3, 2, 14))


def test_priority_lowered_after_a_breach_is_remembered():
    ticket = working(d(2026, 3, 2, 9), "urgent").change_priority(
        priority="normal", at=d(2026, 3, 2, 15)
    )
    status = evaluate(SHOP, ticket, at=d(2026, 3, 2, 16))
    fr = status.first_response
    assert (fr.breached, fr.ever_breached, fr.state) == (False, True, ClockState.RUNNING)
    assert status.priority is Priority.NORMAL


def test_priority_change_can_restart_instead():
    rules = ClockRules(on_priority_change=OnPriorityChange.RESTART)
    ticket = working(d(2026, 3, 2, 9)).change_priority(priority="urgent", at=d(2026, 3, 2, 15))
    fr = evaluate(SHOP, ticket, at=d(2026, 3, 2, 15), rules=rules).first_response
    assert fr.started_at == d(2026, 3, 2, 15)
    assert fr.due_at == d(2026, 3, 3, 9, 30)  # 15-17:30, then 08-09:30
    assert not fr.breached


def test_classification_into_a_category_with_its_own_target():
    policy = SLAPolicy(
        calendar=VN,
        targets={
            Priority.NORMAL: SLATarget(first_response="24h", resolution="48h"),
            (Priority.NORMAL, "installation"): SLATarget(first_response="4h", resolution="24h"),
        },
    )
    ticket = Ticket.open(id="T-9", channel="in_store", at=d(2026, 3, 2, 9)).classify(
        category="installation", at=d(2026, 3, 2, 10)
    )
    status = evaluate(policy, ticket, at=d(2026, 3, 2, 10))
    assert status.first_response.due_at == d(2026, 3, 2, 14)
    assert str(status.category) == "installation"


def resolved_then_reopened() -> Ticket:
    return (
        working(d(2026, 3, 2, 9), "urgent")
        .respond(at=d(2026, 3, 2, 9, 30))
        .resolve(at=d(2026, 3, 2, 11))
        .reopen(at=d(2026, 3, 3, 9))
    )


def test_reopening_resumes_the_resolution_clock():
    res = evaluate(SHOP, resolved_then_reopened(), at=d(2026, 3, 3, 10)).resolution
    assert res.state is ClockState.RUNNING
    assert res.elapsed == timedelta(hours=3)  # 2h first time, 1h since the reopening
    assert res.due_at == d(2026, 3, 3, 14)  # 10-12, lunch, 13-14
    assert res.started_at == d(2026, 3, 2, 9)


def test_reopening_can_restart_the_resolution_clock():
    rules = ClockRules(on_reopen=OnReopen.RESTART)
    res = evaluate(SHOP, resolved_then_reopened(), at=d(2026, 3, 3, 10), rules=rules).resolution
    assert (res.started_at, res.elapsed) == (d(2026, 3, 3, 9), timedelta(hours=1))
    assert res.due_at == d(2026, 3, 3, 16)


def test_explanation_covers_the_current_cycle_only():
    rules = ClockRules(on_reopen="restart")
    pieces = explain(SHOP, resolved_then_reopened(), at=d(2026, 3, 3, 10), rules=rules)
    mine = [p for p in pieces if p.clock is ClockKind.RESOLUTION]
    assert mine[0].start == d(2026, 3, 3, 9)
    assert sum((p.duration for p in mine if p.counted), timedelta()) == timedelta(hours=1)


def test_a_late_first_cycle_is_remembered_after_a_restart():
    rules = ClockRules(on_reopen="restart")
    ticket = (
        working(d(2026, 3, 2, 9), "urgent")
        .respond(at=d(2026, 3, 2, 9, 30))
        .resolve(at=d(2026, 3, 3, 9))
        .reopen(at=d(2026, 3, 3, 10))
    )
    res = evaluate(SHOP, ticket, at=d(2026, 3, 3, 11), rules=rules).resolution
    assert (res.breached, res.ever_breached) == (False, True)


def test_met_before_reopening_then_late():
    ticket = resolved_then_reopened()
    res = evaluate(SHOP, ticket, at=d(2026, 3, 3, 14)).resolution
    assert res.breached  # at the due instant
    assert res.late_by == timedelta(0)
    res = evaluate(SHOP, ticket, at=d(2026, 3, 3, 15)).resolution
    assert res.late_by == timedelta(hours=1)
    res = evaluate(SHOP, ticket.resolve(at=d(2026, 3, 3, 16)), at=d(2026, 3, 4, 9)).resolution
    assert (res.state, res.late_by) == (ClockState.BREACHED, timedelta(hours=2))


# -- time travel, warnings, next change ---------------------------------------------------


def test_events_after_at_are_ignored():
    ticket = resolved_then_reopened()
    earlier = evaluate(SHOP, ticket, at=d(2026, 3, 2, 10))
    again = evaluate(SHOP, Ticket.from_events("T-1", ticket.events[:4]), at=d(2026, 3, 2, 10))
    assert earlier.first_response == again.first_response
    assert earlier.resolution == again.resolution
    assert earlier.resolution.state is ClockState.RUNNING
    with pytest.raises(ValidationError, match="before ticket 'T-1' was opened"):
        evaluate(SHOP, ticket, at=d(2026, 3, 1, 9))


def test_warnings_and_next_change():
    rules = ClockRules(
        warnings=[
            SLAWarning(share=Decimal("0.5"), label="half"),
            SLAWarning(before="30m", label="amber"),
        ]
    )
    ticket = working(d(2026, 3, 2, 9), "urgent")
    quiet = evaluate(SHOP, ticket, at=d(2026, 3, 2, 9), rules=rules)
    assert quiet.first_response.warning is None
    assert not quiet.warning
    assert quiet.next_change() == d(2026, 3, 2, 11)  # half of 4h: 09-11
    half = evaluate(SHOP, ticket, at=d(2026, 3, 2, 11), rules=rules)
    assert half.first_response.warning.label == "half"
    assert half.warning
    assert half.next_change() == d(2026, 3, 2, 12)  # resolution half: 3h -> 12:00
    amber = evaluate(SHOP, ticket, at=d(2026, 3, 2, 13, 45), rules=rules)
    assert amber.first_response.warning.label == "amber"
    assert next_change(SHOP, ticket, at=d(2026, 3, 2, 13, 45), rules=rules) == d(2026, 3, 2, 14)
    late = evaluate(SHOP, ticket, at=d(2026, 3, 2, 14), rules=rules)
    assert late.first_response.warning is None  # breached now: the flag says so
    stopped = evaluate(
        SHOP, ticket.respond(at=d(2026, 3, 2, 10)), at=d(2026, 3, 2, 15), rules=rules
    )
    assert stopped.first_response.warning is None


def test_policy_clock_rules_are_used_when_present():
    fake = SimpleNamespace(
        calendar=VN,
        target_for=SHOP.target_for,
        clock_rules=ClockRules(on_reopen="restart"),
    )
    res = evaluate(fake, resolved_then_reopened(), at=d(2026, 3, 3, 10)).resolution
    assert res.started_at == d(2026, 3, 3, 9)
    assert evaluate(
        SHOP, resolved_then_reopened(), at=d(2026, 3, 3, 10)
    ).resolution.started_at == d(2026, 3, 2, 9)


def test_missing_target_is_an_error():
    ticket = Ticket.open(id="L-1", channel="web", priority="low", at=d(2026, 3, 2, 9))
    with pytest.raises(MissingTargetError, match="priority: 'low' has no target in policy 'shop'"):
        evaluate(SHOP, ticket, at=d(2026, 3, 2, 9))


def test_policy_without_calendar_runs_around_the_clock_in_the_tickets_zone():
    policy = SLAPolicy(default=SLATarget(first_response="30m", resolution="4h"))
    ticket = Ticket.open(id="T-1", channel="hotline", at=d(2026, 3, 1, 23))  # a Sunday night
    status = evaluate(policy, ticket, at=d(2026, 3, 1, 23))
    assert status.first_response.due_at == d(2026, 3, 1, 23, 30)
    assert status.first_response.due_at.timezone_name == Z
    fixed = datetime(2026, 3, 1, 23, tzinfo=timezone(timedelta(hours=7)))
    odd = Ticket.open(id="T-2", channel="hotline", at=fixed)
    due = evaluate(policy, odd, at=fixed).first_response.due_at
    assert due == d(2026, 3, 1, 23, 30)
    assert due.timezone_name == "UTC"  # a fixed offset names no zone: counted in UTC


def test_evaluate_many_is_lazy_and_selects_per_ticket():
    selector = SLASelector(rules=[SLARule(policy=HOTLINE, channels=["hotline"])], default=SHOP)

    def stream():
        yield Ticket.open(id="A", channel="hotline", at=d(2026, 3, 2, 9))
        yield working(d(2026, 3, 2, 9))
        yield Ticket.open(id="B", channel="hotline", at=d(2026, 3, 2, 9))
        raise AssertionError("read past what was asked")

    results = selector.evaluate_many(stream(), at=d(2026, 3, 2, 10))
    first, second, third = next(results), next(results), next(results)
    assert [s.policy.name for s in (first, second, third)] == ["hotline", "shop", "hotline"]
    assert first.first_response.breached
    assert not second.first_response.breached
    assert list(evaluate_many(SHOP, [], at=d(2026, 3, 2, 10))) == []
    one = selector.evaluate(working(d(2026, 3, 2, 9)), at=d(2026, 3, 2, 10))
    assert one.first_response == second.first_response


def test_status_reprs_and_equality():
    status = evaluate(SHOP, working(d(2026, 3, 2, 9), "urgent"), at=d(2026, 3, 2, 10))
    assert repr(status).startswith("SLAStatus(ticket_id='T-1', at='2026-03-02T10:00:00+07:00'")
    assert "state='running'" in repr(status.first_response)
    assert status.first_response != status.resolution
    assert status.first_response.__eq__("x") is NotImplemented
    assert status.first_response.stopped_at is None
    assert status.first_response.breached_at is None
    assert isinstance(status, SLAStatus)


# -- configuration values -------------------------------------------------------------------


def test_warning_and_rules_validation():
    with pytest.raises(ValidationError, match="exactly one of"):
        SLAWarning()
    with pytest.raises(ValidationError, match="exactly one of"):
        SLAWarning(before="1h", share="0.5")
    for bad in ("1.5", 0, 0.8, True, [1]):
        with pytest.raises(ValidationError, match="share"):
            SLAWarning(share=bad)
    assert SLAWarning(before="5h").threshold(4 * H * 10**6) == 0
    with pytest.raises(ValidationError, match=r"warnings\[0\]"):
        ClockRules(warnings=["30m"])
    with pytest.raises(ValueError, match="sometimes"):
        ClockRules(on_reopen="sometimes")
    assert ClockRules() == DEFAULT_RULES
    assert DEFAULT_RULES.pause_in is None


def test_selector_rules():
    gold = SLARule(name="gold", policy="GOLD", customer_tiers="gold", categories=["complaint"])
    tet = SLARule(
        policy="TET", valid_from=d(2026, 2, 14), valid_until=d(2026, 2, 23), priorities=["urgent"]
    )
    selector = SLASelector(rules=[gold, tet], default="STD")
    t = Ticket.open(id="T", channel="email", customer_tier="gold", at=d(2026, 2, 16, 9))
    assert selector.select(t) == "STD"  # unclassified: no category match
    assert selector.select(t.classify(category="complaint", at=d(2026, 2, 16, 9))) == "GOLD"
    urgent = Ticket.open(id="U", channel="email", priority="urgent", at=d(2026, 2, 16, 9))
    assert selector.rule_for(urgent) is tet
    before = Ticket.open(id="U", channel="email", priority="urgent", at=d(2026, 2, 13, 9))
    after = Ticket.open(id="U", channel="email", priority="urgent", at=d(2026, 2, 23, 0))
    assert selector.select(before) == selector.select(after) == "STD"
    with pytest.raises(ValidationError, match="channels"):
        SLARule(policy="X", channels=["fax"])
    with pytest.raises(ValidationError, match="valid_until"):
        SLARule(policy="X", valid_from=d(2026, 2, 14), valid_until=d(2026, 2, 14))
    with pytest.raises(ValidationError, match=r"rules\[0\]"):
        SLASelector(rules=["gold"], default="STD")


# -- properties -------------------------------------------------------------------------------

QUICK = settings(max_examples=60, deadline=None)
# Short targets, so that random histories breach, warn and recover often.
POLICY = SLAPolicy(
    calendar=VN,
    targets={
        Priority.URGENT: SLATarget(first_response="30m", resolution="2h"),
        Priority.HIGH: SLATarget(first_response="1h", resolution="4h"),
        Priority.NORMAL: SLATarget(first_response="4h", resolution="8h"),
        Priority.LOW: SLATarget(first_response="8h", resolution="16h"),
    },
)
RULES = hs.builds(
    ClockRules,
    on_reopen=hs.sampled_from(OnReopen),
    on_priority_change=hs.sampled_from(OnPriorityChange),
    warnings=hs.just([SLAWarning(share="0.8"), SLAWarning(before="30m")]),
)
TICKETS = tickets(min_events=3, max_events=14, max_gap=timedelta(hours=6))
LATER = hs.integers(0, 86_400)


def _at(ticket: Ticket, seconds: int) -> pendulum.DateTime:
    return ticket.last_event_at.add(seconds=seconds)


@QUICK
@given(TICKETS, LATER, RULES)
def test_clock_invariants(ticket, later, rules):
    at = _at(ticket, later)
    status = evaluate(POLICY, ticket, at=at, rules=rules)
    for clock in status.clocks:
        assert clock.elapsed + clock.paused <= at - clock.started_at
        assert clock.remaining == max(clock.target - clock.elapsed, timedelta(0))
        assert not clock.breached or clock.ever_breached
        assert (clock.breached_at is not None) == clock.breached
        if clock.state in (ClockState.MET, ClockState.BREACHED):
            assert clock.breached == (clock.state is ClockState.BREACHED)
        if clock.breached:
            assert clock.late_by == clock.elapsed - clock.target
        if clock.state is ClockState.RUNNING:
            assert clock.due_at is not None
            assert clock.breached == (at >= clock.due_at)


@QUICK
@given(TICKETS, LATER)
def test_the_clocks_read_priority_and_category_as_the_ticket_does(ticket, later):
    status = evaluate(POLICY, ticket, at=_at(ticket, later))
    assert (status.priority, status.category) == (ticket.priority, ticket.category)


def test_a_category_carried_by_a_priority_change_does_not_retarget():
    # The ticket reads only the priority from a change of priority; so do its clocks.
    at = d(2026, 3, 2, 9)
    events = [
        TicketEvent(kind="open", at=at, data={"channel": "email"}),
        TicketEvent(kind="classify", at=at, data={"category": "warranty"}),
        TicketEvent(
            kind="change_priority", at=at, data={"priority": "urgent", "category": "billing"}
        ),
    ]
    ticket = Ticket.from_events("T", events)
    billing = SLAPolicy(
        calendar=VN,
        targets={
            Priority.URGENT: SLATarget(first_response="4h", resolution="6h"),
            (Priority.URGENT, Category.BILLING): SLATarget(first_response="1h", resolution="2h"),
        },
        default=SLATarget(first_response="24h", resolution="48h"),
    )
    status = evaluate(billing, ticket, at=at)
    assert (status.priority, status.category) == (Priority.URGENT, Category.WARRANTY)
    assert status.first_response.target == timedelta(hours=4)


@QUICK
@given(TICKETS, LATER)
def test_explanation_adds_up_to_the_elapsed_time(ticket, later):
    at = _at(ticket, later)
    status = evaluate(POLICY, ticket, at=at)
    pieces = status.explain()
    for clock in status.clocks:
        mine = [p for p in pieces if p.clock == clock.kind]
        counted = sum((p.duration for p in mine if p.counted), timedelta())
        assert counted == clock.elapsed
        for left, right in itertools.pairwise(mine):
            assert left.end == right.start


@QUICK
@given(TICKETS, LATER, RULES)
def test_next_change_is_when_a_flag_changes(ticket, later, rules):
    at = _at(ticket, later)
    status = evaluate(POLICY, ticket, at=at, rules=rules)
    when = status.next_change()
    if when is None:
        assert all(c.state is not ClockState.RUNNING or c.breached for c in status.clocks)
        return
    assert when > at

    def flags(s):
        return [(c.breached, c.warning) for c in s.clocks]

    assert flags(evaluate(POLICY, ticket, at=when.subtract(microseconds=1), rules=rules)) == flags(
        status
    )
    assert flags(evaluate(POLICY, ticket, at=when, rules=rules)) != flags(status)


@QUICK
@given(TICKETS, hs.integers(0, 3 * 86_400), hs.integers(0, 3 * 86_400))
def test_counted_time_never_decreases(ticket, first, second):
    early, late = sorted((first, second))
    a = evaluate(POLICY, ticket, at=_at(ticket, early))
    b = evaluate(POLICY, ticket, at=_at(ticket, late))
    for x, y in zip(a.clocks, b.clocks, strict=True):
        assert x.elapsed <= y.elapsed
        assert x.ever_breached <= y.ever_breached


@QUICK
@given(TICKETS, hs.data())
def test_evaluating_in_the_past_equals_replaying_the_past(ticket, data):
    cut = data.draw(hs.integers(1, len(ticket.events)))
    at = ticket.events[cut - 1].at
    while cut < len(ticket.events) and ticket.events[cut].at == at:
        cut += 1
    past = Ticket.from_events(ticket.id, ticket.events[:cut])
    assert evaluate(POLICY, ticket, at=at).clocks == evaluate(POLICY, past, at=at).clocks


# -- clock changes: clocks order and measure real time, not wall clocks -----------------------

NY, BERLIN = "America/New_York", "Europe/Berlin"
# The instants (UTC) at which the clocks change: spring forward, then fall back.
CHANGES = {
    NY: [(2025, 3, 9, 7), (2025, 11, 2, 6), (2026, 3, 8, 7), (2026, 11, 1, 6)],
    BERLIN: [(2025, 3, 30, 1), (2025, 10, 26, 1), (2026, 3, 29, 1), (2026, 10, 25, 1)],
}
NY_FALL_2025 = (NY, (2025, 11, 2, 6))
NY_SPRING_2025 = (NY, (2025, 3, 9, 7))
CHANGE_NIGHTS = hs.sampled_from([(z, when) for z, whens in CHANGES.items() for when in whens])
NEAR = hs.one_of(hs.integers(-3 * H, 3 * H), hs.integers(-36 * H, 36 * H))
ROUND_THE_CLOCK = SLAPolicy(default=SLATarget(first_response="100h", resolution="200h"))


def near(change, seconds: int, stdlib: bool = False) -> datetime:
    """The instant ``seconds`` after a clock change, on the zone's wall clock (fold set right)."""
    zone, when = change
    instant = datetime(*when, tzinfo=UTC) + timedelta(seconds=seconds)
    if stdlib:
        return instant.astimezone(ZoneInfo(zone))
    return pendulum.instance(instant).in_timezone(zone)


@given(CHANGE_NIGHTS, NEAR, NEAR, hs.booleans())
@example(NY_SPRING_2025, -14 * H, 9 * H, False)  # Saturday 12:00 to Sunday 12:00: 23 hours
@example(NY_FALL_2025, -600, 600, False)  # 01:50 EDT to 01:10 EST: 20 minutes
def test_clocks_and_their_explanation_count_real_time(change, a, b, stdlib):
    a, b = sorted((a, b))
    ticket = Ticket.open(id="T", channel="email", at=near(change, a, stdlib))
    status = evaluate(ROUND_THE_CLOCK, ticket, at=near(change, b, stdlib))
    real = timedelta(seconds=b - a)
    for clock in status.clocks:
        pieces = [p for p in status.explain() if p.clock == clock.kind]
        assert clock.elapsed == real
        assert sum((p.duration for p in pieces), timedelta()) == real


@given(CHANGE_NIGHTS, NEAR, NEAR, NEAR)
@example(NY_FALL_2025, -600, 600, 0)  # reply 01:10 EST; evaluated at 01:00 EST, before it
@example(NY_FALL_2025, -600, 600, -300)  # evaluated at 01:55 EDT, between open and reply
def test_history_is_cut_at_the_real_instant(change, opened, replied, at):
    opened, replied = sorted((opened, replied))
    ticket = Ticket.open(id="T", channel="email", at=near(change, opened))
    ticket = ticket.respond(at=near(change, replied))
    if at < opened:
        with pytest.raises(ValidationError, match="before ticket 'T' was opened"):
            evaluate(ROUND_THE_CLOCK, ticket, at=near(change, at))
        return
    fr = evaluate(ROUND_THE_CLOCK, ticket, at=near(change, at)).first_response
    assert fr.state is (ClockState.MET if at >= replied else ClockState.RUNNING)
    assert fr.elapsed == timedelta(seconds=min(at, replied) - opened)


@given(CHANGE_NIGHTS, NEAR, NEAR, NEAR)
@example(NY_FALL_2025, -600, 600, 0)  # valid 01:50 EDT to 01:10 EST, opened at 01:00 EST
def test_rule_validity_is_read_in_real_time(change, start, end, opened):
    if start >= end:
        with pytest.raises(ValidationError, match="valid_until"):
            SLARule(policy="X", valid_from=near(change, start), valid_until=near(change, end))
        return
    rule = SLARule(policy="X", valid_from=near(change, start), valid_until=near(change, end))
    ticket = Ticket.open(id="T", channel="email", at=near(change, opened))
    assert rule.matches(ticket) == (start <= opened < end)


# -- configuration values are refused with typed errors naming the field ----------------------


def test_pause_in_takes_one_status_or_a_collection():
    assert ClockRules(pause_in="waiting_on_customer").pause_in == {"waiting_on_customer"}
    both = ClockRules(pause_in=["waiting_on_customer", "waiting_on_third_party"])
    assert both.pause_in == {"waiting_on_customer", "waiting_on_third_party"}
    one = ClockRules(pause_in="waiting_on_third_party")
    ticket = working(d(2026, 3, 2, 9)).wait_on_third_party(at=d(2026, 3, 2, 10))
    paused = evaluate(HOTLINE, ticket, at=d(2026, 3, 2, 11), rules=one).resolution
    assert (paused.state, paused.elapsed) == (ClockState.PAUSED, timedelta(hours=1))


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: ClockRules(pause_in=5), InvalidTypeError, r"pause_in: 5 must be a status"),
        (lambda: ClockRules(pause_in=[5]), InvalidTypeError, r"pause_in\[0\]: 5 must be"),
        (
            lambda: ClockRules(pause_in=[""]),
            ValidationError,
            r"pause_in\[0\]: '' must not be empty",
        ),
        (
            lambda: ClockRules(on_reopen="bogus"),
            ValidationError,
            "on_reopen: 'bogus' must be one of: resume, restart",
        ),
        (
            lambda: ClockRules(on_priority_change=None),
            ValidationError,
            "on_priority_change: None must be one of",
        ),
        (
            lambda: ClockRules(warnings=None),
            InvalidTypeError,
            "warnings: None must be a list of SLAWarning",
        ),
        (
            lambda: ClockRules(warnings=5),
            InvalidTypeError,
            "warnings: 5 must be a list of SLAWarning",
        ),
        (lambda: ClockRules(warnings=SLAWarning(before="1h")), InvalidTypeError, "warnings: "),
        (lambda: SLAWarning(share="abc"), ValidationError, "share: 'abc' is not a decimal number"),
        (lambda: SLAWarning(share="NaN"), ValidationError, "share: 'NaN' must be a finite number"),
        (
            lambda: SLAWarning(share="Infinity"),
            ValidationError,
            "share: 'Infinity' must be a finite",
        ),
        (lambda: SLAWarning(share=0.8), InvalidTypeError, "share: 0.8 is a float"),
        (lambda: SLAWarning(before="1h", label=5), InvalidTypeError, "label: 5 must be text"),
        (lambda: SLAWarning(before=5), InvalidTypeError, "before: 5"),
    ],
)
def test_clock_rules_refuse_bad_values_by_name(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_a_selector_needs_policies():
    with pytest.raises(ValidationError, match="default: None must be a policy"):
        SLASelector(rules=[], default=None)
    with pytest.raises(ValidationError, match="policy: None must be a policy"):
        SLARule(policy=None)
    ticket = Ticket.open(id="T", channel="email", at=d(2026, 3, 2, 9))
    labels = SLASelector(rules=[SLARule(policy="GOLD", channels="email")], default="STD")
    assert labels.select(ticket) == "GOLD"  # selection alone may choose any value
    message = r"policy: 'GOLD' must be an SLA policy \(with calendar and target_for\)"
    with pytest.raises(InvalidTypeError, match=message):
        labels.evaluate(ticket, at=d(2026, 3, 2, 10))
    with pytest.raises(InvalidTypeError, match=message):
        list(labels.evaluate_many([ticket], at=d(2026, 3, 2, 10)))
    with pytest.raises(InvalidTypeError, match="policy: 'STD' must be an SLA policy"):
        evaluate("STD", ticket, at=d(2026, 3, 2, 10))
    odd = SimpleNamespace(calendar="24/7", target_for=SHOP.target_for)
    with pytest.raises(
        InvalidTypeError, match="calendar: '24/7' must be a BusinessCalendar or None"
    ):
        evaluate(odd, ticket, at=d(2026, 3, 2, 10))
    vague = SimpleNamespace(calendar=None, target_for=lambda priority, category: "4h")
    with pytest.raises(InvalidTypeError, match="target: '4h' must be an SLATarget"):
        evaluate(vague, ticket, at=d(2026, 3, 2, 10))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SLASelector(rules=None, default="STD"), "rules: None must be a list of SLARule"),
        (lambda: SLASelector(rules=SLARule(policy="X"), default="STD"), "rules: SLARule"),
        (
            lambda: SLARule(policy="X", channels=None),
            "channels: None must be a value or a collection",
        ),
        (
            lambda: SLARule(policy="X", priorities=5),
            "priorities: 5 must be a value or a collection",
        ),
        (lambda: SLARule(policy="X", customer_tiers=[5]), "customer_tiers: 5 must be text"),
    ],
)
def test_selector_conditions_refuse_wrong_types_by_name(make, message):
    with pytest.raises(InvalidTypeError, match=message):
        make()


# -- a resolution without a reply cancels the first-response clock -------------------------


def unanswered(opened: pendulum.DateTime, resolved: pendulum.DateTime) -> Ticket:
    """A stored history resolved and closed with no reply (replayed: guards are not re-checked)."""
    events = (
        TicketEvent(kind="open", at=opened, data={"channel": "email"}),
        TicketEvent(kind="classify", at=opened, data={"category": "warranty"}),
        TicketEvent(kind="assign", at=opened, data={"assignee": "lan"}),
        TicketEvent(kind="resolve", at=resolved),
        TicketEvent(kind="close", at=resolved.add(hours=1)),
    )
    return Ticket.from_events("T", events)


def test_a_resolution_without_a_reply_cancels_the_first_response_clock():
    quick = evaluate(
        HOTLINE, unanswered(d(2026, 3, 2, 9), d(2026, 3, 2, 9, 20)), at=d(2026, 3, 3, 9)
    )
    fr = quick.first_response
    assert (fr.state, fr.breached, fr.stopped_at) == (
        ClockState.CANCELLED,
        False,
        d(2026, 3, 2, 9, 20),
    )
    assert quick.resolution.state is ClockState.MET
    late = evaluate(HOTLINE, unanswered(d(2026, 3, 2, 9), d(2026, 3, 4, 11)), at=d(2026, 3, 5, 9))
    fr = late.first_response
    assert (fr.state, fr.breached, fr.ever_breached) == (ClockState.CANCELLED, True, True)
    assert (fr.breached_at, fr.stopped_at) == (d(2026, 3, 2, 9, 30), d(2026, 3, 4, 11))
    assert fr.late_by == timedelta(hours=49, minutes=30)


@pytest.mark.parametrize(
    ("kind", "data", "field", "value"),
    [
        ("open", {"priority": "urgent", "category": "nothing"}, "category", "nothing"),
        ("open", {"priority": "soon"}, "priority", "soon"),
        ("classify", {"priority": "soon", "category": "nothing"}, "category", "nothing"),
        ("classify", {"category": "billing", "priority": True}, "priority", True),
        ("classify", {}, "category", None),
        ("change_priority", {"category": "billing"}, "priority", None),
    ],
)
def test_the_classification_rule_refuses_unknown_values_by_name(kind, data, field, value):
    with pytest.raises(ValidationError) as caught:
        classification_after(kind, data, Priority.NORMAL, None)
    assert (caught.value.field, caught.value.value) == (field, value)


def test_the_classification_rule_reads_what_each_event_sets():
    urgent, low = Priority.URGENT, Priority.LOW
    assert classification_after("open", {}, urgent, Category.BILLING) == (Priority.NORMAL, None)
    assert classification_after("classify", {"category": "return"}, low, None) == (
        low,
        Category.RETURN,
    )
    assert classification_after(
        "classify", {"category": "return", "priority": "urgent"}, low, None
    ) == (urgent, Category.RETURN)
    assert classification_after("change_priority", {"priority": "urgent"}, low, None) == (
        urgent,
        None,
    )
    assert classification_after("escalate", {"priority": "urgent"}, low, None) == (low, None)
