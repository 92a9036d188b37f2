"""Tests for hotspots.io.where.coords.locate_points: columns, CRS, swaps, row reasons, real files."""

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from hotspots.errors import InputError
from hotspots.io.where.coords import LocatedPoints, locate_points

DATA = Path(__file__).resolve().parent / "data"  # vendored, derived from ../shared/data (data/SOURCES.md)

# Point 1 of sweden/swedish_crs_coordinates.csv: WGS84 and SWEREF 99 TM (x = easting).
LON, LAT = 12.146151472138385, 58.46573396912418
E, N = 333538.2957000149, 6484098.2550872
# Point 15 of the same file: RT90 2.5 gon V (EPSG:3021), written here as easting/northing.
RT_E, RT_N = 1500627.951348714, 6797357.300170688
RT_E3006, RT_N3006 = 543770.853060645, 6795541.286404101
# Töre (kalix_places.csv): WGS84 and SWEREF 99 TM to the centimetre.
TORE_LAT, TORE_LON, TORE_E, TORE_N = 65.91243, 22.65128, 847763.70, 7331389.65


def _ok(result: LocatedPoints) -> list:
    return result.reason.tolist()


# --- columns and number formats ---

def test_latlon_strings_with_decimal_commas():
    table = pd.DataFrame({"Latitud": ["65,91243"], "Longitud": ["22,65128"]})
    result = locate_points(table, source="brott.csv")
    assert result.x[0] == pytest.approx(TORE_E, abs=0.01)
    assert result.y[0] == pytest.approx(TORE_N, abs=0.01)
    assert (result.source_crs, result.crs) == ("EPSG:4326", "EPSG:3006")
    assert result.info["crs_from"] == "detected from value ranges"
    assert (result.info["x_column"], result.info["y_column"]) == ("Longitud", "Latitud")
    assert _ok(result) == [None] and result.warnings == []


def test_thousands_spaces_and_swedish_projected_names():
    table = pd.DataFrame({"Nord": ["7 331 389,65"], "Öst": ["847\u00a0763,70"]})
    result = locate_points(table)
    assert (result.x[0], result.y[0]) == (pytest.approx(TORE_E, abs=1e-6),
                                          pytest.approx(TORE_N, abs=1e-6))
    assert result.source_crs == "EPSG:3006" and result.info["x_column"] == "Öst"


@pytest.mark.parametrize("xname, yname, xval, yval, crs, swapped", [
    ("X", "Y", E, N, "EPSG:3006", False),                       # SWEREF 99 TM, x = easting
    ("Öst", "Nord", E, N, "EPSG:3006", False),
    ("ost_sweref99_tm", "norr_sweref99_tm", E, N, "EPSG:3006", False),
    ("SWEREF99TM_E", "SWEREF99TM_N", E, N, "EPSG:3006", False),
    ("Koordinat X", "Koordinat Y", RT_N, RT_E, "EPSG:3021", True),  # RT90: X = north
    ("RT90_X", "RT90_Y", RT_N, RT_E, "EPSG:3021", True),
    ("x", "y", RT_E, RT_N, "EPSG:3021", False),
])
def test_swedish_column_names_and_projected_crs_detection(xname, yname, xval, yval, crs, swapped):
    table = pd.DataFrame({"typ": ["skadegörelse"], xname: [xval], yname: [yval]})
    result = locate_points(table, source="f.xlsx")
    assert result.source_crs == crs and result.crs == "EPSG:3006"
    assert result.info["axes_swapped"] is swapped
    assert len(result.warnings) == int(swapped)
    want = (E, N) if crs == "EPSG:3006" else (RT_E3006, RT_N3006)
    # RT90 -> SWEREF 99 goes through EPSG's 7-parameter Helmert: ~2 mm from the reference values.
    assert np.hypot(result.x[0] - want[0], result.y[0] - want[1]) < 0.003


def test_wgs84_detected_and_lat_lon_columns_preferred_over_projected():
    places = pd.DataFrame({"lat": [TORE_LAT], "lon": [TORE_LON], "sweref99tm_E": [1.0],
                           "sweref99tm_N": [2.0]})
    result = locate_points(places)
    assert (result.info["x_column"], result.source_crs) == ("lon", "EPSG:4326")


