"""Ticket metrics: response and resolution times, first-contact resolution, reopens, backlog."""

import pickle
from datetime import timedelta

import attrs
import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as hs

from aftersales_core import ValidationError
from aftersales_core.metrics import (
    BacklogAccumulator,
    FirstContactResolutionAccumulator,
    IncompatibleMergeError,
    ReopenRateAccumulator,
    TicketTimesAccumulator,
    backlog,
    first_contact_resolution,
    first_response_times,
    reopen_rate,
    resolution_times,
)
from aftersales_core.sla.policy import SLAPolicy, SLATarget
from aftersales_core.sla.rules import ClockState
from aftersales_core.testing.tickets import tickets
from aftersales_core.tickets import Ticket, TicketEvent, TicketStatus, TicketWorkflow
from aftersales_core.vocabulary import Channel, Priority

T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
NEW_YORK = "America/New_York"


class HalfTime:
    """A stand-in business calendar: half of the wall time counts."""

    def elapsed(self, start, end):
        return (end - start) / 2

    def __eq__(self, other):
        return isinstance(other, HalfTime)

    def __hash__(self):
        return 0


def opened(n=1, *, minutes=0, channel="hotline", priority="normal"):
    return Ticket.open(id=f"T-{n}", channel=channel, priority=priority, at=T0.add(minutes=minutes))


def working(ticket, minutes=1):
    at = ticket.last_event_at.add(minutes=minutes)
    return ticket.classify(category="warranty", at=at).assign(assignee="lan", at=at)


def resolved(n=1, *, reply_after=30, resolve_after=240, **kw):
    t = working(opened(n, **kw))
    t = t.respond(at=t.opened_at.add(minutes=reply_after))
    return t.resolve(at=t.opened_at.add(minutes=resolve_after))


def test_first_response_times_summary():
    tickets = [opened(i).respond(at=T0.add(minutes=m)) for i, m in enumerate([10, 40, 20, 30, 50])]
    s = first_response_times([*tickets, opened(99)])
    assert (s.n, s.pending) == (5, 1)
    assert s.mean == timedelta(minutes=30)
    assert s.score == s.mean
    assert s.median == timedelta(minutes=30)
    assert s.p90 == s.p95 == s.max == timedelta(minutes=50)
    assert s.min == timedelta(minutes=10)


def test_cancelled_tickets_are_neither_counted_nor_pending():
    cancelled = opened(1).cancel(at=T0.add(hours=1))
    s = first_response_times([cancelled])
    assert (s.n, s.pending, s.score) == (0, 0, None)
    assert resolution_times([cancelled]).pending == 0


def test_business_time_with_a_calendar():
    t = resolved(1, reply_after=60, resolve_after=600)
    assert first_response_times([t], calendar=HalfTime()).max == timedelta(minutes=30)
    assert resolution_times([t], calendar=HalfTime()).max == timedelta(minutes=300)


def test_resolution_time_can_leave_out_waiting_on_the_customer():
    t = working(opened(1))
    t = t.respond(at=T0.add(hours=1)).wait_on_customer(at=T0.add(hours=1))
    t = t.resume(at=T0.add(hours=5)).resolve(at=T0.add(hours=6))
    assert resolution_times([t]).max == timedelta(hours=6)
    assert resolution_times([t], exclude_paused=True).max == timedelta(hours=2)
    assert resolution_times([t], exclude_paused=True, calendar=HalfTime()).max == timedelta(hours=1)


def test_pauses_after_the_first_response_do_not_shorten_it():
    t = working(opened(1)).respond(at=T0.add(hours=1)).wait_on_customer(at=T0.add(hours=2))
    assert first_response_times([t], exclude_paused=True).max == timedelta(hours=1)


def test_resolving_while_waiting_on_the_customer_ends_the_pause():
    t = working(opened(1))
    t = t.respond(at=T0.add(hours=1)).wait_on_customer(at=T0.add(hours=2))
    t = t.resolve(at=T0.add(hours=5))
    assert resolution_times([t], exclude_paused=True).max == timedelta(hours=2)


def test_reopened_ticket_is_pending_until_resolved_again():
    t = resolved(1)
    again = t.reopen(at=T0.add(days=1))
    assert resolution_times([again]).pending == 1
    fixed = again.resolve(at=T0.add(days=1, hours=2))
    assert resolution_times([fixed]).max == timedelta(days=1, hours=2)


