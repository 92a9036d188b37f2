"""The CRS decision for raw coordinates: a stated CRS read, or one detected from the value ranges (WGS84,
SWEREF 99 TM, RT90 2.5 gon V); its area of use, file-wide swapped axes, null island, and the metric target CRS.
"""

import numpy as np
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from hotspots.errors import InputError
from hotspots.io.where._crs import SWEDEN_LONLAT as _SWEDEN
from hotspots.io.where._crs import metric_crs

__all__ = ["area_bounds", "as_crs", "detect_crs", "in_box", "null_island", "pick_target", "swap_file"]

_SWE_N, _SWEREF_E, _RT90_E = (6.1e6, 7.7e6), (1.8e5, 1.0e6), (1.2e6, 1.9e6)
_SWEREF_WEST, _LOCAL_E = 250_000, (50_000, 300_000)   # Sweden's west coast is at E ~ 265 km
_LOCAL_HINT = "; they look like a local SWEREF 99 zone (EPSG:3007..3018, e.g. EPSG:3018 for 23 15)"
_AREA_MARGIN_M, _AREA_MARGIN_DEG = 200_000.0, 10.0      # "outside the area of use by a wide margin"
_NULL_ISLAND_M, _NULL_ISLAND_DEG = 1000.0, 0.01                # "next to null island": ~1 km


def as_crs(value, source, flag):
    """A CRS the user stated, read by pyproj.

    Parameters
    ----------
    value : str or pyproj.CRS
        What was stated (``EPSG:3006``, ``3006``, a WKT, ...).
    source : str
        File name used in messages.
    flag : str
        The option it came from (``--crs``, ``--target-crs``), named in the message.

    Returns
    -------
    pyproj.CRS

    Raises
    ------
    InputError
        pyproj does not know it.
    """
    try:
        return CRS.from_user_input(value)
    except CRSError as exc:
        raise InputError(f"{source}: {flag} {value!r} is not a CRS pyproj knows ({exc}); "
                         f"pass {flag} EPSG:<code>, e.g. {flag} EPSG:3006") from None


def _within(value, bounds):
    return bounds[0] <= value <= bounds[1]


def detect_crs(x, y, source, names, warnings):
    """The CRS the values' medians fit: WGS84 lon/lat, SWEREF 99 TM (EPSG:3006) or RT90 2.5 gon V (EPSG:3021).

    Parameters
    ----------
    x, y : numpy.ndarray
        The usable values, either axis order.
    source : str
        File name used in messages.
    names : tuple of str
        The two columns, named in the message.
    warnings : list of str
        Appended to when SWEREF 99 TM eastings lie west of Sweden (a local zone, perhaps).

    Returns
    -------
    pyproj.CRS

    Raises
    ------
    InputError
        The values fit none of them; the message gives their ranges (and a hint for local SWEREF 99 zones).
    """
    mx, my = float(np.median(x)), float(np.median(y))
    if max(abs(mx), abs(my)) <= 180 and min(abs(mx), abs(my)) <= 90:
        return CRS.from_epsg(4326)
    for epsg, east in ((3006, _SWEREF_E), (3021, _RT90_E)):
        if any(_within(a, east) and _within(b, _SWE_N) for a, b in ((mx, my), (my, mx))):
            if epsg == 3006 and min(mx, my) < _SWEREF_WEST:
                warnings.append(f"{source}: read as SWEREF 99 TM, but the eastings lie west of "
                                "Sweden; if they are in a local SWEREF 99 zone, pass --crs "
                                "EPSG:3007..3018")
            return CRS.from_epsg(epsg)
    local = any(_within(a, _LOCAL_E) and _within(b, _SWE_N) for a, b in ((mx, my), (my, mx)))
    def fmt(v):
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.6g}"
    ranges = "; ".join(f"{name} {fmt(np.min(v))} to {fmt(np.max(v))} (median {fmt(np.median(v))})"
                       for name, v in zip(names, (x, y)))
    raise InputError(f"{source}: could not determine the CRS from the values ({ranges}); they fit "
                     "neither WGS84 lon/lat, SWEREF 99 TM (EPSG:3006) nor RT90 2.5 gon V "
                     "(EPSG:3021)" + (_LOCAL_HINT if local else "") +
                     "; pass --crs EPSG:<code> (e.g. EPSG:32610 for UTM zone 10N)")


