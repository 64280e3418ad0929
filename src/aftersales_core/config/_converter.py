"""The library's one cattrs converter: every type, strict on reading, canonical on writing.

Built once, on first use (cattrs is imported only then). It knows:

* the leaf types of `._scalars` (text, numbers, Decimal, Money, Term, durations,
  instants, dates, enums, a share-or-Money);
* lists, tuples and frozensets (a list in the document; frozensets written sorted);
* `FrozenMap` (a table; SLA keys are
  ``"urgent"`` or ``"normal/installation"``);
* `BusinessCalendar` (``weekly = "24/7"`` allowed;
  holidays as dates or ``{ country = "VN", years = [2026] }``);
* every policy, by its ``kind`` — only kinds registered with
  `register_policy` are ever instantiated;
* every other attrs class (claims, commitments, bands, ...), unknown keys refused;
* tickets, as their id and events (replayed with ``Ticket.from_events``).

Examples:
    >>> conv = get_converter()
    >>> from aftersales_core.policies import WarrantyPolicy
    >>> conv.unstructure(WarrantyPolicy(term="12mo"), WarrantyPolicy)
    {'kind': 'warranty', 'term': '12mo'}
"""

from __future__ import annotations

import collections.abc
import enum
import functools
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from ..calendar import BusinessCalendar
from ..errors import AftersalesError, ConfigError, ValidationError
from ..money import Money
from ..policies.base import Policy
from ..policies.decisions import FrozenMap
from ..sla.policy import SLAKey
from ..terms import Term
from ..tickets import Ticket, TicketEvent, TicketWorkflow
from ..tickets.events import DataValue
from . import _scalars as s
from . import _types as shapes
from ._errors import Problem, config_error, short_repr

T = TypeVar("T")

__all__ = ["get_converter"]

_SHARE_OR_MONEY = (Decimal | Money, Decimal | Money | None)
_Fn = Callable[..., Any]


def _at(exc: Exception, name: str, cl: Any) -> ClassValidationError:
    """``exc`` wrapped in a one-member cattrs group, noted with the attribute ``name``."""
    exc.add_note(AttributeValidationNote(f"@ attribute {name}", name, cl))
    return ClassValidationError(f"While structuring {cl}", [exc], cl)


def _resolve(cl: Any) -> None:
    # Policies import BusinessCalendar and Ticket only for type checking; name them here.
    attrs.resolve_types(
        cl, localns={"BusinessCalendar": BusinessCalendar, "Ticket": Ticket, "SLAKey": SLAKey}
    )


