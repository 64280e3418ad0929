r"""The ``aftersales`` command line: a KPI report, the published charter, a claim decided.

Run it as ``aftersales`` (the console script) or ``python -m aftersales_core``::

    aftersales demo                       # the shipped sample, judged against its commitment
    aftersales report --tickets tickets.jsonl --surveys surveys.jsonl \\
        --purchases purchases.jsonl --commitment shop.toml --format html --out report.html
    aftersales charter shop.toml --lang en
    aftersales check shop.toml --claim claim.json
    aftersales sample data/ --size 100000

Exit codes: 0 when the command did its job; 2 for a usage error (an unknown option,
a missing argument, an ``--out`` that is one of the command's inputs); 3 for bad input —
a file that cannot be read or written, a record or a commitment that is invalid; 4 for a
bug in the library. Every failure is one line on stderr — naming the file, the line and
the field for bad input, the version for a bug — and never a traceback. A signal stops
the command with 128 + its number (130 for Ctrl-C, 143 for SIGTERM) after removing its
temporary files. Output files are written under a temporary name and renamed, so a
failure never leaves half a report; an output that is a pipe or a terminal is written
through, and a symbolic link's target is replaced, never the link.

Examples:
    >>> main(["charter", "--help"])  # doctest: +ELLIPSIS
    usage: aftersales charter [-h] [--lang {vi,en}] [--out FILE] COMMITMENT
    ...
    0
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import NoReturn

from . import _commands, _run
from ._files import UsageError
from ._report.build import BY

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = _run.EXIT_OK
"""The command did its job."""
EXIT_USAGE = _run.EXIT_USAGE
"""The command line was wrong: an unknown option, a missing or malformed argument, or an
``--out`` that is one of the command's own inputs."""
EXIT_BAD_INPUT = _run.EXIT_BAD_INPUT
"""An input file could not be read or holds an invalid record, or the output cannot be written."""
EXIT_INTERNAL = _run.EXIT_INTERNAL
"""A bug in aftersales_core: one line names the version and asks for a report."""


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line (its usage lines are in ``--help``)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 instant") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no UTC offset (add +07:00 or Z)")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def _size(text: str) -> int:
    from ..sample import MAX_SIZE

    value = _positive(text)
    if value > MAX_SIZE:
        raise argparse.ArgumentTypeError(f"{text!r} is over the limit of {MAX_SIZE} tickets")
    return value


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("table", "json", "html"),
        default="table",
        help="table (the default) for a terminal, json for programs, html for one offline page",
    )
    parser.add_argument(
        "--out", metavar="FILE", help="write to FILE (atomically) instead of stdout"
    )
    parser.add_argument("--by", choices=BY, help="add the headline numbers per segment")
    parser.add_argument("--top", type=_positive, default=10, help="list the N worst breaches (10)")
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="always show a progress bar on stderr (needs the 'cli' extra: rich)",
    )
    progress.add_argument("--no-progress", dest="progress", action="store_false")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="aftersales",
        description="After-sales KPI reports, charters and decisions from aftersales_core.",
    )
    parser.add_argument("--version", action="version", version=f"aftersales {_run.version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="report on the shipped sample: a year of a Vietnamese electronics shop",
        description="The KPI report of the shipped sample data set, judged against the "
        "shop's published service commitment.",
    )
    _output_options(demo)
    demo.set_defaults(run=_commands.demo)

    report = commands.add_parser(
        "report",
        help="the KPI report of your own files (JSON Lines or CSV)",
        description="NPS/CSAT/CES with intervals, response and resolution times, SLA "
        "compliance by priority and by week, breaches, repeat purchase rate and backlog aging.",
    )
    source = report.add_mutually_exclusive_group(required=True)
    source.add_argument("--tickets", metavar="FILE", help="tickets (.jsonl or .csv)")
    source.add_argument(
        "--db", metavar="URL", help="read the tickets from an event store (sqlite:///tickets.db)"
    )
    report.add_argument(
        "--mapping",
        metavar="PRESET|FILE",
        help="--tickets is a helpdesk export, one row per ticket: zendesk, freshdesk or a .toml",
    )
    report.add_argument(
        "--commitment", metavar="FILE", required=True, help="commitment (.toml or .json)"
    )
    report.add_argument("--surveys", metavar="FILE", help="survey responses (.jsonl or .csv)")
    report.add_argument("--purchases", metavar="FILE", help="purchases (.jsonl or .csv)")
    report.add_argument(
        "--at",
        type=_instant,
        metavar="ISO",
        help="read the clocks as of this instant (default: the latest ticket event)",
    )
    _output_options(report)
    report.set_defaults(run=_commands.report)

    charter = commands.add_parser("charter", help="print a commitment's charter (Markdown)")
    charter.add_argument("commitment", metavar="COMMITMENT", help="commitment (.toml or .json)")
    charter.add_argument("--lang", choices=("vi", "en"), default="vi", help="language (vi)")
    charter.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    charter.set_defaults(run=_commands.charter)

    check = commands.add_parser("check", help="decide one claim with a commitment")
    check.add_argument("commitment", metavar="COMMITMENT", help="commitment (.toml or .json)")
    check.add_argument("--claim", metavar="FILE", required=True, help="the claim (.json or .toml)")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (the default) or json"
    )
    check.set_defaults(run=_commands.check)

    sample = commands.add_parser("sample", help="write a generated data set as JSON Lines")
    sample.add_argument("directory", metavar="DIRECTORY", help="an existing directory")
    sample.add_argument("--seed", type=int, default=None, help="random seed (the shipped set's)")
    sample.add_argument(
        "--size", type=_size, default=None, help="number of tickets (400; at most 1000000)"
    )
    sample.set_defaults(run=_commands.sample)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (the console script exits with it).

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` by default.

    Returns:
        :data:`EXIT_OK`, :data:`EXIT_USAGE`, :data:`EXIT_BAD_INPUT`,
        :data:`EXIT_INTERNAL`, or 128 + a signal's number when one stopped it.

    Examples:
        >>> main(["charter", "no-such-shop.toml"])
        3
        >>> main(["report"])
        2
    """
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse: --help or --version
        return int(stop.code or 0)
    except UsageError as err:
        _run.say(f"error: {err}")
        return EXIT_USAGE
    return _run.run(args.run, args)
