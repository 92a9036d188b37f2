"""Find hotspots with one of five methods; a scikit-learn style estimator and a function façade.

Which cells are hot, by method (each rule is reported in ``params_["hot_rule"]``):

* ``count``: the top ``top_share`` (default 5 %) of the *occupied* in-area cells by weighted count,
  ties included, and at least ``min_points`` weighted points. "Occupied" keeps a municipality that
  is mostly forest from diluting the share.
* ``kde``: the density contour at the level reached by the top ``top_share`` of occupied cells;
  every cell at or above that level is hot (the contour may take in empty neighbours).
* ``prospective``: risk from the events of the last eight weeks and their near-repeat neighbourhood
  (Bowers–Johnson, :mod:`hotspots.methods.prospective`) at the day after the last event; hot = the top
  ``top_share`` of cells with any risk, areas with at least ``min_points`` recent points.
* ``gistar``: cells with significant positive Gi* after the multiple-testing correction
  (``fdr``: Benjamini–Hochberg by default) at ``alpha``, in areas holding at least ``min_points`` points
  (a significant gap between busy cells, with no point of its own, is no place to send a patrol).
* Touching hot cells form one area, split at saddles (:mod:`hotspots.methods.saddle`); a piece of a split
  holding fewer than ``min_points`` points joins its neighbours.
* ``dbscan`` / ``hdbscan``: each density cluster at least ``density_ratio`` (default 3) times as dense
  as the study area on average is a hotspot; its polygon is the buffered convex hull.
"""

import geopandas as gpd
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from hotspots.defaults import COMPLAINT_WEIGHT, LANG, METHOD, SPLIT_PROMINENCE, TZ
from hotspots.errors import InputError
from hotspots.io.frames import points_xy
from hotspots.io.validate import validate_points
from hotspots.methods.cellgrid import cell_statistics
from hotspots.methods.clusters import cluster_points
from hotspots.methods.counts import count_points
from hotspots.methods.grid import DEFAULT_MAX_CELLS, make_grid
from hotspots.methods.hotrules import drop_small_areas, top_level
from hotspots.methods.kde import kde_grid
from hotspots.methods.prospective import prospective_risk
from hotspots.methods.table import hotspot_table
from hotspots.temporal.hotspot_trends import hotspot_trends
from hotspots.temporal.profile import temporal_profile

__all__ = ["METHODS", "HotspotFinder", "find_hotspots"]

METHODS = ("count", "kde", "gistar", "prospective", "dbscan", "hdbscan")


