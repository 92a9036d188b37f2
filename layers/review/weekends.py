"""Every special weekend of a year in review: trouble against earlier years, presence planned and delivered.

For each event key (the promises' events and those the special places are tagged with), over the event's
window(s) of the year (:func:`layers.calendar.event_windows`):

* ``n_year``: incidents in the window(s); ``mean_before``: the mean over the same event's windows in the years
  before; ``verdict`` from :func:`hotspots.temporal.poisson.compare_counts` (increase/decrease only beyond chance).
  When the data end inside this year's window (Nyårsafton runs into the next year), every year is counted only
  over the same first part of its window (``partial`` is true), so a cut-off night is not called a decrease;
* at the places tagged with the event (areas: geometry buffered by ``radius_m``): ``n_places`` incidents there,
  ``planned_min`` (the patrol plan's minutes reaching them in the window,
  :func:`layers.cover.presence.presence_minutes`)
  and ``delivered_min`` (tracks and reports, :func:`layers.cover.delivered.delivered_minutes`).
"""

import numpy as np
import pandas as pd
import shapely

from hotspots.defaults import TZ
from hotspots.temporal.poisson import compare_counts
from layers.calendar import event_windows
from layers.cover.delivered import delivered_minutes
from layers.cover.presence import presence_minutes

__all__ = ["weekend_review"]


def weekend_review(points, year, keys, *, first_year, places=None, patrols=None, delivered=None, local_events=None,
                   calendar=None, data_end=None, tz=TZ, lang="sv") -> pd.DataFrame:
    """One row per event key of ``keys`` that has a window in ``year`` (see the module docstring).

    Parameters
    ----------
    points : GeoDataFrame
        The incidents (Points contract), every year.
    year : int
    keys : sequence of str
        Event keys, in the order to show.
    first_year : int
        First earlier year compared.
    places, patrols, delivered : GeoDataFrame, optional
        Special places, the Patrol plan, pieces of delivered presence.
    local_events, calendar : optional
        The project's ``[[events]]`` and ``[calendar]``.
    data_end : Timestamp, optional
        The end of the data (default: the last start time of ``points``).
    tz, lang : str

    Returns
    -------
    DataFrame
        ``key``, ``name``, ``window`` (first start → last end in words), ``n_year``, ``mean_before``, ``ratio``,
        ``p``, ``verdict``, ``partial``, ``places`` (names), ``n_places``, ``planned_min``, ``delivered_min``.
    """
    wins = {y: event_windows(y, local_events=local_events, overrides=calendar, tz=tz)
            for y in range(first_year, year + 1)}
    starts = pd.DatetimeIndex(points["start"]).tz_convert(tz)
    data_end = pd.Timestamp(data_end) if data_end is not None else (starts.max() if len(starts) else None)
    rows = []
    for key in dict.fromkeys(keys):
        now = wins[year][wins[year]["key"].eq(key)]
        if not len(now):
            continue
        cut = None
        if data_end is not None and now["end"].max() > data_end:
            cut = max(data_end - now["start"].min(), pd.Timedelta(0))
        n_year = _count(starts, now, cut)
        before = [_count(starts, wins[y][wins[y]["key"].eq(key)], cut) for y in range(first_year, year)]
        test = compare_counts(n_year, sum(before), len(before))
        tagged = _tagged(places, key)
        area = shapely.buffer(np.asarray(tagged.geometry.values, dtype=object),
                              tagged["radius_m"].fillna(0).to_numpy(float)) if len(tagged) else np.array([])
        n_places = planned = done = 0
        if len(tagged):
            in_win = _in(starts, now)
            pts = points[in_win]
            hit = shapely.STRtree(area).query(np.asarray(pts.geometry.values, dtype=object), predicate="intersects")[0]
            n_places = len(np.unique(hit))
            targets = tagged.assign(geometry=list(area)).geometry
            for s, e in zip(now["start"], now["end"]):
                if patrols is not None and len(patrols):
                    pres = presence_minutes(patrols, targets, start=s, end=e, tz=tz)
                    planned += float(pres.slots.sum())
                if delivered is not None and len(delivered):
                    done += float(delivered_minutes(delivered, targets, start=s, end=e).minutes.sum())
        name_col = "name_en" if lang == "en" else "name"
        name = str(now[name_col].iloc[0]) if name_col in now.columns and pd.notna(now[name_col].iloc[0]) \
            else str(now["name"].iloc[0])
        rows.append({"key": key, "name": name, "window": _window(now, lang), "n_year": n_year,
                     "mean_before": (sum(before) / len(before)) if before else np.nan, "ratio": test["ratio"],
                     "p": test["p"], "verdict": test["verdict"], "partial": cut is not None,
                     "places": ", ".join(tagged["name"].astype(str)),
                     "n_places": n_places, "planned_min": round(planned, 1), "delivered_min": round(done, 1)})
    rows.sort(key=lambda r: r["window"])  # in the order of the year (the window starts with its ISO date)
    return pd.DataFrame(rows, columns=["key", "name", "window", "n_year", "mean_before", "ratio", "p", "verdict",
                                       "partial", "places", "n_places", "planned_min", "delivered_min"])


def _in(starts, windows, cut=None) -> np.ndarray:
    """Starts inside any window (only its first ``cut`` after the first window's start, when given)."""
    out = np.zeros(len(starts), bool)
    first = windows["start"].min() if len(windows) else None
    for s, e in zip(windows["start"], windows["end"]):
        if cut is not None:
            e = min(e, first + cut)
        out |= np.asarray((starts >= s) & (starts < e))
    return out


def _count(starts, windows, cut=None) -> int:
    return int(_in(starts, windows, cut).sum())


def _tagged(places, key):
    if places is None or not len(places):
        return places.iloc[0:0] if places is not None else pd.DataFrame(columns=["name", "radius_m", "geometry"])
    return places[places["events"].map(lambda ev: key in (ev or ()))].reset_index(drop=True)


def _window(windows, lang) -> str:
    s, e = windows["start"].min(), windows["end"].max()
    return f"{s:%Y-%m-%d %H:%M} – {e:%Y-%m-%d %H:%M}"
