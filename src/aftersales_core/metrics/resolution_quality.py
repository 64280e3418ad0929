"""The quality of resolutions: first-contact resolution and the reopen rate.

Both are shares of tickets, read from each ticket's derived state and events:
the reopen count, the resolution, the replies (the workflow's
``response_commands``) and the statuses it went through (its
``paused_statuses``, such as waiting on the customer).

Examples:
    >>> import pendulum
    >>> from aftersales_core.tickets import Ticket
    >>> from aftersales_core.metrics import reopen_rate
    >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
    >>> done = (Ticket.open(id="T-1", channel="hotline", at=t0)
    ...         .classify(category="warranty", at=t0).assign(assignee="lan", at=t0)
    ...         .respond(at=t0.add(minutes=20)).resolve(at=t0.add(hours=2)))
    >>> reopen_rate([done]).score
    0.0
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Literal, Self, overload

from ..tickets import Ticket
from ._accumulator import KeyLike, check_choice, check_compatible, check_items, check_ticket
from ._stats import Rate, check_confidence, rate
from .segments import run

__all__ = [
    "FCRDefinition",
    "FirstContactResolutionAccumulator",
    "ReopenRateAccumulator",
    "first_contact_resolution",
    "reopen_rate",
]

FCRDefinition = Literal["single_reply", "no_further_contact"]
"""The two definitions of first-contact resolution; see `first_contact_resolution`."""


class _TicketRateAccumulator:
    """Counts hits, misses and pending tickets; subclasses classify one ticket."""

    __slots__ = ("_confidence", "_counts")

    def __init__(self, *, confidence: float = 0.95) -> None:
        self._confidence = check_confidence(confidence)
        self._counts = [0, 0, 0]  # hits, misses, pending

    def add(self, ticket: Ticket, /) -> None:
        """Fold one ticket in."""
        outcome = self._classify(check_ticket(ticket))
        if outcome is not None:
            self._counts[outcome] += 1

    def update(self, tickets: Iterable[Ticket], /) -> Self:
        """Fold every ticket in and return ``self``; atomic on error."""
        check_items(tickets, "tickets")
        counts = [0, 0, 0]
        for ticket in tickets:
            outcome = self._classify(check_ticket(ticket))
            if outcome is not None:
                counts[outcome] += 1
        self._counts = [a + b for a, b in zip(self._counts, counts, strict=True)]
        return self

    def merge(self, other: Self, /) -> Self:
        """A new accumulator holding the tickets of both."""
        check_compatible(self, other, type(self)._settings)
        merged = type(self).__new__(type(self))
        for name in self._slots():
            setattr(merged, name, getattr(self, name))
        merged._counts = [a + b for a, b in zip(self._counts, other._counts, strict=True)]
        return merged

    def result(self) -> Rate:
        """The rate over the tickets whose outcome is known."""
        hits, misses, pending = self._counts
        return rate(hits=hits, n=hits + misses, pending=pending, confidence=self._confidence)

    def _slots(self) -> tuple[str, ...]:
        return ("_confidence",)

    def _settings(self) -> tuple[object, ...]:
        return (self._confidence,)

    def _classify(self, ticket: Ticket) -> int | None:  # 0 hit, 1 miss, 2 pending, None skip
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def __repr__(self) -> str:
        return f"{type(self).__name__}(hits={self._counts[0]}, misses={self._counts[1]})"


class FirstContactResolutionAccumulator(_TicketRateAccumulator):
    """The streaming, mergeable form of `first_contact_resolution`.

    Examples:
        >>> FirstContactResolutionAccumulator(definition="vibes")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: definition: 'vibes' must be one of 'single_reply', 'no_further_contact'
    """

    __slots__ = ("_definition",)

    def __init__(
        self, *, definition: FCRDefinition = "single_reply", confidence: float = 0.95
    ) -> None:
        check_choice("definition", definition, ("single_reply", "no_further_contact"))
        super().__init__(confidence=confidence)
        self._definition = definition

    def _slots(self) -> tuple[str, ...]:
        return ("_confidence", "_definition")

    def _settings(self) -> tuple[object, ...]:
        return (self._confidence, self._definition)

    def _classify(self, ticket: Ticket) -> int | None:
        if ticket.reopen_count:
            return 1  # the customer came back: not resolved at first contact, whatever happens next
        if ticket.resolved_at is None:
            return None if ticket.is_terminal else 2
        workflow = ticket.workflow
        if self._definition == "single_reply":
            replies = sum(1 for e in ticket.events if e.kind in workflow.response_commands)
            return 0 if replies == 1 else 1
        first = next(i for i, e in enumerate(ticket.events) if e.kind in workflow.response_commands)
        went_back = any(s in workflow.paused_statuses for s in ticket.statuses[first:])
        return 1 if went_back else 0


@overload
def first_contact_resolution(
    tickets: Iterable[Ticket], *, definition: FCRDefinition = ..., by: None = ...
) -> Rate: ...
@overload
def first_contact_resolution(
    tickets: Iterable[Ticket], *, definition: FCRDefinition = ..., by: KeyLike
) -> dict[Hashable, Rate]: ...
def first_contact_resolution(
    tickets: Iterable[Ticket],
    *,
    definition: FCRDefinition = "single_reply",
    by: KeyLike | None = None,
) -> Rate | dict[Hashable, Rate]:
    """The share of resolved cases settled at the first contact.

    Two definitions are in use; pick one and say which in your reports:

    * ``"single_reply"`` — resolved with exactly one reply to the customer and never reopened;
    * ``"no_further_contact"`` — resolved and never reopened, and after the
      first reply the ticket never had to wait on the customer (no paused
      status, such as ``waiting_on_customer``), however many replies it took.

    The denominator is every resolved ticket plus every reopened one (a
    reopened ticket is a known miss even while it is open again). Open tickets
    never resolved are ``pending``; cancelled ones are left out.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> base = Ticket.open(id="T-1", channel="email", at=t0).classify(category="warranty", at=t0).assign(assignee="lan", at=t0)
        >>> one = base.respond(at=t0).resolve(at=t0)
        >>> two = base.respond(at=t0).respond(at=t0).resolve(at=t0)
        >>> first_contact_resolution([one, two]).score
        50.0
        >>> first_contact_resolution([one, two], definition="no_further_contact").score
        100.0
    """
    return run(lambda: FirstContactResolutionAccumulator(definition=definition), tickets, by)


class ReopenRateAccumulator(_TicketRateAccumulator):
    """The streaming, mergeable form of `reopen_rate`.

    Examples:
        >>> ReopenRateAccumulator().result().score is None
        True
    """

    __slots__ = ()

    def _classify(self, ticket: Ticket) -> int | None:
        if ticket.reopen_count:
            return 0
        return 1 if ticket.resolved_at is not None else None


@overload
def reopen_rate(tickets: Iterable[Ticket], *, by: None = ...) -> Rate: ...
@overload
def reopen_rate(tickets: Iterable[Ticket], *, by: KeyLike) -> dict[Hashable, Rate]: ...
def reopen_rate(
    tickets: Iterable[Ticket], *, by: KeyLike | None = None
) -> Rate | dict[Hashable, Rate]:
    """The share of resolved cases that were reopened at least once.

    The denominator is every ticket resolved at least once (resolved now, or
    reopened since); tickets never resolved are left out.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.tickets import Ticket
        >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> done = (Ticket.open(id="T-1", channel="email", at=t0).classify(category="warranty", at=t0).assign(assignee="lan", at=t0)
        ...         .respond(at=t0).resolve(at=t0))
        >>> reopen_rate([done, done.reopen(at=t0.add(days=1))]).score
        50.0
    """
    return run(ReopenRateAccumulator, tickets, by)
