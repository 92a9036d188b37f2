"""The row-heavy part on dask: read Parquet partitions, apply the row rules, bin into cells, sum per cell.

Three steps, each a dask graph over the partitions; only small results reach the client:

1. **read + rules** — ``dask.dataframe.from_map`` reads only the planned columns of each row group
   (:func:`hotspots.engine.plan.plan_parquet`); :func:`hotspots.engine.rows.clean_partition` applies the
   local reader's row rules per partition, :func:`hotspots.engine.repeated_ids.drop_repeated_ids` the
   repeated-id rule across partitions. The cleaned rows are persisted on the workers.
2. **bounds + accounting** — rows read, used and rejected per reason and file, the extent of the used
   points, the time span and the categories: reductions, so the client gets a few numbers.
3. **bin + sum** — the grid is laid exactly as :func:`hotspots.methods.grid.make_grid` lays it over the
   points' extent (or the boundary; the automatic cell size needs the points' coordinates on the client,
   a stated cell size does not); each partition bins its points (``np.bincount`` on the cell index,
   the weights of :func:`hotspots.methods.counts.count_points`) and the per-cell sums are tree-reduced
   by a dask groupby.

The client receives the occupied cells' sums (a few thousand numbers for a municipality) and the
accounting; the statistics on the grid run there (:mod:`hotspots.engine.grid_hotspots`).
"""

from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from hotspots.defaults import COMPLAINT_WEIGHT
from hotspots.engine.cluster import require_dask
from hotspots.engine.plan import plan_parquet
from hotspots.engine.repeated_ids import drop_repeated_ids
from hotspots.engine.rows import clean_partition, empty_rows
from hotspots.errors import InputError
from hotspots.io.read import ReadOptions
from hotspots.io.where.area import read_area
from hotspots.methods.cell_rule import auto_cell_size
from hotspots.methods.grid import AUTO_MAX_CELLS, DEFAULT_MAX_CELLS, make_grid

__all__ = ["CellSums", "bin_parquet", "cell_index", "point_weights"]

_SUMS_META = pd.DataFrame({"cell": pd.Series([], dtype="int64"), "incidents": pd.Series([], dtype=float),
                           "complaints": pd.Series([], dtype=float), "n": pd.Series([], dtype="int64")})
_TALLY_META = pd.DataFrame({"kind": pd.Series([], dtype=object), "key": pd.Series([], dtype=object),
                            "n": pd.Series([], dtype="int64")})


@dataclass(frozen=True)
class CellSums:
    """What :func:`bin_parquet` returns: the grid, the per-cell sums and the row accounting.

    Attributes
    ----------
    grid : hotspots.methods.grid.Grid
    incidents, complaints, combined : ndarray, shape (ny, nx)
        Weighted sums per cell, as :class:`hotspots.methods.counts.Counts` holds them.
    summary : dict
        The accounting in the shape of :func:`hotspots.io.read.read_points`' summary: ``rows_read``,
        ``rows_used``, ``rows_rejected``, ``reasons``, ``crs``, ``tz``, ``zones``, ``time_min``,
        ``time_max``, ``categories``, ``sources``, ``files`` (per dataset), ``warnings``.
    info : dict
        ``complaint_weight``, ``category_weights``, ``n_points``, ``n_outside`` (as ``Counts.info``) and
        ``partitions``.
    rows : dask.dataframe.DataFrame
        The used rows, persisted on the workers (x, y, start, end, tz, weight, category, source), for the
        steps that need the points of a few cells.
    """

    grid: object
    incidents: np.ndarray
    complaints: np.ndarray
    combined: np.ndarray
    summary: dict
    info: dict
    rows: object


