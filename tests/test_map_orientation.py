"""Issue 15, map part: orientation without tiles, named hotspots, self-contained pages, tiles only online.

Tiny frames with answers checkable by hand; the browser checks live in ``test_browser_orientation.py``.
"""

import json
import re

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import LineString, Point, box

from layers.basemap import read_basemap
from maps.cli.commands.run import DEMO_PROJECT
from maps.offline import make_offline, remote_references
from maps.products.build import build_map
from maps.share.privacy import check_share_html

CRS = "EPSG:3006"
XSS = "<img src=x onerror=alert(1)>"


def _hotspots():
    return gpd.GeoDataFrame({"hotspot_id": [1, 2], "name": ["Torget (Kalix)", XSS], "rank": [1, 2],
                             "n_points": [40, 12], "peak_windows": ["fre 22–02", "lör 22–02"], "method": "count"},
                            geometry=[box(871400, 7327600, 871600, 7327800), box(872400, 7327400, 872500, 7327500)],
                            crs=CRS)


def _localities():
    return gpd.GeoDataFrame({"name": ["Kalix", "Rolfs", "Töre"], "population": [8400, 400, 1030]},
                            geometry=[Point(23.15645, 65.85298), Point(23.11667, 65.85), Point(22.65128, 65.91243)],
                            crs="EPSG:4326")


def _page(**kw):
    return make_offline(build_map(hotspots=_hotspots(), localities=_localities(), **kw))


