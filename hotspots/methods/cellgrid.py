"""Hot cells from an aggregated grid of per-cell counts: the cell-level half of a grid method.

A grid method has a row-heavy half (read, filter, bin every row into a cell: :func:`bin_cells`) and a
cell-level half that never sees a row again. This module is the cell-level half, so any engine that
aggregates per-cell counts its own way (row batches in :mod:`hotspots.methods.binning`, dask partitions
in ``hotspots/engine``) ends with the same hot cells as :class:`hotspots.find.HotspotFinder`:

* ``count``: the top ``top_share`` of the occupied in-area cells by weighted count (ties included), and
  at least ``min_points`` (the rule of :mod:`hotspots.find`);
* ``gistar``: significant positive Gi* after the multiple-testing correction (:func:`gi_star`); on a
  grid of more than :data:`SPARSE_ABOVE` cells without a boundary mask and with at most
  :data:`SPARSE_SHARE` of them occupied, from the occupied cells only (:func:`gi_star_sparse`, the
  same numbers to rounding: the empty cells far from any point share one z, p and q).

Memory grows with the cells only: the counts, the Gi* neighbour sums and z/p/q are dense float grids.
"""

from dataclasses import dataclass

import numpy as np

from hotspots.errors import InputError
from hotspots.methods.gistar import gi_star
from hotspots.methods.gistar_sparse import gi_star_sparse
from hotspots.methods.hotrules import drop_small_areas, top_level

__all__ = ["CellStatistics", "cell_statistics"]

METHODS = ("count", "gistar")
SPARSE_ABOVE = 1_000_000
SPARSE_SHARE = 0.2


@dataclass(frozen=True)
class CellStatistics:
    """Hot cells and the statistics behind them, each ``(ny, nx)`` like the counts."""

    hot: np.ndarray     # bool
    score: np.ndarray   # what ranks the hotspots: the weighted count
    stats: dict         # name -> array (``z``, ``p``, ``q`` for gistar; empty for count)
    info: dict          # the rule in words (``hot_rule``), ``level`` or the Gi* summary


def cell_statistics(counts, *, method="gistar", mask=None, fdr="bh", alpha=0.05, top_share=0.05,
                    min_points=3.0) -> CellStatistics:
    """The hot cells of a ``(ny, nx)`` grid of weighted counts per cell.

    Parameters
    ----------
    counts : array_like
        Weighted count per cell (``Counts.combined``, or the sum of an engine's partial grids).
    method : {"count", "gistar"}
    mask : array_like of bool, optional
        Cells in the study area (``Grid.inside``); default every cell.
    fdr : {"bh", "bonferroni", "none"}
        ``gistar``: multiple-testing correction.
    alpha : float
        ``gistar``: significance level after correction.
    top_share : float
        ``count``: share of occupied cells flagged.
    min_points : float
        ``count``: smallest weighted count of a hot cell.

    Returns
    -------
    CellStatistics

    Raises
    ------
    InputError
        An unknown method, a top share outside (0, 1], counts that are not a 2-D grid of numbers.
    """
    counts = np.asarray(counts, dtype=float)
    if counts.ndim != 2:
        raise InputError(f"counts must be a (ny, nx) grid of per-cell counts; got shape {counts.shape}.")
    inside = np.ones(counts.shape, bool) if mask is None else np.asarray(mask, bool)
    if method == "count":
        if not 0 < top_share <= 1:
            raise InputError(f"top share must be in (0, 1], got {top_share}.")
        occupied = inside & (counts > 0)
        level = top_level(counts[occupied], top_share)
        hot = occupied & (counts >= max(level, min_points))
        rule = (f"top {top_share:.0%} of occupied cells by weighted count (≥ {level:g}) and ≥ {min_points:g} "
                "points")
        return CellStatistics(hot, counts, {}, {"hot_rule": rule, "level": float(level)})
    if method == "gistar":
        occupied = np.flatnonzero(counts)
        if counts.size > SPARSE_ABOVE and occupied.size <= SPARSE_SHARE * counts.size and inside.all():
            result = gi_star_sparse(occupied, counts.ravel()[occupied], counts.shape, fdr=fdr, alpha=alpha)
        else:
            result = gi_star(counts, mask=inside, fdr=fdr, alpha=alpha)
        # A significant area can hold no point at all (a gap between busy cells); no patrol goes to it.
        hot = drop_small_areas(result.hot, counts, min_points)
        info = {"fdr": fdr, "alpha": alpha, **{f"gistar_{k}": v for k, v in result.info.items()},
                "hot_rule": f"significant positive Gi* (q < {alpha}, correction {fdr}), areas with ≥ {min_points:g} "
                            "points"}
        return CellStatistics(hot, counts, {"z": result.z, "p": result.p, "q": result.q}, info)
    raise InputError(f"cell statistics are for {', '.join(METHODS)}; got method {method!r}.")
