"""The ``emerging`` and ``change`` commands: how hotspots change over time, cell by cell."""

import json

import geopandas as gpd
import numpy as np

from hotspots.io.area import read_area
from hotspots.io.read import read_points
from hotspots.methods.grid import make_grid
from hotspots.temporal.change import compare_periods
from hotspots.temporal.emerging import emerging_hotspots
from maps.cli.options import add_lang, add_read_arguments, add_time_filters, apply_time_filters, read_options
from maps.labels import label
from maps.products.export import write_table

__all__ = ["register"]


def register(sub):
    """Add ``emerging`` and ``change`` to the CLI's subparsers."""
    emerging = sub.add_parser("emerging", help="emerging hot spot classes per cell (new, intensifying, ...)",
                              description="Gi* per period with FDR, Mann–Kendall trends and ArcGIS-style "
                                          "emerging hot spot classes for every grid cell.")
    _common(emerging)
    emerging.add_argument("--period", choices=["week", "month", "quarter", "year"],
                          help="period length (default: automatic, see the README)")
    emerging.add_argument("--fdr", choices=["bh", "bonferroni", "none"], default="bh")
    emerging.add_argument("--alpha", type=float, default=0.05)
    emerging.set_defaults(run_command=_emerging)

    change = sub.add_parser("change", help="before/after change map per cell",
                            description="Compare weighted counts per cell before and after a date "
                                        "(conditional binomial test, Benjamini–Hochberg).")
    _common(change)
    change.add_argument("--split", required=True, help="the date that splits before from after, e.g. 2025-01-01")
    change.add_argument("--alpha", type=float, default=0.05)
    change.set_defaults(run_command=_change)


def _common(parser):
    parser.add_argument("files", nargs="+", metavar="POINTS", help="incident files")
    add_read_arguments(parser)
    add_time_filters(parser)
    parser.add_argument("--cell-m", type=float, help="grid cell side in metres (default: automatic)")
    parser.add_argument("-o", "--out", required=True, help="output .gpkg, .geojson or .csv of the cells")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_lang(parser)


def _points_and_grid(args):
    options = read_options(args)
    result = read_points(args.files, args.complaints, options=options)
    points, _ = apply_time_filters(result.points, args)
    boundary = read_area(options.boundary) if options.boundary else None
    return points, make_grid(points, cell_m=args.cell_m, boundary=boundary)


def _cells(grid, arrays):
    inside = grid.inside
    rows, cols = np.nonzero(inside)
    data = {"row": rows, "col": cols, **{k: np.asarray(v)[inside] for k, v in arrays.items()}}
    return gpd.GeoDataFrame(data, geometry=grid.polygons(inside).to_numpy(), crs=grid.crs)


def _emerging(args) -> int:
    points, grid = _points_and_grid(args)
    result = emerging_hotspots(points, grid, period=args.period, fdr=args.fdr, alpha=args.alpha)
    cells = _cells(grid, {"category": result.category, "count": result.counts.sum(axis=0),
                          "hot_periods": result.hot.sum(axis=0), "cold_periods": result.cold.sum(axis=0),
                          "trend_z_tau": result.z_trend.tau, "trend_z_p": result.z_trend.p,
                          "trend_count": result.count_trend.direction})
    write_table(cells, args.out)
    summary = {"cell_m": grid.cell_m, "cell_rule": grid.cell_rule, **result.info, "output": args.out}
    _print(summary, args, result.info["n_by_class"])
    return 0


def _change(args) -> int:
    points, grid = _points_and_grid(args)
    result = compare_periods(points, grid, split=args.split, alpha=args.alpha)
    cells = _cells(grid, {"category": result.category, "before": result.before, "after": result.after,
                          "difference": result.difference, "ratio": result.ratio, "p": result.p, "q": result.q})
    write_table(cells, args.out)
    summary = {"cell_m": grid.cell_m, "cell_rule": grid.cell_rule, **result.info, "output": args.out}
    _print(summary, args, result.info["n_by_class"])
    return 0


def _print(summary, args, by_class):
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        return
    for key, n in sorted(by_class.items(), key=lambda kv: -kv[1]):
        print(f"  {key}: {n}")
    print(f"{label('written', args.lang)}: {args.out}")
