"""Tests for hotspots.io.where.precision: area centres, fallback stacks, coarse grids, and no false alarms."""

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hotspots.errors import InputError
from hotspots.io.where.precision import Imprecise, find_imprecise

VENDORED = Path(__file__).parent / "data" / "vocab" / "polisen_events_norrbotten_every25th.csv"


def _spread_sweref(n, seed=0):
    """``n`` GPS-precise points (0.1 m) scattered over a 10 km × 10 km town in SWEREF 99 TM."""
    rng = np.random.default_rng(seed)
    return np.round(rng.uniform(910_000, 920_000, n), 1), np.round(rng.uniform(7_300_000, 7_310_000, n), 1)


def _spread_wgs84(n, seed=0):
    rng = np.random.default_rng(seed)
    return np.round(rng.uniform(23.10, 23.25, n), 6), np.round(rng.uniform(65.82, 65.90, n), 6)


def test_centre_coded_file_by_hand():
    # 500 rows on 5 municipality centres: 5 distinct coordinates < 1 % of 500 rows.
    centres = np.array([[23.143965, 65.855281], [22.156703, 65.584819], [20.225282, 67.8558],
                        [24.127664, 65.841709], [21.7, 66.0]])
    idx = np.repeat(np.arange(5), [200, 150, 80, 50, 20])
    out = find_imprecise(centres[idx, 0], centres[idx, 1])
    assert isinstance(out, Imprecise)
    assert out.imprecise.all()
    assert out.report["reasons"] == {"centre_coded_file": 500}
    assert out.report["distinct_coordinates"] == 5
    assert [loc["rows"] for loc in out.report["locations"]] == [200, 150, 80, 50, 20]
    assert out.report["locations"][0] == {"x": 23.143965, "y": 65.855281, "rows": 200, "why": "centre_coded_file"}


def test_fallback_coordinate_among_spread_points():
    # A quarter of a city's rows geocoded to one fallback address; the rest spread.
    x, y = _spread_wgs84(3000)
    fx, fy = -87.627800, 41.881900  # city hall as a geocoder fallback
    x = np.r_[x[:1000], np.full(1000, fx), x[1000:]]
    y = np.r_[y[:1000], np.full(1000, fy), y[1000:]]
    out = find_imprecise(x, y)
    assert out.imprecise.sum() == 1000
    assert out.imprecise[1000:2000].all() and not out.imprecise[:1000].any() and not out.imprecise[2000:].any()
    assert out.report["reasons"] == {"stacked_coordinate": 1000}
    assert out.report["locations"] == [{"x": fx, "y": fy, "rows": 1000, "why": "stacked_coordinate"}]
    assert out.report["units"] == "degrees"


def test_station_address_in_address_geocoded_data_is_flagged():
    # Address-geocoded data: ordinary addresses repeat 1..8 times; the police station holds 6 %.
    rng = np.random.default_rng(3)
    addresses = np.column_stack(_spread_sweref(1500, seed=3))
    rows = addresses[rng.integers(0, 1500, 4700)]
    station = np.array([[915_000.5, 7_305_000.5]])
    xy = np.r_[rows, np.repeat(station, 300, axis=0)]
    out = find_imprecise(xy[:, 0], xy[:, 1])
    assert out.report["reasons"] == {"stacked_coordinate": 300}
    assert out.imprecise[-300:].all() and not out.imprecise[:-300].any()


def test_coarse_grid_degrees_and_metres():
    x, y = _spread_wgs84(400)
    out = find_imprecise(np.round(x, 2), np.round(y, 2))
    assert out.imprecise.all()
    assert out.report["grid_step"] == 0.01
    assert out.report["reasons"] == {"coarse_grid": 400}
    ex, ey = _spread_sweref(400)
    out = find_imprecise(np.round(ex, -3), np.round(ey, -3))
    assert out.report["units"] == "metres" and out.report["grid_step"] == 1000
    assert out.imprecise.all()
    # The coarsest step that holds is reported: whole tenths of a degree over a county.
    rng = np.random.default_rng(2)
    out = find_imprecise(np.round(rng.uniform(20, 24, 2000), 1), np.round(rng.uniform(65, 67, 2000), 1))
    assert out.report["grid_step"] == 0.1 and out.report["reasons"] == {"coarse_grid": 2000}


def test_round_fallback_coordinate_is_a_stack_not_a_grid():
    x, y = _spread_wgs84(3000)
    x[:1000], y[:1000] = 23.15, 65.86   # a fallback that happens to be round
    out = find_imprecise(x, y)
    assert out.report["grid_step"] is None
    assert out.report["reasons"] == {"stacked_coordinate": 1000}
    assert out.report["locations"][0]["rows"] == 1000


def test_partly_rounded_file_flags_only_rounded_rows():
    x, y = _spread_wgs84(1000)
    x[:400], y[:400] = np.round(x[:400], 2), np.round(y[:400], 2)
    out = find_imprecise(x, y)
    assert out.imprecise[:400].all()
    assert not out.imprecise[400:].any()  # six-decimal points are on the 0.01° grid by chance ~1e-8


def test_source_hint_flags_every_row_and_rejects_unknown():
    x, y = _spread_wgs84(50)
    out = find_imprecise(x, y, source_hint="police_events")
    assert out.imprecise.all() and out.report["reasons"] == {"centre_coded_source": 50}
    assert "Swedish Police events API" in out.report["notes"][0]
    assert find_imprecise(x, y, source_hint="polisen").imprecise.all()
    with pytest.raises(InputError, match="unknown source_hint 'gps'.*police_events"):
        find_imprecise(x, y, source_hint="gps")


