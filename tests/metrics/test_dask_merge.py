"""Metrics over Dask bag partitions, by merging accumulators, equal the single-process result.

Needs the optional ``dask`` extra (``pip install "aftersales-core[dask]"``); skipped without it.
"""

import random
from functools import partial

import pytest

db = pytest.importorskip("dask.bag")

from aftersales_core.metrics import (  # noqa: E402 - after the skip
    CSATAccumulator,
    NPSAccumulator,
    SegmentedAccumulator,
    csat,
    merge_all,
    nps,
)


def reduce_bag(bag, factory, scheduler):
    return bag.reduction(lambda part: factory().update(part), merge_all, split_every=3).compute(
        scheduler=scheduler
    )


@pytest.mark.parametrize("scheduler", ["sync", "threads", "processes"])
def test_nps_over_partitions_equals_one_pass(scheduler):
    rng = random.Random(2026)
    scores = rng.choices(range(11), k=20_000)
    bag = db.from_sequence(scores, npartitions=9)
    acc = reduce_bag(bag, NPSAccumulator, scheduler)
    assert acc.result() == nps(scores)


def test_csat_per_segment_over_partitions():
    rng = random.Random(7)
    rows = [(rng.choice(["hotline", "email", "zalo_oa"]), rng.randint(1, 5)) for _ in range(5_000)]
    bag = db.from_sequence(rows, npartitions=6)
    factory = partial(
        SegmentedAccumulator, partial(CSATAccumulator, score=lambda r: r[1]), lambda r: r[0]
    )
    acc = reduce_bag(bag, factory, "threads")
    assert acc.result() == csat(rows, score=lambda r: r[1], by=lambda r: r[0])


def test_sla_compliance_over_partitions_equals_one_pass():
    import pendulum

    from aftersales_core.calendar import BusinessCalendar
    from aftersales_core.metrics import SLAComplianceAccumulator, sla_compliance
    from aftersales_core.sla.policy import SLAPolicy, SLATarget
    from aftersales_core.tickets import Ticket

    sla = SLAPolicy(
        calendar=BusinessCalendar(
            timezone="Asia/Ho_Chi_Minh",
            weekly={d: ["08:00-12:00", "13:00-17:30"] for d in ("mon", "tue", "wed", "thu", "fri")},
        ),
        targets={
            "urgent": SLATarget(first_response="4h", resolution="6h"),
            "normal": SLATarget(first_response="24h", resolution="48h"),
        },
    )
    t0 = pendulum.datetime(2026, 3, 2, 8, tz="Asia/Ho_Chi_Minh")
    rng = random.Random(11)
    tickets = []
    for i in range(300):
        opened = t0.add(minutes=rng.randint(0, 60 * 24 * 5))
        t = Ticket.open(
            id=f"T-{i}", channel="hotline", priority=rng.choice(["urgent", "normal"]), at=opened
        )
        if rng.random() < 0.8:
            t = t.respond(at=opened.add(minutes=rng.randint(1, 60 * 30)))
        tickets.append(t)
    at = t0.add(days=4)
    bag = db.from_sequence(tickets, npartitions=7)
    acc = reduce_bag(bag, partial(SLAComplianceAccumulator, sla=sla, at=at), "processes")
    assert acc.result() == sla_compliance(tickets, sla, at=at)
