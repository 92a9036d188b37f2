"""maps.products.build.build_map and the map command, without a browser: layers, legend, escaping, share mode, size.

Tiny seeded points in Kalix town (SWEREF 99 TM) go through the real ``find_hotspots``; patrols, places,
gaps and suggestions are hand-made frames carrying a script-injection text. The 1M-point size check is
here (about 5 s); paint times are in ``bench/bench_map.py``.
"""

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

import maps.cli.main
from hotspots.errors import InputError
from hotspots.find import find_hotspots
from maps.cli.commands.run import DEMO_PROJECT
from maps.offline import make_offline, remote_references
from maps.overlays.common import text
from maps.overlays.hotspots import _parse_windows
from maps.overlays.profile_chart import profile_svg
from maps.products.build import build_map
from maps.share.privacy import check_share_html

XSS = "<img src=x onerror=alert(1)>"
SAFE = "&lt;img src=x onerror=alert(1)&gt;"
X0, Y0 = 871400.0, 7327900.0  # Kalix centrum in SWEREF 99 TM
ALL_LAYERS = ["boundary", "heat", "layer_grid", "layer_hotspots", "layer_gaps", "layer_places", "layer_patrols",
              "layer_suggestions", "layer_points"]


def _points(n=400, seed=7):
    rng = np.random.default_rng(seed)
    centres = np.array([[X0, Y0], [X0 + 900, Y0 - 600]])
    which = rng.integers(0, 2, n)
    xy = centres[which] + rng.normal(0, 60, (n, 2))
    xy[: n // 4] = [X0 - 1500, Y0 - 1500] + rng.uniform(0, 3000, (n // 4, 2))  # background
    cats = np.array(["violence", "theft", "vandalism", "domestic", "drugs"])[rng.integers(0, 5, n)]
    start = pd.Timestamp("2024-01-05 22:00", tz="Europe/Stockholm") + pd.to_timedelta(
        rng.integers(0, 365, n) * 24 + rng.integers(0, 5, n), unit="h")
    texts = np.where(np.arange(n) == 3, XSS, "bråk utanför")
    return gpd.GeoDataFrame({
        "id": [f"p{i}" for i in range(n)], "source": np.where(np.arange(n) % 5 == 0, "complaint", "incident"),
        "category": cats, "category_raw": cats, "start": start,
        "end": pd.Series(pd.NaT, index=range(n)).dt.tz_localize("Europe/Stockholm"), "weight": 1.0,
        "sensitive": cats == "domestic", "text": texts,
        "geometry": gpd.points_from_xy(xy[:, 0], xy[:, 1])}, crs="EPSG:3006")


@pytest.fixture(scope="module")
def data():
    points = _points()
    boundary = gpd.GeoDataFrame(geometry=[box(X0 - 3000, Y0 - 3000, X0 + 3000, Y0 + 3000)], crs="EPSG:3006")
    finder = find_hotspots(points, "gistar", cell_m=100, boundary=boundary)
    hot = finder.hotspots_
    patrols = gpd.GeoDataFrame({
        "patrol_id": ["P1", "P2", "P3"], "unit": [XSS, "Ingripande", "Områdespolis"], "mode": ["foot", "car", "bike"],
        "schedule": ["fre 22-02", XSS, "lör 12-16"], "radius_m": [100.0, 250.0, 50.0],
        "geometry": [Point(X0, Y0), LineString([(X0, Y0), (X0 + 900, Y0 - 600)]), box(X0 - 200, Y0 - 200, X0, Y0)]},
        crs="EPSG:3006")
    places = gpd.GeoDataFrame({
        "place_id": ["SP1"], "name": [XSS], "radius_m": [150.0], "events": [["valborg", XSS]], "note": [XSS],
        "geometry": [Point(X0 + 100, Y0)]}, crs="EPSG:3006")
    places["area"] = places.geometry.buffer(150)
    gaps = hot[["hotspot_id", "geometry"]].assign(gap_windows=XSS, uncovered_risk=0.25)
    suggestions = gpd.GeoDataFrame({
        "patrol_id": ["F01"], "unit": ["Förslag"], "mode": ["foot"], "schedule": [XSS], "radius_m": [100.0],
        "hotspot_id": [1], "window": ["fre 22–23"], "gain": [0.04],
        "geometry": [hot.geometry.iloc[0].representative_point()]}, crs="EPSG:3006")
    return {"points": points, "hotspots": hot, "cells": finder.cells_, "profiles": finder.profiles_,
            "patrols": patrols, "places": places, "gaps": gaps, "suggestions": suggestions, "boundary": boundary}


def _html(fmap):
    """The page with JSON/JS unicode escapes decoded, so escaped and raw texts can be told apart."""
    page = fmap.get_root().render()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda g: chr(int(g[1], 16)), page)


