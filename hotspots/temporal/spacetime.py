"""Space-time Getis–Ord Gi* on a cube of counts: the neighbourhood reaches back in time, as ArcGIS's does.

ArcGIS's Emerging Hot Spot Analysis judges a bin against its neighbours in space *and* in the time steps
before it: first the bins within the neighbourhood distance in the same step, then the bins at those
locations in the N previous steps (NEIGHBORHOOD_TIME_STEP, default 1). Here, on a grid:

* **Neighbourhood** of cell (r, c) in period t: the 3 × 3 block around it (the same block as
  :func:`hotspots.methods.gistar.gi_star`), in periods t − N, …, t (``time_steps`` = N; fewer at the start
  of the series), in-area cells only, binary weights, the cell itself included.
* **Global window**: the in-area cells of the same periods t − N … t (ArcGIS's NEIGHBORHOOD_TIME_STEP
  global window), so x̄, s and n describe the span the neighbourhood is drawn from. ArcGIS's default
  global window is the whole cube; this one keeps each period's test local in time, and with N = 0 it is
  exactly the per-period spatial Gi* (the classes before space-time neighbourhoods).
* **Statistic**: Getis & Ord (1995) with binary weights, as in :mod:`hotspots.methods.gistar`:
  z_i = (Σ_j x_j − x̄ W_i) / (s √((n W_i − W_i²) / (n − 1))), W_i the number of neighbours; p two-sided
  normal; q adjusted over the period's in-area cells (Benjamini–Hochberg, Bonferroni or none).

Neighbour sums come from one :func:`scipy.ndimage.correlate` per period and a running sum over time, so
no weights matrix is built.
"""

from dataclasses import dataclass

import numpy as np
from scipy import ndimage, special, stats

from hotspots.errors import InputError

__all__ = ["SpaceTimeGi", "space_time_gi"]

_BLOCK = np.ones((3, 3))
_FDR = ("bh", "bonferroni", "none")


@dataclass(frozen=True)
class SpaceTimeGi:
    """Space-time Gi* of a ``(T, ny, nx)`` cube; arrays shaped like the cube.

    Attributes
    ----------
    z, q : ndarray of float
        z-score and adjusted q; NaN outside the study area.
    p : ndarray of float
        Two-sided p (derived from ``z`` when read: at a national grid each cube is hundreds of megabytes).
    hot, cold : ndarray of bool
        ``q < alpha`` with ``z > 0`` (hot) or ``z < 0`` (cold).
    info : dict
        ``time_steps``, ``neighbourhood``, ``global_window``, ``fdr``, ``alpha``, ``notes`` (by period index).
    """

    z: np.ndarray
    q: np.ndarray
    hot: np.ndarray
    cold: np.ndarray
    info: dict

    @property
    def p(self) -> np.ndarray:
        """Two-sided normal p of ``z`` (the same numbers the q were adjusted from; NaN outside the area)."""
        return _two_sided(self.z)


def _two_sided(z):
    return 2 * special.ndtr(-np.abs(z))  # = stats.norm.sf(|z|) bit for bit, without its argument checks (5× faster)


