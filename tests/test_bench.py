"""Smoke test of bench/: every bench script runs at its smallest size, so none can silently break again.

Issue #12 item 8: bench_gistar.py and bench_kde.py could not run (a worker's stdout carried more than
its JSON). Each script here runs as a user would (``python bench/X.py --smoke --out-dir TMP``) and must
exit 0 and write one ``results_*.md`` with its command and a filled table into TMP, never into bench/.
Speed is not asserted (figures are measured by hand, bench/RESULTS.md). No network, no ../shared/data.
"""

import hashlib
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
HELPERS = {"_common.py", "collect.py"}
# Every runnable script in bench/: a new one is smoke-tested without anyone remembering to add it.
SCRIPTS = sorted(p.name for p in BENCH.glob("*.py") if p.name not in HELPERS)

sys.path.insert(0, str(BENCH))
import _common  # noqa: E402  (bench/ is not a package: its scripts run as files)
import bench_cli_startup  # noqa: E402
import collect  # noqa: E402


def _digest(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.md"))}


def _smoke(script: str, out_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, str(BENCH / script), "--smoke", "--out-dir", str(out_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def _problems(script: str, proc: subprocess.CompletedProcess, out_dir: Path) -> list:
    """What is wrong with one smoke run (empty when it is fine)."""
    if proc.returncode:
        return [f"{script} exited {proc.returncode}:\n{proc.stderr[-3000:]}"]
    written = sorted(out_dir.glob("results_*.md"))
    if len(written) != 1:
        return [f"{script} wrote {[p.name for p in written]} into its --out-dir, expected one results_*.md"]
    text = written[0].read_text(encoding="utf-8")
    problems = []
    if f"Command: `python bench/{script} --smoke`" not in text:
        problems.append(f"{script}: no 'Command: `python bench/{script} --smoke`' line in {written[0].name}")
    rows = [ln for ln in text.splitlines() if ln.startswith("|") and not set(ln) <= set("|-: ")]
    data_rows = [ln for ln in rows[1:] if re.search(r"\| *[\d.,]+ *(\(|\||s|×)", ln)]
    if not data_rows:
        problems.append(f"{script}: no table row with a measured number in {written[0].name}:\n{text[-1500:]}")
    if any("failed" in ln for ln in rows):
        problems.append(f"{script}: a case failed:\n" + "\n".join(ln for ln in rows if "failed" in ln))
    if not re.search(r"Machine: nproc \d+", text):
        problems.append(f"{script}: no machine line in {written[0].name}")
    return problems


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_bench_script_runs_at_smoke_size(tmp_path, script):
    # One test per script: xdist spreads them over the cores, and a failure names its script.
    before = _digest(BENCH)
    problems = _problems(script, _smoke(script, tmp_path), tmp_path)
    assert not problems, "\n\n".join(problems)
    assert _digest(BENCH) == before, "a smoke run changed bench/*.md (RESULTS.md must only change by hand runs)"


def test_the_scripts_found_include_the_known_ones():
    assert {"bench_gistar.py", "bench_kde.py", "bench_clusters.py", "bench_map.py", "bench_end_to_end.py",
            "evaluate_chicago.py", "bench_cli_startup.py"} <= set(SCRIPTS)


def test_issue12_worker_output_on_stdout_cannot_break_the_driver(tmp_path):
    # The old protocol parsed the worker's stdout; a trailing print broke it. Results now come in a file.
    worker = tmp_path / "worker.py"
    worker.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(BENCH)!r})
        from _common import emit
        print("noise before")
        emit({{"seconds": 1.5}}, sys.argv[sys.argv.index("--result-file") + 1])
        print("wrote .../RESULTS.md from 7 result files")
    """), encoding="utf-8")
    assert _common.run_worker(str(worker), ["--anything", 3]) == {"seconds": 1.5}


def test_a_worker_that_writes_nothing_is_an_error_with_its_stderr(tmp_path):
    worker = tmp_path / "worker.py"
    worker.write_text("import sys\nprint('{\"seconds\": 1}')\nsys.exit('esda is not installed')\n")
    with pytest.raises(RuntimeError, match="esda is not installed"):
        _common.run_worker(str(worker), [])


def test_command_line_leaves_out_where_results_go():
    line = _common.command_line("bench_kde.py", ["--smoke", "--out-dir", "/tmp/x", "--result-file=/tmp/r"])
    assert line == "python bench/bench_kde.py --smoke"


def test_collect_shifts_headings_and_writes_only_where_asked(tmp_path):
    (tmp_path / "results_b.md").write_text("# B title\n\n## part\ntext\n", encoding="utf-8")
    (tmp_path / "results_a.md").write_text("# A title\n", encoding="utf-8")
    out = collect.main(tmp_path)
    text = out.read_text(encoding="utf-8")
    assert out == tmp_path / "RESULTS.md"
    assert text.startswith("# Benchmark results\n")
    assert text.index("## A title") < text.index("## B title") < text.index("### part")


def test_cli_startup_finds_the_commands_in_argparse_help():
    help_text = textwrap.dedent("""\
        usage: hotspot-planner [-h] [--lang {sv,en}] COMMAND ...

        positional arguments:
          COMMAND
            check         read point files and report rows read, used and rejected
            hotspots      find hotspots with count, kde, gistar, prospective, dbscan
                          or hdbscan
            run           make every product of a project file

        options:
          -h, --help      show this help message and exit
        """)
    assert bench_cli_startup.commands(help_text) == ["check", "hotspots", "run"]


def test_cli_startup_keeps_earlier_labels_side_by_side():
    row = {"args": ["--help"], "median_s": 2.5, "min_s": 2.4, "max_s": 2.9, "heavy": ["pandas"], "modules": 900}
    run = {"command": "python bench/bench_cli_startup.py", "date": "d", "git": "commit x", "machine": "m",
           "repeats": 5, "floor": {"median_s": 0.02, "min_s": 0.02, "max_s": 0.03}, "rows": [row]}
    after = {**run, "rows": [{**row, "median_s": 0.12, "min_s": 0.11, "max_s": 0.15, "heavy": []}]}
    text = bench_cli_startup.render({"before": run, "after": after})
    assert "| `hotspot-planner --help` | 2.50 | 0.12 |" in text
    assert "| `hotspot-planner --help` | 0.12 (0.11–0.15) | none | 900 |" in text
    assert "| `hotspot-planner --help` | 2.50 (2.40–2.90) | pandas | 900 |" in text
