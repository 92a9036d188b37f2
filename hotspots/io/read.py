"""Read incident and complaint files into the Points contract, accounting for every row.

Each file goes through the same stages: :func:`hotspots.io.files.formats.read_table` (records as read),
:func:`hotspots.io.where.coords.locate_points` (where), :func:`hotspots.io.when.times.parse_times` (when),
:func:`hotspots.io.what.categories.categorise` (what). A row is used only if every stage accepts it;
otherwise it goes to the rejects table with the first reason found, in the order
format → coordinates → time → weight → duplicate id. ``rows_used + rows_rejected == rows_read``
is checked before returning.
"""

from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots.errors import InputError
from hotspots.io.columns import column_list, find_column, to_number
from hotspots.io.copies import copies_warning, count_copies
from hotspots.io.files.estimate import estimate_rows
from hotspots.io.files.formats import read_tables
from hotspots.io.lean import lean_frame
from hotspots.io.options import ReadOptions
from hotspots.io.rejected import rejected_rows
from hotspots.io.summary import summarise_read
from hotspots.io.what.classify import classify_rows
from hotspots.io.when.times import parse_times
from hotspots.io.when.zone import zones_of_located
from hotspots.io.where.area import read_area
from hotspots.io.where.coords import locate_points
from hotspots.io.where.precision import find_imprecise
from hotspots.memory import BYTES_PER_ROW, check_memory, release_memory

__all__ = ["PointsRead", "ReadOptions", "read_points"]

POINT_COLUMNS = ["id", "source", "category", "category_raw", "start", "end", "tz", "weight",
                 "sensitive", "imprecise", "text", "file", "row", "geometry"]
_ID = ["id", "arendenummer", "arendenr", "diarienummer", "handelsenummer", "case_id", "incident_id",
       "event_id", "objectid", "fid", "lopnummer", "nr"]
_TEXT = ["text", "fritext", "beskrivning", "description", "summary", "kommentar", "notering", "note",
         "notes", "handelsebeskrivning", "sammanfattning"]
_WEIGHT = ["weight", "vikt"]


@dataclass(frozen=True)
class PointsRead:
    """What :func:`read_points` returns: the points, the rejected rows and the summary."""

    points: gpd.GeoDataFrame
    rejects: pd.DataFrame
    summary: dict


