"""Random draws and clock steps for the generator: seeded, portable, in epoch seconds.

Only ``random.Random.random`` is drawn from (never ``choice`` or ``gauss``, whose
algorithms are not promised across Python versions), and instants are whole
seconds, so a seed gives the same bytes everywhere.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any

from . import _world as w

__all__ = ["DAY", "END", "START", "Desk", "Draw", "Weighted", "iso", "midnight"]

DAY = 86_400
START = int(w.START.timestamp())
END = int(w.AS_OF.timestamp())
_OFFSET = 7 * 3600  # Vietnam's UTC offset, in seconds


class Draw:
    """Random draws built on ``random()`` alone."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed).random

    def chance(self, p: float) -> bool:
        return self.random() < p

    def below(self, n: int) -> int:
        return min(n - 1, int(self.random() * n))

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.random()

    def normal(self) -> float:
        # Box–Muller from two uniforms; 1 - random() is never zero.
        radius = math.sqrt(-2.0 * math.log(1.0 - self.random()))
        return radius * math.cos(2 * math.pi * self.random())

    def lognormal(self, median: float, sigma: float) -> float:
        return median * math.exp(sigma * self.normal())


class Weighted:
    """Items drawn in proportion to their weights."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.totals = list(accumulate(weight for _, weight in pairs))

    def pick(self, draw: Draw) -> Any:
        at = bisect_right(self.totals, draw.random() * self.totals[-1])
        return self.items[min(at, len(self.items) - 1)]


def iso(ts: int) -> str:
    """An epoch second as ISO 8601 text in Vietnam's time (``+07:00``)."""
    return datetime.fromtimestamp(ts, w.TZ).isoformat()


def midnight(ts: int) -> int:
    """The start of the day of ``ts`` in Vietnam, in epoch seconds."""
    return (ts + _OFFSET) // DAY * DAY - _OFFSET


class Desk:
    """Business-time steps on the support desk's calendar, in epoch seconds."""

    def __init__(self) -> None:
        self.calendar = w.desk_calendar()

    def add(self, ts: int, minutes: float) -> int:
        """``minutes`` of business time (whole minutes, at least one) after ``ts``."""
        start = datetime.fromtimestamp(ts, w.TZ)
        step = timedelta(minutes=max(1, round(minutes)))
        return int(self.calendar.add(start, step).timestamp())

    def staffed(self, ts: int) -> bool:
        """Whether the support desk is at work at ``ts``."""
        return self.calendar.is_open(datetime.fromtimestamp(ts, w.TZ))
