"""Read special places (where trouble gathers on special weekends) into the Special places contract.

Inputs: GeoJSON, GeoPackage, Shapefile (Point with a radius, Polygon or MultiPolygon area, or a
LineString such as a street) or a table (CSV/XLSX) of points whose coordinates
:func:`hotspots.io.where.coords.locate_points` finds. Columns by English or Swedish name: ``place_id``/``id``,
``name``/``namn``, ``radius_m``/``radie_m``/``radie``, ``events``/``evenemang``/``händelser``,
``note``/``notering``/``kommentar``.

``events`` is a JSON list (``["valborg", "midsommar"]``) or text separated by ``,``, ``;``, ``|``,
``/``, ``och``/``and`` (``valborg, midsommar``). Keys are lower-case with å/ä/ö folded and spaces as
``_`` (``Nyårsafton`` → ``nyarsafton``, ``Kristi himmelsfärd`` → ``kristi_himmelsfard``); a few common names
map to the keys of :mod:`layers.calendar` (``valborgsmässoafton``, ``walpurgis`` → ``valborg``;
``midsummer`` → ``midsommar``; ``nyår``, ``new year's eve`` → ``nyarsafton``; ``studenten`` →
``studentfirande``; ``easter`` → ``pask``). Local event keys (the project file's ``[[events]]``) are kept
as written, normalised the same way.

``area`` is what the place covers: a point buffered by its radius (row value, else
``default_radius_m``), a line buffered likewise, a polygon itself; a radius given on a polygon
widens it by that much (``radius_m`` is 0 for polygons without one). Rows are rejected, first reason
first, as ``malformed_row``, ``unsupported_geometry``, the coordinate reasons of
:func:`~hotspots.io.where.coords.locate_points`, ``invalid_radius``, ``duplicate_id`` (a later row with an
id already used).
"""

import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspots.errors import InputError
from hotspots.io.columns import find_column, normalise_name
from hotspots.io.files.formats import read_table
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

__all__ = ["EVENT_ALIASES", "PLACE_COLUMNS", "PlacesRead", "read_places"]

