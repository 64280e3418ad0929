"""NPS, CSAT, CES and their comparison: worked examples and the edge cases spreadsheets get wrong."""

import math
import pickle
from decimal import Decimal
from fractions import Fraction

import pytest

from aftersales_core import AftersalesError, ValidationError
from aftersales_core.metrics import (
    CESAccumulator,
    CSATAccumulator,
    IncompatibleMergeError,
    InvalidScoreError,
    NPSAccumulator,
    ces,
    compare,
    csat,
    merge_all,
    nps,
)
from aftersales_core.metrics._scale import CHUNK


def test_nps_of_10_9_8_0_is_25_with_its_interval():
    r = nps([10, 9, 8, 0])
    assert r.score == 25.0
    assert (r.n, r.promoters, r.passives, r.detractors, r.skipped) == (4, 2, 1, 1, 0)
    assert (r.promoter_share, r.passive_share, r.detractor_share) == (50.0, 25.0, 25.0)
    # Var(+1/0/-1) = 0.75 - 0.25**2 = 0.6875; SE = 100 * sqrt(0.6875 / 4)
    assert r.standard_error == pytest.approx(100 * math.sqrt(0.6875 / 4))
    assert r.interval is not None
    assert r.interval.low == pytest.approx(25.0 - 1.959964 * r.standard_error, abs=1e-4)
    assert r.interval.high == 100.0
    assert dict(r.distribution) == {
        0: 1,
        1: 0,
        2: 0,
        3: 0,
        4: 0,
        5: 0,
        6: 0,
        7: 0,
        8: 1,
        9: 1,
        10: 1,
    }


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([6], -100.0),
        ([7, 8], 0.0),
        ([9, 10], 100.0),
        ([6, 7, 9], 0.0),
        ([0] * 3 + [10], -50.0),
    ],
)
def test_nps_boundaries_of_the_three_groups(scores, expected):
    assert nps(scores).score == expected


def test_empty_input_gives_n_zero_and_no_score():
    for result in (nps([]), csat([]), ces([]), nps(iter([]))):
        assert result.n == 0
        assert result.score is None
        assert result.interval is None
        assert result.standard_error is None
    assert nps([]).promoter_share is None
    assert csat([]).mean is None
    assert ces([]).top_box_share is None


def test_unanimous_sample_has_zero_standard_error_and_a_point_interval():
    r = nps([10] * 5)
    assert r.standard_error == 0.0
    assert r.interval is not None
    assert (r.interval.low, r.interval.high) == (100.0, 100.0)


def test_adjusted_wald_widens_a_unanimous_interval():
    r = nps([10] * 5, interval="adjusted_wald")
    assert r.score == 100.0
    assert r.interval is not None
    assert r.interval.low < 80 < r.interval.high <= 100
    assert r.standard_error == 0.0  # the SE stays the plain one


def test_confidence_level_changes_the_width():
    narrow = nps([10, 9, 8, 0, 3], confidence=0.8).interval
    wide = nps([10, 9, 8, 0, 3], confidence=0.99).interval
    assert narrow is not None
    assert wide is not None
    assert wide.width > narrow.width
    assert wide.confidence == 0.99


@pytest.mark.parametrize("bad", [0, 1, 95, -0.1, 1.0])
def test_confidence_outside_zero_one_is_refused(bad):
    with pytest.raises(ValidationError, match="confidence"):
        nps([10], confidence=bad)


@pytest.mark.parametrize("bad", ["0.95", True, None])
def test_confidence_of_another_type_is_refused(bad):
    with pytest.raises(TypeError, match="confidence"):
        NPSAccumulator(confidence=bad)


def test_out_of_range_score_names_value_and_position():
    with pytest.raises(InvalidScoreError) as info:
        nps([10, 9, 11, 12])
    err = info.value
    assert isinstance(err, AftersalesError)
    assert isinstance(err, ValueError)
    assert (err.value, err.position, err.field) == (11, 2, "scores[2]")
    assert str(err) == "scores[2]: 11 is not a whole number from 0 to 10"
    assert err.code == "invalid_score"


