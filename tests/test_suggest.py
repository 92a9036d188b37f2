"""layers.cover.suggest and the ``suggest``/``coverage`` commands: visits that spread, the gain measured back,
the CLI."""

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from plans import patrol_plan
from pyproj import Transformer
from shapely.geometry import Point, box

from hotspots.errors import InputError
from layers.cover.coverage import compute_coverage
from layers.cover.suggest import KOPER_MINUTES, Suggestions, suggest_visits
from layers.plans.patrols import read_patrols

X0, Y0 = 850_000.0, 7_320_000.0
CRS = "EPSG:3006"
TZ = "Europe/Stockholm"
DEMO = Path(__file__).resolve().parents[1] / "maps" / "demo" / "kalix"


def hotspots(n=2, gap=1000.0):
    return gpd.GeoDataFrame({"hotspot_id": np.arange(1, n + 1)},
                            geometry=[box(X0 + i * gap, Y0, X0 + i * gap + 100, Y0 + 100) for i in range(n)], crs=CRS)


def points(times, where, gap=1000.0):
    start = pd.to_datetime(pd.Series(times)).dt.tz_localize(TZ)
    return gpd.GeoDataFrame({"start": start, "weight": 1.0},
                            geometry=[Point(X0 + (h - 1) * gap + 50, Y0 + 50) for h in where], crs=CRS)


def patrols(rows):
    return patrol_plan(rows, CRS)


# Hotspot 1: three points Fri 22, one Sat 10; hotspot 2: two points Fri 22. Hotspot 1 already has 30 min Fri 22.
TIMES = ["2026-05-01 22:10", "2026-05-08 22:20", "2026-05-15 22:30", "2026-05-02 10:00",
         "2026-05-01 22:40", "2026-05-08 22:50"]
WHERE = [1, 1, 1, 1, 2, 2]
EXISTING = [(Point(X0 + 50, Y0 + 50), "fre 22:00-22:30", 10)]


# Issue #14 replaced the tests of the old objective (greedy = brute-force optimum of the linear gain, visits
# stacked back to back in one hour, 20-60 minute visits): visits now spread with diminishing returns, 10-16 min.

def test_first_visits_spread_over_places_and_hours():
    cov = compute_coverage(hotspots(), points(TIMES, WHERE), patrols(EXISTING))
    result = suggest_visits(cov, hotspots(), visits=3)
    assert isinstance(result, Suggestions)
    # The biggest gap is hotspot 2 Fri 22 (2/6 of the risk, no presence): it gets the first visit; hotspot 1
    # Fri 22 (3/6, 30 min already) the second; the third goes to hotspot 1's other hour, Sat 10, not a
    # repeat of an hour already visited.
    assert result.table["hotspot_id"].tolist() == [2, 1, 1]
    assert result.table["window"].tolist() == ["fre 22–23", "fre 22–23", "lör 10–11"]
    assert result.table["gain"].tolist() == pytest.approx([1 / 12, 0.125, 1 / 24])
    assert result.plan["schedule"].tolist() == ["fre 22:00-22:15", "fre 22:00-22:15", "lör 10:00-10:15"]
    assert result.plan["patrol_id"].tolist() == ["F01", "F02", "F03"]
    assert set(result.plan["unit"]) == {"Förslag"} and set(result.plan["mode"]) == {"foot"}
    assert set(result.plan["radius_m"]) == {100.0} and result.info["minutes"] == KOPER_MINUTES == 15
    assert result.plan["why"].iloc[0].startswith("lucka 1: hotspot 2, fre 22–") and "av risken" in \
        result.plan["why"].iloc[0]
    assert result.info["biggest_gap"]["hotspot_id"] == 2


