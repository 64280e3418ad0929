"""Scores are real numbers of the scale: no complex number, no bool, no other look-alike.

``9 + 0j == 9`` and hashes like 9, as ``True`` does like 1: a dict or a ``Counter`` would count
either as a score. Every counting path refuses them at their position, and still accepts the
real numbers equal to a point of the scale (``9.0``, ``Decimal(9)``, ``Fraction(9)``).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales_core.metrics import CSATAccumulator, InvalidScoreError, NPSAccumulator, csat, nps


@pytest.mark.parametrize(
    "scores",
    [[9 + 0j], [9, 9 + 0j], [10, 9, complex(9)], [1 + 0j] * 3, [9, "x", 9 + 0j]],
    ids=["alone", "after a 9", "complex()", "where a bool hides", "with text"],
)
def test_a_complex_number_is_not_a_score(scores: list[Any]) -> None:
    position = next(i for i, s in enumerate(scores) if isinstance(s, complex | str))
    with pytest.raises(InvalidScoreError) as caught:
        nps(scores)
    assert caught.value.position == position
    assert caught.value.value == scores[position]
    assert caught.value.field == f"scores[{position}]"


def test_complex_numbers_are_skipped_not_counted() -> None:
    result = nps([9, 9 + 0j, 10, 1 + 0j], on_invalid="skip")
    assert (result.n, result.skipped, result.promoters) == (2, 2, 2)
    accumulator = NPSAccumulator(on_invalid="skip")
    accumulator.add(9 + 0j)
    assert (accumulator.n, accumulator.skipped) == (0, 1)


def test_a_complex_number_added_alone_is_refused() -> None:
    with pytest.raises(InvalidScoreError):
        CSATAccumulator().add(5 + 0j)


def test_a_complex_score_of_a_record_is_refused() -> None:
    with pytest.raises(InvalidScoreError) as caught:
        csat([{"csat": 5}, {"csat": 5 + 0j}], score="csat")
    assert caught.value.position == 1


def test_real_numbers_equal_to_a_point_of_the_scale_are_scores() -> None:
    assert nps([9, 9.0, Decimal(9), Fraction(9)]).promoters == 4


def test_numpy_complex_is_not_a_score() -> None:
    numpy = pytest.importorskip("numpy")
    with pytest.raises(InvalidScoreError) as caught:
        nps([9, numpy.complex128(9)])
    assert caught.value.position == 1
    assert nps(numpy.array([9, 10, 0])).n == 3


@given(
    st.lists(
        st.one_of(
            st.integers(-2, 12),
            st.complex_numbers(max_magnitude=12).filter(lambda z: z.imag == 0)
            | st.integers(0, 10).map(complex),
            st.booleans(),
        ),
        max_size=30,
    )
)
def test_skipping_counts_exactly_the_whole_numbers_of_the_scale(scores: list[Any]) -> None:
    result = nps(scores, on_invalid="skip")
    valid = [s for s in scores if type(s) is int and 0 <= s <= 10]
    assert result.n == len(valid)
    assert result.skipped == len(scores) - len(valid)
    assert result.promoters == sum(1 for s in valid if s >= 9)
