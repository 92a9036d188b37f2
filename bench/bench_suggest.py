"""Benchmark: suggested visits (layers.cover.suggest) against a simple baseline, in risk covered per visit-hour.

    python bench/bench_suggest.py [--visits 8,20]      # seconds; --smoke: the demo, 8 visits

**Ours**: :func:`layers.cover.suggest.suggest_visits` (diminishing returns per place and hour, the biggest gap
first). **Baseline**: what a planner without the tool does: the top-N hotspots by risk (N = the number of
visits, or all hotspots when fewer), each visited at its own peak hour of the week, round robin down the
hotspots and then down each hotspot's next-highest hours, ignoring what is already planned.

Both get the same number of 15-minute foot visits (radius 100 m) at each hotspot's ``point_on_surface``,
and both are scored with the one rule of :mod:`layers.cover.coverage` (``covered = min(minutes, 60) / 60`` per
hour, risk = the hotspots' hour-of-week profile): the gain in ``risk_covered`` divided by the visit-hours
(``visits × 15 / 60``). Also reported: distinct places, visits that repeat a place and hour, whether the
biggest gap (rank 1 of the coverage's gaps) gets a visit.

Cases: the bundled Kalix demo (its project's hotspots, points and patrol plan), and a synthetic city
(40 hotspots 600 m apart, 6,000 points whose hours follow a few weekly peaks per hotspot, 25 patrols at
random hotspots and hours; seeded).
"""

import argparse
import sys
import time
from argparse import Namespace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point, box

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hotspots.temporal.weekhours import HOURS_PER_WEEK  # noqa: E402
from hotspots.words import WEEKDAYS  # noqa: E402
from layers.cover.coverage import compute_coverage  # noqa: E402
from layers.cover.suggest import suggest_visits  # noqa: E402
from layers.plans.schedule import parse_schedule  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from _common import add_common_args, command_line, machine, write_results  # noqa: E402

MINUTES, RADIUS = 15, 100.0
TZ, CRS = "Europe/Stockholm", "EPSG:3006"


def _demo():
    from maps.cli.args.inputs import resolve_inputs
    from maps.cli.commands.run import DEMO_PROJECT
    from maps.cli.steps import find, read_boundary, read_incidents, read_patrols_places

    inputs = resolve_inputs(Namespace(command="run", points=[], project=str(DEMO_PROJECT), lang=None))
    _, points, _ = read_incidents(inputs)
    finder = find(inputs, points, read_boundary(inputs, points.crs))
    patrols = read_patrols_places(inputs, points.crs)[0].patrols
    return finder.hotspots_, points, patrols, finder.point_hotspot_


