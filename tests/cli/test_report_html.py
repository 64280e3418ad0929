"""The HTML report: one offline page whose charts and cards carry the report's numbers."""

import json
from html.parser import HTMLParser

import pytest

from aftersales_core.cli import main


class Page(HTMLParser):
    """Every element of a page with its attributes and the tags it sits in."""

    VOID = frozenset({"meta", "br", "img", "link", "input"})

    def __init__(self):
        super().__init__()
        self.elements = []  # (tag, attrs, ancestors)
        self.stack = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), list(self.stack)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), list(self.stack)))

    def handle_endtag(self, tag):
        assert self.stack, tag
        assert self.stack.pop() == tag

    def find(self, tag, **attrs):
        return [
            a
            for t, a, _ in self.elements
            if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    assert (
        main(["demo", "--format", "html", "--by", "channel", "--out", str(folder / "r.html")]) == 0
    )
    assert (
        main(["demo", "--format", "json", "--by", "channel", "--out", str(folder / "r.json")]) == 0
    )
    html = (folder / "r.html").read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    page.close()
    assert page.stack == []  # every element is closed: well-formed
    return html, page, json.loads((folder / "r.json").read_text(encoding="utf-8"))


def test_the_page_is_self_contained(reports):
    html, page, _ = reports
    assert html.startswith("<!DOCTYPE html>")
    assert not page.find("script")
    assert not page.find("link")
    assert not page.find("img")
    for _, attrs, _ in page.elements:
        for name in ("src", "href"):
            assert name not in attrs
    # The only URL is the SVG namespace, which is a name, not a request.
    assert html.count("http") == html.count('xmlns="http://www.w3.org/2000/svg"') == 5
    assert page.find("meta", charset="utf-8")


def test_it_has_the_charts_the_issue_asks_for(reports):
    _, page, _ = reports
    charts = {a["data-chart"] for a in page.find("svg")}
    assert charts == {
        "sla-by-week",
        "nps-by-channel",
        "first-response-times",
        "resolution-times",
        "backlog-aging",
    }
    for svg in page.find("svg"):
        assert svg["role"] == "img"
        assert svg["viewbox"] == "0 0 720 280"  # html.parser lowercases names


def test_nps_by_channel_bars_are_the_reports_numbers(reports):
    _, page, report = reports
    bars = [
        a
        for t, a, parents in page.elements
        if t == "rect" and a.get("class") == "bar" and "svg" in parents
    ]
    by_channel = report["satisfaction"]["nps_by_channel"]
    nps_bars = {
        a["data-label"]: float(a["data-value"]) for a in bars if a["data-label"] in by_channel
    }
    assert nps_bars == {k: v["score"] for k, v in by_channel.items()}
    assert len(page.find("path", **{"class": "interval"})) == len(by_channel)


def test_weekly_compliance_points_are_the_reports_numbers(reports):
    _, page, report = reports
    points = page.find("circle")
    weeks = report["sla"]["by_week"]
    for series, clock in (
        ("Resolved in time", "resolution"),
        ("First response in time", "first_response"),
    ):
        values = [float(p["data-value"]) for p in points if p["data-series"] == series]
        expected = [w[clock]["score"] for w in weeks.values() if w[clock]["score"] is not None]
        assert values == expected
        assert len(values) > 40
    assert len(page.find("path", **{"class": "line fr"})) == 1


def test_histograms_and_backlog_count_the_tickets(reports):
    _, page, report = reports
    for chart, counts in (
        ("first-response-times", report["times"]["first_response_histogram"]),
        ("resolution-times", report["times"]["resolution_histogram"]),
        ("backlog-aging", report["backlog"]["buckets"]),
    ):
        bars = [
            a
            for t, a, parents in page.elements
            if t == "rect" and a.get("class") == "bar" and a.get("data-label") in counts
        ]
        assert sum(float(a["data-value"]) for a in bars) >= sum(counts.values()), chart


def test_cards_and_tables_show_the_numbers(reports):
    html, page, report = reports
    nps = report["satisfaction"]["nps"]
    assert f"{nps['score']:+.1f}" in html
    cards = {a["data-kpi"] for a in page.find("div", **{"class": "card"})}
    assert {"nps", "csat", "ces", "sla-resolution", "backlog", "repeat-purchase-rate"} <= cards
    tables = {a["data-table"] for a in page.find("table")}
    assert tables == {"times", "targets", "sla-by-priority", "breaches", "segments"}
    resolution = report["sla"]["overall"]["resolution"]["score"]
    assert f"{resolution:.1f}%" in html
    assert "<title>Điện máy Phương Nam — after-sales KPI report</title>" in html
