"""Hotspot names (issue 15): hand-checkable cases in a metric CRS (EPSG:3006, metres)."""

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from layers.names import name_hotspots

CRS = "EPSG:3006"


def _hotspots(*corners):
    return gpd.GeoDataFrame({"hotspot_id": range(1, len(corners) + 1)},
                            geometry=[box(x, y, x + 100, y + 100) for x, y in corners], crs=CRS)


def _named(names, geoms):
    return gpd.GeoDataFrame({"name": names}, geometry=geoms, crs=CRS)


TOWNS = _named(["Kalix", "Töre"], [Point(0, 0), Point(-20000, 4000)])


def test_place_within_reach_names_the_hotspot_with_its_locality():
    places = _named(["Torget", "Hamnen"], [Point(150, 50), Point(5000, 5000)])
    names = name_hotspots(_hotspots((0, 0)), places=places, localities=TOWNS)
    assert names.tolist() == ["Torget (Kalix)"]
    assert names.name == "name"


def test_street_when_no_place_is_near():
    places = _named(["Hamnen"], [Point(5000, 5000)])
    streets = _named(["Storgatan", "Strandgatan"], [LineString([(0, 200), (500, 200)]),
                                                     LineString([(0, 900), (500, 900)])])
    assert name_hotspots(_hotspots((0, 0)), places=places, streets=streets,
                         localities=TOWNS).tolist() == ["Storgatan (Kalix)"]


def test_locality_alone_gives_centre_or_distance_and_direction():
    hot = _hotspots((-50, -50), (1150, 1150), (-20050, 2950))
    # (0,0) is Kalix centre; (1200,1200) is 1.7 km north-east; (-20000,3000) is 1 km south of Töre
    assert name_hotspots(hot, localities=TOWNS).tolist() == ["Kalix centrum", "Kalix, 1,7 km NO", "Töre, 1,0 km S"]
    assert name_hotspots(hot, localities=TOWNS, lang="en").tolist() == [
        "Kalix centre", "Kalix, 1.7 km NE", "Töre, 1.0 km S"]


def test_nothing_known_falls_back_on_the_id():
    assert name_hotspots(_hotspots((0, 0), (500, 0))).tolist() == ["Hotspot 1", "Hotspot 2"]


def test_hotspots_sharing_a_place_say_where_they_lie_from_it():
    places = _named(["Torget"], [Point(150, 150)])
    # boxes of 100 m: the first holds the square; the centres of the others lie (-100, -100) from it, 141 m
    # south-west (rounded to 150 m), and (50, -100), 112 m south-east at 153° (rounded to 100 m)
    hot = _hotspots((100, 100), (0, 0), (150, 0)).assign(hotspot_id=[2, 1, 3])
    assert name_hotspots(hot, places=places, localities=TOWNS).tolist() == [
        "Torget (Kalix)", "Torget, 150 m SV (Kalix)", "Torget, 100 m SO (Kalix)"]
    assert name_hotspots(hot, places=places, localities=TOWNS, lang="en").tolist() == [
        "Torget (Kalix)", "Torget, 150 m SW (Kalix)", "Torget, 100 m SE (Kalix)"]


def test_names_are_unique_in_order_of_id():
    streets = _named(["Storgatan"], [LineString([(0, 200), (2000, 200)])])
    hot = _hotspots((1000, 0), (0, 0), (500, 0)).assign(hotspot_id=[2, 1, 3])
    assert name_hotspots(hot, streets=streets, localities=TOWNS).tolist() == [
        "Storgatan 2 (Kalix)", "Storgatan (Kalix)", "Storgatan 3 (Kalix)"]


def test_place_area_counts_and_other_crs_is_reprojected():
    places = _named(["Badplatsen"], [Point(700, 50)]).assign(radius_m=[500.0])
    places["area"] = places.geometry.buffer(500)
    wgs = places.to_crs("EPSG:4326")
    wgs["area"] = gpd.GeoSeries(places["area"], crs=CRS).to_crs("EPSG:4326").values
    assert name_hotspots(_hotspots((0, 0)), places=wgs, localities=TOWNS.to_crs("EPSG:4326")).tolist() == [
        "Badplatsen (Kalix)"]


def test_deterministic_and_inputs_unchanged():
    hot = _hotspots((0, 0), (300, 0))
    before = hot.copy()
    a = name_hotspots(hot, localities=TOWNS)
    assert a.equals(name_hotspots(hot, localities=TOWNS))
    assert hot.equals(before)
    assert name_hotspots(hot.iloc[:0]).tolist() == []
    with pytest.raises(ValueError):
        name_hotspots(hot, lang="de")
