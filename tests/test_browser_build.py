"""maps.products.build.build_map in headless chromium, offline: the bundled Kalix demo, internal and shareable.

Each page loads with no console error and no request, Leaflet is there, every layer is named in the layer
control, the legend is visible (and follows the layer switches), the time control filters the hotspots,
popups show their numbers and profile, and no text from the data runs as script. Screenshots are kept in
``tests/artifacts/``. Skipped where chromium is absent, failed under ``CI=true`` (``tests/browser.py``).
"""

import geopandas as gpd
import pytest
from browser import MAP_JS, launch, visit
from shapely.geometry import LineString, Point

from hotspots.find import find_hotspots
from hotspots.io.read import read_points
from hotspots.io.where.area import read_area
from layers.plans.patrols import read_patrols
from layers.plans.places import read_places
from maps.cli.args.project import load_project
from maps.cli.commands.run import DEMO_PROJECT
from maps.offline import make_offline
from maps.overlays.common import text
from maps.products.build import build_map
from maps.products.coverage import coverage_layers

XSS = "<img src=x onerror=alert(1)>"
INTERNAL = ["boundary", "heat", "layer_grid", "layer_hotspots", "layer_gaps", "layer_places", "layer_patrols",
            "layer_suggestions", "layer_points"]
SHARE = ["boundary", "heat", "layer_grid", "layer_hotspots", "layer_places"]  # issue 15: places stay on share maps
OFF = ("heat", "layer_grid", "layer_points")  # issue 15: these start switched off


@pytest.fixture(scope="module")
def browser():
    yield from launch()


@pytest.fixture(scope="module")
def demo():
    proj = load_project(DEMO_PROJECT)
    points = read_points(proj.incidents, proj.complaints, options=proj.read).points
    boundary = read_area(proj.boundary)
    # Gi* (not the demo's count method) so that the Gi* grid layer is drawn and checked too
    finder = find_hotspots(points, boundary=boundary, **{**proj.hotspots, "method": "gistar"})
    patrols = read_patrols(proj.patrols).patrols
    _, gaps, suggestions = coverage_layers(finder, points, patrols, visits=5, lang=proj.lang)
    return {"points": points, "hotspots": finder.hotspots_, "cells": finder.cells_, "profiles": finder.profiles_,
            "patrols": patrols, "places": read_places(proj.special_places).places, "gaps": gaps,
            "suggestions": suggestions, "boundary": boundary, "title": proj.name, "synthetic": proj.synthetic,
            "min_count": proj.min_count}


def _write(tmp_path_factory, name, fmap):
    path = tmp_path_factory.mktemp("build") / f"{name}.html"
    path.write_text(make_offline(fmap), encoding="utf-8")
    return path


