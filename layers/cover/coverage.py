"""How much of the hotspots' risk planned presence covers, per hour of the week or per real hour.

Rules
-----
* **Risk** of hotspot ``h`` in hour-of-week bin ``b``: the aoristic weighted profile
  (:func:`hotspots.temporal.aoristic.aoristic_profile`, via :func:`hotspots.temporal.profile.temporal_profile`) of the
  points inside the hotspot, as a share of the risk of all hotspots together (``risk.sum() == 1``).
  A point belongs to the hotspot polygon that covers it (boundary included); where polygons overlap,
  to the lowest ``hotspot_id``. Or pass ``point_hotspot`` (``hotspot_id`` per point, 0 = none).
* **Presence**: minutes planned by the patrols that reach the hotspot (:func:`layers.cover.presence.presence_minutes`).
* **Covered**: a bin is covered in proportion to the share of its hour with planned presence,
  ``covered = min(presence_minutes, 60) / 60``: 15 minutes cover a quarter of the hour's risk, and
  a second patrol in an hour already fully staffed adds nothing.
* ``risk_covered`` of a hotspot: the share of *its* risk covered; overall: the share of all hotspot risk.
* ``efficiency``: the share of the patrols' weekly minutes spent by patrols that reach some hotspot
  (a patrol whose buffered geometry touches a hotspot counts all its minutes).
* ``status`` of a hotspot: :func:`layers.cover.verdict.coverage_status` of its ``risk_covered`` (täckt at
  ``covered_at`` or more, tunn at ``thin_at`` or more, else LUCKA; ``no data`` without timed points); in
  period mode also ``status_period`` from ``risk_covered_period`` (``quiet`` when the hotspot has no risk in
  the period's hours). Minutes at hours without risk count for nothing.
* **Gaps**: maximal runs of consecutive bins inside a hotspot's peak windows
  (:data:`hotspots.temporal.profile.PEAK_RULE`) that are not fully covered (``covered < 1``), ranked by the
  uncovered risk ``Σ risk × (1 − covered)`` they hold (ties: lower ``hotspot_id``, earlier start).
  A hotspot with no clear peak has no gaps.

With ``period=(from, to)`` the same is done per real hour of the period: a slot's risk is its hotspot's
risk in the slot's local hour-of-week bin, presence includes dated windows, and the gaps are runs of
concrete slots (e.g. ``fre 2026-05-01 22–02``); period figures are added with the suffix ``_period``
and the gaps table is the period's.
"""

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.defaults import COVERED_AT, THIN_AT, TZ
from hotspots.errors import InputError
from hotspots.temporal.profile import temporal_profile
from hotspots.temporal.weekhours import HOURS_PER_WEEK, format_window
from hotspots.words import WEEKDAYS
from layers.cover.presence import presence_minutes
from layers.cover.verdict import check_thresholds, coverage_status

__all__ = ["Coverage", "compute_coverage"]

N_LARGEST = 3  # gaps named per hotspot in ``largest_gaps``


@dataclass(frozen=True)
class Coverage:
    """What :func:`compute_coverage` returns; row ``i`` of each array is ``hotspot_ids[i]``.

    Attributes
    ----------
    hotspot_ids : ndarray of int, shape (k,)
        In ascending order.
    presence, risk, covered : ndarray, shape (k, 168)
        Planned minutes, share of all hotspot risk, and ``min(presence, 60) / 60`` per hour-of-week bin.
    peak_bins : list of list of (int, int)
        Each hotspot's peak windows as bins (see :class:`hotspots.temporal.profile.Profiles`).
    table : DataFrame
        Per hotspot: ``hotspot_id``, ``peak_windows``, ``presence_minutes_week``,
        ``presence_in_peak_minutes``, ``risk_share``, ``risk_covered``, ``status``, ``largest_gaps`` (and
        ``presence_minutes_period``, ``presence_in_peak_minutes_period``, ``risk_covered_period``,
        ``status_period``).
    gaps : DataFrame
        ``rank``, ``hotspot_id``, ``window``, ``start``, ``end`` (bins, or timestamps in period mode),
        ``hours``, ``uncovered_risk`` (share of all hotspot risk; of the period's in period mode),
        ``presence_minutes``.
    overall : dict
        ``risk_covered``, ``efficiency``, ``patrol_minutes_week`` (and ``..._period``, ``period``).
    slot_times : DatetimeIndex or None
    slot_presence, slot_risk : ndarray or None, shape (k, n_slots)
        Period mode: minutes and risk per real hour (``slot_risk`` is the bin's weekly risk).
    info : dict
        The rules in words, ``n_points_in_hotspots``, presence info.
    """

    hotspot_ids: np.ndarray
    presence: np.ndarray
    risk: np.ndarray
    covered: np.ndarray
    peak_bins: list
    table: pd.DataFrame
    gaps: pd.DataFrame
    overall: dict
    slot_times: pd.DatetimeIndex | None = None
    slot_presence: np.ndarray | None = None
    slot_risk: np.ndarray | None = None
    info: dict = field(default_factory=dict)