def _decoded(page):
    """The page with JSON's ``\\uXXXX`` escapes decoded (folium and ``tojson`` write them)."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda g: chr(int(g[1], 16)), page)


def test_locality_labels_are_drawn_escaped_and_pass_the_share_check():
    loc = pd.concat([_localities(), gpd.GeoDataFrame({"name": [XSS]}, geometry=[Point(23.2, 65.8)],
                                                     crs="EPSG:4326")], ignore_index=True)
    page = make_offline(build_map(hotspots=_hotspots(), localities=loc, share=True))
    labels = json.loads(re.search(r"(\[\[[\d.]+, [\d.]+, \"Kalix\".*?\]\])\.forEach", page).group(1))
    assert [row[2] for row in labels] == ["Kalix", "Töre", "Rolfs", "&lt;img src=x onerror=alert(1)&gt;"]
    assert [row[3] for row in labels] == [False, False, True, False]  # small places in a lighter label
    assert XSS not in page
    assert check_share_html(page, min_count=5) == []  # labels are neither points nor markers


def test_named_hotspots_in_popups_and_a_ranked_list():
    page = _decoded(_page())
    assert '"heading": "1 – Torget (Kalix)"' in page
    assert "Hotspots efter rang (2)" in page
    first, second = page.index("1. Torget (Kalix)"), page.index("2. &lt;img")
    assert first < second and XSS not in page


def test_pages_have_language_title_metric_scale_and_allow_zoom():
    sv, en = _page(title="Kalix"), _page(title="Kalix", lang="en")
    assert '<html lang="sv">' in sv and "<title>Kalix</title>" in sv and '<html lang="en">' in en
    assert "L.control.scale({imperial: false, metric: true})" in sv
    assert '"Zooma in"' in sv and '"Zoom in"' in en
    for page in (sv, en):
        assert "user-scalable=no" not in page and "maximum-scale" not in page
        assert '<meta name="viewport" content="width=device-width, initial-scale=1.0" />' in page


def test_offline_by_default_tiles_only_when_asked():
    offline = _page()
    assert remote_references(offline) == [] and "L.tileLayer" not in offline
    online = make_offline(build_map(hotspots=_hotspots(), tiles="OpenStreetMap.Mapnik"), keep_tiles=True)
    assert remote_references(online) == ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]
    assert "Ingen bakgrund (offline)" in online  # the other base layer
    assert "<script src=" not in online and "<link rel=\"stylesheet\" href=\"http" not in online
    with pytest.raises(Exception, match="unknown tile provider"):
        build_map(hotspots=_hotspots(), tiles="No.Such.Provider")


def test_heat_points_and_grid_start_off():
    from maps.overlays.common import text

    page = build_map(hotspots=_hotspots(), localities=_localities()).get_root().render()
    assert "Ortnamn" in page and text("layer_hotspots") in page


def _write_layers(path):
    """A GeoPackage with roads, water and buildings layers (Lantmäteriet-like names) and one OSM-tagged layer."""
    roads = gpd.GeoDataFrame({"name": ["Storgatan", "Kort gränd"]},
                             geometry=[LineString([(871000, 7327500), (872000, 7327500)]),
                                       LineString([(871500, 7327600), (871505, 7327600)])], crs=CRS)
    water = gpd.GeoDataFrame({"name": ["Kalixälven"]}, geometry=[box(870000, 7326000, 873000, 7327000)], crs=CRS)
    buildings = gpd.GeoDataFrame({"name": [None]}, geometry=[box(871400, 7327600, 871420, 7327620)], crs=CRS)
    far = gpd.GeoDataFrame({"name": ["Långt bort"]}, geometry=[LineString([(900000, 7400000), (901000, 7400000)])],
                           crs=CRS)
    pyogrio.write_dataframe(roads, path, layer="vaglinje")
    pyogrio.write_dataframe(water, path, layer="vattenyta")
    pyogrio.write_dataframe(buildings, path, layer="byggnad")
    pyogrio.write_dataframe(far, path, layer="vaglinje_norr")
    osm = gpd.GeoDataFrame({"name": ["Sangis", "Busshållplats"], "place": ["village", None],
                            "highway": [None, "bus_stop"]},
                           geometry=[Point(886551, 7330194), Point(871500, 7327500)], crs=CRS)
    pyogrio.write_dataframe(osm, path, layer="osm_points")


def test_read_basemap_sorts_clips_and_keeps_within_budget(tmp_path):
    path = tmp_path / "topo.gpkg"
    _write_layers(path)
    area = gpd.GeoDataFrame(geometry=[box(869000, 7325000, 888000, 7332000)], crs=CRS)
    base = read_basemap(path, area=area)
    assert base.roads["name"].tolist() == ["Storgatan", "Kort gränd"]  # the far road is clipped away
    assert base.water["name"].tolist() == ["Kalixälven"] and len(base.buildings) == 1
    assert base.localities["name"].tolist() == ["Sangis"]  # from the OSM place tag, not the bus stop
    small = read_basemap(path, area=area, budget_bytes=base.nbytes() - 1)
    assert small.dropped == {"buildings": 1} and small.buildings is None
    budget = base.nbytes() - len(base.buildings.geometry.to_wkb()[0]) - len(base.roads.geometry.to_wkb()[1])
    tiny = read_basemap(path, area=area, budget_bytes=budget)
    assert tiny.nbytes() <= budget and tiny.roads["name"].tolist() == ["Storgatan"]  # the short lane went first
    assert tiny.dropped == {"buildings": 1, "roads": 1} and tiny.water is not None


def test_read_basemap_csv_localities_and_errors(tmp_path):
    csv = tmp_path / "orter.csv"
    csv.write_text("namn;lat;lon\nKalix;65,85298;23,15645\n".replace("65,85298;23,15645", "65.85298;23.15645"),
                   encoding="utf-8")
    base = read_basemap(csv, target_crs=CRS)
    assert base.localities["name"].tolist() == ["Kalix"] and base.localities.crs == CRS
    from hotspots.errors import InputError

    with pytest.raises(InputError, match="not found"):
        read_basemap(tmp_path / "saknas.gpkg")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="name, lat and lon"):
        read_basemap(bad)


def test_basemap_layer_on_the_map(tmp_path):
    path = tmp_path / "topo.gpkg"
    _write_layers(path)
    base = read_basemap(path, area=gpd.GeoDataFrame(geometry=[box(869000, 7325000, 888000, 7332000)], crs=CRS))
    page = make_offline(build_map(hotspots=_hotspots(), basemap=base))
    assert "Bakgrundskarta" in page and '"hp-base"' in page and "Sangis" in page
    assert "Storgatan" not in page  # road names are not drawn (they would crowd the map)


@pytest.fixture(scope="module")
def demo(demo_sv):
    return demo_sv.made  # run_project's answer for the session's shared demo run (tests/demo_session.py)


def test_demo_products_share_hotspot_ids_and_names(demo):
    hot = gpd.read_file(demo["products"]["hotspots"], layer="hotspots")
    assert list(hot.columns[:2]) == ["hotspot_id", "name"]
    assert hot["name"].is_unique and hot["name"].str.len().gt(0).all()
    assert hot.loc[hot["rank"] == 1, "name"].item() == "Torget (Kalix)"
    internal = _decoded(open(demo["products"]["map"], encoding="utf-8").read())
    share = _decoded(open(demo["products"]["share_map"], encoding="utf-8").read())
    for page in (internal, share):
        for hid, name in zip(hot["hotspot_id"], hot["name"]):
            assert f"data-hotspot='{hid}'>" in page and name in page
        assert remote_references(page) == []  # the demo is offline: no request at all
        for town in ("Kalix", "Rolfs", "Kalix-Nyborg", "Töre"):
            assert f'"{town}"' in page
        assert "Ortnamn © GeoNames (CC BY 4.0)" in page
    assert "Torget" in share and "Badplatsen Strandängen" in share  # special places stay on the share map


def _grid():
    from hotspots.methods.grid import Grid

    return Grid(x0=871000.0, y0=7327000.0, cell_m=100.0, nx=2, ny=2, crs=CRS, inside=np.ones((2, 2), bool),
                cell_rule="test")


def test_emerging_and_change_layers_with_legends_off_at_start():
    from types import SimpleNamespace

    from maps.overlays.change import add_change
    from maps.overlays.controls.legend import Legend
    from maps.overlays.emerging import add_emerging

    category = np.array([["new_hot", "no_pattern"], ["persistent_hot", ""]])
    counts = np.array([[[9, 0], [2, 0]], [[1, 0], [1, 0]]])  # (T=2, ny, nx): totals 10, 0 / 3, 0
    emerging = SimpleNamespace(category=category, counts=counts)
    legend = Legend("Teckenförklaring")
    m = add_emerging(folium.Map(tiles=None), emerging, _grid(), legend=legend)
    page = m.get_root().render()
    content = str(legend.content)
    assert "L.imageOverlay(" in page and "Framväxande hotspots (klasser per ruta)" in content
    assert "ny hotspot" in content and "ihållande hotspot" in content and "style='display:none'" in content
    share = Legend("Teckenförklaring")
    add_emerging(folium.Map(tiles=None), emerging, _grid(), min_count=5, legend=share)
    assert "ny hotspot" in str(share.content) and "ihållande hotspot" not in str(share.content)  # 3 < 5 points
    change = SimpleNamespace(category=np.array([["no_change", "no_change"], ["no_change", ""]]),
                             n_before=np.zeros((2, 2), int), n_after=np.ones((2, 2), int),
                             windows={"split": pd.Timestamp("2025-01-01", tz="Europe/Stockholm")})
    legend = Legend("Legend")
    add_change(folium.Map(tiles=None), change, _grid(), legend=legend, lang="en")
    assert "Change before/after 2025-01-01" in str(legend.content)
    assert "no cell changed significantly" in str(legend.content)


def test_demo_maps_hold_the_emerging_and_change_layers(demo):
    internal = _decoded(open(demo["products"]["map"], encoding="utf-8").read())
    assert "Framväxande hotspots (klasser per ruta)" in internal and "Förändring före/efter 2025-01-01" in internal


def test_week_bins_of_windows_schedules_and_times():
    from maps.overlays.controls.weekbins import minute_bins, time_bins, window_bins

    assert window_bins("fre 22–02, lör 22–02") == [[118, 122], [142, 146]]
    assert window_bins(None) == [] and window_bins("hela veckan") == [[0, 168]]
    # fre 22:00–02:00 weekly, and a dated Thursday 20:00 – Friday 03:00 (7 hours)
    when = pd.Timestamp("2026-04-30 20:00", tz="Europe/Stockholm")
    assert minute_bins([(7080, 7320)], [(when, when + pd.Timedelta(hours=7))]) == [[118, 122], [92, 99]]
    starts = pd.Series([pd.Timestamp("2024-05-04 01:30", tz="Europe/Stockholm"), pd.NaT])
    assert time_bins(starts) == [5 * 24 + 1, -1]


OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <node id="1" lat="65.8530" lon="23.1500" version="1"/>
  <node id="2" lat="65.8530" lon="23.1600" version="1"/>
  <node id="3" lat="65.8500" lon="23.1500" version="1"/>
  <node id="4" lat="65.8500" lon="23.1600" version="1"/>
  <node id="5" lat="65.8520" lon="23.1550" version="1"><tag k="place" v="town"/><tag k="name" v="Kalix"/></node>
  <node id="6" lat="65.8521" lon="23.1551" version="1"><tag k="amenity" v="bench"/><tag k="name" v="Bänk"/></node>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/>
    <tag k="name" v="Storgatan"/></way>
  <way id="11" version="1"><nd ref="3"/><nd ref="4"/><nd ref="2"/><nd ref="3"/><tag k="natural" v="water"/>
    <tag k="name" v="Dammen"/></way>
</osm>
"""


