"""Space-time emerging hot spots (issue #14 item 6): neighbours in the previous period as well as around the cell.

The reference is Gi* with an explicit binary space-time weights matrix (built cell by cell here, the slow
way) through :func:`hotspots.methods.gistar.gi_star`'s weights mode; and a hand-made cube on which the
spatial-only and the space-time classes differ.
"""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from scipy import sparse, stats

from hotspots.errors import InputError
from hotspots.methods.gistar import gi_star
from hotspots.methods.grid import Grid
from hotspots.temporal.emerging import emerging_hotspots
from hotspots.temporal.spacetime import space_time_gi

TZ = "Europe/Stockholm"
ROWS, COLS = np.mgrid[0:9, 0:9]
BACKGROUND = ((ROWS * 7 + COLS * 3) % 4 + 1).astype(float)  # uneven, 1–4 events per cell and month


def _grid():
    return Grid(0.0, 0.0, 100.0, 9, 9, "EPSG:3006", np.ones((9, 9), bool), "stated")


def _points(cube):
    """One point per unit of ``cube[t, row, col]`` at the cell centre, at noon on the first day of month t."""
    starts = pd.date_range("2023-01-01", periods=cube.shape[0], freq="MS", tz=TZ) + pd.Timedelta(hours=12)
    t, r, c = np.nonzero(cube)
    t, r, c = (np.repeat(a, cube[t, r, c].astype(int)) for a in (t, r, c))
    return gpd.GeoDataFrame({"start": starts[t], "weight": 1.0, "source": "incident"},
                            geometry=gpd.points_from_xy(c * 100 + 50.0, r * 100 + 50.0), crs="EPSG:3006")


def _cube(block):
    """The background every month; the 3 × 3 block around cell (4, 4) holds ``block[t]`` where not NaN."""
    cube = np.repeat(BACKGROUND[None], len(block), axis=0)
    for t, count in enumerate(block):
        if not np.isnan(count):
            cube[t, 3:6, 3:6] = count
    return cube


def _explicit_weights(ny, nx, n_steps):
    """Binary weights of ``n_steps`` stacked periods: the 3 × 3 block in every period of the stack."""
    n = ny * nx
    rows, cols = [], []
    for a in range(n_steps * n):  # the slow, obvious way: the reference only
        for b in range(n_steps * n):
            if abs((a % n) // nx - (b % n) // nx) <= 1 and abs(a % nx - b % nx) <= 1:
                rows.append(a)
                cols.append(b)
    return sparse.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n_steps * n, n_steps * n))


def test_space_time_z_equals_gi_star_with_explicit_space_time_weights():
    rng = np.random.default_rng(3)
    cube = rng.poisson(2.0, (4, 5, 6)).astype(float)
    cube[2:, 2, 3] += 9
    inside = np.ones((5, 6), bool)
    inside[0, 0] = False
    g = space_time_gi(cube, inside, time_steps=1, fdr="none")
    w = _explicit_weights(5, 6, 2)
    for t in (1, 2, 3):  # periods with a previous one: the window is [t-1, t]
        ref = gi_star(cube[t - 1:t + 1].ravel(), weights=w, mask=np.stack([inside, inside]).ravel(), fdr="none")
        np.testing.assert_allclose(g.z[t][inside], ref.z.reshape(2, 5, 6)[1][inside], atol=1e-9)
    first = gi_star(cube[0], mask=inside, fdr="none")  # period 0 has no previous one: spatial only
    np.testing.assert_allclose(g.z[0][inside], first.z[inside], atol=1e-9)
    assert np.isnan(g.z[:, 0, 0]).all() and not g.hot[:, 0, 0].any()


def test_zero_time_steps_is_the_spatial_gi_star_of_each_period():
    rng = np.random.default_rng(4)
    cube = rng.poisson(1.5, (5, 7, 7)).astype(float)
    inside = np.ones((7, 7), bool)
    g = space_time_gi(cube, inside, time_steps=0)
    for t in range(5):
        ref = gi_star(cube[t], mask=inside)
        np.testing.assert_allclose(g.z[t], ref.z, atol=1e-9)
        np.testing.assert_allclose(g.q[t], ref.q, atol=1e-9)
        assert (g.hot[t] == ref.hot).all()


