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
from collections.abc import Callable, Generator, Iterator
from decimal import Decimal
from typing import IO, Any

from ..errors import ConfigError, InputError
from ..facts import Customer, Purchase
from ..surveys import SurveyResponse
from ..tickets import Ticket
from ._converter import structure

__all__ = ["RECORD_KINDS", "read_records", "record_type"]

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
    try:
        for count, row in enumerate(rows, 1):
            yield _structure(row, cls, name)
            if progress is not None and count % 256 == 0:
                progress(raw.tell())
        if progress is not None:
            progress(raw.tell())
    finally:
        rows.close()  # first the reader on the file (a CSV reader detaches its text layer)
        raw.close()


def _json_rows(raw: IO[bytes], name: str) -> Generator[Row]:
    for line, data in enumerate(raw, 1):
        if not data.strip():
            continue
        try:
            yield line, json.loads(data, parse_float=Decimal), None
        except UnicodeDecodeError:
            raise InputError(path=name, line=line, field="", problem="is not UTF-8 text") from None
        except json.JSONDecodeError as err:
            problem = f"is not valid JSON: {err.msg} (column {err.colno})"
            raise InputError(path=name, line=line, field="", problem=problem) from None


def _csv_rows(raw: IO[bytes], name: str, kind: str) -> Generator[Row]:
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)
        if header is None:
            return
        if kind == "tickets":
            yield from _ticket_rows(reader, header, name)
            return
        for row in reader:
            if row:
                cells = dict(zip(header, row, strict=False))
                plain = {k: _cell(k, v) for k, v in cells.items() if v != ""}
                yield reader.line_num, plain, None
    except UnicodeDecodeError:
        raise InputError(
            path=name, line=reader.line_num + 1, field="", problem="is not UTF-8 text"
        ) from None
    except csv.Error as err:
        raise InputError(path=name, line=reader.line_num, field="", problem=str(err)) from None
    finally:
        text.detach()


def _cell(column: str, value: str) -> Any:
    return int(value) if column in _INT_COLUMNS and value.lstrip("-").isdigit() else value


def _ticket_rows(reader: Iterator[list[str]], header: list[str], name: str) -> Iterator[Row]:
    """One ticket per run of rows with the same ``ticket_id``: one row per event."""
    missing = [c for c in ("ticket_id", "kind", "at") if c not in header]
    unknown = [c for c in header if c not in _TICKET_COLUMNS]
    if missing or unknown:
        problem = f"the header needs the columns {', '.join(_TICKET_COLUMNS)}"
        raise InputError(path=name, line=1, field=(missing or unknown)[0], problem=problem)
    ticket: dict[str, Any] | None = None
    lines: list[int] = []
    for row in reader:
        if not row:
            continue
        line = reader.line_num  # type: ignore[attr-defined]
        cells: dict[str, Any] = {k: v for k, v in zip(header, row, strict=False) if v != ""}
        ticket_id = cells.pop("ticket_id", None)
        if "data" in cells:
            cells["data"] = _data_cell(cells["data"], name, line)
        if ticket is None or ticket_id != ticket["id"]:
            if ticket is not None:
                yield lines[0], ticket, lines
            ticket, lines = {"id": ticket_id, "events": []}, []
        ticket["events"].append(cells)
        lines.append(line)
    if ticket is not None:
        yield lines[0], ticket, lines


def _data_cell(text: str, name: str, line: int) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as err:
        problem = f"is not a JSON object: {err.msg} (column {err.colno})"
        raise InputError(path=name, line=line, field="data", problem=problem) from None
