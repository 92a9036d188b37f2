"""Share mode (Maps, item 3): share_safe's suppression rules by hand, and check_share_html on folium maps."""

import json
import re

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from folium.plugins import HeatMap
from shapely.geometry import box

from hotspots.errors import InputError
from hotspots.find import find_hotspots
from hotspots.io.read import read_points
from maps.products.build import build_map
from maps.share.coarse import band_bounds
from maps.share.privacy import check_share_html, share_safe
from maps.share.publish import publish_frame

CRS = "EPSG:3006"
DEMO = "maps/demo/kalix/"
NA = pd.NA


def _hotspots():
    """Four hotspots around the threshold, with sensitive, free-text and non-canonical columns."""
    return gpd.GeoDataFrame({
        "hotspot_id": [1, 2, 3, 4], "method": "gistar", "rank": [1, 2, 3, 4], "z": [5.0, 4.0, 3.0, 2.0],
        "n_points": [20, 12, 5, 4], "n_incidents": [14, 8, 5, 4], "n_complaints": [6, 4, 0, 0],
        "score": [17.0, 10.0, 5.0, 4.0],
        "n_violence": [6, 6, 5, 4], "n_theft": [9, 4, 0, 0], "n_domestic": [5, 2, 0, 0], "n_sexual": [0, 0, 0, 0],
        "n_Misshandel": [1, 1, 1, 1], "text": ["a", "b", "c", "d"], "note": "x", "category_raw": "Misshandel",
    }, geometry=[box(i * 1000, 0, i * 1000 + 300, 300) for i in range(4)], crs=CRS)


def _points(xy, category="violence", sensitive=False, weight=1.0):
    xy = np.asarray(xy, float).reshape(-1, 2)
    return gpd.GeoDataFrame({"source": ["incident"] * len(xy), "category": category, "category_raw": "Misshandel",
                             "weight": weight, "sensitive": sensitive, "text": "bakom huset"},
                            geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=CRS)


def _grid(counts, cell=100.0):
    """Cells frame like ``HotspotFinder.cells_`` from a (ny, nx) array of counts."""
    counts = np.asarray(counts, float)
    rows, cols = np.indices(counts.shape).reshape(2, -1)
    return gpd.GeoDataFrame({"row": rows, "col": cols, "count": counts.ravel(), "n_incidents": counts.ravel(),
                             "n_complaints": 0.0, "hot": False},
                            geometry=shapely.box(cols * cell, rows * cell, (cols + 1) * cell, (rows + 1) * cell),
                            crs=CRS)


def _values(frame, column):
    return [None if v is NA else int(v) for v in frame[column]]


def test_hotspots_primary_and_secondary_suppression_by_hand():
    out = share_safe(hotspots=_hotspots()).hotspots
    assert list(out.columns) == ["hotspot_id", "method", "rank", "z", "n_points", "n_incidents", "n_complaints",
                                 "n_violence", "n_theft", "geometry"]
    assert out["hotspot_id"].tolist() == [1, 2, 3]            # 4 points: dropped
    assert out["n_points"].tolist() == [20, 12, 5]
    # source split: shown whole (14 + 6) or not at all (4 and 0 are < 5, 8 and 5 follow them)
    assert _values(out, "n_incidents") == [14, None, None]
    assert _values(out, "n_complaints") == [6, None, None]
    # categories: hotspot 1 has no category < 5, so its smallest (violence 6) is hidden lest
    # 20 - 6 - 9 = 5 give its domestic count; hotspots 2 and 3 already hide theft (4, 0)
    assert _values(out, "n_violence") == [None, 6, 5]
    assert _values(out, "n_theft") == [9, None, None]


def test_no_suppressed_or_sensitive_count_is_a_row_total_minus_shown_parts():
    out = share_safe(hotspots=_hotspots()).hotspots
    for group in (["n_incidents", "n_complaints"], ["n_violence", "n_theft"]):
        hidden = out[group].isna().sum(axis=1) + (1 if "n_violence" in group else 0)  # + the sensitive part
        assert ((hidden == 0) | (hidden >= 2)).all()
    shown = out.select_dtypes("number").drop(columns=["z", "rank", "hotspot_id"])
    assert (shown.fillna(99) >= 5).all().all()


def test_report_and_input_never_mutated():
    hotspots, cells, points = _hotspots(), _grid([[6, 4], [12, 0]]), _points([[10, 10]] * 6)
    before = [hotspots.copy(), cells.copy(), points.copy()]
    result = share_safe(points, hotspots, cells)
    for frame, copy in zip([hotspots, cells, points], before):
        pd.testing.assert_frame_equal(frame, copy)
    assert result.report["hotspots_dropped"] == 1
    assert result.report["counts_suppressed"] == 4 and result.report["counts_suppressed_secondary"] == 3
    assert {"score", "text", "note", "category_raw", "n_domestic", "n_sexual", "n_Misshandel"} <= set(
        result.report["hotspot_columns_removed"])


