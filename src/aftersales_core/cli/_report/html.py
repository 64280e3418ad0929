"""The KPI report as one self-contained HTML page: inline CSS and SVG, no script, no network."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ...metrics import SLACompliance
from .model import KPIReport
from .svg import Bar, Point, Series, bar_chart, line_chart
from .text import duration, percent, signed

__all__ = ["render_html"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px}
.meta{color:#5b6472;margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px;margin-top:20px}
.card{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:12px 14px}
.card .name{color:#5b6472;font-size:13px}.card .value{font-size:24px;font-weight:600}
.card .detail{color:#5b6472;font-size:12px}
section{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:8px 18px 16px;margin-top:16px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:5px 8px;border-bottom:1px solid #edf0f3;text-align:right}
th:first-child,td:first-child{text-align:left}th{color:#5b6472;font-weight:600}
.chart{width:100%;height:auto;display:block}
.chart .grid{stroke:#edf0f3}.chart .axis{stroke:#8b93a1}
.chart text{font-size:11px;fill:#5b6472}.chart .value{fill:#1d2430;font-weight:600}
.chart .bar{fill:#3b82c4}.chart .interval{stroke:#1d2430;fill:none}
.chart .fr{stroke:#3b82c4;fill:#3b82c4}
.chart .rs{stroke:#e07b28;fill:#e07b28}.chart path.line{fill:none;stroke-width:2}
.note{color:#5b6472;font-size:13px}
"""


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], name: str) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<table data-table="{name}"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'
    )


def _card(name: str, value: str, detail: str, key: str) -> str:
    return (
        f'<div class="card" data-kpi="{key}"><div class="name">{escape(name)}</div>'
        f'<div class="value">{escape(value)}</div><div class="detail">{escape(detail)}</div></div>'
    )


def _ci(low: float, high: float, fmt: str = "{:.1f}") -> str:
    return f"95% CI {fmt.format(low)} – {fmt.format(high)}"


def _cards(r: KPIReport) -> str:
    cards = []
    if r.nps is not None and r.nps.interval is not None:
        cards.append(
            _card(
                "NPS",
                signed(r.nps.score),
                _ci(r.nps.interval.low, r.nps.interval.high, "{:+.1f}") + f" · n={r.nps.n}",
                "nps",
            )
        )
    if r.csat is not None and r.csat.interval is not None:
        cards.append(
            _card(
                "CSAT",
                percent(r.csat.score),
                _ci(r.csat.interval.low, r.csat.interval.high) + f" · n={r.csat.n}",
                "csat",
            )
        )
    if r.ces is not None and r.ces.interval is not None and r.ces.score is not None:
        cards.append(
            _card(
                "CES (1–7)",
                f"{r.ces.score:.2f}",
                _ci(r.ces.interval.low, r.ces.interval.high, "{:.2f}") + f" · n={r.ces.n}",
                "ces",
            )
        )
    if r.sla is not None:
        fr, rs = r.sla.first_response, r.sla.resolution
        cards.append(
            _card(
                "First response in time",
                percent(fr.score),
                f"{fr.met} of {fr.n} clocks",
                "sla-first-response",
            )
        )
        cards.append(
            _card(
                "Resolved in time",
                percent(rs.score),
                f"{rs.met} of {rs.n} clocks",
                "sla-resolution",
            )
        )
    cards.append(
        _card(
            "Median first response",
            duration(r.first_response.median),
            f"p90 {duration(r.first_response.p90)}",
            "median-first-response",
        )
    )
    cards.append(
        _card(
            "Median resolution",
            duration(r.resolution.median),
            f"p90 {duration(r.resolution.p90)}",
            "median-resolution",
        )
    )
    if r.repeat is not None:
        cards.append(
            _card(
                "Repeat purchase rate",
                percent(r.repeat.score),
                f"{r.repeat.hits} of {r.repeat.n} customers",
                "repeat-purchase-rate",
            )
        )
    cards.append(
        _card(
            "Reopen rate",
            percent(r.reopen.score),
            f"{r.reopen.hits} of {r.reopen.n} resolved",
            "reopen-rate",
        )
    )
    cards.append(
        _card("Open backlog", str(r.backlog.n), f"oldest {duration(r.backlog.ages.max)}", "backlog")
    )
    return '<div class="cards">' + "".join(cards) + "</div>"


def _week_tip(label: str, clock: str, met: int, n: int, score: float | None) -> str:
    return f"week of {label}: {clock} {percent(score)} ({met} of {n} in time)"


def _weekly(r: KPIReport) -> str:
    points: tuple[list[Point], list[Point]] = ([], [])
    for week, s in r.sla_by_week:
        label = f"{_MONTHS[week.month - 1]} {week.day}"
        for points_of, clock, name in (
            (points[0], s.first_response, "first response"),
            (points[1], s.resolution, "resolution"),
        ):
            points_of.append(
                Point(
                    label,
                    clock.score,
                    _week_tip(week.isoformat(), name, clock.met, clock.n, clock.score),
                )
            )
    series = [
        Series("First response in time", "fr", points[0]),
        Series("Resolved in time", "rs", points[1]),
    ]
    return line_chart("sla-by-week", "SLA compliance by week of opening", series)


