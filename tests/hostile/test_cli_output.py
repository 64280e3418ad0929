"""Hostile ``--out`` paths: an input, a symbolic link, a FIFO, a device, a directory.

Nothing the user already has is destroyed: an output that is one of the command's inputs is
refused before anything is read (exit 2), a link's target is written and the link stays, a
FIFO or a character device is written through and stays what it is, and what cannot hold a
report (a directory) is refused with one line (exit 3).
"""

import os
import pathlib
import shutil
import stat
import threading

import pytest

from aftersales_core.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, main
from aftersales_core.config import atomic_output
from aftersales_core.errors import InvalidTypeError, ValidationError
from aftersales_core.sample import data_files

TICKETS = (
    '{"id": "T-1", "events": [{"kind": "open", "at": "2026-03-02T09:00:00+07:00", '
    '"data": {"channel": "email"}}]}\n'
)


@pytest.fixture
def files(tmp_path):
    shop = tmp_path / "shop.toml"
    shutil.copy(data_files()["commitment"], shop)
    tickets = tmp_path / "tickets.jsonl"
    tickets.write_text(TICKETS, encoding="utf-8")
    surveys = tmp_path / "surveys.jsonl"
    surveys.write_text("", encoding="utf-8")
    return {"commitment": shop, "tickets": tickets, "surveys": surveys}


def _run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _contents(paths):
    return {path: path.read_bytes() for path in paths}


def _report(files, out):
    return [
        "report",
        "--tickets",
        files["tickets"],
        "--surveys",
        files["surveys"],
        "--commitment",
        files["commitment"],
        "--at",
        "2026-03-03T09:00:00+07:00",
        "--out",
        out,
    ]


@pytest.mark.parametrize("kind", ["tickets", "surveys", "commitment"])
def test_report_refuses_an_output_that_is_one_of_its_inputs(capsys, files, kind, monkeypatch):
    before = _contents(files.values())
    monkeypatch.chdir(files[kind].parent)
    for out in (files[kind], f"./{files[kind].name}"):
        code, stdout, err = _run(capsys, *_report(files, out))
        assert (code, stdout) == (EXIT_USAGE, "")
        assert err.count("\n") == 1
        assert err.startswith(f"aftersales: error: --out {out} is the --{kind} file")
    assert _contents(files.values()) == before


def test_the_same_file_by_a_link_is_refused(capsys, files, tmp_path):
    before = _contents(files.values())
    soft = tmp_path / "soft.jsonl"
    soft.symlink_to(files["tickets"])
    hard = tmp_path / "hard.jsonl"
    os.link(files["tickets"], hard)
    for out in (soft, hard):
        assert _run(capsys, *_report(files, out))[0] == EXIT_USAGE
    assert _contents(files.values()) == before
    assert soft.is_symlink()


def test_a_mapping_file_is_an_input_too(capsys, files, tmp_path):
    mapping = tmp_path / "desk.toml"
    mapping.write_text("# a column mapping\n", encoding="utf-8")
    args = [*_report(files, mapping), "--mapping", mapping]
    code, _, err = _run(capsys, *args)
    assert code == EXIT_USAGE
    assert err.startswith(f"aftersales: error: --out {mapping} is the --mapping file")
    assert mapping.read_text(encoding="utf-8") == "# a column mapping\n"


def test_charter_refuses_to_overwrite_its_commitment(capsys, files):
    shop = files["commitment"]
    before = shop.read_bytes()
    code, out, err = _run(capsys, "charter", shop, "--out", shop)
    assert (code, out) == (EXIT_USAGE, "")
    assert err == (
        f"aftersales: error: --out {shop} is the COMMITMENT file {shop}; writing the output "
        "there would destroy the input: choose another --out\n"
    )
    assert shop.read_bytes() == before


def test_demo_refuses_to_overwrite_the_sample_it_reads(capsys, tmp_path, monkeypatch):
    import aftersales_core.sample

    copies = {kind: shutil.copy(path, tmp_path) for kind, path in data_files().items()}
    monkeypatch.setattr(aftersales_core.sample, "data_files", lambda: dict(copies))
    before = _contents(map(pathlib.Path, copies.values()))
    code, _, err = _run(capsys, "demo", "--out", copies["tickets"])
    assert code == EXIT_USAGE
    assert "is the sample's tickets file" in err
    assert _contents(map(pathlib.Path, copies.values())) == before


