"""End to end: `hotspot-planner run` on the demo, on 100k and on 1.5M points (one year at national volume).

Usage: ``python bench/bench_end_to_end.py [--sizes 100000,1500000] [--keep DIR]``

The large projects are synthetic and seeded: points around the 40 largest Swedish towns (weighted by
size, Gaussian spread of 300–3,000 m) plus 10 % spread over the country's bounding box, times over one
year with a weekend-night peak, ten categories. They are written in the Swedish spreadsheet dialect
(`;`, decimal comma, SWEREF 99 TM) so that reading is measured too. Each run is a separate process,
timed with its peak memory (``ru_maxrss`` of the child). Results go to ``bench/results_end_to_end.md``.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

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
    """Run the CLI in its own process under GNU time: wall time, that process's peak RSS, exit code."""
    cmd = ["/usr/bin/time", "-f", "@@%e %M", sys.executable, "-m", "maps.cli.main", *args]
    proc = subprocess.run(cmd, check=False, cwd=ROOT, capture_output=True, text=True)
    stats = [line for line in proc.stderr.splitlines() if line.startswith("@@")][-1][2:].split()
    if proc.returncode:
        print(proc.stderr[-2000:], file=sys.stderr)
    return {"wall_s": float(stats[0]), "peak_mb": int(stats[1]) / 1024, "rc": proc.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1500000")
    parser.add_argument("--keep", help="keep the generated projects here")
    opts = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(opts.keep or tmp)
        out = base / "demo_out"
        run(["demo", "-o", str(out)])  # warm-up: imports and caches, as "with a warm install"
        result = run(["demo", "-o", str(out)])
        rows.append(("demo (bundled Kalix, 8,279 rows)", result, _html_size(out)))
        for n in (int(s) for s in opts.sizes.split(",")):
            toml = synthetic_project(n, base / f"p{n}")
            result = run(["run", str(toml), "-o", str(base / f"out{n}")])
            rows.append((f"synthetic national volume, {n:,} rows", result, _html_size(base / f"out{n}")))
    lines = ["# End to end: `hotspot-planner run`", "",
             f"Command: `python bench/bench_end_to_end.py --sizes {opts.sizes}`", "",
             (f"Machine: {platform.platform()}; os.cpu_count() = {os.cpu_count()}; {_memory()}; "
             f"Python {platform.python_version()}"), "",
             ("Wall time and peak memory of the whole `run` process (read, hotspots, every product); map size = "
             "the largest HTML written."), "",
             "| project | wall s | peak MB | largest map MB | exit |", "|---|---:|---:|---:|---:|"]
    for name, r, size in rows:
        lines.append(f"| {name} | {r['wall_s']:.1f} | {r['peak_mb']:.0f} | {size:.2f} | {r['rc']} |")
    text = "\n".join(lines) + "\n"
    (HERE / "results_end_to_end.md").write_text(text, encoding="utf-8")
    print(text)


def _html_size(folder: Path) -> float:
    sizes = [p.stat().st_size for p in Path(folder).glob("*.html")]
    return max(sizes, default=0) / 1e6


def _memory() -> str:
    try:
        line = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        return line.replace("  ", " ")
    except (OSError, StopIteration):
        return "memory unknown"


if __name__ == "__main__":
    main()
    import collect  # bench/collect.py: gather every results_*.md into bench/RESULTS.md

    collect.main()
