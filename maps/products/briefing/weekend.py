"""The high-risk weekend briefing: one self-contained HTML page with the map and the tables, printable on A4.

``weekend_briefing(weekend)`` turns a :class:`layers.cover.weekend.Weekend` into the page police and municipality
look at together before Valborg, Midsommar or Nyårsafton (design scene 2), and that goes round the BRÅ by
e-mail (scene 3, ``share=True``):

* header: event, year, this year's window (weekday, date, time → weekday, date, time; hours), the earlier years
  compared, "Internt" or "Delningsbar", "Syntetiska data" when synthetic, when it was made; key figures;
* the map (:func:`briefing_map`, drawn by :func:`maps.products.build.build_map`): special places with their areas,
  hotspots of the earlier windows, the patrols with minutes in this year's window, gaps outlined in red,
  every target labelled with the id the tables use; when the targets lie far apart (Töre strand is 23 km
  from Kalix centre) the map shows the group with the most points and a small overview shows them all;
* tables: gaps and thin presence (what to act on), special places and hotspots ranked by points in the
  earlier windows with the presence planned now, the patrols planned in the window, the earlier windows,
  and the rules in words (``weekend.info``).

``layout="slide"`` makes one 16:10 page (1600 × 1000 CSS px: header, map, overview, key figures, gaps) for
a PNG (:func:`maps.products.snapshot.snapshot_png`, the ``weekend --png`` option).

The page is rendered from the jinja2 templates ``maps/templates/briefing.html.j2`` and
``briefing_parts.html.j2`` (:func:`maps.products.render.render`, autoescape on): every text from the data,
the project or the caller is escaped there; this module only gathers plain values.

The page is always offline: the map passes through :func:`maps.offline.make_offline` and sits in an
``<iframe srcdoc>``. It is laid out as an A4 sheet on screen and in print (``@page A4``, 12 mm margins, a map
of fixed size, 186 × 120 mm, so print and screen agree; rows never split; table headers repeat; map controls
hidden in print).

**Share mode** follows :mod:`maps.share.privacy`: the map is ``build_map``'s share map (hotspots with at least
``min_count`` points; no places, patrols or gaps drawn); the tables show totals only (per-year counts are
small and would need secondary suppression), every count below ``min_count`` as "< 5", hotspots below it
left out, no patrol ids and no patrol table. The finished page must pass
:func:`maps.share.privacy.check_share_html`, else :class:`InputError` names what broke the rules.
"""
import pandas as pd

from hotspots.defaults import MIN_COUNT
from hotspots.errors import InputError
from maps.products.briefing.format import Briefing, validate_briefing
from maps.products.briefing.maps import BriefingLayers, briefing_frames, briefing_map
from maps.products.briefing.tables import briefing_tables
from maps.products.build_time import build_time
from maps.products.render import render
from maps.share.privacy import check_share_html

__all__ = ["BriefingLayers", "briefing_map", "weekend_briefing"]


