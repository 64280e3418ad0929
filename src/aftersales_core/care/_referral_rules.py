"""The rules a referral is judged by (private to care.referral), each with its reason.

Only the earliest referral of a customer counts (on a tie, the referrer id decides), and a
referral whose referee is up the referrer's chain would close a loop. Each verdict gives
one `Reason` with a stable code: ``referral.already_referred``, ``referral.loop``,
``referral.existing_customer``, ``referral.qualified``, ``referral.pending`` or
``referral.window_closed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from .._internal.instants import unix_micros
from ..policies.decisions import Reason
from ..terms import Term

__all__ = ["Link", "existing_customer", "pending", "qualified", "refusal", "window_closed"]


class Link(Protocol):
    """What the rules read of a `Referral`: who referred whom, and when."""

    @property
    def referrer_id(self) -> str: ...
    @property
    def referee_id(self) -> str: ...
    @property
    def at(self) -> datetime: ...


def refusal(referral: Link, others: Sequence[Link]) -> Reason | None:
    """Why ``referral`` is refused given the ``others`` known, or ``None``."""
    rank = (unix_micros(referral.at), referral.referrer_id)
    earlier = [
        r
        for r in others
        if r.referee_id == referral.referee_id and (unix_micros(r.at), r.referrer_id) < rank
    ]
    if earlier:
        return Reason.of(
            "referral.already_referred",
            "{referee} was already referred by {by}",
            referee=referral.referee_id,
            by=earlier[0].referrer_id,
        )
    parent = {
        r.referee_id: r.referrer_id
        for r in sorted(others, key=lambda r: unix_micros(r.at), reverse=True)
    }
    chain, node = [referral.referrer_id], referral.referrer_id
    while node in parent and node != referral.referee_id and len(chain) <= len(parent):
        node = parent[node]
        chain.append(node)
    if node == referral.referee_id:
        return Reason.of(
            "referral.loop",
            "{referee} is up the referral chain of {referrer}: {chain}",
            referee=referral.referee_id,
            referrer=referral.referrer_id,
            chain=" ← ".join(chain),
        )
    return None


def existing_customer(referee: str, purchase_id: str) -> Reason:
    """The referee bought before the referral: not a new customer."""
    return Reason.of(
        "referral.existing_customer",
        "{referee} already bought before the referral ({purchase})",
        referee=referee,
        purchase=purchase_id,
    )


def qualified(purchase_id: str, referee: str, window: Term) -> Reason:
    """The referee's first qualifying purchase fell within the window."""
    return Reason.of(
        "referral.qualified",
        "{purchase} by {referee} qualifies within {window}",
        purchase=purchase_id,
        referee=referee,
        window=str(window),
    )


def pending(referee: str) -> Reason:
    """No qualifying purchase yet, and the window is still open."""
    return Reason.of(
        "referral.pending",
        "no qualifying purchase by {referee} yet; the window is open",
        referee=referee,
    )


def window_closed(referee: str, end: datetime) -> Reason:
    """The window closed at ``end`` without a qualifying purchase."""
    return Reason.of(
        "referral.window_closed",
        "no qualifying purchase by {referee} before {end}",
        referee=referee,
        end=end.isoformat(),
    )
