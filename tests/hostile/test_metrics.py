"""Metrics under hostile input: lone values for collections, instants at the end of time.

Every metric takes a collection of items; a lone value (``nps(9)``), text or bytes is refused
with a typed error naming the input, by the accumulators' ``update`` as by the functions. An
instant whose UTC reading is past the year 9999 is still an instant: ages are counted on the
UTC time line in integers, never by a datetime subtraction that overflows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pendulum
import pytest

from aftersales_core.errors import InvalidDurationError, InvalidTypeError
from aftersales_core.metrics import (
    BacklogAccumulator,
    CESAccumulator,
    CohortAccumulator,
    CSATAccumulator,
    DurationAccumulator,
    FirstContactResolutionAccumulator,
    IncompatibleMergeError,
    NPSAccumulator,
    ReopenRateAccumulator,
    RepeatPurchaseAccumulator,
    RetentionAccumulator,
    SegmentedAccumulator,
    TicketTimesAccumulator,
    backlog,
    ces,
    compare,
    csat,
    duration_summary,
    first_contact_resolution,
    first_response_times,
    merge_all,
    nps,
    reopen_rate,
    resolution_times,
    sla_compliance,
)
from aftersales_core.sla import SLAPolicy, SLATarget
from aftersales_core.tickets import Ticket

NOW = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
NEW_YORK_WINTER = pendulum.FixedTimezone(-5 * 3600)
END_OF_TIME = pendulum.datetime(9999, 12, 31, 23, tz=NEW_YORK_WINTER)  # 10000-01-01T04:00Z


def end_of_time(minutes: int) -> pendulum.DateTime:
    return pendulum.datetime(9999, 12, 31, 23, minutes, tz=NEW_YORK_WINTER)


ACCUMULATORS: list[Callable[[], Any]] = [
    NPSAccumulator,
    CSATAccumulator,
    CESAccumulator,
    DurationAccumulator,
    ReopenRateAccumulator,
    FirstContactResolutionAccumulator,
    lambda: BacklogAccumulator(at=NOW),
    lambda: TicketTimesAccumulator(until="first_response"),
    lambda: RetentionAccumulator(
        base=(NOW.subtract(days=60), NOW.subtract(days=30)), following=(NOW.subtract(days=30), NOW)
    ),
    lambda: RepeatPurchaseAccumulator(),
    lambda: CohortAccumulator(),
    lambda: SegmentedAccumulator(NPSAccumulator, "channel"),
]


@pytest.mark.parametrize("lone", [9, None, 9.5, "9", b"9"])
@pytest.mark.parametrize("make", ACCUMULATORS)
def test_update_with_a_lone_value_is_a_typed_error(make: Callable[[], Any], lone: Any) -> None:
    accumulator = make()
    with pytest.raises(InvalidTypeError) as caught:
        accumulator.update(lone)
    assert caught.value.value == lone
    assert caught.value.field
    assert "not one value" in caught.value.rule


@pytest.mark.parametrize("metric", [nps, csat, ces, duration_summary])
def test_a_metric_of_a_lone_value_is_a_typed_error(metric: Callable[..., Any]) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        metric(9)
    assert caught.value.value == 9
    with pytest.raises(InvalidTypeError):
        metric(9, by="channel")


def test_nps_of_a_lone_score_names_the_scores() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        nps(9)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("scores", 9)


def test_backlog_with_a_ticket_at_the_end_of_time() -> None:
    ticket = Ticket.open(id="T-1", channel="email", at=END_OF_TIME)
    result = backlog([ticket], at=end_of_time(30))
    assert result.n == 1
    assert result.ages.max == pendulum.duration(minutes=30)


def test_response_times_at_the_end_of_time() -> None:
    ticket = Ticket.open(id="T-1", channel="email", at=END_OF_TIME).respond(at=end_of_time(20))
    assert first_response_times([ticket]).max == pendulum.duration(minutes=20)


def test_a_duration_too_long_to_count() -> None:
    with pytest.raises(InvalidDurationError) as caught:
        duration_summary([timedelta(hours=1), timedelta.max])
    assert (caught.value.field, caught.value.value) == ("durations[1]", timedelta.max)


# --- something else than a ticket, a result or a list ------------------------------------

TICKET_METRICS: list[Callable[[list[Any]], Any]] = [
    lambda items: backlog(items, at=NOW),
    first_response_times,
    resolution_times,
    reopen_rate,
    first_contact_resolution,
    lambda items: sla_compliance(
        items, sla=SLAPolicy(default=SLATarget(first_response="4h", resolution="1d")), at=NOW
    ),
    lambda items: BacklogAccumulator(at=NOW).add(items[0]),
    lambda items: TicketTimesAccumulator(until="resolution").add(items[0]),
    lambda items: ReopenRateAccumulator().add(items[0]),
]


@pytest.mark.parametrize("metric", TICKET_METRICS)
def test_a_metric_over_tickets_refuses_something_else(metric: Callable[[list[Any]], Any]) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        metric([5])
    assert (caught.value.field, caught.value.value) == ("tickets", 5)
    assert caught.value.rule == "must hold Ticket values only"


def test_merge_all_of_a_lone_value() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        merge_all(5)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("accumulators", 5)


def test_a_segmented_accumulator_merges_only_its_own_kind() -> None:
    with pytest.raises(IncompatibleMergeError) as caught:
        SegmentedAccumulator(NPSAccumulator, "channel").merge(5)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("other", 5)


def test_compare_something_else_than_results() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        compare(1, nps([9]))  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("before", 1)


def test_sla_compliance_with_something_else_than_an_sla() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        sla_compliance([], sla=5, at=NOW)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("sla", 5)
