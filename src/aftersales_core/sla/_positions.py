"""Business time since the origin, one sorted search per instant (private to `aftersales_core.sla`).

The SLA clocks sum the business time of stretches between events. Each sum is
a difference of two *positions* (business time since 1970-01-01T00:00Z,
`BusinessTimeline.position`), and each due instant the earliest instant at a
position. A `Positions` keeps the calendar's open stretches
(`BusinessTimeline.openings`) in chunks of about 407 days (2**45 microseconds),
laid out on first use, as sorted lists with their positions: a position is then
one ``bisect`` and two additions, and an instant's position is computed once per
instant, not once per pair of instants. Pure Python: the scalar library needs no
numpy. The answers are the timeline's laws on its own rows, so they are exact.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right

from ..calendar import BusinessTimeline

__all__ = ["Positions", "positions_of"]

_SHIFT = 45  # a chunk covers 2**45 microseconds, about 407 days
Chunk = tuple[list[int], list[int], list[int], list[int]]  # starts, ends, pos, cend


class Positions:
    """The position table of one timeline, laid out chunk by chunk as instants reach it."""

    __slots__ = ("__weakref__", "chunks", "line")

    def __init__(self, line: BusinessTimeline) -> None:
        self.line = line
        self.chunks: dict[int, Chunk] = {}

    def _layout(self, k: int) -> Chunk:
        lo = k << _SHIFT
        rows = self.line.openings(lo, lo + (1 << _SHIFT))
        # Row 0 is empty at the chunk's start and holds its position: nothing is counted before
        # the first opening of the chunk, so that is the first opening's position.
        first = rows[0].position if rows else self.line.position(lo)
        starts, ends, pos, cend = [lo], [lo], [first], [first]
        for start, end, position in rows:
            starts.append(start)
            ends.append(end)
            pos.append(position)
            cend.append(position + end - start)
        chunk = self.chunks[k] = (starts, ends, pos, cend)
        return chunk

    def position(self, t: int) -> int:
        """`BusinessTimeline.position` at ``t``."""
        chunk = self.chunks.get(t >> _SHIFT) or self._layout(t >> _SHIFT)
        starts, ends = chunk[0], chunk[1]
        i = bisect_right(starts, t) - 1
        end = ends[i]
        return chunk[2][i] + (t if t < end else end) - starts[i]

    def earliest(self, p: int, after: int) -> int:
        """The earliest instant at position ``p``, for ``p`` above ``position(after)``."""
        k = after >> _SHIFT
        while True:
            chunk = self.chunks.get(k) or self._layout(k)
            cend = chunk[3]
            if p <= cend[-1]:
                i = bisect_left(cend, p)
                return chunk[0][i] + p - chunk[2][i]
            k += 1


_KEPT: weakref.WeakKeyDictionary[BusinessTimeline, Positions] = weakref.WeakKeyDictionary()


def positions_of(line: BusinessTimeline) -> Positions:
    """The position table kept for ``line`` (one per calendar, shared by every evaluation)."""
    found = _KEPT.get(line)
    if found is None:
        found = _KEPT[line] = Positions(line)
    return found
