"""Issue 18: patrol reports (a place or a position, start and end) as delivered presence, every row accounted."""

import geopandas as gpd
import pytest
from shapely.geometry import Point

from layers.cover.delivered import delivered_minutes
from layers.plans.reports import read_reports

PLACES = gpd.GeoDataFrame({"place_id": ["SP03"], "name": ["Torget"], "radius_m": [150.0], "events": [["valborg"]]},
                          geometry=[Point(871000, 7307000)], crs=3006)


def test_reports_by_place_and_position(tmp_path):
    path = tmp_path / "rapporter.csv"
    path.write_text("enhet;plats;start;slut;x;y\n"
                    "Ingripande;Torget;2025-04-30 22:00;2025-05-01 01:30;;\n"      # 210 min, across midnight
                    "Ingripande;;2025-04-30 23:00;23:30;871100;7307000\n"          # by position, 100 m away
                    "Ingripande;Badhuset;2025-04-30 20:00;21:00;;\n"                # not a special place
                    "Ingripande;Torget;;;;\n"                                         # no times
                    "Ingripande;Torget;2025-04-30 kväll;22:00;;\n"                  # not a time
                    "Ingripande;Torget;2025-04-30 20:00;21:00;;;;\n", encoding="utf-8")  # too many fields
    read = read_reports(path, places=PLACES)
    s = read.summary
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (6, 2, 4)
    assert s["reasons"] == {"no_place": 1, "no_time": 1, "malformed_time": 1, "malformed_row": 1}
    assert "Badhuset" in read.rejects.loc[read.rejects["reason"].eq("no_place"), "detail"].iloc[0]
    assert read.reports["minutes"].tolist() == [210.0, 30.0]
    out = delivered_minutes(read.reports, PLACES.geometry)
    assert out.minutes[0] == pytest.approx(240.0)
    assert [(a.strftime("%d %H:%M"), b.strftime("%d %H:%M")) for a, b in out.spans[0]] == [("30 22:00", "01 01:30")]


def test_overlapping_reports_merge_into_one_span_per_place(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("enhet;plats;start;slut;x;y\nA;Torget;2025-05-01 20:00;21:00;;\nB;Torget;2025-05-01 20:30;22:00;;\n"
                    "C;;2025-05-01 20:00;20:10;875000;7307000\n", encoding="utf-8")
    read = read_reports(path, places=PLACES)
    targets = gpd.GeoSeries([Point(871000, 7307000).buffer(10), Point(875000, 7307000).buffer(10)], crs=3006)
    out = delivered_minutes(read.reports, targets)
    assert [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in out.spans[0]] == [("20:00", "22:00")]
    assert [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in out.spans[1]] == [("20:00", "20:10")]
    assert out.minutes.tolist() == [150.0, 10.0]  # minutes add up (two units), spans merge
