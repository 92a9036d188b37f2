"""The time zone of every point, from where it lies, offline (the ``timezonefinder`` package).

Coordinates are rounded to 0.01° (about 1 km) and each distinct rounded location is looked up once, so a
million points in one town cost a handful of look-ups. A national decade also spreads points thinly over
the whole country (hundreds of thousands of distinct locations), so locations are first grouped into
blocks of 0.25° (then 0.05° along coasts and borders): a block that lies wholly inside the polygon of
the zone at its centre gives that zone to every location in it without a look-up (one vectorised
containment test per zone); only the locations in blocks that touch a zone border or the coast are
looked up one by one. Points in Sweden get ``Europe/Stockholm`` (the product's home zone); points at sea
(``Etc/GMT±n``) or with no coordinates get the zone of the other points.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from hotspots.defaults import TZ
from hotspots.errors import InputError

__all__ = ["zone_for_points", "zones_of_located"]

_ZONE_CELL_M = 100.0  # metres: rows are looked up by the centre of their square on a fixed grid

_ROUND = 2  # decimals of a degree: 0.01° ≈ 1 km, far finer than any zone border matters for incidents


@lru_cache(maxsize=1)
def _finder():
    try:
        from timezonefinder import TimezoneFinder
    except ImportError:  # pragma: no cover - a packaging fault, said plainly
        raise InputError("the time zone cannot be found from the points' location: the 'timezonefinder' package "
                         "is not installed (pip install timezonefinder), or pass the zone with --tz") from None
    return TimezoneFinder(in_memory=True)


def zone_for_points(lon, lat, *, fallback: str = TZ) -> np.ndarray:
    """IANA time zone name of every point, from its WGS84 longitude and latitude.

    Parameters
    ----------
    lon, lat : array-like of float
        WGS84 degrees, one per point (NaN where a point has no location).
    fallback : str
        Zone for points outside every zone and for points without coordinates when no other point
        has a zone (default ``hotspots.defaults.TZ``).

    Returns
    -------
    numpy.ndarray
        Object array of zone names, one per point. Points without a zone (NaN, open sea) take the most
        common zone of the other points, else ``fallback``. Pass it to
        ``parse_times(..., tz=None, zones=...)``.
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if lon.shape != lat.shape:
        raise InputError(f"zone_for_points: {lon.size} longitudes but {lat.size} latitudes; pass one of each per "
                         "point")
    ok = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    scale = 10 ** _ROUND
    ilon = np.round(lon[ok] * scale).astype(np.int64)
    ilat = np.round(lat[ok] * scale).astype(np.int64)
    codes, unique = pd.factorize(ilon * (200 * scale) + ilat, sort=True)  # one code per distinct location
    ulon, ulat = (unique // (200 * scale)) / scale, (unique % (200 * scale)) / scale
    out = np.full(lon.shape, None, dtype=object)
    out[ok] = _lookup(ulon, ulat)[codes] if len(unique) else None
    out[pd.Series(out, dtype=object).str.startswith("Etc/").fillna(False).to_numpy(dtype=bool)] = None  # open sea
    known = pd.Series(out).dropna()
    out[pd.isna(out)] = known.mode().iloc[0] if len(known) else fallback
    return out


_BLOCKS = (0.25, 0.05)  # degrees: sides of the blocks tested whole against a zone polygon, coarse first


def _lookup(lon, lat) -> np.ndarray:
    """Zone name (or ``None``) of each distinct location; whole blocks inside one zone need no look-up."""
    finder = _finder()
    zone = np.full(lon.shape, None, dtype=object)
    todo = np.arange(lon.size)
    for side in _BLOCKS:  # blocks along a coast or border are split into smaller blocks
        if not todo.size:
            break
        resolved, names = _whole_blocks(lon[todo], lat[todo], side, finder)
        zone[todo[resolved]] = names[resolved]
        todo = todo[~resolved]
    zone[todo] = [finder.timezone_at(lng=float(x), lat=float(y)) for x, y in zip(lon[todo], lat[todo], strict=True)]
    return zone


def _whole_blocks(lon, lat, side, finder):
    """Per location: whether its block of ``side`` degrees lies inside one zone, and that zone."""
    import shapely

    bx, by = np.floor(lon / side).astype(np.int64), np.floor(lat / side).astype(np.int64)
    block, blocks = pd.factorize(bx * 100_000 + by)
    left, bottom = np.floor_divide(blocks, 100_000) * side, np.mod(blocks, 100_000) * side
    candidate = np.array([finder.timezone_at(lng=float(x + side / 2), lat=float(y + side / 2))
                          for x, y in zip(left, bottom, strict=True)], dtype=object)
    boxes = shapely.box(left, bottom, left + side, bottom + side)
    inside = np.zeros(len(blocks), bool)
    for name in pd.unique(candidate[pd.notna(candidate)]):
        if not str(name).startswith("Etc/"):
            pick = candidate == name
            inside[pick] = shapely.contains(_zone_polygon(name), boxes[pick])
    return inside[block], candidate[block]


@lru_cache(maxsize=64)
def _zone_polygon(name):
    """The zone's area as one prepared shapely geometry (polygons with their holes)."""
    import shapely

    parts = []
    for polygon in _finder().get_geometry(tz_name=name, coords_as_pairs=False):
        rings = [np.column_stack(ring) for ring in polygon]
        parts.append(shapely.Polygon(rings[0], rings[1:]))
    geometry = shapely.union_all(shapely.make_valid(np.array(parts, dtype=object)))
    shapely.prepare(geometry)
    return geometry


def zones_of_located(located):
    """Each row's zone from its metric coordinates, one look-up per occupied 100 m square (a Categorical).

    The squares lie on a fixed grid of the metric CRS, so a row gets the same zone whichever other rows
    are read with it (a file, a batch, a dask partition). A national decade has 15 million rows but far
    fewer distinct squares, and the look-up rounds to ~1 km anyway.

    Parameters
    ----------
    located : LocatedPoints
        ``x``, ``y`` (metres, NaN where a row has no place) and ``crs``.

    Returns
    -------
    pandas.Categorical
        One zone per row; rows without a place take the most common zone.
    """
    from pyproj import Transformer

    ok = np.isfinite(located.x) & np.isfinite(located.y)
    if not ok.any():
        return pd.Categorical(zone_for_points(np.full(len(ok), np.nan), np.full(len(ok), np.nan)))
    ix = np.floor(located.x[ok] / _ZONE_CELL_M).astype(np.int64)
    iy = np.floor(located.y[ok] / _ZONE_CELL_M).astype(np.int64)
    iy0 = iy.min()
    codes, cells = pd.factorize(ix * (1 << 32) + (iy - iy0))
    cx = (cells >> 32).astype(float) * _ZONE_CELL_M + _ZONE_CELL_M / 2
    cy = ((cells & ((1 << 32) - 1)) + iy0).astype(float) * _ZONE_CELL_M + _ZONE_CELL_M / 2
    lon, lat = Transformer.from_crs(located.crs, "EPSG:4326", always_xy=True).transform(cx, cy)
    per_cell = pd.Categorical(zone_for_points(lon, lat))
    row_codes = np.empty(len(ok), per_cell.codes.dtype)
    row_codes[ok] = per_cell.codes[codes]
    if not ok.all():  # rows without a place take the most common zone, as zone_for_points does
        row_codes[~ok] = np.bincount(row_codes[ok]).argmax()
    return pd.Categorical.from_codes(row_codes, per_cell.categories)
