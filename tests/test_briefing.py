"""The high-risk weekend briefing (no browser): content, window text, offline, A4 print CSS, escaping, share mode.

The browser checks (loads, prints, PNG) are in ``test_snapshot.py``; the template environment is tested in
``test_templates.py``.
"""

import html
import json
import re
from pathlib import Path

import folium
import pytest
from markupsafe import escape

from hotspots.errors import InputError
from hotspots.io.read import read_points
from hotspots.io.where.area import read_area
from layers.cover.weekend import weekend_analysis
from layers.plans.patrols import read_patrols
from layers.plans.places import read_places
from maps.cli import main as cli
from maps.cli.args.project import load_project
from maps.offline import remote_references
from maps.overlays.common import text
from maps.products.briefing.weekend import BriefingLayers, briefing_map, weekend_briefing
from maps.share.privacy import check_share_html

DEMO = Path(__file__).resolve().parents[1] / "maps" / "demo" / "kalix" / "kalix.toml"
XSS = "<img src=x onerror=alert(1)>"
NASTY = "<script>alert(1)</script> \"onload=x & Åsa's äöÅÄÖ"
SAFE_NASTY = str(escape(NASTY))  # &lt;script&gt;alert(1)&lt;/script&gt; &#34;onload=x &amp; Åsa&#39;s äöÅÄÖ


@pytest.fixture(scope="module")
def demo():
    """The bundled Kalix project, Midsommar 2026; place SP05 renamed to a script tag."""
    proj = load_project(DEMO)
    points = read_points(proj.incidents, proj.complaints, options=proj.read).points
    patrols = read_patrols(proj.patrols, tz=proj.read.tz, target_crs=points.crs).patrols
    places = read_places(proj.special_places, target_crs=points.crs).places
    places.loc[places["place_id"] == "SP05", "name"] = XSS
    weekend = weekend_analysis("midsommar", 2026, points, places=places, patrols=patrols, local_events=proj.events)
    layers = BriefingLayers(patrols=patrols, boundary=read_area(proj.boundary, crs=points.crs))
    return {"weekend": weekend, "layers": layers, "title": proj.name, "points": points, "places": places,
            "patrols": patrols, "events": proj.events}


@pytest.fixture(scope="module")
def internal(demo):
    return weekend_briefing(demo["weekend"], layers=demo["layers"], title=demo["title"], synthetic=True)


@pytest.fixture(scope="module")
def shared(demo):
    return weekend_briefing(demo["weekend"], layers=demo["layers"], title=demo["title"], synthetic=True, share=True)


def _outer(page):
    """The page without the maps' srcdoc (their HTML is escaped once inside the attribute)."""
    return re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', page)


def _maps(page):
    """The maps' own HTML documents, as the browser reads them out of srcdoc."""
    return [html.unescape(m) for m in re.findall(r'srcdoc="([^"]*)"', page)]


def test_header_window_and_marks(internal):
    outer = _outer(internal)
    assert "<h1>Midsommarhelgen 2026</h1>" in outer
    assert "fre 19 juni 2026 kl. 12:00 → sön 21 juni 2026 kl. 06:00" in outer and "(42 h)" in outer
    assert "Jämfört med samma helg 2021–2025 (5 år)" in outer
    assert "Syntetiska data" in outer and ">Internt<" in outer
    assert "Skapad" not in outer  # no build time unless SOURCE_DATE_EPOCH asks (see the bytes test)
    assert "Kalix kommun" in outer  # the title


def test_tables(internal):
    outer = _outer(internal)
    for heading in ("Att åtgärda: luckor och tunn närvaro", "Särskilda platser", "Hotspots i samma fönster tidigare år",
                    "Planerad närvaro under helgen", "Samma helg tidigare år", "Så är tabellerna räknade"):
        assert f"<h2>{heading}</h2>" in outer, heading
    gaps = outer.split("<h2>Att åtgärda")[1].split("</section>")[0]
    assert "SP04" in gaps and "Töre strand" in gaps and "LUCKA" in gaps
    places = outer.split("<h2>Särskilda platser</h2>")[1].split("</section>")[0]
    assert all(f">{y}</th>" in places for y in range(2021, 2026))  # incidents per year
    # 9, 16, 4, 15, 17 = 61; 360 min by P13 at 20-02 while the trouble runs 17-05: thin (issue #14 replaced the
    # old rule's "täckt", which counted any 60 planned minutes in the window whenever they fell)
    row = places.split("SP02")[1].split("</tr>")[0]
    assert re.findall(r">(\d+)</td>", row)[:6] == ["9", "16", "4", "15", "17", "61"]
    assert ">360<" in row and ">P13<" in row and "st-thin" in row and "täckt" not in row
    assert places.index("SP02") < places.index("SP04") < places.index("SP03")  # ranked
    windows = outer.split("<h2>Samma helg tidigare år</h2>")[1].split("</section>")[0]
    assert "fre 25 juni kl. 12:00 → sön 27 juni kl. 06:00" in windows and ">36<" in windows
    rules = outer.split("<h2>Så är tabellerna räknade</h2>")[1]
    # issue #14: the thin/gap rule is a share of the risk in hours with presence, no longer "under 60 minutes"
    assert "i medel minst 1 punkter per räknat tidigare år" in rules and "under 30 % av risken i timmar" in rules


