"""The columnar calendar equals the scalar one, element by element, and refuses bad arrays.

Random calendars (clock-change zones, holidays, overrides, ``24:00``, lunch
breaks), instants on and off the calendar's edges, and durations up to weeks:
``add_many``/``subtract_many``/``elapsed_many``/``is_open_many``/``position_many``
agree with ``add``/``subtract``/``elapsed``/``is_open`` on pendulum values and
with the timeline's integer methods.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pendulum
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from aftersales_core.calendar import BusinessCalendar
from aftersales_core.errors import InvalidTypeError, NaiveDatetimeError, ValidationError
from aftersales_core.testing.calendars import boundary_instants, business_calendars
from aftersales_core.testing.strategies import instants

HOUR = 3_600_000_000
DAY = 24 * HOUR
LUNCH = BusinessCalendar(
    timezone="Asia/Ho_Chi_Minh",
    weekly=dict.fromkeys(["mon", "tue", "wed", "thu", "fri"], ("08:00-12:00", "13:00-17:30"))
    | {"sat": ["08:00-12:00"]},
    holidays=[date(2026, 2, 16), date(2026, 2, 17)],
)


@hs.composite
def calendar_and_instants(draw: hs.DrawFn) -> tuple[BusinessCalendar, list[int], list[int]]:
    cal = draw(business_calendars())
    line = cal.timeline
    one = hs.one_of(
        boundary_instants(cal),
        instants(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31)),
    )
    moments = draw(hs.lists(one, min_size=1, max_size=12))
    micros = [line.micros(m) for m in moments]
    durations = draw(
        hs.lists(
            hs.one_of(hs.just(0), hs.integers(1, 21 * DAY), hs.sampled_from([1, HOUR, DAY])),
            min_size=len(micros),
            max_size=len(micros),
        )
    )
    return cal, micros, durations


@given(calendar_and_instants())
def test_each_operation_equals_the_scalar_one(
    case: tuple[BusinessCalendar, list[int], list[int]],
) -> None:
    cal, micros, durations = case
    line = cal.timeline
    a = np.array(micros, dtype=np.int64)
    d = np.array(durations, dtype=np.int64)
    assert cal.add_many(a, d).tolist() == [
        line.add(x, n) for x, n in zip(micros, durations, strict=True)
    ]
    assert cal.subtract_many(a, d).tolist() == [
        line.subtract(x, n) for x, n in zip(micros, durations, strict=True)
    ]
    assert cal.is_open_many(a).tolist() == [line.is_open(x) for x in micros]
    assert cal.position_many(a).tolist() == [line.position(x) for x in micros]
    ends = np.sort(a)[::-1]
    starts = np.minimum(a, ends)
    ends = np.maximum(a, ends)
    assert cal.elapsed_many(starts, ends).tolist() == [
        line.elapsed(int(x), int(y)) for x, y in zip(starts, ends, strict=True)
    ]


@given(calendar_and_instants())
def test_datetime64_and_arrow_give_the_pendulum_answers(
    case: tuple[BusinessCalendar, list[int], list[int]],
) -> None:
    cal, micros, durations = case
    line = cal.timeline
    stamps = np.array(micros, dtype=np.int64).view("datetime64[us]")
    spans = np.array(durations, dtype="timedelta64[us]")
    moments = [line.instant(x) for x in micros]
    expected = [
        cal.add(m, timedelta(microseconds=n)) for m, n in zip(moments, durations, strict=True)
    ]
    got = cal.add_many(stamps, spans)
    assert got.dtype == np.dtype("datetime64[us]")
    assert [line.micros(e) for e in expected] == got.view(np.int64).tolist()
    arrow = pa.array(stamps, type=pa.timestamp("us", tz="UTC"))
    back = cal.subtract_many(arrow, spans)
    assert back.type == pa.timestamp("us", tz=cal.timezone)
    assert back.cast(pa.int64()).to_pylist() == [
        line.micros(cal.subtract(m, timedelta(microseconds=n)))
        for m, n in zip(moments, durations, strict=True)
    ]
    assert cal.is_open_many(arrow).to_pylist() == [cal.is_open(m) for m in moments]
    first = min(moments, key=line.micros)
    assert cal.elapsed_many(np.full(len(stamps), stamps.min()), stamps).tolist() == [
        cal.elapsed(first, m) for m in moments
    ]


def test_one_duration_for_all_and_every_unit_is_exact() -> None:
    opened = np.array(["2026-02-14T04:00", "2026-02-18T09:59"], dtype="datetime64[m]")
    due = LUNCH.add_many(opened, "4h")
    scalar = [
        LUNCH.add(pendulum.instance(o.astype(datetime), tz="UTC"), "4h")
        for o in opened.astype("datetime64[us]")
    ]
    assert [LUNCH.timeline.micros(s) for s in scalar] == due.view(np.int64).tolist()
    assert (
        LUNCH.add_many(opened.astype("datetime64[ns]"), timedelta(hours=4)).tolist() == due.tolist()
    )
    assert LUNCH.add_many(
        opened.astype("datetime64[s]").view(np.int64) * 1_000_000, 4 * HOUR
    ).tolist() == (due.view(np.int64).tolist())
    millis = pa.array(
        opened.astype("datetime64[ms]"), type=pa.timestamp("ms", tz="Asia/Ho_Chi_Minh")
    )
    assert LUNCH.add_many(millis, np.timedelta64(4, "h")).cast(pa.int64()).to_pylist() == (
        due.view(np.int64).tolist()
    )
    chunked = pa.chunked_array([millis[:1], millis[1:]])
    assert LUNCH.is_open_many(chunked).to_pylist() == [
        LUNCH.timeline.is_open(int(x)) for x in opened.astype("datetime64[us]").view(np.int64)
    ]
    assert LUNCH.position_many(millis).type == pa.duration("us")


def test_a_long_duration_widens_the_table_both_ways() -> None:
    start = np.array([LUNCH.timeline.micros(pendulum.datetime(2026, 3, 2, 9, tz="UTC"))])
    years = 3_000 * HOUR  # more than a year of this calendar's business time
    far = LUNCH.add_many(start, years)
    assert far.tolist() == [LUNCH.timeline.add(int(start[0]), years)]
    assert LUNCH.subtract_many(far, years).tolist() == [LUNCH.timeline.subtract(int(far[0]), years)]
    early = np.array([LUNCH.timeline.micros(pendulum.datetime(1990, 1, 3, tz="UTC"))])
    assert LUNCH.position_many(early).tolist() == [LUNCH.timeline.position(int(early[0]))]


def test_empty_arrays_give_empty_arrays_of_the_same_kind() -> None:
    empty = np.array([], dtype="datetime64[us]")
    assert LUNCH.add_many(empty, "1h").dtype == np.dtype("datetime64[us]")
    assert LUNCH.subtract_many(np.array([], dtype=np.int64), 0).tolist() == []
    assert LUNCH.elapsed_many(empty, empty).dtype == np.dtype("timedelta64[us]")
    assert LUNCH.is_open_many(empty).tolist() == []
    assert LUNCH.position_many(pa.array([], type=pa.timestamp("us", tz="UTC"))).to_pylist() == []


def _refused(error: type[ValidationError], call: object, *args: object) -> ValidationError:
    with pytest.raises(error) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


STAMPS = np.array(["2026-03-02T09:00", "2026-03-02T10:00"], dtype="datetime64[us]")


@pytest.mark.parametrize(
    ("call", "args", "error", "field", "rule"),
    [
        (
            LUNCH.add_many,
            (np.array(["2026-03-02", "NaT"], dtype="datetime64[us]"), 1),
            ValidationError,
            "starts[1]",
            "NaT",
        ),
        (LUNCH.add_many, (STAMPS, np.array([1, -1])), ValidationError, "durations[1]", "negative"),
        (LUNCH.add_many, (STAMPS, -5), ValidationError, "durations", "negative"),
        (
            LUNCH.add_many,
            (STAMPS, [1, 2, 3]),
            ValidationError,
            "durations",
            "one duration per instant",
        ),
        (LUNCH.add_many, (STAMPS, 1.5), InvalidTypeError, "durations", "microseconds"),
        (LUNCH.add_many, (STAMPS, True), InvalidTypeError, "durations", "microseconds"),
        (
            LUNCH.add_many,
            (STAMPS, np.array(["a", "b"])),
            InvalidTypeError,
            "durations",
            "durations",
        ),
        (
            LUNCH.add_many,
            (STAMPS, np.array([1, "NaT"], dtype="timedelta64[us]")),
            ValidationError,
            "durations[1]",
            "NaT",
        ),
        (LUNCH.add_many, (STAMPS, np.timedelta64("NaT")), ValidationError, "durations", "NaT"),
        (LUNCH.add_many, (STAMPS, object()), InvalidTypeError, "durations", "microseconds"),
        (
            LUNCH.add_many,
            (pa.array([1, 2], type=pa.timestamp("us")), 1),
            NaiveDatetimeError,
            "starts",
            "time zone",
        ),
        (
            LUNCH.add_many,
            (pa.array([1, None], type=pa.timestamp("us", tz="UTC")), 1),
            ValidationError,
            "starts[1]",
            "null",
        ),
        (LUNCH.add_many, (pa.array([1, 2]), 1), InvalidTypeError, "starts", "Arrow timestamp"),
        (
            LUNCH.add_many,
            (pa.array([1000, 1001], type=pa.timestamp("ns", tz="UTC")), 1),
            ValidationError,
            "starts[1]",
            "microseconds",
        ),
        (
            LUNCH.add_many,
            (STAMPS, pa.array(["1", "2"])),
            InvalidTypeError,
            "durations",
            "durations",
        ),
        (
            LUNCH.add_many,
            (np.array([1000, 1001], dtype="datetime64[ns]"), 1),
            ValidationError,
            "starts[1]",
            "microseconds",
        ),
        (LUNCH.add_many, (np.array([1.0, 2.0]), 1), InvalidTypeError, "starts", "int64"),
        (
            LUNCH.add_many,
            (np.zeros((2, 2), dtype=np.int64), 1),
            InvalidTypeError,
            "starts",
            "one-dimensional",
        ),
        (
            LUNCH.add_many,
            (np.array([0, 10**18], dtype=np.int64), 1),
            ValidationError,
            "starts[1]",
            "years 3 to 9997",
        ),
        (
            LUNCH.add_many,
            (np.array([0], dtype=np.int64), 10**18),
            ValidationError,
            "durations",
            "9997",
        ),
        (
            LUNCH.subtract_many,
            (np.array([0], dtype=np.int64), 10**17),
            ValidationError,
            "durations",
            "year 3",
        ),
        (
            LUNCH.elapsed_many,
            (STAMPS, STAMPS[:1]),
            ValidationError,
            "ends",
            "one instant per start",
        ),
        (
            LUNCH.elapsed_many,
            (STAMPS, STAMPS[::-1]),
            ValidationError,
            "ends[1]",
            "before its start",
        ),
    ],
)
def test_bad_arrays_are_refused_by_name(
    call: object, args: tuple[object, ...], error: type[ValidationError], field: str, rule: str
) -> None:
    found = _refused(error, call, *args)
    assert found.field == field
    assert rule in found.rule


def test_arrow_durations_and_pycapsule_objects_are_read() -> None:
    class Capsule:  # an object that speaks only the Arrow PyCapsule interface
        def __init__(self, array: pa.Array) -> None:
            self.array = array

        def __arrow_c_array__(self, requested_schema: object = None) -> object:
            return self.array.__arrow_c_array__(requested_schema)

    stamps = pa.array(STAMPS, type=pa.timestamp("us", tz="UTC"))
    spans = pa.array(np.array([3600, 5400], dtype="timedelta64[s]"))
    expected = LUNCH.add_many(STAMPS, np.array([60, 90], dtype="timedelta64[m]"))
    assert (
        LUNCH.add_many(Capsule(stamps), spans).cast(pa.int64()).to_pylist()
        == expected.view(np.int64).tolist()
    )
    assert LUNCH.add_many(STAMPS, pa.array([HOUR, 90 * 60_000_000])).tolist() == expected.tolist()