@pytest.mark.parametrize(
    "bad", [-1, 11, 9.5, "9", None, float("nan"), [9], {"s": 9}, Decimal("9.5")]
)
def test_every_kind_of_non_score_is_refused(bad):
    with pytest.raises(InvalidScoreError) as info:
        nps([10, bad, 3])
    assert info.value.position == 1


@pytest.mark.parametrize("bad", [[9], 11])
def test_position_is_found_in_a_stream_past_the_first_chunk(bad):
    def stream():
        yield from [10] * (CHUNK + 5)
        yield bad
        yield 3

    with pytest.raises(InvalidScoreError) as info:
        nps(stream())
    assert info.value.position == CHUNK + 5


def test_values_equal_to_a_score_count_as_that_score():
    assert nps([9.0, Fraction(10), Decimal(6)]).score == pytest.approx(100 / 3)


def test_skip_mode_skips_and_counts_without_raising():
    scores = [10, None, 11, "x", [1], 6, float("nan")]
    r = nps(scores, on_invalid="skip")
    assert (r.n, r.skipped, r.score) == (2, 5, 0.0)
    r = nps(iter(scores), on_invalid="skip")
    assert (r.n, r.skipped) == (2, 5)
    acc = NPSAccumulator(on_invalid="skip")
    for s in scores:
        acc.add(s)
    assert (acc.n, acc.skipped) == (2, 5)


def test_on_invalid_must_be_raise_or_skip():
    with pytest.raises(ValidationError, match="on_invalid: 'ignore' must be one of"):
        nps([10], on_invalid="ignore")


def test_add_raises_with_the_accumulator_position_and_changes_nothing():
    acc = NPSAccumulator().update([10, 9])
    with pytest.raises(InvalidScoreError) as info:
        acc.add(42)
    assert info.value.position == 2
    assert acc.n == 2


def test_update_is_atomic_on_error():
    acc = NPSAccumulator().update([10])
    with pytest.raises(InvalidScoreError) as info:
        acc.update(iter([9] * (CHUNK + 3) + [99]))
    assert info.value.position == 1 + CHUNK + 3
    assert acc.result() == nps([10])


def test_records_are_read_with_score():
    answers = [{"s": 10}, {"s": 2}]
    assert nps(answers, score="s").score == 0.0
    assert csat([(5,), (1,)], score=lambda r: r[0]).score == 50.0


def test_tuples_and_generators_give_the_list_result():
    data = [10, 9, 8, 7, 0, 5, 10]
    assert nps(tuple(data)) == nps(data) == nps(x for x in data)


def test_csat_defaults_are_the_top_two_box_of_five():
    r = csat([5, 5, 4, 3, 2, 1])
    assert (r.n, r.satisfied, r.scale, r.satisfied_from) == (6, 3, 5, 4)
    assert r.score == 50.0
    assert r.mean == pytest.approx(20 / 6)
    assert r.standard_error == pytest.approx(100 * math.sqrt(0.25 / 6))
    assert r.interval is not None
    assert r.interval.low < 50 < r.interval.high


def test_csat_other_scale_and_threshold():
    r = csat([10, 9, 8, 1], scale=10)
    assert r.satisfied_from == 9
    assert r.score == 50.0
    assert csat([10, 9, 8, 1], scale=10, satisfied_from=8).score == 75.0


def test_csat_on_a_two_point_scale_counts_the_top_answer():
    r = csat([2, 1, 2, 2], scale=2)
    assert (r.satisfied_from, r.score) == (2, 75.0)


def test_csat_wilson_interval_is_not_empty_at_the_edges():
    all_happy = csat([5] * 20).interval
    assert all_happy is not None
    assert all_happy.high == 100.0
    assert all_happy.low < 100.0
    none_happy = csat([1] * 20).interval
    assert none_happy is not None
    assert none_happy.low == 0.0
    assert none_happy.high > 0.0


