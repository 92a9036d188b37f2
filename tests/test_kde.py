"""Tests for hotspots.methods.kde.kde_grid: exact references, mass, peaks, bandwidth rule, edges, errors."""

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from scipy.ndimage import binary_dilation, gaussian_filter
from sklearn.neighbors import KernelDensity

from hotspots.errors import InputError
from hotspots.methods.grid import Grid, make_grid
from hotspots.methods.kde import Kde, kde_grid

CELL = 50.0
KM2 = 1e6  # m² per km²


def square_grid(n=60, cell=CELL):
    return Grid(0.0, 0.0, cell, n, n, "EPSG:3006", np.ones((n, n), bool), "test")


def clustered(n_points=300, seed=7):
    """Three tight clusters and a thin background, well inside a 3 km square."""
    rng = np.random.default_rng(seed)
    centres = np.array([[900, 1000], [2000, 2100], [1900, 800]])
    sizes = [120, 90, 50]
    parts = [rng.normal(c, s, size=(k, 2)) for c, s, k in zip(centres, (80, 120, 60), sizes)]
    parts.append(rng.uniform(600, 2400, size=(n_points - sum(sizes), 2)))
    pts = np.vstack(parts)
    return pts[:, 0], pts[:, 1]


def top_sets_agree(ours, exact, share=0.05):
    """Every top-share cell of one surface lies within one cell (Chebyshev) of one of the other's."""
    top_ours = ours >= np.quantile(ours, 1 - share)
    top_exact = exact >= np.quantile(exact, 1 - share)
    near = np.ones((3, 3), bool)
    return (not (top_ours & ~binary_dilation(top_exact, near)).any()
            and not (top_exact & ~binary_dilation(top_ours, near)).any())


def exact_quartic(x, y, grid, radius):
    """Direct all-pairs quartic density per km² at the cell centres (test-only reference)."""
    xc, yc = grid.centres()
    d2 = (xc.ravel()[:, None] - x[None, :]) ** 2 + (yc.ravel()[:, None] - y[None, :]) ** 2
    u2 = d2 / radius ** 2
    k = np.where(u2 < 1, 3 / (np.pi * radius ** 2) * (1 - u2) ** 2, 0.0)
    return k.sum(axis=1).reshape(grid.shape) * KM2


# --- against exact evaluations ---

def test_gaussian_matches_sklearn_exact():
    grid, (x, y) = square_grid(), clustered()
    h = 3 * CELL
    ours = kde_grid(x, y, grid, bandwidth_m=h).density
    xc, yc = grid.centres()
    kd = KernelDensity(kernel="gaussian", bandwidth=h, rtol=0).fit(np.column_stack([x, y]))
    exact = np.exp(kd.score_samples(np.column_stack([xc.ravel(), yc.ravel()]))).reshape(grid.shape)
    exact *= len(x) * KM2
    assert top_sets_agree(ours, exact)
    peak = np.unravel_index(np.argmax(exact), exact.shape)
    assert abs(ours[peak] / exact[peak] - 1) <= 0.02
    # And everywhere: within 2 % of the peak value.
    assert np.abs(ours - exact).max() <= 0.02 * exact.max()


def test_quartic_matches_direct_evaluation():
    grid, (x, y) = square_grid(), clustered()
    radius = 2 * np.sqrt(2) * 3 * CELL
    ours = kde_grid(x, y, grid, bandwidth_m=radius, kernel="quartic").density
    exact = exact_quartic(x, y, grid, radius)
    assert top_sets_agree(ours, exact)
    peak = np.unravel_index(np.argmax(exact), exact.shape)
    assert abs(ours[peak] / exact[peak] - 1) <= 0.02
    assert np.abs(ours - exact).max() <= 0.015 * exact.max()


# --- mass, weights, single bumps ---

@pytest.mark.parametrize("kernel", ["gaussian", "quartic"])
def test_integral_equals_total_weight(kernel):
    grid, (x, y) = square_grid(), clustered()
    w = np.random.default_rng(3).uniform(0.5, 2.0, len(x))
    result = kde_grid(x, y, grid, weights=w, bandwidth_m=150, kernel=kernel)
    assert result.density.sum() * (CELL / 1000) ** 2 == pytest.approx(w.sum(), rel=1e-3)
    assert result.info["total_weight"] == pytest.approx(w.sum(), rel=1e-12)


def test_integral_is_exact_for_points_far_from_the_edges():
    grid = square_grid()
    rng = np.random.default_rng(5)
    x, y = rng.uniform(1000, 2000, 200), rng.uniform(1000, 2000, 200)   # ≥ 20 cells from the edge
    for kernel, bw in (("gaussian", 100.0), ("quartic", 300.0)):
        dens = kde_grid(x, y, grid, bandwidth_m=bw, kernel=kernel).density
        assert dens.sum() * (CELL / 1000) ** 2 == pytest.approx(200, rel=1e-12)


