"""Delivered presence from GPS tracks: GPX, KML and CSV position logs → pieces of presence with real times.

A *fix* is one position at one time of one unit: a GPX ``<trkpt>`` or ``<wpt>`` (GPX 1.0 and 1.1), a KML
``<gx:Track>`` ``when``/``gx:coord`` pair or a ``<Placemark>`` with a ``<TimeStamp>`` and a ``<Point>``, or a
row of a position log (CSV/XLSX with a time column, ``unit``/``enhet`` and lat/lon or x/y found by
:func:`hotspots.io.where.coords.locate_points`). Every fix is read as a row: used, or rejected with the
coordinate reasons of ``locate_points`` or ``no_time`` / ``malformed_time``, so ``used + rejected == read``.

Presence: the fixes of a unit in time order; two consecutive fixes at most ``max_gap_min`` minutes apart
(:data:`hotspots.defaults.MAX_GAP_MIN`) make one *segment*, the straight line between them with the time
between them. A longer gap is not presence (signal lost, device off, a break). Segments follow the Patrol
plan contract (:data:`layers.plans.patrols.PATROL_COLUMNS`: no weekly minutes, one ``dated`` window ``(start,
end)``) plus ``start``/``end``, so :func:`layers.cover.presence.presence_minutes` counts delivered minutes as it
counts planned ones: a segment reaches a target when ``distance(segment, target) <= radius_m``.

Times: GPX and KML times carry their zone (usually ``Z``); naive log times are local in ``tz``
(a wall time that does not exist or is ambiguous at a DST change is ``malformed_time``). Results are in ``tz``.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.defaults import MAX_GAP_MIN, TZ
from hotspots.errors import InputError
from hotspots.io.columns import find_column
from hotspots.io.files.formats import read_table
from hotspots.io.where.coords import locate_points
from layers.plans.tables import as_list, text_values

__all__ = ["TRACK_SUFFIXES", "TracksRead", "is_track_file", "read_tracks"]

TRACK_SUFFIXES = (".gpx", ".kml")
_TIME = ["time", "tid", "tidpunkt", "timestamp", "datetime", "datum_tid", "when", "fix_time"]
_UNIT = ["unit", "enhet", "device", "enhet_id", "vehicle_id", "bil", "patrull", "patrol", "id"]
_SCHEDULE = ["schedule", "schema", "tider", "start", "starttid"]
_CSV_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xls")


@dataclass(frozen=True)
class TracksRead:
    """What :func:`read_tracks` returns.

    Attributes
    ----------
    fixes : GeoDataFrame
        ``unit``, ``time`` (tz-aware), ``file``, ``row``, ``geometry`` (Point) of every used fix.
    segments : GeoDataFrame
        Pieces of presence in the Patrol plan contract with ``start``, ``end`` and ``minutes``.
    rejects : DataFrame
        ``file``, ``row``, ``reason``, ``detail`` and the raw values.
    summary : dict
        ``rows_read == rows_used + rows_rejected``, ``reasons``, ``units``, ``max_gap_min``, ``n_segments``,
        ``minutes_delivered``, ``gaps_over_limit``, ``crs``, ``files``.
    """

    fixes: gpd.GeoDataFrame
    segments: gpd.GeoDataFrame
    rejects: pd.DataFrame
    summary: dict


def is_track_file(path) -> bool:
    """A GPX/KML file, or a position log: a table with a time column of full date-times (at least 80 % of its
    first 50 values) and no schedule or start column. A patrol plan's ``tid`` column of schedules
    (``fre 22-02``) is no time column here."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TRACK_SUFFIXES:
        return True
    if suffix not in _CSV_SUFFIXES or not path.is_file():
        return False
    frame = read_table(path).frame
    column = find_column(frame.columns, _TIME, prefix_ok=False)
    if column is None or find_column(frame.columns, _SCHEDULE, prefix_ok=False) is not None:
        return False
    values = frame[column].dropna().astype(str).str.strip().head(50)
    dated = values.str.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}")
    return bool(len(values)) and float(dated.mean()) >= 0.8


