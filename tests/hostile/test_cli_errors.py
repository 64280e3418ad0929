"""Every way a command can fail ends in one line on stderr and a documented exit code.

0 done, 2 usage, 3 bad input, 4 a bug (naming the version), 128 + N for signal N; never a
traceback, whatever the arguments and whatever goes wrong inside.
"""

import argparse
import io
import os
import subprocess
import sys

import pytest

import aftersales_core
from aftersales_core.cli import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, _commands, main
from aftersales_core.sample import data_files


def run_cli(*args):
    """``python -m aftersales_core`` in a fresh process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "aftersales_core", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        check=False,
    )


def _run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    code, out, err = _run(capsys, "--version")
    assert (code, out, err) == (EXIT_OK, f"aftersales {aftersales_core.__version__}\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "the following arguments are required: COMMAND (see aftersales --help)"),
        (["report"], "the following arguments are required: --commitment"),
        (["report", "--commitment", "c.toml"], "one of the arguments --tickets --db is required"),
        (["demo", "--top", "many"], "argument --top: 'many' is not a whole number of at least 1"),
        (["demo", "--colour"], "unrecognized arguments: --colour"),
        (["nonsense"], "argument COMMAND: invalid choice: 'nonsense'"),
    ],
)
def test_a_usage_error_is_one_line(capsys, args, message):
    code, out, err = _run(capsys, *args)
    assert (code, out) == (EXIT_USAGE, "")
    assert err.startswith(f"aftersales: error: {message}")
    assert err.count("\n") == 1


def _crash(args: argparse.Namespace) -> int:
    raise ZeroDivisionError("a bug\nover two lines")


def test_a_bug_is_one_line_naming_the_version_exit_4(capsys, monkeypatch):
    monkeypatch.setattr(_commands, "demo", _crash)
    code, out, err = _run(capsys, "demo")
    assert (code, out) == (EXIT_INTERNAL, "")
    assert err == (
        f"aftersales: internal error in aftersales-core {aftersales_core.__version__}: "
        "ZeroDivisionError: a bug over two lines - this is a bug; please report it with the "
        "command that caused it\n"
    )


@pytest.mark.parametrize(
    ("raised", "code", "message"),
    [
        (KeyboardInterrupt(), 130, "aftersales: stopped by SIGINT\n"),
        (RecursionError("maximum recursion depth exceeded"), EXIT_INTERNAL, None),
        (MemoryError(), EXIT_INTERNAL, None),
    ],
)
def test_interrupts_and_exhaustion_are_one_line(capsys, monkeypatch, raised, code, message):
    def command(args):
        raise raised

    monkeypatch.setattr(_commands, "demo", command)
    got, out, err = _run(capsys, "demo")
    assert (got, out) == (code, "")
    assert err.count("\n") == 1
    if message is not None:
        assert err == message


def test_a_closed_stdout_exits_141_silently(capsys, monkeypatch):
    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self):
            raise io.UnsupportedOperation("no descriptor")

    monkeypatch.setattr(sys, "stdout", Closed())
    code = main(["demo"])
    err = capsys.readouterr().err
    assert (code, err) == (141, "")


def test_a_stdout_that_cannot_encode_the_report_is_one_line(capsys, monkeypatch):
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stream)
    code = main(["demo"])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert err.startswith(
        "aftersales: error: the output holds 'Đ', which stdout's encoding (ascii)"
    )
    assert err.count("\n") == 1


def test_no_traceback_reaches_stderr_from_a_real_process(tmp_path):
    tickets = tmp_path / "t.jsonl"
    tickets.write_bytes(b'{"id": "T-1", "events": [\xff]}\n')
    shop = data_files()["commitment"]
    result = run_cli("report", "--tickets", tickets, "--commitment", shop)
    assert (result.returncode, result.stdout) == (EXIT_BAD_INPUT, "")
    assert result.stderr == f"aftersales: error: {tickets}:1: is not UTF-8 text\n"
    # A bug deep inside a command, in a real interpreter: still one line, exit 4.
    bug = (
        "import sys; from aftersales_core.cli import _commands, main; "
        "_commands.charter = lambda args: [][0]; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", bug, "charter", str(shop)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout) == (EXIT_INTERNAL, "")
    assert result.stderr.startswith("aftersales: internal error in aftersales-core ")
    assert "IndexError: list index out of range" in result.stderr
    assert result.stderr.count("\n") == 1


FAR = "9999-12-31T23:00:00-05:00"  # the last hour of year 9999 here is year 10000 in UTC


@pytest.mark.parametrize(
    "tickets",
    [
        [{"kind": "open", "at": FAR, "data": {"channel": "hotline"}}],
        [
            {"kind": "open", "at": "9999-12-31T20:00:00-05:00", "data": {"channel": "email"}},
            {"kind": "respond", "at": FAR},
        ],
    ],
)
def test_instants_at_the_end_of_year_9999_are_an_answer_or_one_line(capsys, tmp_path, tickets):
    import json

    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"id": "T-1", "events": tickets}) + "\n", encoding="utf-8")
    shop = data_files()["commitment"]
    for at in ([], ["--at", FAR]):
        code, out, err = _run(capsys, "report", "--tickets", path, "--commitment", shop, *at)
        assert code in (EXIT_OK, EXIT_BAD_INPUT), err
        assert err.count("\n") == (code == EXIT_BAD_INPUT)
        assert bool(out) == (code == EXIT_OK)
