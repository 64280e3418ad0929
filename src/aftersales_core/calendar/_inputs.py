"""Reading a business calendar's inputs: zones, durations, instants; the slow paths.

Private to `aftersales_core.calendar`: the conversions and checks its
public names share, kept apart so the public module stays readable.

Examples:
    >>> micros("1h30m")
    5400000000
    >>> zone_name("Asia/Ho_Chi_Minh")
    'Asia/Ho_Chi_Minh'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import pendulum

from .._internal.instants import micros_of
from ..errors import ValidationError
from ..terms import DurationLike, as_instant, duration_micros, parse_duration
from ._hours import parse_day
from .timeline import BusinessTimeline

__all__ = [
    "MICROS",
    "dates_repr",
    "hours_seconds",
    "instant",
    "mapping_repr",
    "micros",
    "real_span",
    "slow_add",
    "slow_elapsed",
    "slow_subtract",
    "zone_name",
]


def zone_name(value: object) -> str:
    """The IANA name of a zone given by name or as a zone object, checked."""
    key = getattr(value, "key", value)
    if isinstance(key, str):
        try:
            pendulum.timezone(key)
        except Exception:  # pendulum raises several kinds for bad names
            pass
        else:
            return key
    raise ValidationError(
        field="timezone", value=value, rule="is not an IANA time zone name, e.g. 'Asia/Ho_Chi_Minh'"
    )


def dates_repr(value: frozenset[date]) -> str:
    """A short ``repr`` for a set of holidays."""
    if not value:
        return "frozenset()"
    if hasattr(value, "years"):  # CountryHolidays: its own short repr names the years
        return repr(value)
    return f"frozenset({set(value)!r})" if len(value) <= 4 else f"<{len(value)} dates>"


def mapping_repr(value: Mapping[Any, tuple[str, ...]]) -> str:
    """The ``repr`` of a read-only mapping, as a plain ``dict``."""
    return repr(dict(value))


MICROS: dict[object, int] = {}  # duration (text or timedelta, hashed by value) -> microseconds


def micros(duration: DurationLike) -> int:
    """A duration (text or ``timedelta``) in microseconds, remembered by value.

    A ``timedelta`` is checked before the look-up: a pendulum ``Duration(months=1)``
    equals (and hashes as) the 30 days it is stored as, and must not be read as them.
    """
    if isinstance(duration, timedelta):
        count = duration_micros(duration)  # the library's one check of a duration
    else:
        try:
            return MICROS[duration]
        except (KeyError, TypeError):  # TypeError: an unhashable value, refused below
            pass
        # parse_duration raises the library's errors: negative, unreadable, wrong type.
        count = micros_of(parse_duration(duration))
    if len(MICROS) >= 4096:  # a bound, not an LRU: SLA durations are a handful of values
        MICROS.clear()
    MICROS[duration] = count
    return count


_DateTime = pendulum.DateTime


def instant(value: datetime, field: str) -> datetime:
    """An aware datetime, or the library's error naming ``field``."""
    if value.__class__ is _DateTime and value.tzinfo is not None:
        return value
    return as_instant(value, field=field)


def slow_add(line: BusinessTimeline, start: datetime, duration: DurationLike) -> pendulum.DateTime:
    """``add`` with every check and the full walk: the fast path's fallback."""
    x = line.micros(instant(start, "start"))
    return line.instant(line.add(x, micros(duration)))


def slow_subtract(
    line: BusinessTimeline, end: datetime, duration: DurationLike
) -> pendulum.DateTime:
    """``subtract`` with every check and the full walk: the fast path's fallback."""
    x = line.micros(instant(end, "end"))
    return line.instant(line.subtract(x, micros(duration)))


def real_span(line: BusinessTimeline, start: datetime, end: datetime) -> tuple[int, int]:
    """Both ends of a span as integer instants, checked (``end`` not before ``start``)."""
    x = line.micros(instant(start, "start"))
    y = line.micros(instant(end, "end"))
    if y < x:
        raise ValidationError(field="end", value=end, rule=f"is before start {start!r}")
    return x, y


def slow_elapsed(line: BusinessTimeline, start: datetime, end: datetime) -> pendulum.Duration:
    """``elapsed`` with every check and the full walk: the fast path's fallback."""
    return pendulum.Duration(microseconds=line.elapsed(*real_span(line, start, end)))


def hours_seconds(texts: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Canonical interval texts back to seconds of the day."""
    return parse_day("hours", texts)
