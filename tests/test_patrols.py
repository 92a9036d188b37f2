"""read_patrols: the Patrol plan contract, mode defaults, row accounting, GIS and CSV inputs, the demo."""

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Polygon

from hotspots.errors import InputError
from layers.plans.patrols import MODE_RADIUS_M, PATROL_COLUMNS, read_patrols

DEMO = Path(__file__).resolve().parents[1] / "maps" / "demo" / "kalix"
TZ = "Europe/Stockholm"
TO_M = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
KALIX = (23.1545, 65.8535)  # lon, lat of the square
FRI, SAT, H = 4 * 1440, 5 * 1440, 60


def _accounted(result):
    s = result.summary
    assert s["rows_used"] + s["rows_rejected"] == s["rows_read"]
    assert len(result.patrols) == s["rows_used"] and len(result.rejects) == s["rows_rejected"]
    assert sum(s["reasons"].values()) == s["rows_rejected"]
    return s


def _geojson(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geom} for props, geom in features]}), encoding="utf-8")
    return path


@pytest.fixture
def stops(tmp_path):
    path = tmp_path / "stopp.csv"
    path.write_text(
        "patrull;enhet;färdsätt;schema;radie_m;latitud;longitud\n"
        "A1;Ingripande;fot;fre 22-02;;65,8535;23,1545\n"               # 2: foot default 100
        "A2;Ingripande;Radiobil;Fri-Sat 22:00-02:00;300;65,8535;23,1545\n"  # 3: car, own radius
        "A3;Område;cykel;dagligen 15-17;;65,8535;23,1545\n"            # 4: bike default 150
        "A4;Område;till fots;2026-04-30 20:00-03:00;;65,8535;23,1545\n"  # 5: dated
        "A5;Område;fot;fre 25-02;;65,8535;23,1545\n"                   # 6: malformed schedule
        "A6;Område;fot;;;65,8535;23,1545\n"                            # 7: no schedule
        "A7;Område;fot;fre 22-02;;;\n"                                 # 8: no coordinates
        "A8;Område;fot;fre 22-02;;0;0\n"                               # 9: zero coordinates
        "A9;Område;bil;fre 22-02;-5;65,8535;23,1545\n"                 # 10: invalid radius
        "A10;Område;segway;fre 22-02;;65,8535;23,1545\n"               # 11: unknown mode -> other
        "A11;Område;mc;lör 10-12;50,5;65,8535;23,1545\n",              # 12: motorcycle, decimal comma
        encoding="utf-8")
    return path


def test_csv_of_stops_every_row_accounted_exactly(stops):
    result = read_patrols(stops)
    s = _accounted(result)
    reasons = dict(zip(result.rejects["row"], result.rejects["reason"]))
    assert reasons == {"6": "malformed_schedule", "7": "no_schedule", "8": "no_coordinates",
                       "9": "zero_coordinates", "10": "invalid_radius"}
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (11, 6, 5)
    assert s["reasons"] == {"malformed_schedule": 1, "no_schedule": 1, "no_coordinates": 1, "zero_coordinates": 1,
                            "invalid_radius": 1}
    assert list(result.patrols.columns) == PATROL_COLUMNS
    assert result.patrols.crs.to_epsg() == 3006 and s["crs"] == "EPSG:3006"
    p = result.patrols.set_index("patrol_id")
    assert p.index.tolist() == ["A1", "A2", "A3", "A4", "A10", "A11"]
    assert p["mode"].tolist() == ["foot", "car", "bike", "foot", "other", "motorcycle"]
    assert p["mode_raw"].tolist() == ["fot", "Radiobil", "cykel", "till fots", "segway", "mc"]
    assert p["radius_m"].tolist() == [100.0, 300.0, 150.0, 100.0, 150.0, 50.5]
    assert p.loc["A1", "weekly_minutes"] == [(FRI + 22 * H, SAT + 2 * H)]
    assert p.loc["A2", "weekly_minutes"] == [(FRI + 22 * H, SAT + 2 * H), (SAT + 22 * H, 6 * 1440 + 2 * H)]
    assert p["minutes_per_week"].tolist() == [240, 480, 840, 0, 240, 120]
    assert p.loc["A4", "dated"] == [(pd.Timestamp("2026-04-30 20:00", tz=TZ), pd.Timestamp("2026-05-01 03:00", tz=TZ))]
    assert p.loc["A1", "dated"] == []
    assert p.loc["A1", "schedule"] == "fre 22-02" and p.loc["A1", "unit"] == "Ingripande"
    assert p["row"].tolist() == ["2", "3", "4", "5", "11", "12"] and set(p["file"]) == {"stopp.csv"}
    x, y = TO_M.transform(*KALIX)
    assert p.geometry.x.tolist() == pytest.approx([x] * 6, abs=0.01)
    assert p.geometry.y.tolist() == pytest.approx([y] * 6, abs=0.01)
    assert s["modes"] == {"foot": 2, "car": 1, "bike": 1, "other": 1, "motorcycle": 1}
    assert s["radius_defaulted"] == 4 and s["mode_radius_m"] == MODE_RADIUS_M
    assert s["n_dated"] == 1 and s["minutes_per_week"] == 240 + 480 + 840 + 240 + 120
    assert any("'segway'" in w and "'other'" in w for w in s["warnings"])


