"""What the layer readers (patrol plans, special places) share: text cells, radii, shapes, row accounting."""

from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from hotspots.defaults import TZ
from hotspots.io.columns import to_number
from hotspots.io.rejected import rejected_rows
from hotspots.io.where.coords import locate_points

MAX_RADIUS_M = 5000.0  # beyond this it is a unit mistake (km for m), not a visibility radius
_TYPE_ID = {"Point": 0, "LineString": 1, "Polygon": 3, "MultiPoint": 4, "MultiLineString": 5, "MultiPolygon": 6}


def text_values(table, column, tz=TZ) -> pd.Series:
    """A column as stripped text ('' where blank); date-times written ``YYYY-MM-DD HH:MM`` local."""
    if column is None:
        return pd.Series([""] * len(table), dtype=object)

    def one(v):
        if v is None or (not isinstance(v, (str, list, tuple, np.ndarray)) and pd.isna(v)):
            return ""
        if isinstance(v, pd.Timestamp) or hasattr(v, "strftime"):
            v = pd.Timestamp(v)
            return (v.tz_convert(tz) if v.tzinfo else v).strftime("%Y-%m-%d %H:%M")
        return str(v).strip()
    return table[column].map(one).astype(object).reset_index(drop=True)


def radius_values(table, column, default, zero_ok=False):
    """Radius per row (metres) and masks of bad and defaulted values; blank cells take ``default``."""
    if column is None:
        return default, np.zeros(len(default), bool), np.ones(len(default), bool)
    blank = text_values(table, column).eq("").to_numpy()
    value = to_number(table[column].reset_index(drop=True))
    low = np.where(zero_ok, value >= 0, value > 0)
    bad = ~blank & ~(np.isfinite(value) & low & (value <= MAX_RADIUS_M))
    return np.where(blank | bad, default, value), bad, blank


def as_list(paths) -> list:
    if paths is None:
        return []
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def locate_shapes(raw, kinds, *, x_col=None, y_col=None, crs=None, target_crs=None):
    """Geometries of a raw table in a metric CRS: (array of shapely or None, reason Series, LocatedPoints).

    Points from coordinate columns, or the file's geometries. The geometry's anchor (a point on it)
    goes through :func:`locate_points`, which decides source and target CRS, swapped axes and the
    coordinate reasons; the whole geometry then follows the same transformation.
    """
    n = len(raw.frame)
    if raw.geometry is None or x_col is not None or y_col is not None:
        located = locate_points(raw.frame, source=raw.source, x_col=x_col, y_col=y_col, crs=crs,
                                target_crs=target_crs)
        reason = located.reason.reset_index(drop=True)
        geoms = np.where(reason.isna(), shapely.points(located.x, located.y), None)
        return geoms, reason, located
    geoms = np.asarray(raw.geometry.values, dtype=object)
    single = shapely.get_type_id(geoms) >= 4
    single &= shapely.get_num_geometries(geoms) == 1
    geoms = np.where(single, shapely.get_geometry(geoms, 0), geoms)
    empty = pd.isna(geoms) | shapely.is_empty(geoms)
    reason = pd.Series([None] * n, dtype=object)
    reason[~empty & ~np.isin(shapely.get_type_id(geoms), [_TYPE_ID[k] for k in kinds])] = "unsupported_geometry"
    usable = reason.isna().to_numpy() & ~empty
    anchor = np.where(usable, shapely.point_on_surface(np.where(usable, geoms, None)), None)
    ax, ay = shapely.get_x(anchor), shapely.get_y(anchor)
    src = crs if crs is not None else raw.geometry.crs
    located = locate_points(pd.DataFrame({"x": ax, "y": ay}), source=raw.source, x_col="x", y_col="y", crs=src,
                            target_crs=target_crs)
    reason = reason.where(reason.notna(), located.reason.reset_index(drop=True))
    ok = reason.isna().to_numpy()
    move = Transformer.from_crs(CRS.from_user_input(located.source_crs), CRS.from_user_input(located.crs),
                                always_xy=True)
    tx, ty = move.transform(np.where(ok, ax, 0.0), np.where(ok, ay, 0.0))
    swapped = ok & ~(np.isclose(tx, located.x, atol=1.0) & np.isclose(ty, located.y, atol=1.0))
    if swapped.any():
        geoms[swapped] = shapely.transform(geoms[swapped], lambda c: c[:, ::-1])
    out = np.full(n, None, dtype=object)
    if ok.any():
        out[ok] = shapely.transform(geoms[ok], lambda c: np.column_stack(move.transform(c[:, 0], c[:, 1])))
        invalid = ~shapely.is_valid(out[ok])
        if invalid.any():
            out[np.flatnonzero(ok)[invalid]] = shapely.make_valid(out[ok][invalid])
            located.warnings.append(f"{raw.source}: repaired {int(invalid.sum())} invalid geometries "
                                    "(self-intersecting rings) with make_valid")
    return out, reason, located


