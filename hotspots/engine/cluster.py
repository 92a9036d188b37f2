"""The dask cluster the engine runs on: an existing scheduler, or a quiet local cluster for the run.

``--scheduler tcp://host:8786`` connects a :class:`distributed.Client` to a running scheduler (its
workers need ``hotspot-planner[dask]`` installed and read access to the Parquet paths). Without it a
:class:`distributed.LocalCluster` is started with one single-threaded worker process per core
(``os.cpu_count()``), its HTTP server on a free port (no clash with a cluster already running), no log
lines below ERROR, and closed when the run ends.
"""

import logging
import os
from contextlib import contextmanager

from hotspots.errors import InputError

__all__ = ["INSTALL_HINT", "dask_client", "require_dask"]

#: What to install for ``--engine dask``; part of every "dask is missing" message.
INSTALL_HINT = "pip install 'hotspot-planner[dask]'"
_QUIET = ("distributed", "dask", "tornado", "bokeh")


def require_dask():
    """Raise a one-line :class:`InputError` when dask, dask.dataframe or distributed is missing."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as err:
        raise InputError(f"--engine dask needs dask and distributed ({err.name or err} is not installed); "
                         f"{INSTALL_HINT}") from None


@contextmanager
def dask_client(scheduler=None, *, n_workers=None, processes=True):
    """A connected :class:`distributed.Client`, closed (with its local cluster) on exit.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler, e.g. ``"tcp://10.0.0.5:8786"``. ``None`` starts a local cluster.
    n_workers : int, optional
        Local cluster only: number of worker processes (default ``os.cpu_count()``).
    processes : bool
        Local cluster only: workers in separate processes (default) or threads of this process.

    Yields
    ------
    distributed.Client

    Raises
    ------
    InputError
        dask is not installed, or the scheduler cannot be reached.
    """
    require_dask()
    from distributed import Client, LocalCluster

    levels = {name: logging.getLogger(name).level for name in _QUIET}
    for name in _QUIET:  # no INFO/WARNING chatter from the cluster on the user's terminal
        logging.getLogger(name).setLevel(logging.ERROR)
    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="15s")
            except (OSError, TimeoutError) as err:
                raise InputError(f"--scheduler {scheduler}: cannot connect to a dask scheduler there "
                                 f"({str(err).splitlines()[0] if str(err) else type(err).__name__}); start one "
                                 "(dask scheduler) or leave --scheduler out to run a local cluster.") from None
        else:
            cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1,
                                   processes=processes, dashboard_address=":0", silence_logs=logging.ERROR)
            client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
