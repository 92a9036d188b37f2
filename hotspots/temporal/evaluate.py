"""Predictive evaluation: fit on a training window, score the next test window, roll forward.

Rules (each is also written into ``Evaluation.info``):

* **Windows.** Window i trains on ``[t0, t0 + train_days)`` and tests on the following
  ``[t0 + train_days, t0 + train_days + test_days)``; consecutive windows step by ``test_days``, so
  the test windows tile time without overlap. The last test window ends at ``end`` — by default
  midnight after the day of the last event (so that event is tested). Days are calendar days in the
  points' time zone. ``windows=None`` takes as many windows as the data allows: the first training
  window may not start before midnight of the first event's day.
* **Grid.** One grid for the whole evaluation (:func:`hotspots.methods.grid.make_grid` over all points or
  the boundary); without a boundary every grid cell is in the study area. PAI depends on that area,
  so compare methods on the same grid, never PAI values across studies with different areas.
* **Scores** from the training window only: ``count`` = weighted counts; ``kde`` =
  :func:`hotspots.methods.kde.kde_grid` density (automatic bandwidth, per window); ``gistar`` = Gi* z of the
  counts (3 × 3 block); ``prospective`` = :func:`hotspots.methods.prospective.prospective_risk` at the test
  start (defaults: 400 m, weekly decay, eight weeks); baseline ``naive`` = the counts of the last
  ``test_days`` of training ("last period's counts"; all of it if training is shorter), always included.
* **Flagging.** Exactly k = ⌊coverage · N + ½⌋ (at least 1) of the N in-area cells, by descending
  score; ties (e.g. the many empty cells) in a random order drawn once per window from ``seed``, the
  same for every method. A map without information therefore flags a random set and scores PAI ≈ 1.
* **Metrics** per window and coverage, with weights as in :func:`hotspots.methods.counts.count_points`
  (a complaint weighs 0.5): hit rate = test weight in flagged cells / all test weight;
  PAI = hit rate / (k / N); RRI (Levine's recapture rate index) = (test weight in flagged / training
  weight in flagged) / (all test weight / all training weight), with the whole training window as
  "training" for every method — NaN where a part of a ratio is 0 ("where defined"). Hit rate and
  PAI are NaN for a test window without events.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hotspots.errors import InputError
from hotspots.io.validate import validate_points
from hotspots.methods.counts import count_points
from hotspots.methods.gistar import gi_star
from hotspots.methods.grid import make_grid
from hotspots.methods.kde import kde_grid
from hotspots.methods.prospective import prospective_risk

__all__ = ["BASELINE", "METHODS", "Evaluation", "evaluate_methods"]

METHODS = ("count", "kde", "gistar", "prospective")
BASELINE = "naive"
DEFAULT_COVERAGE = (0.01, 0.05, 0.10)
METRICS = ("hit_rate", "pai", "rri")


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate_methods`.

    Attributes
    ----------
    table : DataFrame
        One row per method × coverage: ``area_share`` (k / N), then ``mean``, ``sd`` (n − 1),
        ``min``, ``max`` and ``n`` (windows where defined) of ``hit_rate``, ``pai`` and ``rri``
        (columns ``pai_mean`` ...), and ``n_windows``.
    windows : DataFrame
        One row per window × method × coverage with the window's dates, k, N, the weights behind
        each ratio and the three metrics.
    info : dict
        JSON-serialisable: the rules, grid, windows, methods' parameters and notes.
    """

    table: pd.DataFrame
    windows: pd.DataFrame
    info: dict