def test_map_layers_and_overview(internal, demo):
    maps = _maps(internal)
    assert len(maps) == 2  # Töre strand lies 23 km from Kalix centre: a detail map and an overview
    for name in ("layer_hotspots", "layer_gaps", "layer_places", "layer_patrols"):
        assert f"{json.dumps(text(name))} :" in maps[0], name  # named in the layer control
    assert "Teckenförklaring" in maps[0] and "Detaljkartan" in maps[1]
    assert '"SP04"' in maps[0] and '"H1"' in maps[0]  # labels with the tables' ids


def test_offline_and_print_css(internal, shared):
    for page in (internal, shared):
        assert remote_references(page) == []
        assert all(remote_references(m) == [] for m in _maps(page))
        assert "@page { size: A4; margin: 12mm;" in page
        assert "break-inside: avoid" in page and "display: table-header-group" in page
        assert "height: 120mm" in page and "@media print" in page


def test_text_is_escaped(internal):
    outer = _outer(internal)
    assert XSS not in internal
    assert html.escape(XSS) in outer and "<img" not in outer
    for doc in _maps(internal):
        assert XSS not in doc  # inside the map the name is escaped again (GeoJSON property, label)


@pytest.fixture(scope="module")
def nasty(demo):
    """Kalix marknad 2026 (a local event) with the event, the title, place SP02, every patrol unit and every
    point's raw category and free text set to a script tag, a quote-started handler, ``&`` and å/ä/ö."""
    places = demo["places"].copy()
    places.loc[places["place_id"] == "SP02", "name"] = NASTY
    patrols = demo["patrols"].assign(unit=NASTY)
    points = demo["points"].assign(category_raw=NASTY, text=NASTY)
    events = [{**event, "name": NASTY} for event in demo["events"]]
    weekend = weekend_analysis("kalixmarknad", 2026, points, places=places, patrols=patrols, local_events=events)
    layers = BriefingLayers(patrols=patrols, boundary=demo["layers"].boundary)
    return {(share, lang): weekend_briefing(weekend, layers=layers, title=NASTY, share=share, lang=lang)
            for share in (False, True) for lang in ("sv", "en")}


