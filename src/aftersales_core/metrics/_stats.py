"""Interval arithmetic shared by the metrics: normal quantiles, Wald and Wilson intervals."""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

import attrs

from ..errors import InvalidTypeError, ValidationError

__all__ = ["Interval", "Rate", "check_confidence", "rate", "wald", "wilson", "z_value"]


@attrs.frozen(kw_only=True)
class Interval:
    """A confidence interval: ``low`` ≤ ``high``, at a ``confidence`` level (0.95 = 95%).

    Examples:
        >>> from aftersales_core.metrics import nps
        >>> ci = nps([10, 9, 8, 0]).interval
        >>> round(ci.low, 1), round(ci.high, 1), ci.confidence
        (-56.3, 100.0, 0.95)
        >>> 25.0 in ci
        True
    """

    low: float
    high: float
    confidence: float

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high

    @property
    def width(self) -> float:
        """``high − low``."""
        return self.high - self.low


def check_confidence(confidence: float) -> float:
    """Refuse a confidence level outside the open interval (0, 1).

    Examples:
        >>> check_confidence(95)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: confidence: 95 must be between 0 and 1 (0.95 for 95%)
    """
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        raise InvalidTypeError(field="confidence", value=confidence, rule="must be a number")
    if not 0 < confidence < 1:
        raise ValidationError(
            field="confidence", value=confidence, rule="must be between 0 and 1 (0.95 for 95%)"
        )
    return float(confidence)


@lru_cache(maxsize=32)
def z_value(confidence: float) -> float:
    """The two-sided standard normal quantile: 1.96 for 0.95.

    Examples:
        >>> round(z_value(0.95), 4)
        1.96
    """
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wald(
    estimate: float, standard_error: float, confidence: float, *, low: float, high: float
) -> Interval:
    """``estimate ± z·SE``, clipped to the range the statistic can take.

    Examples:
        >>> wald(90.0, 10.0, 0.95, low=-100, high=100).high
        100.0
    """
    margin = z_value(confidence) * standard_error
    return Interval(
        low=max(float(low), estimate - margin),
        high=min(float(high), estimate + margin),
        confidence=confidence,
    )


def wilson(hits: int, n: int, confidence: float) -> Interval:
    """Wilson's score interval for a proportion, in percent (Wilson, 1927).

    Unlike ``p ± z·SE`` it never leaves [0, 100], is not empty at 0% or 100%,
    and always contains the observed proportion.

    Examples:
        >>> ci = wilson(10, 10, 0.95)
        >>> round(ci.low, 1), ci.high
        (72.2, 100.0)
    """
    z = z_value(confidence)
    p = hits / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    margin = z * math.sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n)
    # Rounding can push a bound a hair past the estimate at p = 0 or 1; the
    # interval must still contain it.
    lo = min(p, max(0.0, centre - margin))
    hi = max(p, min(1.0, centre + margin))
    return Interval(low=100 * lo, high=100 * hi, confidence=confidence)


@attrs.frozen(kw_only=True)
class Rate:
    """A share of cases, in percent: repeat purchase, retention, reopen, first-contact resolution.

    Attributes:
        n: Cases in the denominator.
        hits: Cases counted in the numerator.
        pending: Cases left out because their outcome is not known yet (see each metric).
        score: ``100 · hits / n``; ``None`` when ``n == 0``.
        interval: Wilson score interval of ``score``; ``None`` when ``n == 0``.

    Examples:
        >>> r = rate(hits=3, n=4)
        >>> r.score, r.n, round(r.interval.low, 1)
        (75.0, 4, 30.1)
        >>> rate(hits=0, n=0).score is None
        True
    """

    n: int
    hits: int
    pending: int = 0
    score: float | None
    interval: Interval | None


def rate(*, hits: int, n: int, pending: int = 0, confidence: float = 0.95) -> Rate:
    """Build a `Rate` from its counts."""
    if n == 0:
        return Rate(n=0, hits=0, pending=pending, score=None, interval=None)
    return Rate(
        n=n,
        hits=hits,
        pending=pending,
        score=100 * hits / n,
        interval=wilson(hits, n, confidence),
    )
