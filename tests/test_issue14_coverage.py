"""Issue #14, held out: trouble in hours the presence misses is not covered; presence in the right hours is."""

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from layers.cover.coverage import compute_coverage
from layers.cover.weekend import weekend_analysis
from layers.plans.schedule import parse_schedule

TZ, CRS = "Europe/Stockholm", "EPSG:3006"
TORGET, PARKEN = (871000, 7327000), (875000, 7327000)  # 4 km apart


def _points():
    """Valborg trouble 22-03 at both places in 2023-2025, and two points that fix the data span."""
    rows = [(TORGET, "2023-01-02 12:00"), (TORGET, "2025-12-30 12:00")]
    for y in (2023, 2024, 2025):
        for where in (TORGET, PARKEN):
            rows += [(where, f"{y}-04-30 22:30"), (where, f"{y}-04-30 23:40"), (where, f"{y}-05-01 01:10"),
                     (where, f"{y}-05-01 02:50")]
    start = pd.DatetimeIndex([pd.Timestamp(t).tz_localize(TZ) for _, t in rows])
    return gpd.GeoDataFrame({"id": [str(i) for i in range(len(rows))], "source": "incident", "start": start},
                            geometry=[Point(xy) for xy, _ in rows], crs=CRS)


def _plan():
    """A car at Torget 19-21 (before the trouble); a car at Parken 22-03 (when it happens)."""
    rows = [("P1", "car", TORGET, "2026-04-30 19:00-21:00"), ("P2", "car", PARKEN, "2026-04-30 22:00-03:00")]
    schedules = [parse_schedule(s, tz=TZ) for *_, s in rows]
    return gpd.GeoDataFrame({"patrol_id": [r[0] for r in rows], "mode": [r[1] for r in rows], "radius_m": 50.0,
                             "weekly_minutes": [list(s.weekly) for s in schedules],
                             "dated": [list(s.dated) for s in schedules]},
                            geometry=[Point(r[2]) for r in rows], crs=CRS)


def _places():
    return gpd.GeoDataFrame({"place_id": ["T", "P"], "name": ["Torget", "Parken"], "radius_m": 100.0,
                             "events": [["valborg"], ["valborg"]]}, geometry=[Point(TORGET), Point(PARKEN)], crs=CRS)


def test_weekend_presence_at_the_wrong_hours_is_a_gap_and_the_control_is_covered():
    w = weekend_analysis("valborg", 2026, _points(), places=_places(), patrols=_plan(), years_back=3)
    places = w.places.set_index("place_id")
    assert places.loc["T", "presence_minutes"] == 120  # planned minutes alone would have called it covered
    assert places.loc["T", "risk_covered"] == 0 and places.loc["T", "status"] == "gap"
    assert places.loc["P", "risk_covered"] == pytest.approx(1.0) and places.loc["P", "status"] == "covered"
    assert places.loc["T", "trouble_hours"] == "22–03" and places.loc["T", "presence_hours"] == "car 19–21"


def test_the_briefing_says_it_in_words():
    from maps.cli.weekend_text import verdict_sentences

    w = weekend_analysis("valborg", 2026, _points(), places=_places(), patrols=_plan(), years_back=3)
    assert verdict_sentences(w.gaps, "sv")[0] == "Torget: bil 19–21, bråken 22–03 — ingen närvaro då"
    assert verdict_sentences(w.gaps, "en")[0] == "Torget: car 19–21, trouble 22–03 — no presence then"
    assert "Parken" not in " ".join(verdict_sentences(w.gaps, "sv"))  # covered: not a gap


def test_weekly_coverage_uses_the_same_rule():
    pts = _points()
    pts = pts[pts["start"].dt.month.isin([4, 5])]
    hot = gpd.GeoDataFrame({"hotspot_id": [1, 2]},
                           geometry=[box(x - 60, y - 60, x + 60, y + 60) for x, y in (TORGET, PARKEN)], crs=CRS)
    plan = _plan()
    days = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
    weekly = [parse_schedule("; ".join(f"{d} {hours}" for d in days), tz=TZ) for hours in ("19-21", "22-03")]
    plan = plan.assign(weekly_minutes=[list(s.weekly) for s in weekly], dated=[[], []])
    cov = compute_coverage(hot, pts, plan)
    table = cov.table.set_index("hotspot_id")
    assert table.loc[1, "presence_minutes_week"] == 7 * 120 and table.loc[1, "risk_covered"] == 0
    assert table.loc[1, "status"] == "gap" and table.loc[2, "status"] == "covered"