@pytest.mark.parametrize(("scale", "satisfied_from"), [(5, 1), (5, 6), (5, 4.5), (5, True)])
def test_csat_threshold_must_lie_on_the_scale(scale, satisfied_from):
    with pytest.raises(ValidationError, match="satisfied_from"):
        csat([5], scale=scale, satisfied_from=satisfied_from)


@pytest.mark.parametrize("scale", [1, 101, 0])
def test_scale_out_of_bounds_is_refused(scale):
    with pytest.raises(ValidationError, match="scale"):
        CSATAccumulator(scale=scale)


@pytest.mark.parametrize("scale", [5.0, "5", True])
def test_scale_of_another_type_is_refused(scale):
    with pytest.raises(TypeError, match="scale"):
        CESAccumulator(scale=scale)


def test_ces_ease_scale_higher_is_better():
    r = ces([7, 7, 6, 5, 4, 1])
    assert r.score == 5.0
    assert (r.scale, r.higher_is_easier, r.top_box) == (7, True, (5, 6, 7))
    assert r.top_box_share == pytest.approx(400 / 6)
    # sample variance of the answers, s / sqrt(n)
    values = [7, 7, 6, 5, 4, 1]
    s2 = sum((x - 5) ** 2 for x in values) / 5
    assert r.standard_error == pytest.approx(math.sqrt(s2 / 6))
    assert r.interval is not None
    assert 1 <= r.interval.low < 5 < r.interval.high <= 7


def test_ces_effort_scale_lower_is_better():
    r = ces([1, 2, 2, 5], scale=5, higher_is_easier=False)
    assert r.top_box == (1, 2)
    assert r.top_box_share == 75.0
    assert r.score == 2.5
    assert ces([1, 2, 3], scale=5, higher_is_easier=False, top_box_size=1).top_box == (1,)


def test_ces_single_answer_has_no_spread():
    r = ces([6])
    assert (r.n, r.score, r.standard_error, r.interval) == (1, 6.0, None, None)


@pytest.mark.parametrize("size", [0, 7, 2.0, None])
def test_ces_top_box_size_is_checked(size):
    if size is None:
        assert CESAccumulator(scale=2).result().top_box == (2,)
        return
    with pytest.raises(ValidationError, match="top_box_size"):
        CESAccumulator(top_box_size=size)


def test_ces_answers_outside_the_scale_are_refused():
    with pytest.raises(
        InvalidScoreError, match=r"scores\[0\]: 0 is not a whole number from 1 to 7"
    ):
        ces([0])


def test_merging_different_settings_is_refused():
    with pytest.raises(IncompatibleMergeError):
        CSATAccumulator(scale=5).merge(CSATAccumulator(scale=10))
    with pytest.raises(IncompatibleMergeError):
        NPSAccumulator().merge(NPSAccumulator(confidence=0.9))
    with pytest.raises(IncompatibleMergeError):
        CESAccumulator().merge(CESAccumulator(higher_is_easier=False))
    with pytest.raises(IncompatibleMergeError):
        NPSAccumulator().merge(CSATAccumulator())  # type: ignore[arg-type]


def test_merge_leaves_both_operands_unchanged():
    a = NPSAccumulator().update([10])
    b = NPSAccumulator().update([0])
    merged = a.merge(b)
    merged.add(10)
    assert (a.n, b.n, merged.n) == (1, 1, 3)


def test_merge_all_of_nothing_is_refused_and_of_one_is_that_one():
    with pytest.raises(ValidationError, match="accumulators"):
        merge_all([])
    only = NPSAccumulator()
    assert merge_all([only]) is only


def test_accumulators_pickle_for_worker_processes():
    acc = CSATAccumulator(score="rating").update([{"rating": 5}])
    back = pickle.loads(pickle.dumps(acc))
    assert back.result() == acc.result()
    back.add({"rating": 1})
    assert back.result().n == 2
    err = pickle.loads(pickle.dumps(InvalidScoreError(field="s[1]", value=1, rule="r", position=1)))
    assert err.position == 1


