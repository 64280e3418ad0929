"""Time-zone arithmetic in integer microseconds, for the business calendar.

Private to `aftersales_core.calendar`. Two coordinates are used:

* **wall** microseconds: the clock reading in the calendar's zone, counted from
  0001-01-01 00:00 (a Monday), as if every day had 24 hours;
* **real** microseconds: the same count on UTC's clock, so differences are
  elapsed time.

A wall time maps to real time with the offset in force *before* any clock
change it falls into (``fold=0``, PEP 495): a time skipped by a spring-forward
change maps forward (02:30 becomes 03:30 new time), a repeated time maps to its
first occurrence.

Examples:
    >>> key = "Europe/Berlin"
    >>> w = wall_of(2025, 3, 30, 2, 30)
    >>> to_datetime(key, wall_to_real(key, w)).isoformat()
    '2025-03-30T03:30:00+02:00'
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum

__all__ = [
    "DAY",
    "SECOND",
    "WEEK",
    "offset_us",
    "real_of",
    "to_datetime",
    "transitions",
    "wall_of",
    "wall_to_real",
]

SECOND = 1_000_000
DAY = 86_400 * SECOND
WEEK = 7 * DAY
_EPOCH = datetime(1, 1, 1)
_UNIX = 719_162 * 86_400  # seconds from 0001-01-01 to 1970-01-01
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
    return (delta.days * 86_400 + delta.seconds) * SECOND + delta.microseconds


def real_of(value: datetime) -> int:
    """Real microseconds of an aware datetime (its own zone, its own fold).

    Examples:
        >>> from datetime import timezone
        >>> real_of(datetime(1, 1, 1, 7, tzinfo=timezone(timedelta(hours=7))))
        0
    """
    wall = (
        (value.toordinal() - 1) * 86_400 + value.hour * 3600 + value.minute * 60 + value.second
    ) * SECOND + value.microsecond
    return wall - offset_us(value.utcoffset())


def wall_to_real(key: str, wall: int) -> int:
    """Real microseconds of a wall reading in zone ``key``, with ``fold=0``.

    Examples:
        >>> wall_to_real("Asia/Ho_Chi_Minh", wall_of(2026, 2, 14, 7)) == wall_of(2026, 2, 14)
        True
    """
    local = (_EPOCH + timedelta(microseconds=wall)).replace(tzinfo=ZoneInfo(key))
    return wall - offset_us(local.utcoffset())


def to_datetime(key: str, real: int) -> pendulum.DateTime:
    """The pendulum ``DateTime`` in zone ``key`` of a real instant (fold set on repeats).

    Examples:
        >>> to_datetime("UTC", wall_of(2026, 2, 21, 4)).isoformat()
        '2026-02-21T04:00:00+00:00'
    """
    zone = ZoneInfo(key)
    local = zone.fromutc((_EPOCH + timedelta(microseconds=real)).replace(tzinfo=zone))
    return pendulum.DateTime(
        local.year, local.month, local.day, local.hour, local.minute, local.second,
        local.microsecond, tzinfo=pendulum.timezone(key), fold=local.fold,
    )  # fmt: skip


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
        >>> [(to_datetime("UTC", t).isoformat(), b // SECOND, a // SECOND)
        ...  for t, b, a in transitions("Europe/Berlin", 2025)]  # doctest: +NORMALIZE_WHITESPACE
        [('2025-03-30T01:00:00+00:00', 3600, 7200),
         ('2025-10-26T01:00:00+00:00', 7200, 3600)]
        >>> transitions("Asia/Ho_Chi_Minh", 2025)
        ()
    """
    if not 1 < year <= _LAST_YEAR:
        return ()
    zone = ZoneInfo(key)
    start = (date(year, 1, 1).toordinal() - 1) * 86_400 - _UNIX
    stop = (date(year + 1, 1, 1).toordinal() - 1) * 86_400 - _UNIX
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
            found.append(((high + _UNIX) * SECOND, before, after))
            before = after
    return tuple(found)
