"""The KPI report as data: what ``aftersales report`` computed, before it is rendered.

Every number comes from the metric functions and accumulators of
:mod:`aftersales_core.metrics`; the renderers (table, JSON, HTML) only format them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import attrs
import pendulum

from ..._internal.instants import real_time, reduce_keeping_fold
from ...metrics import (
    Backlog,
    CESResult,
    CSATResult,
    DurationSummary,
    Interval,
    NPSResult,
    Rate,
    SLACompliance,
)

__all__ = ["Breach", "KPIReport", "SegmentRow", "to_json"]

Pairs = tuple[tuple[str, int], ...]


@attrs.frozen(kw_only=True)
class Breach:
    """One SLA clock that missed its target."""

    __reduce__ = reduce_keeping_fold

    ticket_id: str
    clock: str  # "first_response" or "resolution"
    priority: str
    channel: str
    category: str | None
    due_at: pendulum.DateTime | None = attrs.field(eq=real_time)
    late_by: pendulum.Duration
    still_open: bool  # the clock is still running: the ticket is late and not done


@attrs.frozen(kw_only=True)
class SegmentRow:
    """The headline numbers of one segment (``--by channel|category|priority``)."""

    key: str
    tickets: int
    first_response: DurationSummary
    resolution: DurationSummary
    sla: SLACompliance | None
    nps: NPSResult | None
    csat: CSATResult | None


@attrs.frozen(kw_only=True)
class KPIReport:
    """Everything the report shows; built by :func:`aftersales_core.cli._report.build.build_report`."""

    __reduce__ = reduce_keeping_fold

    business: str
    version: str
    at: pendulum.DateTime = attrs.field(eq=real_time)
    sources: tuple[tuple[str, str], ...]
    tickets: int
    later: int  # tickets opened after `at`, left out
    by_channel: Pairs
    by_category: Pairs
    nps: NPSResult | None
    csat: CSATResult | None
    ces: CESResult | None
    nps_by_channel: tuple[tuple[str, NPSResult], ...]
    clock: str  # how times are counted, in words
    first_response: DurationSummary
    resolution: DurationSummary
    first_response_histogram: Pairs
    resolution_histogram: Pairs
    targets: tuple[tuple[str, str, str], ...]  # (priority[/category], first response, resolution)
    sla: SLACompliance | None
    sla_by_priority: tuple[tuple[str, SLACompliance], ...]
    sla_by_week: tuple[tuple[date, SLACompliance], ...]
    untracked: int  # tickets whose priority has no target
    breaches: tuple[Breach, ...]
    breach_counts: tuple[int, int]  # first response, resolution
    reopen: Rate
    repeat: Rate | None
    customers: int | None
    backlog: Backlog
    by: str | None
    segments: tuple[SegmentRow, ...]


def _seconds(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()


def _interval(value: Interval | None) -> list[float] | None:
    return None if value is None else [value.low, value.high]


def _summary(s: DurationSummary) -> dict[str, Any]:
    keys = ("mean", "median", "p90", "p95", "min", "max")
    return {"n": s.n, "pending": s.pending, **{k: _seconds(getattr(s, k)) for k in keys}}


def _clock(c: Any) -> dict[str, Any]:
    return {
        "met": c.met,
        "breached": c.breached,
        "pending": c.pending,
        "cancelled": c.cancelled,
        "score": c.score,
        "interval": _interval(c.interval),
    }


def _sla(s: SLACompliance | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "n": s.n,
        "first_response": _clock(s.first_response),
        "resolution": _clock(s.resolution),
    }


def _nps(r: NPSResult | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "n": r.n,
        "score": r.score,
        "interval": _interval(r.interval),
        "promoters": r.promoters,
        "passives": r.passives,
        "detractors": r.detractors,
    }


def _csat(r: CSATResult | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"n": r.n, "score": r.score, "interval": _interval(r.interval), "mean": r.mean}


def _ces(r: CESResult | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "n": r.n,
        "score": r.score,
        "interval": _interval(r.interval),
        "top_box_share": r.top_box_share,
    }


def _rate(r: Rate | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "n": r.n,
        "hits": r.hits,
        "pending": r.pending,
        "score": r.score,
        "interval": _interval(r.interval),
    }


def _pairs(pairs: Pairs) -> dict[str, int]:
    return dict(pairs)


def _named(pairs: tuple[tuple[Any, Any], ...], convert: Any) -> dict[str, Any]:
    return {str(key): convert(value) for key, value in pairs}


def to_json(report: KPIReport) -> dict[str, Any]:
    """The report as JSON-ready data: durations in seconds, intervals as ``[low, high]``."""
    b = report.backlog
    backlog: Mapping[str, Any] = {
        "n": b.n,
        "buckets": {bucket.label: bucket.count for bucket in b.buckets},
        "ages": _summary(b.ages),
        "by_status": {str(status): count for status, count in b.by_status},
    }
    breaches = [
        {
            "ticket_id": x.ticket_id,
            "clock": x.clock,
            "priority": x.priority,
            "channel": x.channel,
            "category": x.category,
            "due_at": None if x.due_at is None else x.due_at.isoformat(),
            "late_by": x.late_by.total_seconds(),
            "still_open": x.still_open,
        }
        for x in report.breaches
    ]
    segments = {
        row.key: {
            "tickets": row.tickets,
            "first_response": _summary(row.first_response),
            "resolution": _summary(row.resolution),
            "sla": _sla(row.sla),
            "nps": _nps(row.nps),
            "csat": _csat(row.csat),
        }
        for row in report.segments
    }
    return {
        "business": report.business,
        "commitment_version": report.version,
        "at": report.at.isoformat(),
        "sources": dict(report.sources),
        "tickets": {
            "n": report.tickets,
            "opened_after_at": report.later,
            "by_channel": _pairs(report.by_channel),
            "by_category": _pairs(report.by_category),
        },
        "satisfaction": {
            "nps": _nps(report.nps),
            "csat": _csat(report.csat),
            "ces": _ces(report.ces),
            "nps_by_channel": _named(report.nps_by_channel, _nps),
        },
        "times": {
            "clock": report.clock,
            "first_response": _summary(report.first_response),
            "resolution": _summary(report.resolution),
            "first_response_histogram": _pairs(report.first_response_histogram),
            "resolution_histogram": _pairs(report.resolution_histogram),
        },
        "sla": {
            "targets": [list(row) for row in report.targets],
            "overall": _sla(report.sla),
            "by_priority": _named(report.sla_by_priority, _sla),
            "by_week": {week.isoformat(): _sla(s) for week, s in report.sla_by_week},
            "without_target": report.untracked,
            "breaches": {
                "first_response": report.breach_counts[0],
                "resolution": report.breach_counts[1],
                "worst": breaches,
            },
        },
        "reopen_rate": _rate(report.reopen),
        "repeat_purchase_rate": _rate(report.repeat),
        "customers_with_purchases": report.customers,
        "backlog": backlog,
        "segments": {"by": report.by, "rows": segments} if report.by else None,
    }
