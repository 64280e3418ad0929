"""Dates for occasions (private to care.occasions): years, months, zone names and Tết.

The validators refuse a value with a typed error that names the field; `tet_of` reads
the first day of Tết from the ``holidays`` package's Vietnamese calendar.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import attrs
import pendulum

from .._internal import validate as _v
from ..errors import InvalidTypeError, ValidationError

__all__ = ["check_month", "check_year", "check_zone", "tet_of"]


def check_year(year: object) -> int:
    """``year`` if it is a whole number (a bool is not)."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidTypeError(field="year", value=year, rule="must be a whole number")
    return year


@functools.lru_cache(maxsize=256)
def tet_of(year: int) -> date | None:
    """The first day of Tết in ``year``, or ``None`` outside the years the package covers."""
    import holidays  # heavy: loaded on the first Tết asked for

    # The English names are fixed; the default language follows the environment.
    days = holidays.country_holidays("VN", years=year, language="en_US", observed=False)
    found = days.get_named("Lunar New Year", lookup="exact")
    return found[0] if found else None


def check_month(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse a month that is not a whole number from 1 to 12."""
    _v.check_count(_instance, attribute, value)
    if not 1 <= value <= 12:  # type: ignore[operator]
        raise ValidationError(field=attribute.name, value=value, rule="must be from 1 to 12")


def check_zone(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but the name of an IANA time zone."""
    if not isinstance(value, str):
        raise InvalidTypeError(field=attribute.name, value=value, rule="must be a zone name")
    try:
        pendulum.timezone(value)
    except Exception:  # pendulum raises several kinds for a bad name
        raise ValidationError(
            field=attribute.name, value=value, rule="is not an IANA time zone name"
        ) from None
