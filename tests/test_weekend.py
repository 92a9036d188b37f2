"""weekend_analysis and the weekend command: earlier windows, places, hotspots, presence, gaps, coverage."""

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from hotspots.errors import InputError
from layers.cover.weekend import Weekend, WeekendRules, weekend_analysis
from layers.plans.schedule import parse_schedule
from maps.cli import main as cli

DEMO = Path(__file__).resolve().parents[1] / "maps" / "demo" / "kalix"
TZ = "Europe/Stockholm"
CRS = "EPSG:3006"
# five places 2 km apart on one line; A, C and E are tagged for valborg
XY = {"A": (871000, 7327000), "B": (873000, 7327000), "C": (875000, 7327000), "D": (877000, 7327000),
      "E": (879000, 7327000), "far": (890000, 7340000)}


def _points(rows):
    """rows: (place, local time, source); times are Stockholm wall clock unless they carry an offset."""
    stamps = [pd.Timestamp(t) for _, t, _ in rows]
    start = pd.DatetimeIndex([t.tz_localize(TZ) if t.tzinfo is None else t.tz_convert(TZ) for t in stamps])
    return gpd.GeoDataFrame({"id": [str(i) for i in range(len(rows))], "source": [s for _, _, s in rows],
                             "start": start},
                            geometry=[Point(XY[p]) for p, _, _ in rows], crs=CRS)


def _places(with_area=False):
    frame = gpd.GeoDataFrame({
        "place_id": list("ABCDE"), "name": ["Torget", "Parken", "Stranden", "Hamnen", "Ängen"],
        "radius_m": [100.0] * 5,
        "events": [["valborg"], [], ["valborg", "midsommar"], ["nyarsafton"], ["valborg"]],
    }, geometry=[Point(XY[k]) for k in "ABCDE"], crs=CRS)
    if with_area:
        frame["area"] = gpd.GeoSeries(frame.geometry.buffer(100, quad_segs=16), crs=CRS)
    return frame


def _patrols(rows):
    """rows: (patrol_id, place, schedule); a 50 m foot stop at the place."""
    schedules = [parse_schedule(s, tz=TZ) for _, _, s in rows]
    return gpd.GeoDataFrame({
        "patrol_id": [r[0] for r in rows], "radius_m": [50.0] * len(rows),
        "weekly_minutes": [list(s.weekly) for s in schedules], "dated": [list(s.dated) for s in schedules],
    }, geometry=[Point(XY[r[1]]) for r in rows], crs=CRS)


# Valborg is 30 April 16:00 -> 1 May 06:00 (across midnight). The data run 2023-01-02 .. 2025-12-30.
VALBORG = [
    ("far", "2023-01-02 12:00", "incident"), ("far", "2025-12-30 12:00", "incident"),  # the data span
    ("A", "2023-04-30 22:00", "incident"), ("A", "2023-05-01 02:30", "incident"),     # in (after midnight)
    ("A", "2023-05-01 06:00", "incident"), ("A", "2023-04-30 15:59", "incident"),     # out: end excluded, early
    ("A", "2024-04-30 16:00", "incident"), ("A", "2025-05-01 05:59", "incident"),     # in: start included
    ("A", "2025-04-30 20:00", "complaint"),
    ("B", "2024-04-30 23:00", "incident"), ("B", "2024-05-02 23:00", "incident"),     # B: one in, one out
    ("D", "2023-04-30 23:00", "incident"), ("D", "2024-04-30 23:00", "incident"),
    ("D", "2025-04-30 23:00", "incident"), ("D", "2025-05-01 01:00", "incident"),
    *[("E", f"{y}-04-30 21:{m:02d}", "incident") for y in (2023, 2024, 2025) for m in (0, 30)],
]
PLAN = [("P1", "A", "2026-04-30 20:00-03:00"),   # dated, inside this year's window: 420 min
        ("P2", "B", "tor 22-02"),                # weekly: Thu 30 April 22 -> Fri 02: 240 min
        ("P3", "B", "fre 22-02"),                # weekly, Friday 1 May 22:00: after the window
        ("P4", "C", "2026-05-02 20:00-23:00"),   # dated, after the window
        ("P5", "E", "tor 16:00-16:30")]          # 30 min: thin


