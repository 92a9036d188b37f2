"""Where each row of a raw table is: coordinate columns or geometry, source CRS, metres.

:func:`locate_points` finds the coordinate columns (English or Swedish names) or uses the file's
geometry, parses numbers written the Swedish way, works out the source CRS (stated, from the file,
or from the value ranges: WGS84, SWEREF 99 TM, RT90 2.5 gon V), repairs swapped axes, and projects
to a metric CRS (SWEREF 99 TM in Sweden, else the data's UTM zone). Every row gets either a point
or a reason key.
"""

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from hotspots.defaults import BOUNDARY_BUFFER_M
from hotspots.errors import InputError
from hotspots.io.where.sourcecrs import area_bounds, as_crs, detect_crs, in_box, null_island, pick_target, swap_file
from hotspots.io.where.studybox import outside_study_box
from hotspots.io.where.xyparse import read_xy

__all__ = ["LocatedPoints", "locate_points"]

_DETECTED = "detected from value ranges"


@dataclass(frozen=True)
class LocatedPoints:
    """Metric coordinates of a table's rows, NaN where a row was rejected (see ``reason``)."""

    x: np.ndarray
    y: np.ndarray
    crs: str
    source_crs: str
    reason: pd.Series
    info: dict
    warnings: list


def locate_points(table, *, source="input", x_col=None, y_col=None, crs=None, geometry=None,
                  target_crs=None, boundary=None, boundary_buffer_m=BOUNDARY_BUFFER_M, study_box=None,
                  row_labels=None) -> LocatedPoints:
    """Find where each row is and return its coordinates in metres.

    Parameters
    ----------
    table : pandas.DataFrame
        Raw columns as read from a file (strings such as ``"65,8553"`` or numbers). Not modified.
    source : str
        File name used in messages.
    x_col, y_col : str, optional
        Coordinate columns (x = longitude/easting). Found by name (English or Swedish) if omitted.
    crs : str or pyproj.CRS, optional
        CRS of the input coordinates. Default: the geometry's CRS, else detected from the value
        ranges (WGS84, SWEREF 99 TM EPSG:3006, RT90 2.5 gon V EPSG:3021).
    geometry : geopandas.GeoSeries, optional
        The file's geometry, aligned with ``table``; used unless ``x_col``/``y_col`` are given.
    target_crs : str or pyproj.CRS, optional
        Metric CRS of the result. Default: EPSG:3006 when most points lie in Sweden, else the UTM
        zone of the median point.
    boundary : GeoDataFrame, GeoSeries or shapely geometry, optional
        Study area; rows outside it (after buffering) get ``outside_study_area``. A shapely
        geometry, or a GeoSeries without CRS, is taken to be in the target CRS.
    boundary_buffer_m : float
        Buffer around ``boundary`` in metres (simplified polygons cut off coastal villages).
    study_box : "auto", "off", None or tuple, optional
        Without a boundary: reject points far outside the study area as ``outside_study_area``
        (:func:`hotspots.io.where.studybox.outside_study_box`). ``None`` (default) checks nothing.
    row_labels : sequence of str, optional
        Row references for messages (as the file numbers them); default the table's index.

    Returns
    -------
    LocatedPoints
        ``x``/``y`` in ``crs``; ``reason`` is None for located rows, else one of
        ``no_coordinates``, ``unparseable_coordinates``, ``zero_coordinates`` (exactly 0, 0),
        ``null_island`` (other null-island forms: within 1 km of 0° N 0° E in the file's CRS, or one
        projected coordinate exactly 0), ``out_of_range``, ``outside_study_area``, ``not_a_point``.
        ``info`` says what was chosen and why.

    Raises
    ------
    InputError
        Named columns missing, no coordinate columns, a CRS that cannot be read or determined.
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    n = len(table)
    warnings, info = [], {"n_rows": n}
    x, y, reason, names, file_crs, found = read_xy(table, source=source, x_col=x_col, y_col=y_col, geometry=geometry)
    info.update(found)
    reason[pd.isna(reason) & ~(np.isfinite(x) & np.isfinite(y))] = "no_coordinates"
    reason[pd.isna(reason) & (x == 0) & (y == 0)] = "zero_coordinates"
    ok = pd.isna(reason)

    if crs is not None:
        src, how = as_crs(crs, source, "--crs"), "stated"
    elif file_crs is not None:
        src, how = CRS.from_user_input(file_crs), "file"
    else:
        if not ok.any():
            raise InputError(f"{source}: no row has usable coordinates in {names[0]!r}/"
                             f"{names[1]!r} ({_counts(reason)}); cannot determine the CRS. Write coordinates as "
                             "decimal numbers (65.85 or 7305123), or pass --x and --y with the right columns.")
        src, how = detect_crs(x[ok], y[ok], source, names, warnings), _DETECTED
    info.update(source_crs=src.to_string(), crs_from=how)
    reason[ok & null_island(x, y, src)] = "null_island"
    ok = pd.isna(reason)
    labels = table.index if row_labels is None else pd.Index(row_labels)

    # File-wide axis swap (lat/lon or N/E), then per-row swaps where only the swapped pair is valid.
    lo, hi = area_bounds(src, margin=True)
    swap_all = ok.any() and swap_file(src, x[ok], y[ok])
    info["axes_swapped"] = bool(swap_all)
    if swap_all:
        x, y = y, x
        a, b = ("latitudes", "longitudes") if src.is_geographic else ("northings", "eastings")
        warnings.append(f"{source}: {names[0]!r} holds {a} and {names[1]!r} {b} (read as "
                        f"{info['source_crs']}); swapped them in all {ok.sum()} rows")
    inside = in_box(x, y, lo, hi)
    row_swap = ok & ~inside & in_box(y, x, lo, hi)
    x, y = np.where(row_swap, y, x), np.where(row_swap, x, y)
    if row_swap.any():
        warnings.append(f"{source}: swapped x and y in {row_swap.sum()} row(s) whose values only "
                        f"make sense the other way round (e.g. row {_label(labels, row_swap)})")
    info["n_swapped"] = int((ok & (row_swap != swap_all)).sum())
    reason[ok & ~(inside | row_swap)] = "out_of_range"
    ok = pd.isna(reason)

    if not ok.any() and target_crs is None:
        raise InputError(f"{source}: no row has usable coordinates in {names[0]!r}/{names[1]!r} "
                         f"as {info['source_crs']} ({_counts(reason)}); check --x/--y and --crs")
    target, info["target_crs_from"] = pick_target(target_crs, src, x[ok], y[ok], source)
    info["target_crs"] = target.to_string()
    tx, ty = np.full(n, np.nan), np.full(n, np.nan)
    if ok.any():
        tx[ok], ty[ok] = Transformer.from_crs(src, target, always_xy=True).transform(x[ok], y[ok])
    reason[ok & ~(np.isfinite(tx) & np.isfinite(ty))] = "out_of_range"
    if boundary is not None:
        ok = pd.isna(reason)
        area = _boundary(boundary, target, boundary_buffer_m, source, warnings)
        reason[ok & ~shapely.intersects_xy(area, tx, ty)] = "outside_study_area"
        info["boundary_buffer_m"] = float(boundary_buffer_m)
    elif study_box is not None:
        ok = pd.isna(reason)
        outside, info["study_box"] = outside_study_box(tx, ty, ok, target, study_box, source=source)
        reason[outside] = "outside_study_area"
        if outside.any():
            first = np.flatnonzero(outside)[0]
            warnings.append(f"{source}: {int(outside.sum())} row(s) lie far outside the study area "
                            f"({info['study_box']}) and were rejected as outside_study_area, e.g. row "
                            f"{labels[first]} at {names[0]}={x[first]:.6g}, {names[1]}={y[first]:.6g}; "
                            "give a boundary (--boundary), or a study box (--study-box MINX,MINY,MAXX,MAXY in degrees, "
                            "or 'off'; [read] study_box in a project)")
    for key, words in (("null_island", "lie on or next to 'null island' (0° N 0° E), a failed geocoding"),
                       ("zero_coordinates", "have coordinates 0, 0 (a failed geocoding)")):
        mask = reason == key
        if mask.any():
            warnings.append(f"{source}: {int(mask.sum())} row(s) {words} and were rejected as {key}, e.g. row "
                            f"{_label(labels, mask)}")
    n_out = int((reason == "out_of_range").sum())
    if n_out:
        warnings.append(f"{source}: {n_out} row(s) lie outside the area where "
                        f"{info['source_crs']} is valid (e.g. row "
                        f"{_label(labels, reason == 'out_of_range')})")
    ok = pd.isna(reason)
    tx[~ok], ty[~ok] = np.nan, np.nan
    info.update(n_located=int(ok.sum()), n_rejected=int(n - ok.sum()),
                rejected={k: int(v) for k, v in pd.Series(reason[~ok]).value_counts().items()})
    return LocatedPoints(tx, ty, info["target_crs"], info["source_crs"],
                         pd.Series(reason, index=table.index, dtype=object, name="reason"),
                         info, warnings)


def _boundary(boundary, target, buffer_m, source, warnings):
    if isinstance(boundary, (gpd.GeoDataFrame, gpd.GeoSeries)):
        series = boundary.geometry if isinstance(boundary, gpd.GeoDataFrame) else boundary
        if series.crs is None:
            warnings.append(f"{source}: the study area has no CRS; assumed {target.to_string()}")
        else:
            series = series.to_crs(target)
        boundary = series.union_all()
    area = boundary.buffer(buffer_m) if buffer_m else boundary
    shapely.prepare(area)
    return area


def _counts(reason):
    return ", ".join(f"{k}: {v}" for k, v in pd.Series(reason).value_counts().items()) or "no rows"


def _label(labels, mask):
    return labels[np.flatnonzero(mask)[0]]
