"""Field validators and converters shared by the value types of claims, bands and policies.

Converters normalise what they can and pass anything else through unchanged, so that the
validators, which know the field's name, refuse it with a typed error naming field and value.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import pendulum

from ..errors import AftersalesError, InvalidTypeError, ValidationError
from ..money import Money
from ..terms import Term, as_instant, parse_duration
from .exact import to_decimal as decimal_of

__all__ = [
    "Check",
    "as_enum",
    "check_bool",
    "check_count",
    "check_enum",
    "check_instant",
    "check_money",
    "check_non_negative",
    "check_ratio",
    "check_term",
    "check_text",
    "decimal_between",
    "decimal_of",
    "instance_of",
    "non_negative_money",
    "to_decimal",
    "to_duration",
    "to_instant",
    "to_optional_decimal",
    "to_optional_instant",
    "to_optional_term",
    "to_term",
    "to_tuple",
    "tuple_of",
    "utc",
]

_E = TypeVar("_E", bound=enum.Enum)

Check = Callable[[Any, "attrs.Attribute[Any]", Any], None]
"""The signature of an attrs validator."""


def check_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but non-empty text."""
    if not isinstance(value, str):
        raise InvalidTypeError(field=attribute.name, value=value, rule="must be text")
    if not value.strip():
        raise ValidationError(field=attribute.name, value=value, rule="must not be empty")