def read_points(incidents=(), complaints=(), *, options: ReadOptions | None = None,
                geometry: bool = True, lean: bool = False, progress=None) -> PointsRead:
    """Read incident and complaint files into one Points GeoDataFrame.

    Parameters
    ----------
    incidents, complaints : path or sequence of paths
        Files of any supported format (see :func:`hotspots.io.files.formats.read_table`).
    options : ReadOptions, optional
        Column names, CRS, time zone, boundary... Everything not given is detected and reported.
    geometry : bool
        Build shapely points (default). ``False`` is the fast path for counting at scale: ``points``
        is a plain DataFrame with float ``x``/``y`` columns (internal metric CRS, named in
        ``summary["crs"]`` and ``points.attrs["crs"]``) instead of ``geometry``; the rows and the
        accounting are the same, and every grid method (count, kde, gistar, prospective) accepts it.
    lean : bool
        Keep only the columns the methods and the summary read (:data:`hotspots.io.lean.LEAN_COLUMNS`: no ``id``,
        ``text``, ``file``, ``row`` or ``category_raw``), for commands that write no single incident
        (``hotspots`` with a grid method, ``check``). The rows, rejects and accounting are the same; at
        15 million rows this leaves out about a gigabyte of per-row text.
    progress : callable, optional
        Called with a short text as reading goes on (file, rows read, stage), e.g. a terminal's status
        line; never with row data.

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
    _check_memory(jobs)
    boundary = read_area(options.boundary) if options.boundary is not None else None
    points, rejects, files, skipped = [], [], [], []
    seen = {"incident": pd.Index([]), "complaint": pd.Index([])}  # ids used so far, per source
    several = len(jobs) > 1
    for path, source in jobs:
        if progress is not None:
            progress(f"{path.name}: reading")
        # Every sheet/layer that holds points, each with its own accounting (#16.2, #13.4).
        tables, passed_over = read_tables(path, sheet=options.sheet, layer=options.layer,
                                          encoding=options.encoding, delimiter=options.delimiter)
        skipped += passed_over
        # the Arrow buffers the columns were converted from: gone, but kept by the allocator
        release_memory(sum(len(t.frame) for t in tables))
        # Ids are compared across files (and sheets); a lone table's made-up ids cannot repeat, so lean
        # reading builds none for it.
        need_ids = not lean or several or len(tables) > 1
        while tables:
            if progress is not None:
                progress(f"{tables[0].source}: {len(tables[0].frame):,} rows read; checking place, time and category")
            used, used_ids, rejected, report = _read_one(tables, path, source, options, boundary, seen[source],
                                                         lean=lean, need_ids=need_ids)
            if progress is not None:
                progress(f"{report['file']}: {report['rows_used']:,} of {report['rows_read']:,} rows used")
            if options.target_crs is None:  # later files are located straight into the first file's CRS
                options = replace(options, target_crs=report["crs"])
            if used_ids is not None:
                seen[source] = seen[source].append(pd.Index(used_ids))
            points.append(used)
            rejects.append(rejected)
            files.append(report)
    crs = options.target_crs
    if len({str(p["start"].dt.tz) for p in points}) > 1:  # files in several zones: UTC plus each row's tz
        points = [p.assign(start=p["start"].dt.tz_convert("UTC"), end=p["end"].dt.tz_convert("UTC")) for p in points]
    points_gdf = pd.concat(points, ignore_index=True) if len(points) > 1 else points[0]  # one file: no copy
    points_gdf["tz"] = points_gdf["tz"].astype("category")
    if geometry:
        points_gdf = gpd.GeoDataFrame(points_gdf.drop(columns=["x", "y"]), crs=crs, geometry=gpd.points_from_xy(
            points_gdf["x"].to_numpy(), points_gdf["y"].to_numpy()))
    else:
        points_gdf.attrs["crs"] = crs  # what a GeoDataFrame would carry; the grid methods read it here
    rejects_df = pd.concat(rejects, ignore_index=True)
    # the stages' intermediate columns are gone; give their pages back before the methods run
    release_memory(len(points_gdf) + len(rejects_df))
    summary = summarise_read(points_gdf, rejects_df, files, crs)
    summary["skipped_tables"] = skipped
    if skipped:
        summary["warnings"].append(f"sheets/layers without points, not read: {'; '.join(skipped)}")
    return PointsRead(points_gdf, rejects_df, summary)


def _check_memory(jobs):
    """Refuse before reading when the rows would not fit (estimated from Parquet metadata or text size)."""
    estimates = [(path, estimate_rows(path)) for path, _ in jobs]
    rows = sum(n for _, n in estimates if n)
    if rows:
        names = ", ".join(f"{p.name} ({n:,})" for p, n in estimates if n)
        check_memory(rows * BYTES_PER_ROW, what=f"reading about {rows:,} rows ({names})",
                     ways_out="read a date range or a sub-folder of Parquet parts at a time, or run with "
                              "--engine dask")


def _as_list(paths) -> list:
    if paths is None:
        return []
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def _read_one(tables, path: Path, source: str, options: ReadOptions, boundary, seen_ids: pd.Index, *, lean=False,
              need_ids=True):
    """Read the next table of ``tables`` (taken out of the list, so that its raw columns are freed as soon as
    the used rows are known, before the used rows' frame is built)."""
    raw = tables.pop(0)
    hints = raw.hints
    table = raw.frame.drop(columns=hints.get("drop_cols", []))
    def pick(name):
        return getattr(options, name) or hints.get(name)
    n = len(table)
    # Row labels as Arrow strings ("row 12"): 15 million Python string objects would cost a gigabyte.
    labels = raw.row_label.astype("str").reset_index(drop=True)
    reason = raw.pre_reason.copy() if raw.pre_reason is not None else pd.Series([None] * n, dtype=object)

    located = locate_points(table, source=raw.source, x_col=pick("x_col"), y_col=pick("y_col"),
                            crs=options.crs or hints.get("crs"), geometry=raw.geometry,
                            target_crs=options.target_crs, boundary=boundary,
                            boundary_buffer_m=options.boundary_buffer_m, study_box=options.study_box,
                            row_labels=labels)
    reason = reason.where(reason.notna(), located.reason)
    located = replace(located, reason=None)  # merged: 15M rows of reasons are 120 MB
    times = parse_times(table, source=raw.source, start_col=pick("start_col"), end_col=options.end_col,
                        date_col=options.date_col, clock_col=options.clock_col, tz=options.tz,
                        zones=_row_zones(located, options), ignore_offsets=options.ignore_offsets,
                        dayfirst=options.dayfirst, min_date=options.min_date, max_date=options.max_date)
    reason = reason.where(reason.notna(), times.reason)
    times = replace(times, reason=None)

    weight = np.broadcast_to(np.float64(1.0), (n,))  # read-only ones that take no memory; copied when used
    weight_col = _column(table, options.weight_col, _WEIGHT, raw.source, "--weight")
    if weight_col:
        weight = to_number(table[weight_col])
        bad = ~np.isfinite(weight) | (weight < 0)
        reason = reason.where(reason.notna() | ~bad, "invalid_weight")

    what = classify_rows(table, source=raw.source, stated_column=pick("category_col"),
                         default_category=options.default_category, overrides=options.category_overrides)
    if lean:  # the raw category words are for the Points contract's category_raw, which lean reading leaves out
        what = replace(what, category_raw=None)
    imprecise = _imprecise(table, located, reason, hints)

    id_col = _column(table, pick("id_col"), _ID, raw.source, "--id", prefix_ok=False)
    ids = table[id_col].astype("string").str.strip() if id_col else None
    # Rows without an id: file stem (and sheet/layer) and row, e.g. "export:2" or "export:Blad2:7".
    prefix = f"{path.stem}{raw.source[len(path.name):]}:" if raw.source.startswith(path.name) else f"{path.stem}:"
    generated = ids is None or ids.isna().all()
    if generated and not need_ids:
        ids = None  # unique by construction and compared with no other table (lean reading)
    elif generated:
        ids = labels.astype("string").radd(prefix)
    else:
        ids = ids.fillna(labels.astype("string").radd(prefix))
    if ids is not None:
        # Duplicate ids: the first valid occurrence (in this or an earlier file) is kept. Ids made from
        # row labels are unique within the table by construction, so only earlier files can clash.
        valid = reason.isna()
        repeated = ids.isin(seen_ids) if generated else ids.where(valid).duplicated(keep="first") | ids.isin(seen_ids)
        duplicate = valid & repeated & ids.notna()
        reason = reason.mask(duplicate, "duplicate_id")
    copies = count_copies(table, reason.isna().to_numpy(), keys=(located.x, located.y, _instants(times.start))) \
        if generated else 0
    text_col = _column(table, pick("text_col"), _TEXT, raw.source, "--text")
    ok = reason.isna().to_numpy()
    used_ids = ids[ok].astype("str").reset_index(drop=True) if ids is not None else None
    used = None if lean else pd.DataFrame({
        "id": used_ids,  # Arrow strings stay Arrow: no object per row
        "source": source,
        "category": what.category[ok].to_numpy(dtype=object),
        "category_raw": what.category_raw[ok].to_numpy(dtype=object),
        "start": times.start[ok].reset_index(drop=True),
        "end": times.end[ok].reset_index(drop=True),
        "tz": pd.Categorical(times.zone[ok].to_numpy() if times.zone is not None else
                             [str(times.info.get("tz"))] * int(ok.sum())),
        "weight": weight[ok],
        "sensitive": what.sensitive[ok],
        "imprecise": imprecise.imprecise[ok],
        "text": _text(table, text_col, ok),
        "file": raw.source,
        "row": labels[ok].reset_index(drop=True),
        "x": located.x[ok],
        "y": located.y[ok],
    })

    rejected = rejected_rows(table[~ok], {"file": raw.source, "row": raw.row_label[~ok].to_numpy(),
                                          "reason": reason[~ok].to_numpy()})
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
        "time": times.info, **what.report, "id_column": id_col, "text_column": text_col,
        "precision": imprecise.report, "copied_rows": copies,
        "warnings": [*(f"{raw.source}: {w}" for w in hints.get("warnings", [])), *located.warnings, *times.warnings,
                     *what.warnings, *_precision_warning(raw.source, imprecise.report),
                     *copies_warning(raw.source, copies)],
    }
    del raw, table, labels  # the raw columns and row labels: every use is above (15M rows: 600 MB)
    if lean:  # last, so that each stage's full-length column is let go as soon as its used rows are copied
        zone = times.zone if times.zone is not None else pd.Categorical([str(times.info.get("tz"))] * n)
        full = {"category": what.category, "start": times.start, "end": times.end, "tz": zone, "weight": weight,
                "sensitive": what.sensitive, "imprecise": imprecise.imprecise, "x": located.x, "y": located.y}
        del located, times, what, imprecise, weight, zone
        used = lean_frame(source, full, ok)
    return used, used_ids, rejected, report


