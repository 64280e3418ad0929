"""The hot paths of ``add``, ``subtract`` and ``elapsed``, as closures over the engine's tables.

Private to `aftersales_core.calendar`. A deadline is usually computed from
an instant already in the calendar's zone, on an ordinary day, and lands before
the next special day. That case needs no zone conversion and no loop: read the
wall clock, evaluate ``G`` (business time since the epoch, see
`._engine`), add, invert, build the result. Everything the closure
touches is a local variable or a dictionary look-up, because at a microsecond
per call an attribute access or a function call is a measurable share. Any
other case goes to ``slow``, which validates its inputs and walks the timeline.

Examples:
    >>> import pendulum
    >>> from aftersales_core.calendar import BusinessTimeline
    >>> from aftersales_core.calendar._engine import Engine
    >>> week = tuple(((9 * 3600, 17 * 3600),) if i < 5 else () for i in range(7))
    >>> engine = Engine("UTC", week, {})
    >>> line = BusinessTimeline(timezone="UTC", engine=engine)
    >>> def slow(value, duration):
    ...     return line.instant(line.add(line.micros(value), micros[duration]))
    >>> micros = {"2h": 7_200_000_000}
    >>> add = make_add(engine, micros, slow)
    >>> add(pendulum.datetime(2026, 2, 13, 16), "2h").isoformat()
    '2026-02-16T10:00:00+00:00'
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pendulum

from ._engine import Engine
from ._zone import DAY, SECOND, WEEK

__all__ = ["Span", "Step", "make_add", "make_elapsed", "make_subtract"]

Step = Callable[[datetime, Any], pendulum.DateTime]


def make_add(engine: Engine, micros: dict[Any, int], slow: Step) -> Step:
    """``add(start, duration)``: the fast case inline, anything else through ``slow``."""
    tz, zone, known, day_info = engine.tz, engine.zone, engine.known, engine.day_info
    earliest, out = engine.earliest, engine.out
    wce, wshift, total = engine.wce, engine.wshift, engine.W
    ymd_seen, ymd, hms_seen, hms = engine.ymd_seen, engine.ymd, engine.hms_seen, engine.hms
    new, calendar_units = pendulum.DateTime, pendulum.Duration

    def add(value: datetime, duration: Any) -> pendulum.DateTime:
        try:
            d = micros[duration]
            tzinfo = value.tzinfo
        except (KeyError, TypeError, AttributeError):
            return slow(value, duration)
        if duration.__class__ is calendar_units and (duration.months or duration.years):
            return slow(value, duration)  # Duration(months=1) equals 30 days: slow refuses it
        if d and (tzinfo is tz or tzinfo is zone):  # (adding zero is the start itself)
            o = value.toordinal()
            win, corr, _, run_end, midnight, y, m, dd, b, base, _, ce, shift, day_total = known.get(
                o
            ) or day_info(o)
            tod = (
                value.hour * 3600 + value.minute * 60 + value.second
            ) * SECOND + value.microsecond
            k = bisect_right(b, tod)
            rel = base[k] + (tod if k & 1 else 0) + d  # business time since midnight, + d
            if rel < day_total:  # the deadline is on the same day
                sec, micro = divmod(rel + shift[bisect_left(ce, rel)], SECOND)
                hour, minute, second = hms_seen.get(sec) or hms(sec)
                return new(y, m, dd, hour, minute, second, micro, tz)
            target = midnight + rel  # G* + d
            if target <= run_end:  # the deadline is in the same run of ordinary days
                q, r = divmod(target - corr, total)
                if not r:
                    q, r = q - 1, total
                days, tod = divmod(q * WEEK + r + wshift[bisect_left(wce, r)], DAY)
                sec, micro = divmod(tod, SECOND)
                y, m, dd = ymd_seen.get(days) or ymd(days)
                hour, minute, second = hms_seen.get(sec) or hms(sec)
                return new(y, m, dd, hour, minute, second, micro, tz)
            if win is not None:  # past holidays: one bisection over this window
                found = earliest(win, target)
                if found is not None:
                    return out(found)
        return slow(value, duration)

    return add


def make_subtract(engine: Engine, micros: dict[Any, int], slow: Step) -> Step:
    """``subtract(end, duration)``: the mirror of `make_add`."""
    tz, zone, known, day_info = engine.tz, engine.zone, engine.known, engine.day_info
    latest, out = engine.latest, engine.out
    wcs, wshift, total = engine.wcs, engine.wshift, engine.W
    ymd_seen, ymd, hms_seen, hms = engine.ymd_seen, engine.ymd, engine.hms_seen, engine.hms
    new, calendar_units = pendulum.DateTime, pendulum.Duration

    def subtract(value: datetime, duration: Any) -> pendulum.DateTime:
        try:
            d = micros[duration]
            tzinfo = value.tzinfo
        except (KeyError, TypeError, AttributeError):
            return slow(value, duration)
        if duration.__class__ is calendar_units and (duration.months or duration.years):
            return slow(value, duration)  # Duration(months=1) equals 30 days: slow refuses it
        if d and (tzinfo is tz or tzinfo is zone):
            o = value.toordinal()
            win, corr, run_start, _, midnight, y, m, dd, b, base, cs, _, shift, _ = known.get(
                o
            ) or day_info(o)
            tod = (
                value.hour * 3600 + value.minute * 60 + value.second
            ) * SECOND + value.microsecond
            k = bisect_right(b, tod)
            rel = base[k] + (tod if k & 1 else 0) - d  # business time since midnight, - d
            if rel >= 0:  # the start is on the same day
                sec, micro = divmod(rel + shift[bisect_right(cs, rel) - 1], SECOND)
                hour, minute, second = hms_seen.get(sec) or hms(sec)
                return new(y, m, dd, hour, minute, second, micro, tz)
            target = midnight + rel  # G* - d
            if target >= run_start:  # the start is in the same run of ordinary days
                q, r = divmod(target - corr, total)
                days, tod = divmod(q * WEEK + r + wshift[bisect_right(wcs, r) - 1], DAY)
                sec, micro = divmod(tod, SECOND)
                y, m, dd = ymd_seen.get(days) or ymd(days)
                hour, minute, second = hms_seen.get(sec) or hms(sec)
                return new(y, m, dd, hour, minute, second, micro, tz)
            if win is not None:
                found = latest(win, target)
                if found is not None:
                    return out(found)
        return slow(value, duration)

    return subtract


Span = Callable[[datetime, datetime], pendulum.Duration]


def make_elapsed(engine: Engine, slow: Span) -> Span:
    """``elapsed(start, end)``: both ends on ordinary days in the calendar's zone, inline."""
    tz, zone, known, day_info = engine.tz, engine.zone, engine.known, engine.day_info
    duration = pendulum.Duration

    def elapsed(start: datetime, end: datetime) -> pendulum.Duration:
        try:
            tz1, tz2 = start.tzinfo, end.tzinfo
        except AttributeError:
            return slow(start, end)
        if (tz1 is tz or tz1 is zone) and (tz2 is tz or tz2 is zone):
            o1, o2 = start.toordinal(), end.toordinal()
            info1 = known.get(o1) or day_info(o1)
            info2 = known.get(o2) or day_info(o2)  # (may widen the window: then info1 is stale)
            tod1 = (
                start.hour * 3600 + start.minute * 60 + start.second
            ) * SECOND + start.microsecond
            tod2 = (end.hour * 3600 + end.minute * 60 + end.second) * SECOND + end.microsecond
            if info1[0] is not None and info1[0] is info2[0] and (o1, tod1) <= (o2, tod2):
                k1, k2 = bisect_right(info1[8], tod1), bisect_right(info2[8], tod2)
                g1 = info1[4] + info1[9][k1] + (tod1 if k1 & 1 else 0)
                g2 = info2[4] + info2[9][k2] + (tod2 if k2 & 1 else 0)
                return duration(microseconds=g2 - g1)
        return slow(start, end)

    return elapsed
