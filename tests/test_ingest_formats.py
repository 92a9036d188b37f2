"""Columnar reading (#17.1, #13.4): any extension, compression, Parquet forms, exact row accounting."""

import gzip
import zipfile

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from shapely.geometry import Point

from hotspots.errors import InputError
from hotspots.io.files.formats import read_table
from hotspots.io.read import read_points

CSV = "id;x;y;tid;kategori\n1;871484;7327705;2024-05-01 22:30;Misshandel\n2;871500;7327800;2024-05-02 01:00;Stöld\n"


@pytest.mark.parametrize("name", ["a.tab", "a.tsv", "a.dat", "export", "a.weird"])
def test_text_read_by_content_whatever_the_extension(tmp_path, name):
    path = tmp_path / name
    path.write_text(CSV.replace(";", "\t") if name.endswith(("tab", "tsv")) else CSV, encoding="utf-8")
    raw = read_table(path)
    assert raw.frame["kategori"].tolist() == ["Misshandel", "Stöld"]
    assert raw.row_label.tolist() == ["2", "3"]


def test_gzip_and_zip_are_transparent(tmp_path):
    gz = tmp_path / "a.csv.gz"
    gz.write_bytes(gzip.compress(CSV.encode("cp1252"), mtime=0))
    zp = tmp_path / "a.zip"
    with zipfile.ZipFile(zp, "w") as archive:
        archive.writestr("export/a.txt", CSV.encode("utf-8"))
    for path, encoding in ((gz, "cp1252"), (zp, "utf-8")):
        raw = read_table(path)
        assert raw.info["encoding"] == encoding
        assert raw.frame["kategori"].tolist() == ["Misshandel", "Stöld"]


def test_truncated_gzip_and_zip_are_clear_errors(tmp_path):
    gz = tmp_path / "a.csv.gz"
    gz.write_bytes(gzip.compress(CSV.encode() * 50, mtime=0)[:40])
    zp = tmp_path / "b.zip"
    zp.write_bytes(b"PK\x03\x04" + b"\x00" * 30)
    for path in (gz, zp):
        with pytest.raises(InputError, match=path.name):
            read_table(path)


def test_latin1_when_not_cp1252(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("id;x;y\n1;2;3\n".encode() + "\x81;ä;ö\n".encode("latin-1"))
    raw = read_table(path)
    assert raw.info["encoding"] == "latin-1"
    assert raw.frame["x"].tolist() == ["2", "ä"]


def test_malformed_rows_kept_with_raw_line_and_labels_after_quoted_newlines(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id;text;x\n1;"two\nlines";5\n\n2;a;b;EXTRA\n3;short\n4;c;d\n', encoding="utf-8")
    raw = read_table(path)
    assert raw.frame["id"].tolist() == ["1", "3", "4"]
    assert raw.frame["text"].tolist() == ["two\nlines", "short", "c"]
    assert raw.frame["x"].tolist() == ["5", None, "d"]  # the short row padded, in file order
    assert raw.row_label.tolist() == ["2", "4", "5"]
    assert raw.malformed.to_dict("list") == {"row_label": ["3"], "raw": ["2;a;b;EXTRA"]}


def test_only_the_columns_asked_for(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(CSV, encoding="utf-8")
    assert list(read_table(path, columns=["x", "y"]).frame.columns) == ["x", "y"]


def _frame(n=4):
    return pd.DataFrame({"x": [871484.0 + i for i in range(n)], "y": [7327705.0] * n,
                         "time": pd.date_range("2024-05-01 22:00", periods=n, freq="h"),
                         "category": ["Misshandel", "Stöld"] * (n // 2)})


def test_plain_parquet_with_coordinate_columns(tmp_path):
    path = tmp_path / "p.parquet"
    _frame().to_parquet(path)
    raw = read_table(path)
    assert raw.info["format"] == "parquet" and raw.geometry is None
    assert raw.frame["x"].dtype == float  # numbers stay typed
    result = read_points(path)
    s = result.summary
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (4, 4, 0)
    assert result.points["start"].iloc[0] == pd.Timestamp("2024-05-01 22:00", tz="Europe/Stockholm")
    assert result.points["row"].tolist() == ["row 1", "row 2", "row 3", "row 4"]


def test_folder_of_hive_parts(tmp_path):
    frame = _frame(6)
    frame["year"] = [2023, 2023, 2024, 2024, 2024, 2024]
    pq.write_to_dataset(pa.Table.from_pandas(frame), tmp_path / "parts", partition_cols=["year"])
    raw = read_table(tmp_path / "parts")
    assert len(raw.frame) == 6 and raw.info["parts"] == 2
    assert sorted(raw.frame["year"].astype(str).unique()) == ["2023", "2024"]
    assert read_points(tmp_path / "parts").summary["rows_used"] == 6


def test_geoparquet_keeps_geometry_and_crs(tmp_path):
    path = tmp_path / "g.parquet"
    gpd.GeoDataFrame({"k": ["A", "B"]}, geometry=[Point(23.15, 65.85), Point(23.16, 65.86)],
                     crs="EPSG:4326").to_parquet(path)
    raw = read_table(path)
    assert raw.info["format"] == "geoparquet" and raw.geometry.crs.to_epsg() == 4326
    assert list(raw.frame.columns) == ["k"]


def test_not_parquet_despite_the_name(tmp_path):
    path = tmp_path / "p.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(InputError, match=r"p\.parquet: cannot be read as Parquet"):
        read_table(path)