def test_cells_below_minimum_dropped_and_one_value_kept():
    out = share_safe(cells=_grid([[6, 4, 5], [0, 12, 7]])).cells
    assert out["count"].tolist() == [6, 5, 12, 7]
    assert list(out.columns) == ["row", "col", "count", "hot", "geometry"]  # no source split
    assert (out.geometry.geom_type == "Polygon").all()


def test_cells_need_min_points_not_only_min_weight():
    cells = _grid([[6.0, 0.0]])
    pts = _points([[50, 50], [60, 60]], weight=3.0)  # two points weighing 3: count 6, but 2 incidents
    assert share_safe(pts, cells=cells).cells.empty
    assert len(share_safe(cells=cells).cells) == 1


def test_one_dropped_cell_in_a_hotspot_takes_the_smallest_shown_cell_with_it():
    # the hotspot covers cells 6, 4, 5, 12: its 27 points minus the shown 6 + 5 + 12 would give the dropped 4
    cells = _grid([[6, 4, 5], [5, 12, 7]])
    spot = gpd.GeoDataFrame({"hotspot_id": [1], "n_points": [27]}, geometry=[box(0, 0, 200, 200)], crs=CRS)
    result = share_safe(hotspots=spot, cells=cells)
    assert result.cells["count"].tolist() == [6, 5, 12, 7]
    assert result.cells[["row", "col"]].values.tolist() == [[0, 0], [0, 2], [1, 1], [1, 2]]
    assert result.report["cells_dropped"] == 1 and result.report["cells_dropped_secondary"] == 1
    assert result.heat["count"].tolist() == [6, 5, 12, 7]
    # two dropped cells (4 and 0) already hide each other: nothing more goes
    two = share_safe(hotspots=spot, cells=_grid([[6, 4, 5], [0, 12, 7]]))
    assert two.cells["count"].tolist() == [6, 5, 12, 7] and two.report["cells_dropped_secondary"] == 0


def test_points_never_pass_sensitive_total_only():
    pts = pd.concat([_points([[0, 0]] * 6), _points([[9, 9]] * 3, "domestic", True), _points([[5, 5]], "sexual")])
    result = share_safe(pts)
    assert result.sensitive_total == "< 5" and result.hotspots is None and result.cells is None
    more = pd.concat([pts, _points([[7, 7]], "violence", True)])
    assert share_safe(more).sensitive_total == 5


def test_heat_from_points_is_squares_of_at_least_min():
    pts = pd.concat([_points([[100, 100]] * 7), _points([[600, 600]] * 3)])
    heat = share_safe(pts, heat_cell_m=250).heat
    assert heat["count"].tolist() == [7]
    assert heat.geometry.iloc[0].equals(box(0, 0, 250, 250))


def test_cluster_hulls_are_snapped_to_a_lattice():
    hull = shapely.Point(1234, 5678).buffer(60)
    spot = gpd.GeoDataFrame({"method": ["dbscan"], "n_points": [9]}, geometry=[hull], crs=CRS)
    geom = share_safe(hotspots=spot).hotspots.geometry.iloc[0]
    xy = shapely.get_coordinates(geom)
    assert np.allclose(xy % 100, 0) and geom.covers(hull.buffer(-1))


def test_bad_min_count_is_a_clear_error():
    with pytest.raises(InputError, match="min_count"):
        share_safe(hotspots=_hotspots(), min_count=0)
    with pytest.raises(InputError, match="n_points"):
        share_safe(hotspots=_hotspots().drop(columns="n_points"))


def _map():
    return folium.Map(location=[65.85, 23.14], zoom_start=12, tiles=None)


def _geojson(properties, geometry):
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": properties, "geometry": geometry}]}


SQUARE = {"type": "Polygon", "coordinates": [[[23.1, 65.8], [23.2, 65.8], [23.2, 65.9], [23.1, 65.8]]]}


