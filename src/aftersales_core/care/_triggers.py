"""When each kind of journey trigger fires for one customer (private to care.journey).

Each function yields ``Due`` values — the trigger's own instant, a reference to what
fired it and words for the reason — for triggers whose instant lies in ``[lo, hi)``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs
import pendulum

from .._internal.instants import real_time, reduce_keeping_fold, unix_micros
from ..facts import Customer, Purchase
from ..terms import Term
from .occasions import Occasions

if TYPE_CHECKING:
    from .steps import ResolvedCase


@attrs.frozen
class Due:
    """A trigger that fired: when, what fired it, and how to say so."""

    __reduce__ = reduce_keeping_fold

    at: pendulum.DateTime = attrs.field(eq=real_time)
    reference: str
    what: str


def _inside(at: pendulum.DateTime, lo: pendulum.DateTime, hi: pendulum.DateTime) -> bool:
    return unix_micros(lo) <= unix_micros(at) < unix_micros(hi)


def _wanted(purchase: Purchase, categories: frozenset[str]) -> bool:
    return not categories or purchase.product_category in categories


def purchases(
    items: Iterable[Purchase],
    categories: frozenset[str],
    lo: pendulum.DateTime,
    hi: pendulum.DateTime,
) -> Iterator[Due]:
    for p in items:
        if _wanted(p, categories) and _inside(p.purchased_at, lo, hi):
            yield Due(p.purchased_at, p.id, f"purchase {p.id}")


def deliveries(
    items: Iterable[Purchase],
    categories: frozenset[str],
    lo: pendulum.DateTime,
    hi: pendulum.DateTime,
) -> Iterator[Due]:
    for p in items:
        if (
            p.delivered_at is not None
            and _wanted(p, categories)
            and _inside(p.delivered_at, lo, hi)
        ):
            yield Due(p.delivered_at, p.id, f"delivery of {p.id}")


def resolutions(
    tickets: Iterable[ResolvedCase],
    customer: Customer,
    lo: pendulum.DateTime,
    hi: pendulum.DateTime,
) -> Iterator[Due]:
    for t in tickets:
        done = t.resolved_at
        if t.customer_id == customer.id and done is not None and _inside(done, lo, hi):
            yield Due(done, t.id, f"ticket {t.id} resolved")


def maintenance(
    items: Iterable[Purchase],
    categories: frozenset[str],
    every: Term,
    times: int | None,
    lo: pendulum.DateTime,
    hi: pendulum.DateTime,
) -> Iterator[Due]:
    for p in items:
        if not _wanted(p, categories):
            continue
        k = 1
        while times is None or k <= times:
            # From the start each time, so 31 Jan + 6 months stays on month ends correctly.
            at = p.received_at.add(years=every.years * k, months=every.months * k).add(
                days=every.days * k
            )
            if unix_micros(at) >= unix_micros(hi):
                break
            if unix_micros(at) >= unix_micros(lo):
                yield Due(at, f"{p.id}#{k}", f"maintenance {k} of {p.id} (every {every})")
            k += 1


def occasions(
    occ: Occasions, customer: Customer, name: str, lo: pendulum.DateTime, hi: pendulum.DateTime
) -> Iterator[Due]:
    for o in occ.upcoming([customer], (lo, hi)):
        if o.name == name and _inside(o.starts_at, lo, hi):
            yield Due(
                o.starts_at, f"{o.name}:{o.on.isoformat()}", f"{o.name} on {o.on.isoformat()}"
            )


def monthly(timezone: str, day: int, lo: pendulum.DateTime, hi: pendulum.DateTime) -> Iterator[Due]:
    month = lo.in_timezone(timezone).start_of("month")
    while unix_micros(month) < unix_micros(hi):
        last = calendar.monthrange(month.year, month.month)[1]
        at = pendulum.datetime(month.year, month.month, min(day, last), tz=timezone)
        if _inside(at, lo, hi):
            label = at.format("YYYY-MM")
            yield Due(at, label, f"month {label}")
        month = month.add(months=1)
