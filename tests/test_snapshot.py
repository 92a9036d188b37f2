"""PNG snapshots and the weekend briefing in headless chromium: loads clean, offline, prints on A4.

Debian's chromium driven by Playwright (``tests/browser.py``): skipped where chromium is absent, failed under
``CI=true``. The PNGs, a screenshot of the briefing and its A4 PDF are kept in ``tests/artifacts/``.
"""

import json
import re
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from browser import ARTIFACTS, MAP_JS, launch, visit
from shapely.geometry import Point, box

from hotspots.errors import InputError
from hotspots.io.read import read_points
from hotspots.io.where.area import read_area
from layers.cover.weekend import weekend_analysis
from layers.plans.patrols import read_patrols
from layers.plans.places import read_places
from maps.cli.args.project import load_project
from maps.labels import label
from maps.offline import make_offline
from maps.overlays.common import text
from maps.products.briefing.weekend import BriefingLayers, weekend_briefing
from maps.products.build import build_map
from maps.products.snapshot import snapshot_png

DEMO = Path(__file__).resolve().parents[1] / "maps" / "demo" / "kalix" / "kalix.toml"
DETAIL_LAYERS = [label("boundary"), text("layer_hotspots"), text("layer_gaps"), text("layer_places"),
                 text("layer_patrols")]
A4_MAP_PX = 120 / 25.4 * 96  # the map's fixed height, 120 mm, in CSS pixels
# Luminance spread and number of distinct colours (sampled) of a PNG, measured in the browser.
STATS_JS = """async (src) => {
    const img = new Image(); img.src = src; await img.decode();
    const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d'); g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data, seen = new Set();
    let n = 0, s = 0, s2 = 0;
    for (let i = 0; i < d.length; i += 4 * 7) {
        const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
        n++; s += y; s2 += y * y; seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    return {width: c.width, height: c.height, std: Math.sqrt(s2 / n - (s / n) ** 2), colours: seen.size};
}"""


@pytest.fixture(scope="module")
def browser():
    yield from launch()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The demo's Midsommar 2026 briefing (internal and shareable) and a small offline map."""
    out = tmp_path_factory.mktemp("briefing")
    proj = load_project(DEMO)
    points = read_points(proj.incidents, proj.complaints, options=proj.read).points
    patrols = read_patrols(proj.patrols, tz=proj.read.tz, target_crs=points.crs).patrols
    places = read_places(proj.special_places, target_crs=points.crs).places
    weekend = weekend_analysis("midsommar", 2026, points, places=places, patrols=patrols, local_events=proj.events)
    layers = BriefingLayers(patrols=patrols, boundary=read_area(proj.boundary, crs=points.crs))
    paths = {}
    for name, share in (("briefing", False), ("briefing_share", True)):
        paths[name] = out / f"{name}.html"
        paths[name].write_text(weekend_briefing(weekend, layers=layers, title=proj.name, synthetic=True, share=share),
                               encoding="utf-8")
    small = gpd.GeoDataFrame({
        "id": ["a", "b", "c"], "source": "incident", "category": "disorder", "category_raw": "Ordningsstörning",
        "start": pd.date_range("2024-04-30 21:00", periods=3, freq="h", tz="Europe/Stockholm"), "end": pd.NaT,
        "weight": 1.0, "sensitive": False, "text": "", "geometry": [Point(23.15, 65.853), Point(23.154, 65.855),
                                                                   Point(23.158, 65.857)]}, crs="EPSG:4326")
    boundary = gpd.GeoDataFrame(geometry=[box(23.10, 65.82, 23.22, 65.88)], crs="EPSG:4326")
    paths["map"] = out / "map.html"
    paths["map"].write_text(make_offline(build_map(points=small, boundary=boundary, title="Testkarta")),
                            encoding="utf-8")
    return paths


def _stats(browser, png):
    page = browser.new_page()
    try:
        return page.evaluate(STATS_JS, "data:image/png;base64," + __import__("base64").b64encode(png.read_bytes())
                             .decode("ascii"))
    finally:
        page.close()


def _keep(path, name):
    ARTIFACTS.mkdir(exist_ok=True)
    return Path(shutil.copyfile(path, ARTIFACTS / name))


def test_map_png(browser, files, tmp_path, request):
    png = snapshot_png(files["map"], tmp_path / "map.png", width=800, height=500, wait_ms=300)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    stats = _stats(browser, png)
    assert (stats["width"], stats["height"]) == (800, 500)
    assert stats["std"] > 5 and stats["colours"] > 20, f"blank snapshot: {stats}"
    _keep(png, f"{request.node.name}.png")


def test_briefing_png(browser, files, tmp_path, request):
    png = snapshot_png(files["briefing"], tmp_path / "briefing.png", width=1000, height=800, wait_ms=500,
                       full_page=True)
    stats = _stats(browser, png)
    assert stats["width"] == 1000 and stats["height"] > 2000  # the whole page: header, maps, tables
    assert stats["std"] > 5 and stats["colours"] > 50, f"blank snapshot: {stats}"
    _keep(png, f"{request.node.name}.png")


def _frames(page):
    """The briefing's map frames (detail first), each with Leaflet loaded."""
    frames = [f for f in page.frames if f != page.main_frame]
    for frame in frames:
        frame.wait_for_function(f"() => window.L && ({MAP_JS}) !== undefined && "
                                "document.querySelectorAll('.hp-label').length > 0")
    return frames


