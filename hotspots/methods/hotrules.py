"""The two rules every grid method shares when it turns cell values into hot cells.

Shared by :mod:`hotspots.find`, :mod:`hotspots.methods.cellgrid` and the dask engine
(:mod:`hotspots.engine.grid_hotspots`), so that the local and the distributed run flag the same cells.
"""

import numpy as np
from scipy import ndimage

__all__ = ["drop_small_areas", "top_level"]


def top_level(values, share):
    """The value reached by the top ``share`` of ``values`` (ties included); inf when empty.

    Parameters
    ----------
    values : ndarray
        Cell values (the occupied cells').
    share : float
        Share of the cells to flag, in (0, 1].

    Returns
    -------
    float
    """
    values = np.asarray(values)
    if values.size == 0:
        return np.inf
    k = max(1, int(np.ceil(share * values.size)))
    return float(np.partition(values, values.size - k)[values.size - k])


def drop_small_areas(hot, counts, min_points):
    """Remove touching hot areas (8-connectivity) that hold fewer than ``min_points`` weighted points.

    Parameters
    ----------
    hot : ndarray of bool, shape (ny, nx)
    counts : ndarray, shape (ny, nx)
        Weighted points per cell.
    min_points : float

    Returns
    -------
    ndarray of bool
        The hot cells that remain.
    """
    component, k = ndimage.label(hot, structure=np.ones((3, 3), int))
    if k == 0:
        return hot
    totals = ndimage.sum_labels(counts, component, index=np.arange(1, k + 1))
    keep = np.concatenate([[False], totals >= min_points])
    return keep[component]