def evaluate_methods(points, *, methods=METHODS, train_days=365, test_days=28, coverage=DEFAULT_COVERAGE,
                     windows=None, cell_m=None, boundary=None, end=None, seed=0) -> Evaluation:
    """Rolling predictive backtest of hotspot methods against the naive "last period" baseline.

    Parameters
    ----------
    points : GeoDataFrame
        The Points contract (``start`` tz-aware, ``weight``, ``source``).
    methods : sequence of str or str
        Any of :data:`METHODS` (a comma-separated string works too); ``naive`` is always added.
    train_days, test_days : int
        Window lengths in calendar days.
    coverage : float or sequence of float
        Shares of the in-area cells to flag, each in (0, 1).
    windows : int, optional
        Number of consecutive windows; as many as the data allows when ``None``.
    cell_m : float, optional
        Grid cell side; automatic (see :mod:`hotspots.methods.grid`) when ``None``.
    boundary : GeoDataFrame, optional
        Study area; the grid covers it and cells outside are left out.
    end : datetime-like, optional
        End of the last test window (naive times are in the points' time zone).
    seed : int
        Seed of the random tie-break order.

    Returns
    -------
    Evaluation

    Raises
    ------
    InputError
        An unknown method (the valid ones are listed), a coverage outside (0, 1), non-positive
        window lengths, points without ``start`` times, or too little data for the windows asked
        (the message says how many days are needed and how many there are).
    """
    methods, coverage = _check_methods(methods), _check_coverage(coverage)
    train_days, test_days = _positive_int(train_days, "train_days"), _positive_int(test_days, "test_days")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seed must be a whole number ≥ 0; got {seed!r}.")
    points, notes = validate_points(points, where="evaluate_methods")
    t_ns, tz, n_no_time = _times(points)
    if n_no_time:
        notes.append(f"{n_no_time} points without a start time are left out")
    grid = make_grid(points, cell_m=cell_m, boundary=None if boundary is None else boundary.to_crs(points.crs))
    counts = count_points(points, grid)
    used = (counts.point_cell >= 0) & (t_ns != np.iinfo(np.int64).min)
    cell, weight, t_ns = counts.point_cell[used], counts.point_weight[used], t_ns[used]
    x, y = points.geometry.x.to_numpy()[used], points.geometry.y.to_numpy()[used]
    spans, window_rule = _windows(t_ns, tz, train_days, test_days, windows, end)
    inside = np.flatnonzero(grid.inside.ravel())
    n_cells = inside.size
    ks = {c: int(min(n_cells, max(1, np.floor(c * n_cells + 0.5)))) for c in coverage}
    size, rows, bandwidths, params = grid.nx * grid.ny, [], [], {}
    for i, (t0, t1, t2) in enumerate(spans):
        b0, b1, b2, bn = (pd.Timestamp(v).as_unit("ns").value for v in (t0, t1, t2, t1 - pd.DateOffset(days=test_days)))
        train, test, last = (t_ns >= b0) & (t_ns < b1), (t_ns >= b1) & (t_ns < b2), (t_ns >= max(b0, bn)) & (t_ns < b1)
        train_c = np.bincount(cell[train], weights=weight[train], minlength=size)
        scores = {}
        for method in methods:
            scores[method], extra = _score(method, grid, train_c, x[train], y[train], t_ns[train], weight[train], t1)
            bandwidths += [extra.pop("bandwidth_m")] if method == "kde" else []
            params.setdefault(method, extra)
        scores[BASELINE] = np.bincount(cell[last], weights=weight[last], minlength=size)
        test_c = np.bincount(cell[test], weights=weight[test], minlength=size)[inside]
        key = np.random.default_rng([seed, i]).random(n_cells)  # the tie-break order of this window
        for method, score in scores.items():
            s = np.nan_to_num(np.asarray(score, float).ravel()[inside], nan=-np.inf)
            order = np.lexsort((key, -s))
            hit_test, hit_train = np.cumsum(test_c[order]), np.cumsum(train_c[inside][order])
            rows += [_metrics(i, (t0, t1, t2), method, c, k, n_cells, hit_test[-1], hit_test[k - 1], hit_train[-1],
                              hit_train[k - 1]) for c, k in ks.items()]
    frame = pd.DataFrame(rows)
    order = list(methods) + [BASELINE]
    info = {"grid": [grid.ny, grid.nx], "cell_m": grid.cell_m, "cell_rule": grid.cell_rule, "crs": grid.crs,
            "n_cells": int(n_cells), "area": "the boundary" if boundary is not None else "every grid cell",
            "k": {f"{c:g}": k for c, k in ks.items()}, "train_days": train_days, "test_days": test_days,
            "n_windows": len(spans), "window_rule": window_rule, "first_train_start": str(spans[0][0]),
            "last_test_end": str(spans[-1][2]), "methods": order, "seed": seed,
            "flag_rule": "k = floor(coverage·N + 1/2) (≥ 1) in-area cells by descending score; ties in a "
                         "seeded random order drawn once per window, shared by all methods",
            "baseline": f"naive: weighted counts of the last {test_days} days of training (last period's counts)",
            "rri_rule": "(test/training weight in flagged) / (test/training weight overall), training = the "
                        "whole training window; NaN where a part is 0",
            "n_points": len(points), "n_points_used": int(used.sum()),
            "n_points_outside": int(counts.n_outside), "params": params, "notes": notes}
    if bandwidths:
        info["kde_bandwidth_m"] = {"min": float(min(bandwidths)), "median": float(np.median(bandwidths)),
                                   "max": float(max(bandwidths))}
    return Evaluation(_summary(frame, order, coverage), frame, info)


