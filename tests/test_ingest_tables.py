"""Every sheet and layer (#16.2, #13.4): all tables of points read with their own accounting, or a
clear error listing them; tables without points named as skipped; never the first one silently."""

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from hotspots.errors import InputError
from hotspots.io.files.formats import read_table, read_tables
from hotspots.io.read import ReadOptions, read_points


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"Anteckning": ["Utdrag ur RAR", "Avser 2024"]}).to_excel(xl, sheet_name="Info", index=False)
        pd.DataFrame({"lat": [65.85, 65.86, None], "lon": [23.15, 23.16, 23.17],
                      "datum": ["2024-05-01 22:00", "2024-05-02 23:00", "2024-05-03 01:00"],
                      "kategori": ["Misshandel", "Stöld", "Klotter"]}).to_excel(xl, sheet_name="Kalix", index=False)
        pd.DataFrame({"lat": [65.60], "lon": [22.15], "datum": ["2024-06-01 12:00"],
                      "kategori": ["Stöld"]}).to_excel(xl, sheet_name="Luleå", index=False)
    return path


def test_every_point_sheet_read_with_its_own_accounting(workbook):
    result = read_points(workbook)
    s = result.summary
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (4, 3, 1)
    per_sheet = {f["file"]: (f["rows_read"], f["rows_used"], f["rows_rejected"]) for f in s["files"]}
    assert per_sheet == {"export.xlsx:Kalix": (3, 2, 1), "export.xlsx:Luleå": (1, 1, 0)}
    assert result.points["file"].tolist() == ["export.xlsx:Kalix", "export.xlsx:Kalix", "export.xlsx:Luleå"]
    assert result.points["id"].tolist() == ["export:Kalix:2", "export:Kalix:3", "export:Luleå:2"]  # no clash
    assert result.rejects[["file", "row", "reason"]].values.tolist() == [["export.xlsx:Kalix", "4", "no_coordinates"]]
    assert s["skipped_tables"] == ["export.xlsx:Info (no coordinate columns)"]
    assert any("export.xlsx:Info" in w for w in s["warnings"])


def test_one_table_api_lists_the_sheets_and_how_to_pick(workbook):
    with pytest.raises(InputError, match=r"export\.xlsx: has 2 sheets with points \(Kalix, Luleå\); pick one with "
                                         r"--sheet NAME or export\.xlsx:Kalix"):
        read_table(workbook)
    assert read_table(f"{workbook}:Luleå").frame["kategori"].tolist() == ["Stöld"]
    assert read_points(workbook, options=ReadOptions(sheet="Luleå")).summary["rows_read"] == 1
    tables, skipped = read_tables(workbook)
    assert [t.source for t in tables] == ["export.xlsx:Kalix", "export.xlsx:Luleå"]


@pytest.fixture
def geopackage(tmp_path):
    path = tmp_path / "händelser 2024.gpkg"
    gpd.GeoDataFrame({"kategori": ["Misshandel", "Stöld"], "tid": ["2024-05-01 22:00", "2024-05-02 01:00"]},
                     geometry=[Point(871484, 7327705), Point(871600, 7327800)], crs="EPSG:3006").to_file(
        path, layer="incidents")
    gpd.GeoDataFrame({"kategori": ["Klotter"], "tid": ["2024-05-03 10:00"]}, geometry=[Point(871500, 7327750)],
                     crs="EPSG:3006").to_file(path, layer="complaints")
    gpd.GeoDataFrame({"namn": ["Kalix"]}, geometry=[box(860000, 7320000, 880000, 7335000)],
                     crs="EPSG:3006").to_file(path, layer="area")
    return path


def test_every_point_layer_and_the_area_layer_skipped(geopackage):
    result = read_points(geopackage)
    s = result.summary
    assert {f["file"]: f["rows_used"] for f in s["files"]} == {"händelser 2024.gpkg:incidents": 2,
                                                                "händelser 2024.gpkg:complaints": 1}
    assert s["skipped_tables"] == ["händelser 2024.gpkg:area (polygon, no points)"]
    assert s["rows_read"] == s["rows_used"] == 3


def test_layer_picked_by_name_or_suffix_and_unknown_layer_listed(geopackage):
    assert len(read_table(geopackage, layer="complaints").frame) == 1
    assert len(read_table(f"{geopackage}:incidents").frame) == 2
    with pytest.raises(InputError, match=r"has 2 layers with points \(incidents, complaints\); pick one with --layer"):
        read_table(geopackage)
    with pytest.raises(InputError, match=r"has no layer 'x'; layers are: incidents, complaints, area"):
        read_table(geopackage, layer="x")
