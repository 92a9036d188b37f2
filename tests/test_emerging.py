"""Emerging hot spots: hand-made space-time cubes built from points, the period rule and the class rules."""

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from hotspots.errors import InputError
from hotspots.methods.grid import Grid
from hotspots.temporal.emerging import CLASS_RULES, Emerging, _classify, emerging_hotspots

T = 12
TZ = "Europe/Stockholm"
ROWS, COLS = np.mgrid[0:9, 0:9]
# A fixed, uneven background (1–4 per cell and month): with only two distinct values Gi* z would not
# change with the hot cells' counts (z is scale-free), so no trend in z could show.
BACKGROUND = ((ROWS * 7 + COLS * 3) % 4 + 1).astype(float)


def _grid(n=9, inside=None):
    return Grid(0.0, 0.0, 100.0, n, n, "EPSG:3006", np.ones((n, n), bool) if inside is None else inside, "stated")


def _points(cube, first="2023-01-01", freq="MS"):
    """One point per unit of ``cube[t, row, col]`` at the cell centre, at noon on the first day of period t."""
    n_t = cube.shape[0]
    starts = pd.date_range(first, periods=n_t, freq=freq, tz=TZ) + pd.Timedelta(hours=12)
    t, r, c = np.nonzero(cube)
    n = cube[t, r, c].astype(int)
    t, r, c = (np.repeat(a, n) for a in (t, r, c))
    return gpd.GeoDataFrame({"start": starts[t], "weight": 1.0, "source": "incident"},
                            geometry=gpd.points_from_xy(c * 100 + 50.0, r * 100 + 50.0), crs="EPSG:3006")


def _cube(block_counts, background=BACKGROUND):
    """Background every period, and the 3 × 3 block around cell (4, 4) set to ``block_counts[t]``."""
    cube = np.repeat(background[None], len(block_counts), axis=0)
    for t, count in enumerate(block_counts):
        if not np.isnan(count):
            cube[t, 3:6, 3:6] = count
    return cube


def _run(block_counts, **kw):
    # The class rules are checked on the spatial-only Gi* of each period, where a period's flags depend on that
    # period alone; the space-time neighbourhood (the default, time_steps=1) is tests/test_emerging_spacetime.py.
    kw.setdefault("time_steps", 0)
    kw.setdefault("period", "month")
    kw.setdefault("end", pd.Timestamp("2023-01-01", tz=TZ) + pd.DateOffset(months=len(block_counts)))
    return emerging_hotspots(_points(_cube(block_counts)), _grid(), **kw)


QUIET = np.nan  # the block keeps the background in that period


# --- the must-show: "Time-aware hotspots", a cell hot only in the last periods ---------------

def test_time_aware_hotspots_cell_hot_only_in_last_periods_is_consecutive_hot():
    e = _run([QUIET] * 9 + [20, 20, 20])
    assert isinstance(e, Emerging)
    assert e.hot[:, 4, 4].tolist() == [False] * 9 + [True] * 3
    assert e.category[4, 4] == "consecutive_hot"
    assert "consecutive_hot" in e.info["class_rules"] and not any("sparse" in n for n in e.info["notes"])
    assert e.category[0, 8] == "no_pattern"  # far from the block
    json.dumps(e.info)


def test_a_cell_hot_only_in_the_final_period_is_new_hot():
    e = _run([QUIET] * 11 + [20])
    assert e.hot[:, 4, 4].sum() == 1 and e.hot[-1, 4, 4]
    assert e.category[4, 4] == "new_hot"


def test_hot_throughout_with_rising_counts_is_intensifying():
    e = _run(np.arange(10, 10 + 2 * T, 2))
    assert e.hot[:, 4, 4].all()
    assert np.all(np.diff(e.z[:, 4, 4]) > 0)
    assert e.z_trend.direction[4, 4] == "increasing" and e.count_trend.direction[4, 4] == "increasing"
    assert e.category[4, 4] == "intensifying_hot"


def test_hot_throughout_with_constant_counts_is_persistent():
    e = _run(np.full(T, 15))
    assert e.hot[:, 4, 4].all() and e.z_trend.direction[4, 4] == "no trend"
    assert e.category[4, 4] == "persistent_hot"


def test_hot_throughout_with_falling_counts_is_diminishing():
    e = _run(np.arange(40, 40 - 2 * T, -2))
    assert e.hot[:, 4, 4].all() and e.z_trend.direction[4, 4] == "decreasing"
    assert e.category[4, 4] == "diminishing_hot"


def test_hot_in_all_but_the_final_of_ten_periods_is_historical():
    e = _run([20] * 9 + [QUIET])
    assert e.hot[:, 4, 4].sum() == 9 and not e.hot[-1, 4, 4]
    assert e.category[4, 4] == "historical_hot"


