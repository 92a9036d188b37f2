"""The weekend briefing's tables and rule list, as plain data for ``maps/templates/briefing.html.j2``.

:func:`briefing_tables` gives the gaps (with the verdict of each in words, internal briefings only), the
special places, the hotspots, the patrols in the window, this
year's windows (events with several a year) and the earlier windows, each a
:class:`~maps.products.briefing.format.Section` (or None when it has nothing to show), and the rules in
words. The internal briefing's patrol section also proposes short visits for the weekend's own gaps
(:func:`layers.cover.suggest.suggest_visits` on the Weekend: one per gap or thin target, at most
:data:`BRIEFING_VISITS`). :func:`window_patrols` is the patrols with planned minutes in this year's
window(s); the map draws the same patrols.
"""

import re
from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

from hotspots.defaults import TZ
from layers.cover.presence import presence_minutes
from layers.cover.suggest import suggest_visits
from layers.names import hotspot_label
from maps.overlays.common import text
from maps.products.briefing.format import section, target_id
from maps.products.briefing.schedule_words import schedule_words
from maps.products.briefing.text import RULES, translate, verdict_sentence

__all__ = ["BRIEFING_VISITS", "briefing_tables", "window_patrols"]

BRIEFING_VISITS = 8  # proposed visits in a weekend briefing, at most (one per gap or thin target)


def briefing_tables(page, patrols=None) -> dict:
    """The tables of the page.

    Parameters
    ----------
    page : maps.products.briefing.format.Briefing
    patrols : GeoDataFrame, optional
        The patrol plan (internal briefings list the patrols planned in the window).

    Returns
    -------
    dict
        ``gaps``, ``places``, ``hotspots``, ``patrols``, ``this_year``, ``windows``: Section or None;
        ``rules``: list of (term, sentence); ``notes``: list of str.
    """
    rules, notes = _rules(page)
    return {"gaps": _gaps(page), "places": _places(page), "hotspots": _hotspots(page),
            "patrols": None if page.share else _patrols(page, patrols), "this_year": _this_year(page),
            "windows": _windows(page), "rules": rules, "notes": notes}


def window_patrols(weekend, patrols):
    """The patrols with planned minutes in this year's window(s), with those minutes (``window_minutes``)."""
    if patrols is None or not len(patrols):
        return None
    crs = weekend.places.crs
    local = patrols.to_crs(crs)
    everywhere = gpd.GeoSeries([box(*local.total_bounds).buffer(1.0)], crs=crs)
    buffer = pd.Timedelta(hours=float(weekend.info.get("buffer_h", 0)))
    minutes = np.zeros(len(patrols))
    for start, end in zip(weekend.windows["start"] - buffer, weekend.windows["end"] + buffer):
        p = presence_minutes(local, everywhere, start=start, end=end, tz=weekend.info.get("tz", TZ))
        minutes += np.asarray(p.info["patrol_minutes_period"], float)
    keep = minutes > 0
    return patrols.loc[keep].assign(window_minutes=minutes[keep]) if keep.any() else None


def _gaps(page):
    t = page.t
    head = [t["rank"], t["kind"], "id", t["name"], t["total"], t["mean"], t["minutes"], t["covered"], t["status"],
            t["overlaps"]]
    rows = [[str(r.rank), t[r.kind], target_id(r.kind, r.id), str(r.name),
             page.count(r.total), page.mean(r.total, r.mean_per_year), page.num(r.presence_minutes),
             _pct(page, r.risk_covered), page.status(r.status), str(r.places or "")] for r in page.w.gaps.itertuples()]
    out = section(t["h_gaps"], t["gaps_lead"], head, rows, {0, 4, 5, 6, 7}, t["no_gaps"], "gaps",
                  flex=(t["name"], t["overlaps"]))
    if page.share or out is None or not rows:  # the hours of patrols and of few incidents stay internal
        return out
    said = [verdict_sentence(_who(r), r.trouble_hours, r.presence_hours, r.risk_covered, r.status, page.lang)
            for r in page.w.gaps.itertuples()]
    return replace(out, note=(t["in_words"], said))


