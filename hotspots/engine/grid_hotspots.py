"""Hotspots from per-cell sums: the cell statistics on the client, the points of the hot cells from the workers.

The grid methods decide which cells are hot from the count grid alone, with the rules of
:class:`hotspots.find.HotspotFinder` (tested equal to it in ``tests/test_engine_dask.py``):

* ``count``: the top ``top_share`` of the occupied in-area cells by weighted count, ties included, and at
  least ``min_points``;
* ``gistar``: :func:`hotspots.methods.gistar.gi_star` on the count grid, significant positive cells after
  the correction ``fdr`` at ``alpha``, in areas holding at least ``min_points`` points;
* touching hot cells form one area, split at saddles by :func:`hotspots.methods.table.hotspot_table`.

The Hotspots table (:func:`hotspots.methods.table.hotspot_table`), the peak windows
(:func:`hotspots.temporal.profile.temporal_profile`) and the trends need the points *in* the hotspots:
only the rows of the hot cells travel from the workers (a small share of the data). The trend periods
are laid over the time span of all points, as the local engine lays them.
"""

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots.defaults import LANG, SPLIT_PROMINENCE
from hotspots.engine.distributed_bins import cell_index, point_weights
from hotspots.errors import InputError
from hotspots.methods.gistar import gi_star
from hotspots.methods.hotrules import drop_small_areas, top_level
from hotspots.methods.table import hotspot_table
from hotspots.temporal.hotspot_trends import hotspot_trends
from hotspots.temporal.profile import temporal_profile

__all__ = ["GRID_METHODS", "GridHotspots", "grid_hotspots"]

#: Methods whose hot cells follow from the count grid alone.
GRID_METHODS = ("count", "gistar")

@dataclass
class GridHotspots:
    """The fitted attributes of :class:`hotspots.find.HotspotFinder` for a grid method run on dask.

    ``point_hotspot_`` is ``None``: the points stay on the workers.
    """

    hotspots_: gpd.GeoDataFrame
    cells_: gpd.GeoDataFrame
    params_: dict
    grid_: object
    profiles_: object
    point_hotspot_: object = None


def grid_hotspots(sums, method="gistar", *, fdr="bh", alpha=0.05, top_share=0.05, min_points=3.0,
                  split_prominence=SPLIT_PROMINENCE, all_cells=False, lang=LANG, tz=None, complaint_weight=0.5,
                  category_weights=None) -> GridHotspots:
    """Find hotspots on the per-cell sums of :func:`hotspots.engine.distributed_bins.bin_parquet`.

    Parameters
    ----------
    sums : CellSums
        The grid, the per-cell sums and the workers' rows.
    method : {"count", "gistar"}
    fdr, alpha, top_share, min_points, split_prominence, all_cells, lang, tz
        As for :class:`hotspots.find.HotspotFinder`.
    complaint_weight, category_weights
        The weights ``sums`` was binned with (for the trends of the hot cells' points).

    Returns
    -------
    GridHotspots
    """
    if method not in GRID_METHODS:
        raise InputError(f"method {method!r} does not run on the count grid; grid methods are "
                         f"{', '.join(GRID_METHODS)}.")
    if not 0 < top_share <= 1:
        raise InputError(f"top share must be in (0, 1], got {top_share}.")
    grid, combined = sums.grid, sums.combined
    tz = tz or sums.summary.get("tz") or "UTC"
    params = {"method": method, "crs": grid.crs, "cell_m": grid.cell_m, "cell_rule": grid.cell_rule,
              "grid": [grid.ny, grid.nx], **sums.info, "notes": []}
    cells = {"count": combined, "n_incidents": sums.incidents, "n_complaints": sums.complaints}
    stats = {}
    if method == "count":
        occupied = grid.inside & (combined > 0)
        level = top_level(combined[occupied], top_share)
        hot = occupied & (combined >= max(level, min_points))
        params.update(hot_rule=f"top {top_share:.0%} of occupied cells by weighted count (≥ {level:g}) and "
                               f"≥ {min_points:g} points", level=float(level))
    else:
        result = gi_star(combined, mask=grid.inside, fdr=fdr, alpha=alpha)
        hot, stats = drop_small_areas(result.hot, combined, min_points), {"z": result.z, "p": result.p, "q": result.q}
        cells.update(stats)
        params.update(fdr=fdr, alpha=alpha, **{f"gistar_{k}": v for k, v in result.info.items()},
                      hot_rule=f"significant positive Gi* (q < {alpha}, correction {fdr}), areas with "
                               f"≥ {min_points:g} points")
    points, point_cell, weights = _hot_points(sums, hot, complaint_weight, category_weights)
    table, ids = hotspot_table(points, method=method, crs=grid.crs, grid=grid, hot=hot, cell_score=combined,
                               cell_stats=stats, point_cell=point_cell, split_prominence=split_prominence,
                               min_points=min_points)
    params.update(split_rule=table.attrs["split"]["rule"], n_areas_split=table.attrs["split"]["n_split"])
    table = _all_categories(table, sums.summary["categories"])
    params["tz"] = tz
    profiles = None
    if sums.summary.get("time_min") and len(points):
        profiles = temporal_profile(points, ids, n_hotspots=len(table), lang=lang, tz=tz)
        params.update(peak_rule=profiles.info.get("peak_rule"), all_peak_windows=_all_peak_windows(sums, lang, tz))
    elif not sums.summary.get("time_min"):
        params["notes"].append("no start times: no peak windows")
    table.insert(table.columns.get_loc("rank") + 1, "peak_windows",
                 profiles.peak_windows if profiles else [None] * len(table))
    span = (sums.summary["time_min"], sums.summary["time_max"]) if sums.summary.get("time_min") else None
    trend, trend_rule = hotspot_trends(points["start"], ids, len(table), weights, tz=tz, lang=lang, span=span)
    params.update({"trend_rule": trend_rule} if trend_rule else {})
    table.insert(table.columns.get_loc("peak_windows") + 1, "trend", trend)
    cells["hot"] = hot
    keep = grid.inside if all_cells else grid.inside & ((combined > 0) | hot)
    area = grid.inside.sum() * grid.cell_m ** 2
    total = combined.sum()
    params.update(n_hotspots=len(table), share_points=float(combined[hot].sum() / total) if total else 0.0,
                  share_area=float(table.geometry.area.sum() / area) if area else 0.0, n_imprecise_left_out=0)
    params["notes"].append("imprecise-location flags (area centres, coarse grids) are a file-wide check the dask "
                           "engine does not run: every located point is used, as with --keep-imprecise")
    rows, cols = np.nonzero(keep)
    frame = {"row": rows, "col": cols, **{k: np.asarray(v)[keep] for k, v in cells.items()}}
    cells_ = gpd.GeoDataFrame(frame, geometry=grid.polygons(keep).to_numpy(), crs=grid.crs)
    return GridHotspots(table, cells_, params, grid, profiles)


