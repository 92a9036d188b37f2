"""Engines for data past one machine: the row-heavy part (read, row rules, binning, per-cell sums) on dask.

``--engine dask`` (or ``[engine] name = "dask"`` in a project) runs
:func:`hotspots.engine.run.find_hotspots_dask`: the workers of a dask cluster read Parquet partitions,
apply the local reader's row rules, bin the points into the grid's cells and sum per cell; the client
runs the cell statistics on the aggregated grid as the local engine does. See ``docs/scale.md``.

Nothing here is imported by ``import hotspots`` or by the command-line parsers; dask itself is imported
only when the engine runs (:func:`hotspots.engine.cluster.require_dask`).
"""

__all__ = []
