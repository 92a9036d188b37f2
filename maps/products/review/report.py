"""The yearly lägesbild for the BRÅ meeting: one printable, self-contained HTML report (and its workbook).

``yearly_review(data)`` renders a :class:`maps.products.review.tables.ReviewData` with the jinja2 template
``maps/templates/review.html.j2`` (autoescape on): the advice first ("what the data suggest for next year's
promises", :func:`maps.products.review.text.advice`), then per promise area the year against the years before
(counts with exact Poisson intervals, the change test, the trend), the hour-of-week and month profiles, the map
of hotspots marked new, persistent and faded, the promise's special places; presence planned and delivered
against risk; every special weekend of the year; the places residents call unsafe against the hotspots; and on
its last page the data (files, rows read, used and rejected, period, time zone) and the method.

The figures are static inline SVG (:mod:`maps.products.review.svg`): no script, no network, the same bytes for
the same data. **Share mode** shows the tables of :func:`review_tables` in share form, no exact-count figures
(years, week, months charts), the map only with hotspots of at least ``min_count`` points and no places, and
must pass :func:`maps.share.privacy.check_share_html`, else :class:`InputError` names what broke the rules.
"""

import numpy as np
import pandas as pd

from hotspots.errors import InputError
from maps.labels import label
from maps.products.render import render
from maps.products.review.svg import STATUS_STYLE, review_figure
from maps.products.review.tables import review_tables, share_name
from maps.products.review.text import WORDS, advice
from maps.share.coarse import publish_count
from maps.share.privacy import check_share_html

__all__ = ["yearly_review"]


def yearly_review(data, *, lang="sv", share=False, min_count=5, places=None) -> str:
    """The review page (see the module docstring).

    Parameters
    ----------
    data : ReviewData
    lang : {"sv", "en"}
    share : bool
    min_count : int
        Smallest count a shared page shows.
    places : GeoDataFrame, optional
        Special places, drawn on the internal maps.

    Returns
    -------
    str
        One self-contained HTML page.

    Raises
    ------
    InputError
        A bad ``lang``, or (share mode) a page that breaks the share rules.
    """
    if lang not in WORDS:
        raise InputError(f"lang must be 'sv' or 'en', got {lang!r}.")
    t = WORDS[lang]
    tables = review_tables(data, lang=lang, share=share, min_count=min_count)
    promises = [_promise(sec, i, tables, t, lang, share, min_count, places)
                for i, sec in enumerate(data.sections, start=1)]
    years = list(range(data.first_year, data.year))
    compared = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else t["none"])
    items = advice(data.sections, data.presence, data.weekends, data.unsafe, year=data.year, lang=lang, share=share)
    if share:
        items = [_share_item(item, data.sections, lang) for item in items]
    html = render("review.html.j2", lang=lang, t=t, year=data.year, compared=compared, share=share,
                  mode=t["share"] if share else t["internal"], mode_class="share" if share else "internal",
                  synthetic=data.synthetic, kicker=data.title or t["kicker"],
                  share_note=t["share_note"].format(k=min_count), advice=items, promises=promises,
                  legend=[(k, v[0]) for k, v in STATUS_STYLE.items()], presence=_rows(tables["presence"]),
                  presence_lines=[] if share else _presence_lines(data.presence, t),
                  weekends=_rows(tables["weekends"]), unsafe=_rows(tables["unsafe"]),
                  overlap=_pct(data.overlap, lang, t), data=_rows(tables["data"]),
                  period=f"{data.period[0]} – {data.period[1]}", tz=data.tz, method=data.method)
    if share:
        problems = check_share_html(html, min_count=min_count)
        if problems:
            raise InputError("the shareable review breaks the share rules: " + "; ".join(problems)
                             + ". Write the internal review instead, or leave out what is named.")
    return html


