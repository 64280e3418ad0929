"""Helpdesk exports with one row per ticket, read through a column mapping."""

from __future__ import annotations

import csv
import json

import pendulum
import pytest

from aftersales_core.config import ExportMapping, load_mapping, read_tickets
from aftersales_core.errors import ConfigError, InputError
from aftersales_core.sla import SLAPolicy, SLATarget
from aftersales_core.tickets import TicketStatus
from aftersales_core.vocabulary import Channel

ZONE = "Asia/Ho_Chi_Minh"

# The columns of Zendesk Support's CSV ticket export (a subset, in its order and words).
ZENDESK_HEADER = [
    "Summation column", "Id", "Requester", "Requester id", "Assignee", "Group", "Subject",
    "Tags", "Status", "Priority", "Via", "Ticket type", "Created at", "Updated at",
    "Assigned at", "Initially assigned at", "Solved at", "Resolution time",
    "Satisfaction Score", "Reopens", "Replies", "First reply time in minutes",
    "First reply time in minutes within business hours", "Full resolution time in minutes",
]  # fmt: skip
# The columns of Freshdesk's CSV ticket export (a subset, in its order and words).
FRESHDESK_HEADER = [
    "Ticket ID", "Subject", "Status", "Priority", "Source", "Type", "Agent", "Group",
    "Created time", "Due by Time", "Resolved time", "Closed time", "Last update time",
    "Initial response time", "Time tracked", "First response time (in hrs)",
    "Resolution time (in hrs)", "Agent interactions", "Customer interactions", "Tags",
]  # fmt: skip


def _write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})
    return path


def _zendesk(tmp_path):
    rows = [
        {"Id": "1001", "Status": "closed", "Priority": "normal", "Via": "Mail",
         "Created at": "2026-03-02 09:00:00", "Solved at": "2026-03-02 09:20:00",
         "First reply time in minutes": "12", "Subject": "Tivi không lên hình"},
        {"Id": "1002", "Status": "pending", "Priority": "urgent", "Via": "Phone call (incoming)",
         "Created at": "2026-03-02 10:00:00", "First reply time in minutes": "3"},
        {"Id": "1003", "Status": "open", "Priority": "", "Via": "Web form",
         "Created at": "2026-03-02 11:00:00"},
        {"Id": "1004", "Status": "solved", "Priority": "high", "Via": "Chat",
         "Created at": "2026-03-03T08:00:00+07:00", "Solved at": "2026-03-03T08:04:00+07:00",
         "First reply time in minutes": "1"},
    ]  # fmt: skip
    return _write_csv(tmp_path / "zendesk.csv", ZENDESK_HEADER, rows)


def _mapping(tmp_path, text):
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_zendesk_export_reads_through_its_preset_and_a_declared_zone(tmp_path):
    mapping = _mapping(tmp_path, f'preset = "zendesk"\ntimezone = "{ZONE}"\n')
    export = read_tickets(_zendesk(tmp_path), mapping=mapping)
    one, two, three, four = export.tickets
    assert one.id == "1001"
    assert [e.kind for e in one.events] == ["open", "respond", "resolve"]
    assert one.opened_at == pendulum.datetime(2026, 3, 2, 9, tz=ZONE)
    assert one.first_response_at == pendulum.datetime(2026, 3, 2, 9, 12, tz=ZONE)
    assert one.channel is Channel.EMAIL
    assert two.channel is Channel.HOTLINE
    assert two.priority == "urgent"
    assert two.status is TicketStatus.NEW
    assert three.channel is Channel.WEB
    assert three.first_response_at is None
    assert four.status is TicketStatus.RESOLVED
    assert str(four.channel) == "live_chat"
    assert export.waiting == ("1002",)
    assert set(export.unjudged) == {"resolution"}
    assert "waiting on the customer" in export.unjudged["resolution"]


def test_a_freshdesk_export_reads_through_its_preset(tmp_path):
    rows = [
        {"Ticket ID": "77", "Status": "Closed", "Priority": "Medium", "Source": "Email",
         "Created time": "2026-03-02 09:00:00", "Initial response time": "2026-03-02 09:30:00",
         "Resolved time": "2026-03-02 11:00:00", "Closed time": "2026-03-04 11:00:00"},
        {"Ticket ID": "78", "Status": "Resolved", "Priority": "Urgent", "Source": "Phone",
         "Created time": "2026-03-02 10:00:00", "Initial response time": "2026-03-02 10:01:00",
         "Resolved time": "2026-03-02 10:02:00"},
        {"Ticket ID": "79", "Status": "Waiting on Customer", "Priority": "Low",
         "Source": "Chat", "Created time": "2026-03-02 12:00:00"},
    ]  # fmt: skip
    export = read_tickets(
        _write_csv(tmp_path / "freshdesk.csv", FRESHDESK_HEADER, rows),
        mapping=_mapping(tmp_path, f'preset = "freshdesk"\ntimezone = "{ZONE}"\n'),
    )
    closed, solved, waiting = export.tickets
    assert [e.kind for e in closed.events] == ["open", "respond", "resolve", "close"]
    assert closed.status is TicketStatus.CLOSED
    assert closed.priority == "normal"
    assert solved.status is TicketStatus.RESOLVED
    assert solved.channel is Channel.HOTLINE
    assert waiting.channel is Channel.LIVE_CHAT
    assert export.waiting == ("79",)
    policy = SLAPolicy(
        targets={
            "normal": SLATarget(first_response="1h", resolution="4h"),
            "urgent": SLATarget(first_response="15m", resolution="1h"),
        }
    )
    assert policy.evaluate(solved, at=solved.resolved_at).resolution.state == "met"