def compute_coverage(hotspots, points, patrols, *, period=None, point_hotspot=None, tz=TZ,
                     lang="sv", covered_at=COVERED_AT, thin_at=THIN_AT) -> Coverage:
    """Compare planned presence with when and where the hotspots' risk lies.

    Parameters
    ----------
    hotspots : GeoDataFrame
        The Hotspots contract (``hotspot_id``, Polygon ``geometry``) in a metric CRS.
    points : GeoDataFrame
        The Points contract (``start``, optional ``end``, ``weight``) the risk is measured from.
    patrols : GeoDataFrame
        The Patrol plan contract (:func:`layers.plans.patrols.read_patrols`).
    period : tuple of (from, to), optional
        Planning period ``[from, to)``; naive times are local. Adds per-slot figures and period gaps.
    point_hotspot : array of int, optional
        ``hotspot_id`` of each point (0 = none), e.g. ``HotspotFinder.point_hotspot_``; default: by location.
    tz : str
        Local time zone.
    lang : {"sv", "en"}
        Language of the window texts.
    covered_at, thin_at : float
        Verdict thresholds on ``risk_covered`` (:mod:`layers.cover.verdict`; a project's ``[coverage]``).

    Returns
    -------
    Coverage

    Raises
    ------
    InputError
        Hotspots without ``hotspot_id``/polygons, points without times in any hotspot, a bad period,
        patrols outside the contract.
    """
    covered_at, thin_at = check_thresholds(covered_at, thin_at)
    hot = _hotspots(hotspots)
    ids = hot["hotspot_id"].to_numpy(dtype=np.int64)
    if not isinstance(points, gpd.GeoDataFrame) or points.crs is None:
        raise InputError("points must be a GeoDataFrame with a CRS (from hotspots.io.read.read_points)")
    rows = _point_rows(points.to_crs(hot.crs) if hot.crs else points, hot, ids, point_hotspot)
    profiles = temporal_profile(points, rows, n_hotspots=len(ids), lang=lang, tz=tz)
    raw = profiles.week.reshape(len(ids), HOURS_PER_WEEK)
    if not raw.sum() > 0:
        raise InputError("no point with a time lies in any hotspot, so there is no risk to cover; check that the "
                         "points and hotspots belong together (same area, same CRS)")
    risk = raw / raw.sum()
    start, end = (None, None) if period is None else _period(period)
    pres = presence_minutes(patrols, hot.geometry, start=start, end=end, tz=tz)
    covered = np.minimum(pres.weekly, 60.0) / 60.0
    peak = np.zeros((len(ids), HOURS_PER_WEEK), dtype=bool)
    for i, windows in enumerate(profiles.peak_bins):
        for a, b in windows:
            peak[i, np.arange(a, b) % HOURS_PER_WEEK] = True
    minutes = pres.by_patrol.sum(axis=1)
    reaching = pres.reach.any(axis=1)
    overall = {"risk_covered": float((risk * covered).sum()),
               "efficiency": float(minutes[reaching].sum() / minutes.sum()) if minutes.sum() else float("nan"),
               "patrol_minutes_week": float(minutes.sum()), "n_hotspots": len(ids), "n_patrols": len(reaching),
               "n_patrols_reaching": int(reaching.sum())}
    table = pd.DataFrame({"hotspot_id": ids, "peak_windows": profiles.peak_windows,
                          "presence_minutes_week": pres.weekly.sum(axis=1),
                          "presence_in_peak_minutes": (pres.weekly * peak).sum(axis=1),
                          "risk_share": risk.sum(axis=1), "risk_covered": _share(risk * covered, risk)})
    timed = risk.sum(axis=1) > 0  # without timed points there is nothing to judge: "no data", not a verdict
    table["status"] = coverage_status(table["risk_covered"], trouble=timed, known=timed, covered_at=covered_at,
                                      thin_at=thin_at)
    slot_risk = slot_pres = None
    if period is None:
        gaps = _gaps(peak & (covered < 1), risk * (1 - covered), pres.weekly, ids, True,
                     lambda a, b: format_window(a, b, lang), lambda a, b: (a, b))
    else:
        local = pres.slot_times.tz_localize(None)
        bins = (local.day_of_week * 24 + local.hour).to_numpy()
        slot_risk, slot_pres = risk[:, bins], pres.slots
        slot_cov = np.minimum(slot_pres, 60.0) / 60.0
        total = slot_risk.sum()
        period_minutes = np.asarray(pres.info["patrol_minutes_period"], dtype=float)
        overall.update(risk_covered_period=float((slot_risk * slot_cov).sum() / total) if total else float("nan"),
                       efficiency_period=(float(period_minutes[reaching].sum() / period_minutes.sum())
                                          if period_minutes.sum() else float("nan")),
                       patrol_minutes_period=float(period_minutes.sum()),
                       period=[pres.info["start"], pres.info["end"]], n_slots=len(bins))
        table["presence_minutes_period"] = slot_pres.sum(axis=1)
        table["presence_in_peak_minutes_period"] = (slot_pres * peak[:, bins]).sum(axis=1)
        table["risk_covered_period"] = _share(slot_risk * slot_cov, slot_risk)
        table["status_period"] = coverage_status(table["risk_covered_period"], trouble=slot_risk.sum(axis=1) > 0,
                                                 known=timed, covered_at=covered_at, thin_at=thin_at)
        times = pres.slot_times
        gaps = _gaps(peak[:, bins] & (slot_cov < 1), slot_risk * (1 - slot_cov) / (total or 1.0), slot_pres, ids,
                     False, lambda a, b: _slot_words(times, a, b, lang),
                     lambda a, b: (times[a], times[b - 1] + pd.Timedelta(hours=1)))
    largest = gaps.groupby("hotspot_id")["window"].agg(lambda w: ", ".join(w[:N_LARGEST]))
    named = table["hotspot_id"].map(largest).astype(object)
    table["largest_gaps"] = named.where(named.notna(), "")
    info = {"covered_rule": "covered = min(presence_minutes, 60) / 60 per hour",
            "risk_rule": "aoristic hour-of-week profile of the points in each hotspot, share of all hotspot risk",
            "gap_rule": "runs of consecutive hours inside the peak windows with covered < 1, ranked by uncovered risk",
            "status_rule": f"covered when risk_covered >= {covered_at:g}, thin when >= {thin_at:g}, else gap; "
                           "no data without timed points",
            "covered_at": covered_at, "thin_at": thin_at,
            "peak_rule": profiles.info.get("peak_rule"), "n_points_in_hotspots": int((rows > 0).sum()),
            "presence": {k: v for k, v in pres.info.items() if k != "patrol_minutes_period"}}
    return Coverage(ids, pres.weekly, risk, covered, profiles.peak_bins, table, gaps, overall,
                    pres.slot_times, slot_pres, slot_risk, info)


