"""Instants, durations and calendar terms.

Three different notions of "time" meet in after-sales service, and this module
keeps them apart:

* an **instant** is a point on the timeline, always time-zone aware
  (`as_instant`);
* a **duration** is an exact amount of elapsed time, "4h" or "30m"
  (`parse_duration`); business time is counted by
  `BusinessCalendar`, not here;
* a **term** is a calendar span, "12 months" or "2 years" (`Term`),
  added with month arithmetic: 31 January + 1 month is the last day of February.

Neither a duration nor any part of a term may span more than `MAX_YEARS`
(1000) years: longer values are refused when they are read, so that adding them to
an instant cannot overflow the calendar for a thousand years. A term that would
still end after the year 9999 raises `ValidationError`.

Examples:
    >>> from aftersales_core import Term, as_instant, parse_duration
    >>> import pendulum
    >>> bought = as_instant(pendulum.datetime(2024, 1, 31, 10, tz="Asia/Ho_Chi_Minh"))
    >>> Term(months=1).end(bought).isoformat()
    '2024-02-29T10:00:00+07:00'
    >>> parse_duration("1h30m").in_minutes()
    90
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

import attrs
import pendulum

from ._internal.duration_text import text_micros
from ._internal.instants import micros_of
from .errors import InvalidDurationError, InvalidTypeError, NaiveDatetimeError, ValidationError

__all__ = [
    "MAX_DURATION",
    "MAX_YEARS",
    "DurationLike",
    "Term",
    "as_instant",
    "duration_micros",
    "format_duration",
    "parse_duration",
]

MAX_YEARS: Final = 1000
"""The longest span, in years, of a duration or of any part of a `Term`."""

MAX_DURATION: Final = timedelta(days=366 * MAX_YEARS)
"""The longest duration `parse_duration` accepts: 1000 years of 366 days."""

DurationLike = str | timedelta
"""What the API accepts where a duration is expected: ``"4h"`` text, a
``timedelta`` or a pendulum ``Duration`` (a ``timedelta`` subclass)."""

_GRAMMAR = "write it as '30m', '4h', '2d', '1h30m' or ISO 8601 'PT30M'"
_TOO_LONG = f"is longer than {MAX_YEARS} years (366000d), the longest duration"
_MAX_MICROS = MAX_DURATION // timedelta(microseconds=1)


def parse_duration(value: DurationLike, *, field: str = "duration") -> pendulum.Duration:
    """Read a duration from text or a ``timedelta``.

    Accepted text: a sequence of ``<number><unit>`` with units ``w`` (weeks),
    ``d`` (24-hour days), ``h``, ``m`` (minutes) and ``s``, such as ``"30m"``,
    ``"4h"``, ``"1h30m"``, ``"1.5h"``; or an ISO 8601 duration without years or
    months, such as ``"PT30M"`` or ``"P2DT4H"``. Units of a calendar
    (months, years) are refused here, as text or as a pendulum ``Duration``
    built with them (see `duration_micros`): use `Term` for those.

    Args:
        value: The text, a ``timedelta`` or a pendulum ``Duration``.
        field: The name to use in an error message.

    Returns:
        The duration, resolved to whole microseconds.

    Raises:
        InvalidDurationError: The text is empty, negative or unreadable, the
            ``timedelta`` is negative or has months or years, or the duration is
            longer than `MAX_DURATION`.
        InvalidTypeError: The value is neither text nor a ``timedelta``.

    Examples:
        >>> parse_duration("4h")
        Duration(hours=4)
        >>> parse_duration("PT30M").in_minutes()
        30
        >>> parse_duration("1.5h") == parse_duration("90m")
        True
        >>> parse_duration("-4h")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidDurationError: duration: '-4h' is not a duration; ...
        >>> parse_duration("400000d")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidDurationError: duration: '400000d' is longer than 1000 years ...
    """
    if isinstance(value, timedelta):
        return pendulum.duration(microseconds=duration_micros(value, field=field))
    if not isinstance(value, str):
        raise InvalidTypeError(
            field=field, value=value, rule="must be duration text (e.g. '4h') or a timedelta"
        )
    micros = text_micros(value.strip(), _MAX_MICROS)
    if micros is None:
        raise InvalidDurationError(field=field, value=value, rule=f"is not a duration; {_GRAMMAR}")
    if micros > _MAX_MICROS:
        raise InvalidDurationError(field=field, value=value, rule=_TOO_LONG)
    return pendulum.duration(microseconds=micros)


_CALENDAR_UNITS = (
    "has months or years, which are not a fixed length (pendulum counts a month as 30 days); "
    "write the days, or use a Term for a calendar span"
)
_NOT_A_TIMEDELTA = "must be a timedelta (or a pendulum Duration)"


def duration_micros(value: timedelta, *, field: str = "duration") -> int:
    """The exact microseconds of a ``timedelta`` duration, checked: the one check of every duration.

    Every API that reads a duration (`parse_duration`, `BusinessCalendar.add`,
    compensation tiers, `duration_summary`) refuses through it: a negative one, one
    longer than `MAX_DURATION`, and a pendulum ``Duration`` built with months or
    years (pendulum stores them as 30 and 365 days; neither has a fixed length). The
    difference of two instants (an ``Interval``) is exact, whatever months it spans.

    Raises:
        InvalidDurationError: Negative, with months or years, or longer than `MAX_DURATION`.
        InvalidTypeError: ``value`` is not a ``timedelta``.

    Examples:
        >>> import pendulum
        >>> duration_micros(timedelta(hours=1))
        3600000000
        >>> duration_micros(pendulum.Duration(months=1))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidDurationError: duration: Duration(months=1) has months or years, ...
    """
    if not isinstance(value, timedelta):
        raise InvalidTypeError(field=field, value=value, rule=_NOT_A_TIMEDELTA)
    if (
        isinstance(value, pendulum.Duration)
        and not isinstance(value, pendulum.Interval)
        and (value.months or value.years)
    ):
        raise InvalidDurationError(field=field, value=value, rule=_CALENDAR_UNITS)
    if value < timedelta(0):
        raise InvalidDurationError(field=field, value=value, rule="must not be negative")
    if value > MAX_DURATION:
        raise InvalidDurationError(field=field, value=value, rule=_TOO_LONG)
    return micros_of(value)


def format_duration(duration: timedelta) -> str:
    """Write a duration as the canonical text `parse_duration` reads back.

    Days, hours, minutes and seconds, largest first, omitting zero parts;
    sub-second parts as decimal seconds. ``parse_duration(format_duration(d)) == d``.

    Args:
        duration: A non-negative duration.

    Returns:
        Text such as ``"1d2h30m"``, or ``"0s"`` for zero.

    Raises:
        InvalidDurationError: The duration is negative, has months or years, or
            is longer than `MAX_DURATION` (see `duration_micros`).
        InvalidTypeError: ``duration`` is not a ``timedelta`` (text is parsed, not formatted).

    Examples:
        >>> format_duration(parse_duration("PT90M"))
        '1h30m'
        >>> format_duration(parse_duration("48h"))
        '2d'
    """
    micros = duration_micros(duration)
    seconds, micro = divmod(micros, 1_000_000)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    out = "".join(f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (minutes, "m")) if n)
    if micro:
        out += f"{secs}.{micro:06d}".rstrip("0") + "s"
    elif secs or not out:
        out += f"{secs}s"
    return out


def as_instant(value: datetime, *, field: str = "at") -> pendulum.DateTime:
    """Return ``value`` as a time-zone-aware pendulum ``DateTime``.

    Args:
        value: An aware ``datetime`` or pendulum ``DateTime``.
        field: The name to use in an error message.

    Returns:
        The same instant, in the same time zone, as a pendulum ``DateTime``.

    Raises:
        NaiveDatetimeError: ``value`` has no time zone.
        InvalidTypeError: ``value`` is not a datetime (a ``date`` or a string, say).

    Examples:
        >>> from datetime import datetime, timezone
        >>> as_instant(datetime(2026, 2, 14, 4, 0, tzinfo=timezone.utc)).isoformat()
        '2026-02-14T04:00:00+00:00'
    """
    if isinstance(value, pendulum.DateTime):
        if value.tzinfo is None:
            raise NaiveDatetimeError(field=field, value=value, rule=_NAIVE_RULE)
        return value
    if not isinstance(value, datetime):
        raise InvalidTypeError(field=field, value=value, rule="must be an aware datetime")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetimeError(field=field, value=value, rule=_NAIVE_RULE)
    return pendulum.instance(value)


_NAIVE_RULE = "has no time zone; pass an aware datetime (e.g. tzinfo=ZoneInfo('Asia/Ho_Chi_Minh'))"


def _whole_number_up_to(field: str, limit: int) -> Callable[[object, object, object], None]:
    def check(_instance: object, _attribute: object, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(
                field=field, value=value, rule="must be a whole number, zero or more"
            )
        if value > limit:
            raise ValidationError(
                field=field, value=value, rule=f"must be at most {limit} ({MAX_YEARS} years)"
            )

    return check


def _check_bool(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(field="is_lifetime", value=value, rule="must be True or False")


@attrs.frozen(kw_only=True)
class Term:
    """A calendar span — years, months and days — or a lifetime that never ends.

    Terms use calendar arithmetic on the wall clock of the start instant:
    years and months first (clamped to the end of a shorter month, so
    31 January + 1 month is 28 or 29 February), then days.

    Attributes:
        years: Whole years, from 0 to 1000 (`MAX_YEARS`).
        months: Whole months, from 0 to 12 000.
        days: Whole days, from 0 to 366 000.
        is_lifetime: ``True`` for a term that never ends; build it with
            `Term.lifetime`.

    Raises:
        ValidationError: A part is negative, not a whole number or longer than
            1000 years, or a lifetime also has parts.
        InvalidTypeError: ``is_lifetime`` is not a ``bool``.

    Examples:
        >>> import pendulum
        >>> bought = pendulum.datetime(2026, 3, 1, 9, tz="Asia/Ho_Chi_Minh")
        >>> Term(months=12).end(bought).isoformat()
        '2027-03-01T09:00:00+07:00'
        >>> Term.lifetime().end(bought) is None
        True
        >>> str(Term(years=1, months=6))
        '1y6mo'
    """

    years: int = attrs.field(default=0, validator=_whole_number_up_to("years", MAX_YEARS))
    months: int = attrs.field(default=0, validator=_whole_number_up_to("months", 12 * MAX_YEARS))
    days: int = attrs.field(default=0, validator=_whole_number_up_to("days", 366 * MAX_YEARS))
    is_lifetime: bool = attrs.field(default=False, validator=_check_bool)

    def __attrs_post_init__(self) -> None:
        if self.is_lifetime and (self.years or self.months or self.days):
            raise ValidationError(
                field="is_lifetime",
                value=True,
                rule="cannot be combined with years, months or days",
            )

    @classmethod
    def lifetime(cls) -> Term:
        """A term that never ends (the translation company's lifetime warranty).

        Examples:
            >>> Term.lifetime()
            Term(years=0, months=0, days=0, is_lifetime=True)
        """
        return cls(is_lifetime=True)

    @classmethod
    def parse(cls, text: str) -> Term:
        """Read a term such as ``"12mo"``, ``"2y"``, ``"1y6mo"``, ``"30d"`` or ``"lifetime"``.

        Args:
            text: The term as text.

        Returns:
            The term.

        Raises:
            ValidationError: The text is not a term, or a part is longer than 1000 years.

        Examples:
            >>> Term.parse("1y6mo")
            Term(years=1, months=6, days=0, is_lifetime=False)
            >>> Term.parse("lifetime").is_lifetime
            True
        """
        if not isinstance(text, str):
            raise InvalidTypeError(field="term", value=text, rule="must be text such as '12mo'")
        clean = text.strip().lower()
        if clean == "lifetime":
            return cls(is_lifetime=True)
        match = _TERM.fullmatch(clean)
        if not clean or match is None:
            raise ValidationError(
                field="term",
                value=text,
                rule="is not a term; write it as '12mo', '2y', '1y6mo', '30d' or 'lifetime'",
            )
        parts = {k: _count(v) for k, v in match.groupdict().items()}
        return cls(years=parts["years"], months=parts["months"], days=parts["days"])

    def end(self, start: datetime) -> pendulum.DateTime | None:
        """The instant the term ends when it starts at ``start``; ``None`` for a lifetime.

        Args:
            start: An aware instant.

        Returns:
            The end instant in ``start``'s time zone, or ``None`` if the term never ends.

        Raises:
            NaiveDatetimeError: ``start`` has no time zone.
            ValidationError: The term would end after the year 9999.

        Examples:
            >>> import pendulum
            >>> Term(months=1).end(pendulum.datetime(2025, 1, 31, tz="UTC")).date().isoformat()
            '2025-02-28'
            >>> Term(years=600).end(pendulum.datetime(9500, 1, 1, tz="UTC"))
            Traceback (most recent call last):
            ...
            aftersales_core.errors.ValidationError: term: '600y' ends after the year 9999 ...
        """
        begin = as_instant(start, field="start")
        if self.is_lifetime:
            return None
        try:
            # Only the parts the term has: pendulum adds a zero through UTC, which has no
            # room for a local instant late on 9999-12-31 west of Greenwich.
            end = (
                begin.add(years=self.years, months=self.months)
                if self.years or self.months
                else begin
            )
            return end.add(days=self.days) if self.days else end
        except (OverflowError, ValueError):  # the datetime range ends with the year 9999
            raise ValidationError(
                field="term",
                value=str(self),
                rule=f"ends after the year 9999 when it starts at {begin.isoformat()}",
            ) from None

    def __str__(self) -> str:
        if self.is_lifetime:
            return "lifetime"
        out = "".join(
            f"{n}{u}" for n, u in ((self.years, "y"), (self.months, "mo"), (self.days, "d")) if n
        )
        return out or "0d"


def _count(digits: str | None) -> int:
    # Past twelve digits any count is refused by the validators; int() would refuse
    # thousands of digits with a bare ValueError.
    significant = (digits or "").lstrip("0") or "0"
    return int(significant) if len(significant) <= 12 else 10**12


_TERM = re.compile(r"(?:(?P<years>\d+)y)?(?:(?P<months>\d+)mo)?(?:(?P<days>\d+)d)?")
