"""Suggest short visible-presence visits where they cover the most uncovered risk, spread over places and hours.

Objective
---------
A visit of ``D`` minutes (10–16, default 15) in hour ``b`` at target ``h`` is a stop at a point inside the
target (``point_on_surface``) with the mode's visibility radius. It adds ``D`` minutes of presence to every
target ``h'`` it reaches and so gains ``Σ_h' risk[h', b] × (min(60, p[h', b] + D) − min(60, p[h', b])) / 60``
where ``p`` is the current presence: exactly the change in the covered share of risk that
:func:`layers.cover.coverage.compute_coverage` (``covered = min(presence, 60) / 60``) and the weekend analysis
measure. That is the ``gain`` each suggestion reports.

The choice maximises the uncovered risk gained **with diminishing returns**: the ``n``-th suggested visit to
the same target in the same hour is worth ``gain × REPEAT_VISIT_VALUE ** n``
(:data:`hotspots.defaults.REPEAT_VISIT_VALUE`, 0.2), and every visit already suggested at the target (any
hour) multiplies it by :data:`hotspots.defaults.REPEAT_PLACE_VALUE` (0.5): visits that rotate among hot spots
spread deterrence (Sherman & Weisburd 1995). Koper (1995, *Justice Quarterly* 12(4), 649–672) found
that stops of about 10–16 minutes deter longest and that the deterrence outlasts the stop (residual
deterrence), so a second stop in the hour adds little; the visits spread over places and hours instead.
The objective is monotone and submodular, and it is chosen greedily (within ``1 − 1/e`` of the optimum,
Nemhauser, Wolsey & Fisher 1978).

**Biggest gap first**: the first visit goes to the largest gap (rank 1 of the coverage's gaps; for a
weekend, the gap target with the most uncovered risk), in its hour with the most to gain; the rest
follow the objective. Visits stay inside the hours of risk (no gain, no visit). Ties go to the first
target, then the earliest hour, so the result is deterministic.

Each suggestion says why (``why``: which gap, which hours, how much risk it adds). On a weekly coverage a
visit is a weekly schedule (``fre 22:00-22:15``) and the gain a share of the weekly hotspot risk; on a period
coverage or a weekend (:class:`layers.cover.weekend.Weekend`) it is a dated window (``2026-05-01 kl 22:00-22:15``;
the ``kl`` keeps GDAL's GeoJSON reader from taking the text for a date-time) and the gain a share of that
period's risk. A repeated visit in one hour follows the first (``22:00-22:15``, ``22:15-22:30``).
"""

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.defaults import REPEAT_PLACE_VALUE, REPEAT_VISIT_VALUE, VISIT_MINUTES
from hotspots.errors import InputError
from hotspots.temporal.weekhours import HOURS_PER_WEEK, format_window
from hotspots.words import WEEKDAYS
from layers.names import hotspot_label
from layers.plans.patrols import MODE_RADIUS_M

__all__ = ["Suggestions", "suggest_visits"]

KOPER_MINUTES = VISIT_MINUTES


@dataclass(frozen=True)
class Suggestions:
    """What :func:`suggest_visits` returns.

    Attributes
    ----------
    plan : GeoDataFrame
        Patrol plan contract (``patrol_id`` F01, F02 ..., ``unit`` "Förslag", ``mode``, ``schedule``,
        ``radius_m``, ``hotspot_id`` (``target`` such as ``place:SP02`` for a Weekend), ``window``, ``gain``,
        ``why``, Point ``geometry``) in the targets' CRS;
        written to GeoJSON it reads back with :func:`layers.plans.patrols.read_patrols`.
    expected_gain : float
        Increase of the overall ``risk_covered`` (share of all hotspot risk) if every visit is made.
    table : DataFrame
        ``order``, ``hotspot_id`` (or ``target``), ``name`` (of the hotspot or place), ``window``, ``gain``, ``why``
        of each visit, in the order chosen.
    info : dict
        ``rule``, ``minutes``, ``mode``, ``radius_m``, ``visits_requested``, ``visits_suggested``,
        ``risk_covered_before``, ``risk_covered_after``, ``period``, ``repeat_visit_value``, ``biggest_gap``.
    """

    plan: gpd.GeoDataFrame
    expected_gain: float
    table: pd.DataFrame
    info: dict = field(default_factory=dict)


