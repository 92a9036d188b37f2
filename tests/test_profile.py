"""temporal_profile: week matrices, month counts and the peak-window rule on hand-made points."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from hotspots.errors import InputError
from hotspots.temporal.profile import Profiles, temporal_profile

TZ = "Europe/Stockholm"
FRIDAYS = ["2024-05-03", "2024-05-10", "2024-05-17"]  # each is a Friday


def points(starts, ends=None, weights=None):
    n = len(starts)
    start = pd.Series(pd.to_datetime(starts)).dt.tz_localize(TZ)
    end = (pd.Series(pd.to_datetime(ends)).dt.tz_localize(TZ) if ends is not None
           else pd.Series(pd.NaT, index=range(n), dtype=start.dtype))
    return gpd.GeoDataFrame({"id": [str(i) for i in range(n)], "source": "incident", "category": "violence",
                             "start": start, "end": end, "weight": 1.0 if weights is None else weights},
                            geometry=gpd.points_from_xy(np.arange(n) * 10.0, np.zeros(n)), crs="EPSG:3006")


def weekend_nights():
    """Fri 22:00–Sat 02:00 and Sat 23:00–Sun 03:00 on three weekends."""
    def at(offset):
        return [(pd.Timestamp(d) + pd.Timedelta(offset)).strftime("%Y-%m-%d %H:%M") for d in FRIDAYS]
    return points(at("22h") + at("1D 23h"), at("1D 2h") + at("2D 3h"))


def test_weekend_nights_give_exactly_the_two_windows():
    pts = weekend_nights()
    result = temporal_profile(pts, np.ones(len(pts), int))
    assert isinstance(result, Profiles)
    assert result.peak_windows == ["fre 22–02, lör 23–03"]
    assert result.peak_bins == [[(118, 122), (143, 147)]]
    assert result.week.shape == (1, 7, 24)
    assert result.week[0, 4, 22] == pytest.approx(0.75)  # Friday 22: three events x 1/4 each
    assert result.week[0, 6, 2] == pytest.approx(0.75)  # Sunday 02
    assert result.week.sum() == pytest.approx(6)
    assert result.all_peak_windows == "fre 22–02, lör 23–03"


def test_point_events_on_the_same_hours_give_the_same_windows():
    hours = ["2024-05-03 22:10", "2024-05-03 23:10", "2024-05-04 00:10", "2024-05-04 01:10",
             "2024-05-04 23:10", "2024-05-05 00:10", "2024-05-05 01:10", "2024-05-05 02:10"]
    result = temporal_profile(points(hours), np.ones(8, int), lang="en")
    assert result.peak_windows == ["Fri 22–02, Sat 23–03"]


def test_single_incident():
    one = temporal_profile(points(["2024-05-03 22:30"]), [1])
    assert one.peak_windows == ["fre 22–23"]
    span = temporal_profile(points(["2024-05-03 22:30"], ["2024-05-04 01:30"]), [1])
    assert span.peak_windows == ["fre 22–02"]


def test_uniform_week_has_no_clear_peak():
    hours = pd.date_range("2024-05-06 00:30", periods=168, freq="h").strftime("%Y-%m-%d %H:%M")
    result = temporal_profile(points(list(hours)), np.ones(168, int))
    assert result.peak_windows == ["ingen tydlig topp"]
    assert result.peak_bins == [[]]
    assert np.allclose(result.week, 1.0)
    long = temporal_profile(points(["2024-05-06 10:00"], ["2024-05-16 10:00"]), [1], lang="en")  # 10 days
    assert long.peak_windows == ["no clear peak"]


def test_strongest_window_first_and_at_most_three():
    # Mon 08 x1, Tue 12 x4, Wed 18 x3, Thu 20 x2: four separate windows, the weakest is dropped
    starts = ["2024-05-06 08:30"] + ["2024-05-07 12:30"] * 4 + ["2024-05-08 18:30"] * 3 + ["2024-05-09 20:30"] * 2
    result = temporal_profile(points(starts), np.ones(10, int), lang="en")
    assert result.peak_windows == ["Tue 12–13, Wed 18–19, Thu 20–21"]


def test_smoothing_bridges_two_quiet_hours_but_not_three():
    bridged = temporal_profile(points(["2024-05-03 22:30", "2024-05-04 01:30"]), [1, 1])
    assert bridged.peak_windows == ["fre 22–02"]
    apart = temporal_profile(points(["2024-05-03 21:30", "2024-05-04 01:30"]), [1, 1])
    assert apart.peak_windows == ["fre 21–22, lör 01–02"]


def test_window_across_sunday_to_monday():
    result = temporal_profile(points(["2024-05-05 23:00"], ["2024-05-06 02:00"]), [1])
    assert result.peak_windows == ["sön 23–02"]
    assert result.peak_bins == [[(167, 170)]]


def test_hotspots_zero_and_empty_and_all():
    pts = points(["2024-05-03 22:30", "2024-05-06 08:30", "2024-05-06 08:45"])
    result = temporal_profile(pts, [1, 0, 0], n_hotspots=2)
    assert result.week.shape == (2, 7, 24) and result.month.shape == (2, 12)
    assert result.peak_windows == ["fre 22–23", "ingen tydlig topp"]
    assert result.all_week.sum() == pytest.approx(3)
    assert result.all_peak_windows == "mån 08–09, fre 22–23"
    assert result.info["n_hotspots"] == 2 and "1.5" in result.info["peak_rule"]


def test_month_seasonality_by_local_start():
    starts = ["2024-01-05 12:00", "2024-01-20 12:00", "2024-07-01 12:00", "2023-12-31 23:30"]
    pts = points(starts, weights=[1.0, 2.0, 0.5, 4.0])
    pts.loc[3, "start"] = pd.Timestamp("2023-12-31 23:30", tz=TZ).tz_convert("UTC")  # still December locally
    result = temporal_profile(pts, [1, 1, 1, 2])
    assert result.month[0].tolist() == [3.0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0]
    assert result.month[1, 11] == 4.0
    assert result.all_month.sum() == pytest.approx(7.5)


def test_missing_start_is_left_out_and_counted():
    pts = points(["2024-05-03 22:30", "2024-05-03 22:40"])
    pts.loc[1, "start"] = pd.NaT
    result = temporal_profile(pts, [1, 1])
    assert result.week.sum() == 1 and result.info["n_without_start"] == 1


def test_invariant_to_row_order():
    pts = weekend_nights()
    ids = np.array([1, 2, 1, 2, 1, 2])
    order = np.random.default_rng(0).permutation(len(pts))
    a = temporal_profile(pts, ids)
    b = temporal_profile(pts.iloc[order], ids[order])
    assert np.allclose(a.week, b.week) and np.allclose(a.month, b.month)
    assert a.peak_windows == b.peak_windows and a.peak_bins == b.peak_bins


@pytest.mark.parametrize("ids, kwargs, message", [
    ([1, 1], {}, "1 points but 2 hotspot ids"),
    ([3], {"n_hotspots": 2}, "0..2"),
    ([-1], {}, "0..0"),
    ([1.5], {}, "whole numbers"),
    ([1], {"lang": "de"}, "lang"),
])
def test_bad_input(ids, kwargs, message):
    with pytest.raises(InputError, match=message):
        temporal_profile(points(["2024-05-03 22:30"]), ids, **kwargs)


def test_no_start_column():
    with pytest.raises(InputError, match="no 'start' column"):
        temporal_profile(points(["2024-05-03 22:30"]).drop(columns=["start", "end"]), [1])
