"""Hypothesis strategies for aftersales_core's value types.

They follow Hypothesis's own style: plural names, keyword-only options, bounds
as ``min_value``/``max_value``. Use them to property-test your own policies.

Examples:
    >>> from hypothesis import given
    >>> from aftersales_core.testing import strategies as st
    >>> @given(st.money(currencies=["VND"], min_value=0))
    ... def test_never_negative(m):
    ...     assert m.amount >= 0
    >>> test_never_negative()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import pendulum
from hypothesis import strategies as hs

from .._internal.instants import DAY_US, SECOND_US, from_unix_micros, micros_of, unix_micros
from ..errors import ValidationError
from ..money import Money, minor_units
from ..terms import Term, as_instant

__all__ = [
    "COMMON_CURRENCIES",
    "COMMON_TIMEZONES",
    "currencies",
    "durations",
    "instants",
    "money",
    "terms",
]

COMMON_CURRENCIES: tuple[str, ...] = ("VND", "USD", "EUR", "JPY", "BHD", "GBP", "KRW", "THB")
"""Currencies drawn by default: minor units 0 (VND, JPY, KRW), 2 (USD, EUR, GBP, THB) and 3 (BHD)."""

COMMON_TIMEZONES: tuple[str, ...] = (
    "Asia/Ho_Chi_Minh",
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Chatham",
)
"""Zones drawn by default: Vietnam, UTC, and zones with DST, half-hour and 45-minute offsets."""


def currencies(*, codes: Sequence[str] | None = None) -> hs.SearchStrategy[str]:
    """ISO 4217 codes, from ``codes`` or `COMMON_CURRENCIES`.

    Examples:
        >>> from hypothesis import given
        >>> @given(currencies(codes=["VND", "JPY"]))
        ... def check(code):
        ...     assert code in ("VND", "JPY")
        >>> check()
    """
    return hs.sampled_from(tuple(codes) if codes is not None else COMMON_CURRENCIES)


def money(
    *,
    currencies: Sequence[str] | None = None,
    min_value: Decimal | int | None = None,
    max_value: Decimal | int | None = None,
) -> hs.SearchStrategy[Money]:
    """Exact `Money` amounts.

    Args:
        currencies: The codes to draw from (default `COMMON_CURRENCIES`).
        min_value: Smallest amount, in major units (default −10¹²).
        max_value: Largest amount, in major units (default 10¹²).

    Examples:
        >>> from hypothesis import given
        >>> @given(money(currencies=["USD"], min_value=0, max_value=1))
        ... def check(m):
        ...     assert Money(0, "USD") <= m <= Money(1, "USD")
        >>> check()
    """
    low = Decimal(min_value) if min_value is not None else Decimal(-(10**12))
    high = Decimal(max_value) if max_value is not None else Decimal(10**12)

    def build(code: str) -> hs.SearchStrategy[Money]:
        scale = 10 ** minor_units(code)
        lo_units = int((low * scale).to_integral_value(rounding="ROUND_CEILING"))
        hi_units = int((high * scale).to_integral_value(rounding="ROUND_FLOOR"))
        return hs.integers(lo_units, hi_units).map(lambda u: Money.from_units(u, code))

    codes = tuple(currencies) if currencies is not None else COMMON_CURRENCIES
    return hs.sampled_from(codes).flatmap(build)


def durations(
    *,
    min_value: timedelta = timedelta(0),
    max_value: timedelta = timedelta(days=30),
    resolution: timedelta = timedelta(seconds=1),
) -> hs.SearchStrategy[pendulum.Duration]:
    """Non-negative pendulum ``Duration`` values, multiples of ``resolution``.

    Examples:
        >>> from hypothesis import given
        >>> @given(durations(max_value=timedelta(hours=4)))
        ... def check(d):
        ...     assert timedelta(0) <= d <= timedelta(hours=4)
        >>> check()
    """
    step = micros_of(resolution)
    if step <= 0:
        raise ValidationError(field="resolution", value=resolution, rule="must be positive")
    lo = -(-micros_of(min_value) // step)
    hi = micros_of(max_value) // step
    return hs.integers(lo, hi).map(lambda n: pendulum.duration(microseconds=n * step))


def terms(*, max_years: int = 5, allow_lifetime: bool = True) -> hs.SearchStrategy[Term]:
    """Calendar `Term` values, including lifetimes unless told not to.

    Examples:
        >>> from hypothesis import given
        >>> @given(terms(allow_lifetime=False))
        ... def check(term):
        ...     assert not term.is_lifetime
        >>> check()
    """
    finite = hs.builds(
        Term,
        years=hs.integers(0, max_years),
        months=hs.integers(0, 24),
        days=hs.integers(0, 400),
    )
    return hs.one_of(finite, hs.just(Term.lifetime())) if allow_lifetime else finite


def instants(
    *,
    min_value: datetime = datetime(2000, 1, 1),
    max_value: datetime = datetime(2040, 12, 31),
    timezones: Sequence[str] | None = None,
) -> hs.SearchStrategy[pendulum.DateTime]:
    """Aware pendulum ``DateTime`` instants, in zones from ``timezones``.

    ``min_value`` and ``max_value`` are naive wall-clock bounds, as in
    `hypothesis.strategies.datetimes`. About half the draws fall within two hours of
    one of the zone's clock changes, both passes of a repeated hour included (``fold``
    0 and 1): that is where time bugs live. Wall times that do not exist are not drawn.

    Examples:
        >>> from hypothesis import given
        >>> @given(instants(timezones=["Asia/Ho_Chi_Minh"]))
        ... def check(at):
        ...     assert at.timezone_name == "Asia/Ho_Chi_Minh"
        >>> check()
    """
    zones = tuple(timezones) if timezones is not None else COMMON_TIMEZONES
    low, high = _plain_naive(min_value, "min_value"), _plain_naive(max_value, "max_value")
    anywhere = hs.datetimes(
        min_value=low,
        max_value=high,
        timezones=hs.sampled_from(zones).map(ZoneInfo),
        allow_imaginary=False,
    ).map(lambda dt: _in_zone(as_instant(dt), dt))

    @hs.composite
    def near_a_change(draw: hs.DrawFn) -> pendulum.DateTime:
        key = draw(hs.sampled_from(zones))
        changes = _clock_changes(key, draw(hs.integers(low.year, high.year)))
        if not changes:
            return draw(anywhere)
        change = draw(hs.sampled_from(changes))
        at = from_unix_micros(change + draw(hs.integers(-2, 2)) * 3600 * SECOND_US, key)
        at = at.add(microseconds=draw(hs.integers(0, 3600 * SECOND_US - 1)))  # real time
        return at if low <= at.naive() <= high else draw(anywhere)

    return hs.one_of(anywhere, near_a_change())


@lru_cache(maxsize=512)
def _clock_changes(key: str, year: int) -> tuple[int, ...]:
    # The instants (UTC microseconds) in ``year`` where the zone's offset changes: sampled
    # once a day, each change then found to the second by bisection.
    zone = ZoneInfo(key)
    if not 1 < year < 9999:
        return ()

    def offset(micros: int) -> timedelta | None:
        return datetime.fromtimestamp(micros / SECOND_US, tz=UTC).astimezone(zone).utcoffset()

    start = unix_micros(datetime(year, 1, 1, tzinfo=UTC))
    found: list[int] = []
    for day in range(366):
        a, b = start + day * DAY_US, start + (day + 1) * DAY_US
        if offset(a) == offset(b):
            continue
        while b - a > SECOND_US:
            mid = (a + b) // 2 // SECOND_US * SECOND_US
            a, b = (mid, b) if offset(mid) == offset(a) else (a, mid)
        found.append(b)
    return tuple(found)


def _plain_naive(value: datetime, field: str) -> datetime:
    if value.tzinfo is not None:
        raise ValidationError(field=field, value=value, rule="must be a naive wall-clock bound")
    # Hypothesis wants both bounds of the exact same type; pendulum's subclass is not.
    return datetime(*value.timetuple()[:6], value.microsecond)


def _in_zone(instant: pendulum.DateTime, original: datetime) -> pendulum.DateTime:
    # pendulum.instance keeps the zone's key; make sure the name is the one asked for.
    return instant.in_timezone(str(original.tzinfo))
