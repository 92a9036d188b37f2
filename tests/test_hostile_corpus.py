"""Issue #16, "Done when": a held-out corpus of hostile files, one per class, through ``check --json``.

Each file is made here (in ``tmp_path``) from ten good rows in Kalix. For every file: exit code 0 or 1, no
traceback, no "internal error" (nor the CLI's "stopped unexpectedly" line), and either a summary with
``rows_used + rows_rejected == rows_read`` and the expected rows used and reasons, or a one-line refusal
that names the file and says what to do.

Decisions (what a careful analyst keeps):

* a whole file with latitude and longitude swapped is detected, swapped back and used (with a warning);
  one swapped row among good ones is not guessed at: it is rejected as ``outside_study_area``, named in the
  warning;
* rows of a second CRS within a file (SWEREF 99 TM metres in a WGS84 file, or the reverse) are rejected as
  ``out_of_range``, never reprojected by guess;
* repeated rows: with an id column the repeats are ``duplicate_id`` rejects; without one they are kept and
  counted (``copied_rows``), with a warning saying how to make them count once;
* DST: 02:30 on the last Sunday of March (does not exist) is moved to 03:00, 02:30 on the last Sunday of
  October (occurs twice) is read as summer time; both rows are used and counted in the summary;
* a field of 5 MB (over the 1 MB cell limit) refuses the file, naming row and column: it is a broken
  export (an unclosed quote) or an attack, and the analyst must look at it;
* a ``.csv`` holding workbook bytes is read as the workbook, a ``.xlsx`` holding CSV text as text (each
  with the format in the summary); binary junk, truncated JSON, zip and gzip are refused.
"""

import gzip
import io
import json
import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from maps.cli.main import main

HEADER = "id;lon;lat;tid;brott;beskrivning"
ACTIONS = ("export", "pass", "save", "unpack", "remove", "check", "give", "split", "convert")


def _rows(n=10, first=0):
    return [f"{i};{23.15 + i * 0.001:.5f};{65.85 + i * 0.0005:.5f};2024-05-{1 + i % 28:02d} 22:{i % 60:02d};"
            f"Skadegörelse;fönster krossat" for i in range(first, first + n)]


def _csv(*rows, header=HEADER):
    return "\n".join([header, *rows]) + "\n"


BASE = _csv(*_rows())


def _frame():
    return pd.read_csv(io.StringIO(BASE), sep=";")


def _text(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def _bytes(path, data):
    path.write_bytes(data)
    return path


def _xlsx_bytes():
    buf = io.BytesIO()
    _frame().to_excel(buf, index=False)
    return buf.getvalue()


def _zip_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("handelser.csv", BASE * 50)
    return buf.getvalue()


def _geo(n_good=8, n_null=2, z=True, first=0):
    geometry = [Point(23.15 + i * 0.001, 65.85, 12.5) if z else Point(23.15 + i * 0.001, 65.85)
                for i in range(n_good)] + [None] * n_null
    n = n_good + n_null
    return gpd.GeoDataFrame({"id": range(first, first + n), "tid": ["2024-05-01 22:00"] * n,
                             "brott": ["Skadegörelse"] * n}, geometry=geometry, crs="EPSG:4326")


def _geojson_3d_null(path):
    features = [{"type": "Feature",
                 "geometry": None if g is None else {"type": "Point", "coordinates": [g.x, g.y, g.z]},
                 "properties": {"id": i, "tid": "2024-05-01 22:00", "brott": "Skadegörelse"}}
                for i, g in enumerate(_geo().geometry)]
    return _text(path, json.dumps({"type": "FeatureCollection", "features": features}))


def _gpkg_3d_null(path):
    _geo().to_file(path, driver="GPKG")
    return path


def _shapefile_without_prj(path):
    frame = gpd.GeoDataFrame({"id": range(10), "tid": ["2024-05-01 22:00"] * 10, "brott": ["Skadegörelse"] * 10},
                             geometry=[Point(871000 + i * 10, 7328000 + i * 10) for i in range(10)], crs="EPSG:3006")
    frame.to_file(path)
    path.with_suffix(".prj").unlink()
    return path


def _two_layers(path):
    _geo(6, 0, z=False).to_file(path, layer="handelser", driver="GPKG")
    _geo(4, 0, z=False, first=100).to_file(path, layer="synpunkter", driver="GPKG")
    return path


def _two_sheets(path):
    with pd.ExcelWriter(path) as book:
        _frame().head(6).to_excel(book, sheet_name="Blad1", index=False)
        _frame().tail(4).to_excel(book, sheet_name="Blad2", index=False)
    return path


def _truncated_json(path):
    text = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [23.15, 65.85]},
         "properties": {"tid": "2024-05-01 22:00"}}] * 5})
    return _text(path, text[: len(text) // 2])


def _zip_of_two(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", BASE)
        archive.writestr("b.csv", BASE)
    return path


def _line_among_points(path):
    features = [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[23.15, 65.85], [23.16, 65.86]]},
                 "properties": {"tid": "2024-05-01 22:00"}},
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [23.15, 65.85]},
                 "properties": {"tid": "2024-05-01 22:00"}}]
    return _text(path, json.dumps({"type": "FeatureCollection", "features": features}))


