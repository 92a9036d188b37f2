"""``hotspots --engine dask``: the command's inputs on a dask cluster (:mod:`hotspots.engine`).

The checks that need no cluster come first (Parquet inputs, no time filters, dask installed), each a
one-line message; then :func:`hotspots.engine.run.find_hotspots_dask` runs under the ``find`` spinner.
"""

from pathlib import Path

from hotspots.errors import InputError
from maps.cli.progress import step

__all__ = ["find_on_dask"]

_TIME_FLAGS = ("dates", "weekdays", "hours", "event")


def find_on_dask(inputs, args):
    """Find the hotspots of ``inputs`` with the row-heavy part on dask.

    Returns
    -------
    tuple
        ``(summary, fitted result, None)``: the row accounting with its ``engine`` block, an object with the
        fitted attributes of :class:`hotspots.find.HotspotFinder`, and no time-filter summary.
    """
    given = [f"--{flag}" for flag in _TIME_FLAGS if getattr(args, flag, None)]
    if given:
        raise InputError(f"{', '.join(given)} cannot be used with --engine dask yet; read only the partitions you "
                         "need instead (e.g. the year=2024 folder), or leave out --engine dask.")
    for path in [*inputs.incidents, *inputs.complaints]:
        path = Path(path)
        if not (path.is_dir() or path.suffix.lower() in (".parquet", ".parq", ".pq")):
            raise InputError(f"{path}: --engine dask reads Parquet files or folders of Parquet parts; convert the "
                             "file to Parquet (x, y, time, category columns) or leave out --engine dask.")
    from hotspots.engine.cluster import require_dask

    require_dask()
    from hotspots.engine.run import find_hotspots_dask

    settings = dict(inputs.hotspots)
    method = settings.pop("method")
    boundary = None
    if method not in ("count", "gistar") and inputs.read.boundary:
        from hotspots.io.where.area import read_area

        boundary = read_area(inputs.read.boundary)
    with step("find", inputs.lang):
        summary, result = find_hotspots_dask(inputs.incidents, inputs.complaints, options=inputs.read,
                                             method=method, scheduler=inputs.scheduler, lang=inputs.lang,
                                             all_cells=inputs.all_cells, boundary=boundary, **settings)
    return summary, result, None

