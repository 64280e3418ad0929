"""Reading a table of ticket events for `SLAPolicy.evaluate_table` (private).

A pyarrow ``Table``, anything that speaks the Arrow PyCapsule stream interface
(``__arrow_c_stream__``: a polars DataFrame, a pandas DataFrame from pandas 2.2,
a DuckDB result) or a pandas DataFrame is read into an Arrow table, and its
columns into what the fold needs: the rows grouped by ticket (in the order the
tickets first appear, each ticket's events in the order given), int64 UTC
microseconds, and small integer codes for the text columns. The schema is in
``docs/reference/sla-table.md``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InvalidTypeError, NaiveDatetimeError, ValidationError

__all__ = ["Columns", "read_events", "to_arrow"]

REQUIRED = ("ticket_id", "kind", "at")
TEXT = ("kind", "channel", "priority", "category", "customer_tier")
_TABLES = (
    "must be a table of ticket events: a pyarrow Table, a pandas or polars DataFrame, "
    "or an object with __arrow_c_stream__"
)


def to_arrow(events: object) -> Any:
    """``events`` as a pyarrow Table, through the Arrow PyCapsule interface where it has one."""
    if isinstance(events, pa.Table):
        return events
    if isinstance(events, pa.RecordBatch):
        return pa.Table.from_batches([events])
    if hasattr(events, "__arrow_c_stream__"):
        return pa.RecordBatchReader.from_stream(events).read_all()
    module = type(events).__module__
    if module.startswith("pandas") and hasattr(events, "columns"):  # pandas before 2.2
        return pa.Table.from_pandas(events, preserve_index=False)
    raise InvalidTypeError(field="events", value=type(events).__name__, rule=_TABLES)


class Columns:
    """The event table, grouped by ticket: plain lists the fold walks, and the tickets' bounds."""

    __slots__ = (
        "arrays", "at", "bounds", "codes", "ids", "rating", "rating_ok", "ticket_ids", "values",
        "zone",
    )  # fmt: skip

    def __init__(self) -> None:
        self.ids: Any = None  # Arrow array: one id per ticket, in order of first appearance
        self.bounds: list[int] = []  # ticket k's events are rows bounds[k]:bounds[k + 1]
        self.at: Any = None  # int64 numpy array, rows grouped by ticket
        self.arrays: dict[str, Any] = {}  # text column -> numpy code per row (-1 for null)
        self.values: dict[str, list[str]] = {}  # text column -> its distinct values
        self.rating: Any = None  # the rating column (Arrow), or None
        self.rating_ok: Any = None  # per row: null, or a whole number from 1 to 5
        self.zone: str = "UTC"
        self.ticket_ids: list[Any] = []


def _micros(column: Any) -> Any:
    kind = column.type
    if pa.types.is_timestamp(kind):
        if kind.tz is None:
            raise NaiveDatetimeError(
                field="events.at",
                value=str(kind),
                rule="is an Arrow timestamp without a time zone (a wall clock, not an "
                "instant); give it tz='UTC' or its zone",
            )
        us = column.cast(pa.timestamp("us", tz=kind.tz)) if kind.unit != "us" else column
        return us.cast(pa.int64()).to_numpy(), kind.tz
    if pa.types.is_integer(kind):
        return column.cast(pa.int64()).to_numpy(), "UTC"
    raise InvalidTypeError(
        field="events.at",
        value=str(kind),
        rule="must be Arrow timestamps with a time zone, or int64 UTC microseconds",
    )


def _codes(column: Any, field: str) -> tuple[Any, list[str]]:
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        if column.null_count == len(column):
            return np.full(len(column), -1, dtype=np.int64), []
        raise InvalidTypeError(field=f"events.{field}", value=str(column.type), rule="must be text")
    encoded = pc.dictionary_encode(column)
    indices = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    return indices.astype(np.int64), encoded.dictionary.to_pylist()


def read_events(events: object) -> Columns:
    """The columns of ``events``, grouped by ticket; typed errors for a table that cannot be read."""
    table = to_arrow(events)
    missing = [name for name in REQUIRED if name not in table.column_names]
    if missing:
        raise ValidationError(
            field="events",
            value=table.column_names,
            rule=f"has no column {missing[0]!r}; the columns are ticket_id, kind, at "
            "and optionally channel, priority, category, customer_tier, rating",
        )
    for name in REQUIRED:
        if table.column(name).null_count:
            first = int(np.argmax(table.column(name).is_null().to_numpy(zero_copy_only=False)))
            raise ValidationError(
                field=f"events.{name}[{first}]", value=None, rule="is null: every event has one"
            )
    ids = table.column("ticket_id").combine_chunks()
    if pa.types.is_dictionary(ids.type):
        ids = ids.cast(ids.type.value_type)
    encoded = pc.dictionary_encode(ids)
    ticket = encoded.indices.to_numpy(zero_copy_only=False)
    if len(ticket) > 1 and bool((ticket[1:] < ticket[:-1]).any()):  # not grouped yet
        table = table.take(pa.array(np.argsort(ticket, kind="stable")))
    out = Columns()
    out.ids = encoded.dictionary
    counts = np.bincount(ticket, minlength=len(encoded.dictionary))
    out.bounds = np.concatenate(([0], np.cumsum(counts))).tolist()
    at, out.zone = _micros(table.column("at").combine_chunks())
    out.at = at
    for name in TEXT:
        if name in table.column_names:
            out.arrays[name], out.values[name] = _codes(table.column(name).combine_chunks(), name)
        else:
            out.arrays[name], out.values[name] = np.full(len(table), -1, dtype=np.int64), []
    out.rating_ok = np.ones(len(table), dtype=np.bool_)
    if "rating" in table.column_names:
        rating = out.rating = table.column("rating").combine_chunks()
        given = rating.is_valid().to_numpy(zero_copy_only=False)
        if pa.types.is_integer(rating.type):
            values = rating.fill_null(1).to_numpy(zero_copy_only=False)
            out.rating_ok = ~given | ((values >= 1) & (values <= 5))
        else:  # a float or a text is not a whole number, as for a Ticket
            out.rating_ok = ~given
    out.ticket_ids = out.ids.to_pylist()
    return out
