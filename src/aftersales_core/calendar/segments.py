"""The pieces that explain a span: counted or excluded, and why.

`BusinessCalendar.segments` cuts ``[start, end)`` into consecutive
`TimeSegment` values, each with its `SegmentCause`; the counted ones add up to
`BusinessCalendar.elapsed`.

Examples:
    >>> import pendulum
    >>> from aftersales_core.calendar import BusinessCalendar
    >>> cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["09:00-17:00"]})
    >>> monday = pendulum.datetime(2026, 2, 16, 16, tz="UTC")
    >>> [(s.counted, s.cause.value, s.duration.in_hours())
    ...  for s in cal.segments(monday, monday.add(hours=2))]
    [(True, 'opening_hours', 1), (False, 'closed_hours', 1)]
"""

from __future__ import annotations

import enum

import attrs
import pendulum

from .._internal.instants import real_time, reduce_keeping_fold, span

__all__ = ["SegmentCause", "TimeSegment"]


class SegmentCause(enum.StrEnum):
    """Why a piece of a span counts, or does not.

    Examples:
        >>> SegmentCause.HOLIDAY == "holiday"
        True
    """

    OPENING_HOURS = "opening_hours"
    """Counted: inside the weekly opening hours."""
    OVERRIDE = "override"
    """Counted or excluded by the special hours of that date."""
    CLOSED_HOURS = "closed_hours"
    """Excluded: outside the weekly opening hours."""
    HOLIDAY = "holiday"
    """Excluded: a holiday."""


@attrs.frozen(kw_only=True)
class TimeSegment:
    """A consecutive piece of a span: ``[start, end)``, counted or excluded, and why.

    Attributes:
        start: Where the piece begins, in the calendar's zone.
        end: Where it ends (exclusive).
        counted: Whether it counts as business time.
        cause: Why it is counted or excluded.

    Examples:
        >>> import pendulum
        >>> at = pendulum.datetime(2026, 2, 16, 16, tz="UTC")
        >>> TimeSegment(start=at, end=at.add(hours=1), counted=True,
        ...             cause=SegmentCause.OPENING_HOURS).duration.in_minutes()
        60
    """

    __reduce__ = reduce_keeping_fold

    start: pendulum.DateTime = attrs.field(eq=real_time)
    end: pendulum.DateTime = attrs.field(eq=real_time)
    counted: bool
    cause: SegmentCause

    @property
    def duration(self) -> pendulum.Duration:
        """The real time from ``start`` to ``end``."""
        return span(self.start, self.end)