@pytest.fixture
def valborg():
    return weekend_analysis("valborg", 2026, _points(VALBORG), places=_places(), patrols=_patrols(PLAN),
                            years_back=3, rules=WeekendRules(hotspot_settings={"cell_m": 200}))


def test_window_and_earlier_windows(valborg):
    assert isinstance(valborg, Weekend)
    assert valborg.window == (pd.Timestamp("2026-04-30 16:00", tz=TZ), pd.Timestamp("2026-05-01 06:00", tz=TZ))
    assert valborg.past_windows["year"].tolist() == [2023, 2024, 2025]
    assert valborg.past_windows["hours"].tolist() == [14.0] * 3
    assert valborg.info["years_counted"] == [2023, 2024, 2025] and valborg.info["not_covered"] == []


def test_place_counts_across_midnight(valborg):
    places = valborg.places.set_index("place_id")
    assert [c for c in places.columns if c.startswith("y")] == ["y2023", "y2024", "y2025"]
    assert places.loc["A", ["y2023", "y2024", "y2025"]].tolist() == [2, 1, 2]
    assert (places.loc["A", "total"], places.loc["A", "n_incidents"], places.loc["A", "n_complaints"]) == (5, 4, 1)
    assert places.loc["B", ["y2023", "y2024", "y2025", "total"]].tolist() == [0, 1, 0, 1]
    assert places.loc["D", "total"] == 4 and places.loc["E", "total"] == 6
    assert places.loc["A", "mean_per_year"] == pytest.approx(5 / 3)
    assert valborg.info["points"]["in_earlier_windows"] == 5 + 1 + 4 + 6


def test_tagged_and_rank(valborg):
    places = valborg.places
    assert places["place_id"].tolist() == ["E", "A", "D", "B", "C"]  # by total; C (tagged, 0) before nothing
    assert places["rank"].tolist() == [1, 2, 3, 4, 5]
    assert dict(zip(places["place_id"], places["tagged"])) == {"A": True, "B": False, "C": True, "D": False,
                                                               "E": True}


def test_presence_dated_and_weekly(valborg):
    places = valborg.places.set_index("place_id")
    assert places.loc["A", "presence_minutes"] == 420      # dated 20:00-03:00 inside the window
    assert places.loc["B", "presence_minutes"] == 240      # weekly Thursday 22-02; Friday 22-02 is after it
    assert places.loc["C", "presence_minutes"] == 0        # dated window two days later
    assert places.loc["E", "presence_minutes"] == 30
    assert places.loc["A", "patrols"] == "P1" and places.loc["B", "patrols"] == "P2"
    assert valborg.info["tagged_without_presence"] == ["C"]


def test_gaps(valborg):
    # The status follows the risk in the hours with presence (issue #14), not the minutes planned anywhere in
    # the window (the old rule gave A "covered" and E "thin"):
    # A: points at 16, 20, 22, 02:30 and 05:59; P1 is there 20:00-03:00: 3 of 5 covered -> 60 % -> thin.
    # E: trouble at 21:00-22:00 each year; P5 is there Thursday 16:00-16:30 only -> 0 % -> gap.
    places = valborg.places.set_index("place_id")
    assert places["status"].to_dict() == {"E": "gap", "A": "thin", "D": "gap", "B": "quiet", "C": "quiet"}
    assert places.loc["A", "risk_covered"] == pytest.approx(0.6)
    assert places.loc["E", "risk_covered"] == 0 and places.loc["E", "presence_minutes"] == 30
    assert places.loc["E", "trouble_hours"] == "21–22"
    assert places.loc["A", "presence_hours"] == "other 20–03"
    assert places["gap"].to_dict() == {"E": True, "A": False, "D": True, "B": False, "C": False}
    gaps = valborg.gaps
    # ranked by past points: E (6) before A (5) before D (4); places before hotspots
    assert gaps[["kind", "id", "status"]].values.tolist()[:2] == [["place", "E", "gap"], ["hotspot", "1", "gap"]]
    places_only = gaps[gaps["kind"] == "place"]
    assert places_only[["id", "status"]].values.tolist() == [["E", "gap"], ["A", "thin"], ["D", "gap"]]
    assert gaps["rank"].tolist() == list(range(1, len(gaps) + 1))