def _hotspots(hotspots) -> gpd.GeoDataFrame:
    if not isinstance(hotspots, gpd.GeoDataFrame) or "hotspot_id" not in hotspots.columns:
        raise InputError("hotspots must be a GeoDataFrame with a 'hotspot_id' column (the Hotspots table from "
                         "find_hotspots or a hotspots file)")
    if len(hotspots) == 0:
        raise InputError("there are no hotspots to cover")
    ids = pd.to_numeric(hotspots["hotspot_id"], errors="coerce")
    if ids.isna().any() or (ids != ids.round()).any() or ids.duplicated().any() or (ids < 1).any():
        raise InputError("hotspot_id must be unique whole numbers from 1 up")
    kinds = set(hotspots.geom_type.dropna())
    if not kinds or not kinds <= {"Polygon", "MultiPolygon"}:
        raise InputError(f"hotspots must be polygons, got {sorted(kinds) or 'empty geometries'}")
    out = hotspots.assign(hotspot_id=ids.astype(np.int64)).sort_values("hotspot_id").reset_index(drop=True)
    return out


def _point_rows(points, hot, ids, point_hotspot) -> np.ndarray:
    """1-based row (in ``hot``) of each point's hotspot, 0 = none."""
    if point_hotspot is not None:
        given = np.asarray(point_hotspot).reshape(-1)
        if len(given) != len(points):
            raise InputError(f"point_hotspot has {len(given)} values for {len(points)} points; give one per point")
        pos = np.searchsorted(ids, given)
        known = (given == 0) | ((pos < len(ids)) & (ids[np.minimum(pos, len(ids) - 1)] == given))
        if not known.all():
            raise InputError(f"point_hotspot names hotspot {given[~known][0]!r}, which is not in the hotspots")
        return np.where(given == 0, 0, pos + 1)
    pi, hi = shapely.STRtree(np.asarray(hot.geometry.values)).query(
        np.asarray(points.geometry.values), predicate="intersects")
    rows = np.full(len(points), len(ids) + 1, dtype=np.int64)
    np.minimum.at(rows, pi, hi + 1)  # the lowest hotspot_id where polygons overlap
    return np.where(rows > len(ids), 0, rows)


