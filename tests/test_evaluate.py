"""Tests for hotspots.temporal.evaluate.evaluate_methods and the ``evaluate`` command (maps.cli.commands.evaluate).

Hand-made grids of 10 × 10 cells of 100 m (a square boundary, so N = 100 in-area cells) with answers
worked out by hand; a Chicago subset (tests/data, derived from ../shared/data) for the real-data path.
"""

import argparse
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from hotspots.errors import InputError
from hotspots.io.read import ReadOptions, read_points
from hotspots.temporal.evaluate import METHODS, evaluate_methods
from maps.cli.commands import evaluate as cmd_evaluate

TZ = "Europe/Stockholm"
DAY0 = pd.Timestamp("2024-01-01", tz=TZ)
BOUNDARY = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 1000, 1000)], crs="EPSG:3006")


def centre(row, col):
    return 100 * col + 50.0, 100 * row + 50.0


def make_points(cells_days, weights=None):
    """Points at cell centres: ``cells_days`` is a list of ((row, col), day offset from 2024-01-01 00:00)."""
    xy = [centre(*rc) for rc, _ in cells_days]
    start = [DAY0 + pd.Timedelta(days=d) for _, d in cells_days]
    return gpd.GeoDataFrame({"start": pd.DatetimeIndex(start), "source": "incident",
                             "weight": 1.0 if weights is None else weights},
                            geometry=gpd.points_from_xy(*zip(*xy)), crs="EPSG:3006")


def run(points, **kwargs):
    kwargs = {"train_days": 10, "test_days": 5, "boundary": BOUNDARY, "cell_m": 100,
              "end": pd.Timestamp("2024-01-16", tz=TZ), **kwargs}
    return evaluate_methods(points, **kwargs)


def row(ev, method, coverage):
    t = ev.table
    return t[(t.method == method) & np.isclose(t.coverage, coverage)].iloc[0]


# --- PAI of a perfect map and of a uniform map ---

def test_pai_of_a_perfect_map_is_one_over_the_area_share():
    # Training: 20 events in cell (2, 3) over days 0.5–9.5; test (days 10–15): 7 events in the same cell.
    train = [((2, 3), 0.5 + i * 0.45) for i in range(20)]
    test = [((2, 3), 10.5 + i * 0.6) for i in range(7)]
    ev = run(make_points(train + test), methods=("count", "kde", "prospective"), coverage=(0.01, 0.05))
    for method in ("count", "kde", "prospective", "naive"):
        one, five = row(ev, method, 0.01), row(ev, method, 0.05)
        assert one.hit_rate_mean == 1.0 and one.pai_mean == 100.0   # 1 / (1 / 100)
        assert five.hit_rate_mean == 1.0 and five.pai_mean == 20.0  # 1 / (5 / 100)
        assert one.rri_mean == pytest.approx(1.0)                    # (7 / 20) / (7 / 20)
    assert ev.info["k"] == {"0.01": 1, "0.05": 5} and ev.info["n_cells"] == 100


def test_pai_of_an_exactly_uniform_map_is_one_for_every_method():
    # Clustered training, then one test event in every cell: whatever is flagged holds k of 100 events.
    train = [((r, c), (r + c) % 8) for r in range(3) for c in range(3) for _ in range(3)]
    test = [((r, c), 12.0) for r in range(10) for c in range(10)]
    ev = run(make_points(train + test), coverage=(0.01, 0.05, 0.1))
    assert set(ev.table.method) == set(METHODS) | {"naive"}
    np.testing.assert_allclose(ev.table.pai_mean, 1.0)
    np.testing.assert_allclose(ev.table.hit_rate_mean, ev.table.coverage)


def test_a_map_without_information_scores_pai_near_one_on_average():
    # Poisson points, uniform in space and time: training says nothing about the test window.
    rng = np.random.default_rng(11)
    n = 6000
    cells = list(zip(rng.integers(0, 10, n), rng.integers(0, 10, n)))
    days = rng.uniform(0, 300, n)
    ev = run(make_points(list(zip(cells, days))), methods=("count",), coverage=(0.1,), end=None, seed=4)
    r = row(ev, "count", 0.1)
    assert r.n_windows == 58                      # floor((301 - 10) / 5)
    assert abs(r.pai_mean - 1) < 3 * r.pai_sd / np.sqrt(r.n_windows)


def test_ties_are_broken_by_the_seed_not_by_cell_order():
    # The naive baseline (days 5–10) has no events at all: every score ties, so the seed chooses.
    # One test event per cell, weighing 1 … 100, so the flagged cell shows in the captured weight.
    test = [((r, c), 12.0) for r in range(10) for c in range(10)] + [((0, 0), 0.0)]  # + the data start
    pts = make_points(test, weights=np.r_[np.arange(1.0, 101.0), 1.0])
    flagged = {seed: run(pts, methods=("count",), coverage=(0.01,), seed=seed)
               .windows.query("method == 'naive'").test_in_flagged.iloc[0] for seed in range(6)}
    assert len(set(flagged.values())) > 1          # not always the first (or last) cell
    again = run(pts, methods=("count",), coverage=(0.01,), seed=3)
    assert again.windows.query("method == 'naive'").test_in_flagged.iloc[0] == flagged[3]


