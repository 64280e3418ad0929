"""Turning cattrs' exception groups into one ConfigError with the full path.

cattrs, in detailed-validation mode, raises a tree of exception groups: each level
notes the attribute name or the index it was structuring. This module walks the tree
down to the leaves and writes each leaf as a path and a problem:
``policies[2].tiers[0].refund_ratio: Decimal('1.5') must be between 0 and 1``.

Examples:
    >>> err = ConfigError(path="policies[2].tiers[0].refund_ratio", problem="x")
    >>> join(("policies", 2, "tiers", 0), "refund_ratio")
    'policies[2].tiers[0].refund_ratio'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)

from ..errors import AftersalesError, ConfigError, ValidationError

__all__ = ["Problem", "config_error", "join", "problems", "short_repr"]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTED_KEY = re.compile(r"\['([A-Za-z_][A-Za-z0-9_]*)'\]")
_MAX_REPR = 80


class Problem(ConfigError):
    """A problem found by one of the converter's hooks; ``path`` is relative to the value."""


def short_repr(value: object) -> str:
    """``repr(value)``, cut to a readable length (a mutated document may hold huge values).

    Examples:
        >>> short_repr("x" * 100)[-5:]
        'xx...'
    """
    text = repr(value)
    return text if len(text) <= _MAX_REPR else text[: _MAX_REPR - 3] + "..."


def _segment(part: str | int) -> str:
    if isinstance(part, int):
        return f"[{part}]"
    if _IDENTIFIER.fullmatch(part):
        return f".{part}"
    return f"[{part!r}]"


def join(parts: Sequence[str | int], tail: str = "") -> str:
    """A dotted path from its parts, with ``tail`` (a relative path such as ``"tiers[1].x"``).

    Quoted identifier keys in ``tail`` (``weekly['mon']``) are written as ``weekly.mon``.
    """
    text = "".join(_segment(part) for part in parts)
    if tail:
        tail = _QUOTED_KEY.sub(r".\1", tail)
        text += tail if tail.startswith(("[", ".")) else f".{tail}"
    return text.lstrip(".")


def _note(exc: BaseException) -> str | int | None:
    found: str | int | None = None
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            found = note.name
        elif isinstance(note, IterableValidationNote):
            found = note.index
    return found


def _known_keys(cl: Any) -> str:
    from ..policies.base import Policy

    names = [a.alias for a in attrs.fields(cl) if a.init] if attrs.has(cl) else []
    if isinstance(cl, type) and issubclass(cl, Policy):
        names.insert(0, "kind")
    return ", ".join(names)


def problems(exc: BaseException, parts: tuple[str | int, ...] = ()) -> Iterator[tuple[str, str]]:
    """Every leaf problem of an exception tree, as ``(path, problem)``, in document order."""
    if isinstance(exc, BaseValidationError):
        for sub in exc.exceptions:
            seg = _note(sub)
            yield from problems(sub, parts if seg is None else (*parts, seg))
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = _known_keys(exc.cl)
        for key in sorted(exc.extra_fields, key=str):
            yield join((*parts, str(key))), f"is not a known key; expected one of: {known}"
    elif isinstance(exc, Problem):
        yield join(parts, exc.path), exc.problem
    elif isinstance(exc, ValidationError):
        yield join(parts, exc.field), f"{short_repr(exc.value)} {exc.rule}"
    elif isinstance(exc, AftersalesError):
        yield join(parts), str(exc)
    elif isinstance(exc, KeyError) and parts:
        yield join(parts), "is required"
    elif isinstance(exc, RecursionError):
        yield join(parts), "is nested too deeply"
    else:
        yield join(parts), f"cannot be read ({type(exc).__name__}: {exc})"


def config_error(exc: BaseException) -> ConfigError:
    """One `ConfigError` for the first problem of ``exc``.

    The other problems, if any, are attached as notes (shown under the traceback).
    """
    try:
        found = list(problems(exc))
    except RecursionError:  # a tree of errors as deep as the document that caused it
        found = [("", "the document is nested too deeply")]
    path, problem = found[0] if found else ("", str(exc))
    error = ConfigError(path=path, problem=problem)
    for other_path, other_problem in found[1:]:
        error.add_note(f"also: {other_path or '<document>'}: {other_problem}")
    return error
