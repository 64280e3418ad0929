"""The events a ticket's history is made of.

A ticket is an id plus an append-only tuple of `TicketEvent`. Each event
records one command that was accepted: its ``kind`` is the command's name, so a
custom workflow's own commands (``"schedule_visit"``) need no second name.

Examples:
    >>> import pendulum
    >>> from aftersales_core.tickets import EventKind, TicketEvent
    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
    >>> event = TicketEvent(kind=EventKind.RESPOND, at=at, actor="lan", note="On it")
    >>> event.kind, event.at.isoformat()
    (<EventKind.RESPOND: 'respond'>, '2026-03-02T09:00:00+07:00')
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import pendulum

from .._internal.instants import real_time, reduce_keeping_fold
from ..errors import InvalidTypeError, ValidationError
from ..terms import as_instant

__all__ = ["DataValue", "EventKind", "EventOutOfOrderError", "TicketEvent"]

DataValue = str | int | float | bool | None
"""What an event's ``data`` may hold: JSON scalars, so a history stores anywhere."""


class _FrozenData(Mapping[str, DataValue]):
    """A read-only mapping over a private copy: equal to, hashed and pickled like that dict.

    Not a ``dict`` subclass: ``dict``'s own methods (``dict.__init__(data, ...)``,
    ``dict.update``, ``dict.__setitem__``, ...) would change a subclass in place.
    """

    __slots__ = ("_items",)
    _items: dict[str, DataValue]

    def __init__(self, items: Mapping[str, DataValue] | None = None) -> None:
        object.__setattr__(self, "_items", dict(items or {}))

    def _read_only(self, *_args: object, **_kwargs: object) -> None:
        raise TypeError("an event's data is read-only")

    # A dict's changing methods, so that code written for a dict learns why it cannot.
    __setattr__ = __delattr__ = __setitem__ = __delitem__ = _read_only
    clear = pop = popitem = setdefault = update = __ior__ = _read_only

    def __getitem__(self, key: str) -> DataValue:
        return self._items[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._items.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _FrozenData):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __or__(self, other: Mapping[str, DataValue]) -> dict[str, DataValue]:
        return {**self._items, **other}

    def __reduce__(self) -> tuple[type[_FrozenData], tuple[dict[str, DataValue]]]:
        return (_FrozenData, (dict(self._items),))

    def __repr__(self) -> str:
        return repr(self._items)


_EMPTY = _FrozenData()


class EventKind(enum.StrEnum):
    """The commands of the default workflow; an event's kind is the command it records.

    ``OPEN`` starts every history; the others are the commands of
    `TicketWorkflow`. A custom workflow adds its
    own commands as plain strings (or its own ``StrEnum``).

    Examples:
        >>> EventKind("wait_on_customer") is EventKind.WAIT_ON_CUSTOMER
        True
        >>> EventKind.RESPOND == "respond"
        True
    """

    OPEN = "open"
    CLASSIFY = "classify"
    ASSIGN = "assign"
    RESPOND = "respond"
    WAIT_ON_CUSTOMER = "wait_on_customer"
    WAIT_ON_THIRD_PARTY = "wait_on_third_party"
    RESUME = "resume"
    ESCALATE = "escalate"
    CHANGE_PRIORITY = "change_priority"
    RESOLVE = "resolve"
    CONFIRM = "confirm"
    REOPEN = "reopen"
    CLOSE = "close"
    CANCEL = "cancel"


_KINDS = {k.value: k for k in EventKind}


def kind_of(value: object) -> str:
    """An event's kind: a built-in kind as its `EventKind`, another command's name as given."""
    if isinstance(value, EventKind):
        return value
    if not isinstance(value, str) or not value:
        raise ValidationError(field="kind", value=value, rule="must be a non-empty command name")
    # Built-in kinds come back as the enum so that events read back from JSON equal the originals.
    return _KINDS.get(value, value)


