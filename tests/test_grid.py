"""The study-area grid: the automatic cell rule, centring, boundary mask, limits and edge cases."""

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

from hotspots.errors import InputError
from hotspots.methods.grid import make_grid


def _points(xy, crs="EPSG:3006"):
    xy = np.asarray(xy, float).reshape(-1, 2)
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=crs)


def test_auto_cell_rule_sfhotspot():
    # 12.34 km x 30 km: shorter side / 50 = 246.8 m -> rounded down to 200 m
    grid = make_grid(_points([[0, 0], [12_340, 30_000]]))
    assert grid.cell_m == 200 and (grid.nx, grid.ny) == (62, 151)
    assert "shorter side" in grid.cell_rule
    # the grid is centred on the extent: 62 * 200 = 12,400 m, so 30 m on each side; 151 rows
    # (floor + 1, so the far edge is inside a cell) leave 100 m above and below
    assert grid.x0 == -30 and grid.y0 == -100


def test_stated_cell_and_cell_of():
    grid = make_grid(_points([[0, 0], [1000, 1000]]), cell_m=250)
    assert (grid.nx, grid.ny, grid.cell_rule) == (5, 5, "stated") and grid.x0 == -125
    row, col, on = grid.cell_of([0, 1000, 5000], [0, 130, 0])
    assert row.tolist()[:2] == [0, 1] and col.tolist()[:2] == [0, 4] and on.tolist() == [True, True, False]
    xc, yc = grid.centres()
    assert (xc[0, 0], yc[0, 0]) == (0, 0) and xc.shape == (5, 5)
    assert len(grid.polygons()) == 25 and grid.polygons().iloc[0].bounds == (-125, -125, 125, 125)


def test_minimum_cell_for_tiny_extent_and_single_point():
    one = make_grid(_points([[500, 500]]))
    assert one.cell_m == 100 and (one.nx, one.ny) == (1, 1)
    assert one.x0 == 450 and one.y0 == 450  # the point sits in the middle of its cell
    same = make_grid(_points([[500, 500]] * 5))
    assert (same.nx, same.ny) == (1, 1)


def test_cell_larger_than_area_gives_one_cell():
    grid = make_grid(_points([[0, 0], [300, 200]]), cell_m=1000)
    assert (grid.nx, grid.ny) == (1, 1) and grid.x0 == -350


def test_boundary_sets_extent_and_mask():
    pts = _points([[100, 100]])
    area = gpd.GeoDataFrame(geometry=[box(0, 0, 1000, 500).union(box(0, 500, 500, 1000))], crs="EPSG:3006")
    grid = make_grid(pts, cell_m=250, boundary=area)
    # a boundary is tiled exactly: 4 x 4 cells from (0, 0); the L shape leaves out the top-right 2 x 2
    assert (grid.nx, grid.ny, grid.x0, grid.y0) == (4, 4, 0, 0)
    assert grid.inside.sum() == 12 and not grid.inside[3, 3] and grid.inside[0, 3]


def test_limits_and_errors():
    with pytest.raises(InputError, match="needs 1,002,001 cells .limit 10,000.; pass a larger --cell-m"):
        make_grid(_points([[0, 0], [100_000, 100_000]]), cell_m=100, max_cells=10_000)
    # 100 km x 2 km: the rule gives 100 m (1001 x 21 cells), doubled once to fit 10,000
    auto = make_grid(_points([[0, 0], [100_000, 2_000]]), max_cells=10_000)
    assert (auto.cell_m, auto.nx, auto.ny) == (200, 501, 11) and "doubled to 200 m" in auto.cell_rule
    with pytest.raises(InputError, match="no points to grid"):
        make_grid(_points(np.empty((0, 2))))
    with pytest.raises(InputError, match="positive number of metres"):
        make_grid(_points([[0, 0]]), cell_m=0)
    with pytest.raises(InputError, match="metric CRS"):
        make_grid(_points([[23.1, 65.8]], crs="EPSG:4326"))
