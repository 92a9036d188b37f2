"""maps.products.render and the markup rule: templates autoescape, undefined names fail, output is deterministic;
overlay snippets escape what they are given; no HTML is built by f-string in the modules that make markup.
"""

import re
from pathlib import Path

import folium
import numpy as np
import pytest
from jinja2 import UndefinedError
from markupsafe import Markup, escape

from maps.overlays.controls.legend import Legend
from maps.overlays.controls.time_control import TimeControl
from maps.overlays.controls.title import add_title
from maps.overlays.profile_chart import profile_svg
from maps.products.briefing.format import Chip, section
from maps.products.render import ENVIRONMENT, render

ROOT = Path(__file__).resolve().parents[1]
NASTY = "<script>alert(1)</script> \"onload=x & Åsa's äöÅÄÖ"
SAFE = "&lt;script&gt;alert(1)&lt;/script&gt; &#34;onload=x &amp; Åsa&#39;s äöÅÄÖ"
# the modules that write HTML; none may build it with an f-string (templates or Markup format strings instead)
MARKUP_MODULES = ["maps/products/briefing/weekend.py", "maps/products/briefing/format.py",
                  "maps/products/briefing/maps.py", "maps/products/briefing/tables.py",
                  "maps/products/briefing/text.py", "maps/overlays/controls/title.py",
                  "maps/overlays/controls/legend.py", "maps/overlays/points.py", "maps/overlays/common.py",
                  "maps/overlays/controls/time_control.py", "maps/overlays/profile_chart.py"]


def test_escape_is_what_we_expect():
    assert str(escape(NASTY)) == SAFE


def test_every_template_autoescapes():
    names = ENVIRONMENT.list_templates()
    assert {"briefing.html.j2", "briefing_parts.html.j2", "briefing.css", "briefing_slide.css"} <= set(names)
    rule = ENVIRONMENT.autoescape
    assert all((rule(name) if callable(rule) else rule) is True for name in names)
    assert ENVIRONMENT.from_string("<p title='{{ x }}'>{{ x }}</p>").render(x=NASTY) == \
        f"<p title='{SAFE}'>{SAFE}</p>"


def test_a_table_section_escapes_headers_cells_and_chips():
    table = section(NASTY, NASTY, [NASTY, "n\nper år"], [[NASTY, Chip("no data", NASTY)]], {1}, "", "gaps")
    macro = ENVIRONMENT.get_template("briefing_parts.html.j2").module.table
    out = str(macro(table))
    assert "<script>" not in out and '"onload' not in out and out.count(SAFE) == 5
    assert '<th class="num fit">n<br>per år</th>' in out  # the line break is the template's, not the data's
    assert f'<td class="num fit"><span class="st st-nodata">{SAFE}</span></td>' in out


def test_markup_passes_only_when_marked():
    out = ENVIRONMENT.from_string("{{ a }}|{{ b }}").render(a="<b>x</b>", b=Markup("<b>x</b>"))
    assert out == "&lt;b&gt;x&lt;/b&gt;|<b>x</b>"


def test_undefined_names_fail():
    with pytest.raises(UndefinedError):
        render("briefing.html.j2", lang="sv")


def test_rendering_is_deterministic():
    frame = {"cls": "main", "title": "Karta", "page": f"<html><head></head><body>{NASTY}</body></html>"}
    context = {"lang": "sv", "slide": False, "name": NASTY, "year": 2026, "t": {"doc": "Lägesbild", "footer": "f",
               "h_rules": "Regler", "synthetic": "Syntetiska data", "compared": "Jämfört med", "years": "år"},
               "head": {"mode": "Internt", "mode_class": "internal", "synthetic": True, "kicker": NASTY, "name": NASTY,
                        "year": 2026, "start": "fre", "end": "sön", "hours": "42", "more": "", "compared": "2021–2025",
                        "n_years": 5, "made": "Skapad 2026-06-01 09:30"},
               "fact_cells": [{"value": "3", "label": NASTY, "sub": NASTY, "cls": "alert"}], "frames": [frame],
               "caption": NASTY, "gaps": section("Luckor", "", ["id"], [[NASTY]], set(), "inga"),
               "rule_list": [(NASTY, NASTY)], "notes": [NASTY], "tables": [None], "mode": "Internt",
               "made": "Skapad 2026-06-01 09:30"}
    first = render("briefing.html.j2", **context)
    assert render("briefing.html.j2", **context) == first
    assert "<script>" not in first and first.count(SAFE) == 11  # ten texts and the map document
    # the map document is escaped once into srcdoc, so the browser reads back the document as it was given
    assert f'srcdoc="&lt;html&gt;&lt;head&gt;&lt;/head&gt;&lt;body&gt;{SAFE}&lt;/body&gt;&lt;/html&gt;"' in first


# ---- overlays: the snippets escape what they are given -----------------------------------------------

def test_title_block_escapes():
    import datetime

    fmap = add_title(folium.Map(tiles=None), title=NASTY, method=NASTY, notes=[NASTY], share=True,
                     sensitive_total=NASTY, synthetic=True, generated=datetime.datetime(2026, 6, 1, 9, 30))
    page = fmap.get_root().render()
    assert "<script>alert" not in page and page.count(SAFE) == 4
    assert "<b>Delningsbar</b> · skapad 2026-06-01 09:30" in page
    plain = add_title(folium.Map(tiles=None), title="t", share=True).get_root().render()
    assert "<b>Delningsbar</b>" in plain and "skapad" not in plain  # no clock unless asked (issue 16)


def test_legend_escapes():
    legend = Legend(NASTY).add_classes(NASTY, [("#b2182b", NASTY), ("#2166ac", "minskande", "line")], layer=NASTY)
    legend.add_ramp(NASTY, ["#ffffb2", "#bd0026"], NASTY, "hög", hidden=True)
    content = str(legend.content)
    assert "<script>" not in content and content.count(SAFE) == 6
    assert f"<div class='hp-block' data-layer='{SAFE}'><b>{SAFE}</b><br>" in content
    assert "style='display:none'" in content and "linear-gradient(to right,#ffffb2,#bd0026)" in content


def test_time_control_and_profile_chart_markup():
    markup = TimeControl(folium.GeoJson({"type": "FeatureCollection", "features": []}), lang="sv").markup
    assert "<option value='4'>fre</option>" in markup and "<option value='23'>23–00</option>" in markup
    assert markup.count("<option") == 8 + 25
    svg = profile_svg(np.arange(168) % 7, "sv")
    assert svg.startswith('<svg class="hp-profile"') and svg.count("<path") == 6 and ">mån</text>" in svg
    assert "lugnt → mest" in svg


@pytest.mark.parametrize("path", MARKUP_MODULES)
def test_no_html_from_f_strings(path):
    source = (ROOT / path).read_text(encoding="utf-8")
    built = re.findall(r"""\bf(["']{1,3})[^"']*<[a-zA-Z/!]""", source)
    assert built == [], f"{path} builds HTML with an f-string; use a template or a markupsafe.Markup format string"
    assert "html.escape" not in source
