"""find_hotspots: every method on hand-made data, the Hotspots contract, and the edge cases of issue 3."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from hotspots.errors import InputError
from hotspots.find import METHODS, find_hotspots

CONTRACT = ["hotspot_id", "method", "geometry", "n_points", "n_incidents", "n_complaints", "score", "rank"]


def _points(xy, source=None, category="violence"):
    xy = np.asarray(xy, float).reshape(-1, 2)
    n = len(xy)
    return gpd.GeoDataFrame({
        "id": [str(i) for i in range(n)], "source": source if source is not None else ["incident"] * n,
        "category": category, "weight": 1.0, "sensitive": False,
        "start": pd.Timestamp("2024-05-03 23:00", tz="Europe/Stockholm"),
    }, geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs="EPSG:3006")


def _city(seed=1):
    """Background over 10 x 10 km plus two dense spots; the first is the bigger one."""
    rng = np.random.default_rng(seed)
    background = rng.uniform(0, 10_000, size=(400, 2))
    spot_a = rng.normal([3_050, 7_050], 40, size=(120, 2))
    spot_b = rng.normal([8_050, 2_050], 40, size=(60, 2))
    return _points(np.vstack([background, spot_a, spot_b]))


@pytest.mark.parametrize("method", METHODS)
def test_every_method_finds_the_two_spots_in_order(method):
    # the automatic KDE bandwidth smooths a 10 km area at ~1 km, merging the smaller spot into
    # the background; a stated street-scale bandwidth separates them
    extra = {"bandwidth_m": 100} if method == "kde" else {}
    finder = find_hotspots(_city(), method, cell_m=100, **extra)
    table = finder.hotspots_
    assert [c for c in table.columns if c in CONTRACT] == CONTRACT  # z, p, q sit before rank
    assert table["rank"].tolist() == list(range(1, len(table) + 1))
    first = table.geometry.iloc[0]
    assert first.distance(gpd.points_from_xy([3_050], [7_050])[0]) == 0
    if method != "hdbscan":
        # HDBSCAN's default (excess of mass) selection puts the smaller spot into a cluster
        # with the background around it, which the density rule then drops
        assert len(table) >= 2
        assert table.geometry.iloc[1].distance(gpd.points_from_xy([8_050], [2_050])[0]) == 0
    assert table["n_points"].iloc[0] >= 100
    assert finder.params_["method"] == method and finder.params_["cell_m"] == 100
    assert 0 < finder.params_["share_points"] < 1 and 0 < finder.params_["share_area"] < 0.05
    assert (finder.point_hotspot_ > 0).sum() == table["n_points"].sum()


def test_gistar_table_has_statistics_and_cells_frame():
    finder = find_hotspots(_city(), "gistar", cell_m=100)
    table, cells = finder.hotspots_, finder.cells_
    assert {"z", "p", "q"} <= set(table.columns) and (table["q"] < 0.05).all() and (table["z"] > 0).all()
    assert {"count", "n_incidents", "n_complaints", "z", "p", "q", "hot"} <= set(cells.columns)
    # issue 12: only cells holding points or flagged hot, unless all_cells
    assert ((cells["count"] > 0) | cells["hot"]).all() and cells["count"].sum() == 580
    occupied = np.unique(np.floor(np.column_stack([_city().geometry.x, _city().geometry.y]) / 100), axis=0)
    assert len(cells) >= len(occupied) and len(cells) < 100 * 100
    everything = find_hotspots(_city(), "gistar", cell_m=100, all_cells=True).cells_
    assert len(everything) == 100 * 100 and everything["count"].sum() == 580
    assert finder.params_["fdr"] == "bh"


def test_count_method_by_hand():
    # 10 points in one 100 m cell, 3 in another, singles elsewhere: with a 5 % share of the 12
    # occupied cells (= 1 cell) only the 10-point cell is hot.
    xy = [[50, 50]] * 10 + [[950, 950]] * 3 + [[150 + 100 * i, 550] for i in range(8)] + [[450, 950], [650, 950]]
    finder = find_hotspots(_points(xy), "count", cell_m=100)
    table = finder.hotspots_
    assert len(table) == 1 and table["n_points"].iloc[0] == 10 and table["score"].iloc[0] == 10
    assert table.geometry.iloc[0].area == 100 * 100
    assert finder.params_["level"] == 10
    assert table["n_violence"].iloc[0] == 10
    assert table["peak_windows"].iloc[0] == "fre 23–00"  # every point is at Friday 23:00
    assert table["trend"].iloc[0] is None  # one day of data: too short for periods
    assert "no trend" in finder.params_["trend_rule"]


def test_complaints_weigh_half_by_default():
    xy = [[50, 50]] * 4 + [[350, 50]] * 6 + [[950, 950]]
    source = ["incident"] * 4 + ["complaint"] * 6 + ["incident"]
    finder = find_hotspots(_points(xy, source=source), "count", cell_m=100, top_share=0.34, min_points=1)
    table = finder.hotspots_
    # the incident cell (4) outranks the complaint cell (6 x 0.5 = 3)
    assert table[["n_incidents", "n_complaints", "score"]].values.tolist() == [[4, 0, 4.0], [0, 6, 3.0]]
    equal = find_hotspots(_points(xy, source=source), "count", cell_m=100, top_share=0.34, min_points=1,
                          complaint_weight=1.0)
    assert equal.hotspots_["n_complaints"].iloc[0] == 6


def test_merged_cells_touching_at_a_corner_are_one_hotspot():
    xy = [[50, 50]] * 5 + [[150, 150]] * 5 + [[950, 950]] * 1
    finder = find_hotspots(_points(xy), "count", cell_m=100, top_share=0.67)
    assert len(finder.hotspots_) == 1 and finder.hotspots_["n_points"].iloc[0] == 10


# --- edge cases named in issue 3 --------------------------------------------------------------------

def test_no_points_is_a_clear_error():
    with pytest.raises(InputError, match="no points to grid"):
        find_hotspots(_points(np.empty((0, 2))), "gistar")


@pytest.mark.parametrize("method", METHODS)
def test_one_point_gives_no_hotspot(method):
    finder = find_hotspots(_points([[500, 500]]), method)
    assert len(finder.hotspots_) == 0 and finder.params_["share_points"] == 0


@pytest.mark.parametrize("method", ["count", "kde", "gistar"])
def test_identical_points_all_in_one_cell(method):
    finder = find_hotspots(_points([[500, 500]] * 20), method)
    assert finder.grid_.nx * finder.grid_.ny == 1
    # one cell: count and kde flag it; Gi* has no variation to test, so nothing is significant
    expected = 0 if method == "gistar" else 1
    assert len(finder.hotspots_) == expected


def test_points_outside_the_boundary_are_left_out():
    area = gpd.GeoDataFrame(geometry=[box(0, 0, 5_000, 10_000)], crs="EPSG:3006")
    finder = find_hotspots(_city(), "count", cell_m=100, boundary=area)
    assert finder.params_["n_outside"] > 0
    assert finder.hotspots_.geometry.union_all().within(box(0, 0, 5_000, 10_000))
    assert finder.grid_.inside.all()


def test_cell_larger_than_area():
    finder = find_hotspots(_city(), "gistar", cell_m=50_000)
    assert (finder.grid_.nx, finder.grid_.ny) == (1, 1) and len(finder.hotspots_) == 0


def test_unknown_method_and_bad_share():
    with pytest.raises(InputError, match="unknown method 'heat'"):
        find_hotspots(_city(), "heat")
    with pytest.raises(InputError, match="top share"):
        find_hotspots(_city(), "count", top_share=0)


def test_plain_geodataframe_in_wgs84_works_with_defaults():
    wgs = gpd.GeoDataFrame(geometry=_city().geometry.translate(860_000, 7_320_000).to_crs(4326))
    finder = find_hotspots(wgs, "count", cell_m=100)
    assert finder.params_["crs"] == "EPSG:3006" and len(finder.hotspots_) >= 2
    assert any("no 'weight' column" in n for n in finder.params_["notes"])


def test_deterministic():
    a = find_hotspots(_city(), "hdbscan").hotspots_
    b = find_hotspots(_city(), "hdbscan").hotspots_
    pd.testing.assert_frame_equal(pd.DataFrame(a.drop(columns="geometry")), pd.DataFrame(b.drop(columns="geometry")))


def test_trend_column_from_mann_kendall():
    # one spot whose monthly count grows from 1 to 24 over two years, next to a steady spot
    rng = np.random.default_rng(5)
    months = pd.date_range("2023-01-01", periods=24, freq="MS", tz="Europe/Stockholm")
    rising = [(m + pd.Timedelta(days=int(d)), [1_000, 1_000]) for i, m in enumerate(months)
              for d in rng.integers(0, 27, i + 1)]
    steady = [(m + pd.Timedelta(days=int(d)), [5_000, 5_000]) for m in months for d in rng.integers(0, 27, 12)]
    background = [(months[0] + pd.Timedelta(days=int(d)), list(rng.uniform(0, 6_000, 2)))
                  for d in rng.integers(0, 700, 200)]
    rows = rising + steady + background
    pts = _points([xy for _, xy in rows])
    pts["start"] = [t for t, _ in rows]
    table = find_hotspots(pts, "count", cell_m=100).hotspots_.set_index("n_points")
    assert table.loc[300, "trend"] == "ökande"     # 1 + 2 + ... + 24 points in one cell
    assert table.loc[288, "trend"] == "ingen trend"  # 12 a month


def test_issue12_hotspot_finder_is_a_scikit_learn_estimator():
    from sklearn.base import clone

    from hotspots import HotspotFinder

    finder = HotspotFinder("count", cell_m=100, top_share=0.1)
    params = finder.get_params()
    assert params["method"] == "count" and params["cell_m"] == 100 and params["top_share"] == 0.1
    twin = clone(finder)
    assert twin is not finder and twin.get_params() == params
    assert not hasattr(twin, "hotspots_")  # clone is unfitted
    finder.set_params(cell_m=200, method="gistar")
    assert (finder.cell_m, finder.method) == (200, "gistar")
    # parameters are stored untouched; validation happens in fit
    odd = HotspotFinder("heat", top_share=7)
    assert (odd.method, odd.top_share) == ("heat", 7)
    with pytest.raises(InputError, match="unknown method"):
        odd.fit(_city())
    fitted = clone(finder).fit(_city())
    assert fitted.params_["cell_m"] == 200 and len(fitted.hotspots_) >= 1


def test_issue14_peak_windows_in_the_points_own_zone():
    # Friday 22:30 in Vancouver is Saturday 07:30 in Stockholm: the windows follow the data's zone
    xy = np.array([[3_050, 7_050]] * 30) + np.random.default_rng(0).normal(0, 20, (30, 2))
    pts = _points(xy)
    pts["start"] = pd.Timestamp("2020-01-03 22:30", tz="America/Vancouver")
    finder = find_hotspots(pts, "count", cell_m=100, min_points=1)
    assert finder.params_["tz"] == "America/Vancouver"
    assert finder.hotspots_["peak_windows"].iloc[0].startswith("fre 22")
    forced = find_hotspots(pts, "count", cell_m=100, min_points=1, tz="Europe/Stockholm")
    assert forced.hotspots_["peak_windows"].iloc[0].startswith("lör 07")


def test_issue13_imprecise_points_make_no_hotspot():
    # 300 points stacked on one municipality centre plus a real hot place: the centre is left out
    rng = np.random.default_rng(5)
    real = rng.normal([3_050, 7_050], 40, size=(60, 2))
    background = rng.uniform(0, 10_000, size=(300, 2))
    centre = np.array([[8_000.0, 2_000.0]] * 300)
    pts = _points(np.vstack([real, background, centre]))
    pts["imprecise"] = np.r_[np.zeros(360, bool), np.ones(300, bool)]
    finder = find_hotspots(pts, "count", cell_m=100)
    assert finder.params_["n_imprecise_left_out"] == 300
    assert any("imprecise" in n for n in finder.params_["notes"])
    assert len(finder.point_hotspot_) == len(pts) and (finder.point_hotspot_[360:] == 0).all()
    top = finder.hotspots_.iloc[0].geometry
    assert top.distance(box(3_000, 7_000, 3_100, 7_100)) < 100           # the real place ranks first
    assert finder.hotspots_.geometry.distance(box(7_990, 1_990, 8_010, 2_010)).min() > 0  # no centre hotspot
    kept = find_hotspots(pts, "count", cell_m=100, keep_imprecise=True)
    assert kept.params_["n_imprecise_left_out"] == 0
    assert kept.hotspots_.geometry.distance(box(7_990, 1_990, 8_010, 2_010)).min() == 0
