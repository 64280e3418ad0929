"""First-contact resolution, recorded with the default workflow, from the API to the CLI."""

from __future__ import annotations

import csv
import json

import pendulum
import pytest
from tests.cli.conftest import run_cli

from aftersales_core.errors import InvalidTransition
from aftersales_core.metrics import first_contact_resolution
from aftersales_core.tickets import STRICT_WORKFLOW, Ticket, TicketStatus

T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")


def _answered_and_solved(ticket_id: str, channel: str = "email") -> Ticket:
    opened = Ticket.open(id=ticket_id, channel=channel, at=T0)
    return opened.respond(at=T0.add(minutes=5)).resolve(at=T0.add(minutes=6))


def test_open_reply_solve_is_a_first_contact_resolution_by_default():
    one = _answered_and_solved("T-1")
    two = _answered_and_solved("T-2").reopen(at=T0.add(hours=1))
    assert one.status is TicketStatus.RESOLVED
    assert [e.kind for e in one.events] == ["open", "respond", "resolve"]
    rate = first_contact_resolution([one, two])
    assert (rate.hits, rate.n, rate.score) == (1, 2, 50.0)
    assert first_contact_resolution([one], definition="no_further_contact").score == 100.0


def test_the_strict_workflow_still_demands_classify_and_assign():
    strict = Ticket.open(id="T-3", channel="email", at=T0, workflow=STRICT_WORKFLOW)
    answered = strict.respond(at=T0)
    with pytest.raises(InvalidTransition) as caught:
        answered.resolve(at=T0)
    assert (caught.value.status, caught.value.command) == ("new", "resolve")


def test_resolving_without_a_reply_is_still_refused():
    with pytest.raises(InvalidTransition) as caught:
        Ticket.open(id="T-4", channel="email", at=T0).resolve(at=T0)
    assert "no response" in caught.value.reason


COMMITMENT = """
name = "Shop"

[vocabulary]
channels = [{ value = "facebook", en = "Facebook Messenger" }]

[sla.targets]
normal = { first_response = "1h", resolution = "4h" }
"""


def test_a_csv_of_first_contact_resolutions_goes_through_the_report(tmp_path):
    tickets = tmp_path / "tickets.csv"
    with tickets.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["ticket_id", "kind", "at", "actor", "note", "data"])
        for n, channel in enumerate(["facebook", "facebook", "email"], start=1):
            opened = T0.add(hours=n)
            writer.writerow(
                [f"T-{n}", "open", opened.isoformat(), "", "", json.dumps({"channel": channel})]
            )
            writer.writerow([f"T-{n}", "respond", opened.add(minutes=4).isoformat(), "", "", ""])
            writer.writerow([f"T-{n}", "resolve", opened.add(minutes=9).isoformat(), "", "", ""])
    commitment = tmp_path / "shop.toml"
    commitment.write_text(COMMITMENT, encoding="utf-8")
    result = run_cli("report", "--tickets", tickets, "--commitment", commitment, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["tickets"]["n"] == 3
    assert report["tickets"]["by_channel"] == {"facebook": 2, "email": 1}
    overall = report["sla"]["overall"]
    assert overall["first_response"]["met"] == 3
    assert overall["resolution"]["met"] == 3
    assert report["times"]["resolution"]["n"] == 3


def test_the_workflow_page_draws_both_tables_as_the_code_does():
    import re
    from pathlib import Path

    from aftersales_core.tickets import DEFAULT_WORKFLOW

    page = (Path(__file__).parent.parent / "docs/explanation/workflows.md").read_text("utf-8")
    drawn = re.findall(r"```mermaid\n(.*?)\n```", page, flags=re.DOTALL)
    assert drawn == [DEFAULT_WORKFLOW.to_mermaid(), STRICT_WORKFLOW.to_mermaid()]
