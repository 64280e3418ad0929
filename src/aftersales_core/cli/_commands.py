"""What each ``aftersales`` command does; :mod:`aftersales_core.cli` parses and dispatches."""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .._internal.instants import unix_micros
from ..config import MAX_LINE, read_records
from ..errors import ConfigError, InputError
from . import _sources
from ._files import emit, refuse_overwrite

if TYPE_CHECKING:
    from ..commitment import ServiceCommitment

__all__ = ["charter", "check", "demo", "report", "sample"]

PROGRESS_FROM = 8 * 1024 * 1024
"""Files from this size (bytes) get a progress bar when stderr is a terminal."""


def _input_error(path: str | os.PathLike[str], err: ConfigError) -> InputError:
    """A document's error as the file's: the path, the line, the field and the problem."""
    problem = err.problem.removeprefix(f"{Path(path).name} ")  # the line names the file
    if err.column is not None:
        problem = f"{problem} (column {err.column})"
    return InputError(path=os.fspath(path), line=err.line, field=err.path, problem=problem)


def _commitment(path: str | os.PathLike[str]) -> ServiceCommitment:
    from ..config import load_commitment

    try:
        return load_commitment(path)
    except ConfigError as err:
        raise _input_error(path, err) from None


@contextlib.contextmanager
def _progress(
    path: str | os.PathLike[str], wanted: bool | None
) -> Iterator[Callable[[int], None] | None]:
    """A progress callback drawing a bar on stderr, or ``None`` when there is to be none."""
    try:
        size = os.path.getsize(path)
    except OSError:
        size = 0  # the reader reports the missing file
    show = wanted if wanted is not None else (size >= PROGRESS_FROM and sys.stderr.isatty())
    if not show:
        yield None
        return
    try:
        from rich.console import Console
        from rich.progress import Progress
    except ImportError:
        print(
            "aftersales: a progress bar needs rich: pip install 'aftersales-core[cli]'",
            file=sys.stderr,
        )
        yield None
        return
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"Reading {Path(path).name}", total=size or None)
        yield lambda done: bar.update(task, completed=done)


def _latest_event(path: str) -> datetime | None:
    """The latest event instant in a tickets file, read quickly.

    Bad lines are skipped here: the reading pass that follows reports them.
    """
    latest: datetime | None = None
    with (
        contextlib.suppress(OSError, UnicodeDecodeError, csv.Error, ValueError),
        open(path, encoding="utf-8", newline="") as handle,
    ):
        lines = _short_lines(handle)
        if path.lower().endswith(".csv"):
            texts: Iterator[Any] = (row.get("at") for row in csv.DictReader(lines))
        else:
            texts = (_last_at(line) for line in lines)
        for text in texts:
            with contextlib.suppress(TypeError, ValueError):
                at = datetime.fromisoformat(text)
                if at.tzinfo is not None and (
                    latest is None or unix_micros(at) > unix_micros(latest)
                ):
                    latest = at
    return latest


def _short_lines(handle: IO[str]) -> Iterator[str]:
    """The lines of a file until one is too long to be a record (the reading pass says so)."""
    while (line := handle.readline(MAX_LINE + 1)) and len(line) <= MAX_LINE:
        yield line


def _last_at(line: str) -> Any:
    try:
        return json.loads(line)["events"][-1]["at"]
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def _render(report: Any, form: str) -> str:
    if form == "json":
        from ._report.model import to_json

        return json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n"
    if form == "html":
        from ._report.html import render_html

        return render_html(report)
    from ._report.text import render_text

    return render_text(report)


def _run_report(
    args: argparse.Namespace,
    files: dict[str, Any],
    at: datetime,
    commitment: ServiceCommitment,
    tickets: Any = None,
) -> int:
    from ._report.build import build_report

    sources = [(kind, Path(path).name) for kind, path in files.items()]
    with _progress(files["tickets"], args.progress) as progress:
        built = build_report(
            tickets=read_records(files["tickets"], "tickets", progress=progress)
            if tickets is None
            else tickets,
            surveys=read_records(files["surveys"], "surveys") if "surveys" in files else None,
            purchases=read_records(files["purchases"], "purchases")
            if "purchases" in files
            else None,
            commitment=commitment,
            at=at,
            by=args.by,
            top=args.top,
            sources=sources,
        )
    emit(_render(built, args.format), args.out)
    return 0


def demo(args: argparse.Namespace) -> int:
    """The KPI report of the shipped sample against the shop's commitment."""
    from ..sample import AS_OF, commitment, data_files

    files = data_files()
    found = {kind: files[kind] for kind in ("tickets", "surveys", "purchases", "commitment")}
    refuse_overwrite(args.out, {f"sample's {kind}": path for kind, path in found.items()})
    return _run_report(args, found, AS_OF, commitment())


def report(args: argparse.Namespace) -> int:
    """The KPI report of the user's files."""
    files = {"tickets": args.tickets, "surveys": args.surveys, "purchases": args.purchases}
    files = {kind: path for kind, path in files.items() if path is not None}
    inputs = {**files, "commitment": args.commitment, "mapping": getattr(args, "mapping", None)}
    refuse_overwrite(args.out, {f"--{kind}": path for kind, path in inputs.items()})
    commitment = _commitment(args.commitment)
    files["commitment"] = args.commitment
    tickets = _sources.read_tickets(args)  # an export (--mapping) or a store (--db)
    if tickets is not None:
        files["tickets"] = args.tickets or args.db
        at = args.at or _sources.latest(tickets) or datetime.now(UTC)
        return _run_report(args, files, at, commitment, tickets)
    at = args.at or _latest_event(args.tickets) or datetime.now(UTC)
    return _run_report(args, files, at, commitment)


def charter(args: argparse.Namespace) -> int:
    """Print the commitment's charter."""
    refuse_overwrite(args.out, {"COMMITMENT": args.commitment})
    emit(_commitment(args.commitment).render(args.lang), args.out)
    return 0


def _claim(path: str) -> Any:
    from ..config import load_value
    from ..facts import Claim

    try:
        return load_value(path, Claim)
    except ConfigError as err:
        raise _input_error(path, err) from None


def check(args: argparse.Namespace) -> int:
    """Decide one claim and print the decision with its reasons."""
    commitment = _commitment(args.commitment)
    decision = commitment.decide(_claim(args.claim))
    if args.format == "json":
        from ..config import unstructure

        text = json.dumps(unstructure(decision), ensure_ascii=False, indent=2) + "\n"
    else:
        text = decision.explain() + "\n"
    emit(text, None)
    return 0


def sample(args: argparse.Namespace) -> int:
    """Write a generated data set."""
    from ..sample import DEFAULT_SEED, DEFAULT_SIZE, write

    folder = Path(args.directory)
    if not folder.is_dir():
        raise InputError(path=args.directory, line=None, field="", problem="is not a directory")
    seed = DEFAULT_SEED if args.seed is None else args.seed  # the generator's random-number seed
    size = DEFAULT_SIZE if args.size is None else args.size
    for kind, path in write(folder, seed=seed, size=size).items():
        print(f"{kind}: {path}")
    return 0
