"""SLA compliance: the share of first responses and resolutions delivered within the commitment.

Each ticket's two clocks are read at ``at`` by the SLA clocks of
`aftersales_core.sla.clock` (business time on the policy's
calendar, paused while waiting on the customer, retargeted on a priority
change) and sorted into:

* **met** — stopped in time, never breached;
* **breached** — stopped late, *or still running and already past due* (the
  outcome is known: it will be late), *or* breached in an earlier cycle
  (before a reopening or a priority change);
* **pending** — still running (or paused) and not yet due: the outcome is not
  known, so the ticket is **left out** of the share rather than counted as met;
* **cancelled** — the ticket ended without what the clock measures, *before* the clock
  was due: left out. A ticket cancelled after its clock was already past due (or breached in
  an earlier cycle) counts as **breached**: cancelling a late ticket does not erase its breach.

The share met is ``met / (met + breached)``. Tickets opened after ``at`` are
ignored.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, Self, overload

import attrs
import pendulum

from .._internal.instants import real_time, reduce_keeping_fold, unix_micros
from ..errors import InvalidTypeError
from ..terms import as_instant
from ..tickets import Ticket
from ._accumulator import KeyLike, check_compatible, check_items, check_ticket
from ._stats import Interval, check_confidence, wilson
from .segments import run

if TYPE_CHECKING:
    from ..sla.policy import SLAPolicy
    from ..sla.select import SLASelector

__all__ = [
    "ClockCompliance",
    "ClockReading",
    "SLACompliance",
    "SLAComplianceAccumulator",
    "SLAEvaluator",
    "sla_compliance",
]

_MET, _BREACHED, _PENDING, _CANCELLED = range(4)


class ClockReading(Protocol):
    """What compliance reads of one SLA clock (a ``ClockReading``).

    Examples:
        >>> from types import SimpleNamespace
        >>> late = SimpleNamespace(state="running", ever_breached=True)
        >>> _outcome(late) == _BREACHED
        True
    """

    @property
    def state(self) -> str:
        """``"running"``, ``"paused"``, ``"met"``, ``"breached"`` or ``"cancelled"``."""

    @property
    def ever_breached(self) -> bool:
        """Past due now, or in an earlier cycle."""


class _Reading(Protocol):
    @property
    def first_response(self) -> ClockReading: ...

    @property
    def resolution(self) -> ClockReading: ...


class SLAEvaluator(Protocol):
    """Anything else that reads both SLA clocks of a ticket at an instant.

    `SLAPolicy` and
    `SLASelector` are evaluated with
    `aftersales_core.sla.clock.evaluate_many`; any other object must
    offer this method.

    Examples:
        >>> from types import SimpleNamespace
        >>> class AlwaysMet:
        ...     def evaluate(self, ticket, *, at):
        ...         met = SimpleNamespace(state="met", ever_breached=False)
        ...         return SimpleNamespace(first_response=met, resolution=met)
        >>> from aftersales_core.tickets import Ticket
        >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> sla_compliance([Ticket.open(id="T-1", channel="web", at=t0)], AlwaysMet(), at=t0).score
        100.0
    """

    def evaluate(self, ticket: Ticket, *, at: datetime) -> _Reading:
        """The SLA status of ``ticket`` at ``at``."""


@attrs.frozen(kw_only=True)
class ClockCompliance:
    """The outcome counts of one clock over many tickets.

    Attributes:
        met: Stopped in time.
        breached: Late, or certain to be late (already past due), including a clock that
            was past due when its ticket was cancelled.
        pending: Running and not yet due: left out of ``n`` and ``score``.
        cancelled: Ended without what the clock measures, never breached: left out
            (a clock that breached before the cancellation is counted in ``breached``).
        n: ``met + breached``.
        score: % met of ``n``; ``None`` when ``n == 0``.
        interval: Wilson interval of ``score``.

    Examples:
        >>> c = ClockCompliance.of([3, 1, 5, 0], confidence=0.95)
        >>> c.n, c.score, c.pending
        (4, 75.0, 5)
    """

    met: int
    breached: int
    pending: int
    cancelled: int
    n: int
    score: float | None
    interval: Interval | None

    @classmethod
    def of(cls, counts: list[int], *, confidence: float) -> ClockCompliance:
        """Build from ``[met, breached, pending, cancelled]``."""
        met, breached, pending, cancelled = counts
        n = met + breached
        return cls(
            met=met,
            breached=breached,
            pending=pending,
            cancelled=cancelled,
            n=n,
            score=100 * met / n if n else None,
            interval=wilson(met, n, confidence) if n else None,
        )


@attrs.frozen(kw_only=True)
class SLACompliance:
    """SLA compliance of many tickets at ``at``, clock by clock.

    Attributes:
        at: The instant of evaluation.
        n: Tickets evaluated (opened by ``at``).
        first_response: Compliance of the first-response clock.
        resolution: Compliance of the resolution clock.

    Examples:
        >>> r = SLACompliance(at=pendulum.datetime(2026, 3, 2, tz="UTC"), n=0,
        ...                   first_response=ClockCompliance.of([0] * 4, confidence=0.95),
        ...                   resolution=ClockCompliance.of([0] * 4, confidence=0.95))
        >>> r.score is None
        True
    """

    __reduce__ = reduce_keeping_fold

    at: pendulum.DateTime = attrs.field(eq=real_time)
    n: int
    first_response: ClockCompliance
    resolution: ClockCompliance

    @property
    def score(self) -> float | None:
        """Headline: % of cases resolved within the commitment (the resolution clock)."""
        return self.resolution.score


def _outcome(clock: ClockReading) -> int:
    # A breach is checked first: cancelling a ticket that was already late must not erase it.
    if clock.ever_breached:
        return _BREACHED
    state = str(clock.state)
    if state == "cancelled":
        return _CANCELLED
    return _MET if state == "met" else _PENDING


class SLAComplianceAccumulator:
    """The streaming, mergeable form of `sla_compliance`.

    Args:
        sla: The SLA policy (anything with ``evaluate(ticket, at=)``).
        at: The instant of evaluation.
        confidence: Level of the Wilson intervals.

    Examples:
        >>> from aftersales_core.sla import SLAPolicy, SLATarget
        >>> from aftersales_core.tickets import Ticket
        >>> sla = SLAPolicy(default=SLATarget(first_response="1h", resolution="8h"))
        >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> monday = SLAComplianceAccumulator(sla=sla, at=t0.add(days=2))
        >>> monday.add(Ticket.open(id="T-1", channel="web", at=t0).respond(at=t0.add(hours=2)))
        >>> tuesday = SLAComplianceAccumulator(sla=sla, at=t0.add(days=2))
        >>> tuesday = tuesday.update([Ticket.open(id="T-2", channel="web", at=t0.add(days=1))])
        >>> both = monday.merge(tuesday).result()
        >>> both.n, both.first_response.breached, both.resolution.breached
        (2, 2, 2)
    """

    __slots__ = ("_at", "_confidence", "_counts", "_sla")

    def __init__(
        self, *, sla: SLAPolicy | SLASelector | SLAEvaluator, at: datetime, confidence: float = 0.95
    ) -> None:
        if not callable(getattr(sla, "evaluate", None)):
            raise InvalidTypeError(
                field="sla",
                value=sla,
                rule="must be an SLAPolicy, an SLASelector or an object with evaluate(ticket, at=)",
            )
        self._sla = sla
        self._at = as_instant(at)
        self._confidence = check_confidence(confidence)
        self._counts = [0] * 9  # tickets, then met/breached/pending/cancelled per clock

    def add(self, ticket: Ticket, /) -> None:
        """Fold one ticket in."""
        self.update((ticket,))

    def update(self, tickets: Iterable[Ticket], /) -> Self:
        """Fold every ticket in and return ``self``; atomic on error."""
        check_items(tickets, "tickets")
        counts = [0] * 9
        for status in self._statuses(tickets):
            counts[0] += 1
            counts[1 + _outcome(status.first_response)] += 1
            counts[5 + _outcome(status.resolution)] += 1
        self._counts = [a + b for a, b in zip(self._counts, counts, strict=True)]
        return self

    def merge(self, other: Self, /) -> Self:
        """A new accumulator holding the tickets of both."""
        check_compatible(self, other, SLAComplianceAccumulator._settings)
        merged = type(self)(sla=self._sla, at=self._at, confidence=self._confidence)
        merged._counts = [a + b for a, b in zip(self._counts, other._counts, strict=True)]
        return merged

    def result(self) -> SLACompliance:
        """Compliance of the tickets seen so far."""
        counts = self._counts
        return SLACompliance(
            at=self._at,
            n=counts[0],
            first_response=ClockCompliance.of(counts[1:5], confidence=self._confidence),
            resolution=ClockCompliance.of(counts[5:9], confidence=self._confidence),
        )

    def _settings(self) -> tuple[object, ...]:
        return (self._sla, self._at, self._confidence)

    def _statuses(self, tickets: Iterable[Ticket]) -> Iterator[_Reading]:
        at = self._at
        now = unix_micros(at)
        opened = (t for t in map(check_ticket, tickets) if unix_micros(t.opened_at) <= now)
        from ..sla.clock import evaluate_many
        from ..sla.policy import SLAPolicy
        from ..sla.select import SLASelector

        if isinstance(self._sla, SLAPolicy | SLASelector):
            # The clock module's batch evaluation reuses the calendar and targets per policy.
            yield from evaluate_many(self._sla, opened, at=at)
        else:
            evaluate = self._sla.evaluate
            for ticket in opened:
                yield evaluate(ticket, at=at)

    def __repr__(self) -> str:
        return f"SLAComplianceAccumulator(at={self._at.isoformat()}, n={self._counts[0]})"


@overload
def sla_compliance(
    tickets: Iterable[Ticket],
    sla: SLAPolicy | SLASelector | SLAEvaluator,
    *,
    at: datetime,
    by: None = ...,
) -> SLACompliance: ...
@overload
def sla_compliance(
    tickets: Iterable[Ticket],
    sla: SLAPolicy | SLASelector | SLAEvaluator,
    *,
    at: datetime,
    by: KeyLike,
) -> dict[Hashable, SLACompliance]: ...
def sla_compliance(
    tickets: Iterable[Ticket],
    sla: SLAPolicy | SLASelector | SLAEvaluator,
    *,
    at: datetime,
    by: KeyLike | None = None,
) -> SLACompliance | dict[Hashable, SLACompliance]:
    """Share of first responses and of resolutions delivered within the SLA, at ``at``.

    Args:
        tickets: `Ticket` values (any iterable; streamed).
        sla: The `SLAPolicy`.
        at: "Now": clocks are read as of this instant.
        by: Segment key: ``"priority"``, ``"channel"``, ``"category"``, or a function.

    Returns:
        An `SLACompliance`, or a dict of them when ``by`` is given.

    Examples:
        >>> from aftersales_core.calendar import BusinessCalendar
        >>> from aftersales_core.sla import SLAPolicy, SLATarget
        >>> from aftersales_core.tickets import Ticket
        >>> sla = SLAPolicy(calendar=BusinessCalendar.always_open("Asia/Ho_Chi_Minh"),
        ...                 targets={"urgent": SLATarget(first_response="4h", resolution="6h")})
        >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
        >>> fast = Ticket.open(id="T-1", channel="hotline", priority="urgent", at=t0)
        >>> fast = fast.respond(at=t0.add(minutes=30))
        >>> silent = Ticket.open(id="T-2", channel="email", priority="urgent", at=t0)
        >>> r = sla_compliance([fast, silent], sla, at=t0.add(hours=5))
        >>> r.first_response.met, r.first_response.breached, r.first_response.score
        (1, 1, 50.0)
        >>> r.resolution.pending, r.score  # both resolutions are still running, not yet due
        (2, None)
    """
    return run(lambda: SLAComplianceAccumulator(sla=sla, at=at), tickets, by)
