"""Presence planned and delivered against risk, per target (hotspot or special place), over one year.

For each target (an area: a hotspot polygon, or a special place buffered by its radius):

* **risk**: the year's incidents in the target, their peak windows (:func:`hotspots.temporal.profile.temporal_profile`);
* **planned**: the weekly windows of the patrol plan that reach it (:func:`layers.cover.presence.presence_minutes`), in
  words (``fre 22–02``), and ``planned_share``: the share of the year's incidents at the target whose
  hour of the week has planned presence; its verdict follows :func:`layers.cover.verdict.coverage_status`;
* **delivered**: minutes of GPS tracks and patrol reports at the target in the year (:mod:`layers.cover.delivered`),
  the number of occasions (merged spans), the last three spans in words (``fre 7/11 22:10–23:05``), and
  ``delivered_share``: the share of the year's incidents at the target that happened while someone was there.

So a row reads "Torget: planerat fre 22–02, utfört fre 22:10–23:05, bråken fre 23–03".
"""

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots.defaults import COVERED_AT, THIN_AT, TZ
from hotspots.temporal.profile import temporal_profile
from hotspots.temporal.weekhours import format_window, hour_of_week
from hotspots.words import WEEKDAYS
from layers.cover.delivered import delivered_minutes
from layers.cover.presence import presence_minutes
from layers.cover.verdict import coverage_status

__all__ = ["presence_review"]


def presence_review(targets, points, year, *, patrols=None, delivered=None, tz=TZ, lang="sv",
                    covered_at=COVERED_AT, thin_at=THIN_AT) -> pd.DataFrame:
    """Planned, delivered and risk per target over ``year`` (see the module docstring).

    Parameters
    ----------
    targets : GeoDataFrame
        ``target`` (a label) and polygon ``geometry`` in a metric CRS.
    points : GeoDataFrame
        The incidents of the year (Points contract).
    year : int
    patrols : GeoDataFrame, optional
        The Patrol plan (:func:`layers.plans.patrols.read_patrols`).
    delivered : GeoDataFrame, optional
        Pieces of delivered presence (``geometry``, ``radius_m``, ``start``, ``end``, ``unit``).
    tz, lang : str
    covered_at, thin_at : float
        Verdict thresholds on ``planned_share``.

    Returns
    -------
    DataFrame
        ``target``, ``n_year``, ``risk_windows``, ``planned_windows``, ``planned_min_week``, ``planned_share``,
        ``status``, ``delivered_min``, ``occasions``, ``delivered_spans``, ``delivered_share``.
    """
    t0 = pd.Timestamp(f"{year}-01-01", tz=tz)
    t1 = pd.Timestamp(f"{year + 1}-01-01", tz=tz)
    geoms = targets.geometry.reset_index(drop=True)
    n = len(geoms)
    pts = points.to_crs(geoms.crs) if points.crs != geoms.crs else points
    which = _which(pts, geoms)
    inside = which >= 0
    counts = np.bincount(which[inside], minlength=n)
    prof = temporal_profile(pts[inside], which[inside] + 1, n_hotspots=n, lang=lang, tz=tz) if inside.any() else None
    risk = prof.peak_windows if prof is not None else [""] * n
    hours = np.floor(hour_of_week(pts["start"], tz)).astype(int) % 168
    planned_words, planned_week, planned_share = [""] * n, np.zeros(n), np.full(n, np.nan)
    if patrols is not None and len(patrols):
        pres = presence_minutes(patrols, geoms, tz=tz)
        planned_week = pres.weekly.sum(axis=1)
        planned_words = [_windows(row > 0, lang) for row in pres.weekly]
        hit = pres.weekly[np.where(inside, which, 0), hours] > 0
        planned_share = _share(hit & inside, which, n, counts)
    d_min, occasions, spans, d_share = np.zeros(n), np.zeros(n, int), [""] * n, np.full(n, np.nan)
    if delivered is not None and len(delivered):
        out = delivered_minutes(delivered, geoms, start=t0, end=t1)
        d_min = out.minutes
        occasions = np.array([len(s) for s in out.spans], int)
        spans = [", ".join(_span(s, e, lang) for s, e in s_list[-3:]) for s_list in out.spans]
        d_share = _share(_during(pts["start"], which, out.spans), which, n, counts)
    status = coverage_status(planned_share, trouble=counts > 0, covered_at=covered_at, thin_at=thin_at)
    return pd.DataFrame({"target": targets["target"].astype(str).to_numpy(), "n_year": counts,
                         "risk_windows": risk, "planned_windows": planned_words, "planned_min_week": planned_week,
                         "planned_share": planned_share, "status": status, "delivered_min": np.round(d_min, 1),
                         "occasions": occasions, "delivered_spans": spans, "delivered_share": d_share})


def _which(pts, geoms) -> np.ndarray:
    """The first target each point lies in, or -1."""
    out = np.full(len(pts), -1)
    if not len(pts) or not len(geoms):
        return out
    p, t = gpd.GeoSeries(geoms).sindex.query(pts.geometry.reset_index(drop=True), predicate="intersects")
    first = pd.Series(t).groupby(p).min()
    out[first.index.to_numpy()] = first.to_numpy()
    return out


def _during(starts, which, spans) -> np.ndarray:
    """Whether each point started while its target had delivered presence (spans are merged and sorted)."""
    t = pd.DatetimeIndex(starts).as_unit("ns").asi8
    out = np.zeros(len(t), bool)
    for target, pieces in enumerate(spans):  # per target (a few dozen), vectorised over its points
        rows = np.flatnonzero(which == target)
        if not len(pieces) or not len(rows):
            continue
        s = pd.DatetimeIndex([a for a, _ in pieces]).as_unit("ns").asi8
        e = pd.DatetimeIndex([b for _, b in pieces]).as_unit("ns").asi8
        k = np.searchsorted(s, t[rows], side="right") - 1
        out[rows] = (k >= 0) & (t[rows] < e[np.maximum(k, 0)])
    return out


def _share(hit, which, n, counts):
    inside = which >= 0
    num = np.bincount(which[inside], weights=hit[inside].astype(float), minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, num / np.maximum(counts, 1), np.nan)


def _windows(mask, lang) -> str:
    """Runs of hours with presence in words (``fre 22–02, lör 22–02``)."""
    if not mask.any():
        return ""
    if mask.all():
        return format_window(0, 168, lang)
    start = int(np.flatnonzero(~mask)[0])
    rolled = np.roll(mask, -start)
    edges = np.flatnonzero(np.diff(np.r_[0, rolled.astype(int), 0]))
    return ", ".join(format_window(start + a, start + b, lang) for a, b in zip(edges[::2], edges[1::2]))


def _span(s, e, lang) -> str:
    day = WEEKDAYS[lang][s.day_of_week]
    return f"{day} {s.day}/{s.month} {s:%H:%M}–{e:%H:%M}"
