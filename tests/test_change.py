"""Before/after change map: hand-made counts with p-values worked out from the binomial distribution."""

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hotspots.errors import InputError
from hotspots.methods.grid import Grid
from hotspots.temporal.change import Change, compare_periods

TZ = "Europe/Stockholm"


def _grid(inside=None):
    return Grid(0.0, 0.0, 100.0, 3, 3, "EPSG:3006", np.ones((3, 3), bool) if inside is None else inside, "stated")


def _points(spec):
    """``spec``: list of (row, col, time, n[, source]) → n points at that cell centre and time."""
    rows = []
    for item in spec:
        r, c, t, n = item[:4]
        source = item[4] if len(item) > 4 else "incident"
        rows += [(c * 100 + 50.0, r * 100 + 50.0, pd.Timestamp(t, tz=TZ), source)] * n
    x, y, t, s = zip(*rows)
    return gpd.GeoDataFrame({"start": list(t), "source": list(s)}, geometry=gpd.points_from_xy(x, y),
                            crs="EPSG:3006")


def _two_sided(k_after, n, share):
    return min(1.0, 2 * min(stats.binom.cdf(k_after, n, share), stats.binom.sf(k_after - 1, n, share)))


# 2024-01-01 .. 2024-12-31 data, split on 1 July: before window 182 days, after 184 → equal windows of 182.
BASE = [(0, 0, "2024-01-01 10:00", 1), (0, 0, "2024-12-31 10:00", 1)]


def test_equal_windows_by_default_and_a_known_p_value():
    pts = _points(BASE + [(1, 1, "2024-03-01", 2), (1, 1, "2024-09-01", 10)])
    ch = compare_periods(pts, _grid(), split="2024-07-01")
    assert isinstance(ch, Change)
    assert ch.info["days_before"] == ch.info["days_after"] == 182
    assert ch.windows["before_start"] == pd.Timestamp("2024-01-01", tz=TZ)
    assert ch.windows["after_end"] == pd.Timestamp("2024-12-30", tz=TZ)  # 182 days after 1 July
    assert "equal windows of 182 days" in ch.info["window_rule"]
    # k_after = 10 of n = 12 at share ½: p = 2·P(X ≥ 10) = 2·(66 + 12 + 1)/4096 = 0.03857.
    assert ch.n_before[1, 1] == 2 and ch.n_after[1, 1] == 10
    assert ch.p[1, 1] == pytest.approx(2 * 79 / 4096)
    assert ch.p[1, 1] == pytest.approx(stats.binomtest(10, 12, 0.5).pvalue)
    # The event of 31 Dec falls after the 182-day after window and is left out.
    assert ch.info["dropped"]["outside_windows"] == 1
    json.dumps(ch.info)


def test_fdr_over_tested_cells_and_classes():
    pts = _points(BASE + [
        (1, 1, "2024-03-01", 2), (1, 1, "2024-09-01", 30),   # increase
        (2, 2, "2024-03-01", 25), (2, 2, "2024-09-01", 3),   # decrease
        (0, 2, "2024-09-01", 9),                             # new: nothing before
        (2, 0, "2024-03-01", 5), (2, 0, "2024-09-01", 6),    # no change
    ])
    ch = compare_periods(pts, _grid(), split="2024-07-01", alpha=0.05)
    tested = ~np.isnan(ch.p)
    # Cell (0, 0) has one event before and none after (the second one is outside the window).
    expected = {(0, 0): (1, 0), (1, 1): (2, 30), (2, 2): (25, 3), (0, 2): (0, 9), (2, 0): (5, 6)}
    assert {tuple(map(int, rc)) for rc in np.argwhere(tested)} == set(expected)
    p = {rc: _two_sided(a, b + a, 0.5) for rc, (b, a) in expected.items()}
    for rc, value in p.items():
        assert ch.p[rc] == pytest.approx(value)
    cells = list(p)
    q = stats.false_discovery_control([p[c] for c in cells], method="bh")
    for rc, value in zip(cells, q):
        assert ch.q[rc] == pytest.approx(value)
    assert ch.category[1, 1] == "increase" and ch.category[2, 2] == "decrease"
    assert ch.category[0, 2] == "new" and ch.category[2, 0] == "no_change"
    assert ch.category[0, 0] == "no_change" and ch.category[1, 0] == "no_change"
    assert np.isnan(ch.p[1, 0]) and ch.info["n_tested"] == 5
    assert ch.difference[1, 1] == 28 and ch.ratio[1, 1] == pytest.approx(15) and np.isnan(ch.ratio[0, 2])


