"""Argument helpers shared by every CLI command: reading options, language, and the options object."""

import argparse

from hotspots.defaults import TZ
from hotspots.io.read import ReadOptions

__all__ = ["add_lang", "add_read_arguments", "add_time_filters", "apply_time_filters", "read_options"]


def add_read_arguments(parser):
    """Add the reading options (columns, CRS, time zone, sheet, boundary, ...) to a command."""
    group = parser.add_argument_group("reading (all detected when left out)")
    group.add_argument("--complaints", nargs="+", default=[], metavar="FILE", help="citizen complaint files")
    group.add_argument("--x", dest="x_col", help="column with x / easting / longitude")
    group.add_argument("--y", dest="y_col", help="column with y / northing / latitude")
    group.add_argument("--crs", help="CRS of the coordinates, e.g. EPSG:3006, EPSG:3021, EPSG:4326")
    group.add_argument("--time", dest="start_col", help="column with the (start) date-time")
    group.add_argument("--end", dest="end_col", help="column with the end date-time or end clock")
    group.add_argument("--date", dest="date_col", help="column with the date (when the clock is separate)")
    group.add_argument("--clock", dest="clock_col", help="column with the clock time")
    group.add_argument("--tz", default=TZ, help="time zone of naive times (default %(default)s)")
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


def add_lang(parser):
    """Add ``--lang``, accepted before or after the command."""
    # Accepted before or after the command; SUPPRESS keeps the top-level value when not given here.
    parser.add_argument("--lang", choices=["sv", "en"], default=argparse.SUPPRESS, help="output language")


def read_options(args) -> ReadOptions:
    """The :class:`ReadOptions` from parsed arguments."""
    keys = ("x_col", "y_col", "crs", "start_col", "end_col", "date_col", "clock_col", "tz", "ignore_offsets",
            "id_col", "category_col", "text_col", "weight_col", "layer", "encoding", "delimiter", "boundary",
            "boundary_buffer_m")
    sheet = args.sheet
    return ReadOptions(**{k: getattr(args, k) for k in keys}, sheet=sheet)


def add_time_filters(parser):
    """Add ``--dates``, ``--weekdays`` and ``--hours`` (by each point's start, local time)."""
    group = parser.add_argument_group("time filters (by start time, local clock)")
    group.add_argument("--dates", help="date range, e.g. 2024-01-01..2024-06-30 (either end may be left out)")
    group.add_argument("--weekdays", help="weekdays, e.g. fre,lör or Fri-Sat or lör-mån")
    group.add_argument("--hours", help="hour window(s), e.g. 22-04 (crosses midnight) or 8-17,20-23")
    group.add_argument("--event", help="only the windows of a calendar event in every year of the data, "
                                       "e.g. valborg, midsommar, nyarsafton, lonehelg (see the calendar command)")


def apply_time_filters(points, args):
    """Filter points by the time options given; returns ``(points, summary or None)``."""
    from hotspots.temporal.timefilter import filter_time

    if not (args.dates or args.weekdays or args.hours or args.event):
        return points, None
    windows = _event_windows(points, args.event, args.tz) if args.event else None
    return filter_time(points, dates=args.dates, weekdays=args.weekdays, hours=args.hours, windows=windows,
                       tz=args.tz)


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