def test_malformed_schedule_is_reported_with_row_and_text(stops):
    rejects = read_patrols(stops).rejects.set_index("row")
    assert list(rejects.columns[:4]) == ["file", "reason", "detail", "schedule"]
    bad = rejects.loc["6"]
    assert bad["file"] == "stopp.csv" and bad["schedule"] == "fre 25-02"
    assert "'25' is not a time of day" in bad["detail"] and "fre 22-02; lör 22-02" in bad["detail"]
    assert rejects.loc["7", "schedule"] == ""
    assert "metres" in rejects.loc["10", "detail"] and rejects.loc["10", "radie_m"] == "-5"
    assert rejects.loc["6", "patrull"] == "A5"  # the raw columns are kept


def test_mode_defaults_and_overrides(stops):
    every = read_patrols(stops, default_radius_m=80).patrols.set_index("patrol_id")["radius_m"]
    assert every.tolist() == [80.0, 300.0, 80.0, 80.0, 80.0, 50.5]  # row values still win
    some = read_patrols(stops, default_radius_m={"foot": 60, "other": 75}).patrols.set_index("patrol_id")
    assert some["radius_m"].tolist() == [60.0, 300.0, 150.0, 60.0, 75.0, 50.5]
    with pytest.raises(InputError, match="unknown mode"):
        read_patrols(stops, default_radius_m={"tank": 10})
    with pytest.raises(InputError, match="above 0"):
        read_patrols(stops, default_radius_m=0)


def test_mode_words_swedish_and_english(tmp_path):
    words = {"fot": "foot", "Till fots": "foot", "gående": "foot", "foot": "foot", "walking": "foot",
             "bil": "car", "radiobil": "car", "Polisbil": "car", "piket": "car", "car": "car",
             "cykel": "bike", "bike": "bike", "bicycle": "bike", "MC": "motorcycle", "moped": "motorcycle",
             "häst": "horse", "ridande polis": "horse", "mounted": "horse", "båt": "boat", "boat": "boat",
             "annat": "other", "": "other"}
    lines = "".join(f"{word},fre 22-02,65.85,23.15\n" for word in words)
    path = tmp_path / "modes.csv"
    path.write_text("mode,schedule,lat,lon\n" + lines, encoding="utf-8")
    result = read_patrols(path)
    p = result.patrols
    assert p["mode"].tolist() == list(words.values())
    assert any("1 patrol(s) without a mode" in w for w in result.summary["warnings"])
    assert p["radius_m"].tolist() == [MODE_RADIUS_M[m] for m in words.values()]