@pytest.mark.parametrize("kernel", ["gaussian", "quartic"])
def test_weights_double_density_doubles(kernel):
    grid, (x, y) = square_grid(), clustered()
    one = kde_grid(x, y, grid, bandwidth_m=150, kernel=kernel).density
    two = kde_grid(x, y, grid, weights=np.full(len(x), 2.0), bandwidth_m=150, kernel=kernel).density
    np.testing.assert_allclose(two, 2 * one, rtol=1e-12, atol=1e-12 * one.max())
    # A weight of 3 is three coincident points.
    dup = kde_grid(np.r_[x, x[:1], x[:1]], np.r_[y, y[:1], y[:1]], grid, bandwidth_m=150,
                   kernel=kernel).density
    w = np.ones(len(x))
    w[0] = 3
    np.testing.assert_allclose(kde_grid(x, y, grid, weights=w, bandwidth_m=150, kernel=kernel).density,
                               dup, rtol=1e-10, atol=1e-12 * dup.max())


def test_one_point_on_a_cell_centre_gaussian_peak():
    grid, h = square_grid(), 150.0
    result = kde_grid([1525.0], [1525.0], grid, bandwidth_m=h)   # centre of cell (30, 30)
    assert result.density[30, 30] == result.density.max()
    # 1/(2π h²) per m²; the kernel truncated at 4 sd and renormalised is 6e-5 higher here.
    assert result.density[30, 30] / KM2 == pytest.approx(1 / (2 * np.pi * h ** 2), rel=1e-4)


def test_one_point_off_centre_peak_within_documented_binning_error():
    grid, h = square_grid(), 150.0
    peak = kde_grid([1550.0], [1550.0], grid, bandwidth_m=h).density.max() / KM2  # on a cell corner
    exact_at_centre = np.exp(-0.5 * 2 * 25.0 ** 2 / h ** 2) / (2 * np.pi * h ** 2)
    bound = 1 - h ** 2 / (h ** 2 + CELL ** 2 / 4)                                    # 2.70 %
    # Worst case for linear binning: e^(-a/2) cosh²(a/2) with a = cell²/(2h²), i.e. 2.67 % low.
    a = CELL ** 2 / (2 * h ** 2)
    assert peak / exact_at_centre == pytest.approx(np.exp(-a / 2) * np.cosh(a / 2) ** 2, rel=2e-4)
    assert 0 < 1 - peak / exact_at_centre <= bound


def test_one_point_quartic_peak_and_support():
    grid, radius = square_grid(), 3 * CELL
    dens = kde_grid([1525.0], [1525.0], grid, bandwidth_m=radius, kernel="quartic").density
    assert dens[30, 30] / KM2 == pytest.approx(3 / (np.pi * radius ** 2), rel=3e-3)
    xc, yc = grid.centres()
    far = np.hypot(xc - 1525, yc - 1525) >= radius
    assert (dens[far] == 0).all() and (dens[~far] > 0).all()


def test_quartic_radius_beyond_the_grid_keeps_formula_peak():
    grid = square_grid(20)                  # 1 km square, radius 5 km: kernel cropped to the grid
    dens = kde_grid([525.0], [525.0], grid, bandwidth_m=5000, kernel="quartic").density
    assert dens[10, 10] / KM2 == pytest.approx(3 / (np.pi * 5000 ** 2), rel=1e-6)


def test_wide_gaussian_fft_path_equals_gaussian_filter():
    grid, (x, y) = square_grid(), clustered()
    result = kde_grid(x, y, grid, bandwidth_m=20 * CELL)                 # radius 80 cells
    assert "FFT" in result.info["method"]
    binned = kde_grid(x, y, grid, bandwidth_m=0.01 * CELL, kernel="quartic").density
    reference = gaussian_filter(binned, 20, mode="constant", truncate=4.0)
    np.testing.assert_allclose(result.density, reference, rtol=1e-9, atol=1e-12 * reference.max())


def test_mass_leaves_at_the_edge_and_is_not_folded_back():
    grid, sigma = square_grid(), 3
    dens = kde_grid([25.0], [25.0], grid, bandwidth_m=sigma * CELL).density   # corner cell centre
    taps = np.exp(-0.5 * (np.arange(-12, 13) / sigma) ** 2)
    kept = (taps[12:].sum() / taps.sum()) ** 2
    assert dens.sum() * (CELL / 1000) ** 2 == pytest.approx(kept, rel=1e-12)


# --- points off the grid, empty input ---