def _emerging(block, time_steps):
    end = pd.Timestamp("2023-01-01", tz=TZ) + pd.DateOffset(months=len(block))
    return emerging_hotspots(_points(_cube(block)), _grid(), period="month", end=end, time_steps=time_steps)


def test_a_hot_spot_that_just_went_quiet_is_historical_in_space_and_persistent_in_space_time():
    # The block around (4, 4) holds 20 events a month for nine months, then only its background in the tenth.
    block = [20] * 9 + [np.nan]
    spatial, space_time = _emerging(block, 0), _emerging(block, 1)
    # Spatial only: the tenth month alone decides, and it is quiet: hot in 9 of 10 months, not in the last.
    assert spatial.hot[:, 4, 4].sum() == 9 and not spatial.hot[-1, 4, 4]
    assert spatial.category[4, 4] == "historical_hot"
    # Space-time: the tenth month's neighbourhood still holds the ninth month's 3 × 3 × 20 events, so it is hot.
    assert space_time.hot[:, 4, 4].all()
    assert space_time.category[4, 4] in ("persistent_hot", "diminishing_hot")
    assert space_time.z[-1, 4, 4] < space_time.z[-2, 4, 4]  # weaker than before, but still hot
    assert space_time.info["time_steps"] == 1 and "before it" in space_time.info["neighbourhood"]
    assert spatial.info["neighbourhood"].endswith("(spatial only)")


def test_an_isolated_busy_month_is_hot_for_one_more_month_in_space_time():
    block = [np.nan] * 5 + [20] + [np.nan] * 6
    spatial, space_time = _emerging(block, 0), _emerging(block, 1)
    assert np.flatnonzero(spatial.hot[:, 4, 4]).tolist() == [5]
    assert np.flatnonzero(space_time.hot[:, 4, 4]).tolist() == [5, 6]


def test_default_is_one_time_step_as_arcgis_and_bad_values_are_refused():
    block = [np.nan] * 9 + [20, 20, 20]
    end = pd.Timestamp("2024-01-01", tz=TZ)
    e = emerging_hotspots(_points(_cube(block)), _grid(), period="month", end=end)
    assert e.info["time_steps"] == 1
    with pytest.raises(InputError, match="time_steps must be a whole number ≥ 0"):
        emerging_hotspots(_points(_cube(block)), _grid(), period="month", end=end, time_steps=-1)
    with pytest.raises(InputError, match="cube must be"):
        space_time_gi(np.zeros((3, 3)), np.ones((3, 3), bool))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("time_steps", [0, 1, 3])
def test_q_equals_scipy_bh_over_every_in_area_cell(seed, time_steps):
    # The quiet cells (no event in their window) are corrected as tied groups, weighted by their size; that
    # must give each cell the q scipy's Benjamini–Hochberg gives when it sorts all of them, ties included.
    rng = np.random.default_rng(seed)
    n_t, ny, nx = 7, 30, 40
    cube = np.zeros((n_t, ny, nx))
    busy = rng.random((n_t, ny, nx)) < [0.002, 0.02, 0.1][seed % 3]
    cube[busy] = rng.poisson(3, busy.sum()) + 0.5 * rng.integers(0, 2, busy.sum())
    inside = np.ones((ny, nx), bool)
    inside[:, :3] = False
    inside[rng.random((ny, nx)) < 0.05] = False  # holes: cells with fewer in-area neighbours
    g = space_time_gi(cube, inside, time_steps=time_steps, fdr="bh", alpha=0.2)
    assert np.isnan(g.z[:, ~inside]).all() and np.isnan(g.q[:, ~inside]).all()
    for t in range(n_t):
        p = stats.norm.sf(np.abs(g.z[t][inside])) * 2
        np.testing.assert_array_equal(g.p[t][inside], p)
        np.testing.assert_array_equal(g.q[t][inside], stats.false_discovery_control(p, method="bh"))
    assert (g.hot == ((g.q < 0.2) & (g.z > 0))).all() and (g.cold == ((g.q < 0.2) & (g.z < 0))).all()
