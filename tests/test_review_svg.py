"""Issue 18: the review's static figures escape every text they draw and need no script."""

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from maps.products.review.svg import review_figure

XSS = "<script>alert(1)</script>"


def test_map_escapes_labels_and_place_names():
    hot = gpd.GeoDataFrame({"hotspot": [XSS], "status": ["new"], "n_points": [7]},
                           geometry=[box(871000, 7307000, 871100, 7307100)], crs=3006)
    places = gpd.GeoDataFrame({"name": [XSS]}, geometry=[box(871040, 7307040, 871060, 7307060)], crs=3006)
    svg = str(review_figure("map", hot, places=places))
    assert "<script" not in svg and "&lt;script&gt;" in svg and svg.startswith("<svg")


def test_years_chart_has_a_bar_and_interval_per_year():
    table = pd.DataFrame({"year": [2024, 2025], "count": [3, 8], "low": [0.6, 3.5], "high": [8.8, 15.8]})
    svg = str(review_figure("years", table))
    assert svg.count("<rect") == 2 and svg.count("<line") == 2 and ">2025<" in svg
