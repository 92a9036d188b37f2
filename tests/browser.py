"""Helpers for the browser tests: Debian's chromium driven by Playwright, every request and message recorded.

Not a test module. ``launch()`` starts headless chromium from ``/usr/bin/chromium`` (no browser download);
when it or Playwright is missing the tests skip, except under ``CI=true``, where they fail: CI must run them.
"""

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("HOTSPOT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _missing(reason):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs Debian chromium)")
    pytest.skip(reason)


def launch():
    """Yield a headless chromium browser (use from a module-scoped fixture)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file():
        _missing(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """What one page load did: the page, requests other than the file and data: URIs, errors, dialogs."""

    page: object
    url: str
    requests: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)

    def screenshot(self, name):
        """Keep a screenshot as ``tests/artifacts/<name>.png``."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


def visit(browser, path, *, timeout_ms=15000):
    """Open ``path`` via ``file://`` in a fresh page; outside requests are recorded and aborted."""
    url = Path(path).resolve().as_uri()
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    page = context.new_page()
    seen = Visit(page=page, url=url)

    def on_request(request):
        if request.url != url and not request.url.startswith(("data:", "about:")):
            seen.requests.append(request.url)

    def on_route(route):
        if route.request.url == url or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    page.on("request", on_request)
    page.on("console", lambda msg: seen.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: seen.errors.append(f"pageerror: {exc}"))
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    context.route("**/*", on_route)
    page.goto(url, wait_until="load", timeout=timeout_ms)  # folium's scripts run before "load"
    return seen


# The folium map variable (``map_<hex>``) of the page, found from JavaScript.
MAP_JS = "Object.keys(window).filter(k => k.startsWith('map_') && window[k] instanceof L.Map).map(k => window[k])[0]"
