"""Before/after change per grid cell (:func:`hotspots.temporal.change.compare_periods`) as a map layer.

Cells that changed significantly are painted — ``new`` (no event before), ``increase`` and ``decrease`` —
each with its colour and name in the legend; cells without a significant change are not drawn. The legend
title says the two windows. The layer starts switched off. In share mode only cells with at least
``min_count`` points in the two windows together are drawn.
"""

import numpy as np

from maps.overlays.classes import add_class_raster

__all__ = ["add_change"]

CLASSES = {"new": ("#7a0177", "ny", "new"), "increase": ("#d7301f", "ökning", "increase"),
           "decrease": ("#2166ac", "minskning", "decrease")}
_NAME = {"sv": "Förändring före/efter {split}", "en": "Change before/after {split}"}
_NONE = {"sv": "ingen ruta ändrades signifikant", "en": "no cell changed significantly"}


def add_change(m, change, grid, *, min_count=None, legend=None, lang="sv", show=False):
    """Add the significant changes of ``change`` on ``grid`` to ``m``; returns ``m``.

    Parameters
    ----------
    m : folium.Map
    change : hotspots.temporal.change.Change or None
    grid : hotspots.methods.grid.Grid
        The grid ``change`` was computed on.
    min_count : int, optional
        Share mode: draw only cells with at least this many points before and after together.
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    show : bool
        Start switched on (default off).
    """
    if change is None or grid is None:
        return m
    total = np.asarray(change.n_before) + np.asarray(change.n_after)
    keep = total >= min_count if min_count else np.ones(grid.shape, bool)
    split = f"{change.windows['split']:%Y-%m-%d}" if "split" in change.windows else ""
    name = _NAME.get(lang, _NAME["sv"]).format(split=split).strip()
    return add_class_raster(m, change.category, keep, grid, CLASSES, name, legend, lang, show,
                            empty=_NONE.get(lang, _NONE["sv"]))