def suggest_visits(coverage, hotspots=None, *, visits, minutes=KOPER_MINUTES, mode="foot", radius_m=None,
                   lang="sv", names=None) -> Suggestions:
    """Choose ``visits`` short visits that add the most uncovered risk, spread over places and hours.

    Parameters
    ----------
    coverage : Coverage or Weekend
        From :func:`layers.cover.coverage.compute_coverage` (weekly, or with a period for dated visits), or from
        :func:`layers.cover.weekend.weekend_analysis` (dated visits at its places and hotspots in this year's window).
    hotspots : GeoDataFrame, optional
        The hotspots the coverage was computed for (``hotspot_id``, polygons); not needed for a Weekend.
    visits : int
        How many visits to suggest (≥ 1).
    minutes : int
        Length of each visit, 10–16 (default 15, the Koper curve).
    mode : str
        Patrol mode of the visits (a key of :data:`layers.plans.patrols.MODE_RADIUS_M`).
    radius_m : float, optional
        Visibility radius; the mode's default when ``None``.
    lang : {"sv", "en"}
        Language of the window texts and reasons (schedules are always written in Swedish day names).
    names : dict, optional
        ``{hotspot_id: name}``, what the map and the GPX/KML files call each hotspot
        (:func:`maps.products.hotspot_names.hotspot_names`). Default: the hotspots' ``name`` column where it holds
        text, else "hotspot N" (the same rule). ``why`` names a hotspot ``name [hotspot N]``.

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
    if isinstance(minutes, bool) or not isinstance(minutes, (int, np.integer)) or not 10 <= minutes <= 16:
        raise InputError(f"minutes must be a whole number of minutes from 10 to 16 (Koper: stops of 10–16 minutes "
                         f"deter longest), got {minutes!r}")
    if mode not in MODE_RADIUS_M:
        raise InputError(f"unknown mode {mode!r}; choose one of {', '.join(MODE_RADIUS_M)}")
    radius = float(MODE_RADIUS_M[mode] if radius_m is None else radius_m)
    if not 0 < radius <= 5000:
        raise InputError(f"radius_m must be metres above 0 and at most 5000, got {radius_m!r}")
    task = _weekend_task(coverage, lang) if hasattr(coverage, "slots") and hasattr(coverage, "event") \
        else _coverage_task(coverage, hotspots, lang, names)
    risk, p, times = task["risk"], task["presence"].astype(float).copy(), task["times"]
    if times is not None:
        local = times.tz_localize(None)
        usable = local.tz_localize(times.tz, ambiguous=True, nonexistent="shift_forward") == times
        risk = risk * usable[None, :]  # a repeated autumn hour cannot be written as a dated wall time
    geoms = np.asarray(task["geometry"], dtype=object)
    spot = shapely.point_on_surface(geoms)
    reach = shapely.dwithin(spot[:, None], geoms[None, :], radius)  # a visit at h reaches h'
    before = float((risk * np.minimum(p, 60.0)).sum() / 60.0)
    used = np.zeros(risk.shape)  # suggested visits per (target, hour): the diminishing returns
    chosen = []
    for i in range(int(visits)):
        step = risk * (np.minimum(60.0, p + minutes) - np.minimum(60.0, p)) / 60.0
        gain = reach.astype(float) @ step  # gain[h, b]: visit at h in hour b, summed over the targets it reaches
        value = gain * REPEAT_VISIT_VALUE ** used * REPEAT_PLACE_VALUE ** used.sum(axis=1, keepdims=True)
        if i == 0 and task["first"] is not None:  # the biggest gap first, in its best hour
            h, hours = task["first"]
            value = np.where(np.arange(len(value))[:, None] == h, value, 0) * hours[None, :]
            if not value.max() > 0:
                value = gain
        best = int(np.argmax(value))  # first maximum: first target, then earliest hour
        h, b = divmod(best, gain.shape[1])
        if not gain[h, b] > 0:
            break
        p[reach[h], b] += minutes
        offset = int(min(used[h, b] * minutes, 60 - minutes))
        used[h, b] += 1
        chosen.append((h, b, offset, float(gain[h, b])))
    after = float((risk * np.minimum(p, 60.0)).sum() / 60.0)
    rows = [[f"F{i:02d}", "Förslag", mode, task["schedule"](b, off, minutes), radius, task["ids"][h],
             task["window"](b), g, task["why"](h, b, g), spot[h]]
            for i, (h, b, off, g) in enumerate(chosen, start=1)]
    columns = ["patrol_id", "unit", "mode", "schedule", "radius_m", task["id_column"], "window", "gain", "why"]
    plan = gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns + ["geometry"]), geometry="geometry", crs=task["crs"])
    table = pd.DataFrame({"order": np.arange(1, len(rows) + 1), task["id_column"]: plan[task["id_column"]],
                          "name": [task["names"][h] for h, *_ in chosen], "window": plan["window"],
                          "gain": plan["gain"], "why": plan["why"]})
    info = {"rule": "greedy on risk × (min(60, p + D) − min(60, p)) / 60, the n-th visit to the same target and "
                    f"hour worth {REPEAT_VISIT_VALUE:g}^n of that, × {REPEAT_PLACE_VALUE:g} per visit already at "
                    "the target; the biggest gap first; ties: first target, "
                    "then hour",
            "minutes": int(minutes), "minutes_source": "Koper 1995: stops of about 10–16 minutes deter longest",
            "repeat_visit_value": REPEAT_VISIT_VALUE, "repeat_place_value": REPEAT_PLACE_VALUE,
            "mode": mode, "radius_m": radius, "visits_requested": int(visits), "visits_suggested": len(rows),
            "risk_covered_before": before, "risk_covered_after": after, "period": times is not None,
            "biggest_gap": task["biggest"]}
    return Suggestions(plan, after - before, table, info)


def _coverage_task(coverage, hotspots, lang, names=None):
    hot = _matching(hotspots, coverage.hotspot_ids)
    period = coverage.slot_times is not None
    gaps = coverage.gaps
    n_hours = coverage.slot_risk.shape[1] if period else HOURS_PER_WEEK
    rank = np.zeros((len(hot), n_hours), dtype=np.int64)  # gap rank of each (hotspot, hour); 0 = none
    row_of = {int(h): i for i, h in enumerate(hot["hotspot_id"])}
    for g in gaps.sort_values("rank", ascending=False).itertuples():
        if period:
            a, b = np.searchsorted(coverage.slot_times, [g.start, g.end])
            hours = np.arange(a, b)
        else:
            hours = np.arange(int(g.start), int(g.start) + int(g.hours)) % HOURS_PER_WEEK
        rank[row_of[int(g.hotspot_id)], hours] = g.rank
    if period:
        total = coverage.slot_risk.sum()
        risk, presence, times = coverage.slot_risk / (total or 1.0), coverage.slot_presence, coverage.slot_times
    else:
        risk, presence, times = coverage.risk, coverage.presence, None
    first = biggest = None
    if len(gaps):
        top = gaps.iloc[0]
        h = row_of[int(top["hotspot_id"])]
        first = (h, rank[h] == top["rank"])
        biggest = {"hotspot_id": int(top["hotspot_id"]), "window": str(top["window"])}
    windows = dict(zip(gaps["rank"], gaps["window"]))
    ids = [int(i) for i in hot["hotspot_id"]]
    if names is None:  # the maps' rule: the name column where it holds text, else "hotspot N"
        names = dict(zip(ids, hot["name"])) if "name" in hot.columns else {}
    plain = [_name(names.get(i, names.get(str(i))), i) for i in ids]
    labels = [n if n == f"hotspot {i}" else f"{n} [hotspot {i}]" for n, i in zip(plain, ids)]  # names hold ()

    def why(h, b, gain):
        where = labels[h]
        r = rank[h, b]
        if r:
            return (f"lucka {r}: {where}, {windows[r]}; +{_pct(gain, lang)} av risken" if lang != "en" else
                    f"gap {r}: {where}, {windows[r]}; +{_pct(gain, lang)} of the risk")
        return (f"{where}, otäckt risk i {_window(b, times, lang)}; +{_pct(gain, lang)} av risken" if lang != "en"
                else f"{where}, uncovered risk in {_window(b, times, lang)}; +{_pct(gain, lang)} of the risk")
    return {"risk": risk, "presence": presence, "times": times, "geometry": list(hot.geometry), "ids": ids,
            "id_column": "hotspot_id", "names": plain, "crs": hot.crs, "first": first, "biggest": biggest, "why": why,
            "window": lambda b: _window(b, times, lang), "schedule": lambda b, off, m: _schedule(b, off, m, times)}


def _weekend_task(weekend, lang):
    slots = weekend.slots
    times = slots["times"]
    total = slots["risk"].sum()
    risk = slots["risk"] / (total or 1.0)
    covered = np.minimum(slots["presence"], 60.0) / 60.0
    uncovered = (risk * (1 - covered)).sum(axis=1)
    status = dict(zip(zip(weekend.gaps["kind"], weekend.gaps["id"].astype(str)), weekend.gaps["status"]))
    keys = list(zip(slots["kind"], slots["id"]))
    is_gap = np.array([status.get(k) == "gap" for k in keys], bool)
    first = biggest = None
    if is_gap.any() and uncovered[is_gap].max() > 0:
        h = int(np.flatnonzero(is_gap)[np.argmax(uncovered[is_gap])])
        first = (h, risk[h] > 0)
        biggest = {"kind": keys[h][0], "id": keys[h][1]}
    names = dict(zip(weekend.places["place_id"].astype(str), weekend.places["name"].astype(str)))
    hot_names = dict(zip(weekend.hotspots["hotspot_id"].astype(str), weekend.hotspots["name"]))
    labels = [names.get(i, i) if k == "place" else hotspot_label(i, hot_names.get(i)) for k, i in keys]

    def why(h, b, gain):
        verdict = status.get(keys[h], "")
        word = {"gap": ("LUCKA", "GAP"), "thin": ("tunn", "thin")}.get(verdict, ("", ""))[lang == "en"]
        hours = _window(b, times, lang)
        if lang == "en":
            return f"{labels[h]}{' (' + word + ')' if word else ''}: trouble {hours}; +{_pct(gain, lang)} of the risk"
        return f"{labels[h]}{' (' + word + ')' if word else ''}: bråk {hours}; +{_pct(gain, lang)} av risken"
    return {"risk": risk, "presence": slots["presence"], "times": times, "geometry": slots["geometry"],
            "ids": [f"{k}:{i}" for k, i in keys], "names": labels, "id_column": "target", "crs": weekend.places.crs,
            "first": first, "biggest": biggest, "why": why, "window": lambda b: _window(b, times, lang),
            "schedule": lambda b, off, m: _schedule(b, off, m, times)}


def _matching(hotspots, ids) -> gpd.GeoDataFrame:
    if not isinstance(hotspots, gpd.GeoDataFrame) or "hotspot_id" not in hotspots.columns:
        raise InputError("hotspots must be the GeoDataFrame (with hotspot_id) the coverage was computed for")
    hot = hotspots.assign(hotspot_id=pd.to_numeric(hotspots["hotspot_id"], errors="coerce"))
    hot = hot.sort_values("hotspot_id").reset_index(drop=True)
    if len(hot) != len(ids) or not np.array_equal(hot["hotspot_id"].to_numpy(), ids):
        raise InputError("the hotspots do not match the coverage (different hotspot_id); pass the same hotspots "
                         "to compute_coverage and suggest_visits")
    return hot


def _name(given, hotspot_id) -> str:
    blank = given is None or (not isinstance(given, str) and pd.isna(given)) or not str(given).strip()
    return f"hotspot {hotspot_id}" if blank else str(given).strip()


def _window(b, times, lang) -> str:
    if times is None:
        return format_window(b, (b + 1) % HOURS_PER_WEEK, lang)
    t = times[b]
    return f"{WEEKDAYS.get(lang, WEEKDAYS['sv'])[t.day_of_week]} {t:%Y-%m-%d %H}–{(t.hour + 1) % 24:02d}"


def _schedule(b, offset, minutes, times) -> str:
    if times is None:
        day, hour = divmod(b, 24)
        return f"{WEEKDAYS['sv'][day]} {_clock(hour, offset)}-{_clock(hour, offset + minutes)}"
    t = times[b]
    return f"{t:%Y-%m-%d} kl {_clock(t.hour, offset)}-{_clock(t.hour, offset + minutes)}"


def _pct(x, lang) -> str:
    text = f"{100 * x:.2f} %"
    return text.replace(".", ",") if lang == "sv" else text


def _clock(hour, minute) -> str:
    """``22:15``; the end of hour 23 is ``24:00`` (the parser reads it as midnight)."""
    return f"{hour + minute // 60:02d}:{minute % 60:02d}"
