"""SLA compliance: which clocks count as met, breached, pending or cancelled."""

import pickle
from datetime import timedelta
from types import SimpleNamespace

import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as hs

from aftersales_core.metrics import (
    IncompatibleMergeError,
    SLAComplianceAccumulator,
    sla_compliance,
)
from aftersales_core.tickets import Ticket

T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")


def clock(ticket, stop, target, at):
    due = ticket.opened_at + target
    if stop is not None and stop <= at:  # like the real clocks, ignore events after `at`
        return SimpleNamespace(state="met" if stop <= due else "breached", ever_breached=stop > due)
    if ticket.is_terminal and ticket.last_event_at <= at:  # cancelled: late if after the due time
        return SimpleNamespace(state="cancelled", ever_breached=ticket.last_event_at > due)
    return SimpleNamespace(state="running", ever_breached=at >= due)


class FakeSLA:
    """A stand-in policy: first response due in 1 h, resolution in 4 h, around the clock."""

    def evaluate(self, ticket, *, at):
        return SimpleNamespace(
            first_response=clock(ticket, ticket.first_response_at, timedelta(hours=1), at),
            resolution=clock(ticket, ticket.resolved_at, timedelta(hours=4), at),
        )

    def __eq__(self, other):
        return isinstance(other, FakeSLA)

    def __hash__(self):
        return 1


def ticket(n, *, reply=None, resolve=None, cancel=None, opened=0, channel="hotline"):
    t = Ticket.open(id=f"T-{n}", channel=channel, at=T0.add(minutes=opened))
    if reply is not None:
        t = t.respond(at=T0.add(minutes=reply))
    if resolve is not None:
        t = t.classify(category="warranty", at=t.last_event_at).assign(
            assignee="lan", at=t.last_event_at
        )
        t = t.resolve(at=T0.add(minutes=resolve))
    if cancel is not None:
        t = t.cancel(at=T0.add(minutes=cancel))
    return t


def test_outcomes_of_each_clock():
    tickets = [
        ticket(1, reply=30, resolve=120),  # both met
        ticket(2, reply=90, resolve=300),  # both late
        ticket(3, reply=30),  # response met; resolution running, not yet due at 11:00
        ticket(4),  # no reply, 2 h old: response already breached; resolution pending
        ticket(5, cancel=10),  # cancelled before anything: both clocks cancelled
        ticket(6, opened=600),  # opened after `at`: ignored
    ]
    r = sla_compliance(tickets, FakeSLA(), at=T0.add(hours=2))
    assert r.n == 5
    fr, res = r.first_response, r.resolution
    assert (fr.met, fr.breached, fr.pending, fr.cancelled) == (2, 2, 0, 1)
    # ticket 2 is resolved at 14:00, after `at` (11:00): then, its resolution was still pending
    assert (res.met, res.breached, res.pending, res.cancelled) == (1, 0, 3, 1)
    assert fr.score == 50.0
    assert r.score == res.score == 100.0
    assert fr.interval is not None
    assert fr.score in fr.interval


def test_running_clock_past_due_is_already_a_breach():
    r = sla_compliance([ticket(1)], FakeSLA(), at=T0.add(hours=5))
    assert (r.resolution.breached, r.resolution.pending, r.score) == (1, 0, 0.0)


def test_empty_and_all_pending_give_no_score():
    assert sla_compliance([], FakeSLA(), at=T0).score is None
    r = sla_compliance([ticket(1)], FakeSLA(), at=T0.add(minutes=5))
    assert (r.n, r.first_response.n, r.first_response.pending, r.score) == (1, 0, 1, None)


def test_by_segment_and_merge():
    tickets = [ticket(1, reply=30, channel="email"), ticket(2, reply=90), ticket(3, reply=20)]
    by = sla_compliance(tickets, FakeSLA(), at=T0.add(hours=2), by="channel")
    assert {str(k): v.first_response.score for k, v in by.items()} == {
        "email": 100.0,
        "hotline": 50.0,
    }
    a = SLAComplianceAccumulator(sla=FakeSLA(), at=T0.add(hours=2)).update(tickets[:1])
    b = SLAComplianceAccumulator(sla=FakeSLA(), at=T0.add(hours=2))
    for t in tickets[1:]:
        b.add(t)
    assert a.merge(b).result() == sla_compliance(tickets, FakeSLA(), at=T0.add(hours=2))
    with pytest.raises(IncompatibleMergeError):
        a.merge(SLAComplianceAccumulator(sla=FakeSLA(), at=T0))
    assert "n=1" in repr(a)
    assert pickle.loads(pickle.dumps(a)).result() == a.result()


