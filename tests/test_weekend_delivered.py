"""Issue 18: ``weekend`` sets delivered presence (the demo's GPS tracks) beside planned presence."""

import json

from maps.cli.commands.run import DEMO_PROJECT
from maps.cli.main import main


def test_weekend_json_has_delivered_presence(capsys):
    assert main(["--quiet", "weekend", "valborg", "--project", str(DEMO_PROJECT), "--year", "2025", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    rows = {r["name"]: r for r in summary["delivered"]}
    # the demo's foot patrol: Badplatsen Strandängen 21:00–22:30, a 13-minute walk, Torget 22:45–00:30
    assert rows["Torget"]["spans"].endswith("–00:30") and rows["Torget"]["planned_min"] == 120
    assert 100 <= rows["Torget"]["delivered_min"] <= 110
    assert rows["Badplatsen Strandängen"]["spans"].startswith("21:00–") and rows["Badplatsen Strandängen"][
        "planned_min"] == 0