def read_tracks(paths, *, max_gap_min=MAX_GAP_MIN, radius_m=150.0, mode="other", tz=TZ,
                target_crs=None) -> TracksRead:
    """Read GPS tracks and position logs into fixes and delivered-presence segments.

    Parameters
    ----------
    paths : path or sequence of paths
        ``.gpx``, ``.kml`` or a table (CSV/XLSX) of positions with a time column.
    max_gap_min : float
        Longest time between two fixes that still counts as presence, in minutes.
    radius_m : float
        How far the delivered presence is visible (as a patrol plan's ``radius_m``).
    mode : str
        The mode written into the segments (``foot``, ``car``, ...).
    tz : str
        Zone of naive times and of the results.
    target_crs : optional
        Metric CRS of the result (default: SWEREF 99 TM in Sweden, else UTM).

    Returns
    -------
    TracksRead

    Raises
    ------
    InputError
        No files, unreadable XML, a table without a time column, a bad gap or radius.
    """
    if not (isinstance(max_gap_min, (int, float)) and 0 < max_gap_min <= 24 * 60):
        raise InputError(f"max_gap_min must be minutes above 0 and at most 1440, got {max_gap_min!r}")
    if not (isinstance(radius_m, (int, float)) and 0 < radius_m <= 5000):
        raise InputError(f"radius_m must be metres above 0 and at most 5000, got {radius_m!r}")
    files = as_list(paths)
    if not files:
        raise InputError("no track files; pass GPX, KML or a CSV position log with a time column.")
    fixes, rejects, reports = [], [], []
    for path in files:
        table, source, is_xml = _raw_fixes(Path(path))
        used, rej = _locate(table, source, tz, target_crs, is_xml)
        bad = table.attrs.get("malformed")
        if bad is not None and len(bad):  # rows the CSV grammar cannot hold are rows read and rejected too
            rej = pd.concat([rej, pd.DataFrame({"file": source, "row": bad["row_label"].astype(str).to_numpy(),
                                                "reason": "malformed_row", "detail": "more fields than the header has "
                                                "(an unquoted delimiter?)"})], ignore_index=True)
        table_rows = len(table) + (0 if bad is None else len(bad))
        target_crs = target_crs or used.crs
        fixes.append(used.to_crs(target_crs))
        rejects.append(rej)
        reports.append({"file": source, "rows_read": table_rows, "rows_used": len(used), "rows_rejected": len(rej)})
    fix = gpd.GeoDataFrame(pd.concat(fixes, ignore_index=True), geometry="geometry", crs=target_crs)
    rej = pd.concat(rejects, ignore_index=True)
    segments, n_gaps = _segments(fix, max_gap_min, radius_m, mode)
    rows_read = sum(r["rows_read"] for r in reports)
    if len(fix) + len(rej) != rows_read:
        raise AssertionError(f"row accounting broken: {len(fix)} + {len(rej)} != {rows_read}")
    summary = {"rows_read": rows_read, "rows_used": len(fix), "rows_rejected": len(rej),
               "reasons": {str(k): int(v) for k, v in rej["reason"].value_counts().items()},
               "units": sorted(fix["unit"].unique().tolist()), "max_gap_min": float(max_gap_min),
               "n_segments": len(segments), "minutes_delivered": float(segments["minutes"].sum()),
               "gaps_over_limit": n_gaps, "crs": str(target_crs), "tz": str(tz), "files": reports}
    return TracksRead(fix, segments, rej, summary)


def _raw_fixes(path):
    """(table of row, unit, time and lat/lon or the file's own columns; source name; from GPX/KML)."""
    if not path.is_file():
        raise InputError(f"{path}: track file not found.")
    suffix = path.suffix.lower()
    if suffix in TRACK_SUFFIXES:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as err:
            raise InputError(f"{path.name}: not readable XML ({err}); export the track again.") from None
        rows = _gpx(root, path.stem) if suffix == ".gpx" else _kml(root, path.stem)
        table = pd.DataFrame(rows, columns=["row", "unit", "time", "lat", "lon"])
        return table, path.name, True
    raw = read_table(path)
    table = raw.frame.reset_index(drop=True).copy()
    t_col = find_column(table.columns, _TIME, prefix_ok=False)
    if t_col is None:
        raise InputError(f"{raw.source}: no time column in the position log; columns are: "
                         f"{', '.join(map(str, table.columns))}; name it time (or tid/tidpunkt).")
    u_col = find_column(table.columns, _UNIT, prefix_ok=False)
    unit = text_values(table, u_col)
    table = table.assign(row=raw.row_label.to_numpy(), unit=unit.where(unit.ne(""), path.stem).to_numpy(),
                         time=table[t_col].to_numpy())
    table.attrs["malformed"] = raw.malformed
    return table, raw.source, False


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _child_text(el, name):
    for child in el:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _gpx(root, stem):
    rows, counter = [], {"trkpt": 0, "wpt": 0, "rtept": 0}
    meta = next((m for m in root if _local(m.tag) == "metadata"), None)  # GPX 1.1; GPX 1.0 names the root
    default = (_child_text(meta, "name") if meta is not None else _child_text(root, "name")) or stem
    for el in root.iter():
        kind = _local(el.tag)
        if kind == "trk":
            name = _child_text(el, "name") or default
            for pt in el.iter():
                if _local(pt.tag) == "trkpt":
                    counter["trkpt"] += 1
                    rows.append((f"trkpt {counter['trkpt']}", name, _child_text(pt, "time"), pt.get("lat"),
                                 pt.get("lon")))
        elif kind == "wpt":
            counter["wpt"] += 1
            rows.append((f"wpt {counter['wpt']}", default, _child_text(el, "time"), el.get("lat"), el.get("lon")))
    return rows


