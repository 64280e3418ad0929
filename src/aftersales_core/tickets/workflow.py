"""The ticket lifecycle as data: statuses, commands and a transition table.

Two workflows ship, on the same statuses (see docs/explanation/workflows.md):

* the default, `TicketWorkflow`, accepts what real desks do: a reply from ``new``,
  a resolution at the first contact (``open`` → ``respond`` → ``resolve``), waiting and
  solving without an explicit classification or assignment;
* `StrictWorkflow` keeps the discipline Vietnamese support desks describe — **receive**
  (``open``) → **classify** → **handle and respond** → **confirm** — one argument away
  (``Ticket.open(..., workflow=STRICT_WORKFLOW)``).

Both take the detours real cases take (waiting on the customer or a partner service
centre, escalation, reopening, cancellation), and both need a reply before ``resolve``.
A subclass adds statuses, transitions and guards; its table is checked when the class is
created (unknown or unreachable statuses, no way to an end, two rows for one status and
command are refused at once, not on first use).

Examples:
    >>> from aftersales_core.tickets import TicketStatus, TicketWorkflow
    >>> wf = TicketWorkflow()
    >>> wf.commands_from(TicketStatus.NEW)[:4]
    ('classify', 'assign', 'respond', 'wait_on_customer')
    >>> StrictWorkflow().commands_from(TicketStatus.NEW)
    ('classify', 'respond', 'escalate', 'change_priority', 'cancel')
    >>> sorted(str(s) for s in wf.terminal_statuses)
    ['cancelled', 'closed']
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ..errors import ValidationError
from ._reach import graph_problem
from .events import EventKind

if TYPE_CHECKING:
    from .events import TicketEvent
    from .ticket import Ticket

__all__ = [
    "DEFAULT_WORKFLOW",
    "STRICT_WORKFLOW",
    "Guard",
    "InvalidWorkflowError",
    "StrictWorkflow",
    "TicketStatus",
    "TicketWorkflow",
    "Transition",
    "has_responded",
]

Guard = Callable[["Ticket", "TicketEvent"], bool]
"""A pure function of the ticket before a command and the event it would add;
``True`` lets the command through."""


class TicketStatus(enum.StrEnum):
    """Where a ticket stands in the built-in workflows.

    Examples:
        >>> TicketStatus("waiting_on_customer")
        <TicketStatus.WAITING_ON_CUSTOMER: 'waiting_on_customer'>
    """

    NEW = "new"
    TRIAGED = "triaged"
    IN_PROGRESS = "in_progress"
    WAITING_ON_CUSTOMER = "waiting_on_customer"
    WAITING_ON_THIRD_PARTY = "waiting_on_third_party"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class InvalidWorkflowError(ValidationError):
    """A workflow's table is malformed; raised when the class is created.

    Examples:
        >>> class Broken(TicketWorkflow):
        ...     transitions = (*TicketWorkflow.transitions,
        ...                    Transition(source="new", command="visit", target="on_site"))
        Traceback (most recent call last):
        ...
        aftersales_core.tickets.workflow.InvalidWorkflowError: Broken.transitions: ...
    """

    code = "invalid_workflow"


def _text(field: str) -> Callable[[Any, Any, str], None]:
    def check(_instance: Any, _attribute: Any, value: str) -> None:
        if not isinstance(value, str) or not value:
            raise ValidationError(field=field, value=value, rule="must be non-empty text")

    return check


@attrs.frozen(kw_only=True)
class Transition:
    """One row of a transition table: in ``source``, ``command`` leads to ``target``.

    Attributes:
        source: The status the command is accepted in.
        command: The command (and the kind of the event it records).
        target: The status after the command; ``None`` keeps the status (an
            assignment, a reply, an escalation).
        guard: An optional pure function ``guard(ticket, event) -> bool``,
            checked when the command is given (not when a history is replayed:
            the history records what happened, and a rule added later must not
            make yesterday's tickets unreadable).
        reason: Why the command is refused when the guard says no.

    Examples:
        >>> Transition(source="in_progress", command="schedule_visit", target="on_site_visit")
        Transition(source='in_progress', command='schedule_visit', target='on_site_visit', ...)
        >>> Transition.each(["new", "triaged"], "escalate")[1].target is None
        True
    """

    source: str = attrs.field(validator=_text("source"))
    command: str = attrs.field(validator=_text("command"))
    target: str | None = attrs.field(default=None)
    guard: Guard | None = attrs.field(default=None)
    reason: str = "a guard refused it"

    @classmethod
    def each(
        cls,
        sources: Iterable[str],
        command: str,
        target: str | None = None,
        *,
        guard: Guard | None = None,
        reason: str = "a guard refused it",
    ) -> tuple[Transition, ...]:
        """The same command from several statuses, as a tuple of rows.

        Examples:
            >>> [t.source for t in Transition.each(["a", "b"], "go", "c")]
            ['a', 'b']
        """
        return tuple(
            cls(source=s, command=command, target=target, guard=guard, reason=reason)
            for s in sources
        )


def has_responded(ticket: Ticket, event: TicketEvent) -> bool:
    """Guard of the built-in ``resolve``: the customer has had a reply.

    A resolution nobody told the customer about cannot be confirmed, and it would
    cancel the first-response clock instead of meeting it.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> t = Ticket.open(id="T-1", channel="email", at=at)
        >>> has_responded(t, t.events[0]), has_responded(t.respond(at=at), t.events[0])
        (False, True)
    """
    return ticket.first_response_at is not None


S = TicketStatus
_ACTIVE = (S.NEW, S.TRIAGED, S.IN_PROGRESS, S.WAITING_ON_CUSTOMER, S.WAITING_ON_THIRD_PARTY)
_WORKING = (S.IN_PROGRESS, S.WAITING_ON_CUSTOMER, S.WAITING_ON_THIRD_PARTY)
_OPENED = (S.NEW, S.TRIAGED)
K = EventKind
# What real desks do: reply, wait, solve from any open status; nothing demanded first.
_LENIENT_TABLE: tuple[Transition, ...] = (
    Transition(source=S.NEW, command=K.CLASSIFY, target=S.TRIAGED),
    *Transition.each((S.TRIAGED, *_WORKING), K.CLASSIFY),
    *Transition.each(_OPENED, K.ASSIGN, S.IN_PROGRESS),
    *Transition.each(_WORKING, K.ASSIGN),
    *Transition.each(_ACTIVE, K.RESPOND),
    *Transition.each((*_OPENED, S.IN_PROGRESS, S.WAITING_ON_THIRD_PARTY), K.WAIT_ON_CUSTOMER, S.WAITING_ON_CUSTOMER),
    *Transition.each((*_OPENED, S.IN_PROGRESS, S.WAITING_ON_CUSTOMER), K.WAIT_ON_THIRD_PARTY, S.WAITING_ON_THIRD_PARTY),
    *Transition.each((S.WAITING_ON_CUSTOMER, S.WAITING_ON_THIRD_PARTY), K.RESUME, S.IN_PROGRESS),
    *Transition.each(_ACTIVE, K.ESCALATE),
    *Transition.each(_ACTIVE, K.CHANGE_PRIORITY),
    *Transition.each(
        _ACTIVE, K.RESOLVE, S.RESOLVED, guard=has_responded,
        reason="the customer has had no response yet",
    ),
    Transition(source=S.RESOLVED, command=K.CONFIRM, target=S.CLOSED),
    Transition(source=S.RESOLVED, command=K.REOPEN, target=S.IN_PROGRESS),
    Transition(source=S.RESOLVED, command=K.CLOSE, target=S.CLOSED),
    *Transition.each(_ACTIVE, K.CANCEL, S.CANCELLED),
)  # fmt: skip
# Receive -> classify -> handle (assigned) -> confirm.
_STRICT_TABLE: tuple[Transition, ...] = (
    Transition(source=S.NEW, command=K.CLASSIFY, target=S.TRIAGED),
    *Transition.each((S.TRIAGED, *_WORKING), K.CLASSIFY),
    Transition(source=S.TRIAGED, command=K.ASSIGN, target=S.IN_PROGRESS),
    *Transition.each(_WORKING, K.ASSIGN),
    *Transition.each(_ACTIVE, K.RESPOND),
    *Transition.each((S.IN_PROGRESS, S.WAITING_ON_THIRD_PARTY), K.WAIT_ON_CUSTOMER, S.WAITING_ON_CUSTOMER),
    *Transition.each((S.IN_PROGRESS, S.WAITING_ON_CUSTOMER), K.WAIT_ON_THIRD_PARTY, S.WAITING_ON_THIRD_PARTY),
    *Transition.each((S.WAITING_ON_CUSTOMER, S.WAITING_ON_THIRD_PARTY), K.RESUME, S.IN_PROGRESS),
    *Transition.each(_ACTIVE, K.ESCALATE),
    *Transition.each(_ACTIVE, K.CHANGE_PRIORITY),
    *Transition.each(
        _WORKING, K.RESOLVE, S.RESOLVED, guard=has_responded,
        reason="the customer has had no response yet",
    ),
    Transition(source=S.RESOLVED, command=K.CONFIRM, target=S.CLOSED),
    Transition(source=S.RESOLVED, command=K.REOPEN, target=S.IN_PROGRESS),
    Transition(source=S.RESOLVED, command=K.CLOSE, target=S.CLOSED),
    *Transition.each(_ACTIVE, K.CANCEL, S.CANCELLED),
)  # fmt: skip
del S, K


class TicketWorkflow:
    """A transition table and the statuses it runs on; subclass to change it.

    This class is the default, lenient workflow (the module's docstring says what it
    accepts); `StrictWorkflow` is the strict one.

    Class attributes (override in a subclass):

    * ``statuses`` — every status, in display order;
    * ``initial`` — the status of a new ticket;
    * ``transitions`` — the rows (`Transition`);
    * ``paused_statuses`` — statuses in which SLA clocks pause by default
      (waiting on the customer);
    * ``resolved_statuses`` — statuses in which the case counts as resolved
      (leaving one for an unresolved status is a reopening);
    * ``terminal_statuses`` — statuses that end a ticket: no command is accepted
      in them, and every other status must be able to reach one (declared, so
      that a forgotten way out is an error rather than an accidental end);
    * ``response_commands`` — commands that are a reply to the customer
      (the first one is the first response).

    Derived when the class is created: ``commands``. Workflows are stateless:
    instances of one class are equal.

    Examples:
        >>> wf = TicketWorkflow()
        >>> wf.transition("resolved", "reopen").target
        <TicketStatus.IN_PROGRESS: 'in_progress'>
        >>> wf.transition("closed", "reopen") is None
        True
        >>> wf == TicketWorkflow(), "in_progress" in wf.statuses
        (True, True)
    """

    statuses: ClassVar[tuple[str, ...]] = tuple(TicketStatus)
    initial: ClassVar[str] = TicketStatus.NEW
    transitions: ClassVar[tuple[Transition, ...]] = _LENIENT_TABLE
    paused_statuses: ClassVar[frozenset[str]] = frozenset({TicketStatus.WAITING_ON_CUSTOMER})
    resolved_statuses: ClassVar[frozenset[str]] = frozenset(
        {TicketStatus.RESOLVED, TicketStatus.CLOSED}
    )
    terminal_statuses: ClassVar[frozenset[str]] = frozenset(
        {TicketStatus.CLOSED, TicketStatus.CANCELLED}
    )
    response_commands: ClassVar[frozenset[str]] = frozenset({EventKind.RESPOND})

    commands: ClassVar[frozenset[str]]
    _table: ClassVar[dict[tuple[str, str], Transition]]
    _canonical: ClassVar[dict[str, str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _compile(cls)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TicketWorkflow):
            return NotImplemented
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def transition(self, status: str, command: str) -> Transition | None:
        """The row for ``command`` in ``status``, or ``None`` if there is none."""
        return self._table.get((status, command))

    def commands_from(self, status: str) -> tuple[str, ...]:
        """The commands the table accepts in ``status``, in table order.

        Examples:
            >>> TicketWorkflow().commands_from("resolved")
            ('confirm', 'reopen', 'close')
        """
        return tuple(str(t.command) for t in self.transitions if t.source == status)

    def status(self, value: str) -> str:
        """The workflow's own spelling of a status (the enum member for built-ins).

        Raises:
            ValidationError: The workflow has no such status.

        Examples:
            >>> TicketWorkflow().status("closed")
            <TicketStatus.CLOSED: 'closed'>
        """
        try:
            return self._canonical[value]
        except (KeyError, TypeError):
            raise ValidationError(
                field="status", value=value, rule=f"is not a status of {type(self).__name__}"
            ) from None

    def to_mermaid(self, *, self_loops: bool = False) -> str:
        """The table as a Mermaid ``stateDiagram-v2`` (what the docs show).

        Args:
            self_loops: Also draw the commands that keep the status.

        Examples:
            >>> print(StrictWorkflow().to_mermaid().splitlines()[2])
                new --> triaged: classify
        """
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial}"]
        for t in self.transitions:
            if t.target is not None or self_loops:
                lines.append(f"    {t.source} --> {t.target or t.source}: {t.command}")
        lines.extend(f"    {s} --> [*]" for s in self.statuses if s in self.terminal_statuses)
        return "\n".join(lines)


def _refuse(cls: type, attribute: str, value: object, rule: str) -> InvalidWorkflowError:
    return InvalidWorkflowError(field=f"{cls.__name__}.{attribute}", value=value, rule=rule)


def _compile(cls: type[TicketWorkflow]) -> None:
    statuses = cls.statuses
    known = set(statuses)
    if not statuses or len(known) != len(statuses) or not all(isinstance(s, str) for s in known):
        raise _refuse(cls, "statuses", statuses, "must be distinct texts, at least one")
    if cls.initial not in known:
        raise _refuse(cls, "initial", cls.initial, "is not one of the statuses")
    table: dict[tuple[str, str], Transition] = {}
    for row in cls.transitions:
        if not isinstance(row, Transition):
            raise _refuse(cls, "transitions", row, "must hold Transition rows")
        for end in (row.source, row.target):
            if end is not None and end not in known:
                raise _refuse(cls, "transitions", row, f"uses {end!r}, which is not a status")
        if row.command == EventKind.OPEN:
            raise _refuse(cls, "transitions", row, "uses 'open', which only starts a history")
        if (row.source, row.command) in table:
            raise _refuse(
                cls,
                "transitions",
                row,
                "repeats a status and command: a replay must be unambiguous",
            )
        table[(row.source, row.command)] = row
    for name in ("paused_statuses", "resolved_statuses", "terminal_statuses"):
        unknown = sorted(set(getattr(cls, name)) - known)
        if unknown:
            raise _refuse(cls, name, unknown, "are not statuses")
    problem = graph_problem(
        statuses, cls.initial, cls.transitions, frozenset(cls.terminal_statuses)
    )
    if problem is not None:
        raise _refuse(cls, *problem)
    cls._table = table
    cls._canonical = {str(s): s for s in statuses}
    cls.commands = frozenset({EventKind.OPEN, *(row.command for row in cls.transitions)})


_compile(TicketWorkflow)


class StrictWorkflow(TicketWorkflow):
    """Receive → classify → handle → confirm: no work unclassified, no resolution unassigned.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import STRICT_WORKFLOW, Ticket
        >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> strict = Ticket.open(id="T-2", channel="email", at=at, workflow=STRICT_WORKFLOW)
        >>> strict.respond(at=at).resolve(at=at)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidTransition: ...cannot resolve while new...
    """

    transitions = _STRICT_TABLE


DEFAULT_WORKFLOW = TicketWorkflow()
"""The default (lenient) workflow, shared by every ticket that names no other."""

STRICT_WORKFLOW = StrictWorkflow()
"""The strict workflow: ``Ticket.open(..., workflow=STRICT_WORKFLOW)``."""
