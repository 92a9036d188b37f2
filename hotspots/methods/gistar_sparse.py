"""Getis–Ord Gi* on a large, mostly empty grid, from the occupied cells only.

The statistic, neighbourhood and corrections are those of :func:`hotspots.methods.gistar.gi_star` in grid
mode without a mask (every cell in the study area); the result is the same to rounding (tests compare
the two). What changes is the work: a national 250 m grid has 13 million cells of which a few hundred
thousand hold a point. Every cell that is neither occupied, nor a neighbour of an occupied cell, nor
within the neighbourhood radius of the grid's edge has the same neighbourhood sum (0) and the same
number of neighbours (the kernel's cells), hence one z, one p and — with multiplicity in the
Benjamini–Hochberg step-up — one q. Only the *touched* cells (occupied, their neighbours and the edge
frame) are computed one by one; the mean and standard deviation over all n cells add the empty cells'
zeros analytically.
"""

import numpy as np
from scipy import stats

from hotspots.errors import InputError
from hotspots.methods.gistar import FDR_METHODS, GiStar

__all__ = ["gi_star_sparse"]

_EPS = 1e-9


def gi_star_sparse(cells, values, shape, *, band_cells=1.5, fdr="bh", alpha=0.05) -> GiStar:
    """Gi* of a ``shape`` grid given only its non-zero cells.

    Parameters
    ----------
    cells : array_like of int
        Linear (row-major) ids of the cells with a non-zero value, each once.
    values : array_like of float
        Their values (weighted counts).
    shape : tuple of int
        ``(ny, nx)``.
    band_cells, fdr, alpha
        As :func:`hotspots.methods.gistar.gi_star`.

    Returns
    -------
    GiStar
        Dense ``(ny, nx)`` arrays, as the dense function returns them (``info["sparse"]`` gives the
        number of cells computed one by one).
    """
    ny, nx = int(shape[0]), int(shape[1])
    n = ny * nx
    cells, values = np.asarray(cells, np.int64), np.asarray(values, float)
    if cells.shape != values.shape or (cells.size and (cells.min() < 0 or cells.max() >= n)):
        raise InputError(f"cells must be ids within a {ny} × {nx} grid, one value each.")
    if not np.isfinite(values).all():
        raise InputError(f"values contain {int((~np.isfinite(values)).sum())} NaN or infinite value(s).")
    if not isinstance(fdr, str) or fdr.lower() not in FDR_METHODS:
        raise InputError(f"unknown fdr method {fdr!r}; use one of {', '.join(FDR_METHODS)}.")
    fdr = fdr.lower()
    if not 0 < alpha < 1:
        raise InputError(f"alpha must lie between 0 and 1 (e.g. 0.05); got {alpha}.")
    if not np.isfinite(band_cells) or band_cells < 1:
        raise InputError(f"band_cells must be at least 1 cell width (1.5 = the 3×3 block); got {band_cells}.")
    reach = band_cells + _EPS
    r = int(np.floor(reach))
    dy, dx = np.mgrid[-r:r + 1, -r:r + 1]
    inside_band = dx * dx + dy * dy <= reach * reach
    dy, dx = dy[inside_band], dx[inside_band]
    k = dy.size
    info = {"weights": f"distance band of {band_cells:g} cells incl. self", "band_cells": float(band_cells),
            "kernel_cells": int(k)}

    row, col = np.divmod(cells, nx)
    touched = _touched(row, col, dy, dx, ny, nx, r)
    t_row, t_col = np.divmod(touched, nx)
    lag, w_sum = np.zeros(touched.size), np.zeros(touched.size)
    position = np.zeros(n, np.int64 if touched.size >= 2**31 else np.int32)  # cell id -> place in touched
    position[touched] = np.arange(touched.size)
    for oy, ox in zip(dy, dx, strict=True):
        # cell (r, c) is the neighbour at offset (oy, ox) of (r - oy, c - ox): scatter the values there
        tr, tc = row - oy, col - ox
        ok = (tr >= 0) & (tr < ny) & (tc >= 0) & (tc < nx)
        pos = position[tr[ok] * nx + tc[ok]]
        lag += np.bincount(pos, weights=values[ok], minlength=touched.size)
        w_sum += (t_row + oy >= 0) & (t_row + oy < ny) & (t_col + ox >= 0) & (t_col + ox < nx)

    mean = float(values.sum() / n) if n else 0.0
    std = float(np.sqrt((((values - mean) ** 2).sum() + (n - values.size) * mean * mean) / n)) if n else 0.0
    n_rest = n - touched.size  # untouched cells: lag 0, W = k
    z_t, z_rest, notes = _z(n, lag, w_sum, mean, std, k, values)
    p_t, p_rest = 2.0 * stats.norm.sf(np.abs(z_t)), float(2.0 * stats.norm.sf(abs(z_rest)))
    q_t, q_rest = _adjust(p_t, p_rest, n_rest, n, fdr)

    z, p, q = np.full(n, z_rest), np.full(n, p_rest), np.full(n, q_rest)
    z[touched], p[touched], q[touched] = z_t, p_t, q_t
    z, p, q = z.reshape(ny, nx), p.reshape(ny, nx), q.reshape(ny, nx)
    significant = q < alpha
    hot, cold = significant & (z > 0), significant & (z < 0)
    info.update(n=int(n), fdr=fdr, alpha=float(alpha), n_hot=int(hot.sum()), n_cold=int(cold.sum()),
                n_significant=int(significant.sum()), mean=mean, std=std, notes=notes,
                sparse=f"{touched.size:,} of {n:,} cells computed one by one; the rest share one z")
    return GiStar(z, p, q, significant, hot, cold, info)


