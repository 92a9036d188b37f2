"""The study-area grid: square cells over the points' extent or a boundary, in metres.

Cell-size rule: from the events' spacing (:mod:`hotspots.methods.cell_rule`), never so fine that the
grid would exceed ``max_cells`` (default :data:`AUTO_MAX_CELLS`; the cell is then doubled until it fits,
and the summary says so). A *stated* cell size is limited by memory only (issue 17: a national 250 m
grid has 13 million cells, most of them empty, and its dense count grid is 100 MB): the grid is refused
before it is built when its cell statistics would not fit in the memory available
(:mod:`hotspots.memory`), with the numbers and the ways out. Arrays on the grid have shape ``(ny, nx)``;
row 0 is the southernmost row, column 0 the westernmost.
"""

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from hotspots.errors import InputError
from hotspots.io.frames import points_xy
from hotspots.memory import BYTES_PER_CELL, check_memory
from hotspots.methods.cell_rule import auto_cell_size

__all__ = ["Grid", "make_grid"]

#: Most cells the *automatic* cell rule makes (a stated ``cell_m`` is limited by memory only).
AUTO_MAX_CELLS = 4_000_000
#: ``max_cells`` default: no fixed limit for a stated cell size, memory decides.
DEFAULT_MAX_CELLS = None


@dataclass(frozen=True)
class Grid:
    """A regular grid of square cells; see the module docstring for the layout."""

    x0: float
    y0: float
    cell_m: float
    nx: int
    ny: int
    crs: str
    inside: np.ndarray  # bool (ny, nx): the cell centre lies in the study area
    cell_rule: str

    @property
    def shape(self) -> tuple:
        return (self.ny, self.nx)

    def cell_of(self, x, y):
        """Row and column of each coordinate, and whether it falls on the grid at all."""
        col = np.floor((np.asarray(x, float) - self.x0) / self.cell_m).astype(np.int64)
        row = np.floor((np.asarray(y, float) - self.y0) / self.cell_m).astype(np.int64)
        on = (col >= 0) & (col < self.nx) & (row >= 0) & (row < self.ny)
        return row, col, on

    def centres(self):
        """Cell-centre coordinates as two ``(ny, nx)`` arrays."""
        xs = self.x0 + (np.arange(self.nx) + 0.5) * self.cell_m
        ys = self.y0 + (np.arange(self.ny) + 0.5) * self.cell_m
        return np.meshgrid(xs, ys)

    def polygons(self, mask=None) -> gpd.GeoSeries:
        """Square cell polygons in row-major order (only where ``mask``, default every cell)."""
        rows, cols = np.nonzero(np.ones(self.shape, bool) if mask is None else mask)
        left, bottom = self.x0 + cols * self.cell_m, self.y0 + rows * self.cell_m
        boxes = shapely.box(left, bottom, left + self.cell_m, bottom + self.cell_m)
        return gpd.GeoSeries(boxes, crs=self.crs)


def make_grid(points, *, cell_m=None, boundary=None, max_cells=DEFAULT_MAX_CELLS) -> Grid:
    """Lay a grid over the points' extent, or over a boundary when one is given.

    Parameters
    ----------
    points : GeoDataFrame or DataFrame
        Points in a metric CRS (the Points contract; or ``x``/``y`` columns, see
        :func:`hotspots.io.frames.points_xy`).
    cell_m : float, optional
        Cell side in metres; chosen by the rule in the module docstring when ``None``.
    boundary : GeoDataFrame, optional
        Study area (any CRS; reprojected). Cells whose centre lies outside are marked in
        ``Grid.inside`` and left out of every statistic.
    max_cells : int, optional
        Upper bound on ``nx * ny``. ``None`` (default): the automatic rule stays within
        :data:`AUTO_MAX_CELLS` and a stated size is limited by the memory available only.

    Returns
    -------
    Grid

    Raises
    ------
    InputError
        No points and no boundary, a non-positive cell size, or a stated cell size that would need
        more than ``max_cells`` cells or more memory than is available.
    """
    px, py, point_crs = points_xy(points)
    if point_crs is None or not point_crs.is_projected:
        raise InputError("points must be in a metric CRS (read them with read_points); got "
                         f"{point_crs}.")
    crs = point_crs.to_string()
    area = boundary.to_crs(crs).geometry.union_all() if boundary is not None else None
    if area is not None and not area.is_empty:
        xmin, ymin, xmax, ymax = area.bounds
    elif len(points):
        xmin, ymin, xmax, ymax = np.nanmin(px), np.nanmin(py), np.nanmax(px), np.nanmax(py)
    else:
        raise InputError("no points to grid; check the input (all rows may have been rejected).")
    width, height = xmax - xmin, ymax - ymin
    if cell_m is None:
        ok = np.isfinite(px) & np.isfinite(py)
        cell_m, rule = auto_cell_size(px[ok], py[ok], width, height,
                                      AUTO_MAX_CELLS if max_cells is None else max_cells)
    else:
        if not np.isfinite(cell_m) or cell_m <= 0:
            raise InputError(f"cell size must be a positive number of metres, got {cell_m}.")
        rule = "stated"
    nx, ny = _cells_across(width, cell_m, area is None), _cells_across(height, cell_m, area is None)
    if max_cells is not None and nx * ny > max_cells:
        raise InputError(f"a {cell_m:g} m grid over {width / 1000:.1f} × {height / 1000:.1f} km needs "
                         f"{nx * ny:,} cells (limit {max_cells:,}); pass a larger --cell-m "
                         f"(at least {np.ceil(np.sqrt(width * height / max_cells)):.0f}).")
    check_memory(nx * ny * BYTES_PER_CELL,
                 what=f"a {cell_m:g} m grid over {width / 1000:.1f} × {height / 1000:.1f} km ({nx * ny:,} cells)",
                 ways_out="pass a larger --cell-m (the need falls with its square), a boundary or date filter "
                          "(--from/--to), or run with --engine dask")
    # Centre the grid on the extent so a single point or a tiny area sits in the middle of a cell.
    x0 = xmin - (nx * cell_m - width) / 2
    y0 = ymin - (ny * cell_m - height) / 2
    grid = Grid(x0, y0, float(cell_m), nx, ny, crs, np.ones((ny, nx), bool), rule)
    if area is not None:
        xc, yc = grid.centres()
        inside = shapely.contains_xy(area, xc.ravel(), yc.ravel()).reshape(ny, nx)
        grid = Grid(x0, y0, float(cell_m), nx, ny, crs, inside, rule)
    return grid


def _cells_across(length, cell_m, points_extent):
    """Cells needed to span ``length``: a boundary is tiled (ceil); for a points' extent,
    floor + 1 so that a point exactly on the far edge still falls inside a cell."""
    if points_extent:
        return int(np.floor(length / cell_m)) + 1
    return max(1, int(np.ceil(length / cell_m)))