def test_repr_shows_counts():
    assert (
        repr(NPSAccumulator(on_invalid="skip").update([10, None]))
        == "NPSAccumulator(n=1, skipped=1)"
    )


def test_compare_nps_between_two_periods():
    before = nps([10] * 40 + [8] * 30 + [3] * 30)
    after = nps([10] * 55 + [8] * 25 + [3] * 20)
    c = compare(before, after)
    assert (c.n, c.before, c.after, c.difference) == (200, 10.0, 35.0, 25.0)
    assert c.standard_error == pytest.approx(
        math.hypot(before.standard_error, after.standard_error)
    )
    assert c.z == pytest.approx(25.0 / c.standard_error)
    assert c.interval is not None
    assert 25.0 in c.interval
    assert 0 < c.p_value < 0.05
    assert c.score == c.difference


def test_compare_csat_and_ces():
    c = compare(csat([5, 4, 2, 1]), csat([5, 5, 4, 2]))
    assert c.difference == 25.0
    assert c.interval is not None
    assert -100 <= c.interval.low <= c.interval.high <= 100
    e = compare(ces([7, 6]), ces([5, 4]))
    assert e.difference == -2.0
    assert e.interval is not None
    assert e.interval.low >= -6


def test_compare_degenerate_samples():
    assert compare(nps([]), nps([10])).difference is None
    same = compare(nps([10, 10]), nps([10]))
    assert (same.difference, same.standard_error, same.z, same.p_value) == (0.0, 0.0, None, None)
    single = compare(ces([7]), ces([1, 2]))
    assert single.difference == -5.5
    assert single.standard_error is None


def test_compare_refuses_apples_and_oranges():
    with pytest.raises(ValidationError, match="same metric"):
        compare(nps([10]), csat([5]))
    with pytest.raises(ValidationError, match="same metric"):
        compare(csat([5]), csat([5], scale=10))
    with pytest.raises(ValidationError, match="same metric"):
        compare(ces([5]), ces([5], higher_is_easier=False))


# -- bools are not scores: every path refuses them, numpy bools included -------------------

from hypothesis import example, given  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402


def _paths(metric, items, **kwargs):
    """Every way to count ``items``: a list, a tuple, a stream, add() one by one, by segment."""
    yield "list", lambda: metric(list(items), **kwargs)
    yield "tuple", lambda: metric(tuple(items), **kwargs)
    yield "stream", lambda: metric(iter(items), **kwargs)
    yield "records", lambda: metric([{"s": x} for x in items], score="s", **kwargs)

    def one_by_one():
        acc = {nps: NPSAccumulator, csat: CSATAccumulator, ces: CESAccumulator}[metric](**kwargs)
        for item in items:
            acc.add(item)
        return acc.result()

    yield "add", one_by_one

    def by_segment():
        segments = metric(list(items), by=lambda _: "all", **kwargs)
        return segments["all"] if items else metric([], **kwargs)

    yield "by", by_segment


def test_nps_refuses_bools_on_every_path():
    for name, count in _paths(nps, [True, False, True]):
        with pytest.raises(InvalidScoreError) as info:
            count()
        err = info.value
        assert (err.value, err.position, err.field) == (True, 0, "scores[0]"), name
        assert str(err) == "scores[0]: True is not a whole number from 0 to 10", name


def test_bools_are_refused_after_a_valid_one_equal_to_them():
    # Counter merges True into an earlier 1 (True == 1, same hash): the fast path must not.
    for name, count in _paths(csat, [1, 5, True, 4]):
        with pytest.raises(InvalidScoreError) as info:
            count()
        assert (info.value.value, info.value.position) == (True, 2), name
    for name, count in _paths(nps, [0, 10, False]):
        with pytest.raises(InvalidScoreError) as info:
            count()
        assert (info.value.value, info.value.position) == (False, 2), name