def weekend_briefing(weekend, *, fmap=None, layers=None, title="", synthetic=False, share=False, min_count=MIN_COUNT,
                     lang="sv", layout="a4") -> str:
    """The briefing page of a high-risk weekend (see the module docstring).

    Parameters
    ----------
    weekend : layers.cover.weekend.Weekend
        What :func:`layers.cover.weekend.weekend_analysis` returned.
    fmap : folium.Map or str, optional
        The map (or its HTML) to show; default :func:`briefing_map` of ``weekend`` and ``layers``.
    layers : BriefingLayers, optional
        Patrol plan and boundary, for the map and the patrol table.
    title : str
        Shown above the event name (e.g. the project's name).
    synthetic : bool
        Say "Syntetiska data" in the header.
    share : bool
        Share mode (see the module docstring).
    min_count : int
        Smallest count shown in share mode (default 5).
    lang : {"sv", "en"}
    layout : {"a4", "slide"}
        The A4 briefing, or one 16:10 slide of 1600 × 1000 CSS pixels for a PNG
        (:func:`maps.products.snapshot.snapshot_png`):
        header, the map, the overview, key figures and the gaps, without the other tables.

    Returns
    -------
    str
        One self-contained HTML page that makes no network request.

    Raises
    ------
    InputError
        Not a Weekend, a bad ``lang`` or ``min_count``, a map asset that cannot be inlined, or (share mode)
        a page that breaks the share rules.
    """
    validate_briefing(weekend, lang, min_count)
    if layout not in ("a4", "slide"):
        raise InputError(f"layout must be 'a4' or 'slide', got {layout!r}.")
    layers = layers or BriefingLayers()
    page = Briefing(weekend, lang, share, min_count, build_time())  # no time unless SOURCE_DATE_EPOCH
    t = page.t
    frames = [{"cls": kind, "title": t["overview"] if kind == "overview" else t["map"], "page": html}
              for kind, html in briefing_frames(weekend, layers, fmap=fmap, share=share, min_count=min_count,
                                                synthetic=synthetic, lang=lang)]
    tables = briefing_tables(page, layers.patrols)
    caption = t["map_share"].format(m=min_count) if share else t["map_caption"]
    if len(frames) > 1:
        caption += " " + t["overview_caption"]
    name = weekend.name_en if lang == "en" else weekend.name
    html = render("briefing.html.j2", lang=lang, slide=layout == "slide", name=name, year=weekend.year, t=t,
                  head=_header(page, name, title, synthetic), fact_cells=_facts(page), frames=frames,
                  caption=caption, gaps=tables["gaps"], rule_list=tables["rules"], notes=tables["notes"],
                  tables=[tables[k] for k in ("places", "hotspots", "patrols", "this_year", "windows")],
                  mode=t["share"] if share else t["internal"], made=page.made)
    if share:
        problems = check_share_html(html, min_count=min_count)
        if problems:
            raise InputError("the shareable briefing breaks the share rules: " + "; ".join(problems)
                             + ". Write the internal briefing instead, or leave out what is named.")
    return html


def _header(page, name, title, synthetic):
    """The header's values: marks, kicker, event and year, this year's window and hours, the years compared."""
    t, w = page.t, page.w
    buffer = pd.Timedelta(hours=float(w.info.get("buffer_h", 0)))
    hours = float(((w.windows["end"] - w.windows["start"] + 2 * buffer) / pd.Timedelta(hours=1)).sum())
    years = page.years
    run = len(years) > 1 and years == list(range(years[0], years[-1] + 1))
    compared = (f"{years[0]}–{years[-1]}" if run else ", ".join(map(str, years))) if years else t["none"]
    return {"mode": t["share"] if page.share else t["internal"], "mode_class": "share" if page.share else "internal",
            "synthetic": synthetic, "kicker": title or t["doc"], "name": name, "year": w.year,
            "start": page.when(w.window[0]), "end": page.when(w.window[1]), "hours": page.num(hours),
            "more": f", {len(w.windows)} {t['windows']}" if len(w.windows) > 1 else "", "compared": compared,
            "n_years": len(years), "made": page.made}


def _facts(page):
    """The key figures: (value, label, small print, colour class)."""
    t, info = page.t, page.w.info
    presence = info.get("presence", {})
    sub = "" if page.share or "n_patrols" not in presence else \
        f"{presence.get('patrols_with_minutes', 0)} {t['of']} {presence['n_patrols']} {t['patrols_l']}"
    tagged = info.get("tagged_without_presence", [])
    facts = [(page.count(info["points"]["in_earlier_windows"]), t["f_points"], "", ""),
             (str(info["n_gaps"]), t["f_gaps"], "", "alert" if info["n_gaps"] else "ok"),
             (str(info["n_thin"]), t["f_thin"], "", "warn" if info["n_thin"] else "ok"),
             (str(len(tagged)), t["f_tagged"], ", ".join(tagged), "alert" if tagged else "ok"),
             (f"{page.num(presence.get('minutes_planned', 0))} min", t["f_planned"], sub, "")]
    return [{"value": v, "label": k, "sub": s, "cls": c} for v, k, s, c in facts]
