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


DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def visit(browser, path, *, timeout_ms=15000, viewport=None):
    """Open ``path`` via ``file://`` in a fresh page; outside requests are recorded and aborted.

    ``viewport`` is ``{"width": ..., "height": ...}`` (default 1000 × 700; :data:`DESKTOP`, :data:`PHONE`).
    """
    url = Path(path).resolve().as_uri()
    context = browser.new_context(viewport=viewport or {"width": 1000, "height": 700})
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


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core (the copy bundled with ``axe-playwright-python``, inlined into the page: no request) and
    return the violations of the given impacts as ``(rule id, impact, help, first target)``."""
    try:
        import axe_playwright_python
    except ImportError:
        _missing("axe-playwright-python is not installed (pip install -e '.[test]')")
    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    page.add_script_tag(content=script.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], v["help"], v["nodes"][0]["target"] if v["nodes"] else None)
            for v in result["violations"] if v["impact"] in impacts]


# Share of the viewport covered by the map's panels and controls (sampled every 4 px).
COVERED_JS = """() => {
    const boxes = [...document.querySelectorAll('.leaflet-control, .hp-legend, .hp-title')]
        .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
    const W = innerWidth, H = innerHeight, step = 4; let hit = 0, all = 0;
    for (let x = 0; x < W; x += step) for (let y = 0; y < H; y += step) {
        all++; if (boxes.some(r => x >= r.left && x < r.right && y >= r.top && y < r.bottom)) { hit++; } }
    return hit / all; }"""

# Share of the viewport the map element covers.
MAP_AREA_JS = """() => { const r = document.querySelector('.leaflet-container').getBoundingClientRect();
    const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
    const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    return w * h / (innerWidth * innerHeight); }"""

# Locality labels inside the viewport.
LOCALITIES_JS = """() => [...document.querySelectorAll('.hp-locality')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight; })
    .map(e => e.textContent)"""
