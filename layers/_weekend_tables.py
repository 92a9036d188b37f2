"""The tables of the weekend analysis: targets (places, hotspots), their counts per year, presence, gaps."""

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.errors import InputError
from hotspots.find import find_hotspots
from layers.presence import presence_minutes

_DEFAULT_RADIUS_M = 150.0


def weekend_places(places, crs, key):
    if places is None:
        return gpd.GeoDataFrame({"place_id": [], "name": [], "tagged": []}, geometry=[], crs=crs)
    if not isinstance(places, gpd.GeoDataFrame) or places.crs is None:
        raise InputError("places must be a GeoDataFrame with a CRS, from layers.places.read_places.")
    if "area" in places.columns:
        area = gpd.GeoSeries(places["area"], crs=places.crs)
    else:
        radius = pd.to_numeric(places.get("radius_m", pd.Series(_DEFAULT_RADIUS_M, index=places.index)),
                               errors="coerce").fillna(_DEFAULT_RADIUS_M).to_numpy(float)
        is_area = places.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
        area = gpd.GeoSeries(np.where(is_area & (radius == 0), places.geometry.values,
                                      shapely.buffer(places.geometry.values, radius, quad_segs=16)),
                             crs=places.crs)
    ids = places["place_id"] if "place_id" in places.columns else pd.Series(range(1, len(places) + 1))
    events = places["events"] if "events" in places.columns else pd.Series([[]] * len(places))
    names = places["name"] if "name" in places.columns else ids
    return gpd.GeoDataFrame({
        "place_id": ids.astype(str).to_numpy(), "name": names.astype(str).to_numpy(),
        "tagged": np.array([key in (e if isinstance(e, (list, tuple, np.ndarray)) else []) for e in events], bool),
    }, geometry=area.to_crs(crs).to_numpy(), crs=crs)


def weekend_hotspots(hotspots, past_points, crs, rules, places):
    info = {"source": "passed in"}
    if hotspots is not None:
        table = getattr(hotspots, "hotspots_", hotspots)
        if not isinstance(table, gpd.GeoDataFrame) or table.crs is None:
            raise InputError("hotspots must be a GeoDataFrame of polygons with a CRS (the Hotspots table).")
        table = table.to_crs(crs)
    elif past_points.empty:
        table, info = None, {"source": "none", "note": "no points in the counted earlier windows"}
    else:
        try:
            finder = find_hotspots(past_points.drop(columns="_year"), rules.method, **rules.hotspot_settings)
        except InputError as err:
            table, info = None, {"source": "none", "note": f"no hotspots found: {err}"}
        else:
            table = finder.hotspots_
            info = {"source": "found in the points of the counted earlier windows",
                    **{k: finder.params_.get(k) for k in ("method", "cell_m", "cell_rule", "hot_rule")}}
    if table is None or table.empty:
        return gpd.GeoDataFrame({"hotspot_id": [], "name": [], "tagged": [], "places": []},
                                geometry=[], crs=crs), info
    ids = table["hotspot_id"] if "hotspot_id" in table.columns else pd.Series(range(1, len(table) + 1))
    geoms = table.geometry.to_numpy()
    hot_i, place_i = shapely.STRtree(places.geometry.to_numpy()).query(geoms, predicate="intersects") \
        if len(places) else (np.zeros(0, int), np.zeros(0, int))
    overlap = pd.Series(places["place_id"].to_numpy()[place_i], index=hot_i).groupby(level=0).agg(", ".join)
    tagged = np.isin(np.arange(len(table)), hot_i[places["tagged"].to_numpy(bool)[place_i]])
    return gpd.GeoDataFrame({
        "hotspot_id": ids.to_numpy(), "name": [f"hotspot {i}" for i in ids], "tagged": tagged,
        "places": overlap.reindex(range(len(table))).fillna("").to_numpy(),
    }, geometry=geoms, crs=crs), info


