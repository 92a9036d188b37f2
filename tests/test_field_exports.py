"""Issue 15.10: suggested visits and patrol routes as GPX 1.1 and KML for the field (suggest, weekend, run)."""

import xml.etree.ElementTree as ET

import geopandas as gpd
import gpxpy
import pytest
from product_scan import demo_products
from shapely.geometry import LineString, Point, Polygon

from maps.cli import main as cli
from maps.cli.commands.run import DEMO_PROJECT
from maps.products.exports.field import write_field_files
from maps.products.exports.field_items import field_items

GPX = "{http://www.topografix.com/GPX/1/1}"
KML = "{http://www.opengis.net/kml/2.2}"
HOSTILE = "<script>&\"'\x00\x1b]]> Åsa"


@pytest.fixture
def plans():
    crs = "EPSG:3006"
    visits = gpd.GeoDataFrame({"patrol_id": ["F01", "F02"],
                               "schedule": ["2026-06-19 kl 23:00-23:15", "fre 22:00-22:15"],
                               "hotspot_id": [2, 3], "why": [HOSTILE, "lucka 1"]},
                              geometry=[Point(870000, 7325000), Point(870500, 7325500)], crs=crs)
    patrols = gpd.GeoDataFrame({"patrol_id": ["P01", "R01", "A01"], "unit": [HOSTILE, "Områdespolis", ""],
                                "mode": ["foot", "car", "bike"],
                                "schedule": ["fre 22-02", "lör 20-22", "dagligen 12-14"],
                                "radius_m": [100.0, 150.0, 50.0]},
                               geometry=[Point(870100, 7325100), LineString([(870000, 7325000), (871000, 7326000)]),
                                         Polygon([(870000, 7325000), (870200, 7325000), (870200, 7325200)])], crs=crs)
    hotspots = gpd.GeoDataFrame({"hotspot_id": [2, 3], "name": ["Torget", None]},
                                geometry=[Point(0, 0), Point(1, 1)], crs=crs)
    return visits, patrols, hotspots


def test_gpx_is_valid_gpx_1_1_with_waypoints_routes_and_tracks(plans, tmp_path):
    visits, patrols, hotspots = plans
    out = write_field_files(visits, patrols, gpx=tmp_path / "f.gpx", kml=tmp_path / "f.kml", hotspots=hotspots,
                            title=HOSTILE)
    root = ET.parse(out["gpx"]).getroot()  # well-formed XML despite the hostile text
    assert root.tag == f"{GPX}gpx" and root.get("version") == "1.1"
    order = [child.tag.removeprefix(GPX) for child in root]
    assert order == ["metadata", "wpt", "wpt", "wpt", "rte", "trk"]  # the schema's order
    gpx = gpxpy.parse(out["gpx"].read_text(encoding="utf-8"))
    names = [w.name for w in gpx.waypoints]
    assert names == ["F01 Torget", "F02 hotspot 3", "P01"]  # the table's name, else "hotspot N"
    assert gpx.waypoints[0].time.isoformat() == "2026-06-19T21:00:00+00:00"  # 23:00 in Stockholm, in UTC
    assert gpx.waypoints[1].time is None and gpx.waypoints[1].comment == "fre 22:00-22:15"
    assert gpx.waypoints[0].description == "<script>&\"']]> Åsa"  # escaped, forbidden characters dropped
    assert len(gpx.routes) == 1 and len(gpx.routes[0].points) == 2 and gpx.routes[0].name == "R01"
    assert len(gpx.tracks) == 1 and gpx.tracks[0].segments[0].points[0].latitude == \
        gpx.tracks[0].segments[0].points[-1].latitude  # the area's outline is closed
    text = out["gpx"].read_text(encoding="utf-8")
    assert "<script>" not in text and "\x00" not in text and "\x1b" not in text
    for lat in [w.get("lat") for w in root.iter(f"{GPX}wpt")]:
        assert len(lat.split(".")[1]) == 6  # WGS84, 6 decimals
    assert 65 < gpx.waypoints[0].latitude < 67 and 22 < gpx.waypoints[0].longitude < 24


