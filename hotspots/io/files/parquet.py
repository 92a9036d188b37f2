"""Parquet read column by column: plain (coordinate columns, as databases and pandas write it) or
GeoParquet (a WKB geometry column described by the ``geo`` metadata); one file, or a folder of parts
with optional hive partitions (``year=2024/part-0.parquet``)."""

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import shapely

from hotspots.errors import InputError
from hotspots.io.files._raw import RawTable, object_frame, unique_names
from hotspots.io.files.limits import MAX_ROWS

__all__ = ["read_parquet"]


def read_parquet(path, *, columns=None) -> RawTable:
    """Read a Parquet file or a folder of Parquet parts into a :class:`RawTable`.

    Parameters
    ----------
    path : str or Path
        A ``.parquet`` file or a folder holding parts (hive partition folders become columns).
    columns : sequence of str, optional
        Read only these attribute columns (the geometry column of GeoParquet is always read).

    Returns
    -------
    RawTable
        Numbers and timestamps stay typed; text as ``str``/``None``; ``geometry`` for GeoParquet;
        rows labelled ``row N`` (``feature N`` for GeoParquet; 1-based, in part order for a folder).

    Raises
    ------
    InputError
        Not Parquet, no rows, or more rows than the limit.
    """
    path = Path(path)
    try:
        dataset = ds.dataset(str(path), format="parquet", partitioning="hive")
        geo = _geo_metadata(dataset.schema)
        names = [n for n in dataset.schema.names if columns is None or n in columns or (geo and n in geo["cols"])]
        n_rows = dataset.count_rows()
        if n_rows > MAX_ROWS:
            raise InputError(f"{path}: {n_rows:,} rows, more than the limit of {MAX_ROWS:,}; read a subset of "
                             "the parts (a sub-folder) at a time.")
        table = dataset.to_table(columns=names)
    except (pa.ArrowException, OSError, ValueError) as err:
        raise InputError(f"{path}: cannot be read as Parquet ({str(err).splitlines()[0]}); check the file or "
                         "export it again.") from None
    if table.num_rows == 0:
        raise InputError(f"{path}: the Parquet data has no rows; export the data again.")
    geometry, fmt = None, "parquet"
    if geo:
        column = geo["primary"]
        wkb = table.column(column).to_numpy(zero_copy_only=False)
        try:
            geometry = gpd.GeoSeries(shapely.from_wkb(wkb, on_invalid="ignore"), crs=geo["crs"])
        except (shapely.errors.GEOSException, ValueError, TypeError) as err:
            raise InputError(f"{path}: the GeoParquet geometry column {column!r} cannot be read ({err}); "
                             "export it again.") from None
        table = table.drop_columns([c for c in geo["cols"] if c in table.column_names])
        fmt = "geoparquet"
    frame = object_frame(table, unique_names(table.column_names))
    word = "feature " if geometry is not None else "row "  # GeoParquet counts features, like other GIS files
    numbers = pc.cast(pa.array(np.arange(1, table.num_rows + 1)), pa.string())
    labels = pd.Series(pc.binary_join_element_wise(word, numbers, ""), dtype="str")  # Arrow strings, no objects
    return RawTable(frame, path.name, labels, geometry, None, {"format": fmt, "parts": len(dataset.files)})


def _geo_metadata(schema):
    """``{"primary", "cols", "crs"}`` from GeoParquet metadata, else ``None`` (plain Parquet)."""
    raw = (schema.metadata or {}).get(b"geo")
    if raw is None:
        return None
    meta = json.loads(raw)
    primary = meta.get("primary_column") or next(iter(meta.get("columns", {})), None)
    if primary is None or primary not in schema.names:
        return None
    described = meta["columns"].get(primary, {})
    crs = described.get("crs", "OGC:CRS84")
    if isinstance(crs, dict):
        crs = json.dumps(crs)
    return {"primary": primary, "cols": [c for c in meta.get("columns", {}) if c in schema.names],
            "crs": crs or None}
