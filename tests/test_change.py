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


# Seven tested cells, before → after in equal windows (share ½), so k_after ~ Bin(n, ½) and
# p = min(1, 2·smaller tail), exact binary fractions:
#   cell    before  after  n   p
#   (1, 1)  0       9      9   2·(½)^9                       = 1/256
#   (2, 2)  8       0      8   2·(½)^8                       = 2/256
#   (0, 1)  1       10     11  2·(C(11,10) + 1)/2^11 = 24/2048 = 3/256
#   (0, 2)  0       6      6   2·(½)^6                       = 8/256
#   (2, 0)  2       10     12  2·(66 + 12 + 1)/2^12          = 79/2048
#   (1, 2)  5       6      11  2·P(X ≥ 6) = 2·1024/2048 → capped at 1
#   (0, 0)  1       0      1   2·P(X ≤ 0) = 2·½              = 1   (its 31 Dec event is outside the windows)
# Benjamini–Hochberg, m = 7: p(i)·7/i for the sorted p, then q(i) = min over j ≥ i, capped at 1:
#   i=1 1/256·7 = 7/256 · i=2 2/256·7/2 = 7/256 · i=3 3/256·7/3 = 7/256
#   i=4 8/256·7/4 = 14/256 = 0.0546875 → min with i=5: 553/10240 = 0.05400390625
#   i=5 79/2048·7/5 = 553/10240 · i=6 7/6 → 1 · i=7 1
# At alpha 0.05 only the three smallest are significant: (0, 2) and (2, 0) have p < 0.05 but q > 0.05.
FDR_CELLS = {(1, 1): (0, 9, 1 / 256, 7 / 256), (2, 2): (8, 0, 2 / 256, 7 / 256),
             (0, 1): (1, 10, 3 / 256, 7 / 256), (0, 2): (0, 6, 8 / 256, 553 / 10240),
             (2, 0): (2, 10, 79 / 2048, 553 / 10240), (1, 2): (5, 6, 1.0, 1.0), (0, 0): (1, 0, 1.0, 1.0)}


def _fdr_points():
    spec = [(r, c, "2024-03-01", b) for (r, c), (b, a, _, _) in FDR_CELLS.items() if b and (r, c) != (0, 0)]
    spec += [(r, c, "2024-09-01", a) for (r, c), (b, a, _, _) in FDR_CELLS.items() if a]
    return _points(BASE + spec)


@pytest.mark.parametrize("alpha, classes", [
    (0.05, {(1, 1): "new", (2, 2): "decrease", (0, 1): "increase"}),
    (0.06, {(1, 1): "new", (2, 2): "decrease", (0, 1): "increase", (0, 2): "new", (2, 0): "increase"}),
    (0.02, {}),  # the smallest q is 7/256 = 0.0273
])
def test_fdr_over_tested_cells_and_classes(alpha, classes):
    ch = compare_periods(_fdr_points(), _grid(), split="2024-07-01", alpha=alpha)
    assert {tuple(map(int, rc)) for rc in np.argwhere(~np.isnan(ch.p))} == set(FDR_CELLS)
    for rc, (before, after, p, q) in FDR_CELLS.items():
        assert (ch.n_before[rc], ch.n_after[rc]) == (before, after), rc
        assert ch.p[rc] == pytest.approx(p, rel=1e-12, abs=0), rc
        assert ch.q[rc] == pytest.approx(q, rel=1e-12, abs=0), rc
    expected = np.full((3, 3), "no_change")
    for rc, name in classes.items():
        expected[rc] = name
    np.testing.assert_array_equal(ch.category, expected)
    assert np.isnan(ch.p[1, 0]) and np.isnan(ch.p[2, 1]) and ch.info["n_tested"] == 7
    assert ch.info["n_by_class"] == {k: int((expected == k).sum()) for k in np.unique(expected)}
    assert ch.difference[0, 1] == 9 and ch.ratio[0, 1] == pytest.approx(10) and np.isnan(ch.ratio[1, 1])


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
