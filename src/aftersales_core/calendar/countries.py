"""Public holidays and make-up working days of a country, from the ``holidays`` package.

A calendar's holidays are plain dates; these two functions read them for any
country (and subdivision) the `holidays <https://pypi.org/project/holidays/>`_
package knows, for the years asked. The package is imported on first use.

Examples:
    >>> from aftersales_core.calendar import country_holidays, country_workdays
    >>> len(country_holidays("VN", years=2026)) > 10, sorted(country_workdays("VN", years=2025))
    (True, [datetime.date(2025, 4, 26)])
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ..errors import ValidationError

__all__ = ["country_holidays", "country_workdays"]


def country_holidays(
    country: str, years: int | Iterable[int], subdiv: str | None = None
) -> frozenset[date]:
    """The public holidays of a country (and subdivision), from the ``holidays`` package.

    Observed and substituted days off are included (Vietnam's 2 May 2025,
    given for working Saturday 26 April).

    Args:
        country: ISO 3166-1 code, e.g. ``"VN"``.
        years: A year or the years to cover.
        subdiv: Optional ISO 3166-2 subdivision, e.g. ``"CA"`` for California.

    Returns:
        The dates of the holidays.

    Raises:
        ValidationError: The country, subdivision or years are unknown.

    Examples:
        >>> tet = sorted(d for d in country_holidays("VN", years=2026) if d.month == 2)
        >>> [d.isoformat() for d in tet]  # doctest: +NORMALIZE_WHITESPACE
        ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']
    """
    found, _ = _country_calendar(country, years, subdiv)
    return frozenset(found)


def country_workdays(
    country: str, years: int | Iterable[int], subdiv: str | None = None
) -> frozenset[date]:
    """Weekend days a country makes working days, to make up for a bridged holiday.

    Apply them with `BusinessCalendar.with_workdays`.

    Args:
        country: ISO 3166-1 code, e.g. ``"VN"``.
        years: A year or the years to cover; days outside them are left out.
        subdiv: Optional ISO 3166-2 subdivision.

    Returns:
        The dates of the make-up working days.

    Examples:
        >>> sorted(d.isoformat() for d in country_workdays("VN", years=range(2025, 2027)))
        ['2025-04-26', '2026-08-22']
    """
    found, wanted = _country_calendar(country, years, subdiv)
    return frozenset(d for d in found.weekend_workdays if d.year in wanted)


def _years(years: int | Iterable[int]) -> tuple[int, ...]:
    out = (years,) if isinstance(years, int) else tuple(years)
    for year in out:
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise ValidationError(field="years", value=years, rule="must be years 1 to 9999")
    return out


def _country_calendar(country: str, years: int | Iterable[int], subdiv: str | None) -> Any:
    """The ``holidays`` package's calendar for a country, and the years asked for."""
    import holidays as holidays_package  # heavy: only when asked

    wanted = _years(years)
    try:
        return holidays_package.country_holidays(country, subdiv=subdiv, years=wanted), wanted
    except NotImplementedError as err:
        field, value = ("subdiv", subdiv) if "subdivision" in str(err) else ("country", country)
        raise ValidationError(
            field=field, value=value, rule="is not known to the holidays package"
        ) from None