def test_points_outside_are_counted_not_binned():
    grid, (x, y) = square_grid(), clustered()
    inside = kde_grid(x, y, grid, bandwidth_m=150)
    more = kde_grid(np.r_[x, -500, 9000], np.r_[y, 100, 100], grid, weights=np.r_[np.ones(len(x)), 2, 3],
                    bandwidth_m=150)
    np.testing.assert_array_equal(more.density, inside.density)
    assert (more.info["n_points"], more.info["n_outside"], more.info["weight_outside"]) == (300, 2, 5.0)


@pytest.mark.parametrize("x, y", [([], []), ([-100.0], [-100.0])])
def test_no_points_on_the_grid_gives_zeros_and_a_note(x, y):
    result = kde_grid(x, y, square_grid())
    assert result.density.shape == (60, 60) and not result.density.any()
    assert "no weight" in result.info["note"] and result.bandwidth_m == CELL
    json.dumps(result.info)


def test_zero_weights_give_zeros():
    result = kde_grid([1000.0, 1200.0], [1000.0, 1300.0], square_grid(), weights=[0, 0], bandwidth_m=100)
    assert not result.density.any() and result.info["total_weight"] == 0


# --- the automatic bandwidth ---

def test_bandwidth_rule_on_a_circle():
    # 64 points on a 1 km circle: SD = Dm = 1000 m, min(1000, 1000/√ln2) = 1000, 64^(1/6) = 2.
    t = np.arange(64) / 64 * 2 * np.pi
    grid = square_grid(100)                                   # 5 km: upper clamp 500 m
    x, y = 2500 + 1000 * np.cos(t), 2500 + 1000 * np.sin(t)
    gauss = kde_grid(x, y, grid, bandwidth_rule="reference")
    assert gauss.bandwidth_m == pytest.approx(1000 / np.sqrt(2) / 2, rel=1e-12)     # 353.55 m
    quartic = kde_grid(x, y, grid, kernel="quartic", bandwidth_rule="reference")
    assert quartic.bandwidth_m == pytest.approx(1000.0, rel=1e-12)                  # 2√2 · h
    assert "SD = 1000.0 m, Dm = 1000.0 m, n = 64" in gauss.info["bandwidth_rule"]
    # Weights only matter relative to each other (n is (Σw)²/Σw², scale-free).
    ten = kde_grid(x, y, grid, weights=np.full(64, 10.0), bandwidth_rule="reference")
    assert ten.bandwidth_m == pytest.approx(gauss.bandwidth_m)


def test_bandwidth_rule_resists_an_outlier():
    t = np.arange(64) / 64 * 2 * np.pi
    grid = square_grid(400)                                   # 20 km, so nothing is clamped
    x, y = 2500 + 1000 * np.cos(t), 2500 + 1000 * np.sin(t)
    base = kde_grid(x, y, grid, bandwidth_rule="reference").bandwidth_m
    xo, yo = np.r_[x, 19000], np.r_[y, 19000]
    with_outlier = kde_grid(xo, yo, grid, bandwidth_rule="reference").bandwidth_m
    sd_only = np.sqrt(((xo - xo.mean()) ** 2 + (yo - yo.mean()) ** 2).mean() / 2) * 65 ** (-1 / 6)
    assert with_outlier < 1.3 * base and sd_only > 3 * base


def test_bandwidth_rule_clamps_to_the_grid():
    grid = square_grid(100)
    one = kde_grid([2500.0], [2500.0], grid)
    assert one.bandwidth_m == CELL and "raised to 50.0 m" in one.info["bandwidth_rule"]
    corners = kde_grid([100.0, 4900, 100, 4900], [100.0, 100, 4900, 4900], grid)
    assert corners.bandwidth_m == 500.0 and "lowered to 500.0 m" in corners.info["bandwidth_rule"]


def test_weighted_median_uses_the_weights():
    grid = square_grid(400)
    # Distances 100 (weight 3) and 1000 (weight 1) from the weighted mean centre at (5000, 5000).
    x = np.array([5100.0, 4900.0, 5000.0, 5000.0, 6000.0, 4000.0])
    y = np.array([5000.0, 5000.0, 5100.0, 4900.0, 5000.0, 5000.0])
    w = np.array([3, 3, 3, 3, 1, 1.0])
    rule = kde_grid(x, y, grid, weights=w).info["bandwidth_rule"]
    assert "Dm = 100.0 m" in rule
    sd = np.sqrt((12 * 100 ** 2 + 2 * 1000 ** 2) / 14)
    assert f"SD = {sd:.1f} m" in rule and f"n = {14 ** 2 / 38:.6g}" in rule


# --- result and errors ---