specs = hs.lists(
    hs.tuples(
        hs.one_of(hs.none(), hs.integers(0, 180)),
        hs.one_of(hs.none(), hs.integers(0, 600)),
        hs.integers(0, 300),
    ),
    max_size=15,
)


def build(items):
    out = []
    for n, (reply, extra, opened) in enumerate(items):
        resolve = None if reply is None or extra is None else opened + reply + extra
        out.append(
            ticket(
                n, opened=opened, reply=None if reply is None else opened + reply, resolve=resolve
            )
        )
    return out


@given(specs, specs, hs.integers(0, 1200))
def test_partial_accumulators_merge_to_the_whole(x, y, minutes):
    at = T0.add(minutes=minutes)
    xs, ys = build(x), build(y)
    whole = sla_compliance(xs + ys, FakeSLA(), at=at)
    acc = SLAComplianceAccumulator(sla=FakeSLA(), at=at)
    parts = acc.update(xs).merge(SLAComplianceAccumulator(sla=FakeSLA(), at=at).update(ys))
    assert parts.result() == whole
    for clock_result in (whole.first_response, whole.resolution):
        counted = (
            clock_result.met + clock_result.breached + clock_result.pending + clock_result.cancelled
        )
        assert counted == whole.n
        if clock_result.score is not None:
            assert 0 <= clock_result.score <= 100


# -- with the real SLA clocks ------------------------------------------------------------------

from aftersales_core.calendar import BusinessCalendar  # noqa: E402
from aftersales_core.sla.clock import evaluate  # noqa: E402
from aftersales_core.sla.policy import SLAPolicy, SLATarget  # noqa: E402

OFFICE = BusinessCalendar(
    timezone="Asia/Ho_Chi_Minh",
    weekly={d: ["08:00-12:00", "13:00-17:30"] for d in ("mon", "tue", "wed", "thu", "fri")},
)
SLA = SLAPolicy(
    calendar=OFFICE,
    targets={
        "urgent": SLATarget(first_response="4h", resolution="6h"),
        "normal": SLATarget(first_response="24h", resolution="48h"),
    },
)


def h(hours):
    return T0.add(minutes=round(hours * 60))


def real(n, *, priority="urgent", reply=None, wait=None, resolve=None, reopen=None):
    t = Ticket.open(id=f"R-{n}", channel="hotline", priority=priority, at=T0)
    t = t.classify(category="warranty", at=T0).assign(assignee="lan", at=T0)
    if reply is not None:
        t = t.respond(at=h(reply))
    if wait is not None:
        start, stop = wait
        t = t.wait_on_customer(at=h(start)).resume(at=h(stop))
    if resolve is not None:
        t = t.resolve(at=h(resolve))
    if reopen is not None:
        t = t.reopen(at=h(reopen))
    return t


def test_4h_reply_6h_resolution_commitments_on_office_hours():
    # Monday 09:00 in Hanoi; urgent: reply within 4 business hours, resolve within 6.
    tickets = [
        real(1, reply=1, resolve=5),  # met, met
        real(2, reply=5, resolve=6),  # reply at 14:00 = 4 business hours (lunch): met; resolve met
        real(3, reply=1, wait=(2, 23), resolve=23.5),  # waited on the customer overnight: paused
        real(4, reply=1),  # resolution still running at Tuesday 09:00: 9 business hours > 6
        real(5, priority="normal", reply=2),  # normal: 48 business hours, not yet due
    ]
    at = T0.add(days=1)
    r = sla_compliance(tickets, SLA, at=at)
    assert r.n == 5
    assert (r.first_response.met, r.first_response.breached) == (5, 0)
    res = r.resolution
    assert (res.met, res.breached, res.pending) == (3, 1, 1)
    assert r.score == 75.0
    # the same outcomes as reading each ticket's clocks one by one
    for t in tickets:
        status = evaluate(SLA, t, at=at)
        one = sla_compliance([t], SLA, at=at)
        assert (one.resolution.breached == 1) == status.resolution.ever_breached


def test_a_breach_before_a_reopening_still_counts():
    t = real(1, reply=1, resolve=30, reopen=31)  # resolved late, then reopened
    r = sla_compliance([t], SLA, at=T0.add(days=2))
    assert r.resolution.breached == 1


def test_tickets_opened_after_at_are_ignored_by_the_real_clocks_too():
    assert sla_compliance([real(1)], SLA, at=T0.subtract(hours=1)).n == 0


