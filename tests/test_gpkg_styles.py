"""Issue 15.11: the GeoPackage holds every map layer with its QGIS style in ``layer_styles``."""

import sqlite3
import xml.etree.ElementTree as ET

import geopandas as gpd
import pyogrio
import pytest
from product_scan import demo_products
from shapely.geometry import LineString, Point, box

from maps.products.exports.gis_package import write_gis_package
from maps.products.exports.gpkg_styles import FIXED_TIME
from maps.products.exports.qml import layer_qml

COLUMNS = ["id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML",
           "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"]


def _styles(path):
    con = sqlite3.connect(path)
    try:
        cols = [r[1] for r in con.execute("PRAGMA table_info(layer_styles)")]
        rows = con.execute("SELECT * FROM layer_styles ORDER BY id").fetchall()
        contents = con.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'").fetchall()
    finally:
        con.close()
    return cols, [dict(zip(cols, r)) for r in rows], contents


@pytest.fixture
def layers():
    crs = "EPSG:3006"
    hot = gpd.GeoDataFrame({"hotspot_id": [1, 2], "rank": [1, 2], "name": ["Torget & <Hamnen>", None]},
                           geometry=[box(0, 0, 100, 100), box(200, 0, 300, 100)], crs=crs)
    gaps = gpd.GeoDataFrame({"hotspot_id": [1], "status": ["gap"]}, geometry=[box(0, 0, 100, 100)], crs=crs)
    patrols = gpd.GeoDataFrame({"patrol_id": ["P1", "R1"], "mode": ["foot", "car"]},
                               geometry=[Point(50, 50), LineString([(0, 0), (300, 100)])], crs=crs)
    return {"hotspots": hot, "gaps": gaps, "patrols": patrols, "places": None}


def test_every_layer_has_one_default_style(layers, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("HOTSPOT_BUILD_TIME", raising=False)
    path = tmp_path / "h.gpkg"
    written = write_gis_package(path, layers)
    assert written == {"hotspots": 2, "gaps": 1, "patrols_points": 1, "patrols_lines": 1}
    assert [name for name, _ in pyogrio.list_layers(path) if name != "layer_styles"] == list(written)
    cols, rows, contents = _styles(path)
    assert cols == COLUMNS and contents == [("attributes",)]
    assert [r["f_table_name"] for r in rows] == list(written)
    for row in rows:
        assert row["useAsDefault"] == 1 and row["f_geometry_column"] == "geom" and row["update_time"] == FIXED_TIME
        root = ET.fromstring(row["styleQML"].split("\n", 1)[1])  # after the doctype line
        assert root.tag == "qgis" and root.find("renderer-v2") is not None
    hot = ET.fromstring(rows[0]["styleQML"].split("\n", 1)[1])
    assert hot.get("labelsEnabled") == "1" and hot.find("labeling/settings/text-style").get("fieldName") == "name"
    gaps = ET.fromstring(rows[1]["styleQML"].split("\n", 1)[1]).find("renderer-v2")
    assert gaps.get("type") == "categorizedSymbol" and gaps.get("attr") == "status"
    assert [c.get("label") for c in gaps.iter("category")][:3] == ["LUCKA", "tunn", "täckt"]
    named = gpd.read_file(path, layer="hotspots")
    assert named["name"].tolist() == ["Torget & <Hamnen>", "hotspot 2"]


def test_styles_are_deterministic_and_replaced(layers, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780299000")
    path = tmp_path / "h.gpkg"
    write_gis_package(path, layers)
    first = _styles(path)[1]
    write_gis_package(path, layers)  # again into the same file: one row per layer, same content
    again = _styles(path)[1]
    assert [r["f_table_name"] for r in again] == [r["f_table_name"] for r in first]
    assert [r["styleQML"] for r in again] == [r["styleQML"] for r in first]
    assert {r["update_time"] for r in again} == {"2026-06-01T07:30:00.000Z"}


def test_qml_escapes_and_rejects():
    qml = layer_qml("polygon", "#c51b7d", categories=[('a"<b', "x & y", "#000000")], attribute="k&v")
    root = ET.fromstring(qml.split("\n", 1)[1])
    assert root.find("renderer-v2/categories/category").get("value") == 'a"<b'
    with pytest.raises(ValueError, match="geometry"):
        layer_qml("raster", "#000000")


def test_demo_geopackage_holds_every_map_layer():
    path = demo_products("sv")["hotspots"]
    names = {name for name, _ in pyogrio.list_layers(path)}
    assert {"hotspots", "cells", "gaps", "suggestions", "emerging", "layer_styles"} <= names
    assert any(n.startswith("patrols") for n in names) and any(n.startswith("places") for n in names)
    _, rows, _ = _styles(path)
    assert {r["f_table_name"] for r in rows} == names - {"layer_styles"}
    assert all(r["useAsDefault"] == 1 for r in rows)


def test_run_geopackage_takes_the_maps_emerging_classes_without_computing_them_again(tmp_path, monkeypatch):
    # `run` makes the emerging classes once for its maps and hands them to the GeoPackage (they took 2–3 s
    # each time on the demo); given a result, gis_package must write it and compute nothing.
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    import hotspots.temporal.emerging as emerging_module
    from hotspots.methods.grid import Grid
    from maps.cli.run_outputs import gis_package

    n_t, n = 12, 9
    rows, cols = np.mgrid[0:n, 0:n]
    cube = np.repeat(((rows * 7 + cols * 3) % 4 + 1)[None], n_t, axis=0)
    cube[-3:, 3:6, 3:6] = 12  # a block busy in the last three months
    t, r, c = np.nonzero(cube)
    t, r, c = (np.repeat(a, cube[t, r, c]) for a in (t, r, c))
    starts = pd.date_range("2023-01-01 12:00", periods=n_t, freq="MS", tz="Europe/Stockholm")
    points = gpd.GeoDataFrame({"start": starts[t], "weight": 1.0, "source": "incident"},
                              geometry=gpd.points_from_xy(c * 100 + 50.0, r * 100 + 50.0), crs="EPSG:3006")
    grid = Grid(0.0, 0.0, 100.0, n, n, "EPSG:3006", np.ones((n, n), bool), "stated")
    result = emerging_module.emerging_hotspots(points, grid)
    n_classed = int(((result.category != "") & (result.category != "no_pattern")).sum())
    assert n_classed > 0

    def again(*args, **kwargs):
        raise AssertionError("emerging classes computed a second time")

    monkeypatch.setattr(emerging_module, "emerging_hotspots", again)
    hot = gpd.GeoDataFrame({"hotspot_id": [1], "rank": [1]}, geometry=[box(300, 300, 600, 600)], crs="EPSG:3006")
    cells = gpd.GeoDataFrame({"count": [1]}, geometry=[box(0, 0, 100, 100)], crs="EPSG:3006")
    finder = SimpleNamespace(hotspots_=hot, cells_=cells, grid_=grid)
    written = gis_package(tmp_path / "h.gpkg", finder, points, emerging=result)
    assert written["emerging"] == n_classed
    with pytest.raises(AssertionError, match="second time"):  # without a result it is computed here
        gis_package(tmp_path / "h2.gpkg", finder, points)
