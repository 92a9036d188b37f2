"""Delivered presence in a weekend's window at its special places and hotspots (the ``weekend`` command).

A project's GPS tracks and patrol reports (``[data] tracks``, ``reports``; :mod:`layers.plans.tracks`,
:mod:`layers.plans.reports`) are measured at the weekend's targets during this year's window
(:func:`layers.cover.delivered.delivered_minutes`), so the command can set planned beside delivered and the trouble of
earlier years: "Torget: planerat 240 min, utfört 22:45–00:30 (105 min)".
"""

import geopandas as gpd
import pandas as pd

__all__ = ["weekend_delivered"]


def weekend_delivered(inputs, weekend, crs, places=None):
    """Per target of ``weekend`` (its place areas and hotspots) with delivered presence in its window: ``kind``,
    ``id``, ``name``, ``planned_min``, ``delivered_min`` and ``spans`` (``22:45–00:30``); ``[]`` without tracks
    or reports. ``places``: the special places reports may name."""
    project = inputs.project
    if project is None or not (project.tracks or project.reports):
        return []
    from hotspots.defaults import MAX_GAP_MIN
    from layers.cover.delivered import delivered_minutes
    from layers.plans.reports import read_reports
    from layers.plans.tracks import read_tracks

    conf = project.settings.get("tracks", {})
    radius = conf.get("radius_m", 150.0)
    parts = []
    if project.tracks:
        parts.append(read_tracks(project.tracks, max_gap_min=conf.get("max_gap_min", MAX_GAP_MIN), radius_m=radius,
                                 tz=inputs.tz, target_crs=crs).segments)
    if project.reports:
        parts.append(read_reports(project.reports, places=places, radius_m=radius, tz=inputs.tz,
                                  target_crs=crs).reports)
    cols = ["unit", "start", "end", "radius_m", "geometry"]
    delivered = gpd.GeoDataFrame(pd.concat([p.to_crs(crs)[cols] for p in parts if len(p)], ignore_index=True),
                                 geometry="geometry", crs=crs) if any(len(p) for p in parts) else None
    if delivered is None:
        return []
    rows = []
    for table, kind, id_col in ((weekend.places, "place", "place_id"), (weekend.hotspots, "hotspot", "hotspot_id")):
        if table is None or not len(table):
            continue
        out = delivered_minutes(delivered, table.geometry.to_crs(crs),
                                start=weekend.window[0], end=weekend.window[1])
        for i, minutes in enumerate(out.minutes):
            if minutes <= 0:
                continue
            spans = ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in out.spans[i])
            name = str(table["name"].iloc[i]) if "name" in table.columns else f"H{table[id_col].iloc[i]}"
            planned = float(table["presence_minutes"].iloc[i]) if "presence_minutes" in table.columns else 0.0
            rows.append({"kind": kind, "id": str(table[id_col].iloc[i]), "name": name, "planned_min": planned,
                         "delivered_min": round(float(minutes), 1), "spans": spans})
    return rows
