"""The tables of the weekend analysis: targets (places, hotspots), their counts per year, presence, gaps."""

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.errors import InputError
from hotspots.find import find_hotspots
from layers.cover.presence import presence_minutes
from layers.cover.verdict import coverage_status

_DEFAULT_RADIUS_M = 150.0


def weekend_places(places, crs, key):
    if places is None:
        return gpd.GeoDataFrame({"place_id": [], "name": [], "tagged": []}, geometry=[], crs=crs)
    if not isinstance(places, gpd.GeoDataFrame) or places.crs is None:
        raise InputError("places must be a GeoDataFrame with a CRS, from layers.plans.places.read_places.")
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
            finder = find_hotspots(past_points.drop(columns=["_year", "_weight"]), rules.method,
                                   **rules.hotspot_settings)
        except InputError as err:
            table, info = None, {"source": "none", "note": f"no hotspots found: {err}"}
        else:
            table = finder.hotspots_ if rules.namer is None else rules.namer(finder.hotspots_)
            info = {"source": "found in the points of the counted earlier windows",
                    **{k: finder.params_.get(k) for k in ("method", "cell_m", "cell_rule", "hot_rule")},
                    "n_imprecise_left_out": int(finder.params_.get("n_imprecise_left_out") or 0)}
    if table is None or table.empty:
        return gpd.GeoDataFrame({"hotspot_id": [], "name": [], "tagged": [], "places": []},
                                geometry=[], crs=crs), info
    ids = table["hotspot_id"] if "hotspot_id" in table.columns else pd.Series(range(1, len(table) + 1))
    geoms = table.geometry.to_numpy()
    hot_i, place_i = shapely.STRtree(places.geometry.to_numpy()).query(geoms, predicate="intersects") \
        if len(places) else (np.zeros(0, int), np.zeros(0, int))
    overlap = pd.Series(places["place_id"].to_numpy()[place_i], index=hot_i).groupby(level=0).agg(", ".join)
    tagged = np.isin(np.arange(len(table)), hot_i[places["tagged"].to_numpy(bool)[place_i]])
    given = table["name"] if "name" in table.columns else pd.Series([None] * len(table))
    names = [str(n).strip() if isinstance(n, str) and n.strip() else f"hotspot {i}" for i, n in zip(ids, given)]
    return gpd.GeoDataFrame({
        "hotspot_id": ids.to_numpy(), "name": names, "tagged": tagged,
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


def weekend_table(frame, past_points, years, minutes, patrol_lists, rules, slots, rows):
    """The target table, ranked; and its risk and presence per slot of this year's window(s), in the same order.

    ``rows`` picks this frame's rows out of the presence arrays of ``slots`` (places first, then hotspots).
    """
    n = len(frame)
    counts = np.zeros((n, len(years)), dtype=np.int64)
    by_source = np.zeros((n, 2), dtype=np.int64)
    n_slots = len(slots["times"])
    risk = np.zeros((n, n_slots + 1))  # the last column: risk in hours this year's window does not have
    if n and len(past_points):
        target = gpd.GeoDataFrame({"_t": np.arange(n)}, geometry=frame.geometry.to_numpy(), crs=frame.crs)
        joined = gpd.sjoin(past_points[["_year", "_slot", "_weight", "source", "geometry"]], target,
                           predicate="within")
        t = joined["_t"].to_numpy()
        np.add.at(counts, (t, np.searchsorted(years, joined["_year"].to_numpy())), 1)
        np.add.at(by_source, (t, (joined["source"] == "complaint").to_numpy().astype(int)), 1)
        np.add.at(risk, (t, joined["_slot"].to_numpy()), joined["_weight"].to_numpy(float))
    presence = slots["presence"][rows]
    covered = np.minimum(presence, 60.0) / 60.0
    whole = risk.sum(axis=1)
    share = np.divide((risk[:, :-1] * covered).sum(axis=1), whole, out=np.full(n, np.nan), where=whole > 0)
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
    out["risk_covered"] = share
    out["status"] = coverage_status(share, trouble=trouble, known=bool(years), covered_at=rules.covered_at,
                                    thin_at=rules.thin_at)
    out["gap"] = out["status"].eq("gap").to_numpy()
    out["trouble_hours"] = [_hours(slots["times"], r[:-1]) for r in risk]
    out["presence_hours"] = [_mode_hours(slots, j) for j in rows]
    return out.iloc[order].reset_index(drop=True), risk[order, :-1], presence[order]


def weekend_slots(patrols, targets, windows, buffer, tz):
    """This year's window(s) cut into real hours: slot times, minutes per target and per patrol, patrol modes.

    Returns
    -------
    dict
        ``times`` (DatetimeIndex, the windows one after another, by start), ``first`` (each window's first slot
        index and its count), ``presence`` (n_targets, n_slots), ``patrol_slots`` (n_patrols, n_slots),
        ``reach`` (n_patrols, n_targets), ``modes`` (mode key per patrol).
    """
    if patrols is None or not len(patrols):
        patrols = gpd.GeoDataFrame({"radius_m": [], "weekly_minutes": [], "dated": []}, geometry=[], crs=targets.crs)
    times, presence, per_patrol, counts, reach = [], [], [], [], None
    for start, end in sorted(zip(windows["start"] - buffer, windows["end"] + buffer)):
        p = presence_minutes(patrols, targets, start=start, end=end, tz=tz)
        times.append(p.slot_times)
        presence.append(p.slots)
        per_patrol.append(p.patrol_slots)
        counts.append(len(p.slot_times))
        reach = p.reach
    modes = patrols["mode"].fillna("other").astype(str).to_numpy() if "mode" in patrols.columns \
        else np.full(len(patrols), "other", dtype=object)
    return {"times": times[0].append(times[1:]) if len(times) > 1 else times[0],
            "first": (np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64), np.asarray(counts)),
            "presence": np.concatenate(presence, axis=1), "patrol_slots": np.concatenate(per_patrol, axis=1),
            "reach": reach, "modes": modes}


def past_slots(start, past, buffer, slots, tz):
    """For each point start: the slot of this year's window(s) at the same offset from its earlier window's start.

    Window ``j`` of an earlier year (by start) is matched with window ``j`` of this year; hour ``k`` after the
    earlier window's start (widened by ``buffer``, floored to the local hour) with slot ``k`` of this year's.
    Points in no earlier window, or in hours this year's window does not have, get ``n_slots`` (the
    column of risk no presence can cover).
    """
    n_slots = len(slots["times"])
    out = np.full(len(start), n_slots, dtype=np.int64)
    if past.empty or not len(start):
        return out
    lo_local = (past["start"] - buffer).dt.tz_convert(tz)
    floor = lo_local - pd.to_timedelta(lo_local.dt.minute * 60 + lo_local.dt.second, unit="s")
    lo, hi = _ns(past["start"] - buffer), _ns(past["end"] + buffer)
    order = np.argsort(lo, kind="stable")
    t = _ns(pd.Series(start))
    at = np.searchsorted(lo[order], t, side="right") - 1
    row = order[np.maximum(at, 0)]
    inside = (at >= 0) & (t < hi[row]) & ~pd.isna(start).to_numpy()
    j = past.groupby("year")["start"].rank(method="first").to_numpy(np.int64) - 1
    first, count = slots["first"]
    k = (t - _ns(floor)[row]) // 3_600_000_000_000
    ok = inside & (j[row] < len(first))
    jj = np.minimum(j[row], len(first) - 1)
    ok &= (k >= 0) & (k < count[jj])
    out[ok] = first[jj[ok]] + k[ok]
    return out


def _ns(values):
    return pd.DatetimeIndex(values).tz_convert("UTC").as_unit("ns").asi8


def _runs(times, mask, limit=None, weight=None):
    """Clock runs ``"22–03"`` of consecutive slots where ``mask`` holds; the ``limit`` heaviest, in time order."""
    idx = np.flatnonzero(mask)
    if not len(idx):
        return ""
    t = _ns(times[idx])
    breaks = np.flatnonzero(np.diff(t) != 3_600_000_000_000) + 1
    groups = np.split(idx, breaks)
    if limit is not None and len(groups) > limit:
        heavy = sorted(range(len(groups)), key=lambda g: -weight[groups[g]].sum())[:limit]
        groups = [groups[g] for g in sorted(heavy)]
    words = [f"{times[g[0]]:%H}–{times[g[-1]] + pd.Timedelta(hours=1):%H}" for g in groups]
    return ", ".join(dict.fromkeys(words))


def _hours(times, risk):
    """Hours of past trouble (the three heaviest runs; a single quiet hour inside is bridged): ``"22–03"``."""
    mask = risk > 0
    inside = np.zeros_like(mask)
    inside[1:-1] = mask[:-2] & mask[2:]
    return _runs(times, mask | inside, limit=3, weight=risk)


def _mode_hours(slots, target):
    """Who is planned there when, by mode: ``"car 19–21; foot 23–00"``."""
    if slots["reach"] is None or not len(slots["modes"]):
        return ""
    there = slots["patrol_slots"][slots["reach"][:, target]]
    modes = slots["modes"][slots["reach"][:, target]]
    parts = []
    for mode in dict.fromkeys(modes):
        when = _runs(slots["times"], there[modes == mode].sum(axis=0) > 0)
        if when:
            parts.append(f"{mode} {when}")
    return "; ".join(parts)


def weekend_gaps(places, hotspots):
    columns = ["kind", "id", "name", "tagged", "total", "mean_per_year", "presence_minutes", "risk_covered",
               "status", "trouble_hours", "presence_hours", "patrols", "places"]
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
