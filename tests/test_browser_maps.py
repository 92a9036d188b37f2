"""Every map product in headless chromium, offline: loads with no console error and no request, layers there.

Debian's chromium driven by Playwright (``tests/browser.py``); skipped where chromium is absent, failed
under ``CI=true``. A screenshot of each product is kept in ``tests/artifacts/``.
"""


import geopandas as gpd
import pandas as pd
import pytest
from browser import MAP_JS, launch, visit
from shapely.geometry import Point, box

from maps.labels import label
from maps.offline import make_offline
from maps.overlays.common import text
from maps.products.build import build_map

XSS = "<img src=x onerror=alert(1)>"
BACKGROUND = "rgb(244, 243, 239)"  # maps.offline.BACKGROUND
POINTS_LAYERS = [label("boundary"), label("heat"), text("layer_points")]
DEMO_LAYERS = [label("boundary"), label("heat"), "Framväxande hotspots (klasser per ruta)",
               "Förändring före/efter 2025-01-01", text("layer_hotspots"), text("layer_gaps"), text("layer_places"),
               text("layer_patrols"), text("layer_suggestions"), text("layer_points"), "Ortnamn"]
# issue 15: these start switched off (the emerging and change classes too)
OFF = {label("heat"), text("layer_points"), text("layer_grid"), DEMO_LAYERS[2], DEMO_LAYERS[3]}


@pytest.fixture(scope="module")
def browser():
    yield from launch()


def _points(texts):
    """Tiny Points frame in Kalix town (WGS84), one point per text."""
    n = len(texts)
    return gpd.GeoDataFrame({
        "id": [f"p{i}" for i in range(n)], "source": "incident", "category": "disorder",
        "category_raw": "Ordningsstörning",
        "start": pd.date_range("2024-04-30 21:00", periods=n, freq="h", tz="Europe/Stockholm"),
        "end": pd.NaT, "weight": 1.0, "sensitive": False, "text": texts,
        "geometry": [Point(23.150 + 0.004 * i, 65.853 + 0.002 * (i % 3)) for i in range(n)],
    }, crs="EPSG:4326")


def _boundary():
    return gpd.GeoDataFrame(geometry=[box(23.10, 65.82, 23.22, 65.88)], crs="EPSG:4326")


def _write(tmp_path_factory, name, fmap_or_html):
    path = tmp_path_factory.mktemp("maps") / f"{name}.html"
    path.write_text(make_offline(fmap_or_html), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def points_file(tmp_path_factory):
    fmap = build_map(points=_points(["Fest i parken", "Krossad ruta", "Bråk"]), boundary=_boundary(), title="Testkarta")
    return _write(tmp_path_factory, "points", fmap)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, demo_sv):
    html = demo_sv.products["map"].read_text(encoding="utf-8")  # the session's shared demo run
    return _write(tmp_path_factory, "demo", html)


def _check_offline_map(browser, path, name, overlays, title):
    seen = visit(browser, path)
    page = seen.page
    try:
        assert seen.requests == [], "offline map made network requests"
        assert seen.errors == []
        assert page.evaluate("typeof window.L === 'object' && typeof L.version === 'string'")
        assert page.evaluate(f"({MAP_JS}) !== undefined")
        for pane in ("map", "tile", "overlay", "marker", "popup"):
            assert page.locator(f".leaflet-{pane}-pane").count() == 1, pane
        assert page.locator(".leaflet-tile").count() == 0, "offline maps draw no tiles"
        assert page.evaluate("getComputedStyle(document.querySelector('.leaflet-container')).backgroundColor") \
            == BACKGROUND
        labels = [t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
        assert labels == overlays
        assert page.locator(".leaflet-control-layers-base label").count() == 0, "no basemap to choose offline"
        checks = page.locator(".leaflet-control-layers-overlays input")
        # issue 15: heat, points and grid start off, every other layer on; switched on, each draws
        assert [checks.nth(i).is_checked() for i in range(checks.count())] == [o not in OFF for o in overlays]
        for i, name in enumerate(overlays):
            if name in OFF:
                checks.nth(i).check()
        # each named layer is drawn: boundary outline, heat canvas, clustered or single points
        assert page.locator(".leaflet-overlay-pane path").count() >= 1
        # heat: a HeatMap canvas for small data, a KDE image overlay for large
        heat = page.locator("canvas.leaflet-heatmap-layer").count() + page.locator("img.leaflet-image-layer").count()
        assert heat >= 1
        # the points: a cluster or single circle markers (the boundary outline is not interactive)
        assert page.locator(".marker-cluster").count() + page.locator("path.leaflet-interactive").count() >= 1
        assert page.get_by_text(title).first.is_visible()
        assert page.locator(".leaflet-control-layers").is_visible()
        assert page.locator(".leaflet-control-scale").is_visible()
        seen.screenshot(name)
        assert seen.requests == [] and seen.errors == []
    finally:
        page.context.close()


def test_points_map_offline(browser, points_file, request):
    _check_offline_map(browser, points_file, request.node.name, POINTS_LAYERS, "Testkarta")


def test_demo_map_offline(browser, demo_file, request):
    _check_offline_map(browser, demo_file, request.node.name, DEMO_LAYERS, "Kalix")


def test_popup_text_is_not_run(browser, tmp_path_factory, request):
    path = _write(tmp_path_factory, "xss", build_map(points=_points([XSS]), title=XSS))
    seen = visit(browser, path)
    page = seen.page
    try:
        page.locator(".leaflet-control-layers-overlays label", has_text=text("layer_points")).locator("input").check()
        opened = page.evaluate(f"""() => {{
            const map = {MAP_JS}; let n = 0;
            map.eachLayer(l => {{ if (l instanceof L.CircleMarker && l.getPopup()) {{ l.openPopup(); n++; }} }});
            return n; }}""")
        assert opened == 1
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(state="visible")
        assert XSS in popup.text_content()
        assert popup.locator("img").count() == 0
        assert XSS in page.locator("body").text_content()  # the title block shows it as text too
        assert page.locator("img[src='x']").count() == 0
        page.wait_for_timeout(100)
        seen.screenshot(request.node.name)
        assert seen.dialogs == [], "text from the data ran as script"
        assert seen.requests == [] and seen.errors == []
    finally:
        page.context.close()


def test_default_marker_and_colormap_legend_offline(browser, tmp_path_factory, request):
    """Leaflet's default marker icon and a branca colour legend (d3) also load with no request."""
    import branca.colormap
    import folium
    import xstatic.pkg.d3  # noqa: F401  (xstatic-d3, a core dependency, supplies d3 for branca legends)

    fmap = folium.Map(location=[65.85, 23.15], zoom_start=12)
    folium.Marker([65.85, 23.15], popup="Torget").add_to(fmap)
    legend = branca.colormap.LinearColormap(["#ffffb2", "#bd0026"], vmin=0, vmax=10, caption="Antal")
    legend.add_to(fmap)
    seen = visit(browser, _write(tmp_path_factory, "legend", fmap))
    page = seen.page
    try:
        assert seen.requests == [] and seen.errors == []
        icon = page.locator(".leaflet-marker-icon")
        assert icon.count() == 1 and icon.get_attribute("src").startswith("data:image/png")
        assert page.evaluate("document.querySelector('.leaflet-marker-icon').naturalWidth") > 0
        assert page.locator(".legend").first.is_visible()
        assert page.get_by_text("Antal").is_visible()
        seen.screenshot(request.node.name)
    finally:
        page.context.close()