def _hot_points(sums, hot, complaint_weight, category_weights):
    """The used rows that fall in hot cells, as a Points frame, with their cells and weights."""
    wanted = np.flatnonzero(hot.ravel())
    rows = sums.rows
    picked = rows.map_partitions(_rows_in_cells, sums.grid, wanted, meta=rows._meta).compute()
    picked = picked.reset_index(drop=True)
    zones = pd.unique(picked["tz"].astype(object)) if len(picked) else []
    shown = str(zones[0]) if len(zones) == 1 else "UTC"
    points = gpd.GeoDataFrame({
        "source": picked["source"].astype(object).to_numpy(), "category": picked["category"].astype(object).to_numpy(),
        "start": picked["start"].dt.tz_convert(shown), "end": picked["end"].dt.tz_convert(shown),
        "tz": picked["tz"].astype(object).to_numpy(), "weight": picked["weight"].to_numpy(float)},
        geometry=gpd.points_from_xy(picked["x"].to_numpy(float), picked["y"].to_numpy(float)), crs=sums.grid.crs)
    weights, _ = point_weights(picked, complaint_weight, category_weights)
    return points, cell_index(picked, sums.grid), weights


def _all_peak_windows(sums, lang, tz):
    """The peak windows of all points: hour-of-week weights summed over the partitions on the workers, worded
    by :func:`temporal_profile` from one synthetic event per hour of a reference week (no DST change)."""
    import dask

    parts = sums.rows.to_delayed()
    hours = np.sum(dask.compute(*[dask.delayed(_week)(part, tz) for part in parts]), axis=0)
    week = pd.date_range("2024-01-08", periods=168, freq="h", tz=tz)  # Monday 00:00, a January week
    frame = gpd.GeoDataFrame({"start": week, "weight": hours},
                             geometry=gpd.points_from_xy(np.zeros(168), np.zeros(168)), crs=sums.grid.crs)
    return temporal_profile(frame, np.zeros(168, int), n_hotspots=0, lang=lang, tz=tz).all_peak_windows


def _week(rows, tz):
    from hotspots.temporal.aoristic import aoristic_profile

    if not len(rows):
        return np.zeros(168)
    return aoristic_profile(rows["start"], rows["end"], weights=rows["weight"].to_numpy(float), tz=tz)


def _rows_in_cells(rows, grid, wanted):
    return rows[np.isin(cell_index(rows, grid), wanted)]


def _all_categories(table, categories):
    """Per-category columns for every category of the data (the hot cells' points may lack some)."""
    names = sorted(f"n_{c}" for c in categories)
    for name in names:
        if name not in table.columns:
            table[name] = 0
    rest = [c for c in table.columns if c not in names]
    return table[rest + names]


