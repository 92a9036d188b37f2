"""Read planned visible-presence patrols into the Patrol plan contract, accounting for every row.

Inputs: GeoJSON, GeoPackage, Shapefile (Point stops, LineString routes, Polygon areas; single-part
multi-geometries are unwrapped, multi-part lines and polygons kept) or a table of stops (CSV/XLSX)
whose coordinates :func:`hotspots.io.where.coords.locate_points` finds. Columns are found by English or
Swedish name (``patrol_id``/``patrull``/``id``, ``unit``/``enhet``, ``mode``/``färdsätt``,
``schedule``/``schema``/``tider``, ``radius_m``/``radie_m``/``radie``; or ``start``/``end`` columns
instead of a schedule). Schedules are read by :func:`layers.plans.schedule.parse_schedule`.

A row is used only if every stage accepts it, else it is rejected with the first reason found, in
the order format → geometry/coordinates → schedule → radius: ``malformed_row``,
``unsupported_geometry``, the coordinate reasons of :func:`~hotspots.io.where.coords.locate_points`
(``no_coordinates``, ``zero_coordinates``, ``out_of_range``, ...), ``no_schedule``,
``malformed_schedule`` (the text and what is wrong are kept in ``schedule`` and ``detail``),
``invalid_radius``. A mode nobody recognises does not lose the patrol: it becomes ``other`` (with
that mode's radius) and the summary warns, naming the words. Repeated ``patrol_id`` are allowed: one
patrol often has several stops.
"""

from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots.defaults import TZ
from hotspots.errors import InputError
from hotspots.io.columns import find_column, normalise_name
from hotspots.io.files.formats import read_table
from layers.plans.dates import PlanningWindow
from layers.plans.schedule import parse_schedule
from layers.plans.tables import (
    MAX_RADIUS_M,
    as_list,
    file_report,
    locate_shapes,
    radius_values,
    read_summary,
    reject_rows,
    reject_where,
    text_values,
)
from layers.plans.track_plans import track_patrol_rows
from layers.plans.tracks import is_track_file
from layers.plans.words import ScheduleError

__all__ = ["MODE_RADIUS_M", "PATROL_COLUMNS", "PatrolsRead", "read_patrols"]

PATROL_COLUMNS = ["patrol_id", "name", "unit", "mode", "mode_raw", "radius_m", "schedule", "weekly_minutes",
                  "dated", "minutes_per_week", "file", "row", "geometry"]
# How far a patrol's presence is visible, in metres (planning defaults, not measurements). A uniformed
# officer on foot is recognisable as police about one town block away and is approachable: ~100 m, the
# street segment of hot-spots policing. A bike covers its stop's surroundings faster and rides higher:
# 150 m. Mounted police and a motorcycle are seen over crowds and traffic from further: 200 m. A marked
# car is recognisable furthest (livery, size, it moves around its stop) but its presence is fleeting:
# 250 m, about two blocks. A boat on open water is seen across it: 500 m. Anything else: 150 m.
MODE_RADIUS_M = {"foot": 100.0, "bike": 150.0, "car": 250.0, "motorcycle": 200.0, "horse": 200.0,
                 "boat": 500.0, "other": 150.0}