@pytest.mark.parametrize("add, expected", [
    (lambda m: folium.Marker([65.81, 23.11]).add_to(m), "individual marker"),
    (lambda m: HeatMap([[65.82, 23.12, 1.0], [65.83, 23.13, 1.0]]).add_to(m), "point heat layer"),
    (lambda m: folium.GeoJson(_geojson({"n_points": 7}, {"type": "Point", "coordinates": [23.1, 65.8]})).add_to(m),
     "Point geometry"),
    (lambda m: folium.GeoJson(_geojson({"n_points": 3}, SQUARE)).add_to(m), "'n_points' = 3"),
    (lambda m: folium.GeoJson(_geojson({"n_points": 9, "text": "hej"}, SQUARE)).add_to(m), "free-text property"),
    (lambda m: folium.GeoJson(_geojson({"count": 9, "category": "domestic"}, SQUARE)).add_to(m), "'domestic'"),
    (lambda m: folium.GeoJson(_geojson({"antal": 9}, SQUARE), tooltip="Våld i nära relation").add_to(m),
     "'våld i nära relation'"),
])
def test_checker_catches_each_violation(add, expected):
    m = _map()
    add(m)
    found = check_share_html(m.get_root().render())
    assert any(expected in v for v in found), found


def test_checker_finds_input_coordinates_anywhere():
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([23.2], [65.9]), crs="EPSG:4326")
    m = _map()
    folium.GeoJson(_geojson({"n_points": 9}, SQUARE)).add_to(m)  # a vertex sits on the input point
    assert any("equal an input point" in v for v in check_share_html(m.get_root().render(), input_points=pts))


def test_checker_passes_a_clean_polygon_map():
    m = _map()
    # #16.5: share pages publish counts as bands (or multiples of 5 with scale="round5"), never exact
    folium.GeoJson(_geojson({"n_points": "5–9", "n_incidents": None, "count": "10–19", "rank": 1}, SQUARE),
                   tooltip=folium.GeoJsonTooltip(["n_points", "rank"])).add_to(m)
    assert check_share_html(m.get_root().render()) == []


@pytest.mark.parametrize("value, scale", [(7, "classes"), (12.5, "classes"), (10, "classes"), ("7", "classes"),
                                          (7, "round5"), ("3–4", "classes"), ("10–19", "round5")])
def test_checker_fails_on_an_exact_count_issue_16(value, scale):
    m = _map()
    folium.GeoJson(_geojson({"n_points": value, "rank": 1}, SQUARE)).add_to(m)
    found = check_share_html(m.get_root().render(), scale=scale)
    assert len(found) == 1 and "n_points" in found[0]


def test_checker_accepts_multiples_of_5_on_the_round5_scale():
    m = _map()
    folium.GeoJson(_geojson({"n_points": 15, "count": 5, "rank": 1}, SQUARE)).add_to(m)
    assert check_share_html(m.get_root().render(), scale="round5") == []


@pytest.fixture(scope="module")
def demo():
    return read_points(DEMO + "incidents.csv", DEMO + "complaints.csv").points


def test_internal_map_fails_the_check(demo):
    found = check_share_html(build_map(points=demo).get_root().render(), input_points=demo)
    assert len(found) >= 4 and any("equal an input point" in v for v in found)


@pytest.mark.parametrize("method", ["gistar", "dbscan"])
def test_every_share_product_of_the_demo_parses_clean(demo, method):
    """Issue Maps 3: parse the HTML and every GeoJSON in it; no count < 5, no input point, no text, no sensitive."""
    finder = find_hotspots(demo, method)
    share = share_safe(demo, finder.hotspots_, finder.cells_)
    m = _map()
    # #16.5: a share layer is drawn only after its counts are published on the coarse scale
    layers = [publish_frame(share.hotspots, kind="hotspot"), publish_frame(share.cells),
              publish_frame(share.heat, kind="square")]
    for layer in layers:
        folium.GeoJson(layer.to_crs("EPSG:4326").to_json()).add_to(m)
    page = m.get_root().render()
    assert check_share_html(page, input_points=demo) == []
    inputs = {tuple(c) for c in np.round(shapely.get_coordinates(demo.to_crs("EPSG:4326").geometry), 6)}
    sensitive = re.compile(r"sexual|domestic", re.IGNORECASE)
    for layer in layers:  # an independent parse of each GeoJSON, not through the checker
        for feature in json.loads(layer.to_crs("EPSG:4326").to_json())["features"]:
            assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
            coords = shapely.get_coordinates(shapely.geometry.shape(feature["geometry"]))
            assert not inputs & {tuple(c) for c in np.round(coords, 6)}
            for key, value in feature["properties"].items():
                assert not sensitive.search(key) and not sensitive.search(str(value))
                assert key not in ("text", "note", "category_raw", "score")
                if key.startswith("n_") or key == "count":
                    # on the coarse scale (#16.5), and its band starts at 5 or more
                    assert value is None or band_bounds(value)[0] >= 5, (key, value)
    assert share.sensitive_total == int(demo["sensitive"].sum()) >= 5