def _score(method, grid, train_c, x, y, t_ns, w, at):
    if method == "count":
        return train_c, {}
    if method == "kde":
        kde = kde_grid(x, y, grid, weights=w)
        return kde.density, {"bandwidth_m": kde.bandwidth_m, "bandwidth_rule": "automatic per window "
                             "(hotspots.methods.kde rule)", "kernel": kde.kernel}
    if method == "gistar":
        g = gi_star(train_c.reshape(grid.shape), mask=grid.inside, fdr="none")
        return g.z, {"band_cells": g.info["band_cells"], "score": "z"}
    at = at.tz_convert("UTC").tz_localize(None) if at.tz is not None else at  # t_ns is naive UTC
    p = prospective_risk(x, y, pd.to_datetime(t_ns), grid, at=at, weights=w)
    keep = ("bandwidth_m", "band_rule", "decay_days", "horizon_days", "weight", "reference")
    return p.risk, {k: p.info[k] for k in keep}


def _metrics(i, span, method, c, k, n, test_all, test_in, train_all, train_in):
    hit = test_in / test_all if test_all > 0 else np.nan
    defined = train_in > 0 and test_all > 0 and train_all > 0
    return {"window": i, "train_start": span[0], "test_start": span[1], "test_end": span[2], "method": method,
            "coverage": c,
            "k": k, "n_cells": n, "area_share": k / n, "test_weight": float(test_all),
            "test_in_flagged": float(test_in), "train_weight": float(train_all),
            "train_in_flagged": float(train_in), "hit_rate": hit, "pai": hit / (k / n),
            "rri": (test_in / train_in) / (test_all / train_all) if defined else np.nan}


def _summary(frame, order, coverage):
    grouped = frame.groupby(["method", "coverage"], sort=False)
    table = grouped[["area_share"]].first()
    for m in METRICS:
        stats = grouped[m].agg(["mean", "std", "min", "max", "count"])
        stats.columns = [f"{m}_{s}" for s in ("mean", "sd", "min", "max", "n")]
        table = table.join(stats)
    table["n_windows"] = grouped["window"].nunique()
    index = pd.MultiIndex.from_product([order, list(coverage)], names=["method", "coverage"])
    return table.reindex(index).reset_index()


def _check_methods(methods):
    if isinstance(methods, str):
        methods = [m.strip() for m in methods.split(",") if m.strip()]
    methods = [str(m).lower() for m in methods]
    unknown = [m for m in methods if m not in METHODS + (BASELINE,)]
    if unknown:
        raise InputError(f"unknown method(s) {', '.join(map(repr, unknown))}; choose from "
                         f"{', '.join(METHODS)} (the '{BASELINE}' baseline is always included).")
    return tuple(dict.fromkeys(m for m in methods if m != BASELINE))


