"""Prospective hotspotting: risk from recent events and their near-repeat neighbourhood.

After Bowers, Johnson & Pease (2004), *Prospective hot-spotting: the future of crime mapping?*,
British Journal of Criminology 44(5), 641–658. Crime is more likely close to recent crime for a few
weeks (the near-repeat effect; Johnson & Bowers 2004), so every event of the last ``horizon_days``
before the moment ``at`` adds to the risk of each cell within ``bandwidth_m`` of its own cell:

    risk(cell) = Σ_events  weight × 1 / (1 + d)  ×  1 / (1 + s)

* ``d`` is the distance from the event's cell centre to the cell's centre **in cell widths**
  (0 for the event's own cell, 1 for an edge neighbour, √2 for a corner); only cells with
  ``d × cell_m ≤ bandwidth_m`` count. Bowers et al. used 50 m cells, a 400 m band and
  1 / (1 + cells); the defaults here keep the 400 m band, widened to one cell width when the cells are
  larger (so the four edge neighbours always count). Rule reported in ``info["band_rule"]``.
* ``s`` is the event's age in whole steps of ``decay_days``: an event in the last ``decay_days``
  before ``at`` has s = 0 (weight 1), the step before s = 1 (weight ½), and so on —
  ``s = ⌈age / decay_days⌉ − 1``. Default: weekly steps (``decay_days = 7``), as Bowers et al.'s
  1 / (1 + weeks).
* Only events with ``at − horizon_days ≤ t < at`` count; default ``horizon_days = 56`` (eight weeks,
  Bowers et al.'s two months). Events at or after ``at`` are ignored: the map never sees the future.

Vectorised: each event's weight × its temporal factor is binned onto its grid cell with one
``np.bincount``, and the binned grid is convolved once with the spatial kernel
(``scipy.ndimage.correlate``, or FFT for a wide kernel); nothing loops over events. Cells beyond the
grid edge are zero padding: risk is not folded back. Every event on the grid counts, also in cells
outside the study area (as in :func:`hotspots.methods.kde.kde_grid`); callers pass only the events they use.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import ndimage

from hotspots.errors import InputError
from hotspots.io.xyw import as_xyw

__all__ = ["Prospective", "prospective_risk"]

DEFAULT_BANDWIDTH_M = 400.0   # Bowers et al. (2004)
DEFAULT_DECAY_DAYS = 7.0      # weekly steps: 1 / (1 + weeks)
DEFAULT_HORIZON_DAYS = 56.0   # eight weeks ≈ two months
_EPS = 1e-9
_FFT_MIN_TAPS = 625           # kernels with more cells than this (25 × 25) are applied by FFT
_NS_PER_DAY = 86_400 * 10 ** 9
REFERENCE = ("Bowers, K. J., Johnson, S. D. & Pease, K. (2004). Prospective hot-spotting: the future of "
             "crime mapping? British Journal of Criminology 44(5), 641–658.")


@dataclass(frozen=True)
class Prospective:
    """A prospective risk surface on a :class:`~hotspots.methods.grid.Grid`.

    Attributes
    ----------
    risk : ndarray, shape (ny, nx)
        Σ weight × 1/(1 + d) × 1/(1 + s) per cell (row 0 south); a relative score, not a rate.
    info : dict
        JSON-serialisable: the band, decay and horizon used with their rules, the kernel, the event
        counts (used, after ``at``, older than the horizon, off the grid), and the reference.
    """

    risk: np.ndarray
    info: dict


def prospective_risk(x, y, t, grid, *, at, weights=None, bandwidth_m=None, decay_days=None,
                     horizon_days=None) -> Prospective:
    """Bowers–Johnson prospective risk at the moment ``at`` on ``grid``.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Event coordinates in the grid's CRS (metres), finite.
    t : array_like of datetimes, shape (n,)
        Event times (tz-aware, like the Points ``start`` column; naive only if ``at`` is naive too).
    grid : Grid
        From :func:`hotspots.methods.grid.make_grid`.
    at : datetime-like
        The moment the map is made for (e.g. the start of the coming week).
    weights : array_like, shape (n,), optional
        Non-negative weight per event (default 1).
    bandwidth_m : float, optional
        Spatial band in metres (default 400 m, or one cell width if the cells are larger).
    decay_days : float, optional
        Length of one temporal step in days (default 7).
    horizon_days : float, optional
        How far back events count, in days (default 56).

    Returns
    -------
    Prospective

    Raises
    ------
    InputError
        Coordinates, weights or times that are missing, not finite or of different lengths; negative
        weights; a time zone on one of ``t``/``at`` but not the other; non-positive parameters.
    """
    x, y, w = as_xyw(x, y, weights, what="events")
    t_ns, at_ns = _times(t, at, len(x))
    band, decay, horizon, info = _parameters(grid, bandwidth_m, decay_days, horizon_days)
    age = (at_ns - t_ns) / _NS_PER_DAY
    row, col, on = grid.cell_of(x, y)
    before, recent = age > 0, age <= horizon
    use = on & before & recent
    step = np.ceil(age[use] / decay) - 1
    binned = np.bincount(row[use] * grid.nx + col[use], weights=w[use] / (1 + step),
                         minlength=grid.nx * grid.ny).reshape(grid.shape)
    kernel = _spatial_kernel(band, grid.cell_m)
    if kernel.size > _FFT_MIN_TAPS:
        from scipy.signal import fftconvolve  # scipy.signal takes ~0.4 s to import: only large kernels need it

        risk, how = fftconvolve(binned, kernel, mode="same"), "FFT convolution"
        risk[risk < max(risk.max(), 0) * 1e-12] = 0.0
    else:
        risk, how = ndimage.correlate(binned, kernel, mode="constant", cval=0.0), "scipy.ndimage.correlate"
    info.update(kernel_cells=int((kernel > 0).sum()), method=f"np.bincount per cell + {how}",
                n_events=len(x), n_used=int(use.sum()), n_at_or_after=int((~before).sum()),
                n_older_than_horizon=int((before & ~recent).sum()), n_outside=int((before & recent & ~on).sum()),
                weight_used=float(w[use].sum()), reference=REFERENCE)
    return Prospective(risk, info)


def _spatial_kernel(band_m, cell_m):
    """1 / (1 + d) for cell offsets with d · cell ≤ band (d in cell widths), else 0; odd square array."""
    reach = band_m / cell_m + _EPS
    r = int(np.floor(reach))
    dy, dx = np.mgrid[-r:r + 1, -r:r + 1]
    d = np.hypot(dx, dy)
    return np.where(d <= reach, 1.0 / (1.0 + d), 0.0)


def _parameters(grid, bandwidth_m, decay_days, horizon_days):
    for name, value in (("bandwidth_m", bandwidth_m), ("decay_days", decay_days), ("horizon_days", horizon_days)):
        if value is not None:
            ok = isinstance(value, (int, float, np.number)) and not isinstance(value, bool)
            if not ok or not np.isfinite(value) or value <= 0:
                raise InputError(f"{name} must be a positive number (or None for the default); got {value!r}.")
    if bandwidth_m is None:
        band = max(DEFAULT_BANDWIDTH_M, grid.cell_m)
        rule = (f"default: 400 m (Bowers et al. 2004), or one cell width when cells are larger = {band:g} m")
    else:
        band, rule = float(bandwidth_m), "stated"
    decay = DEFAULT_DECAY_DAYS if decay_days is None else float(decay_days)
    horizon = DEFAULT_HORIZON_DAYS if horizon_days is None else float(horizon_days)
    info = {"bandwidth_m": band, "band_rule": rule, "band_cells": band / grid.cell_m,
            "decay_days": decay, "decay_rule": "default (weekly steps)" if decay_days is None else "stated",
            "horizon_days": horizon, "horizon_rule": "default (eight weeks)" if horizon_days is None else "stated",
            "weight": "w × 1/(1 + d) × 1/(1 + s); d = centre distance in cells (≤ band), "
                      "s = ⌈age / decay_days⌉ − 1; events with at − horizon ≤ t < at"}
    if band < grid.cell_m:
        info["note"] = "the band is narrower than a cell: each event raises only its own cell"
    return band, decay, horizon, info


def _times(t, at, n):
    try:
        times = pd.DatetimeIndex(pd.to_datetime(t))
        moment = pd.Timestamp(at)
    except (TypeError, ValueError) as err:
        raise InputError(f"event times and 'at' must be dates and times; {err}.") from None
    if len(times) != n:
        raise InputError(f"t must have one time per event: {n} coordinates but {len(times)} times.")
    if times.isna().any() or pd.isna(moment):
        raise InputError(f"{int(times.isna().sum())} event times are missing (or 'at' is); drop those events first.")
    if (times.tz is None) != (moment.tz is None):
        raise InputError(f"event times and 'at' must both carry a time zone or both be naive; got "
                         f"times in {times.tz} and at = {moment}.")
    if times.tz is not None:
        times, moment = times.tz_convert("UTC"), moment.tz_convert("UTC")
    return times.as_unit("ns").asi8, moment.as_unit("ns").value
