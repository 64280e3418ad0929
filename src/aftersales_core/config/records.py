r"""Reading record files: JSON Lines or CSV, one record per line (per event for CSV tickets).

Records are read with the library's one converter (`aftersales_core.config.structure`), so a
file holds exactly what `aftersales_core.config.unstructure` writes. A bad record stops the
read with an `InputError` that names the file, the line and the field.

Examples:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "surveys.csv").write_text(
    ...     "id,at,nps\nS-1,2026-03-02T09:00:00+07:00,9\n")
    >>> [s.nps for s in read_records(folder / "surveys.csv", "surveys")]
    [9]
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Generator, Iterator
from decimal import Decimal
from typing import IO, Any

from ..errors import ConfigError, InputError
from ..facts import Customer, Purchase
from ..surveys import SurveyResponse
from ..tickets import Ticket
from ._converter import structure

__all__ = ["MAX_LINE", "RECORD_KINDS", "read_records", "record_type"]

MAX_LINE = 64 * 1024 * 1024
"""The longest line read (64 MiB: a ticket of a few hundred thousand events), so that a file
without line breaks (``/dev/zero``, a binary file named by mistake) is refused, not held."""
RECORD_KINDS = ("customers", "purchases", "tickets", "surveys")
"""The kinds of record file, each read into one type (see `record_type`)."""

Progress = Callable[[int], None]
"""Called now and then with the number of bytes read so far."""

_INT_COLUMNS = frozenset({"nps", "csat", "ces"})
_TICKET_COLUMNS = ("ticket_id", "kind", "at", "actor", "note", "data")


def record_type(kind: str) -> type[Any]:
    """The type a kind of record file holds.

    Examples:
        >>> record_type("tickets").__name__
        'Ticket'
    """
    types: dict[str, type[Any]] = {
        "customers": Customer,
        "purchases": Purchase,
        "tickets": Ticket,
        "surveys": SurveyResponse,
    }
    return types[kind]


Row = tuple[int, Any, "list[int] | None"]
"""A record as read: its line, its plain data, and the line of each event (CSV tickets)."""


def _structure(row: Row, cls: type[Any], path: str) -> Any:
    line, data, lines = row
    try:
        return structure(data, cls)
    except ConfigError as err:
        field, problem = err.path, err.problem
        if field == "events" and isinstance(data, dict) and isinstance(data.get("events"), list):
            # A history the workflow refuses: name the event by replaying longer prefixes.
            for end in range(1, len(data["events"]) + 1):  # pragma: no branch - the last fails
                try:
                    structure({**data, "events": data["events"][:end]}, cls)
                except ConfigError:
                    field, line = f"events[{end - 1}]", line if lines is None else lines[end - 1]
                    break
        raise InputError(path=path, line=line, field=field, problem=problem) from None


def read_records(
    path: str | os.PathLike[str], kind: str, *, progress: Progress | None = None
) -> Iterator[Any]:
    """Stream the records of a file: JSON Lines, or CSV when the name ends in ``.csv``.

    Args:
        path: The file.
        kind: One of `RECORD_KINDS`.
        progress: Called with the bytes read so far, every few hundred records.

    Every problem stops the read with an `InputError` naming the file, the line and the
    problem: a line that is not UTF-8 or not JSON, a key twice in one object, a CSV row
    with more cells than the header, a quote never closed, a column twice in the header,
    an invalid record, and an ``id`` already read on an earlier line (a record is counted
    once; the ids read so far are kept, some tens of bytes each).

    Raises:
        InputError: The file cannot be opened or decoded, or a record is invalid.

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "customers.jsonl"
        >>> _ = path.write_text('{"id": "C-1", "name": "Lan"}' + chr(10) + '{"name": "Minh"}')
        >>> records = read_records(path, "customers")
        >>> next(records).name
        'Lan'
        >>> next(records)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InputError: ...customers.jsonl:2: id: is required
    """
    name = os.fspath(path)
    cls = record_type(kind)
    try:
        raw = open(name, "rb")  # noqa: SIM115 - closed by the finally below, also when abandoned
    except OSError as err:
        raise InputError(path=name, line=None, field="", problem=err.strerror or str(err)) from None
    rows = _csv_rows(raw, name, kind) if name.lower().endswith(".csv") else _json_rows(raw, name)
    seen: dict[str, int] = {}
    try:
        for count, row in enumerate(rows, 1):
            record = _structure(row, cls, name)
            _once(
                record.id, row[0], seen, name, csv_ticket=kind == "tickets" and row[2] is not None
            )
            yield record
            if progress is not None and count % 256 == 0:
                progress(raw.tell())
        if progress is not None:
            progress(raw.tell())
    finally:
        rows.close()  # first the reader on the file (a CSV reader detaches its text layer)
        raw.close()


def _once(key: str, line: int, seen: dict[str, int], name: str, *, csv_ticket: bool) -> None:
    """Refuse an id read before: the same record twice would be counted twice."""
    first = seen.setdefault(key, line)
    if first != line:
        hint = "; the rows of one ticket follow each other" if csv_ticket else ""
        raise InputError(
            path=name,
            line=line,
            field="id",
            problem=f"{key!r} was already read on line {first}: a record appears once{hint}",
        )


class _BadJSON(Exception):
    """Why a text is not the JSON a record holds (turned into an `InputError` by the caller)."""


def _no_constant(name: str) -> Any:
    raise _BadJSON(f"{name} is not a number")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):  # the common case costs one comparison
        return out
    seen: set[str] = set()
    for key, _ in pairs:  # pragma: no branch - a key is repeated, the loop breaks
        if key in seen:
            break
        seen.add(key)
    raise _BadJSON(f"the key {key!r} appears twice in one object")


def _json(data: str | bytes) -> Any:
    """The JSON value of ``data``: exact decimals, no NaN, no key twice in one object."""
    try:
        return json.loads(
            data, parse_float=Decimal, parse_constant=_no_constant, object_pairs_hook=_unique
        )
    except json.JSONDecodeError as err:
        raise _BadJSON(f"is not valid JSON: {err.msg} (column {err.colno})") from None
    except RecursionError:
        raise _BadJSON("is nested too deeply") from None
    except UnicodeDecodeError:
        raise
    except ValueError as err:  # an integer of more digits than Python converts
        raise _BadJSON(f"is not valid JSON: {err}") from None


def _lines(stream: IO[Any], name: str) -> Iterator[Any]:
    """The lines of ``stream`` (bytes or text), each at most `MAX_LINE` long."""
    number = 0
    while data := stream.readline(MAX_LINE + 1):
        number += 1
        if len(data) > MAX_LINE:
            raise InputError(
                path=name,
                line=number,
                field="",
                problem=f"is longer than MAX_LINE ({MAX_LINE}): is this a record file?",
            )
        yield data


def _json_rows(raw: IO[bytes], name: str) -> Generator[Row]:
    for line, data in enumerate(_lines(raw, name), 1):
        if line == 1:
            data = data.removeprefix(b"\xef\xbb\xbf")  # a byte order mark some editors write
        if not data.strip():
            continue
        try:
            yield line, _json(data), None
        except UnicodeDecodeError:
            raise InputError(path=name, line=line, field="", problem="is not UTF-8 text") from None
        except _BadJSON as err:
            raise InputError(path=name, line=line, field="", problem=str(err)) from None


_CSV_PROBLEMS = {
    "unexpected end of data": "a quoted cell is never closed (its quote opens on this line)",
}


def _csv_lines(reader: Any, name: str, width: int) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` of every row after the header that is not blank.

    The line is where the row starts (a quoted cell may span lines). A row with more
    cells than the header, or that the strict CSV reader refuses, stops the read.
    """
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            problem = _CSV_PROBLEMS.get(str(err), f"is not valid CSV: {err}")
            raise InputError(path=name, line=start, field="", problem=problem) from None
        if not row:
            continue
        if len(row) > width:
            raise InputError(
                path=name,
                line=start,
                field="",
                problem=f"has {len(row)} cells, more than the {width} columns of the header",
            )
        yield start, row


