"""The command line: check's text and JSON output, --rejects, exit codes, no tracebacks."""

import json
import re
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from maps.cli.main import main

CSV = ("id;kategori;tid;lat;lon;text\n"
       "1;Misshandel;2024-05-01 22:30;65,853;23,156;<b>fet</b>\n"
       "2;Stöld;2024-05-02 10:00;;;\n"
       "3;Klotter;inte en tid;65,853;23,156;\n")


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_check_json_summary(export, capsys):
    assert main(["check", str(export), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert {k: summary[k] for k in ("rows_read", "rows_used", "rows_rejected")} == \
        {"rows_read": 3, "rows_used": 1, "rows_rejected": 2}
    assert summary["reasons"] == {"no_coordinates": 1, "unparseable_time": 1}
    assert summary["crs"] == "EPSG:3006"
    assert summary["time_min"] == summary["time_max"] == "2024-05-01T22:30:00+02:00"


def test_check_text_swedish_and_english(export, capsys):
    assert main(["check", str(export)]) == 0
    out = capsys.readouterr().out
    assert "rader lästa 3 = använda 1 + avvisade 2" in out
    assert "saknar koordinater [no_coordinates]: 1" in out
    assert main(["check", str(export), "--lang", "en"]) == 0
    assert "rows read 3 = used 1 + rejected 2" in capsys.readouterr().out


def test_check_writes_rejects_with_reason(export, tmp_path, capsys):
    out = tmp_path / "rej" / "rejects.csv"
    assert main(["check", str(export), "--rejects", str(out)]) == 0
    rejects = pd.read_csv(out, sep=";", dtype=str, encoding="utf-8-sig")
    # issue 15.9: Swedish headers, the reason in words and its code beside it
    assert rejects[["fil", "rad", "orsakskod", "id"]].values.tolist() == [
        ["export.csv", "3", "no_coordinates", "2"], ["export.csv", "4", "unparseable_time", "3"]]
    assert rejects["orsak"].tolist() == ["saknar koordinater", "tiden går inte att läsa"]


@pytest.mark.parametrize("argv,fragment", [
    (["check", "nope.csv"], "nope.csv: file not found"),
    (["check", "{empty}"], "the file is empty"),
    (["check", "{nocoords}"], "no coordinate columns found"),
    (["check", "{xlsx}", "--sheet", "Saknas"], "has no sheet 'Saknas'"),
])
def test_unusable_input_exits_1_with_one_sentence(tmp_path, capsys, argv, fragment):
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "nocoords.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    pd.DataFrame({"lat": [65.8], "lon": [23.1]}).to_excel(tmp_path / "a.xlsx", index=False)
    paths = {"empty": tmp_path / "empty.csv", "nocoords": tmp_path / "nocoords.csv", "xlsx": tmp_path / "a.xlsx"}
    argv = [a.format(**paths) for a in argv]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_usage_error_exits_2():
    proc = subprocess.run([sys.executable, "-m", "maps.cli.main", "check"], capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and "usage:" in proc.stderr


def test_help_on_every_command():
    for cmd in ([], ["check"], ["demo"], ["run"]):
        proc = subprocess.run([sys.executable, "-m", "maps.cli.main", *cmd, "--help"], capture_output=True, text=True,
                              check=False)
        assert proc.returncode == 0 and "usage: hotspot-planner" in proc.stdout


def _hot_file(tmp_path):
    rng = np.random.default_rng(3)
    lat = np.concatenate([65.853 + rng.normal(0, 0.0004, 80), 65.80 + rng.uniform(0, 0.1, 120)])
    lon = np.concatenate([23.156 + rng.normal(0, 0.0008, 80), 23.0 + rng.uniform(0, 0.3, 120)])
    rows = [f"{i};Misshandel;2024-05-0{1 + i % 7} 22:00;{a:.6f};{b:.6f}" for i, (a, b) in enumerate(zip(lat, lon))]
    path = tmp_path / "hot.csv"
    path.write_text("id;kategori;tid;lat;lon\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".csv"])
def test_hotspots_command_writes_table_cells_and_json(tmp_path, capsys, suffix):
    out, cells = tmp_path / f"hot{suffix}", tmp_path / "cells.gpkg"
    argv = ["hotspots", str(_hot_file(tmp_path)), "--method", "gistar", "--cell-m", "100", "-o", str(out),
            "--cells", str(cells), "--json"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["method"] == "gistar" and report["cell_m"] == 100 and report["fdr"] == "bh"
    assert report["n_hotspots"] >= 1 and 0.3 < report["share_points"] <= 1 and report["share_area"] < 0.05
    assert report["rows"] == {"rows_read": 200, "rows_used": 200, "rows_rejected": 0}
    table = pd.read_csv(out, sep=";", decimal=",") if suffix == ".csv" else gpd.read_file(out)
    assert table["rank"].iloc[0] == 1 and table["n_points"].iloc[0] >= 60
    grid = gpd.read_file(cells)
    assert {"count", "z", "p", "q", "hot"} <= set(grid.columns) and grid["count"].sum() == 200


def test_hotspots_command_text_output_and_methods(tmp_path, capsys):
    path = _hot_file(tmp_path)
    for method in ("count", "kde", "dbscan", "hdbscan"):
        assert main(["hotspots", str(path), "--method", method, "-o", str(tmp_path / "h.gpkg")]) == 0
        out = capsys.readouterr().out
        assert f"metod: {method}" in out and re.search(r"^  #1( [^:]+)?: \d+ punkter", out, re.M)  # rank, name
    assert main(["hotspots", str(path), "-o", str(tmp_path / "h.shp")]) == 1
    assert "hotspots -o can write .gpkg, .geojson, .csv or .xlsx; got .shp" in capsys.readouterr().err


def test_hotspots_time_filters(tmp_path, capsys):
    path = _hot_file(tmp_path)  # days 2024-05-01 (Wed) .. 2024-05-07, all at 22:00
    argv = ["hotspots", str(path), "--method", "count", "--weekdays", "fre,lör", "--hours", "21-23",
            "-o", str(tmp_path / "h.gpkg"), "--profiles", str(tmp_path / "prof.csv"), "--json"]
    assert main(argv) == 0
    prof = pd.read_csv(tmp_path / "prof.csv", sep=";", decimal=",")
    assert prof["peak_windows"].iloc[0] == "fre 22–23, lör 22–23"
    assert prof["fre_22"].iloc[0] > 0 and prof["mån_22"].iloc[0] == 0 and prof["m05"].iloc[0] > 0
    report = json.loads(capsys.readouterr().out)
    expected = sum(1 for i in range(200) if i % 7 in (2, 3))  # 2024-05-03 Fri and 2024-05-04 Sat
    assert report["time_filter"]["rows_before"] == 200 and report["time_filter"]["rows_after"] == expected
    assert main(["hotspots", str(path), "--hours", "10-12", "-o", str(tmp_path / "h.gpkg")]) == 1
    assert "no points" in capsys.readouterr().err


def test_emerging_and_change_commands(tmp_path, capsys):
    rng = np.random.default_rng(11)
    n = 600
    days = rng.integers(0, 3 * 365, n)
    lat = 65.853 + rng.normal(0, 0.002, n)
    lon = 23.156 + rng.normal(0, 0.004, n)
    times = (pd.Timestamp("2022-01-01") + pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d 22:00")
    path = tmp_path / "pts.csv"
    path.write_text("id;tid;lat;lon\n" + "\n".join(f"{i};{t};{a:.6f};{b:.6f}" for i, (t, a, b)
                                                 in enumerate(zip(times, lat, lon))) + "\n", encoding="utf-8")
    out = tmp_path / "em.gpkg"
    assert main(["emerging", str(path), "--cell-m", "200", "-o", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["period"] == "quarter" and summary["n_periods"] >= 10
    cells = gpd.read_file(out)
    assert "category" in cells.columns and cells["count"].sum() > 0
    out2 = tmp_path / "ch.gpkg"
    assert main(["change", str(path), "--cell-m", "200", "--split", "2023-07-01", "-o", str(out2)]) == 0
    assert set(gpd.read_file(out2)["category"]) <= {"new", "increase", "decrease", "no_change", ""}


def test_event_time_filter(tmp_path, capsys):
    path = tmp_path / "v.csv"
    rows = ["1;2024-04-30 22:00;65.853;23.156", "2;2024-05-01 05:00;65.853;23.156",
            "3;2024-05-01 07:00;65.853;23.156", "4;2025-04-30 17:00;65.853;23.156"]
    path.write_text("id;tid;lat;lon\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["hotspots", str(path), "--method", "count", "--event", "valborg", "-o",
                 str(tmp_path / "h.gpkg"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["time_filter"]["rows_after"] == 3  # 30 April 16:00 -> 1 May 06:00, both years
    assert main(["hotspots", str(path), "--event", "okand", "-o", str(tmp_path / "h.gpkg")]) == 1
    assert "unknown event" in capsys.readouterr().err
