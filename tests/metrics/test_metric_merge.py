"""Hypothesis properties of the metric algebra: merge, bounds, monotonicity, intervals, percentiles."""

import itertools
import math
import pickle
from datetime import timedelta
from fractions import Fraction
from functools import partial, reduce
from operator import itemgetter

from hypothesis import example, given
from hypothesis import strategies as hs

from aftersales_core.metrics import (
    CESAccumulator,
    CSATAccumulator,
    DurationAccumulator,
    NPSAccumulator,
    SegmentedAccumulator,
    ces,
    compare,
    csat,
    nps,
)
from aftersales_core.testing import strategies as st

nps_scores = hs.lists(hs.integers(0, 10), max_size=60)
csat_ratings = hs.lists(hs.integers(1, 5), max_size=60)
ces_answers = hs.lists(hs.integers(1, 7), max_size=60)
durations = hs.lists(st.durations(max_value=timedelta(days=10)), max_size=40)

FACTORIES = {
    "nps": (NPSAccumulator, nps_scores),
    "nps-adjusted": (partial(NPSAccumulator, interval="adjusted_wald"), nps_scores),
    "csat": (CSATAccumulator, csat_ratings),
    "ces": (CESAccumulator, ces_answers),
    "ces-effort": (
        partial(CESAccumulator, scale=5, higher_is_easier=False),
        hs.lists(hs.integers(1, 5)),
    ),
    "durations": (DurationAccumulator, durations),
}
metric = hs.sampled_from(sorted(FACTORIES))


def three_parts(data, name):
    factory, values = FACTORIES[name]
    return factory, [factory().update(data.draw(values)) for _ in range(3)]


@given(metric, hs.data())
def test_merge_is_associative_and_commutative(name, data):
    _, (a, b, c) = three_parts(data, name)
    assert a.merge(b).result() == b.merge(a).result()
    assert a.merge(b).merge(c).result() == a.merge(b.merge(c)).result()


@given(metric, hs.data(), hs.lists(hs.integers(0, 200), max_size=4))
def test_merging_partials_equals_one_pass_over_the_concatenation(name, data, cuts):
    factory, values = FACTORIES[name]
    items = data.draw(values)
    bounds = sorted({0, len(items), *(min(c, len(items)) for c in cuts)})
    parts = [factory().update(items[i:j]) for i, j in itertools.pairwise(bounds)]
    merged = reduce(lambda x, y: x.merge(y), parts, factory())
    one_pass = factory().update(items).result()
    assert merged.result() == one_pass
    streamed = factory().update(iter(items))
    assert streamed.result() == one_pass
    by_one = factory()
    for item in items:
        by_one.add(item)
    assert by_one.result() == one_pass


@given(metric, hs.data())
def test_accumulators_survive_pickling(name, data):
    _, (a, _, _) = three_parts(data, name)
    assert pickle.loads(pickle.dumps(a)).result() == a.result()


@given(nps_scores)
def test_nps_stays_within_minus_100_and_100(scores):
    r = nps(scores)
    if r.n:
        assert -100 <= r.score <= 100
        assert r.promoters + r.passives + r.detractors == r.n == len(scores)
        assert abs(r.promoter_share + r.passive_share + r.detractor_share - 100) < 1e-9


@given(nps_scores, hs.sampled_from([9, 10]))
@example([9, 9, 0], 10)
def test_adding_a_promoter_never_lowers_nps(scores, promoter):
    before = nps(scores)
    after = nps([*scores, promoter])
    assert before.score is None or after.score >= before.score


@given(nps_scores, hs.integers(0, 6))
def test_adding_a_detractor_never_raises_nps(scores, detractor):
    before = nps(scores)
    after = nps([*scores, detractor])
    assert before.score is None or after.score <= before.score


@given(
    nps_scores,
    csat_ratings,
    ces_answers,
    hs.floats(0.5, 0.999),
)
def test_the_interval_contains_the_estimate(scores, ratings, answers, confidence):
    for r in (nps(scores, confidence=confidence), csat(ratings, confidence=confidence)):
        assert (r.interval is None) == (r.n == 0)
        if r.interval is not None:
            assert r.score in r.interval
    e = ces(answers, confidence=confidence)
    assert (e.interval is None) == (e.n < 2)
    if e.interval is not None:
        assert e.score in e.interval
        assert 1 <= e.interval.low <= e.interval.high <= 7


@given(nps_scores, nps_scores)
def test_the_comparison_interval_contains_the_difference(a, b):
    c = compare(nps(a), nps(b))
    if c.interval is not None:
        assert c.difference in c.interval
        assert c.difference == nps(b).score - nps(a).score


@given(nps_scores)
def test_wider_confidence_never_narrows_the_interval(scores):
    narrow = nps(scores, confidence=0.9).interval
    wide = nps(scores, confidence=0.99).interval
    if narrow is not None:
        assert wide.low <= narrow.low
        assert wide.high >= narrow.high


@given(durations, hs.floats(0, 100))
def test_percentiles_are_order_statistics_of_the_data(values, q):
    acc = DurationAccumulator().update(values)
    p = acc.percentile(q)
    if not values:
        assert p is None
        return
    ordered = sorted(values)
    assert p in ordered
    # nearest rank: p is the value of rank max(1, ceil(q% of n)) in the sorted data
    rank = max(1, math.ceil(Fraction(q) * len(ordered) / 100))
    assert sum(v < p for v in ordered) < rank <= sum(v <= p for v in ordered)
    s = acc.result()
    assert s.min == ordered[0]
    assert s.max == ordered[-1]
    assert s.min <= s.median <= s.p90 <= s.p95 <= s.max
    for stat in (s.median, s.p90, s.p95):
        assert stat in ordered
    assert abs(s.mean - sum(ordered, timedelta(0)) / len(ordered)) <= timedelta(microseconds=1)


records = hs.lists(
    hs.tuples(hs.sampled_from(["hotline", "email", "zalo_oa", None]), hs.integers(0, 10)),
    max_size=60,
)


first, second = itemgetter(0), itemgetter(1)


def segmented():
    return SegmentedAccumulator(partial(NPSAccumulator, score=second), by=first)


@given(records)
def test_segment_results_merge_back_to_the_whole(items):
    seg = segmented().update(items)
    whole = nps(items, score=second)
    assert seg.total().result() == whole
    per_segment = nps(items, score=second, by=first)
    assert sum(r.n for r in per_segment.values()) == whole.n
    assert set(per_segment) == {k for k, _ in items}
    for key, result in per_segment.items():
        assert result == nps([s for k, s in items if k == key])


@given(records, records, records)
def test_segmented_merge_is_associative_and_commutative(x, y, z):
    a, b, c = (segmented().update(items) for items in (x, y, z))
    assert a.merge(b).result() == b.merge(a).result()
    assert a.merge(b).merge(c).result() == a.merge(b.merge(c)).result()
    assert a.merge(b).result() == segmented().update(x + y).result()
