"""PNG snapshots of a map or briefing for slides, rendered by headless Chromium.

``snapshot_png("karta.html", "karta.png")`` opens the file in Debian's ``chromium`` driven by Playwright for
Python (no browser download: ``playwright install`` is neither needed nor used), blocks every request that is
not the file itself or a ``data:`` URI, waits until the page and every frame have loaded, Leaflet has drawn
(no tile still loading) and ``wait_ms`` more have passed, and saves a screenshot.

Because the network is blocked, the page must be self-contained (``--offline`` or ``--share`` maps, the
briefing): a page that still loads Leaflet or tiles from the internet would come out blank, so it is refused
with a message saying so. The browser is ``chromium`` when given, else ``$HOTSPOT_CHROMIUM``, else
``/usr/bin/chromium``, else ``chromium`` on the ``PATH``.
"""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hotspots.errors import InputError
from maps.offline import remote_references
from maps.products.atomic import atomic_write

__all__ = ["snapshot_png"]

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
_INSTALL = ("PNG snapshots need Playwright for Python and Debian's chromium: pip install playwright "
            "(or pip install -e '.[test]') and apt-get install chromium; the browser download "
            "'playwright install' is not needed. Or set HOTSPOT_CHROMIUM to a Chromium executable.")
_NO_CONTROLS = ".leaflet-control-zoom, .leaflet-control-layers { display: none !important; }"
_LEAFLET_IDLE = """() => !window.L || document.querySelectorAll('.leaflet-tile-loading').length === 0"""


def snapshot_png(html_path, png_path, *, width=1600, height=1000, wait_ms=1500, chromium=None,
                 full_page=False, controls=False) -> Path:
    """Render an HTML map or briefing to a PNG with headless Chromium.

    Parameters
    ----------
    html_path : str or Path
        A self-contained page (offline or share map, briefing).
    png_path : str or Path
        Where to write the PNG (its folder is created).
    width, height : int
        Viewport in CSS pixels (default 1600 × 1000, a 16:10 slide).
    wait_ms : int
        Extra time after loading for Leaflet to settle (default 1500 ms).
    chromium : str or Path, optional
        The Chromium executable (default ``$HOTSPOT_CHROMIUM``, ``/usr/bin/chromium``, ``chromium`` on PATH).
    full_page : bool
        The whole scrolling page rather than the viewport (for a briefing).
    controls : bool
        Keep Leaflet's zoom buttons and layer control (default: hidden, a slide cannot click them; the
        legend stays).

    Returns
    -------
    Path
        ``png_path``.

    Raises
    ------
    InputError
        A missing page, one that needs the network, bad sizes, or Playwright or Chromium missing or failing
        (the message says how to install them).
    """
    source = Path(html_path)
    if not source.is_file():
        raise InputError(f"{source}: no such HTML file to snapshot.")
    for name, value, low in (("width", width, 100), ("height", height, 100), ("wait_ms", wait_ms, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= 20000:
            raise InputError(f"{name} must be a whole number from {low} to 20000, got {value!r}.")
    remote = remote_references(source.read_text(encoding="utf-8", errors="replace"))
    if remote:
        raise InputError(f"{source} loads {len(remote)} file(s) from the internet (first: {remote[0]}); the "
                         "snapshot blocks the network, so write the map with --offline (or --share) first.")
    executable = _chromium(chromium)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise InputError(_INSTALL) from None
    out = Path(png_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Playwright's sync API refuses to run where an asyncio loop runs (a notebook, another Playwright):
    # a thread of its own has none.
    # the PNG is drawn beside its target and renamed when complete: an interrupted render leaves the old one
    with ThreadPoolExecutor(max_workers=1) as pool, atomic_write(out) as tmp:
        pool.submit(_render, source, tmp, executable, (width, height), wait_ms, full_page, controls).result()
    return out


def _render(source, out, executable, size, wait_ms, full_page, controls):
    from playwright.sync_api import Error, sync_playwright

    url = source.resolve().as_uri()
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=str(executable), headless=True, args=ARGS)
        except Error as err:
            raise InputError(f"Chromium at {executable} did not start: {str(err).splitlines()[0]}. "
                             f"{_INSTALL}") from None
        try:
            context = browser.new_context(viewport={"width": size[0], "height": size[1]})
            context.route("**/*", lambda route: route.continue_() if _local(route.request.url, url)
                          else route.abort())
            page = context.new_page()
            page.goto(url, wait_until="load", timeout=60000)
            for frame in page.frames:
                frame.wait_for_function(_LEAFLET_IDLE, timeout=15000)
                if not controls:
                    frame.add_style_tag(content=_NO_CONTROLS)
            page.wait_for_timeout(wait_ms)
            page.screenshot(path=str(out), full_page=full_page)
        except Error as err:
            raise InputError(f"Chromium could not render {source}: {str(err).splitlines()[0]}") from None
        finally:
            browser.close()


def _chromium(given):
    candidates = [given] if given else [os.environ.get("HOTSPOT_CHROMIUM"), "/usr/bin/chromium",
                                        shutil.which("chromium")]
    for path in filter(None, candidates):
        if Path(path).is_file():
            return Path(path)
    raise InputError(f"no Chromium found at {given or ', '.join(c for c in candidates[:2] if c)}. {_INSTALL}")


def _local(request_url, page_url):
    return request_url == page_url or request_url.startswith(("data:", "about:", "blob:"))