def _text(table, text_col, ok):
    """The used rows' free text (empty where the file has no text column), as Arrow strings."""
    if not text_col:
        return pd.Series([""] * int(ok.sum()), dtype="str")
    return table[text_col].astype("string").fillna("")[ok].astype("str").reset_index(drop=True)


def _instants(start) -> np.ndarray:
    """Start times as int64 nanoseconds (NaT the smallest), without a Timestamp object per row."""
    values = getattr(pd.Series(start).array, "asi8", None)
    return values if values is not None else pd.Series(start).astype("int64").to_numpy()


def _imprecise(table, located, reason, hints):
    """Rows at locations that are no incident locations (area centres, fallbacks, coarse grids).

    The file's own coordinates are checked where they come from columns, so a grid of rounded
    degrees is seen before reprojection blurs it."""
    info = located.info
    if info.get("coordinates_from") == "columns":  # numeric columns pass through to_number without a copy
        sx, sy = to_number(table[info["x_column"]]), to_number(table[info["y_column"]])
    else:
        sx, sy = located.x, located.y
    return find_imprecise(sx, sy, rows=reason.isna().to_numpy(),
                          source_hint=hints.get("precision_source"),
                          geographic=True if located.source_crs == "EPSG:4326" else None)


def _row_zones(located, options):
    """Each row's time zone from where it is (offline), when no zone is stated."""
    return None if options.tz is not None else zones_of_located(located)


def _precision_warning(source, report):
    n = report.get("rows", 0)
    if not n:
        return []
    why = ", ".join(f"{k}: {v}" for k, v in report.get("reasons", {}).items())
    return [(f"{source}: {n} rows sit on locations that are no incident locations ({why}); spatial methods "
            "leave them out (keep them with --keep-imprecise).")]


def _column(table, stated, candidates, source, flag, *, prefix_ok=True):
    """A stated column (which must exist) or the first detected one, else ``None``."""
    if stated:
        if stated not in table.columns:
            raise InputError(f"{source}: no column '{stated}'; columns are: {column_list(table.columns)}; "
                             f"pass {flag} with one of them.")
        return stated
    return find_column(table.columns, candidates, prefix_ok=prefix_ok)
