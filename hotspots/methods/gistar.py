"""Getis–Ord Gi* hot and cold spots, on a count grid or on any polygon layer.

Two modes, one verb:

* **Grid mode** (``weights=None``): ``values`` is a ``(ny, nx)`` array of counts (see
  :mod:`hotspots.methods.grid`). Each cell's neighbourhood is every cell whose centre lies within
  ``band_cells`` cell widths of its own centre (Euclidean, centre to centre, plus 1e-9), the cell
  itself included, with weight 1. The default ``band_cells=1.5`` takes the 4 edge neighbours (1
  cell away) and the 4 corner neighbours (√2 ≈ 1.41 away) but not the next ring (2 away): the
  3 × 3 block around the cell. ``band_cells=1`` is the 5-cell "plus", ``2`` a 13-cell disc.
  Neighbour sums come from :func:`scipy.ndimage.correlate`, so no weights matrix is built.
* **Weights mode** (``weights`` given): any ``n × n`` weights (scipy.sparse, a dense array, or a
  libpysal ``W``/``Graph`` through its ``.sparse``), one row per value (``values`` is flattened in
  row-major order). Gi* includes the unit itself: a zero diagonal entry is set to 1, as esda does
  for ``star=True`` (esda does it only when the *whole* diagonal is zero; here it is done per unit).

The statistic (Getis & Ord 1995; esda ``G_Local(star=True, transform='B')``): with x̄ and the
population standard deviation s over the n included values, W_i = Σ_j w_ij and S1_i = Σ_j w_ij²,

    z_i = (Σ_j w_ij x_j − x̄ W_i) / (s √((n S1_i − W_i²) / (n − 1)))

For binary weights this is esda's z to rounding (1e-14). For row-standardised weights it is the
Getis–Ord z, which is *not* esda's ``transform='R'`` z: esda keeps the binary variance formula with
W_i = 1, so its z is ours times √((n S1_i − 1)/(n − 1)), i.e. (Σ_j w_ij x_j − x̄)/s. Units outside
``mask`` are left out of n, x̄, s and every neighbour sum, and get NaN. p is two-sided from the
normal distribution; q is p adjusted for the number of tests (Benjamini–Hochberg by default).
"""

from dataclasses import dataclass

import numpy as np
from scipy import ndimage, sparse, stats

from hotspots.errors import InputError

__all__ = ["GiStar", "gi_star"]

FDR_METHODS = ("bh", "bonferroni", "none")
_EPS = 1e-9


@dataclass(frozen=True)
class GiStar:
    """Gi* per unit, all arrays shaped like the input ``values``.

    Attributes
    ----------
    z, p, q : ndarray of float
        z-score, two-sided normal p-value, and p adjusted for multiple testing (``= p`` for
        ``fdr="none"``); NaN where excluded by ``mask``.
    significant, hot, cold : ndarray of bool
        ``q < alpha``; and that with ``z > 0`` (hot) or ``z < 0`` (cold). False where excluded.
    info : dict
        JSON-serialisable summary: ``n``, ``weights``, ``fdr``, ``alpha``, ``n_hot``, ``n_cold``,
        ``n_significant``, ``mean``, ``std``, ``notes`` (and ``band_cells``/``kernel_cells`` in
        grid mode, ``diagonal_set_to_1`` in weights mode).
    """

    z: np.ndarray
    p: np.ndarray
    q: np.ndarray
    significant: np.ndarray
    hot: np.ndarray
    cold: np.ndarray
    info: dict


def gi_star(values, *, weights=None, mask=None, band_cells=1.5, fdr="bh", alpha=0.05) -> GiStar:
    """Getis–Ord Gi* z-scores, p- and q-values, and hot/cold flags.

    Parameters
    ----------
    values : array_like
        Grid mode: a ``(ny, nx)`` array of counts (or any non-negative measure). Weights mode: one
        value per row of ``weights``, any shape (flattened row-major).
    weights : sparse matrix, ndarray or libpysal W/Graph, optional
        ``n × n`` non-negative weights; ``None`` selects grid mode.
    mask : array_like of bool, optional
        Same shape as ``values``; True marks units in the study area (``Grid.inside``). Default:
        every unit. NaN values outside the mask are allowed.
    band_cells : float
        Grid mode only: neighbourhood radius in cell widths, centre to centre, self included;
        at least 1. The default 1.5 gives the 3 × 3 block (see the module docstring).
    fdr : {"bh", "bonferroni", "none"}
        Multiple-testing correction over the n included units: Benjamini–Hochberg step-up
        q-values (as :func:`scipy.stats.false_discovery_control`), ``min(1, p·n)``, or none.
    alpha : float
        Significance level applied to q, in (0, 1).

    Returns
    -------
    GiStar

    Raises
    ------
    InputError
        Non-numeric or non-finite values in the study area (the count is named), shapes that do
        not match, negative or non-finite weights, ``band_cells < 1``, an unknown ``fdr`` or an
        ``alpha`` outside (0, 1).

    Notes
    -----
    Degenerate cases give z = 0, p = 1 and nothing significant, with a note in ``info["notes"]``:
    fewer than 3 included units, all included values equal (s = 0, "no variation"), and any unit
    whose neighbourhood is every included unit (n S1_i = W_i², z undefined).
    """
    x, keep, fdr, alpha = _validate(values, mask, fdr, alpha)
    info = {"weights": None}
    if weights is None:
        lag, w_sum, s1 = _grid_sums(x, keep, band_cells, info)
    else:
        lag, w_sum, s1 = _weights_sums(x.ravel(), keep.ravel(), weights, info)
    z_in, notes, mean, std = _z(x[keep], lag, w_sum, s1)
    p_in = 2.0 * stats.norm.sf(np.abs(z_in))
    q_in = _adjust(p_in, fdr)

    z, p, q = (np.full(x.shape, np.nan) for _ in range(3))
    z[keep], p[keep], q[keep] = z_in, p_in, q_in
    significant = np.zeros(x.shape, bool)
    significant[keep] = q_in < alpha
    hot, cold = significant & (z > 0), significant & (z < 0)
    info.update(n=int(z_in.size), fdr=fdr, alpha=float(alpha), n_hot=int(hot.sum()),
                n_cold=int(cold.sum()), n_significant=int(significant.sum()), mean=mean,
                std=std, notes=notes)
    return GiStar(z, p, q, significant, hot, cold, info)


