"""The high-risk weekend briefing: one self-contained HTML page with the map and the tables, printable on A4.

``weekend_briefing(weekend)`` turns a :class:`layers.weekend.Weekend` into the page police and municipality
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
import re
from datetime import datetime

import pandas as pd

from hotspots.defaults import MIN_COUNT
from hotspots.errors import InputError
from maps.offline import make_offline
from maps.overlays.common import text
from maps.products.briefing_format import _Chip, _e, _id, _num, _section, _translate, _validate, _when
from maps.products.briefing_map import (
    _IN_BRIEFING,
    BriefingLayers,
    _group,
    _map,
    _shown_hotspots,
    _targets,
    _weekend_patrols,
    briefing_map,
)
from maps.products.briefing_text import _CSS, _RULES, _SLIDE_CSS, _STATUS, _T
from maps.share.privacy import check_share_html

__all__ = ["BriefingLayers", "briefing_map", "weekend_briefing"]


def weekend_briefing(weekend, *, fmap=None, layers=None, title="", synthetic=False, share=False, min_count=MIN_COUNT,
                     lang="sv", layout="a4") -> str:
    """The briefing page of a high-risk weekend (see the module docstring).

    Parameters
    ----------
    weekend : layers.weekend.Weekend
        What :func:`layers.weekend.weekend_analysis` returned.
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
    _validate(weekend, lang, min_count)
    if layout not in ("a4", "slide"):
        raise InputError(f"layout must be 'a4' or 'slide', got {layout!r}.")
    layers = layers or BriefingLayers()
    maps = [(fmap, "")]
    if fmap is None:
        maps = [(_map(weekend, layers, share, min_count, "", synthetic, lang, "detail"), "")]
        if _group(_targets(weekend, _shown_hotspots(weekend, share, min_count), share)) is not None:
            maps.append((_map(weekend, layers, share, min_count, "", synthetic, lang, "overview"), "overview"))
    ctx = _Page(weekend, lang, share, min_count)
    t = ctx.t
    name = weekend.name_en if lang == "en" else weekend.name
    if layout == "slide":
        frames = _frames(ctx, maps)
        stage = f"<div class=\"stage\">{frames[0]}<aside>{''.join(frames[1:])}{_facts(ctx)}{_gaps(ctx)}</aside></div>"
        parts = [_header(ctx, name, title, synthetic), stage]
    else:
        parts = [_header(ctx, name, title, synthetic), _facts(ctx), _gaps(ctx), _map_figure(ctx, maps),
                 _places(ctx), _hotspots(ctx), "" if share else _patrols(ctx, layers.patrols), _windows(ctx),
                 _rules(ctx), (f"<footer>{_e(t['footer'])} · {_e(t['share'] if share else t['internal'])} · "
                              f"{_e(ctx.made)}</footer>")]
    css = _CSS + (_SLIDE_CSS if layout == "slide" else "")
    page = (f"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_e(name)} {weekend.year} – {_e(t['doc'])}</title>\n<style>{css}</style>\n</head>\n<body>\n"
            f"<main class=\"{'slide' if layout == 'slide' else 'sheet'}\">\n" + "\n".join(p for p in parts if p)
            + "\n</main>\n</body>\n</html>\n")
    if share:
        problems = check_share_html(page, min_count=min_count)
        if problems:
            raise InputError("the shareable briefing breaks the share rules: " + "; ".join(problems)
                             + ". Write the internal briefing instead, or leave out what is named.")
    return page


