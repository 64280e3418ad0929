"""Can every status of a transition table be reached, and can each reach an end? (private).

Checked when a workflow class is created, so a forgotten way in or out is an error at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__: list[str] = []


def graph_problem(
    statuses: Sequence[str], initial: str, rows: Iterable[Any], terminal: frozenset[str]
) -> tuple[str, object, str] | None:
    """The first problem of the table's graph as (attribute, value, rule), or ``None``.

    ``rows`` have ``source`` and ``target`` (``None``: the status is kept).
    """
    rows = tuple(rows)
    exits: dict[str, set[str]] = {s: set() for s in statuses}
    for row in rows:
        if row.target is not None and row.target != row.source:
            exits[row.source].add(row.target)
    if not terminal:
        return ("terminal_statuses", (), "is empty: a ticket could never end")
    for row in rows:
        if row.source in terminal:
            return ("transitions", row, "leaves a terminal status, which accepts no command")
    reached = _closure({initial}, exits)
    unreachable = [s for s in statuses if s not in reached]
    if unreachable:
        return ("transitions", unreachable, f"cannot be reached from '{initial}'")
    trapped = [s for s in statuses if not _closure({s}, exits) & terminal]
    if trapped:
        return ("transitions", trapped, "can never reach a terminal status")
    return None


def _closure(start: set[str], exits: dict[str, set[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for nxt in exits[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
