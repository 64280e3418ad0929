"""Check the built docs site in a real browser: `make docs-check`.

Builds the site strictly, serves it on 127.0.0.1, opens it in headless Chromium
(Debian's ``chromium``, installed with apt-get when missing) through Playwright,
and fails when a page logs a console error or warning, throws, or fails to load
a resource — including anything fetched from outside this machine, since the
hosted docs must work offline too. It checks the home page, reference pages and
the search (typing a query and waiting for results), and saves screenshots under
``site-check/``.

Before checking the site, it checks itself: a deliberately broken page must be
caught, so that a green run means something.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
SHOTS = ROOT / "site-check"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PAGES = {
    "home": "",
    "reference-money": "reference/money/",
    "reference-policies": "reference/policies/",
    "tutorial": "tutorial/",
}
SEARCH_QUERY = "refund"


def chromium() -> str:
    """Path of Debian's Chromium, installing it with apt-get when missing."""
    found = shutil.which("chromium")
    if found:
        return found
    print("chromium not found: installing Debian's chromium package", flush=True)
    env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
    found = shutil.which("chromium")
    if not found:
        sys.exit("docs-check: chromium is still missing after apt-get install")
    return found


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port; yield the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Watcher:
    """Collects what a page does wrong: console errors and warnings, exceptions, failed loads."""

    def __init__(self, page: object) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda err: self.problems.append(f"uncaught exception: {err}"))  # type: ignore[attr-defined]
        page.on("requestfailed", self._failed)  # type: ignore[attr-defined]
        page.on("response", self._response)  # type: ignore[attr-defined]

    def _console(self, message: object) -> None:
        kind = message.type  # type: ignore[attr-defined]
        if kind in ("error", "warning"):
            self.problems.append(f"console {kind}: {message.text}")  # type: ignore[attr-defined]

    def _failed(self, request: object) -> None:
        self.problems.append(f"request failed: {request.url} ({request.failure})")  # type: ignore[attr-defined]

    def _response(self, response: object) -> None:
        if response.status >= 400:  # type: ignore[attr-defined]
            self.problems.append(f"HTTP {response.status}: {response.url}")  # type: ignore[attr-defined]


def self_test(browser: object) -> None:
    """A page with a console error, an exception and a missing file must be caught."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "index.html").write_text(
            "<html><body><img src='missing.png'>"
            "<script>console.error('deliberate'); notAFunction();</script></body></html>",
            encoding="utf-8",
        )
        with serve(Path(tmp)) as base:
            page = browser.new_page()  # type: ignore[attr-defined]
            watcher = Watcher(page)
            page.goto(base, wait_until="networkidle", timeout=90_000)
            page.close()
    caught = " | ".join(watcher.problems)
    for expected in ("deliberate", "notAFunction", "missing.png"):
        if expected not in caught:
            sys.exit(f"docs-check self-test: a broken page went unnoticed ({expected!r}): {caught}")
    print(f"self-test: a broken page is caught ({len(watcher.problems)} problems)")


def check_site(browser: object, base: str) -> list[str]:
    """Visit the pages and the search; return every problem found."""
    problems: list[str] = []
    SHOTS.mkdir(exist_ok=True)
    for name, path in PAGES.items():
        page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        watcher = Watcher(page)
        page.goto(base + path, wait_until="networkidle", timeout=90_000)
        if not page.locator("article.md-content__inner").count():
            watcher.problems.append("no article content rendered")
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)
        problems += [f"{name} ({path or '/'}): {p}" for p in watcher.problems]
        print(f"page {name:<20} {'ok' if not watcher.problems else 'PROBLEMS'}")
        page.close()

    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    watcher = Watcher(page)
    page.goto(base, wait_until="networkidle", timeout=90_000)
    # The search worker builds its index after the page loads (slowly on a busy machine), and a
    # query typed before it is ready is not run again: type it again until results come.
    from playwright.sync_api import TimeoutError as SearchTimeout

    search = page.locator("input.md-search__input")
    for attempt in range(6):
        # Real key strokes: the search listens to keyboard events, not only to input events.
        search.click()
        search.press("Control+A")
        search.press("Backspace")
        search.press_sequentially(SEARCH_QUERY, delay=50)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=20_000)
            break
        except SearchTimeout:
            if attempt == 5:
                raise
    hits = page.locator(".md-search-result__item").count()
    meta = page.inner_text(".md-search-result__meta")
    page.screenshot(path=str(SHOTS / "search.png"))
    if hits == 0:
        watcher.problems.append(f"search for {SEARCH_QUERY!r} found nothing")
    problems += [f"search: {p}" for p in watcher.problems]
    print(f"search {SEARCH_QUERY!r}: {meta}")
    page.close()

    index = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))
    documents = index.get("docs", [])
    if len(documents) < 50:
        problems.append(f"search index holds only {len(documents)} entries")
    print(f"search index: {len(documents)} entries")
    return problems


def main() -> None:
    """Build, serve, check; exit non-zero on any problem."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        check=True,
        cwd=ROOT,
        env={
            "NO_MKDOCS_2_WARNING": "1",
            "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
        },
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            self_test(browser)
            with serve(SITE) as base:
                problems = check_site(browser, base)
        finally:
            browser.close()
    if problems:
        print("\n".join(["docs-check found problems:", *problems]), file=sys.stderr)
        sys.exit(1)
    print(f"docs-check: ok; screenshots in {SHOTS.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
