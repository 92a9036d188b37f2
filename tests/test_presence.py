"""layers.cover.presence: reach by radius, minutes per hour-of-week bin, and per real hour of a period (DST)."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from hotspots.errors import InputError
from layers.cover.presence import Presence, presence_minutes
from layers.plans.patrols import read_patrols
from layers.plans.schedule import parse_schedule

X0, Y0 = 850_000.0, 7_320_000.0  # SWEREF 99 TM, near Kalix
CRS = "EPSG:3006"


def patrols(rows, crs=CRS):
    """rows: (geometry, schedule text, radius_m) → a Patrol plan frame as read_patrols builds it."""
    parsed = [parse_schedule(text) for _, text, _ in rows]
    return gpd.GeoDataFrame({"patrol_id": [f"P{i}" for i in range(len(rows))],
                             "radius_m": [float(r) for _, _, r in rows],
                             "schedule": [t for _, t, _ in rows],
                             "weekly_minutes": [list(s.weekly) for s in parsed],
                             "dated": [list(s.dated) for s in parsed]},
                            geometry=[g for g, _, _ in rows], crs=crs)


def square(x=0.0, y=0.0, side=100.0):
    return box(X0 + x, Y0 + y, X0 + x + side, Y0 + y + side)


TARGETS = gpd.GeoSeries([square()], crs=CRS)


def test_route_through_hotspot_on_friday_night_gives_60_minutes_in_four_bins():
    route = LineString([(X0 - 500, Y0 + 50), (X0 + 600, Y0 + 50)])
    result = presence_minutes(patrols([(route, "fre 22-02", 50)]), TARGETS)
    assert isinstance(result, Presence)
    expected = np.zeros(168)
    expected[[118, 119, 120, 121]] = 60  # Fri 22, Fri 23, Sat 00, Sat 01
    np.testing.assert_array_equal(result.weekly[0], expected)
    np.testing.assert_array_equal(result.by_patrol[0], expected)
    assert result.reach.tolist() == [[True]] and result.slots is None and result.slot_times is None


def test_stop_one_metre_outside_its_radius_does_not_reach():
    rows = [(Point(X0 + 100 + 101, Y0 + 50), "fre 22-23", 100),   # 101 m from the square's edge
            (Point(X0 + 100 + 100, Y0 + 50), "fre 22-23", 100),   # exactly on the radius
            (Point(X0 + 100 + 99, Y0 + 50), "fre 22-23", 100)]
    result = presence_minutes(patrols(rows), TARGETS)
    assert result.reach[:, 0].tolist() == [False, True, True]
    assert result.weekly[0, 118] == 120  # the two reaching patrols add up
    assert result.by_patrol.sum() == 180  # every patrol's minutes, reaching or not


def test_window_across_midnight_and_the_week_boundary():
    result = presence_minutes(patrols([(Point(X0 + 50, Y0 + 50), "sön 23-01", 10)]), TARGETS)
    assert np.flatnonzero(result.weekly[0]).tolist() == [0, 167]  # Mon 00 and Sun 23
    assert result.weekly[0, 0] == result.weekly[0, 167] == 60


def test_partial_hours_and_several_targets():
    targets = gpd.GeoDataFrame(geometry=[square(), square(1000)], crs=CRS)
    result = presence_minutes(patrols([(Point(X0 + 50, Y0 + 50), "mån 08:15-08:45", 10),
                                       (Point(X0 + 1050, Y0 + 50), "tis 10:30-11:15", 10)]), targets)
    assert result.reach.tolist() == [[True, False], [False, True]]
    assert result.weekly[0, 8] == 30 and result.weekly[1, 24 + 10] == 30 and result.weekly[1, 24 + 11] == 15
    assert result.weekly.sum() == 75


def test_patrols_are_reprojected_to_the_targets_crs():
    plan = patrols([(Point(X0 + 50, Y0 + 150), "fre 22-23", 60)]).to_crs("EPSG:4326")
    result = presence_minutes(plan, TARGETS)
    assert result.reach.tolist() == [[True]] and result.info["reprojected"]
    far = patrols([(Point(X0 + 50, Y0 + 150), "fre 22-23", 40)]).to_crs("EPSG:4326")
    assert not presence_minutes(far, TARGETS).reach.any()


def test_weekly_mode_ignores_dated_windows_and_counts_them():
    result = presence_minutes(patrols([(Point(X0 + 50, Y0 + 50), "fre 22-23; 2026-04-30 20:00-03:00", 10)]), TARGETS)
    assert result.weekly.sum() == 60
    assert result.info["dated_ignored"] == 1 and result.info["n_dated_windows"] == 1


def test_period_adds_dated_windows_clipped_to_the_period():
    plan = patrols([(Point(X0 + 50, Y0 + 50), "2026-04-30 20:00-03:00", 10)])
    whole = presence_minutes(plan, TARGETS, start="2026-04-30", end="2026-05-02")
    assert whole.slots.sum() == 420 and len(whole.slot_times) == 48
    assert str(whole.slot_times[20]) == "2026-04-30 20:00:00+02:00"
    assert whole.slots[0, 20:27].tolist() == [60.0] * 7
    clipped = presence_minutes(plan, TARGETS, start="2026-04-30 22:00", end="2026-05-01 01:30")
    assert clipped.slots.sum() == 240  # 22-01 and the slot 01-02 (the period widens to whole hours)
    assert clipped.info["n_slots"] == 4


def test_period_on_the_spring_forward_night_covers_the_wall_hours_that_exist():
    plan = patrols([(Point(X0 + 50, Y0 + 50), "lör 22-04", 10)])
    result = presence_minutes(plan, TARGETS, start="2026-03-28", end="2026-03-30")
    assert len(result.slot_times) == 47  # one real hour less
    assert result.slots.sum() == 5 * 60  # Sat 22, 23, Sun 00, 01, 03: 02 does not exist
    covered = result.slot_times[result.slots[0] > 0]
    assert [t.hour for t in covered] == [22, 23, 0, 1, 3]


def test_period_on_the_autumn_night_counts_both_real_two_oclock_hours():
    plan = patrols([(Point(X0 + 50, Y0 + 50), "lör 22-04", 10)])
    result = presence_minutes(plan, TARGETS, start="2026-10-24", end="2026-10-26")
    assert len(result.slot_times) == 49
    assert result.slots.sum() == 7 * 60
    assert result.weekly.sum() == 6 * 60  # the weekly profile is wall-clock hours


def test_one_patrol_counts_at_most_an_hour_per_slot():
    plan = patrols([(Point(X0 + 50, Y0 + 50), "fre 22-23; 2026-05-01 22:00-23:00", 10)])
    result = presence_minutes(plan, TARGETS, start="2026-05-01", end="2026-05-02")
    assert result.slots.sum() == 60 and result.info["patrol_minutes_period"] == [60.0]


def test_tz_aware_period_and_read_patrols_round_trip(tmp_path):
    path = tmp_path / "stops.csv"
    path.write_text("patrull;färdsätt;schema;radie_m;x;y\n"
                    f"A;fot;fre 22-02;50;{X0 + 50:.0f};{Y0 + 50:.0f}\n", encoding="utf-8")
    plan = read_patrols(path, crs=CRS, x_col="x", y_col="y").patrols
    start = pd.Timestamp("2026-05-01 20:00", tz="UTC")  # 22:00 local
    result = presence_minutes(plan, TARGETS, start=start, end=start + pd.Timedelta(hours=4))
    assert result.slots[0].tolist() == [60.0] * 4
    assert str(result.slot_times[0]) == "2026-05-01 22:00:00+02:00"


def test_no_patrols_give_zeros():
    result = presence_minutes(patrols([]), TARGETS, start="2026-05-01", end="2026-05-02")
    assert result.reach.shape == (0, 1) and result.weekly.shape == (1, 168) and not result.slots.any()


@pytest.mark.parametrize("kwargs, message", [
    ({"start": "2026-05-01"}, "both start and end"),
    ({"start": "2026-05-02", "end": "2026-05-01"}, "not after its start"),
    ({"start": "tomorrow-ish", "end": "2026-05-01"}, "not a date-time"),
])
def test_bad_periods(kwargs, message):
    with pytest.raises(InputError, match=message):
        presence_minutes(patrols([(Point(X0, Y0), "fre 22-23", 10)]), TARGETS, **kwargs)


def test_bad_inputs():
    plan = patrols([(Point(X0, Y0), "fre 22-23", 10)])
    with pytest.raises(InputError, match="read_patrols"):
        presence_minutes(plan.drop(columns="weekly_minutes"), TARGETS)
    with pytest.raises(InputError, match="degrees"):
        presence_minutes(plan, TARGETS.to_crs("EPSG:4326"))
    with pytest.raises(InputError, match="GeoSeries"):
        presence_minutes(plan, [square()])


def test_half_hour_dst_shift_counts_wall_minutes_per_real_hour():
    # Lord Howe Island falls back 30 minutes on Sunday 2026-04-05 at 02:00: the real hour after 01:00
    # starts at wall-clock 01:30, so "sön 01-02" is seen for 60 + 30 minutes.
    plan = patrols([(Point(X0 + 50, Y0 + 50), "sön 01-02", 10)])
    result = presence_minutes(plan, TARGETS, start="2026-04-05 00:00", end="2026-04-05 05:00", tz="Australia/Lord_Howe")
    assert result.slots[0].tolist()[:4] == [0.0, 60.0, 30.0, 0.0]
    assert [t.strftime("%H:%M") for t in result.slot_times[:4]] == ["00:00", "01:00", "01:30", "02:30"]
