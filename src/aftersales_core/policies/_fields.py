"""Field converters and validators specific to policies, and checks of what hooks return.

A hook is user code: what it returns is checked like a field, and an error names the
hook (``"GoldReturns.window_start"``) so that the author knows where to look.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from .._internal import exact
from .._internal import validate as _v
from ..errors import CurrencyMismatchError, InvalidTypeError, ValidationError
from ..money import Money
from ..terms import MAX_YEARS, as_instant

__all__ = [
    "MAX_DAYS",
    "MAX_MONTHS",
    "check_codes",
    "check_days",
    "check_optional_months",
    "check_optional_positive",
    "check_rounding",
    "hook_count",
    "hook_field",
    "hook_instant",
    "hook_money",
    "hook_ratio",
    "to_codes",
    "whole_number",
]

MAX_DAYS = 366 * MAX_YEARS
"""The most days a policy counts (a window, a reminder lead): 1000 years' worth."""
MAX_MONTHS = 12 * MAX_YEARS
"""The most months a policy counts (an interval): 1000 years."""


def to_codes(value: Iterable[str]) -> frozenset[str]:
    """A collection of codes as a frozenset; a single string is refused by the validator."""
    if isinstance(value, Iterable) and not isinstance(value, str):
        return frozenset(value)
    return value  # type: ignore[return-value]  # check_codes refuses it by name


def check_codes(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a frozenset of non-empty text."""
    if not isinstance(value, frozenset):
        raise InvalidTypeError(
            field=attribute.name, value=value, rule="must be a collection of codes, not one text"
        )
    for code in sorted(value, key=repr):
        if not isinstance(code, str) or not code.strip():
            raise ValidationError(field=attribute.name, value=code, rule="must be non-empty text")


def check_optional_positive(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """Refuse anything but ``None`` or a whole number of one or more."""
    if value is None:
        return
    _v.check_count(_instance, attribute, value)
    if value == 0:
        raise ValidationError(field=attribute.name, value=value, rule="must be one or more")


def whole_number(field: str, value: object, low: int, high: int) -> int:
    """``value`` if it is a whole number from ``low`` to ``high``, else a typed error."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(field=field, value=value, rule="must be a whole number")
    if not low <= value <= high:
        raise ValidationError(
            field=field, value=value, rule=f"must be a whole number from {low} to {high}"
        )
    return value


def check_days(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a whole number of days from 0 to `MAX_DAYS`."""
    whole_number(attribute.name, value, 0, MAX_DAYS)


def check_optional_months(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """Refuse anything but ``None`` or a whole number of months from 1 to `MAX_MONTHS`."""
    if value is not None:
        whole_number(attribute.name, value, 1, MAX_MONTHS)


def hook_field(policy: object, hook: str) -> str:
    """How an error names what a hook returned: ``"GoldReturns.window_start"``."""
    return f"{type(policy).__qualname__}.{hook}"


def hook_instant(policy: object, hook: str, value: object) -> pendulum.DateTime:
    """A hook's instant, an aware stdlib ``datetime`` included, as a pendulum ``DateTime``."""
    return as_instant(value, field=hook_field(policy, hook))  # type: ignore[arg-type]


def hook_count(policy: object, hook: str, value: object, *, limit: int | None = None) -> int:
    """A hook's whole number, zero or more (and at most ``limit``)."""
    field = hook_field(policy, hook)
    if limit is not None:
        return whole_number(field, value, 0, limit)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(field=field, value=value, rule="must be a whole number")
    if value < 0:
        raise ValidationError(field=field, value=value, rule="must be zero or more")
    return value


def hook_ratio(policy: object, hook: str, value: object) -> Decimal:
    """A hook's ratio from 0 to 1, read like a field (``int``, ``Decimal`` or text)."""
    field = hook_field(policy, hook)
    number = _v.decimal_of(value, field)
    if not Decimal(0) <= number <= Decimal(1):
        raise ValidationError(field=field, value=value, rule="must be between 0 and 1")
    return number


def hook_money(policy: object, hook: str, value: object, *, at_most: Money | None = None) -> Money:
    """A hook's amount: Money of zero or more, and at most ``at_most`` (in its currency)."""
    field = hook_field(policy, hook)
    _v.non_negative_money(value, field)
    assert isinstance(value, Money)  # for the type checker
    if at_most is not None:
        if value.currency != at_most.currency:
            raise CurrencyMismatchError(
                left=at_most.currency, right=value.currency, operation=f"take {field} in"
            )
        if value > at_most:
            raise ValidationError(field=field, value=value, rule=f"must be at most {at_most}")
    return value


def check_rounding(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but one of the decimal module's rounding modes."""
    exact.check_rounding(value, attribute.name)
