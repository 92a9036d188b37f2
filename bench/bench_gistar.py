"""Benchmark: hotspots.methods.gistar.gi_star against esda.G_Local(star=True, transform='B').

    python bench/bench_gistar.py [--sizes 10000,90000,250000] [--smoke] [--out-dir bench]

Documented size: the default sizes (about 30 s on 2 idle cores, most of it esda). ``--smoke``: one
2,500-cell grid. Synthetic data only; no ``../shared/data`` needed. Writes ``results_gistar.md``.

Random Poisson(2) counts on square grids. Each side runs in its own subprocess per size, so peak
memory is measured in isolation. Times include building the weights on both sides: for esda
``libpysal.weights.lat2W(ny, nx, rook=False)`` (the queen lattice = our default 3×3 block minus
self; G_Local adds the self-weight) plus ``G_Local(y, w, star=True, transform='B',
permutations=0)``; for ours the single call ``gi_star(counts)``. Each side is timed first without
tracing (esda once, ours as the median of 5 calls), then once more under ``tracemalloc`` for the
peak of traced allocations. Needs the ``bench`` extra (esda, libpysal); the tests run only ``--smoke``.
"""

import argparse
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
from _common import add_common_args, command_line, emit, machine, run_worker, today, write_results

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_SIZES = "10000,90000,250000"
SMOKE_SIZES = "2500"


def _counts(cells, seed=42):
    side = round(np.sqrt(cells))
    return np.random.default_rng(seed).poisson(2.0, (side, side)).astype(float)


def _ours(counts):
    from hotspots.methods.gistar import gi_star

    return gi_star(counts).z.ravel(), {}


def _esda(counts):
    from esda.getisord import G_Local
    from libpysal.weights import lat2W

    t0 = time.perf_counter()
    w = lat2W(*counts.shape, rook=False)
    t1 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = G_Local(counts.ravel(), w, star=True, transform="B", permutations=0)
    return g.Zs, {"weights_s": t1 - t0, "g_local_s": time.perf_counter() - t1}


def worker(side, cells, out, result_file):
    """Run one side on one size; write its JSON to ``result_file``; save z to ``out``."""
    run = _ours if side == "ours" else _esda
    if side == "esda":  # import cost is not part of the timing on either side
        import esda.getisord  # noqa: F401
        import libpysal.weights  # noqa: F401
    else:
        import hotspots.methods.gistar  # noqa: F401
    counts = _counts(cells)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, parts = [], {}
    for _ in range(1 if side == "esda" else 5):
        t = time.perf_counter()
        z, parts = run(counts)
        times.append(time.perf_counter() - t)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    run(counts)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    np.save(out, z)
    emit({"time_s": statistics.median(times), "traced_peak_mb": peak / 2**20,
          "rss_peak_mb": rss1 / 1024, "rss_growth_mb": (rss1 - rss0) / 1024, **parts}, result_file)


def _run(side, cells, out):
    return run_worker(__file__, ["--worker", side, "--cells", cells, "--z-out", out])


def _versions():
    import esda
    import libpysal
    import scipy

    return (f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
            f"esda {esda.__version__}, libpysal {libpysal.__version__}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=DEFAULT_SIZES, help="grid cells, comma-separated")
    add_common_args(ap)
    ap.add_argument("--worker", choices=["ours", "esda"], help=argparse.SUPPRESS)
    ap.add_argument("--cells", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--z-out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.cells, args.z_out, args.result_file)
    sizes = SMOKE_SIZES if args.smoke else args.sizes
    machine_line = machine()

    header = ("| cells | grid | esda total (s) | of which lat2W (s) | of which G_Local (s) | ours (s) "
              "| speed-up total | speed-up vs G_Local only | esda traced peak (MB) | ours traced peak (MB) "
              "| esda RSS growth (MB) | ours RSS growth (MB) | max abs Δz |")
    rows = [header, "|" + "---|" * (header.count("|") - 1)]
    with tempfile.TemporaryDirectory() as tmp:
        for cells in (int(s) for s in sizes.split(",")):
            side = round(np.sqrt(cells))
            zo, ze = f"{tmp}/ours.npy", f"{tmp}/esda.npy"
            e, o = _run("esda", cells, ze), _run("ours", cells, zo)
            dz = float(np.max(np.abs(np.load(zo) - np.load(ze))))
            rows.append(f"| {side * side:,} | {side}×{side} | {e['time_s']:.2f} | {e['weights_s']:.2f} "
                        f"| {e['g_local_s']:.2f} | {o['time_s']:.4f} | {e['time_s'] / o['time_s']:,.0f}× "
                        f"| {e['g_local_s'] / o['time_s']:,.0f}× | {e['traced_peak_mb']:.0f} "
                        f"| {o['traced_peak_mb']:.1f} | {e['rss_growth_mb']:.0f} | {o['rss_growth_mb']:.0f} "
                        f"| {dz:.1e} |")
            print(rows[-1], flush=True)
    table = "\n".join(rows)
    text = (f"# Gi* benchmark: `gi_star` vs `esda.G_Local`\n\n"
            f"Command: `{command_line('bench_gistar.py')}` ({today()})\n\n"
            f"Versions: {_versions()}\n\nMachine: {machine_line}\n\n"
            "Random Poisson(2) counts, seed 42. esda: `lat2W(ny, nx, rook=False)` + "
            "`G_Local(y, w, star=True, transform='B', permutations=0)`, timed once; ours: "
            "`gi_star(counts)` (3×3 block incl. self), median of 5. Weight building is included on "
            "both sides. Traced peak: `tracemalloc` peak of a separate call; RSS growth: rise of "
            "`ru_maxrss` over the loaded-and-imported process during the timed calls. "
            "Δz: ours against esda's `Zs`, all cells.\n\n" + table + "\n")
    write_results("gistar", text, args.out_dir)


if __name__ == "__main__":
    main()
