"""Choosing the SLA for a ticket: an ordered list of rules and a default.

A business rarely has one SLA: a 24/7 hotline answers in 30 minutes, Gold
customers get shorter targets, a promotion's SLA holds for one season. An
`SLASelector` holds `SLARule` rows — typed conditions on the
channel, category, priority and customer tier, and optional validity dates —
and picks the policy of the first row that matches, else the default. The
conditions are data (sets of values and dates), never code.

Examples:
    >>> import pendulum
    >>> from aftersales_core.sla import SLARule, SLASelector
    >>> from aftersales_core.tickets import Ticket
    >>> selector = SLASelector(
    ...     rules=[SLARule(name="hotline", policy="HOTLINE-SLA", channels=["hotline"]),
    ...            SLARule(name="gold", policy="GOLD-SLA", customer_tiers=["gold"])],
    ...     default="STANDARD-SLA",
    ... )
    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
    >>> selector.select(Ticket.open(id="T-1", channel="hotline", customer_tier="gold", at=at))
    'HOTLINE-SLA'
    >>> selector.select(Ticket.open(id="T-2", channel="email", customer_tier="gold", at=at))
    'GOLD-SLA'
    >>> selector.select(Ticket.open(id="T-3", channel="email", at=at))
    'STANDARD-SLA'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

import attrs
import pendulum

from .._internal import validate as _v
from .._internal.instants import real_time, reduce_keeping_fold, unix_micros
from ..errors import InvalidTypeError, ValidationError
from ..terms import as_instant
from ..tickets import Ticket
from ..vocabulary import Category, Channel, Priority
from .clock import SLAStatus, evaluate, evaluate_many
from .rules import ClockRules

__all__ = ["SLARule", "SLASelector"]


def _set_of(kind: type[Any], field: str) -> Callable[[Iterable[Any]], frozenset[Any]]:
    def convert(values: Iterable[Any]) -> frozenset[Any]:
        if isinstance(values, str):
            values = [values]
        elif not isinstance(values, Iterable):
            raise InvalidTypeError(
                field=field, value=values, rule="must be a value or a collection of values"
            )
        out = set()
        for value in values:
            if not isinstance(value, str):  # the enums are StrEnums: members are text too
                raise InvalidTypeError(field=field, value=value, rule="must be text")
            try:
                out.add(kind(value))
            except ValueError:
                members = kind.known() if hasattr(kind, "known") else kind.__members__.values()
                known = ", ".join(members)
                raise ValidationError(
                    field=field, value=value, rule=f"is not a {kind.__name__}; known: {known}"
                ) from None
        return frozenset(out)

    return convert


def _channels(values: Iterable[Channel | str]) -> frozenset[Channel]:
    return _set_of(Channel, "channels")(values)


def _categories(values: Iterable[Category | str]) -> frozenset[Category]:
    return _set_of(Category, "categories")(values)


def _priorities(values: Iterable[Priority | str]) -> frozenset[Priority]:
    return _set_of(Priority, "priorities")(values)


def _tiers(values: Iterable[str]) -> frozenset[str]:
    return _set_of(str, "customer_tiers")(values)


def _a_policy(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # Selecting may return any value (a label, say); evaluating checks it is an SLA policy.
    if value is None:
        raise ValidationError(field=attribute.name, value=value, rule="must be a policy")


def _instant_or_none(value: datetime | None) -> pendulum.DateTime | None:
    return None if value is None else as_instant(value, field="valid_from/valid_until")


@attrs.frozen(kw_only=True)
class SLARule:
    """One row of an `SLASelector`: conditions and the policy they choose.

    An empty set matches anything. The channel, category, priority and tier are
    the ticket's current ones; the validity dates apply to the instant the ticket
    was opened (``valid_from`` included, ``valid_until`` excluded), so the SLA
    promised at intake holds for the ticket's whole life.

    Attributes:
        policy: The ``SLAPolicy`` this rule chooses.
        name: A name for reports and explanations.
        channels: Channels that match.
        categories: Categories that match (an unclassified ticket matches only
            a rule without categories).
        priorities: Priorities that match.
        customer_tiers: Customer tiers that match.
        valid_from: First instant of validity, if any.
        valid_until: End of validity (excluded), if any.

    Raises:
        ValidationError: ``policy`` is ``None``, a value is not a channel,
            category or priority, or ``valid_until`` is not after ``valid_from``
            (compared as instants, not wall clocks).
        InvalidTypeError: A condition is not text or a collection of text.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> rule = SLARule(policy="TET-SLA", valid_from=pendulum.datetime(2026, 2, 10, tz="UTC"),
        ...                valid_until=pendulum.datetime(2026, 2, 25, tz="UTC"))
        >>> rule.matches(Ticket.open(id="T-1", channel="email",
        ...                          at=pendulum.datetime(2026, 2, 16, 9, tz="UTC")))
        True
    """

    __reduce__ = reduce_keeping_fold

    policy: Any = attrs.field(validator=_a_policy)
    name: str = ""
    channels: frozenset[Channel] = attrs.field(default=frozenset(), converter=_channels)
    categories: frozenset[Category] = attrs.field(default=frozenset(), converter=_categories)
    priorities: frozenset[Priority] = attrs.field(default=frozenset(), converter=_priorities)
    customer_tiers: frozenset[str] = attrs.field(default=frozenset(), converter=_tiers)
    valid_from: pendulum.DateTime | None = attrs.field(
        default=None, converter=_instant_or_none, eq=real_time
    )
    valid_until: pendulum.DateTime | None = attrs.field(
        default=None, converter=_instant_or_none, eq=real_time
    )

    def __attrs_post_init__(self) -> None:
        if (
            self.valid_from is not None
            and self.valid_until is not None
            and unix_micros(self.valid_until) <= unix_micros(self.valid_from)
        ):
            raise ValidationError(
                field="valid_until", value=self.valid_until, rule="must be after valid_from"
            )

    def matches(self, ticket: Ticket) -> bool:
        """Whether every condition of this rule holds for ``ticket``."""
        if self.channels and ticket.channel not in self.channels:
            return False
        if self.categories and ticket.category not in self.categories:
            return False
        if self.priorities and ticket.priority not in self.priorities:
            return False
        if self.customer_tiers and ticket.customer_tier not in self.customer_tiers:
            return False
        # Real instants, not wall clocks: the hour repeated when clocks go back is two hours.
        opened = unix_micros(ticket.opened_at)
        if self.valid_from is not None and opened < unix_micros(self.valid_from):
            return False
        return self.valid_until is None or opened < unix_micros(self.valid_until)


@attrs.frozen(kw_only=True)
class SLASelector:
    """An ordered list of `SLARule` and a default policy; the first match applies.

    Attributes:
        rules: The rules, most specific first.
        default: The policy when no rule matches.

    Selecting may return any value; `evaluate` needs an ``SLAPolicy`` (anything
    with ``calendar`` and ``target_for``) and raises `InvalidTypeError` for
    anything else.

    Raises:
        ValidationError: ``default`` is ``None``, or ``rules`` is not a list of
            `SLARule` (`InvalidTypeError`).

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> selector = SLASelector(rules=[SLARule(policy="URGENT", priorities=["urgent"])],
        ...                        default="NORMAL")
        >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> selector.rule_for(Ticket.open(id="T-1", channel="web", priority="urgent", at=at)).policy
        'URGENT'
        >>> selector.rule_for(Ticket.open(id="T-2", channel="web", at=at)) is None
        True
    """

    rules: tuple[SLARule, ...] = attrs.field(
        converter=_v.to_tuple, validator=_v.tuple_of(SLARule, what="SLARule")
    )
    default: Any = attrs.field(validator=_a_policy)

    def rule_for(self, ticket: Ticket) -> SLARule | None:
        """The first matching rule, or ``None`` when the default applies."""
        for rule in self.rules:
            if rule.matches(ticket):
                return rule
        return None

    def select(self, ticket: Ticket) -> Any:
        """The policy for ``ticket``: the first matching rule's, else the default."""
        rule = self.rule_for(ticket)
        return self.default if rule is None else rule.policy

    def evaluate(
        self, ticket: Ticket, *, at: datetime, rules: ClockRules | None = None
    ) -> SLAStatus:
        """Evaluate ``ticket`` under the policy selected for it; see `.sla_clock.evaluate`."""
        return evaluate(self.select(ticket), ticket, at=at, rules=rules)

    def evaluate_many(
        self, tickets: Iterable[Ticket], *, at: datetime, rules: ClockRules | None = None
    ) -> Iterator[SLAStatus]:
        """Evaluate a stream, each ticket under its own policy; see `.sla_clock.evaluate_many`."""
        return evaluate_many(self, tickets, at=at, rules=rules)

    def evaluate_table(self, events: Any, *, at: datetime, **options: Any) -> Any:
        """Evaluate a table of events, each ticket under the policy its rules select.

        As `SLAPolicy.evaluate_table`. The rules see what the rows say of each ticket
        at the end of its history: ``channel``, ``category``, ``priority``,
        ``customer_tier`` and ``opened_at``.
        """
        from ._table import evaluate_table

        return evaluate_table(self, events, at=at, **options)
