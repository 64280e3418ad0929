"""Segments (by=), field getters, duration summaries and the accumulator helpers."""

import pickle
from datetime import timedelta
from functools import partial
from types import SimpleNamespace

import pendulum
import pytest

from aftersales_core import ValidationError
from aftersales_core.errors import InvalidTypeError
from aftersales_core.metrics import (
    CSATAccumulator,
    DurationAccumulator,
    FieldGetter,
    InvalidScoreError,
    NPSAccumulator,
    SegmentedAccumulator,
    csat,
    duration_summary,
    merge_all,
    nps,
)

ANSWERS = [
    {"channel": "hotline", "tier": "gold", "score": 10},
    {"channel": "email", "tier": None, "score": 3},
    {"channel": "hotline", "tier": "gold", "score": 8},
    {"channel": "zalo_oa", "tier": "silver", "score": 9},
]


def test_by_field_name_on_mappings_and_attributes():
    by = nps(ANSWERS, score="score", by="channel")
    assert list(by) == ["email", "hotline", "zalo_oa"]
    assert by["hotline"].score == 50.0
    objects = [
        SimpleNamespace(customer=SimpleNamespace(tier=a["tier"]), score=a["score"]) for a in ANSWERS
    ]
    by_tier = nps(objects, score="score", by="customer.tier")
    assert set(by_tier) == {
        "gold",
        "silver",
        None,
    }  # keys that do not compare keep first-seen order
    assert list(by_tier) == ["gold", None, "silver"]


def test_by_key_function():
    by = csat([1, 2, 3, 4, 5], by=lambda r: "high" if r >= 4 else "low")
    assert {k: v.n for k, v in by.items()} == {"high": 2, "low": 3}


def test_missing_field_names_field_and_item():
    with pytest.raises(ValidationError, match="has no field 'tier'"):
        nps([{"score": 10}], score="score", by="tier")
    with pytest.raises(ValidationError, match=r"customer\.tier"):
        FieldGetter("customer.tier")(SimpleNamespace(customer=object()))


def test_unhashable_segment_key_is_refused():
    with pytest.raises(InvalidTypeError, match="hashable"):
        nps([{"score": 10, "tags": ["a"]}], score="score", by="tags")


def test_invalid_score_in_a_segment_reports_the_position_in_the_whole_input():
    answers = [*ANSWERS, {"channel": "email", "score": 11}]
    with pytest.raises(InvalidScoreError) as info:
        nps(answers, score="score", by="channel")
    assert info.value.position == 4
    assert info.value.field == "scores[4]"
    seg = SegmentedAccumulator(partial(NPSAccumulator, score="score"), by="channel")
    seg.update(ANSWERS)
    with pytest.raises(InvalidScoreError) as info:
        seg.add({"channel": "web", "score": -1})
    assert info.value.position == 4
    with pytest.raises(InvalidScoreError) as info:
        seg.update([{"channel": "web", "score": 10}, {"channel": "web", "score": 99}])
    assert info.value.position == 5
    assert "web" not in seg.segments  # the failed update left no trace


def test_segmented_accumulator_views_and_total():
    seg = SegmentedAccumulator(partial(NPSAccumulator, score="score"), by="channel")
    seg.add(ANSWERS[0])
    seg.update(ANSWERS[1:])
    assert set(seg.segments) == {"hotline", "email", "zalo_oa"}
    with pytest.raises(TypeError):
        seg.segments["web"] = NPSAccumulator()  # type: ignore[index]
    assert seg.total().result() == nps(ANSWERS, score="score")
    empty = SegmentedAccumulator(NPSAccumulator, by=str)
    assert empty.total().result().n == 0
    assert empty.result() == {}
    assert repr(seg) == "SegmentedAccumulator(segments=['hotline', 'email', 'zalo_oa'])"


def test_segmented_merge_does_not_share_state_with_its_operands():
    a = SegmentedAccumulator(partial(NPSAccumulator, score="score"), by="channel").update(
        ANSWERS[:2]
    )
    b = SegmentedAccumulator(partial(NPSAccumulator, score="score"), by="channel").update(
        ANSWERS[2:]
    )
    merged = a.merge(b)
    merged.add({"channel": "hotline", "score": 0})
    merged.add({"channel": "zalo_oa", "score": 0})
    assert a.segments["hotline"].n == 1
    assert b.segments["zalo_oa"].n == 1
    assert merged.segments["hotline"].n == 3


def test_segmented_accumulator_needs_a_key():
    with pytest.raises(InvalidTypeError, match="by"):
        SegmentedAccumulator(NPSAccumulator, by=None)  # type: ignore[arg-type]


def test_field_getter_equality_and_pickling():
    g = FieldGetter("a.b")
    assert g == FieldGetter("a.b")
    assert g != FieldGetter("a")
    assert g != "a.b"
    assert hash(g) == hash(FieldGetter("a.b"))
    assert pickle.loads(pickle.dumps(g))({"a": {"b": 1}}) == 1


def test_merge_all_folds_every_part():
    parts = [CSATAccumulator().update(chunk) for chunk in ([5, 4], [2], [], [1, 5])]
    assert merge_all(parts).result() == csat([5, 4, 2, 1, 5])
    assert merge_all(iter(parts)).result().n == 5


def test_duration_summary_of_known_values():
    s = duration_summary([timedelta(hours=h) for h in range(1, 11)])
    assert (s.n, s.pending) == (10, 0)
    assert s.median == timedelta(hours=5)  # the lower median: an observed value
    assert s.p90 == timedelta(hours=9)
    assert s.p95 == timedelta(hours=10)
    assert s.mean == timedelta(hours=5, minutes=30)
    assert isinstance(s.mean, pendulum.Duration)


def test_duration_summary_mean_rounds_half_up_to_the_microsecond():
    s = duration_summary([timedelta(0), timedelta(microseconds=1)])
    assert s.mean == timedelta(microseconds=1)
    s = duration_summary([timedelta(0), timedelta(0), timedelta(microseconds=1)])
    assert s.mean == timedelta(0)


def test_duration_summary_by_segment():
    by = duration_summary(
        [timedelta(hours=1), timedelta(days=2)], by=lambda d: d >= timedelta(days=1)
    )
    assert {k: v.n for k, v in by.items()} == {False: 1, True: 1}


def test_durations_are_validated_with_their_position():
    with pytest.raises(InvalidTypeError, match=r"durations\[1\]: 5 must be a timedelta"):
        duration_summary([timedelta(1), 5])
    acc = DurationAccumulator().update([timedelta(1)])
    with pytest.raises(ValidationError, match=r"durations\[2\]"):
        acc.update([timedelta(1), timedelta(-1)])
    assert acc.n == 1  # atomic
    assert repr(acc) == "DurationAccumulator(n=1)"


@pytest.mark.parametrize("q", [-1, 100.5, "50", True])
def test_percentile_rank_must_be_0_to_100(q):
    with pytest.raises(ValidationError, match="q"):
        DurationAccumulator().percentile(q)


def test_percentile_of_nothing_is_none():
    acc = DurationAccumulator()
    assert acc.percentile(50) is None
    acc.add(timedelta(minutes=3))
    assert acc.percentile(0) == acc.percentile(100) == timedelta(minutes=3)
