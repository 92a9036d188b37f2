"""Read incident and complaint files into the Points contract, accounting for every row.

Each file goes through the same stages: :func:`hotspots.io.formats.read_table` (records as read),
:func:`hotspots.io.coords.locate_points` (where), :func:`hotspots.io.times.parse_times` (when),
:func:`hotspots.io.categories.categorise` (what). A row is used only if every stage accepts it;
otherwise it goes to the rejects table with the first reason found, in the order
format → coordinates → time → weight → duplicate id. ``rows_used + rows_rejected == rows_read``
is checked before returning.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots.defaults import TZ
from hotspots.errors import InputError
from hotspots.io.area import read_area
from hotspots.io.categories import categorise
from hotspots.io.columns import find_column, to_number
from hotspots.io.coords import locate_points
from hotspots.io.formats import read_table
from hotspots.io.times import parse_times

__all__ = ["PointsRead", "ReadOptions", "read_points"]

POINT_COLUMNS = ["id", "source", "category", "category_raw", "start", "end", "weight",
                 "sensitive", "text", "file", "row", "geometry"]
_ID = ["id", "arendenummer", "arendenr", "diarienummer", "handelsenummer", "case_id", "incident_id",
       "event_id", "objectid", "fid", "lopnummer", "nr"]
_CATEGORY = ["category", "kategori", "brottskategori", "brottstyp", "brott", "brottskod", "handelsetyp",
             "typ", "type", "offence", "offense", "crime_type", "incident_type", "modalidad", "arende_typ"]
_TEXT = ["text", "fritext", "beskrivning", "description", "summary", "kommentar", "notering", "note",
         "notes", "handelsebeskrivning", "sammanfattning"]
_WEIGHT = ["weight", "vikt"]
_SENSITIVE = ["sensitive", "kanslig", "skyddad"]


@dataclass(frozen=True)
class ReadOptions:
    """How to read the files; every field is optional and detected when left as ``None``.

    Column names (``x_col`` ... ``weight_col``) are as in the file. ``crs`` is the coordinates'
    CRS; ``target_crs`` the internal metric CRS (default: SWEREF 99 TM in Sweden, else UTM).
    ``boundary`` (file or GeoDataFrame) rejects points outside it, buffered by
    ``boundary_buffer_m``. ``category_overrides`` maps raw categories to canonical keys.
    """

    x_col: str | None = None
    y_col: str | None = None
    crs: str | None = None
    target_crs: str | None = None
    start_col: str | None = None
    end_col: str | None = None
    date_col: str | None = None
    clock_col: str | None = None
    tz: str = TZ
    ignore_offsets: bool = False
    id_col: str | None = None
    category_col: str | None = None
    default_category: str | None = None
    text_col: str | None = None
    weight_col: str | None = None
    category_overrides: dict = field(default_factory=dict)
    sheet: str | int | None = None
    layer: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    boundary: object = None
    boundary_buffer_m: float = 1000.0


@dataclass(frozen=True)
class PointsRead:
    """What :func:`read_points` returns: the points, the rejected rows and the summary."""

    points: gpd.GeoDataFrame
    rejects: pd.DataFrame
    summary: dict


def read_points(incidents=(), complaints=(), *, options: ReadOptions | None = None) -> PointsRead:
    """Read incident and complaint files into one Points GeoDataFrame.

    Parameters
    ----------
    incidents, complaints : path or sequence of paths
        Files of any supported format (see :func:`hotspots.io.formats.read_table`).
    options : ReadOptions, optional
        Column names, CRS, time zone, boundary... Everything not given is detected and reported.

    Returns
    -------
    PointsRead
        ``points`` in the internal metric CRS with the DESIGN.md Points columns (plus ``file`` and
        ``row`` for tracing), ``rejects`` (``file``, ``row``, ``reason`` and the raw columns) and
        ``summary`` (``rows_read``, ``rows_used``, ``rows_rejected``, ``reasons``, ``crs``,
        ``time_min``, ``time_max``, ``categories``, per-file details and warnings).

    Raises
    ------
    InputError
        A file that cannot be used at all (missing, empty, no coordinate columns, ...).
    """
    options = options or ReadOptions()
    jobs = [(Path(p), "incident") for p in _as_list(incidents)] + [(Path(p), "complaint") for p in _as_list(complaints)]
    if not jobs:
        raise InputError("no input files; pass at least one incident or complaint file.")
    boundary = read_area(options.boundary) if options.boundary is not None else None
    points, rejects, files = [], [], []
    seen = {"incident": pd.Index([]), "complaint": pd.Index([])}  # ids used so far, per source
    for path, source in jobs:
        used, rejected, report = _read_one(path, source, options, boundary, seen[source])
        if options.target_crs is None:
            options = replace(options, target_crs=used.crs.to_string())
        seen[source] = seen[source].append(pd.Index(used["id"]))
        points.append(used)
        rejects.append(rejected)
        files.append(report)
    crs = options.target_crs
    points_gdf = gpd.GeoDataFrame(pd.concat([p.to_crs(crs) for p in points], ignore_index=True),
                                  geometry="geometry", crs=crs)
    rejects_df = pd.concat(rejects, ignore_index=True)
    summary = _summarise(points_gdf, rejects_df, files, crs)
    return PointsRead(points_gdf, rejects_df, summary)


def _as_list(paths) -> list:
    if paths is None:
        return []
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def _read_one(path: Path, source: str, options: ReadOptions, boundary, seen_ids: pd.Index):
    raw = read_table(path, sheet=options.sheet, layer=options.layer, encoding=options.encoding,
                     delimiter=options.delimiter)
    hints = raw.hints
    table = raw.frame.drop(columns=hints.get("drop_cols", []))
    def pick(name):
        return getattr(options, name) or hints.get(name)
    n = len(table)
    reason = raw.pre_reason.copy() if raw.pre_reason is not None else pd.Series([None] * n, dtype=object)

    located = locate_points(table, source=raw.source, x_col=pick("x_col"), y_col=pick("y_col"),
                            crs=options.crs or hints.get("crs"), geometry=raw.geometry,
                            target_crs=options.target_crs, boundary=boundary,
                            boundary_buffer_m=options.boundary_buffer_m)
    reason = reason.where(reason.notna(), located.reason)
    times = parse_times(table, source=raw.source, start_col=pick("start_col"), end_col=options.end_col,
                        date_col=options.date_col, clock_col=options.clock_col, tz=options.tz,
                        ignore_offsets=options.ignore_offsets)
    reason = reason.where(reason.notna(), times.reason)

    weight = np.ones(n)
    weight_col = _column(table, options.weight_col, _WEIGHT, raw.source, "--weight")
    if weight_col:
        weight = to_number(table[weight_col])
        bad = ~np.isfinite(weight) | (weight < 0)
        reason = reason.where(reason.notna() | ~bad, "invalid_weight")

    category_col = _column(table, pick("category_col"), _CATEGORY, raw.source, "--category")
    if category_col:
        category_raw = table[category_col].astype("string").str.strip().fillna("")
    else:
        category_raw = pd.Series([options.default_category or ""] * n, dtype="string")
    cats = categorise(category_raw, overrides=options.category_overrides or None)
    sensitive = cats.sensitive.to_numpy(dtype=bool)
    sensitive_col = find_column(table.columns, _SENSITIVE, prefix_ok=False)
    if sensitive_col:
        flag = table[sensitive_col].astype("string").str.strip().str.lower()
        sensitive = sensitive | flag.isin(["1", "true", "ja", "yes", "sant", "x"]).to_numpy(dtype=bool)

    id_col = _column(table, pick("id_col"), _ID, raw.source, "--id", prefix_ok=False)
    ids = table[id_col].astype("string").str.strip() if id_col else None
    if ids is None or ids.isna().all():
        ids = pd.Series(raw.row_label.to_numpy(), dtype="string").radd(f"{path.stem}:")
    else:
        ids = ids.fillna(pd.Series(raw.row_label.to_numpy(), dtype="string").radd(f"{path.stem}:"))
    # Duplicate ids: the first valid occurrence (in this or an earlier file) is kept.
    valid = reason.isna()
    duplicate = valid & (ids.where(valid).duplicated(keep="first") | ids.isin(seen_ids)) & ids.notna()
    reason = reason.mask(duplicate, "duplicate_id")
    text_col = _column(table, pick("text_col"), _TEXT, raw.source, "--text")
    text = table[text_col].astype("string").fillna("") if text_col else pd.Series([""] * n, dtype="string")

    ok = reason.isna().to_numpy()
    used = gpd.GeoDataFrame({
        "id": ids[ok].to_numpy(dtype=object),
        "source": source,
        "category": cats.category[ok].to_numpy(dtype=object),
        "category_raw": category_raw[ok].to_numpy(dtype=object),
        "start": times.start[ok].reset_index(drop=True),
        "end": times.end[ok].reset_index(drop=True),
        "weight": weight[ok],
        "sensitive": sensitive[ok],
        "text": text[ok].to_numpy(dtype=object),
        "file": raw.source,
        "row": raw.row_label[ok].to_numpy(dtype=object),
    }, geometry=gpd.points_from_xy(located.x[ok], located.y[ok]), crs=located.crs)

    rejected = table[~ok].astype("string")
    rejected.insert(0, "reason", reason[~ok].to_numpy())
    rejected.insert(0, "row", raw.row_label[~ok].to_numpy())
    rejected.insert(0, "file", raw.source)
    if raw.malformed is not None and len(raw.malformed):
        rejected = pd.concat([rejected, pd.DataFrame({"file": raw.source, "row": raw.malformed["row_label"],
                                                      "reason": "malformed_row", "raw": raw.malformed["raw"]})],
                             ignore_index=True)
    rows_read = n + (0 if raw.malformed is None else len(raw.malformed))
    report = {
        "file": raw.source, "path": str(path), "source": source, "format": raw.info.get("format"),
        "encoding": raw.info.get("encoding"), "delimiter": raw.info.get("delimiter"),
        "rows_read": rows_read, "rows_used": int(ok.sum()), "rows_rejected": len(rejected),
        "reasons": {str(k): int(v) for k, v in rejected["reason"].value_counts().items()},
        "crs": located.crs, "source_crs": located.source_crs, "coordinates": located.info,
        "time": times.info, "category_column": category_col, "id_column": id_col, "text_column": text_col,
        "unmapped_categories": cats.info.get("unmapped", []),
        "warnings": [*(f"{raw.source}: {w}" for w in hints.get("warnings", [])), *located.warnings, *times.warnings]
        + ([] if category_col or options.default_category else [(f"{raw.source}: no category column found; "
                                                                    "every row is 'other' (pass --category).")]),
    }
    return used, rejected, report


def _column(table, stated, candidates, source, flag, *, prefix_ok=True):
    """A stated column (which must exist) or the first detected one, else ``None``."""
    if stated:
        if stated not in table.columns:
            raise InputError(f"{source}: no column '{stated}'; columns are: {', '.join(map(str, table.columns))}; "
                             f"pass {flag} with one of them.")
        return stated
    return find_column(table.columns, candidates, prefix_ok=prefix_ok)


def _summarise(points: gpd.GeoDataFrame, rejects: pd.DataFrame, files: list, crs) -> dict:
    rows_read = sum(f["rows_read"] for f in files)
    rows_used, rows_rejected = len(points), len(rejects)
    if rows_used + rows_rejected != rows_read:  # the contract; a bug if it ever fails
        raise AssertionError(f"row accounting broken: {rows_used} used + {rows_rejected} rejected != {rows_read} read")
    starts = points["start"].dropna()
    return {
        "rows_read": rows_read,
        "rows_used": rows_used,
        "rows_rejected": rows_rejected,
        "reasons": {str(k): int(v) for k, v in rejects["reason"].value_counts().items()},
        "crs": crs,
        "source_crs": sorted({f["source_crs"] for f in files}),
        "time_min": starts.min().isoformat() if len(starts) else None,
        "time_max": starts.max().isoformat() if len(starts) else None,
        "categories": {str(k): int(v) for k, v in points["category"].value_counts().items()},
        "sensitive": int(points["sensitive"].sum()),
        "sources": {str(k): int(v) for k, v in points["source"].value_counts().items()},
        "files": files,
        "warnings": [w for f in files for w in f["warnings"]],
    }
