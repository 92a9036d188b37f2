"""The time zone of every point, from where it lies, offline (the ``timezonefinder`` package).

Coordinates are rounded to 0.01° (about 1 km) and each distinct rounded location is looked up once,
so a million points in one town cost a handful of look-ups. Points in Sweden get ``Europe/Stockholm``
(the product's home zone); points at sea (``Etc/GMT±n``) or with no coordinates get the zone of the other points.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from hotspots.defaults import TZ
from hotspots.errors import InputError

__all__ = ["zone_for_points"]

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
    keys = pd.DataFrame({"lon": np.round(lon[ok], _ROUND), "lat": np.round(lat[ok], _ROUND)})
    unique = keys.drop_duplicates()
    finder = _finder()
    names = [finder.timezone_at(lng=x, lat=y) for x, y in zip(unique["lon"], unique["lat"], strict=True)]
    looked_up = unique.assign(zone=names)
    zone = keys.merge(looked_up, on=["lon", "lat"], how="left")["zone"].to_numpy(dtype=object)
    out = np.full(lon.shape, None, dtype=object)
    out[ok] = zone
    out[pd.Series(out, dtype=object).str.startswith("Etc/").fillna(False).to_numpy(dtype=bool)] = None  # open sea
    known = pd.Series(out).dropna()
    out[pd.isna(out)] = known.mode().iloc[0] if len(known) else fallback
    return out
