"""Customer satisfaction (CSAT): the share of satisfied ratings (private to metrics).

`aftersales_core.metrics.satisfaction` exports it beside the Net Promoter Score; both count
answers on the same validated core.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from functools import partial
from typing import Any, ClassVar, overload

import attrs

from ..errors import ValidationError
from ._accumulator import KeyLike, OnInvalid
from ._scale import ScaleAccumulator, check_scale
from ._stats import Interval, check_confidence, wilson
from .segments import run

__all__ = ["CSATAccumulator", "CSATResult", "csat"]


@attrs.frozen(kw_only=True)
class CSATResult:
    """A customer satisfaction score: the share of satisfied ratings, and the mean.

    Attributes:
        n: Valid ratings counted.
        satisfied: Ratings of ``satisfied_from`` or more.
        skipped: Invalid ratings skipped.
        score: % satisfied (0–100); ``None`` when ``n == 0``.
        mean: Mean rating; ``None`` when ``n == 0``.
        standard_error: Of ``score``, in points: 100·√(p(1−p)/n).
        interval: Wilson score interval of ``score``.
        distribution: ``(rating, count)`` for each rating of the scale.
        scale: Ratings run from 1 to ``scale``.
        satisfied_from: Lowest rating counted as satisfied.

    Examples:
        >>> r = csat([5, 4, 3, 1])
        >>> r.satisfied, r.score, r.mean
        (2, 50.0, 3.25)
    """

    n: int
    satisfied: int
    skipped: int
    score: float | None
    mean: float | None
    standard_error: float | None
    interval: Interval | None
    distribution: tuple[tuple[int, int], ...]
    scale: int
    satisfied_from: int


class CSATAccumulator(ScaleAccumulator[CSATResult]):
    """The streaming, mergeable form of `csat`.

    Args:
        scale: Ratings run from 1 to ``scale`` (default 5).
        satisfied_from: Lowest satisfied rating (default: the top two, 4 on a 5-point scale).
        on_invalid: ``"raise"`` or ``"skip"``.
        score: Field name or function giving the rating of a record.
        confidence: Level of the interval.

    Examples:
        >>> acc = CSATAccumulator(scale=10, satisfied_from=8)
        >>> acc.update([10, 8, 7, 2]).result().score
        50.0
        >>> CSATAccumulator(satisfied_from=6)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: satisfied_from: 6 must be from 2 to the scale's top, 5
    """

    __slots__ = ("_confidence", "_satisfied_from")
    _noun: ClassVar[str] = "ratings"

    def __init__(
        self,
        *,
        scale: int = 5,
        satisfied_from: int | None = None,
        on_invalid: OnInvalid = "raise",
        score: KeyLike | None = None,
        confidence: float = 0.95,
    ) -> None:
        check_scale(scale)
        threshold = max(2, scale - 1) if satisfied_from is None else satisfied_from
        if (
            isinstance(threshold, bool)
            or not isinstance(threshold, int)
            or not 2 <= threshold <= scale
        ):
            raise ValidationError(
                field="satisfied_from",
                value=satisfied_from,
                rule=f"must be from 2 to the scale's top, {scale}",
            )
        super().__init__(low=1, high=scale, on_invalid=on_invalid, score=score)
        self._satisfied_from = threshold
        self._confidence = check_confidence(confidence)

    def _settings(self) -> tuple[object, ...]:
        return (*super()._settings(), self._satisfied_from, self._confidence)

    def _finish(self, counts: tuple[int, ...], skipped: int) -> CSATResult:
        n = sum(counts)
        satisfied = sum(counts[self._satisfied_from - 1 :])
        p = satisfied / n if n else None
        return CSATResult(
            n=n,
            satisfied=satisfied,
            skipped=skipped,
            score=None if p is None else 100 * satisfied / n,
            mean=None if p is None else sum(r * k for r, k in enumerate(counts, 1)) / n,
            standard_error=None if p is None else 100 * math.sqrt(p * (1 - p) / n),
            interval=None if p is None else wilson(satisfied, n, self._confidence),
            distribution=self._pairs(counts),
            scale=self._high,
            satisfied_from=self._satisfied_from,
        )


@overload
def csat(
    ratings: Iterable[Any],
    *,
    scale: int = ...,
    satisfied_from: int | None = ...,
    score: KeyLike | None = ...,
    by: None = ...,
    on_invalid: OnInvalid = ...,
    confidence: float = ...,
) -> CSATResult: ...
@overload
def csat(
    ratings: Iterable[Any],
    *,
    scale: int = ...,
    satisfied_from: int | None = ...,
    score: KeyLike | None = ...,
    by: KeyLike,
    on_invalid: OnInvalid = ...,
    confidence: float = ...,
) -> dict[Hashable, CSATResult]: ...
def csat(
    ratings: Iterable[Any],
    *,
    scale: int = 5,
    satisfied_from: int | None = None,
    score: KeyLike | None = None,
    by: KeyLike | None = None,
    on_invalid: OnInvalid = "raise",
    confidence: float = 0.95,
) -> CSATResult | dict[Hashable, CSATResult]:
    """Customer satisfaction: the percentage of ratings of ``satisfied_from`` or more.

    The "top-two-box" convention: on a 1–5 scale, 4 (satisfied) and 5 (very
    satisfied) count. The mean rating is reported beside it.

    Args:
        ratings: Whole numbers 1–``scale``, or records read with ``score=``.
        scale: Top of the scale (default 5).
        satisfied_from: Lowest satisfied rating (default ``scale - 1``, at least 2).
        score: Field name or function giving the rating of a record.
        by: Segment key: return segment → result.
        on_invalid: ``"raise"`` or ``"skip"``.
        confidence: Level of the Wilson interval.

    Returns:
        A `CSATResult`, or a dict of them when ``by`` is given.

    Raises:
        InvalidScoreError: A rating outside the scale (with its position), unless skipped.

    Examples:
        >>> r = csat([5, 5, 4, 2, 1])
        >>> r.score, r.mean
        (60.0, 3.4)
        >>> csat([5, 0])
        Traceback (most recent call last):
        ...
        aftersales_core.metrics._accumulator.InvalidScoreError: ratings[1]: 0 is not a whole number from 1 to 5
    """
    return run(
        partial(
            CSATAccumulator,
            scale=scale,
            satisfied_from=satisfied_from,
            on_invalid=on_invalid,
            score=score,
            confidence=confidence,
        ),
        ratings,
        by,
    )
