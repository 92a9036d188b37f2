"""Before a high-risk weekend: where was there trouble in the same window of earlier years, and what is planned now.

``weekend_analysis("valborg", 2026, points, places=..., patrols=...)`` looks up the event's window in
``year`` (:func:`layers.calendar.event_windows`, with the project's local events and ``[calendar]``
overrides) and the same event's windows in the ``years_back`` years before it, counts the points
(incidents and complaints) that started inside those earlier windows at each special place and each
hotspot, and sets them against the presence planned within reach during this year's window
(:func:`layers.cover.presence.presence_minutes`).

Rules (also in ``Weekend.info["rules"]``):

* **Event**: the key as in the calendar, or a name that :mod:`layers.plans.places` maps to one
  (``Valborgsmässoafton`` → ``valborg``). Events with several windows a year (``studentfirande``: one per
  weekday of week 23; ``lonehelg``: one per month) take all of them, in this year and in each earlier
  year; ``month=6`` keeps only the window(s) whose anchor day is in June (e.g. June's payday weekend).
  ``buffer_h`` widens every window by that many hours at both ends (earlier years and this year alike).
* **In a window**: a point's ``start`` lies in ``[start, end)`` of the window, as instants, so windows
  across midnight and across a daylight-saving change count real time (the calendar's rule).
* **Data coverage**: the data span from the local day of the first point's start to the end of the local
  day of the last. An earlier year counts only when every window it has lies wholly inside that span and
  the data has at least one point in that year; other years are listed in ``info["not_covered"]`` with
  the reason and are **not** counted as zero (no ``yYYYY`` column, not in the mean).
* **At a place**: the point lies within the place's ``area`` (its point or line buffered by ``radius_m``,
  or its polygon); a place given without ``area`` is buffered here by its ``radius_m`` (default 150 m).
  **At a hotspot**: within its polygon. A point inside two overlapping targets counts for both.
  ``tagged``: the event key is in the place's ``events`` (exact key; ``midsommar`` and ``midsommarafton``
  are different windows); a hotspot is tagged when it overlaps a tagged place.
* **Hotspots**: those passed in, else ``find_hotspots(points of the counted earlier windows, method)``
  (``rules.method``, default ``count``, with ``rules.hotspot_settings``).
* **Presence**: planned minutes of patrols that reach the target (patrol geometry buffered by its radius
  intersects the area), weekly schedules and dated windows alike, summed over the hourly slots of this
  year's window(s).
* **Risk by hour**: each past point is set at the same offset from its window's start in this year's
  window: hour ``k`` after the earlier window's start (floored to the local hour, widened by ``buffer_h``) is
  hour ``k`` of this year's window (window ``j`` of a year with several is matched with window ``j``). For
  events with fixed clock times this is the same local clock hour; it also keeps the night after midnight
  with its evening. Points in hours this year's window lacks count as uncovered risk.
* **Covered risk** (``risk_covered``, 0–1): ``Σ risk × min(minutes, 60) / 60 / Σ risk`` over the slots of
  this year's window: minutes planned at hours without past trouble count for nothing.
* **Trouble**: on average at least ``rules.min_mean`` points per counted earlier year (default 1).
  ``status`` (:func:`layers.cover.verdict.coverage_status`): ``covered`` (``risk_covered >= rules.covered_at``,
  default 0.8), ``thin`` (``>= rules.thin_at``, default 0.3), ``gap`` (less; also the bool ``gap``),
  ``quiet`` (no trouble), ``no data`` (no earlier year counted). ``trouble_hours`` and ``presence_hours``
  name the clock hours (``"22–03"``, ``"car 19–21"``). ``gaps`` lists ``gap`` and ``thin`` targets, places
  and hotspots together, by past points (then gap before thin, places before hotspots).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots.defaults import COVERED_AT, THIN_AT, TZ
from hotspots.errors import InputError
from hotspots.find import METHODS
from hotspots.io.validate import validate_points
from layers.calendar import event_windows
from layers.cover.verdict import check_thresholds
from layers.cover.weekend_tables import (
    past_slots,
    weekend_gaps,
    weekend_hotspots,
    weekend_notes,
    weekend_places,
    weekend_presence,
    weekend_slots,
    weekend_table,
)
from layers.cover.weekend_windows import (
    check_windows,
    data_span,
    earlier_windows,
    event_key,
    point_starts,
    select_windows,
    window_years,
)

__all__ = ["Weekend", "WeekendRules", "weekend_analysis"]

_MAX_BUFFER_H = 72


@dataclass(frozen=True)
class WeekendRules:
    """Thresholds of :func:`weekend_analysis` (see the module docstring)."""

    min_mean: float = 1.0          # trouble: mean points per counted earlier year at least this
    covered_at: float = COVERED_AT  # covered: at least this share of the risk in hours with presence
    thin_at: float = THIN_AT        # thin: at least this share (and under covered_at); gap: under it
    method: str = "count"          # hotspot method when no hotspots are passed in
    hotspot_settings: dict = field(default_factory=dict)  # other HotspotFinder parameters (cell_m, ...)
    # Names the hotspots found here (hotspots -> hotspots with a "name" column), as the run names its own
    # (maps.cli.steps.add_names: nearest special place or street, with the locality); None: "hotspot N".
    namer: Callable | None = None


@dataclass(frozen=True)
class Weekend:
    """What :func:`weekend_analysis` returns.

    ``window`` is ``(start, end)`` of the event in ``year`` (first start, last end when it has several
    windows, which are all in ``windows``); ``past_windows`` has ``year, name, start, end, hours`` of the
    counted earlier windows; ``places`` and ``hotspots`` are GeoDataFrames (geometry: the counted area) with
    ``place_id``/``hotspot_id``, ``name``, ``tagged``, ``yYYYY`` per counted year, ``total``,
    ``n_incidents``, ``n_complaints``, ``mean_per_year``, ``rank``, ``presence_minutes``, ``patrols``,
    ``trouble``, ``gap``, ``status``; ``gaps`` ranks the targets with past trouble and little or no
    presence; ``info`` holds the rules in words, counts and the data coverage (JSON-ready); ``slots`` holds,
    for suggestions, ``times`` (this year's hourly slots), ``risk`` and ``presence`` (targets × slots: places
    in ``places`` order, then hotspots), ``kind``, ``id`` and ``geometry`` of those targets.
    """

    event: str
    year: int
    name: str
    name_en: str
    window: tuple
    windows: pd.DataFrame
    past_windows: pd.DataFrame
    places: gpd.GeoDataFrame
    hotspots: gpd.GeoDataFrame
    gaps: pd.DataFrame
    info: dict
    slots: dict | None = None


def weekend_analysis(event, year, points, *, places=None, hotspots=None, patrols=None, years_back=5,
                     local_events=None, overrides=None, buffer_h=0, month=None, rules=None,
                     tz=TZ) -> Weekend:
    """Special places and hotspots ranked by points in the event's earlier windows, against planned presence.

    Parameters
    ----------
    event : str
        Event key (``valborg``, ``midsommar``, ``nyarsafton``, a local key, ...).
    year : int
        The year being planned.
    points : GeoDataFrame
        The Points contract (:func:`hotspots.io.read.read_points`) with ``start`` times.
    places : GeoDataFrame, optional
        Special places (:func:`layers.plans.places.read_places`).
    hotspots : GeoDataFrame, optional
        Hotspot polygons; default: found in the points of the counted earlier windows.
    patrols : GeoDataFrame, optional
        The Patrol plan (:func:`layers.plans.patrols.read_patrols`); without it nothing is planned anywhere.
    years_back : int
        How many earlier years to look at (default 5).
    local_events, overrides : optional
        The project file's ``[[events]]`` and ``[calendar]`` (see :mod:`layers.calendar`).
    buffer_h : float
        Hours added at both ends of every window (0–72, default 0).
    month : int, optional
        For events with several windows a year: keep those whose anchor day is in this month.
    rules : WeekendRules, optional
        Thresholds and the hotspot method.
    tz : str
        Local time zone of the calendar.

    Returns
    -------
    Weekend

    Raises
    ------
    InputError
        An unknown event (the message lists the year's keys), no window in ``year``, bad parameters,
        points without start times.
    """
    rules = rules or WeekendRules()
    years_back, buffer = _check(year, years_back, buffer_h, month, rules)
    key = event_key(event)
    windows = select_windows(event_windows(year, local_events=local_events, overrides=overrides, tz=tz), key, month)
    check_windows(windows, key, event, year, month, local_events, overrides, tz)
    pts, notes = validate_points(points, where="weekend_analysis")
    start = point_starts(pts, tz)
    span, years_with_data = data_span(start, tz)
    past, not_covered = earlier_windows(key, year, years_back, month, local_events, overrides, tz, buffer, span,
                                        years_with_data)
    years = list(past["year"].drop_duplicates())
    point_year = window_years(start, past, buffer)
    hit = point_year > 0
    weight = pd.to_numeric(pts["weight"], errors="coerce").fillna(1.0).to_numpy() if "weight" in pts.columns \
        else np.ones(len(pts))
    past_points = pts.iloc[np.flatnonzero(hit)].assign(_year=point_year[hit], _weight=weight[hit])

    place_frame = weekend_places(places, pts.crs, key)
    hot_frame, hot_info = weekend_hotspots(hotspots, past_points, pts.crs, rules, place_frame)
    targets = gpd.GeoSeries(list(place_frame.geometry) + list(hot_frame.geometry), crs=pts.crs)
    minutes, patrol_lists, presence_info = weekend_presence(patrols, targets, windows, buffer, tz)
    slots = weekend_slots(patrols, targets, windows, buffer, tz)
    past_points = past_points.assign(_slot=past_slots(start.iloc[np.flatnonzero(hit)].reset_index(drop=True),
                                                      past, buffer, slots, tz))
    n = len(place_frame)
    tables, risk, presence = [], [], []
    for frame, rows in ((place_frame, np.arange(n)), (hot_frame, np.arange(n, len(targets)))):
        table, r, p = weekend_table(frame, past_points, years, minutes[rows], [patrol_lists[i] for i in rows], rules,
                                    slots, rows)
        tables.append(table)
        risk.append(r)
        presence.append(p)
    place_table, hot_table = tables
    slot_data = {"times": slots["times"], "risk": np.concatenate(risk), "presence": np.concatenate(presence),
                 "kind": ["place"] * len(place_table) + ["hotspot"] * len(hot_table),
                 "id": [str(i) for i in place_table["place_id"]] + [str(i) for i in hot_table["hotspot_id"]],
                 "geometry": list(place_table.geometry) + list(hot_table.geometry)}
    gaps = weekend_gaps(place_table, hot_table)
    first, last = windows["start"].min() - buffer, windows["end"].max() + buffer
    info = {
        "event": key, "name": _common(windows["name"]), "name_en": _common(windows["name_en"]), "year": int(year),
        "window": [first.isoformat(), last.isoformat()], "n_windows": len(windows), "month": month,
        "buffer_h": float(buffer_h), "years_back": years_back, "tz": str(tz), "min_mean": float(rules.min_mean),
        "covered_at": float(rules.covered_at), "thin_at": float(rules.thin_at),
        "data_span": [span[0].isoformat(), span[1].isoformat()] if span else None,
        "years_counted": [int(y) for y in years], "not_covered": not_covered,
        "points": {"used": len(pts), "without_start": int(start.isna().sum()),
                   "in_earlier_windows": int(hit.sum()),
                   "per_year": {f"y{y}": int((point_year == y).sum()) for y in years}},
        "n_places": len(place_table), "n_tagged_places": int(place_table["tagged"].sum()),
        "n_hotspots": len(hot_table), "n_gaps": int((gaps["status"] == "gap").sum()),
        "n_thin": int((gaps["status"] == "thin").sum()),
        "tagged_without_presence": place_table.loc[place_table["tagged"] & (place_table["presence_minutes"] == 0),
                                                   "place_id"].tolist(),
        "hotspots": hot_info, "presence": presence_info, "notes": notes + weekend_notes(places, patrols, years),
        "rules": _rule_words(rules, buffer_h, month),
    }
    return Weekend(key, int(year), info["name"], info["name_en"], (first, last), windows, past, place_table,
                   hot_table, gaps, info, slot_data)


def _common(names):
    """The event's name; 'Lönehelg (januari)' ... 'Lönehelg (december)' become 'Lönehelg'."""
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else re.sub(r"\s*\(.*\)$", "", names[0])


def _check(year, years_back, buffer_h, month, rules):
    if isinstance(years_back, bool) or not isinstance(years_back, (int, np.integer)) or not 1 <= years_back <= 50:
        raise InputError(f"years_back must be a whole number from 1 to 50, got {years_back!r}.")
    if isinstance(buffer_h, bool) or not isinstance(buffer_h, (int, float)) or not 0 <= buffer_h <= _MAX_BUFFER_H:
        raise InputError(f"buffer_h must be hours from 0 to {_MAX_BUFFER_H}, got {buffer_h!r}.")
    if month is not None and (isinstance(month, bool) or not isinstance(month, (int, np.integer))
                              or not 1 <= month <= 12):
        raise InputError(f"month must be 1–12 (or left out for every window of the year), got {month!r}.")
    if rules.method not in METHODS:
        raise InputError(f"hotspot method must be one of {', '.join(METHODS)}, got {rules.method!r}.")
    if not rules.min_mean > 0:
        raise InputError(f"rules: min_mean must be above 0, got {rules.min_mean!r}.")
    check_thresholds(rules.covered_at, rules.thin_at, where="weekend rules")
    return int(years_back), pd.Timedelta(hours=float(buffer_h))


def _rule_words(rules, buffer_h, month):
    return {
        "in_window": "a point counts for a year when its start lies in [start, end) of that year's window"
                     + (f", widened by {buffer_h:g} h at both ends" if buffer_h else ""),
        "windows": "every window of the event in the year" + (f" whose day is in month {month}" if month else ""),
        "coverage": "an earlier year counts only when all its windows lie inside the data span (first to last "
                    "local day with points) and it has points; others are listed, not counted as zero",
        "at_target": "within the place's area (point or line buffered by radius_m, or polygon) or the "
                     "hotspot polygon",
        "tagged": "the event key is in the place's events; a hotspot is tagged when it overlaps a tagged place",
        "rank": "by total points in the counted earlier windows, then tagged first",
        "trouble": f"mean points per counted earlier year ≥ {rules.min_mean:g}",
        "risk_by_hour": "each past point at the same offset from its window's start in this year's window "
                        "(hour k of the earlier window = hour k of this year's)",
        "covered": f"trouble and at least {rules.covered_at:.0%} of its risk in hours with planned presence "
                   "(each hour covered by min(minutes, 60) / 60)",
        "thin": f"trouble and {rules.thin_at:.0%} to {rules.covered_at:.0%} of its risk in hours with presence",
        "gap": f"trouble and under {rules.thin_at:.0%} of its risk in hours with presence: none planned, or "
               "planned at other hours",
        "hotspots": f"passed in, or method '{rules.method}' on the points of the counted earlier windows",
    }
