"""A GPS track file read where patrol plans are read: its segments as rows of the Patrol plan contract.

:func:`layers.plans.patrols.read_patrols` hands a ``.gpx``, ``.kml`` or position-log table
(:func:`layers.plans.tracks.is_track_file`) here. Each segment of :func:`layers.plans.tracks.read_tracks` becomes
one row with a dated window and no weekly minutes (``delivered`` is ``True``), so coverage and the weekend products
count delivered minutes in the hours they happened. The rows are the fixes, so ``used + rejected == read`` holds
for the file: a used fix carries the segment that starts at it, or no window (and its point) when the next fix of
its unit is over ``max_gap_min`` away or it is the last.
"""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots.defaults import MAX_GAP_MIN, TZ
from layers.plans.tracks import read_tracks

__all__ = ["track_patrol_rows"]


def track_patrol_rows(path, *, radius_m, tz=TZ, target_crs=None, max_gap_min=MAX_GAP_MIN, columns=()):
    """``(frame, rejects, report)`` of one track file in the shape :func:`layers.plans.patrols.read_patrols` merges.

    Parameters
    ----------
    path : path
        A GPX, KML or position-log file.
    radius_m : float
        Visibility radius of the delivered presence.
    tz, target_crs, max_gap_min
        As for :func:`layers.plans.tracks.read_tracks`.
    columns : sequence of str
        The Patrol plan columns the frame must hold (in this order); ``delivered`` (True), ``start`` and ``end``
        (the fix's segment, NaT without one) are added.

    Returns
    -------
    tuple
        The segments as patrol rows, the rejected fixes, and a per-file report (``rows_read`` counts fixes).
    """
    read = read_tracks(path, max_gap_min=max_gap_min, radius_m=radius_m, tz=tz, target_crs=target_crs)
    seg = read.segments.set_index(["file", "row"])
    fixes = read.fixes
    key = pd.MultiIndex.from_arrays([fixes["file"], fixes["row"]])
    pos = seg.index.get_indexer(key)
    has = pos >= 0
    template = read.segments.iloc[np.where(has, pos, 0)].reset_index(drop=True) if len(seg) else None
    dated = [template["dated"].iloc[i] if ok else [] for i, ok in enumerate(has)]
    frame = gpd.GeoDataFrame({
        "patrol_id": fixes["unit"].to_numpy(), "name": "", "unit": fixes["unit"].to_numpy(),
        "mode": read.segments["mode"].iloc[0] if len(seg) else "other", "mode_raw": "", "radius_m": float(radius_m),
        "schedule": "", "weekly_minutes": [[] for _ in range(len(fixes))],
        "dated": dated,
        "minutes_per_week": np.zeros(len(fixes), dtype=np.int64), "file": fixes["file"].to_numpy(),
        "row": fixes["row"].to_numpy(), "delivered": True,
        "start": pd.DatetimeIndex([w[0][0] if w else pd.NaT for w in dated], dtype=f"datetime64[ns, {tz}]"),
        "end": pd.DatetimeIndex([w[0][1] if w else pd.NaT for w in dated], dtype=f"datetime64[ns, {tz}]"),
    }, geometry=gpd.GeoSeries([template.geometry.iloc[i] if ok else g for i, (ok, g) in
                               enumerate(zip(has, fixes.geometry))], crs=fixes.crs), crs=fixes.crs)
    if columns:
        frame = frame[[c for c in columns if c in frame.columns] + ["delivered", "start", "end"]]
    s = read.summary
    report = {"file": Path(path).name, "path": str(path), "format": Path(path).suffix.lower().lstrip("."),
              "rows_read": s["rows_read"], "rows_used": len(frame), "rows_rejected": s["rows_rejected"],
              "reasons": s["reasons"], "crs": s["crs"], "source_crs": "EPSG:4326",
              "coordinates": {}, "radius_defaulted": 0,
              "warnings": [(f"{Path(path).name}: {s['rows_used']} fixes → {s['n_segments']} pieces of delivered "
                            f"presence ({s['gaps_over_limit']} gaps over {s['max_gap_min']:g} min not counted)")]}
    return frame, read.rejects, report