def test_a_symbolic_link_keeps_being_a_link_to_its_written_target(capsys, files, tmp_path):
    target = tmp_path / "charters" / "2026.md"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    assert _run(capsys, "charter", files["commitment"], "--out", link)[0] == EXIT_OK
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("# Cam kết dịch vụ khách hàng")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the replaced file keeps its mode
    assert sorted(p.name for p in target.parent.iterdir()) == ["2026.md"]  # no temporary left


def test_a_dangling_link_gets_its_target_created(capsys, files, tmp_path):
    link = tmp_path / "latest.md"
    link.symlink_to(tmp_path / "new.md")
    assert _run(capsys, "charter", files["commitment"], "--out", link)[0] == EXIT_OK
    assert link.is_symlink()
    assert (tmp_path / "new.md").read_text(encoding="utf-8").startswith("# Cam kết")


def test_a_fifo_is_written_through_and_stays_a_fifo(capsys, files, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    ready = threading.Event()

    def read():
        with fifo.open("rb") as stream:
            ready.set()
            received.append(stream.read())

    reader = threading.Thread(target=read)
    reader.start()
    # The writer opens without waiting: the reader must hold its end open first.
    with open(fifo, "wb", buffering=0) as holder:
        ready.wait()
        assert _run(capsys, "charter", files["commitment"], "--out", fifo)[0] == EXIT_OK
        holder.write(b"")
    reader.join(timeout=60)
    assert received[0].decode("utf-8").startswith("# Cam kết dịch vụ khách hàng")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "pipe",
        "shop.toml",
        "surveys.jsonl",
        "tickets.jsonl",
    ]


def test_a_fifo_nobody_reads_is_refused_at_once(capsys, files, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = _run(capsys, "charter", files["commitment"], "--out", fifo)
    assert code == EXIT_BAD_INPUT
    assert (
        err
        == f"aftersales: error: {fifo}: is a FIFO that no process reads from; start the reader first\n"
    )
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.fixture
def device(tmp_path):
    """A private node of the null device: a test never risks a system device."""
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs privileges this user lacks")
    return node


def test_a_character_device_is_written_through_and_stays(capsys, files, device):
    assert _run(capsys, "charter", files["commitment"], "--out", device)[0] == EXIT_OK
    assert stat.S_ISCHR(os.stat(device).st_mode)
    # Reading and writing the null device at once loses nothing: it is not refused as an input.
    assert _run(capsys, "charter", device, "--out", device)[0] == EXIT_BAD_INPUT  # empty: no name
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_a_directory_is_refused_with_one_line(capsys, files, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    code, _, err = _run(capsys, "charter", files["commitment"], "--out", folder)
    assert code == EXIT_BAD_INPUT
    assert err.count("\n") == 1
    assert f"{str(folder)!r} is a directory" in err
    assert list(folder.iterdir()) == []


def test_an_error_names_the_output_never_the_temporary_file(capsys, files, tmp_path):
    out = tmp_path / "missing" / "c.md"
    code, _, err = _run(capsys, "charter", files["commitment"], "--out", out)
    assert code == EXIT_BAD_INPUT
    assert err == f"aftersales: error: {out}: No such file or directory\n"


def test_atomic_output_errors_are_typed(tmp_path):
    with pytest.raises(InvalidTypeError) as caught, atomic_output(None):
        pass
    assert (caught.value.field, caught.value.value) == ("path", None)
    with pytest.raises(ValidationError) as refused, atomic_output(tmp_path):
        pass
    assert refused.value.field == "path"
    assert refused.value.value == str(tmp_path)
    assert refused.value.rule.startswith("is a directory")


def test_a_failure_inside_the_block_names_the_output(tmp_path):
    target = tmp_path / "out.txt"
    with pytest.raises(OSError, match="No space") as caught, atomic_output(target) as out:
        raise OSError(28, "No space left on device")  # what a full disk reports, unnamed
    assert caught.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []
    del out
