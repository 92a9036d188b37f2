"""read_places: the Special places contract, events, areas, row accounting, the demo file."""

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point

from hotspots.errors import InputError
from layers.plans.places import PLACE_COLUMNS, read_places

DEMO = Path(__file__).resolve().parents[1] / "maps" / "demo" / "kalix"
TO_M = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
KALIX = (23.1545, 65.8535)


def _accounted(result):
    s = result.summary
    assert s["rows_used"] + s["rows_rejected"] == s["rows_read"]
    assert len(result.places) == s["rows_used"] and len(result.rejects) == s["rows_rejected"]
    assert sum(s["reasons"].values()) == s["rows_rejected"]
    return s


def _circle_area(r):  # a 64-gon (quad_segs=16) inscribed in the circle
    return 0.5 * 64 * r * r * math.sin(2 * math.pi / 64)


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "platser.csv"
    path.write_text(
        "id;namn;radie_m;evenemang;notering;latitud;longitud\n"
        'T1;Torget;200;"Valborg, Midsommar";Brasan;65,8535;23,1545\n'      # 2
        "T2;Badplatsen;;valborg; ;65,8598;23,1738\n"                          # 3: default radius, no note
        'T3;Hamnen;120,5;"[""nyarsafton"", ""Kalix marknad""]";;65,8478;23,165\n'  # 4: JSON list
        "T4;Skolan;;Midsommarafton och nyår;;65,8508;23,147\n"                # 5: aliases
        "T5;Ängen;abc;midsommar;;65,8583;23,1342\n"                           # 6: invalid radius
        "T6;Ingenstans;100;valborg;;;\n"                                      # 7: no coordinates
        "T1;Torget igen;100;valborg;;65,8535;23,1545\n"                       # 8: duplicate id
        "T8;Lönehelgen;;Lönehelg | Skolavslutningen;;65,8535;23,1545\n",     # 9: no events split by |
        encoding="utf-8")
    return path


def test_csv_places_every_row_accounted_exactly(table):
    result = read_places(table)
    s = _accounted(result)
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (8, 5, 3)
    assert dict(zip(result.rejects["row"], result.rejects["reason"])) == {
        "6": "invalid_radius", "7": "no_coordinates", "8": "duplicate_id"}
    p = result.places.set_index("place_id")
    assert list(result.places.columns) == PLACE_COLUMNS
    assert result.places.crs.to_epsg() == 3006 and result.places["area"].crs.to_epsg() == 3006
    assert p.index.tolist() == ["T1", "T2", "T3", "T4", "T8"]
    assert p["name"].tolist() == ["Torget", "Badplatsen", "Hamnen", "Skolan", "Lönehelgen"]
    assert p["radius_m"].tolist() == [200.0, 150.0, 120.5, 150.0, 150.0]
    assert p["events"].tolist() == [["valborg", "midsommar"], ["valborg"], ["nyarsafton", "kalix_marknad"],
                                    ["midsommarafton", "nyarsafton"], ["lonehelg", "skolavslutning"]]
    assert p["note"].tolist() == ["Brasan", "", "", "", ""]
    assert p["row"].tolist() == ["2", "3", "4", "5", "9"]
    x, y = TO_M.transform(*KALIX)
    assert p.loc["T1"].geometry.x == pytest.approx(x, abs=0.01) and p.loc["T1"].geometry.y == pytest.approx(y, abs=0.01)
    areas = gpd.GeoSeries(p["area"]).area.to_numpy()
    assert areas == pytest.approx([_circle_area(r) for r in p["radius_m"]], rel=1e-9)
    assert s["events"] == {"valborg": 2, "nyarsafton": 2, "midsommar": 1, "midsommarafton": 1, "kalix_marknad": 1,
                           "lonehelg": 1, "skolavslutning": 1}
    assert s["default_radius_m"] == 150.0


def test_rejects_name_row_reason_and_raw_values(table):
    rejects = read_places(table).rejects.set_index("row")
    assert rejects.loc["6", "radie_m"] == "abc" and "metres" in rejects.loc["6", "detail"]
    assert "T1" in rejects.loc["8", "detail"] and rejects.loc["8", "namn"] == "Torget igen"
    assert set(rejects["file"]) == {"platser.csv"}


def test_default_radius_is_a_parameter(table):
    p = read_places(table, default_radius_m=80).places.set_index("place_id")
    assert p["radius_m"].tolist() == [200.0, 80.0, 120.5, 80.0, 80.0]
    for bad in (0, -1, "big", True):
        with pytest.raises(InputError, match="default_radius_m"):
            read_places(table, default_radius_m=bad)