def test_named_columns_override_and_match_case_insensitively():
    table = pd.DataFrame({"lat": ["1"], "lon": ["2"], "E_kord": [E], "N_kord": [N]})
    result = locate_points(table, x_col="e_KORD", y_col="N_kord")
    assert result.source_crs == "EPSG:3006" and result.x[0] == pytest.approx(E, abs=1e-6)


def test_missing_named_column_raises_naming_file_column_and_alternatives():
    table = pd.DataFrame({"lat": ["1"], "lon": ["2"]})
    with pytest.raises(InputError) as err:
        locate_points(table, source="brott.csv", x_col="öst", y_col="lat")
    message = str(err.value)
    assert "brott.csv" in message and "'öst'" in message and "lat, lon" in message
    assert "--x" in message


def test_no_coordinate_columns_raises_listing_columns():
    table = pd.DataFrame({"typ": ["a"], "datum": ["2025-01-01"], "plats": ["Torget"]})
    with pytest.raises(InputError) as err:
        locate_points(table, source="brott.csv")
    message = str(err.value)
    assert "brott.csv" in message and "typ, datum, plats" in message
    assert "--x" in message and "--y" in message and "--crs" in message


# --- swaps ---

def test_swapped_lat_lon_whole_file_is_fixed_with_warning():
    right = pd.DataFrame({"lat": ["65,91243", "65,85"], "lon": ["22,65128", "23,11667"]})
    wrong = pd.DataFrame({"lat": right["lon"], "lon": right["lat"]})
    fixed, expected = locate_points(wrong, source="w.csv"), locate_points(right)
    np.testing.assert_array_equal(fixed.x, expected.x)
    np.testing.assert_array_equal(fixed.y, expected.y)
    assert fixed.info["axes_swapped"] is True and fixed.info["n_swapped"] == 2
    assert len(fixed.warnings) == 1 and "swapped" in fixed.warnings[0]
    assert "w.csv" in fixed.warnings[0]


def test_latitudes_beyond_90_swap_the_whole_file():
    table = pd.DataFrame({"lat": [151.2093, 151.21], "lon": [-33.8688, -33.87]})  # Sydney
    result = locate_points(table)
    assert result.info["n_swapped"] == 2 and result.crs == "EPSG:32756"


def test_single_swapped_row_is_fixed_and_impossible_row_rejected():
    table = pd.DataFrame({"lat": [-33.8688, -33.87, 151.2093, 95.0],
                          "lon": [151.2093, 151.21, -33.8688, 100.0]}, index=[10, 11, 12, 13])
    result = locate_points(table, source="syd.csv")
    assert result.reason.to_dict() == {10: None, 11: None, 12: None, 13: "out_of_range"}
    assert result.info["axes_swapped"] is False and result.info["n_swapped"] == 1
    assert (result.x[2], result.y[2]) == (result.x[0], result.y[0])
    assert np.isnan(result.x[3]) and result.crs == "EPSG:32756"
    assert any("swapped" in w and "12" in w for w in result.warnings)


def test_swapped_north_east_is_fixed_with_warning():
    table = pd.DataFrame({"X": [N, TORE_N], "Y": [E, TORE_E]})  # x column holds northings
    result = locate_points(table, source="s.csv")
    assert result.source_crs == "EPSG:3006" and result.info["n_swapped"] == 2
    assert result.x.tolist() == pytest.approx([E, TORE_E], abs=1e-6)
    assert len(result.warnings) == 1 and "northings" in result.warnings[0]


# --- row reasons ---

def test_row_reasons_for_zero_empty_text_and_missing():
    table = pd.DataFrame({"lat": ["65,8", "0", "", None, "abc", "NA", "65,8", " 65.9 "],
                          "lon": ["23,1", "0", "", None, "23,1", "NA", "", "22.7"]})
    result = locate_points(table)
    assert _ok(result) == [None, "zero_coordinates", "no_coordinates", "no_coordinates",
                           "unparseable_coordinates", "no_coordinates", "no_coordinates", None]
    assert np.isfinite(result.x).tolist() == [True] + [False] * 6 + [True]
    assert result.info["rejected"] == {"no_coordinates": 4, "zero_coordinates": 1,
                                       "unparseable_coordinates": 1}
    assert (result.info["n_located"], result.info["n_rejected"]) == (2, 6)
    json.dumps(result.info)


