"""End to end: `hotspot-planner run` on the demo, on 100k and on 1.5M points (one year at national volume).

Usage: ``python bench/bench_end_to_end.py [--sizes 100000,1500000] [--keep DIR] [--smoke] [--out-dir bench]``

Documented size: the demo plus 100,000 and 1,500,000 rows (about 1.5 minutes on 2 idle cores).
``--smoke``: one synthetic project of 2,000 rows, no demo. Synthetic data only; no ``../shared/data``.

The large projects are synthetic and seeded: points around the 40 largest Swedish towns (weighted by
size, Gaussian spread of 300–3,000 m) plus 10 % spread over the country's bounding box, times over one
year with a weekend-night peak, ten categories. They are written in the Swedish spreadsheet dialect
(`;`, decimal comma, SWEREF 99 TM) so that reading is measured too. Each run is a separate process,
timed with its peak memory (``ru_maxrss`` of the child, from ``os.wait4``). Results go to
``results_end_to_end.md``.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import add_common_args, command_line, machine, today, write_results

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# (lon, lat, relative size) of Swedish towns: public coordinates, rounded
TOWNS = [(18.07, 59.33, 100), (11.97, 57.71, 60), (13.00, 55.60, 35), (17.64, 59.86, 16), (16.55, 59.61, 13),
         (15.62, 58.41, 13), (15.21, 59.27, 13), (16.19, 58.59, 12), (12.69, 56.05, 11), (14.16, 57.78, 11),
         (20.26, 63.83, 11), (13.19, 55.70, 10), (17.31, 62.39, 9), (15.59, 56.16, 7), (17.15, 60.67, 8),
         (13.50, 59.38, 8), (16.36, 56.66, 6), (22.16, 65.58, 6), (12.85, 56.67, 7), (14.81, 56.88, 6),
         (18.70, 63.29, 5), (15.63, 60.60, 5), (14.64, 63.18, 5), (12.31, 57.10, 5), (21.02, 64.75, 4),
         (23.16, 65.85, 2), (20.23, 67.86, 2), (18.14, 57.64, 3), (15.42, 60.48, 3), (16.16, 58.60, 4),
         (12.29, 58.28, 4), (13.84, 58.39, 3), (16.37, 60.18, 3), (14.32, 60.00, 2), (18.33, 59.37, 4),
         (17.94, 59.51, 4), (13.93, 56.03, 3), (12.55, 57.47, 3), (15.07, 59.39, 2), (17.10, 61.30, 2)]
CATEGORIES = ["Misshandel", "Stöld", "Skadegörelse", "Narkotikabrott", "Ordningsstörning", "Inbrott",
              "Trafikbrott", "Olaga hot", "Bedrägeri", "Klotter"]


def synthetic_project(n, folder: Path, seed=20260101) -> Path:
    """Write a seeded national-volume project with ``n`` incidents into ``folder``; return its TOML."""
    from pyproj import Transformer

    rng = np.random.default_rng(seed)
    towns = np.array(TOWNS)
    n_bg = n // 10
    pick = rng.choice(len(towns), n - n_bg, p=towns[:, 2] / towns[:, 2].sum())
    to_m = Transformer.from_crs(4326, 3006, always_xy=True)
    tx, ty = to_m.transform(towns[:, 0], towns[:, 1])
    spread = rng.uniform(300, 3000, len(towns))[pick]
    x = np.concatenate([tx[pick] + rng.normal(0, 1, len(pick)) * spread, rng.uniform(300_000, 900_000, n_bg)])
    y = np.concatenate([ty[pick] + rng.normal(0, 1, len(pick)) * spread, rng.uniform(6_150_000, 7_500_000, n_bg)])
    day = rng.integers(0, 365, n)
    hour = np.where(rng.random(n) < 0.4, rng.choice([22, 23, 0, 1, 2], n), rng.integers(0, 24, n))
    start = pd.Timestamp("2025-01-01") + pd.to_timedelta(day, unit="D") + pd.to_timedelta(hour, unit="h")
    frame = pd.DataFrame({"id": np.arange(n), "kategori": np.array(CATEGORIES)[rng.integers(0, 10, n)],
                          "tid": start.strftime("%Y-%m-%d %H:%M"), "nord": np.round(y, 1), "ost": np.round(x, 1)})
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / "incidents.csv", sep=";", decimal=",", index=False, encoding="utf-8")
    toml = folder / "project.toml"
    toml.write_text(f'[project]\nname = "Syntetisk riksvolym ({n:,} händelser)"\nsynthetic = true\n\n'
                    '[data]\nincidents = ["incidents.csv"]\n\n[hotspots]\nmethod = "gistar"\n', encoding="utf-8")
    return toml


def run(args: list) -> dict:
    """Run the CLI in its own process: wall time, that process's peak RSS (``os.wait4``), exit code."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "maps.cli.main", *args], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            print(err.read().decode(errors="replace")[-2000:], file=sys.stderr)
    return {"wall_s": wall, "peak_mb": usage.ru_maxrss / 1024, "rc": proc.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1500000")
    parser.add_argument("--keep", help="keep the generated projects here")
    add_common_args(parser)
    opts = parser.parse_args()
    sizes = "2000" if opts.smoke else opts.sizes
    rows, machine_line = [], machine()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(opts.keep or tmp)
        if not opts.smoke:  # the demo alone takes several seconds: not in the smoke run
            out = base / "demo_out"
            run(["demo", "-o", str(out)])  # warm-up: imports and caches, as "with a warm install"
            result = run(["demo", "-o", str(out)])
            rows.append(("demo (bundled Kalix, 8,279 rows)", result, _html_size(out)))
        for n in (int(s) for s in sizes.split(",")):
            toml = synthetic_project(n, base / f"p{n}")
            result = run(["run", str(toml), "-o", str(base / f"out{n}")])
            rows.append((f"synthetic national volume, {n:,} rows", result, _html_size(base / f"out{n}")))
    lines = ["# End to end: `hotspot-planner run`", "",
             f"Command: `{command_line('bench_end_to_end.py')}` ({today()})", "",
             f"Machine: {machine_line}", "",
             ("Wall time and peak memory of the whole `run` process (read, hotspots, every product); map size = "
             "the largest HTML written."), "",
             "| project | wall s | peak MB | largest map MB | exit |", "|---|---:|---:|---:|---:|"]
    for name, r, size in rows:
        lines.append(f"| {name} | {r['wall_s']:.1f} | {r['peak_mb']:.0f} | {size:.2f} | {r['rc']} |")
    write_results("end_to_end", "\n".join(lines), opts.out_dir)
    if any(r["rc"] for _, r, _ in rows):
        sys.exit("a run failed (see its stderr above and the exit column)")


def _html_size(folder: Path) -> float:
    sizes = [p.stat().st_size for p in Path(folder).glob("*.html")]
    return max(sizes, default=0) / 1e6


if __name__ == "__main__":
    main()
