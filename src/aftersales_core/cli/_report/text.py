"""The KPI report as plain text tables, for a terminal (``--format table``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from ...metrics import DurationSummary, Interval, SLACompliance
from .model import KPIReport

__all__ = ["duration", "percent", "render_text", "signed"]

_BAR = 24


def duration(value: timedelta | None) -> str:
    """A short duration: ``45s``, ``31m``, ``3h 9m``, ``2d 4h``; ``–`` for none."""
    if value is None:
        return "–"
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m" if minutes else f"{secs}s"


def percent(value: float | None) -> str:
    """``91.7%``, or ``–``."""
    return "–" if value is None else f"{value:.1f}%"


def signed(value: float | None) -> str:
    """An NPS: ``+16.8``, ``-4.0``, or ``–``."""
    return "–" if value is None else f"{value:+.1f}"


def _interval(value: Interval | None, fmt: str = "{:.1f}") -> str:
    if value is None:
        return ""
    return f"[{fmt.format(value.low)}, {fmt.format(value.high)}]"


def _table(rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _bar(count: int, most: int) -> str:
    return "█" * round(_BAR * count / most) if most else ""


def _satisfaction(report: KPIReport) -> list[str]:
    if report.nps is None or report.csat is None or report.ces is None:
        return ["Satisfaction: no survey file given (--surveys)."]
    nps, csat, ces = report.nps, report.csat, report.ces
    rows = [
        ("", "score", "95% interval", "answers"),
        ("NPS (0–10)", signed(nps.score), _interval(nps.interval, "{:+.1f}"), str(nps.n)),
        ("CSAT (4–5 of 5)", percent(csat.score), _interval(csat.interval), str(csat.n)),
        (
            "CES (ease, 1–7)",
            "–" if ces.score is None else f"{ces.score:.2f}",
            _interval(ces.interval, "{:.2f}"),
            str(ces.n),
        ),
    ]
    lines = ["Satisfaction", *_table(rows, right=(1, 3))]
    if nps.n:
        lines.append(
            f"  NPS answers: {nps.promoters} promoters, {nps.passives} passives, "
            f"{nps.detractors} detractors."
        )
    if report.nps_by_channel:
        lines += ["", "NPS by channel"]
        rows = [("channel", "NPS", "95% interval", "answers")]
        rows += [
            (k, signed(r.score), _interval(r.interval, "{:+.1f}"), str(r.n))
            for k, r in report.nps_by_channel
        ]
        lines += _table(rows, right=(1, 3))
    return lines


def _times(report: KPIReport) -> list[str]:
    def row(name: str, s: DurationSummary) -> tuple[str, ...]:
        return (
            name,
            str(s.n),
            str(s.pending),
            duration(s.median),
            duration(s.p90),
            duration(s.p95),
            duration(s.mean),
            duration(s.max),
        )

    rows = [
        ("", "n", "pending", "median", "p90", "p95", "mean", "max"),
        row("First response", report.first_response),
        row("Resolution", report.resolution),
    ]
    lines = [f"Response and resolution times — {report.clock}", *_table(rows, right=range(1, 8))]
    for title, histogram in (
        ("first response", report.first_response_histogram),
        ("resolution", report.resolution_histogram),
    ):
        most = max((c for _, c in histogram), default=0)
        if most:
            lines += ["", f"Time to {title} on the SLA clock"]
            lines += _table([(label, str(c), _bar(c, most)) for label, c in histogram], right=(1,))
    return lines


def _compliance_row(name: str, s: SLACompliance) -> tuple[str, ...]:
    fr, rs = s.first_response, s.resolution
    return (
        name,
        str(s.n),
        percent(fr.score),
        _interval(fr.interval),
        percent(rs.score),
        _interval(rs.interval),
        str(fr.breached + rs.breached),
    )


def _sla(report: KPIReport) -> list[str]:
    if report.sla is None:
        return ["SLA compliance: the commitment states no response times."]
    targets = "; ".join(f"{name} {first} / {done}" for name, first, done in report.targets)
    rows: list[tuple[str, ...]] = [
        (
            "",
            "tickets",
            "first response",
            "95% interval",
            "resolution",
            "95% interval",
            "late clocks",
        )
    ]
    rows.append(_compliance_row("all", report.sla))
    rows += [_compliance_row(k, s) for k, s in report.sla_by_priority]
    lines = [
        "SLA compliance — share met of the clocks decided (still running and not yet due: left out)",
        f"  Targets (first response / resolution): {targets}",
        *_table(rows, right=(1, 2, 4, 6)),
    ]
    if report.untracked:
        lines.append(f"  {report.untracked} tickets have a priority without a target: left out.")
    weeks = [(s.resolution.score, week, s.resolution) for week, s in report.sla_by_week]
    weakest = sorted((x for x in weeks if x[0] is not None and x[2].n >= 5), key=lambda x: x[:2])
    if weakest:
        shown = ", ".join(
            f"{week.isoformat()} {percent(score)} ({c.met} of {c.n})"
            for score, week, c in weakest[:3]
        )
        lines.append(f"  Weakest weeks for resolution, by week of opening: {shown}.")
    first, done = report.breach_counts
    lines += ["", f"Breaches: {first} first responses and {done} resolutions missed their target."]
    if report.breaches:
        lines.append("  The most late:")
        rows = [
            (b.ticket_id, b.clock.replace("_", " "), b.priority, b.channel, b.category or "–",
             f"late by {duration(b.late_by)}", "still open" if b.still_open else "")
            for b in report.breaches
        ]  # fmt: skip
        lines += _table(rows)
    return lines


def _rates(report: KPIReport) -> list[str]:
    lines = []
    if report.repeat is not None:
        r = report.repeat
        lines.append(
            f"Repeat purchase rate  {percent(r.score)} {_interval(r.interval)} — "
            f"{r.hits} of {r.n} customers bought again"
        )
    r = report.reopen
    lines.append(
        f"Reopen rate           {percent(r.score)} {_interval(r.interval)} — "
        f"{r.hits} of {r.n} resolved tickets were reopened"
    )
    return lines


def _backlog(report: KPIReport) -> list[str]:
    b = report.backlog
    lines = [f"Backlog at {report.at.isoformat()}: {b.n} open ticket{'' if b.n == 1 else 's'}"]
    if b.n:
        most = max(bucket.count for bucket in b.buckets)
        lines += _table(
            [(x.label, str(x.count), _bar(x.count, most)) for x in b.buckets], right=(1,)
        )
        statuses = ", ".join(f"{status} {n}" for status, n in b.by_status)
        lines.append(f"  By status: {statuses}. Oldest: {duration(b.ages.max)}.")
    return lines


def _segments(report: KPIReport) -> list[str]:
    rows = [
        (
            report.by or "",
            "tickets",
            "median reply",
            "median resolution",
            "SLA resolution",
            "NPS",
            "CSAT",
        )
    ]
    for row in report.segments:
        rows.append(
            (
                row.key,
                str(row.tickets),
                duration(row.first_response.median),
                duration(row.resolution.median),
                percent(None if row.sla is None else row.sla.resolution.score),
                signed(None if row.nps is None else row.nps.score),
                percent(None if row.csat is None else row.csat.score),
            )
        )
    return [f"By {report.by}", *_table(rows, right=range(1, 7))]


def render_text(report: KPIReport) -> str:
    """The report as plain text, sections separated by blank lines."""
    head = [
        f"{report.business} — after-sales KPI report",
        f"Commitment version {report.version} · as of {report.at.isoformat()} · {report.tickets} tickets"
        + (f" ({report.later} opened later, left out)" if report.later else ""),
    ]
    channels = ", ".join(f"{k} {n}" for k, n in report.by_channel)
    if channels:
        head.append(f"Channels: {channels}")
    sections = [
        head,
        _satisfaction(report),
        _times(report),
        _sla(report),
        _rates(report),
        _backlog(report),
    ]
    if report.by is not None:
        sections.append(_segments(report))
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"
