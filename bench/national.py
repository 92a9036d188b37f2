"""A synthetic national decade of incidents, deterministic (seeded), as CSV and plain Parquet.

Usage: ``python bench/national.py [--rows 15000000] [--data DIR] [--seed 17]`` (``--smoke``: 20,000 rows).

Imported by ``bench_national.py``; run as a script it writes the files and ``results_national.md`` (how
long the generation took and how large the files are). The data are never committed: they go to
``--data`` (default ``/tmp/hotspot_national``) and are reused when present.

What the rows look like (issue 17):

* **where**: around the 40 towns of ``bench_end_to_end.TOWNS`` (weighted by size, Gaussian spread of
  400–3,000 m), of which a quarter falls on 3–8 *hot places* per town (squares, stations, night-life
  streets: Gaussian spread of 40–150 m), plus 8 % rural rows (Gaussian spread of 20 km around a town);
  rows that would fall outside Sweden's time zone (Norway, Finland) are moved back to their town centre
  (±1 km), as a Swedish national export has only Swedish places;
* **when**: ten years (2015–2024) of local Europe/Stockholm wall-clock times, with more on Fridays and
  Saturdays and most in the evening and at night (peak 22–01); a slow rise over the decade;
* **columns**: ``x``, ``y`` in SWEREF 99 TM (EPSG:3006), ``time`` local (CSV: ``YYYY-MM-DD HH:MM:SS``;
  Parquet: naive ``timestamp[s]``). Nothing else, as a national extract for counting would be.

Rows are generated in blocks of one million, each from its own seeded stream, so the same ``--rows`` and
``--seed`` give the same files byte for byte, and memory stays small at 15 million rows.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import add_common_args, command_line, machine, today, write_results  # noqa: E402
from bench_end_to_end import TOWNS  # noqa: E402  (the one list of towns of the bench scripts)

__all__ = ["make_national"]

BLOCK = 1_000_000
_WEEKDAY = np.array([1.0, 0.95, 1.0, 1.05, 1.35, 1.55, 1.15])  # Monday .. Sunday
_HOUR = np.array([8, 6, 4, 3, 2, 1.5, 1.5, 2, 3, 3.5, 4, 4.5, 5, 5, 5, 5.5, 6, 7, 8, 9, 10, 11, 12, 10], float)


def _layout(seed):
    """Towns in SWEREF 99 TM, their hot places, and the day weights of the decade (one seeded stream)."""
    import pandas as pd
    from pyproj import Transformer

    rng = np.random.default_rng([seed, 0])
    towns = np.array(TOWNS, float)
    tx, ty = Transformer.from_crs(4326, 3006, always_xy=True).transform(towns[:, 0], towns[:, 1])
    spread = rng.uniform(400, 3000, len(towns))
    n_hot = rng.integers(3, 9, len(towns))
    hot_town = np.repeat(np.arange(len(towns)), n_hot)
    hx = tx[hot_town] + rng.normal(0, 0.6, hot_town.size) * spread[hot_town]
    hy = ty[hot_town] + rng.normal(0, 0.6, hot_town.size) * spread[hot_town]
    hspread = rng.uniform(40, 150, hot_town.size)
    days = pd.date_range("2015-01-01", "2024-12-31", freq="D")
    dw = _WEEKDAY[days.day_of_week.to_numpy()] * np.linspace(0.85, 1.15, len(days))
    return {"tx": tx, "ty": ty, "weight": towns[:, 2] / towns[:, 2].sum(), "spread": spread,
            "hot_town": hot_town, "hx": hx, "hy": hy, "hspread": hspread,
            "day0": np.datetime64("2015-01-01", "s"), "day_p": dw / dw.sum(), "hour_p": _HOUR / _HOUR.sum()}


def _block(layout, seed, index, n):
    """``n`` rows of block ``index``: float x, y (0.1 m) and int64 seconds since the epoch (local clock)."""
    rng = np.random.default_rng([seed, index + 1])
    town = rng.choice(len(layout["weight"]), n, p=layout["weight"])
    x = layout["tx"][town] + rng.normal(0, 1, n) * layout["spread"][town]
    y = layout["ty"][town] + rng.normal(0, 1, n) * layout["spread"][town]
    hot = rng.random(n) < 0.25  # a quarter of a town's rows on one of its hot places
    first = np.searchsorted(layout["hot_town"], town[hot])
    count = np.searchsorted(layout["hot_town"], town[hot], side="right") - first
    place = first + (rng.random(hot.sum()) * count).astype(np.int64)
    x[hot] = layout["hx"][place] + rng.normal(0, 1, place.size) * layout["hspread"][place]
    y[hot] = layout["hy"][place] + rng.normal(0, 1, place.size) * layout["hspread"][place]
    bg = rng.random(n) < 0.08  # rural: far around the town
    x[bg] = layout["tx"][town[bg]] + rng.normal(0, 20_000, bg.sum())
    y[bg] = layout["ty"][town[bg]] + rng.normal(0, 20_000, bg.sum())
    abroad = np.flatnonzero(_abroad(x, y))
    while abroad.size:  # drawn again near the town centre until every row is in Sweden's zone
        x[abroad] = layout["tx"][town[abroad]] + rng.normal(0, 1000, abroad.size)
        y[abroad] = layout["ty"][town[abroad]] + rng.normal(0, 1000, abroad.size)
        abroad = abroad[_abroad(x[abroad], y[abroad])]
    day = rng.choice(layout["day_p"].size, n, p=layout["day_p"])
    hour = rng.choice(24, n, p=layout["hour_p"])
    seconds = day * 86_400 + hour * 3600 + rng.integers(0, 3600, n)
    t = layout["day0"].astype(np.int64) + seconds
    return np.round(x, 1), np.round(y, 1), t


def _abroad(x, y):
    """Rows whose place lies in another time zone than Europe/Stockholm (Norway, Finland; not the sea)."""
    from pyproj import Transformer

    from hotspots.io.when.zone import zone_for_points

    # judged at the centre of the point's 100 m square, as the reader looks zones up (hotspots/io/read.py)
    cx, cy = np.floor(x / 100) * 100 + 50, np.floor(y / 100) * 100 + 50
    lon, lat = Transformer.from_crs(3006, 4326, always_xy=True).transform(cx, cy)
    return zone_for_points(lon, lat) != "Europe/Stockholm"


def make_national(rows, folder, *, seed=17):
    """Write ``national_<rows>.csv`` and ``national_<rows>.parquet`` into ``folder`` (reused when present).

    Parameters
    ----------
    rows : int
        Number of rows.
    folder : str or Path
        Where the files go (never inside the repository).
    seed : int
        Seed of every random stream.

    Returns
    -------
    tuple of Path
        ``(csv_path, parquet_path)``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"national_{rows}" + ("" if seed == 17 else f"_s{seed}")
    csv_path, parquet_path = folder / f"{stem}.csv", folder / f"{stem}.parquet"
    if csv_path.exists() and parquet_path.exists():
        return csv_path, parquet_path
    layout = _layout(seed)
    schema = pa.schema([("x", pa.float64()), ("y", pa.float64()), ("time", pa.timestamp("s"))])
    tmp_csv, tmp_pq = csv_path.with_suffix(".csv.part"), parquet_path.with_suffix(".parquet.part")
    with pq.ParquetWriter(tmp_pq, schema) as pq_out, open(tmp_csv, "wb") as csv_out:
        csv_out.write(b"x,y,time\n")
        for index, start in enumerate(range(0, rows, BLOCK)):
            x, y, t = _block(layout, seed, index, min(BLOCK, rows - start))
            table = pa.table([pa.array(x), pa.array(y), pa.array(t, pa.int64()).cast(pa.timestamp("s"))],
                             schema=schema)
            pq_out.write_table(table)
            text = pa.table({"x": table["x"], "y": table["y"],
                             "time": pc.strftime(table["time"], format="%Y-%m-%d %H:%M:%S")})
            pacsv.write_csv(text, csv_out, pacsv.WriteOptions(include_header=False, quoting_style="none"))
    tmp_csv.rename(csv_path)
    tmp_pq.rename(parquet_path)
    return csv_path, parquet_path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=15_000_000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--data", type=Path, default=Path("/tmp/hotspot_national"))
    args = add_common_args(parser).parse_args(argv)
    rows = 20_000 if args.smoke else args.rows
    folder = args.data / "smoke" if args.smoke else args.data
    t0 = time.perf_counter()
    csv_path, parquet_path = make_national(rows, folder, seed=args.seed)
    wall = time.perf_counter() - t0
    size_mb = csv_path.stat().st_size / 1e6, parquet_path.stat().st_size / 1e6
    lines = ["## A synthetic national decade (bench/national.py)", "",
             f"Command: `{command_line('national.py', argv)}`", "", f"Machine: {machine()}", "",
             f"Run: {today()}. Seed {args.seed}; files reused when present (then the time is near 0).", "",
             "| rows | CSV MB | Parquet MB | wall s |", "|---:|---:|---:|---:|",
             f"| {rows:,} | {size_mb[0]:.1f} | {size_mb[1]:.1f} | {wall:.1f} |"]
    write_results("national", "\n".join(lines), args.out_dir)


if __name__ == "__main__":
    main()