def test_result_type_and_json_info():
    grid, (x, y) = square_grid(), clustered()
    result = kde_grid(x, y, grid, kernel="quartic")
    assert isinstance(result, Kde) and result.kernel == "quartic"
    info = json.loads(json.dumps(result.info))
    assert info["unit"] == "weighted points per km²"
    assert info["method"] == "linear binning + FFT convolution (quartic)"
    assert info["bandwidth_m"] == result.bandwidth_m and info["n_points"] == 300


def test_inputs_are_not_mutated():
    x, y = clustered()
    x0, y0, w = x.copy(), y.copy(), np.ones(len(x))
    kde_grid(x, y, square_grid(), weights=w)
    assert (x == x0).all() and (y == y0).all() and (w == 1).all()


@pytest.mark.parametrize("kwargs, message", [
    ({"x": [1.0, np.nan], "y": [1.0, 2.0]}, "x has 1 missing or infinite"),
    ({"x": [1.0, 2.0], "y": [1.0, np.inf]}, "y has 1 missing"),
    ({"x": [1.0, 2.0], "y": [1.0]}, "same length"),
    ({"x": ["a"], "y": [1.0]}, "x must be numbers"),
    ({"x": [[1.0]], "y": [[1.0]]}, "one-dimensional"),
    ({"x": [1.0], "y": [1.0], "weights": [-1.0]}, "non-negative"),
    ({"x": [1.0], "y": [1.0], "weights": [1.0, 2.0]}, "same length"),
    ({"x": [1.0], "y": [1.0], "bandwidth_m": 0}, "positive number of metres"),
    ({"x": [1.0], "y": [1.0], "bandwidth_m": -5.0}, "positive number"),
    ({"x": [1.0], "y": [1.0], "bandwidth_m": np.nan}, "positive number"),
    ({"x": [1.0], "y": [1.0], "bandwidth_m": "100"}, "positive number"),
    ({"x": [1.0], "y": [1.0], "kernel": "epanechnikov"}, "use one of: gaussian, quartic"),
])
def test_bad_input_raises_input_error(kwargs, message):
    with pytest.raises(InputError, match=message):
        kde_grid(grid=square_grid(), **kwargs)


# --- with make_grid and a real file ---

def test_one_argument_call_on_chicago_assaults(vendored):
    table = pd.read_csv(vendored / "crime/chicago_aggravated_assaults_2018-01-01_2019-03-27.csv.gz")
    table = table[table["date"].str.startswith("2018")]  # one whole year, 15,433 assaults
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(table.longitude, table.latitude),
                              crs="EPSG:4326").to_crs("EPSG:32616")
    grid = make_grid(points)
    x, y = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    # accuracy against the exact KDE at the normal-reference bandwidth (several cells wide)
    result = kde_grid(x, y, grid, bandwidth_rule="reference")
    assert result.info["n_outside"] == 0 and grid.cell_m <= result.bandwidth_m <= 10 * grid.cell_m
    assert result.density.sum() * (grid.cell_m / 1000) ** 2 == pytest.approx(len(x), rel=0.01)
    xc, yc = grid.centres()
    kd = KernelDensity(bandwidth=result.bandwidth_m, rtol=1e-8).fit(np.column_stack([x, y]))
    exact = np.exp(kd.score_samples(np.column_stack([xc.ravel(), yc.ravel()]))).reshape(grid.shape)
    exact *= len(x) * KM2
    assert top_sets_agree(result.density, exact)
    peak = np.unravel_index(np.argmax(exact), exact.shape)
    assert abs(result.density[peak] / exact[peak] - 1) <= 0.02


def test_issue14_cross_validated_bandwidth_fits_many_small_hot_places():
    # 12 tight places (sd 30 m) over 10 km: one Gaussian cloud's rule smooths them together,
    # held-out likelihood keeps them apart
    rng = np.random.default_rng(7)
    centres = rng.uniform(1_000, 9_000, size=(12, 2))
    xy = np.vstack([c + rng.normal(0, 30, size=(40, 2)) for c in centres])
    grid = square_grid(200)                                   # 50 m cells over 10 km
    cv = kde_grid(xy[:, 0], xy[:, 1], grid)
    reference = kde_grid(xy[:, 0], xy[:, 1], grid, bandwidth_rule="reference")
    assert cv.info["bandwidth_rule"].startswith("likelihood cross-validation")
    assert cv.bandwidth_m <= 100 < 500 <= reference.bandwidth_m
    assert kde_grid(xy[:, 0], xy[:, 1], grid).bandwidth_m == cv.bandwidth_m  # seeded folds: repeatable
    # too few points for folds: the reference rule, said so
    few = kde_grid(xy[:20, 0], xy[:20, 1], grid)
    assert few.info["bandwidth_rule"].startswith("fewer than 50 points")
    with pytest.raises(InputError, match="unknown bandwidth rule"):
        kde_grid(xy[:, 0], xy[:, 1], grid, bandwidth_rule="silverman")
