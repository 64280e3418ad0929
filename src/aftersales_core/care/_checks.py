"""Validators and converters shared by the care types (private).

Like `aftersales_core._internal.validate`, converters pass what they cannot read through
unchanged, so the validators refuse it with a typed error that names the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from .._internal.validate import Check
from ..errors import AftersalesError, InvalidTypeError
from ..terms import Term

__all__ = ["check_term", "instance_of", "items_of", "to_optional_term", "to_term", "to_tuple"]


def instance_of(kind: type, *, optional: bool = False) -> Check:
    """A validator refusing anything but an instance of ``kind`` (or ``None`` if optional)."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if optional and value is None:
            return
        if not isinstance(value, kind):
            raise InvalidTypeError(
                field=attribute.name, value=value, rule=f"must be a {kind.__name__}"
            )

    return check


def items_of(kind: type) -> Check:
    """A validator for a tuple whose every item is an instance of ``kind``."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise InvalidTypeError(
                field=attribute.name, value=value, rule=f"must be a list of {kind.__name__}"
            )
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                raise InvalidTypeError(
                    field=f"{attribute.name}[{i}]", value=item, rule=f"must be a {kind.__name__}"
                )

    return check


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """A list (any iterable but text) as a tuple; anything else unchanged."""
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple(value)
    return value  # type: ignore[return-value]  # items_of refuses it by name


def to_term(value: Term | str) -> Term:
    """Term text (``"12mo"``) as a `Term`; anything else unchanged."""
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
    """Refuse anything but a `Term`."""
    if not isinstance(value, Term):
        raise InvalidTypeError(
            field=attribute.name, value=value, rule="must be a Term such as '12mo' or '30d'"
        )