def test_hot_in_the_first_half_only_is_no_pattern_as_in_arcgis():
    e = _run([20] * 6 + [QUIET] * 6)
    assert e.hot[:6, 4, 4].all() and e.category[4, 4] == "no_pattern"


def test_on_and_off_ending_hot_is_sporadic():
    counts = [QUIET] * T
    for t in (1, 4, 7, 11):
        counts[t] = 20
    e = _run(counts)
    assert e.hot[:, 4, 4].sum() == 4 and not e.cold[:, 4, 4].any()
    assert e.category[4, 4] == "sporadic_hot"


def test_cold_mirrors_persistent_and_oscillating():
    # A block with no events in busy surroundings is cold every month.
    flat = np.full((9, 9), 10.0)
    e = emerging_hotspots(_points(_cube(np.zeros(T), flat)), _grid(), period="month", end="2024-01-01")
    assert e.cold[:, 4, 4].all() and e.category[4, 4] == "persistent_cold"
    # Cold early, hot in the final month: oscillating hot.
    cube = _cube([0, 0] + [np.nan] * 9 + [60], flat)
    e = emerging_hotspots(_points(cube), _grid(), period="month", end="2024-01-01")
    assert e.cold[:2, 4, 4].all() and e.hot[-1, 4, 4]
    assert e.category[4, 4] == "oscillating_hot"


def test_outside_the_study_area_is_blank():
    inside = np.ones((9, 9), bool)
    inside[0, :] = False
    e = emerging_hotspots(_points(_cube([QUIET] * 9 + [20, 20, 20])), _grid(inside=inside), period="month",
                          end="2024-01-01")
    assert (e.category[0] == "").all() and np.isnan(e.z[:, 0]).all() and (e.z_trend.direction[0] == "").all()
    assert np.isnan(e.count_trend.p[0]).all() and e.category[4, 4] == "consecutive_hot"
    assert e.info["dropped"]["outside_study_area"] == int(_cube([QUIET] * 12)[:, 0].sum())


# --- the class rules on hand-made hot/cold flags -------------------------------------------------------

def _flags(code):
    """'h' hot, 'c' cold, '.' neither, one character per period → (T, 1) hot and cold arrays."""
    return np.array([[ch == "h"] for ch in code]), np.array([[ch == "c"] for ch in code])


@pytest.mark.parametrize("code, trend, expected", [
    ("..........h", "no trend", "new_hot"),
    ("........hhh", "increasing", "consecutive_hot"),
    ("hhhhhhhhhhh", "increasing", "intensifying_hot"),
    ("hhhhhhhhhhh", "no trend", "persistent_hot"),
    ("hhhh.hhhhhh", "decreasing", "diminishing_hot"),
    ("h.h...hh..h", "no trend", "sporadic_hot"),
    ("hh......hhh", "no trend", "sporadic_hot"),      # hot before the final run: not consecutive
    ("c.........h", "no trend", "oscillating_hot"),   # a cold history: not new
    ("hhhhhhhhhh.", "no trend", "historical_hot"),
    ("hhhhhhhhhhc", "no trend", "oscillating_cold"),  # historical hot, but the final period decides
    ("..........c", "no trend", "new_cold"),
    ("........ccc", "no trend", "consecutive_cold"),
    ("ccccccccccc", "decreasing", "intensifying_cold"),
    ("ccccccccccc", "no trend", "persistent_cold"),
    ("ccccccccccc", "increasing", "diminishing_cold"),
    ("c..c......c", "no trend", "sporadic_cold"),
    ("h.........c", "no trend", "oscillating_cold"),
    ("cccccccccc.", "no trend", "historical_cold"),
    ("...........", "no trend", "no_pattern"),
    ("hhhhh......", "no trend", "no_pattern"),
    ("hhhhhhhhh..", "no trend", "no_pattern"),        # 9 of 11 < 90 %
])
def test_class_rules(code, trend, expected):
    hot, cold = _flags(code)
    assert _classify(hot, cold, np.array([trend]))[0] == expected
    assert expected in CLASS_RULES


def test_classify_is_vectorised_over_cells():
    codes = ["..........h", "hhhhhhhhhh.", "ccccccccccc"]
    hot = np.column_stack([_flags(c)[0][:, 0] for c in codes])
    cold = np.column_stack([_flags(c)[1][:, 0] for c in codes])
    out = _classify(hot, cold, np.array(["no trend", "no trend", "no trend"]))
    assert out.tolist() == ["new_hot", "historical_hot", "persistent_cold"]


# --- periods ----------------------------------------------------------------------------------------------

