"""The command line's files: an output never overwrites an input, and is written safely.

Each command names its inputs to `refuse_overwrite` before it reads anything, so
``aftersales charter shop.toml --out shop.toml`` stops with a usage error and the
commitment is left as it was. `emit` writes through
`aftersales_core.config.atomic_output`: a regular file atomically, a link's target,
a pipe or a terminal as a stream.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping

from ..config import atomic_output

__all__ = ["UsageError", "emit", "refuse_overwrite"]


class UsageError(Exception):
    """The command line is wrong: the command stops with exit code 2 and this one line."""


def refuse_overwrite(out: str | None, inputs: Mapping[str, str | os.PathLike[str] | None]) -> None:
    """Refuse an ``--out`` that is one of ``inputs`` (by option name) on disk.

    The same file reached by another name — a relative path, a symbolic link, a hard
    link — is the same file. A character device (a terminal, ``/dev/null``) can be read
    and written at once without loss, and is let through.

    Raises:
        UsageError: ``out`` is one of the inputs.
    """
    if out is None:
        return
    for option, path in inputs.items():
        if path is not None and _same(out, path):
            raise UsageError(
                f"--out {out} is the {option} file {os.fspath(path)}; "
                "writing the output there would destroy the input: choose another --out"
            )


def _same(out: str, path: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(out, path) and not stat.S_ISCHR(os.stat(out).st_mode)
    except (OSError, ValueError):  # a new output is no input; a missing input is its reader's
        return False


def emit(text: str, out: str | None) -> None:
    """Write ``text`` to ``out``, or to stdout when ``out`` is ``None``."""
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with atomic_output(out) as handle:
        handle.write(text)
