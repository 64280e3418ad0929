"""Ready-made care journeys from Vietnamese after-sales practice, to use as they are or to copy.

* `six_step_care_script` — the six-step care script of the translation company's charter;
* `thank_you_after_order` — a thank-you message right after each order;
* `maintenance_reminders` — periodic maintenance reminders, every 6 months;
* `birthday_voucher` — a personalised birthday voucher, 15% off;
* `tet_greeting` — a greeting for Tết;
* `monthly_appreciation` — the monthly appreciation gift of 500,000 ₫.

Each takes an optional `BusinessCalendar` for its sending
hours; without one, contacts go out at their due instants.

Examples:
    >>> from aftersales_core.care import birthday_voucher, six_step_care_script
    >>> [step.key for step in six_step_care_script().steps]
    ['set_goals', 'survey', 'resolve_complaints', 'interact_regularly', 'build_loyal_base', 'evaluate_programme']
    >>> str(birthday_voucher().steps[0].offer)
    '15% off'
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..calendar import BusinessCalendar
from ..money import Money
from ..terms import Term
from .journey import CareJourney
from .segments import SegmentLabel
from .steps import JourneyStep, Offer

__all__ = [
    "birthday_voucher",
    "maintenance_reminders",
    "monthly_appreciation",
    "six_step_care_script",
    "tet_greeting",
    "thank_you_after_order",
]


def six_step_care_script(*, calendar: BusinessCalendar | None = None) -> CareJourney:
    """The six-step care script of the translation company's charter (a Vietnamese translation company's published programme).

    Set goals, survey, resolve complaints, interact regularly, build a loyal base, evaluate
    the programme. The script's steps that are the business's own work (setting goals, evaluating) become
    the contacts that serve them:

    1. ``set_goals`` — at each purchase, tell the customer what to expect (the commitment);
    2. ``survey`` — 3 days after delivery, a satisfaction survey;
    3. ``resolve_complaints`` — 1 day after a ticket is resolved, confirm it is resolved;
    4. ``interact_regularly`` — on the 1st of each month, news and tips;
    5. ``build_loyal_base`` — 30 days after a purchase, loyal customers and champions are
       invited to the loyalty programme;
    6. ``evaluate_programme`` — 90 days after a purchase, an NPS survey that measures it.

    Examples:
        >>> journey = six_step_care_script()
        >>> journey.step("survey").offset, sorted(journey.step("build_loyal_base").segments)
        (Duration(days=3), [<SegmentLabel.CHAMPION: 'champion'>, <SegmentLabel.LOYAL: 'loyal'>])
    """
    steps = [
        JourneyStep(
            key="set_goals", trigger="purchase", channel="email", template="care.set_goals"
        ),
        JourneyStep(
            key="survey", trigger="delivery", channel="email", template="care.survey", offset="3d"
        ),
        JourneyStep(
            key="resolve_complaints",
            trigger="ticket_resolved",
            channel="hotline",
            template="care.complaint_follow_up",
            offset="1d",
        ),
        JourneyStep(
            key="interact_regularly",
            trigger="monthly",
            channel="zalo_oa",
            template="care.monthly_news",
            day_of_month=1,
        ),
        JourneyStep(
            key="build_loyal_base",
            trigger="purchase",
            channel="zalo_oa",
            template="care.loyalty_invitation",
            offset="30d",
            segments=[SegmentLabel.CHAMPION, SegmentLabel.LOYAL],
        ),
        JourneyStep(
            key="evaluate_programme",
            trigger="purchase",
            channel="email",
            template="care.nps_survey",
            offset="90d",
        ),
    ]
    return CareJourney(name="six-step care script", steps=steps, calendar=calendar)


def thank_you_after_order(*, calendar: BusinessCalendar | None = None) -> CareJourney:
    """A thank-you message right after each order, day or night (it never waits for hours).

    Examples:
        >>> step = thank_you_after_order().steps[0]
        >>> step.trigger, step.offset, step.within_hours
        (<Trigger.PURCHASE: 'purchase'>, Duration(), False)
    """
    step = JourneyStep(
        key="thank_you",
        trigger="purchase",
        channel="zalo_oa",
        template="care.thank_you",
        within_hours=False,
    )
    return CareJourney(name="thank you after the order", steps=[step], calendar=calendar)


def maintenance_reminders(
    *,
    every: Term | str = "6mo",
    product_categories: Iterable[str] = (),
    times: int | None = None,
    calendar: BusinessCalendar | None = None,
) -> CareJourney:
    """Periodic maintenance reminders: every 6 months after delivery by default.

    Args:
        every: The interval.
        product_categories: The categories that need maintenance (empty: all).
        times: How many reminders at most per purchase (``None``: no limit).
        calendar: The sending hours.

    Examples:
        >>> step = maintenance_reminders(product_categories=["air_conditioner"]).steps[0]
        >>> str(step.every), sorted(step.product_categories)
        ('6mo', ['air_conditioner'])
    """
    step = JourneyStep(
        key="maintenance_due",
        trigger="maintenance_due",
        channel="hotline",
        template="care.maintenance_reminder",
        every=every if isinstance(every, Term) else Term.parse(every),
        times=times,
        product_categories=frozenset(product_categories),
    )
    return CareJourney(name="maintenance reminders", steps=[step], calendar=calendar)


def birthday_voucher(
    *, discount: Decimal = Decimal("0.15"), calendar: BusinessCalendar | None = None
) -> CareJourney:
    """A personalised birthday voucher, 15% off, sent on the birthday.

    Examples:
        >>> from decimal import Decimal
        >>> str(birthday_voucher(discount=Decimal("0.2")).steps[0].offer)
        '20% off'
    """
    step = JourneyStep(
        key="birthday_voucher",
        trigger="occasion",
        occasion="birthday",
        channel="zalo_oa",
        template="care.birthday_voucher",
        offer=Offer(discount=discount),
    )
    return CareJourney(name="birthday voucher", steps=[step], calendar=calendar)


def tet_greeting(*, days_before: int = 3, calendar: BusinessCalendar | None = None) -> CareJourney:
    """A Tết greeting, ``days_before`` days before the lunar new year (3 by default).

    Examples:
        >>> tet_greeting().steps[0].describe_offset()
        '3d before'
    """
    step = JourneyStep(
        key="tet_greeting",
        trigger="occasion",
        occasion="tet",
        channel="zalo_oa",
        template="care.tet_greeting",
        offset=f"-{days_before}d",
    )
    return CareJourney(name="Tết greeting", steps=[step], calendar=calendar)


def monthly_appreciation(
    *,
    gift: Money | None = None,
    segments: Iterable[SegmentLabel | str] = (SegmentLabel.CHAMPION, SegmentLabel.LOYAL),
    day_of_month: int = 1,
    calendar: BusinessCalendar | None = None,
) -> CareJourney:
    """The monthly appreciation gift (500,000 ₫ by default) for the best customers.

    Args:
        gift: The gift (500,000 ₫ by default).
        segments: Who gets it (champions and loyal customers by default; empty: everyone).
        day_of_month: The day of the month it goes out.
        calendar: The sending hours.

    Examples:
        >>> str(monthly_appreciation().steps[0].offer)
        '500000 VND gift'
    """
    step = JourneyStep(
        key="monthly_appreciation",
        trigger="monthly",
        channel="zalo_oa",
        template="care.monthly_appreciation",
        day_of_month=day_of_month,
        segments=frozenset(segments),
        offer=Offer(gift=gift if gift is not None else Money(500_000, "VND")),
    )
    return CareJourney(name="monthly appreciation", steps=[step], calendar=calendar)
