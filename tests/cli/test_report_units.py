"""The report's parts: reading files, computing on hand-made tickets, drawing charts."""

import json
import os

import pendulum
import pytest

from aftersales_core.calendar import BusinessCalendar
from aftersales_core.cli._report.build import build_report
from aftersales_core.cli._report.html import _axis_top, render_html
from aftersales_core.cli._report.model import to_json
from aftersales_core.cli._report.svg import Bar, Point, Series, bar_chart, line_chart
from aftersales_core.cli._report.text import duration, render_text
from aftersales_core.commitment import ServiceCommitment
from aftersales_core.config import atomic_output, read_records
from aftersales_core.errors import InputError
from aftersales_core.sla import SLAPolicy, SLATarget
from aftersales_core.surveys import SurveyResponse
from aftersales_core.tickets import Ticket

T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
SLA = SLAPolicy(
    targets={
        "urgent": SLATarget(first_response="4h", resolution="6h"),
        "normal": SLATarget(first_response="24h", resolution="48h"),
    }
)
SHOP = ServiceCommitment(name="Shop", version="1", sla=SLA)


def _ticket(i, *, priority="normal", reply=1, resolve=5, channel="hotline"):
    t = Ticket.open(id=f"T-{i}", channel=channel, priority=priority, at=T0.add(hours=i))
    t = t.classify(category="warranty", at=t.opened_at).assign(assignee="lan", at=t.opened_at)
    if reply is not None:
        t = t.respond(at=t.opened_at.add(hours=reply))
    if resolve is not None:
        t = t.resolve(at=t.opened_at.add(hours=resolve))
    return t


# -- computing ------------------------------------------------------------------------------


def test_pinned_numbers_on_hand_made_tickets():
    tickets = [
        _ticket(0),  # met, met
        _ticket(1, priority="urgent", reply=5, resolve=8),  # both late
        _ticket(2, priority="urgent", reply=1, resolve=None),  # resolution still running
        _ticket(3, priority="low"),  # no target for low
    ]
    at = T0.add(hours=20)
    report = build_report(tickets=tickets, commitment=SHOP, at=at, top=1)
    assert report.tickets == 4
    assert report.untracked == 1
    assert report.sla.n == 3
    assert (report.sla.first_response.met, report.sla.first_response.breached) == (2, 1)
    assert (report.sla.resolution.met, report.sla.resolution.breached) == (1, 2)
    assert report.breach_counts == (1, 2)
    (worst,) = report.breaches
    assert (worst.ticket_id, worst.clock, worst.still_open) == ("T-2", "resolution", True)
    assert worst.late_by == pendulum.duration(hours=12)
    assert dict(report.sla_by_priority)["urgent"].resolution.breached == 2
    assert report.backlog.n == 1
    assert report.first_response.median == pendulum.duration(hours=1)
    assert dict(report.first_response_histogram)["1h – 4h"] == 2
    assert report.nps is None
    assert report.repeat is None


def test_the_clocks_are_read_as_of_at():
    late = _ticket(0, reply=1, resolve=30)
    early = build_report(tickets=[late, _ticket(40)], commitment=SHOP, at=T0.add(hours=10))
    assert early.later == 1
    assert early.tickets == 1
    assert early.resolution.n == 0
    assert early.resolution.pending == 1
    assert early.backlog.n == 1


def test_a_priority_changed_to_one_without_a_target_is_left_out():
    changed = _ticket(0, resolve=None).change_priority(priority="low", at=T0.add(hours=2))
    report = build_report(tickets=[changed, _ticket(1)], commitment=SHOP, at=T0.add(hours=3))
    assert report.untracked == 1
    assert report.sla.n == 1


def test_a_commitment_without_sla_and_without_tickets():
    empty = build_report(tickets=[], commitment=ServiceCommitment(name="Shop"), at=T0, top=0)
    assert empty.sla is None
    assert empty.targets == ()
    assert empty.breaches == ()
    text = render_text(empty)
    assert "the commitment states no response times" in text
    assert "Time to first response" not in text
    assert "Backlog at 2026-03-02T09:00:00+07:00: 0 open tickets\n" in text
    html = render_html(empty)
    assert "The commitment states no response times." in html
    assert 'data-chart="first-response-times"' not in html
    assert to_json(empty)["sla"]["overall"] is None


def test_business_hours_and_defaults_are_described():
    office = BusinessCalendar(timezone="Asia/Ho_Chi_Minh", weekly={"mon": ["08:00-17:00"]})
    sla = SLAPolicy(calendar=office, default=SLATarget(first_response="4h", resolution="8h"))
    report = build_report(tickets=[], commitment=ServiceCommitment(name="S", sla=sla), at=T0)
    assert report.clock.startswith("business hours (Asia/Ho_Chi_Minh)")
    assert report.targets == (("other", "4h", "8h"),)
    pair = SLAPolicy(
        targets={("normal", "installation"): SLATarget(first_response="1h", resolution="2h")},
        default=SLATarget(first_response="4h", resolution="8h"),
    )
    both = build_report(tickets=[], commitment=ServiceCommitment(name="S", sla=pair), at=T0)
    assert both.targets[0] == ("normal/installation", "1h", "2h")


