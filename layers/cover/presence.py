"""Planned presence of patrols in target areas, in minutes per hour of the week or per real hour.

A patrol *reaches* a target when its geometry buffered by ``radius_m`` intersects the target, computed
exactly as ``distance(patrol, target) <= radius_m`` (no polygonal buffer approximation): a stop 1 m
outside its radius does not reach. A patrol that reaches a target counts all its planned minutes there;
presence at a target is the sum over the patrols that reach it (two patrols in the same hour give 120
minutes; coverage decides how much of that counts).

Weekly mode (no ``start``/``end``): each patrol's weekly windows (wall-clock minutes, see
:mod:`layers.plans.schedule`) are summed per hour-of-week bin (:mod:`hotspots.temporal.weekhours`, Monday 00:00 = 0);
dated windows are ignored and counted in ``info``.

Period mode (``start`` and ``end``): the period is widened to whole local hours and cut into real
hours (slots). A slot receives the weekly minutes of the 60 wall-clock minutes that follow its local
start, so on the spring-forward night the missing wall hour gets no slot (``fre 22-02`` then covers the
wall-clock hours that exist) and on the autumn night both real 02:00 hours receive the 02 bin. Dated
windows add their real overlap with each slot. One patrol counts at most 60 minutes in a slot (its
weekly and dated windows may overlap).
"""

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.defaults import TZ
from hotspots.errors import InputError
from layers.plans.schedule import MINUTES_PER_WEEK

__all__ = ["Presence", "presence_minutes"]

_NEEDED = ("radius_m", "weekly_minutes", "dated")
_HOUR_NS = 3_600_000_000_000


@dataclass(frozen=True)
class Presence:
    """What :func:`presence_minutes` returns.

    Attributes
    ----------
    reach : ndarray of bool, shape (n_patrols, n_targets)
        The patrol's geometry buffered by its ``radius_m`` intersects the target.
    weekly : ndarray, shape (n_targets, 168)
        Planned minutes per hour-of-week bin from the weekly schedules, summed over reaching patrols.
    by_patrol : ndarray, shape (n_patrols, 168)
        Each patrol's weekly minutes per bin, whether or not it reaches a target.
    slots : ndarray or None, shape (n_targets, n_slots)
        Minutes per real hour of the period (weekly and dated windows) when ``start``/``end`` are given.
    slot_times : DatetimeIndex or None
        Local, tz-aware start of each slot.
    patrol_slots : ndarray or None, shape (n_patrols, n_slots)
        Each patrol's minutes per slot (at most 60), whether or not it reaches a target: who is there when.
    info : dict
        ``n_patrols``, ``n_targets``, ``n_dated_windows``, ``dated_ignored`` (weekly mode),
        ``crs``, ``reprojected``; in period mode also ``start``, ``end`` (widened to whole hours),
        ``n_slots``, ``tz`` and ``patrol_minutes_period`` (per patrol, list).
    """

    reach: np.ndarray
    weekly: np.ndarray
    by_patrol: np.ndarray
    slots: np.ndarray | None = None
    slot_times: pd.DatetimeIndex | None = None
    info: dict = field(default_factory=dict)
    patrol_slots: np.ndarray | None = None


def presence_minutes(patrols, targets, *, start=None, end=None, tz=TZ) -> Presence:
    """Minutes of planned presence per target, per hour-of-week bin and optionally per real hour.

    Parameters
    ----------
    patrols : GeoDataFrame
        The Patrol plan contract as returned by :func:`layers.plans.patrols.read_patrols` (``geometry``,
        ``radius_m``, ``weekly_minutes``, ``dated``). Reprojected to the targets' CRS if it differs.
    targets : GeoSeries or GeoDataFrame
        Polygons (hotspots, special-place areas) in a metric CRS.
    start, end : str, datetime or Timestamp, optional
        The planning period ``[start, end)``; naive values are local wall-clock times in ``tz``.
        Both or neither.
    tz : str
        The local time zone of the wall-clock schedules.

    Returns
    -------
    Presence

    Raises
    ------
    InputError
        Patrols without the contract's columns, targets in degrees, only one of ``start``/``end``,
        an unreadable time or an end not after the start.
    """
    targets_geo = _targets(targets)
    patrols = _patrols(patrols, targets_geo.crs)
    geoms = np.asarray(patrols.geometry.values, dtype=object)
    radius = patrols["radius_m"].to_numpy(dtype=float)
    reach = _reach(geoms, radius, np.asarray(targets_geo.values, dtype=object))
    mask = _minute_mask(patrols["weekly_minutes"])
    by_patrol = mask.reshape(len(patrols), 168, 60).sum(axis=2).astype(float)
    dated = [(i, s, e) for i, windows in enumerate(patrols["dated"]) for s, e in (windows or ())]
    info = {"n_patrols": len(patrols), "n_targets": len(targets_geo), "n_dated_windows": len(dated),
            "crs": None if targets_geo.crs is None else targets_geo.crs.to_string(),
            "reprojected": bool(patrols.attrs.get("_reprojected", False))}
    weekly = reach.T.astype(float) @ by_patrol
    if start is None and end is None:
        info["dated_ignored"] = len(dated)
        return Presence(reach, weekly, by_patrol, None, None, info)
    if start is None or end is None:
        raise InputError("give both start and end of the planning period (or neither for a weekly profile)")
    t0, t1 = _stamp(start, tz, "start"), _stamp(end, tz, "end")
    if t1 <= t0:
        raise InputError(f"the period end {t1} is not after its start {t0}")
    times = _slot_times(t0, t1, tz)
    per_patrol = np.minimum(_weekly_slots(mask, times) + _dated_slots(dated, len(patrols), times), 60.0)
    slots = reach.T.astype(float) @ per_patrol
    info.update(start=str(times[0]), end=str(times[-1] + pd.Timedelta(hours=1)), n_slots=len(times), tz=str(tz),
                dated_ignored=0, patrol_minutes_period=per_patrol.sum(axis=1).tolist())
    return Presence(reach, weekly, by_patrol, slots, times, info, per_patrol)