def reject_where(raw, reason, located, by_reason: dict) -> dict:
    """The column and value behind each row's reason, as ``{"column": Series, "value": Series}``.

    ``by_reason`` maps a reason to ``(column name, values)``; coordinate reasons name the coordinate columns
    and their values (or ``geometry`` for a GIS file), ``unsupported_geometry`` the geometry type.
    """
    table = raw.frame.reset_index(drop=True)
    n = len(table)
    column, value = pd.Series([""] * n, dtype=object), pd.Series([""] * n, dtype=object)
    info = located.info
    rest = reason.notna() & ~reason.isin(list(by_reason))
    if raw.geometry is None and info.get("coordinates_from") == "columns":
        xc, yc = info["x_column"], info["y_column"]
        column[rest] = f"{xc}/{yc}"
        value[rest] = (text_values(table, xc) + ", " + text_values(table, yc))[rest]
    else:
        column[rest] = "geometry"
        if raw.geometry is not None:
            kinds = pd.Series(raw.geometry.geom_type, dtype=object).reset_index(drop=True).fillna("")
            value[rest] = kinds[rest]
    for why, (name, values) in by_reason.items():
        hit = reason.eq(why)
        column[hit] = name or ""
        value[hit] = values[hit]
    return {"column": column, "value": value}


def reject_rows(raw, ok, reason, detail, extra: dict) -> pd.DataFrame:
    """Rejected rows: file, row, reason, detail, the ``extra`` columns and the raw columns as text."""
    table = raw.frame.reset_index(drop=True)
    rejected = rejected_rows(table[~ok], {
        "file": raw.source, "row": raw.row_label[~ok].to_numpy(dtype=object),
        "reason": reason[~ok].to_numpy(dtype=object), "detail": detail[~ok].to_numpy(dtype=object),
        **{name: values[~ok].to_numpy(dtype=object) for name, values in extra.items()}})
    if raw.malformed is not None and len(raw.malformed):
        rejected = pd.concat([rejected, pd.DataFrame({
            "file": raw.source, "row": raw.malformed["row_label"], "reason": "malformed_row",
            "detail": "more fields than the header has (an unquoted delimiter?)", "column": "",
            "value": raw.malformed["raw"],
            "detail_sv": "raden har fler fält än rubriken (en avgränsare utan citattecken?)",
            "raw": raw.malformed["raw"]})],
            ignore_index=True)
    return rejected.reset_index(drop=True)


def file_report(raw, path, ok, rejects, located, warnings) -> dict:
    n_read = len(raw.frame) + (0 if raw.malformed is None else len(raw.malformed))
    return {"file": raw.source, "path": str(path), "format": raw.info.get("format"), "rows_read": n_read,
            "rows_used": int(ok.sum()), "rows_rejected": len(rejects),
            "reasons": {str(k): int(v) for k, v in rejects["reason"].value_counts().items()},
            "crs": located.crs, "source_crs": located.source_crs, "coordinates": located.info, "warnings": warnings}


def read_summary(frame, rejects, reports, crs) -> dict:
    rows_read = sum(r["rows_read"] for r in reports)
    if len(frame) + len(rejects) != rows_read:  # the contract; a bug if it ever fails
        raise AssertionError(f"row accounting broken: {len(frame)} used + {len(rejects)} rejected != {rows_read} read")
    return {"rows_read": rows_read, "rows_used": len(frame), "rows_rejected": len(rejects),
            "reasons": {str(k): int(v) for k, v in rejects["reason"].value_counts().items()}, "crs": crs,
            "source_crs": sorted({r["source_crs"] for r in reports}), "files": reports,
            "warnings": [w for r in reports for w in r["warnings"]]}
