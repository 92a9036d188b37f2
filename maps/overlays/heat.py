"""Incident heat: a KDE image for many points, folium's HeatMap for few, count squares in share mode.

A point heat layer embeds every coordinate (1M points: a 22 MB page), so above ``kde_above`` points
the density is computed with :func:`hotspots.methods.kde.kde_grid` on a grid over the points' extent and drawn
as one image (:func:`maps.overlays.raster.raster_overlay`, a few hundred kB whatever the number of
points). In share mode only aggregated squares with at least ``min_count`` points are painted, as an
image, never as points.
"""

import geopandas as gpd
import numpy as np
from folium.plugins import HeatMap
from shapely.geometry import box

from hotspots.methods.grid import make_grid
from hotspots.methods.kde import kde_grid
from maps.overlays.common import WGS84, text
from maps.overlays.controls.legend import RAMPS, ramp_rgb
from maps.overlays.raster import raster_overlay, squares_to_grid

__all__ = ["add_heat"]

KDE_ABOVE = 5000
_KDE_PX = 600  # cells along the longer side of the KDE grid


def add_heat(m, points=None, *, squares=None, mode="auto", legend=None, lang="sv", kde_above=KDE_ABOVE,
             show=False):
    """Add the heat layer to ``m`` and its legend block; returns ``(m, kind)``.

    Parameters
    ----------
    m : folium.Map
    points : GeoDataFrame, optional
        The Points contract (internal mode); ``weight`` is used when present.
    squares : GeoDataFrame, optional
        Share mode: square cells with a ``count`` (:attr:`maps.share.privacy.Shareable.heat`); wins over points.
    mode : {"auto", "kde", "heatmap"}
        ``auto``: KDE image above ``kde_above`` points, else HeatMap.
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    kde_above : int
    show : bool
        Whether the layer starts switched on (off by default: the hotspots are the map's message).

    Returns
    -------
    tuple
        ``(m, kind)`` with kind ``"squares"``, ``"kde"``, ``"heatmap"`` or ``None`` (nothing to draw).
    """
    name = text("heat", lang)
    if squares is not None:
        if not len(squares):
            return m, None
        values, x0, y0, cell, crs = squares_to_grid(squares, "count")
        lo, hi = np.nanmin(values), np.nanmax(values)
        span = np.log(hi / lo) if hi > lo else 1.0
        colour = _colour(lambda v: np.log(np.maximum(v, lo) / lo) / span, RAMPS["count"], 200)
        raster_overlay(values, x0, y0, cell, crs, colour, name=name, smooth=False, show=show).add_to(m)
        if legend is not None:
            legend.add_ramp(text("heat_cells", lang).format(m=int(lo)), RAMPS["count"], f"{lo:.0f}", f"{hi:.0f}",
                            layer=name, hidden=not show)
        return m, "squares"
    if points is None or not len(points):
        return m, None
    weights = points["weight"].to_numpy(float) if "weight" in points else np.ones(len(points))
    if mode == "heatmap" or (mode == "auto" and len(points) <= kde_above):
        wgs = points.geometry.to_crs(WGS84)
        data = np.column_stack([wgs.y.to_numpy(), wgs.x.to_numpy(), weights]).round(6)
        HeatMap(data.tolist(), name=name, radius=14, blur=18, min_opacity=0.3, show=show).add_to(m)
        if legend is not None:
            legend.add_ramp(text("heat", lang), ["#0000ff", "#00ffff", "#00ff00", "#ffff00", "#ff0000"],
                            text("low", lang), text("high", lang), layer=name, hidden=not show)
        return m, "heatmap"
    metric = points if points.crs is not None and points.crs.is_projected else points.to_crs(points.estimate_utm_crs())
    xmin, ymin, xmax, ymax = metric.total_bounds
    pad = 0.05 * max(xmax - xmin, ymax - ymin) + 500.0
    cell = max(10.0, float(np.ceil(max(xmax - xmin, ymax - ymin, 1.0) / _KDE_PX)))
    area = gpd.GeoDataFrame(geometry=[box(xmin - pad, ymin - pad, xmax + pad, ymax + pad)], crs=metric.crs)
    grid = make_grid(metric, cell_m=cell, boundary=area)
    kde = kde_grid(metric.geometry.x.to_numpy(), metric.geometry.y.to_numpy(), grid, weights=weights)
    top = float(kde.density.max()) or 1.0
    colour = _colour(lambda v: np.sqrt(v / top), RAMPS["heat"], 230, floor=0.06)
    raster_overlay(kde.density, grid.x0, grid.y0, grid.cell_m, grid.crs, colour, name=name, show=show).add_to(m)
    if legend is not None:
        legend.add_ramp(f"{text('heat_kde', lang)}, h = {kde.bandwidth_m:.0f} m", RAMPS["heat"],
                        "0", f"{top:.0f}", layer=name, hidden=not show)
    return m, "kde"


def _colour(scale, stops, alpha_max, floor=0.0):
    """RGBA painter: ``scale`` maps values to [0, 1]; transparency grows towards low values."""
    def paint(values):
        v = np.clip(np.nan_to_num(scale(np.where(np.isfinite(values), values, 0.0))), 0.0, 1.0)
        rgba = np.empty(values.shape + (4,), np.uint8)
        rgba[..., :3] = ramp_rgb(v, stops)
        alpha = np.where(v < floor, 0.0, 70.0 + (alpha_max - 70.0) * v)
        rgba[..., 3] = np.where(np.isfinite(values), alpha, 0.0).astype(np.uint8)
        return rgba
    return paint
