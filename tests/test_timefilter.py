"""filter_time: dates, weekdays, hours and event windows on hand-checkable points; NaT; bad text."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from hotspots.errors import InputError
from hotspots.temporal.timefilter import filter_time

TZ = "Europe/Stockholm"
# 2024-05-03 is a Friday, 2024-05-05 and 2024-06-30 are Sundays, 2024-05-06 and 2024-07-01 Mondays
TIMES = {
    "thu21": "2024-05-02 21:59",
    "fri22": "2024-05-03 22:00",
    "sat0330": "2024-05-04 03:59",
    "sat04": "2024-05-04 04:00",
    "sun23": "2024-05-05 23:00",
    "mon01": "2024-05-06 01:00",
    "mon12": "2024-05-06 12:00",
    "jun30": "2024-06-30 23:30",
    "jul01": "2024-07-01 00:30",
    "none": None,
}


def make_points(times=TIMES):
    start = pd.Series(pd.to_datetime(list(times.values()))).dt.tz_localize(TZ)
    n = len(times)
    return gpd.GeoDataFrame({"id": list(times), "start": start, "weight": 1.0},
                            geometry=gpd.points_from_xy(np.arange(n), np.zeros(n)), crs="EPSG:3006")


def kept(**filters):
    result, _ = filter_time(make_points(), **filters)
    return list(result["id"])


def test_no_filter_keeps_everything_including_no_time():
    pts = make_points()
    result, summary = filter_time(pts)
    assert list(result["id"]) == list(TIMES) and result is not pts
    assert summary["rows_before"] == summary["rows_after"] == 10 and summary["no_time"] == 0


def test_dates_are_inclusive_local_dates():
    assert kept(dates="2024-06-30..2024-06-30") == ["jun30"]  # 23:30 local is 21:30 UTC, still June 30
    assert kept(dates="2024-07-01") == ["jul01"]  # 00:30 local = 22:30 UTC on June 30
    assert kept(dates="..2024-05-03") == ["thu21", "fri22"]
    assert kept(dates="2024-06-01..") == ["jun30", "jul01"]
    assert kept(dates=("2024-05-06", None)) == ["mon01", "mon12", "jun30", "jul01"]
    assert kept(dates=(pd.Timestamp("2024-05-04"), pd.Timestamp("2024-05-05").date())) == ["sat0330", "sat04", "sun23"]
    assert kept(dates=(pd.Timestamp("2024-06-30 22:30", tz="UTC"), None)) == ["jul01"]  # = July 1 locally


def test_weekdays_swedish_english_ranges_and_ints():
    assert kept(weekdays="fre,lör") == ["fri22", "sat0330", "sat04"]
    assert kept(weekdays="Fri-Sat") == ["fri22", "sat0330", "sat04"]
    assert kept(weekdays="fredag, Saturday") == ["fri22", "sat0330", "sat04"]
    assert kept(weekdays="fre-sön") == ["fri22", "sat0330", "sat04", "sun23", "jun30"]
    assert kept(weekdays="lör-mån") == ["sat0330", "sat04", "sun23", "mon01", "mon12", "jun30", "jul01"]
    assert kept(weekdays="sön – mån") == ["sun23", "mon01", "mon12", "jun30", "jul01"]
    assert kept(weekdays=[3, 4]) == ["thu21", "fri22"]
    assert kept(weekdays=["tor", 4]) == ["thu21", "fri22"]


def test_hours_cross_midnight_by_start_time():
    assert kept(hours="22-04") == ["fri22", "sat0330", "sun23", "mon01", "jun30", "jul01"]
    assert kept(hours=(22, 4)) == kept(hours="22-04")
    assert kept(hours="8-17") == ["mon12"]
    assert kept(hours="22:30-02:00") == ["sun23", "mon01", "jun30", "jul01"]
    assert kept(hours="22.30 – 01") == ["sun23", "jun30", "jul01"]
    assert kept(hours="21-22, 11-13") == ["thu21", "mon12"]
    assert kept(hours="0-24") == [k for k in TIMES if k != "none"]


def test_sunday_to_monday_wrap_combined():
    # weekday and hour are both read from the start: Sunday 23:00 passes "sön" + "22-04", Monday 01:00 does not
    assert kept(weekdays="sön", hours="22-04") == ["sun23", "jun30"]
    assert kept(weekdays="sön-mån", hours="22-04") == ["sun23", "mon01", "jun30", "jul01"]


def test_windows_keep_starts_inside_any_window():
    times = {"2023_in": "2023-04-30 18:00", "2023_edge_end": "2023-05-01 06:00", "2024_start": "2024-04-30 16:00",
             "2024_night": "2024-05-01 02:00", "2024_before": "2024-04-30 15:59", "2022": "2022-04-30 20:00",
             "none": None}
    pts = make_points(times)
    valborg = [(f"{y}-04-30 16:00", f"{y}-05-01 06:00") for y in (2024, 2023)]
    result, summary = filter_time(pts, windows=valborg)
    assert list(result["id"]) == ["2023_in", "2024_start", "2024_night"]
    assert summary["no_time"] == 1 and summary["removed_by"] == {"windows": 3}
    aware = [(pd.Timestamp("2024-04-30 14:00", tz="UTC"), pd.Timestamp("2024-05-01 04:00", tz="UTC"))]
    assert list(filter_time(pts, windows=aware)[0]["id"]) == ["2024_start", "2024_night"]
    nested = valborg + [("2024-04-30 20:00", "2024-04-30 21:00")]  # inside another window: changes nothing
    assert list(filter_time(pts, windows=nested)[0]["id"]) == ["2023_in", "2024_start", "2024_night"]
    frame = pd.DataFrame({"start": ["2022-04-30 19:00"], "end": ["2022-04-30 21:00"]})
    assert list(filter_time(pts, windows=frame)[0]["id"]) == ["2022"]


def test_no_time_is_dropped_only_with_a_filter_and_counted():
    pts = make_points()
    result, summary = filter_time(pts, hours="0-24")
    assert "none" not in set(result["id"])
    assert summary["no_time"] == 1 and summary["rows_after"] == 9 and summary["rows_removed"] == 1
    assert summary["removed_by"] == {"hours": 0}


def test_summary_words_and_inputs_untouched():
    pts = make_points()
    before = pts.copy()
    result, summary = filter_time(pts, dates="2024-05-01..2024-05-31", weekdays="fre-lör", hours="22-04")
    assert list(result["id"]) == ["fri22", "sat0330"]
    assert list(result.index) == [1, 2] and result.crs == pts.crs
    assert summary["filters"] == {"dates": "2024-05-01 to 2024-05-31 (local dates, inclusive)",
                                  "weekdays": "Fri, Sat", "hours": "22:00–04:00 (start included, end excluded)"}
    assert summary["removed_by"] == {"dates": 2, "weekdays": 6, "hours": 3}
    pd.testing.assert_frame_equal(pts, before)


@pytest.mark.parametrize("filters, message", [
    ({"dates": "2024-13-01.."}, "cannot read the date '2024-13-01'"),
    ({"dates": "last week"}, "2024-01-01..2024-06-30"),
    ({"dates": "2024-06-30..2024-01-01"}, "end before they begin"),
    ({"weekdays": "fri-day"}, "'day' in 'fri-day' is not a weekday"),
    ({"weekdays": "s"}, "not a weekday"),
    ({"weekdays": [7]}, "cannot read the weekday 7"),
    ({"hours": "25-03"}, "cannot read the clock time '25'"),
    ({"hours": "22"}, "22-04"),
    ({"hours": "10-10"}, "same time"),
    ({"hours": "kväll"}, "22:30-02:00"),
    ({"windows": [("2024-05-01", "2024-04-30")]}, "start before its end"),
    ({"windows": ["2024-05-01"]}, "not a \\(start, end\\) pair"),
    ({"windows": [("Valborg", "2024-05-01")]}, "cannot read the window"),
    ({"tz": "Mars/Olympus"}, "unknown time zone"),
])
def test_unreadable_filters_say_what_to_write(filters, message):
    with pytest.raises(InputError, match=message):
        filter_time(make_points(), **filters)


def test_points_without_start_or_not_a_frame():
    with pytest.raises(InputError, match="no 'start' column"):
        filter_time(make_points().drop(columns="start"), hours="22-04")
    with pytest.raises(InputError, match="GeoDataFrame"):
        filter_time(pd.DataFrame({"start": []}), hours="22-04")