def _timeline(first, last, freq):
    starts = pd.date_range(first, last, freq=freq, tz=TZ) + pd.Timedelta(hours=12)
    xy = np.resize([[50.0, 50.0], [450.0, 450.0], [850.0, 150.0]], (len(starts), 2))
    return gpd.GeoDataFrame({"start": starts}, geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs="EPSG:3006")


def test_automatic_period_on_five_years_is_quarters():
    pts = _timeline("2019-01-01", "2023-12-31", "7D")
    pts = pd.concat([pts, _timeline("2023-12-31", "2023-12-31", "D")], ignore_index=True)
    e = emerging_hotspots(pts, _grid())
    # Years give 5 (< 10); quarters counted back from 2024-01-01 give 20.
    assert e.info["period"] == "quarter" and e.info["n_periods"] == 20
    assert e.period_edges[0] == pd.Timestamp("2019-01-01", tz=TZ)
    assert e.period_edges[-1] == pd.Timestamp("2024-01-01", tz=TZ)
    assert "year: 5" in e.info["period_rule"] and "quarter: 20" in e.info["period_rule"]
    assert e.z.shape == (20, 9, 9) and str(e.period_edges.tz) == TZ


def test_automatic_period_on_eighteen_months_is_months_and_twenty_weeks_is_weeks():
    e = emerging_hotspots(_timeline("2022-07-01", "2023-12-31", "5D"), _grid(), end="2024-01-01")
    assert e.info["period"] == "month" and e.info["n_periods"] == 18
    w = emerging_hotspots(_timeline("2023-08-14", "2023-12-31", "D"), _grid(), end="2024-01-01")
    assert w.info["period"] == "week" and w.info["n_periods"] == 20
    assert w.period_edges[0] == pd.Timestamp("2023-08-14", tz=TZ)  # a Monday: calendar weeks


def test_default_end_is_midnight_after_the_last_event_and_leading_part_is_dropped():
    pts = _timeline("2023-01-15", "2023-12-15", "D")
    e = emerging_hotspots(pts, _grid(), period="month")
    assert e.period_edges[-1] == pd.Timestamp("2023-12-16", tz=TZ)
    # Counted back from 16 Dec, the month 16 Jan – 16 Feb is the first complete one.
    assert e.period_edges[0] == pd.Timestamp("2023-01-16", tz=TZ) and e.info["n_periods"] == 11
    assert e.info["dropped"]["before_first_period"] == 1  # the event of 15 Jan
    assert e.counts.sum() == len(pts) - 1
    # About 30 events a month over 81 cells: sparse enough for Gi* to need a warning.
    assert e.info["mean_count_per_cell_and_period"] < 1 and any("sparse" in n for n in e.info["notes"])


def test_periods_keep_local_wall_clock_across_daylight_saving():
    e = emerging_hotspots(_timeline("2023-01-01", "2023-12-31", "D"), _grid(), period="month", end="2024-01-01")
    assert [t.hour for t in e.period_edges] == [0] * 13
    assert e.period_edges[4].isoformat() == "2023-05-01T00:00:00+02:00"


def test_naive_start_times_are_read_as_stockholm():
    pts = _timeline("2023-01-01", "2023-12-31", "D")
    pts["start"] = pts["start"].dt.tz_localize(None)
    e = emerging_hotspots(pts, _grid(), period="month", end="2024-01-01")
    assert str(e.period_edges.tz) == TZ and any("no time zone" in n for n in e.info["notes"])


# --- bad input -----------------------------------------------------------------------------------------

def test_bad_inputs():
    pts = _timeline("2023-01-01", "2023-12-31", "D")
    with pytest.raises(InputError, match="unknown period"):
        emerging_hotspots(pts, _grid(), period="fortnight")
    with pytest.raises(InputError, match="min_periods"):
        emerging_hotspots(pts, _grid(), min_periods=2)
    with pytest.raises(InputError, match="Grid"):
        emerging_hotspots(pts, np.zeros((9, 9)))
    with pytest.raises(InputError, match="complete year"):
        emerging_hotspots(pts, _grid(), period="year")
    with pytest.raises(InputError, match="complete weeks"):
        emerging_hotspots(_timeline("2023-12-01", "2023-12-31", "D"), _grid())
    with pytest.raises(InputError, match="no events before end"):
        emerging_hotspots(pts, _grid(), end="2020-01-01")
    with pytest.raises(InputError, match="end must be a date"):
        emerging_hotspots(pts, _grid(), end="soon")
    with pytest.raises(InputError, match="no 'start' column"):
        emerging_hotspots(pts.drop(columns="start"), _grid())
    with pytest.raises(InputError, match="must hold datetimes"):
        emerging_hotspots(pts.assign(start="2023-01-01"), _grid())
    with pytest.raises(InputError, match="fdr"):
        emerging_hotspots(pts, _grid(), period="month", end="2024-01-01", min_periods=10, fdr="holm")