def _overlays(page):
    block = re.search(r"overlays\s*:\s*\{(.*?)\}", page, re.DOTALL).group(1)
    return re.findall(r'"([^"]+)"\s*:', block)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_layer_is_named_in_the_layer_control_and_legend(data, lang):
    page = _html(build_map(**data, title="Kalix", lang=lang))
    names = [text(k, lang) for k in ALL_LAYERS]
    assert _overlays(page) == names
    for name in names:  # one legend block per layer, tied to its layer-control name
        assert f"data-layer='{name}'" in page, name
    assert "hp-day" in page and "hp-hour" in page  # the time control
    assert ("Teckenförklaring" if lang == "sv" else "Legend") in page
    assert ("Internt" if lang == "sv" else "Internal") in page


def test_data_texts_are_escaped_everywhere(data):
    page = _html(build_map(**data, title=XSS))
    assert "<img src=x" not in page and "<img src=\\" not in page
    # the text reaches the page, escaped: title, incident popup, patrol unit and schedule, place name,
    # events and note, gap windows, suggested schedule
    assert page.count(SAFE) >= 9
    assert "lt;img" not in page.replace(SAFE, "")  # never escaped twice


def test_hotspot_popups_carry_numbers_and_profile(data):
    page = _html(build_map(**data))
    hot = data["hotspots"]
    assert page.count("hp-profile") == len(hot)
    for key in ("n_points", "n_incidents", "n_complaints", "peak_windows", "trend", "rank", "z", "q"):
        assert f'"{key}":' in page
    bins = [list(map(list, b)) for b in data["profiles"].peak_bins]
    assert [_parse_windows(t) for t in hot["peak_windows"]] == bins


def test_share_mode_draws_only_share_safe_layers(data):
    # issue 15: places keep name and events on share maps, never the note (still the XSS text here)
    places = data["places"].assign(name="Torget", events=[["valborg"]])
    fmap = build_map(**{**data, "places": places}, share=True, title="BRÅ", min_count=5)
    page = make_offline(fmap)
    assert check_share_html(page, min_count=5, input_points=data["points"]) == []
    decoded = _html(fmap)
    # issue 15: special places stay on share maps (name and events, no note)
    assert _overlays(decoded) == [text(k) for k in ("boundary", "heat", "layer_grid", "layer_hotspots", "layer_places")]
    for banned in ("bråk utanför", SAFE, "Ingripande", "markerClusterGroup", "heatLayer", "hp-profile", '"Point"'):
        assert banned not in decoded, banned
    assert "Delningsbar" in decoded and "Känsliga händelser i hela området" in decoded
    assert '"name": "Torget"' in decoded and '"note": ' not in decoded
    fit = re.search(r"fitBounds\(\s*\[\[([\d.]+),\s*([\d.]+)\],\s*\[([\d.]+),\s*([\d.]+)\]\]", decoded)
    south, west, north, east = map(float, fit.groups())
    hot = data["hotspots"].to_crs("EPSG:4326")
    big = hot[hot["n_points"] >= 5].total_bounds
    assert (west, south, east, north) == pytest.approx(tuple(big), abs=1e-9)  # the hotspots, not the points