def test_numeric_zero_and_nan_columns():
    table = pd.DataFrame({"x": [E, 0.0, np.nan], "y": [N, 0.0, N]})
    assert _ok(locate_points(table)) == [None, "zero_coordinates", "no_coordinates"]


def test_input_table_is_not_mutated():
    table = pd.DataFrame({"lat": ["23,1", "", "0"], "lon": ["65,8", "x", "0"], "n": [1.0, 2.0, 0.0],
                          "e": [0.0, 1.0, 0.0]})
    numeric = pd.DataFrame({"X": [N, 0.0], "Y": [E, 0.0]})
    before, before_numeric = table.copy(deep=True), numeric.copy(deep=True)
    locate_points(table)
    locate_points(numeric)
    pd.testing.assert_frame_equal(table, before)
    pd.testing.assert_frame_equal(numeric, before_numeric)


# --- CRS ---

def test_explicit_crs_local_zone():
    table = pd.DataFrame({"X": ["158529,85136620898"], "Y": ["6483166,205771873"]})
    result = locate_points(table, crs="EPSG:3007")
    assert result.info["crs_from"] == "stated" and result.source_crs == "EPSG:3007"
    assert np.hypot(result.x[0] - E, result.y[0] - N) < 0.001


def test_unknown_crs_raises():
    with pytest.raises(InputError, match="--crs"):
        locate_points(pd.DataFrame({"x": [E], "y": [N]}), crs="EPSG:999999")


def test_utm_values_without_crs_raise_with_ranges():
    table = pd.DataFrame({"X": ["490000", "491000"], "Y": ["5459000", "5460000"]})
    with pytest.raises(InputError) as err:
        locate_points(table, source="van.csv")
    message = str(err.value)
    assert "van.csv" in message and "could not determine" in message
    assert "490,000" in message and "5,460,000" in message and "--crs EPSG:<code>" in message


def test_target_crs_sweden_utm_and_stated():
    chicago = pd.DataFrame({"longitude": [-87.6298, -87.62], "latitude": [41.8781, 41.88]})
    result = locate_points(chicago)
    assert result.crs == "EPSG:32616" and result.info["target_crs_from"].startswith("UTM")
    sweden = locate_points(pd.DataFrame({"lat": [TORE_LAT], "lon": [TORE_LON]}))
    assert sweden.crs == "EPSG:3006"
    stated = locate_points(pd.DataFrame({"x": [E], "y": [N]}), target_crs="EPSG:3021")
    assert stated.crs == "EPSG:3021" and stated.info["target_crs_from"] == "stated"


# --- geometry ---

