"""Reading purchase records: the customer, the instant and the order; periods of time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pendulum

from .._internal.instants import unix_micros
from ..errors import InvalidTypeError, ValidationError
from ..terms import as_instant
from ._accumulator import KeyLike, key_function, required_key

__all__ = ["Period", "PurchaseReader", "check_period"]

Period = tuple[datetime, datetime]
"""A half-open span of time ``[start, end)`` given as two aware instants."""


class PurchaseReader:
    """Reads the customer, the instant and the order of a purchase record."""

    __slots__ = ("customer", "order", "when")

    def __init__(self, customer: KeyLike, when: KeyLike, order: KeyLike | None = None) -> None:
        self.customer = required_key(customer, field="customer")
        self.when = required_key(when, field="when")
        self.order = key_function(order, field="order")

    def instant(self, item: Any) -> pendulum.DateTime:
        return as_instant(self.when(item), field="purchased_at")

    def settings(self) -> tuple[object, ...]:
        return (self.customer, self.when, self.order)


def check_period(value: Period, field: str) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    """Refuse anything but a ``(start, end)`` pair of aware instants with ``start < end``."""
    if not isinstance(value, tuple) or len(value) != 2:
        raise InvalidTypeError(field=field, value=value, rule="must be a (start, end) pair")
    start, end = (
        as_instant(value[0], field=f"{field}[0]"),
        as_instant(value[1], field=f"{field}[1]"),
    )
    if not unix_micros(start) < unix_micros(end):
        raise ValidationError(field=field, value=value, rule="must start before it ends")
    return start, end
