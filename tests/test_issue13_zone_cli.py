"""Issue 13: without --tz the zone comes from where the points are; never Stockholm abroad."""

import json
from pathlib import Path

from maps.cli.main import main

DATA = Path(__file__).parent / "data"
VANCOUVER = DATA / "crime" / "crimedata_csv_AllNeighbourhoods_2020_sample.csv.gz"
KALIX = Path(__file__).resolve().parents[1] / "maps" / "demo" / "kalix" / "incidents.csv"


def test_issue13_zone_from_location_in_check(capsys):
    assert main(["check", str(VANCOUVER), "--crs", "EPSG:32610", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["tz"] == "America/Vancouver" and "location" in summary["tz_how"]
    assert summary["time_min"].startswith("2020-") and summary["time_min"].endswith("-08:00")
    assert main(["check", str(KALIX), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tz"] == "Europe/Stockholm"
    # a stated zone wins and says so
    assert main(["check", str(VANCOUVER), "--crs", "EPSG:32610", "--tz", "Europe/Stockholm", "--json"]) == 0
    stated = json.loads(capsys.readouterr().out)
    assert stated["tz"] == "Europe/Stockholm" and stated["tz_how"] == "stated"


def test_issue14_vancouver_peak_windows_in_vancouver_time(tmp_path, capsys):
    out = tmp_path / "h.csv"
    argv = ["hotspots", str(VANCOUVER), "--crs", "EPSG:32610", "--method", "count", "--cell-m", "500"]
    assert main([*argv, "-o", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tz"] == "America/Vancouver"
