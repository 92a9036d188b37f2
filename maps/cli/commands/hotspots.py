"""``hotspot-planner hotspots POINTS... | --project FILE.toml -o OUT``: find hotspots and write the table.

Writes the Hotspots table (``.gpkg``, ``.geojson``, ``.csv`` or ``.xlsx``), with ``--cells`` the grid cells
that hold a point (every cell with ``--all-cells`` or ``[hotspots] all_cells = true``) and with
``--profiles`` each hotspot's hour-of-week (7 × 24, aoristic) and month profile. Prints the method, the
parameters chosen (and why) and the top hotspots; ``--json`` prints them as JSON. Method and settings come
from the flags, else the project's ``[hotspots]``, else :mod:`hotspots.defaults`.
"""

from hotspots.defaults import FDR_RULES, KERNELS
from maps.cli.args.options import (
    add_common,
    add_engine,
    add_method,
    add_out,
    add_read_arguments,
    add_source,
    add_time_filters,
)

__all__ = ["register"]

_TABLES = (".gpkg", ".geojson", ".csv", ".xlsx")


def register(subparsers):
    """Add the ``hotspots`` command."""
    p = subparsers.add_parser("hotspots", help="find hotspots with count, kde, gistar, prospective, dbscan or hdbscan",
                              description="Find hotspots in incident (and complaint) files and write the Hotspots "
                                          "table.")
    add_source(p)
    add_read_arguments(p)
    add_time_filters(p)
    add_method(p)
    p.add_argument("--bandwidth-m", type=float, help="KDE bandwidth in metres (default: automatic)")
    p.add_argument("--kernel", choices=KERNELS, help="KDE kernel (default gaussian)")
    p.add_argument("--fdr", choices=FDR_RULES,
                   help="multiple-testing correction for Gi* (default bh = Benjamini–Hochberg)")
    p.add_argument("--alpha", type=float, help="significance level (default 0.05)")
    p.add_argument("--eps-m", type=float, help="DBSCAN neighbourhood radius in metres (default: automatic)")
    p.add_argument("--min-samples", type=float, help="DBSCAN/HDBSCAN minimum weighted points (default: automatic)")
    p.add_argument("--top-share", type=float, help="share of occupied cells flagged by count and kde (default 0.05)")
    p.add_argument("--complaint-weight", type=float,
                   help="weight of a complaint relative to an incident (default 0.5)")
    add_out(p, "-o", "--out", kinds=_TABLES, required=True, metavar="OUT",
            help="the Hotspots table: .gpkg, .geojson, .csv or .xlsx")
    add_out(p, "--cells", dest="cells", kinds=_TABLES, metavar="FILE",
            help="also write the grid cells that hold a point, with their statistics")
    p.add_argument("--all-cells", action="store_true", help="with --cells: every grid cell, also the empty ones")
    add_out(p, "--profiles", dest="profiles", kinds=(".csv", ".xlsx"), metavar="FILE",
            help="also write each hotspot's hour-of-week (7 × 24, aoristic) and month profile (.csv/.xlsx)")
    add_engine(p)
    add_common(p, json_help="print the method, parameters and shares as JSON")
    p.set_defaults(run_command=run)


def run(args) -> int:
    """Run ``hotspots``; returns the exit code (raises InputError on bad input)."""
    import json

    from maps.cli.args.inputs import resolve_inputs
    from maps.cli.steps import add_names, cells_to_write, find, read_boundary, read_incidents
    from maps.labels import label
    from maps.products.exports.export import write_table
    from maps.products.summary import format_hotspots

    inputs = resolve_inputs(args)
    if inputs.scheduler and inputs.engine != "dask":
        from maps.cli.args.options import UsageError

        raise UsageError(f"--scheduler {inputs.scheduler} needs --engine dask (or [engine] name = \"dask\")")
    if inputs.engine == "dask":
        from maps.cli.engine import find_on_dask

        summary, finder, filtered = find_on_dask(inputs, args)
        finder.hotspots_ = add_names(finder.hotspots_, inputs, finder.hotspots_.crs,
                                     read_boundary(inputs, finder.hotspots_.crs))
    else:
        # The grid methods count cells: x/y columns, no shapely point per row (15 million rows at national scale).
        clusters = inputs.hotspots.get("method") in ("dbscan", "hdbscan")
        result, points, filtered = read_incidents(inputs, args, geometry=clusters, lean=not clusters)
        finder = find(inputs, points, read_boundary(inputs, result.summary["crs"]))
        summary = {**result.summary, "engine": {"name": "local"}}
    write_table(finder.hotspots_, args.out)
    if args.cells:
        write_table(cells_to_write(finder.cells_, inputs.all_cells), args.cells)
    if args.profiles:
        write_table(profile_table(finder, inputs.lang), args.profiles)
    report = {"rows": {k: summary[k] for k in ("rows_read", "rows_used", "rows_rejected")},
              "reasons": summary["reasons"], "engine": summary["engine"], "time_filter": filtered,
              **finder.params_, "output": args.out, "cells": args.cells}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        print(format_hotspots(finder, inputs.lang))
        print(f"{label('written', inputs.lang)}: {args.out}" + (f", {args.cells}" if args.cells else ""))
    return 0


def profile_table(finder, lang):
    """One row per hotspot: its peak windows, 168 hour-of-week weights (``mån_00`` ...) and 12 months."""
    import pandas as pd

    from hotspots.errors import InputError
    from hotspots.words import WEEKDAYS

    profiles = finder.profiles_
    if profiles is None:
        raise InputError("no profiles: the points have no times.")
    days = WEEKDAYS.get(lang, WEEKDAYS["sv"])
    hours = [f"{d}_{h:02d}" for d in days for h in range(24)]
    table = pd.DataFrame(profiles.week.reshape(len(profiles.week), 168), columns=hours)
    months = pd.DataFrame(profiles.month, columns=[f"m{m:02d}" for m in range(1, 13)])
    head = pd.DataFrame({"hotspot_id": range(1, len(table) + 1), "peak_windows": profiles.peak_windows})
    return pd.concat([head, table, months], axis=1)
