"""Occasions for gifts and greetings: birthdays, Tết, year end and your own dates.

Vietnamese customer care sends gifts "on birthdays, Tết and year end". Two of those are
harder than they look:

* **Birthdays on 29 February** fall on 28 February in common years by default
  (``LeapDayRule.FEB_28``), or on 1 March (``LeapDayRule.MAR_1``).
* **Tết** (Tết Nguyên Đán, the lunar new year) moves every year between 21 January and
  20 February. Its date is taken from the ``holidays`` package's Vietnamese calendar
  (`tet`), never written by hand; the package covers 1901 to 2100.

`Occasions.upcoming` lists every customer's occasions whose day (in the programme's
time zone) overlaps a window of instants.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import attrs
import pendulum

from .._internal import validate as _v
from .._internal.instants import real_time, reduce_keeping_fold, unix_micros
from ..errors import InvalidTypeError, ValidationError
from ..facts import Customer
from ..terms import as_instant
from . import _dates as _d

__all__ = [
    "CustomDate",
    "LeapDayRule",
    "OccasionKind",
    "Occasions",
    "Occurrence",
    "birthday_in",
    "tet",
]


class OccasionKind(enum.StrEnum):
    """The kinds of occasion.

    Examples:
        >>> [k.value for k in OccasionKind]
        ['birthday', 'tet', 'year_end', 'custom']
    """

    BIRTHDAY = "birthday"
    TET = "tet"
    YEAR_END = "year_end"
    CUSTOM = "custom"


class LeapDayRule(enum.StrEnum):
    """When a 29 February birthday is celebrated in a common year.

    Examples:
        >>> LeapDayRule("mar_1")
        <LeapDayRule.MAR_1: 'mar_1'>
    """

    FEB_28 = "feb_28"
    """On 28 February, still in the birthday month (the default)."""
    MAR_1 = "mar_1"
    """On 1 March, the day after 28 February."""


def tet(year: int) -> date:
    """The first day of Tết (the Vietnamese lunar new year) in ``year``.

    The date comes from the ``holidays`` package's Vietnamese lunisolar calendar, which
    can differ from the Chinese one (Tết 1985 was on 21 January, Chinese New Year on
    20 February).

    Args:
        year: A year from 1901 to 2100.

    Raises:
        ValidationError: The ``holidays`` package has no Tết date for ``year``.

    Examples:
        >>> tet(2025), tet(1985)
        (datetime.date(2025, 1, 29), datetime.date(1985, 1, 21))
        >>> tet(1900)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: year: 1900 has no Tết date in the holidays package (it covers 1901-2100)
    """
    found = _d.tet_of(_d.check_year(year))
    if found is None:
        raise ValidationError(
            field="year",
            value=year,
            rule="has no Tết date in the holidays package (it covers 1901-2100)",
        )
    return found


def _to_leap_rule(value: LeapDayRule | str) -> LeapDayRule:
    return _v.as_enum(LeapDayRule, value)


def _on(month: int, day: int, year: int, leap_day: LeapDayRule) -> date:
    if (month, day) == (2, 29) and not calendar.isleap(year):
        return date(year, 3, 1) if leap_day is LeapDayRule.MAR_1 else date(year, 2, 28)
    return date(year, month, day)


def birthday_in(birthday: date, year: int, *, leap_day: LeapDayRule | str = "feb_28") -> date:
    """The day a ``birthday`` is celebrated in ``year``.

    Args:
        birthday: The date of birth.
        year: The year of the celebration.
        leap_day: Where 29 February goes in a common year.

    Examples:
        >>> from datetime import date
        >>> birthday_in(date(2000, 2, 29), 2026), birthday_in(date(2000, 2, 29), 2028)
        (datetime.date(2026, 2, 28), datetime.date(2028, 2, 29))
        >>> birthday_in(date(2000, 2, 29), 2026, leap_day="mar_1")
        datetime.date(2026, 3, 1)
    """
    rule = _to_leap_rule(leap_day)
    _v.check_enum(LeapDayRule, "leap_day", rule)
    return _on(birthday.month, birthday.day, _d.check_year(year), rule)


@attrs.frozen(kw_only=True)
class CustomDate:
    """A date of your own: a shop's anniversary every year, or a one-off event.

    Attributes:
        name: The occasion's key (``"shop_anniversary"``), used in plans and templates.
        month: The month, 1 to 12.
        day: The day of the month.
        year: The year of a one-off date; ``None`` for every year.

    Raises:
        ValidationError: A day that no such month has.

    Examples:
        >>> CustomDate(name="anniversary", month=6, day=15).on(2026)
        datetime.date(2026, 6, 15)
        >>> CustomDate(name="launch", month=9, day=1, year=2026).on(2027) is None
        True
        >>> CustomDate(name="x", month=4, day=31)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: day: 31 is not a day of month 4
    """

    name: str = attrs.field(validator=_v.check_text)
    month: int = attrs.field(validator=_d.check_month)
    day: int = attrs.field(validator=_v.check_count)
    year: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_count)
    )

    def __attrs_post_init__(self) -> None:
        # 2000 is a leap year, so a yearly 29 February is allowed here.
        last = calendar.monthrange(self.year or 2000, self.month)[1]
        if not 1 <= self.day <= last:
            raise ValidationError(
                field="day", value=self.day, rule=f"is not a day of month {self.month}"
            )

    def on(self, year: int, *, leap_day: LeapDayRule | str = "feb_28") -> date | None:
        """The date in ``year``, or ``None`` for a one-off date of another year.

        Examples:
            >>> CustomDate(name="leap", month=2, day=29).on(2027)
            datetime.date(2027, 2, 28)
        """
        if self.year is not None and self.year != year:
            return None
        return _on(self.month, self.day, year, _to_leap_rule(leap_day))


def _to_kind(value: OccasionKind | str) -> OccasionKind:
    return _v.as_enum(OccasionKind, value)


@attrs.frozen(kw_only=True)
class Occurrence:
    """One customer's occasion on one day.

    Attributes:
        kind: Birthday, Tết, year end or custom.
        name: The occasion's key: ``"birthday"``, ``"tet"``, ``"year_end"`` or a custom name.
        customer_id: Whose occasion it is.
        on: The day.
        starts_at: The start of that day in the programme's time zone.

    Examples:
        >>> import pendulum
        >>> from datetime import date
        >>> o = Occurrence(kind="tet", name="tet", customer_id="C-1", on=date(2026, 2, 17),
        ...                starts_at=pendulum.datetime(2026, 2, 17, tz="Asia/Ho_Chi_Minh"))
        >>> o.kind
        <OccasionKind.TET: 'tet'>
    """

    __reduce__ = reduce_keeping_fold

    kind: OccasionKind = attrs.field(converter=_to_kind)
    name: str = attrs.field(validator=_v.check_text)
    customer_id: str = attrs.field(validator=_v.check_text)
    on: date = attrs.field()
    starts_at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )

    @kind.validator
    def _check_kind(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _v.check_enum(OccasionKind, attribute.name, value)

    @on.validator
    def _check_on(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, date) or isinstance(value, datetime):
            raise InvalidTypeError(field=attribute.name, value=value, rule="must be a date")


def _window_of(between: tuple[datetime, datetime]) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    """Read a ``(start, end)`` window of aware instants, ``start`` before ``end``.

    Raises:
        ValidationError: Not a pair, or ``end`` not after ``start``.

    Examples:
        >>> import pendulum
        >>> start = pendulum.datetime(2026, 1, 1, tz="UTC")
        >>> _window_of((start, start))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: between: ... must end after it starts
    """
    if not isinstance(between, tuple | list) or len(between) != 2:
        raise ValidationError(
            field="between", value=between, rule="must be a (start, end) pair of instants"
        )
    start = as_instant(between[0], field="between[0]")
    end = as_instant(between[1], field="between[1]")
    if unix_micros(end) <= unix_micros(start):
        raise ValidationError(field="between", value=between, rule="must end after it starts")
    return start, end


@attrs.frozen(kw_only=True)
class Occasions:
    """Which occasions a business celebrates, and in which time zone.

    Attributes:
        timezone: The IANA zone whose days the occasions fall on.
        birthdays: Celebrate customers' birthdays (those whose birthday is known).
        tet: Celebrate Tết.
        year_end: Celebrate the year end on 31 December (``year_end_day`` changes the day).
        year_end_day: The day of December for the year-end occasion.
        custom: Your own dates.
        leap_day: Where 29 February goes in a common year.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.facts import Customer
        >>> start = pendulum.datetime(2026, 12, 1, tz="Asia/Ho_Chi_Minh")
        >>> occ = Occasions(custom=[CustomDate(name="anniversary", month=12, day=8)])
        >>> [o.name for o in occ.upcoming([Customer(id="C-1", name="An")],
        ...                               (start, start.add(months=1)))]
        ['anniversary', 'year_end']
    """

    timezone: str = attrs.field(default="Asia/Ho_Chi_Minh", validator=_d.check_zone)
    birthdays: bool = attrs.field(default=True, validator=_v.check_bool)
    tet: bool = attrs.field(default=True, validator=_v.check_bool)
    year_end: bool = attrs.field(default=True, validator=_v.check_bool)
    year_end_day: int = attrs.field(default=31, validator=_v.check_count)
    custom: tuple[CustomDate, ...] = attrs.field(
        default=(),
        converter=_v.to_tuple,
        validator=_v.tuple_of(CustomDate),
    )
    leap_day: LeapDayRule = attrs.field(default=LeapDayRule.FEB_28, converter=_to_leap_rule)

    @year_end_day.validator
    def _check_year_end_day(self, attribute: attrs.Attribute[Any], value: int) -> None:
        if not 1 <= value <= 31:
            raise ValidationError(field=attribute.name, value=value, rule="must be from 1 to 31")

    @leap_day.validator
    def _check_leap_day(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _v.check_enum(LeapDayRule, attribute.name, value)

    def days(self, customer: Customer, year: int) -> list[tuple[OccasionKind, str, date]]:
        """The customer's occasions in ``year``, as ``(kind, name, day)`` in date order.

        Examples:
            >>> Occasions(year_end=False).days(Customer(id="C", name="An",
            ...                                         birthday=date(1990, 5, 2)), 2026)
            [(<OccasionKind.TET: 'tet'>, 'tet', datetime.date(2026, 2, 17)), (<OccasionKind.BIRTHDAY: 'birthday'>, 'birthday', datetime.date(2026, 5, 2))]
        """
        out: list[tuple[OccasionKind, str, date]] = []
        if self.birthdays and customer.birthday is not None:
            out.append(
                (
                    OccasionKind.BIRTHDAY,
                    "birthday",
                    birthday_in(customer.birthday, year, leap_day=self.leap_day),
                )
            )
        if self.tet:
            out.append((OccasionKind.TET, "tet", tet(year)))
        if self.year_end:
            out.append((OccasionKind.YEAR_END, "year_end", date(year, 12, self.year_end_day)))
        for custom in self.custom:
            day = custom.on(year, leap_day=self.leap_day)
            if day is not None:
                out.append((OccasionKind.CUSTOM, custom.name, day))
        return sorted(out, key=lambda item: item[2])

    def upcoming(
        self, customers: Iterable[Customer], between: tuple[datetime, datetime]
    ) -> list[Occurrence]:
        """Every customer's occasions whose day overlaps ``between``, in time order.

        Args:
            customers: The customers.
            between: A ``(start, end)`` window of aware instants; an occasion is listed
                when its day, in `timezone`, overlaps ``[start, end)``.

        Raises:
            ValidationError: A bad window, or a year outside the range Tết is known for.

        Examples:
            >>> at = pendulum.datetime(2026, 5, 2, 15, tz="Asia/Ho_Chi_Minh")
            >>> occ = Occasions().upcoming([Customer(id="C", name="An", birthday=date(1990, 5, 2))],
            ...                            (at, at.add(hours=1)))
            >>> [(o.name, o.starts_at.isoformat()) for o in occ]
            [('birthday', '2026-05-02T00:00:00+07:00')]
        """
        start, end = _window_of(between)
        first = start.in_timezone(self.timezone).date()
        last = end.in_timezone(self.timezone).subtract(microseconds=1).date()
        found: list[tuple[int, int, Occurrence]] = []
        for index, customer in enumerate(customers):
            if not isinstance(customer, Customer):
                raise InvalidTypeError(
                    field=f"customers[{index}]", value=customer, rule="must be a Customer"
                )
            for year in range(first.year, last.year + 1):
                for kind, name, day in self.days(customer, year):
                    if not first <= day <= last:
                        continue
                    starts = pendulum.datetime(day.year, day.month, day.day, tz=self.timezone)
                    found.append(
                        (
                            unix_micros(starts),
                            index,
                            Occurrence(
                                kind=kind,
                                name=name,
                                customer_id=customer.id,
                                on=day,
                                starts_at=starts,
                            ),
                        )
                    )
        return [item[-1] for item in sorted(found, key=lambda item: item[:2])]
