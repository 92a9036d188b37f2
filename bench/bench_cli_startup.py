"""Benchmark: cold-start time of ``hotspot-planner --help`` and ``hotspot-planner COMMAND --help``.

    python bench/bench_cli_startup.py [--repeats 5] [--label before] [--commands check,map] [--smoke]
                                      [--out-dir bench]

For ``--help`` and for every command the top-level help lists, the median (and min–max) wall time of
``--repeats`` fresh ``python -m maps.cli.main ... --help`` processes, after one untimed warm-up run
(so the file cache is warm: "cold" means a new interpreter, not a cold disk). A plain
``python -c pass`` is timed the same way as the floor. One more process per target, through a small
``runpy`` wrapper, lists which heavy modules (geopandas, pandas, numpy, folium, sklearn, scipy,
shapely, pyproj) ``--help`` imported; issue #12 asks that it import none of them, in under 0.3 s.

Runs are labelled (``--label``, default ``current``) and kept in ``results_cli_startup.json`` beside
``results_cli_startup.md``; a new run replaces only its own label, so "before" and "after" figures
sit side by side. The code measured is this checkout's (``PYTHONPATH`` = the repository root).

Documented size: every command, ``--repeats 5`` (about 4 minutes on 2 idle cores while ``--help``
imports everything; seconds once it is lazy). ``--smoke`` (run by the tests): ``--help`` and the first
command, one timed run each and no warm-up. No data needed.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, add_common_args, command_line, machine, today, write_results

HEAVY = ("geopandas", "pandas", "numpy", "folium", "sklearn", "scipy", "shapely", "pyproj")
MODULE = "maps.cli.main"
# Runs the CLI as ``python -m`` would and, at exit (after argparse's SystemExit), writes which heavy
# modules are loaded and how many modules in all to the file named by argv[1].
WRAPPER = """import atexit, json, runpy, sys
out, heavy = sys.argv[1], {heavy!r}
atexit.register(lambda: open(out, "w").write(json.dumps(
    {{"heavy": [m for m in heavy if m in sys.modules], "modules": len(sys.modules)}})))
sys.argv = [{module!r}, *sys.argv[2:]]
runpy.run_module({module!r}, run_name="__main__", alter_sys=True)
"""


def _env() -> dict:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def _run(argv: list) -> tuple:
    """Seconds and stdout of one fresh process ``python argv...``; raises when it does not exit 0."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, *argv], cwd=ROOT, env=_env(), capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - t0
    if proc.returncode:
        raise RuntimeError(f"python {' '.join(argv)} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return seconds, proc.stdout


def commands(help_text: str) -> list:
    """The commands a ``hotspot-planner --help`` text lists (indented names under its COMMAND heading)."""
    names = re.findall(r"^ {4}([a-z][\w-]*)(?:\s|$)", help_text, flags=re.MULTILINE)
    if not names:
        raise RuntimeError(f"no commands found in `hotspot-planner --help`; pass --commands. It printed:\n{help_text}")
    return names


def measure(args: list, repeats: int, warm_up: bool = True) -> tuple:
    """Timings and imported heavy modules of ``hotspot-planner ARGS``, and what it printed."""
    argv = ["-m", MODULE, *args]
    if warm_up:
        _run(argv)  # file cache and .pyc files
    runs = [_run(argv) for _ in range(repeats)]
    times = [seconds for seconds, _ in runs]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "modules.json"
        _run(["-c", WRAPPER.format(heavy=HEAVY, module=MODULE), str(report), *args])
        imported = json.loads(report.read_text(encoding="utf-8"))
    return ({"args": args, "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
             "heavy": imported["heavy"], "modules": imported["modules"]}, runs[-1][1])


def floor(repeats: int) -> dict:
    """The interpreter alone: ``python -c pass``."""
    _run(["-c", "pass"])
    times = [_run(["-c", "pass"])[0] for _ in range(repeats)]
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}


def _git() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        # result files under bench/ change with every run; only code changes make a run "uncommitted"
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)bench"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"commit {head}" + (" with uncommitted changes" if dirty else "")


def render(runs: dict) -> str:
    """Markdown of every labelled run, oldest first, with a side-by-side table when there are several."""
    lines = ["# CLI cold start: `hotspot-planner --help` and `COMMAND --help`", "",
             ("Each figure: median (min–max) wall seconds of fresh `python -m maps.cli.main ... --help` "
              "processes after one untimed warm-up (warm file cache). Heavy modules: which of "
              f"{', '.join(HEAVY)} the process had imported when it exited. Target (issue #12, item 4): "
              "no heavy module and under 0.3 s."), ""]
    for label, run in runs.items():
        lines += [f"## {label}", "", f"Command: `{run['command']}` ({run['date']}, {run['git']})  ",
                  f"Machine: {run['machine']}  ",
                  f"Runs per figure: {run['repeats']}; `python -c pass` alone: {_cell(run['floor'])} s.", "",
                  "| command | seconds | heavy modules imported | modules loaded |", "|---|---:|---|---:|"]
        for row in run["rows"]:
            name = " ".join(["hotspot-planner", *row["args"]])
            heavy = ", ".join(row["heavy"]) or "none"
            lines.append(f"| `{name}` | {_cell(row)} | {heavy} | {row['modules']:,} |")
        lines.append("")
    if len(runs) > 1:
        labels = list(runs)
        by_label = {label: {" ".join(r["args"]): r["median_s"] for r in run["rows"]} for label, run in runs.items()}
        names = list(dict.fromkeys(n for label in labels for n in by_label[label]))
        lines += ["## Side by side (median seconds)", "", "| command | " + " | ".join(labels) + " |",
                  "|---|" + "---:|" * len(labels)]
        for name in names:
            cells = [f"{by_label[label][name]:.2f}" if name in by_label[label] else "—" for label in labels]
            lines.append(f"| `hotspot-planner {name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(stats: dict) -> str:
    return f"{stats['median_s']:.2f} ({stats['min_s']:.2f}–{stats['max_s']:.2f})"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed processes per command (default 5)")
    parser.add_argument("--label", default="current", help="name of this run, e.g. before / after (default current)")
    parser.add_argument("--commands", help="comma-separated commands (default: every command --help lists)")
    add_common_args(parser)
    args = parser.parse_args(argv)
    if args.smoke:
        args.repeats = 1
    machine_line = machine()
    top, help_text = measure(["--help"], args.repeats, warm_up=not args.smoke)
    rows = [top]
    names = args.commands.split(",") if args.commands else commands(help_text)
    for name in names[:1] if args.smoke else names:
        rows.append(measure([name, "--help"], args.repeats, warm_up=not args.smoke)[0])
    for row in rows:
        print(f"hotspot-planner {' '.join(row['args'])}: {_cell(row)} s, heavy: {', '.join(row['heavy']) or 'none'}")
    store = Path(args.out_dir) / "results_cli_startup.json"
    runs = json.loads(store.read_text(encoding="utf-8")) if store.exists() else {}
    runs[args.label] = {"command": command_line("bench_cli_startup.py", argv), "date": today(), "git": _git(),
                        "machine": machine_line, "repeats": args.repeats, "floor": floor(args.repeats),
                        "rows": rows}
    Path(args.out_dir).mkdir(parents=True, exist_ok=True)
    store.write_text(json.dumps(runs, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    write_results("cli_startup", render(runs), args.out_dir)


if __name__ == "__main__":
    main()