_MODES = {
    "foot": "fot till_fots fots fotpatrull gaende promenad foot on_foot foot_patrol walk walking pedestrian",
    "bike": "cykel cyklande cykelpatrull elcykel bike bicycle cycle cycling e_bike ebike mountainbike",
    "car": "bil radiobil polisbil patrullbil piket piketbil fordon buss minibuss car vehicle van patrol_car "
           "police_car squad_car",
    "motorcycle": "mc motorcykel mc_polis moped motorcycle motorbike scooter",
    "horse": "hast hastar ridande ridande_polis beriden beridna rytteri mounted horse",
    "boat": "bat batpatrull sjopolis boat",
    "other": "annat ovrigt other snoskoter skoter snowmobile fyrhjuling atv dronare drone",
}
_MODE_OF = {word: mode for mode, words in _MODES.items() for word in words.split()}
_ID = ["patrol_id", "patrull_id", "patrullid", "patrull", "patrol", "id", "nr"]
_NAME = ["name", "namn", "stop_name", "stoppnamn", "stopp", "stop", "plats", "place", "route", "rutt", "omrade"]
_UNIT = ["unit", "enhet", "grupp", "team", "avdelning"]
_MODE = ["mode", "fardsatt", "fardmedel", "transportsatt", "transport", "vehicle"]
_SCHEDULE = ["schedule", "schema", "tider", "tid", "tidsschema", "when", "nar", "times", "time"]
_START = ["start", "starttid", "start_time", "fran", "from"]
_END = ["end", "sluttid", "end_time", "slut", "till", "to"]
_RADIUS = ["radius_m", "radie_m", "radie", "radius", "synlighet_m", "visibility_m", "buffer_m", "buffert_m"]
_KINDS = ("Point", "LineString", "Polygon", "MultiLineString", "MultiPolygon")


@dataclass(frozen=True)
class PatrolsRead:
    """What :func:`read_patrols` returns: the patrols, the rejected rows and the summary."""

    patrols: gpd.GeoDataFrame
    rejects: pd.DataFrame
    summary: dict


def read_patrols(paths, *, default_radius_m=None, tz=TZ, target_crs=None, x_col=None,
                 y_col=None, crs=None, window=None, dayfirst=None) -> PatrolsRead:
    """Read patrol plan files into one GeoDataFrame of the Patrol plan contract.

    Parameters
    ----------
    paths : path or sequence of paths
        GeoJSON/GeoPackage/Shapefile (stops, routes, areas) or CSV/XLSX of stops.
    default_radius_m : float or dict, optional
        Radius for rows without one: a number for every mode, or ``{mode: metres}`` overriding some of
        :data:`MODE_RADIUS_M` (the default).
    tz : str
        Time zone of explicit date-times in schedules.
    target_crs : optional
        Metric CRS of the result. Default: SWEREF 99 TM (EPSG:3006) for data in Sweden, else UTM.
    x_col, y_col, crs : optional
        Coordinate columns of a table of stops and the CRS of the input (default: detected).
    window : layers.plans.dates.PlanningWindow, optional
        The time being planned, which dates without a year (``midsommarafton``, ``19/6``, ``v25 fre``)
        resolve against; default: the span of the file's own full dates (``2026-06-19``), else none (such
        rows are then rejected, saying the year is missing).
    dayfirst : bool, optional
        A stated date order (``--dayfirst``/``--monthfirst``, ``[read] dayfirst``) for ``d/m/yyyy`` dates that
        read two ways (:mod:`layers.plans.slash_dates`); without it such a date is read day first only when only
        that reading falls in ``window``.

    Returns
    -------
    PatrolsRead
        ``patrols`` with :data:`PATROL_COLUMNS` (``weekly_minutes`` and ``dated`` as in
        :class:`layers.plans.schedule.Schedule`), ``rejects`` (``file``, ``row`` as in the file, ``reason``,
        ``detail`` (English), ``schedule``, ``column`` and ``value`` behind the reason, ``detail_sv`` and the
        raw columns) and ``summary`` (``rows_read == rows_used + rows_rejected``,
        ``reasons``, ``crs``, ``modes``, ``mode_radius_m``, ``radius_defaulted``, per-file details,
        ``warnings``).

    Raises
    ------
    InputError
        No files, an unreadable file, no schedule column, no coordinates, a bad radius or time zone.
    """
    radii = _radius_defaults(default_radius_m)
    _check_tz(tz)
    files = as_list(paths)
    if not files:
        raise InputError("no patrol files; pass at least one GeoJSON/GeoPackage/Shapefile or CSV of stops.")
    used, rejected, reports = [], [], []
    for path in files:
        if is_track_file(path):  # GPS tracks and position logs: delivered presence (layers/plans/track_plans.py)
            frame, rej, report = track_patrol_rows(path, radius_m=radii["other"], tz=tz, target_crs=target_crs,
                                                   columns=PATROL_COLUMNS)
        else:
            frame, rej, report = _read_one(path, radii, tz, target_crs, x_col, y_col, crs, window, dayfirst)
        target_crs = target_crs or report["crs"]
        used.append(frame)
        rejected.append(rej)
        reports.append(report)
    patrols = gpd.GeoDataFrame(pd.concat([u.to_crs(target_crs) for u in used], ignore_index=True),
                               geometry="geometry", crs=target_crs)
    rejects = pd.concat(rejected, ignore_index=True)
    summary = read_summary(patrols, rejects, reports, reports[0]["crs"])
    summary.update(modes={str(k): int(v) for k, v in patrols["mode"].value_counts().items()}, mode_radius_m=radii,
                   radius_defaulted=sum(r["radius_defaulted"] for r in reports),
                   minutes_per_week=int(patrols["minutes_per_week"].sum()),
                   n_dated=int(patrols["dated"].map(len).gt(0).sum()))
    return PatrolsRead(patrols, rejects, summary)


