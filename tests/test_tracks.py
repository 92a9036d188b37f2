"""Issue 18: GPS tracks (GPX, KML, CSV position logs) as delivered presence, with minutes counted by hand."""

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Transformer
from shapely.geometry import Point

from hotspots.errors import InputError
from layers.cover.delivered import delivered_minutes
from layers.plans.patrols import read_patrols
from layers.plans.tracks import is_track_file, read_tracks

# Torget in Kalix (SWEREF 99 TM) and a point 400 m due east of it
A = (871000.0, 7307000.0)
B = (871400.0, 7307000.0)
_TO_WGS = Transformer.from_crs(3006, 4326, always_xy=True)


def _latlon(xy):
    lon, lat = _TO_WGS.transform(*xy)
    return f'lat="{lat:.9f}" lon="{lon:.9f}"'


def _trkpt(xy, t):
    return f"<trkpt {_latlon(xy)}><time>{t}</time></trkpt>"


def _gpx(tmp_path, version="1.1"):
    """Unit 'Fot 1': at A 22:00–22:10 (one fix a minute), walks to B 22:10–22:12, stays at B to 22:20,
    then nothing until 22:40 (a 20-minute gap: not presence), back at A 22:40–22:43. Times are UTC+1 local.
    Plus one fix without a time (rejected) and a waypoint with a time."""
    pts = [_trkpt(A, f"2025-02-07T21:{m:02d}:00Z") for m in range(0, 11)]
    pts += [_trkpt(B, f"2025-02-07T21:{m:02d}:00Z") for m in range(12, 21)]
    pts += [_trkpt(A, f"2025-02-07T21:{m:02d}:00Z") for m in range(40, 44)]
    pts.append(f"<trkpt {_latlon(A)}></trkpt>")
    ns = "http://www.topografix.com/GPX/1/1" if version == "1.1" else "http://www.topografix.com/GPX/1/0"
    text = (f'<?xml version="1.0"?><gpx version="{version}" creator="test" xmlns="{ns}">'
            f'<wpt {_latlon(B)}><time>2025-02-07T23:00:00Z</time><name>Check</name></wpt>'
            f"<trk><name>Fot 1</name><trkseg>{''.join(pts)}</trkseg></trk></gpx>")
    path = tmp_path / "fot1.gpx"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("version", ["1.1", "1.0"])
def test_gpx_delivered_minutes_counted_by_hand(tmp_path, version):
    read = read_tracks(_gpx(tmp_path, version), radius_m=100.0, max_gap_min=5)
    s = read.summary
    assert s["rows_read"] == 26 and s["rows_used"] == 25 and s["rows_rejected"] == 1
    assert s["reasons"] == {"no_time": 1}
    assert read.rejects.iloc[0]["row"] == "trkpt 25" and read.rejects.iloc[0]["file"] == "fot1.gpx"
    # 22 segments: 10 at A, 1 walk of 2 minutes, 8 at B, 3 at A; the 20-minute gap is not one
    assert s["gaps_over_limit"] == 1
    assert s["minutes_delivered"] == pytest.approx(10 + 2 + 8 + 3)
    targets = gpd.GeoSeries([Point(A), Point(B)], crs=3006)
    out = delivered_minutes(read.segments, targets)
    # at A: 10 standing + 2 walking × 100/400 inside the radius + 3 = 13.5; at B likewise 0.5 + 8 = 8.5
    assert out.minutes[0] == pytest.approx(13.5, abs=1e-6)
    assert out.minutes[1] == pytest.approx(8.5, abs=1e-6)
    spans = [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in out.spans[0]]
    assert spans == [("22:00", "22:12"), ("22:40", "22:43")]
    assert str(read.fixes["time"].dt.tz) == "Europe/Stockholm"


def test_gap_over_limit_is_not_presence(tmp_path):
    read = read_tracks(_gpx(tmp_path), radius_m=100.0, max_gap_min=30)  # now the 20-minute gap counts
    out = delivered_minutes(read.segments, gpd.GeoSeries([Point(A)], crs=3006))
    # the gap from B (22:20) back to A (22:40) is a 400 m line: 20 min × 100/400 = 5 more minutes at A
    assert out.minutes[0] == pytest.approx(18.5, abs=1e-6)
    assert read.summary["gaps_over_limit"] == 0


def test_period_clips_delivered_minutes(tmp_path):
    read = read_tracks(_gpx(tmp_path), radius_m=100.0)
    t0 = pd.Timestamp("2025-02-07 22:05", tz="Europe/Stockholm")
    out = delivered_minutes(read.segments, gpd.GeoSeries([Point(A)], crs=3006), start=t0,
                            end=pd.Timestamp("2025-02-07 22:42", tz="Europe/Stockholm"))
    assert out.minutes[0] == pytest.approx(5 + 0.5 + 2, abs=1e-6)