def test_add_and_update_agree_with_real_clocks():
    tickets = [real(1, reply=1, resolve=5), real(2), real(3, priority="normal")]
    at = T0.add(days=3)
    acc = SLAComplianceAccumulator(sla=SLA, at=at)
    for t in tickets:
        acc.add(t)
    assert acc.result() == sla_compliance(tickets, SLA, at=at)
    assert pickle.loads(pickle.dumps(acc)).result() == acc.result()


real_specs = hs.lists(
    hs.fixed_dictionaries(
        {
            "priority": hs.sampled_from(["urgent", "normal"]),
            "reply": hs.one_of(hs.none(), hs.integers(0, 40)),
            "resolve_after": hs.one_of(hs.none(), hs.integers(0, 80)),
        }
    ),
    max_size=8,
)


def build_real(specs):
    out = []
    for n, spec in enumerate(specs):
        reply, after = spec["reply"], spec["resolve_after"]
        resolve = None if reply is None or after is None else reply + after
        out.append(real(n, priority=spec["priority"], reply=reply, resolve=resolve))
    return out


@given(real_specs, real_specs, hs.integers(0, 200))
def test_real_clock_compliance_merges_and_matches_each_ticket(x, y, hours):
    at = h(hours)
    xs, ys = build_real(x), build_real(y)
    whole = sla_compliance(xs + ys, SLA, at=at)
    merged = SLAComplianceAccumulator(sla=SLA, at=at).update(ys)
    merged = merged.merge(SLAComplianceAccumulator(sla=SLA, at=at).update(xs))
    assert merged.result() == whole
    breached = sum(evaluate(SLA, t, at=at).resolution.ever_breached for t in xs + ys)
    assert whole.resolution.breached == breached


# -- cancelling a late ticket does not erase its breach --------------------------------------


def test_a_ticket_cancelled_after_its_clock_breached_still_counts_as_breached():
    from aftersales_core.sla.policy import SLAPolicy, SLATarget

    always = SLAPolicy(default=SLATarget(first_response="1h", resolution="4h"))
    late = Ticket.open(id="T1", channel="hotline", at=T0)
    before = sla_compliance([late], always, at=T0.add(hours=11))
    assert before.first_response.breached == before.resolution.breached == 1
    after = sla_compliance([late.cancel(at=T0.add(hours=10))], always, at=T0.add(hours=11))
    fr, res = after.first_response, after.resolution
    assert (fr.breached, fr.cancelled, fr.score) == (1, 0, 0.0)
    assert (res.breached, res.cancelled, after.score) == (1, 0, 0.0)
    # cancelled in time: left out, as before
    early = sla_compliance([late.cancel(at=T0.add(minutes=10))], always, at=T0.add(hours=11))
    assert (early.first_response.cancelled, early.first_response.n, early.score) == (1, 0, None)


def test_the_fake_clocks_agree_a_late_cancellation_is_a_breach():
    r = sla_compliance([ticket(1, cancel=600)], FakeSLA(), at=T0.add(hours=11))
    assert (r.first_response.breached, r.resolution.breached) == (1, 1)
    assert (r.first_response.cancelled, r.resolution.cancelled) == (0, 0)


@given(
    priority=hs.sampled_from(["urgent", "normal"]),
    reply=hs.one_of(hs.none(), hs.integers(0, 60)),
    cancel_after=hs.integers(1, 120 * 60),
    read_after=hs.integers(0, 48),
)
@example(priority="urgent", reply=None, cancel_after=30 * 60, read_after=1)
def test_cancelling_never_erases_a_breach(priority, reply, cancel_after, read_after):
    open_ticket = real(0, priority=priority, reply=reply)
    cancel_at = h(reply or 0).add(minutes=cancel_after)
    cancelled = open_ticket.cancel(at=cancel_at)
    at = cancel_at.add(hours=read_after)
    before = evaluate(SLA, open_ticket, at=cancel_at - timedelta(microseconds=1))
    during = evaluate(SLA, open_ticket, at=cancel_at)
    r = sla_compliance([cancelled], SLA, at=at)
    for clock_result, was_then, is_now in (
        (r.first_response, before.first_response, during.first_response),
        (r.resolution, before.resolution, during.resolution),
    ):
        if was_then.ever_breached:  # already late before the cancellation: a breach
            assert clock_result.breached == 1
        if not is_now.ever_breached:  # not yet due when cancelled: met or left out
            assert clock_result.breached == 0
        assert clock_result.met + clock_result.breached + clock_result.cancelled == 1
