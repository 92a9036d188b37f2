"""Emerging hot spots: Gi* per period, Mann–Kendall trends, and ArcGIS-style pattern classes per cell.

**Periods.** ``period`` is "week", "month", "quarter" (3 months) or "year", in local wall-clock time (the
time zone of ``start``). Periods are counted back from ``end``: the last is [end − 1 unit, end), the one
before [end − 2 units, end − 1 unit), and so on, so the final period always holds the freshest data. They
are calendar weeks/months/quarters/years whenever ``end`` is such a boundary (e.g. ``end="2025-01-01"``).
``end`` defaults to local midnight after the day of the last event. A period counts only if it is
*complete*: it must not begin before the data do (local midnight of the first event's day). The leading
incomplete stretch and its events are dropped and reported in ``info``; so are events at or after ``end``.
With ``period=None`` the **longest** unit of year, quarter, month, week giving at least ``min_periods``
(default 10) complete periods is used: ≥ 10 years of data → years, 2.5–10 years → quarters, 10 months–2.5
years → months, 10 weeks–10 months → weeks; with less an :class:`InputError` says so. A stated ``period``
must also reach ``min_periods``.

**Per period** the weighted counts per cell (:func:`hotspots.methods.counts.count_points` defaults) go through
:func:`hotspots.methods.gistar.gi_star` with ``mask=grid.inside`` and the FDR correction; a cell is *hot* in a
period when q < alpha and z > 0, *cold* when q < alpha and z < 0. **Neighbourhood in space and time**
(``time_steps`` N, default :data:`hotspots.defaults.TIME_STEPS` = 1, ArcGIS's NEIGHBORHOOD_TIME_STEP): the
3 × 3 block in the period and in the N periods before it, against the in-area cells of those periods
(:func:`hotspots.temporal.spacetime.space_time_gi`). A cell is then hot when its surroundings were busy
*recently*, not only in one period: a lone busy month next to quiet ones weighs less, and a hot spot that
goes quiet stays hot for N more periods. ``time_steps=0`` is the spatial-only Gi* of each period (the classes
before issue #14: one :func:`~hotspots.methods.gistar.gi_star` per period). With under 1 event per cell and period
on average Gi* flags false hot cells (on Poisson noise at 0.1 per cell, ~0.2 % of cells after BH; next to
none at 2 or more), and ``info["notes"]`` warns.

**Trends.** :func:`hotspots.temporal.trend.mann_kendall` runs on each in-area cell's series of counts
(``count_trend``, the space-time cube's trend in ArcGIS) and of Gi* z-scores (``z_trend``). ArcGIS judges
intensifying/diminishing by the trend in "the intensity of clustering", i.e. the Gi* z-scores, and so do the
classes here (``count_trend`` is only reported). Trends use ``alpha`` without a multiple-testing correction.

**Classes** (ArcGIS Pro "How Emerging Hot Spot Analysis works", made exact). Let T be the number of
periods; "≥ 90 %" means hot (cold) in at least 9 of every 10 periods (10·n ≥ 9·T); "final" is the last
period; the *final run* is the uninterrupted run of hot (cold) periods that ends in the final period.

* ``new_hot``: hot in the final period and in no other; never cold.
* ``consecutive_hot``: a final run of at least 2 hot periods, not hot before the run, never cold, < 90 % hot.
* ``intensifying_hot``: ≥ 90 % hot, hot in the final period, z-scores significantly increasing.
* ``persistent_hot``: ≥ 90 % hot, hot in the final period, no significant trend in the z-scores.
* ``diminishing_hot``: ≥ 90 % hot, hot in the final period, z-scores significantly decreasing.
* ``sporadic_hot``: hot in the final period, < 90 % hot, never cold, and not new or consecutive (hot
  periods with gaps: on-again, off-again).
* ``oscillating_hot``: hot in the final period, < 90 % hot, cold in at least one earlier period.
* ``historical_hot``: not hot in the final period, ≥ 90 % hot (so at least 10 periods are needed).
* The cold classes mirror these with hot and cold swapped; ``intensifying_cold`` has significantly
  *decreasing* z-scores (colder), ``diminishing_cold`` significantly increasing ones.
* ``no_pattern``: none of the above. Cells outside the study area get "".

The classes are disjoint except that a cell may be historical for one sign and oscillating for the other
(hot in 9 of 10 periods, cold in the final one): the class about the final period wins (oscillating).
Beyond ArcGIS's words: "new" and "consecutive" require no cold period at all (a cold history makes the
cell oscillating). A cell hot only in, say, the first half of the periods is ``no_pattern``, as in ArcGIS.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hotspots.defaults import TIME_STEPS, TZ
from hotspots.errors import InputError
from hotspots.io.validate import validate_points
from hotspots.methods.counts import count_points
from hotspots.methods.gistar import gi_star
from hotspots.methods.grid import Grid
from hotspots.temporal.periods import UNITS, period_edges
from hotspots.temporal.spacetime import space_time_gi
from hotspots.temporal.trend import MannKendall, mann_kendall

__all__ = ["Emerging", "emerging_hotspots"]



def _rules(me, other, up, down):
    return {
        f"new_{me}": f"{me} in the final period and in no other; never {other}",
        f"consecutive_{me}": f"an uninterrupted run of ≥ 2 {me} periods ending in the final period, not {me} "
                             f"before the run, never {other}, {me} in < 90 % of periods",
        f"intensifying_{me}": f"{me} in ≥ 90 % of periods incl. the final one; Gi* z-scores significantly {up}",
        f"persistent_{me}": f"{me} in ≥ 90 % of periods incl. the final one; no significant trend in Gi* z",
        f"diminishing_{me}": f"{me} in ≥ 90 % of periods incl. the final one; Gi* z-scores significantly {down}",
        f"sporadic_{me}": f"{me} in the final period, {me} in < 90 % of periods, never {other}, not new or "
                          "consecutive (on-again, off-again)",
        f"oscillating_{me}": f"{me} in the final period, {me} in < 90 % of periods, {other} in some earlier period",
        f"historical_{me}": f"not {me} in the final period, {me} in ≥ 90 % of periods",
    }


CLASS_RULES = {**_rules("hot", "cold", "increasing", "decreasing"), **_rules("cold", "hot", "decreasing", "increasing"),
               "no_pattern": "none of the above"}


@dataclass(frozen=True)
class Emerging:
    """Result of :func:`emerging_hotspots`; T periods on a ``(ny, nx)`` grid.

    Attributes
    ----------
    counts, z, q : ndarray, shape (T, ny, nx)
        Weighted counts per period and cell; Gi* z and FDR-adjusted q (NaN outside the study area).
    hot, cold : ndarray of bool, shape (T, ny, nx)
        Significant hot / cold cells per period (q < alpha and z > 0, resp. z < 0).
    count_trend, z_trend : MannKendall
        Trend of each cell's counts and of its Gi* z-scores; arrays ``(ny, nx)``, NaN (direction "")
        outside the study area.
    category : ndarray of str, shape (ny, nx)
        Class key per cell (see the module docstring and ``info["class_rules"]``); "" outside the area.
    period_edges : pandas.DatetimeIndex
        The T + 1 period boundaries, tz-aware; period t is [edges[t], edges[t + 1]).
    info : dict
        JSON-serialisable: ``period``, ``period_rule``, ``n_periods``, ``periods`` (start dates), ``end``,
        ``time_zone``, ``dropped`` (events left out, by reason), ``data_start``, ``fdr``, ``alpha``,
        ``time_steps``, ``neighbourhood``, ``complaint_weight``, ``class_rules``, ``n_by_class``,
        ``trend_for_classes``, ``gi_notes``
        (Gi* notes by period start), ``mean_count_per_cell_and_period``, ``notes``.
    """

    counts: np.ndarray
    z: np.ndarray
    q: np.ndarray
    hot: np.ndarray
    cold: np.ndarray
    count_trend: MannKendall
    z_trend: MannKendall
    category: np.ndarray
    period_edges: pd.DatetimeIndex
    info: dict


def emerging_hotspots(points, grid, *, period=None, fdr="bh", alpha=0.05, end=None, min_periods=10,
                      time_steps=TIME_STEPS) -> Emerging:
    """Classify each cell's hot/cold history over periods, as ArcGIS's Emerging Hot Spot Analysis does.

    Parameters
    ----------
    points : GeoDataFrame
        The Points contract (``start`` tz-aware; naive times are read as Europe/Stockholm).
    grid : Grid
        From :func:`hotspots.methods.grid.make_grid`; only cells in ``grid.inside`` are analysed.
    period : {"week", "month", "quarter", "year"}, optional
        Period length; chosen by the rule in the module docstring when ``None``.
    fdr : {"bh", "bonferroni", "none"}
        Multiple-testing correction of each period's Gi* (over the in-area cells).
    alpha : float
        Significance level for Gi* (on q) and for the Mann–Kendall trends.
    end : str or Timestamp, optional
        End of the last period (exclusive; naive = local time). Default: midnight after the last event.
    min_periods : int
        Fewest complete periods accepted (at least 3; ArcGIS's 90 % rules need 10).
    time_steps : int
        Previous periods whose 3 × 3 blocks join a cell's neighbourhood (default 1, as ArcGIS); 0 = spatial only.

    Returns
    -------
    Emerging

    Raises
    ------
    InputError
        Bad points or grid, no usable ``start`` times, an unknown ``period``, fewer than ``min_periods``
        complete periods, an ``end`` before the data, or bad ``fdr``/``alpha``/``min_periods``.
    """
    points, times, notes = event_times(points, grid, "emerging_hotspots")
    if period is not None and period not in UNITS:
        raise InputError(f"unknown period {period!r}; use one of {', '.join(UNITS)} (or None for automatic).")
    if isinstance(min_periods, bool) or not isinstance(min_periods, (int, np.integer)) or min_periods < 3:
        raise InputError(f"min_periods must be a whole number ≥ 3 (10 is ArcGIS's minimum); got {min_periods!r}.")
    end = to_local(end, times.dt.tz, "end") if end is not None else times.max().normalize() + pd.DateOffset(days=1)
    before_end = times[times < end]
    if before_end.empty:
        raise InputError(f"no events before end={end.isoformat()}; the events span {times.min().isoformat()} to "
                         f"{times.max().isoformat()}.")
    data_start = before_end.min().normalize()
    period, edges, rule = period_edges(data_start, end, period, int(min_periods))
    n_t, ny, nx = len(edges) - 1, grid.ny, grid.nx
    counts = count_points(points, grid)
    timed = times.notna().to_numpy()
    k = np.where(timed, edges.searchsorted(times.fillna(edges[0]), side="right") - 1, -1)
    use = timed & (k >= 0) & (k < n_t) & (counts.point_cell >= 0)
    cube = np.bincount(k[use] * ny * nx + counts.point_cell[use], weights=counts.point_weight[use],
                       minlength=n_t * ny * nx).reshape(n_t, ny, nx)
    gi_notes = {}
    if time_steps == 0:  # spatial only: one Gi* per period, vectorised over cells
        z, q, hot, cold = (np.full(cube.shape, fill) for fill in (np.nan, np.nan, False, False))
        for t in range(n_t):
            g = gi_star(cube[t], mask=grid.inside, fdr=fdr, alpha=alpha)
            z[t], q[t], hot[t], cold[t] = g.z, g.q, g.hot, g.cold
            if g.info["notes"]:
                gi_notes[edges[t].date().isoformat()] = g.info["notes"]
    else:
        g = space_time_gi(cube, grid.inside, time_steps=time_steps, fdr=fdr, alpha=alpha)
        z, q, hot, cold = g.z, g.q, g.hot, g.cold
        gi_notes = {edges[t].date().isoformat(): [note] for t, note in g.info["notes"].items()}
        del g  # its p cube is not kept: at a national grid every cube is hundreds of megabytes
    inside = grid.inside
    count_trend, z_trend = _on_cells(cube, inside, alpha), _on_cells(z, inside, alpha)
    codes = np.full(grid.shape, len(_CLASSES), np.int8)  # "" outside the area
    codes[inside] = _class_codes(hot[:, inside], cold[:, inside], z_trend.direction[inside])
    category = np.array([*_CLASSES, ""], dtype=f"<U{max(map(len, CLASS_RULES))}")[codes]
    per_class = dict(sorted((name, int(k)) for name, k in zip(_CLASSES, np.bincount(codes[inside])) if k))
    mean = float(cube[:, inside].mean()) if inside.any() else 0.0
    notes += [f"only {n_t} periods: historical classes need at least 10"] if n_t < 10 else []
    if mean < 1:
        notes.append(f"{mean:.2g} events per cell and period on average: "
                     "Gi* flags false hot cells in counts this sparse")
    info = {
        "period": period, "period_rule": rule, "n_periods": n_t,
        "periods": [e.isoformat() for e in edges[:-1]], "end": end.isoformat(), "time_zone": str(times.dt.tz),
        "dropped": {"before_first_period": int((timed & (k < 0)).sum()), "at_or_after_end": int((k >= n_t).sum()),
                    "no_start_time": int((~timed).sum()),
                    "outside_study_area": int((timed & (k >= 0) & (k < n_t) & (counts.point_cell < 0)).sum())},
        "data_start": data_start.isoformat(), "fdr": fdr, "alpha": float(alpha), "time_steps": int(time_steps),
        "neighbourhood": (f"3 × 3 block in the period and the {time_steps} before it; global window: those periods"
                          if time_steps else "3 × 3 block in the period (spatial only)"),
        "complaint_weight": counts.info["complaint_weight"],
        "class_rules": dict(CLASS_RULES), "n_by_class": per_class,
        "trend_for_classes": "Mann–Kendall on each cell's Gi* z-scores (ArcGIS: intensity of clustering); "
                             "count_trend is reported, not used by the classes",
        "gi_notes": gi_notes, "notes": notes, "mean_count_per_cell_and_period": mean}
    return Emerging(cube, z, q, hot, cold, count_trend, z_trend, category, edges, info)


def event_times(points, grid, where):
    """Validated points in the grid's CRS and their ``start`` times, tz-aware (shared with change.py)."""
    if not isinstance(grid, Grid):
        raise InputError(f"{where}: grid must be a Grid from hotspots.methods.grid.make_grid; "
                         f"got {type(grid).__name__}.")
    points, notes = validate_points(points, where=where)
    if points.crs != grid.crs:
        points = points.to_crs(grid.crs)
        notes.append(f"points reprojected to the grid's CRS {grid.crs}")
    if "start" not in points.columns:
        raise InputError(f"{where}: the points have no 'start' column (when each event happened); read them "
                         "with read_points or add it.")
    times = points["start"]
    if not pd.api.types.is_datetime64_any_dtype(times):
        raise InputError(f"{where}: 'start' must hold datetimes, got dtype {times.dtype}; parse it with "
                         "pandas.to_datetime or read the files with read_points.")
    if times.dt.tz is None:
        times = times.dt.tz_localize(TZ, ambiguous=True, nonexistent="shift_forward")
        notes.append(f"'start' has no time zone: read as {TZ} wall-clock time")
    times = times.reset_index(drop=True)
    missing = int(times.isna().sum())
    if missing == len(times):
        raise InputError(f"{where}: no point has a 'start' time; nothing to place in periods.")
    if missing:
        notes.append(f"{missing} point(s) without a 'start' time left out")
    return points.reset_index(drop=True), times, notes


def to_local(value, tz, name):
    try:
        ts = pd.Timestamp(value)
        if ts is pd.NaT:
            raise ValueError
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a date or time such as '2025-01-01'; got {value!r}.") from None
    return ts.tz_localize(tz, ambiguous=True, nonexistent="shift_forward") if ts.tz is None else ts.tz_convert(tz)


def _on_cells(values, inside, alpha):
    """Mann–Kendall on every in-area cell's series; NaN and "" outside the area."""
    mk = mann_kendall(np.moveaxis(values, 0, -1)[inside], alpha=alpha)  # (cells, periods), one copy
    full = {name: np.full(inside.shape, np.nan) for name in ("tau", "s", "var_s", "z", "p")}
    full["direction"] = np.full(inside.shape, "", dtype=mk.direction.dtype)
    for name, array in full.items():
        array[inside] = getattr(mk, name)
    return MannKendall(**full, info=mk.info)


def _final_run(flags):
    """Length of the run of True that ends in the last period, per cell (flags: (T, m))."""
    return np.where(flags.all(axis=0), flags.shape[0], flags[::-1].argmin(axis=0))


# The class keys in the order _class_codes numbers them.
_CLASSES = [f"{c}_{side}" for side in ("hot", "cold") for c in
            ("new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic", "oscillating")] + [
    "historical_hot", "historical_cold", "no_pattern"]


def _classify(hot, cold, z_direction):
    """Class key per cell from (T, m) hot/cold flags and the z-score trend direction; see the module docstring."""
    return np.asarray(_CLASSES)[_class_codes(hot, cold, z_direction)]


def _class_codes(hot, cold, z_direction):
    """Index into ``_CLASSES`` per cell (small integers: a national grid has millions of cells)."""
    n_t = hot.shape[0]
    up, down = z_direction == "increasing", z_direction == "decreasing"
    conditions = []
    for me, other, more, less in ((hot, cold, up, down), (cold, hot, down, up)):
        n_me, n_other, final, run = me.sum(axis=0), other.sum(axis=0), me[-1], _final_run(me)
        most = 10 * n_me >= 9 * n_t
        clean = final & ~most & (n_other == 0)
        conditions += [clean & (n_me == 1), clean & (run >= 2) & (n_me == run), final & most & more,
                       final & most & ~more & ~less, final & most & less, clean, final & ~most & (n_other > 0)]
    for me in (hot, cold):  # historical last: the class about the final period wins
        conditions.append(~me[-1] & (10 * me.sum(axis=0) >= 9 * n_t))
    return np.select(conditions, np.arange(len(conditions), dtype=np.int8), default=len(_CLASSES) - 1).astype(np.int8)
