"""Reading a business calendar's inputs: zones, durations, instants, country holidays.

Private to `aftersales_core.calendar`: the conversions and checks its
public names share, kept apart so the public module stays readable.

Examples:
    >>> micros("1h30m")
    5400000000
    >>> zone_name("Asia/Ho_Chi_Minh")
    'Asia/Ho_Chi_Minh'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import pendulum

from ..errors import ValidationError
from ..terms import DurationLike, as_instant, parse_duration
from ._engine import Engine
from ._hours import parse_day

__all__ = [
    "MICROS",
    "country_calendar",
    "dates_repr",
    "hours_seconds",
    "instant",
    "mapping_repr",
    "micros",
    "slow_add",
    "slow_subtract",
    "years_of",
    "zone_name",
]


def years_of(years: int | Iterable[int]) -> tuple[int, ...]:
    """A year or years, checked."""
    out = (years,) if isinstance(years, int) else tuple(years)
    for year in out:
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise ValidationError(field="years", value=years, rule="must be years 1 to 9999")
    return out


def country_calendar(country: str, years: int | Iterable[int], subdiv: str | None) -> Any:
    """The ``holidays`` package's calendar for a country, and the years asked for."""
    import holidays as holidays_package  # heavy: only when asked

    wanted = years_of(years)
    try:
        return holidays_package.country_holidays(country, subdiv=subdiv, years=wanted), wanted
    except NotImplementedError as err:
        field, value = ("subdiv", subdiv) if "subdivision" in str(err) else ("country", country)
        raise ValidationError(
            field=field, value=value, rule="is not known to the holidays package"
        ) from None


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
    return f"frozenset({set(value)!r})" if len(value) <= 4 else f"<{len(value)} dates>"


def mapping_repr(value: Mapping[Any, tuple[str, ...]]) -> str:
    """The ``repr`` of a read-only mapping, as a plain ``dict``."""
    return repr(dict(value))


_exact_micros = timedelta.__floordiv__
_ONE_MICRO = timedelta(microseconds=1)
MICROS: dict[object, int] = {}  # duration (text or timedelta, hashed by value) -> microseconds


def micros(duration: DurationLike) -> int:
    """A duration (text or ``timedelta``) in microseconds, remembered by value."""
    try:
        return MICROS[duration]
    except (KeyError, TypeError):  # TypeError: an unhashable value, refused below
        pass
    # parse_duration raises the library's errors: negative, unreadable, wrong type. The
    # count comes from timedelta's own exact fields: pendulum's .seconds and
    # .microseconds are rebuilt from a float and drift on durations of centuries.
    parsed = parse_duration(duration)
    count = _exact_micros(duration if isinstance(duration, timedelta) else parsed, _ONE_MICRO)
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


def slow_add(engine: Engine, start: datetime, duration: DurationLike) -> pendulum.DateTime:
    """``add`` with every check and the full walk: the fast path's fallback."""
    x = engine.real(instant(start, "start"))
    return engine.out(engine.add_real(x, micros(duration)))


def slow_subtract(engine: Engine, end: datetime, duration: DurationLike) -> pendulum.DateTime:
    """``subtract`` with every check and the full walk: the fast path's fallback."""
    x = engine.real(instant(end, "end"))
    return engine.out(engine.sub_real(x, micros(duration)))


def hours_seconds(texts: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Canonical interval texts back to seconds of the day."""
    return parse_day("hours", texts)