def test_a_second_visit_in_the_same_hour_only_when_nothing_else_gains():
    pts = points(["2026-05-03 23:30"], [1])  # all risk on Sunday 23
    result = suggest_visits(compute_coverage(hotspots(1), pts, patrols([])), hotspots(1), visits=6, minutes=15)
    assert result.plan["schedule"].tolist() == ["sön 23:00-23:15", "sön 23:15-23:30", "sön 23:30-23:45",
                                                "sön 23:45-24:00"]
    assert result.info["visits_suggested"] == 4 and result.expected_gain == pytest.approx(1.0)


def _measured_gain(tmp_path, hot, pts, plan, result, period=None):
    path = tmp_path / "plan.geojson"
    result.plan.to_crs("EPSG:4326").to_file(path, driver="GeoJSON")
    back = read_patrols(path)
    assert back.summary["rows_rejected"] == 0
    both = gpd.GeoDataFrame(pd.concat([plan, back.patrols.to_crs(CRS)], ignore_index=True), crs=CRS)
    key = "risk_covered" if period is None else "risk_covered_period"
    before = compute_coverage(hot, pts, plan, period=period).overall[key]
    return compute_coverage(hot, pts, both, period=period).overall[key] - before


@pytest.mark.parametrize("gap", [1000.0, 100.0])  # far apart, and touching (a visit reaches the neighbour)
def test_reported_gain_equals_the_gain_coverage_measures(tmp_path, gap):
    hot, pts = hotspots(2, gap), points(TIMES, WHERE, gap)
    plan = patrols(EXISTING)
    result = suggest_visits(compute_coverage(hot, pts, plan), hot, visits=5)
    assert result.expected_gain > 0
    assert _measured_gain(tmp_path, hot, pts, plan, result) == pytest.approx(result.expected_gain, abs=1e-9)


def test_period_visits_are_dated_and_their_gain_is_measured(tmp_path):
    hot, pts, plan = hotspots(), points(TIMES, WHERE), patrols(EXISTING)
    period = ("2026-10-23", "2026-10-27")  # over the autumn DST night
    result = suggest_visits(compute_coverage(hot, pts, plan, period=period), hot, visits=4, minutes=15)
    assert result.plan["schedule"].iloc[0] == "2026-10-23 kl 22:00-22:15"
    assert _measured_gain(tmp_path, hot, pts, plan, result, period) == pytest.approx(result.expected_gain, abs=1e-9)


def test_bad_arguments():
    cov = compute_coverage(hotspots(), points(TIMES, WHERE), patrols(EXISTING))
    for kwargs, message in [({"visits": 0}, "visits"), ({"visits": 2, "minutes": 61}, "minutes"),
                            ({"visits": 2, "minutes": 30}, "10 to 16"), ({"visits": 2, "minutes": 9}, "10 to 16"),
                            ({"visits": 2, "mode": "jetpack"}, "unknown mode"),
                            ({"visits": 2, "radius_m": -5}, "radius_m")]:
        with pytest.raises(InputError, match=message):
            suggest_visits(cov, hotspots(), **kwargs)
    with pytest.raises(InputError, match="do not match"):
        suggest_visits(cov, hotspots(3), visits=1)


# --- the CLI -------------------------------------------------------------------------------------------

def _cli(monkeypatch, argv):
    from maps.cli import main as cli
    others = tuple(m for m in cli._COMMAND_MODULES if m != "maps.cli.commands.coverage")
    monkeypatch.setattr("maps.cli.main._COMMAND_MODULES", (*others, "maps.cli.commands.coverage"))
    return cli.main(argv)


