"""The converter's leaf hooks: text, numbers, money, terms, durations, instants, dates, enums.

Every structure hook is strict — ``"yes"`` is not ``True``, ``7.5`` is not ``7``, a
string is not a list — and raises `Problem` naming what was
expected. Unstructure hooks write the canonical text each type reads back:

* ``Decimal`` → ``"0.2"`` (text, so no JSON reader ever rounds it);
* ``Money`` → ``"1500000 VND"``; ``Term`` → ``"12mo"``; durations → ``"1h30m"``;
* instants → ISO 8601 with the zone's name in brackets (RFC 9557):
  ``"2026-03-01T10:00:00+07:00[Asia/Ho_Chi_Minh]"``, so the zone survives the trip;
* dates → ``"2026-02-16"``; enums → their value.

Examples:
    >>> from decimal import Decimal
    >>> structure_money("1_500_000 VND", None), unstructure_decimal(Decimal("0.20"))
    (Money('1500000', 'VND'), '0.20')
    >>> structure_instant("2026-03-01T10:00:00+07:00[Asia/Ho_Chi_Minh]", None).timezone_name
    'Asia/Ho_Chi_Minh'
"""

from __future__ import annotations

import enum
import functools
import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import pendulum

from .._internal.exact import to_decimal as decimal_of
from .._internal.instants import micros_of
from ..errors import AftersalesError, ValidationError
from ..money import Money
from ..terms import Term, as_instant, format_duration, parse_duration
from ._errors import Problem, short_repr

__all__ = [
    "describe",
    "leaf",
    "structure_bool",
    "structure_date",
    "structure_decimal",
    "structure_decimal_or_money",
    "structure_duration",
    "structure_enum",
    "structure_float",
    "structure_instant",
    "structure_int",
    "structure_money",
    "structure_term",
    "structure_text",
    "unstructure_date",
    "unstructure_decimal",
    "unstructure_duration",
    "unstructure_instant",
    "unstructure_money",
]

T = TypeVar("T")
Hook = Callable[[Any, Any], T]

_MONEY = re.compile(r"\s*([-+]?\d[\d_]*(?:\.[\d_]+)?)\s+([A-Za-z]{3})\s*")
_ZONED = re.compile(r"(.+)\[([^\[\]]+)\]")
_WEEK = timedelta(days=7)
_MONEY_HINT = "write it as '1500000 VND' or a table { amount = 1500000, currency = \"VND\" }"


def describe(value: object) -> str:
    """What a value is, in the words of a document: text, a number, a list, a table.

    Examples:
        >>> describe([1]), describe({}), describe(True), describe(Decimal("1.5"))
        ('a list', 'a table', 'true/false', 'a number')
    """
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, datetime):
        return "a date and time"
    if isinstance(value, date):
        return "a date"
    return type(value).__name__


def _refuse(value: object, expected: str) -> Problem:
    return Problem(
        path="", problem=f"{short_repr(value)} must be {expected}, not {describe(value)}"
    )


def leaf(hook: Hook[T]) -> Hook[T]:
    """Turn the library's errors raised inside ``hook`` into a `Problem` at the value."""

    @functools.wraps(hook)
    def wrapped(value: Any, cl: Any) -> T:
        try:
            return hook(value, cl)
        except Problem:
            raise
        except ValidationError as err:
            raise Problem(path="", problem=f"{short_repr(err.value)} {err.rule}") from None
        except AftersalesError as err:
            raise Problem(path="", problem=str(err)) from None

    return wrapped


def structure_enum(value: Any, cl: type[enum.Enum]) -> enum.Enum:
    """A member of the enum ``cl`` from its value."""
    if isinstance(value, cl):
        return value
    if not isinstance(value, bool):
        try:
            return cl(value)
        except (ValueError, TypeError):
            pass
    known = ", ".join(str(member.value) for member in getattr(cl, "known", lambda: cl)())
    raise Problem(path="", problem=f"{short_repr(value)} must be one of: {known}")


def structure_text(value: Any, cl: Any) -> Any:
    """Text; for a ``str`` subclass that is an enum (``Channel``), a member of it."""
    if isinstance(cl, type) and issubclass(cl, enum.Enum):
        return structure_enum(value, cl)
    if isinstance(value, str):
        return value
    raise _refuse(value, "text")


def structure_bool(value: Any, cl: Any) -> bool:
    """``true`` or ``false`` only (not 1, not ``"yes"``)."""
    if isinstance(value, bool):
        return value
    raise _refuse(value, "true or false")


def structure_int(value: Any, cl: Any) -> Any:
    """A whole number (not a bool, not 7.0); for an ``IntEnum``, a member of it."""
    if isinstance(cl, type) and issubclass(cl, enum.Enum):
        return structure_enum(value, cl)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, Decimal | float):
        raise Problem(path="", problem=f"{value} must be a whole number")
    raise _refuse(value, "a whole number")