def _read_one(path, radii, tz, target_crs, x_col, y_col, crs, window=None, dayfirst=None):
    path = Path(path)
    raw = read_table(path)
    table, n, source = raw.frame, len(raw.frame), raw.source
    geoms, reason, located = locate_shapes(raw, _KINDS, x_col=x_col, y_col=y_col, crs=crs, target_crs=target_crs)
    col = {key: find_column(table.columns, names, prefix_ok=False) for key, names in
           (("id", _ID), ("name", _NAME), ("unit", _UNIT), ("mode", _MODE), ("schedule", _SCHEDULE),
            ("start", _START), ("end", _END), ("radius", _RADIUS))}
    text = _schedule_text(table, col, source, tz)
    detail = pd.Series([None] * n, dtype=object)
    reason = reason.where(reason.notna() | text.ne(""), "no_schedule")
    detail_sv = pd.Series([None] * n, dtype=object)
    window = window or PlanningWindow.of_plan(text, tz)
    schedules = {}
    for value in text[reason.isna()].unique():
        try:
            schedules[value] = parse_schedule(value, tz=tz, window=window, dayfirst=dayfirst)
        except ScheduleError as err:
            schedules[value] = (str(err), err.why["sv"])
    parsed = text.map(schedules)
    failed = reason.isna() & parsed.map(lambda s: isinstance(s, tuple))
    reason = reason.mask(failed, "malformed_schedule")
    detail = detail.mask(failed, parsed.map(lambda s: s[0] if isinstance(s, tuple) else None))
    detail_sv = detail_sv.mask(failed, parsed.map(lambda s: s[1] if isinstance(s, tuple) else None))

    mode_raw = text_values(table, col["mode"])
    mode = mode_raw.map(lambda v: _MODE_OF.get(normalise_name(v), "other"))
    unknown = sorted({v for v in mode_raw[mode_raw.ne("")] if normalise_name(v) not in _MODE_OF})
    radius, bad, defaulted = radius_values(table, col["radius"], mode.map(radii).to_numpy(dtype=float))
    reason = reason.where(reason.notna() | ~bad, "invalid_radius")
    detail = detail.mask(reason.eq("invalid_radius") & bad, "radius must be a number of metres above 0 and at most "
                         f"{MAX_RADIUS_M:.0f}; leave it empty for the mode's default")
    detail_sv = detail_sv.mask(reason.eq("invalid_radius") & bad, "radien ska vara meter över 0 och högst "
                               f"{MAX_RADIUS_M:.0f}; lämna tom för färdsättets standard")

    ok = reason.isna().to_numpy()
    ids = text_values(table, col["id"])
    fallback = text_values(table, col["name"]).where(lambda s: s.ne(""), raw.row_label.radd(f"{path.stem}:"))
    ids = ids.where(ids.ne(""), fallback)
    good = parsed[ok]
    frame = gpd.GeoDataFrame({
        "patrol_id": ids[ok].to_numpy(dtype=object),
        "name": text_values(table, col["name"])[ok].to_numpy(dtype=object),
        "unit": text_values(table, col["unit"])[ok].to_numpy(dtype=object),
        "mode": mode[ok].to_numpy(dtype=object),
        "mode_raw": mode_raw[ok].to_numpy(dtype=object),
        "radius_m": radius[ok],
        "schedule": text[ok].to_numpy(dtype=object),
        "weekly_minutes": [list(s.weekly) for s in good],
        "dated": [list(s.dated) for s in good],
        "minutes_per_week": np.array([s.minutes_per_week for s in good], dtype=np.int64),
        "file": source,
        "row": raw.row_label[ok].to_numpy(dtype=object),
    }, geometry=gpd.GeoSeries(list(geoms[ok]), crs=located.crs), crs=located.crs)
    when = col["schedule"] or col["start"]
    where = reject_where(raw, reason, located, {"no_schedule": (when, text), "malformed_schedule": (when, text),
                                                "invalid_radius": (col["radius"], text_values(table, col["radius"]))})
    rejects = reject_rows(raw, ok, reason, detail, {"schedule": text, **where, "detail_sv": detail_sv})
    warnings = list(located.warnings)
    if col["mode"] is None:
        warnings.append(f"{source}: no mode column (mode/färdsätt); every patrol is 'other' with radius "
                        f"{radii['other']:.0f} m unless the row gives one")
    n_blank = int((mode_raw.eq("") & ok).sum()) if col["mode"] is not None else 0
    if n_blank:
        warnings.append(f"{source}: {n_blank} patrol(s) without a mode read as 'other' (radius "
                        f"{radii['other']:.0f} m unless the row gives one)")
    if unknown:
        warnings.append(f"{source}: unknown mode(s) {', '.join(map(repr, unknown))} read as 'other' (radius "
                        f"{radii['other']:.0f} m); write foot, bike, car, motorcycle, horse or boat (or fot, "
                        "cykel, bil, mc, häst, båt)")
    report = file_report(raw, path, ok, rejects, located, warnings)
    report.update(columns={k: v for k, v in col.items() if v is not None}, unknown_modes=unknown,
                  radius_defaulted=int((defaulted & ok).sum()))
    return frame, rejects, report