def _nps_by_channel(r: KPIReport) -> str:
    bars = []
    for channel, res in r.nps_by_channel:
        ci = res.interval
        bars.append(
            Bar(
                channel,
                res.score,
                signed(res.score),
                low=None if ci is None else ci.low,
                high=None if ci is None else ci.high,
                tip=f"{channel}: NPS {signed(res.score)} from {res.n} answers",
            )
        )
    return bar_chart(
        "nps-by-channel", "NPS by channel, with 95% intervals", bars, low=-100, high=100
    )


def _axis_top(most: int) -> tuple[int, int]:
    """A round axis above ``most``: steps of 1, 2, 5, 10, 20, 50, ..., at most five of them."""
    step = 1
    while step * 5 < most:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    ticks = max(1, -(-most // step))
    return step * ticks, ticks


def _histogram(name: str, title: str, pairs: Sequence[tuple[str, int]]) -> str:
    top, ticks = _axis_top(max((c for _, c in pairs), default=0))
    bars = [Bar(label, float(c), str(c)) for label, c in pairs]
    return bar_chart(name, title, bars, low=0, high=top, ticks=ticks)


def _compliance_rows(rows: Sequence[tuple[str, SLACompliance]]) -> list[list[str]]:
    return [
        [name, str(s.n), percent(s.first_response.score), str(s.first_response.breached),
         percent(s.resolution.score), str(s.resolution.breached), str(s.resolution.pending)]
        for name, s in rows
    ]  # fmt: skip


def _sla(r: KPIReport) -> str:
    if r.sla is None:
        return "<section><h2>SLA compliance</h2><p>The commitment states no response times.</p></section>"
    targets = _table(("priority", "first response", "resolution"), r.targets, "targets")
    head = ("", "tickets", "first response", "late", "resolution", "late", "pending")
    table = _table(head, _compliance_rows([("all", r.sla), *r.sla_by_priority]), "sla-by-priority")
    breaches = _table(
        ("ticket", "clock", "priority", "channel", "category", "due", "late by", ""),
        [
            [b.ticket_id, b.clock.replace("_", " "), b.priority, b.channel, b.category or "–",
             "–" if b.due_at is None else b.due_at.format("YYYY-MM-DD HH:mm"),
             duration(b.late_by), "still open" if b.still_open else ""]
            for b in r.breaches
        ],
        "breaches",
    )  # fmt: skip
    untracked = (
        f'<p class="note">{r.untracked} tickets have a priority without a target and are left out.</p>'
        if r.untracked
        else ""
    )
    first, done = r.breach_counts
    return (
        "<section><h2>SLA compliance</h2>"
        f"{_weekly(r)}{targets}{table}{untracked}"
        f"<h2>Breaches</h2><p>{first} first responses and {done} resolutions missed their target. The most late:</p>{breaches}</section>"
    )


def render_html(report: KPIReport) -> str:
    """The report as a complete HTML document (UTF-8), viewable offline."""
    r = report
    sources = ", ".join(f"{kind}: {name}" for kind, name in r.sources)
    times_head = ("", "n", "pending", "median", "p90", "p95", "mean", "max")
    times = _table(
        times_head,
        [
            [name, str(s.n), str(s.pending), duration(s.median), duration(s.p90), duration(s.p95), duration(s.mean), duration(s.max)]
            for name, s in (("First response", r.first_response), ("Resolution", r.resolution))
        ],
        "times",
    )  # fmt: skip
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="aftersales_core">',
        f"<title>{escape(r.business)} — after-sales KPI report</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>{escape(r.business)} — after-sales KPI report</h1>",
        f'<p class="meta">Commitment version {escape(r.version)} · as of {escape(r.at.isoformat())} · {r.tickets} tickets</p>',
        f'<p class="meta">{escape(sources)}</p>' if sources else "",
        _cards(r),
    ]
    if r.nps_by_channel:
        parts.append(f"<section><h2>NPS by channel</h2>{_nps_by_channel(r)}</section>")
    parts.append(
        f'<section><h2>Response and resolution times</h2><p class="note">{escape(r.clock)}.</p>{times}'
        + (
            _histogram(
                "first-response-times",
                "Time to first response on the SLA clock",
                r.first_response_histogram,
            )
            if r.sla
            else ""
        )
        + (
            _histogram(
                "resolution-times", "Time to resolution on the SLA clock", r.resolution_histogram
            )
            if r.sla
            else ""
        )
        + "</section>"
    )
    parts.append(_sla(r))
    b = r.backlog
    statuses = ", ".join(f"{status} {n}" for status, n in b.by_status) or "none"
    aging = _histogram(
        "backlog-aging", "Open tickets by age", [(x.label, x.count) for x in b.buckets]
    )
    parts.append(
        f"<section><h2>Backlog aging</h2><p>{b.n} open tickets; by status: {escape(statuses)}.</p>{aging}</section>"
    )
    if r.by is not None:
        rows = [
            [row.key, str(row.tickets), duration(row.first_response.median), duration(row.resolution.median),
             percent(None if row.sla is None else row.sla.resolution.score),
             signed(None if row.nps is None else row.nps.score),
             percent(None if row.csat is None else row.csat.score)]
            for row in r.segments
        ]  # fmt: skip
        head = (
            r.by,
            "tickets",
            "median reply",
            "median resolution",
            "resolved in time",
            "NPS",
            "CSAT",
        )
        parts.append(
            f"<section><h2>By {escape(r.by)}</h2>{_table(head, rows, 'segments')}</section>"
        )
    parts.append("</main></body></html>\n")
    return "\n".join(p for p in parts if p)
