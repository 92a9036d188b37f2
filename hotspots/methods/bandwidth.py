"""The automatic KDE bandwidth: likelihood cross-validation, or the normal-reference rule.

Cross-validation (``"cv"``, the default from :data:`CV_MIN_POINTS` points on)
---------------------------------------------------------------------------
The points are split into ``CV_FOLDS`` seeded folds. For each fold and each candidate bandwidth the
other folds are binned and smoothed on the study grid exactly as :func:`hotspots.methods.kde.kde_grid`
does, turned into a probability per cell, and the held-out points are scored by the log of that
probability at their cell, mixed with a uniform floor (``(1 − α)·p + α / cells`` with
α = ``CV_FLOOR``) so a point where the training folds put no mass costs a finite penalty instead of
minus infinity. The bandwidth with the highest summed held-out log-likelihood wins; ties go to the
wider one. Candidates are 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24 and 32 cells, up to a tenth of the grid's
shorter side. Held-out likelihood asks the question a hotspot map is used for: how well does a
surface fitted to some incidents place the others. The normal-reference rule below assumes one
Gaussian cloud and oversmooths a city of many small hot places (≈ 1,450 m on the Chicago assaults at
250 m cells, where cross-validation picks its smallest candidate, half a cell: the assaults concentrate
at scales below the cell; PAI at 5 % rises from 3.82 to 5.77, bench/RESULTS.md section D).

Normal reference (``"reference"``, and below :data:`CV_MIN_POINTS` points)
------------------------------------------------------------------------
1. From the (weighted) mean centre of the points take the *standard distance* SD (root mean squared
   distance) and the (weighted) *median distance* Dm.
2. Robust spread per axis ``s = min(SD, Dm / √ln 2) / √2`` (for a circular normal cloud both terms
   equal σ·√2; the median term keeps a few far-off points from inflating it).
3. ``h = s · n^(−1/6)``: Scott/Silverman in two dimensions; ``n = (Σw)² / Σw²``.
4. Clamp ``h`` to [one cell, a tenth of the grid's shorter side]; the rule text says when a bound
   applied.

Both return the Gaussian standard deviation ``h``; the quartic kernel uses the radius ``2√2 · h``
(same per-axis standard deviation).
"""

import numpy as np

__all__ = ["CV_FOLDS", "CV_MIN_POINTS", "RULES", "choose_bandwidth"]

RULES = ("cv", "reference")
CV_FOLDS = 5
CV_MIN_POINTS = 50
CV_FLOOR = 0.01
CV_CANDIDATE_CELLS = (0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32)


def choose_bandwidth(x, y, w, grid, kernel, *, rule="cv", bin_points, smooth, seed=0):
    """The automatic bandwidth in metres and the rule behind it, in words.

    Parameters
    ----------
    x, y, w : ndarray
        Points on the grid (metres) and their non-negative weights.
    grid : Grid
        The study grid.
    kernel : {"gaussian", "quartic"}
    rule : {"cv", "reference"}
        Likelihood cross-validation or the normal-reference rule (see the module docstring).
    bin_points, smooth : callable
        The binning ``(x, y, w, grid) -> array`` and Gaussian smoothing ``(array, sigma_cells) -> array``
        of :mod:`hotspots.methods.kde`, so the folds are scored on exactly the surface it builds.
    seed : int
        Seeds the fold assignment.

    Returns
    -------
    (float, str)
        Bandwidth in metres (Gaussian sd or quartic radius) and the rule with its numbers.
    """
    lo, hi = grid.cell_m, max(grid.cell_m, min(grid.nx, grid.ny) * grid.cell_m / 10)
    if rule == "cv" and len(x) >= CV_MIN_POINTS and w.sum() > 0:
        h, text = _cross_validated(x, y, w, grid, lo, hi, bin_points, smooth, seed)
    else:
        h, text = _reference(x, y, w, lo, hi)
        if rule == "cv":
            text = f"fewer than {CV_MIN_POINTS} points for cross-validation: " + text
    if kernel == "quartic":
        return 2 * np.sqrt(2) * h, text + "; quartic radius = 2√2·h (same per-axis standard deviation)"
    return h, text


def _cross_validated(x, y, w, grid, lo, hi, bin_points, smooth, seed):
    # half a cell is the finest a linearly binned surface resolves
    cells = [c for c in CV_CANDIDATE_CELLS if c * grid.cell_m <= hi] or [lo / grid.cell_m]
    fold = np.random.default_rng(seed).permutation(len(x)) % CV_FOLDS
    row, col, _ = grid.cell_of(x, y)
    flat = np.clip(row, 0, grid.ny - 1) * grid.nx + np.clip(col, 0, grid.nx - 1)
    floor = CV_FLOOR / (grid.nx * grid.ny)
    score = np.zeros(len(cells))
    for k in range(CV_FOLDS):
        held = fold == k
        train_w = w[~held].sum()
        if train_w <= 0 or not held.any():
            continue
        binned = bin_points(x[~held], y[~held], w[~held], grid)
        for i, c in enumerate(cells):
            p = smooth(binned, c).ravel()[flat[held]] / train_w
            score[i] += float((w[held] * np.log((1 - CV_FLOOR) * np.maximum(p, 0) + floor)).sum())
    best = len(score) - 1 - int(np.argmax(score[::-1]))  # ties go to the wider bandwidth
    h = cells[best] * grid.cell_m
    table = ", ".join(f"{c:g}: {s / max(w.sum(), 1e-12):.3f}" for c, s in zip(cells, score))
    text = (f"likelihood cross-validation ({CV_FOLDS} seeded folds, held-out log-likelihood per unit weight "
            f"by bandwidth in cells: {table}); best h = {cells[best]:g} cells = {h:.0f} m")
    return h, text


def _reference(x, y, w, lo, hi):
    text = ("h = min(SD, Dm/√ln2)/√2 · n^(-1/6), with SD the standard distance and Dm the median "
            "distance of the points from their weighted mean centre and n = (Σw)²/Σw² "
            "(2-D normal-reference rule of Scott/Silverman with a robust spread), clamped to "
            f"[one cell, 1/10 of the grid's shorter side] = [{lo:.0f}, {hi:.0f}] m")
    total = w.sum()
    if total == 0:
        return lo, text + "; no weight on the grid, so h = one cell"
    mx, my = (w * x).sum() / total, (w * y).sum() / total
    d = np.hypot(x - mx, y - my)
    sd = float(np.sqrt((w * d * d).sum() / total))
    if np.all(w == w[0]):
        dm = float(np.median(d))
    else:
        order = np.argsort(d)
        dm = float(d[order][np.searchsorted(np.cumsum(w[order]), total / 2)])
    n = float(total ** 2 / (w * w).sum())
    raw = min(sd, dm / np.sqrt(np.log(2))) / np.sqrt(2) * n ** (-1 / 6)
    h = float(np.clip(raw, lo, hi))
    text += f"; SD = {sd:.1f} m, Dm = {dm:.1f} m, n = {n:.6g}, h = {raw:.1f} m"
    if h != raw:
        text += f", {'raised' if h > raw else 'lowered'} to {h:.1f} m"
    return h, text
