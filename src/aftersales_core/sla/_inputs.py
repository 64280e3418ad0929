"""What the SLA clocks need from a policy, checked before any clock runs (private).

A policy is anything with a ``calendar`` (a `BusinessCalendar` or ``None`` for
round the clock) and ``target_for(priority, category)``: an ``SLAPolicy``, or a
user's own. A wrong one is refused here with a typed error naming the field,
rather than with an ``AttributeError`` deep in a fold.
"""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any, Protocol

from .._internal.instants import micros_of
from ..calendar import BusinessCalendar
from ..errors import InvalidTypeError, ValidationError
from ..tickets import Ticket
from ..vocabulary import Category, Priority
from .rules import DEFAULT_RULES, ClockRules

__all__ = ["PolicyLike", "calendar_of", "checked", "rules_of", "target_micros"]


class PolicyLike(Protocol):
    """What the clocks read from a policy."""

    @property
    def calendar(self) -> BusinessCalendar | None: ...

    def target_for(self, priority: Priority, category: Category | None = None) -> Any: ...


@functools.lru_cache(maxsize=64)
def _always_open(zone: str) -> BusinessCalendar:
    try:
        return BusinessCalendar.always_open(zone)
    except ValidationError:
        return BusinessCalendar.always_open("UTC")


def calendar_of(policy: PolicyLike, ticket: Ticket) -> BusinessCalendar:
    """The policy's calendar; without one, round the clock in the ticket's zone."""
    calendar = policy.calendar
    if calendar is not None:
        return calendar
    # Round the clock: count in the zone the ticket was opened in, so due times read naturally.
    return _always_open(ticket.opened_at.timezone_name or "UTC")


def checked(policy: object) -> PolicyLike:
    """``policy`` if it can set targets, else a typed error (not an ``AttributeError`` later)."""
    if not (hasattr(policy, "target_for") and hasattr(policy, "calendar")):
        raise InvalidTypeError(
            field="policy",
            value=policy,
            rule="must be an SLA policy (with calendar and target_for)",
        )
    calendar = policy.calendar
    if calendar is not None and not isinstance(calendar, BusinessCalendar):
        raise InvalidTypeError(
            field="calendar", value=calendar, rule="must be a BusinessCalendar or None"
        )
    return policy


def target_micros(target: object, name: str) -> int:
    """A target's ``first_response`` or ``resolution`` in microseconds, or a typed error."""
    value = getattr(target, name, None)
    if not isinstance(value, timedelta):
        raise InvalidTypeError(
            field="target",
            value=target,
            rule="must be an SLATarget (first_response and resolution durations)",
        )
    return micros_of(value)


def rules_of(policy: PolicyLike, rules: ClockRules | None) -> ClockRules:
    """The rules given, else the policy's ``clock_rules``, else the defaults."""
    if rules is not None:
        return rules
    found = getattr(policy, "clock_rules", None)
    return found if isinstance(found, ClockRules) else DEFAULT_RULES