def _files(tmp_path):
    to_wgs = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    pts = points(TIMES, WHERE)
    lon, lat = to_wgs.transform(pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy())
    local = pts["start"].dt.tz_convert(TZ)
    pd.DataFrame({"id": [f"e{i}" for i in range(len(pts))], "kategori": "Misshandel",
                  "datum": local.dt.strftime("%Y-%m-%d"), "tid": local.dt.strftime("%H:%M"),
                  "latitud": lat, "longitud": lon}).to_csv(tmp_path / "points.csv", index=False)
    hotspots().to_crs("EPSG:4326").to_file(tmp_path / "hotspots.geojson", driver="GeoJSON")
    plan = gpd.GeoDataFrame({"patrol_id": ["P1"], "mode": ["foot"], "schedule": ["fre 22:00-22:30"], "radius_m": [10]},
                            geometry=[Point(X0 + 50, Y0 + 50)], crs=CRS)
    plan.to_crs("EPSG:4326").to_file(tmp_path / "patrols.geojson", driver="GeoJSON")
    return [str(tmp_path / "points.csv"), "--patrols", str(tmp_path / "patrols.geojson"),
            "--hotspots", str(tmp_path / "hotspots.geojson")]


def test_cli_suggest_then_coverage_shows_the_gain(tmp_path, monkeypatch, capsys):
    args = _files(tmp_path)
    assert _cli(monkeypatch, ["--lang", "en", "suggest", *args, "--visits", "3", "-o", str(tmp_path / "s.geojson"),
                              "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    # issue #14: the third visit goes to Sat 10 (a new hour), not a second Fri 22 visit at hotspot 1
    assert report["expected_gain"] == pytest.approx(1 / 12 + 1 / 8 + 1 / 24) and len(report["visits"]) == 3
    assert _cli(monkeypatch, ["coverage", *args, "-o", str(tmp_path / "before.csv"), "--json"]) == 0
    before = json.loads(capsys.readouterr().out)["overall"]["risk_covered"]
    args[2:3] = [args[2], str(tmp_path / "s.geojson")]  # --patrols patrols.geojson s.geojson
    assert _cli(monkeypatch, ["coverage", *args, "-o", str(tmp_path / "after.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "Täckt risk (per vecka): 50,0 %" in out  # 25 % before, + 1/4
    assert (tmp_path / "after_gaps.xlsx").exists()
    assert before == pytest.approx(0.25)


def test_cli_coverage_writes_table_and_gaps(tmp_path, monkeypatch, capsys):
    args = _files(tmp_path)
    assert _cli(monkeypatch, ["--lang", "en", "coverage", *args, "-o", str(tmp_path / "c.csv"),
                              "--period", "2026-05-01..2026-05-02"]) == 0
    out = capsys.readouterr().out
    assert "Risk covered (per week): 25.0 %" in out and "Largest gaps" in out
    table = pd.read_csv(tmp_path / "c.csv", sep=";", decimal=",")
    assert table["hotspot_id"].tolist() == [1, 2] and "risk_covered_period" in table
    gaps = pd.read_csv(tmp_path / "c_gaps.csv", sep=";", decimal=",")
    assert gaps["hotspot_id"].tolist()[0] == 2
    assert _cli(monkeypatch, ["coverage", *args, "-o", str(tmp_path / "c.gpkg")]) == 0
    assert set(gpd.list_layers(tmp_path / "c.gpkg")["name"]) == {"coverage", "gaps"}


def test_cli_bad_input_is_one_sentence(tmp_path, monkeypatch, capsys):
    args = _files(tmp_path)
    assert _cli(monkeypatch, ["coverage", *args, "-o", str(tmp_path / "c.csv"), "--period", "maj"]) == 1
    assert "--period" in capsys.readouterr().err
    assert _cli(monkeypatch, ["suggest", *args, "--visits", "2", "-o", str(tmp_path / "s.csv")]) == 1
    assert ".geojson" in capsys.readouterr().err


def test_cli_on_the_demo(tmp_path, monkeypatch, capsys):
    common = [str(DEMO / "incidents.csv"), "--complaints", str(DEMO / "complaints.csv"),
              "--patrols", str(DEMO / "patrols.csv"), str(DEMO / "patrol_routes.geojson"),
              "--method", "count", "--cell-m", "100"]
    assert _cli(monkeypatch, ["coverage", *common, "-o", str(tmp_path / "c.csv"), "--json"]) == 0
    overall = json.loads(capsys.readouterr().out)["overall"]
    assert 0 < overall["risk_covered"] < 1 and 0 < overall["efficiency"] < 1
    assert _cli(monkeypatch, ["suggest", *common, "--visits", "4", "-o", str(tmp_path / "s.geojson"), "--json"]) == 0
    gain = json.loads(capsys.readouterr().out)["expected_gain"]
    assert _cli(monkeypatch, ["coverage", *common[:6], str(tmp_path / "s.geojson"), *common[6:], "-o",
                              str(tmp_path / "c2.csv"), "--json"]) == 0
    after = json.loads(capsys.readouterr().out)["overall"]["risk_covered"]
    assert after - overall["risk_covered"] == pytest.approx(gain, abs=1e-9)


def test_visits_name_hotspots_as_the_maps_do():
    named = hotspots().assign(name=["Torget (Kalix)", " "])  # a blank name falls back to "hotspot N"
    cov = compute_coverage(named, points(TIMES, WHERE), patrols(EXISTING))
    result = suggest_visits(cov, named, visits=3)
    assert result.table["name"].tolist() == ["hotspot 2", "Torget (Kalix)", "Torget (Kalix)"]
    assert result.plan["why"].iloc[0].startswith("lucka 1: hotspot 2, fre 22–")
    assert result.plan["why"].iloc[1].startswith("lucka 2: Torget (Kalix) [hotspot 1], fre 22–")
    given = suggest_visits(cov, named, visits=1, names={1: "Hamnen", 2: "Kajen"}, lang="en")
    assert given.table["name"].tolist() == ["Kajen"]
    assert given.plan["why"].iloc[0].startswith("gap 1: Kajen [hotspot 2]")


def test_cli_suggest_prints_the_names_of_the_map_and_the_gpx(tmp_path, monkeypatch, capsys):
    import re
    from argparse import Namespace

    from maps.cli.args.inputs import resolve_inputs
    from maps.cli.commands.run import DEMO_PROJECT
    from maps.cli.steps import find, read_boundary, read_incidents
    from maps.products.hotspot_names import hotspot_names

    gpx = tmp_path / "besok.gpx"
    assert _cli(monkeypatch, ["suggest", "--project", str(DEMO_PROJECT), "--visits", "4", "--gpx", str(gpx),
                              "--quiet"]) == 0
    out = capsys.readouterr().out
    table = out.split("Föreslagna besök:\n")[1].split("Varför:")[0].splitlines()
    assert table[0].split() == ["besök", "hotspot", "namn", "när", "min", "vinst"]
    printed = {}
    for line in table[1:]:
        hit = re.match(r"\s+(F\d\d)\s+(\d+)\s+(.+?)\s{2,}\S{3} \d\d:\d\d-\d\d:\d\d", line)
        printed[hit[1]] = (int(hit[2]), hit[3])
    assert len(printed) == 4
    in_gpx = dict(re.findall(r"<name>(F\d\d) ([^<]+)</name>", gpx.read_text(encoding="utf-8")))
    assert {v: name for v, (_, name) in printed.items()} == in_gpx  # the GPX calls each visit's hotspot the same
    inputs = resolve_inputs(Namespace(command="run", points=[], project=str(DEMO_PROJECT), lang=None))
    _, pts, _ = read_incidents(inputs)
    names = hotspot_names(find(inputs, pts, read_boundary(inputs, pts.crs)).hotspots_, "sv")
    assert all(names[hid] == name for hid, name in printed.values())  # and so does the hotspot table
    assert not any(name.startswith("hotspot ") for _, name in printed.values())  # the demo's hotspots have names
    why = dict(re.findall(r"^  (F\d\d): (.+)$", out.split("Varför:")[1], flags=re.M))
    for visit, (hid, name) in printed.items():
        assert f"{name} [hotspot {hid}]" in why[visit]  # the reason names it too, with its id