def test_bools_are_skipped_and_counted_with_on_invalid_skip():
    for name, count in _paths(nps, [True, False, 10, 1, 0, True], on_invalid="skip"):
        r = count()
        assert (r.n, r.skipped, r.detractors, r.promoters) == (3, 3, 2, 1), name
    assert nps([True, False, True], on_invalid="skip").n == 0


def test_numpy_bools_are_not_scores_either():
    np = pytest.importorskip("numpy")
    with pytest.raises(InvalidScoreError) as info:
        nps([10, np.True_, 9])
    assert info.value.position == 1
    assert nps([10, 9, np.False_], on_invalid="skip").skipped == 1
    assert nps(list(np.array([10, 0], dtype=np.int64))).n == 2  # numpy ints still count


def test_a_bool_past_the_first_chunk_of_a_stream_is_found_at_its_position():
    def stream():
        yield from [1] * (CHUNK + 2)
        yield True

    with pytest.raises(InvalidScoreError) as info:
        nps(stream())
    assert info.value.position == CHUNK + 2
    assert nps(stream(), on_invalid="skip").skipped == 1


scores_and_bools = hs.lists(hs.integers(0, 10) | hs.booleans(), max_size=40)


@given(scores_and_bools, hs.sampled_from([nps, csat, ces]))
@example([True, False, True], nps)
@example([1, True], csat)
def test_bools_are_never_counted_as_scores(items, metric):
    low, high = {nps: (0, 10), csat: (1, 5), ces: (1, 7)}[metric]
    valid = [x for x in items if not isinstance(x, bool) and low <= x <= high]
    expected = metric(valid)
    first_bad = next(
        (i for i, x in enumerate(items) if isinstance(x, bool) or not low <= x <= high), None
    )
    for name, count in _paths(metric, items, on_invalid="skip"):
        r = count()
        assert (r.n, r.skipped) == (len(valid), len(items) - len(valid)), name
        assert r.distribution == expected.distribution, name
    for name, count in _paths(metric, items):
        if first_bad is None:
            assert count() == expected, name
            continue
        with pytest.raises(InvalidScoreError) as info:
            count()
        assert info.value.position == first_bad, name
        bad = info.value.value
        assert type(bad) is type(items[first_bad]), name
        assert bad == items[first_bad], name


class Integer:
    """An integer of its own type (like numpy.int64): operator.index accepts it."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class BadInteger:
    def __index__(self):
        return "2"


def _is_score(x, scale):
    if isinstance(x, bool | str | BadInteger) or x is None:
        return False
    return (x.value if isinstance(x, Integer) else x) in range(1, scale + 1)


any_answers = hs.lists(
    hs.integers(-3, 300)
    | hs.booleans()
    | hs.sampled_from([1.0, 2.5, None, "3", Decimal(4), BadInteger()])
    | hs.builds(Integer, hs.integers(0, 300)),
    max_size=30,
)


@given(any_answers, hs.integers(2, 100))
@example([1, True, 300, 2], 5)
@example([1, 2, 40], 40)
def test_every_counting_path_agrees_with_counting_one_by_one(items, scale):
    # The list path picks bytes, Counter or item-by-item counting from the chunk's types.
    one_by_one = CSATAccumulator(scale=scale, on_invalid="skip")
    for item in items:
        one_by_one.add(item)
    expected = one_by_one.result()
    assert csat(items, scale=scale, on_invalid="skip") == expected
    assert csat(iter(items), scale=scale, on_invalid="skip") == expected
    assert expected.n == sum(1 for x in items if _is_score(x, scale))


def test_integers_of_other_types_count_on_every_path():
    items = [Integer(5), Integer(1), 4, Integer(9)]
    for name, count in _paths(csat, items, on_invalid="skip"):
        r = count()
        assert (r.n, r.skipped, r.satisfied) == (3, 1, 2), name
    with pytest.raises(InvalidScoreError) as info:
        csat([5, BadInteger()])
    assert info.value.position == 1
