"""Share mode: the one rule every shared product (BRÅ maps, e-mailed files) passes through.

:func:`share_safe` turns the internal frames into shareable ones; :func:`check_share_html` is the
last guard on a written page. With ``m = min_count`` (default 5, ``[privacy] min_count``):

* **Points** never pass. Sensitive points (``sensitive`` flag or a sensitive category) appear only
  as one municipality total, shown when ≥ m and as ``"< m"`` otherwise.
* **Columns** pass by allow-list, so free text (``text``, ``note``, ``category_raw``, ...) and
  anything unknown is dropped. Counts of sensitive categories go entirely; so do non-canonical
  ``n_<raw>`` columns and ``score`` (a weighted sum of counts: ``score = I + 0.5 C`` next to
  ``n_points = I + C`` would give back a suppressed split). ``z``, ``p``, ``q`` stay: Gi* on an area
  of ≥ m points is a neighbourhood statistic that cannot be turned back into counts without the
  hidden grid, the global mean and the variance.
* **Hotspots** with ``n_points < m`` are dropped. *Primary suppression*: any other count < m
  (0 included) becomes missing. *Secondary suppression*, per row total ``n_points``: (1) the source
  split ``n_incidents + n_complaints`` is shown whole or not at all; (2) among the categories, the
  sensitive ones form one always-hidden part, so when no other category was suppressed the smallest
  shown one is hidden too. No suppressed count and no sensitive count can then be computed as the
  row total minus the shown parts; only sums of two or more hidden parts can. Missing is shown
  as "–" on the map, never as a number, and never distinguishes primary from secondary.
  Cluster hulls (DBSCAN/HDBSCAN) have arcs centred on single incidents, so their outline is
  widened by ``snap_m`` and snapped to a ``snap_m`` lattice (it still covers the hull).
* **Cells** keep one value, ``count`` (the source split lives in the hotspots); cells with
  ``count < m`` (or fewer than m points, when points are given) are dropped. Across layers, a shown
  hotspot's total minus its shown cells must not isolate one cell: a hotspot holding exactly one
  dropped cell loses its smallest shown cell too.
* **Heat** is the shown cells as squares (or, without cells, a ``heat_cell_m`` grid of points with
  ≥ m per square): the map paints it as an image, never as a point heat layer.

Not covered: protection intervals (bounds a reader can still infer, as τ-ARGUS computes them) and
grand totals printed elsewhere on a page (total minus shown cells is the dropped cells' sum).
"""

import html as _html
import json
import re
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from hotspots.defaults import MIN_COUNT
from hotspots.errors import InputError
from hotspots.io.what.categories import CATEGORY_KEYS
from maps.labels import label
from maps.share.coarse import band_bounds

__all__ = ["Shareable", "check_share_html", "share_safe"]

_ALWAYS_SENSITIVE = ("sexual", "domestic")
# name: from public special places, localities and streets (layers.names), never from incident text
_HOTSPOT_KEEP = ("hotspot_id", "name", "method", "rank", "z", "p", "q", "peak_windows", "trend")
_SOURCES = ("n_incidents", "n_complaints")
_CELL_KEEP = ("row", "col", "count", "density", "z", "p", "q", "hot")
_TEXT = re.compile(r"(^|_)(text|fritext|notes?|beskrivning|summary|sammanfattning|description|comments?"
                   r"|kommentar\w*|anteckning\w*|raw|adress|address|popup)$", re.IGNORECASE)
_COUNT = re.compile(r"^(n_\w+|count|\w+_count|antal\w*|num_\w+)$", re.IGNORECASE)
_POINT_LAYERS = {r"\bL\.marker\(": "individual marker (L.marker)", r"\bL\.circleMarker\(": "circle marker",
                 r"markerClusterGroup\(": "marker cluster", r"\bL\.heatLayer\(": "point heat layer (HeatMap)"}