class _Page:
    """What every part of the page needs: the weekend, the labels, share mode and number formats."""

    def __init__(self, weekend, lang, share, min_count):
        self.w, self.lang, self.share, self.m = weekend, lang, share, min_count
        self.t = {k: v[lang == "en"] for k, v in _T.items()}
        self.years = list(weekend.info.get("years_counted", []))
        self.made = f"{self.t['generated']} {datetime.now():%Y-%m-%d %H:%M}"

    def count(self, value):
        """A count as text; in share mode a count below ``min_count`` is "< m"."""
        if value is None or pd.isna(value):
            return "–"
        return f"< {self.m}" if self.share and value < self.m else _num(int(value), self.lang)

    def mean(self, total, mean):
        if mean is None or pd.isna(mean) or (self.share and total < self.m):
            return "–"
        return _num(float(mean), self.lang, 1)

    def num(self, value, decimals=0):
        return _num(value, self.lang, decimals)

    def status(self, key):
        return _Chip(key, _STATUS.get(key, (key, key))[self.lang == "en"])


def _header(ctx, name, title, synthetic):
    t, w = ctx.t, ctx.w
    marks = [(f"<span class=\"mark {'share' if ctx.share else 'internal'}\">"
             f"{_e(t['share'] if ctx.share else t['internal'])}</span>")]
    if synthetic:
        marks.append(f"<span class=\"mark synthetic\">{_e(t['synthetic'])}</span>")
    buffer = pd.Timedelta(hours=float(w.info.get("buffer_h", 0)))
    hours = float(((w.windows["end"] - w.windows["start"] + 2 * buffer) / pd.Timedelta(hours=1)).sum())
    more = f", {len(w.windows)} {t['windows']}" if len(w.windows) > 1 else ""
    years = ctx.years
    run = len(years) > 1 and years == list(range(years[0], years[-1] + 1))
    compared = (f"{years[0]}–{years[-1]}" if run else ", ".join(map(str, years))) if years else t["none"]
    return (f"<header class=\"head\">\n<div class=\"marks\">{''.join(marks)}</div>\n"
            f"<p class=\"kicker\">{_e(title or t['doc'])}</p>\n<h1>{_e(name)} {w.year}</h1>\n"
            f"<p class=\"window\">{_e(_when(w.window[0], ctx.lang))} → {_e(_when(w.window[1], ctx.lang))} "
            f"<span class=\"hours\">({_e(ctx.num(hours))} h{_e(more)})</span></p>\n"
            f"<p class=\"meta\">{_e(t['compared'])} {_e(compared)} ({len(years)} {_e(t['years'])}) · "
            f"{_e(ctx.made)}</p>\n</header>")


def _facts(ctx):
    t, info = ctx.t, ctx.w.info
    presence = info.get("presence", {})
    sub = "" if ctx.share or "n_patrols" not in presence else \
        f"{presence.get('patrols_with_minutes', 0)} {t['of']} {presence['n_patrols']} {t['patrols_l']}"
    tagged = info.get("tagged_without_presence", [])
    facts = [(ctx.count(info["points"]["in_earlier_windows"]), t["f_points"], "", ""),
             (str(info["n_gaps"]), t["f_gaps"], "", "alert" if info["n_gaps"] else "ok"),
             (str(info["n_thin"]), t["f_thin"], "", "warn" if info["n_thin"] else "ok"),
             (str(len(tagged)), t["f_tagged"], ", ".join(tagged), "alert" if tagged else "ok"),
             (f"{ctx.num(presence.get('minutes_planned', 0))} min", t["f_planned"], sub, "")]
    cells = "".join(f"<div class=\"fact {c}\"><b>{_e(v)}</b><span>{_e(k)}</span>"
                    + (f"<small>{_e(s)}</small>" if s else "") + "</div>" for v, k, s, c in facts)
    return f"<section class=\"facts\">{cells}</section>"


def _map_figure(ctx, maps):
    frames = _frames(ctx, maps)
    caption = ctx.t["map_share"].format(m=ctx.m) if ctx.share else ctx.t["map_caption"]
    if len(frames) == 1:
        return f"<figure class=\"map\">{frames[0]}<figcaption>{_e(caption)}</figcaption></figure>"
    caption += " " + ctx.t["overview_caption"]
    return (f"<figure class=\"map\">{frames[0]}<div class=\"below\">{''.join(frames[1:])}"
            f"<figcaption>{_e(caption)}</figcaption></div></figure>")


