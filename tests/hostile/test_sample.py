"""``aftersales sample``: a bounded size, no temporary file left by a signal, errors name the file.

The signal tests run the command in a real process and stop it with a real signal while it
writes, then look at the directory.
"""

import os
import signal
import subprocess
import sys
import time

import pytest

from aftersales_core.cli import EXIT_BAD_INPUT, EXIT_USAGE, main
from aftersales_core.errors import ValidationError
from aftersales_core.sample import MAX_SIZE, generate, write


@pytest.mark.parametrize("size", [MAX_SIZE + 1, 10**30])
def test_the_size_is_bounded_before_anything_is_written(tmp_path, size):
    for make in (lambda: generate(size=size), lambda: write(tmp_path, size=size)):
        with pytest.raises(ValidationError) as caught:
            make()
        err = caught.value
        assert (err.field, err.value) == ("size", size)
        assert err.rule == f"must be at most MAX_SIZE ({MAX_SIZE}) tickets"
    assert list(tmp_path.iterdir()) == []


def test_the_command_names_the_bound(capsys, tmp_path):
    code = main(["sample", str(tmp_path), "--size", str(10**30)])
    out, err = capsys.readouterr()
    assert (code, out) == (EXIT_USAGE, "")
    assert err == (
        f"aftersales: error: argument --size: '{10**30}' is over the limit of {MAX_SIZE} "
        "tickets (see aftersales sample --help)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_error_names_the_file_not_its_temporary_name(capsys, tmp_path):
    (tmp_path / "tickets.jsonl").mkdir()  # what the command would replace is a directory
    code = main(["sample", str(tmp_path), "--size", "3"])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert err.startswith(
        f"aftersales: error: path: {str(tmp_path / 'tickets.jsonl')!r} is a directory"
    )
    assert ".tmp" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tickets.jsonl"]


def _default_sigint():
    # A process started in the background may inherit SIGINT ignored; a user's shell does not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_while_writing_leaves_no_temporary_file(tmp_path, signum, code):
    process = subprocess.Popen(
        [sys.executable, "-m", "aftersales_core", "sample", str(tmp_path), "--size", "400000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,  # only resets a signal, before exec
    )
    try:
        deadline = time.monotonic() + 120
        while len(list(tmp_path.glob(".*.tmp"))) < 4:  # every file is being written
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the temporary files never appeared"
            time.sleep(0.05)
        process.send_signal(signum)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == code
    assert err == f"aftersales: stopped by {signal.Signals(signum).name}\n"
    assert out == ""
    assert sorted(os.listdir(tmp_path)) == []
