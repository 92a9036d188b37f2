"""Gi*: hand-checkable grids, the PySAL reference numbers, and agreement between the two modes."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import sparse, stats
from scipy.spatial.distance import cdist

from hotspots.errors import InputError
from hotspots.methods.gistar import GiStar, gi_star


def _band_weights(ny, nx, band):
    """The grid neighbourhood as an explicit (ny·nx)² binary matrix, self excluded (row-major)."""
    rows, cols = np.divmod(np.arange(ny * nx), nx)
    d = cdist(np.c_[rows, cols], np.c_[rows, cols])
    return sparse.csr_array(((d <= band + 1e-9) & (d > 0)).astype(float))


def _queen(geoms):
    """Queen contiguity: polygons sharing at least one boundary point (no libpysal)."""
    import shapely

    i, j = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    i, j = i[i != j], j[i != j]
    return sparse.csr_array((np.ones(i.size), (i, j)), shape=(len(geoms), len(geoms)))


# --- hand-checkable grids ---------------------------------------------------------------------

def test_one_count_in_a_5x5_grid_gives_z_of_four_thirds_on_its_block():
    # n = 25, x̄ = 0.04, s² = 0.04 − 0.0016 = 0.0384. Any cell whose 3×3 block holds the count:
    # W = 9, z = (1 − 9·0.04) / √(0.0384 · (25·9 − 81)/24) = 0.64 / 0.48 = 4/3.
    x = np.zeros((5, 5))
    x[2, 2] = 1
    r = gi_star(x)
    assert isinstance(r, GiStar)
    np.testing.assert_allclose(r.z[1:4, 1:4], 4 / 3, rtol=0, atol=1e-12)
    # A corner (W = 4, nothing in reach): z = −0.16 / √(0.0384 · (100 − 16)/24).
    assert r.z[0, 0] == pytest.approx(-0.16 / np.sqrt(0.0384 * 3.5), abs=1e-12)
    # An edge middle (W = 6): z = −0.24 / √(0.0384 · (150 − 36)/24).
    assert r.z[0, 2] == pytest.approx(-0.24 / np.sqrt(0.0384 * 4.75), abs=1e-12)
    assert r.p[2, 2] == pytest.approx(2 * stats.norm.sf(4 / 3), abs=1e-15)
    assert not r.significant.any()
    assert r.info["weights"] == "distance band of 1.5 cells incl. self"
    assert r.info["kernel_cells"] == 9 and r.info["n"] == 25


def test_a_hot_3x3_block_is_found_hot_and_nothing_cold():
    # Ones on the centre block: x̄ = 0.36, s = 0.48; centre z = (9 − 9·0.36)/(0.48·√6) = 2√6.
    x = np.zeros((5, 5))
    x[1:4, 1:4] = 1
    r = gi_star(x)
    assert r.z[2, 2] == pytest.approx(2 * np.sqrt(6), abs=1e-12)
    assert r.hot[2, 2] and not r.cold.any()
    assert r.info["n_hot"] == int(r.hot.sum()) >= 1 and r.info["n_cold"] == 0
    json.dumps(r.info)  # JSON-serialisable


def test_mask_excludes_cells_from_n_mean_variance_and_neighbour_sums():
    rng = np.random.default_rng(1)
    x = rng.poisson(3, (6, 7)).astype(float)
    x[:, 6] = np.nan  # NaN outside the study area is allowed
    mask = np.ones(x.shape, bool)
    mask[:, 6] = False
    before = x.copy()
    r = gi_star(x, mask=mask)
    np.testing.assert_array_equal(x, before)  # input untouched
    assert np.isnan(r.z[:, 6]).all() and np.isnan(r.p[:, 6]).all() and np.isnan(r.q[:, 6]).all()
    assert not r.significant[:, 6].any()
    # An excluded edge column is the same as a grid without it.
    np.testing.assert_allclose(r.z[:, :6], gi_star(x[:, :6]).z, rtol=0, atol=1e-13)
    assert r.info["n"] == 36


def test_mask_with_a_hole_equals_weights_mode_without_those_cells():
    rng = np.random.default_rng(2)
    x = rng.poisson(2, (6, 6)).astype(float)
    mask = np.ones(x.shape, bool)
    mask[2:4, 3] = False
    r = gi_star(x, mask=mask)
    rw = gi_star(x, weights=_band_weights(6, 6, 1.5), mask=mask)
    np.testing.assert_allclose(r.z, rw.z, rtol=0, atol=1e-13)
    assert np.isnan(r.z[2:4, 3]).all()


@pytest.mark.parametrize("band, cells", [(1, 5), (1.5, 9), (2, 13), (2.5, 21)])
def test_band_cells_is_euclidean_centre_to_centre_including_self(band, cells):
    rng = np.random.default_rng(3)
    x = rng.poisson(2, (8, 9)).astype(float)
    r = gi_star(x, band_cells=band)
    assert r.info["kernel_cells"] == cells
    rw = gi_star(x, weights=_band_weights(8, 9, band))
    np.testing.assert_allclose(r.z, rw.z, rtol=0, atol=1e-13)


# --- degenerate cases -----------------------------------------------------------------------

def test_all_equal_values_give_z_0_p_1_and_a_no_variation_note():
    r = gi_star(np.full((4, 4), 3.0))
    assert (r.z == 0).all() and (r.p == 1).all() and (r.q == 1).all()
    assert not r.significant.any()
    assert "no variation" in r.info["notes"][0] and r.info["std"] == 0.0


def test_fewer_than_three_units_give_z_0_with_a_note():
    r = gi_star(np.array([[1.0, 5.0]]))
    assert (r.z == 0).all() and (r.p == 1).all()
    assert "fewer than 3" in r.info["notes"][0]


def test_a_cell_that_neighbours_every_cell_gets_z_0():
    # 1 × 3 grid: the middle cell's block is all three cells (W = n). Ends: W = 2, var = 1,
    # x̄ = 3, s = √(41/3 − 9); left z = (1 + 2 − 6)/s, right z = (2 + 6 − 6)/s.
    r = gi_star(np.array([[1.0, 2.0, 6.0]]))
    s = np.sqrt(41 / 3 - 9)
    np.testing.assert_allclose(r.z[0], [-3 / s, 0.0, 2 / s], rtol=0, atol=1e-12)
    assert "W_i = n" in r.info["notes"][0]


def test_nan_inside_the_study_area_is_an_input_error_naming_the_count():
    x = np.ones((4, 4))
    x[0, 0] = x[1, 1] = np.nan
    with pytest.raises(InputError, match="2 NaN"):
        gi_star(x)


@pytest.mark.parametrize("kwargs, match", [
    ({"fdr": "holm"}, "bh, bonferroni, none"),
    ({"alpha": 0}, "alpha"),
    ({"band_cells": 0.5}, "band_cells"),
    ({"mask": np.ones((2, 2), bool)}, "shape"),
])
def test_bad_arguments_are_input_errors(kwargs, match):
    with pytest.raises(InputError, match=match):
        gi_star(np.arange(16.0).reshape(4, 4), **kwargs)


def test_one_dimensional_values_without_weights_and_mismatched_weights_are_input_errors():
    with pytest.raises(InputError, match="2-D"):
        gi_star(np.arange(5.0))
    with pytest.raises(InputError, match="5 × 5"):
        gi_star(np.arange(5.0), weights=sparse.eye_array(4))


# --- multiple testing -----------------------------------------------------------------------

@pytest.fixture
def hot_grid():
    rng = np.random.default_rng(4)
    x = rng.poisson(1, (20, 20)).astype(float)
    x[3:7, 3:7] += 4
    x[14:17, 12:15] += 3
    mask = np.ones(x.shape, bool)
    mask[:, :2] = False
    return x, mask


def test_significance_flags_follow_q_on_a_grid(hot_grid):
    x, mask = hot_grid
    r = gi_star(x, mask=mask)
    order = np.argsort(r.p[mask])
    assert (np.diff(r.q[mask][order]) >= 0).all()  # monotone in p
    assert (r.q[mask] >= r.p[mask]).all()  # a correction never makes a cell more significant
    np.testing.assert_array_equal(r.significant, np.nan_to_num(r.q, nan=1) < 0.05)
    np.testing.assert_array_equal(r.hot, r.significant & (r.z > 0))
    assert r.info["n_hot"] > 0 and r.info["fdr"] == "bh"


# The six points of esda's Getis-Ord tests (distance band 15, binary weights with self): esda 2.9.0 gives
# G* z = −1.397276, −0.289178, 0.650650, −0.289178, 1.234521, 2.024243. Two-sided p = 2·(1 − Φ(|z|)):
#   unit  |z|       Φ(|z|)     p
#   1     1.397276  0.9188347  0.1623305
#   2     0.289178  0.6137773  0.7724455
#   3     0.650650  0.7423637  0.5152727
#   4     0.289178  0.6137773  0.7724455
#   5     1.234521  0.8914956  0.2170089
#   6     2.024243  0.9785274  0.0429451
# Benjamini–Hochberg, m = 6: sort p, take p(i)·m/i, then q(i) = min over j ≥ i (step-up), capped at 1:
#   i  unit  p(i)       p(i)·6/i    q
#   1  6     0.0429451  0.2576707   0.2576707
#   2  1     0.1623305  0.4869915   0.4340177  ← min with i = 3
#   3  5     0.2170089  0.4340177   0.4340177
#   4  3     0.5152727  0.7729090   0.7724455  ← min with i = 6
#   5  2     0.7724455  0.9269346   0.7724455  ← min with i = 6
#   6  4     0.7724455  0.7724455   0.7724455
# Bonferroni: min(1, 6·p) = 0.9739831, 1, 1, 1, 1, 0.2576707.
TOY_XY = [(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)]
TOY_VALUES = [2.0, 3.0, 3.2, 5.0, 8.0, 7.0]
TOY_Z = [-1.397276, -0.289178, 0.650650, -0.289178, 1.234521, 2.024243]
TOY_P = [0.1623305, 0.7724455, 0.5152727, 0.7724455, 0.2170089, 0.0429451]
TOY_Q = {"none": TOY_P,
         "bh": [0.4340177, 0.7724455, 0.7724455, 0.7724455, 0.4340177, 0.2576707],
         "bonferroni": [0.9739831, 1.0, 1.0, 1.0, 1.0, 0.2576707]}


@pytest.mark.parametrize("fdr, alpha, significant_units", [
    ("none", 0.05, [6]), ("bh", 0.05, []), ("bonferroni", 0.05, []),  # only unit 6 has p < 0.05
    ("none", 0.3, [1, 5, 6]), ("bh", 0.3, [6]), ("bonferroni", 0.3, [6]),
    ("none", 0.45, [1, 5, 6]), ("bh", 0.45, [1, 5, 6]), ("bonferroni", 0.45, [6]),
])
def test_fdr_q_values_and_flags_by_hand_on_esda_toy(fdr, alpha, significant_units):
    d = cdist(TOY_XY, TOY_XY)
    r = gi_star(TOY_VALUES, weights=sparse.csr_array((d <= 15).astype(float)), fdr=fdr, alpha=alpha)
    np.testing.assert_allclose(r.z, TOY_Z, rtol=0, atol=1e-6)
    np.testing.assert_allclose(r.p, TOY_P, rtol=0, atol=1e-7)
    np.testing.assert_allclose(r.q, TOY_Q[fdr], rtol=0, atol=1e-7)
    assert (np.flatnonzero(r.significant) + 1).tolist() == significant_units
    assert (np.flatnonzero(r.hot) + 1).tolist() == [u for u in significant_units if TOY_Z[u - 1] > 0]
    assert (np.flatnonzero(r.cold) + 1).tolist() == [u for u in significant_units if TOY_Z[u - 1] < 0]
    assert r.info["fdr"] == fdr and r.info["n_significant"] == len(significant_units)
    if fdr == "none":
        np.testing.assert_array_equal(r.q, r.p)


def test_fdr_method_name_is_case_insensitive():
    r = gi_star(TOY_VALUES, weights=sparse.csr_array((cdist(TOY_XY, TOY_XY) <= 15).astype(float)),
                fdr="Bonferroni")
    assert r.info["fdr"] == "bonferroni"
    np.testing.assert_allclose(r.q, TOY_Q["bonferroni"], rtol=0, atol=1e-7)


# --- reference numbers from PySAL ---------------------------------------------------------------

def test_esda_toy_six_points_distance_band_15(vendored):
    ref = pd.read_csv(vendored / "pysal" / "esda_toy6_distanceband15_getisord.csv")
    xy = ref[["x", "y_coord"]].to_numpy(float)
    np.testing.assert_array_equal(xy, [(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)])
    d = cdist(xy, xy)
    for with_self in (False, True):  # zero diagonal set to 1, or given as 1: same result
        w = sparse.csr_array(((d <= 15) & ((d > 0) | with_self)).astype(float))
        r = gi_star(ref["value"].to_numpy(), weights=w)
        np.testing.assert_allclose(r.z, ref["gstar_B_Z"], rtol=0, atol=1e-9)
        assert r.info["diagonal_set_to_1"] == (0 if with_self else 6)
    assert r.z[0] == pytest.approx(-1.39727626, abs=1e-8)
    # Row-standardised: esda's transform='R' z is ours × √((n S1 − 1)/(n − 1)) (module docstring).
    wb = w.toarray()
    wr = wb / wb.sum(axis=1, keepdims=True)
    rr = gi_star(ref["value"].to_numpy(), weights=wr)
    s1 = (wr ** 2).sum(axis=1)
    np.testing.assert_allclose(rr.z * np.sqrt((6 * s1 - 1) / 5), ref["gstar_R_Z"], rtol=0, atol=1e-9)


def _read_gal(path):
    lines = [ln.split() for ln in path.read_text().splitlines() if ln.strip()]
    pairs = set()
    for head, neighbours in zip(lines[1::2], lines[2::2]):
        pairs |= {(int(head[0]), int(b)) for b in neighbours}
    return pairs


def test_columbus_crime_queen_equals_esda(vendored):
    import geopandas as gpd

    cols = gpd.read_file(vendored / "pysal" / "columbus" / "columbus.shp")
    ref = pd.read_csv(vendored / "pysal" / "columbus_crime_queen_getisord_esda.csv")
    np.testing.assert_array_equal(ref["POLYID"], cols["POLYID"])
    w = _queen(cols.geometry.values)
    i, j = w.nonzero()
    ids = cols["POLYID"].to_numpy()
    assert set(zip(ids[i].tolist(), ids[j].tolist())) == _read_gal(vendored / "pysal" / "columbus" / "columbus.gal")
    r = gi_star(cols["CRIME"].to_numpy(), weights=w)
    np.testing.assert_allclose(r.z, ref["gstar_B_Z"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(r.p, 2 * ref["gstar_B_p_norm"], rtol=0, atol=1e-12)
    # A mask is the same as dropping those polygons from values and weights.
    keep = np.ones(49, bool)
    keep[[0, 10, 30]] = False
    rm = gi_star(cols["CRIME"].to_numpy(), weights=w, mask=keep)
    sub = gi_star(cols["CRIME"].to_numpy()[keep], weights=w[keep][:, keep])
    np.testing.assert_allclose(rm.z[keep], sub.z, rtol=0, atol=1e-13)
    assert np.isnan(rm.z[~keep]).all() and rm.info["n"] == 46


# --- the two modes, and esda itself ---------------------------------------------------------

def test_grid_mode_equals_weights_mode_on_a_random_grid():
    rng = np.random.default_rng(5)
    x = rng.poisson(2.5, (9, 11))
    r = gi_star(x)
    rw = gi_star(x, weights=_band_weights(9, 11, 1.5))
    assert rw.z.shape == x.shape and rw.info["weights"] == "given"
    np.testing.assert_allclose(r.z, rw.z, rtol=0, atol=1e-13)
    np.testing.assert_array_equal(r.hot, rw.hot)


def test_grid_mode_equals_esda_g_local_star_binary():
    from esda import getisord  # esda and libpysal are in the test extras: missing, this fails rather than skips
    from libpysal.weights import lat2W as lat2w
    rng = np.random.default_rng(6)
    x = rng.poisson(2.5, (9, 11)).astype(float)
    w = lat2w(9, 11, rook=False)  # queen lattice = the 3×3 block minus self; ids row-major
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = getisord.G_Local(x.ravel(), w, star=True, transform="B", permutations=0)
    np.testing.assert_allclose(gi_star(x).z.ravel(), ref.Zs, rtol=0, atol=1e-12)
    np.testing.assert_allclose(gi_star(x, weights=w).z.ravel(), ref.Zs, rtol=0, atol=1e-12)
