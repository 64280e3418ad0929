"""The rows of a ticket export, and the history each row says (private; see `exports`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import pendulum

from ..errors import AftersalesError, InputError
from ..tickets import Ticket, TicketEvent, TicketWorkflow

if TYPE_CHECKING:
    from .exports import ExportMapping

__all__: list[str] = []


def export_rows(name: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(line, row) for each row: CSV with a header, or JSON objects (an array or lines)."""
    try:
        with open(name, "rb") as raw:
            data = raw.read()
    except OSError as err:
        raise InputError(path=name, line=None, field="", problem=err.strerror or str(err)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path=name, line=None, field="", problem="is not UTF-8 text") from None
    if name.lower().endswith(".csv"):
        yield from _csv(text, name)
    else:
        yield from _json(text, name)


def _csv(text: str, name: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return
        for row in reader:
            if any(cell.strip() for cell in row):
                yield reader.line_num, dict(zip(header, row, strict=False))
    except csv.Error as err:
        raise InputError(path=name, line=reader.line_num, field="", problem=str(err)) from None


def _json(text: str, name: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            rows = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as err:
            problem = f"is not valid JSON: {err.msg} (column {err.colno})"
            raise InputError(path=name, line=err.lineno, field="", problem=problem) from None
        for i, row in enumerate(rows):
            yield _object(row, name, i + 1)
        return
    for line, part in enumerate(text.splitlines(), 1):
        if part.strip():
            try:
                yield _object(json.loads(part, parse_float=Decimal), name, line)
            except json.JSONDecodeError as err:
                problem = f"is not valid JSON: {err.msg} (column {err.colno})"
                raise InputError(path=name, line=line, field="", problem=problem) from None


def _object(row: Any, name: str, line: int) -> tuple[int, Mapping[str, Any]]:
    if not isinstance(row, dict):
        raise InputError(path=name, line=line, field="", problem="must be an object (one ticket)")
    return line, row


class _Row:
    """One row read through a mapping; errors name the file, the line and the column."""

    def __init__(self, rules: ExportMapping, row: Mapping[str, Any], name: str, line: int):
        self.rules, self.row, self.name, self.line = rules, row, name, line

    def refuse(self, what: str, problem: str) -> InputError:
        if what == "first_reply" and what not in self.rules.columns:
            what = "first_reply_minutes"
        column = self.rules.columns.get(what, what)
        return InputError(path=self.name, line=self.line, field=column, problem=problem)

    def text(self, what: str) -> str | None:
        column = self.rules.columns.get(what)
        if column is None:
            return None
        value: Any = self.row.get(column)
        if value is None and "." in column:  # a dotted path into nested JSON objects
            value = self.row
            for part in column.split("."):
                value = value.get(part) if isinstance(value, dict) else None
        if value is None or isinstance(value, dict | list) or str(value).strip() == "":
            return None
        return str(value).strip()

    def instant(self, what: str) -> pendulum.DateTime | None:
        text = self.text(what)
        if text is None:
            return None
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise self.refuse(what, f"{text!r} is not an ISO 8601 date and time") from None
        if moment.tzinfo is not None:
            return pendulum.instance(moment)
        if self.rules.timezone is None:
            raise self.refuse(
                what,
                f"{text!r} has no time zone, and the mapping declares none "
                '(add timezone = "Area/City" to it)',
            )
        return pendulum.instance(moment, tz=self.rules.timezone)

    def first_reply(self, created: pendulum.DateTime) -> pendulum.DateTime | None:
        at = self.instant("first_reply")
        minutes = self.text("first_reply_minutes")
        if at is not None or minutes is None:
            return at
        try:
            amount = Decimal(minutes)
        except InvalidOperation:
            raise self.refuse("first_reply_minutes", f"{minutes!r} is not a number") from None
        if not amount.is_finite() or amount < 0:
            raise self.refuse("first_reply_minutes", f"{minutes!r} must be zero or more")
        return created + timedelta(minutes=float(amount))


def ticket_from_row(
    rules: ExportMapping,
    row: Mapping[str, Any],
    name: str,
    line: int,
    workflow: TicketWorkflow | type[TicketWorkflow] | None,
    notes: list[str],
) -> tuple[Ticket, str]:
    """The ticket a row describes, and the row's status class."""
    r = _Row(rules, row, name, line)
    ticket_id = r.text("id")
    if ticket_id is None:
        raise r.refuse("id", "is required")
    created = r.instant("created")
    if created is None:
        raise r.refuse("created", "is required")
    solved, closed = r.instant("solved"), r.instant("closed")
    status = _status(r) or ("closed" if closed else "resolved" if solved else "open")
    data: dict[str, Any] = {}
    channel = r.text("channel")
    data["channel"] = rules.read_value("channel", channel) if channel else rules.channel
    if data["channel"] is None:
        raise r.refuse("channel", "is required (or set channel = ... in the mapping)")
    for what in ("priority", "category"):
        given = r.text(what)
        if given is not None:
            data[what] = rules.read_value(what, given)
    events = [("open", created, data)]
    replied = r.first_reply(created)
    if replied is not None:
        events.append(("respond", replied, {}))
    if status in ("open", "waiting") and (solved or closed):
        notes.append(f"{ticket_id}: {status} again after being solved; read as {status}")
    elif status == "cancelled":
        end = closed or solved
        if end is None:
            raise r.refuse("status", "says cancelled, and the row has no closed time")
        events.append(("cancel", end, {}))
    elif status in ("resolved", "closed") or solved or closed:
        if solved is None and closed is None:
            raise r.refuse("status", f"says {status}, and the row has no solved time")
        events.append(("resolve", solved or closed or created, {}))
        if closed is not None:
            events.append(("close", closed, {}))
    return _replay(r, ticket_id, events, workflow), status


def _status(r: _Row) -> str | None:
    text = r.text("status")
    if text is None:
        return None
    status = r.rules.read_value("status", text)
    if status not in ("open", "waiting", "resolved", "closed", "cancelled"):
        known = ", ".join(sorted(r.rules.values.get("status", {})))
        raise r.refuse("status", f"{text!r} is not a status the mapping reads; known: {known}")
    return status


_COLUMN_OF = {"open": "created", "respond": "first_reply", "resolve": "solved", "close": "closed"}


def _replay(
    r: _Row,
    ticket_id: str,
    events: list[tuple[str, pendulum.DateTime, dict[str, Any]]],
    workflow: TicketWorkflow | type[TicketWorkflow] | None,
) -> Ticket:
    for (kind, at, _), (before, earlier, _) in zip(events[1:], events, strict=False):
        if at < earlier:
            raise r.refuse(
                _COLUMN_OF.get(kind, "closed"),
                f"{at.isoformat()} is before the {_COLUMN_OF.get(before, before)} time "
                f"{earlier.isoformat()}",
            )
    try:
        history = [TicketEvent(kind=k, at=at, data=d) for k, at, d in events]
        chosen = workflow() if isinstance(workflow, type) else workflow
        return Ticket.from_events(ticket_id, history, workflow=chosen)
    except AftersalesError as err:
        field = getattr(err, "field", "") or ""
        what = {"channel": "channel", "priority": "priority", "category": "category"}.get(
            field.rpartition(".")[2], "id"
        )
        raise r.refuse(what, str(err)) from None