def test_times_by_segment():
    tickets = [
        opened(1, channel="email").respond(at=T0.add(hours=2)),
        opened(2, channel="hotline").respond(at=T0.add(minutes=5)),
        opened(3, channel="hotline", priority="urgent").respond(at=T0.add(minutes=15)),
    ]
    by_channel = first_response_times(tickets, by="channel")
    assert list(by_channel) == [Channel.EMAIL, Channel.HOTLINE]
    assert by_channel[Channel.HOTLINE].n == 2
    by_priority = first_response_times(tickets, by="priority")
    assert list(by_priority) == [Priority.NORMAL, Priority.URGENT]  # ordered by urgency


def test_times_accumulator_merges_and_refuses_other_settings():
    a = TicketTimesAccumulator(until="first_response").update([resolved(1)])
    b = TicketTimesAccumulator(until="first_response").update([opened(2)])
    merged = a.merge(b).result()
    assert (merged.n, merged.pending) == (1, 1)
    with pytest.raises(IncompatibleMergeError):
        a.merge(TicketTimesAccumulator(until="resolution"))
    with pytest.raises(IncompatibleMergeError):
        a.merge(TicketTimesAccumulator(until="first_response", calendar=HalfTime()))
    assert "n=1" in repr(a)
    assert pickle.loads(pickle.dumps(a)).result() == a.result()


def test_first_contact_resolution_definitions():
    one_reply = resolved(1)
    base = working(opened(2))
    two_replies = base.respond(at=T0.add(hours=1)).respond(at=T0.add(hours=2))
    two_replies = two_replies.resolve(at=T0.add(hours=3))
    went_back = base.respond(at=T0.add(hours=1)).wait_on_customer(at=T0.add(hours=1))
    went_back = went_back.resume(at=T0.add(hours=4)).resolve(at=T0.add(hours=5))
    reopened = resolved(3).reopen(at=T0.add(days=1))
    still_open = opened(4).respond(at=T0.add(hours=1))
    cancelled = opened(5).cancel(at=T0.add(hours=1))
    tickets = [one_reply, two_replies, went_back, reopened, still_open, cancelled]

    single = first_contact_resolution(tickets)
    assert (single.hits, single.n, single.pending) == (2, 4, 1)  # one_reply, went_back
    further = first_contact_resolution(tickets, definition="no_further_contact")
    assert (further.hits, further.n, further.pending) == (2, 4, 1)  # one_reply, two_replies
    closed = one_reply.confirm(rating=5, at=T0.add(days=1))
    assert first_contact_resolution([closed]).score == 100.0


def test_reopen_rate_counts_tickets_ever_resolved():
    done = resolved(1)
    reopened_now = resolved(2).reopen(at=T0.add(days=1))
    reopened_then_fixed = reopened_now.resolve(at=T0.add(days=2))
    never_resolved = opened(3)
    r = reopen_rate([done, reopened_now, reopened_then_fixed, never_resolved])
    assert (r.hits, r.n) == (2, 3)
    assert reopen_rate([]).score is None


def test_rate_accumulators_merge_and_compare_settings():
    a = FirstContactResolutionAccumulator().update([resolved(1)])
    b = FirstContactResolutionAccumulator().update([resolved(2).reopen(at=T0.add(days=1))])
    assert a.merge(b).result().score == 50.0
    with pytest.raises(IncompatibleMergeError):
        a.merge(FirstContactResolutionAccumulator(definition="no_further_contact"))
    with pytest.raises(IncompatibleMergeError):
        a.merge(ReopenRateAccumulator())
    acc = ReopenRateAccumulator()
    acc.add(resolved(1))
    assert repr(acc) == "ReopenRateAccumulator(hits=0, misses=1)"
    assert pickle.loads(pickle.dumps(a)).result() == a.result()


def test_backlog_reads_each_ticket_as_of_at():
    done = resolved(1)  # resolved 4 h after opening
    tickets = [done, opened(2, minutes=60), opened(3, minutes=60 * 24 * 4)]
    at = T0.add(hours=2)
    b = backlog(tickets, at=at)
    assert b.n == 2  # ticket 1 (not resolved yet at 11:00) and ticket 2; ticket 3 not yet opened
    assert b.ages.max == timedelta(hours=2)
    assert b.score == timedelta(hours=1, minutes=30)
    assert dict(b.by_status) == {TicketStatus.IN_PROGRESS: 1, TicketStatus.NEW: 1}
    assert backlog(tickets, at=T0.add(days=5)).n == 2  # ticket 1 resolved by then
    assert b.at == at


