"""Delivered presence at targets: minutes and time spans of GPS track segments and patrol reports.

Where a planned patrol counts all its minutes at every target it reaches (:mod:`layers.cover.presence`), delivered
presence is measured: a segment (:func:`layers.plans.tracks.read_tracks`: the line between two fixes and the time
between them, moving at constant speed) counts at a target the share of its minutes that it spends within
``radius_m`` of the target, i.e. ``minutes × length inside / length`` (a standing segment, of length 0,
counts all or nothing). A patrol report (:func:`layers.plans.reports.read_reports`: a place or position, start and
end) is a standing segment. So a unit standing 10 minutes at a place and then walking 400 m away in 2 minutes
with a radius of 100 m delivers 10 + 2 × 100/400 = 10.5 minutes there.

``spans`` are the delivered times at each target, touching or overlapping pieces merged, so a page can say
"utfört fre 22:10–23:05".
"""

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.errors import InputError

__all__ = ["Delivered", "delivered_minutes"]

_NEEDED = ("radius_m", "start", "end", "unit")


@dataclass(frozen=True)
class Delivered:
    """What :func:`delivered_minutes` returns.

    Attributes
    ----------
    pieces : DataFrame
        One row per (segment, target) with time inside: ``target``, ``segment``, ``unit``, ``start``,
        ``end``, ``share`` (0..1 of the segment inside), ``minutes``.
    minutes : ndarray, shape (n_targets,)
        Delivered minutes per target.
    spans : list of list of (Timestamp, Timestamp)
        Per target, the merged delivered time spans in time order.
    """

    pieces: pd.DataFrame
    minutes: np.ndarray
    spans: list


def delivered_minutes(segments, targets, *, start=None, end=None) -> Delivered:
    """Minutes of delivered presence per target, optionally only inside ``[start, end)``.

    Parameters
    ----------
    segments : GeoDataFrame
        Segments of :func:`layers.plans.tracks.read_tracks` or rows of :func:`layers.plans.reports.read_reports`
        (``geometry``, ``radius_m``, ``start``, ``end``, ``unit``); reprojected to the targets' CRS.
    targets : GeoSeries or GeoDataFrame
        Target areas (hotspots, special-place areas) in a metric CRS.
    start, end : Timestamp, optional
        Keep only the part of each piece inside this period (tz-aware).

    Returns
    -------
    Delivered

    Raises
    ------
    InputError
        Segments without the needed columns or targets in degrees.
    """
    if isinstance(targets, gpd.GeoDataFrame):
        targets = targets.geometry
    if targets.crs is not None and targets.crs.is_geographic:
        raise InputError("targets are in degrees; reproject them to a metric CRS (e.g. EPSG:3006)")
    missing = [c for c in _NEEDED if c not in segments.columns]
    if missing:
        raise InputError(f"delivered presence lacks column(s) {missing}; read it with layers.plans.tracks.read_tracks "
                         "or layers.plans.reports.read_reports")
    seg = segments.reset_index(drop=True)
    if targets.crs is not None and seg.crs is not None and not seg.crs.equals(targets.crs):
        seg = seg.to_crs(targets.crs)
    area = np.asarray(targets.reset_index(drop=True).values, dtype=object)
    geoms = np.asarray(seg.geometry.values, dtype=object)
    radius = seg["radius_m"].to_numpy(dtype=float)
    si, ti = shapely.STRtree(area).query(shapely.buffer(geoms, radius), predicate="intersects") \
        if len(seg) and len(area) else (np.array([], int), np.array([], int))
    share = _share(geoms[si], area[ti], radius[si])
    s = pd.DatetimeIndex(seg["start"]).take(si)
    e = pd.DatetimeIndex(seg["end"]).take(si)
    if start is not None:
        s = s.where(s >= start, pd.Timestamp(start))
    if end is not None:
        e = e.where(e <= end, pd.Timestamp(end))
    full = (pd.DatetimeIndex(seg["end"]).take(si) - pd.DatetimeIndex(seg["start"]).take(si)) / pd.Timedelta(minutes=1)
    clipped = np.clip(((e - s) / pd.Timedelta(minutes=1)).to_numpy(float), 0, None)
    keep = (share > 0) & ((clipped > 0) | (full.to_numpy(float) == 0))
    pieces = pd.DataFrame({"target": ti[keep], "segment": si[keep], "unit": seg["unit"].to_numpy()[si][keep],
                           "start": s[keep], "end": e[keep], "share": share[keep],
                           "minutes": (clipped * share)[keep]}).sort_values(["target", "start"], kind="stable")
    minutes = np.bincount(pieces["target"].to_numpy(int), weights=pieces["minutes"].to_numpy(float),
                          minlength=len(area))
    return Delivered(pieces.reset_index(drop=True), minutes, _merge(pieces, len(area)))


def _share(geoms, areas, radius) -> np.ndarray:
    """Share of each segment's length within ``radius`` of its area (1/0 for a point or standing segment)."""
    if not len(geoms):
        return np.zeros(0)
    zone = shapely.buffer(areas, radius, quad_segs=32)
    length = shapely.length(geoms)
    inside = shapely.length(shapely.intersection(geoms, zone))
    near = shapely.distance(geoms, areas) <= radius + 1e-9
    return np.where(length > 0, np.clip(inside / np.where(length > 0, length, 1.0), 0, 1), near.astype(float))


def _merge(pieces, n_targets) -> list:
    """Per target, touching or overlapping (start, end) pieces merged, in time order (pieces sorted by target,
    start): a piece opens a new span when it starts after every earlier piece of its target has ended."""
    out = [[] for _ in range(n_targets)]
    if not len(pieces):
        return out
    target = pieces["target"].to_numpy()
    s = pd.DatetimeIndex(pieces["start"]).as_unit("ns").asi8
    e = pd.DatetimeIndex(pieces["end"]).as_unit("ns").asi8
    new_target = np.r_[True, target[1:] != target[:-1]]
    reach = pd.Series(e).groupby(target).cummax().to_numpy()  # the latest end so far within each target
    opens = new_target | np.r_[True, s[1:] > reach[:-1]]
    first = np.flatnonzero(opens)
    ends = np.maximum.reduceat(e, first)
    tz = pieces["start"].dt.tz
    starts_ts = pd.to_datetime(s[first]).tz_localize("UTC").tz_convert(tz)
    ends_ts = pd.to_datetime(ends).tz_localize("UTC").tz_convert(tz)
    for g, t in enumerate(target[first]):
        out[t].append((starts_ts[g], ends_ts[g]))
    return out
