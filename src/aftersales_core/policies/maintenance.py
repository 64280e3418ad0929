"""Periodic maintenance: every N months and/or every N units of use, with reminders.

Due dates are counted from the purchase (or the delivery) with calendar months
(31 January + 1 month is the end of February), each from the start, so they do not
drift; once a service is recorded, the next one counts from it. A due date that
falls on a day the business is closed moves to the next open day of its
`BusinessCalendar`. With a usage interval (every
5,000 km, every 250 operating hours), maintenance is also due after that much use —
whichever comes first.

Examples:
    >>> import pendulum
    >>> from aftersales_core import Money
    >>> from aftersales_core.facts import Purchase
    >>> scooter = Purchase(id="O-5", customer_id="C-1", sku="SCOOTER", product_category="vehicle",
    ...                    price=Money(32_000_000, "VND"),
    ...                    purchased_at=pendulum.datetime(2026, 1, 31, 10, tz="Asia/Ho_Chi_Minh"))
    >>> plan = MaintenanceSchedule(every_months=1, every_usage=1000)
    >>> [d.date().isoformat() for d in plan.due_dates(scooter, until=scooter.purchased_at.add(months=3))]
    ['2026-02-28', '2026-03-31', '2026-04-30']
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

import attrs
import pendulum

from .._internal import text as _text
from .._internal import validate as _v
from .._internal.exact import own_context
from .._internal.instants import real_time, reduce_keeping_fold
from ..calendar import BusinessCalendar
from ..errors import ValidationError
from ..facts import Claim, Purchase
from ..terms import as_instant
from ..vocabulary import ClaimKind
from . import _days
from . import _fields as _f
from .base import Anchor, Policy, _check_anchor, _to_anchor, register_policy
from .decisions import Decision, Outcome, Reason

__all__ = ["MaintenanceDue", "MaintenanceSchedule", "MaintenanceState"]


class MaintenanceState(enum.StrEnum):
    """Where a product stands with its maintenance.

    Examples:
        >>> MaintenanceState("remind")
        <MaintenanceState.REMIND: 'remind'>
    """

    SCHEDULED = "scheduled"
    """The next maintenance is ahead, beyond the reminder lead."""
    REMIND = "remind"
    """The next maintenance is within the reminder lead: time to remind the customer."""
    OVERDUE = "overdue"
    """The due date or the usage mark has been reached without a service."""


@attrs.frozen(kw_only=True)
class MaintenanceDue:
    """The next maintenance: when, at what usage, and the state at the time asked.

    Attributes:
        state: Scheduled, remind or overdue.
        due_at: The next due date (after any closed-day shift), if the schedule has one.
        remind_at: When to remind the customer (``due_at`` minus the lead), if dated.
        due_usage: The usage mark of the next maintenance, if the schedule has one.

    Examples:
        >>> MaintenanceDue(state=MaintenanceState.SCHEDULED, due_usage=Decimal(5000)).due_usage
        Decimal('5000')
    """

    __reduce__ = reduce_keeping_fold

    state: MaintenanceState
    due_at: pendulum.DateTime | None = attrs.field(default=None, eq=real_time)
    remind_at: pendulum.DateTime | None = attrs.field(default=None, eq=real_time)
    due_usage: Decimal | None = None


def _check_interval(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and _v.decimal_of(value, attribute.name) <= 0:
        raise ValidationError(field=attribute.name, value=value, rule="must be above zero")


@attrs.frozen(kw_only=True)
class MaintenanceSchedule(Policy):
    """A periodic maintenance plan: every N months and/or every N units of use.

    Decides ``maintenance`` claims: approved when the maintenance is due (within the
    reminder lead, or overdue), denied with the next due date otherwise.

    Hooks to override in a subclass: `schedule_start`, `last_service_at`
    and `last_service_usage`. The instants they return must be aware (a stdlib
    ``datetime`` will do); an error names the hook.

    Attributes:
        name: The policy's name (default ``"maintenance"``).
        every_months: Months between services, from 1 to 12 000; ``None`` for usage only.
        every_usage: Units of use between services (km, hours), above zero; ``None``
            for time only.
        unit: The unit of use, for people (``"km"``, ``"h"``).
        start: Count from the purchase (default) or the delivery.
        remind_days: Remind the customer this many days before a due date (0 to 366 000).
        calendar: Move due dates that fall on closed days to the next open day.

    Raises:
        ValidationError: Neither interval, an interval out of range, reminder days out
            of range.

    Examples:
        >>> MaintenanceSchedule(every_months=6, every_usage=5000, remind_days=7).unit
        'km'
        >>> MaintenanceSchedule()
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: every_months: None or every_usage must be given
    """

    kind = "maintenance"
    handles = frozenset({ClaimKind.MAINTENANCE})
    hooks: ClassVar[tuple[str, ...]] = (
        *Policy.hooks,
        "schedule_start",
        "last_service_at",
        "last_service_usage",
    )

    every_months: int | None = attrs.field(default=None, validator=_f.check_optional_months)
    every_usage: Decimal | None = attrs.field(
        default=None, converter=_v.to_optional_decimal, validator=_check_interval
    )
    unit: str = attrs.field(default="km", validator=_v.check_text)
    start: Anchor = attrs.field(
        default=Anchor.PURCHASE, converter=_to_anchor, validator=_check_anchor
    )
    remind_days: int = attrs.field(default=0, validator=_f.check_days)
    calendar: BusinessCalendar | None = attrs.field(
        default=None, validator=_v.instance_of(BusinessCalendar, optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.every_months is None and self.every_usage is None:
            raise ValidationError(
                field="every_months", value=None, rule="or every_usage must be given"
            )

    # --- hooks --------------------------------------------------------------------------

    def schedule_start(self, purchase: Purchase) -> pendulum.DateTime:
        """Hook: where the schedule counts from; the purchase or delivery (`start`)."""
        return self.start.of(purchase)

    def last_service_at(self, claim: Claim) -> pendulum.DateTime | None:
        """Hook: when the product was last serviced, if known; by default unknown (``None``)."""
        return None

    def last_service_usage(self, claim: Claim) -> Decimal | None:
        """Hook: the usage at the last service, if known; by default unknown (``None``)."""
        return None

    # --- queries ------------------------------------------------------------------------

    def shift(self, due: datetime) -> pendulum.DateTime:
        """A due instant moved to the next open day if its day is closed on `calendar`.

        Examples:
            >>> import pendulum
            >>> from aftersales_core.calendar import BusinessCalendar
            >>> shop = BusinessCalendar(timezone="Asia/Ho_Chi_Minh",
            ...                         weekly={"mon": ["08:00-17:00"], "tue": ["08:00-17:00"]})
            >>> plan = MaintenanceSchedule(every_months=6, calendar=shop)
            >>> sunday = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
            >>> plan.shift(sunday).isoformat()
            '2026-03-02T08:00:00+07:00'
        """
        instant = as_instant(due, field="due")
        if self.calendar is None:
            return instant
        day = instant.in_timezone(self.calendar.timezone).date()
        if _days.is_open_day(self.calendar, day):
            return instant
        return _days.next_open_day(self.calendar, day)

    def _nth(self, origin: pendulum.DateTime, n: int) -> pendulum.DateTime | None:
        """The ``n``-th due date from ``origin``, shifted; ``None`` past the year 9999."""
        assert self.every_months is not None
        due = _days.shift(origin, months=n * self.every_months)
        return None if due is None else self.shift(due)

    def _start(self, purchase: Purchase) -> pendulum.DateTime:
        return _f.hook_instant(self, "schedule_start", self.schedule_start(purchase))

    def due_dates(self, purchase: Purchase, until: datetime) -> tuple[pendulum.DateTime, ...]:
        """Every dated maintenance from the start up to ``until`` (included), shifted.

        Returns:
            The due instants in order (none after the year 9999); empty for a
            usage-only schedule.

        Raises:
            NaiveDatetimeError: ``until`` has no time zone.
        """
        end = as_instant(until, field="until")
        if self.every_months is None:
            return ()
        origin, out, n = self._start(purchase), [], 1
        while (due := self._nth(origin, n)) is not None and _v.utc(due) <= _v.utc(end):
            out.append(due)
            n += 1
        return tuple(out)

    @own_context
    def next_due(
        self,
        purchase: Purchase,
        at: datetime,
        *,
        usage: Decimal | int | None = None,
        last_service: datetime | None = None,
        last_service_usage: Decimal | int | None = None,
    ) -> MaintenanceDue:
        """The next maintenance, one interval after the last service, and the state at ``at``.

        Without a service history the first interval counts from the start (purchase
        or delivery); after a service, the next interval counts from that service —
        "every 6 months or 5,000 km since the last service".

        Args:
            purchase: The product's purchase.
            at: "Now".
            usage: The usage measured at ``at``, if known.
            last_service: When it was last serviced; ``None`` counts from the start.
            last_service_usage: The usage at the last service; ``None`` counts from zero.

        Raises:
            ValidationError: The next due date would fall after the year 9999, or its
                reminder before the year 1.

        Examples:
            >>> import pendulum
            >>> from aftersales_core import Money
            >>> from aftersales_core.facts import Purchase
            >>> t = pendulum.datetime(2026, 1, 10, 9, tz="Asia/Ho_Chi_Minh")
            >>> p = Purchase(id="O", customer_id="C", sku="S", product_category="vehicle",
            ...              price=Money(1, "VND"), purchased_at=t)
            >>> plan = MaintenanceSchedule(every_months=6, every_usage=5000, remind_days=7)
            >>> plan.next_due(p, t.add(months=6, days=-3)).state
            <MaintenanceState.REMIND: 'remind'>
            >>> plan.next_due(p, t.add(months=1), usage=5200).state
            <MaintenanceState.OVERDUE: 'overdue'>
        """
        now = _v.utc(as_instant(at))
        due_at: pendulum.DateTime | None = None
        remind_at: pendulum.DateTime | None = None
        due_usage: Decimal | None = None
        if self.every_months is not None:
            since = (
                self._start(purchase)
                if last_service is None
                else as_instant(last_service, field="last_service")
            )
            due_at = self._nth(since, 1)
            if due_at is None:
                raise ValidationError(
                    field="every_months",
                    value=self.every_months,
                    rule=f"puts the next maintenance after the year 9999 (from {since.isoformat()})",
                )
            remind_at = _days.shift(due_at, days=-self.remind_days)
            if remind_at is None:
                raise ValidationError(
                    field="remind_days",
                    value=self.remind_days,
                    rule=f"puts the reminder before the year 1 (due at {due_at.isoformat()})",
                )
        if self.every_usage is not None:
            done = (
                Decimal(0)
                if last_service_usage is None
                else _v.decimal_of(last_service_usage, "last_service_usage")
            )
            due_usage = done + self.every_usage
        used = None if usage is None else _v.decimal_of(usage, "usage")
        if (due_at is not None and now >= _v.utc(due_at)) or (
            due_usage is not None and used is not None and used >= due_usage
        ):
            state = MaintenanceState.OVERDUE
        elif remind_at is not None and now >= _v.utc(remind_at):
            state = MaintenanceState.REMIND
        else:
            state = MaintenanceState.SCHEDULED
        return MaintenanceDue(state=state, due_at=due_at, remind_at=remind_at, due_usage=due_usage)

    # --- decision -----------------------------------------------------------------------

    def assess(self, claim: Claim) -> Decision:
        """Approve a maintenance claim when it is due, or say when it will be."""
        serviced = self.last_service_at(claim)
        nxt = self.next_due(
            claim.purchase,
            claim.opened_at,
            usage=claim.usage,
            last_service=(
                None if serviced is None else _f.hook_instant(self, "last_service_at", serviced)
            ),
            last_service_usage=self.last_service_usage(claim),
        )
        marks = []
        if nxt.due_at is not None:
            marks.append(nxt.due_at.isoformat())
        if nxt.due_usage is not None:
            marks.append(f"{_text.number(nxt.due_usage, 'en')} {self.unit}")
        params = {"due_at": nxt.due_at, "due_usage": nxt.due_usage, "state": nxt.state.value}
        if nxt.state is MaintenanceState.SCHEDULED:
            reason = Reason(
                code="maintenance.not_due",
                message=f"the next maintenance is due at {' or '.join(marks)}",
                params=params,
            )
            return self.decision(Outcome.DENIED, "schedule", [reason])
        reason = Reason(
            code=f"maintenance.{nxt.state.value}",
            message=f"maintenance is {'overdue' if nxt.state is MaintenanceState.OVERDUE else 'due'}: "
            f"due at {' or '.join(marks)}",
            params=params,
        )
        return self.decision(Outcome.APPROVED, "schedule", [reason])

    def describe(self, lang: str = "vi") -> str:
        """The schedule as a charter section.

        Examples:
            >>> print(MaintenanceSchedule(every_months=6, every_usage=5000, remind_days=7)
            ...       .describe("vi"))
            ### Bảo dưỡng định kỳ
            <BLANKLINE>
            - Bảo dưỡng mỗi 6 tháng hoặc mỗi 5000 km, tùy điều kiện nào đến trước.
            - Nhắc lịch trước 7 ngày.
            <BLANKLINE>
        """
        lang = _text.check_lang(lang)
        vi = lang == "vi"
        parts = []
        if self.every_months is not None:
            months = _text.term(_v.to_term(f"{self.every_months}mo"), lang)
            parts.append(f"mỗi {months}" if vi else f"every {months}")
        if self.every_usage is not None:
            amount = f"{_text.number(self.every_usage, lang)} {self.unit}"
            parts.append(f"mỗi {amount}" if vi else f"every {amount}")
        if vi:
            first = "Bảo dưỡng " + " hoặc ".join(parts)
            lines = [first + (", tùy điều kiện nào đến trước." if len(parts) > 1 else ".")]
        else:
            first = "Maintenance " + " or ".join(parts)
            lines = [first + (", whichever comes first." if len(parts) > 1 else ".")]
        if self.remind_days:
            days = _text.days(self.remind_days, lang)
            lines.append(f"Nhắc lịch trước {days}." if vi else f"A reminder {days} ahead.")
        if self.calendar is not None:
            lines.append(
                "Lịch rơi vào ngày nghỉ được dời sang ngày làm việc kế tiếp."
                if vi
                else "A date on a closed day moves to the next open day."
            )
        title = "Bảo dưỡng định kỳ" if vi else "Periodic maintenance"
        return _text.section(title if self.name == self.kind else f"{title}: {self.name}", lines)


register_policy(MaintenanceSchedule)