def _row(i, lon, lat, when="2024-05-10 22:00"):
    return f"{i};{lon};{lat};{when};Skadegörelse;x"


# name -> (file name, builder(path), expectation). An expectation is ("used", rows_used, reasons) or
# ("refused", words that the one-line message holds besides the file's name).
CASES = {
    "empty": ("tom.csv", lambda p: _bytes(p, b""), ("refused", "empty")),
    "header_only": ("rubrik.csv", lambda p: _text(p, HEADER + "\n"), ("refused", "only a header")),
    "utf16_bom": ("utf16.csv", lambda p: _text(p, BASE, "utf-16"), ("used", 10, {})),
    "latin1": ("latin1.csv", lambda p: _text(p, BASE, "latin-1"), ("used", 10, {})),
    "utf8_bom": ("bom.csv", lambda p: _text(p, BASE, "utf-8-sig"), ("used", 10, {})),
    "xlsx_named_csv": ("arbetsbok.csv", lambda p: _bytes(p, _xlsx_bytes()), ("used", 10, {})),
    "csv_named_xlsx": ("text.xlsx", lambda p: _text(p, BASE), ("used", 10, {})),
    "binary_junk": ("skräp.csv", lambda p: _bytes(p, np.random.default_rng(1).integers(0, 256, 4000, np.uint8)
                                                  .tobytes()), ("refused", "binary")),
    "truncated_json": ("avbruten.json", _truncated_json, ("refused", "not valid JSON")),
    "truncated_zip": ("avbruten.zip", lambda p: _bytes(p, _zip_bytes()[: len(_zip_bytes()) // 2]),
                      ("refused", "zip")),
    "truncated_gzip": ("avbruten.csv.gz", lambda p: _bytes(p, gzip.compress((BASE * 50).encode())[:300]),
                       ("refused", "gzip")),
    "nan_inf_coordinates": ("nan.csv", lambda p: _text(p, _csv(*_rows(8), _row(8, "nan", "65.85"),
                                                             _row(9, "inf", "-inf"))),
                            ("used", 8, {"no_coordinates": 1, "unparseable_coordinates": 1})),
    "swapped_axes_file": ("omkastad.csv", lambda p: _text(p, _csv(*[";".join([r.split(";")[0], r.split(";")[2],
                                                                             r.split(";")[1], *r.split(";")[3:]])
                                                                   for r in _rows()])), ("used", 10, {})),
    "swapped_axes_one_row": ("en_omkastad.csv", lambda p: _text(p, _csv(*_rows(9), _row(9, "65.85", "23.15"))),
                             ("used", 9, {"outside_study_area": 1})),
    "mixed_crs_wgs84_file": ("blandad.csv", lambda p: _text(p, _csv(*_rows(8), _row(8, 871234, 7328123),
                                                                 _row(9, 871300, 7328200))),
                             ("used", 8, {"out_of_range": 2})),
    "mixed_crs_sweref_file": ("blandad_sweref.csv", lambda p: _text(p, _csv(
        *[_row(i, 871000 + 10 * i, 7328000 + 10 * i) for i in range(9)], _row(9, "23.15", "65.85"))),
        ("used", 9, {"out_of_range": 1})),
    "duplicate_rows_with_id": ("dubbletter.csv", lambda p: _text(p, _csv(*_rows(), *_rows(3))),
                               ("used", 10, {"duplicate_id": 3})),
    "duplicate_rows_without_id": ("dubbletter_utan_id.csv", lambda p: _text(p, _csv(
        *[";".join(r.split(";")[1:]) for r in [*_rows(), *_rows(3)]], header=HEADER.removeprefix("id;"))),
        ("used", 13, {})),
    "dst_gap_and_ambiguous": ("sommartid.csv", lambda p: _text(p, _csv(
        *_rows(8), _row(8, 23.15, 65.85, "2024-03-31 02:30"), _row(9, 23.15, 65.85, "2024-10-27 02:30"))),
        ("used", 10, {})),
    "end_before_start": ("slut.csv", lambda p: _text(p, _csv(
        "1;23.15;65.85;2024-05-01 22:00;2024-05-01 21:00", "2;23.15;65.85;2024-05-01 22:00;2024-05-01 23:00",
        header="id;lon;lat;start;slut")), ("used", 1, {"end_before_start": 1})),
    "quoted_newlines": ("radbrytning.csv", lambda p: _text(p, _csv(*[r.replace("fönster krossat",
                                                                             '"rad ett\nrad två; med semikolon"')
                                                                   for r in _rows()])), ("used", 10, {})),
    "geojson_3d_and_null": ("punkter.geojson", _geojson_3d_null, ("used", 8, {"no_coordinates": 2})),
    "gpkg_3d_and_null": ("punkter.gpkg", _gpkg_3d_null, ("used", 8, {"no_coordinates": 2})),
    "shapefile_without_prj": ("utan_prj.shp", _shapefile_without_prj, ("used", 10, {})),
    "directory": ("en mapp", lambda p: (p.mkdir(), p)[1], ("refused", "folder")),
    "spaces_and_aao": ("händelser från Kalix å ä ö.csv", lambda p: _text(p, BASE), ("used", 10, {})),
    "null_island": ("noll.csv", lambda p: _text(p, _csv(*_rows(9), _row(9, 0, 0))),
                    ("used", 9, {"zero_coordinates": 1})),
    "paris_in_sweden": ("paris.csv", lambda p: _text(p, _csv(*_rows(9), _row(9, 2.3522, 48.8566))),
                        ("used", 9, {"outside_study_area": 1})),
    "years_1900_2099": ("år.csv", lambda p: _text(p, _csv(*_rows(8), _row(8, 23.15, 65.85, "1900-05-10 22:00"),
                                                         _row(9, 23.15, 65.85, "2099-05-10 22:00"))),
                        ("used", 8, {"date_before_floor": 1, "date_in_future": 1})),
    "field_of_5_mb": ("stor.csv", lambda p: _text(p, _csv(*_rows(9), _row(9, 23.15, 65.85) + "x" * (5 << 20))),
                      ("refused", "row 11")),
    "gpkg_two_point_layers": ("tva_lager.gpkg", _two_layers, ("used", 10, {})),
    # beyond the list: more shapes of broken exports
    "utf32_bom": ("utf32.csv", lambda p: _text(p, BASE, "utf-32"), ("used", 10, {})),
    "empty_zip": ("tom.zip", lambda p: (zipfile.ZipFile(p, "w").close(), p)[1], ("refused", "0 files")),
    "zip_of_two_files": ("tva.zip", _zip_of_two, ("refused", "2 files")),
    "nul_bytes": ("nul.csv", lambda p: _bytes(p, BASE.replace("22:01", "22:\x0001").encode()), ("refused", "binary")),
    "only_line_breaks": ("radbrytningar.csv", lambda p: _bytes(p, b"\r\n" * 50), ("refused", "empty")),
    "five_thousand_columns": ("bred.csv", lambda p: _text(p, ";".join(f"k{i}" for i in range(5000)) + "\n"
                                                          + ";".join("1" for _ in range(5000)) + "\n"),
                              ("refused", "and 4960 more")),
    "degrees_minutes_seconds": ("dms.csv", lambda p: _text(p, _csv("1;23°09'E;65°51'N;2024-05-01 22:00;Stöld;x")),
                                ("refused", "decimal numbers")),
    "geojson_line_among_points": ("linje.geojson", _line_among_points, ("used", 1, {"not_a_point": 1})),
    "geojson_no_features": ("inga.geojson", lambda p: _text(p, '{"type": "FeatureCollection", "features": []}'),
                            ("refused", "no features")),
    "workbook_two_sheets": ("tva_blad.xlsx", _two_sheets, ("used", 10, {})),
}


def _check(path, capsys):
    try:
        code = main(["check", str(path), "--json"])
    except SystemExit as stop:  # usage errors exit 2: never expected here
        code = stop.code
    out, err = capsys.readouterr()
    for stream in (out, err):
        assert "Traceback" not in stream and "internal error" not in stream.lower()
        assert "stoppade oväntat" not in stream and "stopped unexpectedly" not in stream
    assert code in (0, 1), err
    return code, out, err


# parents of the folder: spaces and Swedish letters in the path too
@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "indata från polisen"
    path.mkdir()
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file(case, folder, capsys):
    name, build, expected = CASES[case]
    path = build(folder / name)
    code, out, err = _check(path, capsys)
    if expected[0] == "refused":
        assert code == 1 and out == "", out
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("fel: ") and len(lines[0]) < 1000, err
        named = str(path) if str(path) in lines[0] else path.name  # the path, or the file's name
        assert f"{named}:" in lines[0] and expected[1] in lines[0], lines[0]
        assert any(word in lines[0].split(named)[-1] for word in ACTIONS), lines[0]
        return
    assert code == 0, err
    summary = json.loads(out)
    assert summary["rows_used"] + summary["rows_rejected"] == summary["rows_read"]
    assert (summary["rows_used"], summary["reasons"]) == expected[1:], summary["warnings"]


def test_what_the_summary_says_about_the_careful_cases(folder, capsys):
    def run(case):
        name, build, _ = CASES[case]
        code, out, _ = _check(build(folder / name), capsys)
        assert code == 0
        return json.loads(out)

    latin = run("latin1")
    assert latin["categories"] == {"vandalism": 10}  # "Skadegörelse" decoded right
    assert run("utf16_bom")["categories"] == {"vandalism": 10}
    swapped = run("swapped_axes_file")
    assert any("swapped" in w for w in swapped["warnings"])
    assert run("xlsx_named_csv")["files"][0]["format"].startswith("xlsx")
    named = run("csv_named_xlsx")
    assert any("holds delimited text" in w for w in named["warnings"])
    copies = run("duplicate_rows_without_id")
    assert copies["files"][0]["copied_rows"] == 3 and any("--id" in w for w in copies["warnings"])
    dst = run("dst_gap_and_ambiguous")
    assert dst["files"][0]["time"]["n_nonexistent_shifted"] == 1
    assert dst["files"][0]["time"]["n_ambiguous_resolved"] == 1
    shp = run("shapefile_without_prj")
    assert shp["source_crs"] == ["EPSG:3006"]
    layers = run("gpkg_two_point_layers")
    assert [f["rows_used"] for f in layers["files"]] == [6, 4]
    sheets = run("workbook_two_sheets")
    assert [f["rows_used"] for f in sheets["files"]] == [6, 4]
