"""Field converters and validators specific to policies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import attrs

from .. import _validate as _v
from ..errors import InvalidTypeError, ValidationError
from ..money import ROUNDINGS
from ..periods import Term

__all__ = [
    "check_codes",
    "check_optional_positive",
    "check_rounding",
    "check_term",
    "micros",
    "to_codes",
    "to_term",
]


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


def to_term(value: Term | str) -> Term:
    """A term, reading text such as ``"12mo"`` or ``"lifetime"``."""
    return Term.parse(value) if isinstance(value, str) else value


def check_term(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a Term."""
    if not isinstance(value, Term):
        raise InvalidTypeError(field=attribute.name, value=value, rule="must be a Term or '12mo'")


def check_rounding(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but one of the decimal module's rounding modes."""
    if value not in ROUNDINGS:
        raise ValidationError(
            field=attribute.name,
            value=value,
            rule="must be one of the decimal module's ROUND_* modes",
        )


def micros(span: timedelta) -> int:
    """A span in whole microseconds (``Duration // timedelta`` is broken in pendulum 3)."""
    return (span.days * 86_400 + span.seconds) * 1_000_000 + span.microseconds