def _validate(values, mask, fdr, alpha):
    x = np.asarray(values)
    if not (x.dtype == bool or np.issubdtype(x.dtype, np.number)) or np.iscomplexobj(x):
        raise InputError(f"values must be real numbers (counts per cell or polygon); got dtype "
                         f"{x.dtype}.")
    x = x.astype(float)
    if mask is None:
        keep = np.ones(x.shape, bool)
    else:
        keep = np.asarray(mask).astype(bool)
        if keep.shape != x.shape:
            raise InputError(f"mask must have the shape of values {x.shape}; got {keep.shape}.")
    bad = int((~np.isfinite(x) & keep).sum())
    if bad:
        raise InputError(f"values contain {bad} NaN or infinite value(s) inside the study area; "
                         "fill them (0 where nothing happened) or leave them out with mask.")
    if not isinstance(fdr, str) or fdr.lower() not in FDR_METHODS:
        raise InputError(f"unknown fdr method {fdr!r}; use one of {', '.join(FDR_METHODS)}.")
    if not 0 < alpha < 1:
        raise InputError(f"alpha must lie between 0 and 1 (e.g. 0.05); got {alpha}.")
    return x, keep, fdr.lower(), alpha


def _grid_sums(x, keep, band_cells, info):
    if x.ndim != 2:
        raise InputError(f"grid mode needs a 2-D (ny, nx) array of counts; got shape {x.shape}. "
                         "For polygons or points pass weights.")
    if not np.isfinite(band_cells) or band_cells < 1:
        raise InputError(f"band_cells must be at least 1 cell width (1.5 = the 3×3 block); "
                         f"got {band_cells}.")
    reach = band_cells + _EPS
    r = int(np.floor(reach))
    dy, dx = np.mgrid[-r:r + 1, -r:r + 1]
    kernel = (dx * dx + dy * dy <= reach * reach).astype(float)
    info.update(weights=f"distance band of {band_cells:g} cells incl. self",
                band_cells=float(band_cells), kernel_cells=int(kernel.sum()))
    xz = np.where(keep, x, 0.0)
    lag = ndimage.correlate(xz, kernel, mode="constant", cval=0.0)[keep]
    w_sum = ndimage.correlate(keep.astype(float), kernel, mode="constant", cval=0.0)[keep]
    return lag, w_sum, w_sum  # binary weights: S1_i = W_i


def _weights_sums(x, keep, weights, info):
    w = getattr(weights, "sparse", weights)  # libpysal W / Graph
    try:
        w = sparse.csr_array(w, dtype=float)
    except (TypeError, ValueError) as err:
        raise InputError(f"weights must be an n × n matrix (scipy.sparse or array); got "
                         f"{type(weights).__name__} ({err}).") from None
    if w.shape != (x.size, x.size):
        raise InputError(f"weights must be {x.size} × {x.size} (one row per value); got "
                         f"{w.shape[0]} × {w.shape[1]}.")
    if not np.isfinite(w.data).all() or (w.data < 0).any():
        raise InputError("weights must be finite and non-negative.")
    w = w[keep][:, keep]
    zero_diag = w.diagonal() == 0
    w = (w + sparse.diags_array(zero_diag.astype(float))).tocsr()
    info.update(weights="given", diagonal_set_to_1=int(zero_diag.sum()))
    w_sum = np.asarray(w.sum(axis=1)).ravel()
    s1 = np.asarray(w.multiply(w).sum(axis=1)).ravel()
    return w @ x[keep], w_sum, s1


def _z(xk, lag, w_sum, s1):
    n = xk.size
    z = np.zeros(n)
    if n == 0:
        return z, ["no units in the study area"], None, None
    mean, std = float(xk.mean()), float(xk.std())
    if n < 3:
        return z, [f"fewer than 3 units (n={n}); every z is 0"], mean, std
    if np.ptp(xk) == 0:
        return z, [f"no variation: all {n} values are equal; every z is 0"], mean, 0.0
    var = (n * s1 - w_sum * w_sum) / (n - 1)
    ok = var > 1e-12 * n * s1
    z[ok] = (lag[ok] - mean * w_sum[ok]) / (std * np.sqrt(var[ok]))
    notes = []
    if not ok.all():
        notes.append(f"{int((~ok).sum())} unit(s) have every included unit as neighbour "
                     "(W_i = n); their z is undefined and set to 0")
    return z, notes, mean, std


def _adjust(p, fdr):
    if fdr == "none" or p.size == 0:
        return p.copy()
    if fdr == "bonferroni":
        return np.minimum(1.0, p * p.size)
    return stats.false_discovery_control(p, method="bh")
