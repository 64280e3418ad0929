"""The shared vocabulary of after-sales service: channels, categories, priorities, claim kinds.

Policies, tickets, SLA clocks, metrics and care programmes all speak these words, so they live
on their own floor, below everything that uses them.

Examples:
    >>> from aftersales_core.vocabulary import Channel, Priority
    >>> Channel("zalo_oa") is Channel.ZALO_OA
    True
    >>> Priority.URGENT > Priority.NORMAL
    True
"""

from __future__ import annotations

import enum

__all__ = ["Category", "Channel", "ClaimKind", "Priority"]


class Channel(enum.StrEnum):
    """Where a request reaches the business (*kênh tiếp nhận*).

    Examples:
        >>> [c.value for c in Channel][:3]
        ['hotline', 'email', 'zalo_oa']
    """

    HOTLINE = "hotline"
    EMAIL = "email"
    ZALO_OA = "zalo_oa"
    LIVE_CHAT = "live_chat"
    CHATBOT = "chatbot"
    IN_STORE = "in_store"
    WEB = "web"
    PHONE_APP = "phone_app"


class Category(enum.StrEnum):
    """What a request is about, as classified at intake (*phân loại*).

    Examples:
        >>> Category("technical_support")
        <Category.TECHNICAL_SUPPORT: 'technical_support'>
    """

    WARRANTY = "warranty"
    RETURN = "return"
    TECHNICAL_SUPPORT = "technical_support"
    COMPLAINT = "complaint"
    INSTALLATION = "installation"
    MAINTENANCE = "maintenance"
    DELIVERY = "delivery"
    BILLING = "billing"
    OTHER = "other"


class Priority(enum.StrEnum):
    """How urgent a request is; priorities compare by urgency, not by name.

    Examples:
        >>> sorted([Priority.URGENT, Priority.LOW, Priority.NORMAL])
        [<Priority.LOW: 'low'>, <Priority.NORMAL: 'normal'>, <Priority.URGENT: 'urgent'>]
        >>> Priority.HIGH.rank
        2
    """

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """0 for LOW up to 3 for URGENT."""
        return _PRIORITY_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank >= other.rank


_PRIORITY_RANK = {p: i for i, p in enumerate(Priority)}


class ClaimKind(enum.StrEnum):
    """What a customer asks for in a claim.

    Examples:
        >>> ClaimKind.WARRANTY.value
        'warranty'
    """

    WARRANTY = "warranty"
    RETURN = "return"
    EXCHANGE = "exchange"
    REFUND = "refund"
    REPAIR = "repair"
    COMPLAINT = "complaint"
    INSTALLATION = "installation"
    MAINTENANCE = "maintenance"
    DELIVERY = "delivery"
