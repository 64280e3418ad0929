"""How SLA clocks read a history where helpdesks differ: pauses, reopenings, retargets, warnings.

The defaults follow the most common helpdesk behaviour; each has the usual
alternative beside it.

Examples:
    >>> from aftersales_core.sla import ClockRules, OnReopen, SLAWarning
    >>> rules = ClockRules(on_reopen="restart", warnings=[SLAWarning(share="0.8", label="amber")])
    >>> rules.on_reopen is OnReopen.RESTART, rules.warnings[0].label
    (True, 'amber')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import TypeVar

import attrs
import pendulum

from .._internal import validate as _v
from .._internal.instants import micros_of
from ..errors import InvalidTypeError, ValidationError
from ..terms import parse_duration

__all__ = [
    "DEFAULT_RULES",
    "ClockKind",
    "ClockRules",
    "ClockState",
    "OnPriorityChange",
    "OnReopen",
    "SLAWarning",
]

_E = TypeVar("_E", bound=enum.Enum)


class ClockKind(enum.StrEnum):
    """The two clocks of a ticket.

    Examples:
        >>> [k.value for k in ClockKind]
        ['first_response', 'resolution']
    """

    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


class ClockState(enum.StrEnum):
    """What a clock is doing; whether it is late is the separate ``breached`` flag.

    ``MET`` and ``BREACHED`` are stopped clocks (in time, late); ``CANCELLED``
    is a clock stopped because the ticket ended without what it measures — a
    cancellation, or a resolution before any reply, which cancels the
    first-response clock. A cancelled clock still reports ``breached`` if it
    stopped after its due instant.

    Examples:
        >>> ClockState("paused") is ClockState.PAUSED
        True
    """

    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"
    CANCELLED = "cancelled"


class OnReopen(enum.StrEnum):
    """What a reopening does to the resolution clock.

    Examples:
        >>> ClockRules(on_reopen="restart").on_reopen is OnReopen.RESTART
        True
    """

    RESUME = "resume"
    """Carry on from the time already counted (the default: the promise was one resolution)."""
    RESTART = "restart"
    """Start a fresh cycle with the full target (helpdesks that measure each resolution)."""


class OnPriorityChange(enum.StrEnum):
    """What a change of priority (or category) does to a running clock.

    Examples:
        >>> ClockRules().on_priority_change is OnPriorityChange.RETARGET
        True
    """

    RETARGET = "retarget"
    """Measure the new target from the clock's start (the default, as most helpdesks do)."""
    RESTART = "restart"
    """Start a fresh cycle with the new target from the change."""


def _optional_duration(value: object) -> pendulum.Duration | None:
    return None if value is None else parse_duration(value, field="before")  # type: ignore[arg-type]


def _optional_share(value: object) -> Decimal | None:
    if value is None:
        return None
    share = _v.decimal_of(value, "share")  # typed errors for floats, bools, text and NaN
    if not Decimal(0) < share < Decimal(1):
        raise ValidationError(field="share", value=value, rule="must be between 0 and 1, exclusive")
    return share


def _label(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(field="label", value=value, rule="must be text")


@attrs.frozen(kw_only=True)
class SLAWarning:
    """A threshold before a breach: ``before`` the due time, or at a ``share`` of the target.

    Attributes:
        before: Warn when this much business time is left (``"30m"``).
        share: Warn when this share of the target is used (``Decimal("0.8")``).
        label: A name a UI can show (``"amber"``).

    Raises:
        ValidationError: Neither or both of ``before`` and ``share`` are given,
            or ``share`` is not a finite decimal strictly between 0 and 1.
        InvalidTypeError: ``share`` is a float, or ``label`` is not text.

    Examples:
        >>> SLAWarning(before="30m").threshold(4 * 3600 * 10**6) // (60 * 10**6)
        210
        >>> SLAWarning(share="0.8").threshold(100)
        80
    """

    before: pendulum.Duration | None = attrs.field(default=None, converter=_optional_duration)
    share: Decimal | None = attrs.field(default=None, converter=_optional_share)
    label: str = attrs.field(default="", validator=_label)

    def __attrs_post_init__(self) -> None:
        if (self.before is None) == (self.share is None):
            raise ValidationError(
                field="before", value=self.before, rule="give exactly one of before= and share="
            )

    def threshold(self, target: int) -> int:
        """The counted time (microseconds) at which this warning starts, for ``target``."""
        if self.before is not None:
            return max(0, target - micros_of(self.before))
        assert self.share is not None
        return int(self.share * target)


def _statuses(value: str | Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = (value,)  # one status, not a set of its letters
    elif not isinstance(value, Iterable):
        raise InvalidTypeError(
            field="pause_in", value=value, rule="must be a status or a collection of statuses"
        )
    out = tuple(value)
    for i, status in enumerate(out):
        if not isinstance(status, str):
            raise InvalidTypeError(field=f"pause_in[{i}]", value=status, rule="must be a status")
        if not status:
            raise ValidationError(field=f"pause_in[{i}]", value=status, rule="must not be empty")
    return frozenset(out)


def _choice(kind: type[_E], field: str, value: object) -> _E:
    member = _v.as_enum(kind, value)
    _v.check_enum(kind, field, member)  # a ValidationError listing the choices
    return member


def _on_reopen(value: object) -> OnReopen:
    return _choice(OnReopen, "on_reopen", value)


def _on_priority_change(value: object) -> OnPriorityChange:
    return _choice(OnPriorityChange, "on_priority_change", value)


@attrs.frozen(kw_only=True)
class ClockRules:
    """How the clocks read a history where helpdesks differ.

    Attributes:
        pause_in: Statuses in which both clocks pause (one status, or a collection
            of them); ``None`` uses the ticket's workflow (``paused_statuses``:
            waiting on the customer). Waiting on a third party does not pause by
            default: the customer still waits.
        on_reopen: `OnReopen` — resume the resolution clock (default) or restart it.
        on_priority_change: `OnPriorityChange` — retarget (default) or restart.
        warnings: `SLAWarning` thresholds, reported by every clock.

    Raises:
        ValidationError: A value is not one of the choices, a status is empty,
            or a warning is not an `SLAWarning` (`InvalidTypeError` when
            the type is wrong).

    Examples:
        >>> ClockRules(pause_in={"waiting_on_customer", "waiting_on_third_party"}).on_reopen
        <OnReopen.RESUME: 'resume'>
        >>> sorted(ClockRules(pause_in="waiting_on_third_party").pause_in)
        ['waiting_on_third_party']
        >>> ClockRules(on_reopen="sometimes")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: on_reopen: 'sometimes' must be one of: resume, restart
    """

    pause_in: frozenset[str] | None = attrs.field(default=None, converter=_statuses)
    on_reopen: OnReopen = attrs.field(default=OnReopen.RESUME, converter=_on_reopen)
    on_priority_change: OnPriorityChange = attrs.field(
        default=OnPriorityChange.RETARGET, converter=_on_priority_change
    )
    warnings: tuple[SLAWarning, ...] = attrs.field(
        default=(), converter=_v.to_tuple, validator=_v.tuple_of(SLAWarning, what="SLAWarning")
    )


DEFAULT_RULES = ClockRules()
"""The default rules: pause while waiting on the customer, resume on reopening, retarget."""
