"""The bundled demo end to end: products written, every row accounted, text escaped in the map; and
issue #12: ``run``, ``coverage --project`` and ``weekend --project`` report the same covered share."""

import json

import geopandas as gpd
import pandas as pd
import pytest

from maps.cli.commands.run import DEMO_PROJECT
from maps.cli.main import main
from maps.offline import remote_references
from maps.products.briefing.text import STATUS
from maps.share.privacy import check_share_html


@pytest.fixture(scope="module")
def demo_run(demo_sv):
    """``run DEMO_PROJECT --json`` (positional project, as the README shows): the folder and the JSON (the
    session's shared run, ``tests/demo_session.py``; read-only)."""
    assert demo_sv.argv == ("run", str(DEMO_PROJECT), "-o", str(demo_sv.out), "--json")
    return demo_sv.out, demo_sv.answer


@pytest.fixture(scope="module")
def demo_out(demo_run):
    return demo_run[0]


def test_demo_writes_products_and_accounts_for_every_row(demo_out):
    summary = json.loads((demo_out / "check_summary.json").read_text(encoding="utf-8"))
    assert summary["rows_used"] + summary["rows_rejected"] == summary["rows_read"]
    assert summary["synthetic"] is True
    assert summary["crs"] == "EPSG:3006"
    assert set(summary["reasons"]) == {"no_coordinates", "zero_coordinates", "unparseable_time", "duplicate_id"}
    assert summary["sources"]["complaint"] > 500 and summary["sources"]["incident"] > 5000
    assert summary["sensitive"] > 0
    assert summary["time_min"].startswith("2021-01-01") and summary["time_max"].startswith("2025-12-31")
    rejects = pd.read_csv(demo_out / "rejects.csv", sep=";", dtype=str, encoding="utf-8-sig")
    plan = [r for block in ("patrol_plan", "special_places") for r in summary[block]["rejected"]]
    # every rejected row of the run, as `check --rejects` writes it: the points', then the plan's
    # (tests/test_patrol_accounting.py runs a plan with a row it cannot read)
    assert len(rejects) == summary["rows_rejected"] + len(plan)
    assert (rejects["typ"] != "patrull").sum() == summary["rows_rejected"]
    assert [(r["fil"], r["rad"]) for _, r in rejects[rejects["typ"].isin(["patrull", "plats"])].iterrows()] == [
        (r["file"], str(r["row"])) for r in plan]


def test_demo_map_says_synthetic_and_escapes_text(demo_out):
    page = (demo_out / "karta_intern.html").read_text(encoding="utf-8")
    assert "Syntetiska data" in page
    # folium writes the marker data as JSON, where "<" is "\u003c" and "&" is "\u0026"
    assert "<img src=x onerror" not in page and "\\u003cimg src=x onerror" not in page
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page
    assert "L.imageOverlay(" in page and "L.markerClusterGroup" in page  # KDE image: more than 5,000 points


def test_demo_prints_where_products_are(demo_en):
    assert demo_en.argv == ("--lang", "en", "demo", "-o", str(demo_en.out))  # the session's English run
    out = demo_en.printed
    assert f"written: {demo_en.out / 'map_internal.html'}" in out
    assert "rows read" in out


