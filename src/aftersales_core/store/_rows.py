"""Values to rows and back: instants as UTC microseconds, fold and zone (private)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pendulum

from .._internal.instants import from_unix_micros, unix_micros
from ..tickets import TicketEvent

__all__: list[str] = []

_FIXED = "fixed:"


def instant_columns(at: datetime) -> tuple[int, int, str]:
    """``(UTC microseconds, fold, zone)`` of an aware instant."""
    moment = pendulum.instance(at)
    tz = moment.tzinfo
    if isinstance(tz, pendulum.FixedTimezone):
        zone = f"{_FIXED}{tz.offset}"
    else:
        zone = moment.timezone_name or "UTC"
    return unix_micros(at), moment.fold, zone


def instant_of(micros: int, fold: int, zone: str) -> pendulum.DateTime:
    """The instant ``instant_columns`` stored, in its zone, with its ``fold``."""
    if zone.startswith(_FIXED):
        tz = pendulum.FixedTimezone(int(zone[len(_FIXED) :]))
        at = pendulum.from_timestamp(0, tz="UTC").add(microseconds=micros).in_timezone(tz)
    else:
        at = from_unix_micros(micros, zone)
    if at.fold != fold:
        # A fold that changes no offset (outside a repeated hour) is kept as written.
        refolded = at.replace(fold=fold)
        if unix_micros(refolded) == micros:
            at = refolded
    return at


def event_row(ticket_id: str, seq: int, event: TicketEvent) -> dict[str, Any]:
    """The ``ticket_events`` row of the ``seq``-th event (1-based)."""
    at_us, fold, zone = instant_columns(event.at)
    return {
        "ticket_id": ticket_id,
        "seq": seq,
        "kind": str(event.kind),
        "at_us": at_us,
        "fold": fold,
        "zone": zone,
        "actor": event.actor,
        "note": event.note,
        "data": json.dumps(dict(event.data), ensure_ascii=False) if event.data else None,
    }


def event_of(row: Sequence[Any] | Mapping[str, Any]) -> TicketEvent:
    """The event a ``ticket_events`` row holds (kind, at_us, fold, zone, actor, note, data)."""
    kind, at_us, fold, zone, actor, note, data = (
        row if isinstance(row, Sequence) else (row[k] for k in _EVENT_COLUMNS)
    )
    return TicketEvent(
        kind=kind,
        at=instant_of(at_us, fold, zone),
        actor=actor,
        note=note,
        data=json.loads(data) if data else {},
    )


_EVENT_COLUMNS = ("kind", "at_us", "fold", "zone", "actor", "note", "data")
