"""The order of a compensation rule's tiers (private to compensation).

Tiers go from the smallest miss to the largest: all of one basis (lateness or achieved
ratio) and one kind of credit (ratios, or Money in one currency), each tier a bigger miss
than the one before it, and a bigger miss never earns a smaller credit.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Protocol

from ..errors import CurrencyMismatchError, ValidationError
from ..money import Money

__all__ = ["check_order"]


class Tier(Protocol):
    """What the order rules read of a `CompensationTier`."""

    @property
    def late_by(self) -> timedelta | None: ...
    @property
    def below(self) -> Decimal | None: ...
    @property
    def credit(self) -> Decimal | Money: ...
    @property
    def basis(self) -> enum.Enum: ...


def _credit_rank(credit: Decimal | Money) -> Decimal:
    return credit.amount if isinstance(credit, Money) else credit


def check_order(tiers: Sequence[Tier]) -> None:
    """Refuse tiers (at least one) that do not go from the smallest miss to the largest."""
    first = tiers[0]
    for i, tier in enumerate(tiers[1:], start=1):
        before = tiers[i - 1]
        if tier.basis is not first.basis:
            raise ValidationError(
                field=f"tiers[{i}]",
                value=tier,
                rule=f"must measure {first.basis.value} like tiers[0]",
            )
        if isinstance(tier.credit, Money) is not isinstance(first.credit, Money):
            raise ValidationError(
                field=f"tiers[{i}].credit",
                value=tier.credit,
                rule="must be of the same type as tiers[0].credit (all ratios or all Money)",
            )
        if (
            isinstance(tier.credit, Money)
            and isinstance(first.credit, Money)
            and tier.credit.currency != first.credit.currency
        ):
            raise CurrencyMismatchError(
                left=first.credit.currency,
                right=tier.credit.currency,
                operation="mix credits of",
            )
        if (
            tier.late_by is not None
            and before.late_by is not None
            and tier.late_by <= before.late_by
        ):
            raise ValidationError(
                field=f"tiers[{i}].late_by",
                value=tier.late_by,
                rule="must be longer than the tier before it",
            )
        if tier.below is not None and before.below is not None and tier.below >= before.below:
            raise ValidationError(
                field=f"tiers[{i}].below",
                value=tier.below,
                rule="must be lower than the tier before it",
            )
        if _credit_rank(tier.credit) < _credit_rank(before.credit):
            raise ValidationError(
                field=f"tiers[{i}].credit",
                value=tier.credit,
                rule="must not be below the tier before it (a bigger miss never earns less)",
            )
