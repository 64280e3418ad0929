"""Validators of the fields of ledger entries (private to care.entries).

They refuse a bad value with a `ValidationError` that names the field.
"""

from __future__ import annotations

from typing import Any

import attrs

from .._internal import validate as _v
from ..errors import ValidationError

__all__ = ["check_positive", "rerates_of"]


def check_positive(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a whole number above zero."""
    _v.check_count(_instance, attribute, value)
    if value == 0:
        raise ValidationError(field=attribute.name, value=value, rule="must be more than zero")


def rerates_of(kind: type[Any]) -> _v.Check:
    """The validator of a reversal's re-rates: ``kind`` values, each of another batch, once."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise ValidationError(
                field="rerates", value=value, rule=f"must be a list of {kind.__name__} values"
            )
        seen: set[str] = set()
        for i, rerate in enumerate(value):
            field = f"rerates[{i}]"
            if not isinstance(rerate, kind):
                raise ValidationError(field=field, value=rerate, rule=f"must be a {kind.__name__}")
            if rerate.batch_id == instance.purchase_id:
                raise ValidationError(
                    field=f"{field}.batch_id", value=rerate.batch_id, rule="is its own purchase"
                )
            if rerate.batch_id in seen:
                raise ValidationError(
                    field=f"{field}.batch_id", value=rerate.batch_id, rule="is repeated"
                )
            seen.add(rerate.batch_id)

    return check