def test_briefing_in_the_browser(browser, files, request):
    seen = visit(browser, files["briefing"])
    page = seen.page
    try:
        page.set_viewport_size({"width": 1000, "height": 1400})
        detail, overview = _frames(page)
        assert detail.evaluate("typeof L.version") == "string"
        overlays = [t.strip() for t in detail.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
        assert overlays == DETAIL_LAYERS
        checks = detail.locator(".leaflet-control-layers-overlays input")
        assert all(checks.nth(i).is_checked() for i in range(checks.count()))
        for name in DETAIL_LAYERS:  # a visible legend block for every layer in the control
            assert detail.locator(f".hp-legend [data-layer={json.dumps(name, ensure_ascii=False)}]").is_visible(), name
        assert detail.locator(".hp-legend").is_visible()
        assert detail.locator("path.leaflet-interactive").count() >= 10  # places, hotspot, gap, patrols
        assert detail.locator(".leaflet-tile").count() == 0 and detail.locator(".hp-title").is_hidden()
        labels = detail.locator(".hp-label").all_inner_texts()
        assert {"SP02", "SP03", "H1"} <= set(labels)
        assert "SP04" in overview.locator(".hp-label").all_inner_texts()
        assert overview.locator(".hp-label.hp-box").is_visible() and overview.locator(".hp-legend").is_hidden()
        assert page.get_by_role("heading", name="Midsommarhelgen 2026").is_visible()
        assert page.locator("table").count() == 5
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        assert seen.requests == [], "the briefing made network requests"
        assert seen.errors == [] and seen.dialogs == []
    finally:
        page.context.close()


def test_briefing_prints_on_a4(browser, files, request):
    seen = visit(browser, files["briefing"])
    page = seen.page
    try:
        detail, _ = _frames(page)
        page.emulate_media(media="print")
        height = page.evaluate("document.querySelector('iframe.main').getBoundingClientRect().height")
        assert abs(height - A4_MAP_PX) < 2
        assert detail.locator(".leaflet-control-layers").is_hidden()  # no controls on paper
        assert detail.locator(".leaflet-control-zoom").is_hidden()
        assert detail.locator(".hp-legend").is_visible()
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        assert pdf[:5] == b"%PDF-"
        n_pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        assert 2 <= n_pages <= 4, n_pages
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"{request.node.name}.pdf").write_bytes(pdf)
        assert seen.requests == [] and seen.errors == []
    finally:
        page.context.close()


def test_share_briefing_in_the_browser(browser, files, request):
    seen = visit(browser, files["briefing_share"])
    page = seen.page
    try:
        frame, *overview = _frames(page)  # detail, and the overview when the event's hotspots lie far apart
        overlays = [t.strip() for t in frame.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
        assert overlays == [label("boundary"), text("layer_hotspots")]
        assert frame.locator(".hp-legend").is_visible()
        assert len(overview) <= 1 and all(o.locator(".hp-legend").is_hidden() for o in overview)
        assert page.get_by_text(label("share"), exact=True).first.is_visible()
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        assert seen.requests == [] and seen.errors == []
    finally:
        page.context.close()


def test_snapshot_errors(files, tmp_path, monkeypatch):
    with pytest.raises(InputError, match="no such HTML file"):
        snapshot_png(tmp_path / "missing.html", tmp_path / "x.png")
    with pytest.raises(InputError, match=r"pip install playwright.*apt-get install chromium"):
        snapshot_png(files["map"], tmp_path / "x.png", chromium=tmp_path / "no-chromium")
    online = tmp_path / "online.html"
    online.write_text('<script src="https://unpkg.com/leaflet/dist/leaflet.js"></script>', encoding="utf-8")
    with pytest.raises(InputError, match="--offline"):
        snapshot_png(online, tmp_path / "x.png")
    with pytest.raises(InputError, match="width"):
        snapshot_png(files["map"], tmp_path / "x.png", width=10)
    monkeypatch.setitem(__import__("sys").modules, "playwright.sync_api", None)
    monkeypatch.setenv("HOTSPOT_CHROMIUM", str(files["map"]))  # any existing file passes the first check
    with pytest.raises(InputError, match="pip install playwright"):
        snapshot_png(files["map"], tmp_path / "x.png")


def test_cli_weekend_png(browser, tmp_path, monkeypatch, capsys, request):
    from maps.cli import main as cli

    monkeypatch.setattr("maps.cli.main._COMMAND_MODULES", ("maps.cli.commands.weekend",))
    png, page = tmp_path / "slide.png", tmp_path / "briefing.html"
    assert cli.main(["weekend", "midsommar", "--year", "2026", "--project", str(DEMO), "--share", "--offline",
                     "-o", str(page), "--png", str(png), "--lang", "en"]) == 0
    assert f"written: {png}" in capsys.readouterr().out and page.is_file()
    stats = _stats(browser, png)
    assert (stats["width"], stats["height"]) == (1600, 1000) and stats["std"] > 5, stats
    _keep(png, f"{request.node.name}.png")


def test_cli_map_png(browser, tmp_path, capsys, request):
    from maps.cli import main as cli

    demo = DEMO.parent
    png = tmp_path / "map.png"
    assert cli.main(["map", str(demo / "incidents.csv"), "--complaints", str(demo / "complaints.csv"),
                     "--method", "count", "--cell-m", "100", "--boundary", str(demo / "kalix_kommun.geojson"),
                     "--boundary-buffer-m", "1500", "--share", "-o", str(tmp_path / "map.html"),
                     "--png", str(png)]) == 0
    stats = _stats(browser, png)
    assert (stats["width"], stats["height"]) == (1600, 1000) and stats["std"] > 5, stats
    _keep(png, f"{request.node.name}.png")