def _targets(targets) -> gpd.GeoSeries:
    if isinstance(targets, gpd.GeoDataFrame):
        targets = targets.geometry
    if not isinstance(targets, gpd.GeoSeries):
        raise InputError(f"targets must be a GeoSeries or GeoDataFrame of polygons, got {type(targets).__name__}")
    if targets.crs is not None and targets.crs.is_geographic:
        raise InputError(f"targets are in degrees ({targets.crs.to_string()}); reproject them to a metric CRS "
                         "(e.g. EPSG:3006) so radius_m is in metres")
    if targets.isna().any() or targets.is_empty.any():
        raise InputError("targets contain empty or missing geometries; drop them first")
    return targets.reset_index(drop=True)


def _patrols(patrols, crs) -> gpd.GeoDataFrame:
    if not isinstance(patrols, gpd.GeoDataFrame):
        raise InputError(f"patrols must be a GeoDataFrame from layers.plans.patrols.read_patrols, got "
                         f"{type(patrols).__name__}")
    missing = [c for c in _NEEDED if c not in patrols.columns]
    if missing:
        raise InputError(f"patrols lack column(s) {missing}; columns are: {', '.join(map(str, patrols.columns))}; "
                         "read them with layers.plans.patrols.read_patrols")
    out = patrols.reset_index(drop=True)
    moved = crs is not None and out.crs is not None and not out.crs.equals(crs)
    if moved:
        out = out.to_crs(crs)
    out.attrs["_reprojected"] = moved
    return out


def _reach(geoms, radius, targets) -> np.ndarray:
    """Exact ``distance <= radius`` for every patrol × target pair, through an STRtree."""
    reach = np.zeros((len(geoms), len(targets)), dtype=bool)
    if len(geoms) and len(targets):
        pi, ti = shapely.STRtree(targets).query(geoms, predicate="dwithin", distance=radius)
        reach[pi, ti] = True
    return reach


def _minute_mask(weekly) -> np.ndarray:
    """(n_patrols, 10080) bool: the minutes of the week covered by each patrol's weekly windows."""
    pairs = [(i, int(s), int(e)) for i, windows in enumerate(weekly) for s, e in (windows or ())]
    diff = np.zeros((len(weekly), MINUTES_PER_WEEK + 1), dtype=np.int16)
    if pairs:
        idx, s, e = np.asarray(pairs).T
        np.add.at(diff, (idx, s), 1)
        np.add.at(diff, (idx, e), -1)
    return np.cumsum(diff[:, :-1], axis=1, dtype=np.int16) > 0


def _stamp(value, tz, what) -> pd.Timestamp:
    try:
        t = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise InputError(f"period {what} {value!r} is not a date-time; write e.g. 2026-04-30 or 2026-04-30 18:00") \
            from None
    if t is pd.NaT:
        raise InputError(f"period {what} is missing")
    return t.tz_convert(tz) if t.tzinfo else t.tz_localize(tz, ambiguous=True, nonexistent="shift_forward")


def _slot_times(t0, t1, tz) -> pd.DatetimeIndex:
    """Real hours from ``t0`` floored to its local hour up to ``t1`` (the last one may end after ``t1``)."""
    first = t0 - pd.Timedelta(minutes=t0.minute, seconds=t0.second, microseconds=t0.microsecond,
                              nanoseconds=t0.nanosecond)
    n = int(-(-(t1.value - first.value) // _HOUR_NS))
    return pd.DatetimeIndex(first.value + _HOUR_NS * np.arange(n, dtype=np.int64)).tz_localize("UTC").tz_convert(tz)


def _weekly_slots(mask, times) -> np.ndarray:
    """Weekly minutes of the 60 wall-clock minutes after each slot's local start, per patrol."""
    local = times.tz_localize(None)
    m0 = (local.day_of_week * 1440 + local.hour * 60 + local.minute).to_numpy(dtype=np.int64)
    if not (m0 % 60).any():  # slots on whole local hours (every whole-hour zone): the bins themselves
        return mask.reshape(len(mask), 168, 60).sum(axis=2)[:, m0 // 60].astype(float)
    cum = np.concatenate([np.zeros((len(mask), 1), np.int32), np.cumsum(np.tile(mask, 2), axis=1, dtype=np.int32)],
                         axis=1)
    return (cum[:, m0 + 60] - cum[:, m0]).astype(float)


def _dated_slots(dated, n_patrols, times) -> np.ndarray:
    """Real minutes of each dated window inside each slot, summed per patrol."""
    out = np.zeros((n_patrols, len(times)))
    if not dated:
        return out
    idx = np.array([d[0] for d in dated])
    s = np.array([pd.Timestamp(d[1]).value for d in dated], dtype=np.int64)[:, None]
    e = np.array([pd.Timestamp(d[2]).value for d in dated], dtype=np.int64)[:, None]
    t = times.asi8[None, :]
    overlap = np.clip(np.minimum(e, t + _HOUR_NS) - np.maximum(s, t), 0, None) / 60e9
    np.add.at(out, idx, overlap)
    return out