def test_geometry_with_crs_points_multipoints_and_non_points():
    geoms = [shapely.Point(LON, LAT), shapely.MultiPoint([(LON, LAT)]), None, shapely.Point(),
             shapely.LineString([(LON, LAT), (LON + 0.1, LAT)]),
             shapely.MultiPoint([(LON, LAT), (LON, LAT + 0.1)]), shapely.Point(np.nan, np.nan)]
    table = pd.DataFrame({"typ": list("abcdefg"), "lat": ["1"] * 7, "lon": ["2"] * 7})
    result = locate_points(table, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"))
    assert _ok(result) == [None, None, "no_coordinates", "no_coordinates", "not_a_point",
                           "not_a_point", "no_coordinates"]
    assert result.info["crs_from"] == "file" and result.info["coordinates_from"] == "geometry"
    assert np.hypot(result.x[:2] - E, result.y[:2] - N).max() < 0.001


def test_geometry_without_crs_is_detected():
    geoms = gpd.GeoSeries([shapely.Point(N, E)])          # SWEREF 99 TM, N/E swapped
    result = locate_points(pd.DataFrame({"a": [1]}), geometry=geoms)
    assert result.source_crs == "EPSG:3006"
    assert result.info["crs_from"] == "detected from value ranges"
    assert result.info["n_swapped"] == 1 and result.x[0] == pytest.approx(E, abs=1e-6)


# --- study area ---

BOX = shapely.box(700_000, 7_300_000, 710_000, 7_310_000)
POINTS = pd.DataFrame({"E": [705_000.0, 710_500.0, 711_500.0], "N": [7_305_000.0] * 3})


def test_boundary_buffer_keeps_500_m_and_rejects_1500_m():
    result = locate_points(POINTS, boundary=BOX)
    assert _ok(result) == [None, None, "outside_study_area"]
    assert result.info["boundary_buffer_m"] == 1000.0
    assert _ok(locate_points(POINTS, boundary=BOX, boundary_buffer_m=0)) == [
        None, "outside_study_area", "outside_study_area"]


def test_boundary_in_another_crs_is_reprojected():
    area = gpd.GeoDataFrame(geometry=[BOX], crs="EPSG:3006").to_crs("EPSG:4326")
    assert _ok(locate_points(POINTS, boundary=area)) == [None, None, "outside_study_area"]


# --- real files ---

_REF_COLUMNS = ["wgs84", "lon", "lat", "epsg_3006", "x_3006", "y_3006", "epsg_local", "x_local",
                "y_local", "n_impl_3006", "n_impl_local"]


@pytest.fixture(scope="module")
def reference():
    # The header row has one '|' fewer than the data rows: name the columns ourselves.
    path = DATA / "sweden" / "swedish_crs_coordinates.csv"
    return pd.read_csv(path, sep="|", header=None, skiprows=1, names=_REF_COLUMNS)


def _error_m(result, ref):
    """Distance between the result (inverted to WGS84) and the reference lon/lat, in metres."""
    lon, lat = Transformer.from_crs(result.crs, "EPSG:4326", always_xy=True).transform(result.x,
                                                                                      result.y)
    to_tm = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
    (x1, y1), (x2, y2) = to_tm.transform(lon, lat), to_tm.transform(ref["lon"], ref["lat"])
    return np.hypot(np.asarray(x1) - x2, np.asarray(y1) - y2)


def test_reference_points_from_sweref99tm(reference):
    table = pd.DataFrame({"X": reference["x_3006"].map(repr), "Y": reference["y_3006"].map(repr)})
    result = locate_points(table, source="swedish_crs_coordinates.csv")
    assert (result.source_crs, result.crs) == ("EPSG:3006", "EPSG:3006")
    assert len(reference) == 18 and _error_m(result, reference).max() < 0.001


def test_reference_points_from_each_local_zone(reference):
    for _, row in reference.iterrows():
        epsg = int(row["epsg_local"])
        table = pd.DataFrame({"x": [row["x_local"]], "y": [row["y_local"]]})
        result = locate_points(table, crs=f"EPSG:{epsg}")
        # SWEREF 99 zones (3007-3018) agree to < 0.01 mm. RT90 zones (3019-3024) go through EPSG's
        # "RT90 to SWEREF99 (1)" Helmert; the file's values (median of 6 other implementations)
        # differ from pyproj's by 1.9-2.9 mm, so 1 mm is not reachable there.
        limit = 0.001 if epsg <= 3018 else 0.003
        assert _error_m(result, row.to_frame().T).max() < limit, epsg


def test_reference_point_rt90_detected(reference):
    row = reference[reference["epsg_local"] == 3021]
    table = pd.DataFrame({"X": row["y_local"].to_numpy(), "Y": row["x_local"].to_numpy()})
    result = locate_points(table)                          # Swedish convention: X = north
    assert result.source_crs == "EPSG:3021" and result.info["n_swapped"] == 1
    assert _error_m(result, row).max() < 0.003


@pytest.mark.parametrize("where, name, n_zero, n_located", [
    # The vendored sample: 1,512 rows, 152 with X = Y = 0.0, the one with empty X and Y (zcat | awk).
    ("vendored", "crimedata_csv_AllNeighbourhoods_2020_sample.csv.gz", 152, 1512 - 153),
    # The whole file (../shared only): 37,512 rows, 3,750 withheld, the empty one on line 37,233.
    ("shared", "crimedata_csv_AllNeighbourhoods_2020.csv", 3750, 33761),
], ids=["vendored", "full_file"])
def test_vancouver_zero_coordinates(request, where, name, n_zero, n_located):
    path = request.getfixturevalue(where) / "crime" / name
    table = pd.read_csv(path, dtype=str)
    result = locate_points(table, source=path.name, crs="EPSG:32610")
    counts = result.reason.value_counts().to_dict()
    assert counts == {"zero_coordinates": n_zero, "no_coordinates": 1}
    assert result.info["n_located"] == n_located and result.crs == "EPSG:32610"


@pytest.mark.parametrize("where, name, n_rows", [
    ("vendored", "medellin_homicides_sample.csv", 460),  # keeps all 81 rows with NA coordinates
    ("shared", "medellin_homicides.csv", 9360),
], ids=["vendored", "full_file"])
def test_medellin_decimal_commas_and_missing(request, where, name, n_rows):
    path = request.getfixturevalue(where) / "crime" / name
    table = pd.read_csv(path, sep=";", dtype=str)
    result = locate_points(table, source=path.name)
    assert result.reason.value_counts().to_dict() == {"no_coordinates": 81}
    assert (result.info["x_column"], result.source_crs, result.crs) == ("longitud", "EPSG:4326",
                                                                        "EPSG:32618")
    assert result.info["n_located"] == n_rows - 81


# --- regressions and edge cases ---

def test_local_sweref_zone_without_crs_raises_with_hint():
    table = pd.DataFrame({"x": [139755.7, 140000.0], "y": [7405746.4, 7406000.0]})  # 23 15 zone
    with pytest.raises(InputError, match="local SWEREF 99 zone"):
        locate_points(table)


def test_sweref_eastings_west_of_sweden_warn_about_local_zones():
    result = locate_points(pd.DataFrame({"x": [200_000.0], "y": [6_500_000.0]}))
    assert result.source_crs == "EPSG:3006"
    assert any("local SWEREF 99 zone" in w for w in result.warnings)


def test_only_one_named_column_raises():
    with pytest.raises(InputError, match="--x and --y"):
        locate_points(pd.DataFrame({"a": [1.0], "b": [2.0]}), x_col="a")


def test_one_correct_row_in_a_swapped_file_is_swapped_back():
    table = pd.DataFrame({"lat": [151.2093, 151.21, -33.8688],
                          "lon": [-33.8688, -33.87, 151.2093]})
    result = locate_points(table)
    assert result.info["axes_swapped"] is True and result.info["n_swapped"] == 2
    assert (result.x[2], result.y[2]) == (result.x[0], result.y[0])


def test_stated_crs_that_fits_no_row_raises():
    with pytest.raises(InputError, match="no row has usable coordinates"):
        locate_points(pd.DataFrame({"x": [E], "y": [N]}), crs="EPSG:4326")


# --- #17.1: the pyarrow fast path for plain and decimal-comma numbers keeps the general rules' answers ----

@pytest.mark.parametrize("cells,reasons,first", [
    (["871484.5", "nan", None, "inf"], [None, "no_coordinates", "no_coordinates", "unparseable_coordinates"], 871484.5),
    (["871484,5", "NaN", "871500"], [None, "no_coordinates", None], 871484.5),
    (["871484,5", "871 500,5", "-"], [None, None, "no_coordinates"], 871484.5),  # general rules: spaces, "-"
    (["1.871.484,5", "871484"], ["out_of_range", None], 1871484.5),  # thousands dots: general rules
])
def test_plain_number_fast_path_matches_general_rules(cells, reasons, first):
    table = pd.DataFrame({"x": pd.Series(cells, dtype=object), "y": pd.Series(["7327705"] * len(cells), dtype=object)})
    located = locate_points(table, x_col="x", y_col="y", crs="EPSG:3006", target_crs="EPSG:3006")
    assert located.reason.tolist() == reasons
    if reasons[0] is None:
        assert located.x[0] == first
