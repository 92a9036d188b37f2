"""One promise area over the years: counts with their uncertainty, the change, the trend, profiles, hotspots.

:func:`promise_section` takes the points of a promise's categories (incidents only: complaints have their own
section in the review) and gives:

* ``yoy``: :func:`hotspots.temporal.yearly.year_over_year` (counts per year with the exact Poisson interval,
  the year against the mean of the years before with the exact test, the Mann–Kendall trend);
* ``profile``: the year's hour-of-week (7 × 24) and month (12) profile and its peak windows
  (:func:`hotspots.temporal.profile.temporal_profile`);
* ``hotspots``: hotspots of the year and of the years before (the project's method and cell), each marked
  ``new`` (this year, touching none of before), ``persistent`` (this year, touching one of before) or
  ``faded`` (before, touching none of this year);
* ``places``: points per special place of the promise (within its radius) this year and the mean before.

``spatial`` chooses which points the map, profile and places use: all (internal) or the non-sensitive ones
(share mode: sensitive categories only as municipality totals).
"""

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.defaults import TZ
from hotspots.errors import InputError
from hotspots.find import find_hotspots
from hotspots.temporal.profile import temporal_profile
from hotspots.temporal.yearly import year_over_year

__all__ = ["PromiseSection", "promise_section"]


@dataclass(frozen=True)
class PromiseSection:
    """What :func:`promise_section` returns (see the module docstring)."""

    promise: object
    yoy: object
    n_sensitive_year: int
    week: np.ndarray
    month: np.ndarray
    peak_windows: str
    hotspots: gpd.GeoDataFrame
    places: pd.DataFrame
    info: dict = field(default_factory=dict)


def promise_section(points, promise, year, *, places=None, hotspot_settings=None, tz=TZ, lang="sv",
                    spatial="all", first_year=None, until=None) -> PromiseSection:
    """The review of one promise area (see the module docstring).

    Parameters
    ----------
    points : GeoDataFrame
        The Points contract, every category and source; the promise's incidents are taken from it.
    promise : layers.review.promises.Promise
    year : int
        The year under review.
    places : GeoDataFrame, optional
        Special places (``place_id``, ``name``, ``radius_m``, geometry).
    hotspot_settings : dict, optional
        ``find_hotspots`` settings (method, cell_m, ...).
    tz, lang : str
    spatial : {"all", "non_sensitive"}
    first_year : int, optional
        First year compared (default: the first year of the data).
    until : Timestamp, optional
        The end of the data; inside ``year``, the yearly counts cover the same part of every year
        (:func:`hotspots.temporal.yearly.year_over_year`).

    Returns
    -------
    PromiseSection
    """
    if spatial not in ("all", "non_sensitive"):
        raise InputError(f"spatial must be 'all' or 'non_sensitive', got {spatial!r}")
    mine = points[points["source"].eq("incident") & points["category"].isin(promise.categories)]
    years = pd.to_datetime(mine["start"]).dt.tz_convert(tz).dt.year
    first = first_year if first_year is not None else int(pd.to_datetime(points["start"]).dt.tz_convert(tz)
                                                           .dt.year.min())
    mine, years = mine[(years >= first) & (years <= year)], years[(years >= first) & (years <= year)]
    yoy = year_over_year(mine, year, first_year=first, until=until, tz=tz)
    sens = mine["sensitive"].astype(bool).to_numpy()
    n_sens = int((sens & (years == year).to_numpy()).sum())
    shown = mine[~sens] if spatial == "non_sensitive" else mine
    shown_years = years[~sens] if spatial == "non_sensitive" else years
    this, before = shown[shown_years.eq(year).to_numpy()], shown[shown_years.lt(year).to_numpy()]
    if len(this):
        prof = temporal_profile(this, np.zeros(len(this), int), n_hotspots=0, lang=lang, tz=tz)
        week, month, peak = prof.all_week, prof.all_month, prof.all_peak_windows
    else:
        week, month, peak = np.zeros((7, 24)), np.zeros(12), ""
    hot = _hotspot_change(this, before, hotspot_settings or {}, points.crs)
    n_before = max(1, year - first)
    table = _places(this, before, places, promise, n_before)
    info = {"first_year": first, "n_before_years": year - first, "spatial": spatial,
            "n_this_year": len(this), "n_before": len(before)}
    return PromiseSection(promise, yoy, n_sens, week, month, peak, hot, table, info)


def _find(pts, settings):
    """Hotspots of ``pts`` (empty when there are too few points for the method)."""
    if len(pts) < 3:
        return None
    try:
        return find_hotspots(pts, **settings).hotspots_
    except InputError:
        return None


def _tree(frame):
    return shapely.STRtree(np.asarray(frame.geometry.values, dtype=object))


def _hotspot_change(this, before, settings, crs):
    empty = gpd.GeoDataFrame({"status": [], "n_points": []}, geometry=[], crs=crs)
    now, then = _find(this, settings), _find(before, settings)
    parts = []
    if now is not None and len(now):
        g = np.asarray(now.geometry.values, dtype=object)
        touched = np.zeros(len(g), bool)
        if then is not None and len(then):
            touched[_tree(then).query(g, predicate="intersects")[0]] = True
        parts.append(gpd.GeoDataFrame({"status": np.where(touched, "persistent", "new"),
                                       "n_points": now["n_points"].to_numpy(int)}, geometry=list(g), crs=now.crs))
    if then is not None and len(then):
        g = np.asarray(then.geometry.values, dtype=object)
        touched = np.zeros(len(g), bool)
        if now is not None and len(now):
            touched[_tree(now).query(g, predicate="intersects")[0]] = True
        faded = ~touched
        parts.append(gpd.GeoDataFrame({"status": ["faded"] * int(faded.sum()),
                                       "n_points": then["n_points"].to_numpy(int)[faded]},
                                      geometry=list(g[faded]), crs=then.crs))
    if not parts:
        return empty
    out = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=parts[0].crs)
    order = out["status"].map({"new": 0, "persistent": 1, "faded": 2})
    out = out.assign(_o=order).sort_values(["_o", "n_points"], ascending=[True, False], kind="stable")
    out = out.drop(columns="_o").reset_index(drop=True)
    out.insert(0, "hotspot", [f"H{i + 1}" for i in range(len(out))])
    return out


def _places(this, before, places, promise, n_before):
    cols = ["place_id", "name", "n_year", "mean_before"]
    if places is None or not len(places) or not promise.places:
        return pd.DataFrame(columns=cols)
    pl = places[places["place_id"].astype(str).isin(promise.places)].to_crs(this.crs)
    zone = shapely.buffer(np.asarray(pl.geometry.values, dtype=object), pl["radius_m"].fillna(0).to_numpy(float))
    tree = shapely.STRtree(zone)

    def count(pts):
        if not len(pts):
            return np.zeros(len(pl), int)
        _, idx = tree.query(np.asarray(pts.geometry.values, dtype=object), predicate="intersects")
        return np.bincount(idx, minlength=len(pl))
    return pd.DataFrame({"place_id": pl["place_id"].astype(str).to_numpy(), "name": pl["name"].astype(str).to_numpy(),
                         "n_year": count(this), "mean_before": count(before) / n_before})
