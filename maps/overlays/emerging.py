"""Emerging hot spot classes per grid cell (:func:`hotspots.temporal.emerging.emerging_hotspots`) as a map layer.

One image of the cells (nearest resampling, like the share map's squares), a colour per class — reds for hot
classes, blues for cold ones, each class with its own shade and its name in the legend — and nothing drawn
for ``no_pattern`` or outside the study area. The layer starts switched off. In share mode only cells with at
least ``min_count`` points over all periods are drawn (the classes themselves hold no count).
"""

import numpy as np

from maps.overlays.classes import add_class_raster

__all__ = ["add_emerging"]

CLASSES = {  # key: (colour, Swedish, English)
    "new_hot": ("#fdae61", "ny hotspot", "new hot spot"),
    "consecutive_hot": ("#f46d43", "sammanhängande hotspot", "consecutive hot spot"),
    "intensifying_hot": ("#a50026", "intensifierad hotspot", "intensifying hot spot"),
    "persistent_hot": ("#d73027", "ihållande hotspot", "persistent hot spot"),
    "diminishing_hot": ("#f4a6a6", "avtagande hotspot", "diminishing hot spot"),
    "sporadic_hot": ("#fee090", "sporadisk hotspot", "sporadic hot spot"),
    "oscillating_hot": ("#c51b7d", "växlande hotspot", "oscillating hot spot"),
    "historical_hot": ("#8c6d31", "historisk hotspot", "historical hot spot"),
    "new_cold": ("#abd9e9", "ny kall fläck", "new cold spot"),
    "consecutive_cold": ("#74add1", "sammanhängande kall fläck", "consecutive cold spot"),
    "intensifying_cold": ("#313695", "intensifierad kall fläck", "intensifying cold spot"),
    "persistent_cold": ("#4575b4", "ihållande kall fläck", "persistent cold spot"),
    "diminishing_cold": ("#c6dbef", "avtagande kall fläck", "diminishing cold spot"),
    "sporadic_cold": ("#e0f3f8", "sporadisk kall fläck", "sporadic cold spot"),
    "oscillating_cold": ("#542788", "växlande kall fläck", "oscillating cold spot"),
    "historical_cold": ("#636363", "historisk kall fläck", "historical cold spot"),
}
_NAME = {"sv": "Framväxande hotspots (klasser per ruta)", "en": "Emerging hot spots (classes per cell)"}


def add_emerging(m, emerging, grid, *, min_count=None, legend=None, lang="sv", show=False):
    """Add the emerging hot spot classes of ``emerging`` on ``grid`` to ``m``; returns ``m``.

    Parameters
    ----------
    m : folium.Map
    emerging : hotspots.temporal.emerging.Emerging or None
    grid : hotspots.methods.grid.Grid
        The grid ``emerging`` was computed on.
    min_count : int, optional
        Share mode: draw only cells with at least this many points over all periods.
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    show : bool
        Start switched on (default off).
    """
    if emerging is None or grid is None:
        return m
    keep = emerging.counts.sum(axis=0) >= min_count if min_count else np.ones(grid.shape, bool)
    return add_class_raster(m, emerging.category, keep, grid, CLASSES, _NAME.get(lang, _NAME["sv"]), legend, lang, show)
