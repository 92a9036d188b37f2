"""Benchmark: size and headless-Chromium paint time of ``maps.products.build.build_map`` pages, 10k to 1M points.

    python bench/bench_map.py [--sizes 10000,100000,1000000] [--repeats 3] [--smoke] [--out-dir bench]

Seeded synthetic points around Kalix centrum (SWEREF 99 TM): 70 % in 30 Gaussian clusters (sd 50–400 m),
30 % uniform over 20 × 20 km, start times over two years. For each size: ``find_hotspots`` (Gi*, 100 m
cells), then the internal map (KDE image above 5,000 points; clustered markers up to 20,000 points, left
out above) and the share map, both through ``make_offline``. Paint time: Debian chromium via Playwright,
a fresh page per load, from ``goto`` until the ``load`` event plus two animation frames (everything drawn),
median of ``--repeats`` loads; first-contentful-paint from the Performance API alongside.

Documented size: the default sizes (about 1 minute on 2 idle cores). ``--smoke`` (run by the tests):
2,000 points, one load per page. Synthetic data only; no ``../shared/data`` needed. Needs Playwright
(PyPI ``playwright``) and Debian's ``chromium`` (or ``HOTSPOT_CHROMIUM=/path``); no browser download.
"""

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from _common import add_common_args, command_line, machine, today, write_results

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]

X0, Y0 = 871400.0, 7327900.0  # Kalix centrum, SWEREF 99 TM


def points(n, seed=2024):
    """Clustered synthetic Points contract frame of ``n`` rows."""
    rng = np.random.default_rng(seed)
    n_cl = int(0.7 * n)
    centres = np.array([X0, Y0]) + rng.normal(0, 2500, (30, 2))
    spread = rng.uniform(50, 400, 30)
    which = rng.integers(0, 30, n_cl)
    xy = np.vstack([centres[which] + rng.normal(size=(n_cl, 2)) * spread[which, None],
                    np.array([X0, Y0]) + rng.uniform(-10000, 10000, (n - n_cl, 2))])
    hours = rng.integers(0, 2 * 8760, n)
    start = pd.Timestamp("2024-01-01", tz="Europe/Stockholm") + pd.to_timedelta(hours, unit="h")
    cats = np.array(["theft", "violence", "vandalism", "disorder", "drugs", "domestic"])[rng.integers(0, 6, n)]
    return gpd.GeoDataFrame({
        "id": np.arange(n).astype(str), "source": np.where(rng.random(n) < 0.2, "complaint", "incident"),
        "category": cats, "category_raw": cats, "start": start,
        "end": pd.Series(pd.NaT, index=range(n)).dt.tz_localize("Europe/Stockholm"), "weight": np.ones(n),
        "sensitive": cats == "domestic", "text": np.full(n, "fritext"),
        "geometry": gpd.points_from_xy(xy[:, 0], xy[:, 1])}, crs="EPSG:3006")


def paint(browser, path, repeats):
    """Median seconds from navigation to load + two frames, and the median first-contentful-paint."""
    walls, fcps = [], []
    for _ in range(repeats):
        context = browser.new_context(viewport={"width": 1000, "height": 700})
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        t0 = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=120000)
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        walls.append(time.perf_counter() - t0)
        fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
        fcps.append(fcp / 1000 if fcp else float("nan"))
        context.close()
        if errors:
            raise RuntimeError(f"{path.name}: page errors {errors}")
    return statistics.median(walls), (float(np.nanmedian(fcps)) if np.isfinite(fcps).any() else float("nan"))


@contextlib.contextmanager
def chromium():
    """Headless Debian chromium through Playwright (no browser download); a clear exit when absent."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("bench_map needs Playwright: pip install playwright (no `playwright install` needed)")
    path = os.environ.get("HOTSPOT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        sys.exit(f"bench_map needs chromium at {path} (apt-get install chromium, or set HOTSPOT_CHROMIUM)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def main():
    from hotspots.find import find_hotspots
    from maps.offline import make_offline
    from maps.products.build import build_map

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeats", type=int, default=3)
    add_common_args(parser)
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.repeats = "2000", 1
    rows, machine_line = [], machine()
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        for n in (int(s) for s in args.sizes.split(",")):
            pts = points(n)
            t0 = time.perf_counter()
            finder = find_hotspots(pts, "gistar", cell_m=100)
            t_find = time.perf_counter() - t0
            for share in (False, True):
                t0 = time.perf_counter()
                fmap = build_map(points=pts, hotspots=finder.hotspots_, cells=finder.cells_,
                                 profiles=finder.profiles_, share=share, title=f"Bench {n:,}", synthetic=True)
                page = make_offline(fmap)
                t_build = time.perf_counter() - t0
                path = Path(tmp) / f"map_{n}_{'share' if share else 'internal'}.html"
                path.write_text(page, encoding="utf-8")
                wall, fcp = paint(browser, path, args.repeats)
                row = {"n": n, "mode": "share" if share else "internal", "mb": len(page.encode()) / 1e6,
                       "hotspots": len(finder.hotspots_), "find": t_find, "build": t_build, "paint": wall, "fcp": fcp}
                rows.append(row)
                print(f"{n:>9,} {row['mode']:>8}: {row['mb']:.2f} MB, {row['hotspots']} hotspots, find "
                      f"{t_find:.1f} s, build+offline {t_build:.1f} s, paint {wall:.2f} s (FCP {fcp:.2f} s)",
                      flush=True)
    _write(rows, args, machine_line)


def _write(rows, args, machine_line):
    import folium

    lines = ["# Map benchmark: `maps.products.build.build_map` page size and paint time", "",
             f"Command: `{command_line('bench_map.py')}`  ",
             f"Date: {today()}  ", f"Machine: {machine_line}  ",
             (f"Versions: folium {folium.__version__}, numpy {np.__version__}; headless Debian chromium via "
              "Playwright, viewport 1000 × 700"), "",
             ("Data: seeded synthetic points around Kalix centrum (70 % in 30 clusters, 30 % uniform over "
             "20 × 20 km), Gi* hotspots on 100 m cells. Internal: KDE image above 5,000 points, clustered markers "
             "up to 20,000 points (left out above, with a note). Share: `share_safe` layers only. Pages are "
             "offline (`make_offline`: Leaflet and plugins inlined, no tiles). Paint = `goto` until `load` plus "
             "two animation frames, median of the loads; FCP = first-contentful-paint (– where Chromium "
             "recorded none)."), "",
             "| points | map | HTML (MB) | hotspots | find_hotspots (s) | build + offline (s) | paint (s) | FCP (s) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['n']:,} | {r['mode']} | {r['mb']:.2f} | {r['hotspots']} | {r['find']:.1f} | {r['build']:.1f} | "
              f"{r['paint']:.2f} | {'–' if np.isnan(r['fcp']) else format(r['fcp'], '.2f')} |" for r in rows]
    lines += ["", "Targets (issue, Maps): HTML of a 1M-point map under 5 MB, painted in under 2 s."]
    write_results("map", "\n".join(lines), args.out_dir)


if __name__ == "__main__":
    main()
