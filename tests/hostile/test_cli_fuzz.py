"""Fuzzing the command line's readers and the commitment loader.

Whatever the bytes of a record file or a commitment — random, or valid records with one
field broken, a byte spliced in, a key repeated — the command ends with exit 0 and no word on
stderr, or exit 2 or 3 with exactly one line naming the file; never a traceback, never exit
4, and the input files are never changed. ``loads_commitment`` returns a commitment or
raises an `AftersalesError`, nothing else.

``main`` runs in-process (a subprocess per example would be slow);
``test_cli_errors.py`` proves in a real process that no traceback reaches stderr.
"""

import contextlib
import csv
import functools
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aftersales_core.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, main
from aftersales_core.commitment import ServiceCommitment
from aftersales_core.config import dump_commitment, loads_commitment
from aftersales_core.errors import AftersalesError
from aftersales_core.sample import commitment, data_files

AT = "2026-12-31T23:00:00+07:00"
KINDS = ("tickets", "surveys", "purchases")
TICKET_COLUMNS = ["ticket_id", "kind", "at", "actor", "note", "data"]
SHOP = data_files()["commitment"]
SAMPLE = {
    kind: [json.loads(line) for line in data_files()[kind].read_text("utf-8").splitlines()[:4]]
    for kind in KINDS
}


@functools.cache
def shop_text(form):
    """The shop's commitment as TOML or JSON text (built on first use, not when collected)."""
    return SHOP.read_text(encoding="utf-8") if form == "toml" else dump_commitment(commitment())


pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
fuzz = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def _run(args, inputs):
    """Run the command; check the promise; return the exit code and the stderr line."""
    before = {path: path.read_bytes() for path in inputs}
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    assert {path: path.read_bytes() for path in inputs} == before, "an input file changed"
    text = err.getvalue()
    assert "Traceback" not in text
    if code == EXIT_OK:
        assert text == ""
        return code, text
    assert code in (EXIT_USAGE, EXIT_BAD_INPUT), text
    assert text.startswith("aftersales: error: ")
    assert text.endswith("\n")
    assert text.count("\n") == 1, text
    assert out.getvalue() == ""
    return code, text


OUTS = st.sampled_from(["stdout", "file", "input"])
"""Where the report goes: stdout, a new file, or (refused) the file being read."""


def _report(folder, kind, content, suffix, out="stdout"):
    path = folder / f"{kind}{suffix}"
    path.write_bytes(content)
    args = ["report", "--commitment", SHOP, "--at", AT, "--format", "json", "--no-progress"]
    if kind == "tickets":
        args += ["--tickets", path]
    else:
        tickets = folder / "fixed-tickets.jsonl"
        tickets.write_text(_jsonl(SAMPLE["tickets"]), encoding="utf-8")
        args += ["--tickets", tickets, f"--{kind}", path]
    if out != "stdout":
        args += ["--out", path if out == "input" else folder / "report.json"]
    code, line = _run(args, [path, SHOP])
    if out == "input":
        assert code == EXIT_USAGE, line
        assert line.startswith(f"aftersales: error: --out {path} is the --{kind} file")
    elif code == EXIT_BAD_INPUT:
        assert line.startswith(f"aftersales: error: {path}"), line
    return code, line


def _jsonl(records):
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def _csv(kind, records):
    out = io.StringIO()
    writer = csv.writer(out)
    if kind == "tickets":  # one row per event; what is not an event goes in its kind's cell
        writer.writerow(TICKET_COLUMNS)
        for record in records:
            events = record.get("events")
            for event in events if isinstance(events, list) else [events]:
                row = dict(event) if isinstance(event, dict) else {"kind": event}
                row["ticket_id"] = record.get("id")
                if "data" in row:
                    row["data"] = json.dumps(row["data"], ensure_ascii=False)
                extra = [_cell(v) for k, v in row.items() if k not in TICKET_COLUMNS]
                writer.writerow([_cell(row.get(c, "")) for c in TICKET_COLUMNS] + extra)
        return out.getvalue()
    columns = sorted({key for record in records for key in record})
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(c, "")) for c in columns])
    return out.getvalue()


def _cell(value):
    return value if isinstance(value, str) else json.dumps(value)


@fuzz
@given(
    kind=st.sampled_from(KINDS),
    suffix=st.sampled_from([".jsonl", ".csv"]),
    content=st.binary(max_size=600),
)
@example(kind="tickets", suffix=".csv", content=b'ticket_id,kind,at\nT-1,"open')
@example(kind="surveys", suffix=".jsonl", content=b'{"id": "S-1", "id": "S-2"}')
@example(kind="surveys", suffix=".csv", content=f"id,at,nps\nS-1,{AT},\u00b2\n".encode())
@example(kind="purchases", suffix=".jsonl", content=b"[" * 10_000 + b"]" * 10_000)
def test_random_bytes(folder, kind, suffix, content):
    _report(folder, kind, content, suffix)


