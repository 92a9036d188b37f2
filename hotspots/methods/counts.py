"""Weighted counts of points per grid cell: incidents and complaints separately and combined.

Defaults (documented in the README):

* every incident weighs its ``weight`` column (1 unless the file says otherwise);
* a complaint weighs ``complaint_weight`` × its weight, default **0.5**: a complaint reports
  perceived insecurity or a nuisance, not a crime, so a place that only draws complaints ranks
  below one with the same number of incidents, yet still counts;
* ``category_weights`` multiplies by category (e.g. a harm index: ``{"violence": 3}``); a category
  not named weighs 1.
"""

from dataclasses import dataclass

import numpy as np

from hotspots.defaults import COMPLAINT_WEIGHT
from hotspots.errors import InputError
from hotspots.io.frames import points_xy
from hotspots.methods.binning import BATCH_ROWS

__all__ = ["Counts", "count_points"]




@dataclass(frozen=True)
class Counts:
    """Per-cell weighted counts, each ``(ny, nx)``, and the per-point weights and cells used."""

    incidents: np.ndarray
    complaints: np.ndarray
    combined: np.ndarray
    point_weight: np.ndarray  # the weight each point contributed to ``combined``
    point_cell: np.ndarray    # flat cell index of each point, -1 when off the grid or outside the area
    n_outside: int
    info: dict


def count_points(points, grid, *, complaint_weight=COMPLAINT_WEIGHT, category_weights=None) -> Counts:
    """Count points per cell of ``grid`` with source and category weights.

    Parameters
    ----------
    points : GeoDataFrame
        The Points contract, in the grid's CRS.
    grid : Grid
        From :func:`hotspots.methods.grid.make_grid`.
    complaint_weight : float
        Multiplier for ``source == "complaint"`` (default 0.5).
    category_weights : dict, optional
        Category key → multiplier; others weigh 1.

    Returns
    -------
    Counts
        Points off the grid or in cells outside the study area are counted in ``n_outside`` and
        contribute nothing.
    """
    if complaint_weight < 0 or not np.isfinite(complaint_weight):
        raise InputError(f"complaint weight must be a number ≥ 0, got {complaint_weight}.")
    weights = points["weight"].to_numpy(float) if "weight" in points else np.ones(len(points))
    if category_weights:
        bad = {k: v for k, v in category_weights.items() if not np.isfinite(v) or v < 0}
        if bad:
            raise InputError(f"category weights must be numbers ≥ 0; got {bad}.")
        # astype(float) first: a Categorical column maps to a Categorical, which takes no new fill value
        weights = weights * points["category"].map(category_weights).astype(float).fillna(1.0).to_numpy(float)
    is_complaint = (points["source"] == "complaint").to_numpy() if "source" in points else np.zeros(len(points), bool)
    weights = np.where(is_complaint, weights * complaint_weight, weights)

    x, y, _ = points_xy(points)
    size = grid.nx * grid.ny
    inside = grid.inside.ravel()
    flat = np.full(len(points), -1, dtype=np.int64)
    incidents, complaints = np.zeros(size), np.zeros(size)
    # Batch by batch (hotspots.methods.binning): the temporaries are a batch long, the sums a grid large.
    for start in range(0, len(points), BATCH_ROWS):
        part = slice(start, start + BATCH_ROWS)
        row, col, on = grid.cell_of(x[part], y[part])
        cell = row * grid.nx + col
        on[on] = inside[cell[on]]
        flat[part] = np.where(on, cell, -1)
        c, w, k = cell[on], weights[part][on], is_complaint[part][on]
        incidents += np.bincount(c[~k], weights=w[~k], minlength=size)
        if k.any():  # untouched zeros take no memory (the pages are never written): most data have no complaints
            complaints += np.bincount(c[k], weights=w[k], minlength=size)
    on = flat >= 0
    incidents, complaints = incidents.reshape(grid.shape), complaints.reshape(grid.shape)
    info = {"complaint_weight": float(complaint_weight), "category_weights": dict(category_weights or {}),
            "n_points": len(points), "n_outside": int((~on).sum())}
    combined = incidents + complaints if is_complaint.any() else incidents.copy()
    return Counts(incidents, complaints, combined, np.where(on, weights, 0.0), flat,
                  int((~on).sum()), info)
