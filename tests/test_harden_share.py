"""Issue #16.5: share counts on a coarse scale, so two share maps one incident apart cannot be differenced."""

import json
import re

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import box

from maps.products.build import build_map
from maps.share.coarse import band_bounds, publish_count
from maps.share.privacy import check_share_html

CRS = "EPSG:3006"
X0, Y0 = 870000.0, 7327000.0
SPOTS = [box(X0 + i * 1000, Y0, X0 + i * 1000 + 200, Y0 + 200) for i in range(3)]


def _points(per_spot, seed=3):
    rng = np.random.default_rng(seed)
    xy = np.vstack([np.column_stack([rng.uniform(s.bounds[0] + 1, s.bounds[2] - 1, n),
                                     rng.uniform(s.bounds[1] + 1, s.bounds[3] - 1, n)])
                    for s, n in zip(SPOTS, per_spot)])
    n = len(xy)
    return gpd.GeoDataFrame({"source": ["incident"] * n, "category": ["theft"] * n, "sensitive": [False] * n,
                             "weight": np.ones(n)}, geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=CRS)


def _layers(points):
    """Hotspots and 100 m cells counted from the points, as HotspotFinder would give them."""
    inside = np.array([shapely.contains_xy(s, points.geometry.x, points.geometry.y) for s in SPOTS])
    n = inside.sum(axis=1)
    hotspots = gpd.GeoDataFrame({"hotspot_id": [1, 2, 3], "method": "gistar", "rank": [1, 2, 3],
                                 "z": [5.0, 4.0, 3.0], "n_points": n, "n_incidents": n, "n_complaints": 0,
                                 "n_theft": n}, geometry=SPOTS, crs=CRS)
    col = np.floor((points.geometry.x - X0) / 100).astype(int).to_numpy()
    row = np.floor((points.geometry.y - Y0) / 100).astype(int).to_numpy()
    keys, counts = np.unique(np.column_stack([row, col]), axis=0, return_counts=True)
    cells = gpd.GeoDataFrame({"row": keys[:, 0], "col": keys[:, 1], "count": counts.astype(float),
                              "z": 3.0, "q": 0.001, "hot": True},
                             geometry=shapely.box(X0 + keys[:, 1] * 100, Y0 + keys[:, 0] * 100,
                                                  X0 + keys[:, 1] * 100 + 100, Y0 + keys[:, 0] * 100 + 100), crs=CRS)
    return hotspots, cells


def _page(points, scale="classes"):
    hotspots, cells = _layers(points)
    return build_map(points=points, hotspots=hotspots, cells=cells, share=True, count_scale=scale).get_root().render()


def _published(page):
    """Every published count in the page's GeoJSON, as {(layer, feature outline, key): value}."""
    decoder, out = json.JSONDecoder(), {}
    for layer, hit in enumerate(re.finditer(r'\{"features": \[', page)):
        collection, _ = decoder.raw_decode(page, hit.start())
        for feature in collection["features"]:
            outline = json.dumps(feature["geometry"], sort_keys=True)
            for key, value in feature["properties"].items():
                if key == "count" or key.startswith("n_"):
                    out[(layer, outline, key)] = value
    return out


def _bounds(value):
    return band_bounds(value)


@pytest.mark.parametrize("scale", ["classes", "round5"])
@pytest.mark.parametrize("spot", [0, 1, 2])
def test_two_share_maps_one_incident_apart_do_not_give_it_away(scale, spot):
    per_spot = [12, 9, 30]  # 9 + 1 crosses a band edge; 12 + 1 and 30 + 1 do not
    before = _points(per_spot)
    extra = _points([1 if i == spot else 0 for i in range(3)], seed=11)
    after = gpd.GeoDataFrame(gpd.pd.concat([before, extra], ignore_index=True), crs=CRS)
    one, two = _published(_page(before, scale)), _published(_page(after, scale))
    assert one and two
    for key in one.keys() | two.keys():
        a, b = one.get(key), two.get(key)
        for value in (a, b):  # every number on the coarse scale, never exact
            assert value is None or _bounds(value) is not None, (key, value)
        # a missing or suppressed value tells the reader "0 to 4" at most
        (lo_a, hi_a), (lo_b, hi_b) = (_bounds(v) if v is not None else (0, 4) for v in (a, b))
        # the differences a reader can infer from the two pages: never only "exactly one more"
        fewest, most = lo_b - hi_a, hi_b - lo_a
        assert most - fewest >= 4 or (lo_a == hi_a and lo_b == hi_b and (lo_b - lo_a) % 5 == 0), (key, a, b)
        assert not (fewest == most == 1)


@pytest.mark.parametrize("scale", ["classes", "round5"])
def test_every_number_in_a_share_map_is_on_the_coarse_scale(scale):
    page = _page(_points([12, 9, 30]), scale)
    values = [v for v in _published(page).values() if v is not None]
    assert values and all(_bounds(v) is not None and _bounds(v)[0] >= 5 for v in values)
    assert check_share_html(page, scale=scale) == []
    if scale == "classes":
        assert {"10–19", "5–9", "20–49"} <= set(values)
        assert all(isinstance(v, str) for v in values)
    else:
        assert all(isinstance(v, int) and v % 5 == 0 for v in values)


def test_publish_count_classes_by_hand():
    got = publish_count([0, 4, 5, 9, 10, 19, 20, 49, 50, 99, 100, 5000, None])
    assert got == [None, None, "5–9", "5–9", "10–19", "10–19", "20–49", "20–49", "50–99", "50–99", "100+",
                   "100+", None]
    assert publish_count(12, min_count=10) == "10–19" and publish_count(9, min_count=10) is None
    assert publish_count(30, min_count=25) == "25–49"


def test_publish_count_round5_is_seeded_unbiased_and_on_base_5():
    keys = [f"cell:{i}" for i in range(4000)]
    got = np.array(publish_count([12] * 4000, key=keys, scale="round5"), float)
    assert set(got) == {10.0, 15.0}
    assert abs(got.mean() - 12) < 0.2  # rounds up with probability 2/5: the mean stays 12
    assert publish_count([12] * 4000, key=keys, scale="round5") == got.astype(int).tolist()  # repeatable
    assert publish_count(15, key="x", scale="round5") == 15 and publish_count(4, key="x", scale="round5") is None
    with pytest.raises(ValueError, match="scale must be one of"):
        publish_count(5, scale="exact")
