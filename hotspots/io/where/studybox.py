"""Plausibility of locations without a boundary: which points lie far outside the study area.

Country polygons are not available offline, so the rule is a box, documented and configurable:

* a stated box ``(west, south, east, north)`` in longitude/latitude (``ReadOptions.study_box``);
* otherwise, when the points are in Sweden (the internal CRS is SWEREF 99 TM, chosen because most
  points lie in Sweden), Sweden's box (10–24.5° E, 55–69.5° N, which also takes in the border
  areas of Norway, Finland and Denmark): a point in Paris in a Kalix file is outside;
* otherwise a box around the bulk of the points: per axis the median ± max(``MIN_HALF_WIDTH_M``,
  ``IQR_MULTIPLE`` × the interquartile range), which keeps a whole city or country and rejects a
  point on another continent.

``"off"`` (or ``None``) switches the check off. With a boundary the boundary decides instead.
"""

import numpy as np
from pyproj import CRS, Transformer

from hotspots.errors import InputError
from hotspots.io.where._crs import SWEDEN_LONLAT

__all__ = ["IQR_MULTIPLE", "MIN_HALF_WIDTH_M", "outside_study_box"]

#: Half-width of the automatic box around the bulk of the points: at least this many metres ...
MIN_HALF_WIDTH_M = 300_000.0
#: ... or this many interquartile ranges of the points, whichever is larger.
IQR_MULTIPLE = 10.0


def outside_study_box(x, y, ok, target, study_box="auto", *, source="input"):
    """Mark the located points that lie outside the study box.

    Parameters
    ----------
    x, y : numpy.ndarray
        Coordinates in the metric CRS ``target`` (NaN where not located).
    ok : numpy.ndarray of bool
        Rows located so far; only these are judged and used for the bulk.
    target : pyproj.CRS
        The metric CRS of ``x``/``y``.
    study_box : "auto", "off", None or tuple of 4 floats
        The rule (see the module docs) or a ``(west, south, east, north)`` box in degrees.
    source : str
        File name used in messages.

    Returns
    -------
    tuple of (numpy.ndarray of bool, str or None)
        Rows outside, and the box in words (``None`` when the check is off).
    """
    ok = np.asarray(ok, dtype=bool)
    if study_box is None or (isinstance(study_box, str) and study_box.lower() == "off") or not ok.any():
        return np.zeros(len(ok), dtype=bool), None
    if isinstance(study_box, str) and study_box.lower() != "auto":
        raise InputError(f"{source}: study_box {study_box!r} is not 'auto', 'off' or (west, south, east, north) "
                         "in degrees; pass one of these.")
    if not isinstance(study_box, str):
        box = _degrees(study_box, source)
        lo, hi, words = *_projected(box, target), f"the stated box {box}"
    elif CRS.from_user_input(target).to_epsg() == 3006:
        lo, hi, words = *_projected(SWEDEN_LONLAT, target), "Sweden's box (10–24.5° E, 55–69.5° N)"
    else:
        pts = np.column_stack([x[ok], y[ok]])
        median = np.median(pts, axis=0)
        q1, q3 = np.percentile(pts, [25, 75], axis=0)
        half = np.maximum(MIN_HALF_WIDTH_M, IQR_MULTIPLE * (q3 - q1))
        lo, hi = median - half, median + half
        words = (f"the bulk of the points: median ± max({MIN_HALF_WIDTH_M / 1000:.0f} km, "
                 f"{IQR_MULTIPLE:g} × interquartile range)")
    with np.errstate(invalid="ignore"):
        inside = (x >= lo[0]) & (x <= hi[0]) & (y >= lo[1]) & (y <= hi[1])
    return ok & ~inside, words


def _degrees(box, source):
    try:
        west, south, east, north = (float(v) for v in box)
    except (TypeError, ValueError):
        raise InputError(f"{source}: study_box must be (west, south, east, north) in degrees, got {box!r}.") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise InputError(f"{source}: study_box {box!r} is not a box in degrees (west < east, south < north).")
    return west, south, east, north


def _projected(box, target):
    """A lon/lat box as the enclosing rectangle in ``target`` (generous: densified edges)."""
    xmin, ymin, xmax, ymax = Transformer.from_crs("EPSG:4326", target, always_xy=True).transform_bounds(
        *box, densify_pts=21)
    return np.array([xmin, ymin]), np.array([xmax, ymax])
