"""Reading a loyalty programme's fields (private to care.loyalty): currency, rates, benefits.

Like the other converters of the package, these pass what they cannot read through
unchanged, so the validators refuse it with a typed error that names the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ..errors import InvalidTypeError, ValidationError
from ..money import Money
from ..vocabulary import Priority

__all__ = ["check_boost", "check_currency", "check_perks", "check_rates", "to_rates"]


def check_perks(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse perks that are not a tuple of non-empty text keys."""
    if not isinstance(value, tuple):
        raise InvalidTypeError(field="perks", value=value, rule="must be a list of text keys")
    for i, perk in enumerate(value):
        if not isinstance(perk, str) or not perk.strip():
            raise ValidationError(field=f"perks[{i}]", value=perk, rule="must be non-empty text")


def to_rates(value: Money | Iterable[Money]) -> tuple[Money, ...]:
    """One rate, or a list of them, as a tuple; anything else unchanged."""
    if isinstance(value, Money):
        return (value,)
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


def check_rates(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse rates that are not Money above zero, one per currency (at least one)."""
    if not isinstance(value, tuple) or not value:
        raise ValidationError(field="spend_per_point", value=value, rule="must hold a rate")
    seen: set[str] = set()
    for i, rate in enumerate(value):
        field = f"spend_per_point[{i}]"
        if not isinstance(rate, Money):
            raise InvalidTypeError(field=field, value=rate, rule="must be Money")
        if rate.amount <= 0:
            raise ValidationError(field=field, value=rate, rule="must be more than zero")
        if rate.currency in seen:
            raise ValidationError(
                field=field, value=rate, rule=f"repeats the rate for {rate.currency}"
            )
        seen.add(rate.currency)


def check_currency(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but the code of a currency `Money` accepts."""
    if not isinstance(value, str):
        raise InvalidTypeError(field=attribute.name, value=value, rule="must be a code")
    Money.zero(value)  # refuses an unknown code by name


def check_boost(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    """Refuse a priority boost of more steps than there are priorities above the lowest."""
    if value > len(Priority) - 1:
        raise ValidationError(field=attribute.name, value=value, rule="must be between 0 and 3")
