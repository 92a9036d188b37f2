"""Classes per grid cell as one map image (emerging hot spot classes, before/after change), with a legend.

Nearest resampling keeps each cell one colour; cells without a class are transparent. Each class present gets
a legend row with its name, so the classes read by their words, not by colour alone.
"""

import numpy as np

from maps.overlays.raster import raster_overlay

__all__ = ["add_class_raster"]


def add_class_raster(m, category, keep, grid, classes, name, legend=None, lang="sv", show=False, empty=None):
    """Paint a class per grid cell as one image; returns ``m``.

    Parameters
    ----------
    m : folium.Map
    category : ndarray of str, shape (ny, nx)
        Class key per cell; keys not in ``classes`` are not drawn.
    keep : ndarray of bool, shape (ny, nx)
        Cells that may be drawn.
    grid : hotspots.methods.grid.Grid
    classes : dict
        ``key -> (colour, Swedish name, English name)``, in legend order.
    name : str
        Layer name (layer control and legend title).
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    show : bool
    empty : str, optional
        Legend text when no cell has a class (the layer is then still listed, empty); without it nothing is
        added in that case.
    """
    keys = list(classes)
    code = np.full(category.shape, np.nan)
    for i, key in enumerate(keys):
        code[(category == key) & keep] = i
    present = [k for i, k in enumerate(keys) if (code == i).any()]
    if not present and empty is None:
        return m
    rgb = np.array([[int(classes[k][0][j:j + 2], 16) for j in (1, 3, 5)] for k in keys], np.uint8)

    def paint(values):
        out = np.zeros(values.shape + (4,), np.uint8)
        ok = np.isfinite(values)
        out[ok, :3] = rgb[values[ok].astype(int)]
        out[ok, 3] = 215
        return out

    raster_overlay(code, grid.x0, grid.y0, grid.cell_m, grid.crs, paint, name=name, smooth=False,
                   show=show).add_to(m)
    if legend is not None:
        rows = [(classes[k][0], classes[k][2 if lang == "en" else 1]) for k in present] or [("#ffffff", empty)]
        legend.add_classes(name, rows, layer=name, hidden=not show)
    return m
