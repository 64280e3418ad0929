"""Customer satisfaction: Net Promoter Score and CSAT.

Both are counts over a short answer scale, so both share one validated
counting core: exact, constant memory, and mergeable by addition. Formulas and
their sources are in the explanation page *Metrics: formulas and sources*.
NPS is computed here; CSAT in a private sibling module, exported from here.

Examples:
    >>> from aftersales_core.metrics import csat, nps
    >>> nps([10, 9, 8, 0]).score
    25.0
    >>> csat([5, 4, 3, 1]).score
    50.0
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from functools import partial
from typing import Any, Literal, overload

import attrs

from ._accumulator import KeyLike, OnInvalid, check_choice
from ._csat import CSATAccumulator, CSATResult, csat
from ._scale import ScaleAccumulator
from ._stats import Interval, check_confidence, wald
from .segments import run

__all__ = ["CSATAccumulator", "CSATResult", "NPSAccumulator", "NPSResult", "csat", "nps"]

NPSInterval = Literal["wald", "adjusted_wald"]


@attrs.frozen(kw_only=True)
class NPSResult:
    """A Net Promoter Score with its counts, shares and precision.

    Attributes:
        n: Valid answers counted.
        promoters: Answers of 9 or 10.
        passives: Answers of 7 or 8.
        detractors: Answers from 0 to 6.
        skipped: Invalid answers skipped (``on_invalid="skip"``).
        score: % promoters − % detractors, from −100 to 100; ``None`` when ``n == 0``.
        promoter_share: % of promoters (0–100); ``None`` when ``n == 0``.
        passive_share: % of passives.
        detractor_share: % of detractors.
        standard_error: Of ``score``, in points, from the variance of the
            +1/0/−1 variable (the trinomial-mean method).
        interval: Confidence interval of ``score``, clipped to [−100, 100].
        distribution: ``(answer, count)`` for each answer from 0 to 10.

    Examples:
        >>> r = nps([10, 9, 8, 0])
        >>> r.n, r.promoters, r.passives, r.detractors, r.score
        (4, 2, 1, 1, 25.0)
        >>> r.promoter_share, r.detractor_share, round(r.standard_error, 2)
        (50.0, 25.0, 41.46)
        >>> nps([]).score is None
        True
    """

    n: int
    promoters: int
    passives: int
    detractors: int
    skipped: int
    score: float | None
    promoter_share: float | None
    passive_share: float | None
    detractor_share: float | None
    standard_error: float | None
    interval: Interval | None
    distribution: tuple[tuple[int, int], ...]


class NPSAccumulator(ScaleAccumulator[NPSResult]):
    """The streaming, mergeable form of `nps`.

    Args:
        on_invalid: ``"raise"`` (default) on a score that is not 0–10, or
            ``"skip"`` to skip it and count it in ``skipped``.
        score: Read the score from each item (a field name or a function)
            when the items are survey records rather than bare numbers.
        confidence: Level of the interval (0.95 = 95%).
        interval: ``"wald"`` (estimate ± z·SE) or ``"adjusted_wald"``
            (Rocks, 2016: add 3/4 promoter, 3/4 detractor and 3 to n first;
            better coverage for small or unanimous samples, but its centre is
            not the estimate).

    Examples:
        >>> acc = NPSAccumulator()
        >>> acc.add(10)
        >>> acc.update(x for x in [9, 8, 0]).result().score
        25.0
        >>> acc.merge(NPSAccumulator().update([10])).result().n
        5
    """

    __slots__ = ("_confidence", "_method")

    def __init__(
        self,
        *,
        on_invalid: OnInvalid = "raise",
        score: KeyLike | None = None,
        confidence: float = 0.95,
        interval: NPSInterval = "wald",
    ) -> None:
        super().__init__(low=0, high=10, on_invalid=on_invalid, score=score)
        self._confidence = check_confidence(confidence)
        check_choice("interval", interval, ("wald", "adjusted_wald"))
        self._method = interval

    def _settings(self) -> tuple[object, ...]:
        return (*super()._settings(), self._confidence, self._method)

    def _finish(self, counts: tuple[int, ...], skipped: int) -> NPSResult:
        det, pas, pro = sum(counts[:7]), counts[7] + counts[8], counts[9] + counts[10]
        n = det + pas + pro
        if n == 0:
            return NPSResult(
                n=0,
                promoters=0,
                passives=0,
                detractors=0,
                skipped=skipped,
                score=None,
                promoter_share=None,
                passive_share=None,
                detractor_share=None,
                standard_error=None,
                interval=None,
                distribution=self._pairs(counts),
            )
        score = 100 * (pro - det) / n
        # Var(X) for X = +1/0/−1 is p₊ + p₋ − (p₊ − p₋)²; over n² it is a whole
        # number, so the variance is exact and never a hair below zero.
        se = 100 * math.sqrt(((pro + det) * n - (pro - det) ** 2) / n**3)
        if self._method == "wald":
            ci = wald(score, se, self._confidence, low=-100, high=100)
        else:
            na, pa, da = n + 3, pro + 0.75, det + 0.75
            centre = 100 * (pa - da) / na
            se_adj = 100 * math.sqrt(((pa + da) * na - (pa - da) ** 2) / na**3)
            ci = wald(centre, se_adj, self._confidence, low=-100, high=100)
        return NPSResult(
            n=n,
            promoters=pro,
            passives=pas,
            detractors=det,
            skipped=skipped,
            score=score,
            promoter_share=100 * pro / n,
            passive_share=100 * pas / n,
            detractor_share=100 * det / n,
            standard_error=se,
            interval=ci,
            distribution=self._pairs(counts),
        )


@overload
def nps(
    scores: Iterable[Any],
    *,
    score: KeyLike | None = ...,
    by: None = ...,
    on_invalid: OnInvalid = ...,
    confidence: float = ...,
    interval: NPSInterval = ...,
) -> NPSResult: ...
@overload
def nps(
    scores: Iterable[Any],
    *,
    score: KeyLike | None = ...,
    by: KeyLike,
    on_invalid: OnInvalid = ...,
    confidence: float = ...,
    interval: NPSInterval = ...,
) -> dict[Hashable, NPSResult]: ...
def nps(
    scores: Iterable[Any],
    *,
    score: KeyLike | None = None,
    by: KeyLike | None = None,
    on_invalid: OnInvalid = "raise",
    confidence: float = 0.95,
    interval: NPSInterval = "wald",
) -> NPSResult | dict[Hashable, NPSResult]:
    """Net Promoter Score of answers to "how likely are you to recommend us?" (0–10).

    Promoters answer 9–10, passives 7–8, detractors 0–6; the score is
    % promoters − % detractors (Reichheld, 2003).

    Args:
        scores: Whole numbers 0–10 (``9.0`` counts as 9), or records read with ``score=``.
            A list is counted in one pass; any other iterable is streamed in chunks.
        score: Field name or function giving the score of a record.
        by: Segment key (field name or function): return segment → result.
        on_invalid: ``"raise"`` or ``"skip"`` (see `NPSAccumulator`).
        confidence: Level of the interval.
        interval: ``"wald"`` or ``"adjusted_wald"``.

    Returns:
        An `NPSResult`, or a dict of them when ``by`` is given.

    Raises:
        InvalidScoreError: A score outside 0–10 (with its position), unless skipped.

    Examples:
        >>> nps([10, 9, 8, 0]).score
        25.0
        >>> nps([10, None, 11, 6], on_invalid="skip").skipped
        2
        >>> nps([10, 9, 8, 0], interval="adjusted_wald").interval.low < 0
        True
    """
    return run(
        partial(
            NPSAccumulator,
            on_invalid=on_invalid,
            score=score,
            confidence=confidence,
            interval=interval,
        ),
        scores,
        by,
    )