def test_demo_json(tmp_path, capsys):
    assert main(["demo", "-o", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["products"]["map"].endswith("karta_intern.html")
    assert data["summary"]["rows_read"] > 0


def test_demo_makes_the_full_set(demo_out):
    names = {p.name for p in demo_out.iterdir()}
    assert {"check_summary.json", "rejects.csv", "hotspots.gpkg", "tackning.xlsx", "forslag_besok.geojson",
            "karta_intern.html", "karta_delningsbar.html", "genomgang_valborg_2026.html",
            "genomgang_midsommar_2026.html", "genomgang_nyarsafton_2026.html"} <= names
    briefing = (demo_out / "genomgang_midsommar_2026.html").read_text(encoding="utf-8")
    assert "Midsommar" in briefing and "Töre strand" in briefing and "size: A4" in briefing
    assert remote_references(briefing) == []
    hotspots = gpd.read_file(demo_out / "hotspots.gpkg", layer="hotspots")
    assert {"peak_windows", "trend", "rank"} <= set(hotspots.columns) and len(hotspots) >= 3
    coverage = pd.read_excel(demo_out / "tackning.xlsx", sheet_name=None)
    # issue 15.9: Swedish sheet names, and a summary sheet first
    assert list(coverage) == ["sammanfattning", "hotspots", "luckor"] and len(coverage["luckor"]) > 0
    summary = json.loads((demo_out / "check_summary.json").read_text(encoding="utf-8"))
    assert 0 < summary["coverage"]["risk_covered"] < 1 and 0 < summary["coverage"]["efficiency"] <= 1


def test_demo_share_map_is_share_safe(demo_out):
    page = (demo_out / "karta_delningsbar.html").read_text(encoding="utf-8")
    assert check_share_html(page) == []
    assert remote_references(page) == []
    assert "Delningsbar" in page and "Syntetiska data" in page


def _json(argv, capsys):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_run_coverage_and_weekend_report_the_same_covered_share(demo_run, capsys):
    """Issue #12: the same project gives the same hotspots and the same covered share in every command."""
    made = demo_run[1]["summary"]
    week = made["coverage"]["risk_covered"]
    cov = _json(["coverage", "--project", str(DEMO_PROJECT), "--json"], capsys)["overall"]
    assert cov["risk_covered"] == pytest.approx(week, abs=1e-12)
    # the project's method; the cell is automatic since issue #14 (75 m from the events' spacing, no cell_m stated)
    assert made["hotspots"]["method"] == "count" and made["hotspots"]["cell_m"] == 75
    assert cov["n_hotspots"] == made["hotspots"]["n_hotspots"]
    weekend = _json(["weekend", "valborg", "--year", "2026", "--project", str(DEMO_PROJECT), "--json"],
                    capsys)["coverage"]
    assert weekend["window"] == ["2026-04-30 16:00:00+02:00", "2026-05-01 06:00:00+02:00"]
    assert (weekend["method"], weekend["cell_m"]) == ("count", 75)
    assert weekend["risk_covered"] == pytest.approx(week, abs=1e-12)
    in_run = made["weekends"]["valborg"]
    period = _json(["coverage", "--project", str(DEMO_PROJECT), "--period", "2026-04-30T16:00..2026-05-01T06:00",
                    "--json"], capsys)["overall"]
    assert in_run["window"] == weekend["window"] == period["period"]
    assert weekend["risk_covered_period"] == pytest.approx(period["risk_covered_period"], abs=1e-12)
    assert in_run["risk_covered_period"] == pytest.approx(period["risk_covered_period"], abs=1e-12)
    assert 0 < period["risk_covered_period"] < week < 1  # a night window is covered less than the week


def test_demo_geopackage_holds_only_cells_with_points(demo_out):
    cells = gpd.read_file(demo_out / "hotspots.gpkg", layer="cells")
    assert len(cells) > 0 and ((cells["n_incidents"] + cells["n_complaints"]) > 0).all()
    total = sum(p.stat().st_size for p in demo_out.iterdir())
    assert total < 5_000_000, f"demo output is {total / 1e6:.1f} MB"


def test_issue14_run_says_the_same_verdicts_as_coverage(demo_run, capsys):
    """The workbook's verdicts, the suggested visits and the briefing follow the risk-in-hours rule."""
    out, made = demo_run
    table = pd.read_excel(out / "tackning.xlsx", sheet_name="hotspots")
    cov = _json(["coverage", "--project", str(DEMO_PROJECT), "--json"], capsys)["table"]
    # issue 15.9: the workbook says the verdicts in Swedish (STATUS: covered → täckt, thin → tunn, gap → LUCKA)
    assert table["status"].tolist() == [STATUS[row["status"]][0] for row in cov]
    assert set(table["status"]) <= {"täckt", "tunn", "LUCKA", "inga data"}
    visits = gpd.read_file(out / "forslag_besok.geojson")
    assert len(visits) == 8 and visits["hotspot_id"].nunique() >= 3
    assert not visits.duplicated(["hotspot_id", "window"]).any() and visits["why"].str.contains("av risken").all()
    in_window = made["summary"]["weekends"]["valborg"]["status_period"]
    assert set(in_window) <= {"covered", "thin", "gap", "quiet", "no data"} and sum(in_window.values()) == len(table)
    briefing = (out / "genomgang_midsommar_2026.html").read_text(encoding="utf-8")
    assert "I ord:" in briefing and "Förslag på korta besök" in briefing