def _decoded(doc):
    """A map document with its JSON unicode escapes decoded, so escaped and raw texts can be told apart."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda g: chr(int(g[1], 16)), doc)


@pytest.mark.parametrize("share", [False, True], ids=["internal", "share"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_text_from_the_data_is_escaped(nasty, share, lang):
    page = nasty[(share, lang)]
    outer = _outer(page)
    assert "<script>" not in page and '"onload=' not in page
    # every time the text reaches the page it is escaped, once: in the title, the header, the places table ...
    assert outer.count("onload=x") == outer.count(SAFE_NASTY)
    assert f"<h1>{SAFE_NASTY} 2026</h1>" in outer and f"<title>{SAFE_NASTY} 2026 – " in outer
    assert f'<p class="kicker">{SAFE_NASTY}</p>' in outer
    places = outer.split('<section class="block ">')[1].split("</section>")[0]
    assert f"<td>{SAFE_NASTY}</td>" in places  # SP02's name
    if not share:  # ... and the patrol table (internal only): the units
        assert outer.count(f"<td>{SAFE_NASTY}</td>") > 1
    for doc in map(_decoded, _maps(page)):  # inside each map: labels, title block, place popups
        assert "<script>alert" not in doc and '"onload=' not in doc
        assert doc.count("onload=x") == doc.count(SAFE_NASTY) > 0
    if share:
        assert check_share_html(page) == []


def test_the_not_counted_note_is_under_the_earlier_windows_only(demo):
    """Lönehelg has twelve windows a year; 2019 and 2020 lie before the data. The note names them once."""
    weekend = weekend_analysis("lonehelg", 2026, demo["points"], places=demo["places"], years_back=7)
    outer = _outer(weekend_briefing(weekend, fmap="<html><head></head><body></body></html>"))
    assert outer.count("Inte räknade (data saknas):") == 1
    earlier = outer.split("<h2>Samma helg tidigare år</h2>")[1].split("</section>")[0]
    assert "<li>2019: före datat (första dag 2021-01-01)</li>" in earlier
    assert "Fönstren 2026</h2>" in outer


def test_same_input_gives_the_same_bytes(demo, monkeypatch):
    """Nothing pinned: element ids are derived, and a build time only appears when SOURCE_DATE_EPOCH asks."""
    monkeypatch.delenv("HOTSPOT_BUILD_TIME", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780299000")  # 2026-06-01 09:30 in Stockholm
    pages = []
    for _ in range(2):
        pages.append([weekend_briefing(demo["weekend"], layers=demo["layers"], title=demo["title"], share=share,
                                       layout=layout) for share in (False, True) for layout in ("a4", "slide")])
    assert pages[0] == pages[1]
    assert "Skapad 2026-06-01 09:30" in pages[0][0]
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert "Skapad" not in weekend_briefing(demo["weekend"], layers=demo["layers"], title=demo["title"])


def test_share_mode(shared, demo):
    assert check_share_html(shared) == []
    outer = _outer(shared)
    assert ">Delningsbar<" in outer and "Internt" not in outer
    assert "&lt; 5" in outer  # Hamnen: 3 points over five years
    assert ">2021</th>" not in outer  # no per-year counts
    assert "P13" not in shared and "Planerad närvaro under helgen" not in shared  # no patrols
    # Two maps since issue #14 item 3: the weekend's hotspots (automatic cell from the spacing of the earlier
    # Midsommar points, 400 m) include Töre strand's, 22 km from the one in Kalix, so a detail map and an overview
    assert len(_maps(shared)) == 2
    assert all(json.dumps(text("layer_places")) not in m for m in _maps(shared))  # no special places when shared


def test_share_mode_refuses_a_sensitive_name(demo):
    places = demo["places"].copy()
    places.loc[places["place_id"] == "SP06", "name"] = "Mottagning för våld i nära relation"
    weekend = weekend_analysis("midsommar", 2026, demo["points"], places=places, patrols=demo["patrols"])
    with pytest.raises(InputError, match="våld i nära relation"):
        weekend_briefing(weekend, share=True)


def test_english(demo):
    page = _outer(weekend_briefing(demo["weekend"], lang="en"))
    assert "<h1>Midsummer weekend 2026</h1>" in page and "Fri 19 June 2026, 12:00 → Sun 21 June 2026, 06:00" in page
    assert "To act on: gaps and thin presence" in page and ">GAP<" in page and "Syntetiska" not in page
    assert "Planned presence" not in page  # no patrol plan given: no patrol table


def test_given_map_and_errors(demo):
    page = weekend_briefing(demo["weekend"], fmap=folium.Map(location=[65.85, 23.15], tiles=None))
    assert len(_maps(page)) == 1 and remote_references(page) == []
    with pytest.raises(InputError, match="weekend_analysis"):
        weekend_briefing(demo["places"])
    with pytest.raises(InputError, match="lang"):
        weekend_briefing(demo["weekend"], lang="de")
    with pytest.raises(InputError, match="min_count"):
        weekend_briefing(demo["weekend"], share=True, min_count=0)
    with pytest.raises(InputError, match="view"):
        briefing_map(demo["weekend"], view="bogus")
    with pytest.raises(InputError, match="layout"):
        weekend_briefing(demo["weekend"], layout="letter")


def test_slide_layout(demo):
    page = weekend_briefing(demo["weekend"], layers=demo["layers"], layout="slide")
    outer = _outer(page)
    assert '<main class="slide">' in outer and "width: 1600px; height: 1000px" in outer
    assert len(_maps(page)) == 2 and "Att åtgärda" in outer and "Särskilda platser</h2>" not in outer
    shared = weekend_briefing(demo["weekend"], layers=demo["layers"], share=True, layout="slide")
    assert check_share_html(shared) == [] and remote_references(shared) == []


def test_briefing_map_views(demo):
    every = briefing_map(demo["weekend"], layers=demo["layers"]).get_root().render()
    detail = briefing_map(demo["weekend"], layers=demo["layers"], view="detail").get_root().render()
    assert "Midsommarhelgen 2026: fre 19 juni kl. 12:00 – sön 21 juni kl. 06:00" in every  # title block
    west = [float(v) for v in re.findall(r"fitBounds\(\[\[[\d.]+, ([\d.]+)\]", every + detail)]
    assert west[0] < 22.7 and west[1] > 23.1  # all reaches Töre; detail is Kalix centre


# ---- the command ------------------------------------------------------------------------------------

@pytest.fixture
def weekend_cli(monkeypatch):
    monkeypatch.setattr("maps.cli.main._COMMAND_MODULES", ("maps.cli.commands.weekend",))
    return cli.main


def test_cli_writes_the_briefing(weekend_cli, tmp_path, capsys):
    out = tmp_path / "briefing.html"
    assert weekend_cli(["weekend", "midsommar", "--year", "2026", "--project", str(DEMO), "-o", str(out),
                        "--share"]) == 0
    assert f"skrivet: {out}" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert check_share_html(page) == [] and "Delningsbar" in page and remote_references(page) == []
    assert weekend_cli(["weekend", "midsommar", "--year", "2026", "--project", str(DEMO), "--share",
                        "-o", str(tmp_path / "t.csv")]) == 1
    assert "--share applies to the briefing" in capsys.readouterr().err


def test_issue14_verdicts_in_words_and_proposed_visits(internal):
    outer = _outer(internal)
    gaps = outer.split("<h2>Att åtgärda")[1].split("</section>")[0]
    assert "I ord:" in gaps and "Töre strand: bråken" in gaps and "ingen närvaro planerad" in gaps
    assert "Midsommarängen vid hembygdsgården: bil 20–02" in gaps and "tunn närvaro då" in gaps
    patrols = outer.split("<h2>Planerad närvaro under helgen</h2>")[1].split("</section>")[0]
    assert "Förslag på korta besök" in patrols and "F01 2026-06-" in patrols and "av risken" in patrols
