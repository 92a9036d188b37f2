"""Benchmark: ``hotspots`` with the local engine against ``--engine dask`` on 2 local worker processes.

    python bench/bench_dask.py [--rows 3000000] [--method gistar] [--smoke] [--out-dir bench]

Documented size: 3,000,000 rows in 24 hive parts (``year=2024|2025/month=1..12``), a Kalix-sized area
(15 × 15 km, 100 m cells) with two hot places, six kinds of bad rows per part. ``--smoke``: 20,000
rows. Synthetic data only. Writes ``results_dask.md``.

Each engine runs in its own subprocess: the local engine as ``read_points`` + ``find_hotspots``, the
dask engine as :func:`hotspots.engine.run.find_hotspots_dask` with a fresh 2-worker LocalCluster
(processes; its start-up is part of the time). Wall time and the client's peak RSS are measured (the
dask workers' memory is their own, not included). The two Hotspots tables and accountings are compared.
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import add_common_args, command_line, emit, machine, run_worker, today, write_results

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_ROWS, SMOKE_ROWS = 3_000_000, 20_000


def make_parts(folder: Path, rows: int, seed=7) -> Path:
    """Write ``rows`` synthetic incidents as 24 hive parts under ``folder``."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    n = max(10, rows // 24)
    for k, (year, month) in enumerate((y, m) for y in (2024, 2025) for m in range(1, 13)):
        centres = np.array([[912_000.0, 7_314_000.0], [915_000.0, 7_311_000.0]])[rng.integers(0, 2, n)]
        hot = rng.random(n) < 0.3
        x = np.where(hot, centres[:, 0] + rng.normal(0, 150, n), rng.uniform(905_000, 920_000, n))
        y = np.where(hot, centres[:, 1] + rng.normal(0, 150, n), rng.uniform(7_305_000, 7_320_000, n))
        start = pd.Timestamp(f"{year}-{month:02d}-01") + pd.to_timedelta(rng.integers(0, 27 * 86400, n), unit="s")
        kinds = rng.choice(["Misshandel", "Skadegörelse", "Narkotikabrott"], n)
        frame = pd.DataFrame({"id": np.char.add(f"{year}{month:02d}-", np.arange(n).astype(str)), "x": x, "y": y,
                              "tid": start, "kategori": kinds})
        frame.loc[0, "x"], frame.loc[1, ["x", "y"]], frame.loc[2, "tid"] = None, 0.0, pd.NaT
        frame.loc[3, "tid"], frame.loc[4, "tid"], frame.loc[5, "x"] = pd.Timestamp("1960-01-01"), \
            pd.Timestamp("2090-01-01"), 5e6
        part = folder / f"year={year}" / f"month={month:02d}"
        part.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), part / f"part-{k}.parquet",
                       row_group_size=1_000_000)
    return folder


def worker(engine, folder, method, table_out, result_file):
    """Run one engine; write its JSON to ``result_file`` and its table to ``table_out``."""
    t0 = time.perf_counter()
    if engine == "local":
        from hotspots.find import find_hotspots
        from hotspots.io.read import read_points

        read = read_points(folder)
        finder = find_hotspots(read.points, method)
        summary, extra = read.summary, {}
    else:
        from hotspots.engine.run import find_hotspots_dask

        summary, finder = find_hotspots_dask(folder, method=method, n_workers=2)
        extra = {"partitions": summary["engine"]["partitions"]}
    seconds = time.perf_counter() - t0
    finder.hotspots_.drop(columns="geometry").to_csv(table_out, index=False)
    emit({"seconds": seconds, "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
          "rows_read": summary["rows_read"], "rows_used": summary["rows_used"], "reasons": summary["reasons"],
          "n_hotspots": len(finder.hotspots_), **extra}, result_file)


def main(argv=None):
    parser = add_common_args(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--method", default="gistar", choices=("gistar", "count"))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--table-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.folder, args.method, args.table_out, args.result_file)
    rows = SMOKE_ROWS if args.smoke else args.rows
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_parts(Path(tmp) / "incidents", rows)
        for engine in ("local", "dask"):
            table = Path(tmp) / f"{engine}.csv"
            results[engine] = run_worker(__file__, ["--worker", engine, "--folder", folder, "--method", args.method,
                                                    "--table-out", table], timeout=3600)
            results[engine]["table"] = table.read_text(encoding="utf-8")
    local, dask = results["local"], results["dask"]
    same = local["table"] == dask["table"] and local["reasons"] == dask["reasons"] \
        and local["rows_used"] == dask["rows_used"]
    lines = [f"# `--engine dask` against the local engine ({args.method})", "",
             f"Command: `{command_line('bench_dask.py', argv)}`  ", f"Date: {today()}  ", f"Machine: {machine()}", "",
             "| engine | rows read | rows used | time | client peak RSS | hotspots | same table and accounting |",
             "|---|---|---|---|---|---|---|"]
    for name, r in (("local", local), ("dask, 2 local worker processes", dask)):
        lines.append(f"| {name} | {r['rows_read']:,} | {r['rows_used']:,} | {r['seconds']:.1f} s | "
                     f"{r['rss_peak_mb']:.0f} MB | {r['n_hotspots']} | {'yes' if same else 'NO'} |")
    lines += ["", (f"Dask partitions (row groups): {dask.get('partitions')}. The dask time includes starting and "
                   "closing the local cluster; the workers' memory is not in the client's peak RSS.")]
    write_results("dask", "\n".join(lines), args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