@dataclass(frozen=True)
class Shareable:
    """Result of :func:`share_safe`: frames fit to leave the police, and what was held back.

    Attributes
    ----------
    hotspots, cells, heat : GeoDataFrame or None
        Share-safe layers (``None`` where no input was given); suppressed counts are ``<NA>``.
    sensitive_total : int, str or None
        Municipality-wide number of sensitive points, ``"< m"`` below ``min_count``, ``None``
        without points.
    min_count : int
    report : dict
        Rows dropped, counts suppressed (primary, secondary), columns removed.
    """

    hotspots: gpd.GeoDataFrame | None
    cells: gpd.GeoDataFrame | None
    heat: gpd.GeoDataFrame | None
    sensitive_total: int | str | None
    min_count: int
    report: dict = field(default_factory=dict)


def share_safe(points=None, hotspots=None, cells=None, *, min_count=MIN_COUNT, sensitive_categories=_ALWAYS_SENSITIVE,
               snap_m=100.0, heat_cell_m=250.0) -> Shareable:
    """Make hotspots, cells and a heat grid safe to share; points never pass (see module docstring).

    Parameters
    ----------
    points : GeoDataFrame, optional
        The Points contract: gives the sensitive total, the points-per-cell check and, without
        ``cells``, the heat grid.
    hotspots : GeoDataFrame, optional
        The Hotspots table (``n_points`` required).
    cells : GeoDataFrame, optional
        ``HotspotFinder.cells_`` (``count`` required).
    min_count : int
        Smallest count shown (default 5).
    sensitive_categories : iterable of str
        Category keys hidden everywhere; ``sexual`` and ``domestic`` always are.
    snap_m : float
        Lattice (metres) for cluster-hull outlines.
    heat_cell_m : float
        Square side (metres) of the heat grid built from points when ``cells`` is not given.

    Returns
    -------
    Shareable
        New frames; the inputs are never changed.
    """
    if isinstance(min_count, bool) or not isinstance(min_count, int | np.integer) or min_count < 1:
        raise InputError(f"min_count must be a whole number ≥ 1, got {min_count!r}; set [privacy] min_count.")
    sensitive = frozenset(sensitive_categories) | frozenset(_ALWAYS_SENSITIVE)
    report = {}
    hot = _hotspots(hotspots, min_count, sensitive, snap_m, report) if hotspots is not None else None
    safe_cells = _cells(cells, points, hot, min_count, report) if cells is not None else None
    if safe_cells is not None:
        heat = safe_cells[["count", safe_cells.geometry.name]].copy()
    else:
        heat = _heat(points, heat_cell_m, min_count) if points is not None else None
    total = None
    if points is not None:
        flag = points["sensitive"].fillna(False).astype(bool).to_numpy() if "sensitive" in points else False
        flag = flag | points["category"].isin(sensitive).to_numpy() if "category" in points else flag
        n = int(np.sum(flag))
        total = n if n >= min_count else f"< {min_count}"
    return Shareable(hot, safe_cells, heat, total, int(min_count), report)


def _hotspots(hotspots, m, sensitive, snap_m, report):
    if "n_points" not in hotspots:
        raise InputError(f"hotspots need an 'n_points' column; columns are: {', '.join(map(str, hotspots.columns))}.")
    cats = [c for c in hotspots.columns if isinstance(c, str) and c.startswith("n_")
            and c[2:] in CATEGORY_KEYS and c[2:] not in sensitive]
    src = [c for c in _SOURCES if c in hotspots]
    keep = [c for c in _HOTSPOT_KEEP if c in hotspots] + ["n_points", *src, *cats]
    rows = hotspots["n_points"].to_numpy(float) >= m
    out = hotspots.loc[rows, keep + [hotspots.geometry.name]].copy()
    report.update(hotspots_dropped=int((~rows).sum()),
                  hotspot_columns_removed=[c for c in hotspots.columns if c not in out.columns])
    primary = secondary = 0
    for group in (src, cats):
        values = out[group].to_numpy(float)
        hide = ~(values >= m)  # missing counts are hidden too
        primary += int(hide.sum())
        extra = np.zeros_like(hide)
        if group is src:  # the split is shown whole or not at all (also when a source column is absent)
            extra = (hide.any(axis=1) | (len(src) < 2))[:, None] & ~hide
        elif group:  # the sensitive part is always hidden: it must never be the only hidden part
            alone = np.flatnonzero(~hide.any(axis=1))
            extra[alone, np.argmin(values[alone], axis=1)] = True
        secondary += int(extra.sum())
        ints = np.rint(np.nan_to_num(values)).astype("int64")
        for j, name in enumerate(group):
            out[name] = pd.arrays.IntegerArray(ints[:, j], hide[:, j] | extra[:, j])
    out["n_points"] = out["n_points"].astype("int64")
    clusters = out["method"].isin(["dbscan", "hdbscan"]).to_numpy() if "method" in out else np.zeros(len(out), bool)
    if clusters.any() and out.crs is not None and out.crs.is_projected:
        g = out.geometry.to_numpy()
        g[clusters] = shapely.set_precision(shapely.buffer(g[clusters], snap_m, quad_segs=2), snap_m)
        out = out.set_geometry(gpd.GeoSeries(g, index=out.index, crs=out.crs))
    report.update(counts_suppressed=primary, counts_suppressed_secondary=secondary)
    return out.reset_index(drop=True)


