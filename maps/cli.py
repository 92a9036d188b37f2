"""The ``hotspot-planner`` command line: a thin layer over the Python API.

Exit codes: 0 success, 1 unusable input (one clear sentence, no traceback), 2 usage error.
Set ``HOTSPOT_PLANNER_DEBUG=1`` to see the traceback of an unexpected error.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from hotspots.errors import InputError
from hotspots.read import ReadOptions, read_points
from hotspots.area import read_area
from hotspots.find import METHODS, find_hotspots
from maps.export import write_table
from maps.labels import label
from maps.run import DEMO_PROJECT, run_project
from maps.summary import format_hotspots, format_summary

__all__ = ["main"]


def _read_arguments(parser):
    group = parser.add_argument_group("reading (all detected when left out)")
    group.add_argument("--complaints", nargs="+", default=[], metavar="FILE", help="citizen complaint files")
    group.add_argument("--x", dest="x_col", help="column with x / easting / longitude")
    group.add_argument("--y", dest="y_col", help="column with y / northing / latitude")
    group.add_argument("--crs", help="CRS of the coordinates, e.g. EPSG:3006, EPSG:3021, EPSG:4326")
    group.add_argument("--time", dest="start_col", help="column with the (start) date-time")
    group.add_argument("--end", dest="end_col", help="column with the end date-time or end clock")
    group.add_argument("--date", dest="date_col", help="column with the date (when the clock is separate)")
    group.add_argument("--clock", dest="clock_col", help="column with the clock time")
    group.add_argument("--tz", default="Europe/Stockholm", help="time zone of naive times (default %(default)s)")
    group.add_argument("--ignore-offsets", action="store_true",
                       help="treat times marked Z/+hh:mm as local clock times (some exports mislabel them)")
    group.add_argument("--id", dest="id_col", help="column with a unique id")
    group.add_argument("--category", dest="category_col", help="column with the category")
    group.add_argument("--text", dest="text_col", help="column with free text")
    group.add_argument("--weight", dest="weight_col", help="column with a weight")
    group.add_argument("--sheet", help="Excel sheet name or number, or 'all'")
    group.add_argument("--layer", help="GeoPackage layer")
    group.add_argument("--encoding", help="text encoding, e.g. cp1252")
    group.add_argument("--delimiter", help="CSV delimiter, e.g. ';'")
    group.add_argument("--boundary", help="study area polygon file; points outside are rejected")
    group.add_argument("--boundary-buffer-m", type=float, default=1000.0,
                       help="tolerance around the boundary in metres (default %(default)s)")


def _lang(parser):
    # Accepted before or after the command; SUPPRESS keeps the top-level value when not given here.
    parser.add_argument("--lang", choices=["sv", "en"], default=argparse.SUPPRESS, help="output language")


def _options(args) -> ReadOptions:
    keys = ("x_col", "y_col", "crs", "start_col", "end_col", "date_col", "clock_col", "tz", "ignore_offsets",
            "id_col", "category_col", "text_col", "weight_col", "layer", "encoding", "delimiter", "boundary",
            "boundary_buffer_m")
    sheet = args.sheet
    return ReadOptions(**{k: getattr(args, k) for k in keys}, sheet=sheet)


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
    _read_arguments(check)
    check.add_argument("--rejects", metavar="FILE", help="write the rejected rows with their reason (CSV)")
    check.add_argument("--json", action="store_true", help="print the summary as JSON")
    _lang(check)

    hot = sub.add_parser("hotspots", help="find hotspots with count, kde, gistar, dbscan or hdbscan",
                         description="Find hotspots in incident (and complaint) files and write the Hotspots table.")
    hot.add_argument("files", nargs="+", metavar="POINTS", help="incident files")
    _read_arguments(hot)
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
    hot.add_argument("--json", action="store_true", help="print the method, parameters and shares as JSON")
    _lang(hot)

    demo = sub.add_parser("demo", help="run the bundled synthetic Kalix project",
                          description="Run the bundled synthetic Kalix project and write its products.")
    demo.add_argument("-o", "--out", default="out/demo", help="output folder (default %(default)s)")
    demo.add_argument("--json", action="store_true", help="print the summary as JSON")
    _lang(demo)

    run = sub.add_parser("run", help="make every product of a project file",
                         description="Read a TOML project file and make all its products.")
    run.add_argument("project", help="the project .toml file")
    run.add_argument("-o", "--out", default=None, help="output folder (default out/<project name>)")
    run.add_argument("--json", action="store_true", help="print the summary as JSON")
    _lang(run)
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
    if args.command == "check":
        result = read_points(args.files, args.complaints, options=_options(args))
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
    options = _options(args)
    result = read_points(args.files, args.complaints, options=options)
    boundary = read_area(options.boundary) if options.boundary else None
    finder = find_hotspots(result.points, args.method, cell_m=args.cell_m, bandwidth_m=args.bandwidth_m,
                           kernel=args.kernel, fdr=args.fdr, alpha=args.alpha, eps_m=args.eps_m,
                           min_samples=args.min_samples, top_share=args.top_share,
                           complaint_weight=args.complaint_weight, boundary=boundary)
    write_table(finder.hotspots_, args.out)
    if args.cells:
        write_table(finder.cells_, args.cells)
    report = {"rows": {k: result.summary[k] for k in ("rows_read", "rows_used", "rows_rejected")},
              **finder.params_, "output": args.out, "cells": args.cells}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        print(format_hotspots(finder, args.lang))
        print(f"{label('written', args.lang)}: {args.out}" + (f", {args.cells}" if args.cells else ""))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
