"""The automatic cell size: read from how far apart the events are, not from the size of the map.

**Rule.** Let r be the median, over the events, of the distance from an event to its k-th nearest other event
(k = :data:`hotspots.defaults.CELL_NEIGHBOURS`, 20). A disc of radius r around a typical event holds about k
events; the cell with the same area, side √π · r, is the cell in which a typical event lies together with
about k others. That side is rounded to the nearest tidy step (:data:`hotspots.defaults.CELL_STEPS_M`, on a
log scale) and clamped to [:data:`~hotspots.defaults.CELL_MIN_M`, :data:`~hotspots.defaults.CELL_MAX_M`]
(50–1000 m). Where events are dense the cells are small (a town centre splits into its squares and streets:
≈ 75 m on the Kalix demo); where they are sparse, or few, the cells grow until a cell holds enough events
to count (≈ 200 m on ten years of Chicago's aggravated assaults). The median is taken over events, so it
describes the places where the events are, whatever share of the map is forest, lake or sea.

**Why not the extent.** The earlier rule (after sfhotspot: the shorter side of the bounding box / 50,
rounded down to 100 m, at least 100 m) gives a municipality of 55 × 75 km 1.1 km cells, one of which holds
all of Kalix centrum. It is still the fallback when there are too few events to measure a spacing (k or
fewer) and the rule text says so.

**Cost.** A k-d tree (:class:`scipy.spatial.cKDTree`) on all events; the k-th-neighbour distance is queried
for at most :data:`~hotspots.defaults.CELL_SAMPLE` events, a systematic sample of the events sorted by
position, so the result does not depend on the order of the rows; a million events take 1–3 s on the shared
2-core machine (``bench/results_cell_rule.md`` times it on Chicago's 148,636).

**Limit.** When the grid over the extent would exceed ``max_cells`` the cell is doubled until it fits, and
the rule text says so.
"""

import numpy as np
from scipy.spatial import cKDTree

from hotspots.defaults import CELL_MAX_M, CELL_MIN_M, CELL_NEIGHBOURS, CELL_SAMPLE, CELL_STEPS_M
from hotspots.errors import InputError

__all__ = ["auto_cell_size"]


def auto_cell_size(x, y, width, height, max_cells, *, k=CELL_NEIGHBOURS, min_m=CELL_MIN_M, max_m=CELL_MAX_M,
                   steps=CELL_STEPS_M, sample=CELL_SAMPLE):
    """Choose the cell side for events at ``(x, y)`` on an extent of ``width`` × ``height`` metres.

    Parameters
    ----------
    x, y : array-like of float
        Event coordinates in metres (a metric CRS).
    width, height : float
        The extent the grid will cover, in metres.
    max_cells : int
        Upper bound on the number of cells; the side is doubled until the grid fits.
    k : int
        The neighbour whose distance is measured (see the module docstring).
    min_m, max_m : float
        Range of the side before the ``max_cells`` doubling.
    steps : sequence of float
        Tidy sides to round to (nearest on a log scale); values outside ``[min_m, max_m]`` are ignored.
    sample : int
        Events on which the distance is measured at most.

    Returns
    -------
    tuple of (float, str)
        The side in metres and the rule in words, with the numbers behind it.

    Raises
    ------
    InputError
        ``k`` below 1, an empty or inverted range, or no tidy step inside it.
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InputError(f"k (the neighbour of the cell rule) must be a whole number ≥ 1; got {k!r}.")
    if not 0 < min_m <= max_m:
        raise InputError(f"the cell range must satisfy 0 < min ≤ max; got {min_m!r}–{max_m!r} m.")
    ladder = np.array(sorted(s for s in steps if min_m <= s <= max_m), float)
    if ladder.size == 0:
        raise InputError(f"no tidy cell step lies in {min_m:g}–{max_m:g} m; give steps inside the range.")
    xy = np.column_stack([np.asarray(x, float), np.asarray(y, float)])
    xy = xy[np.isfinite(xy).all(axis=1)]
    if len(xy) <= k:
        cell = max(100.0, np.floor(min(width, height) / 50 / 100) * 100)
        rule = (f"{len(xy)} events are too few to measure their spacing (the rule needs more than {k}): the "
                "shorter side of the bounding box / 50, rounded down to a multiple of 100 m (minimum 100 m)")
    else:
        distance = _kth_distance(xy, k, sample)
        side = np.sqrt(np.pi) * distance
        nearest = ladder[np.argmin(np.abs(np.log(ladder) - np.log(max(side, 1e-9))))]
        cell = float(nearest)
        limit = "clamped to" if side < ladder[0] or side > ladder[-1] else "range"
        rule = (f"automatic from the events' spacing: the median distance from an event to its {k}th-nearest event "
                f"is {distance:.0f} m, so a cell of √π × {distance:.0f} = {side:.0f} m holds a typical event and about "
                f"{k} others; rounded to the tidy step {cell:g} m ({limit} {ladder[0]:g}–{ladder[-1]:g} m)")
    while _n_cells(width, cell) * _n_cells(height, cell) > max_cells:
        cell *= 2
        rule += f"; doubled to {cell:g} m to stay within {max_cells:,} cells"
    return float(cell), rule


def _kth_distance(xy, k, sample):
    """Median distance from an event to its k-th nearest other event (events on the same spot count)."""
    tree = cKDTree(xy, balanced_tree=False, compact_nodes=False)  # faster to build; same distances
    query = xy
    if len(xy) > sample:  # a systematic sample of the events in position order: independent of row order
        order = np.lexsort((xy[:, 1], xy[:, 0]))
        query = xy[order[np.linspace(0, len(xy) - 1, sample).round().astype(np.int64)]]
    distance, _ = tree.query(query, k=[k + 1])  # the event itself is its own nearest neighbour
    return float(np.median(distance[:, 0]))


def _n_cells(length, cell):
    """Cells across an extent (floor + 1, as :func:`hotspots.methods.grid.make_grid` lays a points' extent)."""
    return int(np.floor(length / cell)) + 1