def structure_float(value: Any, cl: Any) -> float:
    """A finite number as a ``float`` (coordinates): JSON's Decimals are converted here."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            return number
    raise _refuse(value, "a finite number")


@leaf
def structure_decimal(value: Any, cl: Any) -> Decimal:
    """An exact decimal from a number or decimal text; floats are refused."""
    return decimal_of(value, "value")


def unstructure_decimal(value: Decimal) -> str:
    """A decimal as its exact text."""
    return str(value)


def _money_table(value: Mapping[Any, Any]) -> Money:
    extra = sorted(str(k) for k in value if k not in ("amount", "currency"))
    if extra:
        raise Problem(
            path=extra[0], problem="is not a known key; expected one of: amount, currency"
        )
    for key in ("amount", "currency"):
        if key not in value:
            raise Problem(path=key, problem="is required")
    if not isinstance(value["currency"], str):
        raise Problem(path="currency", problem=_refuse(value["currency"], "text").problem)
    try:
        return Money(value["amount"], value["currency"])
    except ValidationError as err:
        raise Problem(path=err.field, problem=f"{short_repr(err.value)} {err.rule}") from None


@leaf
def structure_money(value: Any, cl: Any) -> Money:
    """Money from ``"1500000 VND"`` or ``{amount = 1500000, currency = "VND"}``."""
    if isinstance(value, Money):
        return value
    if isinstance(value, Mapping):
        return _money_table(value)
    if isinstance(value, str):
        found = _MONEY.fullmatch(value)
        if found is None:
            raise Problem(path="", problem=f"{short_repr(value)} is not money; {_MONEY_HINT}")
        return Money(found.group(1).replace("_", ""), found.group(2))
    raise Problem(path="", problem=f"{short_repr(value)} is not money; {_MONEY_HINT}")


def unstructure_money(value: Money) -> str:
    """Money as ``"1500000 VND"``."""
    return f"{value.amount} {value.currency}"


def structure_decimal_or_money(value: Any, cl: Any) -> Decimal | Money | None:
    """A share (``"0.1"``, ``0.1``) or Money (``"50000 VND"``, a table) — restocking fees, credits."""
    if value is None:
        return None
    if isinstance(value, Money | Mapping) or (
        isinstance(value, str) and _MONEY.fullmatch(value) is not None
    ):
        return structure_money(value, Money)
    return structure_decimal(value, Decimal)


@leaf
def structure_term(value: Any, cl: Any) -> Term:
    """A term from ``"12mo"``, ``"2y"``, ``"lifetime"``."""
    if isinstance(value, Term):
        return value
    if not isinstance(value, str):
        raise _refuse(value, "a term such as '12mo', '2y' or 'lifetime'")
    return Term.parse(value)


@leaf
def structure_duration(value: Any, cl: Any) -> pendulum.Duration:
    """A duration from ``"30m"``, ``"4h"``, ``"1h30m"``, ``"PT30M"``."""
    if not isinstance(value, str | timedelta):
        raise _refuse(value, "a duration such as '30m' or '4h'")
    return parse_duration(value)


def unstructure_duration(value: timedelta) -> str:
    """A duration as text: in hours under a week, as service times are written.

    ``"30m"``, ``"48h"``, ``"1h30m"``; from a week up, the canonical ``"14d"``.
    """
    if value >= _WEEK:
        return format_duration(value)
    micros = micros_of(value)
    hours, rest = divmod(micros, 3_600_000_000)
    text = f"{hours}h" if hours else ""
    return text + format_duration(timedelta(microseconds=rest)) if rest or not text else text


@leaf
def structure_instant(value: Any, cl: Any) -> pendulum.DateTime:
    """An aware instant from ISO 8601 text (a ``[Zone/Name]`` suffix keeps the zone) or a datetime."""
    if isinstance(value, datetime):
        return as_instant(value)
    if not isinstance(value, str):
        raise _refuse(value, "an aware date and time such as '2026-03-01T10:00:00+07:00'")
    text, zone = value.strip(), None
    zoned = _ZONED.fullmatch(text)
    if zoned is not None:
        text, zone = zoned.group(1), zoned.group(2)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise Problem(
            path="", problem=f"{short_repr(value)} is not an ISO 8601 date and time"
        ) from None
    instant = as_instant(parsed)
    if zone is None:
        return instant
    try:
        local = instant.in_timezone(zone)
    except Exception:  # pendulum raises several kinds of error for a bad name
        raise Problem(path="", problem=f"{zone!r} is not an IANA time zone name") from None
    if local.utcoffset() != instant.utcoffset():
        raise Problem(
            path="", problem=f"{short_repr(value)}: the offset is not that of {zone} at that time"
        )
    return local


def unstructure_instant(value: datetime) -> str:
    """An instant as ISO 8601, with ``[Zone/Name]`` when its zone has a name."""
    tz = value.tzinfo
    text = value.isoformat()
    return f"{text}[{tz.name}]" if isinstance(tz, pendulum.Timezone) else text


@leaf
def structure_date(value: Any, cl: Any) -> date:
    """A calendar date from ``"2026-02-16"`` or a date (not a datetime)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _refuse(value, "a date such as '2026-02-16'")


def unstructure_date(value: date) -> str:
    """A date as ``"2026-02-16"``."""
    return value.isoformat()
