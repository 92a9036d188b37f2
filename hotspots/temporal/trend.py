"""Mann–Kendall test for a monotonic trend, on many short series at once.

For one series x_1 … x_n (in time order) the test (Mann 1945; Kendall 1975; Hirsch, Slack & Smith 1982;
Gilbert 1987, ch. 16) computes

* ``S = Σ_{i<j} sign(x_j − x_i)``: the number of later-larger pairs minus later-smaller pairs;
* ``Var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18``, where t_g is the size of the g-th group of
  tied (exactly equal) values, so a tie correction per series;
* the continuity-corrected ``z = (S − 1)/√Var(S)`` if S > 0, ``0`` if S = 0, ``(S + 1)/√Var(S)`` if S < 0;
* the two-sided normal ``p = 2·(1 − Φ(|z|))``;
* ``tau = S / (n(n−1)/2)`` (Kendall's tau-a, as ``pymannkendall`` reports it; it differs from
  :func:`scipy.stats.kendalltau`'s tau-b when the series has ties);
* ``direction``: "increasing" when p < alpha and S > 0, "decreasing" when p < alpha and S < 0, else
  "no trend".

A series whose values are all equal has Var(S) = 0: then z = 0, p = 1 and "no trend". The normal
approximation is what ArcGIS's space-time cube and Emerging Hot Spot Analysis use; for n < 10 it is rough
(exact tables exist) and the result says so in ``notes``.

Work is vectorised over series: one pass per lag over the time axis (O(n²) comparisons in total, fine for
the ≤ ~120 periods of a space-time cube) and the tie groups from one sort of every series together. Series
that repeat exactly (a grid's empty cells) are tested once.
"""

from dataclasses import dataclass

import numpy as np
from scipy import special

from hotspots.errors import InputError

__all__ = ["MannKendall", "mann_kendall"]

DIRECTIONS = ("increasing", "decreasing", "no trend")


@dataclass(frozen=True)
class MannKendall:
    """Mann–Kendall results; every array has the input's shape without its last (time) axis.

    Attributes
    ----------
    tau : ndarray of float
        S / (n(n−1)/2), in [−1, 1].
    s : ndarray of float
        The S statistic (an integer, stored as float so that NaN can mark excluded series).
    var_s : ndarray of float
        Var(S) with the tie correction.
    z, p : ndarray of float
        Continuity-corrected z and two-sided normal p.
    direction : ndarray of str
        "increasing", "decreasing" or "no trend" at ``alpha`` (before any multiple-testing correction).
    info : dict
        ``n`` (series length), ``alpha``, ``n_series``, ``n_increasing``, ``n_decreasing``, ``notes``.
    """

    tau: np.ndarray
    s: np.ndarray
    var_s: np.ndarray
    z: np.ndarray
    p: np.ndarray
    direction: np.ndarray
    info: dict


