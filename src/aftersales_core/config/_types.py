"""The converter's hooks for the library's own shapes: calendars, SLA keys, event data, kinds.

Examples:
    >>> structure_sla_key("normal/installation", None)
    (<Priority.NORMAL: 'normal'>, <Category.INSTALLATION: 'installation'>)
    >>> unstructure_calendar(structure_calendar({"timezone": "UTC", "weekly": "24/7"}, None))
    {'timezone': 'UTC', 'weekly': '24/7'}
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..calendar import BusinessCalendar, CountryHolidays, country_holidays
from ..errors import UnknownKindError, ValidationError
from ..policies.base import Policy, policy_class, policy_kinds
from ..tickets.events import DataValue
from ..vocabulary import Category, Priority
from . import _scalars as s
from ._errors import Problem, join, short_repr

__all__ = [
    "check_fields",
    "policy_for",
    "registered",
    "structure_calendar",
    "structure_event_data",
    "structure_sla_key",
    "unstructure_calendar",
    "unstructure_event_data",
    "unstructure_sla_key",
]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ALL_DAY = ("00:00-24:00",)


def check_fields(value: object, known: tuple[str, ...], required: tuple[str, ...]) -> None:
    """Refuse anything but a table with only ``known`` keys and every ``required`` one."""
    if not isinstance(value, Mapping):
        raise Problem(
            path="", problem=f"{short_repr(value)} must be a table, not {s.describe(value)}"
        )
    for key in value:
        if key not in known:
            raise Problem(
                path=join((str(key),)),
                problem=f"is not a known key; expected one of: {', '.join(known)}",
            )
    for key in required:
        if key not in value:
            raise Problem(path=key, problem="is required")


def registered(cls: type[Policy]) -> bool:
    """Whether ``cls`` is the class registered under its own kind."""
    kind = getattr(cls, "kind", None)
    return kind in policy_kinds() and policy_class(kind) is cls


def policy_for(declared: type[Policy], kind: object) -> type[Policy]:
    """The class a policy table names: by its ``kind``, which must be registered."""
    if kind is None:
        if not registered(declared):
            raise Problem(
                path="kind", problem=f"is required; registered kinds: {', '.join(policy_kinds())}"
            )
        return declared
    if not isinstance(kind, str):
        raise Problem(
            path="kind", problem=f"{short_repr(kind)} must be text, not {s.describe(kind)}"
        )
    try:
        cls = policy_class(kind)
    except UnknownKindError as err:
        raise Problem(path="kind", problem=str(err)) from None
    if not issubclass(cls, declared):
        raise Problem(
            path="kind",
            problem=f"{kind!r} is a {cls.__name__}, which cannot stand where a "
            f"{declared.__name__} is expected",
        )
    return cls


@s.leaf
def structure_sla_key(value: Any, _: Any) -> Any:
    """A priority, or a (priority, category) pair from ``"normal/installation"``."""
    if not isinstance(value, str):
        raise Problem(path="", problem=f"{short_repr(value)} must be text, not {s.describe(value)}")
    priority, slash, category = value.partition("/")
    level = s.structure_enum(priority, Priority)
    return (level, s.structure_enum(category, Category)) if slash else level


def unstructure_sla_key(value: Any) -> str:
    """``"urgent"`` or ``"normal/installation"``."""
    if isinstance(value, tuple):
        return f"{value[0].value}/{value[1].value}"
    return str(value.value)


def structure_event_data(value: Any, _: Any) -> dict[str, DataValue]:
    """A ticket event's data: JSON scalars (numbers with a fraction as floats)."""
    if not isinstance(value, Mapping):
        raise Problem(
            path="", problem=f"{short_repr(value)} must be a table, not {s.describe(value)}"
        )
    out: dict[str, DataValue] = {}
    for key, item in value.items():
        if isinstance(item, Decimal) and item.is_finite():
            item = float(item)  # event data are JSON scalars: numbers come back as floats
        if item is not None and not isinstance(item, str | int | float | bool):
            raise Problem(
                path=join((str(key),)),
                problem=f"{short_repr(item)} must be text, a number, true/false or null",
            )
        out[str(key)] = item
    return out


def unstructure_event_data(value: Mapping[str, DataValue]) -> dict[str, DataValue]:
    """A ticket event's data as plain JSON scalars."""
    # Built-in kinds store enum members (Channel.HOTLINE); a document holds their text.
    return {k: str(v) if isinstance(v, str) else v for k, v in value.items()}


def _holidays(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    check_fields(value, ("country", "years", "subdiv"), ("country", "years"))
    country, years, subdiv = value["country"], value["years"], value.get("subdiv")
    for key, item in (("country", country), ("subdiv", subdiv)):
        if item is not None and not isinstance(item, str):
            raise Problem(path=key, problem=f"{short_repr(item)} must be text")
    if not isinstance(years, int | list) or isinstance(years, bool):
        raise Problem(
            path="years", problem=f"{short_repr(years)} must be a year or a list of years"
        )
    return country_holidays(country, years, subdiv)


@s.leaf
def structure_calendar(value: Any, _: Any) -> BusinessCalendar:
    """A business calendar from its table; ``weekly = "24/7"`` and holiday tables allowed."""
    if isinstance(value, BusinessCalendar):
        return value
    check_fields(value, ("timezone", "weekly", "holidays", "overrides"), ("timezone", "weekly"))
    weekly = value["weekly"]
    if weekly == "24/7":
        weekly = dict.fromkeys(_DAYS, _ALL_DAY)
    elif not isinstance(weekly, Mapping):
        raise Problem(
            path="weekly", problem=f"{short_repr(weekly)} must be a table of days or '24/7'"
        )
    try:
        holidays = _holidays(value.get("holidays", ()))
    except Problem as exc:
        raise Problem(path=join(("holidays",), exc.path), problem=exc.problem) from None
    except ValidationError as err:
        problem = f"{short_repr(err.value)} {err.rule}"
        raise Problem(path=join(("holidays",), err.field), problem=problem) from None
    try:
        return BusinessCalendar(
            timezone=value["timezone"],
            weekly=weekly,
            holidays=holidays,
            overrides=value.get("overrides", {}),
        )
    except ValidationError as err:
        raise Problem(path=err.field, problem=f"{short_repr(err.value)} {err.rule}") from None


def unstructure_calendar(value: BusinessCalendar) -> dict[str, Any]:
    """A business calendar as its table, ``"24/7"`` when it is always open."""
    out: dict[str, Any] = {"timezone": value.timezone}
    week = [tuple(value.weekly.get(day, ())) for day in _DAYS]
    if all(hours == _ALL_DAY for hours in week):
        out["weekly"] = "24/7"
    else:
        out["weekly"] = {day: list(hours) for day, hours in value.weekly.items()}
    if isinstance(value.holidays, CountryHolidays):  # the country and years: a reload keeps both
        found = value.holidays
        out["holidays"] = {"country": found.country, "years": list(found.years)}
        if found.subdiv is not None:
            out["holidays"]["subdiv"] = found.subdiv
    elif value.holidays:
        out["holidays"] = sorted(day.isoformat() for day in value.holidays)
    if value.overrides:
        out["overrides"] = {day.isoformat(): list(h) for day, h in value.overrides.items()}
    return out
