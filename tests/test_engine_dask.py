"""``--engine dask`` (issue 17 item 4): the same hotspots, cells and row accounting as the local engine.

One 2-worker LocalCluster with real worker processes serves the module (workers reached by address, as
``--scheduler`` reaches them); one test starts and closes its own cluster, as a run without
``--scheduler`` does.
"""

import json
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from hotspots.engine.rows import RowPlan, clean_partition  # noqa: E402
from hotspots.errors import InputError  # noqa: E402
from hotspots.find import find_hotspots  # noqa: E402
from hotspots.io.read import ReadOptions, read_points  # noqa: E402
from hotspots.methods.counts import count_points  # noqa: E402
from maps.cli.main import main  # noqa: E402

BAD = {"no_coordinates": 1, "zero_coordinates": 1, "missing_time": 1, "date_before_floor": 1,
       "date_in_future": 1, "out_of_range": 1}


def _part(rng, n, year, month, start_id):
    """``n`` rows around two hot places near Kalix (SWEREF 99 TM), one bad row of each kind first."""
    centres = np.array([[912_000.0, 7_314_000.0], [915_000.0, 7_311_000.0]])[rng.integers(0, 2, n)]
    hot = rng.random(n) < 0.35
    x = np.where(hot, centres[:, 0] + rng.normal(0, 120, n), rng.uniform(905_000, 920_000, n))
    y = np.where(hot, centres[:, 1] + rng.normal(0, 120, n), rng.uniform(7_305_000, 7_320_000, n))
    hour = np.where(rng.random(n) < 0.5, rng.integers(21, 24, n), rng.integers(0, 24, n))
    start = (pd.Timestamp(f"{year}-{month:02d}-01") + pd.to_timedelta(rng.integers(0, 27, n), unit="D")
             + pd.to_timedelta(hour, unit="h"))
    frame = pd.DataFrame({"id": np.arange(start_id, start_id + n).astype(str), "x": x, "y": y, "tid": start,
                          "kategori": rng.choice(["Misshandel", "Skadegörelse", "Narkotikabrott", None], n),
                          "fritext": "ingen"})
    frame.loc[0, "x"] = None
    frame.loc[1, ["x", "y"]] = 0.0
    frame.loc[2, "tid"] = pd.NaT
    frame.loc[3, "tid"] = pd.Timestamp("1960-01-01")
    frame.loc[4, "tid"] = pd.Timestamp("2090-01-01")
    frame.loc[5, "x"] = 5e6
    return frame


def _write(root, *, hive, n=700, seed=1, overlap=0):
    rng = np.random.default_rng(seed)
    k = 0
    for year in (2024, 2025):
        for month in (3, 10):
            folder = root / f"year={year}" / f"month={month}" if hive else root
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pandas(_part(rng, n, year, month, k * (n - overlap)), preserve_index=False),
                           folder / f"part-{k}.parquet")
            k += 1
    return root


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    base = tmp_path_factory.mktemp("parquet")
    return {"hive": _write(base / "hive", hive=True), "plain": _write(base / "plain", hive=False, seed=2),
            "repeated": _write(base / "repeated", hive=True, seed=3, overlap=40)}


