"""Issue #16 items 4 and 6: spreadsheet cells that cannot bite, and writes that are atomic."""

import csv

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import Point

from maps.products.atomic import atomic_write
from maps.products.exports.export import write_table
from maps.share.cells import neutralise_cells

HOSTILE = ["@SUM(1)", '=HYPERLINK("http://x","y")', "+1", "-2+3", "\tTAB", "\rCR"]


def _table():
    return pd.DataFrame({"place": HOSTILE, "category": ['=HYPERLINK("http://x","y")', *["ok"] * 5],
                         "delta": [-2, -1, 0, 1, 2, -3], "share": [-0.5, 0.25, -1.75, 0.0, 1.0, -2.0]})


def test_neutralise_prefixes_formula_text_and_keeps_numbers():
    out = neutralise_cells(_table())
    assert out["place"].tolist() == ["'" + v for v in HOSTILE]
    assert out["category"].iloc[0] == '\'=HYPERLINK("http://x","y")' and out["category"].iloc[1] == "ok"
    assert out["delta"].tolist() == [-2, -1, 0, 1, 2, -3] and out["delta"].dtype.kind == "i"
    assert out["share"].dtype.kind == "f"


def test_neutralise_does_not_change_its_input_and_checks_headers():
    table = _table().rename(columns={"place": "=cmd"})
    out = neutralise_cells(table)
    assert table["=cmd"].iloc[0] == "@SUM(1)" and list(out.columns)[0] == "'=cmd"


def test_csv_cells_are_text_with_prefix_and_negative_numbers_stay(tmp_path):
    path = write_table(_table(), tmp_path / "t.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == ["place", "category", "delta", "share"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in HOSTILE]
    assert rows[1][1] == '\'=HYPERLINK("http://x","y")'
    assert [r[2] for r in rows[1:]] == ["-2", "-1", "0", "1", "2", "-3"]
    assert [r[3] for r in rows[1:]] == ["-0,5", "0,25", "-1,75", "0,0", "1,0", "-2,0"]
    for row in rows[1:]:
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("layer", [None, "extra"])
def test_xlsx_has_no_formula_cells_and_numbers_stay_numbers(tmp_path, layer):
    path = tmp_path / "t.xlsx"
    if layer:
        write_table(pd.DataFrame({"a": [1]}), path)  # a second sheet added to an existing book
    write_table(_table(), path, layer=layer)
    book = openpyxl.load_workbook(path)
    sheet = book[layer or "Sheet1"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    # XML turns a lone carriage return into a newline; the prefix is what matters
    assert [c.value for c in sheet["A"][1:]] == ["'" + v.replace("\r", "\n") for v in HOSTILE]
    assert sheet["B2"].value == '\'=HYPERLINK("http://x","y")'
    assert [c.value for c in sheet["C"][1:]] == [-2, -1, 0, 1, 2, -3]
    assert all(c.data_type == "n" for c in sheet["D"][1:]) and sheet["D2"].value == -0.5
    if layer:
        assert book.sheetnames == ["Sheet1", "extra"]


def test_geo_table_to_csv_keeps_wkt_and_neutralises(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["@SUM(1)"]}, geometry=[Point(1, 2)], crs="EPSG:3006")
    with open(write_table(frame, tmp_path / "g.csv"), encoding="utf-8-sig") as fh:
        assert fh.read().splitlines()[1] == "'@SUM(1);POINT (1 2)"


def test_interrupted_write_keeps_the_earlier_file_and_leaves_no_temp(tmp_path):
    path = tmp_path / "out.csv"
    write_table(pd.DataFrame({"a": [1]}), path)
    before = path.read_bytes()
    for error in (RuntimeError("disk full"), KeyboardInterrupt()):
        with pytest.raises(type(error)), atomic_write(path) as tmp:
            tmp.write_text("half a fi", encoding="utf-8")
            raise error
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_interrupted_table_writer_keeps_the_earlier_file(tmp_path, monkeypatch):
    path = tmp_path / "out.xlsx"
    write_table(pd.DataFrame({"a": [1]}), path)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_excel", boom)
    with pytest.raises(KeyboardInterrupt):
        write_table(pd.DataFrame({"a": [2]}), path)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_atomic_write_replaces_on_success(tmp_path):
    path = tmp_path / "sub" / "page.html"
    with atomic_write(path) as tmp:
        assert tmp.parent == path.parent and not tmp.exists()
        tmp.write_text("one", encoding="utf-8")
    with atomic_write(path, copy=True) as tmp:
        assert tmp.read_text(encoding="utf-8") == "one"
        tmp.write_text("two", encoding="utf-8")
    assert path.read_text(encoding="utf-8") == "two" and [p.name for p in path.parent.iterdir()] == ["page.html"]


def test_a_text_column_holding_no_text_is_left_as_it_is():
    # An object column of numbers or blanks (a file's row labels, an empty column) has no cell to neutralise.
    table = pd.DataFrame({"row": pd.Series([2, 3], dtype=object), "blank": pd.Series([None, None], dtype=object),
                          "text": ["=1+1", "ok"]})
    out = neutralise_cells(table)
    assert out["row"].tolist() == [2, 3] and out["blank"].tolist() == [None, None]
    assert out["text"].tolist() == ["'=1+1", "ok"]
