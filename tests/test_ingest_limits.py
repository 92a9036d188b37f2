"""Limits instead of crashes (#16.3): oversized fields, files and row counts get a clear InputError
naming file, row and column; no input gives a traceback or "internal error" from the reader."""

import gzip
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotspots.errors import InputError
from hotspots.io.files import formats, limits, text
from hotspots.io.files.formats import read_table
from hotspots.io.read import read_points


def test_a_five_megabyte_cell_is_refused_by_name_row_and_column(tmp_path):
    path = tmp_path / "big cell.csv"
    path.write_text("id;lat;lon;fritext\n1;65,85;23,15;kort\n2;65,86;23,16;" + "x" * (5 << 20) + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_points(path)
    message = str(err.value)
    assert "big cell.csv" in message and "'fritext'" in message and "row 3" in message and "1 MB" in message
    assert "field larger than field limit" not in message and "internal error" not in message


def test_an_unclosed_quote_swallowing_the_file_is_named(tmp_path):
    path = tmp_path / "quote.csv"
    body = "".join(f"{i};65,85;23,15;text\n" for i in range(200_000))
    path.write_text('id;lat;lon;fritext\n0;65,85;23,15;"oops\n' + body, encoding="utf-8")
    with pytest.raises(InputError, match=r"quote\.csv: .*(limit|quote)"):
        read_table(path)


def test_file_size_and_row_limits(tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_text("id;lat;lon\n1;65,85;23,15\n2;65,86;23,16\n3;65,87;23,17\n", encoding="utf-8")
    monkeypatch.setattr(text, "MAX_ROWS", 2)
    with pytest.raises(InputError, match=r"a\.csv: 3 rows, more than the limit of 2"):
        read_table(path)
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 10)
    with pytest.raises(InputError, match=r"a\.csv: .* more than the limit"):
        read_table(path)


def test_limits_are_documented_constants():
    assert limits.MAX_FIELD_BYTES == 1 << 20
    assert limits.MAX_FIELD_BYTES < limits.BLOCK_BYTES
    assert {"MAX_FIELD_BYTES", "MAX_FILE_BYTES", "MAX_ROWS"} <= set(limits.__all__)


@pytest.mark.parametrize("name,content", [
    ("junk.csv", b"\x00\x01\x02garbage\x00\xff"),
    ("trunc.json", b'[{"id": 1, "lat": 65.8'),
    ("trunc.csv.gz", gzip.compress(b"id;lat;lon\n" + b"1;65,85;23,15\n" * 100, mtime=0)[:30]),
    ("fake.parquet", b"PAR1not really"),
    ("fake.gpkg", b"SQLite format 3\x00" + b"\x00" * 50),
    ("fake.xlsx", b"PK\x03\x04 not a workbook"),
    ("one column.txt", b"just a line of words\nand another\n"),
    ("empty.tab", b"\n\n\n"),
], ids=lambda value: value if isinstance(value, str) else "")
def test_broken_files_give_one_clear_sentence(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_table(path)
    assert name in str(err.value) and "internal error" not in str(err.value)


def test_zip_with_several_files_lists_them(tmp_path):
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "id;x\n1;2\n")
        archive.writestr("b.csv", "id;x\n1;2\n")
    with pytest.raises(InputError, match=r"two\.zip: the zip holds 2 files \(a\.csv, b\.csv\)"):
        read_table(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".txt", ".json", ".gz", ".zip", ".parquet",
                                                             ".xlsx", ".gpkg", ".geojson", ".x"]))
def test_random_bytes_never_a_traceback(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        raw = read_table(path)
    except InputError as err:
        assert "fuzz" in str(err)
    else:
        assert len(raw.frame) == len(raw.row_label)
