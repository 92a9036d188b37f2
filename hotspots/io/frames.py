"""Coordinates and CRS of a points frame, with or without shapely geometries.

``read_points(..., geometry=False)`` returns a plain DataFrame with float ``x``/``y`` columns and its CRS in
``frame.attrs["crs"]`` (counting 15 million rows needs no shapely point per row); a GeoDataFrame carries
them in its geometry. Every grid method reads both through :func:`points_xy`.
"""

from pyproj import CRS

__all__ = ["points_xy"]


def points_xy(points):
    """``(x, y, crs)`` of a points frame: float arrays and a :class:`pyproj.CRS` (``None`` when unknown).

    Parameters
    ----------
    points : GeoDataFrame or DataFrame
        Point geometries, or ``x``/``y`` columns with the CRS in ``attrs["crs"]``.

    Returns
    -------
    tuple
    """
    if "geometry" in points.columns and hasattr(points, "geometry") and getattr(points, "crs", None) is not None:
        return points.geometry.x.to_numpy(), points.geometry.y.to_numpy(), points.crs
    crs = points.attrs.get("crs")
    return (points["x"].to_numpy(float), points["y"].to_numpy(float),
            CRS.from_user_input(crs) if crs is not None else None)
