"""A tiny patrol plan built in memory for coverage and suggestion tests (not a test module)."""

import geopandas as gpd

from layers.plans.schedule import parse_schedule


def patrol_plan(rows, crs="EPSG:3006"):
    """Rows of ``(geometry, schedule text, radius_m)`` → a patrol frame as ``read_patrols`` makes it."""
    parsed = [parse_schedule(text) for _, text, _ in rows]
    return gpd.GeoDataFrame({"patrol_id": [f"P{i}" for i in range(len(rows))], "radius_m": [float(r) for *_, r in rows],
                             "weekly_minutes": [list(s.weekly) for s in parsed],
                             "dated": [list(s.dated) for s in parsed]},
                            geometry=[g for g, _, _ in rows], crs=crs)
