"""aoristic_profile: hand cases from the issue "Time-aware hotspots", wraps, DST, groups, weights, errors."""

import time

import numpy as np
import pandas as pd
import pytest

from hotspots.errors import InputError
from hotspots.temporal.aoristic import aoristic_profile

TZ = "Europe/Stockholm"


def ts(*texts, tz=TZ):
    return pd.Series(pd.to_datetime(list(texts))).dt.tz_localize(tz)


def nonzero(profile):
    return {int(b): float(profile[b]) for b in np.flatnonzero(profile)}


def test_issue_hand_case_friday_2230_to_0130():
    # 2024-05-03 is a Friday: Fri 22 = bin 118, Sat 00 = bin 120
    profile = aoristic_profile(ts("2024-05-03 22:30"), ts("2024-05-04 01:30"))
    assert profile.shape == (168,)
    assert nonzero(profile) == pytest.approx({118: 0.5 / 3, 119: 1 / 3, 120: 1 / 3, 121: 0.5 / 3})


def test_sunday_to_monday_wraps():
    profile = aoristic_profile(ts("2024-05-05 23:00"), ts("2024-05-06 01:00"))  # Sun 23 -> Mon 01
    assert nonzero(profile) == pytest.approx({167: 0.5, 0: 0.5})


def test_sunday_afternoon_to_monday_partial_bins():
    profile = aoristic_profile(ts("2024-05-05 22:15"), ts("2024-05-06 00:45"))  # 2.5 h
    assert nonzero(profile) == pytest.approx({166: 0.75 / 2.5, 167: 1 / 2.5, 0: 0.75 / 2.5})


def test_within_one_bin():
    profile = aoristic_profile(ts("2024-05-06 10:10"), ts("2024-05-06 10:50"))
    assert nonzero(profile) == pytest.approx({10: 1.0})


def test_span_of_a_week_or_more_is_even():
    for end in ("2024-05-13 10:00", "2024-05-16 10:17"):  # exactly a week, and 10 days
        profile = aoristic_profile(ts("2024-05-06 10:00"), ts(end), weights=[3.0])
        assert np.allclose(profile, 3 / 168)


def test_six_days_is_not_even():
    profile = aoristic_profile(ts("2024-05-06 00:00"), ts("2024-05-12 00:00"))
    assert np.allclose(profile[:144], 1 / 144) and np.allclose(profile[144:], 0)


def test_missing_end_and_zero_length_go_to_the_start_bin():
    start = ts("2024-05-03 22:30", "2024-05-06 00:00")
    end = pd.Series([pd.NaT, pd.Timestamp("2024-05-06 00:00", tz=TZ)])
    assert nonzero(aoristic_profile(start, end)) == pytest.approx({118: 1.0, 0: 1.0})
    assert nonzero(aoristic_profile(start)) == pytest.approx({118: 1.0, 0: 1.0})  # end=None


def test_missing_start_adds_nothing():
    start = pd.Series([pd.NaT, pd.Timestamp("2024-05-03 22:30", tz=TZ)])
    assert nonzero(aoristic_profile(start, weights=[5, 1])) == {118: 1.0}


def test_times_in_another_zone_are_read_on_the_local_clock():
    utc = ts("2024-05-03 20:30", tz="UTC")  # = 22:30 in Stockholm (summer time)
    assert nonzero(aoristic_profile(utc)) == {118: 1.0}


def test_dst_wall_clock_rule():
    # spring: 01:30 CET -> 03:30 CEST is one real hour but two wall-clock hours on Sun 2024-03-31
    spring = aoristic_profile(ts("2024-03-31 01:30"), ts("2024-03-31 03:30"))
    assert nonzero(spring) == pytest.approx({145: 0.25, 146: 0.5, 147: 0.25})
    # autumn: 02:50 summer time -> 02:10 winter time (20 real minutes, wall clock goes back) = no span
    start = pd.Series([pd.Timestamp("2024-10-27 02:50")]).dt.tz_localize(TZ, ambiguous=np.array([True]))
    end = pd.Series([pd.Timestamp("2024-10-27 02:10")]).dt.tz_localize(TZ, ambiguous=np.array([False]))
    assert end[0] > start[0]
    assert nonzero(aoristic_profile(start, end)) == {146: 1.0}


def test_groups_and_weights():
    start = ts("2024-05-03 22:30", "2024-05-06 00:00", "2024-05-06 00:30")
    end = ts("2024-05-04 01:30", "2024-05-06 02:00", "2024-05-06 00:30")
    out = aoristic_profile(start, end, weights=[3.0, 2.0, 0.5], groups=[1, 2, 2], n_groups=4)
    assert out.shape == (4, 168)
    assert out[0].sum() == 0 and out[3].sum() == 0
    assert nonzero(out[1]) == pytest.approx({118: 0.5, 119: 1, 120: 1, 121: 0.5})
    assert nonzero(out[2]) == pytest.approx({0: 1.5, 1: 1.0})
    assert aoristic_profile(start, end, groups=[0, 1, 1]).shape == (2, 168)  # n_groups = max + 1


