"""Places residents name as unsafe against where incidents happen, over one year.

The complaints (trygghetsvandring, medborgardialog, felanmälan, the survey's map questions) and the incidents
of the year each get their hotspots with the same method and cell (:func:`hotspots.find.find_hotspots`). A
complaint hotspot that touches an incident hotspot is ``both``; the others are ``named_only`` (people name it,
few incidents are reported there) and ``incidents_only`` (incidents, nobody names it). Each area is labelled by
the nearest special place within ``near_m``, else by its number. ``overlap`` is the share of complaint
hotspots that touch an incident hotspot.
"""

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.errors import InputError
from hotspots.find import find_hotspots

__all__ = ["unsafe_review"]


def unsafe_review(complaints, incidents, *, places=None, hotspot_settings=None, near_m=400.0):
    """Complaint hotspots against incident hotspots (see the module docstring).

    Parameters
    ----------
    complaints, incidents : GeoDataFrame
        Points of the year (Points contract).
    places : GeoDataFrame, optional
        Special places, to name the areas.
    hotspot_settings : dict, optional
        ``find_hotspots`` settings.
    near_m : float
        How near a special place must be to name an area.

    Returns
    -------
    tuple
        ``(areas, overlap)``: a GeoDataFrame (``area``, ``kind``, ``n_complaints``, ``n_incidents``, ``near``,
        geometry) and the share of complaint hotspots touching an incident hotspot (NaN without any).
    """
    settings = hotspot_settings or {}
    named, hot = _find(complaints, settings), _find(incidents, settings)
    crs = incidents.crs
    parts = []
    if len(named):
        touch = _touches(named, hot)
        parts.append(gpd.GeoDataFrame({"kind": np.where(touch, "both", "named_only")}, geometry=list(named), crs=crs))
    if len(hot):
        touch = _touches(hot, named)
        parts.append(gpd.GeoDataFrame({"kind": ["incidents_only"] * int((~touch).sum())}, geometry=list(hot[~touch]),
                                      crs=crs))
    if not parts:
        return gpd.GeoDataFrame({"area": [], "kind": [], "n_complaints": [], "n_incidents": [], "near": []},
                                geometry=[], crs=crs), float("nan")
    areas = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=crs)
    areas["n_complaints"] = _count(areas, complaints)
    areas["n_incidents"] = _count(areas, incidents)
    areas["near"] = _near(areas, places, near_m)
    order = areas["kind"].map({"both": 0, "named_only": 1, "incidents_only": 2})
    areas = areas.assign(_o=order, _n=areas["n_complaints"] + areas["n_incidents"])
    areas = areas.sort_values(["_o", "_n"], ascending=[True, False], kind="stable").drop(columns=["_o", "_n"])
    areas.insert(0, "area", [f"T{i + 1}" for i in range(len(areas))])
    overlap = float(np.mean(_touches(named, hot))) if len(named) else float("nan")
    return areas.reset_index(drop=True), overlap


def _find(pts, settings):
    if len(pts) < 3:
        return np.array([], dtype=object)
    try:
        return np.asarray(find_hotspots(pts, **settings).hotspots_.geometry.values, dtype=object)
    except InputError:
        return np.array([], dtype=object)


def _touches(a, b):
    out = np.zeros(len(a), bool)
    if len(a) and len(b):
        out[shapely.STRtree(b).query(a, predicate="intersects")[0]] = True
    return out


def _count(areas, pts):
    if not len(pts):
        return np.zeros(len(areas), int)
    p, a = areas.sindex.query(pts.geometry.to_crs(areas.crs).reset_index(drop=True), predicate="intersects")
    return np.bincount(a, minlength=len(areas))


def _near(areas, places, near_m):
    if places is None or not len(places):
        return [""] * len(areas)
    pl = places.to_crs(areas.crs)
    tree = shapely.STRtree(np.asarray(pl.geometry.values, dtype=object))
    idx, dist = tree.query_nearest(np.asarray(areas.geometry.values, dtype=object), return_distance=True,
                                   all_matches=False)
    names = np.full(len(areas), "", dtype=object)
    ok = dist <= near_m
    names[idx[0][ok]] = pl["name"].astype(str).to_numpy()[idx[1][ok]]
    return names.tolist()
