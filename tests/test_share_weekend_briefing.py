"""Issue 15.8: the share-safe weekend briefing for the BRÅ meeting, from ``run`` and ``weekend --share``.

Audit of the page: no patrol ids, units or times, no free text, no count under the project's ``min_count``
and no exact count at all (classes from :func:`maps.share.coarse.publish_count`), no counts per year, no means.
"""

import re
from pathlib import Path

import pytest
from product_scan import demo_products, tables, visible_text

from hotspots.io.read import read_points
from layers.cover.weekend import weekend_analysis
from layers.plans.patrols import read_patrols
from layers.plans.places import read_places
from maps.cli import main as cli
from maps.cli.args.project import load_project
from maps.cli.commands.run import DEMO_PROJECT
from maps.offline import remote_references
from maps.products.briefing.weekend import weekend_briefing
from maps.share.coarse import band_bounds
from maps.share.privacy import check_share_html

COUNT_HEADERS = {"totalt", "total", "punkter", "points"}
COARSE = re.compile(r"^(< \d+|\d+–\d+|\d+\+|–)$")


@pytest.fixture(scope="module")
def demo():
    proj = load_project(DEMO_PROJECT)
    read = read_points(proj.incidents, proj.complaints, options=proj.read)
    patrols = read_patrols(proj.patrols, tz=proj.read.tz, target_crs=read.points.crs).patrols
    places = read_places(proj.special_places, target_crs=read.points.crs).places
    return {"points": read.points, "patrols": patrols, "places": places, "events": proj.events,
            "min_count": proj.min_count}


def audit(page, demo, lang="sv"):
    """Every way the page breaks the share rules of issue 15.8 (empty: share-safe)."""
    found = [f"privacy: {p}" for p in check_share_html(page, min_count=demo["min_count"])]
    words = visible_text(page)
    patrols = demo["patrols"]
    for pid in patrols["patrol_id"]:
        if re.search(rf"\b{re.escape(str(pid))}\b", words):
            found.append(f"patrol id {pid}")
    for unit in set(patrols["unit"].dropna().astype(str)) - {""}:
        if unit in page:
            found.append(f"unit {unit}")
    for schedule in set(patrols["schedule"].dropna().astype(str)) - {""}:
        if schedule in words:
            found.append(f"patrol schedule {schedule}")
    if re.search(r"\b\d{2}:\d{2}\s*[-–]\s*\d{2}:\d{2}\b", words):
        found.append("a clock-time interval (patrol or visit times)")
    texts = demo["points"]["text"].dropna().astype(str)
    for note in set(texts[texts.str.len() >= 12]):
        if note in page:
            found.append(f"free text {note[:30]!r}")
    for table in tables(page):
        head = [h.lower() for h in table[0]]
        if any(re.fullmatch(r"20\d\d", h) for h in head):
            found.append("counts per year")
        for i, h in enumerate(head):
            if h.split(" ")[0] in ("medel", "mean") and any(row[i] != "–" for row in table[1:] if len(row) > i):
                found.append("a mean per year")
            if h in COUNT_HEADERS:
                for row in table[1:]:
                    cell = row[i] if len(row) > i else ""
                    if not COARSE.match(cell):
                        found.append(f"exact count {cell!r} under {h!r}")
                    bounds = band_bounds(cell)
                    if bounds and bounds[0] < demo["min_count"]:
                        found.append(f"class {cell!r} under min_count")
    return found


@pytest.mark.parametrize("event", ["valborg", "midsommar", "nyarsafton"])
def test_share_briefing_passes_the_audit(demo, event):
    weekend = weekend_analysis(event, 2026, demo["points"], places=demo["places"], patrols=demo["patrols"],
                               local_events=demo["events"])
    internal = weekend_briefing(weekend, share=False)
    assert audit(internal, demo), "the audit must catch the internal briefing"  # it can see what it checks
    page = weekend_briefing(weekend, share=True, min_count=demo["min_count"])
    assert audit(page, demo) == []
    assert remote_references(page) == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_run_writes_a_share_briefing_per_event(demo, lang):
    products = demo_products(lang)
    shared = {k: v for k, v in products.items() if k.startswith("briefing_") and k.endswith("_share")}
    assert set(shared) == {f"briefing_{e}_share" for e in ("valborg", "midsommar", "nyarsafton")}
    for path in shared.values():
        page = path.read_text(encoding="utf-8")
        assert audit(page, demo, lang) == [], path.name
        assert ("Delningsbar" if lang == "sv" else "Shareable") in page
        assert ("delningsbar" if lang == "sv" else "share") in path.name


def test_share_briefing_counts_are_classes(demo):
    weekend = weekend_analysis("midsommar", 2026, demo["points"], places=demo["places"], patrols=demo["patrols"],
                               local_events=demo["events"])
    page = weekend_briefing(weekend, share=True)
    cells = [c for t in tables(page) for row in t[1:] for c in row]
    assert "< 5" in cells and any(re.fullmatch(r"\d+–\d+|\d+\+", c) for c in cells)


def test_weekend_share_cli_writes_the_audited_briefing(demo, tmp_path, monkeypatch):
    monkeypatch.setattr("maps.cli.main._COMMAND_MODULES", ("maps.cli.commands.weekend",))
    out = tmp_path / "delningsbar.html"
    assert cli.main(["weekend", "valborg", "--year", "2026", "--project", str(DEMO_PROJECT), "--share",
                     "-o", str(out)]) == 0
    assert audit(Path(out).read_text(encoding="utf-8"), demo) == []


def test_issue13_briefing_counts_the_imprecise_points_left_out(demo):
    points = demo["points"].copy()
    points["imprecise"] = points.index % 3 == 0  # every third point a centre-coded location
    weekend = weekend_analysis("midsommar", 2026, points, places=demo["places"], patrols=demo["patrols"],
                               local_events=demo["events"])
    n = weekend.info["hotspots"]["n_imprecise_left_out"]
    assert n > 0
    assert f"lämnades utanför hotspotmetoden: {n}." in visible_text(weekend_briefing(weekend))
    shared = visible_text(weekend_briefing(weekend, share=True))  # a class, never the exact number, when shared
    assert "utanför hotspotmetoden: " in shared and f"hotspotmetoden: {n}." not in shared
