"""Points into grid cells, batch by batch: memory grows with the cells, never with the rows.

Each batch of coordinates becomes linear cell indices (``row * nx + col``, row 0 the southernmost) and
is added into the running per-cell sums with :func:`numpy.bincount`. Two layouts, one result:

* **dense** (the default when the grid's float array fits comfortably, :data:`DENSE_MAX_CELLS`): one
  ``nx * ny`` float array, the batches added into it in place;
* **sparse** (finer or larger grids): each batch reduced to its occupied cells (unique ids and sums) and
  the batches merged, so only occupied cells are ever held.

Points off the grid, outside the study area (``Grid.inside``) or without finite coordinates add nothing
and are counted in ``n_outside``. Sums are exact for integer weights and equal, to rounding, the one-shot
count whatever the batch size (addition in another order).
"""

from dataclasses import dataclass

import numpy as np

__all__ = ["Binned", "bin_cells"]

#: Largest grid binned densely (8 bytes per cell: 400 MB at this size).
DENSE_MAX_CELLS = 50_000_000

#: Rows per batch when whole arrays are given.
BATCH_ROWS = 1_000_000


@dataclass(frozen=True)
class Binned:
    """Weighted sums per occupied cell: ``cells`` (sorted linear ids) and ``sums``; ``shape`` ``(ny, nx)``."""

    cells: np.ndarray
    sums: np.ndarray
    shape: tuple
    n_points: int
    n_outside: int

    def dense(self) -> np.ndarray:
        """The sums as a ``(ny, nx)`` float array (zeros in empty cells)."""
        out = np.zeros(self.shape[0] * self.shape[1])
        out[self.cells] = self.sums
        return out.reshape(self.shape)


def bin_cells(batches, grid, *, dense=None) -> Binned:
    """Sum point weights per cell of ``grid``, one batch of rows at a time.

    Parameters
    ----------
    batches : iterable of tuple
        ``(x, y)`` or ``(x, y, weights)`` arrays per batch, in the grid's CRS; or one such tuple of
        whole arrays (then cut into batches of :data:`BATCH_ROWS`).
    grid : Grid
        From :func:`hotspots.methods.grid.make_grid`.
    dense : bool, optional
        Force the layout; default dense up to :data:`DENSE_MAX_CELLS` cells.

    Returns
    -------
    Binned
    """
    size = grid.nx * grid.ny
    dense = size <= DENSE_MAX_CELLS if dense is None else dense
    if isinstance(batches, tuple) and len(batches) in (2, 3) and np.ndim(batches[0]) == 1:
        batches = _cut(*batches)
    inside = grid.inside.ravel()
    total = np.zeros(size) if dense else None
    parts, n_points, n_outside = [], 0, 0
    for batch in batches:
        x, y = np.asarray(batch[0], float), np.asarray(batch[1], float)
        w = np.ones(len(x)) if len(batch) < 3 or batch[2] is None else np.asarray(batch[2], float)
        with np.errstate(invalid="ignore"):  # NaN coordinates: off the grid, counted in n_outside
            row, col, on = grid.cell_of(x, y)
        on &= np.isfinite(x) & np.isfinite(y)
        flat = row * grid.nx + col
        on[on] = inside[flat[on]]
        n_points, n_outside = n_points + len(x), n_outside + int((~on).sum())
        if dense:
            total += np.bincount(flat[on], weights=w[on], minlength=size)
        else:
            ids, where = np.unique(flat[on], return_inverse=True)
            parts.append((ids, np.bincount(where, weights=w[on], minlength=len(ids))))
    if dense:
        cells = np.flatnonzero(total)
        return Binned(cells, total[cells], grid.shape, n_points, n_outside)
    ids = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    sums = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0)
    cells, where = np.unique(ids, return_inverse=True)
    sums = np.bincount(where, weights=sums, minlength=len(cells))
    keep = sums != 0
    return Binned(cells[keep], sums[keep], grid.shape, n_points, n_outside)


def _cut(x, y, w=None):
    for start in range(0, len(x), BATCH_ROWS):
        stop = start + BATCH_ROWS
        yield x[start:stop], y[start:stop], None if w is None else w[start:stop]
