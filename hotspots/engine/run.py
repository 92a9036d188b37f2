"""``--engine dask`` end to end: connect or start a cluster, read and bin on it, find hotspots, close it.

What runs where:

* **workers** — read the Parquet partitions, apply the row rules, bin into cells and sum per cell
  (:mod:`hotspots.engine.distributed_bins`); for the grid methods (``count``, ``gistar``) they also
  hand back the rows of the few hot cells;
* **client** — lays the grid (the automatic cell size reads the used points' coordinates; a stated
  ``cell_m`` needs none), runs the cell statistics on the aggregated grid and builds the Hotspots table,
  peak windows and trends (:mod:`hotspots.engine.grid_hotspots`).

The point methods (``kde`` — its automatic bandwidth is cross-validated on the points —, ``prospective``,
``dbscan``, ``hdbscan``) read and filter on dask and then run on the client, on the used rows' coordinates,
times, weights, sources and categories (no ids, no free text): exactly what the local engine computes,
but the client must hold those columns (about 60 bytes a row).
"""

import geopandas as gpd
import numpy as np

from hotspots.defaults import COMPLAINT_WEIGHT, LANG, METHOD
from hotspots.engine.cluster import dask_client
from hotspots.engine.distributed_bins import bin_parquet
from hotspots.engine.grid_hotspots import GRID_METHODS, grid_hotspots
from hotspots.methods.grid import DEFAULT_MAX_CELLS

__all__ = ["find_hotspots_dask"]

_GRID_SETTINGS = ("fdr", "alpha", "top_share", "min_points", "split_prominence", "all_cells", "lang", "tz")


def find_hotspots_dask(incidents=(), complaints=(), *, options=None, method=METHOD, scheduler=None,
                       n_workers=None, processes=True, cell_m=None, max_cells=DEFAULT_MAX_CELLS,
                       complaint_weight=COMPLAINT_WEIGHT, category_weights=None, boundary=None, lang=LANG,
                       **settings):
    """Find hotspots in Parquet data with the row-heavy part on a dask cluster.

    Parameters
    ----------
    incidents, complaints : path or sequence of paths
        Parquet files or folders of parts.
    options : hotspots.io.read.ReadOptions, optional
        Reading options, as for :func:`hotspots.io.read.read_points`.
    method : str
        Any of :data:`hotspots.find.METHODS` (see the module docstring for where each runs).
    scheduler : str, optional
        Address of a running dask scheduler; ``None`` starts a local cluster for this call.
    n_workers, processes
        Local cluster only (:func:`hotspots.engine.cluster.dask_client`).
    cell_m, max_cells, complaint_weight, category_weights, boundary, lang, **settings
        As for :class:`hotspots.find.HotspotFinder`. ``boundary`` (a GeoDataFrame) only shapes the
        point methods' grid; the grid methods take the study area from ``options.boundary``.

    Returns
    -------
    tuple of (dict, object)
        The row accounting (``rows_read``, ``rows_used``, ``rows_rejected``, ``reasons``, ... and an
        ``engine`` block: name, scheduler, workers) and the fitted result: a
        :class:`hotspots.engine.grid_hotspots.GridHotspots` for the grid methods, a fitted
        :class:`hotspots.find.HotspotFinder` for the others.
    """
    with dask_client(scheduler, n_workers=n_workers, processes=processes) as client:
        sums = bin_parquet(incidents, complaints, options=options, cell_m=cell_m, max_cells=max_cells,
                           complaint_weight=complaint_weight, category_weights=category_weights)
        workers = len(client.scheduler_info().get("workers", {}))
        if method in GRID_METHODS:
            extra = {k: v for k, v in settings.items() if k in _GRID_SETTINGS}
            result = grid_hotspots(sums, method, complaint_weight=complaint_weight,
                                   category_weights=category_weights, lang=lang, **extra)
            where = "workers: read, row rules, binning, per-cell sums, rows of hot cells; client: cell statistics"
        else:
            from hotspots.find import HotspotFinder

            points = _collect(sums)
            result = HotspotFinder(method, cell_m=cell_m, max_cells=max_cells, complaint_weight=complaint_weight,
                                   category_weights=category_weights, boundary=boundary, lang=lang,
                                   **settings).fit(points)
            where = (f"workers: read, row rules, binning; client: {method} on the used points "
                     f"({len(points):,} rows of coordinates, times, weights, sources, categories)")
    summary = dict(sums.summary)
    summary["engine"] = {"name": "dask", "scheduler": scheduler or "local cluster", "workers": workers,
                         "partitions": sums.info["partitions"], "where": where}
    return summary, result


def _collect(sums):
    """Every used row as a Points frame on the client (point methods)."""
    rows = sums.rows.compute().reset_index(drop=True)
    zones = rows["tz"].astype(object)
    shown = str(zones.iloc[0]) if zones.nunique() == 1 else "UTC"
    return gpd.GeoDataFrame({
        "id": np.arange(1, len(rows) + 1).astype(str), "source": rows["source"].astype(object).to_numpy(),
        "category": rows["category"].astype(object).to_numpy(), "start": rows["start"].dt.tz_convert(shown),
        "end": rows["end"].dt.tz_convert(shown), "tz": zones.to_numpy(), "weight": rows["weight"].to_numpy(float),
        "sensitive": np.zeros(len(rows), bool)},
        geometry=gpd.points_from_xy(rows["x"].to_numpy(float), rows["y"].to_numpy(float)), crs=sums.grid.crs)