def test_trend_colours_and_heatmap_for_few_points(data):
    words = ["ökande", "minskande", "ingen trend", None]
    hot = data["hotspots"].assign(trend=[words[i % 4] for i in range(len(data["hotspots"]))])
    page = _html(build_map(points=data["points"], hotspots=hot, color_by="trend", heat="auto"))
    assert "#d7301f" in page and "Hotspots efter trend" in page
    assert "L.heatLayer(" in page  # 400 points: a HeatMap, not an image
    page = _html(build_map(points=data["points"], heat="kde"))
    assert "L.imageOverlay(" in page and "data:image/png;base64," in page


def test_bad_arguments_say_what_was_expected(data):
    for kwargs, fragment in [({"lang": "de"}, "lang"), ({"heat": "x"}, "heat"), ({"color_by": "z"}, "color_by"),
                             ({"point_limit": -1}, "point_limit")]:
        with pytest.raises(InputError, match=fragment):
            build_map(points=data["points"], **kwargs)


def test_profile_svg_is_a_7_by_24_strip():
    week = np.zeros((7, 24))
    week[4, 22] = 3.0
    svg = profile_svg(week, "sv")
    assert svg.startswith("<svg") and all(d in svg for d in ("mån", "fre", "sön"))
    assert "Mon" in profile_svg(week, "en")
    with pytest.raises(ValueError, match="7 × 24"):
        profile_svg(np.zeros(10))


def test_one_million_points_stay_under_5_mb():
    rng = np.random.default_rng(2024)
    n = 1_000_000
    xy = np.array([X0, Y0]) + rng.normal(0, 800, (n, 2))
    start = pd.Timestamp("2024-06-01", tz="Europe/Stockholm") + pd.to_timedelta(rng.integers(0, 8760, n), unit="h")
    points = gpd.GeoDataFrame({"source": np.full(n, "incident"), "category": np.full(n, "theft"),
                               "weight": np.ones(n), "start": start},
                              geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs="EPSG:3006")
    page = build_map(points=points, title="1M").get_root().render()
    assert len(page.encode("utf-8")) < 5_000_000
    assert "L.imageOverlay(" in page and "markerClusterGroup" not in page
    assert "1,000,000 punkter" in page  # the title block says why the points are left out


def _run(monkeypatch, argv):
    monkeypatch.setattr("maps.cli.main._COMMAND_MODULES", ("maps.cli.commands.map",))
    return maps.cli.main.main(argv)


@pytest.fixture
def files(tmp_path):
    points = _points().to_crs("EPSG:4326")
    csv = tmp_path / "incidents.csv"
    pd.DataFrame({"id": points["id"], "category": points["category"], "time": points["start"].dt.strftime(
        "%Y-%m-%d %H:%M"), "lat": points.geometry.y, "lon": points.geometry.x, "text": points["text"]}).to_csv(
        csv, sep=";", index=False)
    return csv


def test_map_command_internal_and_share(monkeypatch, files, tmp_path, capsys):
    out = tmp_path / "karta.html"
    assert _run(monkeypatch, ["map", str(files), "--cell-m", "100", "--offline", "-o", str(out)]) == 0
    page = re.sub(r"\\u([0-9a-fA-F]{4})", lambda g: chr(int(g[1], 16)), out.read_text(encoding="utf-8"))
    assert "markerClusterGroup" in page and SAFE in page and "<img src=x" not in page
    assert remote_references(page) == []
    shared = tmp_path / "share.html"
    assert _run(monkeypatch, ["map", str(files), "--cell-m", "100", "--share", "--lang", "en", "-o", str(shared)]) == 0
    page = shared.read_text(encoding="utf-8")
    assert "Shareable" in page and "markerClusterGroup" not in page
    assert check_share_html(page, input_points=_points()) == []
    assert remote_references(page) == []  # --share implies --offline
    assert "written" in capsys.readouterr().out