def _frames(ctx, maps):
    """Each map, made offline, as an ``<iframe srcdoc>`` (its HTML escaped into the attribute)."""
    frames = []
    for fmap, cls in maps:
        try:
            page = make_offline(fmap)
        except (TypeError, ValueError) as err:
            raise InputError(f"the briefing's map cannot be made offline: {err}") from None
        page = page.replace("</head>", _IN_BRIEFING + "\n</head>", 1)
        name = ctx.t["overview"] if cls else ctx.t["map"]
        frames.append(f"<iframe class=\"{cls or 'main'}\" title=\"{_e(name)}\" srcdoc=\"{_e(page)}\"></iframe>")
    return frames


def _gaps(ctx):
    t = ctx.t
    head = [t["rank"], t["kind"], "id", t["name"], t["total"], t["mean"], t["minutes"], t["status"], t["overlaps"]]
    rows = [[str(r.rank), t[r.kind], _id(r.kind, r.id), "" if r.kind == "hotspot" else str(r.name),
             ctx.count(r.total), ctx.mean(r.total, r.mean_per_year), ctx.num(r.presence_minutes),
             ctx.status(r.status), str(r.places or "")] for r in ctx.w.gaps.itertuples()]
    return _section(t["h_gaps"], t["gaps_lead"], head, rows, {0, 4, 5, 6}, t["no_gaps"], "gaps",
                    flex=(t["name"], t["overlaps"]))


def _ranked(ctx, table, kind):
    """The places or hotspots table: rank, id, (name), tagged, per year (internal), total, mean, presence, status."""
    t, share = ctx.t, ctx.share
    years = [] if share else ctx.years
    place = kind == "place"
    head = [t["rank"], "id", *([t["name"]] if place else []), t["tag"], *map(str, years), t["total"], t["mean"],
            t["minutes"], *([] if share else [t["patrols"]]), t["status"], *([] if place else [t["overlaps"]])]
    rows = [[str(r["rank"]), _id(kind, r["place_id" if place else "hotspot_id"]), *([str(r["name"])] if place else []),
             t["yes"] if r["tagged"] else "", *(ctx.count(r[f"y{y}"]) for y in years), ctx.count(r["total"]),
             ctx.mean(r["total"], r["mean_per_year"]), ctx.num(r["presence_minutes"]),
             *([] if share else [str(r["patrols"])]), ctx.status(r["status"]),
             *([] if place else [str(r.get("places", "") or "")])] for _, r in table.iterrows()]
    first = 3 if place else 2
    return head, rows, {0, *range(first + 1, first + len(years) + 4)}


def _places(ctx):
    head, rows, numeric = _ranked(ctx, ctx.w.places, "place")
    lead = ctx.t["share_lead"].format(m=ctx.m) if ctx.share else ctx.t["places_lead"]
    return _section(ctx.t["h_places"], lead, head, rows, numeric, ctx.t["no_places"],
                    flex=(ctx.t["name"], ctx.t["patrols"]))


def _hotspots(ctx):
    t, hot, info = ctx.t, ctx.w.hotspots, ctx.w.info.get("hotspots", {})
    lead = [t["hot_passed"] if info.get("source") == "passed in" else
            t["hot_found"].format(method=info["method"], cell=f", {ctx.num(info['cell_m'])} m" if info.get(
                "cell_m") else "") if info.get("method") else ""]
    if ctx.share and (hot["total"] < ctx.m).any():
        lead.append(t["hidden"].format(n=int((hot["total"] < ctx.m).sum()), m=ctx.m))
        hot = hot[hot["total"] >= ctx.m]
    head, rows, numeric = _ranked(ctx, hot, "hotspot")
    return _section(t["h_hotspots"], " ".join(x for x in lead if x), head, rows, numeric, t["no_hotspots"],
                    flex=(t["patrols"], t["overlaps"]))


