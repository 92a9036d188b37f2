"""The ``hotspot-planner`` command line: a thin layer over the Python API.

Exit codes: 0 success, 1 unusable input (one clear sentence, no traceback), 2 usage error.
Set ``HOTSPOT_PLANNER_DEBUG=1`` to see the traceback of an unexpected error.
"""

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

from hotspots.errors import InputError
from hotspots.find import METHODS, find_hotspots
from hotspots.io.area import read_area
from hotspots.io.read import read_points
from maps.cli.options import add_lang, add_read_arguments, add_time_filters, apply_time_filters, read_options
from maps.cli.run import DEMO_PROJECT, run_project
from maps.labels import label
from maps.products.export import write_table
from maps.products.summary import format_hotspots, format_summary

__all__ = ["main"]

# Modules that add a command: each has ``register(subparsers)``, which adds its parser with
# ``set_defaults(run_command=fn)``; ``fn(args)`` returns the exit code.
_COMMAND_MODULES: tuple = ("maps.cli.calendar", "maps.cli.evaluate", "maps.cli.trends", "maps.cli.weekend",
                           "maps.cli.coverage", "maps.cli.map")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(
        prog="hotspot-planner",
        description="Where and when incidents and complaints concentrate, and whether planned presence is there.")
    parser.add_argument("--lang", choices=["sv", "en"], default="sv", help="output language (default sv)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="read point files and report rows read, used and rejected",
                           description="Read incident (and complaint) files and account for every row.")
    check.add_argument("files", nargs="+", metavar="FILE", help="incident files")
    add_read_arguments(check)
    check.add_argument("--rejects", metavar="FILE", help="write the rejected rows with their reason (CSV)")
    check.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_lang(check)

    hot = sub.add_parser("hotspots", help="find hotspots with count, kde, gistar, prospective, dbscan or hdbscan",
                         description="Find hotspots in incident (and complaint) files and write the Hotspots table.")
    hot.add_argument("files", nargs="+", metavar="POINTS", help="incident files")
    add_read_arguments(hot)
    add_time_filters(hot)
    hot.add_argument("--method", choices=METHODS, default="gistar", help="method (default %(default)s)")
    hot.add_argument("--cell-m", type=float, help="grid cell side in metres (default: automatic)")
    hot.add_argument("--bandwidth-m", type=float, help="KDE bandwidth in metres (default: automatic)")
    hot.add_argument("--kernel", choices=["gaussian", "quartic"], default="gaussian", help="KDE kernel")
    hot.add_argument("--fdr", choices=["bh", "bonferroni", "none"], default="bh",
                     help="multiple-testing correction for Gi* (default bh = Benjamini–Hochberg)")
    hot.add_argument("--alpha", type=float, default=0.05, help="significance level (default %(default)s)")
    hot.add_argument("--eps-m", type=float, help="DBSCAN neighbourhood radius in metres (default: automatic)")
    hot.add_argument("--min-samples", type=float, help="DBSCAN/HDBSCAN minimum weighted points (default: automatic)")
    hot.add_argument("--top-share", type=float, default=0.05,
                     help="share of occupied cells flagged by count and kde (default %(default)s)")
    hot.add_argument("--complaint-weight", type=float, default=0.5,
                     help="weight of a complaint relative to an incident (default %(default)s)")
    hot.add_argument("-o", "--out", required=True, metavar="OUT", help="output .gpkg, .geojson or .csv")
    hot.add_argument("--cells", metavar="FILE", help="also write every grid cell with its statistics")
    hot.add_argument("--profiles", metavar="FILE",
                     help="also write each hotspot's hour-of-week (7 × 24, aoristic) and month profile (.csv/.xlsx)")
    hot.add_argument("--json", action="store_true", help="print the method, parameters and shares as JSON")
    add_lang(hot)

    demo = sub.add_parser("demo", help="run the bundled synthetic Kalix project",
                          description="Run the bundled synthetic Kalix project and write its products.")
    demo.add_argument("-o", "--out", default="out/demo", help="output folder (default %(default)s)")
    demo.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_lang(demo)

    for module in _COMMAND_MODULES:
        importlib.import_module(module).register(sub)

    run = sub.add_parser("run", help="make every product of a project file",
                         description="Read a TOML project file and make all its products.")
    run.add_argument("project", help="the project .toml file")
    run.add_argument("-o", "--out", default=None, help="output folder (default out/<project name>)")
    run.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_lang(run)
    return parser


def main(argv=None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 bad input, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except InputError as err:
        print(f"{'error' if args.lang == 'en' else 'fel'}: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # no traceback for users; the debug switch shows it
        if os.environ.get("HOTSPOT_PLANNER_DEBUG"):
            raise
        print(f"internal error: {type(err).__name__}: {err} (rerun with HOTSPOT_PLANNER_DEBUG=1 and report it)",
              file=sys.stderr)
        return 1


def _dispatch(args) -> int:
    if hasattr(args, "run_command"):  # commands from _COMMAND_MODULES
        return args.run_command(args)
    if args.command == "check":
        result = read_points(args.files, args.complaints, options=read_options(args))
        if args.rejects:  # ';' and a BOM: opens straight in Swedish Excel
            Path(args.rejects).parent.mkdir(parents=True, exist_ok=True)
            result.rejects.to_csv(args.rejects, sep=";", index=False, encoding="utf-8-sig")
        print(json.dumps(result.summary, ensure_ascii=False, indent=2, default=str) if args.json
              else format_summary(result.summary, args.lang))
        if args.rejects and not args.json:
            print(f"{label('written', args.lang)}: {args.rejects}")
        return 0
    if args.command == "hotspots":
        return _hotspots(args)
    project = DEMO_PROJECT if args.command == "demo" else Path(args.project)
    products = run_project(project, args.out, lang=args.lang, quiet=args.json)
    if args.json:
        print(json.dumps(products, ensure_ascii=False, indent=2, default=str))
    return 0


def _hotspots(args) -> int:
    options = read_options(args)
    result = read_points(args.files, args.complaints, options=options)
    points, filtered = apply_time_filters(result.points, args)
    boundary = read_area(options.boundary) if options.boundary else None
    finder = find_hotspots(points, args.method, cell_m=args.cell_m, bandwidth_m=args.bandwidth_m,
                           kernel=args.kernel, fdr=args.fdr, alpha=args.alpha, eps_m=args.eps_m,
                           min_samples=args.min_samples, top_share=args.top_share,
                           complaint_weight=args.complaint_weight, boundary=boundary, lang=args.lang)
    write_table(finder.hotspots_, args.out)
    if args.cells:
        write_table(finder.cells_, args.cells)
    if args.profiles:
        write_table(_profile_table(finder, args.lang), args.profiles)
    report = {"rows": {k: result.summary[k] for k in ("rows_read", "rows_used", "rows_rejected")},
              "time_filter": filtered,
              **finder.params_, "output": args.out, "cells": args.cells}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        print(format_hotspots(finder, args.lang))
        print(f"{label('written', args.lang)}: {args.out}" + (f", {args.cells}" if args.cells else ""))
    return 0


def _profile_table(finder, lang):
    """One row per hotspot: its peak windows, 168 hour-of-week weights (``mån_00`` ...) and 12 months."""
    import pandas as pd

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
