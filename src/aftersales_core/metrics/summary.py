"""Exact, mergeable summaries of durations: count, mean, median, p90, p95, min, max.

Percentiles use the **nearest-rank** definition: the p-th percentile of n
sorted values is the value of rank ⌈p·n/100⌉ (at least 1). It is always one of
the observed durations (an order statistic), never an interpolation between
two, so "p90 = 3h12m" means one real ticket took exactly that long. The median
is the 50th percentile in this sense (the lower median for an even count).

Exactness has a price: an accumulator keeps every duration, as one 8-byte
integer of microseconds (8 MB per million tickets); merging concatenates.

Examples:
    >>> from datetime import timedelta
    >>> from aftersales_core.metrics import duration_summary
    >>> s = duration_summary(timedelta(minutes=m) for m in [30, 10, 20, 240])
    >>> s.n, str(s.median), str(s.p90), str(s.max)
    (4, '20 minutes', '4 hours', '4 hours')
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Hashable, Iterable
from datetime import timedelta
from fractions import Fraction
from typing import Any, Self, overload

import attrs
import pendulum

from ..errors import InvalidTypeError, ValidationError
from ..terms import duration_micros
from ._accumulator import KeyLike, check_items
from .segments import run

__all__ = ["DurationAccumulator", "DurationSummary", "duration_summary"]


@attrs.frozen(kw_only=True)
class DurationSummary:
    """Count and spread of a set of durations.

    Attributes:
        n: Durations counted.
        pending: Items that had no duration yet (a ticket not answered, not
            resolved) and are left out of every statistic; 0 for plain durations.
        mean: Arithmetic mean, rounded to the microsecond; ``None`` when ``n == 0``.
        median: Nearest-rank 50th percentile (the lower median).
        p90: Nearest-rank 90th percentile.
        p95: Nearest-rank 95th percentile.
        min: Shortest duration.
        max: Longest duration.

    Examples:
        >>> s = duration_summary([])
        >>> s.n, s.score, s.median
        (0, None, None)
    """

    n: int
    pending: int = 0
    mean: pendulum.Duration | None
    median: pendulum.Duration | None
    p90: pendulum.Duration | None
    p95: pendulum.Duration | None
    min: pendulum.Duration | None
    max: pendulum.Duration | None

    @property
    def score(self) -> pendulum.Duration | None:
        """The headline number, as dashboards report it: the mean."""
        return self.mean


class DurationAccumulator:
    """The streaming, mergeable form of `duration_summary`.

    Examples:
        >>> acc = DurationAccumulator()
        >>> acc.add(timedelta(hours=2))
        >>> acc.update([timedelta(hours=1), timedelta(hours=3)]).percentile(50)
        Duration(hours=2)
        >>> acc.add(timedelta(hours=-1))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: durations[3]: datetime.timedelta(days=-1, seconds=82800) must not be negative
    """

    __slots__ = ("_micros",)

    def __init__(self) -> None:
        self._micros = array("q")

    @property
    def n(self) -> int:
        """Durations counted so far."""
        return len(self._micros)

    def add(self, duration: timedelta, /) -> None:
        """Count one duration (a ``timedelta`` or pendulum ``Duration``, not negative)."""
        self._micros.append(self._to_micros(duration, len(self._micros)))

    def update(self, durations: Iterable[timedelta], /) -> Self:
        """Count every duration and return ``self``; atomic on error."""
        check_items(durations, "durations")
        start = len(self._micros)
        batch = array("q", (self._to_micros(d, i) for i, d in enumerate(durations, start)))
        self._micros.extend(batch)
        return self

    def merge(self, other: Self, /) -> Self:
        """A new accumulator holding the durations of both."""
        merged = type(self)()
        merged._micros = self._micros + other._micros
        return merged

    def percentile(self, q: float) -> pendulum.Duration | None:
        """The nearest-rank ``q``-th percentile (0 ≤ q ≤ 100); ``None`` when empty.

        Examples:
            >>> DurationAccumulator().update([timedelta(1)]).percentile(101)
            Traceback (most recent call last):
            ...
            aftersales_core.errors.ValidationError: q: 101 must be from 0 to 100
        """
        if isinstance(q, bool) or not isinstance(q, int | float) or not 0 <= q <= 100:
            raise ValidationError(field="q", value=q, rule="must be from 0 to 100")
        if not self._micros:
            return None
        ordered = sorted(self._micros)
        return _duration(ordered[_rank(q, len(ordered)) - 1])

    def result(self) -> DurationSummary:
        """The summary of the durations counted so far."""
        n = len(self._micros)
        if n == 0:
            return DurationSummary(
                n=0, mean=None, median=None, p90=None, p95=None, min=None, max=None
            )
        ordered = sorted(self._micros)
        total = sum(ordered)
        return DurationSummary(
            n=n,
            mean=_duration((2 * total + n) // (2 * n)),  # half-up to the microsecond
            median=_duration(ordered[_rank(50, n) - 1]),
            p90=_duration(ordered[_rank(90, n) - 1]),
            p95=_duration(ordered[_rank(95, n) - 1]),
            min=_duration(ordered[0]),
            max=_duration(ordered[-1]),
        )

    @staticmethod
    def _to_micros(duration: Any, position: int) -> int:
        if not isinstance(duration, timedelta):
            raise InvalidTypeError(
                field=f"durations[{position}]", value=duration, rule="must be a timedelta"
            )
        if duration < timedelta(0):
            raise ValidationError(
                field=f"durations[{position}]", value=duration, rule="must not be negative"
            )
        return duration_micros(duration, field=f"durations[{position}]")

    def __repr__(self) -> str:
        return f"DurationAccumulator(n={len(self._micros)})"


def _rank(q: float, n: int) -> int:
    # Fraction keeps 95% of 20 at exactly 19, where float arithmetic could give 19.000000000000004.
    return max(1, math.ceil(Fraction(q) * n / 100))


def _duration(micros: int) -> pendulum.Duration:
    return pendulum.duration(microseconds=micros)


@overload
def duration_summary(durations: Iterable[Any], *, by: None = ...) -> DurationSummary: ...
@overload
def duration_summary(
    durations: Iterable[Any], *, by: KeyLike
) -> dict[Hashable, DurationSummary]: ...
def duration_summary(
    durations: Iterable[Any], *, by: KeyLike | None = None
) -> DurationSummary | dict[Hashable, DurationSummary]:
    """Summarise durations: count, mean, nearest-rank median, p90, p95, min and max.

    Args:
        durations: ``timedelta`` values (pendulum ``Duration`` included), none negative.
        by: Segment key (a function of the duration): return segment → summary.

    Returns:
        A `DurationSummary`, or a dict of them when ``by`` is given.

    Examples:
        >>> s = duration_summary([timedelta(hours=h) for h in range(1, 11)])
        >>> s.median, s.p90, s.mean
        (Duration(hours=5), Duration(hours=9), Duration(hours=5, minutes=30))
    """
    return run(DurationAccumulator, durations, by)
