"""Issue 15 in a real browser: the demo's maps at desktop (1280 × 800) and phone (390 × 844) size, offline and
online, with axe-core; screenshots in ``tests/artifacts/`` (not committed).

Checks, per the issue's "done when": no request off the page offline (and online only tile requests, harmless
when they fail); at least 3 locality names visible on the offline internal map; hotspots named and the ranked
list zooms to each and opens its popup; no English words in the Swedish maps; at phone size the map fills
≥ 60 % of the screen and the panels and controls cover < 35 %; no serious or critical axe-core violation.
"""

import re
from pathlib import Path

import geopandas as gpd
import pytest
from browser import COVERED_JS, DESKTOP, LOCALITIES_JS, MAP_AREA_JS, PHONE, axe_violations, launch, visit

from maps.cli.commands.run import DEMO_PROJECT, run_project

SIZES = {"desktop": DESKTOP, "phone": PHONE}
# English words that must not show in a Swedish map (labels of maps/overlays and the page controls)
ENGLISH = ("Legend", "Hotspots by rank", "Incidents", "Complaints", "Special places", "Coverage gaps",
           "Planned presence", "Suggested visits", "Place names", "Base map", "Peak times", "Peak time", "thin",
           "GAP", "covered", "Choose a hotspot", "All days", "All hours", "shown", "count", "Internal", "Shareable",
           "Synthetic", "Method", "Boundary", "Density", "No background")


@pytest.fixture(scope="module")
def browser():
    yield from launch()


@pytest.fixture(scope="module")
def demo(demo_sv):
    result = demo_sv.made  # the session's shared demo run (tests/demo_session.py)
    names = gpd.read_file(result["products"]["hotspots"], layer="hotspots").sort_values("rank")["name"].tolist()
    return {"internal": Path(result["products"]["map"]), "share": Path(result["products"]["share_map"]),
            "names": names, "briefings": sorted(Path(v) for k, v in result["products"].items()
                                                 if k.startswith("briefing_"))}


@pytest.fixture(scope="module")
def online(tmp_path_factory):
    """The demo's internal map as made without ``offline``: OpenStreetMap tiles as an extra base layer."""
    out = tmp_path_factory.mktemp("online15")
    for entry in Path(DEMO_PROJECT).parent.iterdir():  # every demo file beside a project that allows tiles
        if entry.name != "kalix.toml":
            (out / entry.name).symlink_to(entry)
    project = out / "kalix.toml"
    project.write_text(Path(DEMO_PROJECT).read_text(encoding="utf-8").replace("offline = true", "offline = false"),
                       encoding="utf-8")
    return Path(run_project(project, out / "products", quiet=True)["products"]["map"])


def _open(browser, path, size):
    seen = visit(browser, path, viewport=SIZES[size])
    seen.page.wait_for_timeout(300)
    return seen


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", ["internal", "share"])
def test_demo_maps_offline(browser, demo, kind, size):
    seen = _open(browser, demo[kind], size)
    page = seen.page
    try:
        assert seen.requests == [], "an offline map made requests"
        assert seen.errors == [] and seen.dialogs == []
        assert page.evaluate("document.documentElement.lang") == "sv" and page.title()
        towns = page.evaluate(LOCALITIES_JS)
        assert len(set(towns)) >= 3, towns
        body = page.locator("body").inner_text()
        for word in ENGLISH:
            assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", body), word
        assert page.locator("a.leaflet-control-zoom-in").get_attribute("title") == "Zooma in"
        scale = page.locator(".leaflet-control-scale-line")
        if size == "desktop":
            assert scale.count() == 1 and re.fullmatch(r"\d+ k?m", scale.inner_text().strip())
        seen.screenshot(f"issue15_{kind}_{size}_offline")
        if size == "phone":
            assert page.evaluate(MAP_AREA_JS) >= 0.6
            covered = page.evaluate(COVERED_JS)
            assert covered < 0.35, f"panels and controls cover {covered:.0%} of the phone screen"
            assert page.locator("details.hp-panel[open]").count() == 0  # every panel starts collapsed
        else:
            assert page.locator("details.hp-panel[open]").count() >= 3  # title, legend, list, time control
            _check_list(page, demo["names"])
        assert axe_violations(page) == []
    finally:
        page.context.close()


def _check_list(page, names):
    """The ranked list names every hotspot in rank order; its first entry opens the first hotspot's popup."""
    buttons = page.locator(".hp-list button[data-hotspot]")
    shown = [re.sub(r"^\d+\. ", "", b) for b in buttons.all_inner_texts()]
    assert shown == names
    buttons.first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert names[0] in popup.inner_text()


