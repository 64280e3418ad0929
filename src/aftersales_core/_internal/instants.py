"""Instants on the real time line, and the one home of epochs and microsecond conversions (private).

Python compares and subtracts two datetimes that share a ``tzinfo`` by their wall
clocks and ignores ``fold``: in the hour repeated when clocks go back, 01:10 of the
second pass comes *before* 01:50 of the first, and the day clocks spring forward
lasts 24 hours. Tickets, their views, the SLA clocks and the calendar order and
measure instants with `unix_micros` instead: integer microseconds on UTC's clock
since 1970-01-01T00:00Z, the count numpy's ``datetime64[us]`` and Arrow's
``timestamp[us, UTC]`` hold. Every integer instant in the library uses this epoch;
the calendar's wall clock (`WALL_EPOCH_TO_UNIX` below) is a clock reading, not an
instant.

Every ordering and comparison of instants in the library goes through `unix_micros`
(or `real_time`, its form for attrs ``eq=`` keys, which also hashes): sorting keys, ``min``
and ``max``, ``<`` and ``==``. And every value type that holds an instant pickles with
`reduce_keeping_fold`: pendulum pickles a ``DateTime`` without its ``fold``, so the
second pass of a repeated hour would come back as the first, an hour earlier.

Examples:
    >>> import pendulum
    >>> first = pendulum.datetime(2025, 11, 2, 5, 50, tz="UTC").in_timezone("America/New_York")
    >>> second = pendulum.datetime(2025, 11, 2, 6, 10, tz="UTC").in_timezone("America/New_York")
    >>> (first.hour, first.minute), (second.hour, second.minute)
    ((1, 50), (1, 10))
    >>> second < first, unix_micros(second) < unix_micros(first)
    (True, False)
    >>> span(first, second).in_minutes()
    20
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pendulum

__all__ = [
    "DAY_US",
    "SECOND_US",
    "UNIX_EPOCH",
    "UNIX_EPOCH_ORDINAL",
    "WALL_EPOCH_TO_UNIX",
    "from_unix_micros",
    "micros_of",
    "real_time",
    "reduce_keeping_fold",
    "span",
    "unix_micros",
]

SECOND_US = 1_000_000
"""Microseconds in a second."""
DAY_US = 86_400 * SECOND_US
"""Microseconds in a day of 24 hours (a day of the wall clock, or of UTC)."""
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""Instant zero of every integer instant."""
UNIX_EPOCH_ORDINAL = 719_163
"""``date(1970, 1, 1).toordinal()``: day ``n`` since 1970 is ordinal ``n + UNIX_EPOCH_ORDINAL``."""
WALL_EPOCH_TO_UNIX = (UNIX_EPOCH_ORDINAL - 1) * DAY_US
"""Microseconds from 0001-01-01 00:00 to 1970-01-01 00:00: from ``toordinal()`` counts to 1970's."""

_NAIVE_UNIX_EPOCH = datetime(1970, 1, 1)
_ONE_US = timedelta(microseconds=1)
_exact = timedelta.__floordiv__


def micros_of(delta: timedelta) -> int:
    """A ``timedelta`` (or pendulum ``Duration``) as integer microseconds, exactly.

    The count comes from the C fields of the ``timedelta``: pendulum rebuilds
    ``Duration.seconds`` and ``.microseconds`` from a float, which drifts on
    durations of centuries.

    Examples:
        >>> micros_of(timedelta(hours=7))
        25200000000
        >>> micros_of(pendulum.duration(days=365 * 300, microseconds=7))
        9460800000000007
        >>> micros_of(timedelta(microseconds=-1))
        -1
    """
    return _exact(delta, _ONE_US)


def unix_micros(at: datetime) -> int:
    """Microseconds from 1970-01-01 UTC to the aware ``at`` (its own zone and fold).

    Examples:
        >>> from datetime import timezone
        >>> unix_micros(datetime(1970, 1, 1, 7, tzinfo=timezone(timedelta(hours=7))))
        0
    """
    # Against a datetime in another zone, the C subtraction applies both offsets,
    # and ``utcoffset`` reads ``fold``; in UTC itself a wall difference is real.
    delta = datetime.__sub__(at, UNIX_EPOCH)
    return (delta.days * 86_400 + delta.seconds) * SECOND_US + delta.microseconds


