"""The Gi* grid: significant cells coloured by z on a diverging ramp (blue cold, red hot).

Only cells significant after the method's multiple-testing correction are drawn (``q < alpha``; ``p``
when there is no ``q``; ``|z| ≥ 1.96`` when there is neither), as polygons with a tooltip when they are
few, as one image (:func:`maps.overlays.raster.raster_overlay`) when there are more than ``max_polygons``.
The colour saturates at ``|z| = 10`` so that one extreme cell does not wash out the rest.
"""

import folium
import numpy as np

from maps.overlays.common import bind_js, escaped, features, integers, text
from maps.overlays.controls.legend import RAMPS, ramp_hex, ramp_rgb
from maps.overlays.raster import raster_overlay, squares_to_grid

__all__ = ["add_grid"]

Z_CAP = 10.0


def scale(z):
    """z to [0, 1] on the diverging ramp, saturating at ±``Z_CAP``."""
    return (np.clip(z, -Z_CAP, Z_CAP) / Z_CAP + 1) / 2


def add_grid(m, cells, *, alpha=0.05, max_polygons=4000, show=False, legend=None, lang="sv"):
    """Add the significant Gi* cells to ``m``; returns ``(m, drawn)``.

    Parameters
    ----------
    m : folium.Map
    cells : GeoDataFrame
        ``HotspotFinder.cells_`` (or its share-safe version) with ``z`` and, ideally, ``q``/``p``.
    alpha : float
        Significance level.
    max_polygons : int
        Above this many significant cells the grid is drawn as an image.
    show : bool
        Start switched on (off by default: the hotspots are drawn from the same cells).
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    """
    if cells is None or "z" not in cells or not len(cells):
        return m, False
    z = cells["z"].to_numpy(float)
    if "q" in cells:
        sig = cells["q"].to_numpy(float) < alpha
    elif "p" in cells:
        sig = cells["p"].to_numpy(float) < alpha
    else:
        sig = np.abs(z) >= 1.96
    sig &= np.isfinite(z)
    if not sig.any():
        return m, False
    chosen = cells.loc[sig]
    zs = z[sig]
    name = text("layer_grid", lang)
    if len(chosen) > max_polygons:
        values, x0, y0, cell, crs = squares_to_grid(chosen, "z")

        def colour(v):
            rgba = np.empty(v.shape + (4,), np.uint8)
            rgba[..., :3] = ramp_rgb(scale(v), RAMPS["diverging"])
            rgba[..., 3] = 190
            return rgba
        raster_overlay(values, x0, y0, cell, crs, colour, name=name, smooth=False, show=show).add_to(m)
    else:
        props = {"z": [f"{v:.2f}" for v in zs],
                 "tip": [f"z = {v:.1f}" for v in zs],
                 "style": [{"color": c, "weight": 0.5, "fillColor": c, "fillOpacity": 0.6}
                           for c in ramp_hex(scale(zs), RAMPS["diverging"])]}
        if "q" in chosen:
            props["q"] = ["< 0.001" if v < 0.001 else f"{v:.3f}" for v in chosen["q"].to_numpy(float)]
        if "count" in chosen:
            # share mode publishes counts as bands (text), internal maps as integers
            props["count"] = escaped(chosen["count"]) if chosen["count"].dtype == object else integers(chosen["count"])
        folium.GeoJson(features(chosen.geometry, props), name=name, show=show,
                       on_each_feature=bind_js(["z", "q", "count"], lang, tooltip="tip")).add_to(m)
    if legend is not None:
        legend.add_ramp(text("grid_title", lang), RAMPS["diverging"], f"≤ −{Z_CAP:g}", f"≥ {Z_CAP:g}",
                        layer=name, hidden=not show)
    return m, True
