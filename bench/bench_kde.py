"""Benchmark: hotspots.methods.kde.kde_grid against scikit-learn ``KernelDensity(rtol=1e-4)``.

    python bench/bench_kde.py [--sizes 10000,100000,1000000] [--timeout 600] [--smoke] [--out-dir bench]

Documented size: the default sizes (about 3 minutes on 2 idle cores, most of it scikit-learn at 1M).
``--smoke``: 2,000 points on a 100 × 100 grid. Synthetic data only; no ``../shared/data`` needed.

Synthetic clustered points (70 % in 40 Gaussian clusters of sd 40–400 m, 30 % uniform) on a
10 × 10 km area, and a 500 × 500 = 250,000-cell grid of 20 m cells. Ours: the whole ``kde_grid``
call (validation, automatic bandwidth when asked, binning, smoothing), median of 5 calls, for the
Gaussian and the quartic kernel, with the automatic bandwidth and with a stated one (Gaussian sd
100 m = 5 cells; quartic radius 2√2 · 100 m, the same spread). scikit-learn: ``KernelDensity(
kernel="gaussian", bandwidth=100, rtol=1e-4)``, fit plus ``score_samples`` at the 250,000 cell
centres, once, in a subprocess killed after ``--timeout`` seconds; a size whose time, extrapolated
linearly in n from the previous size, would exceed the timeout is not run and its time is given as
that extrapolation. Error: |ours − sklearn| / sklearn over cells where sklearn's density is above
1 % of its peak (max and 99th percentile), and at sklearn's peak cell. The tests run only ``--smoke``.
"""

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import add_common_args, command_line, emit, machine, run_worker, today, write_results

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CELL, H = 20.0, 100.0
SIDE = 500  # grid side in cells; --smoke sets 100 (passed on to the workers)
REPEATS = 5
SMOKE_SIZES, SMOKE_SIDE = "2000", 100


def points(n, seed=2024):
    rng = np.random.default_rng(seed)
    extent = CELL * SIDE
    n_cl = int(0.7 * n)
    centres = rng.uniform(1000, extent - 1000, size=(40, 2))
    spread = rng.uniform(40, 400, size=40)
    which = rng.integers(0, 40, n_cl)
    clustered = centres[which] + rng.normal(size=(n_cl, 2)) * spread[which, None]
    background = rng.uniform(0, extent, size=(n - n_cl, 2))
    xy = np.vstack([clustered, background])
    return np.clip(xy[:, 0], 0, extent - 1e-6), np.clip(xy[:, 1], 0, extent - 1e-6)


def grid():
    from hotspots.methods.grid import Grid

    return Grid(0.0, 0.0, CELL, SIDE, SIDE, "EPSG:3006", np.ones((SIDE, SIDE), bool), "bench")


def time_ours(n, kernel, bandwidth_m, repeats=REPEATS):
    from hotspots.methods.kde import kde_grid

    x, y = points(n)
    g = grid()
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = kde_grid(x, y, g, bandwidth_m=bandwidth_m, kernel=kernel)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), result


def sklearn_worker(n, out, result_file):
    """Fit and evaluate scikit-learn on size n; save density per km² to ``out``; write the time."""
    from sklearn.neighbors import KernelDensity

    x, y = points(n)
    xc, yc = grid().centres()
    t0 = time.perf_counter()
    kd = KernelDensity(kernel="gaussian", bandwidth=H, rtol=1e-4).fit(np.column_stack([x, y]))
    log_d = kd.score_samples(np.column_stack([xc.ravel(), yc.ravel()]))
    seconds = time.perf_counter() - t0
    np.save(out, np.exp(log_d).reshape(SIDE, SIDE) * n * 1e6)
    emit({"seconds": seconds}, result_file)