def area_bounds(crs, margin):
    """(xmin, ymin), (xmax, ymax) of the CRS's area of use in its own units, optionally padded.

    Parameters
    ----------
    crs : pyproj.CRS
    margin : bool
        Pad by a wide margin (200 km, or 10° for a geographic CRS), for "outside by far".

    Returns
    -------
    tuple of numpy.ndarray
        ``lo`` and ``hi``; the whole world (or unbounded) when the CRS states no usable area.
    """
    world = (np.array([-180.0, -90.0]), np.array([180.0, 90.0]))
    aou = crs.area_of_use
    if aou is None or aou.west > aou.east:
        return world if crs.is_geographic else (np.full(2, -np.inf), np.full(2, np.inf))
    box = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform_bounds(*aou.bounds,
                                                                                 densify_pts=21)
    pad = (_AREA_MARGIN_DEG if crs.is_geographic else _AREA_MARGIN_M) if margin else 0.0
    lo, hi = np.array(box[:2]) - pad, np.array(box[2:]) + pad
    if crs.is_geographic:
        lo, hi = np.maximum(lo, world[0]), np.minimum(hi, world[1])
    return lo, hi


def in_box(x, y, lo, hi):
    """Whether each (x, y) lies in the box ``lo`` = (xmin, ymin), ``hi`` = (xmax, ymax); NaN is outside.

    Returns
    -------
    numpy.ndarray of bool
    """
    with np.errstate(invalid="ignore"):
        return (x >= lo[0]) & (x <= hi[0]) & (y >= lo[1]) & (y <= hi[1])


def swap_file(src, x, y):
    """True when the bulk of the rows has x and y the wrong way round.

    Parameters
    ----------
    src : pyproj.CRS
        The CRS the values are read in.
    x, y : numpy.ndarray
        The usable values.

    Returns
    -------
    bool
    """
    mx, my = np.median(x), np.median(y)
    if src.is_geographic:
        if np.mean((np.abs(y) > 90) & (np.abs(x) <= 90)) > 0.5:
            return True
        lo, hi = np.array(_SWEDEN[:2]), np.array(_SWEDEN[2:])
    else:
        lo, hi = area_bounds(src, margin=False)
    return bool(not in_box(mx, my, lo, hi) and in_box(my, mx, lo, hi))


def pick_target(target_crs, src, x, y, source):
    """The metric CRS of the result: the one stated, else SWEREF 99 TM in Sweden, else the median point's UTM zone.

    Parameters
    ----------
    target_crs : str or pyproj.CRS or None
        As stated (``--target-crs``).
    src : pyproj.CRS
        The CRS of ``x``/``y``.
    x, y : numpy.ndarray
        The usable values.
    source : str
        File name used in messages.

    Returns
    -------
    tuple of (pyproj.CRS, str)
        The CRS and why it was chosen.
    """
    if target_crs is not None:
        return as_crs(target_crs, source, "--target-crs"), "stated"
    lon, lat = Transformer.from_crs(src, "EPSG:4326", always_xy=True).transform(x, y)
    return metric_crs(lon, lat, source=source)


def null_island(x, y, src):
    """Null-island forms other than an exact (0, 0): near the image of 0° N 0° E in ``src``, or one
    projected coordinate exactly 0 (no projected CRS in use here has a real place on its axes).

    Parameters
    ----------
    x, y : numpy.ndarray
        Values in ``src``.
    src : pyproj.CRS

    Returns
    -------
    numpy.ndarray of bool
    """
    with np.errstate(invalid="ignore"):
        one_zero = ((x == 0) ^ (y == 0)) if src.is_projected else np.zeros(len(x), dtype=bool)
        try:
            nx, ny = Transformer.from_crs("EPSG:4326", src, always_xy=True).transform(0.0, 0.0, errcheck=True)
        except Exception:  # noqa: BLE001 - (0, 0) outside what the CRS can express: nothing lies there
            return one_zero
        tolerance = _NULL_ISLAND_DEG if src.is_geographic else _NULL_ISLAND_M
        near = (np.abs(x - nx) <= tolerance) & (np.abs(y - ny) <= tolerance) & ~((x == 0) & (y == 0))
    return one_zero | near