def _who(row):
    """A gap's name in a sentence: the place's name, or the hotspot's map label and name ("H3 Torget (Kalix)")."""
    return str(row.name) if row.kind == "place" else hotspot_label(row.id, row.name, tag=target_id(row.kind, row.id))


def _pct(page, share):
    return "–" if share is None or pd.isna(share) else f"{page.num(100 * share)} %"


def _visits(page):
    """Proposed visits for the weekend's own gaps, as lines: ``F01 fre 19 juni kl. 22:00–22:15, Töre strand: ...``."""
    w = page.w
    n = min(BRIEFING_VISITS, len(w.gaps))
    if not n or w.slots is None or not len(w.slots["times"]):
        return []
    plan = suggest_visits(w, visits=n, lang=page.lang).plan
    return [f"{r.patrol_id} {r.schedule} ({text(r.mode, page.lang)}, {r.radius_m:g} m): {r.why}"
            for r in plan.itertuples()]


def _ranked(page, table, kind):
    """The places or hotspots table: rank, id, (name), tagged, per year (internal), total, mean, presence, status."""
    t, share = page.t, page.share
    years = [] if share else page.years
    place = kind == "place"
    head = [t["rank"], "id", *([t["name"]] if place else []), t["tag"], *map(str, years), t["total"], t["mean"],
            t["minutes"], *([] if share else [t["patrols"]]), t["status"], *([] if place else [t["overlaps"]])]
    rows = [[str(r["rank"]), target_id(kind, r["place_id" if place else "hotspot_id"]),
             *([str(r["name"])] if place else []), t["yes"] if r["tagged"] else "",
             *(page.count(r[f"y{y}"]) for y in years), page.count(r["total"]),
             page.mean(r["total"], r["mean_per_year"]), page.num(r["presence_minutes"]),
             *([] if share else [str(r["patrols"])]), page.status(r["status"]),
             *([] if place else [str(r.get("places", "") or "")])] for _, r in table.iterrows()]
    first = 3 if place else 2
    return head, rows, {0, *range(first + 1, first + len(years) + 4)}


def _places(page):
    head, rows, numeric = _ranked(page, page.w.places, "place")
    lead = page.t["share_lead"].format(m=page.m) if page.share else page.t["places_lead"]
    return section(page.t["h_places"], lead, head, rows, numeric, page.t["no_places"],
                   flex=(page.t["name"], page.t["patrols"]))


def _hotspots(page):
    t, hot, info = page.t, page.w.hotspots, page.w.info.get("hotspots", {})
    cell = f", {page.num(info['cell_m'])} m" if info.get("cell_m") else ""
    lead = [t["hot_passed"] if info.get("source") == "passed in" else
            t["hot_found"].format(method=info["method"], cell=cell) if info.get("method") else ""]
    if "n_imprecise_left_out" in info:  # issue 13.7: say what the spatial method did not see
        lead.append(t["imprecise"].format(n=page.count(info["n_imprecise_left_out"])))
    if page.share and (hot["total"] < page.m).any():
        lead.append(t["hidden"].format(n=int((hot["total"] < page.m).sum()), m=page.m))
        hot = hot[hot["total"] >= page.m]
    head, rows, numeric = _ranked(page, hot, "hotspot")
    return section(t["h_hotspots"], " ".join(x for x in lead if x), head, rows, numeric, t["no_hotspots"],
                   flex=(t["patrols"], t["overlaps"]))


