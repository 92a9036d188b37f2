"""Split contiguous hot areas at the saddles between their peaks, so that hotspots are place-sized.

Hot cells that touch (8-connectivity) form one area. In a town centre a square, a bus station and a
street corner 300 m apart can be joined by a few hot cells between them and become one hotspot holding
most of the points; a patrol cannot be sent to "all of centrum". This module splits such an area where
the events thin out between its peaks, the way a hill walker separates summits by the col between them.

**Surface.** The cells' weighted counts as they are (the hot rule already asks for enough points per cell).
``sigma_cells`` smooths them first with a Gaussian; on the Kalix demo's 75 m cells one cell of smoothing
already fills the dip between the square and the bus station 300 m apart, so the default is none.

**Peaks.** Local maxima of the surface among the hot cells (3 × 3). Ties are broken by the cell's position
(the southernmost, then westernmost cell counts as higher), so the result is deterministic.

**Split rule.** A peak of height h stands on its own when, inside the hot area, it cannot reach a higher
peak without the surface dropping to (1 − ``split_prominence``) × h or below: its *relative prominence*
(h − saddle) / h is at least ``split_prominence`` (default :data:`hotspots.defaults.SPLIT_PROMINENCE`,
0.5: split where the surface falls to half the lower peak). The highest peak of every area always stands.
The test runs on ``n_levels`` thresholds spaced evenly on a log scale between the smallest and largest
surface value of the hot cells (each peak's threshold is rounded down to one of them, so a split needs
the drop to within one step, ≈ 7 % for a hundredfold range; one connected-component labelling per
threshold, vectorised over cells).

**Basins.** A watershed by flooding: from the highest threshold down, the cells above each threshold join
the standing peak of a labelled neighbour, ring by ring (the highest such neighbour where several peaks
meet); so every hot cell joins the standing peak it reaches by the highest path through hot cells, and
cells never cross from one hot area to another. ``split_prominence`` ≥ 1 never splits and gives the plain
connected areas.
"""

import numpy as np
from scipy import ndimage

from hotspots.defaults import SPLIT_PROMINENCE
from hotspots.errors import InputError

__all__ = ["split_at_saddles"]

_EIGHT = np.ones((3, 3), int)


def split_at_saddles(hot, score, *, split_prominence=SPLIT_PROMINENCE, sigma_cells=0.0, n_levels=64):
    """Label hot areas, split at saddles whose drop is large relative to the lower peak.

    Parameters
    ----------
    hot : ndarray of bool, shape (ny, nx)
        Hot cells.
    score : ndarray, shape (ny, nx)
        Weighted counts (or any non-negative intensity) per cell.
    split_prominence : float
        Smallest relative prominence of a peak that stands on its own, in [0, ∞); ≥ 1 never splits.
    sigma_cells : float
        Smoothing of ``score`` before peaks are read, in cells (0: none).
    n_levels : int
        Thresholds of the split test (see the module docstring).

    Returns
    -------
    tuple of (ndarray of int, int, dict)
        Labels ``(ny, nx)`` (0 = not hot, 1..k), the number k of hotspots, and ``info`` (JSON-serialisable:
        ``split_prominence``, ``n_areas`` before the split, ``n_split`` areas that were split, ``rule``).

    Raises
    ------
    InputError
        A negative ``split_prominence`` or ``sigma_cells``, or shapes that differ.
    """
    hot = np.asarray(hot, bool)
    score = np.asarray(score, float)
    if hot.shape != score.shape:
        raise InputError(f"hot cells {hot.shape} and scores {score.shape} must have the same shape.")
    numeric = isinstance(split_prominence, (int, float, np.number)) and not isinstance(split_prominence, bool)
    if not numeric or not np.isfinite(split_prominence) or split_prominence < 0:
        raise InputError(f"split_prominence must be a number ≥ 0 (1 or more never splits); got {split_prominence!r}.")
    if sigma_cells < 0:
        raise InputError(f"sigma_cells must be ≥ 0; got {sigma_cells!r}.")
    areas, n_areas = ndimage.label(hot, structure=_EIGHT)
    info = {"split_prominence": float(split_prominence), "n_areas": int(n_areas), "n_split": 0,
            "rule": _rule(split_prominence, sigma_cells)}
    if n_areas == 0 or split_prominence >= 1:
        return areas, n_areas, info
    box = ndimage.find_objects(hot.astype(int))[0]  # work on the bounding box of the hot cells only
    surface = ndimage.gaussian_filter(score, sigma_cells, mode="constant") if sigma_cells else score
    labels = np.zeros(hot.shape, np.int64)
    sub, k = _split(hot[box], np.where(hot[box], np.maximum(surface[box], 0), 0.0), split_prominence, n_levels)
    labels[box] = sub
    pairs = np.unique(np.column_stack([areas[labels > 0], labels[labels > 0]]), axis=0)
    info["n_split"] = int((np.bincount(pairs[:, 0]) > 1).sum())
    return labels, k, info