def test_survey_segments_with_missing_fields():
    surveys = [
        SurveyResponse(id="S-1", at=T0, nps=10, csat=5, category="warranty"),
        SurveyResponse(id="S-2", at=T0, nps=0, channel="email"),
        SurveyResponse(id="S-3", at=T0.add(days=9), nps=0),  # after `at`: left out
    ]
    report = build_report(
        tickets=[_ticket(0)], commitment=SHOP, at=T0.add(days=1), surveys=surveys, by="category"
    )
    assert report.nps.n == 2
    assert report.nps.score == 0.0
    assert dict(report.nps_by_channel)["unknown"].score == 100.0
    (row,) = report.segments  # the one ticket's category
    assert row.key == "warranty"
    assert row.nps.score == 100.0
    assert row.csat.score == 100.0
    assert "unclassified" in render_text(
        build_report(
            tickets=[Ticket.open(id="X", channel="web", at=T0)],
            commitment=SHOP,
            at=T0.add(hours=1),
            surveys=[],
            by="category",
        )
    )


def test_durations_read_short():
    assert [
        duration(pendulum.duration(**kw))
        for kw in (
            {"seconds": 45},
            {"minutes": 31},
            {"hours": 3},
            {"hours": 3, "minutes": 9},
            {"days": 2},
            {"days": 2, "hours": 4},
        )
    ] == ["45s", "31m", "3h", "3h 9m", "2d", "2d 4h"]
    assert duration(None) == "–"


# -- drawing --------------------------------------------------------------------------------


def test_charts_leave_gaps_for_missing_data():
    svg = bar_chart(
        "b", "t", [Bar("a", None, "–"), Bar("b", -5.0, "-5", low=-9.0, high=1.0)], low=-10, high=10
    )
    assert svg.count('class="bar"') == 1
    assert svg.count('class="interval"') == 1
    lines = line_chart(
        "l",
        "t",
        [
            Series("x", "fr", [Point("w1", 50.0), Point("w2", None), Point("w3", 70.0)]),
            Series("y", "rs", [Point("w1", None)] * 3),
        ],
    )
    assert lines.count("<circle") == 2
    assert lines.count('class="line') == 1
    path = lines.split('<path class="line fr" d="')[1].split('"')[0]
    assert path.count("M") == 2
    assert "L" not in path
    assert line_chart("e", "t", []).count("<circle") == 0


def test_axis_tops_are_round():
    assert [_axis_top(n) for n in (0, 3, 5, 6, 223, 1000)] == [
        (1, 1),
        (3, 3),
        (5, 5),
        (6, 3),
        (250, 5),
        (1000, 5),
    ]


# -- reading and writing files ------------------------------------------------------------


def test_csv_tickets_need_their_columns(tmp_path):
    bad = tmp_path / "t.csv"
    bad.write_text("ticket_id,when\nT-1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t.csv:1: kind: the header needs the columns ticket_id"):
        list(read_records(bad, "tickets"))
    bad.write_text("ticket_id,kind,at,colour\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":1: colour: the header needs"):
        list(read_records(bad, "tickets"))
    bad.write_text(
        'ticket_id,kind,at,data\n\nT-1,open,2026-03-02T09:00:00+07:00,{"channel": \n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r":3: data: is not valid JSON: Expecting value"):
        list(read_records(bad, "tickets"))


def test_csv_files_that_are_empty_or_broken(tmp_path):
    empty = tmp_path / "s.csv"
    empty.write_text("", encoding="utf-8")
    assert list(read_records(empty, "surveys")) == []
    empty.write_text("id,at,nps\n\nS-1,2026-03-02T09:00:00+07:00,-1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":3: nps: -1 must be from 0 to 10"):
        list(read_records(empty, "surveys"))
    huge = tmp_path / "h.csv"
    huge.write_text("id,at\n" + '"' + "x" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(
        InputError, match=r"h.csv:2: is not valid CSV: field larger than field limit"
    ):
        list(read_records(huge, "surveys"))
    latin = tmp_path / "l.csv"
    latin.write_bytes(b"id,at\nS-1,caf\xe9\n")
    with pytest.raises(InputError, match=r"l.csv:\d+: is not UTF-8 text"):
        list(read_records(latin, "surveys"))


def test_json_lines_skip_blank_lines_and_report_progress(tmp_path):
    rows = [{"id": f"S-{i}", "at": "2026-03-02T09:00:00+07:00", "nps": i % 11} for i in range(600)]
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    seen = []
    assert len(list(read_records(path, "surveys", progress=seen.append))) == 600
    assert seen[:2] == sorted(seen[:2])
    assert seen[-1] == os.path.getsize(path)
    assert len(seen) == 3


def test_atomic_output_keeps_the_old_file_on_failure(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def fail_halfway():
        with atomic_output(target) as out:
            out.write("half a rep")
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        fail_halfway()
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    with atomic_output(target) as out:
        out.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)


def test_an_earlier_priority_without_a_target_is_evaluated_one_by_one():
    raised = Ticket.open(id="T-9", channel="email", priority="low", at=T0).change_priority(
        priority="normal", at=T0.add(hours=1)
    )
    report = build_report(tickets=[raised, _ticket(1)], commitment=SHOP, at=T0.add(hours=3))
    assert report.untracked == 1
    assert report.sla.n == 1
    assert "1 tickets have a priority without a target: left out." in render_text(report)
    assert "1 tickets have a priority without a target" in render_html(report)


def test_tickets_without_sla_still_get_times():
    report = build_report(
        tickets=[_ticket(0)], commitment=ServiceCommitment(name="S"), at=T0.add(days=1)
    )
    assert report.first_response.n == 1
    assert report.sla is None
    assert report.untracked == 0