def _touched(row, col, dy, dx, ny, nx, r):
    """Sorted ids of the occupied cells, their neighbours, and the frame of cells within ``r`` of an edge.

    Marked in a byte per cell (13 MB for a national 250 m grid), which is several times faster than sorting
    the kernel's worth of ids per occupied cell."""
    mark = np.zeros((ny, nx), bool)
    for oy, ox in zip(dy, dx, strict=True):
        tr, tc = row + oy, col + ox
        ok = (tr >= 0) & (tr < ny) & (tc >= 0) & (tc < nx)
        mark[tr[ok], tc[ok]] = True
    mark[:r], mark[ny - r:], mark[:, :r], mark[:, nx - r:] = True, True, True, True
    return np.flatnonzero(mark)


def _z(n, lag, w_sum, mean, std, k, values):
    """z of the touched cells and of the untouched ones, as :func:`gi_star` computes them."""
    z_t = np.zeros(lag.size)
    if n < 3:
        return z_t, 0.0, [f"fewer than 3 units (n={n}); every z is 0"]
    flat = values.size == 0 or (np.ptp(values) == 0 and (values.size == n or values[0] == 0))
    if flat or std == 0:
        return z_t, 0.0, [f"no variation: all {n} values are equal; every z is 0"]
    var = (n * w_sum - w_sum * w_sum) / (n - 1)
    ok = var > 1e-12 * n * w_sum
    z_t[ok] = (lag[ok] - mean * w_sum[ok]) / (std * np.sqrt(var[ok]))
    var_rest = (n * k - k * k) / (n - 1)
    z_rest = (0.0 - mean * k) / (std * np.sqrt(var_rest)) if var_rest > 1e-12 * n * k else 0.0
    notes = [] if ok.all() else [(f"{int((~ok).sum())} unit(s) have every included unit as neighbour "
                                 "(W_i = n); their z is undefined and set to 0")]
    return z_t, float(z_rest), notes


def _adjust(p_t, p_rest, n_rest, n, fdr):
    """q of the touched cells and of the ``n_rest`` cells sharing ``p_rest`` (BH with multiplicity)."""
    if fdr == "none":
        return p_t.copy(), p_rest
    if fdr == "bonferroni":
        return np.minimum(1.0, p_t * n), min(1.0, p_rest * n)
    values = np.append(p_t, p_rest) if n_rest else p_t
    weight = np.append(np.ones(p_t.size), n_rest) if n_rest else np.ones(p_t.size)
    order = np.argsort(values, kind="stable")
    rank = np.cumsum(weight[order])  # the rank of the last p-value of each entry (a group for the rest)
    stepped = values[order] * (n / np.maximum(rank, 1))
    stepped = np.minimum.accumulate(stepped[::-1])[::-1]
    q = np.empty_like(stepped)
    q[order] = np.clip(stepped, 0.0, 1.0)
    return (q[:-1], float(q[-1])) if n_rest else (q, 1.0)