def mann_kendall(series, *, alpha=0.05) -> MannKendall:
    """Mann–Kendall trend test of each series along the last axis.

    Parameters
    ----------
    series : array_like, shape (..., n)
        Values in time order along the last axis, e.g. ``(n_cells, n_periods)`` counts; a 1-D array is
        one series. At least 3 time steps; every value finite.
    alpha : float
        Significance level for ``direction``, in (0, 1).

    Returns
    -------
    MannKendall
        Arrays shaped ``series.shape[:-1]`` (0-d for a single series).

    Raises
    ------
    InputError
        Non-numeric input, fewer than 3 time steps, NaN or infinite values, or ``alpha`` outside (0, 1).

    Examples
    --------
    >>> r = mann_kendall([1, 2, 2, 3])
    >>> float(r.s), round(float(r.var_s), 4)     # 5 rising pairs, one tie; (4·3·13 − 2·1·9) / 18
    (5.0, 7.6667)
    """
    x = np.asarray(series)
    if not (x.dtype == bool or np.issubdtype(x.dtype, np.number)) or np.iscomplexobj(x):
        raise InputError(f"the series must be real numbers in time order; got dtype {x.dtype}.")
    if x.ndim == 0 or x.shape[-1] < 3:
        raise InputError("the Mann–Kendall test needs at least 3 time steps along the last axis; got shape "
                         f"{x.shape}.")
    if not 0 < alpha < 1:
        raise InputError(f"alpha must lie between 0 and 1 (e.g. 0.05); got {alpha}.")
    x = np.asarray(x, dtype=float)  # no copy of a float array: a national grid's series are ~10⁸ values
    bad = int((~np.isfinite(x)).sum())
    if bad:
        raise InputError(f"the series contain {bad} NaN or infinite value(s); fill them (0 where nothing "
                         "happened) or leave those series out.")
    lead, n = x.shape[:-1], x.shape[-1]
    flat = np.ascontiguousarray(x.reshape(-1, n))
    # A grid's cells repeat a few series many times (all-zero counts, the z-scores of quiet cells): each
    # distinct series is tested once (equal rows give equal results) and copied back.
    first, back = _distinct_rows(flat)
    distinct = flat[first]
    s = np.zeros(len(distinct))
    for lag in range(1, n):  # loop over lags; each step compares every series at once
        s += np.sign(distinct[:, lag:] - distinct[:, :-lag]).sum(axis=1)
    var_s = (n * (n - 1) * (2 * n + 5) - _tie_sum(distinct)) / 18.0
    z = np.zeros_like(s)
    ok = var_s > 0
    z[ok] = (s[ok] - np.sign(s[ok])) / np.sqrt(var_s[ok])
    p = 2.0 * special.ndtr(-np.abs(z))  # = stats.norm.sf(|z|) bit for bit, without its argument checks
    s, var_s, z, p, ok = (a[back] for a in (s, var_s, z, p, ok))
    direction = np.where(p < alpha, np.where(s > 0, "increasing", "decreasing"), "no trend")
    tau = s / (n * (n - 1) / 2.0)
    notes = [] if n >= 10 else [f"only {n} time steps: the normal approximation is rough below 10"]
    if (~ok).any():
        notes.append(f"{int((~ok).sum())} series have all values equal: z = 0, p = 1")
    info = {"n": int(n), "alpha": float(alpha), "n_series": int(flat.shape[0]),
            "n_increasing": int((direction == "increasing").sum()),
            "n_decreasing": int((direction == "decreasing").sum()), "notes": notes}
    tau, s, var_s, z, p, direction = (a.reshape(lead) for a in (tau, s, var_s, z, p, direction))
    return MannKendall(tau, s, var_s, z, p, direction, info)


def _distinct_rows(flat):
    """One row index per distinct row of ``flat`` and every row's group: ``flat[first][back]`` equals ``flat``.

    Rows are grouped by a hash of their values (pandas hashes in one pass, where :func:`numpy.unique` would
    sort a grid's millions of rows), and each group is then checked value by value; should two different rows
    ever share a hash, the exact sort is used instead.
    """
    import pandas as pd

    hashes = pd.util.hash_pandas_object(pd.DataFrame(flat, copy=False), index=False).to_numpy()
    back, uniques = pd.factorize(hashes)
    first = np.empty(len(uniques), np.int64)
    first[back[::-1]] = np.arange(len(back) - 1, -1, -1)  # the first row of each group
    if all(np.array_equal(flat[first, j][back], flat[:, j]) for j in range(flat.shape[1])):
        return first, back
    rows = flat.view(np.dtype((np.void, flat.dtype.itemsize * flat.shape[1]))).ravel()
    _, first, back = np.unique(rows, return_index=True, return_inverse=True)
    return first, back.ravel()


def _tie_sum(flat):
    """Σ t(t−1)(2t+5) over the groups of equal values of each row, for every row at once."""
    m, n = flat.shape
    xs = np.sort(flat, axis=1)
    starts = np.ones((m, n), bool)
    starts[:, 1:] = xs[:, 1:] != xs[:, :-1]
    group = np.cumsum(starts.ravel()) - 1            # every row begins a new group
    t = np.bincount(group).astype(float)             # size of each group
    row = np.repeat(np.arange(m), n)[starts.ravel()]  # the row each group belongs to
    return np.bincount(row, weights=t * (t - 1) * (2 * t + 5), minlength=m)
