"""``emerging`` and ``change``: how hotspots change over time, cell by cell.

``emerging POINTS... | --project FILE.toml -o OUT`` classifies every grid cell (new, intensifying,
persistent, ...) from space-time Gi* per period (``--time-steps``: previous periods in the neighbourhood,
default 1; 0 = spatial only) with FDR and Mann–Kendall trends; ``change ... --split DATE -o OUT``
compares weighted counts per cell before and after a date (conditional binomial test,
Benjamini–Hochberg). Both write the cells that hold a point (``--all-cells``: every cell) as ``.gpkg``,
``.geojson``, ``.csv`` or ``.xlsx`` and print the number of cells per class (``--json``: the summary).
The cell size comes from ``--cell-m``, else the project's ``[hotspots] cell_m``, else the automatic rule.
"""

from hotspots.defaults import FDR_RULES, TIME_STEPS
from maps.cli.args.options import add_common, add_out, add_read_arguments, add_source, add_time_filters

__all__ = ["register"]


def register(sub):
    """Add ``emerging`` and ``change`` to the CLI's subparsers."""
    emerging = sub.add_parser("emerging", help="emerging hot spot classes per cell (new, intensifying, ...)",
                              description="Gi* per period with FDR, Mann–Kendall trends and ArcGIS-style "
                                          "emerging hot spot classes for every grid cell.")
    _common(emerging)
    emerging.add_argument("--period", choices=["week", "month", "quarter", "year"],
                          help="period length (default: automatic, see the README)")
    emerging.add_argument("--fdr", choices=FDR_RULES, default="bh", help="multiple-testing correction (default bh)")
    emerging.add_argument("--alpha", type=float, default=0.05, help="significance level (default 0.05)")
    emerging.add_argument("--time-steps", type=int, default=TIME_STEPS, metavar="N",
                          help=f"previous periods whose neighbouring cells join each cell's Gi* neighbourhood, as "
                               f"ArcGIS's neighbourhood time step (default {TIME_STEPS}; 0 = spatial only)")
    emerging.set_defaults(run_command=_emerging)

    change = sub.add_parser("change", help="before/after change map per cell",
                            description="Compare weighted counts per cell before and after a date "
                                        "(conditional binomial test, Benjamini–Hochberg).")
    _common(change)
    change.add_argument("--split", required=True, help="the date that splits before from after, e.g. 2025-01-01")
    change.add_argument("--alpha", type=float, default=0.05, help="significance level (default 0.05)")
    change.set_defaults(run_command=_change)


def _common(parser):
    add_source(parser)
    add_read_arguments(parser)
    add_time_filters(parser)
    parser.add_argument("--cell-m", type=float, help="grid cell side in metres (default: the project's, else "
                                                     "automatic)")
    add_out(parser, "-o", "--out", kinds=(".gpkg", ".geojson", ".csv", ".xlsx"), required=True,
            help="the cells: .gpkg, .geojson, .csv or .xlsx")
    parser.add_argument("--all-cells", action="store_true", help="write every grid cell, also the empty ones")
    add_common(parser)


def _points_and_grid(args):
    from hotspots.methods.grid import make_grid
    from maps.cli.args.inputs import resolve_inputs
    from maps.cli.progress import step
    from maps.cli.steps import read_boundary, read_incidents

    inputs = resolve_inputs(args)
    _, points, _ = read_incidents(inputs, args)
    with step("analyse", inputs.lang):
        grid = make_grid(points, cell_m=inputs.hotspots.get("cell_m"), boundary=read_boundary(inputs, points.crs))
    return inputs, points, grid


def _cells(grid, arrays, counts, all_cells):
    import geopandas as gpd
    import numpy as np

    inside = grid.inside
    rows, cols = np.nonzero(inside)
    data = {"row": rows, "col": cols, **{k: np.asarray(v)[inside] for k, v in arrays.items()}}
    cells = gpd.GeoDataFrame(data, geometry=grid.polygons(inside).to_numpy(), crs=grid.crs)
    return cells if all_cells else cells[np.asarray(counts)[inside] > 0]


def _emerging(args) -> int:
    from hotspots.temporal.emerging import emerging_hotspots
    from maps.cli.progress import step
    from maps.products.exports.export import write_table

    inputs, points, grid = _points_and_grid(args)
    with step("analyse", inputs.lang):
        result = emerging_hotspots(points, grid, period=args.period, fdr=args.fdr, alpha=args.alpha,
                                   time_steps=args.time_steps)
    counts = result.counts.sum(axis=0)
    cells = _cells(grid, {"category": result.category, "count": counts,
                          "hot_periods": result.hot.sum(axis=0), "cold_periods": result.cold.sum(axis=0),
                          "trend_z_tau": result.z_trend.tau, "trend_z_p": result.z_trend.p,
                          "trend_count": result.count_trend.direction}, counts, inputs.all_cells)
    write_table(cells, args.out)
    summary = {"cell_m": grid.cell_m, "cell_rule": grid.cell_rule, **result.info, "output": args.out}
    _print(summary, args, result.info["n_by_class"], inputs.lang)
    return 0


def _change(args) -> int:
    from hotspots.temporal.change import compare_periods
    from maps.cli.progress import step
    from maps.products.exports.export import write_table

    inputs, points, grid = _points_and_grid(args)
    with step("analyse", inputs.lang):
        result = compare_periods(points, grid, split=args.split, alpha=args.alpha)
    cells = _cells(grid, {"category": result.category, "before": result.before, "after": result.after,
                          "difference": result.difference, "ratio": result.ratio, "p": result.p, "q": result.q},
                   result.before + result.after, inputs.all_cells)
    write_table(cells, args.out)
    summary = {"cell_m": grid.cell_m, "cell_rule": grid.cell_rule, **result.info, "output": args.out}
    _print(summary, args, result.info["n_by_class"], inputs.lang)
    return 0


def _print(summary, args, by_class, lang):
    import json

    from maps.labels import label

    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        return
    for key, n in sorted(by_class.items(), key=lambda kv: -kv[1]):
        print(f"  {key}: {n}")
    print(f"{label('written', lang)}: {args.out}")

