"""Ingest: `read_points` on 1.5M rows as Swedish CSV and as plain Parquet, before (main) and after.

Usage: ``python bench/bench_ingest.py [--rows 1500000] [--before OTHER_CHECKOUT] [--data DIR] [--repeat 1]``
(documented size 1.5M rows, a few minutes; ``--smoke`` reads 2,000 rows; no ../shared data needed).

The data are synthetic and seeded (the generator of ``bench_end_to_end.py``: points around the 40
largest Swedish towns plus 10 % over the country, one year of times with a weekend-night peak, ten
categories): ``incidents.csv`` in the Swedish dialect (``;``, decimal comma, SWEREF 99 TM
``ost``/``nord``, local ``tid`` text) and ``incidents.parquet`` (plain Parquet: float ``x``/``y``,
naive local ``time`` timestamps, ``category``), as a database or pandas writes it. Each reading runs
in its own process and reports its wall time and peak memory (``ru_maxrss`` of that process), with
the code of the tree given (``--before`` for a reference checkout such as an older commit made with
``git worktree add``, this checkout for "after"). Results go to ``results_ingest.md`` in ``--out-dir``.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from _common import add_common_args, command_line, machine, write_results  # noqa: E402
from bench_end_to_end import CATEGORIES, TOWNS  # noqa: E402 - the one generator's towns and categories

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from hotspots.io.read import read_points
t1 = time.perf_counter()
r = read_points(sys.argv[1], **({"geometry": False} if sys.argv[2:] == ["nogeom"] else {}))
t2 = time.perf_counter()
s = r.summary
print(json.dumps({"import_s": t1 - t0, "read_s": t2 - t1, "rows_read": s["rows_read"], "rows_used": s["rows_used"],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make_data(n: int, folder: Path, seed: int = 20260101) -> tuple[Path, Path]:
    """Write the seeded CSV and Parquet of ``n`` rows into ``folder`` (once; reused when present)."""
    from pyproj import Transformer

    csv_path, parquet_path = folder / f"incidents_{n}.csv", folder / f"incidents_{n}.parquet"
    if csv_path.exists() and parquet_path.exists():
        return csv_path, parquet_path
    rng = np.random.default_rng(seed)
    towns = np.array(TOWNS)
    n_bg = n // 10
    pick = rng.choice(len(towns), n - n_bg, p=towns[:, 2] / towns[:, 2].sum())
    tx, ty = Transformer.from_crs(4326, 3006, always_xy=True).transform(towns[:, 0], towns[:, 1])
    spread = rng.uniform(300, 3000, len(towns))[pick]
    x = np.concatenate([tx[pick] + rng.normal(0, 1, len(pick)) * spread, rng.uniform(300_000, 900_000, n_bg)])
    y = np.concatenate([ty[pick] + rng.normal(0, 1, len(pick)) * spread, rng.uniform(6_150_000, 7_500_000, n_bg)])
    day = rng.integers(0, 365, n)
    hour = np.where(rng.random(n) < 0.4, rng.choice([22, 23, 0, 1, 2], n), rng.integers(0, 24, n))
    minute = rng.integers(0, 60, n)
    start = (pd.Timestamp("2025-01-01") + pd.to_timedelta(day, unit="D") + pd.to_timedelta(hour, unit="h")
             + pd.to_timedelta(minute, unit="min"))
    category = np.array(CATEGORIES)[rng.integers(0, len(CATEGORIES), n)]
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"id": np.arange(n), "kategori": category, "tid": start.strftime("%Y-%m-%d %H:%M"),
                  "nord": np.round(y, 1), "ost": np.round(x, 1)}).to_csv(
        csv_path, sep=";", decimal=",", index=False, encoding="utf-8")
    pd.DataFrame({"x": np.round(x, 1), "y": np.round(y, 1), "time": start, "category": category}).to_parquet(
        parquet_path, index=False)
    return csv_path, parquet_path


def measure(tree: Path, path: Path, *extra) -> dict:
    """Read ``path`` with the code of ``tree`` in a fresh process; its timings and peak memory."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), *extra], env=env, capture_output=True, text=True,
                          cwd=str(tree), check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": last[:160]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_500_000)
    parser.add_argument("--before", type=Path, default=None, help="another checkout to compare with")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "hotspot_bench_ingest")
    parser.add_argument("--repeat", type=int, default=1, help="runs per cell; the fastest is reported")
    args = add_common_args(parser).parse_args(argv)
    rows_n = 2_000 if args.smoke else args.rows
    files = make_data(rows_n, args.data)
    trees = [("this checkout", ROOT, ()), ("this checkout, `geometry=False`", ROOT, ("nogeom",))]
    if args.before:
        trees.insert(0, ("before", args.before, ()))
    rows = []
    for path in files:
        for label, tree, extra in trees:
            runs = [measure(tree, path, *extra) for _ in range(args.repeat)]
            ok = [r for r in runs if "error" not in r]
            best = min(ok, key=lambda r: r["read_s"]) if ok else runs[0]
            rows.append((path.suffix.lstrip("."), label, best))
            print(path.name, label, best, flush=True)
    lines = ["## Ingest: `read_points` through the columnar reader", "",
             f"Command: `{command_line('bench_ingest.py', argv)}`", "", f"Machine: {machine()}", "",
             (f"{rows_n:,} synthetic rows (seeded): Swedish CSV (`;`, decimal comma, text times) and plain "
              "Parquet (float x/y, timestamp time). Each cell is one fresh process: `read_points(FILE)` wall "
              "time (imports excluded) and the process's peak RSS. `geometry=False` is the counting fast "
              "path (x/y columns instead of shapely points)."), "",
             "| file | code | read s | peak MB | rows read | rows used |", "|---|---|---:|---:|---:|---:|"]
    for fmt, label, r in rows:
        if "error" in r:
            lines.append(f"| {fmt} | {label} | — | — | — | not readable: {r['error']} |")
        else:
            lines.append(f"| {fmt} | {label} | {r['read_s']:.1f} | {r['peak_mb']:.0f} | {r['rows_read']:,} | "
                         f"{r['rows_used']:,} |")
    out = write_results("ingest", "\n".join(lines) + "\n", args.out_dir)
    print(out.read_text())


if __name__ == "__main__":
    main()
