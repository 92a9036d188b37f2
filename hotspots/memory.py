"""Memory honesty at scale: estimate what a step needs before doing it, and refuse early with the numbers.

A run that would not fit is stopped *before* the heavy step (reading the rows, building the grid) with
one sentence giving the estimate, what the machine has available and the ways out (bigger cells, a date
filter, ``--engine dask``), instead of being killed by the kernel half-way through writing its outputs.

What is available comes from ``MemAvailable`` in ``/proc/meminfo`` (Linux), else ``os.sysconf``
(available physical pages); ``HOTSPOT_PLANNER_MEMORY_MB`` overrides both (to test the refusal, or to
keep a run within a share of a machine). The per-row and per-cell figures below were measured with
``bench/bench_national.py`` (peak RSS over rows read, and over grid cells, at 1.5M and 15M rows).
"""

import os

from hotspots.errors import InputError

__all__ = ["BYTES_PER_CELL", "BYTES_PER_ROW", "available_bytes", "check_memory", "release_memory",
           "RELEASE_ABOVE_ROWS"]

#: Peak bytes per input row of reading (typed columns, parsing, row accounting): 1.3 GB peak RSS for
#: 1.5M rows of x, y, time read with ``geometry=False`` (bench/bench_national.py, 2026-12-07).
BYTES_PER_ROW = 900

#: Peak bytes per grid cell of the dense cell statistics (counts, Gi* sums, z/p/q, FDR sort, hot flags).
BYTES_PER_CELL = 120

#: Environment variable that states the memory available, in MB (overrides what the system says).
ENV_LIMIT = "HOTSPOT_PLANNER_MEMORY_MB"

#: Rows below which :func:`release_memory` does nothing: a small read frees a few megabytes, and a full
#: garbage collection in a process holding many objects (a notebook, the test suite) costs 0.05–0.1 s.
RELEASE_ABOVE_ROWS = 200_000

#: Share of the available memory a run may plan to use: the rest is Python, libraries and the outputs.
USABLE_SHARE = 0.8


def available_bytes() -> int | None:
    """Bytes of memory this process may use: ``HOTSPOT_PLANNER_MEMORY_MB``, else what the system has free.

    Returns
    -------
    int or None
        ``None`` when nothing is known (then no check refuses).
    """
    stated = os.environ.get(ENV_LIMIT)
    if stated:
        try:
            return int(float(stated) * 2**20)
        except ValueError:
            raise InputError(f"{ENV_LIMIT} must be a number of megabytes, got {stated!r}.") from None
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def check_memory(need_bytes: float, *, what: str, ways_out: str) -> dict:
    """Refuse a step that would need more memory than is available, before it starts.

    Parameters
    ----------
    need_bytes : float
        The step's estimated peak.
    what : str
        The step and the numbers behind the estimate, e.g. ``"a 250 m grid of 13,012,488 cells"``.
    ways_out : str
        What the user can do, e.g. ``"pass a larger --cell-m, a date filter (--from/--to) or --engine dask"``.

    Returns
    -------
    dict
        ``{"need_mb", "available_mb"}`` (``available_mb`` ``None`` when unknown), for the run's summary.

    Raises
    ------
    InputError
        The estimate exceeds :data:`USABLE_SHARE` of the available memory.
    """
    have = available_bytes()
    report = {"need_mb": round(need_bytes / 2**20), "available_mb": None if have is None else round(have / 2**20)}
    if have is not None and need_bytes > USABLE_SHARE * have:
        raise InputError(f"not enough memory: {what} needs about {need_bytes / 2**30:.1f} GB, but only "
                         f"{have / 2**30:.1f} GB is available ({USABLE_SHARE:.0%} of it may be planned); "
                         f"{ways_out}.")
    return report


def release_memory(rows: int) -> bool:
    """Give freed memory back to the operating system after a large step (reading, the grid statistics).

    Arrow's allocator and glibc's ``malloc`` keep freed pages for reuse; after reading 15 million rows
    that is over a gigabyte the later steps never reuse, and it counts in the peak. Neither library
    returns it on its own, so this asks both (``malloc_trim`` exists only in glibc: elsewhere nothing
    is done).

    Parameters
    ----------
    rows : int
        Rows the step held; below :data:`RELEASE_ABOVE_ROWS` nothing is done (too little to matter).

    Returns
    -------
    bool
        Whether memory was released.
    """
    if rows < RELEASE_ABOVE_ROWS:
        return False
    import ctypes
    import ctypes.util
    import gc

    import pyarrow as pa

    gc.collect()  # pandas objects in reference cycles hold their columns until the collector runs
    pa.default_memory_pool().release_unused()
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        trim = None
    if trim is not None:
        trim(0)
    return True