@st.composite
def broken_records(draw):
    """Valid records of one kind with one field broken: replaced, removed, added, repeated."""
    kind = draw(st.sampled_from(KINDS))
    records = json.loads(json.dumps(SAMPLE[kind]))
    index = draw(st.integers(0, len(records) - 1))
    target = records[index]
    if kind == "tickets" and draw(st.booleans()):  # a field of one event, or of its data
        target = draw(st.sampled_from(target["events"]))
        if "data" in target and draw(st.booleans()):
            target = target["data"]
    key = draw(st.sampled_from(sorted(target)) | st.text(max_size=6))
    how = draw(st.sampled_from(["replace", "remove", "repeat"]))
    if how == "remove":
        target.pop(key, None)
    elif how == "replace":
        target[key] = draw(json_values)
    return kind, records, index, how, key, draw(json_values)


@fuzz
@given(broken=broken_records(), suffix=st.sampled_from([".jsonl", ".csv"]), out=OUTS)
@example(broken=("surveys", SAMPLE["surveys"], 0, "repeat", "nps", 10), suffix=".jsonl", out="file")
@example(
    broken=("tickets", [SAMPLE["tickets"][0]] * 2, 1, "remove", "", None),
    suffix=".csv",
    out="stdout",
)
def test_valid_looking_records_with_one_field_broken(folder, broken, suffix, out):
    kind, records, index, how, key, value = broken
    if suffix == ".csv":
        content = _csv(kind, records)
    else:
        lines = _jsonl(records).splitlines(keepends=True)
        if how == "repeat":  # the same key twice in one object, as text
            head = lines[index].rstrip("\n")[:-1]
            lines[index] = f"{head}, {json.dumps(key)}: {json.dumps(value)}}}\n"
        content = "".join(lines)
    _report(folder, kind, content.encode("utf-8"), suffix, out)


@fuzz
@given(
    kind=st.sampled_from(KINDS),
    suffix=st.sampled_from([".jsonl", ".csv"]),
    where=st.floats(0, 1),
    spliced=st.binary(min_size=1, max_size=8),
    cut=st.integers(0, 8),
)
@example(kind="tickets", suffix=".csv", where=0.5, spliced=b'"', cut=0)
def test_a_valid_file_with_bytes_spliced_in(folder, kind, suffix, where, spliced, cut):
    text = _csv(kind, SAMPLE[kind]) if suffix == ".csv" else _jsonl(SAMPLE[kind])
    raw = text.encode("utf-8")
    at = int(where * len(raw))
    _report(folder, kind, raw[:at] + spliced + raw[at + cut :], suffix)


def _mutated(text, where, cut, spliced):
    at = int(where * len(text))
    return text[:at] + spliced + text[at + cut :]


documents = st.one_of(
    st.text(max_size=300),
    st.builds(
        _mutated,
        st.sampled_from(["toml", "json"]).map(shop_text),
        st.floats(0, 1),
        st.integers(0, 12),
        st.text(max_size=12),
    ),
)


@fuzz
@given(text=documents)
@example(text='{"name": "Shop", "name": "Shop"}')
@example(text="[[policies]]\n" * 3)
def test_loads_commitment_returns_a_commitment_or_a_typed_error(text):
    try:
        value = loads_commitment(text)
    except AftersalesError:
        return
    assert isinstance(value, ServiceCommitment)


@fuzz
@given(text=documents, suffix=st.sampled_from([".toml", ".json", ".txt"]))
def test_charter_and_check_on_a_mutated_commitment(folder, text, suffix):
    path = folder / f"shop{suffix}"
    path.write_text(text, encoding="utf-8")
    out = folder / "charter.md"
    _run(["charter", path, "--out", out], [path])
    claim = folder / "claim.json"
    claim.write_text(text, encoding="utf-8")
    _run(["check", SHOP, "--claim", claim], [claim, SHOP])


def test_the_shipped_sample_reads_cleanly_in_both_forms(folder):
    """The unbroken records pass, so that the fuzz above breaks something real."""
    for kind in KINDS:
        for suffix, text in ((".jsonl", _jsonl(SAMPLE[kind])), (".csv", _csv(kind, SAMPLE[kind]))):
            assert _report(folder, kind, text.encode("utf-8"), suffix)[0] == EXIT_OK, (kind, suffix)


def test_the_folder_holds_only_what_the_tests_wrote(folder):
    assert not list(Path(folder).glob(".*.tmp"))
