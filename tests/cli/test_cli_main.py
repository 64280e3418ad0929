"""``main(argv)`` in-process: every command, option and failure, with its exit code."""

import json
import sys

import pytest

from aftersales_core.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, _commands, main


def _run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_in_every_format(capsys):
    code, table, _ = _run(capsys, "demo", "--by", "priority", "--top", "3")
    assert code == EXIT_OK
    assert "By priority\n" in table
    assert table.count("late by") == 3
    code, text, _ = _run(capsys, "demo", "--format", "json")
    assert code == EXIT_OK
    assert json.loads(text)["segments"] is None
    code, html, _ = _run(capsys, "demo", "--format", "html")
    assert code == EXIT_OK
    assert html.rstrip().endswith("</html>")


def test_report_as_of_an_earlier_instant(capsys, sample_files):
    code, out, _ = _run(
        capsys,
        "report",
        "--tickets",
        sample_files["tickets_csv"],
        "--surveys",
        sample_files["surveys"],
        "--commitment",
        sample_files["commitment"],
        "--at",
        "2026-06-30T12:00:00+07:00",
        "--format",
        "json",
    )
    assert code == EXIT_OK
    report = json.loads(out)
    later = report["tickets"]["opened_after_at"]
    assert report["tickets"]["n"] + later == 400
    assert later > 150
    assert report["backlog"]["n"] > 0
    _, table, _ = _run(
        capsys,
        "report",
        "--tickets",
        sample_files["tickets"],
        "--commitment",
        sample_files["commitment"],
        "--at",
        "2026-06-30T12:00:00+07:00",
    )
    assert f"({later} opened later, left out)" in table
    assert "Satisfaction: no survey file given (--surveys)." in table


def test_a_forced_progress_bar_goes_to_stderr(capsys, sample_files):
    code, out, _ = _run(
        capsys,
        "report",
        "--tickets",
        sample_files["tickets"],
        "--commitment",
        sample_files["commitment"],
        "--progress",
    )
    assert code == EXIT_OK
    assert out.startswith("Điện máy Phương Nam")


def test_without_rich_there_is_no_bar_but_a_hint(capsys, sample_files, monkeypatch):
    monkeypatch.setitem(sys.modules, "rich.progress", None)
    code, out, err = _run(capsys, "demo", "--progress")
    assert code == EXIT_OK
    assert out
    assert err == "aftersales: a progress bar needs rich: pip install 'aftersales-core[cli]'\n"


def test_large_files_on_a_terminal_get_a_bar(capsys, sample_files, monkeypatch):
    monkeypatch.setattr(_commands, "PROGRESS_FROM", 1)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    seen = []
    real = _commands._progress

    def spy(path, wanted):
        manager = real(path, wanted)
        seen.append(wanted)
        return manager

    monkeypatch.setattr(_commands, "_progress", spy)
    assert _run(capsys, "demo")[0] == EXIT_OK
    assert seen == [None]


def test_charter_to_a_file_and_check_as_json(capsys, sample_files, tmp_path):
    target = tmp_path / "charter.md"
    assert _run(capsys, "charter", sample_files["commitment"], "--out", target) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("# Cam kết dịch vụ khách hàng")
    claim = tmp_path / "claim.toml"
    claim.write_text(_CLAIM_TOML, encoding="utf-8")
    code, out, _ = _run(
        capsys, "check", sample_files["commitment"], "--claim", claim, "--format", "json"
    )
    assert code == EXIT_OK
    decision = json.loads(out)
    assert decision["outcome"] == "denied"
    assert decision["clause"] == "warranty"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"id": "K-1",\n"kind": }', "claim.json:2: Expecting value (column 9)"),
        (b"\xff", "claim.json:1: is not UTF-8 text (column 1)"),
        (b'{"id": "K-1", "id": "K-2"}', "claim.json: the key 'id' appears twice in one object"),
        (b'{"id": "K-1", "kind": "refund"}', "claim.json: purchase: is required"),
    ],
)
def test_a_bad_claim_exits_3(capsys, sample_files, tmp_path, content, message):
    claim = tmp_path / "claim.json"
    claim.write_bytes(content)
    code, out, err = _run(capsys, "check", sample_files["commitment"], "--claim", claim)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == f"aftersales: error: {tmp_path}/{message}\n"


def test_sample_writes_a_data_set(capsys, tmp_path):
    code, out, _ = _run(capsys, "sample", tmp_path, "--seed", "3", "--size", "12")
    assert code == EXIT_OK
    assert out.splitlines()[2] == f"tickets: {tmp_path / 'tickets.jsonl'}"
    assert len((tmp_path / "tickets.jsonl").read_text(encoding="utf-8").splitlines()) == 12
    code, _, err = _run(capsys, "sample", tmp_path / "missing")
    assert code == EXIT_BAD_INPUT
    assert err == f"aftersales: error: {tmp_path / 'missing'}: is not a directory\n"
    assert _run(capsys, "sample", tmp_path, "--size", "0")[0] == EXIT_USAGE


def test_an_unwritable_output_exits_3(capsys, tmp_path):
    code, out, err = _run(capsys, "demo", "--out", tmp_path / "no" / "report.txt")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith("aftersales: error: ")
    assert "No such file or directory" in err
    assert not (tmp_path / "no").exists()


