"""What the hot paths keep about one wall date: `DayInfo`, as a plain `DayRow`.

Private to `aftersales_core.calendar`: `._engine` fills the per-date cache with
these rows and `._fast` unpacks them.
"""

from __future__ import annotations

from typing import NamedTuple, cast

from ._layout import Window

__all__ = ["IN_BLOCK", "DayInfo", "DayRow", "row"]


class DayInfo(NamedTuple):
    """What the hot paths need about one wall date, looked up once per date and kept.

    The first five fields place the date in its run of ordinary days; the next
    three build a result on that date without calling ``date``; the last six are
    its weekday's `Table` (seconds of the day as microseconds), read without
    attribute look-ups. ``_fast`` unpacks it positionally: keep the order. The
    cache holds it as a plain `DayRow`.
    """

    window: Window | None
    """The window the run belongs to; ``None`` for a special day (`IN_BLOCK`)."""
    corr: int
    """The run's ``corr``: ``G* = G + corr`` anywhere in it."""
    run_start: int
    """``G*`` where the run starts: a ``subtract`` landing before it leaves the run."""
    run_end: int
    """``G*`` where the run ends: an ``add`` landing after it leaves the run."""
    midnight: int
    """``G*`` at the date's wall midnight, so a time of day adds its table's ``f``."""
    year: int
    """The date's year, for building a result on the same date."""
    month: int
    """Its month."""
    day: int
    """Its day of the month."""
    b: list[int]
    """The weekday's interval bounds, for ``bisect_right(b, time_of_day)``."""
    base: list[int]
    """Business time before each bound (`Table.base`)."""
    cs: list[int]
    """Business time at each interval's start, for ``subtract``'s inversion."""
    ce: list[int]
    """Business time at each interval's end, for ``add``'s inversion."""
    shift: list[int]
    """Interval start minus business time there: inverts ``f`` with one addition."""
    total: int
    """The weekday's business time: an ``add`` below it ends on the same date."""


DayRow = tuple[
    Window | None, int, int, int, int, int, int, int,
    list[int], list[int], list[int], list[int], list[int], int,
]  # fmt: skip
"""A `DayInfo` as a plain tuple, as ``Engine.known`` keeps it: CPython unpacks and indexes an
exact tuple faster than a NamedTuple (76 against 114 ns to unpack these 14 fields), and the
hot paths do it once per call."""


def row(info: DayInfo) -> DayRow:
    """A `DayInfo` as the plain tuple the cache keeps."""
    return cast("DayRow", tuple(info))


IN_BLOCK = row(DayInfo(None, 0, 1 << 200, -1, 0, 1, 1, 1, [], [0], [0], [], [0], -1))
"""``day_info`` of a special day: bounds no target can pass, so the hot paths step aside."""