def _period(period):
    if not isinstance(period, (tuple, list)) or len(period) != 2:
        raise InputError(f"period must be (from, to), got {period!r}")
    return period[0], period[1]


def _share(part, whole) -> np.ndarray:
    top, bottom = part.sum(axis=1), whole.sum(axis=1)
    return np.divide(top, bottom, out=np.full(len(top), np.nan), where=bottom > 0)


def _runs(mask, circular):
    """``(row, start, length)`` of every maximal run of True along axis 1 (wrapping when circular)."""
    k, n = mask.shape
    if circular:
        full = mask.all(axis=1)
        prev = np.roll(mask, 1, axis=1)
        row, start = np.nonzero(mask & ~prev & ~full[:, None])
        doubled = np.concatenate([mask, mask, np.zeros((k, 1), bool)], axis=1)
        row = np.concatenate([row, np.flatnonzero(full)])
        start = np.concatenate([start, np.zeros(int(full.sum()), np.int64)])
    else:
        row, start = np.nonzero(mask & ~np.concatenate([np.zeros((k, 1), bool), mask[:, :-1]], axis=1))
        doubled = np.concatenate([mask, np.zeros((k, 1), bool)], axis=1)
    stops = np.flatnonzero(~doubled.reshape(-1))  # flat positions of False; each run ends at the next one
    flat = row * doubled.shape[1] + start
    length = stops[np.searchsorted(stops, flat)] - flat
    return row, start, np.minimum(length, n)


def _gaps(mask, uncovered, presence, ids, circular, words, bounds) -> pd.DataFrame:
    row, start, length = _runs(mask, circular)
    wide = np.concatenate([uncovered, uncovered], axis=1) if circular else uncovered
    pres = np.concatenate([presence, presence], axis=1) if circular else presence
    zero = np.zeros((len(wide), 1))
    cu, cp = np.cumsum(np.hstack([zero, wide]), axis=1), np.cumsum(np.hstack([zero, pres]), axis=1)
    table = pd.DataFrame({"hotspot_id": ids[row], "start_bin": start, "length": length,
                          "uncovered_risk": cu[row, start + length] - cu[row, start],
                          "presence_minutes": cp[row, start + length] - cp[row, start]})
    table = table.sort_values(["uncovered_risk", "hotspot_id", "start_bin"], ascending=[False, True, True],
                              kind="stable").reset_index(drop=True)
    ends = table["start_bin"] + table["length"]
    edges = [bounds(a, b) for a, b in zip(table["start_bin"], ends)]
    return pd.DataFrame({"rank": np.arange(1, len(table) + 1), "hotspot_id": table["hotspot_id"],
                         "window": [words(a, b) for a, b in zip(table["start_bin"], ends)],
                         "start": [e[0] for e in edges], "end": [e[1] for e in edges], "hours": table["length"],
                         "uncovered_risk": table["uncovered_risk"], "presence_minutes": table["presence_minutes"]})


def _slot_words(times, a, b, lang) -> str:
    """``"fre 2026-05-01 22–02"`` for the slots ``[a, b)``; a run over a day names its last slot's end."""
    first, last = times[a], times[b - 1] + pd.Timedelta(hours=1)
    day = WEEKDAYS.get(lang, WEEKDAYS["sv"])[first.day_of_week]
    if last - first <= pd.Timedelta(hours=24):
        return f"{day} {first:%Y-%m-%d} {first:%H}–{last:%H}"
    return f"{day} {first:%Y-%m-%d %H}–{last:%Y-%m-%d %H}"
