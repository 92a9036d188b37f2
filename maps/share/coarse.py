"""Counts on a coarse scale for shared products, so that two products cannot be subtracted cell by cell.

Two share maps over overlapping periods, or over the same data plus one late report, differ only where the
data differ: with exact counts, the page-to-page difference of a cell gives back single incidents, even
in cells each page alone suppresses. So a share product never prints an exact count (``docs/privacy.md``):

* ``scale="classes"`` (default): the count's band, ``5–9``, ``10–19``, ``20–49``, ``50–99``, ``100+``
  (the first band starts at ``min_count``; bands at or below it are merged into it). A band is ≥ 5 wide,
  so a difference of two published values never pins down a difference of one.
* ``scale="round5"``: unbiased random rounding to a multiple of 5, ``5·⌊n/5⌋`` or ``5·⌈n/5⌉`` with
  probability ``(n mod 5)/5`` of rounding up. The draw comes from a hash of the cell's ``key`` (and the
  count), so the same cell and count always publish the same value (repeatable products, and no averaging
  over repeated runs), while a change of the count redraws it.

Counts below ``min_count`` are suppressed (``None``) on both scales, as before.
"""

import hashlib
import re

import numpy as np
import pandas as pd

from hotspots.defaults import MIN_COUNT

__all__ = ["band_bounds", "publish_count"]

SCALES = ("classes", "round5")
BANDS = (5, 10, 20, 50, 100)
ROUND_BASE = 5
SEED = "hotspot-planner/share/round5/v1"  # documented and fixed: the rounding is repeatable by design
_BAND_LABEL = re.compile(r"^(\d+)(?:–(\d+)|\+)$")


def publish_count(n, *, key="", min_count=MIN_COUNT, scale="classes"):
    """The published form of a count (or an array of counts) in share mode.

    Parameters
    ----------
    n : int, float, array-like or Series
        Exact counts; missing values stay missing.
    key : str or array-like of str
        The cell's stable identity (e.g. ``"hotspot:3:n_points"``), one per count; seeds ``round5``.
    min_count : int
        Counts below it are suppressed (``None``).
    scale : {"classes", "round5"}

    Returns
    -------
    str, int, None or list
        ``classes``: a band label such as ``"10–19"``; ``round5``: a multiple of 5 (``int``);
        ``None`` when suppressed or missing. A list for array input.
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}, got {scale!r}")
    scalar = np.ndim(n) == 0
    values = pd.Series([n] if scalar else list(n), dtype=object).astype("Float64").to_numpy(float, na_value=np.nan)
    keys = np.broadcast_to(np.asarray([key] if scalar else key, dtype=object), values.shape)
    shown = np.isfinite(values) & (values >= min_count)
    if scale == "classes":
        edges = np.array([min_count, *[b for b in BANDS if b > min_count]], float)
        labels = [f"{lo}–{hi - 1}" for lo, hi in zip(edges[:-1].astype(int), edges[1:].astype(int))]
        labels.append(f"{int(edges[-1])}+")
        band = np.searchsorted(edges, np.where(shown, values, edges[0]), side="right") - 1
        out = [labels[b] if ok else None for b, ok in zip(band, shown)]
    else:
        whole = np.rint(np.where(shown, values, 0)).astype(np.int64)
        up = _uniform(keys, whole) < (whole % ROUND_BASE) / ROUND_BASE
        rounded = ROUND_BASE * (whole // ROUND_BASE + up)
        out = [int(r) if ok else None for r, ok in zip(rounded, shown)]
    return out[0] if scalar else out


def band_bounds(value):
    """``(low, high)`` of a published value (``high`` is ``inf`` for ``"100+"``); ``None`` if not on a scale."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | np.integer) and value % ROUND_BASE == 0:
        return int(value), int(value)
    hit = _BAND_LABEL.match(str(value).strip())
    if not hit:
        return None
    return int(hit[1]), (int(hit[2]) if hit[2] else float("inf"))


def _uniform(keys, counts):
    """A number in [0, 1) per (key, count) from SHA-256: deterministic, independent of the run."""
    out = np.empty(len(counts))
    for i, (k, c) in enumerate(zip(keys, counts)):
        digest = hashlib.sha256(f"{SEED}|{k}|{c}".encode()).digest()
        out[i] = int.from_bytes(digest[:8], "big") / 2.0**64
    return out
