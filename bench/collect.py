"""Gather the result files of the bench scripts into bench/RESULTS.md.

Usage: ``python bench/collect.py`` after running any of ``bench/bench_*.py`` (each writes its own
``bench/results_<name>.md`` with the command, versions and machine).
"""

from pathlib import Path

HERE = Path(__file__).parent
HEADER = """# Benchmark results

Every table below was made on a 2-core machine by the script named in its "Command" line and copied
here by `python bench/collect.py`. Re-run a script to refresh its section. Nothing here is asserted by
the test suite: speed and memory are measured by hand, never by timed tests.
"""


def main() -> None:
    parts = [HEADER]
    for path in sorted(HERE.glob("results_*.md")):
        text = path.read_text(encoding="utf-8").strip()
        parts.append("\n".join("#" + line if line.startswith("#") else line for line in text.splitlines()))
    (HERE / "RESULTS.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'} from {len(parts) - 1} result files")


if __name__ == "__main__":
    main()