def test_every_hotspot_popup_opens_by_a_click_inside_it(browser, demo):
    """Gaps are outlines above the hotspots: a click in a hotspot's inside opens the hotspot, not the gap."""
    seen = _open(browser, demo["internal"], "desktop")
    page = seen.page
    try:
        ids = page.eval_on_selector_all(".hp-list button[data-hotspot]", "bs => bs.map(b => b.dataset.hotspot)")
        clicked = 0
        for hid in ids:
            point = page.evaluate(f"""() => {{
                const map = Object.values(window).find(v => v instanceof L.Map);
                map.closePopup();
                let found = null;
                map.eachLayer(l => {{ if (!found && l.feature && String(l.feature.properties.hotspot_id) === '{hid}'
                                           && l.getBounds) {{
                    map.fitBounds(l.getBounds(), {{animate: false, maxZoom: 16}});
                    const c = map.latLngToContainerPoint(l.getBounds().getCenter());
                    const r = map.getContainer().getBoundingClientRect();
                    found = [c.x + r.left, c.y + r.top]; }} }});
                return found; }}""")
            target = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('.leaflet-pane').className",
                                   point)
            if "hp-hotspots" not in target:  # a hotspot whose centre lies outside it (a ring): skip the click
                continue
            page.mouse.click(*point)
            page.locator(".leaflet-popup-content", has_text=f"Hotspot {hid} –").wait_for(state="visible")
            clicked += 1
        assert clicked >= len(ids) - 1 and seen.errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_online_map_tiles_are_harmless_without_network(browser, online, size):
    seen = _open(browser, online, size)
    page = seen.page
    try:
        assert seen.requests, "the online map asks for tiles"
        assert all(u.startswith("https://tile.openstreetmap.org/") for u in seen.requests), seen.requests
        errors = [e for e in seen.errors if "Failed to load resource" not in e]  # the aborted tiles
        assert errors == [] and seen.dialogs == []
        assert len(set(page.evaluate(LOCALITIES_JS))) >= 3  # base data and names without the tiles
        assert page.locator(".leaflet-control-layers-base label").count() == 2
        seen.screenshot(f"issue15_internal_{size}_online")
        if size == "phone":
            assert page.evaluate(COVERED_JS) < 0.35
        assert axe_violations(page) == []
    finally:
        page.context.close()


def test_one_time_control_filters_hotspots_gaps_patrols_and_points(browser, demo):
    seen = _open(browser, demo["internal"], "desktop")
    page = seen.page
    count = """() => { const map = Object.values(window).find(v => v instanceof L.Map); let g = 0, p = 0, k = 0;
        map.eachLayer(l => { if (l.feature && l.feature.properties.gap_windows !== undefined) { g++; }
                             if (l.feature && l.feature.properties.unit !== undefined) { p++; }
                             if (l instanceof L.MarkerClusterGroup) { k += l.getLayers().length; } });
        return [g, p, k]; }"""
    try:
        page.locator(".leaflet-control-layers-overlays label", has_text="Händelser och synpunkter").locator(
            "input").check()
        gaps, patrols, points = page.evaluate(count)
        assert gaps > 0 and patrols > 0 and points > 0
        page.select_option(".hp-time .hp-day", "5")  # Saturday
        page.select_option(".hp-time .hp-hour", "1")  # 01–02: the demo's Friday-night patrols are out
        sat = page.evaluate(count)
        assert 0 < sat[0] < gaps and 0 < sat[1] < patrols and 0 < sat[2] < points, sat
        page.select_option(".hp-time .hp-day", "-1")
        page.select_option(".hp-time .hp-hour", "-1")
        assert page.evaluate(count) == [gaps, patrols, points]
        assert "Värmekartan visar alla timmar." in page.locator(".hp-time").inner_text()
        assert seen.errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_demo_briefings_open_offline_and_pass_axe(browser, demo, size):
    """The other HTML products of the run: no request, no error, no serious accessibility violation."""
    assert len(demo["briefings"]) == 6  # internal and share-safe briefing per event
    for path in demo["briefings"]:
        seen = _open(browser, path, size)
        page = seen.page
        try:
            assert seen.requests == [] and seen.errors == [] and seen.dialogs == [], path.name
            assert page.evaluate("document.documentElement.lang") == "sv" and page.title(), path.name
            seen.screenshot(f"issue15_{path.stem}_{size}")
            assert axe_violations(page) == [], path.name
        finally:
            page.context.close()
