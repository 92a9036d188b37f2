"""Coordinate values from a raw table: the x/y columns (named or found by name) parsed the Swedish way, or the
file's point geometry. Each row gets numbers or a reason key; the CRS is decided elsewhere
(:mod:`hotspots.io.where.sourcecrs`).
"""

from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.errors import InputError
from hotspots.io.columns import column_list, find_column, normalise_name, plain_numbers, to_number
from hotspots.io.where.xynames import find_xy_columns

__all__ = ["RawXY", "read_xy"]

_MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "--", "saknas"}


class RawXY(NamedTuple):
    """What :func:`read_xy` found: values in the file's own units, before any CRS is decided."""

    x: np.ndarray
    y: np.ndarray
    reason: np.ndarray     # None where the row has numbers, else a reason key
    names: tuple           # the two columns as named in messages
    file_crs: object       # the geometry's CRS, None for columns
    info: dict             # where the coordinates came from, for the report


def read_xy(table, *, source="input", x_col=None, y_col=None, geometry=None) -> RawXY:
    """The x/y values of every row: from the named (or found) columns, else from the file's point geometry.

    Parameters
    ----------
    table : pandas.DataFrame
        Raw columns as read from a file. Not modified.
    source : str
        File name used in messages.
    x_col, y_col : str, optional
        Coordinate columns; found by name (English or Swedish, :func:`~hotspots.io.where.xynames.find_xy_columns`)
        if both are omitted.
    geometry : geopandas.GeoSeries, optional
        The file's geometry, aligned with ``table``; used unless ``x_col``/``y_col`` are given.

    Returns
    -------
    RawXY
        NaN and a reason (``no_coordinates``, ``unparseable_coordinates``, ``not_a_point``) where a row has no
        usable numbers.

    Raises
    ------
    InputError
        Named columns missing, only one named, no coordinate columns found, geometry of the wrong length.
    """
    if geometry is not None and x_col is None and y_col is None:
        x, y, reason = _from_geometry(geometry, len(table), source)
        return RawXY(x, y, reason, ("geometry x", "geometry y"), getattr(geometry, "crs", None),
                     {"coordinates_from": "geometry"})
    xc, yc = _pick_columns(table, source, x_col, y_col)
    x, y, reason = _from_columns(table[xc], table[yc])
    return RawXY(x, y, reason, (str(xc), str(yc)), None,
                 {"coordinates_from": "columns", "x_column": str(xc), "y_column": str(yc)})


def _pick_columns(table, source, x_col, y_col):
    cols = [str(c) for c in table.columns]
    if x_col is None and y_col is None:
        found = find_xy_columns(table.columns)
        if found is not None:
            return found
        raise InputError(f"{source}: no coordinate columns found; columns are: {column_list(cols)}; "
                         "pass --x and --y (and --crs if they are not WGS84 or SWEREF 99 TM)")
    if x_col is None or y_col is None:
        raise InputError(f"{source}: only one coordinate column was named; pass both --x and --y")
    found = []
    for name, flag in ((x_col, "--x"), (y_col, "--y")):
        col = name if name in table.columns else find_column(table.columns, [normalise_name(name)],
                                                             prefix_ok=False)
        if col is None:
            raise InputError(f"{source}: column {name!r} (given as {flag}) not found; columns are: "
                             f"{', '.join(cols)}; pass {flag} with one of these")
        found.append(col)
    return tuple(found)


def _parse(raw: pd.Series):
    fast = plain_numbers(raw)
    if fast is not None:  # every cell empty or a plain number: "nan" is the only NaN text, and it means missing
        missing = np.isnan(fast)
        return fast, missing, ~missing & ~np.isfinite(fast)
    values = np.array(to_number(raw), dtype=float)         # a copy: never write into the table
    missing = np.array(raw.isna(), dtype=bool)
    if not pd.api.types.is_numeric_dtype(raw.dtype):
        text = raw.astype("string").str.strip().str.lower()
        missing |= text.isin(_MISSING).fillna(False).to_numpy(dtype=bool)
    bad = ~missing & ~np.isfinite(values)
    values[missing | bad] = np.nan
    return values, missing, bad


def _from_columns(raw_x, raw_y):
    (x, mx, bx), (y, my, by) = _parse(raw_x), _parse(raw_y)
    reason = np.full(len(x), None, dtype=object)
    reason[mx | my] = "no_coordinates"
    reason[bx | by] = "unparseable_coordinates"
    return x, y, reason


def _from_geometry(geometry, n, source):
    if isinstance(geometry, gpd.GeoDataFrame):
        geometry = geometry.geometry
    geoms = np.asarray(getattr(geometry, "values", geometry), dtype=object)
    if len(geoms) != n:
        raise InputError(f"{source}: geometry has {len(geoms)} rows but the table has {n}")
    kind = shapely.get_type_id(geoms)
    empty = (kind == -1) | shapely.is_empty(geoms)
    one = (kind == 4) & (shapely.get_num_geometries(geoms) == 1)       # MultiPoint of one point
    points = np.where(one, shapely.get_geometry(geoms, 0), geoms)
    is_point = (shapely.get_type_id(points) == 0) & ~empty
    points = np.where(is_point, points, None)
    reason = np.full(n, None, dtype=object)
    reason[~is_point] = "not_a_point"
    reason[empty] = "no_coordinates"
    return shapely.get_x(points), shapely.get_y(points), reason
