"""The ``aftersales`` command end to end, in a fresh process, on the sample and on bad files."""

import json

import pytest

from aftersales_core.errors import InputError


def _one_line_error(result, code=3):
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_demo_prints_the_kpi_report(cli):
    result = cli("demo")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Điện máy Phương Nam — after-sales KPI report\n")
    for heading in (
        "Satisfaction",
        "NPS by channel",
        "Response and resolution times",
        "SLA compliance",
        "Breaches:",
        "Repeat purchase rate",
        "Backlog at 2027-01-01T00:00:00+07:00: 6 open tickets",
    ):
        assert heading in out, heading
    assert "NPS (0–10)       +13.3  [+0.8, +25.8]      158" in out
    assert "  urgent       67           80.0%  [68.7, 87.9]       51.6%" in out


def test_demo_json_holds_the_numbers(cli):
    result = cli("demo", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["tickets"]["n"] == 400
    assert round(report["satisfaction"]["nps"]["score"], 1) == 13.3
    assert report["backlog"]["n"] == 6
    overall = report["sla"]["overall"]
    assert overall["first_response"]["met"] + overall["first_response"]["breached"] > 300
    assert set(report["sla"]["by_priority"]) == {"normal", "urgent"}
    assert len(report["sla"]["breaches"]["worst"]) == 10


def test_report_on_json_lines_and_on_csv_agree(cli, sample_files):
    common = ["--commitment", sample_files["commitment"], "--format", "json", "--by", "category"]
    at = ["--at", "2027-01-01T00:00:00+07:00"]
    jsonl = cli(
        "report",
        "--tickets",
        sample_files["tickets"],
        "--surveys",
        sample_files["surveys"],
        "--purchases",
        sample_files["purchases"],
        *common,
        *at,
    )
    csv = cli(
        "report",
        "--tickets",
        sample_files["tickets_csv"],
        "--surveys",
        sample_files["surveys_csv"],
        "--purchases",
        sample_files["purchases_csv"],
        *common,
        *at,
    )
    assert jsonl.returncode == csv.returncode == 0, jsonl.stderr + csv.stderr
    left, right = json.loads(jsonl.stdout), json.loads(csv.stdout)
    assert left.pop("sources") != right.pop("sources")
    assert left == right
    demo = json.loads(cli("demo", "--format", "json", "--by", "category").stdout)
    demo.pop("sources")
    assert demo == left


def test_report_reads_the_clocks_at_the_latest_event_by_default(cli, sample_files):
    result = cli(
        "report",
        "--tickets",
        sample_files["tickets"],
        "--commitment",
        sample_files["commitment"],
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["at"] == "2026-12-31T22:49:30+07:00"
    assert report["satisfaction"]["nps"] is None
    assert report["repeat_purchase_rate"] is None


def test_html_report_is_written_atomically(cli, sample_files, tmp_path):
    target = tmp_path / "report.html"
    result = cli("demo", "--format", "html", "--out", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_malformed_ticket_names_file_line_and_field(cli, sample_files, tmp_path):
    lines = sample_files["tickets"].read_text(encoding="utf-8").splitlines()
    lines[41] = lines[41].replace('"at": "2026-', '"at": "2026-13-', 1)
    broken = tmp_path / "tickets.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "report.html"
    target.write_text("yesterday's report", encoding="utf-8")
    result = cli(
        "report",
        "--tickets",
        broken,
        "--commitment",
        sample_files["commitment"],
        "--format",
        "html",
        "--out",
        target,
    )
    message = _one_line_error(result)
    assert message.startswith(f"aftersales: error: {broken}:42: events[0].at: '2026-13-")
    assert message.endswith("is not an ISO 8601 date and time")
    assert target.read_text(encoding="utf-8") == "yesterday's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "tickets.jsonl"]


def test_a_history_the_workflow_refuses_names_the_event(cli, sample_files, tmp_path):
    lines = sample_files["tickets_csv"].read_text(encoding="utf-8").splitlines()
    # Line 3 is the classification of the first ticket: make it a confirmation instead.
    lines[2] = lines[2].replace(",classify,", ",confirm,", 1)
    broken = tmp_path / "tickets.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("report", "--tickets", broken, "--commitment", sample_files["commitment"])
    message = _one_line_error(result)
    assert message.startswith(f"aftersales: error: {broken}:3: events[1]: ticket 'T-000001': ")
    assert "cannot confirm while new" in message


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "surveys",
            '{"id": "S-1", "at": "2026-03-02T09:00:00+07:00", "nps": 11}\n',
            ":1: nps: 11 must be from 0 to 10",
        ),
        ("purchases", '{"id": "O-1"}\n', ":1: customer_id: is required"),
        ("tickets", '{"id": "T-1", "events": [\n', ":1: is not valid JSON: "),
        ("tickets", b"\xff\xfe{}\n", ":1: is not UTF-8 text"),
    ],
)
def test_bad_records_exit_3_with_one_line(cli, sample_files, tmp_path, kind, text, expected):
    broken = tmp_path / f"{kind}.jsonl"
    if isinstance(text, bytes):
        broken.write_bytes(text)
    else:
        broken.write_text(text, encoding="utf-8")
    files = {"tickets": sample_files["tickets"], kind: broken}
    args = ["report", "--commitment", sample_files["commitment"]]
    for name, path in files.items():
        args += [f"--{name}", path]
    message = _one_line_error(cli(*args))
    assert message.startswith(f"aftersales: error: {broken}{expected}"), message


def test_usage_errors_exit_2(cli, sample_files):
    assert cli("report", "--tickets", "x.jsonl").returncode == 2
    assert cli("demo", "--format", "pdf").returncode == 2
    bad_at = cli("report", "--tickets", "x", "--commitment", "y", "--at", "2026-01-01T00:00")
    assert bad_at.returncode == 2
    assert "has no UTC offset" in bad_at.stderr
    assert cli().returncode == 2


def test_charter_and_check(cli, sample_files, tmp_path):
    charter = cli("charter", sample_files["commitment"], "--lang", "en")
    assert charter.returncode == 0, charter.stderr
    assert charter.stdout.startswith("# Customer service commitment — Điện máy Phương Nam")
    claim = tmp_path / "claim.json"
    claim.write_text(json.dumps(_CLAIM), encoding="utf-8")
    decided = cli("check", sample_files["commitment"], "--claim", claim)
    assert decided.returncode == 0, decided.stderr
    assert decided.stdout.splitlines()[0] == (
        "approved by Điện máy Phương Nam (returns), amount 4990000 VND"
    )


def test_input_error_reads_like_a_compiler_message():
    error = InputError(path="t.jsonl", line=3, field="events[0].at", problem="is wrong")
    assert str(error) == "t.jsonl:3: events[0].at: is wrong"


_CLAIM = {
    "id": "K-1",
    "kind": "return",
    "purchase": {
        "id": "O-1",
        "customer_id": "C-1",
        "sku": "PHONE-A15",
        "product_category": "phone",
        "price": "4990000 VND",
        "purchased_at": "2026-03-01T10:00:00+07:00",
        "delivered_at": "2026-03-02T10:00:00+07:00",
    },
    "opened_at": "2026-03-06T10:00:00+07:00",
    "reason_code": "changed_mind",
    "opened": True,
}