def _cells(cells, points, hot, m, report):
    if "count" not in cells:
        raise InputError(f"cells need a 'count' column; columns are: {', '.join(map(str, cells.columns))}.")
    count = cells["count"].to_numpy(float)
    keep = count >= m
    geoms = cells.geometry.reset_index(drop=True)
    if points is not None and len(points):
        pts = gpd.GeoDataFrame(geometry=points.geometry.to_crs(cells.crs).to_numpy(), crs=cells.crs)
        hits = gpd.sjoin(pts, gpd.GeoDataFrame(geometry=geoms), predicate="within")  # edge points: fewer, safe
        keep &= np.bincount(hits["index_right"].to_numpy(), minlength=len(cells)) >= m
    first = int((~keep).sum())
    if hot is not None and len(hot):
        centres = gpd.GeoDataFrame(geometry=geoms.centroid)
        pairs = gpd.sjoin(centres, hot[[hot.geometry.name]].to_crs(cells.crs).reset_index(drop=True),
                          predicate="within")
        pos, spot = pairs.index.to_numpy(), pairs["index_right"].to_numpy()
        while True:  # each pass hides ≥ 1 more cell, so this ends
            lonely = np.bincount(spot, weights=~keep[pos], minlength=len(hot)) == 1
            cand = lonely[spot] & keep[pos]
            if not cand.any():
                break
            pick = pd.DataFrame({"pos": pos[cand], "spot": spot[cand], "count": count[pos[cand]]})
            keep[pick.sort_values(["count", "pos"]).drop_duplicates("spot")["pos"].to_numpy()] = False
    report.update(cells_dropped=first, cells_dropped_secondary=int((~keep).sum()) - first)
    cols = [c for c in _CELL_KEEP if c in cells]
    return cells.loc[keep, cols + [cells.geometry.name]].reset_index(drop=True)


def _heat(points, cell_m, m):
    crs = points.crs if points.crs is None or points.crs.is_projected else points.estimate_utm_crs()
    geo = points.geometry.to_crs(crs) if crs != points.crs else points.geometry
    x, y = geo.x.to_numpy(), geo.y.to_numpy()
    ok = np.isfinite(x) & np.isfinite(y)
    ix, iy = np.floor(x[ok] / cell_m).astype(np.int64), np.floor(y[ok] / cell_m).astype(np.int64)
    keys, n = np.unique(np.column_stack([ix, iy]), axis=0, return_counts=True)
    keys, n = keys.reshape(-1, 2)[n >= m], n[n >= m]
    squares = shapely.box(keys[:, 0] * cell_m, keys[:, 1] * cell_m, (keys[:, 0] + 1) * cell_m,
                          (keys[:, 1] + 1) * cell_m)
    return gpd.GeoDataFrame({"count": n.astype("int64")}, geometry=squares, crs=crs)


