"""Issue 13: centre-coded points (the police events export as CSV) make no hotspot; check names them."""

import json
from pathlib import Path

from maps.cli.main import main

POLICE = Path(__file__).parent / "data" / "vocab" / "polisen_events_norrbotten_every25th.csv"


def test_issue13_police_events_csv_make_no_hotspot(tmp_path, capsys):
    assert main(["check", str(POLICE), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows_used"] + summary["rows_rejected"] == summary["rows_read"]
    assert summary["imprecise"] == summary["rows_used"] > 0
    report = next(iter(summary["precision"].values()))
    assert report["rows"] == summary["rows_used"] and report["locations"]
    out = tmp_path / "h.gpkg"
    assert main(["hotspots", str(POLICE), "-o", str(out)]) == 1
    assert "--keep-imprecise" in capsys.readouterr().err
    assert main(["hotspots", str(POLICE), "--keep-imprecise", "-o", str(out), "--json"]) == 0
