"""Arguments every command shares: the input source, reading options, time filters, outputs, language.

The one grammar: a command that reads incidents takes them as positional ``POINTS...`` **or** from a
``--project FILE.toml`` (exactly one; :func:`maps.cli.args.inputs.resolve_inputs` checks it). Options left out
are ``None`` here so that a project's value can fill them and an explicit flag can override it; the
fallbacks live in :mod:`hotspots.defaults`.

This module is imported to build the parser, so it imports only the standard library and light
constants; whatever reads data is imported inside the functions that need it.
"""

import argparse
from pathlib import PurePath

from hotspots.defaults import BOUNDARY_BUFFER_M, ENGINE, ENGINES, LANGS, METHOD, METHODS, SPLIT_PROMINENCE
from hotspots.errors import InputError

__all__ = ["UsageError", "add_common", "add_engine", "add_field_outputs", "add_method", "add_out", "add_read_arguments",
           "add_source",
           "add_time_filters", "apply_time_filters", "check_outputs"]

# The -o-like options a command declares and the suffixes each can write: {dest: (suffix, ...)}.
_OUT_KINDS = "out_kinds"


class UsageError(Exception):
    """A command line that cannot be run as given (exit code 2, like argparse's own errors)."""


def add_source(parser):
    """Add the input source: positional ``POINTS...`` or ``--project FILE.toml``."""
    parser.add_argument("points", nargs="*", metavar="POINTS",
                        help="incident files (.csv, .xlsx, .gpkg, .geojson, .parquet, ...); or use --project")
    parser.add_argument("--project", metavar="FILE.toml",
                        help="project file: its incidents, complaints, reading options, hotspot method and "
                             "settings, boundary, patrols, places, local events, min_count and language; "
                             "flags given here override the project's values")


def add_patrols(parser, *, help="patrol plan files (replace the project's)"):
    """``--patrols FILE...``: repeatable, every file given is read (``--patrols a.csv --patrols b.csv``)."""
    parser.add_argument("--patrols", nargs="+", action="extend", metavar="FILE", help=help)


def add_read_arguments(parser):
    """Add the reading options (columns, CRS, time zone, sheet, boundary, ...) to a command."""
    group = parser.add_argument_group("reading (all detected when left out; with --project, from its [read])")
    group.add_argument("--complaints", nargs="+", action="extend", metavar="FILE", help="citizen complaint files")
    group.add_argument("--x", dest="x_col", help="column with x / easting / longitude")
    group.add_argument("--y", dest="y_col", help="column with y / northing / latitude")
    group.add_argument("--crs", help="CRS of the coordinates, e.g. EPSG:3006, EPSG:3021, EPSG:4326")
    group.add_argument("--time", dest="start_col", help="column with the (start) date-time")
    group.add_argument("--end", dest="end_col", help="column with the end date-time or end clock")
    group.add_argument("--date", dest="date_col", help="column with the date (when the clock is separate)")
    group.add_argument("--clock", dest="clock_col", help="column with the clock time")
    group.add_argument("--tz", help="time zone of naive times (default: the project's, else the zone where the points "
                                            "are, found offline from their location)")
    group.add_argument("--ignore-offsets", action="store_true", default=None,
                       help="treat times marked Z/+hh:mm as local clock times (some exports mislabel them)")
    order = group.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True, default=None,
                       help="read n/n/yyyy dates as day/month when the data do not decide (the default in Sweden)")
    order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False,
                       help="read n/n/yyyy dates as month/day when the data do not decide (US exports)")
    group.add_argument("--min-date", metavar="YYYY-MM-DD",
                       help="earliest plausible date; earlier rows are rejected (default 1970-01-01)")
    group.add_argument("--max-date", metavar="YYYY-MM-DD",
                       help="latest plausible date; later rows are rejected (default: tomorrow)")
    group.add_argument("--study-box", metavar="MINX,MINY,MAXX,MAXY",
                       help="points outside this lon/lat box are rejected (without --boundary), e.g. "
                            "22.5,65.6,23.9,66.3; 'auto' (default: Sweden's box for Swedish data) or 'off'")
    group.add_argument("--id", dest="id_col", help="column with a unique id")
    group.add_argument("--category", "--category-column", dest="category_col", help="column with the category")
    group.add_argument("--default-category", metavar="KEY",
                       help="category of rows without one (e.g. a file of drug complaints: drugs)")
    group.add_argument("--no-sensitive", action="store_const", const=True, default=None,
                       help="state that no incident in the files is sensitive, so share products can be made "
                            "without a known category column")
    group.add_argument("--text", dest="text_col", help="column with free text")
    group.add_argument("--weight", dest="weight_col", help="column with a weight")
    group.add_argument("--sheet", help="Excel sheet name or number, or 'all'")
    group.add_argument("--layer", help="GeoPackage layer")
    group.add_argument("--encoding", help="text encoding, e.g. cp1252")
    group.add_argument("--delimiter", help="CSV delimiter, e.g. ';'")
    group.add_argument("--boundary", help="study area polygon file; points outside are rejected")
    group.add_argument("--boundary-buffer-m", type=float,
                       help=f"tolerance around the boundary in metres (default {BOUNDARY_BUFFER_M:g})")


