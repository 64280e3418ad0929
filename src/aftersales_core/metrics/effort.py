"""Customer Effort Score (CES): how easy it was to get an issue handled.

Two conventions are in use and they point in opposite directions:

* the original (Dixon, Freeman and Toman, 2010): "How much effort did you
  personally have to put forth to handle your request?", 1 (very low effort)
  to 5 (very high effort) — **lower is better**;
* CES 2.0 (CEB, now Gartner): agreement with "The company made it easy for me
  to handle my issue", 1 (strongly disagree) to 7 (strongly agree) —
  **higher is better**.

A `CESResult` therefore carries its ``scale`` and ``higher_is_easier``,
and `compare` refuses to compare results on
different conventions.

Examples:
    >>> from aftersales_core.metrics import ces
    >>> r = ces([7, 6, 5, 2])
    >>> r.score, r.top_box, r.top_box_share
    (5.0, (5, 6, 7), 75.0)
    >>> ces([1, 2, 5], scale=5, higher_is_easier=False).top_box
    (1, 2)
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from functools import partial
from typing import Any, overload

import attrs

from ..errors import ValidationError
from ._accumulator import KeyLike, OnInvalid
from ._scale import ScaleAccumulator, check_scale
from ._stats import Interval, check_confidence, wald
from .segments import run

__all__ = ["CESAccumulator", "CESResult", "ces"]


@attrs.frozen(kw_only=True)
class CESResult:
    """A Customer Effort Score: the mean answer, its distribution and its top box.

    Attributes:
        n: Valid answers counted.
        skipped: Invalid answers skipped.
        score: Mean answer on the scale; ``None`` when ``n == 0``.
        standard_error: Of the mean: s/√n with the sample standard deviation;
            ``None`` below two answers.
        interval: Normal interval of the mean, clipped to [1, scale]; ``None`` below two answers.
        distribution: ``(answer, count)`` for each answer of the scale.
        scale: Answers run from 1 to ``scale``.
        higher_is_easier: ``True`` for ease/agreement scales (CES 2.0),
            ``False`` for effort scales (lower is better).
        top_box: The answers counted as easy: the best ``top_box_size`` ones.
        top_box_share: % of answers in the top box; ``None`` when ``n == 0``.

    Examples:
        >>> r = ces([7, 7, 6, 1])
        >>> r.score, r.n, r.higher_is_easier
        (5.25, 4, True)
        >>> dict(r.distribution)[7]
        2
    """

    n: int
    skipped: int
    score: float | None
    standard_error: float | None
    interval: Interval | None
    distribution: tuple[tuple[int, int], ...]
    scale: int
    higher_is_easier: bool
    top_box: tuple[int, ...]
    top_box_share: float | None


class CESAccumulator(ScaleAccumulator[CESResult]):
    """The streaming, mergeable form of `ces`.

    Args:
        scale: Answers run from 1 to ``scale`` (default 7).
        higher_is_easier: Direction of the scale (default ``True``, CES 2.0).
        top_box_size: How many of the best answers form the top box
            (default ``scale // 2``: 5–7 on a 7-point scale, 1–2 on an effort 1–5 scale).
        on_invalid: ``"raise"`` or ``"skip"``.
        score: Field name or function giving the answer of a record.
        confidence: Level of the interval.

    Examples:
        >>> CESAccumulator(scale=5, higher_is_easier=False).update([1, 2, 4]).result().score
        2.3333333333333335
        >>> CESAccumulator(top_box_size=0)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: top_box_size: 0 must be from 1 to 6
    """

    __slots__ = ("_confidence", "_higher", "_top")

    def __init__(
        self,
        *,
        scale: int = 7,
        higher_is_easier: bool = True,
        top_box_size: int | None = None,
        on_invalid: OnInvalid = "raise",
        score: KeyLike | None = None,
        confidence: float = 0.95,
    ) -> None:
        check_scale(scale)
        size = scale // 2 if top_box_size is None else top_box_size
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size < scale:
            raise ValidationError(
                field="top_box_size", value=top_box_size, rule=f"must be from 1 to {scale - 1}"
            )
        super().__init__(low=1, high=scale, on_invalid=on_invalid, score=score)
        self._higher = bool(higher_is_easier)
        self._top = (
            tuple(range(scale - size + 1, scale + 1)) if self._higher else tuple(range(1, size + 1))
        )
        self._confidence = check_confidence(confidence)

    def _settings(self) -> tuple[object, ...]:
        return (*super()._settings(), self._higher, self._top, self._confidence)

    def _finish(self, counts: tuple[int, ...], skipped: int) -> CESResult:
        n = sum(counts)
        total = sum(answer * k for answer, k in enumerate(counts, 1))
        squares = sum(answer * answer * k for answer, k in enumerate(counts, 1))
        mean = total / n if n else None
        se = ci = None
        if mean is not None and n > 1:
            # n·Σx² − (Σx)² is a whole number ≥ 0: the sample variance is exact.
            se = math.sqrt((n * squares - total * total) / (n * (n - 1)) / n)
            ci = wald(mean, se, self._confidence, low=1, high=self._high)
        in_box = sum(counts[answer - 1] for answer in self._top)
        return CESResult(
            n=n,
            skipped=skipped,
            score=mean,
            standard_error=se,
            interval=ci,
            distribution=self._pairs(counts),
            scale=self._high,
            higher_is_easier=self._higher,
            top_box=self._top,
            top_box_share=100 * in_box / n if n else None,
        )


@overload
def ces(
    scores: Iterable[Any],
    *,
    scale: int = ...,
    higher_is_easier: bool = ...,
    top_box_size: int | None = ...,
    score: KeyLike | None = ...,
    by: None = ...,
    on_invalid: OnInvalid = ...,
    confidence: float = ...,
) -> CESResult: ...
@overload
def ces(
    scores: Iterable[Any],
    *,
    scale: int = ...,
    higher_is_easier: bool = ...,
    top_box_size: int | None = ...,
    score: KeyLike | None = ...,
    by: KeyLike,
    on_invalid: OnInvalid = ...,
    confidence: float = ...,
) -> dict[Hashable, CESResult]: ...
def ces(
    scores: Iterable[Any],
    *,
    scale: int = 7,
    higher_is_easier: bool = True,
    top_box_size: int | None = None,
    score: KeyLike | None = None,
    by: KeyLike | None = None,
    on_invalid: OnInvalid = "raise",
    confidence: float = 0.95,
) -> CESResult | dict[Hashable, CESResult]:
    """Customer Effort Score: the mean answer, with the distribution and top-box share.

    Args:
        scores: Whole numbers 1–``scale``, or records read with ``score=``.
        scale: Top of the scale (7 for CES 2.0, 5 for the original effort question).
        higher_is_easier: ``True`` when a high answer means easy (CES 2.0).
        top_box_size: How many of the best answers count as "easy".
        score: Field name or function giving the answer of a record.
        by: Segment key: return segment → result.
        on_invalid: ``"raise"`` or ``"skip"``.
        confidence: Level of the interval.

    Returns:
        A `CESResult`, or a dict of them when ``by`` is given.

    Raises:
        InvalidScoreError: An answer outside the scale (with its position), unless skipped.

    Examples:
        >>> ces([7, 6, 5, 2]).score
        5.0
        >>> ces([]).score is None
        True
    """
    return run(
        partial(
            CESAccumulator,
            scale=scale,
            higher_is_easier=higher_is_easier,
            top_box_size=top_box_size,
            on_invalid=on_invalid,
            score=score,
            confidence=confidence,
        ),
        scores,
        by,
    )
