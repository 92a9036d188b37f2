"""Patrol reports as delivered presence: who was where (a special place or a position), from when to when.

A report table (CSV/XLSX) has a place (``plats``/``place``: a special place's id or name) or coordinates
(found by :func:`hotspots.io.where.coords.locate_points`), a start and an end (``start``/``från``,
``end``/``slut``/``till``; an end written as a time of day only is on the start's day, or the next when it is
earlier: ``2025-04-30 21:00`` to ``01:30``), and optionally a unit (``unit``/``enhet``). Times are read by
:func:`layers.plans.schedule.parse_schedule` as one dated window in ``tz``, so daylight-saving nights behave as in
patrol plans. Each row is used or rejected with a reason: ``no_place`` (neither a known place nor
coordinates; the detail names the place written and the known ones), ``no_time``, ``malformed_time``.

A used row is a standing piece of presence (:mod:`layers.cover.delivered`): the place's geometry and ``radius_m``,
or the position and ``radius_m`` (default 150 m), with ``start``, ``end`` and ``minutes``.
"""

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.defaults import TZ
from hotspots.errors import InputError
from hotspots.io.columns import find_column
from hotspots.io.files.formats import read_table
from hotspots.io.where.coords import locate_points
from layers.plans.schedule import parse_schedule
from layers.plans.tables import as_list, text_values

__all__ = ["ReportsRead", "read_reports"]

_PLACE = ["plats", "place", "place_id", "plats_id", "platsnamn", "stalle", "location", "omrade"]
_UNIT = ["unit", "enhet", "patrull", "patrol", "grupp"]
_START = ["start", "starttid", "start_time", "fran", "from", "fran_tid"]
_END = ["end", "sluttid", "end_time", "slut", "till", "to"]


@dataclass(frozen=True)
class ReportsRead:
    """What :func:`read_reports` returns: ``reports`` (``unit``, ``place_id``, ``start``, ``end``, ``minutes``,
    ``radius_m``, ``file``, ``row``, ``geometry``), ``rejects`` and ``summary`` (``used + rejected == read``)."""

    reports: gpd.GeoDataFrame
    rejects: pd.DataFrame
    summary: dict


def read_reports(paths, *, places=None, radius_m=150.0, tz=TZ, target_crs=None) -> ReportsRead:
    """Read patrol reports into standing pieces of delivered presence.

    Parameters
    ----------
    paths : path or sequence of paths
        CSV/XLSX tables of reports.
    places : GeoDataFrame, optional
        Special places (:func:`layers.plans.places.read_places`) that reports may name by id or name.
    radius_m : float
        Radius of a report given by position.
    tz : str
        Zone of the report times.
    target_crs : optional
        Metric CRS (default: the places' CRS, else found from the coordinates).

    Returns
    -------
    ReportsRead

    Raises
    ------
    InputError
        No files, an unreadable file, no start column.
    """
    files = as_list(paths)
    if not files:
        raise InputError("no report files; pass a CSV of patrol reports (plats, start, slut).")
    target_crs = target_crs or (places.crs if places is not None else None)
    used, rejected, reads = [], [], 0
    for path in files:
        frame, rej, n = _read_one(Path(path), places, radius_m, tz, target_crs)
        target_crs = target_crs or frame.crs
        used.append(frame.to_crs(target_crs) if len(frame) else frame.set_crs(target_crs, allow_override=True))
        rejected.append(rej)
        reads += n
    reports = gpd.GeoDataFrame(pd.concat(used, ignore_index=True), geometry="geometry", crs=target_crs)
    rejects = pd.concat(rejected, ignore_index=True)
    if len(reports) + len(rejects) != reads:
        raise AssertionError(f"row accounting broken: {len(reports)} + {len(rejects)} != {reads}")
    summary = {"rows_read": reads, "rows_used": len(reports), "rows_rejected": len(rejects),
               "reasons": {str(k): int(v) for k, v in rejects["reason"].value_counts().items()},
               "minutes": float(reports["minutes"].sum()), "units": sorted(set(reports["unit"])),
               "files": [Path(p).name for p in files]}
    return ReportsRead(reports, rejects, summary)


