"""layers.cover.coverage: hand-made cases whose risk covered, efficiency and gaps can be computed on paper."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from plans import patrol_plan
from shapely.geometry import LineString, Point, box

from hotspots.errors import InputError
from layers.cover.coverage import Coverage, compute_coverage

X0, Y0 = 850_000.0, 7_320_000.0
CRS = "EPSG:3006"
TZ = "Europe/Stockholm"


def hotspots(n=1, gap=1000.0):
    return gpd.GeoDataFrame({"hotspot_id": np.arange(1, n + 1)},
                            geometry=[box(X0 + i * gap, Y0, X0 + i * gap + 100, Y0 + 100) for i in range(n)], crs=CRS)


def points(times, where=None, weights=None, ends=None):
    """Points at local wall times (all in hotspot 1 unless ``where`` gives hotspot numbers, 0 = outside)."""
    where = [1] * len(times) if where is None else where
    xy = [(X0 + (h - 1) * 1000 + 50, Y0 + 50) if h else (X0 - 5000, Y0) for h in where]
    start = pd.to_datetime(pd.Series(times)).dt.tz_localize(TZ)
    end = (pd.to_datetime(pd.Series(ends)).dt.tz_localize(TZ) if ends is not None
           else pd.Series(pd.NaT, index=start.index, dtype=start.dtype))
    return gpd.GeoDataFrame({"start": start, "end": end, "weight": weights or [1.0] * len(times)},
                            geometry=[Point(xy_) for xy_ in xy], crs=CRS)


def patrols(rows):
    return patrol_plan(rows, CRS)


# Fri 2026-05-01 22:30, Sat 01:10 (inside fre 22-02) and two on Monday noon: half the risk is Friday night.
FRIDAY = ["2026-05-01 22:30", "2026-05-02 01:10", "2026-05-04 12:00", "2026-05-11 12:20"]
ROUTE = LineString([(X0 - 500, Y0 + 50), (X0 + 600, Y0 + 50)])


def test_route_on_friday_night_covers_the_share_of_risk_in_its_bins():
    cov = compute_coverage(hotspots(), points(FRIDAY), patrols([(ROUTE, "fre 22-02", 50)]))
    assert isinstance(cov, Coverage)
    assert np.flatnonzero(cov.presence[0]).tolist() == [118, 119, 120, 121]
    assert (cov.presence[0, 118:122] == 60).all()
    assert cov.risk.sum() == pytest.approx(1.0)
    assert cov.risk[0, 118] == pytest.approx(0.25) and cov.risk[0, 121] == pytest.approx(0.25)
    assert cov.overall["risk_covered"] == pytest.approx(0.5)
    row = cov.table.iloc[0]
    assert row["risk_covered"] == pytest.approx(0.5) and row["presence_minutes_week"] == 240
    assert cov.overall["efficiency"] == 1.0 and cov.overall["patrol_minutes_week"] == 240


def test_stop_one_metre_outside_its_radius_gives_no_presence():
    stop = Point(X0 + 100 + 51, Y0 + 50)  # 51 m from the hotspot's edge, radius 50
    cov = compute_coverage(hotspots(), points(FRIDAY), patrols([(stop, "fre 22-02", 50)]))
    assert cov.presence.sum() == 0 and cov.overall["risk_covered"] == 0
    assert cov.overall["efficiency"] == 0


def test_window_over_midnight_and_the_week_boundary():
    pts = points(["2026-05-03 23:30", "2026-05-04 00:30", "2026-05-04 01:30"])  # Sun 23, Mon 00, Mon 01
    cov = compute_coverage(hotspots(), pts, patrols([(Point(X0 + 50, Y0 + 50), "sön 23-01", 10)]))
    assert np.flatnonzero(cov.presence[0]).tolist() == [0, 167]
    assert cov.overall["risk_covered"] == pytest.approx(2 / 3)


def test_partial_hours_count_in_proportion_and_a_full_hour_caps_coverage():
    pts = points(["2026-05-01 22:30", "2026-05-01 23:30"])
    stop = Point(X0 + 50, Y0 + 50)
    cov = compute_coverage(hotspots(), pts, patrols([(stop, "fre 22:00-22:15", 10), (stop, "fre 23-00", 10),
                                                     (stop, "fre 23-00", 10)]))
    assert cov.presence[0, 118] == 15 and cov.presence[0, 119] == 120
    assert cov.covered[0, 118] == 0.25 and cov.covered[0, 119] == 1.0
    assert cov.overall["risk_covered"] == pytest.approx(0.5 * 0.25 + 0.5)


def test_efficiency_with_one_patrol_at_a_hotspot_and_one_elsewhere():
    plan = patrols([(Point(X0 + 50, Y0 + 50), "fre 22-00", 50),      # 120 min/week at the hotspot
                    (Point(X0 + 5000, Y0 + 50), "dagligen 10-12", 50)])  # 840 min/week elsewhere
    cov = compute_coverage(hotspots(), points(FRIDAY), plan)
    assert cov.overall["patrol_minutes_week"] == 960
    assert cov.overall["efficiency"] == pytest.approx(120 / 960)
    assert cov.overall["n_patrols_reaching"] == 1


def test_risk_is_a_share_of_all_hotspots_and_points_outside_do_not_count():
    pts = points(["2026-05-01 22:30", "2026-05-01 22:40", "2026-05-01 22:50", "2026-05-02 10:00", "2026-05-02 10:00"],
                 where=[1, 1, 1, 2, 0])
    cov = compute_coverage(hotspots(2), pts, patrols([(Point(X0 + 50, Y0 + 50), "fre 22-23", 10)]))
    assert cov.table["risk_share"].tolist() == pytest.approx([0.75, 0.25])
    assert cov.table["risk_covered"].tolist() == pytest.approx([1.0, 0.0])
    assert cov.overall["risk_covered"] == pytest.approx(0.75)
    assert cov.info["n_points_in_hotspots"] == 4
    same = compute_coverage(hotspots(2), pts, patrols([(Point(X0 + 50, Y0 + 50), "fre 22-23", 10)]),
                            point_hotspot=[1, 1, 1, 2, 0])
    np.testing.assert_allclose(same.risk, cov.risk)


def test_aoristic_spans_spread_the_risk():
    pts = points(["2026-05-01 22:30"], ends=["2026-05-02 01:30"])  # 0.5/3, 1/3, 1/3, 0.5/3
    cov = compute_coverage(hotspots(), pts, patrols([(Point(X0 + 50, Y0 + 50), "fre 23-00", 10)]))
    assert cov.overall["risk_covered"] == pytest.approx(1 / 3)


def test_gaps_are_uncovered_runs_inside_peak_windows_ranked_by_risk():
    pts = points(["2026-05-03 22:30", "2026-05-03 23:30", "2026-05-04 00:30", "2026-05-04 01:30"])
    plan = patrols([(Point(X0 + 50, Y0 + 50), "sön 23-00", 10)])
    cov = compute_coverage(hotspots(), pts, plan)
    assert cov.table.loc[0, "peak_windows"] == "sön 22–02"
    assert cov.gaps["window"].tolist() == ["mån 00–02", "sön 22–23"]
    assert cov.gaps["uncovered_risk"].tolist() == pytest.approx([0.5, 0.25])
    assert cov.gaps["rank"].tolist() == [1, 2] and cov.gaps["hours"].tolist() == [2, 1]
    assert cov.table.loc[0, "largest_gaps"] == "mån 00–02, sön 22–23"
    assert cov.table.loc[0, "presence_in_peak_minutes"] == 60
    nothing = compute_coverage(hotspots(), pts, patrols([]))  # the whole window, across the week's end
    assert nothing.gaps["window"].tolist() == ["sön 22–02"] and nothing.gaps["start"].tolist() == [166]
    assert nothing.overall["efficiency"] != nothing.overall["efficiency"]  # NaN: no patrol minutes


def test_period_measures_concrete_hours_with_dated_windows():
    pts = points(["2026-05-01 22:30", "2026-05-01 23:30", "2026-05-02 00:30", "2026-05-02 01:30"])
    plan = patrols([(Point(X0 + 50, Y0 + 50), "fre 22-00; 2026-05-02 00:00-01:00", 10)])
    cov = compute_coverage(hotspots(), pts, plan, period=("2026-05-01", "2026-05-03"))
    assert cov.overall["risk_covered"] == pytest.approx(0.5)  # weekly: the dated hour does not count
    assert cov.overall["risk_covered_period"] == pytest.approx(0.75)
    assert cov.slot_risk.shape == (1, 48) and cov.slot_presence.sum() == 180
    assert cov.gaps["window"].tolist() == ["lör 2026-05-02 01–02"]
    assert str(cov.gaps.loc[0, "start"]) == "2026-05-02 01:00:00+02:00"
    assert cov.table.loc[0, "risk_covered_period"] == pytest.approx(0.75)
    two_weeks = compute_coverage(hotspots(), pts, plan, period=("2026-05-01", "2026-05-10"))
    assert two_weeks.overall["risk_covered_period"] == pytest.approx((0.25 * 3 + 0.25 * 2) / 2)


def test_bad_inputs():
    with pytest.raises(InputError, match="hotspot_id"):
        compute_coverage(hotspots().drop(columns="hotspot_id"), points(FRIDAY), patrols([]))
    with pytest.raises(InputError, match="no point with a time"):
        compute_coverage(hotspots(), points(FRIDAY, where=[0, 0, 0, 0]), patrols([]))
    with pytest.raises(InputError, match="not in the hotspots"):
        compute_coverage(hotspots(), points(FRIDAY), patrols([]), point_hotspot=[1, 1, 7, 0])
    with pytest.raises(InputError, match="period"):
        compute_coverage(hotspots(), points(FRIDAY), patrols([]), period="2026-05-01")
    with pytest.raises(InputError, match="polygons"):
        compute_coverage(hotspots().set_geometry([Point(X0, Y0)], crs=CRS), points(FRIDAY), patrols([]))