def _patrols(ctx, patrols):
    t, planned = ctx.t, _weekend_patrols(ctx.w, patrols)
    if planned is None:
        return ""
    reach = {}
    for table, kind, ids in ((ctx.w.places, "place", "place_id"), (ctx.w.hotspots, "hotspot", "hotspot_id")):
        for target, listed in zip(table[ids], table["patrols"]):
            for pid in filter(None, (p.strip() for p in str(listed).split(","))):
                reach.setdefault(pid, []).append(_id(kind, target))
    head = [t["patrol"], t["unit"], t["mode"], t["schedule"], t["minutes"], t["reaches"]]
    rows = [[str(r.get("patrol_id", "")), str(r.get("unit", "") or ""), text(str(r.get("mode", "") or ""), ctx.lang),
             str(r.get("schedule", "") or ""), ctx.num(r["window_minutes"]),
             ", ".join(reach.get(str(r.get("patrol_id", "")), [])) or "–"] for _, r in planned.iterrows()]
    flex = (t["unit"], t["schedule"], t["reaches"])
    return _section(t["h_patrols"], t["patrols_lead"], head, rows, {4}, "", flex=flex)


def _windows(ctx):
    t, w, lang = ctx.t, ctx.w, ctx.lang
    per_year = w.info["points"].get("per_year", {})
    rows = [[str(r.year), f"{_when(r.start, lang, year=False)} → {_when(r.end, lang, year=False)}", ctx.num(r.hours),
             ctx.count(per_year.get(f"y{r.year}"))] for r in w.past_windows.itertuples()]
    out = _section(t["h_windows"], "", [t["year"], t["window"], t["hours"], t["points"]], rows, {0, 2, 3},
                   t["no_windows"], "compact", flex=(t["window"],))
    if len(w.windows) > 1:  # events with several windows a year (lönehelg): this year's, one by one
        now = [[str(r.name_en if lang == "en" else r.name), f"{_when(r.start, lang)} → {_when(r.end, lang)}",
                ctx.num(r.hours)] for r in w.windows.itertuples()]
        out = _section(t["h_this_year"].format(year=w.year), "", [t["name"], t["window"], t["hours"]], now, {2}, "",
                       "compact", flex=(t["window"],)) + "\n" + out
    missing = w.info.get("not_covered", [])
    if missing:
        items = "".join(f"<li>{m['year']}: {_e(_translate(m['reason'], lang))}</li>" for m in missing)
        out = out.replace("</section>", f"<div class=\"note\"><b>{_e(t['not_counted'])}</b><ul>{items}</ul>"
                                        "</div></section>")
    return out


def _rules(ctx):
    info, lang = ctx.w.info, ctx.lang
    words = dict(info.get("rules", {}))
    if info.get("presence", {}).get("rule"):
        words["presence"] = info["presence"]["rule"]
    buffer, month = float(info.get("buffer_h", 0)), info.get("month")
    params = {"min_mean": ctx.num(info.get("min_mean", 1), 0 if float(info.get("min_mean", 1)).is_integer() else 1),
              "thin": ctx.num(info.get("thin_minutes", 60)),
              "month": f" vars dag ligger i månad {month}" if month else "",
              "buffer": f", utvidgat med {ctx.num(buffer)} h i båda ändar" if buffer else "",
              "method": (re.findall(r"'([^']+)'", words.get("hotspots", "")) or ["count"])[0]}
    items = []
    for key, english in words.items():
        term, swedish = _RULES.get(key, ((key, key), None))
        sentence = english if lang == "en" or swedish is None else swedish.format(**params)
        items.append(f"<dt>{_e(term[lang == 'en'])}</dt><dd>{_e(sentence)}</dd>")
    notes = [_translate(n, lang) for n in info.get("notes", [])]
    if ctx.share:
        notes.append(ctx.t["share_rule"].format(m=ctx.m))
    notes_html = "<ul class=\"notes\">" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>" if notes else ""
    return f"<section class=\"rules\"><h2>{_e(ctx.t['h_rules'])}</h2><dl>{''.join(items)}</dl>{notes_html}</section>"


# ------------------------------------------------------------------------------------------------ helpers