def space_time_gi(cube, inside, *, time_steps=1, fdr="bh", alpha=0.05) -> SpaceTimeGi:
    """Gi* of every cell and period with neighbours in the ``time_steps`` previous periods.

    Parameters
    ----------
    cube : array_like, shape (T, ny, nx)
        Weighted counts per period and cell.
    inside : array_like of bool, shape (ny, nx)
        The study area (``Grid.inside``); cells outside are no neighbours and get NaN.
    time_steps : int
        Previous periods in the neighbourhood (≥ 0; 0 = spatial only).
    fdr : {"bh", "bonferroni", "none"}
        Correction over each period's in-area cells.
    alpha : float
        Significance level on q.

    Returns
    -------
    SpaceTimeGi

    Raises
    ------
    InputError
        A cube that is not 3-D, an area of another shape, NaN counts in the area, a negative or fractional
        ``time_steps``, an unknown ``fdr`` or ``alpha`` outside (0, 1).
    """
    cube, inside = np.asarray(cube, float), np.asarray(inside, bool)
    if cube.ndim != 3 or inside.shape != cube.shape[1:]:
        raise InputError(f"cube must be (T, ny, nx) and the area (ny, nx); got {cube.shape} and {inside.shape}.")
    if not (np.isfinite(cube) | ~inside).all():
        raise InputError("the cube has NaN or infinite counts inside the study area; fill them with 0.")
    if isinstance(time_steps, bool) or not isinstance(time_steps, (int, np.integer)) or time_steps < 0:
        raise InputError(f"time_steps must be a whole number ≥ 0 (0 = spatial only); got {time_steps!r}.")
    if fdr not in _FDR:
        raise InputError(f"unknown fdr method {fdr!r}; use one of {', '.join(_FDR)}.")
    if not 0 < alpha < 1:
        raise InputError(f"alpha must lie between 0 and 1 (e.g. 0.05); got {alpha}.")
    n_t, m = cube.shape[0], int(inside.sum())
    ring = ndimage.correlate(inside.astype(float), _BLOCK, mode="constant")[inside]
    # One period at a time, so no cube-sized temporary is made: each in-area cell's 3 × 3 block sum, summed
    # over the periods so far (a difference of two gives any window), and the period's total and squares.
    run, total, squares = np.empty((n_t, m)), np.empty(n_t), np.empty(n_t)
    for t in range(n_t):
        x = np.where(inside, cube[t], 0.0)
        run[t] = ndimage.correlate(x, _BLOCK, mode="constant")[inside]
        values = x[inside]
        total[t], squares[t] = values.sum(), (values ** 2).sum()
    np.cumsum(run, axis=0, out=run)
    first = np.maximum(np.arange(n_t) - time_steps, 0)  # first period of each window
    steps = np.arange(n_t) - first + 1
    total, squares = _window_sum(total, first), _window_sum(squares, first)
    n = steps * m
    full = {name: np.full(cube.shape, np.nan) for name in ("z", "q")}
    significant = np.zeros(cube.shape, bool)
    notes = {}
    for t in range(n_t):  # one vector operation per period
        lag = run[t] - run[first[t] - 1] if first[t] else run[t]
        z = np.zeros(m)
        mean = total[t] / n[t] if n[t] else 0.0
        std = np.sqrt(max(squares[t] / n[t] - mean ** 2, 0.0)) if n[t] else 0.0
        if n[t] >= 3 and std <= 1e-12 * max(abs(mean), 1.0):
            notes[t] = "no variation in the window: every z is 0"
        elif n[t] >= 3:
            w = steps[t] * ring
            var = (n[t] * w - w * w) / (n[t] - 1)
            ok = var > 1e-12 * n[t] * w
            z[ok] = (lag[ok] - mean * w[ok]) / (std * np.sqrt(var[ok]))
        q = _adjust(_two_sided(z), fdr, quiet=lag == 0, ring=ring)
        for name, array in (("z", z), ("q", q)):
            full[name][t][inside] = array
        significant[t][inside] = q < alpha
    info = {"time_steps": int(time_steps),
            "neighbourhood": f"3 × 3 block in the period and the {time_steps} before it (binary, self included)",
            "global_window": "in-area cells of the neighbourhood's periods (ArcGIS NEIGHBORHOOD_TIME_STEP)",
            "fdr": fdr, "alpha": float(alpha), "notes": notes}
    return SpaceTimeGi(full["z"], full["q"], significant & (full["z"] > 0),
                       significant & (full["z"] < 0), info)


def _window_sum(values, first):
    """Sum of ``values[first[t]:t + 1]`` for every t (along axis 0), by a running sum."""
    run = np.concatenate([np.zeros((1, *values.shape[1:])), np.cumsum(values, axis=0)])
    return run[np.arange(len(first)) + 1] - run[first]


def _adjust(p, fdr, *, quiet, ring):
    """One period's correction of ``p`` over its in-area cells.

    Benjamini–Hochberg as :func:`scipy.stats.false_discovery_control` computes it, on fewer values: a cell
    with no event in its neighbourhood window (``quiet``) has z = −x̄ W / (s √…), which depends only on its
    count of in-area neighbours (``ring``), so the quiet cells — nearly all of a municipality's or a country's
    grid — are a handful of tied groups. Sorting the busy cells and one entry per group, weighted by its size,
    gives every cell the q that sorting all of them would (for tied p-values BH gives the q of the group's last
    rank), in a fraction of the time. scipy has no weighted form, hence this one; if the quiet cells do not
    share p by ring (they always should), scipy's own is used.
    """
    m = p.shape[0]
    if fdr == "none" or m == 0:
        return p.copy()
    if fdr == "bonferroni":
        return np.minimum(1.0, p * m)
    code, busy = ring.astype(np.int64)[quiet], ~quiet  # the quiet cells' group: their count of neighbours
    group_p = np.zeros(code.max(initial=0) + 1)
    group_p[code] = p[quiet]
    if not np.array_equal(group_p[code], p[quiet]):
        return stats.false_discovery_control(p, method="bh")
    size = np.bincount(code, minlength=len(group_p))
    groups, n_busy = np.flatnonzero(size), int(busy.sum())
    values = np.concatenate([p[busy], group_p[groups]])
    weights = np.concatenate([np.ones(n_busy), size[groups].astype(float)])
    order = np.argsort(values)
    rank = np.cumsum(weights[order])  # the last rank each entry (a cell or a group) reaches
    adjusted = values[order] * (m / rank)
    np.minimum.accumulate(adjusted[::-1], out=adjusted[::-1])
    q_values = np.empty_like(adjusted)
    q_values[order] = adjusted
    q = np.empty(m)
    q[busy] = q_values[:n_busy]
    group_q = np.zeros(len(group_p))
    group_q[groups] = q_values[n_busy:]
    q[quiet] = group_q[code]
    return np.clip(q, 0.0, 1.0)
