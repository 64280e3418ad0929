"""Repeat purchase, retention, churn and cohort tables."""

import pickle
from datetime import date, datetime, timedelta

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core import Money, NaiveDatetimeError, Term, ValidationError
from aftersales_core.errors import InvalidDurationError, InvalidTypeError
from aftersales_core.facts import Purchase
from aftersales_core.metrics import (
    CohortAccumulator,
    IncompatibleMergeError,
    RepeatPurchaseAccumulator,
    RetentionAccumulator,
    churn_rate,
    cohort_retention,
    repeat_purchase_rate,
    retention_rate,
)
from aftersales_core.vocabulary import Channel

VN = "Asia/Ho_Chi_Minh"
T0 = pendulum.datetime(2026, 1, 5, 10, tz=VN)


def sale(order, customer, days, channel="in_store"):
    return Purchase(
        id=order,
        customer_id=customer,
        sku="PHONE-X",
        product_category="phone",
        price=Money(9_990_000, "VND"),
        purchased_at=T0.add(days=days),
        channel=channel,
    )


SALES = [
    sale("O1", "An", 0),
    sale("O2", "An", 200, "web"),
    sale("O3", "Binh", 0),
    sale("O4", "Chi", 300, "web"),
    sale("O5", "Chi", 330, "web"),
]


def test_repeat_purchase_rate_counts_customers_not_orders():
    r = repeat_purchase_rate(SALES)
    assert (r.hits, r.n, r.pending) == (2, 3, 0)
    assert r.score == pytest.approx(200 / 3)
    assert r.interval is not None
    assert r.score in r.interval


def test_repeat_purchase_window_as_term_duration_or_text():
    assert repeat_purchase_rate(SALES, window=Term(months=3)).hits == 1  # only Chi (30 days)
    assert repeat_purchase_rate(SALES, window=timedelta(days=200)).hits == 2
    assert repeat_purchase_rate(SALES, window="199d").hits == 1
    assert repeat_purchase_rate(SALES, window=Term.lifetime()).hits == 2


def test_repeat_purchase_censoring_with_at():
    at = T0.add(days=310)
    r = repeat_purchase_rate(SALES, window=Term(months=12), at=at)
    # An and Chi repeated (known hits); Binh's year is not over yet (pending).
    assert (r.hits, r.n, r.pending) == (2, 2, 1)
    later = repeat_purchase_rate(SALES, window=Term(months=12), at=T0.add(days=800))
    assert (later.hits, later.n, later.pending) == (2, 3, 0)
    single = [sale("O1", "An", 0)]
    assert repeat_purchase_rate(single, window="30d", at=T0.add(days=10)).pending == 1
    assert repeat_purchase_rate(SALES, at=at).pending == 0  # no window: nothing to wait for


def test_lines_of_one_order_are_not_a_repeat():
    lines = [sale("O1", "An", 0), sale("O1", "An", 0), sale("O1", "An", 1)]
    assert repeat_purchase_rate(lines).hits == 0
    assert repeat_purchase_rate(lines, order=None).hits == 1


def test_records_with_custom_fields():
    rows = [("An", T0), ("An", T0.add(days=1)), ("Binh", T0)]
    r = repeat_purchase_rate(rows, customer=lambda r: r[0], when=lambda r: r[1], order=None)
    assert r.score == 50.0


def test_naive_instants_and_bad_windows_are_refused():
    with pytest.raises(NaiveDatetimeError):
        repeat_purchase_rate([{"customer_id": "A", "purchased_at": datetime(2026, 1, 1), "id": 1}])
    with pytest.raises(InvalidDurationError):
        repeat_purchase_rate([], window="-3d")
    with pytest.raises(InvalidTypeError):
        repeat_purchase_rate([], window=3)


def test_repeat_purchase_by_channel():
    by = repeat_purchase_rate(SALES, by="channel")
    assert set(by) == {Channel.IN_STORE, Channel.WEB}
    assert by[Channel.WEB].hits == 1  # Chi, twice on the web; An once
    assert by[Channel.IN_STORE].hits == 0


def test_empty_rates():
    assert repeat_purchase_rate([]).score is None
    jan = (T0, T0.add(days=31))
    feb = (T0.add(days=31), T0.add(days=59))
    assert retention_rate([], base=jan, following=feb).n == 0
    assert churn_rate([], base=jan, following=feb).score is None


def test_retention_and_churn_are_complements():
    jan = (T0, T0.add(days=31))
    feb = (T0.add(days=31), T0.add(days=62))
    rows = [sale("A", "An", 1), sale("B", "An", 40), sale("C", "Binh", 2), sale("D", "Chi", 45)]
    kept = retention_rate(rows, base=jan, following=feb)
    lost = churn_rate(rows, base=jan, following=feb)
    assert (kept.n, kept.hits, kept.score) == (2, 1, 50.0)
    assert (lost.n, lost.hits) == (2, 1)
    assert kept.score + lost.score == 100.0
    assert retention_rate(rows, base=jan, following=feb, by="customer_id")["An"].score == 100.0