def test_threshold_is_stated_and_used():
    w = weekend_analysis("valborg", 2026, _points(VALBORG), places=_places(), patrols=_patrols(PLAN),
                         years_back=3, rules=WeekendRules(min_mean=1.5, covered_at=0.6, thin_at=0))
    status = w.places.set_index("place_id")["status"].to_dict()
    assert status["D"] == "quiet" and status["A"] == "covered" and status["E"] == "thin"  # 4/3 < 1.5; 60 %; 0 %
    assert "1.5" in w.info["rules"]["trouble"]


def test_hotspots_found_in_earlier_windows(valborg):
    hot = valborg.hotspots
    assert len(hot) >= 1
    top = hot.iloc[0]
    assert top["places"] == "E" and bool(top["tagged"]) and top["total"] == 6
    assert top["presence_minutes"] == 30 and top["status"] == "gap"  # 30 minutes, at 16:00, trouble at 21
    assert valborg.info["hotspots"]["method"] == "count"


def test_hotspots_passed_in():
    x, y = XY["A"]
    given = gpd.GeoDataFrame({"hotspot_id": [7]}, geometry=[box(x - 60, y - 60, x + 60, y + 60)], crs=CRS)
    w = weekend_analysis("valborg", 2026, _points(VALBORG), places=_places(with_area=True),
                         patrols=_patrols(PLAN), years_back=3, hotspots=given)
    row = w.hotspots.iloc[0]
    assert row["hotspot_id"] == 7 and row["places"] == "A" and bool(row["tagged"])
    assert (row["y2023"], row["y2024"], row["y2025"], row["presence_minutes"]) == (2, 1, 2, 420)
    assert w.info["hotspots"]["source"] == "passed in"
    hot_gaps = w.gaps[w.gaps["kind"] == "hotspot"]  # the same verdict as place A: 3 of 5 points in P1's hours
    assert hot_gaps[["id", "status"]].values.tolist() == [["7", "thin"]]


def test_years_without_data_are_not_zero():
    w = weekend_analysis("valborg", 2026, _points(VALBORG), places=_places(), years_back=5)
    assert w.info["years_counted"] == [2023, 2024, 2025]
    missing = {m["year"]: m["reason"] for m in w.info["not_covered"]}
    assert set(missing) == {2021, 2022} and all(r.startswith("before the data") for r in missing.values())
    assert "y2021" not in w.places.columns and "y2022" not in w.places.columns
    assert w.places.set_index("place_id").loc["A", "mean_per_year"] == pytest.approx(5 / 3)
    # no patrol plan: nothing planned, past trouble is a gap
    assert set(w.gaps["status"]) == {"gap"} and "no patrol plan" in " ".join(w.info["notes"])


def test_a_year_without_points_in_the_middle():
    rows = [r for r in VALBORG if not r[1].startswith("2024")]
    w = weekend_analysis("valborg", 2026, _points(rows), places=_places(), years_back=3)
    assert w.info["years_counted"] == [2023, 2025]
    assert w.info["not_covered"][0]["year"] == 2024 and "no points in 2024" in w.info["not_covered"][0]["reason"]
    assert w.places.set_index("place_id").loc["A", "mean_per_year"] == pytest.approx(4 / 2)


def test_window_partly_outside_the_data():
    rows = [("far", "2024-01-02 12:00", "incident"), ("A", "2024-12-31 22:00", "incident"),
            ("A", "2025-12-31 22:00", "incident")]
    w = weekend_analysis("nyarsafton", 2026, _points(rows), places=_places(), years_back=2)
    assert w.info["years_counted"] == [2024]  # 2025's window ends 1 January 2026, after the data
    assert w.info["not_covered"][0]["year"] == 2025
    assert w.info["not_covered"][0]["reason"].startswith("partly outside")
    assert w.places.set_index("place_id").loc["A", "y2024"] == 1


