"""Many writers on the same tickets: every accepted command stored once, in order; kills."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pendulum
import pytest
import sqlalchemy as sa

from aftersales_core.store import EventStore
from aftersales_core.tickets import Ticket

WRITERS, TICKETS, COMMANDS = 8, 50, 10_000
T0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
HERE = Path(__file__).parent


def _env():
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


@pytest.mark.slow  # about 20 s alone on two cores, minutes on a busy machine; make test runs it
def test_eight_writers_on_fifty_tickets(store_url):
    with EventStore(store_url) as store:
        for n in range(TICKETS):
            store.append(Ticket.open(id=f"T-{n:02d}", channel="web", at=T0), expected_version=0)
    per_writer = COMMANDS // WRITERS
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                str(HERE / "_writer.py"),
                store_url,
                str(w),
                str(per_writer),
                str(TICKETS),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for w in range(WRITERS)
    ]
    results = []
    for writer in writers:
        out, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
        results.append(json.loads(out))
    accepted = [tuple(item) for r in results for item in r["accepted"]]
    assert len(accepted) == COMMANDS
    assert sum(r["retries"] for r in results) > 0  # the writers did collide
    with EventStore(store_url) as store:
        stored = {t.id: t for t in store.tickets()}
        assert len(stored) == TICKETS
        notes = [(tid, e.note) for tid, t in stored.items() for e in t.events[1:]]
        # Every accepted command exactly once, nothing else.
        assert Counter(notes) == Counter(accepted)
        # In order: each writer's commands on a ticket appear in the order it made them.
        for tid, ticket in stored.items():
            for w in range(WRITERS):
                mine = [
                    int(e.note.split("-")[1])
                    for e in ticket.events[1:]
                    if e.note.startswith(f"w{w}-")
                ]
                assert mine == sorted(mine), (tid, w)
            assert store.load(tid) == ticket  # every ticket replays
        with store.engine.begin() as conn:
            rows = conn.execute(sa.text("SELECT ticket_id, seq FROM ticket_events")).all()
    by_ticket: dict[str, list[int]] = {}
    for tid, seq in rows:
        by_ticket.setdefault(tid, []).append(seq)
    for tid, seqs in by_ticket.items():
        assert sorted(seqs) == list(range(1, len(stored[tid].events) + 1)), tid


KILLED = """
import sys, time, pathlib, pendulum, sqlalchemy as sa
from aftersales_core.store import EventStore
from aftersales_core.tickets import Ticket
url, marker, when = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
def mark(text):  # whole or not at all: the parent reads it as soon as it exists
    part = marker.with_suffix(".part")
    part.write_text(text)
    part.rename(marker)
store = EventStore(url)
if when == "during":
    @sa.event.listens_for(store.engine, "before_cursor_execute")
    def stall(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO ticket_events"):
            mark("in the append")
            time.sleep(600)
t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
ticket = Ticket.open(id="K-1", channel="web", at=t0)
for n in range(300):
    ticket = ticket.respond(at=t0.add(seconds=n), note=str(n))
store.append(ticket, expected_version=0)
mark("committed")
time.sleep(600)
"""


def _kill_writer(store_url, tmp_path, when):
    marker, log = tmp_path / f"marker-{when}", tmp_path / f"log-{when}"
    with log.open("w") as errors:
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED, store_url, str(marker), when],
            env=_env(), stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, log.read_text()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    return marker.read_text()


def test_a_writer_killed_in_the_middle_of_an_append_leaves_nothing(store_url, tmp_path):
    with EventStore(store_url):
        pass  # the schema, before the writer starts
    assert _kill_writer(store_url, tmp_path, "during") == "in the append"
    with EventStore(store_url) as store:
        assert store.version("K-1") == 0
        assert store.ticket_ids() == []
        with store.engine.begin() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM ticket_events")).scalar() == 0
        # The killed writer's lock is gone: the store takes the next append.
        assert store.append(Ticket.open(id="K-1", channel="web", at=T0), expected_version=0) == 1


def test_a_writer_killed_after_its_append_leaves_all_of_it(store_url, tmp_path):
    with EventStore(store_url):
        pass
    assert _kill_writer(store_url, tmp_path, "after") == "committed"
    with EventStore(store_url) as store:
        assert store.version("K-1") == 301
        assert [e.note for e in store.load("K-1").events[1:]] == [str(n) for n in range(300)]
