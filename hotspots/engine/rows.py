"""The local reader's row rules on one partition: every row used, or rejected with the reader's reason.

A partition (a pandas frame of the columns the plan reads) goes through the same public stages and in
the same order as :func:`hotspots.io.read.read_points` runs them on a file:
:func:`~hotspots.io.where.coords.locate_points` (coordinates, plausibility, null island, study area or
boundary), :func:`~hotspots.io.when.times.parse_times` (time, date floor, future dates, each row's zone
from where it is), the weight rule, :func:`~hotspots.io.what.classify.classify_rows` (category), and
repeated ids within the partition. Decisions the local reader takes once per file (source CRS, target
CRS, offsets read as local clocks, the latest plausible date) are taken once per dataset by
:func:`hotspots.engine.plan.plan_parquet` and fixed in the :class:`RowPlan`, so every partition decides
alike. Run on the workers; pure pandas/numpy, no dask.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hotspots.io.columns import to_number
from hotspots.io.what.classify import classify_rows
from hotspots.io.when.times import parse_times
from hotspots.io.when.zone import zones_of_located
from hotspots.io.where.coords import locate_points

__all__ = ["ROW_COLUMNS", "RowPlan", "clean_partition", "empty_rows", "raw_frame", "row_zones"]

#: Columns of a cleaned partition; ``reason`` is None for a used row. Times are UTC, ``tz`` each row's zone.
ROW_COLUMNS = ("reason", "x", "y", "start", "end", "tz", "weight", "category", "source", "id")
_TIME = "datetime64[ns, UTC]"


@dataclass(frozen=True)
class RowPlan:
    """How every partition of one Parquet dataset is read (see :func:`hotspots.engine.plan.plan_parquet`).

    ``options`` is a :class:`hotspots.io.read.ReadOptions` with the per-file decisions fixed;
    ``boundary`` the study area read once on the client (or ``None``); ``columns`` the columns read;
    ``time_columns`` those the reader chose for the times (only they are shown to the time parser, which
    would otherwise judge every column by content in every partition).
    """

    path: str
    name: str
    source: str
    columns: tuple
    options: object
    boundary: object = None
    id_col: str | None = None
    weight_col: str | None = None
    time_columns: tuple = ()


def raw_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A partition as the local Parquet reader hands it on: text as ``str``/``None``, nullable
    integers as float (NaN), numbers and timestamps typed, a fresh 0..n-1 index."""
    out = {}
    for name, column in frame.items():
        dtype = column.dtype
        if pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
            out[name] = pd.Series(column.astype(object).where(column.notna(), None).to_numpy(), dtype=object)
        elif pd.api.types.is_integer_dtype(dtype) and isinstance(dtype, pd.api.extensions.ExtensionDtype):
            out[name] = column.astype("float64").to_numpy()
        else:
            out[name] = column.to_numpy() if not isinstance(dtype, pd.DatetimeTZDtype) else column.array
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def clean_partition(frame: pd.DataFrame, plan: RowPlan) -> pd.DataFrame:
    """Apply the reader's row rules to one partition.

    Parameters
    ----------
    frame : pandas.DataFrame
        The partition as dask read it (only ``plan.columns``).
    plan : RowPlan

    Returns
    -------
    pandas.DataFrame
        One row per input row with :data:`ROW_COLUMNS`: ``reason`` (None when used, else the reader's
        reason key), ``x``/``y`` in the plan's metric CRS, ``start``/``end`` in UTC, ``tz``, ``weight``
        (the row's own weight), ``category`` (canonical key), ``source`` and ``id`` (None without an id
        column).
    """
    table = raw_frame(frame[list(plan.columns)])
    opt, n = plan.options, len(table)
    if n == 0:
        return empty_rows()
    reason = pd.Series([None] * n, dtype=object)
    located = locate_points(table, source=plan.name, x_col=opt.x_col, y_col=opt.y_col, crs=opt.crs,
                            target_crs=opt.target_crs, boundary=plan.boundary,
                            boundary_buffer_m=opt.boundary_buffer_m, study_box=opt.study_box)
    reason = reason.where(reason.notna(), located.reason)
    times = parse_times(table[list(plan.time_columns)], source=plan.name, start_col=opt.start_col, end_col=opt.end_col,
                        date_col=opt.date_col, clock_col=opt.clock_col, tz=opt.tz,
                        zones=None if opt.tz is not None else row_zones(located),
                        ignore_offsets=opt.ignore_offsets, dayfirst=opt.dayfirst, min_date=opt.min_date,
                        max_date=opt.max_date)
    reason = reason.where(reason.notna(), times.reason)
    weight = np.ones(n)
    if plan.weight_col:
        weight = to_number(table[plan.weight_col])
        bad = ~np.isfinite(weight) | (weight < 0)
        reason = reason.where(reason.notna() | ~bad, "invalid_weight")
    what = classify_rows(table, source=plan.name, stated_column=opt.category_col,
                         default_category=opt.default_category, overrides=opt.category_overrides)
    ids = pd.Series([None] * n, dtype=object)
    if plan.id_col:  # the first valid row of an id is kept, later ones are duplicate_id (as the reader does);
        ids = table[plan.id_col].astype("string").str.strip()  # across partitions: hotspots.engine.repeated_ids
        valid = reason.isna()
        reason = reason.mask(valid & ids.where(valid).duplicated(keep="first") & ids.notna(), "duplicate_id")
        ids = ids.astype(object).where(ids.notna(), None)
    zone = times.zone.to_numpy(dtype=object) if times.zone is not None else np.full(n, str(times.info.get("tz")),
                                                                                      dtype=object)
    return pd.DataFrame({
        "reason": _text(reason.to_numpy(dtype=object)),
        "x": np.asarray(located.x, float), "y": np.asarray(located.y, float),
        "start": _utc(times.start), "end": _utc(times.end), "tz": _text(zone),
        "weight": np.asarray(weight, float),
        "category": _text(what.category.to_numpy(dtype=object)),
        "source": _text(np.full(n, plan.source, dtype=object)),
        "id": _text(ids.to_numpy(dtype=object)),
    })


def _text(values) -> pd.Series:
    """Text with ``None`` for missing, as object dtype (pandas 3 would infer its own string dtype)."""
    return pd.Series(values, dtype=object)


def empty_rows() -> pd.DataFrame:
    """A cleaned partition with no rows: the dtypes of :func:`clean_partition` (dask's ``meta``)."""
    return pd.DataFrame({"reason": pd.Series([], dtype=object), "x": pd.Series([], dtype=float),
                         "y": pd.Series([], dtype=float), "start": pd.Series([], dtype=_TIME),
                         "end": pd.Series([], dtype=_TIME), "tz": pd.Series([], dtype=object),
                         "weight": pd.Series([], dtype=float), "category": pd.Series([], dtype=object),
                         "source": pd.Series([], dtype=object), "id": pd.Series([], dtype=object)})


def _utc(times: pd.Series) -> np.ndarray:
    return pd.Series(times).dt.tz_convert("UTC").astype(_TIME).array


def row_zones(located):
    """Each row's zone from where it is, offline (the reader's own rule, so both engines agree)."""
    return zones_of_located(located)