PLACE_COLUMNS = ["place_id", "name", "radius_m", "events", "note", "file", "row", "geometry", "area"]
_ID = ["place_id", "plats_id", "platsid", "id", "nr"]
_NAME = ["name", "namn", "plats", "platsnamn", "place", "place_name"]
_RADIUS = ["radius_m", "radie_m", "radie", "radius", "buffer_m", "buffert_m"]
_EVENTS = ["events", "event", "evenemang", "handelser", "handelse", "hogtider", "tillfallen", "tags", "taggar"]
_NOTE = ["note", "notes", "notering", "anteckning", "kommentar", "beskrivning", "description"]
_KINDS = ("Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
EVENT_ALIASES = {  # common names -> the keys of layers.calendar (midsommarafton and midsommar are two windows there)
    "valborgsmassoafton": "valborg", "valborgsafton": "valborg", "walpurgis": "valborg",
    "walpurgis_night": "valborg", "midsummer": "midsommar", "midsummer_eve": "midsommarafton",
    "nyar": "nyarsafton", "nyarsnatt": "nyarsafton", "new_year_s_eve": "nyarsafton", "new_years_eve": "nyarsafton",
    "studenten": "studentfirande", "student": "studentfirande", "skolavslutningen": "skolavslutning",
    "lonehelgen": "lonehelg", "easter": "pask", "paskhelgen": "pask", "christmas_eve": "julafton",
    "kristi_himmelsfardsdag": "kristi_himmelsfard", "ascension": "kristi_himmelsfard"}
_SPLIT = r"\s*(?:[,;|/\n]|\boch\b|\band\b)\s*"


@dataclass(frozen=True)
class PlacesRead:
    """What :func:`read_places` returns: the places, the rejected rows and the summary."""

    places: gpd.GeoDataFrame
    rejects: pd.DataFrame
    summary: dict


def read_places(path, *, default_radius_m=150, target_crs=None, x_col=None, y_col=None, crs=None) -> PlacesRead:
    """Read special places from one file (or several) into one GeoDataFrame.

    Parameters
    ----------
    path : path or sequence of paths
        GeoJSON/GeoPackage/Shapefile or CSV/XLSX of points.
    default_radius_m : float
        Radius of points and lines without one (150 m: a square, a beach, a school yard).
    target_crs : optional
        Metric CRS of the result. Default: SWEREF 99 TM (EPSG:3006) for data in Sweden, else UTM.
    x_col, y_col, crs : optional
        Coordinate columns of a table and the CRS of the input (default: detected).

    Returns
    -------
    PlacesRead
        ``places`` with :data:`PLACE_COLUMNS` (geometry column ``geometry``; ``area`` a second
        GeoSeries in the same CRS: read it as ``places["area"]``, since ``places.area`` is geopandas'
        area of ``geometry``), ``rejects`` (``file``, ``row`` as in the file, ``reason``, ``detail``
        (English), ``column`` and ``value`` behind the reason, ``detail_sv``, raw columns)
        and ``summary`` (``rows_read == rows_used + rows_rejected``, ``reasons``, ``crs``, ``events``,
        ``default_radius_m``, per-file details, ``warnings``).

    Raises
    ------
    InputError
        No file, an unreadable file, no coordinates, a bad default radius.
    """
    if isinstance(default_radius_m, bool) or not isinstance(default_radius_m, (int, float)) or \
            not 0 < default_radius_m <= MAX_RADIUS_M:
        raise InputError(f"default_radius_m: expected metres above 0 and at most {MAX_RADIUS_M:.0f}, "
                         f"got {default_radius_m!r}")
    files = as_list(path)
    if not files:
        raise InputError("no special-places file; pass a GeoJSON/GeoPackage/Shapefile or CSV of places.")
    used, rejected, reports, seen = [], [], [], set()
    for one in files:
        frame, rej, report = _read_one(Path(one), float(default_radius_m), target_crs, x_col, y_col, crs, seen)
        target_crs = target_crs or report["crs"]
        seen |= set(frame["place_id"])
        used.append(frame.to_crs(target_crs).assign(area=frame["area"].to_crs(target_crs)))
        rejected.append(rej)
        reports.append(report)
    places = gpd.GeoDataFrame(pd.concat(used, ignore_index=True), geometry="geometry", crs=target_crs)
    places["area"] = gpd.GeoSeries(places["area"], crs=target_crs)
    rejects = pd.concat(rejected, ignore_index=True)
    summary = read_summary(places, rejects, reports, reports[0]["crs"])
    summary.update(default_radius_m=float(default_radius_m),
                   events={str(k): int(v) for k, v in places["events"].explode().dropna().value_counts().items()})
    return PlacesRead(places, rejects, summary)


def _read_one(path, default_radius, target_crs, x_col, y_col, crs, seen):
    raw = read_table(path)
    table, n, source = raw.frame, len(raw.frame), raw.source
    geoms, reason, located = locate_shapes(raw, _KINDS, x_col=x_col, y_col=y_col, crs=crs, target_crs=target_crs)
    col = {key: find_column(table.columns, names, prefix_ok=False) for key, names in
           (("id", _ID), ("name", _NAME), ("radius", _RADIUS), ("events", _EVENTS), ("note", _NOTE))}
    is_area = np.isin(shapely.get_type_id(geoms), [3, 6])  # Polygon, MultiPolygon
    fallback_m = np.where(is_area, 0.0, default_radius)
    radius, bad, defaulted = radius_values(table, col["radius"], fallback_m, zero_ok=is_area)
    detail = pd.Series([None] * n, dtype=object)
    bad_radius = reason.isna() & bad
    reason = reason.mask(bad_radius, "invalid_radius")
    detail = detail.mask(bad_radius, f"radius must be a number of metres above 0 and at most {MAX_RADIUS_M:.0f}; "
                                     "leave it empty for the default")
    names = text_values(table, col["name"])
    ids = text_values(table, col["id"])
    ids = ids.where(ids.ne(""), raw.row_label.radd(f"{path.stem}:"))
    valid = reason.isna()
    duplicate = valid & (ids.where(valid).duplicated(keep="first") | ids.isin(seen))
    reason = reason.mask(duplicate, "duplicate_id")
    detail = detail.mask(duplicate, "place_id " + ids + " is used by an earlier row")

    ok = reason.isna().to_numpy()
    events = (table[col["events"]].reset_index(drop=True).map(_events) if col["events"] is not None
              else pd.Series([[] for _ in range(n)], dtype=object))
    kept, crs_out = geoms[ok], located.crs
    areas = np.where(is_area[ok] & (radius[ok] == 0), kept, shapely.buffer(kept, radius[ok], quad_segs=16))
    frame = gpd.GeoDataFrame({
        "place_id": ids[ok].to_numpy(dtype=object),
        "name": names.where(names.ne(""), ids)[ok].to_numpy(dtype=object),
        "radius_m": radius[ok],
        "events": list(events[ok]),
        "note": text_values(table, col["note"])[ok].to_numpy(dtype=object),
        "file": source,
        "row": raw.row_label[ok].to_numpy(dtype=object),
    }, geometry=gpd.GeoSeries(list(kept), crs=crs_out), crs=crs_out)
    frame["area"] = gpd.GeoSeries(list(areas), crs=crs_out)
    swedish = {"invalid_radius": f"radien ska vara meter över 0 och högst {MAX_RADIUS_M:.0f}; lämna tom för "
                                 "standardvärdet", "duplicate_id": "plats-id:t används redan på en tidigare rad"}
    detail_sv = reason.map(swedish).astype(object)
    where = reject_where(raw, reason, located, {"invalid_radius": (col["radius"], text_values(table, col["radius"])),
                                                "duplicate_id": (col["id"], ids)})
    rejects = reject_rows(raw, ok, reason, detail, {**where, "detail_sv": detail_sv})
    warnings = list(located.warnings)
    no_events = int(frame["events"].map(len).eq(0).sum())
    if no_events:
        warnings.append(f"{source}: {no_events} place(s) have no events (column "
                        f"{col['events'] or 'events/evenemang missing'}); they belong to no special weekend")
    report = file_report(raw, path, ok, rejects, located, warnings)
    report.update(columns={k: v for k, v in col.items() if v is not None}, radius_defaulted=int((defaulted & ok).sum()))
    return frame, rejects, report


def _events(value) -> list:
    """Event keys of one cell: a list/array, a JSON list, or separated text; lower-case, ASCII, unique."""
    if isinstance(value, (list, tuple, np.ndarray)):
        items = [str(v) for v in value]
    elif value is None or (not isinstance(value, str) and pd.isna(value)):
        items = []
    else:
        text = str(value).strip()
        try:
            parsed = json.loads(text) if text.startswith("[") else None
        except json.JSONDecodeError:
            parsed = None
        items = [str(v) for v in parsed] if isinstance(parsed, list) else pd.Series([text]).str.split(
            _SPLIT, regex=True).iloc[0]
    keys = (normalise_name(item) for item in items)
    return list(dict.fromkeys(EVENT_ALIASES.get(k, k) for k in keys if k))
