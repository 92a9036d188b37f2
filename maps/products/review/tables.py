"""The tables behind every figure of the yearly review, as shown: the page prints them, the workbook holds them.

:func:`review_tables` takes the gathered :class:`ReviewData` and gives one DataFrame per table with display
headers. Internal: exact counts, intervals, ratios, p-values, planned windows and delivered times. Share mode
(:mod:`maps.share.privacy` rules): every count through :func:`maps.share.coarse.publish_count` (classes; below
``min_count`` shown as ``< k``), no intervals, ratios or p-values (they give the exact count back), no patrol
times, units or minutes, hotspots and areas below ``min_count`` left out, sensitive categories only as the
municipality total, promise names from ``name_share`` (never naming a sensitive category).
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hotspots.words import MONTHS
from maps.labels import label
from maps.products.briefing.format import format_number
from maps.products.review.text import WORDS
from maps.share.coarse import publish_count

__all__ = ["ReviewData", "review_tables", "share_name"]

_SENSITIVE = ("domestic", "sexual")


@dataclass
class ReviewData:
    """Everything the review shows, gathered by :mod:`maps.cli.commands.review` (or a notebook)."""

    year: int
    first_year: int
    sections: list  # layers.review.promise.PromiseSection per promise
    presence: pd.DataFrame | None
    weekends: pd.DataFrame | None
    unsafe: object  # GeoDataFrame of areas
    overlap: float
    sources: list  # dicts: what, files, rows_read, rows_used, rows_rejected
    period: tuple  # (first start, last start) as text
    tz: str
    method: str
    title: str = ""
    synthetic: bool = False
    boundary: object = None
    info: dict = field(default_factory=dict)


def review_tables(data, *, lang="sv", share=False, min_count=5) -> dict:
    """``{name: DataFrame}`` of every table of the review, as shown (see the module docstring).

    Keys: ``years_<key>`` and ``places_<key>`` and ``hotspots_<key>`` and ``months_<key>`` per promise,
    ``presence``, ``weekends``, ``unsafe``, ``data``.
    """
    t = WORDS[lang]
    out = {}

    def n(value, key):
        if not share:
            return int(value)
        shown = publish_count(int(value), key=key, min_count=min_count)
        return shown if shown is not None else t["suppressed"].format(k=min_count)
    for sec in data.sections:
        k = sec.promise.key
        years = sec.yoy.table
        rows = {t["year"]: years["year"].astype(int).tolist(),
                t["count"]: [n(v, f"{k}:{y}") for v, y in zip(years["count"], years["year"])]}
        if not share:
            rows[t["interval"]] = [f"{format_number(lo, lang, 1)}–{format_number(hi, lang, 1)}"
                                   for lo, hi in zip(years["low"], years["high"])]
        out[f"years_{k}"] = pd.DataFrame(rows)
        months = sec.month
        out[f"months_{k}"] = pd.DataFrame({t["months"]: list(MONTHS[lang]),
                                           t["count"]: [n(round(v), f"{k}:m{m}") for m, v in enumerate(months, 1)]})
        hot = sec.hotspots
        if share and len(hot):
            hot = hot[hot["n_points"] >= min_count]
        out[f"hotspots_{k}"] = pd.DataFrame({t["hotspot"]: hot["hotspot"].tolist() if len(hot) else [],
                                             t["kind"]: [t["status"][s] for s in hot["status"]] if len(hot) else [],
                                             t["count"]: [n(v, f"{k}:h:{h}") for v, h in
                                                          zip(hot["n_points"], hot["hotspot"])] if len(hot) else []})
        pl = sec.places
        rows = {t["place"]: pl["name"].tolist(), t["n_year"]: [n(v, f"{k}:p:{p}") for v, p in
                                                              zip(pl["n_year"], pl["place_id"])]}
        if not share:
            rows[t["mean_before"]] = [format_number(v, lang, 1) for v in pl["mean_before"]]
        out[f"places_{k}"] = pd.DataFrame(rows)
    out["presence"] = _presence(data.presence, t, n, share, lang, min_count)
    out["weekends"] = _weekends(data.weekends, t, n, share, lang)
    out["unsafe"] = _unsafe(data.unsafe, t, n, share, min_count)
    out["data"] = pd.DataFrame([{t["what"]: t["inputs"].get(s["what"], s["what"]),
                                 t["files"]: (", ".join(s["files"]) if not share or s["what"] in
                                              ("incidents", "complaints", "places") else t["none"]),
                                 t["rows_read"]: n(s["rows_read"], f"rows:{s['what']}:read"),
                                 t["rows_used"]: n(s["rows_used"], f"rows:{s['what']}:used"),
                                 t["rows_rejected"]: n(s["rows_rejected"], f"rows:{s['what']}:rej")}
                                for s in data.sources])
    return out


def share_name(promise, lang, number):
    """The promise's name for a shared product: ``name_share``, or a neutral name when the name names a
    sensitive category."""
    name = promise.label(lang, share=True)
    words = {w.casefold() for k in _SENSITIVE for w in (k, label(k, "sv"), label(k, "en"))}
    if any(w in name.casefold() for w in words):
        return f"{WORDS[lang]['promise']} {number}"
    return name


def _presence(frame, t, n, share, lang, min_count):
    if frame is None or not len(frame):
        return pd.DataFrame()
    f = frame
    if share:
        f = f[f["n_year"] >= min_count]
    rows = {t["target"]: f["target"].tolist(), t["n_year"]: [n(v, f"pres:{x}") for v, x in
                                                            zip(f["n_year"], f["target"])],
            t["risk"]: f["risk_windows"].tolist()}
    if not share:
        rows[t["planned"]] = f["planned_windows"].replace("", t["none"]).tolist()
        rows[t["share_planned"]] = [_pct(v, lang) for v in f["planned_share"]]
        rows[t["delivered"]] = [f"{format_number(m, lang)} {t['minutes']}, {o} {t['occasions']}" +
                                (f": {s}" if s else "") for m, o, s in
                                zip(f["delivered_min"], f["occasions"], f["delivered_spans"])]
        rows[t["share_delivered"]] = [_pct(v, lang) for v in f["delivered_share"]]
    rows[t["verdict_col"]] = [t["cov"].get(s, s) for s in f["status"]]
    return pd.DataFrame(rows)


def _weekends(frame, t, n, share, lang):
    if frame is None or not len(frame):
        return pd.DataFrame()
    rows = {t["event"]: frame["name"].tolist(), t["window"]: frame["window"].tolist(),
            t["n_year"]: [n(v, f"wk:{k}") for v, k in zip(frame["n_year"], frame["key"])]}
    if not share:
        rows[t["mean_before"]] = [format_number(v, lang, 1) for v in frame["mean_before"]]
        rows[t["ratio"]] = [format_number(v, lang, 2) if v is not None and np.isfinite(v) else t["none"]
                            for v in frame["ratio"]]
        rows[t["p"]] = [t["none"] if v is None else ("< " + format_number(0.001, lang, 3) if v < 0.001 else
                                                    format_number(v, lang, 3)) for v in frame["p"]]
    rows[t["change"]] = [t["verdict"][v] + (f" ({t['partial']})" if p else "")
                         for v, p in zip(frame["verdict"], frame["partial"])]
    rows[t["places"]] = frame["places"].tolist()
    rows[t["n_places"]] = [n(v, f"wkp:{k}") for v, k in zip(frame["n_places"], frame["key"])]
    if not share:
        rows[t["planned_min"]] = [format_number(v, lang) for v in frame["planned_min"]]
        rows[t["delivered_min"]] = [format_number(v, lang) for v in frame["delivered_min"]]
    return pd.DataFrame(rows)


def _unsafe(areas, t, n, share, min_count):
    if areas is None or not len(areas):
        return pd.DataFrame()
    a = areas
    if share:
        a = a[(a["n_complaints"] + a["n_incidents"]) >= min_count]
    return pd.DataFrame({t["area"]: a["area"].tolist(), t["kind"]: [t["kinds"][k] for k in a["kind"]],
                         t["near"]: a["near"].tolist(),
                         t["n_complaints"]: [n(v, f"u:c:{x}") for v, x in zip(a["n_complaints"], a["area"])],
                         t["n_incidents"]: [n(v, f"u:i:{x}") for v, x in zip(a["n_incidents"], a["area"])]})


def _pct(x, lang):
    if x is None or not np.isfinite(x):
        return "–"
    return f"{format_number(100 * x, lang)} %"