def _check_coverage(coverage):
    values = np.atleast_1d(np.asarray(coverage, dtype=object))
    out = []
    for v in values:
        ok = isinstance(v, (int, float, np.number)) and not isinstance(v, bool) and 0 < float(v) < 1
        if not ok:
            raise InputError(f"coverage must be shares strictly between 0 and 1 (e.g. 0.05 for 5 %); got {v!r}.")
        out.append(float(v))
    if not out:
        raise InputError("give at least one coverage (e.g. 0.05).")
    return tuple(dict.fromkeys(out))


def _positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InputError(f"{name} must be a whole number of days ≥ 1; got {value!r}.")
    return int(value)


def _times(points):
    if "start" not in points.columns:
        raise InputError("evaluate_methods: the points have no 'start' times; read them with read_points "
                         "(pass --time if the time column is not detected).")
    start = points["start"]
    if not isinstance(start.dtype, pd.DatetimeTZDtype) and not pd.api.types.is_datetime64_dtype(start):
        start = pd.to_datetime(start, errors="coerce")
    tz = start.dt.tz
    utc = start.dt.tz_convert("UTC").dt.tz_localize(None) if tz is not None else start
    t_ns = utc.dt.as_unit("ns").to_numpy().view(np.int64)  # NaT becomes the int64 minimum
    return t_ns, tz, int(start.isna().sum())


def _windows(t_ns, tz, train_days, test_days, windows, end):
    """(train start, test start, test end) per window, oldest first, and the rule used."""
    have = t_ns != np.iinfo(np.int64).min
    if not have.any():
        raise InputError("evaluate_methods: no points with a time inside the study area.")
    first, last = (pd.Timestamp(v, tz="UTC") for v in (t_ns[have].min(), t_ns[have].max()))
    first, last = (v.tz_convert(tz) if tz is not None else v.tz_localize(None) for v in (first, last))
    data_start = first.normalize()
    if end is None:
        end, end_rule = last.normalize() + pd.DateOffset(days=1), "midnight after the last event"
    else:
        try:
            end, end_rule = pd.Timestamp(end), "stated"
        except (TypeError, ValueError):
            raise InputError(f"end must be a date and time such as 2020-01-01; got {end!r}.") from None
        if tz is not None:
            end = end.tz_localize(tz) if end.tz is None else end.tz_convert(tz)
    span_days = (end.tz_localize(None) - data_start.tz_localize(None)) / pd.Timedelta(days=1)
    fit = int(np.floor((span_days - train_days) / test_days))
    need = train_days + test_days
    if fit < 1:
        raise InputError(f"too little data for one window: training {train_days} + test {test_days} = {need} days "
                         f"are needed before the end ({end.date()}), but the points start on {data_start.date()}, "
                         f"{max(span_days, 0):.0f} days before; shorten --train-days/--test-days or add data.")
    if windows is None:
        n, rule = fit, f"automatic: as many windows as the data allows ({fit})"
    else:
        n = _positive_int(windows, "windows")
        if n > fit:
            raise InputError(f"{n} windows need {train_days} + {n} × {test_days} = {train_days + n * test_days} "
                             f"days of data before {end.date()}, but the points start on {data_start.date()}: "
                             f"at most {fit} windows fit; ask for fewer (or leave --windows out).")
        rule = "stated"
    spans = []
    for i in range(n):
        t2 = end - pd.DateOffset(days=(n - 1 - i) * test_days)
        t1 = t2 - pd.DateOffset(days=test_days)
        spans.append((t1 - pd.DateOffset(days=train_days), t1, t2))
    return spans, f"{rule}; last test window ends {end} ({end_rule}); consecutive, stepping by {test_days} days"
