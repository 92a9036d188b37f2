"""The one validator every public analysis function runs first on its points.

It accepts the Points contract from :func:`hotspots.io.read.read_points`, and also a plain
GeoDataFrame of points from a notebook: missing contract columns get their documented defaults
(``weight`` 1, ``source`` "incident", ``category`` "other", ``sensitive`` False) and a geographic
CRS is projected to the internal metric CRS — each choice is reported in the returned notes.
"""

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from hotspots.errors import InputError
from hotspots.io.where._crs import metric_crs

__all__ = ["validate_points"]

_DEFAULTS = {"weight": 1.0, "source": "incident", "category": "other", "sensitive": False}


def validate_points(points, *, where="points"):
    """Check (and complete) a points frame; never mutates the input.

    Parameters
    ----------
    points : GeoDataFrame or DataFrame
        Point geometries with a CRS; or float ``x``/``y`` columns in a metric CRS named in
        ``points.attrs["crs"]`` (``read_points(..., geometry=False)``).
    where : str
        Name used in messages (the calling function or file).

    Returns
    -------
    tuple of (GeoDataFrame, list of str)
        A new frame in a metric CRS with the contract columns, and notes on what was filled in.

    Raises
    ------
    InputError
        Not a GeoDataFrame, no CRS, non-point or empty geometries, invalid weights or sources.
    """
    columns = getattr(points, "attrs", {}).get("crs") is not None and {"x", "y"} <= set(getattr(points, "columns", ()))
    if not isinstance(points, gpd.GeoDataFrame) and not (isinstance(points, pd.DataFrame) and columns):
        raise InputError(f"{where}: expected a GeoDataFrame of points (from read_points), got "
                         f"{type(points).__name__}; read files with hotspots.io.read.read_points.")
    if isinstance(points, gpd.GeoDataFrame):
        if points.crs is None:
            raise InputError(f"{where}: the points have no CRS; set one, e.g. points.set_crs('EPSG:3006').")
        geoms = points.geometry
        bad = ~shapely.is_geometry(geoms.to_numpy()) | (shapely.get_type_id(geoms.to_numpy()) != 0) | \
            geoms.is_empty.to_numpy()
    else:  # x/y columns and attrs["crs"] (read_points(geometry=False), the counting fast path)
        bad = ~(np.isfinite(points["x"].to_numpy(float)) & np.isfinite(points["y"].to_numpy(float)))
        if not pyproj.CRS.from_user_input(points.attrs["crs"]).is_projected:
            raise InputError(f"{where}: x/y columns must be in a metric CRS; got {points.attrs['crs']}.")
    if bad.any():
        raise InputError(f"{where}: {int(bad.sum())} geometries are not points (first at position "
                         f"{int(np.flatnonzero(bad)[0])}); pass point data.")
    notes = []
    out = points.copy(deep=False)  # columns are replaced below, never written into: the input stays as it was
    for column, default in _DEFAULTS.items():
        if column not in out.columns:
            out[column] = default
            notes.append(f"no '{column}' column: every point gets {default!r}")
    weights = pd.to_numeric(out["weight"], errors="coerce").to_numpy(float)
    if (~np.isfinite(weights) | (weights < 0)).any():
        raise InputError(f"{where}: 'weight' must be numbers ≥ 0; {int((~np.isfinite(weights) | (weights < 0)).sum())} "
                         "are not.")
    out["weight"] = weights
    unknown = set(out["source"].unique()) - {"incident", "complaint"}
    if unknown:
        raise InputError(f"{where}: 'source' must be 'incident' or 'complaint', found {sorted(map(str, unknown))}.")
    if isinstance(out, gpd.GeoDataFrame) and not out.crs.is_projected:
        wgs = out.geometry.to_crs(4326)
        target = metric_crs(wgs.x.to_numpy(), wgs.y.to_numpy(), source=where)[0].to_string()
        out = out.to_crs(target)
        notes.append(f"geographic CRS projected to {target}")
    return out, notes

