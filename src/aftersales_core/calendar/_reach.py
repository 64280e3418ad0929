"""The edges of a timeline: its integer inputs, the origin, a wall date, the years counted.

Private to `aftersales_core.calendar`, for `.timeline`.
"""

from __future__ import annotations

from .._internal.instants import WALL_EPOCH_TO_UNIX
from ..errors import InvalidTypeError, ValidationError
from ._engine import Engine
from ._layout import Window
from ._zone import DAY

__all__ = [
    "AMOUNT",
    "INSTANT",
    "checked_duration",
    "no_time_left",
    "star_anywhere",
    "wall_date",
    "whole",
]

INSTANT = "must be an int: microseconds since 1970-01-01T00:00Z (not a bool or a float)"
AMOUNT = "must be an int: microseconds of business time (not a bool or a float)"


def wall_date(engine: Engine, real: int) -> int:
    """The wall date (ordinal) in the calendar's zone of a real instant."""
    return (real + engine.changes.offset_at(real) + WALL_EPOCH_TO_UNIX) // DAY + 1


def star_anywhere(engine: Engine, x: int) -> int:
    """``G*`` of any real instant, within the years counted or not (the origin may be outside)."""
    o = wall_date(engine, x)
    if engine.lo_o < o < engine.hi_o - 1:
        return engine.star_at(x)
    sums = engine.sums  # lay out the dates around it alone, outside the tile cache
    lo, hi = o - 1, o + 2
    win = Window(
        engine.changes.wall_to_real, engine.day, sums.specials_in(lo, hi),
        sums.change_days(lo, hi), engine.g, {}, (lo, hi), sums.ds(lo) + sums.hs(lo),
    )  # fmt: skip
    return engine.star(win, x)


def no_time_left(
    engine: Engine, amount: int, side: str, field: str = "duration"
) -> ValidationError:
    first, last = engine.years
    edge = f"{last:04d}-12-31" if side == "after" else f"{first:04d}-01-01"
    if (first, last) == (1, 9999):
        why = f"the calendar has no business time left {side} that date to hold it"
    else:
        why = (
            f"the {'last' if side == 'after' else 'first'} date of {first}-{last}, the years "
            "this calendar's country holidays cover; build it with country_holidays for the "
            "years you need"
        )
    return ValidationError(field=field, value=amount, rule=f"reaches {side} {edge}: {why}")


def whole(value: object, field: str, rule: str) -> int:
    """``value`` as an ``int`` if it is an integer (numpy's included); a typed error otherwise."""
    index = getattr(type(value), "__index__", None)
    if index is None or isinstance(value, bool):
        raise InvalidTypeError(field=field, value=value, rule=rule)
    return int(index(value))


def checked_duration(value: object) -> int:
    d = whole(value, "duration", AMOUNT)
    if d < 0:
        raise ValidationError(field="duration", value=value, rule="must not be negative")
    return d
