"""aftersales report --db URL: the KPI report of the tickets in an event store."""

from __future__ import annotations

import json

import pendulum
from tests.cli.conftest import run_cli

from aftersales_core.store import EventStore
from aftersales_core.tickets import Ticket

T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")


def test_report_reads_the_tickets_of_a_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    with EventStore(url) as store:
        for n in range(3):
            opened = Ticket.open(id=f"T-{n}", channel="email", at=T0.add(hours=n))
            store.append(opened, expected_version=0)
            answered = opened.respond(at=T0.add(hours=n, minutes=10)).resolve(
                at=T0.add(hours=n, minutes=20)
            )
            store.append(answered, expected_version=1)
    commitment = tmp_path / "shop.toml"
    commitment.write_text(
        'name = "Shop"\n[sla.targets]\nnormal = { first_response = "30m", resolution = "4h" }\n',
        encoding="utf-8",
    )
    result = run_cli("report", "--db", url, "--commitment", commitment, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["tickets"]["n"] == 3
    assert report["sla"]["overall"]["resolution"]["met"] == 3
    assert report["at"] == T0.add(hours=2, minutes=20).isoformat()
    both = run_cli("report", "--db", url, "--tickets", "x.csv", "--commitment", commitment)
    assert both.returncode == 2
    bad = run_cli("report", "--db", "nosuchdb://x", "--commitment", commitment)
    assert bad.returncode == 3, bad.stderr
    assert bad.stderr.startswith("aftersales: error: nosuchdb://x: ")