def test_guard_busy_square_spread_over_dozens_of_metres_is_not_flagged():
    # 900 incidents on a square (within 30 m, GPS precision) among 3000 over the town: a real hotspot.
    x, y = _spread_sweref(3000)
    rng = np.random.default_rng(7)
    angle, radius = rng.uniform(0, 2 * np.pi, 900), 30 * np.sqrt(rng.uniform(0, 1, 900))
    sx = np.round(915_000 + radius * np.cos(angle), 1)
    sy = np.round(7_305_000 + radius * np.sin(angle), 1)
    out = find_imprecise(np.r_[x, sx], np.r_[y, sy])
    assert not out.imprecise.any()
    assert out.report["rows"] == 0 and out.report["reasons"] == {} and out.report["notes"] == []


def test_guard_few_exact_repeats_at_a_mall_are_not_flagged():
    # 40 incidents geocoded to the mall's address among 4000 spread points (1 %): a real place.
    x, y = _spread_wgs84(4000)
    x[:40], y[:40] = 23.158123, 65.854321
    out = find_imprecise(x, y)
    assert not out.imprecise.any()


def test_guard_small_file_and_address_repeats_are_not_flagged():
    # 15 rows on one coordinate: too few rows to call anything a stack.
    assert not find_imprecise(np.full(15, 23.158123), np.full(15, 65.854321)).imprecise.any()
    # Block-level geocoding: every address repeats 1..15 times; none stands out.
    rng = np.random.default_rng(5)
    blocks = np.column_stack(_spread_sweref(2000, seed=5))
    xy = blocks[rng.integers(0, 2000, 12000)]
    assert not find_imprecise(xy[:, 0], xy[:, 1]).imprecise.any()


def test_nan_rows_are_not_checked_and_inputs_untouched():
    x = np.r_[np.full(100, 23.143965), np.nan, 1.0]
    y = np.r_[np.full(100, 65.855281), 65.0, np.nan]
    before = x.copy()
    out = find_imprecise(x, y)
    np.testing.assert_array_equal(x, before)
    assert out.imprecise.tolist() == [True] * 100 + [False, False]
    assert out.report["rows_checked"] == 100
    with pytest.raises(InputError, match="same length"):
        find_imprecise([1.0, 2.0], [1.0])
    empty = find_imprecise([], [])
    assert empty.imprecise.size == 0 and empty.report["rows"] == 0


def test_report_is_json_serialisable():
    import json
    x, y = _spread_wgs84(300)
    json.dumps(find_imprecise(np.r_[x, np.full(100, 23.0)], np.r_[y, np.full(100, 65.0)]).report)


def test_vendored_police_events_sample_is_centre_coded():
    table = pd.read_csv(VENDORED)
    out = find_imprecise(table["lon"], table["lat"])
    assert out.imprecise.all()
    assert out.report["distinct_coordinates"] == 15
    assert out.report["reasons"] == {"centre_coded_file": 248}


def test_shared_police_events_csv_is_centre_coded(shared):
    table = pd.read_csv(shared / "polisen" / "polisen_events_norrbotten.csv")
    out = find_imprecise(table["lon"], table["lat"])
    assert out.report["rows"] == 6194 and out.report["distinct_coordinates"] == 15
    assert out.report["locations"][0]["rows"] == 2663  # Kiruna's centre


def test_shared_foreign_files_only_withheld_locations_flagged(shared):
    chicago = pd.read_csv(shared / "crime" / "chicago_aggravated_assaults.csv.gz")
    assert find_imprecise(chicago["longitude"], chicago["latitude"]).report["rows"] == 0
    vancouver = pd.read_csv(shared / "crime" / "crimedata_csv_AllNeighbourhoods_2020.csv")
    out = find_imprecise(vancouver["X"], vancouver["Y"])
    # Only the 3,750 rows whose location was withheld (X = Y = 0).
    assert out.report["locations"] == [{"x": 0.0, "y": 0.0, "rows": 3750, "why": "stacked_coordinate"}]
    assert out.report["rows"] == 3750


def test_fast_on_a_million_rows():
    rng = np.random.default_rng(1)
    x = np.round(rng.uniform(910_000, 920_000, 1_000_000), 1)
    y = np.round(rng.uniform(7_300_000, 7_310_000, 1_000_000), 1)
    x[:100_000], y[:100_000] = 915_000.0, 7_305_000.0
    started = time.perf_counter()
    out = find_imprecise(x, y)
    assert time.perf_counter() - started < 10  # ~0.3 s here; generous for a shared 2-core machine
    assert out.imprecise.sum() == 100_000


def test_units_can_be_stated():
    # Small metric values that look like degrees: stated as metres, a 1 km grid is not looked for in degrees.
    rng = np.random.default_rng(4)
    x, y = np.round(rng.uniform(0, 90, 300), 1), np.round(rng.uniform(0, 80, 300), 1)
    assert find_imprecise(x, y).report["units"] == "degrees"
    out = find_imprecise(x, y, geographic=False)
    assert out.report["units"] == "metres" and out.report["grid_step"] is None and not out.imprecise.any()
    assert find_imprecise(x, y, geographic=True).report["grid_step"] == 0.1