def test_map_command_refuses_a_share_map_that_breaks_the_rules(monkeypatch, files, tmp_path, capsys):
    monkeypatch.setattr("maps.cli.commands.map.check_share_html", lambda *a, **k: ["free-text property 'text'"])
    out = tmp_path / "share.html"
    assert _run(monkeypatch, ["map", str(files), "--cell-m", "100", "--share", "-o", str(out)]) == 1
    assert not out.exists()
    assert "free-text property 'text'" in capsys.readouterr().err


def test_map_command_with_patrols_places_gaps_and_suggestions(monkeypatch, tmp_path, capsys):
    demo = Path(DEMO_PROJECT).parent
    out = tmp_path / "karta.html"
    argv = ["map", str(demo / "incidents.csv"), "--complaints", str(demo / "complaints.csv"), "--cell-m", "100",
            "--boundary", str(demo / "kalix_kommun.geojson"), "--patrols", str(demo / "patrols.csv"),
            str(demo / "patrol_routes.geojson"), "--places", str(demo / "special_places.geojson"),
            "--suggest", "3", "--synthetic", "--json", "-o", str(out)]
    assert _run(monkeypatch, argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["patrols"] == 16 and report["places"] == 7 and report["gaps"] >= 1 and report["suggestions"] == 3
    # issue 15: the emerging hot spot classes and the before/after change (the last year against the one before)
    time_layers = ["Framväxande hotspots (klasser per ruta)", "Förändring före/efter 2025-01-01"]
    assert _overlays(_html_text(out)) == [text(k) for k in ALL_LAYERS[:3]] + time_layers + [
        text(k) for k in ALL_LAYERS[3:]]
    assert report["bytes"] < 5_000_000


def _html_text(path):
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda g: chr(int(g[1], 16)), path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("share", [False, True])
def test_same_inputs_give_byte_identical_pages_issue_16(data, monkeypatch, share):
    # no clock pinned: a page carries no build time unless SOURCE_DATE_EPOCH asks for one
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("HOTSPOT_BUILD_TIME", raising=False)
    layers = {k: data[k] for k in ("points", "hotspots", "cells", "profiles", "boundary")}
    if not share:
        layers.update({k: data[k] for k in ("patrols", "places", "gaps", "suggestions")})
    pages = [build_map(share=share, **layers).get_root().render() for _ in range(2)]
    assert pages[0] == pages[1]
    assert make_offline(build_map(share=share, **layers)) == make_offline(build_map(share=share, **layers))
    assert re.search(r"geo_json_[0-9a-f]{32}", pages[0])  # still unique-looking names, now derived


def test_stable_ids_differ_between_elements_and_follow_content(data):
    from maps.products.stable_ids import stable_ids

    fmap = build_map(points=data["points"], hotspots=data["hotspots"], tiles="OpenStreetMap.Mapnik")
    names = re.findall(r"\b(?:geo_json|map|layer_control|tile_layer)_[0-9a-f]{32}\b", fmap.get_root().render())
    ids = {n.rsplit("_", 1)[1] for n in names}
    assert len(ids) == len(set(names)) >= 4  # one id per element
    assert stable_ids(fmap, salt="other").get_root().render() != build_map(
        points=data["points"], hotspots=data["hotspots"], tiles="OpenStreetMap.Mapnik").get_root().render()


def test_build_time_only_when_asked(monkeypatch):
    from maps.products.build_time import build_time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("HOTSPOT_BUILD_TIME", raising=False)
    assert build_time() is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_time().isoformat() == "2023-11-14T23:13:20+01:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    assert build_time() is None
    monkeypatch.setenv("HOTSPOT_BUILD_TIME", "now")
    assert build_time() is not None


def test_title_prints_the_build_time_only_when_asked(data, monkeypatch):
    monkeypatch.delenv("HOTSPOT_BUILD_TIME", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert "2023-11-14" not in build_map(points=data["points"]).get_root().render()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert "2023-11-14 23:13" in build_map(points=data["points"]).get_root().render()
