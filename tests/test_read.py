"""read_points: the Points contract, row accounting on tiny tables and on real files.

Real files: the vendored subsets of tests/data; the counts over whole files use ../shared (skipped without it).
"""

import gzip
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from hotspots.errors import InputError
from hotspots.io.read import POINT_COLUMNS, ReadOptions, read_points

KALIX = (23.15645, 65.85298)


def _accounted(result):
    s = result.summary
    assert s["rows_used"] + s["rows_rejected"] == s["rows_read"]
    assert len(result.points) == s["rows_used"] and len(result.rejects) == s["rows_rejected"]
    assert sum(s["reasons"].values()) == s["rows_rejected"]
    return s


def test_tiny_swedish_table_every_row_accounted(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "Ärendenummer;Brottskategori;Datum;Klockslag;Latitud;Longitud;Fritext\n"
        "K1;Misshandel;2024-05-01;22.30;65,8530;23,1565;Bråk vid torget\n"
        "K2;Våld i nära relation;2024-05-02;01:15;65,8500;23,1700;\n"
        "K3;Stöld;okänd;12:00;65,8530;23,1565;\n"
        "K4;Skadegörelse;2024-05-03;12:00;;;\n"
        "K1;Misshandel;2024-05-01;22.30;65,8530;23,1565;dubblett\n"
        "K6;Klotter;2024-05-04;10:00;0;0;\n",
        encoding="utf-8-sig")
    result = read_points(path)
    s = _accounted(result)
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (6, 2, 4)
    assert s["reasons"] == {"unparseable_time": 1, "no_coordinates": 1, "duplicate_id": 1, "zero_coordinates": 1}
    assert result.rejects.set_index("row")["reason"].to_dict() == {
        "4": "unparseable_time", "5": "no_coordinates", "6": "duplicate_id", "7": "zero_coordinates"}
    pts = result.points
    assert list(pts.columns) == POINT_COLUMNS
    assert pts.crs.to_epsg() == 3006 and s["crs"] == "EPSG:3006"
    assert pts["id"].tolist() == ["K1", "K2"]
    assert pts["category"].tolist() == ["violence", "domestic"]
    assert pts["sensitive"].tolist() == [False, True]
    assert pts["start"].iloc[0] == pd.Timestamp("2024-05-01 22:30", tz="Europe/Stockholm")
    assert pts["text"].tolist() == ["Bråk vid torget", ""]
    assert pts["weight"].tolist() == [1.0, 1.0]
    assert s["time_min"] == "2024-05-01T22:30:00+02:00"
    assert s["time_max"] == "2024-05-02T01:15:00+02:00"


def test_incidents_and_complaints_together_and_boundary(tmp_path):
    inc = tmp_path / "inc.csv"
    inc.write_text("id,lat,lon,start,type\n1,65.853,23.156,2024-01-01 10:00,Misshandel\n"
                   "2,59.33,18.06,2024-01-01 11:00,Stöld\n", encoding="utf-8")
    comp = tmp_path / "comp.csv"
    comp.write_text("id;N;E;datum;kategori\n1;7327705;871485;2024-01-02;Klotter\n", encoding="utf-8")
    kalix = gpd.GeoDataFrame(geometry=[box(860000, 7320000, 880000, 7335000)], crs="EPSG:3006")
    result = read_points(inc, comp, options=ReadOptions(boundary=kalix))
    s = _accounted(result)
    assert s["reasons"] == {"outside_study_area": 1}  # Stockholm is not in Kalix
    assert result.points["source"].tolist() == ["incident", "complaint"]
    assert result.points["id"].tolist() == ["1", "1"]  # same id, different sources: not duplicates
    assert [f["rows_read"] for f in s["files"]] == [2, 1]


def test_duplicate_ids_across_files_keep_the_first(tmp_path):
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text("id,lat,lon,start\nX,65.85,23.15,2024-01-01 10:00\n", encoding="utf-8")
    result = read_points([tmp_path / "a.csv", tmp_path / "b.csv"])
    s = _accounted(result)
    assert s["reasons"] == {"duplicate_id": 1}
    assert result.rejects["file"].tolist() == ["b.csv"]