def _kml(root, stem):
    rows, n = [], 0
    for mark in root.iter():
        if _local(mark.tag) != "Placemark":
            continue
        name = _child_text(mark, "name") or stem
        for el in mark.iter():
            kind = _local(el.tag)
            if kind == "Track":
                whens = [(c.text or "").strip() for c in el if _local(c.tag) == "when"]
                coords = [(c.text or "").split() for c in el if _local(c.tag) == "coord"]
                for i in range(max(len(whens), len(coords))):
                    n += 1
                    xy = coords[i] if i < len(coords) else []
                    rows.append((f"gx:coord {n}", name, whens[i] if i < len(whens) else "",
                                 xy[1] if len(xy) > 1 else None, xy[0] if xy else None))
            elif kind == "TimeStamp":
                point = next((p for p in mark.iter() if _local(p.tag) == "Point"), None)
                xy = (_child_text(point, "coordinates").split(",") if point is not None else [])
                n += 1
                rows.append((f"Placemark {n}", name, _child_text(el, "when"), xy[1] if len(xy) > 1 else None,
                             xy[0] if xy else None))
    return rows


def _locate(table, source, tz, target_crs, is_xml):
    n = len(table)
    if n == 0:
        return gpd.GeoDataFrame({"unit": [], "time": pd.Series([], dtype=f"datetime64[ns, {tz}]"), "file": [],
                                 "row": []}, geometry=[], crs=target_crs or "EPSG:3006"), \
            pd.DataFrame(columns=["file", "row", "reason", "detail"])
    coords = table.drop(columns=["time", "unit", "row"])
    explicit = {"x_col": "lon", "y_col": "lat", "crs": "EPSG:4326"} if is_xml else {}
    located = locate_points(coords, source=source, target_crs=target_crs, row_labels=table["row"].astype(str).tolist(),
                            **explicit)
    reason = located.reason.reset_index(drop=True)
    time, bad_time = _times(table["time"], tz)
    blank = table["time"].isna().to_numpy() | table["time"].astype(str).str.strip().isin(["", "nan", "None"]).to_numpy()
    reason = reason.where(reason.notna() | ~pd.Series(blank), "no_time")
    reason = reason.where(reason.notna() | ~pd.Series(bad_time & ~blank), "malformed_time")
    ok = reason.isna().to_numpy()
    used = gpd.GeoDataFrame({"unit": table["unit"].astype(str).to_numpy()[ok], "time": time[ok],
                             "file": source, "row": table["row"].astype(str).to_numpy()[ok]},
                            geometry=shapely.points(np.asarray(located.x)[ok], np.asarray(located.y)[ok]),
                            crs=located.crs)
    detail = reason.map({"no_time": "the fix has no time; presence needs times",
                         "malformed_time": "not a date-time (or a local time that does not exist/is ambiguous at a "
                                           "DST change)"})
    rej = pd.DataFrame({"file": source, "row": table["row"].astype(str).to_numpy()[~ok],
                        "reason": reason.to_numpy()[~ok], "detail": detail.to_numpy()[~ok],
                        "unit": table["unit"].astype(str).to_numpy()[~ok],
                        "time": table["time"].astype(str).to_numpy()[~ok]})
    return used, rej


def _times(values, tz):
    """tz-aware times in ``tz`` and a mask of unreadable ones; naive values are local wall-clock times."""
    text = values.astype(str).str.strip()
    out = pd.Series(pd.NaT, index=values.index, dtype=f"datetime64[ns, {tz}]")
    aware = text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True)
    if aware.any():
        out[aware] = pd.to_datetime(text[aware], utc=True, errors="coerce", format="ISO8601").dt.tz_convert(tz)
    if (~aware).any():
        naive = pd.to_datetime(text[~aware], errors="coerce", format="mixed")
        out[~aware] = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    return out.to_numpy(), out.isna().to_numpy()


def _segments(fix, max_gap_min, radius_m, mode):
    """Consecutive fixes of a unit at most ``max_gap_min`` apart → one segment each; count of longer gaps."""
    f = fix.sort_values(["unit", "time"], kind="stable").reset_index(drop=True)
    same = f["unit"].to_numpy()[1:] == f["unit"].to_numpy()[:-1]
    dt = (f["time"].to_numpy()[1:] - f["time"].to_numpy()[:-1]) / np.timedelta64(1, "m")
    keep = same & (dt > 0) & (dt <= max_gap_min)
    n_gaps = int((same & (dt > max_gap_min)).sum())
    i = np.flatnonzero(keep)
    xy = shapely.get_coordinates(f.geometry.values)
    lines = shapely.linestrings(np.stack([xy[i], xy[i + 1]], axis=1)) if len(i) else np.array([], dtype=object)
    start, end = f["time"].iloc[i].reset_index(drop=True), f["time"].iloc[i + 1].reset_index(drop=True)
    units = f["unit"].to_numpy()[i]
    seg = gpd.GeoDataFrame({
        "patrol_id": units, "name": "", "unit": units, "mode": mode, "mode_raw": "", "radius_m": float(radius_m),
        "schedule": "", "weekly_minutes": [[] for _ in i], "dated": [[(s, e)] for s, e in zip(start, end)],
        "minutes_per_week": np.zeros(len(i), dtype=np.int64), "file": f["file"].to_numpy()[i],
        "row": f["row"].to_numpy()[i], "start": start, "end": end, "minutes": dt[keep],
    }, geometry=gpd.GeoSeries(list(lines), crs=f.crs), crs=f.crs)
    return seg, n_gaps