def add_method(parser, *, default_note=f"the project's, else {METHOD}"):
    """Add ``--method``, ``--cell-m``, ``--split-prominence`` (``None`` when left out: the project's or the default)."""
    parser.add_argument("--method", choices=METHODS, help=f"hotspot method (default: {default_note})")
    parser.add_argument("--cell-m", type=float, help="grid cell side in metres (default: the project's, else "
                                                     "automatic from the events' spacing)")
    parser.add_argument("--split-prominence", type=float, metavar="SHARE",
                        help="grid methods: split a hot area between two peaks where the counts drop by this share "
                             f"of the lower peak (default: the project's, else {SPLIT_PROMINENCE:g}; 1 = never)")
    parser.add_argument("--keep-imprecise", action="store_const", const=True, default=None,
                        help="keep points at imprecise locations (area centres, geocoder fallbacks, coarse grids) "
                             "in the hotspot method; they are left out by default")


def add_engine(parser):
    """Add ``--engine`` and ``--scheduler`` (``None`` when left out: the project's ``[engine]`` or local)."""
    group = parser.add_argument_group("engine (with --project, from its [engine])")
    group.add_argument("--engine", choices=ENGINES,
                       help=f"where reading, row checks, binning and per-cell sums run (default {ENGINE}); dask reads "
                            "Parquet files or folders of parts on a dask cluster, see docs/scale.md")
    group.add_argument("--scheduler", metavar="ADDRESS",
                       help="with --engine dask: a running dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a "
                            "local cluster with one worker per core, closed after the run)")


def add_common(parser, *, json_help="print the summary as JSON"):
    """Add ``--json``, ``--lang`` and ``--quiet``, accepted before or after the command."""
    if json_help:
        parser.add_argument("--json", action="store_true", help=json_help)
    # SUPPRESS keeps the top-level value when the flag is not given after the command.
    parser.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS,
                        help="output language (default: the project's, else sv)")
    parser.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="no progress display")


def add_out(parser, *flags, kinds, dest="out", **kwargs):
    """Add an output option that can write files ending in ``kinds`` (checked before any work)."""
    parser.add_argument(*flags, dest=dest, **kwargs)
    known = dict(parser.get_default(_OUT_KINDS) or {})
    known[dest] = tuple(kinds)
    parser.set_defaults(**{_OUT_KINDS: known})


def check_outputs(args):
    """Raise :class:`InputError` for an output whose suffix its command cannot write, before any work.

    The message lists what the command can write: ``map -o can write .html or .png; got .pdf``.
    """
    for dest, kinds in (getattr(args, _OUT_KINDS, None) or {}).items():
        path = getattr(args, dest, None)
        if not path:
            continue
        suffix = PurePath(str(path)).suffix.lower() or "(none)"
        if suffix not in kinds:
            flag = "-o" if dest == "out" else f"--{dest.replace('_', '-')}"
            words = ", ".join(kinds[:-1]) + " or " + kinds[-1] if len(kinds) > 1 else kinds[0]
            raise InputError(f"{args.command} {flag} can write {words}; got {suffix}")


def add_time_filters(parser):
    """Add ``--dates``, ``--weekdays``, ``--hours`` and ``--event`` (by each point's start, local time)."""
    group = parser.add_argument_group("time filters (by start time, local clock)")
    group.add_argument("--dates", help="date range, e.g. 2024-01-01..2024-06-30 (either end may be left out)")
    group.add_argument("--weekdays", help="weekdays, e.g. fre,lör or Fri-Sat or lör-mån")
    group.add_argument("--hours", help="hour window(s), e.g. 22-04 (crosses midnight) or 8-17,20-23")
    group.add_argument("--event", help="only the windows of a calendar event in every year of the data, "
                                       "e.g. valborg, midsommar, nyarsafton, lonehelg (see the calendar command)")


def apply_time_filters(points, args, tz):
    """Filter points by the time options given; returns ``(points, summary or None)``."""
    if not (getattr(args, "dates", None) or getattr(args, "weekdays", None) or getattr(args, "hours", None)
            or getattr(args, "event", None)):
        return points, None
    from hotspots.temporal.timefilter import filter_time

    windows = _event_windows(points, args.event, tz) if args.event else None
    return filter_time(points, dates=args.dates, weekdays=args.weekdays, hours=args.hours, windows=windows, tz=tz)


def _event_windows(points, key, tz):
    """The event's windows in every year the points cover (built-in calendar events)."""
    from hotspots.errors import InputError
    from layers.calendar import event_windows

    starts = points["start"].dropna()
    if starts.empty:
        raise InputError(f"--event {key}: the points have no times.")
    years = range(starts.min().tz_convert(tz).year - 1, starts.max().tz_convert(tz).year + 1)
    frames = [event_windows(year, tz=tz) for year in years]
    rows = [f[f["key"] == key] for f in frames]
    if all(r.empty for r in rows):
        known = ", ".join(sorted(frames[0]["key"].unique()))
        raise InputError(f"--event {key}: unknown event; known events are {known}.")
    return [(s, e) for r in rows for s, e in zip(r["start"], r["end"])]


def add_field_outputs(p):
    """Add ``--gpx FILE.gpx`` and ``--kml FILE.kml``: suggested visits and patrol routes for the field."""
    add_out(p, "--gpx", dest="gpx", kinds=(".gpx",), metavar="FILE.gpx",
            help="also write the suggested visits (waypoints) and patrol routes as GPX 1.1 for phones and car "
                 "navigation")
    add_out(p, "--kml", dest="kml", kinds=(".kml",), metavar="FILE.kml",
            help="also write the suggested visits and patrol routes as KML for Google Earth")
