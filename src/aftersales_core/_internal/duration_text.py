"""Reading duration text: ``"1h30m"`` and ISO 8601 ``"PT30M"`` (private to `aftersales_core.terms`).

Kept apart from `aftersales_core.terms` so that module holds the public rules
(which values are durations, what is refused) and this one the grammar.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

__all__ = ["text_micros"]

_UNIT_SECONDS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1}
_COMPACT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(w|d|h|m|s)\s*", re.IGNORECASE)
_ISO = re.compile(
    r"P(?:(?P<w>\d+(?:\.\d+)?)W)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?",
    re.IGNORECASE,
)
# Wide enough for any number the grammar admits within the bound, to the microsecond.
_DURATION_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)


def text_micros(text: str, limit: int) -> int | None:
    """The microseconds of duration text (already stripped); ``None`` if it is not one.

    A number far beyond ``limit`` comes back as ``limit + 1`` rather than a huge int.

    Examples:
        >>> text_micros("1h30m", 10**12), text_micros("PT0.5S", 10**12), text_micros("4x", 1)
        (5400000000, 500000, None)
    """
    if not text:
        return None
    if text[0] in "Pp":
        match = _ISO.fullmatch(text)
        if match is None or not any(match.groupdict().values()) or text.upper().endswith("T"):
            return None
        parts = [(num, unit) for unit, num in match.groupdict().items() if num is not None]
    else:
        pos, parts = 0, []
        while pos < len(text):
            found = _COMPACT.match(text, pos)
            if found is None:
                return None
            parts.append((found.group(1), found.group(2).lower()))
            pos = found.end()
    ctx = _DURATION_CONTEXT
    total = Decimal(0)
    for num, unit in parts:
        total = ctx.add(total, ctx.multiply(Decimal(num), _UNIT_SECONDS[unit.lower()]))
    micros = ctx.multiply(total, 1_000_000)
    if micros.adjusted() > 30:  # far beyond the bound: do not build a huge int
        return limit + 1
    return int(micros.to_integral_value(context=ctx))