def test_periods_are_checked():
    with pytest.raises(ValidationError, match="must start before it ends"):
        RetentionAccumulator(base=(T0, T0), following=(T0, T0.add(days=1)))
    with pytest.raises(InvalidTypeError, match="pair"):
        RetentionAccumulator(base=[T0, T0.add(days=1)], following=(T0, T0.add(days=1)))
    with pytest.raises(NaiveDatetimeError):
        RetentionAccumulator(base=(datetime(2026, 1, 1), T0), following=(T0, T0.add(days=1)))


def test_incompatible_merges_are_refused():
    with pytest.raises(IncompatibleMergeError):
        RepeatPurchaseAccumulator(window="30d").merge(RepeatPurchaseAccumulator(window="60d"))
    jan = (T0, T0.add(days=31))
    feb = (T0.add(days=31), T0.add(days=59))
    with pytest.raises(IncompatibleMergeError):
        RetentionAccumulator(base=jan, following=feb).merge(
            RetentionAccumulator(base=jan, following=feb, churn=True)
        )
    with pytest.raises(IncompatibleMergeError):
        CohortAccumulator().merge(CohortAccumulator(period="week"))


def test_accumulators_have_a_readable_repr_and_pickle():
    jan = (T0, T0.add(days=31))
    feb = (T0.add(days=31), T0.add(days=59))
    for acc in (
        RepeatPurchaseAccumulator().update(SALES),
        RetentionAccumulator(base=jan, following=feb).update(SALES),
        CohortAccumulator().update(SALES),
    ):
        assert "customers=" in repr(acc)
        assert pickle.loads(pickle.dumps(acc)).result() == acc.result()


def test_cohort_table_by_month_in_vietnam():
    table = cohort_retention(SALES, timezone=VN)
    assert table.n == 3
    assert table.period == "month"
    first = table.cohorts[0]
    assert (first.start, first.label, first.size) == (date(2026, 1, 1), "2026-01", 2)
    assert first.active[0] == 2
    assert first.active[6] == 1  # An came back in July (day 200)
    assert len(table.cohorts) == 12  # January to December, empty months included
    assert table.cohorts[10].label == "2026-11"
    assert table.cohorts[10].size == 1  # Chi, first bought on day 300
    assert table.cohorts[10].rates == (100.0, 100.0)
    assert table.score == pytest.approx(100 / 3)  # Chi only, of An, Binh and Chi


@pytest.mark.parametrize(
    ("period", "label"),
    [("week", "2026-W05"), ("month", "2026-01"), ("quarter", "2026-Q1"), ("year", "2026")],
)
def test_the_time_zone_decides_the_period(period, label):
    late = pendulum.datetime(2026, 1, 31, 23, 30, tz=VN)  # Saturday night in Hanoi
    row = {"customer_id": "An", "purchased_at": late}
    assert cohort_retention([row], period=period, timezone=VN).cohorts[0].label == label
    assert cohort_retention([row], timezone="UTC").cohorts[0].label == "2026-01"
    assert cohort_retention([row], timezone="Pacific/Kiritimati").cohorts[0].label == "2026-02"


def test_cohort_start_dates():
    row = {"customer_id": "An", "purchased_at": pendulum.datetime(2026, 5, 14, tz="UTC")}
    starts = {
        p: cohort_retention([row], period=p).cohorts[0].start for p in ("week", "quarter", "year")
    }
    assert starts == {
        "week": date(2026, 5, 11),
        "quarter": date(2026, 4, 1),
        "year": date(2026, 1, 1),
    }


def test_cohort_score_needs_a_next_period():
    table = cohort_retention([sale("O1", "An", 0)])
    assert table.score is None
    assert table.rows() == [("2026-01", 1, (100.0,))]


def test_cohorts_by_segment():
    tables = cohort_retention(SALES, by="channel")
    assert tables[Channel.WEB].n == 2


customers = hs.sampled_from(["An", "Binh", "Chi", "Dung", "Em"])
rows = hs.lists(hs.tuples(customers, hs.integers(0, 400)), max_size=30)


def as_records(pairs):
    return [{"customer_id": c, "purchased_at": T0.add(days=d), "id": f"{c}-{d}"} for c, d in pairs]


@given(rows, rows)
def test_retention_accumulators_merge_to_the_one_pass_result(a, b):
    x, y = as_records(a), as_records(b)
    jan = (T0, T0.add(days=100))
    feb = (T0.add(days=100), T0.add(days=200))
    factories = [
        lambda: RepeatPurchaseAccumulator(window=Term(months=6), at=T0.add(days=300)),
        lambda: RetentionAccumulator(base=jan, following=feb),
        lambda: CohortAccumulator(period="quarter", timezone=VN),
    ]
    for factory in factories:
        one_pass = factory().update(x + y).result()
        assert factory().update(x).merge(factory().update(y)).result() == one_pass
        assert factory().update(y).merge(factory().update(x)).result() == one_pass
        by_one = factory()
        for r in x + y:
            by_one.add(r)
        assert by_one.result() == one_pass


@given(rows)
def test_cohort_rows_are_consistent(pairs):
    table = cohort_retention(as_records(pairs))
    assert table.n == len({c for c, _ in pairs})
    assert sum(c.size for c in table.cohorts) == table.n
    for cohort in table.cohorts:
        assert all(0 <= k <= cohort.size for k in cohort.active)
        assert not cohort.active or cohort.active[0] == cohort.size
