"""Care journeys: the planned contacts after a sale, declared step by step.

A `CareJourney` is a list of `JourneyStep` values. Each step says what triggers
it (a purchase, a delivery, a resolved ticket, an occasion, a maintenance date, a month),
how long after (or before) to contact the customer, on which channel, with which message
template, under which condition (a segment, a tier), and whether to wait for the
journey's `BusinessCalendar` to be open.

`CareJourney.plan` turns a customer's facts into `PlannedContact` values for a
window. It is pure planning: nothing is sent. The rules:

* a step's **due** instant is its trigger's instant plus its ``offset``;
* a step that waits for sending hours goes out at the due instant if the calendar is open
  then; else at its next opening, or, for a step planned *before* its trigger (a greeting
  three days before Tết), at the start of the last opening before the due instant, so that
  it never comes after the occasion (its reason says it was moved back); a contact held
  more than the journey's ``max_delay`` from its due instant is dropped;
* a contact is planned when its sending instant lies in ``[start, end)``, so the plans of
  consecutive windows add up to the plan of their union;
* conditions are read at the due instant: the segment from the purchases up to then, the
  tier from a `LoyaltyLedger` if one is given, else the
  customer's ``tier``.

Examples:
    >>> import pendulum
    >>> from aftersales_core import Money
    >>> from aftersales_core.facts import Customer, Purchase
    >>> from aftersales_core.care import CareJourney, JourneyStep
    >>> thanks = CareJourney(name="after the order", steps=[
    ...     JourneyStep(key="thank_you", trigger="purchase", channel="zalo_oa",
    ...                 template="care.thank_you")])
    >>> at = pendulum.datetime(2026, 3, 2, 20, 15, tz="Asia/Ho_Chi_Minh")
    >>> order = Purchase(id="O-1", customer_id="C-1", sku="X", product_category="x",
    ...                  price=Money(990_000, "VND"), purchased_at=at)
    >>> [(c.template, c.at.isoformat()) for c in thanks.plan(
    ...     Customer(id="C-1", name="An"), [order], [], (at, at.add(days=1)))]
    [('care.thank_you', '2026-03-02T20:15:00+07:00')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any, cast

import attrs
import pendulum

from .._internal import validate as _v
from .._internal.instants import micros_of, real_time, reduce_keeping_fold, unix_micros
from ..calendar import BusinessCalendar
from ..errors import InvalidTypeError, ValidationError
from ..facts import Customer, Purchase
from ..policies.decisions import Reason
from ..terms import Term, parse_duration
from ..vocabulary import Channel
from . import _triggers
from ._triggers import Due
from .ledger import LoyaltyLedger
from .occasions import Occasions, _window_of
from .segments import SegmentRules, segment
from .steps import JourneyStep, Offer, ResolvedCase, Trigger

__all__ = ["CareJourney", "PlannedContact"]


def _to_channel(value: Channel | str) -> Channel:
    return _v.as_enum(Channel, value)


@attrs.frozen(kw_only=True)
class PlannedContact:
    """A contact a journey plans: when, on which channel, with which template, and why.

    Attributes:
        customer_id: Who is contacted.
        at: When to send (inside the journey's sending hours when the step waits for them).
        channel: Where.
        template: The message template key.
        reason: Why, as a structured `Reason`.
        journey: The journey's name.
        step: The step's key.
        reference: What triggered it (a purchase or ticket id, an occasion and its day).
        due_at: When the step fell due, before waiting for sending hours.
        offer: What comes with it.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.policies import Reason
        >>> at = pendulum.datetime(2026, 3, 2, 8, tz="Asia/Ho_Chi_Minh")
        >>> c = PlannedContact(customer_id="C-1", at=at, channel="email", template="care.survey",
        ...                    reason=Reason(code="care.delivery", message="3d after delivery"),
        ...                    journey="j", step="survey", reference="O-1", due_at=at)
        >>> c.channel
        <Channel.EMAIL: 'email'>
    """

    __reduce__ = reduce_keeping_fold

    customer_id: str = attrs.field(validator=_v.check_text)
    at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )
    channel: Channel = attrs.field(converter=_to_channel)
    template: str = attrs.field(validator=_v.check_text)
    reason: Reason = attrs.field(validator=_v.instance_of(Reason))
    journey: str = attrs.field(validator=_v.check_text)
    step: str = attrs.field(validator=_v.check_text)
    reference: str = attrs.field(validator=_v.check_text)
    due_at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )
    offer: Offer | None = attrs.field(default=None, validator=_v.instance_of(Offer, optional=True))

    @channel.validator
    def _check_channel(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _v.check_enum(Channel, attribute.name, value)


def _to_max_delay(value: timedelta | str) -> pendulum.Duration:
    return parse_duration(value, field="max_delay")


def _to_steps(value: Iterable[JourneyStep]) -> tuple[JourneyStep, ...]:
    return tuple(value)


def _check_steps(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not value:
        raise ValidationError(field="steps", value=value, rule="must hold at least one step")
    keys: set[str] = set()
    for i, step in enumerate(value):
        if not isinstance(step, JourneyStep):
            raise ValidationError(field=f"steps[{i}]", value=step, rule="must be a JourneyStep")
        if step.key in keys:
            raise ValidationError(field=f"steps[{i}].key", value=step.key, rule="is repeated")
        keys.add(step.key)


@attrs.frozen(kw_only=True)
class CareJourney:
    """A declared care journey and its planner.

    Attributes:
        name: The journey's name.
        steps: Its steps, at least one, with unique keys.
        calendar: The sending hours; ``None`` sends at the due instant.
        occasions: The occasions its occasion steps read (their time zone also sets
            the midnight of monthly steps).
        segment_rules: The thresholds of segment conditions (``None``: the documented
            defaults).
        max_delay: The longest a contact may wait for sending hours before it is dropped.

    Examples:
        >>> CareJourney(name="empty", steps=[])
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: steps: () must hold at least one step
    """

    name: str = attrs.field(validator=_v.check_text)
    steps: tuple[JourneyStep, ...] = attrs.field(converter=_to_steps, validator=_check_steps)
    calendar: BusinessCalendar | None = attrs.field(
        default=None,
        validator=_v.instance_of(BusinessCalendar, optional=True),
    )
    occasions: Occasions = attrs.field(factory=Occasions, validator=_v.instance_of(Occasions))
    segment_rules: SegmentRules | None = attrs.field(
        default=None, validator=_v.instance_of(SegmentRules, optional=True)
    )
    max_delay: pendulum.Duration = attrs.field(
        factory=lambda: pendulum.duration(days=31),
        converter=_to_max_delay,
    )

    def step(self, key: str) -> JourneyStep:
        """The step called ``key``.

        Raises:
            ValidationError: No step has that key.

        Examples:
            >>> j = CareJourney(name="j", steps=[JourneyStep(
            ...     key="hi", trigger="purchase", channel="email", template="t")])
            >>> j.step("hi").template
            't'
        """
        for step in self.steps:
            if step.key == key:
                return step
        raise ValidationError(field="key", value=key, rule=f"is not a step of {self.name!r}")

    def _dues(
        self,
        step: JourneyStep,
        customer: Customer,
        purchases: list[Purchase],
        tickets: list[ResolvedCase],
        lo: pendulum.DateTime,
        hi: pendulum.DateTime,
    ) -> Iterator[Due]:
        # Trigger instants whose due instant (trigger + offset) lies in [lo, hi).
        lo, hi = lo - step.offset, hi - step.offset
        cats = step.product_categories
        if step.trigger is Trigger.PURCHASE:
            return _triggers.purchases(purchases, cats, lo, hi)
        if step.trigger is Trigger.DELIVERY:
            return _triggers.deliveries(purchases, cats, lo, hi)
        if step.trigger is Trigger.TICKET_RESOLVED:
            return _triggers.resolutions(tickets, customer, lo, hi)
        if step.trigger is Trigger.OCCASION:
            return _triggers.occasions(self.occasions, customer, str(step.occasion), lo, hi)
        if step.trigger is Trigger.MAINTENANCE_DUE:
            every = cast(Term, step.every)  # the step's validator requires it
            return _triggers.maintenance(purchases, cats, every, step.times, lo, hi)
        return _triggers.monthly(self.occasions.timezone, step.day_of_month, lo, hi)

    def _allowed(
        self,
        step: JourneyStep,
        customer: Customer,
        purchases: list[Purchase],
        due: pendulum.DateTime,
        ledger: LoyaltyLedger | None,
    ) -> bool:
        if step.tiers:
            tier = customer.tier if ledger is None else ledger.tier(due).name
            if tier not in step.tiers:
                return False
        if step.segments:
            found = segment(customer, purchases, due, rules=self.segment_rules)
            return found.label in step.segments
        return True

    def plan(
        self,
        customer: Customer,
        purchases: Iterable[Purchase],
        tickets: Iterable[ResolvedCase],
        between: tuple[datetime, datetime],
        *,
        ledger: LoyaltyLedger | None = None,
    ) -> list[PlannedContact]:
        """The contacts this journey plans for ``customer`` in a window, in time order.

        Args:
            customer: The customer.
            purchases: Purchases (anyone's: only the customer's are read).
            tickets: Tickets (or anything with ``id``, ``customer_id`` and ``resolved_at``).
            between: The ``(start, end)`` window of aware instants.
            ledger: The customer's loyalty ledger, for tier conditions at each due instant.

        Raises:
            ValidationError: A bad window, or a ledger of another customer.

        Examples:
            >>> import pendulum
            >>> from aftersales_core.facts import Customer
            >>> j = CareJourney(name="j", steps=[JourneyStep(
            ...     key="hi", trigger="purchase", channel="email", template="t")])
            >>> at = pendulum.datetime(2026, 1, 1, tz="UTC")
            >>> j.plan(Customer(id="C", name="An"), [], [], (at, at.add(days=1)))
            []
        """
        if not isinstance(customer, Customer):
            raise InvalidTypeError(field="customer", value=customer, rule="must be a Customer")
        if ledger is not None and ledger.customer_id != customer.id:
            raise ValidationError(
                field="ledger", value=ledger.customer_id, rule=f"is not {customer.id!r}'s ledger"
            )
        start, end = _window_of(between)
        mine: list[Purchase] = []
        for i, purchase in enumerate(purchases):
            if not isinstance(purchase, Purchase):
                raise InvalidTypeError(
                    field=f"purchases[{i}]", value=purchase, rule="must be a Purchase"
                )
            if purchase.customer_id == customer.id:
                mine.append(purchase)
        cases = list(tickets)
        planned: list[tuple[int, int, str, PlannedContact]] = []
        first, stop = unix_micros(start), unix_micros(end)
        longest = micros_of(self.max_delay)
        for index, step in enumerate(self.steps):
            hours = self.calendar if step.within_hours else None
            # Planned before its trigger (a greeting before Tết), a contact moves back to
            # the last opening: moved forward, it could come after the occasion itself.
            back = step.offset < timedelta(0)
            lo, hi = start, end
            if hours is not None:
                lo, hi = (start, end + self.max_delay) if back else (start - self.max_delay, end)
            for due in self._dues(step, customer, mine, cases, lo, hi):
                due_at = due.at + step.offset
                send = _sending(hours, due_at, back, longest)
                if send is None:
                    continue  # no opening within max_delay
                sent = unix_micros(send)
                if not first <= sent < stop:
                    continue
                if not self._allowed(step, customer, mine, due_at, ledger):
                    continue
                moved = back and sent != unix_micros(due_at)
                reason = Reason.of(
                    f"care.{step.trigger.value}",
                    "{step}: {offset} {what}" + (_MOVED_BACK if moved else ""),
                    step=step.key,
                    offset=step.describe_offset(),
                    what=due.what,
                    **_moved_params(due_at, send) if moved else {},
                )
                contact = PlannedContact(
                    customer_id=customer.id,
                    at=send,
                    channel=step.channel,
                    template=step.template,
                    reason=reason,
                    journey=self.name,
                    step=step.key,
                    reference=due.reference,
                    due_at=due_at,
                    offer=step.offer,
                )
                planned.append((sent, index, due.reference, contact))
        return [item[-1] for item in sorted(planned, key=lambda item: item[:3])]


_MOVED_BACK = "; closed at {due}, so sent at the last opening before it, {sent}"


def _moved_params(due_at: pendulum.DateTime, send: pendulum.DateTime) -> dict[str, str]:
    zone = send.timezone_name or "UTC"
    return {
        "due": due_at.in_timezone(zone).format("YYYY-MM-DD HH:mm"),
        "sent": send.format("YYYY-MM-DD HH:mm"),
    }


def _sending(
    hours: BusinessCalendar | None, due_at: pendulum.DateTime, back: bool, longest: int
) -> pendulum.DateTime | None:
    """When a contact due at ``due_at`` goes out; ``None`` if held more than ``longest``.

    Without sending hours, at once. Within them, at ``due_at`` if the calendar is open then;
    else at the next opening, or, for a contact planned before its trigger (``back``), at
    the start of the last opening before ``due_at``, so that it still comes before.
    """
    if hours is None:
        return due_at
    line = hours.timeline
    due = line.micros(due_at)
    if not back:
        found = line.next_open(due)
        return line.instant(found) if found - due <= longest else None
    if line.is_open(due):
        return line.instant(due)
    openings = line.openings(due - longest, due)
    return line.instant(openings[-1].start) if openings else None
