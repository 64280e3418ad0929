r"""Reading a helpdesk's ticket export: one row per ticket, through a small column mapping.

A helpdesk's export usually has one row per ticket with a few instants — created, first
reply, solved, closed — and the ticket's status, priority and channel, not the history of
events the library keeps. `read_tickets` reads such a file (CSV, JSON or JSON Lines) through
an `ExportMapping` (a TOML file, or a preset named after the helpdesk), and synthesises for
each row the history the SLA clocks need: ``open``, ``respond`` at the first reply,
``resolve`` when solved, ``close`` when closed.

A row has no history of waiting on the customer, so what a row cannot tell is said, not
guessed: `ExportedTickets.unjudged` names the clocks that cannot be judged from such rows,
and why. Timestamps without a time zone are read in the mapping's ``timezone``; when it
declares none, they are refused.

Examples:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "mapping.toml").write_text('''
    ... timezone = "Asia/Ho_Chi_Minh"
    ... [columns]
    ... id = "Ticket"
    ... created = "Opened"
    ... first_reply = "Answered"
    ... solved = "Solved"
    ... channel = "Channel"
    ... ''')
    >>> _ = (folder / "export.csv").write_text(
    ...     "Ticket,Opened,Answered,Solved,Channel\n"
    ...     "42,2026-03-02 09:00,2026-03-02 09:05,2026-03-02 09:06,email\n")
    >>> export = read_tickets(folder / "export.csv", mapping=folder / "mapping.toml")
    >>> ticket = export.tickets[0]
    >>> ticket.id, [e.kind.value for e in ticket.events], ticket.opened_at.isoformat()
    ('42', ['open', 'respond', 'resolve'], '2026-03-02T09:00:00+07:00')
    >>> sorted(export.unjudged)
    ['resolution']
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs
import pendulum

from ..errors import ConfigError
from ..tickets import Ticket, TicketWorkflow
from ._documents import MAX_DOCUMENT_SIZE, parse, read_file
from ._export_rows import export_rows, ticket_from_row

__all__ = ["PRESETS", "ExportMapping", "ExportedTickets", "load_mapping", "read_tickets"]

PRESETS = ("zendesk", "freshdesk")
"""The helpdesk exports a mapping can name as its ``preset`` (see the how-to's sources)."""

COLUMNS = (
    "id",
    "created",
    "first_reply",
    "first_reply_minutes",
    "solved",
    "closed",
    "status",
    "priority",
    "channel",
    "category",
)
"""What a mapping's ``[columns]`` table may name; ``id`` and ``created`` are required."""

STATUS_CLASSES = ("open", "waiting", "resolved", "closed", "cancelled")
"""What an export's statuses are read as (``[values.status]``)."""

_VALUE_TABLES = ("status", "priority", "channel", "category")


def _text_map(value: Any) -> dict[str, str]:
    return dict(value)


@attrs.frozen(kw_only=True)
class ExportMapping:
    """Which column of an export holds what, and how its values read.

    Attributes:
        columns: The export's column (or, in JSON, a dotted key path) for each of
            `COLUMNS`; ``id`` and ``created`` are required, ``first_reply`` is an
            instant and ``first_reply_minutes`` the minutes after ``created``.
        values: For ``status``, ``priority``, ``channel`` and ``category``, the export's
            values (compared without case) and what they read as; a value not in the
            table is read as itself, lower-cased, spaces as ``_`` (so ``"Email"`` is
            ``email``, and a channel the application added is accepted).
        timezone: The zone of the export's timestamps that carry none; ``None`` refuses them.
        channel: The channel of every ticket when the export has no channel column.
        name: The mapping's name in messages (a preset's name).

    Raises:
        ConfigError: A column or value table the mapping does not know, a missing ``id`` or
            ``created``, an unknown status class, or an unknown time zone.

    Examples:
        >>> m = ExportMapping(columns={"id": "No.", "created": "Opened"}, channel="hotline",
        ...                   values={"priority": {"P1": "urgent"}})
        >>> m.read_value("priority", "p1"), m.read_value("channel", "Live Chat")
        ('urgent', 'live_chat')
    """

    columns: Mapping[str, str] = attrs.field(converter=_text_map)
    values: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    timezone: str | None = None
    channel: str | None = None
    name: str = "mapping"

    def __attrs_post_init__(self) -> None:
        unknown = sorted(set(self.columns) - set(COLUMNS))
        if unknown:
            raise ConfigError(
                path=f"columns.{unknown[0]}",
                problem=f"is not a column a mapping names; expected one of: {', '.join(COLUMNS)}",
            )
        for needed in ("id", "created"):
            if not isinstance(self.columns.get(needed), str) or not self.columns[needed]:
                raise ConfigError(path=f"columns.{needed}", problem="is required")
        for table, entries in self.values.items():
            if table not in _VALUE_TABLES:
                raise ConfigError(
                    path=f"values.{table}",
                    problem=f"is not a value table; expected one of: {', '.join(_VALUE_TABLES)}",
                )
            bad = [v for v in entries.values() if table == "status" and v not in STATUS_CLASSES]
            if bad:
                raise ConfigError(
                    path="values.status",
                    problem=f"{bad[0]!r} must be one of: {', '.join(STATUS_CLASSES)}",
                )
        if self.timezone is not None:
            try:
                pendulum.timezone(self.timezone)
            except Exception:
                raise ConfigError(
                    path="timezone", problem=f"{self.timezone!r} is not a known time zone"
                ) from None

    def read_value(self, table: str, text: str) -> str:
        """What an export's value reads as (see ``values``)."""
        key = text.strip().casefold()
        for source, target in self.values.get(table, {}).items():
            if source.casefold() == key:
                return target
        return key.replace(" ", "_")


@attrs.frozen(kw_only=True)
class ExportedTickets:
    """The tickets of an export, and what its rows cannot tell.

    Attributes:
        tickets: One ticket per row, with the history synthesised from the row.
        unjudged: For each SLA clock that cannot be judged (or only in part) from such rows,
            why: ``"first_response"`` when the export has no first reply, and always
            ``"resolution"``, since no row holds the time spent waiting on the customer.
        waiting: The ids of tickets the export says are waiting (pending, on hold): when
            they started waiting is not in the row, so their clocks read as running.
        notes: Rows read with a caveat (a ticket open again after a solved time).

    Examples:
        >>> ExportedTickets(tickets=(), unjudged={}).waiting
        ()
    """

    tickets: tuple[Ticket, ...]
    unjudged: Mapping[str, str]
    waiting: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def _preset(name: str) -> dict[str, Any]:
    if name not in PRESETS:
        raise ConfigError(
            path="preset",
            problem=f"{name!r} is not a preset; expected one of: {', '.join(PRESETS)}",
        )
    text = resources.files(__package__).joinpath("presets", f"{name}.toml").read_text("utf-8")
    data: dict[str, Any] = parse(text, "toml", MAX_DOCUMENT_SIZE)
    return data


def _from_data(data: Mapping[str, Any]) -> ExportMapping:
    base: dict[str, Any] = {}
    if "preset" in data:
        preset = data["preset"]
        if not isinstance(preset, str):
            raise ConfigError(path="preset", problem=f"{preset!r} must be text")
        base = _preset(preset)
    known = {"preset", "name", "columns", "values", "timezone", "channel"}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(
                path=key, problem=f"is not a known key; expected one of: {', '.join(sorted(known))}"
            )
        if key in {"columns", "values"} and not isinstance(value, Mapping):
            raise ConfigError(path=key, problem="must be a table")
    values = {t: dict(v) for t, v in base.get("values", {}).items()}
    for table, entries in data.get("values", {}).items():
        if not isinstance(entries, Mapping):
            raise ConfigError(path=f"values.{table}", problem="must be a table")
        values.setdefault(table, {}).update(entries)
    return ExportMapping(
        columns={**base.get("columns", {}), **data.get("columns", {})},
        values=values,
        timezone=data.get("timezone", base.get("timezone")),
        channel=data.get("channel", base.get("channel")),
        name=str(data.get("name", base.get("name", "mapping"))),
    )


def load_mapping(source: ExportMapping | str | os.PathLike[str]) -> ExportMapping:
    """A mapping from a preset's name (`PRESETS`), a TOML file, or a mapping.

    A file may start from a preset and change what differs::

        preset = "freshdesk"
        timezone = "Asia/Ho_Chi_Minh"
        [values.channel]
        "zalo" = "zalo_oa"

    Raises:
        ConfigError: An unknown preset, an unreadable or invalid file (with the path).

    Examples:
        >>> load_mapping("zendesk").columns["solved"]
        'Solved at'
    """
    if isinstance(source, ExportMapping):
        return source
    if isinstance(source, str) and source in PRESETS:
        return _from_data({"preset": source})
    text, _ = read_file(source, MAX_DOCUMENT_SIZE)
    data = parse(text, "toml", MAX_DOCUMENT_SIZE)
    return _from_data(data)


def read_tickets(
    path: str | os.PathLike[str],
    *,
    mapping: ExportMapping | str | os.PathLike[str],
    workflow: TicketWorkflow | type[TicketWorkflow] | None = None,
) -> ExportedTickets:
    """Read a ticket export (CSV, or JSON / JSON Lines objects) into tickets.

    Args:
        path: The export; ``.csv`` is read as CSV with a header row, anything else as a
            JSON array of objects or JSON Lines.
        mapping: An `ExportMapping`, a preset's name, or a mapping TOML file.
        workflow: The tickets' workflow (the default one if omitted).

    Raises:
        InputError: The file cannot be read, or a row is invalid: a missing id or
            created time, a timestamp that cannot be read or has no time zone while the
            mapping declares none, an unknown value, instants out of order.
        ConfigError: The mapping is invalid.

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.jsonl"
        >>> _ = path.write_text('{"Ticket ID": 7, "Created time": "2026-03-02T09:00:00Z", '
        ...                     '"Source": 3, "Status": 2}')
        >>> read_tickets(path, mapping="freshdesk").tickets[0].channel
        <Channel.HOTLINE: 'hotline'>
    """
    rules = load_mapping(mapping)
    name = os.fspath(path)
    tickets: list[Ticket] = []
    waiting: list[str] = []
    notes: list[str] = []
    for line, row in export_rows(name):
        ticket, status = ticket_from_row(rules, row, name, line, workflow, notes)
        tickets.append(ticket)
        if status == "waiting":
            waiting.append(ticket.id)
    return ExportedTickets(
        tickets=tuple(tickets),
        unjudged=_unjudged(rules),
        waiting=tuple(waiting),
        notes=tuple(notes),
    )


def _unjudged(rules: ExportMapping) -> dict[str, str]:
    out = {}
    if "first_reply" not in rules.columns and "first_reply_minutes" not in rules.columns:
        out["first_response"] = "the export has no first-reply time: it cannot be judged"
    out["resolution"] = (
        "a row holds no history of waiting on the customer: the clock counts that time, so a "
        "met target is met and a breach may not be one"
    )
    return out
