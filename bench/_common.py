"""Shared plumbing of the bench scripts: options, machine line, worker results, result files.

Not a benchmark. Every ``bench/bench_*.py`` script

- takes ``--smoke`` (its smallest size, for ``tests/test_bench.py``) and ``--out-dir`` (where its
  ``results_<name>.md`` goes; default ``bench/``);
- runs workers as subprocesses that write their JSON to a file named by ``--result-file``, never to
  stdout, so whatever a worker prints (warnings, progress) cannot break the driver;
- regenerates ``bench/RESULTS.md`` (``collect.main``) from its driver only, and only when it wrote
  into ``bench/`` itself: a smoke run never touches RESULTS.md.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def add_common_args(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add ``--smoke``, ``--out-dir`` and the hidden worker ``--result-file`` to ``parser``."""
    parser.add_argument("--smoke", action="store_true",
                        help="smallest size only, a few seconds; for tests/test_bench.py")
    parser.add_argument("--out-dir", type=Path, default=BENCH,
                        help="folder for results_<name>.md (default bench/; RESULTS.md is only "
                             "regenerated when this is bench/)")
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    return parser


def machine() -> str:
    """One line: cores, memory, CPU model, OS, Python and the load average at the time of the call."""
    try:
        cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                    if ln.startswith("model name")), platform.processor() or "unknown CPU")
    except OSError:
        cpu = platform.processor() or "unknown CPU"
    mem = "?"
    if shutil.which("free"):  # the `free -h` figure people quote
        out = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout
        mem = next((ln.split()[1] for ln in out.splitlines() if ln.startswith("Mem:")), "?")
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " / ".join(f"{v:.1f}" for v in os.getloadavg())
    return (f"nproc {nproc}, {mem} RAM (`free -h`), {cpu}; {platform.platform()}; "
            f"Python {platform.python_version()}; load average {load} at the start "
            "(the machine was shared with other jobs: figures may be pessimistic)")


def command_line(script: str, argv=None) -> str:
    """The command as a reader would type it from the repository root (hidden options left out)."""
    args = list(sys.argv[1:] if argv is None else argv)
    shown, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in ("--out-dir", "--result-file"):
            skip = True
            continue
        if arg.startswith(("--out-dir=", "--result-file=")):
            continue
        shown.append(arg)
    return " ".join(["python", f"bench/{script}", *shown])


def run_worker(script: str, args: list, *, timeout=None, env=None) -> dict:
    """Run ``script`` with ``args`` in a fresh process; return the JSON it wrote to ``--result-file``.

    Raises ``RuntimeError`` with the worker's stderr tail when it wrote no result.
    """
    with tempfile.TemporaryDirectory() as tmp:
        result_file = Path(tmp) / "result.json"
        cmd = [sys.executable, script, *map(str, args), "--result-file", str(result_file)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, check=False)
        if not result_file.exists():
            tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
            raise RuntimeError(f"worker {' '.join(cmd[1:])} wrote no result (exit {proc.returncode}):\n{tail}")
        return json.loads(result_file.read_text(encoding="utf-8"))


def emit(result: dict, result_file: str) -> None:
    """Worker side of ``run_worker``: write ``result`` as JSON to ``result_file``."""
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")


def write_results(name: str, text: str, out_dir: Path) -> Path:
    """Write ``results_<name>.md`` into ``out_dir``; regenerate RESULTS.md when that is bench/."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"results_{name}.md"
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
    print(f"wrote {path}")
    if out_dir.resolve() == BENCH:
        import collect  # bench/collect.py, beside this file

        collect.main()
    return path


def today() -> str:
    """Date and time of the run, UTC."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
