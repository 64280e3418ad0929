"""The event store: appends/s and loads/s on SQLite and PostgreSQL; due_before against a scan.

1. ``append``/s: 2,000 new tickets (``expected_version=0``), then one reply each
   (``expected_version=1``), each its own transaction; against the floor of one transaction
   per append on the same database: a bare ``INSERT`` of one row and a commit, through the
   same SQLAlchemy engine (the physical limit of "one durable write per command").
2. ``load``/s: the 2,000 tickets read back and replayed, against a bare ``SELECT`` of the same
   rows (no replay).
3. ``due_before(instant)`` over N stored tickets (10,000; 100,000; 1,000,000) against the full
   scan a scheduler without the stored ``next_change`` would do: read every ticket, evaluate
   the SLA (``next_change``) of every open one, keep those due before the instant. Both must
   find the same tickets; the scan runs only where it fits in about two minutes (its time per
   ticket is measured, and the larger sizes are reported as that rate times N).

The N tickets are written in bulk (rows, not appends: a million appends would take an hour):
each is an ``open`` on the 24/7 SLA of 30 minutes to the first response, so its next change
is its opening plus 30 minutes; 1,000 of them are checked against ``next_change``.

PostgreSQL: ``AFTERSALES_BENCH_POSTGRES_URL``, or a throwaway cluster from the server binaries
when they are installed; otherwise a line says it is skipped. Rates are wall time (a database
is I/O and another process), best of three rounds where a round is repeatable.

    python benchmarks/bench_store.py
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pendulum
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aftersales_core._internal.instants import unix_micros
from aftersales_core.sla import SLAPolicy, SLATarget, next_change
from aftersales_core.store import EventStore
from aftersales_core.store import _schema as schema
from aftersales_core.tickets import Ticket

T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
SLA = SLAPolicy(default=SLATarget(first_response="30m", resolution="4h"))
N_APPEND = int(os.environ.get("BENCH_STORE_APPENDS", "2000"))
SIZES = tuple(
    int(n) for n in os.environ.get("BENCH_STORE_SIZES", "10000,100000,1000000").split(",")
)
SCAN_BUDGET_S = 120.0
HALF_HOUR_US = 30 * 60 * 1_000_000


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:>12,.0f} /s ({1e6 * seconds / n:8.1f} µs each)"


def appends_and_loads(url: str) -> dict[str, float]:
    out: dict[str, float] = {}
    with EventStore(url, sla=SLA) as store:
        tickets = [
            Ticket.open(id=f"A-{i:06d}", channel="web", at=T0.add(seconds=i))
            for i in range(N_APPEND)
        ]
        began = time.perf_counter()
        for t in tickets:
            store.append(t, expected_version=0)
        out["append (new ticket)"] = time.perf_counter() - began
        replied = [t.respond(at=t.opened_at.add(minutes=5)) for t in tickets]
        began = time.perf_counter()
        for t in replied:
            store.append(t, expected_version=1)
        out["append (one event)"] = time.perf_counter() - began
        best = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            for t in replied:
                store.load(t.id)
            best = min(best, time.perf_counter() - began)
        out["load (2 events, replayed)"] = best
        assert store.load(replied[-1].id) == replied[-1]
        engine = store.engine
        scratch = sa.Table(
            "bench_floor", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True)
        )
        scratch.create(engine, checkfirst=True)
        began = time.perf_counter()
        for i in range(N_APPEND):
            with engine.connect() as conn:
                conn.execution_options(aftersales_write=True)
                with conn.begin():
                    conn.execute(scratch.insert().values(id=i))
        out["floor: 1-row INSERT + commit"] = time.perf_counter() - began
        query = sa.select(schema.ticket_events).where(
            schema.ticket_events.c.ticket_id == sa.bindparam("t")
        )
        best = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            for t in replied:
                with engine.connect() as conn:
                    conn.execute(query, {"t": t.id}).all()
            best = min(best, time.perf_counter() - began)
        out["floor: bare SELECT of the rows"] = best
    return out


def bulk_fill(store: EventStore, n: int, start: int) -> None:
    """Tickets start..n-1, one ``open`` each, written as rows in large transactions."""
    zone, base = "Asia/Ho_Chi_Minh", unix_micros(T0)
    step = 20_000
    for lo in range(start, n, step):
        hi = min(n, lo + step)
        streams, events = [], []
        for i in range(lo, hi):
            at = base + i * 1_000_000
            tid = f"B-{i:07d}"
            streams.append({"kind": "ticket", "stream_id": tid, "version": 1,
                            "workflow": "aftersales_core.tickets.workflow:TicketWorkflow",
                            "status": "new", "last_us": at, "next_change_us": at + HALF_HOUR_US})  # fmt: skip
            events.append({"ticket_id": tid, "seq": 1, "kind": "open", "at_us": at, "fold": 0,
                           "zone": zone, "actor": None, "note": None, "data": '{"channel": "web"}'})  # fmt: skip
        with store.engine.begin() as conn:
            conn.execute(schema.streams.insert(), streams)
            conn.execute(schema.ticket_events.insert(), events)


def full_scan(store: EventStore, instant: pendulum.DateTime) -> set[str]:
    due = set()
    for ticket in store.tickets():
        if ticket.is_terminal:
            continue
        when = next_change(SLA, ticket, at=ticket.last_event_at)
        if when is not None and unix_micros(when) < unix_micros(instant):
            due.add(ticket.id)
    return due


def due_before_vs_scan(url: str, sizes: tuple[int, ...]) -> list[tuple[Any, ...]]:
    rows = []
    scan_us_per_ticket = None
    with EventStore(url, sla=SLA) as store:
        filled = 0
        for n in sizes:
            began = time.perf_counter()
            bulk_fill(store, n, filled)
            filled = n
            fill_s = time.perf_counter() - began
            if n == sizes[0]:
                sample = random.Random(7).sample(range(n), 1_000)
                for i in sample:
                    t = store.load(f"B-{i:07d}")
                    assert (
                        unix_micros(next_change(SLA, t, at=t.last_event_at))
                        == unix_micros(T0) + i * 1_000_000 + HALF_HOUR_US
                    )
            instant = T0.add(seconds=n // 100).add(minutes=30)  # about 1% of the tickets due
            best = float("inf")
            for _ in range(3):
                began = time.perf_counter()
                due = store.due_before(instant)
                best = min(best, time.perf_counter() - began)
            found = {d.ticket_id for d in due}
            estimate = None if scan_us_per_ticket is None else scan_us_per_ticket * n / 1e6
            if estimate is None or estimate <= SCAN_BUDGET_S:
                began = time.perf_counter()
                scanned = full_scan(store, instant)
                scan_s = time.perf_counter() - began
                assert scanned == found, (len(scanned), len(found))
                scan_us_per_ticket = 1e6 * scan_s / n
                rows.append((n, len(found), fill_s, best, scan_s, "measured"))
            else:
                rows.append((n, len(found), fill_s, best, estimate, "estimated"))
    return rows


def report(name: str, url: str, sizes: tuple[int, ...]) -> None:
    print(f"\n== {name}")
    times = appends_and_loads(url)
    for label, seconds in times.items():
        print(f"  {label:<34} {rate(N_APPEND, seconds)}")
    print(
        f"  append/s vs the 1-row floor: {times['floor: 1-row INSERT + commit'] / times['append (one event)']:.2f}; "
        f"load/s vs the bare SELECT: {times['floor: bare SELECT of the rows'] / times['load (2 events, replayed)']:.2f}"
    )
    print(
        f"  {'tickets':>10} {'due':>7} {'fill s':>8} {'due_before s':>13} {'full scan s':>12}  {'speed-up':>10}"
    )
    for n, due, fill_s, due_s, scan_s, how in due_before_vs_scan(url, sizes):
        print(
            f"  {n:>10,} {due:>7,} {fill_s:>8.1f} {due_s:>13.4f} {scan_s:>12.2f}  {scan_s / due_s:>9,.0f}x  ({how} scan)"
        )


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
    report("SQLite (a file, WAL)", f"sqlite:///{folder / 'bench.db'}", SIZES)
    url = os.environ.get("AFTERSALES_BENCH_POSTGRES_URL")
    cluster = None
    if url is None:
        from tests.store._postgres import Cluster, binaries

        found = binaries()
        if found is None:
            print("\n== PostgreSQL: skipped: no server binary (initdb, pg_ctl) found")
            return
        cluster = Cluster(found)
        url = cluster.start()
    try:
        report(
            "PostgreSQL (a throwaway local cluster, Unix socket, fsync off)"
            if cluster
            else "PostgreSQL",
            url,
            SIZES[:2],
        )
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