def bin_parquet(incidents=(), complaints=(), *, options=None, cell_m=None, max_cells=DEFAULT_MAX_CELLS,
                complaint_weight=COMPLAINT_WEIGHT, category_weights=None) -> CellSums:
    """Read, check, bin and sum Parquet partitions on the current dask client.

    Parameters
    ----------
    incidents, complaints : path or sequence of paths
        Parquet files or folders of parts (hive partition folders allowed).
    options : hotspots.io.read.ReadOptions, optional
        As for :func:`hotspots.io.read.read_points`; ``boundary`` also sets the grid's extent.
    cell_m, max_cells
        As for :func:`hotspots.methods.grid.make_grid`.
    complaint_weight, category_weights
        As for :func:`hotspots.methods.counts.count_points`.

    Returns
    -------
    CellSums

    Raises
    ------
    InputError
        dask missing, no input, unreadable Parquet, or nothing left to grid.
    """
    require_dask()
    import dask
    import dask.dataframe as dd

    _check_weights(complaint_weight, category_weights)
    options = options or ReadOptions()
    jobs = [(p, "incident") for p in _as_list(incidents)] + [(p, "complaint") for p in _as_list(complaints)]
    if not jobs:
        raise InputError("no input files; pass at least one Parquet file or folder of parts.")
    boundary = read_area(options.boundary) if options.boundary is not None else None
    plans = []
    for path, source in jobs:  # later datasets are located straight into the first one's CRS, as the reader does
        plans.append(plan_parquet(path, source=source, options=options, boundary=boundary))
        options = options if options.target_crs else _with_target(options, plans[0].options.target_crs)
    frames = [_read(plan).map_partitions(clean_partition, plan, meta=empty_rows()) for plan in plans]
    frames = drop_repeated_ids([f.persist() for f in frames], [plan.source for plan in plans],
                               [plan.id_col is not None for plan in plans])
    used = dd.concat([f[f["reason"].isna()].drop(columns=["reason", "id"]) for f in frames])
    tallies = [f.map_partitions(_tally, meta=_TALLY_META).groupby(["kind", "key"])["n"].sum(split_out=1)
               for f in frames]
    tallies, extent = dask.compute(tallies, [used["x"].min(), used["y"].min(), used["x"].max(), used["y"].max(),
                                             used["start"].min(), used["start"].max()])
    crs = plans[0].options.target_crs
    summary = _summary(plans, tallies, extent, crs)
    if not summary["rows_used"] and boundary is None:
        raise InputError(f"no usable rows in {', '.join(p.name for p in plans)} "
                         f"({summary['rows_rejected']} rejected: {summary['reasons']}); run check on a part.")
    grid = _grid(used, extent, summary["rows_used"], crs, cell_m, boundary, max_cells)
    sums = used.map_partitions(_partition_sums, grid, complaint_weight, category_weights, meta=_SUMS_META)
    per_cell = sums.groupby("cell").sum(split_out=1).compute()
    incidents_, complaints_ = np.zeros(grid.nx * grid.ny), np.zeros(grid.nx * grid.ny)
    on = per_cell.index.to_numpy() >= 0
    cells = per_cell.index.to_numpy()[on]
    incidents_[cells], complaints_[cells] = per_cell["incidents"].to_numpy()[on], per_cell["complaints"].to_numpy()[on]
    n_outside = int(per_cell["n"].to_numpy()[~on].sum())
    info = {"complaint_weight": float(complaint_weight), "category_weights": dict(category_weights or {}),
            "n_points": summary["rows_used"], "n_outside": n_outside,
            "partitions": int(sum(f.npartitions for f in frames))}
    incidents_, complaints_ = incidents_.reshape(grid.shape), complaints_.reshape(grid.shape)
    return CellSums(grid, incidents_, complaints_, incidents_ + complaints_, summary, info, used)


def _grid(used, extent, n_used, crs, cell_m, boundary, max_cells):
    """The grid :func:`make_grid` lays for these points: over their extent (the corners stand in for the
    points) or the boundary. The automatic cell size reads the events' spacing
    (:func:`hotspots.methods.cell_rule.auto_cell_size`), so then the used points' coordinates come to the
    client (16 bytes a row); a stated ``cell_m`` keeps the client at grid size."""
    corners = gpd.GeoDataFrame(geometry=gpd.points_from_xy(extent[:4:2], extent[1:4:2]), crs=crs)
    corners = corners if n_used else corners.iloc[:0]
    if cell_m is not None:
        return make_grid(corners, cell_m=cell_m, boundary=boundary, max_cells=max_cells)
    if boundary is not None:
        xmin, ymin, xmax, ymax = boundary.to_crs(crs).geometry.union_all().bounds
    else:
        xmin, ymin, xmax, ymax = extent[:4]
    xy = used[["x", "y"]].compute()
    cell, rule = auto_cell_size(xy["x"].to_numpy(float), xy["y"].to_numpy(float), xmax - xmin, ymax - ymin,
                                AUTO_MAX_CELLS if max_cells is None else max_cells)  # as make_grid does
    return replace(make_grid(corners, cell_m=cell, boundary=boundary, max_cells=max_cells), cell_rule=rule)


def _read(plan):
    """The planned columns of a dataset, one partition per row group, in the local reader's file order
    (``pyarrow.dataset``: lexicographic paths, so ``month=10`` before ``month=3``), so that "the first
    occurrence" of a repeated id is the same row for both engines."""
    import dask.dataframe as dd

    files = ds.dataset(plan.path, format="parquet", partitioning="hive").files
    pieces = [(f, g) for f in files for g in range(pq.ParquetFile(f).metadata.num_row_groups)]
    if not pieces:
        raise InputError(f"{plan.path}: the Parquet data has no row groups; export the data again.")
    in_files = set(pq.ParquetFile(files[0]).schema_arrow.names)
    missing = [c for c in plan.columns if c not in in_files]
    if missing:
        raise InputError(f"{plan.path}: column(s) {', '.join(missing)} exist only as folder names (year=...); "
                         "--engine dask reads the columns inside the files: write them into the parts, or leave out "
                         "--engine dask.")
    meta = _read_piece(pieces[0], plan.columns).iloc[:0]
    return dd.from_map(_read_piece, pieces, columns=plan.columns, meta=meta, enforce_metadata=False,
                       label="read-parquet-row-group")


