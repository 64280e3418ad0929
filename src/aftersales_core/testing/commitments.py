"""Hypothesis strategies for service commitments, their contacts and their histories.

The policies come from `aftersales_core.testing.policies` (composites of them
included, some with business calendars), each renamed so that names are unique; the
SLA is drawn apart, as a commitment holds it.

Examples:
    >>> from hypothesis import given, settings
    >>> from aftersales_core.testing.commitments import service_commitments
    >>> @settings(max_examples=10)
    ... @given(service_commitments(currency="VND"))
    ... def check(commitment):
    ...     assert len({p.name for p in commitment.policies}) == len(commitment.policies)
    >>> check()
"""

from __future__ import annotations

import functools
from datetime import timedelta

import attrs
import pendulum
from hypothesis import strategies as hs

from .._internal.instants import unix_micros
from ..calendar import BusinessCalendar
from ..commitment import Contact, ServiceCommitment
from ..commitment.versions import CommitmentHistory
from ..policies import AllOf, AnyOf, FirstApplicable, MaintenanceSchedule, Policy
from ..policies import ReturnWindowPolicy as _Returns
from ..vocabulary import Channel
from .calendars import business_calendars
from .policies import (
    compensation_rules,
    maintenance_schedules,
    refund_rules,
    return_window_policies,
    service_area_policies,
    sla_policies,
    warranty_policies,
)
from .strategies import durations, instants

__all__ = ["commitment_histories", "contacts", "service_commitments"]

_NAMES = ("Dịch thuật Sao Việt", "Điện máy Phương Nam", "Acme Corp")
_ADDRESSES = ("1900 1234", "hotro@example.com", "12 Nguyễn Huệ, Quận 1", "zalo.me/0000")


@functools.cache
def _calendars() -> hs.SearchStrategy[BusinessCalendar]:
    return business_calendars(max_holidays=3, max_overrides=2)


def contacts() -> hs.SearchStrategy[Contact]:
    """Contacts on any channel, sometimes with hours (a business calendar) and a response time.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(contacts())
        ... def check(contact):
        ...     assert contact.response_time is None or contact.response_time.total_seconds() > 0
        >>> check()
    """
    return hs.builds(
        Contact,
        channel=hs.sampled_from(Channel),
        address=hs.sampled_from(_ADDRESSES),
        hours=hs.none() | _calendars(),
        response_time=hs.none() | durations(min_value=timedelta(minutes=1)),
    )


def _with_calendar(policy: Policy, draw: hs.DrawFn) -> Policy:
    if isinstance(policy, _Returns | MaintenanceSchedule) and draw(hs.booleans()):
        return attrs.evolve(policy, calendar=draw(_calendars()))
    return policy


@functools.cache
def _simple(currency: str | None) -> hs.SearchStrategy[Policy]:
    # Built once per currency: building strategies costs more than drawing from them.
    return hs.one_of(
        warranty_policies(),
        return_window_policies(currency=currency),
        refund_rules(cap_currency=currency),
        compensation_rules(currency=currency),
        service_area_policies(currency=currency),
        maintenance_schedules(),
    )


@hs.composite
def _policy(draw: hs.DrawFn, currency: str | None, depth: int) -> Policy:
    simple = _simple(currency)
    if depth > 0 and draw(hs.integers(0, 4)) == 0:
        kind = draw(hs.sampled_from((AllOf, AnyOf, FirstApplicable)))
        parts = draw(hs.lists(_policy(currency, depth - 1), min_size=1, max_size=3))
        return kind(policies=parts)
    return _with_calendar(draw(simple), draw)


@hs.composite
def service_commitments(
    draw: hs.DrawFn,
    *,
    currency: str | None = None,
    max_policies: int = 4,
    dated: bool | None = None,
) -> ServiceCommitment:
    """Service commitments with up to ``max_policies`` uniquely named policies, an SLA, contacts.

    Args:
        draw: Supplied by Hypothesis; callers pass only the keyword options.
        currency: Draw fees, caps and fixed credits in this currency too.
        max_policies: The most policies (composites count as one).
        dated: ``True``: always an ``effective_from``; ``False``: never; ``None``: either.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(service_commitments(dated=True))
        ... def check(commitment):
        ...     assert commitment.effective_from is not None
        >>> check()
    """
    found = draw(hs.lists(_policy(currency, 1), max_size=max_policies))
    policies = [
        attrs.evolve(p, name=f"{p.kind}_{i}") if draw(hs.booleans()) or i else p
        for i, p in enumerate(found)
    ]
    sla = draw(hs.none() | sla_policies())
    if sla is not None and draw(hs.booleans()):
        sla = attrs.evolve(sla, calendar=draw(_calendars()))
    when: hs.SearchStrategy[pendulum.DateTime | None] = (
        hs.none() if dated is False else instants() if dated else hs.none() | instants()
    )
    return ServiceCommitment(
        name=draw(hs.sampled_from(_NAMES)),
        version=draw(hs.sampled_from(("1", "2026.1", "v2"))),
        effective_from=draw(when),
        policies=policies,
        sla=sla,
        contacts=draw(hs.lists(contacts(), max_size=3)),
    )


@hs.composite
def commitment_histories(
    draw: hs.DrawFn, *, currency: str | None = None, max_versions: int = 3
) -> CommitmentHistory:
    """Histories of 1 to ``max_versions`` dated versions, in order, with distinct labels.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(commitment_histories())
        ... def check(history):
        ...     assert history.latest is history.versions[-1]
        >>> check()
    """
    size = draw(hs.integers(1, max_versions))
    found = draw(hs.lists(instants(), min_size=size, max_size=size, unique_by=unix_micros))
    starts = sorted(found, key=unix_micros)
    versions = [
        attrs.evolve(
            draw(service_commitments(currency=currency, max_policies=2)),
            version=f"v{i + 1}",
            effective_from=start,
        )
        for i, start in enumerate(starts)
    ]
    return CommitmentHistory(versions=versions)