def test_json_lines_and_nested_keys_read_as_columns(tmp_path):
    path = tmp_path / "tickets.jsonl"
    rows = [
        {"id": 5, "created_at": "2026-03-02T02:00:00Z", "source": 3, "priority": 4,
         "status": 4, "stats": {"first_responded_at": "2026-03-02T02:05:00Z",
                                "resolved_at": "2026-03-02T02:10:00Z"}},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    mapping = _mapping(
        tmp_path,
        'preset = "freshdesk"\n[columns]\nid = "id"\ncreated = "created_at"\n'
        'first_reply = "stats.first_responded_at"\nsolved = "stats.resolved_at"\n'
        'closed = "stats.closed_at"\nstatus = "status"\npriority = "priority"\n'
        'channel = "source"\n',
    )
    (ticket,) = read_tickets(path, mapping=mapping).tickets
    assert (ticket.id, ticket.channel, ticket.priority) == ("5", "hotline", "urgent")
    assert ticket.resolved_at == pendulum.datetime(2026, 3, 2, 2, 10, tz="UTC")
    array = tmp_path / "tickets.json"
    array.write_text(json.dumps(rows), encoding="utf-8")
    assert read_tickets(array, mapping=mapping).tickets == (ticket,)


def test_naive_timestamps_without_a_declared_zone_are_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        read_tickets(_zendesk(tmp_path), mapping="zendesk")
    err = caught.value
    assert (err.line, err.field) == (2, "Created at")
    assert err.problem.startswith("'2026-03-02 09:00:00' has no time zone")
    assert err.path.endswith("zendesk.csv")


def test_an_export_without_first_replies_says_the_first_response_cannot_be_judged(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("n,opened\n1,2026-03-02T09:00:00+07:00\n", encoding="utf-8")
    mapping = ExportMapping(columns={"id": "n", "created": "opened"}, channel="facebook")
    Channel.add("facebook", en="Facebook Messenger")
    export = read_tickets(path, mapping=mapping)
    assert set(export.unjudged) == {"first_response", "resolution"}
    assert export.tickets[0].channel == "facebook"


@pytest.mark.parametrize(
    ("row", "field", "problem"),
    [
        ({"Id": "", "Created at": "2026-03-02 09:00"}, "Id", "is required"),
        ({"Id": "1", "Created at": ""}, "Created at", "is required"),
        ({"Id": "1", "Created at": "yesterday"}, "Created at", "'yesterday' is not an ISO 8601"),
        ({"Id": "1", "Created at": "2026-03-02 09:00", "Via": "Fax"}, "Via", "channel: 'fax' must be one of: hotline"),
        ({"Id": "1", "Created at": "2026-03-02 09:00", "Status": "archived"}, "Status", "'archived' is not a status the mapping reads; known: closed, hold, new"),
        ({"Id": "1", "Created at": "2026-03-02 09:00", "Status": "solved"}, "Status", "says resolved, and the row has no solved time"),
        ({"Id": "1", "Created at": "2026-03-02 09:00", "Solved at": "2026-03-01 09:00"}, "Solved at", "2026-03-01T09:00:00+07:00 is before the created time"),
        ({"Id": "1", "Created at": "2026-03-02 09:00", "First reply time in minutes": "soon"}, "First reply time in minutes", "'soon' is not a number"),
        ({"Id": "1", "Created at": "2026-03-02 09:00", "First reply time in minutes": "-3"}, "First reply time in minutes", "'-3' must be zero or more"),
        ({"Id": "1", "Created at": "2026-03-02 09:00", "Priority": "asap"}, "Priority", "priority: 'asap' must be one of: low"),
    ],
)  # fmt: skip
def test_a_bad_row_names_the_file_line_and_column(tmp_path, row, field, problem):
    path = _write_csv(tmp_path / "z.csv", ZENDESK_HEADER, [{"Via": "Mail", **row}])
    mapping = _mapping(tmp_path, f'preset = "zendesk"\ntimezone = "{ZONE}"\n')
    with pytest.raises(InputError) as caught:
        read_tickets(path, mapping=mapping)
    assert (caught.value.line, caught.value.field) == (2, field)
    assert problem in caught.value.problem


def test_a_solved_ticket_open_again_is_read_as_open_with_a_note(tmp_path):
    row = {"Id": "9", "Status": "open", "Via": "Mail", "Created at": "2026-03-02 09:00",
           "Solved at": "2026-03-02 10:00"}  # fmt: skip
    path = _write_csv(tmp_path / "z.csv", ZENDESK_HEADER, [row])
    export = read_tickets(
        path, mapping=_mapping(tmp_path, f'preset = "zendesk"\ntimezone = "{ZONE}"')
    )
    assert export.tickets[0].status is TicketStatus.NEW
    assert export.notes == ("9: open again after being solved; read as open",)


@pytest.mark.parametrize(
    ("text", "path", "problem"),
    [
        ('preset = "helpscout"', "preset", "'helpscout' is not a preset; expected one of: zendesk, freshdesk"),
        ("preset = 3", "preset", "3 must be text"),
        ('colour = "red"', "colour", "is not a known key"),
        ('[columns]\nid = "a"', "columns.created", "is required"),
        ('[columns]\nid = "a"\ncreated = "b"\nsubject = "c"', "columns.subject", "is not a column"),
        ('preset = "zendesk"\ntimezone = "Mars/Olympus"', "timezone", "'Mars/Olympus' is not a known time zone"),
        ('preset = "zendesk"\n[values.status]\nnew = "fresh"', "values.status", "'fresh' must be one of: open, waiting"),
        ('preset = "zendesk"\n[values.mood]\nhappy = "x"', "values.mood", "is not a value table"),
        ('preset = "zendesk"\ncolumns = 3', "columns", "must be a table"),
        ('preset = "zendesk"\nvalues = { status = 3 }', "values.status", "must be a table"),
    ],
)  # fmt: skip
def test_a_bad_mapping_names_its_place(tmp_path, text, path, problem):
    with pytest.raises(ConfigError) as caught:
        load_mapping(_mapping(tmp_path, text))
    assert caught.value.path == path
    assert problem in caught.value.problem


def test_presets_load_by_name_and_files_override_them(tmp_path):
    zendesk = load_mapping("zendesk")
    assert zendesk.name == "zendesk"
    assert zendesk.timezone is None
    assert load_mapping(zendesk) is zendesk
    mine = load_mapping(
        _mapping(tmp_path, 'preset = "freshdesk"\n[values.channel]\nzalo = "zalo_oa"\n')
    )
    assert mine.read_value("channel", "Zalo") == "zalo_oa"
    assert mine.read_value("channel", "Email") == "email"
    assert mine.read_value("channel", "Social Media") == "social_media"


def test_an_unreadable_export_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        read_tickets(tmp_path / "missing.csv", mapping="zendesk")
    assert caught.value.line is None
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(InputError, match="is not UTF-8 text"):
        read_tickets(bad, mapping="zendesk")
    for name, text, line in [
        ("a.json", "[{", 1),
        ("b.jsonl", '{"Id": 1, "Created at": "2026-03-02T09:00:00Z", "Via": "Mail"}\n{', 2),
        ("c.json", "[3]", 1),
    ]:
        broken = tmp_path / name
        broken.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as err:
            read_tickets(broken, mapping="zendesk")
        assert err.value.line == line
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert read_tickets(empty, mapping="zendesk").tickets == ()


def test_aftersales_report_reads_an_export_through_a_mapping(tmp_path):
    from tests.cli.conftest import run_cli

    commitment = tmp_path / "shop.toml"
    commitment.write_text(
        'name = "Shop"\n[sla.targets]\nnormal = { first_response = "30m", resolution = "4h" }\n'
        'urgent = { first_response = "15m", resolution = "1h" }\n'
        'high = { first_response = "15m", resolution = "1h" }\n',
        encoding="utf-8",
    )
    mapping = _mapping(tmp_path, f'preset = "zendesk"\ntimezone = "{ZONE}"\n')
    export = _zendesk(tmp_path)
    args = ["report", "--tickets", export, "--commitment", commitment, "--format", "json"]
    result = run_cli(*args, "--mapping", mapping)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["tickets"]["n"] == 4
    assert report["tickets"]["by_channel"] == {"email": 1, "hotline": 1, "web": 1, "live_chat": 1}
    assert report["sla"]["overall"]["first_response"]["met"] == 3
    assert "aftersales: note: resolution: a row holds no history" in result.stderr
    assert "1 tickets are waiting" in result.stderr
    refused = run_cli(*args, "--mapping", "zendesk")
    assert refused.returncode == 3
    assert "Created at: '2026-03-02 09:00:00' has no time zone" in refused.stderr
    bad = run_cli(*args, "--mapping", _mapping(tmp_path, 'preset = "nope"'))
    assert bad.returncode == 3
    assert "preset: 'nope' is not a preset" in bad.stderr
