"""Did the score really change? A two-sample test between periods or segments.

For two independent samples the difference of the estimates has standard
error √(SE₁² + SE₂²); the interval is the difference ± z·SE and the z test
reads its two-sided p-value from the normal distribution. The same rule serves
NPS (trinomial SE), CSAT (SE of a proportion) and CES (SE of a mean).

Examples:
    >>> from aftersales_core.metrics import compare, nps
    >>> january = nps([10] * 40 + [8] * 30 + [3] * 30)
    >>> february = nps([10] * 55 + [8] * 25 + [3] * 20)
    >>> change = compare(january, february)
    >>> change.difference, round(change.p_value, 3)
    (25.0, 0.029)
"""

from __future__ import annotations

import math
from statistics import NormalDist

import attrs

from ..errors import InvalidTypeError, ValidationError
from ._stats import Interval, check_confidence, wald
from .effort import CESResult
from .satisfaction import CSATResult, NPSResult

__all__ = ["Comparison", "compare"]

Comparable = NPSResult | CSATResult | CESResult


@attrs.frozen(kw_only=True)
class Comparison:
    """The change from ``before`` to ``after``, with its precision.

    Attributes:
        n: Answers in both samples.
        before: The first score (``None`` when that sample is empty).
        after: The second score.
        difference: ``after − before``; ``None`` when either sample is empty.
        standard_error: √(SE₁² + SE₂²); ``None`` when either SE is unknown.
        interval: ``difference ± z·SE``.
        z: ``difference / SE``; ``None`` when the SE is zero or unknown.
        p_value: Two-sided p-value of "no change"; ``None`` with ``z``.

    Examples:
        >>> from aftersales_core.metrics import csat
        >>> c = compare(csat([5, 4, 2, 1]), csat([5, 5, 4, 2]))
        >>> c.difference, c.score, c.n
        (25.0, 25.0, 8)
    """

    n: int
    before: float | None
    after: float | None
    difference: float | None
    standard_error: float | None
    interval: Interval | None
    z: float | None
    p_value: float | None

    @property
    def score(self) -> float | None:
        """The headline number: the difference."""
        return self.difference


def compare(before: Comparable, after: Comparable, *, confidence: float = 0.95) -> Comparison:
    """Compare two NPS, CSAT or CES results of independent samples.

    Args:
        before: The baseline (an earlier period, or one segment).
        after: The result compared with it.
        confidence: Level of the interval of the difference.

    Returns:
        The `Comparison`.

    Raises:
        ValidationError: The results are of different metrics or scales.

    Examples:
        >>> from aftersales_core.metrics import ces, nps
        >>> compare(nps([]), nps([10])).difference is None
        True
        >>> compare(ces([1, 2]), ces([1, 2], scale=5))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: after: ... must be the same metric on the same scale as before
    """
    confidence = check_confidence(confidence)
    for field, result in (("before", before), ("after", after)):
        if not isinstance(result, NPSResult | CSATResult | CESResult):
            raise InvalidTypeError(
                field=field, value=result, rule="must be an NPS, CSAT or CES result"
            )
    if _kind(before) != _kind(after):
        raise ValidationError(
            field="after",
            value=after,
            rule="must be the same metric on the same scale as before",
        )
    n = before.n + after.n
    diff = se = ci = z = p = None
    if before.score is not None and after.score is not None:
        diff = after.score - before.score
        if before.standard_error is not None and after.standard_error is not None:
            se = math.hypot(before.standard_error, after.standard_error)
            span = 200.0 if isinstance(before, NPSResult) else _span(before)
            ci = wald(diff, se, confidence, low=-span, high=span)
            if se > 0:
                z = diff / se
                p = 2 * (1 - NormalDist().cdf(abs(z)))
    return Comparison(
        n=n,
        before=before.score,
        after=after.score,
        difference=diff,
        standard_error=se,
        interval=ci,
        z=z,
        p_value=p,
    )


def _kind(result: Comparable) -> tuple[object, ...]:
    if isinstance(result, NPSResult):
        return (NPSResult,)
    if isinstance(result, CSATResult):
        return (CSATResult, result.scale, result.satisfied_from)
    return (CESResult, result.scale, result.higher_is_easier)


def _span(result: CSATResult | CESResult) -> float:
    return 100.0 if isinstance(result, CSATResult) else float(result.scale - 1)
