"""Instants on the real time line: ordering and measuring them without wall clocks (private).

Python compares and subtracts two datetimes that share a ``tzinfo`` by their wall
clocks and ignores ``fold``: in the hour repeated when clocks go back, 01:10 of the
second pass comes *before* 01:50 of the first, and the day clocks spring forward
lasts 24 hours. Tickets, their views, the SLA clocks and the calendar's pieces order and
measure instants with `real` instead: a count of microseconds on UTC's clock.

Examples:
    >>> import pendulum
    >>> first = pendulum.datetime(2025, 11, 2, 5, 50, tz="UTC").in_timezone("America/New_York")
    >>> second = pendulum.datetime(2025, 11, 2, 6, 10, tz="UTC").in_timezone("America/New_York")
    >>> (first.hour, first.minute), (second.hour, second.minute)
    ((1, 50), (1, 10))
    >>> second < first, real(second) < real(first)
    (True, False)
    >>> span(first, second).in_minutes()
    20
"""

from __future__ import annotations

from datetime import UTC, datetime

import pendulum

__all__ = ["real", "span"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def real(at: datetime) -> int:
    """Microseconds from 1970-01-01 UTC to the aware ``at`` (its own zone and fold).

    Examples:
        >>> from datetime import timedelta, timezone
        >>> real(datetime(1970, 1, 1, 7, tzinfo=timezone(timedelta(hours=7))))
        0
    """
    # Against a datetime in another zone, the C subtraction applies both offsets,
    # and ``utcoffset`` reads ``fold``; in UTC itself a wall difference is real.
    delta = datetime.__sub__(at, _EPOCH)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def span(start: datetime, end: datetime) -> pendulum.Duration:
    """The real time from ``start`` to ``end`` (negative if ``end`` is earlier).

    Examples:
        >>> saturday = pendulum.datetime(2025, 3, 8, 12, tz="America/New_York")
        >>> span(saturday, saturday.add(days=1)).in_hours()  # the clocks sprang forward
        23
    """
    return pendulum.duration(microseconds=real(end) - real(start))
