"""The summary of a read: what every command prints and ``--json`` holds about the rows it read."""

import pandas as pd

from hotspots.defaults import TZ

__all__ = ["summarise_read"]


def summarise_read(points, rejects: pd.DataFrame, files: list, crs) -> dict:
    """The summary of a read: rows read, used and rejected (checked to add up), reasons, CRS, zones, time
    span, categories, flags, sources, the per-file reports and their warnings.

    Parameters
    ----------
    points : DataFrame or GeoDataFrame
        The used rows of every file.
    rejects : DataFrame
        The rejected rows (with ``reason``).
    files : list of dict
        One report per file (sheet, layer) as the reader makes it.
    crs : str
        The points' metric CRS.

    Returns
    -------
    dict
    """
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
        **_zones(points, files),
        "source_crs": sorted({f["source_crs"] for f in files}),
        "time_min": starts.min().isoformat() if len(starts) else None,
        "time_max": starts.max().isoformat() if len(starts) else None,
        "categories": {str(k): int(v) for k, v in points["category"].value_counts().items()},
        "sensitive": int(points["sensitive"].sum()),
        "imprecise": int(points["imprecise"].sum()),
        "precision": {f["file"]: f["precision"] for f in files if f["precision"].get("rows")},
        "sources": {str(k): int(v) for k, v in points["source"].value_counts().items()},
        "files": files,
        "warnings": [w for f in files for w in f["warnings"]],
    }


def _zones(points, files) -> dict:
    """The data's zone (the most common one), how it was found, and the rows per zone."""
    counts = points["tz"].value_counts() if len(points) else pd.Series(dtype=int)
    how = sorted({str(f["time"].get("tz_how")) for f in files if f["time"].get("tz_how")})
    return {"tz": str(counts.index[0]) if len(counts) else (files[0]["time"].get("tz") if files else TZ),
            "tz_how": "; ".join(how), "zones": {str(k): int(v) for k, v in counts.items() if v}}