def test_no_year_covered():
    w = weekend_analysis("valborg", 2026, _points(VALBORG[:2]), places=_places(), years_back=1)
    assert w.info["years_counted"] == [2025] and w.places["total"].sum() == 0  # covered, and quiet
    assert set(w.places["status"]) == {"quiet"} and w.hotspots.empty
    w = weekend_analysis("valborg", 2030, _points(VALBORG), places=_places(), years_back=2)
    assert w.info["years_counted"] == []
    assert set(w.places["status"]) == {"no data"} and w.gaps.empty and w.hotspots.empty


def test_window_across_the_autumn_dst_change():
    events = [{"key": "hostfest", "name": "Höstfesten", "dates": ["2025-10-25", "2026-10-24"],
               "start_time": "22:00", "end_time": "04:00"}]
    rows = [("far", "2025-01-01 12:00", "incident"), ("far", "2025-12-31 12:00", "incident"),
            ("A", "2025-10-26 02:30+02:00", "incident"),   # the first 02:30 (summer time): in
            ("A", "2025-10-26 02:30+01:00", "incident"),   # the second 02:30 (winter time): in
            ("A", "2025-10-26 03:59+01:00", "incident"),   # in
            ("A", "2025-10-26 04:00+01:00", "incident"),   # the end: out
            ("A", "2025-10-25 21:59+02:00", "incident")]   # before: out
    w = weekend_analysis("hostfest", 2026, _points(rows), places=_places(), local_events=events, years_back=1)
    assert w.past_windows["hours"].tolist() == [7.0]
    assert w.places.set_index("place_id").loc["A", "y2025"] == 3


def test_several_windows_a_year_and_month():
    rows = [("far", "2023-01-02 12:00", "incident"), ("far", "2025-12-30 12:00", "incident"),
            ("A", "2025-06-27 23:00", "incident"),   # June 2025 payday weekend (Fri 27 June)
            ("A", "2025-01-25 01:00", "incident")]   # January 2025 payday weekend (Fri 24 January)
    every = weekend_analysis("lonehelg", 2026, _points(rows), places=_places(), years_back=1)
    assert len(every.windows) == 12 and len(every.past_windows) == 12 and every.name == "Lönehelg"
    assert every.places.set_index("place_id").loc["A", "y2025"] == 2
    june = weekend_analysis("lonehelg", 2026, _points(rows), places=_places(), years_back=1, month=6)
    assert len(june.windows) == 1 and june.windows["day"].iloc[0].month == 6 and june.name == "Lönehelg (juni)"
    assert june.places.set_index("place_id").loc["A", "y2025"] == 1


def test_unknown_event_lists_keys():
    local = [{"key": "kalixmarknad", "rule": "first saturday of july"}]
    with pytest.raises(InputError, match="unknown event 'bogus'.*valborg.*kalixmarknad"):
        weekend_analysis("bogus", 2026, _points(VALBORG), local_events=local)
    with pytest.raises(InputError, match="no window in 2026"):
        weekend_analysis("mote", 2026, _points(VALBORG), local_events=[{"key": "mote", "date": "2025-05-05"}])
    w = weekend_analysis("Valborgsmässoafton", 2026, _points(VALBORG), years_back=1)
    assert w.event == "valborg"


def test_bad_parameters():
    with pytest.raises(InputError, match="years_back"):
        weekend_analysis("valborg", 2026, _points(VALBORG), years_back=0)
    with pytest.raises(InputError, match="buffer_h"):
        weekend_analysis("valborg", 2026, _points(VALBORG), buffer_h=-1)
    with pytest.raises(InputError, match="month"):
        weekend_analysis("lonehelg", 2026, _points(VALBORG), month=13)


def test_buffer_widens_every_window():
    w = weekend_analysis("valborg", 2026, _points(VALBORG), places=_places(), years_back=3, buffer_h=1)
    assert w.places.set_index("place_id").loc["A", "y2023"] == 4  # 15:59 and 06:00 now inside
    assert w.window[0] == pd.Timestamp("2026-04-30 15:00", tz=TZ)


def test_inputs_not_mutated():
    points, places = _points(VALBORG), _places()
    before = points.copy(), places.copy()
    weekend_analysis("valborg", 2026, points, places=places, patrols=_patrols(PLAN), years_back=3)
    pd.testing.assert_frame_equal(points, before[0])
    pd.testing.assert_frame_equal(places, before[1])


