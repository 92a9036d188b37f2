"""Suggest short visible-presence visits where they cover the most uncovered hotspot risk.

Rule (greedy)
-------------
A visit of ``D`` minutes in hour ``b`` at hotspot ``h`` is a stop at a point inside the hotspot
(``representative_point()``) with the mode's visibility radius. It adds ``D`` minutes of presence to
every hotspot ``h'`` it reaches (always ``h``; a neighbour closer than the radius too) and so gains
``Σ_h' risk[h', b] × (min(60, p[h', b] + D) − min(60, p[h', b])) / 60`` where ``p`` is the current
presence: exactly the change in :func:`layers.coverage.compute_coverage`'s ``risk_covered``
(``covered = min(presence, 60) / 60``). The visit with the largest gain is chosen, ``p`` updated and
the step repeated ``visits`` times; ties go to the lowest ``hotspot_id``, then the earliest hour, so
the result is deterministic. Visits with no gain are not suggested.

Each hour's gain is concave in the minutes added, so when no visit reaches another hotspot (hotspots
further apart than the radius, the usual case) the greedy choice is optimal; otherwise the objective
is still monotone submodular and greedy is within ``1 − 1/e`` of the optimum (Nemhauser, Wolsey &
Fisher 1978). The model counts minutes per hour, not their position within the hour.

``D`` defaults to 15 minutes: Koper (1995, *Justice Quarterly* 12(4), 649–672) found that police
presence at a hot spot deters longest after stops of about 10–16 minutes (the "Koper curve");
longer stops add little.

On a weekly coverage a visit is a weekly schedule (``fre 22:00-22:15``) and the gain is a share of the
weekly hotspot risk; on a period coverage (``compute_coverage(..., period=...)``) it is a dated window
(``2026-05-01 kl 22:00-22:15``; the ``kl`` keeps GDAL's GeoJSON reader from taking the text for a
date-time with a UTC offset) and the gain a share of the period's risk. Repeated visits to one hour
follow each other (``22:00-22:15``, ``22:15-22:30``, ...) and never leave the hour.
"""

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.errors import InputError
from hotspots.temporal.weekhours import HOURS_PER_WEEK, format_window
from hotspots.words import WEEKDAYS
from layers.patrols import MODE_RADIUS_M

__all__ = ["Suggestions", "suggest_visits"]

KOPER_MINUTES = 15


@dataclass(frozen=True)
class Suggestions:
    """What :func:`suggest_visits` returns.

    Attributes
    ----------
    plan : GeoDataFrame
        Patrol plan contract (``patrol_id`` F01, F02 ..., ``unit`` "Förslag", ``mode``, ``schedule``,
        ``radius_m``, ``hotspot_id``, ``window``, ``gain``, Point ``geometry``) in the hotspots' CRS;
        written to GeoJSON it reads back with :func:`layers.patrols.read_patrols`.
    expected_gain : float
        Increase of the overall ``risk_covered`` (share of all hotspot risk) if every visit is made.
    table : DataFrame
        ``order``, ``hotspot_id``, ``window``, ``gain`` of each chosen visit, in the order chosen.
    info : dict
        ``rule``, ``minutes``, ``mode``, ``radius_m``, ``visits_requested``, ``visits_suggested``,
        ``risk_covered_before``, ``risk_covered_after``, ``period``.
    """

    plan: gpd.GeoDataFrame
    expected_gain: float
    table: pd.DataFrame
    info: dict = field(default_factory=dict)


