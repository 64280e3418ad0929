"""Reading and writing documents: TOML and JSON text, within a size limit, errors with places.

Numbers with a fraction are read as exact ``Decimal`` from their text — TOML through
``tomllib``'s ``parse_float``, JSON through ``json``'s — so ``0.1`` is ``Decimal("0.1")``,
never the float nearest to it. JSON's ``NaN`` and ``Infinity`` and repeated keys in
one object are refused. Syntax errors carry the line and column.

Examples:
    >>> parse('refund_ratio = 0.2', "toml", 100)
    {'refund_ratio': Decimal('0.2')}
    >>> parse('{"a": 1, "a": 2}', None, 100)
    Traceback (most recent call last):
    ...
    aftersales_core.errors.ConfigError: <document>: the key 'a' appears twice in one object
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from ..errors import AftersalesError, ConfigError, InvalidTypeError, ValidationError

__all__ = [
    "FORMATS",
    "MAX_DOCUMENT_SIZE",
    "MissingExtraError",
    "check_format",
    "check_max_size",
    "check_plain",
    "detect",
    "emit",
    "parse",
    "read_file",
]

MAX_DOCUMENT_SIZE = 1_048_576
"""The largest document read by default: 1 MiB (characters of text, bytes of a file)."""

FORMATS = ("toml", "json")

_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
_BLANKS = "\ufeff \t\r\n"
_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
# A first line such as "[policies]", "[[policies]]" or "[sla.targets.urgent]  # note".
_TOML_HEADER = re.compile(
    rf"\[\[?[ \t]*{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*[ \t]*\]\]?[ \t]*(?:#[^\n]*)?(?:\r?\n|$)"
)


class MissingExtraError(AftersalesError, ImportError):
    """An optional dependency is needed and not installed.

    Args:
        extra: The extra to install (``pip install 'aftersales-core[toml]'``).
        package: The package it brings.
        needed_for: What needs it.

    Examples:
        >>> str(MissingExtraError(extra="toml", package="tomli-w", needed_for="writing TOML"))
        "writing TOML needs tomli-w; install it with: pip install 'aftersales-core[toml]'"
    """

    code: ClassVar[str] = "missing_extra"
    extra: str
    package: str
    needed_for: str

    def __init__(self, *, extra: str, package: str, needed_for: str) -> None:
        super().__init__(extra=extra, package=package, needed_for=needed_for)

    def _render(self) -> str:
        return (
            f"{self.needed_for} needs {self.package}; install it with: "
            f"pip install 'aftersales-core[{self.extra}]'"
        )


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a document can hold")


def check_max_size(max_size: object) -> int:
    """``max_size`` if it is a whole number of zero or more, else a typed error."""
    if isinstance(max_size, bool) or not isinstance(max_size, int):
        raise InvalidTypeError(
            field="max_size", value=max_size, rule="must be a whole number of characters or bytes"
        )
    if max_size < 0:
        raise ValidationError(field="max_size", value=max_size, rule="must be zero or more")
    return max_size


_PLAIN = (str, int, float, bool, type(None))


def check_plain(data: Any, field: str = "value") -> Any:
    """``data`` if it holds only what TOML and JSON hold, else an `InvalidTypeError`.

    What they hold: tables with text keys, lists, text, numbers, true/false. The error's
    ``field`` names where the first other thing is. Walked with a list, not recursion: as deep as the data goes.
    """
    stack: list[tuple[str, Any]] = [(field, data)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if not isinstance(key, str):
                    raise InvalidTypeError(
                        field=where, value=key, rule="is a key that is not text: cannot be written"
                    )
                stack.append((f"{where}.{key}", value))
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", value) for i, value in enumerate(item))
        elif not isinstance(item, _PLAIN):
            raise InvalidTypeError(
                field=where,
                value=item,
                rule="cannot be written: it is neither a value of aftersales_core nor plain data "
                "(a dict, list, text, number, true/false)",
            )
    return data


def check_format(format: object) -> str:
    """``format`` if it is ``"toml"`` or ``"json"``, else a ValidationError."""
    if format not in FORMATS:
        raise ValidationError(field="format", value=format, rule="must be 'toml' or 'json'")
    return str(format)


def detect(text: str) -> str:
    r"""``"json"`` when the text starts with ``{`` or ``[``, else ``"toml"``.

    Blanks and a byte order mark before it are skipped. A ``[`` also starts a TOML
    table header (a document that forgot its top-level keys): a first line that reads
    as a header (``[[policies]]``) is TOML unless the whole text is valid JSON, so that
    a JSON array is always read as JSON — and refused as not a table.

    Examples:
        >>> detect('  {"name": "Shop"}'), detect("[1, 2]"), detect('name = "Shop"')
        ('json', 'json', 'toml')
        >>> detect('[[policies]]\nkind = "warranty"'), detect('["a"]')
        ('toml', 'json')
    """
    head = text.lstrip(_BLANKS)
    if head[:1] not in ("{", "["):
        return "toml"
    if head[:1] == "[" and _TOML_HEADER.match(head) and not _is_json(head):
        return "toml"
    return "json"


def _is_json(text: str) -> bool:
    try:
        json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return False
    return True


def _end_of(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


def _parse_toml(text: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        place = _TOML_PLACE.search(message)
        if place is not None:
            line, column = int(place.group(1)), int(place.group(2))
            message = message[: place.start()]
        else:
            line, column = _end_of(text)
            message = _TOML_END.sub("", message)
        raise ConfigError(path="", problem=message, line=line, column=column) from None


def _parse_json(text: str) -> Any:
    try:
        return json.loads(
            text, parse_float=Decimal, parse_constant=_no_constant, object_pairs_hook=_unique
        )
    except json.JSONDecodeError as err:
        raise ConfigError(path="", problem=err.msg, line=err.lineno, column=err.colno) from None
    except _Duplicate as dup:
        raise ConfigError(
            path="", problem=f"the key {dup.key!r} appears twice in one object"
        ) from None


def parse(text: str, format: str | None, max_size: int) -> Any:
    """The data of a TOML or JSON document (``format=None``: see `detect`).

    Raises:
        ConfigError: The document is too large or malformed (with line and column).
        InvalidTypeError: ``text`` is not a str.
        ValidationError: An unknown format.
    """
    if not isinstance(text, str):
        raise InvalidTypeError(field="text", value=text, rule="must be the document's text (str)")
    max_size = check_max_size(max_size)
    kind = None if format is None else check_format(format)
    if len(text) > max_size:
        raise ConfigError(
            path="",
            problem=f"the document has {len(text)} characters, over the limit of {max_size} "
            "(pass a larger max_size= to read it)",
        )
    text = text.removeprefix("\ufeff")
    kind = kind or detect(text)
    try:
        return _parse_toml(text) if kind == "toml" else _parse_json(text)
    except RecursionError:
        raise ConfigError(path="", problem="the document is nested too deeply") from None
    except ValueError as err:  # too long integers, NaN in JSON
        if isinstance(err, ConfigError):
            raise
        raise ConfigError(path="", problem=str(err)) from None


def read_file(path: str | os.PathLike[str], max_size: int) -> tuple[str, str | None]:
    """The text of a file and its format by suffix (``None`` when the suffix says nothing).

    Raises:
        ConfigError: The file is larger than ``max_size`` bytes, or not UTF-8 (with the
            line and column of the first bad byte).
        InvalidTypeError: ``path`` is not a path, or ``max_size`` not a whole number.
        OSError: The file cannot be read.
    """
    name = os.fspath(path) if isinstance(path, os.PathLike) else path
    if not isinstance(name, str):
        raise InvalidTypeError(field="path", value=path, rule="must be a path (str or PathLike)")
    if "\0" in name:
        raise ValidationError(field="path", value=path, rule="must not hold a NUL character")
    max_size = check_max_size(max_size)
    file = Path(name)
    with file.open("rb") as stream:
        raw = stream.read(max_size + 1)
    if len(raw) > max_size:
        raise ConfigError(
            path="",
            problem=f"{file.name} is over the limit of {max_size} bytes "
            "(pass a larger max_size= to read it)",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _end_of(raw[: err.start].decode("utf-8", errors="replace"))
        raise ConfigError(
            path="", problem=f"{file.name} is not UTF-8 text", line=line, column=column
        ) from None
    suffix = file.suffix.lower().lstrip(".")
    return text, (suffix if suffix in FORMATS else None)


def emit(data: Any, format: str) -> str:
    """Write data as JSON (UTF-8 text, 2-space indent) or, with tomli-w installed, TOML.

    Raises:
        MissingExtraError: TOML was asked for and tomli-w is not installed.
    """
    if check_format(format) == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        import tomli_w
    except ImportError:
        raise MissingExtraError(
            extra="toml", package="tomli-w", needed_for="writing TOML"
        ) from None
    return str(tomli_w.dumps(data))