def _check(browser, path, name, layers, share):
    seen = visit(browser, path)
    page = seen.page
    try:
        assert seen.requests == [], "offline map made network requests"
        assert seen.errors == []
        assert page.evaluate("typeof window.L === 'object' && typeof L.version === 'string'")
        assert page.evaluate(f"({MAP_JS}) !== undefined")
        names = [text(k) for k in layers]
        labels = [t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
        assert labels == names
        legend = page.locator(".hp-legend")
        assert legend.is_visible()
        for key in layers:  # a visible legend block per layer that is switched on; heat, grid, points start off
            block = legend.locator(f"[data-layer='{text(key)}']")
            assert block.count() == 1, key
            assert block.is_visible() == (key not in OFF), key
        for key in (k for k in OFF if k in layers):
            box = page.locator(".leaflet-control-layers-overlays label", has_text=text(key))
            box.locator("input").check()
            assert legend.locator(f"[data-layer='{text(key)}']").is_visible(), key
        assert page.get_by_text("Delningsbar" if share else "Internt", exact=True).first.is_visible()
        assert page.get_by_text("Syntetiska data", exact=False).first.is_visible()
        status = page.locator(".hp-time .hp-status")
        total = int(status.text_content().split("/")[1].split()[0])
        assert status.text_content().startswith(f"{total} / {total}")
        page.select_option(".hp-time .hp-day", "4")  # Friday
        page.select_option(".hp-time .hp-hour", "23")
        friday = int(status.text_content().split("/")[0])
        assert 0 < friday <= total  # the demo's busiest hotspots peak on Friday nights
        page.select_option(".hp-time .hp-hour", "9")
        page.select_option(".hp-time .hp-day", "-1")
        page.select_option(".hp-time .hp-hour", "-1")
        assert status.text_content().startswith(f"{total} / {total}")
        opened = page.evaluate(f"""() => {{ const map = {MAP_JS}; let n = 0;
            map.eachLayer(l => {{ if (l.feature && l.feature.properties.rank === 1 && l.getPopup()) {{
                map.setView(l.getBounds().getCenter(), 13, {{animate: false}}); l.openPopup(); n++; }} }});
            return n; }}""")
        assert opened == 1
        popup = page.locator(".leaflet-popup-content")
        assert popup.is_visible() and text("n_points") in popup.text_content()
        assert popup.locator("svg.hp-profile").count() == (0 if share else 1)
        page.wait_for_timeout(200)
        seen.screenshot(name)
        assert seen.requests == [] and seen.errors == [] and seen.dialogs == []
    finally:
        page.context.close()


def test_demo_internal_map_offline(browser, demo, tmp_path_factory, request):
    assert demo["gaps"] is not None and demo["suggestions"] is not None
    path = _write(tmp_path_factory, "internal", build_map(**demo))
    _check(browser, path, request.node.name, INTERNAL, share=False)


def test_demo_share_map_offline(browser, demo, tmp_path_factory, request):
    path = _write(tmp_path_factory, "share", build_map(**demo, share=True))
    _check(browser, path, request.node.name, SHARE, share=True)


def test_texts_from_the_data_do_not_run(browser, demo, tmp_path_factory, request):
    points = demo["points"].head(50).assign(text=XSS)
    crs = points.crs
    x, y = points.geometry.x.iloc[0], points.geometry.y.iloc[0]
    patrols = gpd.GeoDataFrame({"patrol_id": [XSS, "P2"], "unit": [XSS, XSS], "mode": ["foot", "car"],
                                "schedule": [XSS, "fre 22-02"], "radius_m": [100.0, 200.0],
                                "geometry": [Point(x, y), LineString([(x, y), (x + 500, y)])]}, crs=crs)
    places = gpd.GeoDataFrame({"name": [XSS], "events": [[XSS]], "note": [XSS], "radius_m": [150.0],
                               "geometry": [Point(x + 200, y)]}, crs=crs)
    fmap = build_map(points=points, patrols=patrols, places=places, title=XSS, heat="none")
    seen = visit(browser, _write(tmp_path_factory, "xss", fmap))
    page = seen.page
    try:
        page.locator(".leaflet-control-layers-overlays label", has_text=text("layer_points")).locator("input").check()
        shown = page.evaluate(f"""() => {{ const map = {MAP_JS}, out = [];
            map.eachLayer(l => {{
                if (l.getPopup && l.getPopup() && !(l instanceof L.Marker)) {{
                    l.openPopup(); out.push(document.querySelector('.leaflet-popup-content').innerHTML); }}
                if (l.getTooltip && l.getTooltip()) {{
                    l.openTooltip(); out.push(l.getTooltip().getElement().innerHTML); }} }});
            return out; }}""")
        shown += page.evaluate(f"""() => {{ const map = {MAP_JS}, out = [];
            map.eachLayer(l => {{ if (l instanceof L.MarkerClusterGroup) {{
                // a clustered marker's own popup content, opened as Leaflet opens it
                l.getLayers().slice(0, 3).forEach(marker => {{
                    L.popup().setLatLng(marker.getLatLng()).setContent(marker.getPopup().getContent()).openOn(map);
                    out.push(document.querySelector('.leaflet-popup-content').innerHTML); }}); }} }});
            return out; }}""")
        assert len(shown) >= 9  # two patrols and the place, popup and tooltip each, and three points
        for content in shown:
            assert "&lt;img src=x onerror=alert(1)&gt;" in content and "<img" not in content, content
        page.wait_for_timeout(200)
        assert XSS in page.locator(".hp-title").text_content()
        assert page.locator("img[src='x']").count() == 0
        seen.screenshot(request.node.name)
        assert seen.dialogs == [], "text from the data ran as script"
        assert seen.requests == [] and seen.errors == []
    finally:
        page.context.close()
