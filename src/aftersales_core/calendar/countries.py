"""Public holidays and make-up working days of a country, from the ``holidays`` package.

A calendar's holidays are dates; these two functions read them for any country
(and subdivision) the `holidays <https://pypi.org/project/holidays/>`_ package
knows. Country holidays are known only for the years read, so they remember them:
a `BusinessCalendar` built on `CountryHolidays` counts those years and refuses,
with a typed error naming them, any computation that reaches another one (New
Year's Day of a year nobody read is not an opening day). Without ``years`` every
year the package knows for the country is read (1901 to 2100 for Vietnam). The
package is imported on first use.

Examples:
    >>> from aftersales_core.calendar import country_holidays, country_workdays
    >>> len(country_holidays("VN", years=2026)) > 10, sorted(country_workdays("VN", years=2025))
    (True, [datetime.date(2025, 4, 26)])
    >>> country_holidays("VN", years=range(2026, 2028)).years
    range(2026, 2028)
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from datetime import date
from typing import Any

from ..errors import InvalidTypeError, ValidationError

__all__ = ["CountryHolidays", "country_holidays", "country_workdays"]


class _Every(enum.Enum):
    YEARS = "every year the holidays package knows for the country"

    def __repr__(self) -> str:
        return "every year the package knows"


EVERY_YEAR = _Every.YEARS


class CountryHolidays(frozenset[date]):
    """The public holidays of a country for some consecutive years: a set of dates that knows its years.

    A `BusinessCalendar` built on it counts only ``years``: a computation that
    reaches a date of another year raises `ValidationError` naming them. Combined
    with other dates (``holidays | {extra}``) it becomes a plain set of dates,
    taken as given.

    Attributes:
        country: The ISO 3166-1 code.
        subdiv: The ISO 3166-2 subdivision, or ``None``.
        years: The years read, consecutive.

    Examples:
        >>> vn = country_holidays("VN", years=2026)
        >>> date(2026, 9, 2) in vn, vn.years, vn == frozenset(vn)
        (True, range(2026, 2027), True)
    """

    country: str
    subdiv: str | None
    years: range

    def __new__(
        cls, dates: Iterable[date], *, country: str, subdiv: str | None, years: range
    ) -> CountryHolidays:
        """The dates, with the country, subdivision and years they were read for."""
        found = super().__new__(cls, dates)
        found.country, found.subdiv, found.years = country, subdiv, years
        return found

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (frozenset(self), self.country, self.subdiv, self.years))

    def __repr__(self) -> str:
        return (
            f"CountryHolidays({self.country!r}, subdiv={self.subdiv!r}, "
            f"years={self.years.start}-{self.years.stop - 1}, {len(self)} dates)"
        )


def _restore(
    dates: frozenset[date], country: str, subdiv: str | None, years: range
) -> CountryHolidays:
    return CountryHolidays(dates, country=country, subdiv=subdiv, years=years)


def country_holidays(
    country: str,
    years: int | Iterable[int] | _Every = EVERY_YEAR,
    subdiv: str | None = None,
) -> CountryHolidays:
    """The public holidays of a country (and subdivision), from the ``holidays`` package.

    Observed and substituted days off are included (Vietnam's 2 May 2025,
    given for working Saturday 26 April).

    Args:
        country: ISO 3166-1 code, e.g. ``"VN"``.
        years: A year or consecutive years to cover; left out, every year the
            package knows for the country.
        subdiv: Optional ISO 3166-2 subdivision, e.g. ``"CA"`` for California.

    Returns:
        The dates of the holidays, with the years they cover.

    Raises:
        ValidationError: The country or subdivision is unknown, or the years are
            not consecutive years the package knows for the country.
        InvalidTypeError: ``country`` is not text or ``years`` is not a year or years.

    Examples:
        >>> tet = sorted(d for d in country_holidays("VN", years=2026) if d.month == 2)
        >>> [d.isoformat() for d in tet]  # doctest: +NORMALIZE_WHITESPACE
        ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']
        >>> country_holidays("VN").years
        range(1901, 2101)
    """
    found, wanted = _country_calendar(country, years, subdiv)
    if wanted[-1] - wanted[0] + 1 != len(wanted):
        raise ValidationError(
            field="years",
            value=years,
            rule="must be consecutive years: a calendar counts every year from the first to the last",
        )
    span = range(wanted[0], wanted[-1] + 1)
    return CountryHolidays(found, country=country, subdiv=subdiv, years=span)


def country_workdays(
    country: str,
    years: int | Iterable[int] | _Every = EVERY_YEAR,
    subdiv: str | None = None,
) -> frozenset[date]:
    """Weekend days a country makes working days, to make up for a bridged holiday.

    Apply them with `BusinessCalendar.with_workdays`.

    Args:
        country: ISO 3166-1 code, e.g. ``"VN"``.
        years: A year or the years to cover (days outside them are left out);
            left out, every year the package knows for the country.
        subdiv: Optional ISO 3166-2 subdivision.

    Returns:
        The dates of the make-up working days.

    Examples:
        >>> sorted(d.isoformat() for d in country_workdays("VN", years=range(2025, 2027)))
        ['2025-04-26', '2026-08-22']
    """
    found, wanted = _country_calendar(country, years, subdiv)
    return frozenset(d for d in found.weekend_workdays if d.year in wanted)


def _years(years: object, known: range) -> tuple[int, ...]:
    if years is EVERY_YEAR:
        return tuple(known)
    if isinstance(years, str) or not isinstance(years, int | Iterable):
        raise InvalidTypeError(
            field="years", value=years, rule="must be a year or years, e.g. range(2026, 2028)"
        )
    out = (years,) if isinstance(years, int) else tuple(years)
    for year in out:
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise ValidationError(field="years", value=years, rule="must be years 1 to 9999")
    if not out:
        raise ValidationError(field="years", value=years, rule="must name at least one year")
    outside = sorted(set(out) - set(known))
    if outside:
        raise ValidationError(
            field="years",
            value=years,
            rule=(
                f"reaches {outside[0]}, outside {known.start}-{known.stop - 1}, the years the "
                "holidays package knows for this country: its holidays there are unknown"
            ),
        )
    return tuple(sorted(set(out)))


def _country_calendar(country: object, years: object, subdiv: object) -> Any:
    """The ``holidays`` package's calendar for a country, and the years asked for (sorted)."""
    if not isinstance(country, str):
        raise InvalidTypeError(
            field="country", value=country, rule="must be an ISO 3166-1 code such as 'VN'"
        )
    if subdiv is not None and not isinstance(subdiv, str):
        raise InvalidTypeError(
            field="subdiv", value=subdiv, rule="must be an ISO 3166-2 code such as 'CA', or None"
        )
    known = _known_years(country, subdiv)
    wanted = _years(years, known)
    return _read(country, subdiv, wanted), wanted


def _package() -> Any:
    import holidays as holidays_package  # heavy: only when asked

    return holidays_package


@functools.lru_cache(maxsize=64)
def _known_years(country: str, subdiv: str | None) -> range:
    try:
        empty = _package().country_holidays(country, subdiv=subdiv)
    except NotImplementedError as err:
        field, value = ("subdiv", subdiv) if "subdivision" in str(err) else ("country", country)
        raise ValidationError(
            field=field, value=value, rule="is not known to the holidays package"
        ) from None
    return range(max(empty.start_year, 1), min(empty.end_year, 9999) + 1)


@functools.lru_cache(maxsize=64)
def _read(country: str, subdiv: str | None, years: tuple[int, ...]) -> Any:
    return _package().country_holidays(country, subdiv=subdiv, years=years)
