"""Coordinate columns by name (English and Swedish), shared by the point reader and the sheet/layer picker."""

from hotspots.io.columns import find_column

__all__ = ["find_xy_columns"]

_LON = ("lon", "lng", "long", "longitude", "longitud", "langdgrad", "wgs84_lon", "lon_wgs84",
        "wgs84_lng", "wgs84_longitude", "longitude_wgs84", "x_wgs84", "wgs84_x", "gps_lon")
_LAT = ("lat", "latitude", "latitud", "breddgrad", "wgs84_lat", "lat_wgs84", "wgs84_latitude",
        "latitude_wgs84", "y_wgs84", "wgs84_y", "gps_lat")
_EAST = ("easting", "east", "ost", "sweref_e", "sweref99_e", "sweref99tm_e", "sweref_99_tm_e",
         "e_sweref99tm", "e_koordinat", "koordinat_e")
_NORTH = ("northing", "north", "nord", "norr", "sweref_n", "sweref99_n", "sweref99tm_n",
          "sweref_99_tm_n", "n_sweref99tm", "n_koordinat", "koordinat_n")
_XNAMES = ("koordinat_x", "x_koordinat", "koord_x", "x_koord", "x_coord", "x_coordinate",
           "coord_x", "xcoord", "point_x", "sweref_x", "sweref99_x", "sweref99tm_x", "rt90_x")
_YNAMES = tuple(n.replace("x", "y") for n in _XNAMES)
_PAIRS = ((_LON, _LAT, True), (_EAST, _NORTH, True), (_XNAMES, _YNAMES, True),
          (("x", "e"), ("y", "n"), False))


def find_xy_columns(columns):
    """The first (x, y) pair of coordinate columns found by name, else ``None``.

    Parameters
    ----------
    columns : iterable of str
        Column names as in the file.

    Returns
    -------
    tuple of (str, str) or None
        x (longitude/easting) and y (latitude/northing) column names.
    """
    columns = list(columns)
    for xs, ys, prefix_ok in _PAIRS:
        xc = find_column(columns, xs, prefix_ok=prefix_ok)
        yc = find_column(columns, ys, prefix_ok=prefix_ok)
        if xc is not None and yc is not None and xc != yc:
            return xc, yc
    return None
