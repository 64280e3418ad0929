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
from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo
from zoneinfo import _zoneinfo as _pyzoneinfo  # type: ignore[attr-defined]  # see ZoneChanges

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
    "ZoneChanges",
    "offset_us",
    "transitions",
    "wall_of",
    "wall_to_real",
    "zone_changes",
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


class ZoneChanges:
    """Every change of a zone's UTC offset, exact, for any year: read, never sampled.

    The explicit changes are those the zone's TZif file lists (up to 2037 for most zones,
    2087 for a few); after the last one the file's POSIX rule holds, the same rule
    Python's ``zoneinfo`` applies, and its changes repeat every 400 Gregorian years
    (146 097 days, a whole number of weeks). Both are read from the standard
    library's pure-Python ``zoneinfo``, which parses the same file as the C one.

    Instants are real microseconds (UTC since 1970); offsets are microseconds.

    Attributes:
        real, before, after: The explicit changes: when, and the offsets either side.
        first: The offset before the first change (the zone's only one if it never changes).
        rule_from: The first instant the rule decides (after the last explicit change).
        rule: ``(std, dst, start, end)`` of the rule, or ``None`` for a fixed offset after.
    """

    __slots__ = ("_year_cache", "after", "before", "first", "real", "rule", "rule_from", "tail")

    def __init__(self, key: str) -> None:
        py = _pyzoneinfo.ZoneInfo.no_cache(key)
        utc: list[int] = list(py._trans_utc)  # noqa: SLF001 -- see the class docstring
        infos = list(py._ttinfos)  # noqa: SLF001
        before = py._tti_before  # noqa: SLF001
        tail = py._tz_after  # noqa: SLF001
        prev = _off(before) if before is not None else _tail_offset(tail)
        self.first = prev
        self.real: list[int] = []
        self.before: list[int] = []
        self.after: list[int] = []
        for t, info in zip(utc, infos, strict=True):
            now = _off(info)
            if now != prev:
                self.real.append(t * SECOND)
                self.before.append(prev)
                self.after.append(now)
            prev = now
        self.tail = prev  # the offset after the last explicit change
        # zoneinfo hands over to the rule for whole seconds after the last listed one.
        self.rule_from = (utc[-1] + 1) * SECOND if utc else -(1 << 62)
        self.rule: tuple[int, int, object, object] | None = None
        if hasattr(tail, "transitions"):
            self.rule = (_off(tail.std), _off(tail.dst), tail.start, tail.end)
        else:
            self.rule_from = 1 << 62  # a fixed offset after the list: nothing more to decide
        self._year_cache: dict[int, tuple[tuple[int, int, int], ...]] = {}

    def _rule_dst(self, year: int, ts: int) -> bool:
        """Whether the rule of UTC year ``year`` puts the real second ``ts`` in summer time."""
        assert self.rule is not None
        std, dst, start, end = self.rule
        s = start.year_to_epoch(year) - std // SECOND  # type: ignore[attr-defined]
        e = end.year_to_epoch(year) - dst // SECOND  # type: ignore[attr-defined]
        return (s <= ts < e) if s < e else not (e <= ts < s)

    def _rule_changes(self, year: int) -> tuple[tuple[int, int, int], ...]:
        """The rule's changes in UTC year ``year`` (zoneinfo reads an instant by its UTC year)."""
        found = self._year_cache.get(year)
        if found is not None:
            return found
        assert self.rule is not None
        std, dst, start, end = self.rule
        first = (date(year, 1, 1).toordinal() - UNIX_EPOCH_ORDINAL) * 86_400
        stop = (
            (date(year + 1, 1, 1).toordinal() - UNIX_EPOCH_ORDINAL) * 86_400
            if year < 9999
            else None
        )
        s = start.year_to_epoch(year) - std // SECOND  # type: ignore[attr-defined]
        e = end.year_to_epoch(year) - dst // SECOND  # type: ignore[attr-defined]
        points = sorted({first, *(p for p in (s, e) if first < p and (stop is None or p < stop))})
        was = self._rule_dst(year - 1, first - 1) if year > 1 else self._rule_dst(year, first)
        out = []
        for p in points:
            now = self._rule_dst(year, p)
            if now != was:
                out.append((p * SECOND, dst if was else std, dst if now else std))
            was = now
        result = tuple(c for c in out if c[0] >= self.rule_from)
        if len(self._year_cache) > 4096:
            self._year_cache.clear()
        self._year_cache[year] = result
        return result

    def offset_at(self, real: int) -> int:
        """The offset in force at a real instant."""
        if real < self.rule_from:
            i = bisect_right(self.real, real)
            return self.after[i - 1] if i else self.first
        year = _utc_year(real)
        std, dst = self.rule[0], self.rule[1]  # type: ignore[index]
        return dst if self._rule_dst(year, real // SECOND) else std

    def between(self, lo: int, hi: int) -> list[tuple[int, int, int]]:
        """The changes at real instants in ``[lo, hi)``, in order: ``(real, before, after)``."""
        i, j = bisect_left(self.real, lo), bisect_left(self.real, hi)
        out = list(zip(self.real[i:j], self.before[i:j], self.after[i:j], strict=True))
        if self.rule is not None and hi > self.rule_from:
            first, last = _utc_year(max(lo, self.rule_from)), _utc_year(hi - 1)
            for year in range(first, last + 1):
                out += [c for c in self._rule_changes(year) if lo <= c[0] < hi]
        if self.rule is not None and lo <= self.rule_from < hi:  # the hand-over itself
            was, now = self.tail, self.offset_at(self.rule_from)
            if was != now:
                out.append((self.rule_from, was, now))
                out.sort()
        return out

    def wall_to_real(self, wall: int) -> int:
        """Real microseconds of a wall reading (from 0001-01-01), with ``fold=0`` (PEP 495).

        A skipped reading maps forward with the offset before the change (02:30 on a
        spring-forward night is 03:30 new time); a repeated one is its first occurrence.
        """
        guess = wall - WALL_EPOCH_TO_UNIX  # the wall reading as if it were UTC
        lo = guess - _REACH
        off = self.offset_at(lo)
        for t, before, after in self.between(lo, guess + _REACH):
            if guess < t + max(before, after):
                break
            off = after
        return guess - off


_REACH = 2 * DAY  # farther than any offset from UTC (26 hours), so no change is missed


def _off(info: object) -> int:
    return micros_of(info.utcoff)  # type: ignore[attr-defined]


def _tail_offset(tail: object) -> int:
    std = getattr(tail, "std", None)
    return _off(std if std is not None else tail)


def _utc_year(real: int) -> int:
    days = real // DAY + UNIX_EPOCH_ORDINAL
    return date.fromordinal(min(max(days, 1), date.max.toordinal())).year


@functools.lru_cache(maxsize=256)
def zone_changes(key: str) -> ZoneChanges:
    """The `ZoneChanges` of zone ``key``, read once per process.

    Examples:
        >>> from aftersales_core._internal.instants import from_unix_micros
        >>> berlin = zone_changes("Europe/Berlin")
        >>> def changes(year):
        ...     lo, hi = (wall_of(y, 1, 1) - WALL_EPOCH_TO_UNIX for y in (year, year + 1))
        ...     return [from_unix_micros(t, "UTC").isoformat() for t, _, _ in berlin.between(lo, hi)]
        >>> changes(2026), changes(9990)  # doctest: +NORMALIZE_WHITESPACE
        (['2026-03-29T01:00:00+00:00', '2026-10-25T01:00:00+00:00'],
         ['9990-03-25T01:00:00+00:00', '9990-10-28T01:00:00+00:00'])
    """
    return ZoneChanges(key)