# --- RRI where defined ---

def test_rri_by_hand_and_where_undefined():
    # Training: A = (1, 1) 10 events, B = (8, 8) 5 events. Test: A 2, B 3, C = (5, 5) 5.
    train = [((1, 1), i * 0.5) for i in range(10)] + [((8, 8), 2 + i) for i in range(5)]
    test = [((1, 1), 11), ((1, 1), 12)] + [((8, 8), 11)] * 3 + [((5, 5), 13)] * 5
    r = row(run(make_points(train + test), methods=("count",), coverage=(0.01,)), "count", 0.01)
    assert r.hit_rate_mean == pytest.approx(0.2) and r.pai_mean == pytest.approx(20.0)
    assert r.rri_mean == pytest.approx((2 / 10) / (10 / 15))
    # Two windows: [0, 10) → [10, 15) has training but no test events (nothing is defined);
    # [5, 15) → [15, 20) has test but no training events (RRI undefined, hit rate and PAI defined).
    pts = make_points([((1, 1), 0.5)] + [((5, 5), 16)] * 3)
    ev = run(pts, methods=("count",), coverage=(0.01,), windows=2, end=DAY0 + pd.Timedelta(days=20))
    w = ev.windows.query("method == 'count'").set_index("window")
    assert w.loc[0, ["hit_rate", "pai", "rri"]].isna().all()
    assert np.isnan(w.loc[1, "rri"]) and w.loc[1, "train_weight"] == 0 and np.isfinite(w.loc[1, "pai"])
    r = row(ev, "count", 0.01)
    assert r.rri_n == 0 and r.hit_rate_n == r.pai_n == 1 and r.n_windows == 2 and np.isnan(r.pai_sd)


def test_rri_is_zero_when_flagged_cells_get_no_test_events():
    train = [((1, 1), i * 0.5) for i in range(10)]
    test = [((5, 5), 12)] * 4
    r = row(run(make_points(train + test), methods=("count",), coverage=(0.01,)), "count", 0.01)
    assert r.rri_mean == 0.0 and r.hit_rate_mean == 0.0 and r.pai_mean == 0.0


# --- windows and the baseline ---

def test_window_arithmetic_and_automatic_count():
    days = np.arange(0, 364.5, 0.5)   # 2024-01-01 .. 2024-12-30 12:00 (leap year)
    pts = make_points([((int(d) % 10, int(d * 2) % 10), d) for d in days])
    ev = evaluate_methods(pts, methods=("count",), train_days=100, test_days=30, coverage=0.05,
                          boundary=BOUNDARY, cell_m=100)
    w = ev.windows.drop_duplicates("window")
    assert len(w) == ev.info["n_windows"] == 8          # floor((365 − 100) / 30)
    assert w.test_end.iloc[-1] == pd.Timestamp("2024-12-31", tz=TZ)   # midnight after the last event
    assert w.test_start.iloc[-1] == pd.Timestamp("2024-12-01", tz=TZ)
    assert w.train_start.iloc[0] == pd.Timestamp("2024-01-26", tz=TZ)  # 340 days before the end
    assert (w.test_start.iloc[1:].to_numpy() == w.test_end.iloc[:-1].to_numpy()).all()  # consecutive
    assert all(t.hour == 0 for t in pd.concat([w.train_start, w.test_start, w.test_end]))  # across DST
    wall = (w.test_start.dt.tz_localize(None) - w.train_start.dt.tz_localize(None)).dt.days
    assert (wall == 100).all()                          # calendar days, also across the DST change
    two = evaluate_methods(pts, methods=("count",), train_days=100, test_days=30, coverage=0.05,
                           boundary=BOUNDARY, cell_m=100, windows=2)
    assert two.windows.window.nunique() == 2 and two.info["window_rule"].startswith("stated")


def test_baseline_is_always_included_and_methods_keep_their_order():
    pts = make_points([((1, 1), 0), ((1, 1), 12)])
    ev = run(pts, methods="gistar,count", coverage=(0.05, 0.01))
    assert ev.table.method.tolist() == ["gistar", "gistar", "count", "count", "naive", "naive"]
    assert ev.table.coverage.tolist()[:2] == [0.05, 0.01]
    assert run(pts, methods=("naive",)).table.method.unique().tolist() == ["naive"]


# --- bad input ---