def test_read_basemap_openstreetmap_through_gdal(tmp_path):
    """An OpenStreetMap extract (XML here; .osm.pbf takes the same GDAL OSM driver) sorted by its tags."""
    path = tmp_path / "kalix.osm"
    path.write_text(OSM, encoding="utf-8")
    base = read_basemap(path, target_crs=CRS)
    assert base.roads["name"].tolist() == ["Storgatan"] and base.water["name"].tolist() == ["Dammen"]
    assert base.localities["name"].tolist() == ["Kalix"] and base.buildings is None  # the bench is no place
    hot = _hotspots().iloc[:1].set_geometry([box(871300, 7327550, 871400, 7327650)], crs=CRS)
    from layers.names import name_hotspots

    assert name_hotspots(hot, streets=base.roads, localities=base.localities).tolist() == ["Storgatan (Kalix)"]


@pytest.mark.parametrize("offline", [True, False])
def test_map_command_offline_online_and_basemap(monkeypatch, tmp_path, capsys, offline):
    import maps.cli.main

    osm = tmp_path / "kalix.osm"
    osm.write_text(OSM, encoding="utf-8")
    out = tmp_path / "karta.html"
    monkeypatch.setattr("maps.cli.main._COMMAND_MODULES", ("maps.cli.commands.map",))
    argv = ["map", "--project", str(DEMO_PROJECT), "--basemap", str(osm), "-o", str(out), "--quiet"]
    assert maps.cli.main.main(argv + (["--offline"] if offline else [])) == 0
    page = _decoded(out.read_text(encoding="utf-8"))
    tiles = ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]
    assert remote_references(page) == ([] if offline else tiles)  # scripts and styles inlined either way
    assert "Bakgrundskarta" in page and "Dammen" not in page and '"Kalix"' in page and '"Töre"' in page
