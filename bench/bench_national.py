"""A national decade: `check` (ingest) and `hotspots --method gistar` at 1.5M and 15M rows, before and after.

Usage::

    python bench/bench_national.py [--sizes 1500000,15000000] [--before /tmp/before] [--cells 500,250]
                                   [--formats parquet,csv] [--before-max 1500000] [--data /tmp/hotspot_national]

``--smoke``: 20,000 rows, this checkout only. The data come from ``bench/national.py`` (seeded, written to
``--data``, never committed). Each cell of the table is one fresh process of the ``hotspot-planner`` CLI
(``python -m maps.cli.main``) with the code of the tree named (``--before``: an older checkout, e.g.
``git archive 0e12dab | tar -x -C /tmp/before``), timed with its peak memory (``ru_maxrss`` from
``os.wait4``) and its row accounting from ``--json``. Runs of the before tree above ``--before-max`` rows
are left out (minutes and ~14 GB each on this machine; the issue's own figure is quoted instead). A run
that fails (refused, out of memory) is reported with its last line. Results go to
``results_bench_national.md`` in ``--out-dir``.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from _common import add_common_args, command_line, machine, today, write_results  # noqa: E402
from national import make_national  # noqa: E402


def run_cli(tree: Path, args: list) -> dict:
    """The CLI of ``tree`` in its own process: wall, peak RSS, exit code, its ``--json`` and last error line."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "maps.cli.main", "--quiet", *args], cwd=str(tree), env=env,
                                stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        rc = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, problem = out.read().decode(errors="replace"), err.read().decode(errors="replace").strip()
    result = {"wall_s": wall, "peak_mb": usage.ru_maxrss / 1024, "rc": rc}
    try:
        result["json"] = json.loads(text)
    except ValueError:
        result["error"] = (problem.splitlines() or [f"exit {rc}"])[-1][:200]
    return result


def _rows(report: dict) -> str:
    rows = report.get("rows", report)
    try:
        return f"{rows['rows_read']:,} / {rows['rows_used']:,} / {rows['rows_rejected']:,}"
    except (KeyError, TypeError):
        return "—"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1500000,15000000")
    parser.add_argument("--cells", default="500,250", help="cell sizes of the hotspots runs (m)")
    parser.add_argument("--formats", default="parquet,csv")
    parser.add_argument("--before", type=Path, default=None, help="an older checkout to compare with")
    parser.add_argument("--before-max", type=int, default=1_500_000, help="largest size run with --before")
    parser.add_argument("--data", type=Path, default=Path("/tmp/hotspot_national"))
    parser.add_argument("--skip-check", action="store_true", help="only the hotspots runs (no `check`)")
    args = add_common_args(parser).parse_args(argv)
    sizes = [20_000] if args.smoke else [int(s) for s in args.sizes.split(",")]
    cells = [500.0] if args.smoke else [float(c) for c in args.cells.split(",")]
    formats = args.formats.split(",")
    trees = [("after", ROOT)] + ([("before", args.before)] if args.before and not args.smoke else [])
    data = args.data / "smoke" if args.smoke else args.data
    lines = ["## A national decade: ingest and `hotspots` (bench/bench_national.py)", "",
             f"Command: `{command_line('bench_national.py', argv)}`", "", f"Machine: {machine()}", "",
             (f"Run: {today()}. Synthetic national decade from `bench/national.py` (seeded; x, y in SWEREF 99 TM, "
             "local `time`). Each row is one fresh CLI process (`--quiet`): wall time including Python start-up "
             "and imports, peak RSS of that process. Rows: read / used / rejected from `--json`."), "",
             "| rows | file | code | command | wall s | peak MB | rows read / used / rejected | result |",
             "|---:|---|---|---|---:|---:|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            csv_path, parquet_path = make_national(n, data)
            paths = {"csv": csv_path, "parquet": parquet_path}
            for fmt in formats:
                for label, tree in trees:
                    if label == "before" and n > args.before_max:
                        continue
                    runs = [] if args.skip_check else [("check", ["check", str(paths[fmt]), "--json"])]
                    for cell in cells:
                        runs.append((f"hotspots gistar {cell:g} m",
                                     ["hotspots", str(paths[fmt]), "--method", "gistar", "--cell-m", f"{cell:g}",
                                      "-o", str(Path(tmp) / "h.gpkg"), "--json"]))
                    for name, cli in runs:
                        r = run_cli(tree, cli)
                        report = r.get("json", {})
                        outcome = (f"{report.get('n_hotspots', '')} hotspots" if "n_hotspots" in report
                                   else "ok" if "json" in r else f"failed: {r.get('error', '')}")
                        if "json" not in r and "not enough memory" in r.get("error", ""):
                            outcome = f"refused early: {r['error']}"
                        print(n, fmt, label, name, f"{r['wall_s']:.1f}s", f"{r['peak_mb']:.0f}MB", outcome, flush=True)
                        lines.append(f"| {n:,} | {fmt} | {label} | `{name}` | {r['wall_s']:.1f} | {r['peak_mb']:.0f} | "
                                     f"{_rows(report)} | {outcome.replace('|', '/')} |")
    write_results("bench_national", "\n".join(lines), args.out_dir)


if __name__ == "__main__":
    main()
