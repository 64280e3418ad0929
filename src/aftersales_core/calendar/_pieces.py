"""Cutting a span into counted and excluded pieces, each with its cause.

Private to `aftersales_core.calendar`. Explaining a deadline lists every
opening and closing in the span, so this walks the days of the span (its output
is as long as that walk); the arithmetic itself never does.

Examples:
    >>> from aftersales_core.calendar._engine import Engine
    >>> from aftersales_core.calendar._zone import wall_of, wall_to_real
    >>> week = tuple(((9 * 3600, 17 * 3600),) if i < 5 else () for i in range(7))
    >>> engine = Engine("UTC", week, {})
    >>> pieces = cut(engine, frozenset(), frozenset(), wall_to_real("UTC", wall_of(2026, 2, 13, 16)),
    ...              wall_to_real("UTC", wall_of(2026, 2, 16, 10)))
    >>> [(counted, cause, (b - a) // 3_600_000_000) for a, b, counted, cause in pieces]
    [(True, 'opening_hours', 1), (False, 'closed_hours', 64), (True, 'opening_hours', 1)]
"""

from __future__ import annotations

from bisect import bisect_right

from .._internal.instants import UNIX_EPOCH_ORDINAL
from ._engine import Engine
from ._zone import DAY, SECOND

__all__ = ["cut"]

Piece = tuple[int, int, bool, str]


def cut(
    engine: Engine, holidays: frozenset[int], overrides: frozenset[int], x: int, y: int
) -> list[Piece]:
    """The pieces of ``[x, y)`` (real microseconds): ``(start, end, counted, cause)``.

    Causes: ``opening_hours`` and ``override`` for counted time; ``closed_hours``,
    ``holiday`` and ``override`` for excluded time. Neighbours with the same
    verdict and cause are merged.
    """
    wall_to_real = engine.changes.wall_to_real
    # Any zone is within 26 hours of UTC: two days either side hold every wall date.
    first = x // DAY + UNIX_EPOCH_ORDINAL - 2
    last = y // DAY + UNIX_EPOCH_ORDINAL + 2
    bounds = [wall_to_real((o - 1) * DAY) for o in range(first, last + 2)]
    opens: list[tuple[int, int, str]] = []
    for o in range(first, last + 1):
        cause = "override" if o in overrides else "opening_hours"
        base, low, high = (o - 1) * DAY, bounds[o - first], bounds[o - first + 1]
        for a, b in engine.day(o):
            # Within the date's own real span, as the engine counts it: a skipped date has none.
            ra = max(wall_to_real(base + a * SECOND), low)
            rb = min(wall_to_real(base + b * SECOND), high)
            if rb > ra:
                opens.append((ra, rb, cause))
    opens.sort()
    out: list[Piece] = []

    def emit(a: int, b: int, counted: bool, cause: str) -> None:
        if b <= a:
            return
        if out and out[-1][1] == a and out[-1][2:] == (counted, cause):
            out[-1] = (out[-1][0], b, counted, cause)
        else:
            out.append((a, b, counted, cause))

    def closed(a: int, b: int) -> None:
        i = bisect_right(bounds, a) - 1
        while a < b:
            o = first + i
            cause = "override" if o in overrides else "holiday" if o in holidays else "closed_hours"
            end = min(b, bounds[i + 1])
            emit(a, end, False, cause)
            a, i = end, i + 1

    cursor = x
    for a, b, cause in opens:
        if b <= cursor:
            continue
        if a >= y:
            break
        if a > cursor:
            closed(cursor, a)
        end = min(b, y)
        emit(max(a, cursor), end, True, cause)
        cursor = end
    closed(cursor, y)
    return out
