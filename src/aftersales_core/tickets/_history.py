"""A ticket's history, shared along a line of commands so that appending costs O(1) (private).

Every command returns a new ticket with one more event. Copying the tuple of events each
time would make n commands cost n²/2 copies (20,000 commands: 200 million). Instead the
tickets of one line of commands share one growing list of events (and of the status after
each), and each ticket knows how many of them are its own: the newest ticket of a line
appends in place. A ticket that is not the newest (an older ticket given another command)
copies its own events once and starts a list of its own. `History.events`, the tuple
`Ticket.events` returns, is built on first use and kept.

Pickling a ticket writes its events as plain rows (`rows`, `from_rows`): one tuple of
scalars per event, read back without running each event's converters again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

import pendulum

from .events import TicketEvent, frozen_data, kind_of

__all__ = ["History", "from_rows", "rows"]

# Held only while checking that a list is still a line's newest and appending to it, so
# that two threads giving commands to one ticket never both append to its list.
_APPENDING = threading.Lock()


class History:
    """The first ``size`` events of a shared list, with the status after each."""

    __slots__ = ("_events", "_size", "_status_tuple", "_statuses", "_tuple")

    def __init__(
        self, events: list[TicketEvent], statuses: list[str], size: int | None = None
    ) -> None:
        # The lists become this history's own (and its line's): the caller gives them up.
        self._events, self._statuses = events, statuses
        self._size = len(events) if size is None else size
        self._tuple: tuple[TicketEvent, ...] | None = None
        self._status_tuple: tuple[str, ...] | None = None

    def appended(self, event: TicketEvent, status: str) -> History:
        """This history with ``event`` (and the ``status`` after it) at the end."""
        size = self._size
        with _APPENDING:
            events, statuses = self._events, self._statuses
            if len(events) != size:  # a later ticket of the line appended already
                events, statuses = events[:size], statuses[:size]
            events.append(event)
            statuses.append(status)
        return History(events, statuses, size + 1)

    @property
    def events(self) -> tuple[TicketEvent, ...]:
        """The events, oldest first."""
        found = self._tuple
        if found is None:
            found = self._tuple = tuple(self._events[: self._size])
        return found

    @property
    def statuses(self) -> tuple[str, ...]:
        """The status after each event."""
        found = self._status_tuple
        if found is None:
            found = self._status_tuple = tuple(self._statuses[: self._size])
        return found

    @property
    def last(self) -> TicketEvent:
        """The newest event."""
        return self._events[self._size - 1]

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[TicketEvent]:
        return iter(self.events)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        if self._size != other._size:
            return False
        return self._events is other._events or self.events == other.events

    def __hash__(self) -> int:
        return hash(self.events)

    def __repr__(self) -> str:
        return repr(self.events)


def rows(events: Iterable[TicketEvent]) -> list[tuple[Any, ...]]:
    """Each event as a tuple of scalars: kind, wall clock, zone, ``fold``, actor, note, data."""
    out = []
    for e in events:
        at = e.at
        out.append(
            (
                str(e.kind), at.year, at.month, at.day, at.hour, at.minute, at.second,
                at.microsecond, at.tzinfo, at.fold, e.actor, e.note, dict(e.data) or None,
            )
        )  # fmt: skip
    return out


def from_rows(found: Iterable[tuple[Any, ...]]) -> list[TicketEvent]:
    """The events `rows` wrote: they were valid when written, so no converter runs again."""
    out = []
    new, put, make = TicketEvent.__new__, object.__setattr__, pendulum.DateTime
    for kind, y, mo, d, h, mi, s, us, tz, fold, actor, note, data in found:
        event = new(TicketEvent)
        put(event, "kind", kind_of(kind))
        put(event, "at", make(y, mo, d, h, mi, s, us, tzinfo=tz, fold=fold))
        put(event, "actor", actor)
        put(event, "note", note)
        put(event, "data", frozen_data(data))
        out.append(event)
    return out