def test_kml_is_well_formed_with_folders_and_times(plans, tmp_path):
    visits, patrols, hotspots = plans
    out = write_field_files(visits, patrols, kml=tmp_path / "f.kml", hotspots=hotspots, title=HOSTILE, lang="en")
    root = ET.parse(out["kml"]).getroot()
    folders = root.findall(f"{KML}Document/{KML}Folder")
    assert [f.findtext(f"{KML}name") for f in folders] == ["Suggested visits", "Planned patrols"]
    marks = root.iter(f"{KML}Placemark")
    kinds = [next(iter(m.findall(f"{KML}Point") + m.findall(f"{KML}LineString") + m.findall(f"{KML}Polygon"))).tag
             for m in marks]
    assert [k.removeprefix(KML) for k in kinds] == ["Point", "Point", "Point", "LineString", "Polygon"]
    assert root.find(f".//{KML}TimeStamp/{KML}when").text == "2026-06-19T21:00:00Z"
    lon, lat = root.find(f".//{KML}Point/{KML}coordinates").text.split(",")
    assert len(lon.split(".")[1]) == 6 and 65 < float(lat) < 67
    assert "<script>" not in out["kml"].read_text(encoding="utf-8")


def test_deterministic_bytes(plans, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("HOTSPOT_BUILD_TIME", raising=False)
    visits, patrols, hotspots = plans
    first = write_field_files(visits, patrols, gpx=tmp_path / "a.gpx", kml=tmp_path / "a.kml", hotspots=hotspots)
    second = write_field_files(visits, patrols, gpx=tmp_path / "b.gpx", kml=tmp_path / "b.kml", hotspots=hotspots)
    for kind in ("gpx", "kml"):
        assert first[kind].read_bytes() == second[kind].read_bytes()


def test_field_items_without_plans():
    assert field_items() == []


def test_suggest_and_weekend_write_gpx_and_kml(tmp_path, capsys):
    gpx, kml = tmp_path / "s.gpx", tmp_path / "s.kml"
    assert cli.main(["suggest", "--project", str(DEMO_PROJECT), "--visits", "3", "--gpx", str(gpx),
                     "--kml", str(kml)]) == 0
    suggested = gpxpy.parse(gpx.read_text(encoding="utf-8"))
    assert [w.name.split()[0] for w in suggested.waypoints[:3]] == ["F01", "F02", "F03"]
    # each visit carries its hotspot's name, the one the map and the workbook show (layers.names)
    assert all(len(w.name.split(maxsplit=1)) == 2 and "(Kalix)" in w.name for w in suggested.waypoints[:3])
    ET.parse(kml)
    wgpx = tmp_path / "w.gpx"
    assert cli.main(["weekend", "midsommar", "--year", "2026", "--project", str(DEMO_PROJECT),
                     "--gpx", str(wgpx)]) == 0
    weekend = gpxpy.parse(wgpx.read_text(encoding="utf-8"))
    dated = [w for w in weekend.waypoints if w.name.startswith("F")]
    assert dated and all(w.time is not None and w.time.year == 2026 for w in dated)
    assert "Töre strand" in [w.name.split(" ", 1)[1] for w in dated]  # a place's name, not its id
    assert f"skrivet: {wgpx}" in capsys.readouterr().out
    assert cli.main(["suggest", "--project", str(DEMO_PROJECT), "--visits", "3", "--gpx", str(tmp_path / "x.kml")]) == 1


def test_run_writes_gpx_and_kml():
    products = demo_products("sv")
    assert products["gpx"].name == "besok_och_patruller.gpx" and products["kml"].suffix == ".kml"
    gpx = gpxpy.parse(products["gpx"].read_text(encoding="utf-8"))
    assert len([w for w in gpx.waypoints if w.name.startswith("F")]) == 8 and gpx.routes


def test_weekend_refuses_field_files_in_share_mode(tmp_path, capsys):
    assert cli.main(["weekend", "valborg", "--year", "2026", "--project", str(DEMO_PROJECT), "--share",
                     "-o", str(tmp_path / "b.html"), "--gpx", str(tmp_path / "w.gpx")]) == 1
    assert "without --share" in capsys.readouterr().err and not (tmp_path / "w.gpx").exists()