def test_backlog_buckets_and_calendar():
    tickets = [opened(i, minutes=-60 * h) for i, h in enumerate([1, 5, 30, 100, 400])]
    b = backlog(tickets, at=T0, buckets=["4h", "1d", "4d"])
    assert [(x.label, x.count) for x in b.buckets] == [
        ("< 4h", 1),
        ("4h – 1d", 1),
        ("1d – 4d", 1),
        ("≥ 4d", 2),
    ]
    assert b.buckets[-1].high is None
    half = backlog(tickets, at=T0, buckets=["4h"], calendar=HalfTime())
    assert [x.count for x in half.buckets] == [2, 3]


@pytest.mark.parametrize("buckets", [["1d", "1d"], ["0s", "1d"], ["2d", "1d"]])
def test_backlog_buckets_must_increase(buckets):
    with pytest.raises(ValidationError, match="buckets"):
        backlog([], at=T0, buckets=buckets)


def test_backlog_accumulator_merges():
    a = BacklogAccumulator(at=T0.add(hours=1)).update([opened(1)])
    b = BacklogAccumulator(at=T0.add(hours=1))
    b.add(opened(2))
    assert a.merge(b).result().n == 2
    with pytest.raises(IncompatibleMergeError):
        a.merge(BacklogAccumulator(at=T0.add(hours=2)))
    assert "n=1" in repr(a)
    assert pickle.loads(pickle.dumps(a)).result() == a.result()


def test_backlog_by_priority():
    tickets = [opened(1, priority="urgent"), opened(2), opened(3)]
    by = backlog(tickets, at=T0.add(hours=1), by="priority")
    assert {k: v.n for k, v in by.items()} == {Priority.NORMAL: 2, Priority.URGENT: 1}


def build(spec):
    n, (reply, resolve, reopen, channel) = spec
    t = opened(n, channel=channel)
    if reply is None:
        return t
    t = working(t).respond(at=T0.add(minutes=reply))
    if resolve is None:
        return t
    t = t.resolve(at=T0.add(minutes=reply + resolve))
    return t.reopen(at=t.last_event_at.add(minutes=1)) if reopen else t


ticket_specs = hs.lists(
    hs.tuples(
        hs.one_of(hs.none(), hs.integers(2, 600)),
        hs.one_of(hs.none(), hs.integers(0, 6000)),
        hs.booleans(),
        hs.sampled_from(["hotline", "email", "zalo_oa"]),
    ),
    max_size=12,
).map(lambda specs: [build(s) for s in enumerate(specs)])

FACTORIES = [
    lambda: TicketTimesAccumulator(until="first_response"),
    lambda: TicketTimesAccumulator(until="resolution", exclude_paused=True),
    FirstContactResolutionAccumulator,
    ReopenRateAccumulator,
    lambda: BacklogAccumulator(at=T0.add(hours=3), buckets=["1h", "2h"]),
]


@given(ticket_specs, ticket_specs)
def test_ticket_accumulators_merge_to_the_one_pass_result(x, y):
    for factory in FACTORIES:
        whole = factory().update(x + y).result()
        assert factory().update(x).merge(factory().update(y)).result() == whole
        assert factory().update(y).merge(factory().update(x)).result() == whole
        one = factory()
        for t in x + y:
            one.add(t)
        assert one.result() == whole


@given(ticket_specs)
def test_ticket_segments_merge_back_to_the_whole(tickets):
    by = first_response_times(tickets, by="channel")
    whole = first_response_times(tickets)
    assert sum(s.n for s in by.values()) == whole.n
    assert sum(s.pending for s in by.values()) == whole.pending
    fcr = first_contact_resolution(tickets, by="channel")
    total = first_contact_resolution(tickets)
    assert sum(r.hits for r in fcr.values()) == total.hits
    assert sum(r.n for r in fcr.values()) == total.n