def _schedule_text(table, col, source, tz) -> pd.Series:
    """The schedule text of every row: the schedule column, else ``start - end`` from time columns."""
    if col["schedule"] is None and col["start"] is None:
        raise InputError(f"{source}: no schedule column found; columns are: {', '.join(map(str, table.columns))}; "
                         "name it schedule (or schema/tider) with text such as 'fre 22-02', or give start/end")
    text = text_values(table, col["schedule"], tz)
    if col["start"] is not None:
        start, end = text_values(table, col["start"], tz), text_values(table, col["end"], tz)
        span = (start + " - " + end).where(end.ne(""), start)
        text = text.where(text.ne(""), span.where(start.ne(""), ""))
    return text


def _radius_defaults(value) -> dict:
    if value is None:
        return dict(MODE_RADIUS_M)
    if isinstance(value, dict):
        unknown = set(value) - set(MODE_RADIUS_M)
        if unknown:
            raise InputError(f"default_radius_m: unknown mode(s) {sorted(unknown)}; modes are {list(MODE_RADIUS_M)}")
        radii = {**MODE_RADIUS_M, **value}
    else:
        radii = dict.fromkeys(MODE_RADIUS_M, value)
    for mode, r in radii.items():
        if isinstance(r, bool) or not isinstance(r, (int, float)) or not 0 < r <= MAX_RADIUS_M:
            raise InputError(f"default_radius_m for {mode}: expected metres above 0 and at most "
                             f"{MAX_RADIUS_M:.0f}, got {r!r}")
    return {k: float(v) for k, v in radii.items()}


def _check_tz(tz):
    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {tz!r}; pass an IANA name such as 'Europe/Stockholm'.") from None