def _city(seed=7, n_hot=40, n_points=6000, n_patrols=25):
    rng = np.random.default_rng(seed)
    x0, y0 = 670_000.0, 6_580_000.0
    side = int(np.ceil(np.sqrt(n_hot)))
    centres = [(x0 + 600 * (i % side), y0 + 600 * (i // side)) for i in range(n_hot)]
    hot = gpd.GeoDataFrame({"hotspot_id": np.arange(1, n_hot + 1)},
                           geometry=[box(x - 75, y - 75, x + 75, y + 75) for x, y in centres], crs=CRS)
    size = rng.gamma(1.2, 1.0, n_hot)
    where = rng.choice(n_hot, n_points, p=size / size.sum())
    peaks = [rng.choice(HOURS_PER_WEEK, rng.integers(1, 4), replace=False) for _ in range(n_hot)]
    hour = np.array([rng.choice(peaks[h]) + rng.integers(-2, 3) for h in where]) % HOURS_PER_WEEK
    monday = pd.Timestamp("2026-03-02", tz=TZ)
    start = monday + pd.to_timedelta(rng.integers(0, 8, n_points) * 7 * 24 + hour, unit="h") \
        + pd.to_timedelta(rng.integers(0, 60, n_points), unit="m")
    xy = np.array(centres)[where] + rng.uniform(-60, 60, (n_points, 2))
    points = gpd.GeoDataFrame({"start": start, "weight": 1.0}, geometry=shapely.points(xy), crs=CRS)
    rows = []
    for _ in range(n_patrols):
        h, b = rng.integers(n_hot), rng.integers(HOURS_PER_WEEK)
        day, clock = divmod(int(b), 24)
        rows.append((Point(centres[h]), f"{WEEKDAYS['sv'][day]} {clock:02d}:00-{clock:02d}:30"))
    parsed = [parse_schedule(text, tz=TZ) for _, text in rows]
    patrols = gpd.GeoDataFrame({"patrol_id": [f"P{i}" for i in range(len(rows))], "mode": "car",
                                "radius_m": 250.0, "weekly_minutes": [list(s.weekly) for s in parsed],
                                "dated": [list(s.dated) for s in parsed]}, geometry=[g for g, _ in rows], crs=CRS)
    return hot, points, patrols, None


def _score(cov, hot, choices):
    """Gain in risk_covered of visits ``[(row, bin), ...]`` under the coverage rule, and its parts."""
    geoms = np.asarray(hot.sort_values("hotspot_id").geometry.values)
    spot = shapely.point_on_surface(geoms)
    reach = shapely.dwithin(spot[:, None], geoms[None, :], RADIUS)
    p = cov.presence.astype(float).copy()
    before = (cov.risk * np.minimum(p, 60)).sum() / 60
    for h, b in choices:
        p[reach[h], b] += MINUTES
    gain = (cov.risk * np.minimum(p, 60)).sum() / 60 - before
    hours = len(choices) * MINUTES / 60
    pairs = pd.Series([f"{h}:{b}" for h, b in choices])
    top = cov.gaps.iloc[0] if len(cov.gaps) else None
    hit = False
    if top is not None:
        row = int(np.searchsorted(cov.hotspot_ids, top["hotspot_id"]))
        run = np.arange(int(top["start"]), int(top["start"]) + int(top["hours"])) % HOURS_PER_WEEK
        hit = any(h == row and b in run for h, b in choices)
    return {"gain": gain, "per_hour": gain / hours if hours else float("nan"),
            "places": len({h for h, _ in choices}), "repeats": int(pairs.duplicated().sum()), "biggest_gap": hit}


def _baseline(cov, visits):
    """Top-N hotspots by risk, each at its peak hours, round robin; what is planned is ignored."""
    share = cov.risk.sum(axis=1)
    top = np.argsort(-share, kind="stable")[:min(visits, len(share))]
    order = [np.argsort(-cov.risk[h], kind="stable") for h in top]
    return [(int(top[i % len(top)]), int(order[i % len(top)][i // len(top)])) for i in range(visits)]


def _ours(cov, hot, visits):
    result = suggest_visits(cov, hot, visits=visits, minutes=MINUTES, radius_m=RADIUS)
    rows = {int(h): i for i, h in enumerate(cov.hotspot_ids)}
    bins = [_bin(s) for s in result.plan["schedule"]]
    return [(rows[int(h)], b) for h, b in zip(result.plan["hotspot_id"], bins)]


def _bin(schedule):
    day, clock = schedule.split(" ")
    return WEEKDAYS["sv"].index(day) * 24 + int(clock[:2])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", default="8,20")
    args = add_common_args(parser).parse_args(argv)
    counts = [8] if args.smoke else [int(v) for v in args.visits.split(",")]
    intro = (f"Command: `{command_line('bench_suggest.py', argv)}`\n\nMachine: {machine()}\n\n"
             f"{MINUTES}-minute visits, {RADIUS:g} m radius; scored by the coverage rule "
             "(`min(minutes, 60) / 60` per hour of risk).")
    head = ("| case | hotspots | visits | method | risk covered gained | per visit-hour | places | "
            "same place & hour | biggest gap visited | time (s) |")
    lines = ["# Suggested visits against a top-N peak-hour baseline", "", intro, "", head,
             "|---|---:|---:|---|---:|---:|---:|---:|---|---:|"]
    cases = (("Kalix demo", _demo),) if args.smoke else (("Kalix demo", _demo), ("synthetic city", _city))
    for name, make in cases:
        hot, points, patrols, assigned = make()
        cov = compute_coverage(hot, points, patrols, point_hotspot=assigned, tz=TZ)
        hot = hot.sort_values("hotspot_id").reset_index(drop=True)
        for n in counts:
            for method in ("ours", "baseline"):
                t0 = time.perf_counter()
                choices = _ours(cov, hot, n) if method == "ours" else _baseline(cov, n)
                took = time.perf_counter() - t0
                s = _score(cov, hot, choices)
                lines.append(f"| {name} | {len(hot)} | {n} | {method} | {100 * s['gain']:.2f} % | "
                             f"{100 * s['per_hour']:.2f} % | {s['places']} | {s['repeats']} | "
                             f"{'yes' if s['biggest_gap'] else 'no'} | {took:.3f} |")
    lines += ["", ("Risk covered gained: the increase of the hotspots' `risk_covered` (share of all hotspot risk in "
                   "hours with planned presence) if every visit is made; per visit-hour: that gain divided by the "
                   "hours of the visits.")]
    write_results("suggest", "\n".join(lines) + "\n", args.out_dir)


if __name__ == "__main__":
    main()