def _read_one(path, places, radius_m, tz, target_crs):
    raw = read_table(path)
    table, n = raw.frame.reset_index(drop=True), len(raw.frame)
    col = {k: find_column(table.columns, names, prefix_ok=False) for k, names in
           (("place", _PLACE), ("unit", _UNIT), ("start", _START), ("end", _END))}
    if col["start"] is None:
        raise InputError(f"{raw.source}: no start column in the patrol reports; columns are: "
                         f"{', '.join(map(str, table.columns))}; name them start and slut (or från/till).")
    place_text = text_values(table, col["place"])
    lookup = {}
    if places is not None and len(places):
        for i, (pid, name) in enumerate(zip(places["place_id"], places["name"])):
            lookup.setdefault(str(pid).casefold(), i)
            lookup.setdefault(str(name).casefold(), i)
    at = place_text.str.casefold().map(lookup)
    xy = _positions(table, raw.source, target_crs)
    crs = target_crs or (xy.crs if xy is not None else "EPSG:3006")
    geoms = np.full(n, None, dtype=object)
    radius = np.full(n, float(radius_m))
    if xy is not None:
        ok_xy = xy.reason.reset_index(drop=True).isna().to_numpy()
        geoms[ok_xy] = shapely.points(np.asarray(xy.x)[ok_xy], np.asarray(xy.y)[ok_xy])
    known = at.notna().to_numpy()
    if known.any():
        pl = places.to_crs(crs)
        idx = at[known].astype(int).to_numpy()
        geoms[known] = np.asarray(pl.geometry.values, dtype=object)[idx]
        radius[known] = pl["radius_m"].to_numpy(dtype=float)[idx]
    start, end = text_values(table, col["start"], tz), text_values(table, col["end"], tz)
    reason = pd.Series([None] * n, dtype=object)
    detail = pd.Series([None] * n, dtype=object)
    no_place = pd.isna(geoms)
    names = ", ".join(sorted(str(v) for v in places["name"])) if places is not None and len(places) else "none"
    reason[no_place] = "no_place"
    detail[no_place] = [f"place {t!r} is not a special place ({names}) and the row has no coordinates"
                        for t in place_text[no_place]]
    blank = (start.eq("") | end.eq("")).to_numpy() & reason.isna().to_numpy()
    reason[blank], detail[blank] = "no_time", "a report needs a start and an end"
    text = start + " - " + end
    parsed = {}
    for value in text[reason.isna()].unique():  # each distinct window once (reports repeat shifts)
        try:
            parsed[value] = parse_schedule(value, tz=tz).dated[0]
        except (InputError, IndexError) as err:
            parsed[value] = str(err) or "not a date and time"
    windows = text.map(parsed).where(reason.isna(), None)
    failed = reason.isna() & windows.map(lambda w: isinstance(w, str))
    reason, detail = reason.mask(failed, "malformed_time"), detail.mask(failed, windows)
    windows = windows.to_numpy(dtype=object)
    ok = reason.isna().to_numpy()
    s = pd.DatetimeIndex([w[0] for w in windows[ok]], dtype=f"datetime64[ns, {tz}]")
    e = pd.DatetimeIndex([w[1] for w in windows[ok]], dtype=f"datetime64[ns, {tz}]")
    unit = text_values(table, col["unit"])
    frame = gpd.GeoDataFrame({
        "unit": unit[ok].to_numpy(dtype=object), "place_id": [
            str(places["place_id"].iloc[int(i)]) if pd.notna(i) else "" for i in at[ok]],
        "start": s, "end": e, "minutes": ((e - s) / pd.Timedelta(minutes=1)).to_numpy(float),
        "radius_m": radius[ok], "file": raw.source, "row": raw.row_label[ok].to_numpy(dtype=object),
    }, geometry=gpd.GeoSeries(list(geoms[ok]), crs=crs), crs=crs)
    rej = pd.DataFrame({"file": raw.source, "row": raw.row_label[~ok].to_numpy(dtype=object),
                        "reason": reason[~ok].to_numpy(), "detail": detail[~ok].to_numpy(),
                        "plats": place_text[~ok].to_numpy(), "start": start[~ok].to_numpy(),
                        "slut": end[~ok].to_numpy()})
    bad = raw.malformed
    if bad is not None and len(bad):  # rows the CSV grammar cannot hold: read, and rejected
        rej = pd.concat([rej, pd.DataFrame({"file": raw.source, "row": bad["row_label"].astype(str).to_numpy(),
                                            "reason": "malformed_row",
                                            "detail": "more fields than the header has (an unquoted delimiter?)"})],
                        ignore_index=True)
        n += len(bad)
    return frame, rej, n


def _positions(table, source, target_crs):
    """Coordinates of the rows, or ``None`` when the table has no coordinate columns."""
    try:
        return locate_points(table, source=source, target_crs=target_crs)
    except InputError:
        return None