def test_geojson_routes_areas_and_stops_in_sweref(tmp_path):
    line = [[23.1545, 65.8535], [23.1605, 65.8522], [23.1625, 65.8566]]
    ring = [[23.159, 65.847], [23.170, 65.846], [23.170, 65.848], [23.159, 65.847]]
    path = _geojson(tmp_path / "plan.geojson", [
        ({"patrull": "R1", "enhet": "Område", "färdsätt": "cykel", "tider": "lör-sön 12-16", "radie": 50},
         {"type": "LineString", "coordinates": line}),
        ({"patrull": "R2", "enhet": "Område", "färdsätt": "fot", "tider": "dagligen 10-11", "radie": None},
         {"type": "Polygon", "coordinates": [ring]}),
        ({"patrull": "R3", "enhet": "Område", "färdsätt": "bil", "tider": "fre 20-22", "radie": None},
         {"type": "MultiPoint", "coordinates": [KALIX]}),
        ({"patrull": "R4", "enhet": "Område", "färdsätt": "bil", "tider": "fre 20-22", "radie": None},
         {"type": "MultiPoint", "coordinates": [KALIX, line[1]]}),
        ({"patrull": "R5", "enhet": "Område", "färdsätt": "bil", "tider": "fre 20-22", "radie": None}, None),
        ({"patrull": "R6", "enhet": "Område", "färdsätt": "bil", "tider": "Fre 20-22 ?", "radie": None},
         {"type": "Point", "coordinates": KALIX}),
    ])
    result = read_patrols(path)
    s = _accounted(result)
    assert dict(zip(result.rejects["row"], result.rejects["reason"])) == {
        "feature 4": "unsupported_geometry", "feature 5": "no_coordinates", "feature 6": "malformed_schedule"}
    p = result.patrols
    assert p.crs.to_epsg() == 3006
    assert p["patrol_id"].tolist() == ["R1", "R2", "R3"]
    assert p.geom_type.tolist() == ["LineString", "Polygon", "Point"]
    assert p["mode"].tolist() == ["bike", "foot", "car"] and p["radius_m"].tolist() == [50.0, 100.0, 250.0]
    expected = np.column_stack(TO_M.transform(*np.array(line).T))
    assert np.allclose(shapely.get_coordinates(p.geometry.iloc[0]), expected, atol=0.01)
    assert p["row"].tolist() == ["feature 1", "feature 2", "feature 3"]
    assert s["files"][0]["columns"]["schedule"] == "tider"


def test_swapped_lat_lon_in_geometries_are_swapped_back(tmp_path):
    line = [[65.8535, 23.1545], [65.8522, 23.1605]]  # lat, lon: the wrong way round
    path = _geojson(tmp_path / "swapped.geojson", [
        ({"id": "S1", "mode": "foot", "schedule": "fre 22-02"}, {"type": "LineString", "coordinates": line}),
        ({"id": "S2", "mode": "foot", "schedule": "fre 22-02"}, {"type": "Point", "coordinates": line[1]})])
    result = read_patrols(path)
    _accounted(result)
    expected = np.column_stack(TO_M.transform(*np.array(line)[:, ::-1].T))
    assert np.allclose(shapely.get_coordinates(result.patrols.geometry.iloc[0]), expected, atol=0.01)
    assert any("swapped" in w for w in result.summary["warnings"])


@pytest.mark.parametrize("suffix", [".gpkg", ".shp"])
def test_geopackage_and_shapefile_in_sweref(tmp_path, suffix):
    x, y = TO_M.transform(*KALIX)
    frame = gpd.GeoDataFrame({"patrol_id": ["G1", "G2"], "unit": ["U", "U"], "mode": ["car", "foot"],
                              "schedule": ["dagligen 19-21", "fre 22-02"], "radius_m": [120.0, None]},
                             geometry=[LineString([(x, y), (x + 500, y)]), LineString([(x, y), (x, y + 300)])],
                             crs="EPSG:3006")  # a shapefile holds one geometry type
    path = tmp_path / f"plan{suffix}"
    frame.to_file(path)
    result = read_patrols(path)
    _accounted(result)
    p = result.patrols
    assert p.crs.to_epsg() == 3006 and p["patrol_id"].tolist() == ["G1", "G2"]
    assert np.allclose(shapely.get_coordinates(p.geometry.iloc[0]), [[x, y], [x + 500, y]], atol=1e-6)
    assert p["radius_m"].tolist() == [120.0, 100.0]
    assert p["minutes_per_week"].tolist() == [840, 240]