def test_polygons_are_their_own_area_points_and_lines_buffered(tmp_path):
    x, y = TO_M.transform(*KALIX)
    square = shapely.box(x, y, x + 100, y + 100)
    frame = gpd.GeoDataFrame(
        {"place_id": ["A", "B", "C", "D"], "name": ["Area", "Wider area", "Street", "Spot"],
         "radius_m": [None, 10.0, 20.0, None], "events": ["valborg", "valborg", "midsommar", None]},
        geometry=[square, square, shapely.LineString([(x, y), (x + 200, y)]), Point(x, y)], crs="EPSG:3006")
    path = tmp_path / "places.gpkg"
    frame.to_file(path)
    result = read_places(path)
    _accounted(result)
    p = result.places.set_index("place_id")
    assert p["radius_m"].tolist() == [0.0, 10.0, 20.0, 150.0]
    assert p.loc["A", "area"].equals(p.loc["A"].geometry) and p.loc["A", "area"].area == pytest.approx(10_000)
    assert p.loc["B", "area"].area == pytest.approx(10_000 + 4 * 100 * 10 + math.pi * 100, rel=1e-3)
    assert p.loc["C", "area"].area == pytest.approx(200 * 40 + math.pi * 400, rel=1e-3)
    assert p.loc["D", "area"].area == pytest.approx(_circle_area(150))
    assert p.loc["D", "events"] == []
    assert any("no events" in w for w in result.summary["warnings"])


def test_unsupported_and_empty_geometries_are_rejected(tmp_path):
    path = tmp_path / "odd.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"place_id": "P1", "events": ["valborg"]},
         "geometry": {"type": "Point", "coordinates": list(KALIX)}},
        {"type": "Feature", "properties": {"place_id": "P2", "events": ["valborg"]},
         "geometry": {"type": "GeometryCollection", "geometries": [
             {"type": "Point", "coordinates": list(KALIX)},
             {"type": "LineString", "coordinates": [list(KALIX), [23.16, 65.85]]}]}},
        {"type": "Feature", "properties": {"place_id": "P3", "events": []}, "geometry": None},
        {"type": "Feature", "properties": {"place_id": "P4", "events": []},
         "geometry": {"type": "Point", "coordinates": [0, 0]}}]}), encoding="utf-8")
    result = read_places(path)
    _accounted(result)
    assert dict(zip(result.rejects["row"], result.rejects["reason"])) == {
        "feature 2": "unsupported_geometry", "feature 3": "no_coordinates", "feature 4": "zero_coordinates"}


def test_target_crs_and_several_files(tmp_path, table):
    utm = read_places(table, target_crs="EPSG:32634")
    assert utm.places.crs.to_epsg() == 32634 and utm.places["area"].crs.to_epsg() == 32634
    assert utm.summary["crs"] == "EPSG:32634"
    again = tmp_path / "more.csv"
    again.write_text("id;lat;lon;events\nT2;65,85;23,15;valborg\nX1;65,85;23,15;valborg\n", encoding="utf-8")
    both = read_places([table, again])
    s = _accounted(both)
    assert s["rows_read"] == 10 and both.places["place_id"].tolist()[-1] == "X1"
    assert both.rejects["reason"].tolist()[-1] == "duplicate_id"  # T2 was used by the first file


def test_unusable_input_raises(tmp_path):
    with pytest.raises(InputError, match="no special-places file"):
        read_places([])
    path = tmp_path / "nocoords.csv"
    path.write_text("id;events\nA;valborg\n", encoding="utf-8")
    with pytest.raises(InputError, match="no coordinate columns found"):
        read_places(path)


def test_demo_special_places_read_fully():
    result = read_places(DEMO / "special_places.geojson")
    s = _accounted(result)
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (7, 7, 0)
    assert s["crs"] == "EPSG:3006" and s["warnings"] == []
    p = result.places.set_index("place_id")
    assert p.loc["SP03", "events"] == ["nyarsafton", "valborg"]
    assert p.loc["SP06", "events"] == ["kalixmarknad", "midsommar"]
    assert p.loc["SP01", "radius_m"] == 250.0 and p.loc["SP07", "radius_m"] == 0.0
    assert p.loc["SP07"].geometry.geom_type == "Polygon" and p.loc["SP07", "area"].equals(p.loc["SP07"].geometry)
    assert p.loc["SP01", "area"].area == pytest.approx(_circle_area(250))
    assert np.all(gpd.GeoSeries(p["area"]).contains(gpd.GeoSeries(p.geometry).representative_point()))
    assert s["events"] == {"midsommar": 3, "valborg": 2, "kalixmarknad": 2, "nyarsafton": 1, "skolavslutning": 1}