def run_sklearn(n, timeout):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sk.npy"
        try:
            done = run_worker(__file__, ["--sklearn-worker", n, out, "--side", SIDE], timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, None
        return done["seconds"], np.load(out)


def errors(ours, ref):
    """Max and 99th-percentile relative error over cells above 1 % of the peak, and at the peak."""
    big = ref > 0.01 * ref.max()
    rel = np.abs(ours[big] - ref[big]) / ref[big]
    peak = np.unravel_index(np.argmax(ref), ref.shape)
    return (f"{rel.max():.2e} | {np.percentile(rel, 99):.2e} | "
            f"{abs(ours[peak] / ref[peak] - 1):.2e}")


def versions():
    import scipy
    import sklearn

    return (f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
            f"scikit-learn {sklearn.__version__}")


def main():
    global SIDE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--side", type=int, default=SIDE, help=argparse.SUPPRESS)
    add_common_args(parser)
    parser.add_argument("--sklearn-worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    SIDE = SMOKE_SIDE if args.smoke else args.side
    if args.sklearn_worker:
        sklearn_worker(int(args.sklearn_worker[0]), args.sklearn_worker[1], args.result_file)
        return
    machine_line = machine()
    sizes = [int(s) for s in (SMOKE_SIZES if args.smoke else args.sizes).split(",")]
    quartic_r = 2 * np.sqrt(2) * H

    rows_a = []
    for kernel, bw in (("gaussian", None), ("gaussian", H), ("quartic", None), ("quartic", quartic_r)):
        for n in sizes:
            seconds, fastest, res = time_ours(n, kernel, bw)
            rows_a.append(f"| {n:,} | {kernel} | {'auto' if bw is None else 'stated'} | "
                          f"{res.bandwidth_m:.1f} | {res.info['method']} | {seconds:.3f} ({fastest:.3f}) |")
            print(rows_a[-1], flush=True)

    rows_b, prev = [], None
    for n in sizes:
        ours_s, fastest, ours = time_ours(n, "gaussian", H)
        predicted = prev[1] * n / prev[0] if prev else None
        if predicted is not None and predicted > args.timeout:
            sk_s, ref = None, None
            sk_txt = f"not run: ≈ {predicted:,.0f} (extrapolated linearly from {prev[0]:,})"
        else:
            sk_s, ref = run_sklearn(n, args.timeout)
            sk_txt = f"{sk_s:,.1f}" if sk_s is not None else f"> {args.timeout:.0f} (killed at timeout)"
        if sk_s is not None:
            prev = (n, sk_s)
        speed = f"{sk_s / ours_s:,.0f}×" if sk_s else (f"≈ {predicted / ours_s:,.0f}× (extrapolated)"
                                                       if predicted else "—")
        err = errors(ours.density, ref) if ref is not None else "— | — | —"
        rows_b.append(f"| {n:,} | {ours_s:.3f} ({fastest:.3f}) | {sk_txt} | {speed} | {err} |")
        print(rows_b[-1], flush=True)

    extent_km, cells = CELL * SIDE / 1000, SIDE * SIDE
    text = "\n".join([
        "# KDE benchmark: `hotspots.methods.kde.kde_grid` vs scikit-learn `KernelDensity`", "",
        f"Command: `{command_line('bench_kde.py')}`  ", f"Date: {today()}  ",
        f"Machine: {machine_line}  ", f"Versions: {versions()}", "",
        ("Data: seeded synthetic clustered points (70 % in 40 Gaussian clusters of sd 40–400 m, 30 % "
         f"uniform) on {extent_km:g} × {extent_km:g} km; grid {SIDE} × {SIDE} = {cells:,} cells of 20 m. "
         "Times are the whole "
         f"`kde_grid` call, median of {REPEATS} calls (fastest in brackets); the machine is shared, "
         "so single timings vary by a few tenths of a second."), "",
        "## (a) Ours", "",
        "| points | kernel | bandwidth | bandwidth_m | method | seconds |",
        "|---:|---|---|---:|---|---:|", *rows_a, "",
        f"## (b) Against scikit-learn `KernelDensity(kernel='gaussian', bandwidth={H:g}, rtol=1e-4)`",
        "", (f"sklearn time = fit + `score_samples` at the {cells:,} cell centres, one run in a "
             f"subprocess with a {args.timeout:.0f} s timeout. Error = |ours − sklearn| / sklearn for "
             "ours with the Gaussian kernel and the same stated sd (100 m = 5 cells), over the cells "
             "where sklearn's density exceeds 1 % of its peak (max and 99th percentile), and at "
             "sklearn's peak cell. Speed-up uses the median time of ours."), "",
        ("| points | ours (s) | sklearn (s) | speed-up | max rel. error, cells > 1 % of peak "
         "| 99th percentile | at sklearn's peak |"),
        "|---:|---:|---:|---:|---:|---:|---:|", *rows_b, ""])
    write_results("kde", text, args.out_dir)


if __name__ == "__main__":
    main()
