"""Issue 17: counting that scales with cells, the cell-level statistics as one public function, memory
honesty (refuse early with the numbers), national grids that are no reason to refuse, Parquet folders."""

import numpy as np
import pandas as pd
import pytest

from hotspots.errors import InputError
from hotspots.find import find_hotspots
from hotspots.io.read import read_points
from hotspots.memory import ENV_LIMIT, RELEASE_ABOVE_ROWS, available_bytes, check_memory, release_memory
from hotspots.methods.binning import bin_cells
from hotspots.methods.cellgrid import cell_statistics
from hotspots.methods.counts import count_points
from hotspots.methods.gistar import gi_star
from hotspots.methods.grid import make_grid


def _points(n=5000, seed=1):
    import geopandas as gpd

    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.normal(500_000, 3000, n - n // 5), rng.uniform(480_000, 520_000, n // 5)])
    y = np.concatenate([rng.normal(6_600_000, 3000, n - n // 5), rng.uniform(6_580_000, 6_620_000, n // 5)])
    source = np.where(rng.random(n) < 0.3, "complaint", "incident")
    return gpd.GeoDataFrame({"weight": rng.integers(1, 4, n).astype(float), "source": source},
                            geometry=gpd.points_from_xy(x, y), crs="EPSG:3006")


@pytest.mark.parametrize("batch", [1, 7, 1000, 10**6])
def test_streaming_binning_equals_one_shot(batch):
    pts = _points()
    grid = make_grid(pts, cell_m=250)
    x, y, w = pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy(), pts["weight"].to_numpy()
    one_shot = np.zeros(grid.nx * grid.ny)
    row, col, on = grid.cell_of(x, y)
    np.add.at(one_shot, (row * grid.nx + col)[on], w[on])
    batches = [(x[i:i + batch], y[i:i + batch], w[i:i + batch]) for i in range(0, len(x), batch)]
    for dense in (True, False):
        binned = bin_cells(iter(batches), grid, dense=dense)
        np.testing.assert_array_equal(binned.dense().ravel(), one_shot)  # integer weights: exact
        assert binned.n_points == len(x) and binned.n_outside == int((~on).sum())
    # count_points (batched inside) gives the same combined grid as the one-shot sum, complaints at 0.5
    counts = count_points(pts.assign(source="incident"), grid)
    np.testing.assert_array_equal(counts.combined.ravel(), one_shot)


def test_binning_leaves_out_points_off_the_grid_and_outside_the_area():
    pts = _points(200)
    grid = make_grid(pts, cell_m=1000)
    far = bin_cells((np.array([0.0, np.nan, 500_000.0]), np.array([0.0, 6_600_000.0, np.nan])), grid)
    assert far.n_points == 3 and far.n_outside == 3 and far.cells.size == 0


def test_cell_statistics_is_the_cell_level_half_of_the_finder():
    pts = _points()
    for method in ("gistar", "count"):
        finder = find_hotspots(pts, method, cell_m=500)
        counts = count_points(pts, finder.grid_)
        result = cell_statistics(counts.combined, method=method, mask=finder.grid_.inside)
        cells = finder.cells_
        hot = result.hot[cells["row"].to_numpy(), cells["col"].to_numpy()]
        np.testing.assert_array_equal(hot, cells["hot"].to_numpy())
        assert result.info["hot_rule"] == finder.params_["hot_rule"]
        if method == "gistar":
            z = result.stats["z"][cells["row"].to_numpy(), cells["col"].to_numpy()]
            np.testing.assert_allclose(z, cells["z"].to_numpy(), rtol=0, atol=1e-12)
            np.testing.assert_array_equal(result.stats["z"], gi_star(counts.combined).z)
    with pytest.raises(InputError, match="cell statistics are for count, gistar"):
        cell_statistics(np.zeros((3, 3)), method="kde")


def test_memory_check_refuses_early_with_numbers_and_ways_out(monkeypatch):
    monkeypatch.setenv(ENV_LIMIT, "1")  # a forced 1 MB machine
    assert available_bytes() == 2**20
    pts = _points(100)
    with pytest.raises(InputError, match=r"not enough memory: a 10 m grid .* cells\) needs about .* GB, but only "
                                         r"0\.0 GB is available.*larger --cell-m.*--engine dask"):
        make_grid(pts, cell_m=10)
    monkeypatch.setenv(ENV_LIMIT, "lots")
    with pytest.raises(InputError, match="must be a number of megabytes"):
        check_memory(1, what="x", ways_out="y")
    monkeypatch.setenv(ENV_LIMIT, "100000")
    assert check_memory(2**30, what="x", ways_out="y") == {"need_mb": 1024, "available_mb": 100000}


def test_a_national_250_m_grid_is_not_refused(monkeypatch):
    import geopandas as gpd

    monkeypatch.setenv(ENV_LIMIT, "64000")  # the verdict must not depend on this machine's free memory
    corners = gpd.GeoDataFrame(geometry=gpd.points_from_xy([266_000, 920_000], [6_131_000, 7_670_000]),
                               crs="EPSG:3006")  # Sweden's extent in SWEREF 99 TM
    grid = make_grid(corners, cell_m=250)
    assert grid.nx * grid.ny > 13_000_000 and grid.cell_rule == "stated"
    # an explicit limit still refuses, as before
    with pytest.raises(InputError, match="limit 4,000,000"):
        make_grid(corners, cell_m=250, max_cells=4_000_000)


def test_plain_parquet_and_hive_folder_read_with_exact_accounting(tmp_path):
    frame = pd.DataFrame({"x": [500_000.0, 500_100.0, np.nan, 500_300.0, 500_400.0, 500_500.0],
                          "y": [6_600_000.0, 6_600_100.0, 6_600_200.0, 6_600_300.0, 6_600_400.0, 6_600_500.0],
                          "time": pd.to_datetime(["2024-01-05 22:00", "2024-02-03 23:30", "2024-03-01 01:00",
                                                  None, "2024-05-04 21:15", "2024-06-07 20:00"]),
                          "year": [2024, 2024, 2024, 2025, 2025, 2025]})
    plain = tmp_path / "plain.parquet"
    frame.drop(columns="year").to_parquet(plain, index=False)
    folder = tmp_path / "parts"
    frame.to_parquet(folder, partition_cols=["year"], index=False)
    for path in (plain, folder):
        s = read_points(str(path), options=None, geometry=False).summary
        assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (6, 4, 2)
        assert s["rows_used"] + s["rows_rejected"] == s["rows_read"]


@pytest.mark.parametrize("fdr", ["bh", "bonferroni", "none"])
@pytest.mark.parametrize("band", [1.0, 1.5, 2.0])
def test_sparse_gistar_equals_dense_gistar(fdr, band):
    from hotspots.methods.gistar_sparse import gi_star_sparse

    rng = np.random.default_rng(3)
    grid = np.zeros((40, 55))
    grid[rng.integers(0, 40, 120), rng.integers(0, 55, 120)] = rng.integers(1, 20, 120)
    grid[18:21, 30:33] += 25  # a hot block
    dense = gi_star(grid, band_cells=band, fdr=fdr)
    cells = np.flatnonzero(grid)
    sparse = gi_star_sparse(cells, grid.ravel()[cells], grid.shape, band_cells=band, fdr=fdr)
    for name in ("z", "p", "q"):
        np.testing.assert_allclose(getattr(sparse, name), getattr(dense, name), rtol=1e-10, atol=1e-12)
    for name in ("hot", "cold", "significant"):
        np.testing.assert_array_equal(getattr(sparse, name), getattr(dense, name))
    assert sparse.hot.any() and sparse.info["n_hot"] == dense.info["n_hot"]


def test_sparse_gistar_degenerate_grids_match_dense():
    from hotspots.methods.gistar_sparse import gi_star_sparse

    for grid in (np.zeros((6, 7)), np.ones((6, 7)), np.eye(5)[:, :4] * 3):
        cells = np.flatnonzero(grid)
        sparse = gi_star_sparse(cells, grid.ravel()[cells], grid.shape)
        np.testing.assert_allclose(sparse.z, gi_star(grid).z, atol=1e-12)
        np.testing.assert_allclose(sparse.q, gi_star(grid).q, atol=1e-12)


def test_the_grid_methods_give_the_same_hotspots_without_shapely_points(tmp_path):
    pts = _points(3000)
    pts["start"] = pd.Timestamp("2024-03-01 22:00", tz="Europe/Stockholm") + pd.to_timedelta(
        np.arange(len(pts)) % 500, unit="h")
    plain = pd.DataFrame(pts.drop(columns="geometry")).assign(x=pts.geometry.x, y=pts.geometry.y)
    plain.attrs["crs"] = "EPSG:3006"
    for method in ("count", "kde", "gistar"):
        a, b = find_hotspots(pts, method, cell_m=500), find_hotspots(plain, method, cell_m=500)
        pd.testing.assert_frame_equal(pd.DataFrame(a.hotspots_), pd.DataFrame(b.hotspots_))
        np.testing.assert_array_equal(a.point_hotspot_, b.point_hotspot_)
    with pytest.raises(InputError, match="draws cluster hulls"):
        find_hotspots(plain, "hdbscan")


def test_reading_is_refused_before_it_starts_when_the_rows_would_not_fit(tmp_path, monkeypatch):
    from hotspots.io.files.estimate import estimate_rows

    path = tmp_path / "big.csv"
    path.write_text("x;y;tid\n" + "".join(f"{500000 + i};6600000;2024-01-01 22:00\n" for i in range(3000)))
    assert estimate_rows(path) == 3000
    frame = pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 4.0]})
    frame.to_parquet(tmp_path / "p.parquet")
    assert estimate_rows(tmp_path / "p.parquet") == 2 and estimate_rows(tmp_path / "none.xlsx") is None
    monkeypatch.setenv(ENV_LIMIT, "0.1")
    with pytest.raises(InputError, match=r"not enough memory: reading about 3,000 rows \(big.csv \(3,000\)\).*"
                                         r"--engine dask"):
        read_points(str(path))


def test_reading_reports_progress_in_rows(tmp_path):
    path = tmp_path / "few.csv"
    path.write_text("x;y;tid\n" + "".join(f"{500000 + i};6600000;2024-01-0{1 + i % 5} 22:00\n" for i in range(40)))
    said = []
    read_points(str(path), progress=said.append)
    assert said[0] == "few.csv: reading" and said[1].startswith("few.csv: 40 rows read")
    assert said[-1] == "few.csv: 40 of 40 rows used"


def test_memory_is_released_only_after_a_large_step():
    # A full garbage collection costs 0.05-0.1 s in a busy process: small reads must not pay it.
    assert release_memory(10) is False
    assert release_memory(RELEASE_ABOVE_ROWS) is True