def test_the_latest_event_is_found_in_csv_and_bad_lines_are_skipped(sample_files, tmp_path):
    assert _commands._latest_event(str(sample_files["tickets_csv"])).isoformat() == (
        "2026-12-31T22:49:30+07:00"
    )
    messy = tmp_path / "t.jsonl"
    messy.write_text(
        '{"id": "T-1", "events": [{"at": "2026-01-02T00:00:00+07:00"}]}\n'
        'not json\n{"events": []}\n{"events": [{"at": "soon"}]}\n'
        '{"events": [{"at": "2027-01-01T00:00:00"}]}\n',
        encoding="utf-8",
    )
    assert _commands._latest_event(str(messy)).isoformat() == "2026-01-02T00:00:00+07:00"
    assert _commands._latest_event(str(tmp_path / "none.jsonl")) is None


def test_an_empty_tickets_file_is_read_as_of_now(capsys, sample_files, tmp_path):
    empty = tmp_path / "t.jsonl"
    empty.write_text("\n", encoding="utf-8")
    code, out, _ = _run(
        capsys,
        "report",
        "--tickets",
        empty,
        "--commitment",
        sample_files["commitment"],
        "--format",
        "json",
    )
    assert code == EXIT_OK
    assert json.loads(out)["tickets"]["n"] == 0


def test_help_exits_0(capsys):
    code, out, _ = _run(capsys, "--help")
    assert code == EXIT_OK
    assert "demo" in out
    assert "report" in out


_CLAIM_TOML = """
id = "K-2"
kind = "warranty"
opened_at = 2027-06-01T10:00:00+07:00
reason_code = "screen"

[purchase]
id = "O-1"
customer_id = "C-1"
sku = "PHONE-A15"
product_category = "phone"
price = "4990000 VND"
purchased_at = 2026-03-01T10:00:00+07:00
"""


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "t.jsonl",
            '{"id": "T-1", "events": [{"kind": "open", "at": "2026-03-02T09:00:00+07:00", '
            '"data": {"channel": "email"}}, {"kind": "confirm", "at": "2026-03-02T10:00:00+07:00"}]}\n',
            ":1: events[1]: ticket 'T-1': cannot confirm while new",
        ),
        ("t.jsonl", '\n{"id": }\n', ":2: is not valid JSON: Expecting value (column 8)"),
        ("t.jsonl", b'{"id": "caf\xe9"}\n', ":1: is not UTF-8 text"),
        ("t.csv", "ticket_id,kind,at\n", None),
        (
            "t.csv",
            'ticket_id,kind,at,data\nT-1,open,2026-03-02T09:00:00+07:00,"{""channel"": ""web""}"\n'
            "T-1,confirm,2026-03-02T10:00:00+07:00,\n",
            ":3: events[1]: ticket 'T-1': cannot confirm while new",
        ),
    ],
)
def test_bad_ticket_files_in_process(capsys, sample_files, tmp_path, name, content, expected):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code, out, err = _run(
        capsys,
        "report",
        "--tickets",
        path,
        "--commitment",
        sample_files["commitment"],
        "--format",
        "json",
    )
    if expected is None:
        assert code == EXIT_OK
        assert json.loads(out)["tickets"]["n"] == 0
        return
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith(f"aftersales: error: {path}{expected}"), err


def test_bad_files_and_arguments_in_process(capsys, sample_files, tmp_path):
    shop = tmp_path / "shop.toml"
    shop.write_text('name = "Shop"\nversion = \n', encoding="utf-8")
    assert _run(capsys, "charter", shop) == (
        EXIT_BAD_INPUT,
        "",
        f"aftersales: error: {shop}:2: Invalid value (column 11)\n",
    )
    missing = tmp_path / "none.jsonl"
    code, _, err = _run(
        capsys, "report", "--tickets", missing, "--commitment", sample_files["commitment"]
    )
    assert (code, err) == (
        EXIT_BAD_INPUT,
        f"aftersales: error: {missing}: No such file or directory\n",
    )
    for bad in ("--at=soon", "--at=2026-03-02T09:00"):
        code, _, err = _run(capsys, "report", "--tickets", missing, "--commitment", shop, bad)
        assert code == EXIT_USAGE
        assert "--at" in err
    assert _run(capsys, "demo", "--top", "many")[0] == EXIT_USAGE


def test_purchases_in_csv_and_a_decision_as_text(capsys, sample_files, tmp_path):
    code, out, _ = _run(
        capsys,
        "report",
        "--tickets",
        sample_files["tickets"],
        "--purchases",
        sample_files["purchases_csv"],
        "--commitment",
        sample_files["commitment"],
        "--format",
        "json",
    )
    assert code == EXIT_OK
    assert json.loads(out)["repeat_purchase_rate"]["hits"] == 84
    claim = tmp_path / "claim.toml"
    claim.write_text(_CLAIM_TOML, encoding="utf-8")
    code, out, _ = _run(capsys, "check", sample_files["commitment"], "--claim", claim)
    assert code == EXIT_OK
    assert out.startswith("denied by Điện máy Phương Nam (warranty)\n- warranty.expired: ")