def suggest_visits(coverage, hotspots, *, visits, minutes=KOPER_MINUTES, mode="foot", radius_m=None,
                   lang="sv") -> Suggestions:
    """Choose ``visits`` short visits that add the most covered risk, greedily.

    Parameters
    ----------
    coverage : Coverage
        From :func:`layers.coverage.compute_coverage` (weekly, or with a period for dated visits).
    hotspots : GeoDataFrame
        The hotspots the coverage was computed for (``hotspot_id``, polygons).
    visits : int
        How many visits to suggest (≥ 1).
    minutes : int
        Length of each visit, 1–60 (default 15, the Koper curve).
    mode : str
        Patrol mode of the visits (a key of :data:`layers.patrols.MODE_RADIUS_M`).
    radius_m : float, optional
        Visibility radius; the mode's default when ``None``.
    lang : {"sv", "en"}
        Language of the window texts (schedules are always written in Swedish day names).

    Returns
    -------
    Suggestions

    Raises
    ------
    InputError
        Visits or minutes out of range, an unknown mode, a bad radius, hotspots that do not match the coverage.
    """
    if isinstance(visits, bool) or not isinstance(visits, (int, np.integer)) or visits < 1:
        raise InputError(f"visits must be a whole number ≥ 1, got {visits!r}")
    if isinstance(minutes, bool) or not isinstance(minutes, (int, np.integer)) or not 1 <= minutes <= 60:
        raise InputError(f"minutes must be a whole number of minutes from 1 to 60 (a visit stays in its hour), "
                         f"got {minutes!r}")
    if mode not in MODE_RADIUS_M:
        raise InputError(f"unknown mode {mode!r}; choose one of {', '.join(MODE_RADIUS_M)}")
    radius = float(MODE_RADIUS_M[mode] if radius_m is None else radius_m)
    if not 0 < radius <= 5000:
        raise InputError(f"radius_m must be metres above 0 and at most 5000, got {radius_m!r}")
    hot = _matching(hotspots, coverage.hotspot_ids)
    period = coverage.slot_times is not None
    if period:
        total = coverage.slot_risk.sum()
        risk, p = coverage.slot_risk / (total or 1.0), coverage.slot_presence.astype(float).copy()
        times = coverage.slot_times
        local = times.tz_localize(None)
        usable = local.tz_localize(times.tz, ambiguous=True, nonexistent="shift_forward") == times
        risk = risk * usable[None, :]  # a repeated autumn hour cannot be written as a dated wall time
    else:
        risk, p = coverage.risk, coverage.presence.astype(float).copy()
    spot = shapely.point_on_surface(np.asarray(hot.geometry.values))
    reach = shapely.dwithin(spot[:, None], np.asarray(hot.geometry.values)[None, :], radius)  # visit h reaches h'
    before = float((risk * np.minimum(p, 60.0)).sum() / 60.0)
    used = np.zeros(risk.shape)  # suggested minutes per (hotspot, hour), to stagger repeated visits
    chosen = []
    for _ in range(int(visits)):
        step = risk * (np.minimum(60.0, p + minutes) - np.minimum(60.0, p)) / 60.0
        gain = reach.astype(float) @ step  # gain[h, b]: visit at h in hour b, summed over the hotspots it reaches
        best = int(np.argmax(gain))  # first maximum: lowest hotspot_id, then earliest hour
        h, b = divmod(best, gain.shape[1])
        if not gain[h, b] > 0:
            break
        p[reach[h], b] += minutes
        offset = int(min(used[h, b], 60 - minutes))
        used[h, b] += minutes
        chosen.append((h, b, offset, float(gain[h, b])))
    after = float((risk * np.minimum(p, 60.0)).sum() / 60.0)
    rows = [_visit(i, h, b, off, g, hot, spot, mode, radius, minutes, coverage, lang)
            for i, (h, b, off, g) in enumerate(chosen, start=1)]
    columns = ["patrol_id", "unit", "mode", "schedule", "radius_m", "hotspot_id", "window", "gain"]
    plan = gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns + ["geometry"]), geometry="geometry", crs=hot.crs)
    table = pd.DataFrame({"order": np.arange(1, len(rows) + 1), "hotspot_id": plan["hotspot_id"],
                          "window": plan["window"], "gain": plan["gain"]})
    info = {"rule": "greedy on risk × (min(60, p + D) − min(60, p)) / 60; ties: lowest hotspot_id, then hour",
            "minutes": int(minutes), "minutes_source": "Koper 1995: stops of about 10–16 minutes deter longest",
            "mode": mode, "radius_m": radius, "visits_requested": int(visits), "visits_suggested": len(rows),
            "risk_covered_before": before, "risk_covered_after": after, "period": period}
    return Suggestions(plan, after - before, table, info)


def _matching(hotspots, ids) -> gpd.GeoDataFrame:
    if not isinstance(hotspots, gpd.GeoDataFrame) or "hotspot_id" not in hotspots.columns:
        raise InputError("hotspots must be the GeoDataFrame (with hotspot_id) the coverage was computed for")
    hot = hotspots.assign(hotspot_id=pd.to_numeric(hotspots["hotspot_id"], errors="coerce"))
    hot = hot.sort_values("hotspot_id").reset_index(drop=True)
    if len(hot) != len(ids) or not np.array_equal(hot["hotspot_id"].to_numpy(), ids):
        raise InputError("the hotspots do not match the coverage (different hotspot_id); pass the same hotspots "
                         "to compute_coverage and suggest_visits")
    return hot


def _visit(i, h, b, offset, gain, hot, spot, mode, radius, minutes, coverage, lang) -> list:
    if coverage.slot_times is None:
        day, hour = divmod(b, 24)
        when = f"{WEEKDAYS['sv'][day]} {_clock(hour, offset)}-{_clock(hour, offset + minutes)}"
        window = format_window(b, (b + 1) % HOURS_PER_WEEK, lang)
    else:
        t = coverage.slot_times[b]
        when = f"{t:%Y-%m-%d} kl {_clock(t.hour, offset)}-{_clock(t.hour, offset + minutes)}"
        window = f"{WEEKDAYS.get(lang, WEEKDAYS['sv'])[t.day_of_week]} {t:%Y-%m-%d %H}–{(t.hour + 1) % 24:02d}"
    return [f"F{i:02d}", "Förslag", mode, when, radius, int(hot["hotspot_id"].iloc[h]), window, gain, spot[h]]


def _clock(hour, minute) -> str:
    """``22:15``; the end of hour 23 is ``24:00`` (the parser reads it as midnight)."""
    return f"{hour + minute // 60:02d}:{minute % 60:02d}"