@pytest.mark.parametrize("kwargs,fragment", [
    ({"methods": "count,hexbin"}, "unknown method.*'hexbin'.*count, kde, gistar, prospective"),
    ({"coverage": 0}, "strictly between 0 and 1"),
    ({"coverage": (0.05, 1.0)}, "strictly between 0 and 1"),
    ({"coverage": -0.1}, "strictly between 0 and 1"),
    ({"train_days": 0}, "train_days must be a whole number"),
    ({"test_days": 2.5}, "test_days must be a whole number"),
    ({"train_days": 365}, r"too little data for one window: training 365 \+ test 5 = 370 days"),
    ({"windows": 3}, "at most 1 windows fit"),
    ({"seed": -1}, "seed must be a whole number"),
    ({"end": "not a date"}, "end must be a date"),
])
def test_bad_input(kwargs, fragment):
    pts = make_points([((1, 1), 0), ((1, 1), 12)])
    with pytest.raises(InputError, match=fragment):
        run(pts, **kwargs)


def test_points_without_times():
    pts = make_points([((1, 1), 1)]).drop(columns="start")
    with pytest.raises(InputError, match="no 'start' times"):
        run(pts)


# --- the command ---

@pytest.fixture
def incidents(tmp_path):
    rng = np.random.default_rng(5)
    n = 400
    hot = rng.random(n) < 0.5
    lat = np.where(hot, 65.853 + rng.normal(0, 0.0005, n), rng.uniform(65.83, 65.87, n))
    lon = np.where(hot, 23.156 + rng.normal(0, 0.001, n), rng.uniform(23.10, 23.20, n))
    when = pd.Timestamp("2024-03-01") + pd.to_timedelta(rng.uniform(0, 90, n), unit="D")
    frame = pd.DataFrame({"id": np.arange(n), "tid": when.strftime("%Y-%m-%d %H:%M"),
                          "lat": lat.round(6), "lon": lon.round(6)})
    path = tmp_path / "incidents.csv"
    frame.to_csv(path, index=False)
    return path


def parse(argv):
    parser = argparse.ArgumentParser()
    cmd_evaluate.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_command_prints_the_comparison_table(incidents, capsys):
    args = parse(["evaluate", str(incidents), "--train-days", "30", "--test-days", "14",
                  "--coverage", "1%,0.05", "--cell-m", "200", "--lang", "en"])
    assert args.run_command(args) == 0
    out = capsys.readouterr().out
    assert "hit rate ± sd" in out and "naive (last period's counts)" in out and " ± " in out
    assert "4 windows" in out   # floor((91 − 30) / 14)
    for method in METHODS:
        assert method in out
    args = parse(["evaluate", str(incidents), "--train-days", "30", "--test-days", "14", "--cell-m", "200"])
    assert args.run_command(args) == 0
    out = capsys.readouterr().out
    assert "träffandel ± sd" in out and "naiv (förra periodens antal)" in out and "10 %" in out


def test_command_json_and_csv(incidents, tmp_path, capsys):
    out_csv = tmp_path / "tabell.csv"
    args = parse(["evaluate", str(incidents), "--methods", "count,prospective", "--train-days", "30",
                  "--test-days", "14", "--windows", "2", "--coverage", "0.05", "--json", "-o", str(out_csv)])
    assert args.run_command(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"]["rows_used"] == 400 and report["n_windows"] == 2
    assert [r["method"] for r in report["table"]] == ["count", "prospective", "naive"]
    table = pd.read_csv(out_csv, sep=";", decimal=",", encoding="utf-8-sig")
    assert table.method.tolist() == ["count", "prospective", "naive"] and "pai_sd" in table


@pytest.mark.parametrize("argv,fragment", [
    (["--coverage", "0,05"], "strictly between 0 and 1"),
    (["--coverage", "fem"], "--coverage must be comma-separated"),
    (["--methods", "count,foo"], "unknown method"),
])
def test_command_bad_input_raises_input_error(incidents, argv, fragment):
    args = parse(["evaluate", str(incidents), "--train-days", "30", "--test-days", "14", *argv])
    with pytest.raises(InputError, match=fragment):
        args.run_command(args)


# --- real data: a Chicago subset (one year of training + three 28-day test windows) ---

def test_time_aware_hotspots_chicago_subset(vendored):
    # The vendored file holds exactly the Chicago rows with 2018-01-01 <= date < 2019-03-27.
    path = vendored / "crime" / "chicago_aggravated_assaults_2018-01-01_2019-03-27.csv.gz"
    pts = read_points(path, options=ReadOptions(tz="America/Chicago", default_category="aggravated assault")).points
    ev = evaluate_methods(pts, windows=3, cell_m=250)
    assert ev.table.shape[0] == 5 * 3 and ev.table.n_windows.eq(3).all()
    assert ev.table.method.unique().tolist() == [*METHODS, "naive"]
    assert len(ev.windows) == 3 * 5 * 3
    assert ev.info["last_test_end"].startswith("2019-03-27")
    assert (ev.table.pai_mean > 1).all() and ev.table.rri_n.eq(3).all()
    five = ev.table[np.isclose(ev.table.coverage, 0.05)].set_index("method").pai_mean
    assert five.drop("naive").max() > five["naive"]