def _optional_text(field: str, value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InvalidTypeError(field=field, value=value, rule="must be text or None")


def _actor(value: object) -> str | None:
    return _optional_text("actor", value)


def _note(value: object) -> str | None:
    return _optional_text("note", value)


def _data(value: object) -> Mapping[str, DataValue]:
    if value is None or value is _EMPTY:
        return _EMPTY
    if type(value) is _FrozenData:
        return value
    if not isinstance(value, Mapping):
        raise InvalidTypeError(field="data", value=value, rule="must be a mapping of text keys")
    for key, item in value.items():
        if not isinstance(key, str):
            raise InvalidTypeError(field="data", value=key, rule="keys must be text")
        if item is not None and not isinstance(item, str | int | float | bool):
            raise InvalidTypeError(
                field=f"data[{key!r}]", value=item, rule="must be text, a number, a bool or None"
            )
        if isinstance(item, float) and not math.isfinite(item):
            # NaN equals nothing, not even itself (an event holding one would not equal its
            # own copy), and JSON, where a history is stored, has neither NaN nor infinity.
            raise ValidationError(
                field=f"data[{key!r}]", value=item, rule="must be a finite number"
            )
    return _FrozenData(value) if value else _EMPTY


def frozen_data(value: Mapping[str, DataValue] | None) -> Mapping[str, DataValue]:
    """Data already checked (read back from a pickled ticket), made read-only."""
    return _FrozenData(value) if value else _EMPTY


def _instant(value: object) -> pendulum.DateTime:
    if type(value) is pendulum.DateTime and value.tzinfo is not None:
        return value  # the common case, without a function call
    return as_instant(value, field="at")  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class TicketEvent:
    """One accepted command in a ticket's history.

    Attributes:
        kind: The command's name: an `EventKind`, or a custom workflow's
            own command.
        at: When it happened (aware; returned as a pendulum ``DateTime``). Events
            compare by the instant, whatever its zone: the two passes of the hour
            repeated when clocks go back are different instants.
        actor: Who did it (an agent, the customer, a system), if known.
        note: Free text (a reply's summary, a reason for cancelling).
        data: JSON scalars the command carries: ``{"category": "warranty"}``,
            ``{"priority": "urgent"}``, ``{"rating": 5}``. Read-only.

    Raises:
        ValidationError: ``kind`` is empty.
        NaiveDatetimeError: ``at`` has no time zone.
        InvalidTypeError: ``actor``/``note`` are not text, or ``data`` holds
            something other than JSON scalars.

    Examples:
        >>> import pendulum
        >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> TicketEvent(kind="confirm", at=at, data={"rating": 5}).data["rating"]
        5
        >>> TicketEvent(kind="confirm", at=at).kind is EventKind.CONFIRM
        True
        >>> TicketEvent(kind="schedule_visit", at=at).kind
        'schedule_visit'
    """

    kind: str = attrs.field(converter=kind_of)
    # Equal events happened at the same instant: compared on UTC's clock, so the two
    # passes of a repeated hour differ (a wall-clock comparison ignores ``fold``).
    at: pendulum.DateTime = attrs.field(converter=_instant, eq=real_time)
    actor: str | None = attrs.field(default=None, converter=_actor)
    note: str | None = attrs.field(default=None, converter=_note)
    data: Mapping[str, DataValue] = attrs.field(default=_EMPTY, converter=_data)

    __reduce__ = reduce_keeping_fold


class EventOutOfOrderError(ValidationError):
    """An event is earlier than the last event of the history it joins.

    Instants are compared on UTC's clock, not by their wall clocks: after clocks
    go back, 01:10 of the second pass is later than 01:50 of the first.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> ticket = Ticket.open(id="T-1", channel="hotline", at=at)
        >>> ticket.respond(at=at.subtract(minutes=5))
        Traceback (most recent call last):
        ...
        aftersales_core.tickets.events.EventOutOfOrderError: at: ... is earlier than ...
    """

    code = "event_out_of_order"