def test_start_and_end_columns_instead_of_a_schedule(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("id;start;slut;lat;lon\nE1;2026-04-30 20:00;2026-05-01 03:00;65,85;23,15\n"
                    "E2;2026-06-19 20:00;02:00;65,85;23,15\nE3;;;65,85;23,15\n", encoding="utf-8")
    result = read_patrols(path)
    _accounted(result)
    p = result.patrols.set_index("patrol_id")
    assert p.loc["E1", "dated"] == [(pd.Timestamp("2026-04-30 20:00", tz=TZ), pd.Timestamp("2026-05-01 03:00", tz=TZ))]
    assert p.loc["E2", "dated"] == [(pd.Timestamp("2026-06-19 20:00", tz=TZ), pd.Timestamp("2026-06-20 02:00", tz=TZ))]
    assert result.rejects["reason"].tolist() == ["no_schedule"]


def test_several_files_one_frame_one_crs(tmp_path, stops):
    x, y = TO_M.transform(*KALIX)
    gis = tmp_path / "area.gpkg"
    gpd.GeoDataFrame({"patrol_id": ["G1"], "mode": ["bike"], "schedule": ["lör 12-14"]},
                     geometry=[Polygon([(x, y), (x + 100, y), (x + 100, y + 100)])], crs="EPSG:3006").to_file(gis)
    result = read_patrols([stops, gis])
    s = _accounted(result)
    assert s["rows_read"] == 12 and s["rows_used"] == 7 and result.patrols.crs.to_epsg() == 3006
    assert result.patrols["file"].tolist() == ["stopp.csv"] * 6 + ["area.gpkg"]
    assert [f["rows_read"] for f in s["files"]] == [11, 1]
    utm_read = read_patrols([stops, gis], target_crs="epsg:32634")
    utm = utm_read.patrols
    assert utm.crs.to_epsg() == 32634 and utm_read.summary["crs"] == "EPSG:32634"
    ux, uy = Transformer.from_crs("EPSG:3006", "EPSG:32634", always_xy=True).transform(x + 100, y + 100)
    assert shapely.get_coordinates(utm.geometry.iloc[-1])[2].tolist() == pytest.approx([ux, uy], abs=0.01)


def test_malformed_csv_row_is_counted(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id;schema;lat;lon\nB1;fre 22-02;65,85;23,15\nB2;fre 22-02;65,85;23,15;extra\n", encoding="utf-8")
    result = read_patrols(path)
    s = _accounted(result)
    assert s["reasons"] == {"malformed_row": 1} and result.rejects["row"].tolist() == ["3"]


def test_unusable_input_raises_clear_errors(tmp_path):
    with pytest.raises(InputError, match="no patrol files"):
        read_patrols([])
    path = tmp_path / "noschedule.csv"
    path.write_text("id;lat;lon\nB1;65,85;23,15\n", encoding="utf-8")
    with pytest.raises(InputError, match="no schedule column found; columns are: id, lat, lon"):
        read_patrols(path)
    with pytest.raises(InputError, match="time zone"):
        read_patrols(path, tz="Nowhere/Else")
    with pytest.raises(InputError, match="file not found"):
        read_patrols(tmp_path / "missing.csv")


def test_inputs_are_not_modified(stops):
    before = stops.read_bytes()
    read_patrols(stops)
    assert stops.read_bytes() == before


def test_demo_patrols_read_with_every_row_used():
    result = read_patrols([DEMO / "patrols.csv", DEMO / "patrol_routes.geojson"])
    s = _accounted(result)
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (16, 16, 0)
    assert s["crs"] == "EPSG:3006" and s["warnings"] == []
    p = result.patrols.set_index("patrol_id")
    assert p.loc["P06", "dated"] == [(pd.Timestamp("2026-04-30 20:00", tz=TZ), pd.Timestamp("2026-05-01 03:00", tz=TZ))]
    assert p.loc["P13", "dated"] == [(pd.Timestamp("2026-06-19 20:00", tz=TZ), pd.Timestamp("2026-06-20 02:00", tz=TZ))]
    assert s["n_dated"] == 2
    assert p.loc["P01", "weekly_minutes"] == p.loc["P02", "weekly_minutes"]  # the two spellings agree
    assert p.loc["P02", "radius_m"] == 100.0 and p.loc["P05", "radius_m"] == 150.0 and p.loc["P09", "radius_m"] == 250.0
    assert p.loc[["R01", "R02", "R03"]].geom_type.tolist() == ["LineString", "LineString", "Polygon"]
    fri, sat = 5 * 1440, 6 * 1440
    assert p.loc["R03", "weekly_minutes"] == [(fri + 12 * H, fri + 16 * H), (sat + 12 * H, sat + 16 * H)]
