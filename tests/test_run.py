"""The bundled demo end to end: products written, every row accounted, text escaped in the map."""

import json

import pytest

from maps.cli import main


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "-o", str(out)]) == 0
    return out


def test_demo_writes_products_and_accounts_for_every_row(demo_out):
    summary = json.loads((demo_out / "check_summary.json").read_text(encoding="utf-8"))
    assert summary["rows_used"] + summary["rows_rejected"] == summary["rows_read"]
    assert summary["synthetic"] is True
    assert summary["crs"] == "EPSG:3006"
    assert set(summary["reasons"]) == {"no_coordinates", "zero_coordinates", "unparseable_time", "duplicate_id"}
    assert summary["sources"]["complaint"] > 500 and summary["sources"]["incident"] > 5000
    assert summary["sensitive"] > 0
    assert summary["time_min"].startswith("2021-01-01") and summary["time_max"].startswith("2025-12-31")
    rejects = (demo_out / "rejects.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rejects) == summary["rows_rejected"] + 1


def test_demo_map_says_synthetic_and_escapes_text(demo_out):
    page = (demo_out / "karta_intern.html").read_text(encoding="utf-8")
    assert "Syntetiska data" in page
    # folium writes the marker data as JSON, where "<" is "\u003c" and "&" is "\u0026"
    assert "<img src=x onerror" not in page and "\\u003cimg src=x onerror" not in page
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page
    assert "L.heatLayer(" in page and "L.markerClusterGroup" in page


def test_demo_prints_where_products_are(tmp_path, capsys):
    assert main(["--lang", "en", "demo", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"written: {tmp_path / 'map_internal.html'}" in out
    assert "rows read" in out


def test_demo_json(tmp_path, capsys):
    assert main(["demo", "-o", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["products"]["map"].endswith("karta_intern.html")
    assert data["summary"]["rows_read"] > 0