def check_share_html(html, *, min_count=MIN_COUNT, input_points=None,
                     sensitive_categories=_ALWAYS_SENSITIVE, scale="classes") -> list[str]:
    """List every way a written map breaks the share rules; an empty list means safe.

    Parameters
    ----------
    html : str
        The page (e.g. ``folium.Map.get_root().render()``).
    min_count : int
        Smallest count a ``n_*`` / ``count`` / ``antal*`` property may show.
    input_points : GeoDataFrame or array-like of (lon, lat), optional
        The analysed points; any coordinate pair in the page within 1e-6° of one is reported.
    sensitive_categories : iterable of str
        Keys (and their Swedish and English labels) that must not appear in the page.
    scale : {"classes", "round5"}
        The coarse scale of :func:`maps.share.coarse.publish_count`: every count property must be a
        band label (``"10–19"``) or, with ``round5``, a multiple of 5; any other number is an exact count.

    Returns
    -------
    list of str
        Human-readable violations.
    """
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda g: chr(int(g[1], 16)), _html.unescape(html))
    found = [f"{what} in the page" for pattern, what in _POINT_LAYERS.items() if re.search(pattern, text)]
    if re.search(r'"type"\s*:\s*"(Multi)?Point"', text):
        found.append("Point geometry in embedded GeoJSON")
    for key, value in _properties(text):
        if _TEXT.search(key):
            found.append(f"free-text property '{key}'")
        elif _COUNT.match(key) and value is not None:
            found += _off_scale(key, value, min_count, scale)
    names = set(sensitive_categories) | set(_ALWAYS_SENSITIVE)
    for word in sorted(names | {label(k, lang) for k in names for lang in ("sv", "en")}):
        hits = len(re.findall(rf"(?<![a-zåäö]){re.escape(word)}(?![a-zåäö])", text, re.IGNORECASE))
        if hits:
            found.append(f"sensitive category '{word}' named in the page ({hits}×)")
    if input_points is not None:
        found += _matching_points(text, input_points)
    return found


def _properties(text):
    """Every (key, value) of every GeoJSON Feature's properties in the page's JSON objects."""
    decoder, end, out = json.JSONDecoder(), 0, []
    for start in (g.start() for g in re.finditer(r'\{\s*"', text)):
        if start < end:
            continue
        try:
            obj, end = decoder.raw_decode(text, start)
        except ValueError:
            continue
        stack = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if item.get("type") == "Feature" and isinstance(item.get("properties"), dict):
                    out += list(item["properties"].items())
                stack += list(item.values())
            elif isinstance(item, list):
                stack += [v for v in item if isinstance(v, dict | list)]
    return out


def _off_scale(key, value, m, scale):
    """A count property that is below ``m`` or not on the coarse scale (an exact count could be differenced)."""
    if _number(value) is not None and _number(value) < m:
        return [f"count property '{key}' = {value} (< {m})"]
    bounds = band_bounds(int(value) if isinstance(value, float) and value.is_integer() else value)
    exact = bounds is None or (bounds[0] == bounds[1]) != (scale == "round5")
    if exact or bounds[0] < m:
        return [f"count property '{key}' = {value!r} is not on the coarse '{scale}' scale (an exact count)"]
    return []


def _number(value):
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _matching_points(text, points):
    if isinstance(points, gpd.GeoDataFrame | gpd.GeoSeries):
        geo = points.geometry.to_crs("EPSG:4326") if points.crs is not None else points.geometry
        lonlat = np.column_stack([geo.x.to_numpy(), geo.y.to_numpy()])
    else:
        lonlat = np.asarray(points, float).reshape(-1, 2)
    pairs = np.array(re.findall(r"\[\s*(-?\d{1,3}\.\d+)\s*,\s*(-?\d{1,3}\.\d+)", text), float).reshape(-1, 2)
    if not len(pairs) or not len(lonlat):
        return []
    tree = cKDTree(lonlat)
    hit = np.isfinite(tree.query(pairs, distance_upper_bound=1e-6)[0])  # [lon, lat] (GeoJSON)
    hit |= np.isfinite(tree.query(pairs[:, ::-1], distance_upper_bound=1e-6)[0])  # [lat, lon] (Leaflet)
    if not hit.any():
        return []
    return [f"{int(hit.sum())} coordinate pair(s) equal an input point (first: {pairs[hit][0].tolist()})"]