@pytest.fixture(scope="module")
def scheduler():
    """The address of a running 2-worker cluster of real worker processes."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as cluster:
        yield cluster.scheduler_address


def _dask(path, method, scheduler, **kw):
    from hotspots.engine.run import find_hotspots_dask

    return find_hotspots_dask(path, method=method, scheduler=scheduler, **kw)


def _same_table(local, other):
    a, b = local.hotspots_, other.hotspots_
    assert list(a.columns) == list(b.columns)
    pd.testing.assert_frame_equal(a.drop(columns="geometry"), b.drop(columns="geometry"), check_dtype=False)
    assert a.geometry.geom_equals(b.geometry).all()


@pytest.mark.parametrize(("kind", "method", "cell_m"), [("hive", "gistar", None), ("plain", "count", 250.0)])
def test_grid_methods_equal_local(data, scheduler, kind, method, cell_m):
    """Automatic cell (the points' spacing, coordinates to the client) and a stated one (the grid only)."""
    local = read_points(data[kind])
    finder = find_hotspots(local.points, method, cell_m=cell_m)
    summary, result = _dask(data[kind], method, scheduler, cell_m=cell_m)
    assert finder.hotspots_.shape[0] > 0
    _same_table(finder, result)
    pd.testing.assert_frame_equal(finder.cells_.drop(columns="geometry"), result.cells_.drop(columns="geometry"),
                                  check_dtype=False)
    counts = count_points(local.points, finder.grid_)
    assert np.array_equal(counts.combined, result.cells_.pipe(lambda c: _dense(c, finder.grid_)))
    for key in ("rows_read", "rows_used", "rows_rejected", "reasons", "categories", "crs", "time_min", "time_max"):
        assert summary[key] == local.summary[key], key
    assert summary["reasons"] == {k: 4 * v for k, v in BAD.items()}
    assert summary["rows_read"] == summary["rows_used"] + summary["rows_rejected"] == 4 * 700
    assert summary["engine"]["name"] == "dask" and summary["engine"]["workers"] == 2
    for key in ("cell_m", "cell_rule", "grid", "n_hotspots", "hot_rule", "split_rule", "trend_rule", "tz",
                "all_peak_windows"):
        assert result.params_[key] == finder.params_[key], key


def test_ids_repeated_across_partitions_are_rejected_as_the_reader_does(data, scheduler):
    local = read_points(data["repeated"])
    summary, result = _dask(data["repeated"], "gistar", scheduler)
    assert local.summary["reasons"]["duplicate_id"] > 0
    for key in ("rows_read", "rows_used", "rows_rejected", "reasons", "categories"):
        assert summary[key] == local.summary[key], key
    _same_table(find_hotspots(local.points, "gistar"), result)


def _dense(cells, grid):
    out = np.zeros(grid.shape)
    out[cells["row"].to_numpy(), cells["col"].to_numpy()] = cells["count"].to_numpy()
    return out


@pytest.mark.parametrize("method", ["kde", "dbscan"])
def test_point_methods_read_on_dask_and_run_on_the_client(data, scheduler, method):
    finder = find_hotspots(read_points(data["hive"]).points, method)
    summary, result = _dask(data["hive"], method, scheduler)
    _same_table(finder, result)
    assert f"client: {method}" in summary["engine"]["where"]


def test_cli_with_scheduler_gives_the_local_hotspots(data, scheduler, tmp_path, capsys):
    assert main(["hotspots", str(data["hive"]), "-o", str(tmp_path / "local.csv"), "--json", "--quiet"]) == 0
    local = json.loads(capsys.readouterr().out)
    assert main(["hotspots", str(data["hive"]), "--engine", "dask", "--scheduler", scheduler,
                 "-o", str(tmp_path / "dask.csv"), "--cells", str(tmp_path / "cells.csv"), "--json", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert local["engine"] == {"name": "local"}
    assert out["engine"]["name"] == "dask" and out["engine"]["scheduler"] == scheduler
    assert out["rows"] == local["rows"] and out["reasons"] == local["reasons"]
    assert out["n_hotspots"] == local["n_hotspots"] > 0
    a, b = (pd.read_csv(tmp_path / f, sep=";", decimal=",") for f in ("local.csv", "dask.csv"))
    pd.testing.assert_frame_equal(a, b)


def test_complaints_and_boundary_as_the_local_engine(data, scheduler, tmp_path, capsys):
    import geopandas as gpd
    from shapely import box

    area = tmp_path / "area.geojson"
    gpd.GeoDataFrame(geometry=[box(906_000, 7_306_000, 917_000, 7_317_000)], crs="EPSG:3006").to_file(area)
    args = [str(data["hive"]), "--complaints", str(data["plain"]), "--boundary", str(area), "--json", "--quiet"]
    assert main(["hotspots", *args, "-o", str(tmp_path / "local.csv")]) == 0
    local = json.loads(capsys.readouterr().out)
    on_dask = ["--engine", "dask", "--scheduler", scheduler]
    assert main(["hotspots", *args, *on_dask, "-o", str(tmp_path / "dask.csv")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert local["reasons"]["outside_study_area"] > 0 and local["grid"] == out["grid"]
    assert out["rows"] == local["rows"] and out["reasons"] == local["reasons"]
    a, b = (pd.read_csv(tmp_path / f, sep=";", decimal=",") for f in ("local.csv", "dask.csv"))
    assert a["n_complaints"].sum() > 0
    pd.testing.assert_frame_equal(a, b)


def test_project_engine_section(data, scheduler, tmp_path, capsys):
    project = tmp_path / "p.toml"
    project.write_text(f'[data]\nincidents = "{data["plain"]}"\n[hotspots]\nmethod = "count"\n'
                       f'[engine]\nname = "dask"\nscheduler = "{scheduler}"\n', encoding="utf-8")
    assert main(["hotspots", "--project", str(project), "-o", str(tmp_path / "h.gpkg"), "--json", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["engine"]["name"] == "dask" and out["method"] == "count"
    assert out["rows"]["rows_read"] == 2800
    # a flag overrides the project
    with pytest.raises(SystemExit) as usage:  # --scheduler without the dask engine: a usage error
        main(["hotspots", "--project", str(project), "--engine", "local", "--scheduler", scheduler,
              "-o", str(tmp_path / "h.gpkg")])
    assert usage.value.code == 2


def test_local_cluster_started_and_closed_for_the_run(data):
    summary, result = _dask(data["plain"], "gistar", None, n_workers=2, processes=False)
    assert summary["engine"]["scheduler"] == "local cluster" and summary["engine"]["workers"] == 2
    assert len(result.hotspots_) == len(find_hotspots(read_points(data["plain"]).points, "gistar").hotspots_)


def test_project_engine_is_checked(tmp_path):
    from maps.cli.args.project import load_project

    project = tmp_path / "p.toml"
    project.write_text('[engine]\nname = "spark"\n', encoding="utf-8")
    with pytest.raises(InputError, match="engine.*local, dask"):
        load_project(project)
    project.write_text('[engine]\nname = "dask"\nworkers = 3\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown \\[engine\\] key"):
        load_project(project)
    project.write_text('[engine]\nname = "dask"\nscheduler = "tcp://10.0.0.5:8786"\n', encoding="utf-8")
    assert load_project(project).engine == {"name": "dask", "scheduler": "tcp://10.0.0.5:8786"}


def test_refusals_are_one_line(data, tmp_path, capsys):
    csv = tmp_path / "a.csv"
    csv.write_text("x;y;tid\n912000;7314000;2024-05-01 22:00\n", encoding="utf-8")
    assert main(["hotspots", str(csv), "--engine", "dask", "-o", str(tmp_path / "h.gpkg")]) == 1
    assert main(["hotspots", str(data["plain"]), "--engine", "dask", "--hours", "22-04",
                 "-o", str(tmp_path / "h.gpkg")]) == 1
    err = capsys.readouterr().err
    assert "Parquet" in err and "--hours" in err and "Traceback" not in err


def test_without_dask_the_message_says_what_to_install(monkeypatch, data, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert main(["hotspots", str(data["plain"]), "--engine", "dask", "-o", str(tmp_path / "h.gpkg")]) == 1
    err = capsys.readouterr().err
    assert "pip install 'hotspot-planner[dask]'" in err and len(err.strip().splitlines()) == 1


def test_clean_partition_by_hand():
    frame = pd.DataFrame({"id": ["a", "b", "a", "c"], "x": [912_000.0, None, 912_100.0, 912_200.0],
                          "y": [7_314_000.0, 7_314_000.0, 7_314_100.0, 7_314_200.0],
                          "tid": pd.to_datetime(["2024-05-01 22:00", "2024-05-02 01:00", "2024-05-03 23:00", None]),
                          "vikt": [1.0, 1.0, 1.0, 2.0]})
    options = ReadOptions(crs="EPSG:3006", target_crs="EPSG:3006", tz="Europe/Stockholm", max_date="2030-01-01")
    plan = RowPlan("p", "p.parquet", "complaint", tuple(frame.columns), options, id_col="id", weight_col="vikt",
                   time_columns=("tid",))
    rows = clean_partition(frame, plan)
    assert rows["reason"].tolist() == [None, "no_coordinates", "duplicate_id", "missing_time"]
    assert rows["start"].iloc[0] == pd.Timestamp("2024-05-01 20:00", tz="UTC")
    assert rows["source"].eq("complaint").all() and rows["tz"].iloc[0] == "Europe/Stockholm"