def from_unix_micros(micros: int, key: str) -> pendulum.DateTime:
    """The pendulum ``DateTime`` in zone ``key`` of an instant (``fold`` set on repeated hours).

    Examples:
        >>> from_unix_micros(0, "Asia/Ho_Chi_Minh").isoformat()  # Saigon kept UTC+8 until 1975
        '1970-01-01T08:00:00+08:00'
        >>> from_unix_micros(1_762_066_200_000_000, "America/New_York").fold  # the second 01:50
        1
    """
    zone = ZoneInfo(key)
    local = zone.fromutc((_NAIVE_UNIX_EPOCH + timedelta(microseconds=micros)).replace(tzinfo=zone))
    return pendulum.DateTime(
        local.year, local.month, local.day, local.hour, local.minute, local.second,
        local.microsecond, tzinfo=pendulum.timezone(key), fold=local.fold,
    )  # fmt: skip


def span(start: datetime, end: datetime) -> pendulum.Duration:
    """The real time from ``start`` to ``end`` (negative if ``end`` is earlier).

    Examples:
        >>> saturday = pendulum.datetime(2025, 3, 8, 12, tz="America/New_York")
        >>> span(saturday, saturday.add(days=1)).in_hours()  # the clocks sprang forward
        23
    """
    return pendulum.duration(microseconds=unix_micros(end) - unix_micros(start))


def real_time(value: Any) -> Any:
    """The comparison key of an instant field, for attrs ``eq=`` (which hashes by it too).

    `unix_micros` of an instant, of each instant of a tuple; ``None`` is kept.

    Two instants are equal when they are the same instant, whatever their zones: the two
    passes of a repeated hour differ, though Python's ``==`` ignores ``fold`` between two
    datetimes of one zone.

    Examples:
        >>> import pendulum
        >>> second = pendulum.datetime(2025, 11, 2, 1, 10, tz="America/New_York")  # fold=1
        >>> first = second.replace(fold=0)
        >>> first == second, real_time(first) == real_time(second)
        (True, False)
        >>> real_time((first, None))
        (1762060200000000, None)
    """
    if isinstance(value, datetime):
        return unix_micros(value)
    if isinstance(value, tuple):
        return tuple(real_time(item) for item in value)
    return value


class _FoldKept:
    """A pendulum ``DateTime`` on its way through pickle, ``fold`` included."""

    __slots__ = ("at",)

    def __init__(self, at: pendulum.DateTime) -> None:
        self.at = at

    def __reduce__(self) -> tuple[Any, ...]:
        at = self.at
        fields = (at.year, at.month, at.day, at.hour, at.minute, at.second, at.microsecond)
        return (_instant, (*fields, at.tzinfo, at.fold))


def _instant(
    year: int, month: int, day: int, hour: int, minute: int, second: int, microsecond: int,
    tzinfo: Any, fold: int,
) -> pendulum.DateTime:  # fmt: skip
    return pendulum.DateTime(
        year, month, day, hour, minute, second, microsecond, tzinfo=tzinfo, fold=fold
    )


def _portable(value: Any) -> Any:
    if isinstance(value, pendulum.DateTime):
        return _FoldKept(value)
    if type(value) is tuple:
        return tuple(_portable(item) for item in value)
    return value


def reduce_keeping_fold(self: Any) -> tuple[Any, ...]:
    """``__reduce__`` for an attrs value type that holds instants: ``fold`` survives pickling.

    pendulum pickles a ``DateTime`` without its ``fold`` (and a stdlib ``datetime`` keeps it
    only from pickle protocol 4): the second pass of a repeated hour would come back as the
    first, an hour earlier. Every field is pickled as it is, except the instants (alone or
    in a tuple), which keep their wall clock, zone and ``fold``. Like attrs' own pickling,
    loading sets the fields without running validators again.

    Examples:
        >>> import pickle
        >>> from aftersales_core.care import Expiry
        >>> second = pendulum.datetime(2025, 11, 2, 1, 10, tz="America/New_York")  # fold=1
        >>> pickle.loads(pickle.dumps(second)).fold  # pendulum's own pickling
        0
        >>> pickle.loads(pickle.dumps(Expiry(batch_id="B", points=1, at=second))).at.fold
        1
    """
    cls = type(self)
    state = {a.name: _portable(getattr(self, a.name)) for a in attrs.fields(cls)}
    return (_restore, (cls, state))


def _restore(cls: type[Any], state: dict[str, Any]) -> Any:
    value = object.__new__(cls)
    for name, item in state.items():
        object.__setattr__(value, name, item)
    return value