class HotspotFinder(BaseEstimator):
    """Hotspot estimator: parameters in ``__init__``, work in :meth:`fit`, results end in ``_``.

    A scikit-learn estimator: ``get_params``/``set_params`` and ``sklearn.base.clone`` work, and
    ``__init__`` stores its arguments untouched (validation happens in :meth:`fit`).

    Parameters
    ----------
    method : {"count", "kde", "gistar", "dbscan", "hdbscan"}
    cell_m : float, optional
        Grid cell side; automatic from the events' spacing (see :mod:`hotspots.methods.cell_rule`) when ``None``.
    bandwidth_m : float, optional
        KDE bandwidth; automatic (see :mod:`hotspots.methods.kde`) when ``None``.
    kernel : {"gaussian", "quartic"}
    fdr : {"bh", "bonferroni", "none"}
    alpha : float
        Significance level after correction.
    eps_m, min_samples, min_cluster_size : optional
        Density-cluster settings; automatic when ``None`` (see :mod:`hotspots.methods.clusters`).
    top_share : float
        Share of occupied cells flagged by ``count`` and ``kde``.
    min_points : float
        Smallest weighted count of a ``count`` hotspot cell.
    split_prominence : float
        Grid methods: a hot area splits at the saddle between two peaks of weighted counts when the counts drop
        to (1 − this) × the lower peak (:mod:`hotspots.methods.saddle`; default 0.5, 1 never splits).
    complaint_weight : float
        Weight of a complaint relative to an incident (default 0.5).
    category_weights : dict, optional
        Category key → weight multiplier.
    density_ratio : float
        ``dbscan``/``hdbscan``: keep clusters with at least this multiple of the study area's mean
        point density (default 3).
    boundary : GeoDataFrame, optional
        Study area; the grid covers it and points outside are left out.
    max_cells : int, optional
        Upper bound on grid cells; ``None`` (default): the automatic cell rule stays within 4 million
        cells and a stated ``cell_m`` is limited only by the memory available (a national 250 m grid,
        13 million cells, runs; a grid that would not fit is refused before it is built, with the numbers).
    keep_imprecise : bool
        Keep points the reader flagged ``imprecise`` (area centres such as the police events API's
        municipality points, geocoder fallbacks, coarse grids) in the spatial method. By default they
        are left out, since they would make hotspots of the centres, and ``params_`` says how many.
    all_cells : bool
        Keep every in-area cell in ``cells_``; by default only cells holding points or flagged hot,
        which is what maps and tables show (a national 250 m grid has millions of empty cells).
    lang : {"sv", "en"}
        Language of the ``peak_windows`` text.
    tz : str, optional
        Time zone of the local clock behind peak windows, profiles and trends; default the zone the
        points' times are in (Europe/Stockholm for Swedish data, the points' own zone abroad).
    seed : int
        Seed for anything random.

    Attributes
    ----------
    hotspots_ : GeoDataFrame
        The Hotspots table, ranked.
    cells_ : GeoDataFrame
        The in-area grid cells holding points or flagged hot (every in-area cell with ``all_cells``),
        with ``count``, ``n_incidents``, ``n_complaints``, the method's statistics (``density``;
        ``z``, ``p``, ``q``) and ``hot`` (empty for cluster methods).
    point_hotspot_ : ndarray
        ``hotspot_id`` of each point (0 = none).
    profiles_ : Profiles
        Hour-of-week (aoristic) and month profiles per hotspot; ``peak_windows`` is in the table.
    params_ : dict
        Every parameter actually used, with the rules behind automatic choices.
    grid_ : Grid
    """

    def __init__(self, method=METHOD, *, cell_m=None, bandwidth_m=None, kernel="gaussian", fdr="bh",
                 alpha=0.05, eps_m=None, min_samples=None, min_cluster_size=None, top_share=0.05,
                 min_points=3.0, split_prominence=SPLIT_PROMINENCE, complaint_weight=COMPLAINT_WEIGHT,
                 category_weights=None, density_ratio=3.0, boundary=None, max_cells=DEFAULT_MAX_CELLS,
                 keep_imprecise=False, all_cells=False, lang=LANG, tz=None, seed=0):
        # scikit-learn convention: store every argument as given, one attribute per parameter.
        self.method = method
        self.cell_m = cell_m
        self.bandwidth_m = bandwidth_m
        self.kernel = kernel
        self.fdr = fdr
        self.alpha = alpha
        self.eps_m = eps_m
        self.min_samples = min_samples
        self.min_cluster_size = min_cluster_size
        self.top_share = top_share
        self.min_points = min_points
        self.split_prominence = split_prominence
        self.complaint_weight = complaint_weight
        self.category_weights = category_weights
        self.density_ratio = density_ratio
        self.boundary = boundary
        self.max_cells = max_cells
        self.keep_imprecise = keep_imprecise
        self.all_cells = all_cells
        self.lang = lang
        self.tz = tz
        self.seed = seed

    def fit(self, points, y=None):
        """Find the hotspots of ``points`` (the Points contract, or any point GeoDataFrame).

        Parameters
        ----------
        points : GeoDataFrame
            Points with a metric CRS (see :func:`hotspots.io.read.read_points`).
        y : None
            Ignored; present for scikit-learn compatibility.

        Returns
        -------
        HotspotFinder
            ``self``, fitted.
        """
        if self.method not in METHODS:
            raise InputError(f"unknown method '{self.method}'; choose one of {', '.join(METHODS)}.")
        if not 0 < self.top_share <= 1:
            raise InputError(f"top share must be in (0, 1], got {self.top_share}.")
        points, notes = validate_points(points, where="find_hotspots")
        if self.method in ("dbscan", "hdbscan") and not isinstance(points, gpd.GeoDataFrame):
            raise InputError(f"method '{self.method}' draws cluster hulls around the points: read them with "
                             "geometry (read_points(..., geometry=True), the default).")
        all_points, precise = points, _precise(points, self.keep_imprecise)
        if precise is not None:
            if not precise.any():
                raise InputError(f"all {len(precise)} points sit on locations that are no incident locations (area "
                                 "centres, geocoder fallbacks or a coarse grid; see check --json 'precision'): "
                                 "they make no hotspots. Pass --keep-imprecise (keep_imprecise=True) to map them "
                                 "anyway.")
            points = points[precise]
            notes.append(f"{int((~precise).sum())} points at imprecise locations (area centres, fallbacks, coarse "
                         "grids) left out of the spatial method (keep_imprecise=True keeps them)")
        px, py, crs = points_xy(points)
        boundary = self.boundary.to_crs(crs) if self.boundary is not None else None
        grid = make_grid(points, cell_m=self.cell_m, boundary=boundary, max_cells=self.max_cells)
        counts = count_points(points, grid, complaint_weight=self.complaint_weight,
                              category_weights=self.category_weights)
        params = {"method": self.method, "crs": grid.crs, "cell_m": grid.cell_m, "cell_rule": grid.cell_rule,
                  "grid": [grid.ny, grid.nx], **counts.info, "notes": notes}
        cells = {"count": counts.combined, "n_incidents": counts.incidents, "n_complaints": counts.complaints}
        used = counts.point_cell >= 0
        xy = (px, py)  # no (n, 2) copy: 240 MB at 15 million points
        if self.method in ("dbscan", "hdbscan"):
            result = cluster_points(xy[0][used], xy[1][used], method=self.method,
                                    weights=counts.point_weight[used], eps_m=self.eps_m,
                                    min_samples=self.min_samples, min_cluster_size=self.min_cluster_size,
                                    seed=self.seed)
            labels = np.full(len(points), -1)
            labels[used] = result.labels
            params.update(eps_m=result.eps_m, min_samples=result.min_samples, **_prefixed(result.info, "clusters"))
            hot = np.zeros(grid.shape, bool)
            table, ids = self._dense_clusters(points, labels, counts, grid, params)
        else:
            hot, stats, score = self._hot_cells(points, grid, counts, xy, used, params, cells)
            table, ids = hotspot_table(points, method=self.method, crs=grid.crs, grid=grid, hot=hot,
                                       cell_score=score, cell_stats=stats, point_cell=counts.point_cell,
                                       split_prominence=self.split_prominence, min_points=self.min_points)
            params.update(split_rule=table.attrs["split"]["rule"], n_areas_split=table.attrs["split"]["n_split"])
        cells["hot"] = hot
        profiles = None
        tz = self.tz or _points_zone(points)
        params["tz"] = tz
        if "start" in points.columns and points["start"].notna().any():
            profiles = temporal_profile(points, ids, n_hotspots=len(table), lang=self.lang, tz=tz)
            params.update(peak_rule=profiles.info.get("peak_rule"), all_peak_windows=profiles.all_peak_windows)
        else:
            notes.append("no start times: no peak windows")
        table.insert(table.columns.get_loc("rank") + 1, "peak_windows",
                     profiles.peak_windows if profiles else [None] * len(table))
        trend, trend_rule = hotspot_trends(points["start"] if "start" in points.columns else None, ids, len(table),
                                           counts.point_weight, tz=tz, lang=self.lang)
        params.update({"trend_rule": trend_rule} if trend_rule else {})
        table.insert(table.columns.get_loc("peak_windows") + 1, "trend", trend)
        keep = grid.inside if self.all_cells else grid.inside & ((counts.combined > 0) | hot)
        area = grid.inside.sum() * grid.cell_m ** 2
        weights = counts.point_weight
        params.update(n_hotspots=len(table),
                      share_points=float(weights[ids > 0].sum() / weights.sum()) if weights.sum() else 0.0,
                      share_area=float(table.geometry.area.sum() / area) if area else 0.0,
                      n_imprecise_left_out=0 if precise is None else int((~precise).sum()))
        if precise is not None:  # one id per input point: the left-out ones belong to no hotspot
            full = np.zeros(len(all_points), dtype=ids.dtype)
            full[np.flatnonzero(precise)] = ids
            ids = full
        self.grid_, self.params_, self.point_hotspot_, self.profiles_ = grid, params, ids, profiles
        self.hotspots_ = table
        self.cells_ = _cells_frame(grid, cells, keep)
        return self

    def _dense_clusters(self, points, labels, counts, grid, params):
        """Cluster hulls, keeping clusters at least ``density_ratio`` times as dense as the study area
        (HDBSCAN in particular also returns sparse background clusters, which are no hotspots)."""
        pad_m = max(10.0, grid.cell_m / 4)
        def build(lab):
            return hotspot_table(points, method=self.method, crs=grid.crs, labels=lab,
                                                  point_weight=counts.point_weight, pad_m=pad_m)
        table, ids = build(labels)
        mean_density = counts.point_weight.sum() / (grid.inside.sum() * grid.cell_m ** 2)
        dense = table["score"].to_numpy() / table.geometry.area.to_numpy() >= self.density_ratio * mean_density
        params.update(hot_rule=f"density clusters (buffered hulls, {pad_m:g} m) with at least "
                               f"{self.density_ratio:g}× the study area's mean point density",
                      n_sparse_clusters_dropped=int((~dense).sum()))
        if dense.all():
            return table, ids
        kept = table["hotspot_id"].to_numpy()[dense]
        relabelled = np.where(np.isin(ids, kept), np.searchsorted(kept, ids), -1)
        return build(relabelled)

    def _hot_cells(self, points, grid, counts, xy, used, params, cells):
        occupied = grid.inside & (counts.combined > 0)
        if self.method in ("count", "gistar"):  # the cell-level half: per-cell counts in, hot cells out
            result = cell_statistics(counts.combined, method=self.method, mask=grid.inside, fdr=self.fdr,
                                     alpha=self.alpha, top_share=self.top_share, min_points=self.min_points)
            cells.update(result.stats)
            params.update(result.info)
            return result.hot, result.stats, result.score
        if self.method == "kde":
            kde = kde_grid(xy[0][used], xy[1][used], grid, weights=counts.point_weight[used],
                           bandwidth_m=self.bandwidth_m, kernel=self.kernel)
            level = top_level(kde.density[occupied], self.top_share)
            hot = drop_small_areas(grid.inside & (kde.density >= level) & (level > 0), counts.combined, self.min_points)
            cells["density"] = kde.density
            params.update(bandwidth_m=kde.bandwidth_m, kernel=kde.kernel, **_prefixed(kde.info, "kde"),
                          hot_rule=f"density contour at the level of the top {self.top_share:.0%} of occupied "
                                   f"cells ({level:.4g} per km²), areas with ≥ {self.min_points:g} points",
                          level=float(level))
            return hot, {}, counts.combined
        return self._prospective(points, grid, counts, xy, used, params, cells)

    def _prospective(self, points, grid, counts, xy, used, params, cells):
        if "start" not in points.columns or points["start"].notna().sum() == 0:
            raise InputError("method 'prospective' needs event times ('start'); read the files with read_points.")
        times = points["start"]
        at = times.max().normalize() + pd.Timedelta(days=1)
        result = prospective_risk(xy[0][used], xy[1][used], times.to_numpy()[used], grid, at=at,
                                  weights=counts.point_weight[used])
        risk = np.where(grid.inside, result.risk, 0.0)
        level = top_level(risk[risk > 0], self.top_share)
        recent = np.zeros(grid.shape)  # points that carry risk: those within the horizon
        horizon = at - pd.Timedelta(days=result.info.get("horizon_days", 56))
        in_horizon = used & (times >= horizon).to_numpy()
        np.add.at(recent.ravel(), counts.point_cell[in_horizon], counts.point_weight[in_horizon])
        hot = drop_small_areas(grid.inside & (risk >= level) & (level > 0), recent, self.min_points)
        cells["risk"] = risk
        params.update(at=at.isoformat(), **_prefixed(result.info, "prospective"),
                      hot_rule=f"top {self.top_share:.0%} of cells with prospective risk at {at:%Y-%m-%d}, "
                               f"areas with ≥ {self.min_points:g} points of the last weeks", level=float(level))
        return hot, {}, recent


