"""Gather the result files of the bench scripts into bench/RESULTS.md.

Usage: ``python bench/collect.py [--dir DIR] [--out FILE]`` after running any of the bench scripts
(each writes its own ``results_<name>.md`` with the command, versions and machine). ``make bench``
runs every script and then this. The drivers call ``main()`` themselves when they wrote into bench/.
"""

import argparse
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = """# Benchmark results

Every section below was written by the bench script named in its "Command" line (run from the
repository root) and copied here by `python bench/collect.py`; `make bench` runs them all. Re-run a
script to refresh its section. Nothing here is asserted by the test suite: speed and memory are
measured by hand, never by timed tests (`tests/test_bench.py` only checks that every script still
runs at its smallest size). Each section's Command line shows the sizes it ran: where these are
smaller than the script's documented default, the run was cut to fit the time the shared machine
allowed. Each Machine line gives `nproc`, `free -h`, the CPU model and the load average at the start.
"""


def main(results_dir=HERE, out=None) -> Path:
    """Concatenate ``results_*.md`` of ``results_dir`` (headings shifted one level) into ``out``."""
    results_dir = Path(results_dir)
    out = Path(out) if out else results_dir / "RESULTS.md"
    parts = [HEADER]
    for path in sorted(results_dir.glob("results_*.md")):
        text = path.read_text(encoding="utf-8").strip()
        parts.append("\n".join("#" + line if line.startswith("#") else line for line in text.splitlines()))
    out.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    print(f"wrote {out} from {len(parts) - 1} result files")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=HERE, type=Path, help="folder with results_*.md (default bench/)")
    parser.add_argument("--out", type=Path, help="output file (default DIR/RESULTS.md)")
    opts = parser.parse_args()
    main(opts.dir, opts.out)