class _Builder:
    """Registers every hook on one converter and caches the generated class hooks."""

    def __init__(self) -> None:
        self.conv = cattrs.Converter(
            forbid_extra_keys=True, detailed_validation=True, omit_if_default=True
        )
        self._structure: dict[type, _Fn] = {}
        self._unstructure: dict[type, _Fn] = {}
        self._register_leaves()
        self._register_containers()
        self._register_classes()

    # --- leaves -------------------------------------------------------------------------

    def _register_leaves(self) -> None:
        c = self.conv
        # Registered by class (singledispatch), so subclasses follow: StrEnum members are
        # str, bool is an int, pendulum.DateTime is a datetime, Duration a timedelta.
        for cl, hook in (
            (str, s.structure_text),
            (int, s.structure_int),
            (bool, s.structure_bool),
            (float, s.structure_float),
            (Decimal, s.structure_decimal),
            (Money, s.structure_money),
            (Term, s.structure_term),
            (timedelta, s.structure_duration),
            (datetime, s.structure_instant),
            (date, s.structure_date),
        ):
            c.register_structure_hook(cl, hook)
        c.register_structure_hook_func(
            lambda t: isinstance(t, type) and issubclass(t, enum.Enum), s.structure_enum
        )
        c.register_structure_hook_func(lambda t: t in _SHARE_OR_MONEY, s.structure_decimal_or_money)
        c.register_structure_hook_func(lambda t: t == SLAKey, shapes.structure_sla_key)
        outs: tuple[tuple[type, _Fn], ...] = (
            (str, str),
            (Decimal, s.unstructure_decimal),
            (Money, s.unstructure_money),
            (Term, str),
            (timedelta, s.unstructure_duration),
            (datetime, s.unstructure_instant),
            (date, s.unstructure_date),
            (enum.Enum, lambda member: member.value),
        )
        for kind, out in outs:
            c.register_unstructure_hook(kind, out)
        c.register_unstructure_hook_func(lambda t: t == SLAKey, shapes.unstructure_sla_key)

    # --- containers ---------------------------------------------------------------------

    def _register_containers(self) -> None:
        c = self.conv
        c.register_structure_hook_factory(_is_collection, self._collection_structure)
        c.register_unstructure_hook_factory(_is_collection, self._collection_unstructure)
        c.register_structure_hook_factory(_is_frozen_map, self._map_structure)
        c.register_unstructure_hook_factory(_is_frozen_map, self._map_unstructure)
        c.register_structure_hook_func(_is_event_data, shapes.structure_event_data)
        c.register_unstructure_hook_func(_is_event_data, shapes.unstructure_event_data)

    def _collection_structure(self, t: Any) -> _Fn:
        origin, elem = get_origin(t), get_args(t)[0]
        build = {tuple: tuple, frozenset: frozenset, list: list, set: set}[origin]

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise Problem(
                    path="", problem=f"{short_repr(value)} must be a list, not {s.describe(value)}"
                )
            hook = self.conv.get_structure_hook(elem)
            items, errors = [], []
            for i, item in enumerate(value):
                try:
                    items.append(hook(item, elem))
                except Exception as exc:  # collected, reported with paths
                    exc.add_note(IterableValidationNote(f"@ index {i}", i, elem))
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {t}", errors, t)
            return build(items)

        return structure

    def _collection_unstructure(self, t: Any) -> _Fn:
        origin, elem = get_origin(t), get_args(t)[0]

        def unstructure(value: Any) -> list[Any]:
            hook = self.conv.get_unstructure_hook(elem)
            items = [hook(item) for item in value]
            if origin in (frozenset, set):
                items.sort(key=lambda x: (type(x).__name__, str(x)))
            return items

        return unstructure

    def _map_structure(self, t: Any) -> _Fn:
        key_type, value_type = get_args(t)

        def structure(value: Any, _: Any) -> FrozenMap[Any, Any]:
            if not isinstance(value, Mapping):
                raise Problem(
                    path="", problem=f"{short_repr(value)} must be a table, not {s.describe(value)}"
                )
            out, errors = {}, []
            for key, item in value.items():
                try:
                    out[self.conv.structure(key, key_type)] = self.conv.structure(item, value_type)
                except Exception as exc:  # collected, reported with paths
                    exc.add_note(IterableValidationNote(f"@ key {key!r}", str(key), value_type))
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {t}", errors, t)
            return FrozenMap(out)

        return structure

    def _map_unstructure(self, t: Any) -> _Fn:
        key_type, value_type = get_args(t)

        def unstructure(value: Mapping[Any, Any]) -> dict[str, Any]:
            keys = self.conv.get_unstructure_hook(key_type)
            values = self.conv.get_unstructure_hook(value_type)
            return {keys(k): values(v) for k, v in value.items()}

        return unstructure

    # --- classes ------------------------------------------------------------------------

    def _register_classes(self) -> None:
        c = self.conv
        c.register_structure_hook_factory(attrs.has, self._attrs_structure_factory)
        c.register_unstructure_hook_factory(attrs.has, self._attrs_unstructure_factory)
        c.register_structure_hook_factory(_is_policy_type, self._policy_structure_factory)
        c.register_unstructure_hook_factory(_is_policy_type, self._policy_unstructure_factory)
        c.register_structure_hook(BusinessCalendar, shapes.structure_calendar)
        c.register_unstructure_hook(BusinessCalendar, shapes.unstructure_calendar)
        c.register_structure_hook(Ticket, self._structure_ticket)
        c.register_unstructure_hook(Ticket, self._unstructure_ticket)

    def class_structure(self, cl: Any) -> _Fn:
        """The generated structure function of an attrs class (unknown keys refused)."""
        fn = self._structure.get(cl)
        if fn is None:
            _resolve(get_origin(cl) or cl)
            fn = self._structure[cl] = make_dict_structure_fn(cl, self.conv)
        return fn

    def class_unstructure(self, cl: Any) -> _Fn:
        """The generated unstructure function of an attrs class (defaults left out)."""
        fn = self._unstructure.get(cl)
        if fn is None:
            _resolve(get_origin(cl) or cl)
            fn = self._unstructure[cl] = make_dict_unstructure_fn(
                cl, self.conv, _cattrs_omit_if_default=True
            )
        return fn

    def _attrs_structure_factory(self, t: Any) -> _Fn:
        params = getattr(t, "__parameters__", ()) if isinstance(t, type) else ()
        if params:  # a bare generic class (Bands): its values may be anything
            t = t[tuple(Any for _ in params)]

        def structure(value: Any, cl: Any) -> Any:
            if not isinstance(value, Mapping):
                raise Problem(
                    path="", problem=f"{short_repr(value)} must be a table, not {s.describe(value)}"
                )
            return self.class_structure(t)(value, t)

        return structure

    def _attrs_unstructure_factory(self, t: Any) -> _Fn:
        return lambda value: self.class_unstructure(t)(value)

    def _policy_structure_factory(self, t: type[Policy]) -> _Fn:
        def structure(value: Any, _: Any) -> Policy:
            if isinstance(value, t):
                return value
            if not isinstance(value, Mapping):
                raise Problem(
                    path="",
                    problem=f"{short_repr(value)} must be a table of a policy's fields "
                    f"with its kind, not {s.describe(value)}",
                )
            cls = shapes.policy_for(t, value.get("kind"))
            fields = {k: v for k, v in value.items() if k != "kind"}
            return self.class_structure(cls)(fields, cls)  # type: ignore[no-any-return]

        return structure

    def _policy_unstructure_factory(self, t: type[Policy]) -> _Fn:
        def unstructure(value: Policy) -> dict[str, Any]:
            cls = type(value)
            if not shapes.registered(cls):
                raise ConfigError(
                    path="",
                    problem=f"policy class {cls.__qualname__} is not registered under its kind "
                    f"{getattr(cls, 'kind', None)!r}: call register_policy({cls.__name__}) so the "
                    "document can be read back",
                )
            fields = self.class_unstructure(cls)(value)
            head = {"kind": cls.kind}
            if "name" in fields:
                head["name"] = fields.pop("name")
            return {**head, **fields}

        return unstructure

    def _structure_ticket(self, value: Any, _: Any) -> Ticket:
        if isinstance(value, Ticket):
            return value
        shapes.check_fields(value, ("id", "events"), ("id", "events"))
        try:
            ticket_id = s.structure_text(value["id"], str)
        except Problem as exc:
            raise _at(exc, "id", Ticket) from None
        try:
            events = self.conv.structure(value["events"], tuple[TicketEvent, ...])
        except Exception as exc:
            raise _at(exc, "events", Ticket) from None
        try:
            return Ticket.from_events(ticket_id, events)
        except ValidationError as err:
            problem = f"{short_repr(err.value)} {err.rule}"
            raise Problem(path="events", problem=problem) from None
        except AftersalesError as err:
            raise Problem(path="events", problem=str(err)) from None

    def _unstructure_ticket(self, value: Ticket) -> dict[str, Any]:
        if type(value.workflow) is not TicketWorkflow:
            raise ConfigError(
                path="",
                problem=f"ticket {value.id!r} runs on the custom workflow "
                f"{type(value.workflow).__qualname__}: store its events instead and replay them "
                "with Ticket.from_events(id, events, workflow=...)",
            )
        events = self.conv.get_unstructure_hook(tuple[TicketEvent, ...])(value.events)
        return {"id": value.id, "events": events}


def _is_collection(t: Any) -> bool:
    origin, args = get_origin(t), get_args(t)
    if origin is tuple:
        return len(args) == 2 and args[1] is Ellipsis
    return origin in (list, frozenset, set) and len(args) == 1


def _is_frozen_map(t: Any) -> bool:
    return get_origin(t) is FrozenMap and len(get_args(t)) == 2


def _is_event_data(t: Any) -> bool:
    return get_origin(t) is collections.abc.Mapping and get_args(t) == (str, DataValue)


def _is_policy_type(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Policy)


@functools.cache
def _builder() -> _Builder:
    return _Builder()


def get_converter() -> cattrs.Converter:
    """The library's converter, built on first use."""
    return _builder().conv


def structure(data: Any, cl: type[T]) -> T:
    """``cl`` from plain data, or a `ConfigError` naming the path and the problem."""
    try:
        return get_converter().structure(data, cl)
    except Exception as exc:
        # The cattrs exception group stays available as the error's __context__.
        raise config_error(exc) from None
