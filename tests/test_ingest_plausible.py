"""Plausibility with accounting (#16.1): points far outside the study area and null-island forms are
rejected with a reason, counted, and the warning shows how many and an example row."""

import pytest

from hotspots.errors import InputError
from hotspots.io.read import ReadOptions, read_points

KALIX = ("id;lat;lon;tid\n"
         "1;65,8530;23,1565;2024-05-01 22:30\n"
         "2;65,8600;23,1700;2024-05-01 23:30\n"
         "3;48,8566;2,3522;2024-05-02 01:00\n"      # Paris
         "4;0;0;2024-05-02 02:00\n"                 # exact (0, 0)
         "5;0,0004;-0,0007;2024-05-02 03:00\n"      # next to null island
         "6;65,8400;23,1200;2024-05-02 04:00\n")


def _accounted(result):
    s = result.summary
    assert s["rows_used"] + s["rows_rejected"] == s["rows_read"]
    assert sum(s["reasons"].values()) == s["rows_rejected"] == len(result.rejects)
    return s


def test_paris_and_null_island_in_a_kalix_file(tmp_path):
    path = tmp_path / "kalix.csv"
    path.write_text(KALIX, encoding="utf-8")
    result = read_points(path)
    s = _accounted(result)
    assert s["reasons"] == {"outside_study_area": 1, "zero_coordinates": 1, "null_island": 1}
    assert result.rejects.set_index("row")["reason"].to_dict() == {
        "4": "outside_study_area", "5": "zero_coordinates", "6": "null_island"}
    assert result.points["id"].tolist() == ["1", "2", "6"]
    outside = [w for w in s["warnings"] if "outside_study_area" in w]
    assert len(outside) == 1 and "1 row(s)" in outside[0] and "e.g. row 4" in outside[0] and "Sweden" in outside[0]
    assert any("null_island" in w and "e.g. row 6" in w for w in s["warnings"])


def test_study_box_off_or_stated(tmp_path):
    path = tmp_path / "kalix.csv"
    path.write_text(KALIX, encoding="utf-8")
    off = _accounted(read_points(path, options=ReadOptions(study_box="off")))
    assert off["reasons"] == {"zero_coordinates": 1, "null_island": 1}  # null island is always rejected
    narrow = _accounted(read_points(path, options=ReadOptions(study_box=(23.14, 65.84, 23.18, 65.87))))
    assert narrow["reasons"] == {"outside_study_area": 2, "zero_coordinates": 1, "null_island": 1}
    with pytest.raises(InputError, match=r"kalix\.csv: study_box 'sverige' is not 'auto', 'off'"):
        read_points(path, options=ReadOptions(study_box="sverige"))


def test_foreign_city_keeps_the_city_and_rejects_another_continent(tmp_path):
    rows = [f"{i};41.{8000 + i * 37};-87.{6000 + i * 53};2024-05-01 10:{i % 60:02d}" for i in range(40)]
    rows.append("99;52.52;13.40;2024-05-01 11:00")  # Berlin in a Chicago file
    path = tmp_path / "chicago.csv"
    path.write_text("id,lat,lon,time\n" + "\n".join(rows).replace(";", ",") + "\n", encoding="utf-8")
    result = read_points(path, options=ReadOptions(tz="America/Chicago"))
    s = _accounted(result)
    assert s["reasons"] == {"outside_study_area": 1}
    assert result.rejects["id"].tolist() == ["99"]
    assert s["crs"] == "EPSG:32616"


def test_projected_null_island_forms(tmp_path):
    path = tmp_path / "sweref.csv"
    path.write_text("id;nord;ost;tid\n1;7327705;871484;2024-05-01 10:00\n2;0;871484;2024-05-01 11:00\n"
                    "3;7327800;871500;2024-05-01 12:00\n", encoding="utf-8")
    result = read_points(path)
    assert _accounted(result)["reasons"] == {"null_island": 1}
    assert result.rejects["row"].tolist() == ["3"]


def test_boundary_decides_when_given(tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    path = tmp_path / "kalix.csv"
    path.write_text(KALIX, encoding="utf-8")
    area = gpd.GeoDataFrame(geometry=[box(860000, 7300000, 880000, 7335000)], crs="EPSG:3006")
    s = _accounted(read_points(path, options=ReadOptions(boundary=area)))
    assert s["reasons"] == {"outside_study_area": 1, "zero_coordinates": 1, "null_island": 1}
