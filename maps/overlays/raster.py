"""A metric raster (KDE density, counts per square) as a Leaflet image overlay in the right place.

Leaflet stretches an ``ImageOverlay`` linearly between its corner coordinates in Web Mercator, while
the analysis grids are square in SWEREF 99 TM (or UTM), which at Kalix looks rotated by ~7°. So the
image is *resampled*: each pixel centre is placed on a regular Web Mercator lattice covering the grid's
WGS84 bounds, carried into the grid's CRS with ``pyproj`` (one vectorised call) and read from the grid
(bilinear for smooth surfaces, nearest for squares). The RGBA array is written as a PNG by branca's
zlib writer (folium's own dependency) and embedded as a ``data:`` URI: no file, no request.
"""

import base64
import functools

import folium
import numpy as np
import shapely
from branca.utilities import write_png
from pyproj import Transformer
from scipy.ndimage import map_coordinates

__all__ = ["raster_overlay", "squares_to_grid"]

_MERCATOR = "EPSG:3857"


def raster_overlay(values, x0, y0, cell_m, crs, colour, *, name, max_px=900, smooth=True, opacity=1.0,
                   show=True):
    """An ``ImageOverlay`` of a grid in a metric CRS, resampled onto Leaflet's Web Mercator lattice.

    Parameters
    ----------
    values : ndarray, shape (ny, nx)
        Row 0 is the southern row (the layout of :class:`hotspots.methods.grid.Grid`); NaN is transparent.
    x0, y0 : float
        South-west corner of the grid, in ``crs``.
    cell_m : float
        Cell side in metres.
    crs : str or CRS
        The grid's (metric) CRS.
    colour : callable
        ``colour(resampled_values) -> uint8 RGBA array`` of shape ``(h, w, 4)``.
    name : str
        Name in the layer control.
    max_px : int
        Longest side of the image in pixels (the grid's cell count, doubled, is used when smaller).
    smooth : bool
        Bilinear resampling (a density) or nearest (counts per square).
    opacity : float
    show : bool
        Start switched on in the layer control.

    Returns
    -------
    folium.raster_layers.ImageOverlay
    """
    values = np.asarray(values, float)
    ny, nx = values.shape
    (west, south, east, north), h, w, row, col, inside = _lattice(float(x0), float(y0), float(cell_m), nx, ny,
                                                                  crs, int(max_px))
    if smooth:
        filled = np.nan_to_num(values, nan=0.0)
        sampled = map_coordinates(filled, [row, col], order=1, mode="nearest")
        sampled[np.isnan(map_coordinates(values, [row, col], order=0, mode="nearest"))] = np.nan
    else:
        r = np.clip(np.floor(row + 0.5).astype(np.int64), 0, ny - 1)
        c = np.clip(np.floor(col + 0.5).astype(np.int64), 0, nx - 1)
        sampled = values[r, c]
    sampled = np.where(inside, sampled, np.nan).reshape(h, w)
    rgba = np.ascontiguousarray(colour(sampled), dtype=np.uint8)
    rgba[~np.isfinite(sampled), 3] = 0
    url = "data:image/png;base64," + base64.b64encode(write_png(rgba)).decode("ascii")
    return folium.raster_layers.ImageOverlay(
        url, bounds=[[south, west], [north, east]], name=name, opacity=opacity, interactive=False, pixelated=False,
        className="hp-raster" if smooth else "hp-raster hp-squares", show=show)


@functools.lru_cache(maxsize=4)
def _lattice(x0, y0, cell_m, nx, ny, crs, max_px):
    """The Web Mercator pixel lattice over a grid and each pixel's fractional cell index (read-only arrays).

    A run draws the same grid on several maps (heat, squares, classes, per map and briefing): the ~10⁶
    pixel centres are carried into the grid's CRS once, not once per layer.
    """
    to_wgs = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    west, south, east, north = to_wgs.transform_bounds(x0, y0, x0 + nx * cell_m, y0 + ny * cell_m, densify_pts=21)
    to_merc = Transformer.from_crs("EPSG:4326", _MERCATOR, always_xy=True)
    (mx0, mx1), (my0, my1) = to_merc.transform([west, east], [south, north])
    long_side = int(min(max_px, max(64, 2 * max(nx, ny))))
    scale = max(mx1 - mx0, my1 - my0) / long_side
    w, h = max(1, round((mx1 - mx0) / scale)), max(1, round((my1 - my0) / scale))
    px = mx0 + (np.arange(w) + 0.5) * (mx1 - mx0) / w
    py = my1 - (np.arange(h) + 0.5) * (my1 - my0) / h  # image row 0 is the north edge
    mx, my = np.meshgrid(px, py)
    gx, gy = Transformer.from_crs(_MERCATOR, crs, always_xy=True).transform(mx.ravel(), my.ravel())
    col = (np.asarray(gx) - x0) / cell_m - 0.5  # fractional index of the cell centres
    row = (np.asarray(gy) - y0) / cell_m - 0.5
    inside = (col >= -0.5) & (col <= nx - 0.5) & (row >= -0.5) & (row <= ny - 0.5)
    for array in (row, col, inside):
        array.flags.writeable = False  # shared by every later call with the same grid
    return (west, south, east, north), h, w, row, col, inside


def squares_to_grid(frame, column):
    """Axis-aligned square cells of one size (a grid's cells, share-mode heat) back into an array.

    Parameters
    ----------
    frame : GeoDataFrame
        Square polygons in a metric CRS, all of one side.
    column : str
        The value to place in each square.

    Returns
    -------
    tuple
        ``(values, x0, y0, cell_m, crs)``: ``values`` of shape ``(ny, nx)``, NaN where no square lies,
        row 0 at ``y0`` (south), ready for :func:`raster_overlay`.
    """
    bounds = shapely.bounds(np.asarray(frame.geometry.values))
    cell = float(np.median(bounds[:, 2] - bounds[:, 0]))
    x0, y0 = float(bounds[:, 0].min()), float(bounds[:, 1].min())
    col = np.rint((bounds[:, 0] - x0) / cell).astype(np.int64)
    row = np.rint((bounds[:, 1] - y0) / cell).astype(np.int64)
    values = np.full((row.max() + 1, col.max() + 1), np.nan)
    values[row, col] = frame[column].to_numpy(dtype=float, na_value=np.nan)
    return values, x0, y0, cell, frame.crs