def _read_piece(piece, columns):
    path, group = piece
    return pq.ParquetFile(path).read_row_group(group, columns=list(columns)).to_pandas()


def point_weights(rows, complaint_weight=COMPLAINT_WEIGHT, category_weights=None):
    """Each row's weight in the sums (its weight × category weight × complaint weight) and its source mask,
    as :func:`hotspots.methods.counts.count_points` weighs points."""
    weights = rows["weight"].to_numpy(float)
    if category_weights:
        weights = weights * rows["category"].map(category_weights).fillna(1.0).to_numpy(float)
    is_complaint = (rows["source"] == "complaint").to_numpy(dtype=bool)
    return np.where(is_complaint, weights * complaint_weight, weights), is_complaint


def cell_index(rows, grid) -> np.ndarray:
    """Flat cell index of each row (row-major), -1 when off the grid or in a cell outside the study area."""
    row, col, on = grid.cell_of(rows["x"].to_numpy(float), rows["y"].to_numpy(float))
    flat = np.where(on, row * grid.nx + col, -1)
    on &= grid.inside.ravel()[np.clip(flat, 0, None)]
    return np.where(on, flat, -1)


def _partition_sums(rows, grid, complaint_weight, category_weights):
    """One partition's sums per occupied cell (cell -1 holds the count of points off the grid)."""
    flat = cell_index(rows, grid)
    weights, is_complaint = point_weights(rows, complaint_weight, category_weights)
    cells, inverse = np.unique(flat, return_inverse=True)
    on = flat >= 0

    def tally(select):
        return np.bincount(inverse[select], weights=weights[select], minlength=len(cells))

    return pd.DataFrame({"cell": cells.astype("int64"), "incidents": tally(on & ~is_complaint),
                         "complaints": tally(on & is_complaint),
                         "n": np.bincount(inverse, minlength=len(cells)).astype("int64")})


def _tally(rows):
    """One partition's counts: rows per reason ("" = used) and used rows per category, source and zone."""
    used = rows[rows["reason"].isna()]
    columns = [("reason", rows["reason"].fillna(""))] + [(c, used[c]) for c in ("category", "source", "tz")]
    parts = [values.value_counts().rename("n").rename_axis("key").reset_index().assign(kind=kind)
             for kind, values in columns]
    out = pd.concat(parts, ignore_index=True)
    return pd.DataFrame({"kind": out["kind"].astype(object), "key": out["key"].astype(object),
                         "n": out["n"].astype("int64")})


def _summary(plans, tallies, extent, crs) -> dict:
    files, totals = [], {"category": {}, "source": {}, "tz": {}}
    for plan, tally in zip(plans, tallies):
        counts = {str(k): int(v) for k, v in tally.loc["reason"].items() if v} if "reason" in tally.index else {}
        used = counts.pop("", 0)
        files.append({"file": plan.name, "path": plan.path, "source": plan.source, "format": "parquet",
                      "rows_read": used + sum(counts.values()), "rows_used": used,
                      "rows_rejected": sum(counts.values()), "reasons": counts, "crs": crs,
                      "source_crs": str(plan.options.crs), "columns": list(plan.columns)})
        for kind, values in totals.items():
            for key, n in (tally.loc[kind].items() if kind in tally.index else ()):
                values[str(key)] = values.get(str(key), 0) + int(n)
    categories, sources, zones = (dict(sorted(totals[k].items(), key=lambda kv: -kv[1]))
                                  for k in ("category", "source", "tz"))
    reasons_all = {}
    for f in files:
        for k, v in f["reasons"].items():
            reasons_all[k] = reasons_all.get(k, 0) + v
    used = sum(f["rows_used"] for f in files)
    rejected = sum(f["rows_rejected"] for f in files)
    tz = next(iter(zones), None)
    shown = tz if len(zones) == 1 else "UTC"  # the reader's rule: one zone as is, several in UTC

    def when(t):
        return None if pd.isna(t) else pd.Timestamp(t).tz_convert(shown).isoformat()

    return {"rows_read": used + rejected, "rows_used": used, "rows_rejected": rejected,
            "reasons": dict(sorted(reasons_all.items(), key=lambda kv: -kv[1])), "crs": crs, "tz": tz,
            "zones": zones, "time_min": when(extent[4]), "time_max": when(extent[5]), "categories": categories,
            "sources": sources, "source_crs": sorted({f["source_crs"] for f in files}), "files": files,
            "warnings": []}


def _check_weights(complaint_weight, category_weights):
    if complaint_weight < 0 or not np.isfinite(complaint_weight):
        raise InputError(f"complaint weight must be a number ≥ 0, got {complaint_weight}.")
    bad = {k: v for k, v in (category_weights or {}).items() if not np.isfinite(v) or v < 0}
    if bad:
        raise InputError(f"category weights must be numbers ≥ 0; got {bad}.")


def _with_target(options, target):
    return replace(options, target_crs=target)


def _as_list(paths):
    if paths is None:
        return []
    return [paths] if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__") else list(paths)