def _split(hot, s, split_prominence, n_levels):
    # A strict order of heights: the surface, ties broken by position (lower flat index = higher).
    order = np.lexsort((-np.arange(hot.size), np.where(hot, s, -np.inf).ravel()))
    rank = np.empty(hot.size, np.int64)
    rank[order] = np.arange(hot.size)
    rank = rank.reshape(hot.shape)
    local_max = ndimage.maximum_filter(np.where(hot, rank, -1), footprint=_EIGHT, mode="constant", cval=-1)
    peak = hot & (rank == local_max)
    py, px = np.nonzero(peak)
    heights = s[py, px]
    positive = s[hot & (s > 0)]
    if positive.size == 0:  # nothing to split on
        return ndimage.label(hot, structure=_EIGHT)
    levels = np.geomspace(positive.min(), positive.max(), n_levels) if positive.max() > positive.min() \
        else positive[:1]
    test = (1 - split_prominence) * heights
    at = np.searchsorted(levels, test, side="right") - 1  # index of the threshold at or below each test level
    stands = np.zeros(len(py), bool)
    below = at < 0  # the test level lies under every threshold: the whole area is one piece at it
    comp_all, _ = ndimage.label(hot, structure=_EIGHT)
    stands[below] = _highest_in_component(comp_all, rank, py[below], px[below])
    for i in np.unique(at[~below]):  # one labelling per threshold in use, vectorised over cells
        sel = at == i
        comp, _ = ndimage.label(hot & (s > levels[i]), structure=_EIGHT)
        stands[sel] = _highest_in_component(comp, rank, py[sel], px[sel])
    k = int(stands.sum())
    labels = np.zeros(hot.shape, np.int64)
    keep = np.argsort(-rank[py[stands], px[stands]], kind="stable")  # label 1 = the highest standing peak
    labels[py[stands][keep], px[stands][keep]] = np.arange(1, k + 1)
    for level in [*levels[::-1], -np.inf]:  # flood from the top: each level's new cells join a neighbour's peak
        _grow(labels, hot & (s > level), rank, k)
    return labels, k


def _grow(labels, mask, rank, k):
    """Label the unlabelled cells of ``mask`` from labelled neighbours, ring by ring (in place); a cell with
    neighbours of several peaks joins the one of its highest labelled neighbour."""
    while True:
        key = np.where(labels > 0, rank * (k + 1) + labels, -1)
        best = ndimage.maximum_filter(key, footprint=_EIGHT, mode="constant", cval=-1)
        new = mask & (labels == 0) & (best >= 0)
        if not new.any():
            return
        labels[new] = best[new] % (k + 1)


def _highest_in_component(comp, rank, py, px):
    """Whether each peak is the highest cell of its component (a peak outside every component: True)."""
    if len(py) == 0:
        return np.zeros(0, bool)
    lab = comp[py, px]
    n = int(comp.max())
    top = np.asarray(ndimage.maximum(rank, comp, index=np.arange(1, n + 1))) if n else np.zeros(0)
    return (lab == 0) | (top[np.clip(lab - 1, 0, None)] == rank[py, px])


def _rule(split_prominence, sigma_cells):
    if split_prominence >= 1:
        return "touching hot cells (8-connectivity) form one hotspot; no split"
    smoothed = f" (smoothed by a Gaussian of {sigma_cells:g} cell)" if sigma_cells else ""
    return (f"touching hot cells form one area, split at saddles: a peak of the weighted counts{smoothed} stands on "
            f"its own when the counts between it and any higher peak drop to {1 - split_prominence:.0%} of its "
            f"height or below (relative prominence ≥ {split_prominence:g})")
