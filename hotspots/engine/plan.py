"""Plan the reading of one Parquet dataset: which columns, and the decisions taken once per file.

The local reader detects per file what the data do not state: the coordinate columns and their CRS,
the metric target CRS, the time columns, whether written UTC offsets are really local clocks, the
category, id and weight columns. On dask every partition runs the row rules separately, so these
file-wide choices are made here once, on the first :data:`SAMPLE_ROWS` rows of the dataset with the
reader's own public functions, and fixed in the :class:`~hotspots.engine.rows.RowPlan`. Only the
columns the rules use are then read from the partitions. The latest plausible date (now + 1 day) is
fixed here too, so partitions read at different moments agree.
"""

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from hotspots.engine.rows import RowPlan, raw_frame, row_zones
from hotspots.errors import InputError
from hotspots.io.columns import find_column
from hotspots.io.what.classify import classify_rows
from hotspots.io.when.times import parse_times
from hotspots.io.where.coords import locate_points

__all__ = ["SAMPLE_ROWS", "plan_parquet"]

#: Rows of the first partitions used to take the per-file decisions.
SAMPLE_ROWS = 50_000
# The reader's candidate names for the id and weight columns (hotspots.io.read), in its order.
ID_NAMES = ["id", "arendenummer", "arendenr", "diarienummer", "handelsenummer", "case_id", "incident_id",
            "event_id", "objectid", "fid", "lopnummer", "nr"]
WEIGHT_NAMES = ["weight", "vikt"]


def plan_parquet(path, *, source, options, boundary=None) -> RowPlan:
    """Decide how every partition of a Parquet file or folder of parts is read.

    Parameters
    ----------
    path : str or Path
        A ``.parquet`` file or a folder of parts (hive folders such as ``year=2024/month=05`` allowed).
    source : {"incident", "complaint"}
    options : hotspots.io.read.ReadOptions
        The reading options; whatever they leave open is decided from the sample.
    boundary : GeoDataFrame, optional
        The study area, read once (:func:`hotspots.io.where.area.read_area`).

    Returns
    -------
    RowPlan

    Raises
    ------
    InputError
        Not Parquet, no rows, GeoParquet (read it with the local engine), or what the reader's own
        checks raise (no coordinate columns, a CRS that cannot be determined, ...).
    """
    path = Path(path)
    name = path.name
    try:
        dataset = ds.dataset(str(path), format="parquet", partitioning="hive")
        if b"geo" in (dataset.schema.metadata or {}):
            raise InputError(f"{path}: GeoParquet (a geometry column) is read by the local engine only; leave out "
                             "--engine dask, or export plain Parquet with x/y coordinate columns.")
        sample = dataset.head(SAMPLE_ROWS)
    except (pa.ArrowException, OSError, ValueError) as err:
        raise InputError(f"{path}: cannot be read as Parquet ({str(err).splitlines()[0]}); --engine dask reads "
                         "a .parquet file or a folder of .parquet parts.") from None
    if sample.num_rows == 0:
        raise InputError(f"{path}: the Parquet data has no rows; export the data again.")
    table = raw_frame(sample.to_pandas())
    located = locate_points(table, source=name, x_col=options.x_col, y_col=options.y_col, crs=options.crs,
                            target_crs=options.target_crs, boundary=boundary,
                            boundary_buffer_m=options.boundary_buffer_m, study_box=options.study_box)
    times = parse_times(table, source=name, start_col=options.start_col, end_col=options.end_col,
                        date_col=options.date_col, clock_col=options.clock_col, tz=options.tz,
                        zones=None if options.tz is not None else row_zones(located),
                        ignore_offsets=options.ignore_offsets, dayfirst=options.dayfirst,
                        min_date=options.min_date, max_date=options.max_date)
    what = classify_rows(table, source=name, stated_column=options.category_col,
                         default_category=options.default_category, overrides=options.category_overrides)
    id_col = _stated(path, table, options.id_col, "--id") or find_column(table.columns, ID_NAMES, prefix_ok=False)
    weight_col = _stated(path, table, options.weight_col, "--weight") or find_column(table.columns, WEIGHT_NAMES)
    info = located.info
    time_columns = tuple(dict.fromkeys(c for c in (times.info.get("time_columns") or {}).values() if c))
    columns = [info.get("x_column"), info.get("y_column"), *time_columns,
               what.report.get("category_column"), id_col, weight_col]
    columns = tuple(dict.fromkeys(c for c in columns if c is not None))
    fixed = replace(options, crs=options.crs or located.source_crs, target_crs=located.crs,
                    ignore_offsets=bool(options.ignore_offsets or times.info.get("offsets_read_as_local")),
                    max_date=options.max_date or (pd.Timestamp.now(tz="UTC") + pd.Timedelta(days=1)).isoformat(),
                    category_col=what.report.get("category_column") or None)
    return RowPlan(str(path), name, source, columns, fixed, boundary, id_col, weight_col, time_columns)


def _stated(path, table, column, flag):
    if column and column not in table.columns:
        raise InputError(f"{path}: no column '{column}'; columns are: {', '.join(map(str, table.columns))}; "
                         f"pass {flag} with one of them.")
    return column