def test_sum_equals_sum_of_weights_and_row_order_does_not_matter():
    rng = np.random.default_rng(3)
    n = 5_000
    start = pd.Series(pd.Timestamp("2024-01-01", tz=TZ) + pd.to_timedelta(rng.uniform(0, 3e7, n), unit="s"))
    end = start + pd.to_timedelta(rng.exponential(20, n), unit="h")
    end[rng.random(n) < 0.3] = pd.NaT
    w = rng.uniform(0, 3, n)
    out = aoristic_profile(start, end, weights=w)
    assert out.sum() == pytest.approx(w.sum())
    assert (out >= -1e-12).all()
    order = rng.permutation(n)
    shuffled = aoristic_profile(start.iloc[order], end.iloc[order], weights=w[order])
    assert np.allclose(out, shuffled)


def test_one_million_events_is_fast():
    rng = np.random.default_rng(0)
    n = 1_000_000
    start = pd.Series(pd.Timestamp("2023-01-01", tz=TZ) + pd.to_timedelta(rng.uniform(0, 3e7, n), unit="s"))
    end = start + pd.to_timedelta(rng.exponential(3, n), unit="h")
    began = time.perf_counter()
    out = aoristic_profile(start, end, groups=rng.integers(0, 40, n))
    elapsed = time.perf_counter() - began
    assert out.sum() == pytest.approx(n)
    print(f"1M events: {elapsed:.2f} s")  # ~0.5 s on the 2-core machine; not asserted


def test_empty_input():
    empty = pd.Series([], dtype=pd.DatetimeTZDtype("ns", TZ))
    assert aoristic_profile(empty, empty).shape == (168,)
    assert aoristic_profile(empty, empty, groups=[], n_groups=3).shape == (3, 168)


@pytest.mark.parametrize("kwargs, message", [
    ({"end": ts("2024-05-03 21:00")}, "end before they start"),
    ({"weights": [-1.0]}, "≥ 0"),
    ({"weights": [1.0, 2.0]}, "1 events but 2 weights"),
    ({"groups": [3], "n_groups": 2}, "0..1"),
    ({"groups": [0.5]}, "whole numbers"),
    ({"end": pd.Series([pd.Timestamp("2024-05-04 01:00")])}, "mix tz-aware and naive"),
    ({"tz": "Europe/Kalix"}, "unknown time zone"),
])
def test_bad_input(kwargs, message):
    with pytest.raises(InputError, match=message):
        aoristic_profile(ts("2024-05-03 22:30"), **kwargs)


def test_not_datetimes():
    with pytest.raises(InputError, match="datetimes"):
        aoristic_profile(["not a time"])


def test_long_profiles_are_summed_in_chunks(monkeypatch):
    """Above CHUNK_EVENTS events the profile is the sum of chunk profiles: the same bins, the same messages."""
    import hotspots.temporal.aoristic as aoristic

    rng = np.random.default_rng(5)
    start = pd.Series(pd.Timestamp("2026-03-28", tz="Europe/Stockholm")
                      + pd.to_timedelta(rng.integers(0, 14 * 24 * 60, 2_501), unit="min"))
    end = start + pd.to_timedelta(rng.integers(0, 600, len(start)), unit="min")
    weights, groups = rng.random(len(start)), rng.integers(0, 4, len(start))
    whole = aoristic.aoristic_profile(start, end, weights=weights, groups=groups)
    monkeypatch.setattr(aoristic, "CHUNK_EVENTS", 1_000)
    chunked = aoristic.aoristic_profile(start, end, weights=weights, groups=groups)
    assert chunked.shape == whole.shape == (4, 168)
    np.testing.assert_allclose(chunked, whole, rtol=1e-12, atol=1e-12)
    assert aoristic.aoristic_profile(start, end, weights=weights).sum() == pytest.approx(weights.sum())
    late = end.copy()
    late.iloc[1_500] = start.iloc[1_500] - pd.Timedelta(hours=1)
    with pytest.raises(InputError, match="first at position 1500"):
        aoristic.aoristic_profile(start, late)


def test_month_profiles_are_summed_in_chunks(monkeypatch):
    """temporal_profile's months per hotspot: the same in chunks as in one go."""
    import geopandas as gpd

    import hotspots.temporal.profile as profile

    rng = np.random.default_rng(7)
    n = 2_345
    start = pd.Series(pd.Timestamp("2025-01-01", tz="Europe/Stockholm")
                      + pd.to_timedelta(rng.integers(0, 365 * 24, n), unit="h"))
    points = gpd.GeoDataFrame({"start": start, "weight": rng.random(n)},
                              geometry=gpd.points_from_xy(rng.random(n) * 1000, rng.random(n) * 1000), crs=3006)
    ids = rng.integers(0, 3, n)
    whole = profile.temporal_profile(points, ids, n_hotspots=2, tz="Europe/Stockholm")
    monkeypatch.setattr(profile, "CHUNK_EVENTS", 500)
    chunked = profile.temporal_profile(points, ids, n_hotspots=2, tz="Europe/Stockholm")
    np.testing.assert_allclose(chunked.month, whole.month, rtol=1e-12)
    np.testing.assert_allclose(chunked.all_month, whole.all_month, rtol=1e-12)
    assert whole.all_month.sum() == pytest.approx(points["weight"].sum())