def _csv_rows(raw: IO[bytes], name: str, kind: str) -> Generator[Row]:
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    reader = csv.reader(_lines(text, name), strict=True)
    try:
        try:
            header = next(reader, None)
        except csv.Error as err:
            problem = _CSV_PROBLEMS.get(str(err), f"is not valid CSV: {err}")
            raise InputError(path=name, line=1, field="", problem=problem) from None
        if header is None:
            return
        _check_header(header, name)
        lines = _csv_lines(reader, name, len(header))
        if kind == "tickets":
            yield from _ticket_rows(lines, header, name)
            return
        for line, row in lines:
            cells = dict(zip(header, row, strict=False))
            yield line, {k: _cell(k, v) for k, v in cells.items() if v != ""}, None
    except UnicodeDecodeError:
        raise InputError(
            path=name, line=reader.line_num + 1, field="", problem="is not UTF-8 text"
        ) from None
    finally:
        text.detach()


def _check_header(header: list[str], name: str) -> None:
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise InputError(
                path=name,
                line=1,
                field=column,
                problem="is a column twice in the header: which cell would count?",
            )
        seen.add(column)


_WHOLE = re.compile(r"[+-]?[0-9]{1,4000}")  # what int() reads exactly; ASCII digits only


def _cell(column: str, value: str) -> Any:
    """A score column's whole number as an int; anything else stays text, for the converter."""
    return int(value) if column in _INT_COLUMNS and _WHOLE.fullmatch(value) else value


def _ticket_rows(
    lines: Iterator[tuple[int, list[str]]], header: list[str], name: str
) -> Iterator[Row]:
    """One ticket per run of rows with the same ``ticket_id``: one row per event."""
    missing = [c for c in ("ticket_id", "kind", "at") if c not in header]
    unknown = [c for c in header if c not in _TICKET_COLUMNS]
    if missing or unknown:
        problem = f"the header needs the columns {', '.join(_TICKET_COLUMNS)}"
        raise InputError(path=name, line=1, field=(missing or unknown)[0], problem=problem)
    ticket: dict[str, Any] | None = None
    starts: list[int] = []
    for line, row in lines:
        cells: dict[str, Any] = {k: v for k, v in zip(header, row, strict=False) if v != ""}
        ticket_id = cells.pop("ticket_id", None)
        if "data" in cells:
            cells["data"] = _data_cell(cells["data"], name, line)
        if ticket is None or ticket_id != ticket["id"]:
            if ticket is not None:
                yield starts[0], ticket, starts
            ticket, starts = {"id": ticket_id, "events": []}, []
        ticket["events"].append(cells)
        starts.append(line)
    if ticket is not None:
        yield starts[0], ticket, starts


def _data_cell(text: str, name: str, line: int) -> Any:
    try:
        return _json(text)
    except _BadJSON as err:
        raise InputError(path=name, line=line, field="data", problem=str(err)) from None