def check_bool(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but ``True`` or ``False`` (not 0 or 1)."""
    if not isinstance(value, bool):
        raise InvalidTypeError(field=attribute.name, value=value, rule="must be True or False")


def check_count(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a whole number, zero or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(field=attribute.name, value=value, rule="must be a whole number")
    if value < 0:
        raise ValidationError(field=attribute.name, value=value, rule="must be zero or more")


def instance_of(cls: type, *, optional: bool = False) -> Check:
    """A validator for an instance of ``cls`` (or ``None`` when ``optional``)."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not (isinstance(value, cls) or (optional and value is None)):
            raise InvalidTypeError(
                field=attribute.name, value=value, rule=f"must be a {cls.__name__}"
            )

    return check


def non_negative_money(value: object, field: str) -> Money:
    """``value`` if it is Money of zero or more, else a typed error naming ``field``.

    The one rule for every price, amount paid, fee, cap or credit a policy is given:
    nobody pays a negative price.

    Examples:
        >>> non_negative_money(Money(-100, "USD"), "price")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: price: Money('-100.00', 'USD') must be zero or more: nobody pays a negative amount
    """
    if not isinstance(value, Money):
        raise InvalidTypeError(field=field, value=value, rule="must be Money")
    if value.amount < 0:
        raise ValidationError(
            field=field, value=value, rule="must be zero or more: nobody pays a negative amount"
        )
    return value


def check_money(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a ``Money`` of zero or more (`non_negative_money`)."""
    non_negative_money(value, attribute.name)


def to_instant(value: datetime) -> pendulum.DateTime:
    """An aware instant as a pendulum ``DateTime``; anything else unchanged."""
    try:
        return as_instant(value)
    except AftersalesError:
        return value  # type: ignore[return-value]  # check_instant refuses it by name


def to_optional_instant(value: datetime | None) -> pendulum.DateTime | None:
    """Like `to_instant`, keeping ``None``."""
    return None if value is None else to_instant(value)


def check_instant(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Refuse a naive datetime or a non-datetime."""
    as_instant(value, field=attribute.name)


def to_decimal(value: Decimal | int | str) -> Decimal:
    """An ``int`` or decimal text as ``Decimal``; anything else (a float) unchanged."""
    try:
        return decimal_of(value, "value")
    except AftersalesError:
        return value  # type: ignore[return-value]  # the validator refuses it by name


def to_optional_decimal(value: Decimal | int | str | None) -> Decimal | None:
    """Like `to_decimal`, keeping ``None``."""
    return None if value is None else to_decimal(value)


def decimal_between(low: Decimal | None, high: Decimal | None, rule: str) -> Check:
    """A validator for a finite ``Decimal`` in ``[low, high]`` (``None``: unbounded)."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        number = decimal_of(value, attribute.name)
        if (low is not None and number < low) or (high is not None and number > high):
            raise ValidationError(field=attribute.name, value=value, rule=rule)

    return check


check_ratio = decimal_between(Decimal(0), Decimal(1), "must be between 0 and 1")
check_non_negative = decimal_between(Decimal(0), None, "must be zero or more")


def to_duration(value: timedelta | str) -> pendulum.Duration:
    """Duration text or a ``timedelta`` as a pendulum ``Duration``; anything else unchanged."""
    try:
        return parse_duration(value)
    except AftersalesError:
        return value  # type: ignore[return-value]  # the validator refuses it by name


def as_enum(enum_type: type[_E], value: object) -> _E:
    """``value`` as a member of ``enum_type``; anything else unchanged."""
    try:
        return enum_type(value)
    except ValueError:
        return value  # type: ignore[return-value]  # check_enum refuses it by name


def check_enum(enum_type: type[enum.Enum], field: str, value: object) -> None:
    """Refuse a value that is not a member of ``enum_type``, listing the members."""
    if not isinstance(value, enum_type):
        # Open vocabularies (Channel, Category) also know the values an application added.
        members = getattr(enum_type, "known", lambda: tuple(enum_type))()
        known = ", ".join(str(member.value) for member in members)
        raise ValidationError(field=field, value=value, rule=f"must be one of: {known}")


def utc(value: datetime) -> pendulum.DateTime:
    """``value`` in UTC, for comparing and subtracting instants.

    Python compares and subtracts two datetimes that share a ``tzinfo`` by their wall
    clocks, ignoring ``fold``: in the hour repeated when clocks go back, 02:30 of the
    second pass would come *before* 02:10 of the first. In UTC there is no such hour.
    """
    return pendulum.instance(value).in_timezone("UTC")


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """A list (any iterable but text) as a tuple; anything else unchanged."""
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple(value)
    return value  # type: ignore[return-value]  # tuple_of refuses it by name


def tuple_of(kind: type, *, what: str | None = None, non_empty: bool = False) -> Check:
    """A validator for a tuple whose every item is a ``kind`` (``what`` names them in errors).

    Not a tuple, or an item of another type: `InvalidTypeError`; an empty tuple when
    ``non_empty``: `ValidationError`. The item's error names its place (``tiers[2]``).
    """
    name = kind.__name__
    plural = what or f"{name} values"

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise InvalidTypeError(
                field=attribute.name, value=value, rule=f"must be a list of {plural}"
            )
        if non_empty and not value:
            raise ValidationError(
                field=attribute.name, value=value, rule=f"must hold at least one of the {plural}"
            )
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                raise InvalidTypeError(
                    field=f"{attribute.name}[{i}]", value=item, rule=f"must be a {name}"
                )

    return check


def to_term(value: Term | str) -> Term:
    """Term text (``"12mo"``) as a `Term`; anything else, or unreadable text, unchanged."""
    if isinstance(value, str):
        try:
            return Term.parse(value)
        except AftersalesError:
            return value  # type: ignore[return-value]  # check_term refuses it by name
    return value


def to_optional_term(value: Term | str | None) -> Term | None:
    """Like `to_term`, keeping ``None``."""
    return None if value is None else to_term(value)


def check_term(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a `Term`: unreadable text with the grammar, other types by type."""
    if isinstance(value, Term):
        return
    if isinstance(value, str):
        try:
            Term.parse(value)
        except ValidationError as err:
            raise type(err)(field=attribute.name, value=value, rule=err.rule) from None
    raise InvalidTypeError(
        field=attribute.name, value=value, rule="must be a Term such as '12mo' or '30d'"
    )