def test_weight_and_sensitive_columns(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("lat,lon,start,weight,känslig\n65.85,23.15,2024-01-01,2,ja\n65.85,23.15,2024-01-01,-1,\n"
                    "65.85,23.15,2024-01-01,abc,\n", encoding="utf-8")
    result = read_points(path)
    assert _accounted(result)["reasons"] == {"invalid_weight": 2}
    assert result.points["weight"].tolist() == [2.0]
    assert result.points["sensitive"].tolist() == [True]
    assert result.points["id"].tolist() == ["w:2"]  # no id column: file stem and row


def test_missing_stated_column_is_a_clear_error(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("lat,lon\n65.85,23.15\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.csv: no column 'kat'; columns are: lat, lon; pass --category"):
        read_points(path, options=ReadOptions(category_col="kat"))


def test_no_files():
    with pytest.raises(InputError, match="no input files"):
        read_points([])


def test_input_frame_not_mutated_and_deterministic(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("lat,lon,start\n65.85,23.15,2024-01-01 10:00\n65.86,23.16,2024-01-01 11:00\n", encoding="utf-8")
    a, b = read_points(path), read_points(path)
    pd.testing.assert_frame_equal(pd.DataFrame(a.points), pd.DataFrame(b.points))


# --- property: row order, delimiter and decimal style do not change the points -------------------

_rows = st.lists(
    st.tuples(st.floats(65.70, 66.10), st.floats(22.60, 23.50), st.integers(0, 365 * 24 * 60 - 1),
              st.sampled_from(["Misshandel", "Stöld", "Klotter", "Narkotikabrott"])),
    min_size=1, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_rows, delim=st.sampled_from([",", ";", "\t", "|"]), comma=st.booleans(),
       order=st.randoms(use_true_random=False))
def test_same_table_any_order_delimiter_decimal_style(tmp_path, rows, delim, comma, order):
    base = pd.Timestamp("2024-01-01")
    records = [(f"id{i}", f"{lat:.6f}", f"{lon:.6f}", (base + pd.Timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M"), c)
               for i, (lat, lon, m, c) in enumerate(rows)]

    def write(name, recs, d, decimal_comma):
        lines = [d.join(["id", "lat", "lon", "start", "kategori"])]
        for rid, lat, lon, start, cat in recs:
            if decimal_comma:
                lat, lon = lat.replace(".", ","), lon.replace(".", ",")
                if d == ",":
                    lat, lon = f'"{lat}"', f'"{lon}"'
            lines.append(d.join([rid, lat, lon, start, cat]))
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        return tmp_path / name

    shuffled = list(records)
    order.shuffle(shuffled)
    reference = read_points(write("ref.csv", records, ",", False)).points
    variant = read_points(write("var.csv", shuffled, delim, comma)).points
    key = ["id"]
    ref = reference.sort_values(key).reset_index(drop=True)
    var = variant.sort_values(key).reset_index(drop=True)
    assert len(ref) == len(records)
    np.testing.assert_array_equal(ref.geometry.x, var.geometry.x)
    np.testing.assert_array_equal(ref.geometry.y, var.geometry.y)
    for col in ("id", "category", "start", "weight", "sensitive"):
        assert ref[col].tolist() == var[col].tolist()


# --- real files: vendored subsets (tests/data), and the whole files of ../shared/data -----------------
# Vendored counts were checked by hand with zcat | awk on the files (tests/data/SOURCES.md).

@pytest.mark.parametrize("where, name, n_rows, n_zero", [
    ("vendored", "crimedata_csv_AllNeighbourhoods_2020_sample.csv.gz", 1512, 152),
    ("shared", "crimedata_csv_AllNeighbourhoods_2020.csv", 37512, 3750),
], ids=["vendored", "full_file"])
def test_vancouver_utm_zero_coordinates(request, where, name, n_rows, n_zero):
    result = read_points(request.getfixturevalue(where) / "crime" / name,
                         options=ReadOptions(crs="EPSG:32610", tz="America/Vancouver"))
    s = _accounted(result)
    assert s["rows_read"] == n_rows
    assert s["reasons"]["zero_coordinates"] == n_zero
    assert s["reasons"] == {"zero_coordinates": n_zero, "no_coordinates": 1}  # one row has empty X and Y
    assert s["rows_used"] == n_rows - n_zero - 1
    assert s["crs"] == "EPSG:32610"


@pytest.mark.parametrize("where, name, n_rows", [
    ("vendored", "medellin_homicides_sample.csv", 460),  # keeps all 81 rows with NA coordinates
    ("shared", "medellin_homicides.csv", 9360),
], ids=["vendored", "full_file"])
def test_medellin_semicolon_decimal_comma(request, where, name, n_rows):
    result = read_points(request.getfixturevalue(where) / "crime" / name,
                         options=ReadOptions(tz="America/Bogota", ignore_offsets=True))
    s = _accounted(result)
    assert s["files"][0]["delimiter"] == ";"
    assert (s["rows_read"], s["rows_rejected"], s["reasons"]) == (n_rows, 81, {"no_coordinates": 81})
    first = result.points.to_crs(4326).geometry.iloc[0]
    assert (round(first.x, 6), round(first.y, 6)) == (-75.569854, 6.257226)
    assert result.points["start"].iloc[0] == pd.Timestamp("2019-04-23 12:30", tz="America/Bogota")


@pytest.mark.parametrize("where, name, n_rows, first", [
    ("vendored", "chicago_aggravated_assaults_2018-01-01_2019-03-27.csv.gz", 18400, "2018-01-01T00:00"),
    ("shared", "chicago_aggravated_assaults.csv.gz", 148636, "2010-01-01T00:05"),
], ids=["vendored", "full_file"])
def test_chicago_lon_lat_all_rows(request, where, name, n_rows, first):
    result = read_points(request.getfixturevalue(where) / "crime" / name,
                         options=ReadOptions(tz="America/Chicago", default_category="aggravated assault"))
    s = _accounted(result)
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (n_rows, n_rows, 0)
    assert s["crs"] == "EPSG:32616"
    assert s["categories"] == {"violence": n_rows}
    assert s["time_min"].startswith(first)


def test_police_api_sample(vendored):
    result = read_points(vendored / "polisen/polisen_api_events_sample.json.gz")  # the whole sample, gzip
    s = _accounted(result)
    raw = json.loads(gzip.decompress((vendored / "polisen/polisen_api_events_sample.json.gz").read_bytes()))
    n_summaries = sum(e["type"].startswith("Sammanfattning") for e in raw)
    assert s["rows_read"] == len(raw) == 500
    assert s["reasons"] == {"summary_not_incident": n_summaries}
    assert s["crs"] == "EPSG:3006"
    assert any("centre of the municipality or county" in w for w in s["warnings"])
    first = result.points.iloc[0]
    assert first["id"] == "650297" and first["category_raw"] == "Brand"
    assert first["start"] == pd.Timestamp("2026-08-22 17:59", tz="Europe/Stockholm")


def test_police_events_csv_kalix(vendored):
    result = read_points(vendored / "polisen/polisen_events_kalix.csv.gz")  # the whole table, gzip
    s = _accounted(result)
    assert (s["rows_read"], s["rows_used"]) == (234, 234)
    expected = pd.read_csv(vendored / "polisen/polisen_events_kalix.csv.gz")["event_time_local_from_name"]
    got = result.points["start"].dt.tz_localize(None).dt.strftime("%Y-%m-%d %H:%M:%S")
    assert got.tolist() == expected.tolist()


def test_lean_reading_keeps_rows_and_accounting(tmp_path):
    """read_points(lean=True): the same rows, rejects and summary, without the per-row text columns."""
    from hotspots.io.lean import LEAN_COLUMNS

    csv = tmp_path / "export.csv"
    csv.write_text("id;x;y;tid;brott;fritext\n1;1;2;2024-01-05 21:00;misshandel;bråk\n"
                   "2;6.3;63.8;2024-01-05 22:00;skadegörelse;\n2;19.0;65.6;2024-02-01 01:00;stöld;dubblett\n"
                   "3;19.1;65.7;inte en tid;stöld;\n4;19.2;65.8;2024-03-01 12:00;stöld;\n", encoding="utf-8")
    full = read_points(csv, geometry=False)
    lean = read_points(csv, geometry=False, lean=True)
    assert sorted(lean.points.columns) == sorted([*LEAN_COLUMNS, "x", "y"])
    assert {"id", "text", "file", "row", "category_raw"} <= set(full.points.columns)
    pd.testing.assert_frame_equal(lean.points.reset_index(drop=True),
                                  full.points[lean.points.columns].reset_index(drop=True), check_dtype=False,
                                  check_categorical=False)
    pd.testing.assert_frame_equal(lean.rejects, full.rejects)
    assert lean.summary["reasons"] == full.summary["reasons"] and lean.summary["rows_used"] == 2
    assert lean.summary["files"][0]["copied_rows"] == full.summary["files"][0]["copied_rows"]


def test_lean_reading_still_finds_repeated_ids_across_files(tmp_path):
    """Made-up ids are compared across files in lean reading too (two files with the same name)."""
    rows = "x;y;tid\n19.0;65.6;2024-02-01 01:00\n19.1;65.7;2024-02-02 01:00\n"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "export.csv").write_text(rows, encoding="utf-8")
    files = [tmp_path / "a" / "export.csv", tmp_path / "b" / "export.csv"]
    full = read_points(files, geometry=False)
    lean = read_points(files, geometry=False, lean=True)
    assert lean.summary["reasons"] == full.summary["reasons"]
    assert lean.summary["rows_used"] == full.summary["rows_used"]


def test_a_file_with_columns_named_like_ours_keeps_them_in_its_rejects(tmp_path):
    # Columns named file, row or reason once stopped the reader ("cannot insert reason, already exists").
    path = tmp_path / "egna.csv"
    path.write_text("file,row,reason,lat,lon,start\nA,1,mine,65.85,23.15,2024-01-01\nB,2,theirs,,23.15,2024-01-01\n",
                    encoding="utf-8")
    result = read_points(path)
    assert len(result.points) == 1
    rejects = result.rejects
    assert list(rejects.columns[:6]) == ["file", "row", "reason", "file.1", "row.1", "reason.1"]
    assert rejects.loc[0, ["file", "row", "reason"]].tolist() == ["egna.csv", "3", "no_coordinates"]
    assert rejects.loc[0, ["file.1", "row.1", "reason.1"]].tolist() == ["B", "2", "theirs"]