def test_unequal_stated_windows_use_the_exposure_share():
    pts = _points([(1, 1, "2024-01-05", 4), (1, 1, "2024-01-25", 6), (0, 0, "2024-02-15", 1)])
    ch = compare_periods(pts, _grid(), split="2024-01-21", before="2024-01-01", after="2024-01-31")
    # 20 days before, 10 after: share = 1/3; k_after = 6 of 10.
    assert ch.info["days_before"] == 20 and ch.info["days_after"] == 10
    assert ch.p[1, 1] == pytest.approx(_two_sided(6, 10, 1 / 3))
    assert ch.difference[1, 1] == pytest.approx(6 - 4 * 0.5)
    assert ch.ratio[1, 1] == pytest.approx((6 / 10) / (4 / 20))
    assert ch.info["windows"]["after_end"].startswith("2024-01-31")


def test_one_stated_window_mirrors_the_other_cut_at_the_data():
    pts = _points(BASE)
    ch = compare_periods(pts, _grid(), split="2024-07-01", before="2024-06-01")
    assert ch.windows["after_end"] == pd.Timestamp("2024-07-31", tz=TZ)
    ch = compare_periods(pts, _grid(), split="2024-12-01", before="2024-06-01")
    assert ch.windows["after_end"] == pd.Timestamp("2025-01-01", tz=TZ)  # cut at the end of the data
    assert "cut at the end" in ch.info["window_rule"]
    ch = compare_periods(pts, _grid(), split="2024-02-01", after="2024-06-01")
    assert ch.windows["before_start"] == pd.Timestamp("2024-01-01", tz=TZ)


def test_maps_use_weighted_counts_and_the_test_uses_points():
    pts = _points(BASE + [(1, 1, "2024-03-01", 2), (1, 1, "2024-09-01", 10, "complaint")])
    ch = compare_periods(pts, _grid(), split="2024-07-01")
    assert ch.before[1, 1] == 2 and ch.after[1, 1] == 5  # complaints weigh 0.5
    assert ch.n_after[1, 1] == 10 and ch.info["complaint_weight"] == 0.5


def test_outside_the_study_area_is_blank():
    inside = np.ones((3, 3), bool)
    inside[1, 1] = False
    pts = _points(BASE + [(1, 1, "2024-03-01", 2), (1, 1, "2024-09-01", 10)])
    ch = compare_periods(pts, _grid(inside), split="2024-07-01")
    assert ch.category[1, 1] == "" and np.isnan(ch.p[1, 1]) and np.isnan(ch.difference[1, 1])
    assert ch.n_after[1, 1] == 0 and ch.info["dropped"]["outside_study_area"] == 12


def test_bad_inputs():
    pts = _points(BASE)
    with pytest.raises(InputError, match="must fall inside the data"):
        compare_periods(pts, _grid(), split="2030-01-01")
    with pytest.raises(InputError, match="before < split < after"):
        compare_periods(pts, _grid(), split="2024-07-01", before="2024-08-01")
    with pytest.raises(InputError, match="split must be a date"):
        compare_periods(pts, _grid(), split="midsummer")
    with pytest.raises(InputError, match="alpha"):
        compare_periods(pts, _grid(), split="2024-07-01", alpha=0)
    with pytest.raises(InputError, match="Grid"):
        compare_periods(pts, None, split="2024-07-01")
    with pytest.raises(InputError, match="no 'start' column"):
        compare_periods(pts.drop(columns="start"), _grid(), split="2024-07-01")
