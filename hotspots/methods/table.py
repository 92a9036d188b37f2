"""The Hotspots table (DESIGN.md contract) from hot cells or from point clusters.

Polygons are built two ways:

* **cells** (count, KDE, Gi*): hot cells that touch, also at a corner (8-connectivity), merge
  into one area, which is split at the saddles between its peaks of weighted counts when the counts
  drop far enough between them (:mod:`hotspots.methods.saddle`, ``split_prominence``); each piece is
  a hotspot and its polygon is the union of its cells;
* **clusters** (DBSCAN, HDBSCAN): the convex hull of each cluster's points, buffered by
  ``pad_m`` so that a cluster on one spot or along one street still has an area.

Every hotspot gets ``n_points``, ``n_incidents``, ``n_complaints``, the weighted ``score`` and
per-category counts (``n_<category>``), and is ranked by score (1 = strongest).
"""

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import ndimage

from hotspots.defaults import SPLIT_PROMINENCE
from hotspots.methods.saddle import split_at_saddles

__all__ = ["hotspot_table"]


def hotspot_table(points, *, method, crs, grid=None, hot=None, cell_score=None, cell_stats=None,
                  point_cell=None, labels=None, pad_m=25.0, point_weight=None,
                  split_prominence=SPLIT_PROMINENCE, min_points=0.0):
    """Build the ranked Hotspots GeoDataFrame.

    Parameters
    ----------
    points : GeoDataFrame
        The points analysed (validated).
    method : str
        Written to the ``method`` column.
    crs : str
        CRS of the output.
    grid, hot, cell_score, point_cell : optional
        Cell mode: the grid, a bool ``(ny, nx)`` array of hot cells, the per-cell score to sum
        into ``score``, and each point's flat cell index (-1 = none).
    cell_stats : dict of str to ndarray, optional
        Cell mode: statistics summarised per hotspot — ``z`` by its maximum, ``p`` and ``q``
        by their minimum.
    labels : ndarray, optional
        Cluster mode: cluster label per point (-1 = noise).
    pad_m : float
        Cluster mode: buffer of the hulls.
    point_weight : ndarray, optional
        Weight of each point (cluster-mode ``score``); default the ``weight`` column.
    split_prominence : float
        Cell mode: split touching hot cells at saddles (see :func:`hotspots.methods.saddle.split_at_saddles`;
        1 or more: never).
    min_points : float
        Cell mode: a piece of a split area must hold at least this weighted count, else it joins its neighbours.

    Returns
    -------
    tuple of (GeoDataFrame, ndarray)
        The table and each point's ``hotspot_id`` (0 = in no hotspot). In cell mode ``table.attrs["split"]``
        holds the split's ``info`` (its rule and how many areas were split).
    """
    weight = points["weight"].to_numpy(float) if point_weight is None else np.asarray(point_weight, float)
    if labels is None:
        component, k, split = split_at_saddles(hot, cell_score, split_prominence=split_prominence,
                                                min_piece=min_points)
        flat = component.ravel()
        point_label = np.where(point_cell >= 0, flat[np.clip(point_cell, 0, None)] - 1, -1)
        polygons = _merge_cells(grid, component, k)
        # Reduce over the labelled (hot) cells only: ndimage sorts its input, and a national grid has
        # millions of cells of which a few thousand are hot.
        labelled = component > 0
        lab, index = component[labelled], np.arange(1, k + 1)
        score = ndimage.sum_labels(np.asarray(cell_score)[labelled], lab, index=index) if k else np.zeros(0)
        stats = {}
        for name, values in (cell_stats or {}).items():
            reduce = ndimage.maximum if name == "z" else ndimage.minimum
            stats[name] = np.asarray(reduce(np.asarray(values)[labelled], lab, index=index)) if k else np.zeros(0)
    else:
        point_label = np.asarray(labels)
        k = int(point_label.max()) + 1 if len(point_label) else 0
        polygons = _hulls(points, point_label, k, pad_m)
        score = np.bincount(point_label[point_label >= 0], weights=weight[point_label >= 0], minlength=k)
        stats, split = {}, None
    table = _tally(points, point_label, k)
    table.insert(0, "method", method)
    table["score"] = score
    for name, values in stats.items():
        table[name] = values
    order = np.lexsort((np.arange(k), -table["n_points"].to_numpy(), -table["score"].to_numpy()))
    rank = np.empty(k, int)
    rank[order] = np.arange(1, k + 1)
    table["rank"] = rank
    table["hotspot_id"] = rank  # ids follow the rank so that hotspot 1 is the strongest
    gdf = gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(polygons, crs=crs)).sort_values("rank")
    ids = np.where(point_label >= 0, rank[np.clip(point_label, 0, None)] if k else 0, 0)
    front = ["hotspot_id", "method", "geometry", "n_points", "n_incidents", "n_complaints", "score",
             *stats, "rank"]
    gdf = gdf[front + [c for c in gdf.columns if c not in front]].reset_index(drop=True)
    if split is not None:
        gdf.attrs["split"] = split
    return gdf, ids


def _tally(points, point_label, k) -> pd.DataFrame:
    """Counts per hotspot: all points, by source and by category."""
    inside = point_label >= 0
    lab = point_label[inside]
    out = pd.DataFrame({"n_points": np.bincount(lab, minlength=k)})
    for prefix, column, names in (("n_", "source", ("incident", "complaint")), ("n_", "category", None)):
        per = _per_value(points[column], inside, lab, k)
        if names is not None:  # n_incidents and n_complaints, even when one source is absent
            out["n_incidents"], out["n_complaints"] = (per.get(name, np.zeros(k, np.int64)) for name in names)
        else:
            for value in sorted(per):
                out[f"{prefix}{value}"] = per[value]
    return out


def _per_value(values, inside, lab, k) -> dict:
    """Points per hotspot for each value of a column: one bincount over (hotspot, value code) pairs.

    Codes instead of comparing an object array with every value: at national scale (15M points) the
    comparisons cost seconds and gigabytes."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    codes = codes[inside]
    keep = codes >= 0
    n_values = len(uniques)
    counts = np.bincount(lab[keep] * n_values + codes[keep], minlength=k * n_values).reshape(k, n_values)
    return {str(value): counts[:, j] for j, value in enumerate(uniques)}


def _merge_cells(grid, component, k):
    """Union of each component's cell squares, vectorised through shapely's grouped union."""
    if k == 0:
        return []
    rows, cols = np.nonzero(component)
    ids = component[rows, cols] - 1
    cells = grid.polygons(component > 0)  # row-major, the same order as np.nonzero
    merged = gpd.GeoDataFrame({"id": ids}, geometry=cells.to_numpy(), crs=grid.crs).dissolve("id")
    return merged.geometry.reindex(np.arange(k)).to_numpy()


def _hulls(points, point_label, k, pad_m):
    if k == 0:
        return []
    inside = point_label >= 0
    groups = gpd.GeoSeries(points.geometry.to_numpy()[inside]).groupby(point_label[inside])
    hulls = groups.apply(lambda g: shapely.convex_hull(shapely.multipoints(g.to_numpy())))
    return shapely.buffer(hulls.reindex(np.arange(k)).to_numpy(), pad_m)
