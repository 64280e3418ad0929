"""The columnar methods of `BusinessCalendar`: business time over whole arrays of instants.

Private; `BusinessCalendar` inherits `ColumnarMethods`, so the methods are the
calendar's own. This module imports no numpy: each method imports the engine,
`._columnar`, when first called, and ``import aftersales_core`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .timeline import BusinessTimeline

__all__ = ["ColumnarMethods"]


class ColumnarMethods:
    """``add_many``, ``subtract_many``, ``elapsed_many``, ``is_open_many``, ``position_many``.

    Arrays in, arrays of the same kind out: numpy ``datetime64`` (any unit,
    converted exactly; read as UTC, numpy's own count) gives ``datetime64[us]``
    and ``timedelta64[us]``; int64 UTC microseconds give int64; an Arrow
    timestamp array with a time zone gives ``timestamp[us, tz=<the calendar's
    zone>]`` and ``duration[us]``. Each element equals the scalar method's
    answer exactly. Needs the ``columnar`` extra (numpy; pyarrow for Arrow).
    """

    __slots__ = ()

    if TYPE_CHECKING:

        @property
        def timeline(self) -> BusinessTimeline: ...

    def add_many(self, starts: Any, durations: Any) -> Any:
        """`add` for each start: the earliest instant with its duration of business time since it.

        Args:
            starts: Instants: numpy ``datetime64``, int64 UTC microseconds or an
                Arrow timestamp array with a time zone.
            durations: One duration per start (numpy ``timedelta64``, int64
                microseconds, an Arrow duration array), or one for all
                (``"4h"``, a ``timedelta``, microseconds).

        Returns:
            The deadlines, as the same kind of array as ``starts``.

        Raises:
            ValidationError: NaT or null, a negative duration, lengths that
                differ, an instant or result outside the years 3 to 9997.
            NaiveDatetimeError: An Arrow timestamp array without a time zone.
            InvalidTypeError: Not an array of instants (or of durations).

        Examples:
            >>> import numpy as np
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> office = BusinessCalendar(timezone="Asia/Ho_Chi_Minh",
            ...                           weekly={"mon": ["08:00-12:00", "13:00-17:30"]})
            >>> opened = np.array(["2026-02-16T04:00", "2026-02-16T09:00"], dtype="datetime64[us]")
            >>> office.add_many(opened, "4h")  # UTC: 11:00 and 16:00 in Hồ Chí Minh City
            array(['2026-02-16T09:00:00.000000', '2026-02-23T03:30:00.000000'],
                  dtype='datetime64[us]')
        """
        from . import _columnar

        return _columnar.add_many(self.timeline, starts, durations)

    def subtract_many(self, ends: Any, durations: Any) -> Any:
        """`subtract` for each end: the latest instant with its duration of business time before it.

        Arguments, results and errors as in `add_many`.

        Examples:
            >>> import numpy as np
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> office = BusinessCalendar(timezone="UTC", weekly={"mon": ["08:00-12:00"]})
            >>> due = np.array(["2026-02-16T12:00", "2026-02-23T09:00"], dtype="datetime64[us]")
            >>> office.subtract_many(due, np.array([60, 120], dtype="timedelta64[m]"))
            array(['2026-02-16T11:00:00.000000', '2026-02-16T11:00:00.000000'],
                  dtype='datetime64[us]')
        """
        from . import _columnar

        return _columnar.subtract_many(self.timeline, ends, durations)

    def elapsed_many(self, starts: Any, ends: Any) -> Any:
        """`elapsed` for each pair: the business time in ``[start, end)``.

        Returns:
            Business time as ``timedelta64[us]`` (numpy instants), int64
            microseconds (int instants) or Arrow ``duration[us]``.

        Raises:
            ValidationError: An end before its start, or lengths that differ
                (and the errors of `add_many`).

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> hour = 3_600_000_000
            >>> line = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]})
            >>> line.elapsed_many([0, 0], [hour // 2, 7 * 24 * hour]) // 60_000_000  # minutes
            array([30, 60])
        """
        from . import _columnar

        return _columnar.elapsed_many(self.timeline, starts, ends)

    def is_open_many(self, instants: Any) -> Any:
        """`is_open` for each instant: a boolean array (an Arrow one for Arrow input).

        Examples:
            >>> import numpy as np
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> cal = BusinessCalendar(timezone="UTC", weekly={"mon": ["08:00-12:00"]})
            >>> cal.is_open_many(np.array(["2026-02-16T08:00", "2026-02-16T12:00"],
            ...                           dtype="datetime64[m]"))
            array([ True, False])
        """
        from . import _columnar

        return _columnar.is_open_many(self.timeline, instants)

    def position_many(self, instants: Any) -> Any:
        """The business time since the origin (1970-01-01T00:00Z) at each instant.

        ``timeline.position`` over an array: negative before 1970, and the
        business time between two instants is the difference of their
        positions. Keep the positions of a ticket's events and every span
        is one subtraction. Returned as the durations of `elapsed_many`.

        Examples:
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> week, hour = 7 * 86_400_000_000, 3_600_000_000
            >>> cal = BusinessCalendar(timezone="UTC", weekly={"thu": ["00:00-01:00"]})
            >>> cal.position_many([-1, 0, week, week + hour]) // hour
            array([0, 0, 1, 2])
        """
        from . import _columnar

        return _columnar.position_many(self.timeline, instants)
