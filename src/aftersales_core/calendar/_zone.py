"""Time-zone arithmetic in integer microseconds, for the business calendar.

Private to `aftersales_core.calendar`. Two coordinates are used:

* **wall** microseconds: the clock reading in the calendar's zone, counted from
  0001-01-01 00:00 (a Monday, so a week is ``wall % WEEK``), as if every day had
  24 hours;
* **real** microseconds: instants, on UTC's clock since 1970-01-01T00:00Z, as
  everywhere in the library (`aftersales_core._internal.instants`), so
  differences are elapsed time.

A wall time maps to real time with the offset in force *before* any clock
change it falls into (``fold=0``, PEP 495): a time skipped by a spring-forward
change maps forward (02:30 becomes 03:30 new time), a repeated time maps to its
first occurrence.

Examples:
    >>> from aftersales_core._internal.instants import from_unix_micros
    >>> key = "Europe/Berlin"
    >>> w = wall_of(2025, 3, 30, 2, 30)
    >>> from_unix_micros(wall_to_real(key, w), key).isoformat()
    '2025-03-30T03:30:00+02:00'
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .._internal.instants import (
    DAY_US,
    SECOND_US,
    UNIX_EPOCH_ORDINAL,
    WALL_EPOCH_TO_UNIX,
    micros_of,
)

__all__ = [
    "DAY",
    "SECOND",
    "WEEK",
    "offset_us",
    "transitions",
    "wall_of",
    "wall_to_real",
]

SECOND = SECOND_US
DAY = DAY_US
WEEK = 7 * DAY
_WALL_EPOCH = datetime(1, 1, 1)  # wall microseconds count from here (ordinal 1, a Monday)
_LAST_YEAR = 9998  # leave room for zones west and east of UTC at datetime's edges


def wall_of(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> int:
    """Wall microseconds of a clock reading.

    Examples:
        >>> wall_of(1, 1, 2)
        86400000000
    """
    days = date(year, month, day).toordinal() - 1
    return (days * 86_400 + hour * 3600 + minute * 60 + second) * SECOND


def offset_us(delta: timedelta | None) -> int:
    """A ``utcoffset()`` as integer microseconds.

    Examples:
        >>> offset_us(timedelta(hours=7))
        25200000000
    """
    if delta is None:  # callers pass aware datetimes only
        raise AssertionError("an aware datetime was expected")
    return micros_of(delta)


def wall_to_real(key: str, wall: int) -> int:
    """Real microseconds (UTC, since 1970) of a wall reading in zone ``key``, with ``fold=0``.

    Examples:
        >>> wall_to_real("UTC", wall_of(1970, 1, 2))
        86400000000
        >>> wall_to_real("Asia/Ho_Chi_Minh", wall_of(2026, 2, 14, 7)) == wall_to_real(
        ...     "UTC", wall_of(2026, 2, 14))
        True
    """
    local = (_WALL_EPOCH + timedelta(microseconds=wall)).replace(tzinfo=ZoneInfo(key))
    return wall - offset_us(local.utcoffset()) - WALL_EPOCH_TO_UNIX


def _offset_at(zone: ZoneInfo, unix_seconds: int) -> int:
    utc = datetime.fromtimestamp(unix_seconds, UTC)
    return offset_us(utc.astimezone(zone).utcoffset())


@functools.lru_cache(maxsize=8192)
def transitions(key: str, year: int) -> tuple[tuple[int, int, int], ...]:
    """The clock changes of zone ``key`` in UTC year ``year``.

    The zone is sampled once a day and each change found by bisection to the
    second: tzdata has no two changes of offset less than a week apart.

    Returns:
        ``(real, offset_before, offset_after)`` triples in microseconds, in order.

    Examples:
        >>> from aftersales_core._internal.instants import from_unix_micros
        >>> [(from_unix_micros(t, "UTC").isoformat(), b // SECOND, a // SECOND)
        ...  for t, b, a in transitions("Europe/Berlin", 2025)]  # doctest: +NORMALIZE_WHITESPACE
        [('2025-03-30T01:00:00+00:00', 3600, 7200),
         ('2025-10-26T01:00:00+00:00', 7200, 3600)]
        >>> transitions("Asia/Ho_Chi_Minh", 2025)
        ()
    """
    if not 1 < year <= _LAST_YEAR:
        return ()
    zone = ZoneInfo(key)
    start = (date(year, 1, 1).toordinal() - UNIX_EPOCH_ORDINAL) * 86_400  # in Unix seconds
    stop = (date(year + 1, 1, 1).toordinal() - UNIX_EPOCH_ORDINAL) * 86_400
    found = []
    before = _offset_at(zone, start)
    for day_start in range(start, stop, 86_400):
        after = _offset_at(zone, day_start + 86_400)
        if after != before:
            low, high = (
                day_start,
                day_start + 86_400,
            )  # offset(low) == before, offset(high) != before
            while high - low > 1:
                mid = (low + high) // 2
                if _offset_at(zone, mid) == before:
                    low = mid
                else:
                    high = mid
            found.append((high * SECOND, before, after))
            before = after
    return tuple(found)
