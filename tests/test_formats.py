"""Reading raw tables: delimiters, encodings, Excel sheets, GIS files, malformed rows, clear errors."""

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from hotspots.errors import InputError
from hotspots.io.files.formats import read_table

ROWS = [["id", "lat", "lon", "kategori"], ["1", "65,85", "23,15", "Misshandel"], ["2", "65,86", "23,16", "Stöld"]]


def _write(path, rows, delim, encoding="utf-8", newline="\n"):
    text = newline.join(delim.join(r) for r in rows) + newline
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("delim", [";", "\t", "|"])
def test_delimiter_detected_with_decimal_commas(tmp_path, delim):
    raw = read_table(_write(tmp_path / "a.csv", ROWS, delim))
    assert raw.info["delimiter"] == delim
    assert list(raw.frame.columns) == ["id", "lat", "lon", "kategori"]
    assert raw.frame["lat"].tolist() == ["65,85", "65,86"]
    assert raw.row_label.tolist() == ["2", "3"]


def test_comma_delimiter_with_quoted_decimal_commas(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,lat,lon\n1,"65,85","23,15"\n2,"65,86","23,16"\n', encoding="utf-8")
    raw = read_table(path)
    assert raw.info["delimiter"] == ","
    assert raw.frame["lon"].tolist() == ["23,15", "23,16"]


@pytest.mark.parametrize("encoding,expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                               ("cp1252", "cp1252"), ("utf-16", "utf-16")])
def test_encodings_detected(tmp_path, encoding, expected):
    raw = read_table(_write(tmp_path / "a.txt", ROWS, ";", encoding=encoding, newline="\r\n"))
    assert raw.info["encoding"] == expected
    assert raw.frame["kategori"].tolist() == ["Misshandel", "Stöld"]
    assert raw.frame.columns[0] == "id"  # no BOM left in the first name


def test_row_with_too_many_fields_is_reported_not_dropped(tmp_path):
    rows = ROWS + [["3", "65,87", "23,17", "Rån", "extra"], ["4", "65,88", "23,18"]]
    raw = read_table(_write(tmp_path / "a.csv", rows, ";"))
    assert len(raw.frame) == 3  # the short row is kept (its missing field is empty)
    assert raw.frame["kategori"].tolist()[-1] is None
    assert raw.malformed["row_label"].tolist() == ["4"]
    assert raw.row_label.tolist() == ["2", "3", "5"]


def test_blank_cells_become_missing(tmp_path):
    """A blank cell is a missing value (None, or pd.NA in a long Arrow text column), never an empty string."""
    raw = read_table(_write(tmp_path / "a.csv", [["id", "x"], ["1", ""], ["2", "5"]], ";"))
    assert raw.frame["x"].isna().tolist() == [True, False]
    assert raw.frame["x"].iloc[1] == "5"


def test_excel_sheets(tmp_path):
    path = tmp_path / "a.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"id": [1, 2], "lat": [65.85, 65.86], "lon": [23.15, 23.16]}).to_excel(
            xl, sheet_name="Blad1", index=False)
        pd.DataFrame({"id": [3], "lat": [65.87], "lon": [23.17]}).to_excel(xl, sheet_name="Blad2", index=False)
    # #16.2 / #13.4: two sheets of points and none named is an error that lists them, never the first silently
    with pytest.raises(InputError, match=r"a\.xlsx: has 2 sheets with points \(Blad1, Blad2\); pick one with --sheet"):
        read_table(path)
    assert read_table(path, sheet="Blad1").frame["id"].tolist() == [1, 2]
    assert read_table(path, sheet="Blad2").frame["id"].tolist() == [3]
    both = read_table(path, sheet="all")
    assert both.frame["id"].tolist() == [1, 2, 3]
    assert both.row_label.tolist() == ["Blad1!2", "Blad1!3", "Blad2!2"]
    with pytest.raises(InputError, match=r"a\.xlsx: has no sheet 'Blad9'; sheets are: Blad1, Blad2"):
        read_table(path, sheet="Blad9")


@pytest.mark.parametrize("suffix,driver", [(".geojson", None), (".gpkg", None), (".shp", None), (".parquet", None)])
def test_gis_formats_keep_geometry(tmp_path, suffix, driver):
    gdf = gpd.GeoDataFrame({"kategori": ["A", "B"]}, geometry=[Point(871484, 7327705), None], crs="EPSG:3006")
    path = tmp_path / f"p{suffix}"
    gdf.to_parquet(path) if suffix == ".parquet" else gdf.to_file(path)
    raw = read_table(path)
    assert raw.frame["kategori"].tolist() == ["A", "B"]
    assert raw.geometry.crs.to_epsg() == 3006
    assert raw.geometry.iloc[0].equals(Point(871484, 7327705))
    assert raw.geometry.iloc[1] is None or raw.geometry.iloc[1].is_empty
    assert raw.row_label.tolist() == ["feature 1", "feature 2"]


def test_police_api_json_shape(tmp_path):
    events = [
        {"id": 1, "datetime": "2024-01-01 9:18:52 +01:00", "name": "31 december 23.50, Misshandel, Kalix",
         "summary": "Bråk", "url": "/x", "type": "Misshandel",
         "location": {"name": "Kalix", "gps": "65.855281,23.143965"}},
        {"id": 2, "datetime": "2024-05-11 19:18:52 +02:00",
         "name": "11 maj 07:58, Sammanfattning natt, Norrbottens län",
         "summary": "...", "url": "/y", "type": "Sammanfattning natt",
         "location": {"name": "Norrbottens län", "gps": "66.8,20.2"}},
    ]
    path = tmp_path / "events.json"
    path.write_text(json.dumps(events, ensure_ascii=False), encoding="utf-8")
    raw = read_table(path)
    assert raw.frame["start"].tolist() == ["2023-12-31 23:50", "2024-05-11 07:58"]  # year from publication
    assert raw.frame["lat"].tolist() == ["65.855281", "66.8"]
    assert raw.pre_reason.tolist() == [None, "summary_not_incident"]
    assert raw.hints["category_col"] == "type"


@pytest.mark.parametrize("content,message", [
    (None, "file not found"),
    (b"", "the file is empty"),
    (b"id;lat;lon\n", "only a header row"),
    (b"\x00\x01\x02\x03garbage\x00", "unreadable encoding"),
])
def test_unusable_files_give_one_clear_sentence(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        read_table(path)
    assert "bad.csv" in str(err.value)


def test_unknown_suffix(tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(b"x")
    with pytest.raises(InputError, match="unknown file type '.docx'"):
        read_table(path)


def test_geojson_date_like_text_stays_text(tmp_path):
    path = tmp_path / "p.geojson"
    path.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                    '{"schedule":"2026-05-02 02:00-02:15","tid":"2024-05-01 22:30"},'
                    '"geometry":{"type":"Point","coordinates":[23.15,65.85]}}]}', encoding="utf-8")
    raw = read_table(path)
    assert raw.frame.iloc[0].to_dict() == {"schedule": "2026-05-02 02:00-02:15", "tid": "2024-05-01 22:30"}