def _promise(sec, number, tables, t, lang, share, min_count, places):
    k, p = sec.promise.key, sec.promise
    change, trend = sec.yoy.change, sec.yoy.trend
    verdict = t["verdict"][change["verdict"]]
    if not share and change["ratio"] is not None and np.isfinite(change["ratio"]):
        verdict += (f" ({t['ratio']} {_num(change['ratio'], lang, 2)}, 95 %: {_num(change['ratio_low'], lang, 2)}–"
                    f"{_num(change['ratio_high'], lang, 2)}; p {_p(change['p'], lang)}; "
                    f"{t['mean_before']} {_num(change['baseline_mean'], lang, 1)})")
    if change.get("until"):
        last_day = pd.Timestamp(change["until"]) - pd.Timedelta(days=1)
        verdict += " " + t["partial_year"].format(until=f"{last_day:%Y-%m-%d}")
    trend_text = t["trend_words"].get(trend["trend"], trend["trend"])
    if not share and trend["p"] is not None:
        trend_text += f" (p {_p(trend['p'], lang)}, {trend['n_years']} {'år' if lang == 'sv' else 'years'})"
    hot = sec.hotspots
    if share and len(hot):
        hot = hot[hot["n_points"] >= min_count]
    sensitive = ""
    if sec.n_sensitive_year or any(c in ("domestic", "sexual") for c in p.categories):
        shown = publish_count(sec.n_sensitive_year, key=f"{k}:sensitive", min_count=min_count) if share \
            else sec.n_sensitive_year
        sensitive = shown if shown is not None else t["suppressed"].format(k=min_count)
    return {"key": k, "name": share_name(p, lang, number) if share else p.label(lang),
            "direction": t["direction"][p.direction],
            "categories": "" if share else ", ".join(label(c, lang) for c in p.categories),
            "years": _rows(tables[f"years_{k}"]), "verdict": verdict, "trend": trend_text,
            "years_svg": "" if share else review_figure("years", sec.yoy.table, lang=lang),
            "peaks": sec.peak_windows or t["none"], "week_svg": "" if share else review_figure("week", sec.week,
                                                                                              lang=lang),
            "months_svg": "" if share else review_figure("months", sec.month, lang=lang),
            "months": _rows(tables[f"months_{k}"]),
            "map_svg": review_figure("map", hot, places=None if share else _places_of(places, p), lang=lang),
            "hotspots": _rows(tables[f"hotspots_{k}"]), "places": _rows(tables[f"places_{k}"]),
            "sensitive": sensitive}


def _places_of(places, promise):
    if places is None or not len(places) or not promise.places:
        return None
    return places[places["place_id"].astype(str).isin(promise.places)]


def _presence_lines(frame, t):
    """'Torget: planerat fre 22–02, utfört fre 7/11 22:10–23:05, bråken fre 21–03' for the places with all three."""
    if frame is None or not len(frame):
        return []
    rows = frame[(frame["delivered_spans"] != "") & (frame["n_year"] > 0)]
    return [f"{r.target}: {t['planned'].lower()} {r.planned_windows or t['none']}, {t['delivered'].lower()} "
            f"{r.delivered_spans}, {t['risk'].lower()} {r.risk_windows}" for r in rows.itertuples()][:6]


def _share_item(item, sections, lang):
    """An advice item for a shared page: the promise named by its share name."""
    for i, sec in enumerate(sections, start=1):
        item = item.replace(sec.promise.label(lang), share_name(sec.promise, lang, i))
    return item


def _rows(frame):
    if frame is None or not len(frame):
        return {"head": [], "rows": []}
    return {"head": [str(c) for c in frame.columns],
            "rows": [[_cell(v) for v in row] for row in frame.itertuples(index=False)]}


def _cell(v):
    if isinstance(v, (np.integer,)):
        return int(v)
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "–"
    return v


def _num(v, lang, decimals):
    text = f"{float(v):,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",") if lang == "sv" else text


def _p(p, lang):
    """``= 0,042`` or ``< 0,001``."""
    return f"< {_num(0.001, lang, 3)}" if p < 0.001 else f"= {_num(p, lang, 3)}"


def _pct(x, lang, t):
    if x is None or pd.isna(x):
        return t["none"]
    return f"{_num(100 * x, lang, 0)} %"