def test_business_time_on_a_real_office_calendar():
    from aftersales_core.calendar import BusinessCalendar

    office = BusinessCalendar(
        timezone="Asia/Ho_Chi_Minh",
        weekly={day: ["08:00-12:00", "13:00-17:30"] for day in ("mon", "tue", "wed", "thu", "fri")},
    )
    # Received Monday 16:30, answered Tuesday 09:00: 1 h on Monday + 1 h on Tuesday.
    t = Ticket.open(id="T-1", channel="email", at=T0.replace(hour=16, minute=30))
    t = t.respond(at=T0.add(days=1).replace(hour=9))
    assert first_response_times([t]).max == timedelta(hours=16, minutes=30)
    assert first_response_times([t], calendar=office).max == timedelta(hours=2)
    b = backlog([opened(1)], at=T0.add(days=1), calendar=office, buckets=["8h", "1d"])
    assert [x.count for x in b.buckets] == [0, 1, 0]  # 8.5 business hours old


# -- a ticket resolved without a reply is not pending for ever ------------------------------


class Unguarded(TicketWorkflow):
    """The default table without its guards: what a replayed history may hold."""

    transitions = tuple(attrs.evolve(row, guard=None) for row in TicketWorkflow.transitions)


def replayed(*steps):
    """A stored history (guards are not re-checked on replay): (command, minutes after T0)."""
    events = [TicketEvent(kind="open", at=T0, data={"channel": "email"})]
    data = {"classify": {"category": "warranty"}, "assign": {"assignee": "lan"}}
    events += [TicketEvent(kind=c, at=T0.add(minutes=m), data=data.get(c)) for c, m in steps]
    return Ticket.from_events("T-9", events)


def test_a_ticket_resolved_without_a_reply_is_not_pending_for_ever():
    base = (("classify", 0), ("assign", 0))
    closed = replayed(*base, ("resolve", 3000), ("close", 3060))
    resolved_only = replayed(*base, ("resolve", 3000))
    reopened = replayed(*base, ("resolve", 3000), ("reopen", 3010))
    answered_late = replayed(*base, ("resolve", 3000), ("reopen", 3010), ("respond", 3020))
    for ticket in (closed, resolved_only, reopened, answered_late):
        s = first_response_times([ticket])
        assert (s.n, s.pending) == (0, 0), ticket.statuses
    still_waiting = replayed(*base)
    assert first_response_times([still_waiting]).pending == 1


POLICY = SLAPolicy(default=SLATarget(first_response="1h", resolution="4h"))


@given(tickets(workflow=Unguarded, min_events=2, max_events=10, max_gap=timedelta(hours=3)))
@example(replayed(("classify", 0), ("assign", 0), ("resolve", 30), ("close", 60)))
@example(replayed(("classify", 0), ("assign", 0), ("resolve", 30), ("reopen", 40), ("respond", 50)))
def test_response_times_agree_with_the_first_response_clock(ticket):
    ticket = Ticket.from_events(ticket.id, ticket.events)  # the default workflow, unguarded
    clock = POLICY.evaluate(ticket, at=ticket.last_event_at.add(days=1)).first_response
    plain = first_response_times([ticket])
    net = first_response_times([ticket], exclude_paused=True)
    if clock.state in (ClockState.RUNNING, ClockState.PAUSED):
        assert (plain.n, plain.pending) == (0, 1)
    elif clock.state is ClockState.CANCELLED:
        assert (plain.n, plain.pending) == (0, 0)
    else:  # stopped by a reply, in time or late
        assert (plain.n, plain.pending) == (1, 0)
        assert net.max == clock.elapsed


def test_a_pause_across_the_night_clocks_go_back_is_left_out_in_real_time():
    def utc(hour, minute):
        return pendulum.datetime(2025, 11, 2, hour, minute, tz="UTC").in_timezone(NEW_YORK)

    t = working(Ticket.open(id="T-1", channel="email", at=utc(4, 30)), minutes=0)  # 00:30 EDT
    t = t.wait_on_customer(at=utc(5, 40))  # 01:40 EDT
    t = t.respond(at=utc(6, 10))  # 01:10 EST, thirty minutes into the wait
    t = t.resume(at=utc(6, 30))
    assert first_response_times([t]).max == timedelta(minutes=100)
    assert first_response_times([t], exclude_paused=True).max == timedelta(minutes=70)
