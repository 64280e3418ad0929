"""SLA targets: how soon the first response and the resolution are due, by priority.

An `SLAPolicy` is a plain value: targets per
`Priority`, optionally refined per
`Category`, counted on a
`BusinessCalendar` (business hours) or around the
clock. It answers two questions — which target applies (`SLAPolicy.target_for`)
and when it falls due (`SLAPolicy.due`). Following a ticket's clocks through
its history (pauses, reopenings) builds on these answers.

Examples:
    The commitments Vietnamese service desks publish: normal requests within 24–48 h, urgent ones within 4–6 h.

    >>> import pendulum
    >>> from aftersales_core.vocabulary import Priority
    >>> sla = SLAPolicy(targets={
    ...     Priority.URGENT: SLATarget(first_response="4h", resolution="6h"),
    ...     Priority.NORMAL: SLATarget(first_response="24h", resolution="48h")})
    >>> opened = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
    >>> [t.isoformat() for t in sla.due(opened, Priority.URGENT)]
    ['2026-03-02T13:00:00+07:00', '2026-03-02T15:00:00+07:00']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs
import pendulum

from .._internal import text as _text
from .._internal import validate as _v
from ..calendar import BusinessCalendar
from ..errors import InvalidTypeError, ValidationError
from ..facts import Claim
from ..policies.base import Policy, register_policy
from ..policies.decisions import Decision, FrozenMap, Outcome, Reason
from ..terms import as_instant, format_duration, parse_duration
from ..vocabulary import Category, Priority
from . import _charter
from .clock import SLAStatus, evaluate, evaluate_many
from .rules import ClockRules

if TYPE_CHECKING:
    from ..tickets import Ticket

__all__ = ["SLADeadlines", "SLAKey", "SLAPolicy", "SLATarget"]

SLAKey = Priority | tuple[Priority, Category]
"""A key of `SLAPolicy.targets`: a priority, or a (priority, category) pair."""


def _check_positive(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    parse_duration(value, field=attribute.name)
    if value <= timedelta(0):
        raise ValidationError(field=attribute.name, value=value, rule="must be longer than zero")


@attrs.frozen(kw_only=True)
class SLATarget:
    """How soon a request must get its first response, and its resolution.

    Attributes:
        first_response: A duration (``"4h"``, ``"30m"``, a ``timedelta``), above zero.
        resolution: A duration, no shorter than ``first_response``.

    Raises:
        InvalidDurationError: An unreadable or negative duration.
        ValidationError: A zero duration, or a resolution sooner than the first response.

    Examples:
        >>> SLATarget(first_response="24h", resolution="48h").resolution.in_hours()
        48
        >>> SLATarget(first_response="6h", resolution="4h")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: resolution: Duration(hours=4) is sooner than the first response (6h)
    """

    first_response: pendulum.Duration = attrs.field(
        converter=_v.to_duration, validator=_check_positive
    )
    resolution: pendulum.Duration = attrs.field(converter=_v.to_duration, validator=_check_positive)

    def __attrs_post_init__(self) -> None:
        if self.resolution < self.first_response:
            raise ValidationError(
                field="resolution",
                value=self.resolution,
                rule=f"is sooner than the first response ({format_duration(self.first_response)})",
            )


class SLADeadlines(NamedTuple):
    """When the first response and the resolution are due.

    Examples:
        >>> import pendulum
        >>> start = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
        >>> first, resolved = SLADeadlines(start.add(hours=4), start.add(hours=6))
        >>> (resolved - first).in_hours()
        2
    """

    first_response: pendulum.DateTime
    """The first response is due at this instant."""
    resolution: pendulum.DateTime
    """The resolution is due at this instant."""


def _to_key(key: object) -> Any:
    if isinstance(key, tuple) and len(key) == 2:
        return (_v.as_enum(Priority, key[0]), _v.as_enum(Category, key[1]))
    return _v.as_enum(Priority, key)


def _to_targets(value: Mapping[SLAKey, SLATarget]) -> FrozenMap[SLAKey, SLATarget]:
    if isinstance(value, Mapping):
        return FrozenMap((_to_key(k), v) for k, v in value.items())
    return value  # _check_targets refuses it by name


def _check_targets(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, FrozenMap):
        raise InvalidTypeError(field="targets", value=value, rule="must be a mapping")
    for key, target in value.items():
        pair = isinstance(key, tuple) and isinstance(key[0], Priority)
        if not (isinstance(key, Priority) or (pair and isinstance(key[1], Category))):
            raise ValidationError(
                field=f"targets[{key!r}]",
                value=key,
                rule="must be a Priority or a (Priority, Category) pair",
            )
        if not isinstance(target, SLATarget):
            raise InvalidTypeError(
                field=f"targets[{key!r}]", value=target, rule="must be an SLATarget"
            )


@attrs.frozen(kw_only=True)
class SLAPolicy(Policy):
    """First-response and resolution targets per priority (and category), on a calendar.

    Without a calendar, targets run around the clock: due = start + target. With
    one, they count the calendar's business time: due = ``calendar.add(start, target)``.
    A target for a (priority, category) pair wins over the priority's own; the
    ``default`` target covers priorities without one.

    An SLA decides no claim (every claim is not applicable): it states times.

    Attributes:
        name: The policy's name (default ``"sla"``).
        targets: `SLATarget` by `Priority`, or by
            ``(Priority, Category)`` pairs; keys may be given as their text values.
        calendar: The business calendar the targets count on; ``None`` for 24/7.
        default: The target for priorities without their own, if any.

    Raises:
        ValidationError: No target at all, a key that is not a priority or a pair.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.calendar import BusinessCalendar
        >>> from aftersales_core.vocabulary import Category, Priority
        >>> hotline = SLAPolicy(calendar=BusinessCalendar.always_open("Asia/Ho_Chi_Minh"),
        ...                     targets={"urgent": SLATarget(first_response="30m", resolution="4h")})
        >>> late_night = pendulum.datetime(2026, 2, 17, 23, 50, tz="Asia/Ho_Chi_Minh")
        >>> hotline.due(late_night, Priority.URGENT).first_response.isoformat()
        '2026-02-18T00:20:00+07:00'
        >>> hotline.target_for(Priority.LOW) is None
        True
    """

    kind = "sla"

    targets: FrozenMap[SLAKey, SLATarget] = attrs.field(
        factory=FrozenMap, converter=_to_targets, validator=_check_targets
    )
    calendar: BusinessCalendar | None = attrs.field(
        default=None, validator=_v.instance_of(BusinessCalendar, optional=True)
    )
    default: SLATarget | None = attrs.field(
        default=None, validator=_v.instance_of(SLATarget, optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if not self.targets and self.default is None:
            raise ValidationError(
                field="targets", value={}, rule="must hold at least one target (or give a default)"
            )

    def target_for(
        self, priority: Priority | str, category: Category | str | None = None
    ) -> SLATarget | None:
        """The target for a priority and category: the pair's, else the priority's, else the default.

        Args:
            priority: A priority (or its text value).
            category: A category (or its text value), or ``None``.

        Returns:
            The target, or ``None`` when the policy sets none for it.

        Raises:
            ValidationError: An unknown priority or category.

        Examples:
            >>> from aftersales_core.vocabulary import Category, Priority
            >>> sla = SLAPolicy(targets={
            ...     Priority.NORMAL: SLATarget(first_response="24h", resolution="48h"),
            ...     (Priority.NORMAL, Category.INSTALLATION): SLATarget(first_response="4h",
            ...                                                         resolution="24h")})
            >>> sla.target_for("normal", "installation").first_response.in_hours()
            4
            >>> sla.target_for(Priority.NORMAL, Category.BILLING).first_response.in_hours()
            24
        """
        level = _v.as_enum(Priority, priority)
        _v.check_enum(Priority, "priority", level)
        if category is not None:
            kind = _v.as_enum(Category, category)
            _v.check_enum(Category, "category", kind)
            specific = self.targets.get((level, kind))
            if specific is not None:
                return specific
        return self.targets.get(level, self.default)

    def add(self, start: datetime, duration: timedelta | str) -> pendulum.DateTime:
        """``start`` plus ``duration`` on this policy's clock (business time or 24/7).

        Raises:
            ValidationError: The result would fall after the year 9999 (with a calendar,
                outside the years it counts).

        Examples:
            >>> import pendulum
            >>> sla = SLAPolicy(default=SLATarget(first_response="1h", resolution="2h"))
            >>> sla.add(pendulum.datetime(2026, 1, 1, 23, tz="UTC"), "2h").isoformat()
            '2026-01-02T01:00:00+00:00'
        """
        begin = as_instant(start, field="start")
        if self.calendar is not None:
            return self.calendar.add(begin, duration)
        # Exact elapsed time: pendulum adds the days of a Duration on the wall clock.
        span = parse_duration(duration)
        exact = timedelta(days=span.days, seconds=span.seconds, microseconds=span.microseconds)
        try:
            return (_v.utc(begin) + exact).in_timezone(begin.tz or "UTC")
        except (OverflowError, ValueError):  # the datetime range ends with the year 9999
            raise ValidationError(
                field="duration",
                value=duration,
                rule=f"from {begin.isoformat()} ends after the year 9999",
            ) from None

    def elapsed(self, start: datetime, end: datetime) -> pendulum.Duration:
        """The time counted between two instants on this policy's clock.

        Raises:
            ValidationError: ``end`` is before ``start``.

        Examples:
            >>> import pendulum
            >>> t = pendulum.datetime(2026, 1, 1, tz="UTC")
            >>> SLAPolicy(default=SLATarget(first_response="1h", resolution="2h")).elapsed(
            ...     t, t.add(minutes=90)).in_minutes()
            90
        """
        begin, finish = as_instant(start, field="start"), as_instant(end, field="end")
        if self.calendar is not None:
            return self.calendar.elapsed(begin, finish)
        begin, finish = _v.utc(begin), _v.utc(finish)
        if finish < begin:
            raise ValidationError(
                field="end", value=end, rule=f"is before start {begin.isoformat()}"
            )
        span = finish - begin
        return pendulum.duration(
            days=span.days, seconds=span.seconds, microseconds=span.microseconds
        )

    def due(
        self, start: datetime, priority: Priority | str, category: Category | str | None = None
    ) -> SLADeadlines | None:
        """When the first response and the resolution are due for a request opened at ``start``.

        Returns:
            The two deadlines, or ``None`` when no target applies.

        Raises:
            NaiveDatetimeError: ``start`` has no time zone.
            ValidationError: A deadline would fall after the year 9999.
        """
        target = self.target_for(priority, category)
        if target is None:
            return None
        return SLADeadlines(
            first_response=self.add(start, target.first_response),
            resolution=self.add(start, target.resolution),
        )

    def evaluate(
        self, ticket: Ticket, *, at: datetime, rules: ClockRules | None = None
    ) -> SLAStatus:
        """Both SLA clocks of ``ticket`` at ``at``: due instants, elapsed, remaining, paused, breach.

        See `aftersales_core.sla.clock.evaluate` for the rules.

        Examples:
            >>> import pendulum
            >>> from aftersales_core.tickets import Ticket
            >>> hotline = SLAPolicy(default=SLATarget(first_response="30m", resolution="4h"))
            >>> t0 = pendulum.datetime(2026, 2, 17, 23, 50, tz="Asia/Ho_Chi_Minh")
            >>> status = hotline.evaluate(Ticket.open(id="H-1", channel="hotline", at=t0),
            ...                           at=t0.add(minutes=35))
            >>> status.first_response.breached, status.first_response.late_by.in_minutes()
            (True, 5)
        """
        return evaluate(self, ticket, at=at, rules=rules)

    def evaluate_many(
        self, tickets: Iterable[Ticket], *, at: datetime, rules: ClockRules | None = None
    ) -> Iterator[SLAStatus]:
        """Evaluate a stream of tickets lazily, in constant memory; see `evaluate`.

        Examples:
            >>> import pendulum
            >>> from aftersales_core.tickets import Ticket
            >>> hotline = SLAPolicy(default=SLATarget(first_response="30m", resolution="4h"))
            >>> t0 = pendulum.datetime(2026, 2, 17, 9, tz="UTC")
            >>> stream = (Ticket.open(id=f"H-{i}", channel="hotline", at=t0) for i in range(3))
            >>> [str(s.first_response.state) for s in hotline.evaluate_many(stream, at=t0)]
            ['running', 'running', 'running']
        """
        return evaluate_many(self, tickets, at=at, rules=rules)

    def evaluate_table(self, events: Any, *, at: datetime, **options: Any) -> Any:
        """Both clocks of every ticket in a table of events, as a pyarrow Table, one row per ticket.

        ``events``: a pyarrow Table, pandas or polars DataFrame (schema and options:
        the "SLA clocks on a table of events" reference page). Needs the ``columnar`` extra.
        """
        from ._table import evaluate_table

        return evaluate_table(self, events, at=at, **options)

    def assess(self, claim: Claim) -> Decision:
        """An SLA decides no claim; kept for completeness (``decide`` never calls it)."""
        reason = Reason.of("sla.times_only", "an SLA sets response times; it decides no claim")
        return self.decision(Outcome.NOT_APPLICABLE, "kind", [reason])

    def describe(self, lang: str = "vi") -> str:
        """The targets as a charter section, most urgent first.

        Examples:
            >>> from aftersales_core.vocabulary import Priority
            >>> sla = SLAPolicy(targets={
            ...     Priority.URGENT: SLATarget(first_response="4h", resolution="6h"),
            ...     Priority.NORMAL: SLATarget(first_response="24h", resolution="48h")})
            >>> print(sla.describe("vi"))
            ### Thời gian phản hồi
            <BLANKLINE>
            - Khẩn cấp: phản hồi trong 4 giờ, xử lý xong trong 6 giờ.
            - Thông thường: phản hồi trong 24 giờ, xử lý xong trong 48 giờ.
            - Tính liên tục 24/7.
            <BLANKLINE>
            >>> print(sla.describe("en").splitlines()[2])
            - Urgent: first response within 4 hours, resolution within 6 hours.
        """
        lang = _text.check_lang(lang)
        vi = lang == "vi"
        lines = [
            _charter.target_line(
                _charter.key_label(key, lang), target.first_response, target.resolution, lang
            )
            for key, target in sorted(
                self.targets.items(), key=lambda item: _charter.key_order(item[0])
            )
        ]
        if self.default is not None:
            other = "Các yêu cầu khác" if vi else "Other requests"
            lines.append(
                _charter.target_line(
                    other, self.default.first_response, self.default.resolution, lang
                )
            )
        lines.append(_charter.clock_line(self.calendar, lang))
        title = "Thời gian phản hồi" if vi else "Response times"
        return _text.section(title if self.name == self.kind else f"{title}: {self.name}", lines)


register_policy(SLAPolicy)