def find_hotspots(points, method=METHOD, **settings) -> HotspotFinder:
    """Fit a :class:`HotspotFinder` in one call: ``find_hotspots(points).hotspots_``.

    Parameters
    ----------
    points : GeoDataFrame
        Points (see :class:`HotspotFinder`).
    method : str
        One of :data:`METHODS`.
    **settings
        Any :class:`HotspotFinder` parameter.

    Returns
    -------
    HotspotFinder
        Fitted.
    """
    return HotspotFinder(method, **settings).fit(points)


def _precise(points, keep):
    """Boolean mask of the points a spatial method may use, or ``None`` when it uses all of them."""
    if keep or "imprecise" not in points.columns:
        return None
    flagged = points["imprecise"].fillna(False).to_numpy(dtype=bool)
    return ~flagged if flagged.any() else None


def _points_zone(points):
    """The zone the points' start times are written in; the product default for naive or absent times."""
    if "tz" in points.columns and points["tz"].notna().any():  # the reader's zone per row: the most common
        return str(points["tz"].value_counts().index[0])
    start = points["start"] if "start" in points.columns else None
    zone = getattr(start.dt, "tz", None) if start is not None and hasattr(start, "dt") else None
    return str(zone) if zone is not None else TZ


def _prefixed(info, prefix):
    return {f"{prefix}_{k}": v for k, v in info.items()}


def _cells_frame(grid, arrays, keep):
    data = {name: np.asarray(values)[keep] for name, values in arrays.items()}
    rows, cols = np.nonzero(keep)
    data = {"row": rows, "col": cols, **data}
    return gpd.GeoDataFrame(data, geometry=grid.polygons(keep).to_numpy(), crs=grid.crs)
