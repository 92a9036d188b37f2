"""Issue #16.5: every count in a share product of the demo is on the coarse scale (maps/share/coarse.py).

Audited: the share briefings of the demo's three weekends (Swedish and English; the key figure, every
count and mean column of every table, every count in the map's GeoJSON) and the share map ``run`` writes.
A count is published as a band (``5–9``, ``10–19``, ``20–49``, ``50–99``, ``100+``), as "< 5", or not at all;
a mean per year as the band divided by the years ("4,0–9,8").
"""

import html
import json
import re
from pathlib import Path

import pytest

from hotspots.io.read import read_points
from hotspots.io.where.area import read_area
from layers.cover.weekend import weekend_analysis
from layers.plans.patrols import read_patrols
from layers.plans.places import read_places
from maps.cli.args.project import load_project
from maps.products.briefing.weekend import BriefingLayers, weekend_briefing
from maps.share.coarse import band_bounds

DEMO = Path(__file__).resolve().parents[1] / "maps" / "demo" / "kalix" / "kalix.toml"
MIN_COUNT = 5
COUNT_HEADERS = {"totalt", "punkter", "total", "points"}
MEAN_HEADERS = {"medel per år", "mean per year"}
MEAN = re.compile(r"^(–|\d+[,.]\d–\d+[,.]\d|≥ \d+[,.]\d)$")


@pytest.fixture(scope="module")
def demo():
    proj = load_project(DEMO)
    points = read_points(proj.incidents, proj.complaints, options=proj.read).points
    patrols = read_patrols(proj.patrols, tz=proj.read.tz, target_crs=points.crs).patrols
    places = read_places(proj.special_places, target_crs=points.crs).places
    layers = BriefingLayers(patrols=patrols, boundary=read_area(proj.boundary, crs=points.crs))
    return proj, points, patrols, places, layers


def _text(cell):
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", cell))).strip()


def _tables(page):
    """Every table of the page outside the maps: ``[(headers, rows)]``."""
    outer = re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', page)
    out = []
    for table in re.findall(r"<table>(.*?)</table>", outer, flags=re.S):
        headers = [_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", table, flags=re.S)]
        rows = [[_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[-1], flags=re.S)]
        out.append((headers, [r for r in rows if r]))
    return out


def _on_scale(value):
    bounds = band_bounds(value)
    return value in ("–", f"< {MIN_COUNT}") or (bounds is not None and bounds[0] >= MIN_COUNT)


def _geojson_counts(page):
    """Every ``count``/``n_*`` property of every GeoJSON collection in the page and its maps."""
    docs = [page, *(html.unescape(m) for m in re.findall(r'srcdoc="([^"]*)"', page))]
    decoder, values = json.JSONDecoder(), []
    for doc in docs:
        for hit in re.finditer(r'\{"features": \[', doc):
            collection, _ = decoder.raw_decode(doc, hit.start())
            for feature in collection["features"]:
                values += [v for k, v in feature["properties"].items() if k == "count" or k.startswith("n_")]
    return values


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("event", ["valborg", "midsommar", "nyarsafton"])
def test_every_count_in_a_share_briefing_is_coarse(demo, event, lang):
    proj, points, patrols, places, layers = demo
    weekend = weekend_analysis(event, 2026, points, places=places, patrols=patrols, local_events=proj.events)
    page = weekend_briefing(weekend, layers=layers, title=proj.name, synthetic=True, share=True, lang=lang)
    facts = re.findall(r'<div class="fact[^"]*"><b>(.*?)</b><span>(.*?)</span>', page)
    points_fact = [html.unescape(value) for value, words in facts if "punkter" in words or "points" in words]
    assert points_fact and all(_on_scale(v) for v in points_fact), points_fact
    audited = 0
    for headers, rows in _tables(page):
        for i, header in enumerate(headers):
            if header in COUNT_HEADERS:
                cells = [r[i] for r in rows]
                assert all(_on_scale(c) for c in cells), (header, cells)
                audited += len(cells)
            elif header in MEAN_HEADERS:
                cells = [r[i] for r in rows]
                assert all(MEAN.match(c) for c in cells), (header, cells)
    assert audited >= 7  # the special places at least
    counts = [v for v in _geojson_counts(page) if v is not None]
    assert all(band_bounds(v) is not None and band_bounds(v)[0] >= MIN_COUNT for v in counts), counts
    # the internal briefing of the same weekend prints exact numbers: the audit would catch them
    internal = weekend_briefing(weekend, layers=layers, title=proj.name, synthetic=True, lang=lang)
    exact = [c for headers, rows in _tables(internal) for i, h in enumerate(headers) if h in COUNT_HEADERS
             for c in (r[i] for r in rows)]
    assert any(not _on_scale(c) for c in exact)


def test_every_count_in_the_run_share_map_is_coarse(demo_sv):
    made = demo_sv.made  # the session's shared demo run (tests/demo_session.py)
    page = Path(made["products"]["share_map"]).read_text(encoding="utf-8")
    counts = _geojson_counts(page)
    assert counts and all(v is None or (band_bounds(v) is not None and band_bounds(v)[0] >= MIN_COUNT)
                          for v in counts), counts
    assert not any(str(p).endswith((".xlsx", ".csv")) and "share" in str(p) for p in made["products"].values())