def _patrols(page, patrols):
    t, planned = page.t, window_patrols(page.w, patrols)
    visits = _visits(page)
    note = (t["visits_note"].format(m=BRIEFING_VISITS), visits) if visits else None
    if planned is None:
        empty = section(t["h_patrols"], "", [t["patrol"]], [], set(), t["no_patrols"])
        return replace(empty, note=note) if note else None
    reach = {}
    for table, kind, ids in ((page.w.places, "place", "place_id"), (page.w.hotspots, "hotspot", "hotspot_id")):
        for target, listed in zip(table[ids], table["patrols"]):
            for pid in filter(None, (p.strip() for p in str(listed).split(","))):
                reach.setdefault(pid, []).append(target_id(kind, target))
    head = [t["patrol"], t["unit"], t["mode"], t["schedule"], t["minutes"], t["reaches"]]
    rows = [[str(r.get("patrol_id", "")), str(r.get("unit", "") or ""), text(str(r.get("mode", "") or ""), page.lang),
             schedule_words(r.get("schedule", "") or "", page.lang), page.num(r["window_minutes"]),
             ", ".join(reach.get(str(r.get("patrol_id", "")), [])) or "–"] for _, r in planned.iterrows()]
    out = section(t["h_patrols"], t["patrols_lead"], head, rows, {4}, "", flex=(t["unit"], t["schedule"],
                                                                                  t["reaches"]))
    return replace(out, note=note) if note else out


def _this_year(page):
    """Events with several windows a year (lönehelg): this year's, one by one."""
    t, w = page.t, page.w
    if len(w.windows) < 2:
        return None
    rows = [[str(r.name_en if page.lang == "en" else r.name), f"{page.when(r.start)} → {page.when(r.end)}",
             page.num(r.hours)] for r in w.windows.itertuples()]
    return section(t["h_this_year"].format(year=w.year), "", [t["name"], t["window"], t["hours"]], rows, {2}, "",
                   "compact", flex=(t["window"],))


def _windows(page):
    """The same weekend in earlier years, and the years not counted (no data) below it."""
    t, w = page.t, page.w
    per_year = w.info["points"].get("per_year", {})
    per = [] if page.share else [t["points"]]  # share mode: no counts per year
    rows = [[str(r.year), f"{page.when(r.start, year=False)} → {page.when(r.end, year=False)}", page.num(r.hours),
             *([] if page.share else [page.count(per_year.get(f"y{r.year}"))])] for r in w.past_windows.itertuples()]
    out = section(t["h_windows"], "", [t["year"], t["window"], t["hours"], *per], rows, {0, 2, 3},
                  t["no_windows"], "compact", flex=(t["window"],))
    missing = w.info.get("not_covered", [])
    if not missing:
        return out
    items = [f"{m['year']}: {translate(m['reason'], page.lang)}" for m in missing]
    return replace(out, note=(t["not_counted"], items))


def _rules(page):
    """The rules in words, as (term, sentence), and the notes below them."""
    info, lang = page.w.info, page.lang
    sentences = dict(info.get("rules", {}))
    if info.get("presence", {}).get("rule"):
        sentences["presence"] = info["presence"]["rule"]
    buffer, month = float(info.get("buffer_h", 0)), info.get("month")
    min_mean = float(info.get("min_mean", 1))
    params = {"min_mean": page.num(min_mean, 0 if min_mean.is_integer() else 1),
              "covered": f"{page.num(100 * info.get('covered_at', 0.8))} %",
              "thin": f"{page.num(100 * info.get('thin_at', 0.3))} %",
              "month": f" vars dag ligger i månad {month}" if month else "",
              "buffer": f", utvidgat med {page.num(buffer)} h i båda ändar" if buffer else "",
              "method": (re.findall(r"'([^']+)'", sentences.get("hotspots", "")) or ["count"])[0]}
    items = []
    for key, english in sentences.items():
        term, swedish = RULES.get(key, ((key, key), None))
        items.append((term[lang == "en"], english if lang == "en" or swedish is None else swedish.format(**params)))
    notes = [translate(n, lang) for n in info.get("notes", [])]
    if page.share:
        notes.append(page.t["share_rule"].format(m=page.m))
    return items, notes