def test_info_is_json_ready(valborg):
    json.dumps(valborg.info)


# ---- the command ------------------------------------------------------------------------------------

@pytest.fixture
def weekend_cli(monkeypatch):
    monkeypatch.setattr("maps.cli.main._COMMAND_MODULES", ("maps.cli.commands.weekend",))
    return cli.main


def test_cli_demo_valborg_swedish(weekend_cli, capsys):
    assert weekend_cli(["weekend", "valborg", "--year", "2026", "--project", str(DEMO / "kalix.toml")]) == 0
    out = capsys.readouterr().out
    assert "Valborgsmässoafton 2026: tor 2026-04-30 16:00 → fre 2026-05-01 06:00 (14 h)" in out
    assert "SYNTETISKA DATA" in out and "Särskilda platser" in out
    first_place = out.split("Särskilda platser")[1].splitlines()[2]
    assert "SP01" in first_place and "P06" in first_place  # the beach, with the dated patrol 20:00-03:00


def test_cli_demo_midsommar_json(weekend_cli, capsys, tmp_path):
    out_file = tmp_path / "midsommar.csv"
    assert weekend_cli(["weekend", "midsommar", "--year", "2026", "--project", str(DEMO / "kalix.toml"),
                        "--json", "-o", str(out_file), "--lang", "en"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["window"] == ["2026-06-19T12:00:00+02:00", "2026-06-21T06:00:00+02:00"]
    assert [p["year"] for p in summary["past_windows"]] == [2021, 2022, 2023, 2024, 2025]
    places = {p["place_id"]: p for p in summary["places"]}
    assert places["SP02"]["presence_minutes"] == 360 and places["SP02"]["patrols"] == "P13"
    # SP02 has 360 minutes, but at 20-02 while its trouble runs from 17: thin now (issue #14), no longer covered
    gap_rows = [g for g in summary["gaps"] if g["status"] == "gap"]
    assert {"kind": "place", "id": "SP04", "status": "gap"}.items() <= gap_rows[0].items()
    assert places["SP02"]["status"] == "thin" and 0.3 <= places["SP02"]["risk_covered"] < 0.8
    table = pd.read_csv(out_file, sep=";", decimal=",", encoding="utf-8-sig")
    assert {"kind", "id", "total", "presence_minutes", "status"} <= set(table.columns)
    assert set(table["kind"]) == {"place", "hotspot"}


def test_cli_files_english(weekend_cli, capsys):
    code = weekend_cli(["weekend", "midsommar", str(DEMO / "incidents.csv"), "--year", "2026",
                        "--complaints", str(DEMO / "complaints.csv"), "--places", str(DEMO / "special_places.geojson"),
                        "--patrols", str(DEMO / "patrols.csv"), str(DEMO / "patrol_routes.geojson"),
                        "--lang", "en", "--years-back", "2"])
    assert code == 0
    out = capsys.readouterr().out
    assert "Midsummer weekend 2026: Fri 2026-06-19 12:00 → Sun 2026-06-21 06:00 (42 h)" in out
    assert "Compared with the same window in 2024, 2025 (2 years)" in out and "GAP" in out


def test_cli_errors(weekend_cli, capsys):
    assert weekend_cli(["weekend", "bogus", "--year", "2026", "--project", str(DEMO / "kalix.toml")]) == 1
    err = capsys.readouterr().err
    assert "unknown event 'bogus'" in err and "kalixmarknad" in err
    with pytest.raises(SystemExit) as exc:  # neither files nor --project: a usage error (issue #12)
        weekend_cli(["weekend", "valborg", "--year", "2026"])
    assert exc.value.code == 2 and "--project" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        weekend_cli(["weekend", "valborg", "y.csv", "--year", "2026", "--project", "x.toml"])
    assert exc.value.code == 2


def test_presence_module_is_the_shared_one():
    from layers.cover import weekend_tables as tables

    assert tables.presence_minutes.__module__ == "layers.cover.presence"
    assert np.isclose(tables._merged([1, 3, 10], [4, 5, 12]), [[1, 5], [10, 12]]).all()
