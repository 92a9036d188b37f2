"""Before/after change map: counts per cell on each side of a date, and a test of change per cell.

**Windows.** ``split`` divides time; the *before* window is [before, split) and the *after* window
[split, after). The data span runs from local midnight of the first event's day to local midnight after
the last event's day. Defaults keep the comparison fair:

* neither ``before`` nor ``after`` given: two windows of equal length L on each side of ``split``, with L
  the shorter of (split − data start) and (data end − split);
* one given: the other window gets the same length, cut at the data span if it would run past it;
* both given: used as they are (the test below accounts for unequal lengths).

**Test** (the conditional test for two Poisson counts; Przyborowski & Wilenski 1940). If a cell's events
arrive at a constant rate, then given the n = k_b + k_a events in both windows, the number after is
k_a ~ Binomial(n, t_a / (t_b + t_a)), with t_b, t_a the window lengths in local
wall-clock days. The two-sided p-value doubles the
smaller tail, min(1, 2·min(P(X ≤ k_a), P(X ≥ k_a))) (for equal windows exactly
:func:`scipy.stats.binomtest`'s p). The test runs on the **number of points** (the Poisson model is about
events); the maps show **weighted counts** (:func:`hotspots.methods.counts.count_points` defaults). Only in-area
cells with at least one event in either window are tested; their p-values get the Benjamini–Hochberg
correction, and a cell changed significantly when q < ``alpha``.

**Classes** per cell: ``new`` (no event before, significantly more after), ``increase`` (significantly
higher rate after), ``decrease`` (significantly lower rate after), ``no_change`` (otherwise, also untested
cells), "" outside the study area.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from hotspots.errors import InputError
from hotspots.methods.counts import count_points
from hotspots.temporal.emerging import event_times, to_local

__all__ = ["Change", "compare_periods"]

CLASSES = ("new", "increase", "decrease", "no_change")


@dataclass(frozen=True)
class Change:
    """Result of :func:`compare_periods`; every array is ``(ny, nx)``.

    Attributes
    ----------
    before, after : ndarray of float
        Weighted counts in the before and after windows.
    difference : ndarray of float
        ``after − before · t_a/t_b``: the excess over what the before rate predicts for the after window
        (``after − before`` for equal windows).
    ratio : ndarray of float
        Rate ratio ``(after/t_a) / (before/t_b)``; NaN where ``before`` is 0.
    n_before, n_after : ndarray of int
        Numbers of points in each window (what the test uses).
    p, q : ndarray of float
        Two-sided conditional binomial p-value and its Benjamini–Hochberg q; NaN where not tested (no event
        in either window, or outside the study area).
    category : ndarray of str
        ``new``, ``increase``, ``decrease``, ``no_change``; "" outside the study area.
    windows : dict
        ``before_start``, ``split``, ``after_end`` as tz-aware Timestamps.
    info : dict
        JSON-serialisable: ``window_rule``, ``windows`` (ISO text), ``days_before``, ``days_after``,
        ``test``, ``alpha``, ``n_tested``, ``n_by_class``, ``dropped``, ``complaint_weight``, ``notes``.
    """

    before: np.ndarray
    after: np.ndarray
    difference: np.ndarray
    ratio: np.ndarray
    n_before: np.ndarray
    n_after: np.ndarray
    p: np.ndarray
    q: np.ndarray
    category: np.ndarray
    windows: dict
    info: dict


def compare_periods(points, grid, *, split, before=None, after=None, alpha=0.05) -> Change:
    """Compare each cell before and after ``split``: counts, difference, ratio and a test of change.

    Parameters
    ----------
    points : GeoDataFrame
        The Points contract (``start`` tz-aware; naive times are read as Europe/Stockholm).
    grid : Grid
        From :func:`hotspots.methods.grid.make_grid`; only cells in ``grid.inside`` are compared.
    split : str or Timestamp
        The date (or time) that divides before from after; naive = local time of ``start``.
    before : str or Timestamp, optional
        Start of the before window; default by the rule in the module docstring.
    after : str or Timestamp, optional
        End (exclusive) of the after window; default by the rule in the module docstring.
    alpha : float
        Significance level applied to the q-values, in (0, 1).

    Returns
    -------
    Change

    Raises
    ------
    InputError
        Bad points or grid, unreadable dates, a ``split`` outside the data, windows in the wrong order,
        or ``alpha`` outside (0, 1).
    """
    points, times, notes = event_times(points, grid, "compare_periods")
    if not 0 < alpha < 1:
        raise InputError(f"alpha must lie between 0 and 1 (e.g. 0.05); got {alpha}.")
    tz = times.dt.tz
    split = to_local(split, tz, "split")
    first, last = times.min().normalize(), times.max().normalize() + pd.DateOffset(days=1)
    if not first < split < last:
        raise InputError(f"split {split.isoformat()} must fall inside the data, which run from {first.date()} "
                         f"to {last.date()} (exclusive).")
    start, end, rule = _windows(split, first, last, before, after, tz)
    t_b, t_a = _days(start, split), _days(split, end)

    counts = count_points(points, grid)
    on = (counts.point_cell >= 0) & times.notna().to_numpy()
    in_b = on & ((times >= start) & (times < split)).to_numpy()
    in_a = on & ((times >= split) & (times < end)).to_numpy()
    size, shape = grid.nx * grid.ny, grid.shape

    def tally(sel, weights=None):
        w = None if weights is None else weights[sel]
        return np.bincount(counts.point_cell[sel], weights=w, minlength=size).reshape(shape)

    w_b, w_a = tally(in_b, counts.point_weight), tally(in_a, counts.point_weight)
    k_b, k_a = tally(in_b), tally(in_a)

    share = t_a / (t_a + t_b)  # P(an event falls after | it falls in one of the windows), constant rate
    n = k_b + k_a
    tested = grid.inside & (n > 0)
    p, q = np.full(shape, np.nan), np.full(shape, np.nan)
    lower = stats.binom.cdf(k_a[tested], n[tested], share)
    upper = stats.binom.sf(k_a[tested] - 1, n[tested], share)
    p[tested] = np.minimum(1.0, 2.0 * np.minimum(lower, upper))
    if tested.any():
        q[tested] = stats.false_discovery_control(p[tested], method="bh")
    significant = tested & (q < alpha)
    up = k_a > n * share
    category = np.where(grid.inside, "no_change", "").astype("<U9")
    category[significant & up] = "increase"
    category[significant & up & (k_b == 0)] = "new"
    category[significant & ~up] = "decrease"

    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(w_b > 0, (w_a / t_a) / (w_b / t_b), np.nan)
    difference = w_a - w_b * (t_a / t_b)
    outside = ~grid.inside
    for a in (ratio, difference):
        a[outside] = np.nan
    keys, n_class = np.unique(category[grid.inside], return_counts=True)
    windows = {"before_start": start, "split": split, "after_end": end}
    info = {
        "window_rule": rule, "windows": {k: v.isoformat() for k, v in windows.items()},
        "days_before": float(t_b), "days_after": float(t_a),
        "test": "conditional binomial test of two Poisson counts: k_after ~ Bin(k_before + k_after, "
                f"{share:.4g}); two-sided p = twice the smaller tail; Benjamini–Hochberg over tested cells",
        "alpha": float(alpha), "n_tested": int(tested.sum()),
        "n_by_class": {str(k): int(v) for k, v in zip(keys, n_class)},
        "dropped": {"outside_windows": int((on & ~in_b & ~in_a).sum()),
                    "outside_study_area": int(counts.n_outside), "no_start_time": int(times.isna().sum())},
        "complaint_weight": counts.info["complaint_weight"], "notes": notes,
    }
    return Change(w_b, w_a, difference, ratio, k_b.astype(int), k_a.astype(int), p, q, category, windows, info)


def _windows(split, first, last, before, after, tz):
    """Start of the before window, end of the after window, and the rule used, in words."""
    start = to_local(before, tz, "before") if before is not None else None
    end = to_local(after, tz, "after") if after is not None else None

    def shift(ts, days):  # on the local wall clock
        return to_local(ts.tz_localize(None) + pd.Timedelta(days=days), tz, "window")

    if start is None and end is None:
        length = min(_days(first, split), _days(split, last))
        start, end = shift(split, -length), shift(split, length)
        rule = f"equal windows of {length:g} days on each side of split: the shorter of the data before and after it"
    elif end is None:
        end = min(shift(split, _days(start, split)), last)
        rule = "before window stated; after window of the same length, cut at the end of the data"
    elif start is None:
        start = max(shift(split, -_days(split, end)), first)
        rule = "after window stated; before window of the same length, cut at the start of the data"
    else:
        rule = "both windows stated"
    if not start < split < end:
        raise InputError(f"the windows must run before < split < after; got before={start.isoformat()}, "
                         f"split={split.isoformat()}, after={end.isoformat()}.")
    if start < first or end > last:
        rule += ("; note: the windows reach beyond the data's first or last day, so the test assumes the data "
                 "cover them")
    return start, end, rule


def _days(a, b):
    """Days from ``a`` to ``b`` on the local wall clock (a daylight-saving change does not shorten a day)."""
    return (b.tz_localize(None) - a.tz_localize(None)) / pd.Timedelta(days=1)