def weekend_presence(patrols, targets, windows, buffer, tz):
    n = len(targets)
    none = [""] * n
    if patrols is None or len(patrols) == 0 or n == 0:
        note = "no patrol plan given: nothing is planned anywhere" if patrols is None or len(patrols) == 0 else None
        return np.zeros(n), none, {"note": note} if note else {}
    ids = patrols["patrol_id"].astype(str).to_numpy() if "patrol_id" in patrols.columns \
        else np.arange(1, len(patrols) + 1).astype(str)
    minutes, per_patrol, reach = np.zeros(n), np.zeros(len(patrols)), None
    for start, end in _merged(windows["start"] - buffer, windows["end"] + buffer):
        p = presence_minutes(patrols, targets, start=start, end=end, tz=tz)
        minutes += p.slots.sum(axis=1)
        per_patrol += np.asarray(p.info["patrol_minutes_period"], float)
        reach = p.reach
    there = reach & (per_patrol > 0)[:, None]
    lists = [", ".join(dict.fromkeys(ids[there[:, j]])) for j in range(n)]
    return minutes, lists, {"n_patrols": len(patrols), "patrols_with_minutes": int((per_patrol > 0).sum()),
                            "minutes_planned": float(per_patrol.sum()),
                            "rule": "minutes of patrols whose geometry buffered by radius_m reaches the area, "
                                    "per hourly slot of this year's window(s), weekly and dated windows"}


def _merged(starts, ends):
    pairs = sorted(zip(starts, ends))
    out = []
    for s, e in pairs:
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def weekend_table(frame, past_points, years, minutes, patrol_lists, rules):
    n = len(frame)
    counts = np.zeros((n, len(years)), dtype=np.int64)
    by_source = np.zeros((n, 2), dtype=np.int64)
    if n and len(past_points):
        target = gpd.GeoDataFrame({"_t": np.arange(n)}, geometry=frame.geometry.to_numpy(), crs=frame.crs)
        joined = gpd.sjoin(past_points[["_year", "source", "geometry"]], target, predicate="within")
        t = joined["_t"].to_numpy()
        np.add.at(counts, (t, np.searchsorted(years, joined["_year"].to_numpy())), 1)
        np.add.at(by_source, (t, (joined["source"] == "complaint").to_numpy().astype(int)), 1)
    out = frame.copy()
    at = out.columns.get_loc("tagged") + 1
    for i, y in enumerate(years):
        out.insert(at + i, f"y{y}", counts[:, i])
    total = counts.sum(axis=1)
    out["total"] = total
    out["n_incidents"], out["n_complaints"] = by_source[:, 0], by_source[:, 1]
    out["mean_per_year"] = total / len(years) if years else np.full(n, np.nan)
    order = np.lexsort((np.arange(n), ~out["tagged"].to_numpy(bool), -total))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(1, n + 1)
    out["rank"] = rank
    out["presence_minutes"] = np.round(minutes, 1)
    out["patrols"] = patrol_lists
    trouble = (out["mean_per_year"] >= rules.min_mean).to_numpy() if years else np.zeros(n, bool)
    out["trouble"] = trouble
    out["gap"] = trouble & (minutes == 0)
    out["status"] = np.select([np.full(n, not years), ~trouble, minutes == 0, minutes < rules.thin_minutes],
                              ["no data", "quiet", "gap", "thin"], "covered").astype(object)
    return out.sort_values("rank").reset_index(drop=True)


def weekend_gaps(places, hotspots):
    columns = ["kind", "id", "name", "tagged", "total", "mean_per_year", "presence_minutes", "status", "patrols",
               "places"]
    parts = []
    for table, kind, id_col in ((places, "place", "place_id"), (hotspots, "hotspot", "hotspot_id")):
        rows = pd.DataFrame(table.loc[table["status"].isin(["gap", "thin"])].drop(columns="geometry"))
        if len(rows):
            rows = rows.assign(kind=kind, id=rows[id_col].astype(str))
            parts.append(rows.assign(places=rows.get("places", ""))[columns])
    if not parts:
        return pd.DataFrame(columns=["rank", *columns])
    gaps = pd.concat(parts, ignore_index=True)
    gaps = gaps.assign(_g=gaps["status"].ne("gap"), _k=gaps["kind"].ne("place")).sort_values(
        ["total", "_g", "_k"], ascending=[False, True, True], kind="stable").drop(columns=["_g", "_k"])
    gaps.insert(0, "rank", np.arange(1, len(gaps) + 1))
    return gaps.reset_index(drop=True)


def weekend_notes(places, patrols, years):
    notes = []
    if places is None:
        notes.append("no special places given")
    if patrols is None:
        notes.append("no patrol plan given: every target with past trouble is a gap")
    if not years:
        notes.append("no earlier year is covered by the data: nothing can be ranked (see not_covered)")
    return notes
