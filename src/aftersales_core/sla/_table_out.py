"""The result table of `SLAPolicy.evaluate_table`: one row per ticket (private).

Columns (``docs/reference/sla-table.md`` is the reference):

* ``ticket_id``; ``valid`` (bool); ``problem_event`` (int32: the index, in the
  ticket's own events, of the event that makes its history invalid) and
  ``problem`` (the reason), both null for a valid history;
* ``priority`` and ``category`` in force at ``at``; ``breached`` and
  ``ever_breached`` over both clocks;
* for each clock, prefixed ``first_response_`` and ``resolution_``: ``state``,
  ``target``, ``elapsed``, ``remaining``, ``paused``, ``late_by`` (durations,
  microseconds), ``started_at``, ``stopped_at``, ``due_at``, ``breached_at``
  (timestamps, UTC), ``breached``, ``ever_breached`` (bool) and ``warning``
  (the label of the most advanced `SLAWarning` crossed).

An invalid ticket's clock columns are null.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from ..vocabulary import Category, Priority
from ._engine import Run
from .status import ClockReading

__all__ = ["CLOCK_FIELDS", "Results", "vector_table"]

_US = pa.timestamp("us", tz="UTC")
_SPAN = pa.duration("us")
CLOCK_FIELDS: tuple[tuple[str, Any], ...] = (
    ("state", pa.string()),
    ("target", _SPAN),
    ("started_at", _US),
    ("stopped_at", _US),
    ("due_at", _US),
    ("elapsed", _SPAN),
    ("remaining", _SPAN),
    ("paused", _SPAN),
    ("breached", pa.bool_()),
    ("ever_breached", pa.bool_()),
    ("breached_at", _US),
    ("late_by", _SPAN),
    ("warning", pa.string()),
)
_CLOCKS = ("first_response", "resolution")


def _clock_values(reading: ClockReading, run: Run) -> tuple[Any, ...]:
    target, elapsed, due = run.target, run.elapsed, run.due
    breached = reading.breached
    return (
        reading.state.value, target, run.start, run.stop, due, elapsed,
        max(0, target - elapsed), run.paused, breached, reading.ever_breached,
        due if breached else None, max(0, elapsed - target) if breached else 0,
        None if reading.warning is None else reading.warning.label,
    )  # fmt: skip


class Results:
    """Rows collected column by column, turned into a pyarrow Table at the end."""

    __slots__ = ("columns", "head")

    def __init__(self, count: int) -> None:
        self.head: dict[str, list[Any]] = {
            name: []
            for name in (
                "ticket_id", "valid", "problem_event", "problem", "priority", "category",
                "breached", "ever_breached",
            )
        }  # fmt: skip
        self.columns: list[list[Any]] = [[] for _ in range(2 * len(CLOCK_FIELDS))]

    def invalid(self, ticket_id: Any, event: int, reason: str | None) -> None:
        for name, value in zip(
            self.head, (ticket_id, False, event, reason, None, None, None, None), strict=True
        ):
            self.head[name].append(value)
        for column in self.columns:
            column.append(None)

    def valid(
        self,
        ticket_id: Any,
        priority: Priority,
        category: Category | None,
        first: ClockReading,
        resolution: ClockReading,
        runs: tuple[Run, Run],
    ) -> None:
        head = self.head
        head["ticket_id"].append(ticket_id)
        head["valid"].append(True)
        head["problem_event"].append(None)
        head["problem"].append(None)
        head["priority"].append(priority.value)
        head["category"].append(None if category is None else category.value)
        head["breached"].append(first.breached or resolution.breached)
        head["ever_breached"].append(first.ever_breached or resolution.ever_breached)
        columns = self.columns
        for i, value in enumerate(
            (*_clock_values(first, runs[0]), *_clock_values(resolution, runs[1]))
        ):
            columns[i].append(value)

    def table(self) -> Any:
        types = {
            "ticket_id": pa.string(), "valid": pa.bool_(), "problem_event": pa.int32(),
            "problem": pa.string(), "priority": pa.string(), "category": pa.string(),
            "breached": pa.bool_(), "ever_breached": pa.bool_(),
        }  # fmt: skip
        arrays = {name: pa.array(values, type=types[name]) for name, values in self.head.items()}
        i = 0
        for clock in _CLOCKS:
            for name, kind in CLOCK_FIELDS:
                values = self.columns[i]
                if kind in (_US, _SPAN):
                    arrays[f"{clock}_{name}"] = pa.array(values, type=pa.int64()).view(kind)
                else:
                    arrays[f"{clock}_{name}"] = pa.array(values, type=kind)
                i += 1
        return pa.table(arrays)


def _column(values: Any, kind: Any) -> Any:
    mask = None
    if isinstance(values, tuple):  # (values, present): null where not present
        values, present = values
        mask = ~present
    if kind in (_US, _SPAN):
        return pa.array(values, type=pa.int64(), mask=mask).view(kind)
    return pa.array(values, type=kind, mask=mask)


def vector_table(ids: Any, columns: dict[str, Any]) -> Any:
    """The rows of the tickets the vectorised path finished, in `Results.table`'s schema."""
    n = len(ids)
    none = np.zeros(n, dtype=np.bool_)
    breached = columns["first_response_breached"] | columns["resolution_breached"]
    ever = columns["first_response_ever_breached"] | columns["resolution_ever_breached"]
    arrays: dict[str, Any] = {
        "ticket_id": ids.cast(pa.string()),
        "valid": pa.array(np.ones(n, dtype=np.bool_)),
        "problem_event": pa.array(np.zeros(n, dtype=np.int32), mask=~none),
        "problem": pa.nulls(n, type=pa.string()),
        "priority": pa.array(columns["priority"], type=pa.string()),
        "category": pa.array(columns["category"], type=pa.string()),
        "breached": pa.array(breached),
        "ever_breached": pa.array(ever),
    }
    for clock in _CLOCKS:
        for name, kind in CLOCK_FIELDS:
            arrays[f"{clock}_{name}"] = _column(columns[f"{clock}_{name}"], kind)
    return pa.table(arrays)