def test_kml_gx_track_and_timestamp_placemarks(tmp_path):
    lonA, latA = _TO_WGS.transform(*A)
    whens = "".join(f"<when>2025-06-20T20:{m:02d}:00Z</when>" for m in range(5))
    coords = "".join(f"<gx:coord>{lonA} {latA} 0</gx:coord>" for _ in range(5))
    text = ('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">'
            f"<Document><Placemark><name>Bil 2</name><gx:Track>{whens}{coords}</gx:Track></Placemark>"
            f"<Placemark><name>Bil 3</name><TimeStamp><when>2025-06-20T20:00:00Z</when></TimeStamp>"
            f"<Point><coordinates>{lonA},{latA},0</coordinates></Point></Placemark>"
            f"<Placemark><name>Bil 3</name><TimeStamp><when>2025-06-20T20:03:00Z</when></TimeStamp>"
            f"<Point><coordinates>{lonA},{latA},0</coordinates></Point></Placemark>"
            f"<Placemark><name>Bil 3</name><TimeStamp><when>inte en tid</when></TimeStamp>"
            f"<Point><coordinates>{lonA},{latA},0</coordinates></Point></Placemark></Document></kml>")
    path = tmp_path / "bilar.kml"
    path.write_text(text, encoding="utf-8")
    read = read_tracks(path, radius_m=50.0)
    assert read.summary["rows_read"] == 8 and read.summary["reasons"] == {"malformed_time": 1}
    assert read.summary["units"] == ["Bil 2", "Bil 3"]
    out = delivered_minutes(read.segments, gpd.GeoSeries([Point(A)], crs=3006))
    assert out.minutes[0] == pytest.approx(4 + 3)


def test_csv_position_log_with_rejects_named(tmp_path):
    lon, lat = _TO_WGS.transform(*A)
    lonc, latc = f"{lon:.6f}".replace(".", ","), f"{lat:.6f}".replace(".", ",")
    rows = ["enhet;tidpunkt;latitud;longitud"]
    rows += [f"Väktare 1;2025-03-14 23:{m:02d};{latc};{lonc}" for m in range(0, 7)]
    rows += [f"Väktare 1;;{latc};{lonc}", "Väktare 1;2025-03-14 23:30;;", "Väktare 1;igår;65,8;23,1"]
    path = tmp_path / "positioner.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert is_track_file(path)
    read = read_tracks(path, radius_m=100.0)
    s = read.summary
    assert s["rows_read"] == 10 and s["rows_used"] + s["rows_rejected"] == s["rows_read"]
    assert s["reasons"]["no_time"] == 1 and s["reasons"]["malformed_time"] == 1
    # rows as the file numbers them (header = 1)
    assert read.rejects[["row", "reason"]].values.tolist() == [["9", "no_time"], ["10", "no_coordinates"],
                                                               ["11", "malformed_time"]]
    assert set(read.rejects["file"]) == {"positioner.csv"}
    out = delivered_minutes(read.segments, gpd.GeoSeries([Point(A)], crs=3006))
    assert out.minutes[0] == pytest.approx(6)


def test_gpx_routes_through_read_patrols(tmp_path):
    """The patrol reader takes a GPX file as delivered presence: dated windows, no weekly minutes."""
    read = read_patrols([_gpx(tmp_path)], target_crs="EPSG:3006")
    assert read.summary["rows_read"] == 26 and read.summary["rows_rejected"] == 1
    assert len(read.patrols) == 25 and read.patrols["dated"].map(len).sum() == 22
    assert read.patrols["minutes_per_week"].sum() == 0
    assert (read.patrols["delivered"]).all()
    windows = read.patrols.dropna(subset=["start"])
    assert len(windows) == 22 and (windows["end"] > windows["start"]).all()


def test_unreadable_gpx_is_one_message(tmp_path):
    path = tmp_path / "trasig.gpx"
    path.write_text("<gpx><trk>", encoding="utf-8")
    with pytest.raises(InputError, match="trasig.gpx"):
        read_tracks(path)


def test_gpx_among_patrol_plans_counts_in_coverage_hours(tmp_path):
    """Read among the patrol plans, a track is presence in the real hours it happened (layers.cover.presence): a
    segment that reaches the target counts whole there — 10 min standing at A, the 2-minute walk that starts
    at A, 3 min back at A = 15 min, all in the hour 22–23 of 7 February 2025."""
    from layers.cover.presence import presence_minutes

    read = read_patrols([_gpx(tmp_path)], default_radius_m=100.0, target_crs="EPSG:3006")
    pres = presence_minutes(read.patrols, gpd.GeoSeries([Point(A).buffer(1)], crs=3006),
                            start="2025-02-07 21:00", end="2025-02-08 00:00")
    assert pres.slots.sum() == pytest.approx(15.0)
    assert pres.slots[0].tolist() == pytest.approx([0.0, 15.0, 0.0])
    assert pres.weekly.sum() == 0  # no weekly schedule: delivered, not planned


def test_patrol_plan_with_a_tid_schedule_is_not_a_track(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("patrull;tid;lat;lon\nP1;fre 22-02;65,85;23,15\n", encoding="utf-8")
    assert not is_track_file(path)


def test_malformed_log_row_is_read_and_rejected(tmp_path):
    path = tmp_path / "logg.csv"
    path.write_text("enhet;tidpunkt;latitud;longitud\nV1;2025-03-14 23:00;65,85;23,15\n"
                    "V1;2025-03-14 23:01;65,85;23,15;extra\n", encoding="utf-8")
    s = read_tracks(path).summary
    assert (s["rows_read"], s["rows_used"], s["reasons"]) == (2, 1, {"malformed_row": 1})
