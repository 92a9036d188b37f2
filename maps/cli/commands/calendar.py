"""``hotspot-planner calendar YEAR``: the year's high-risk event windows as a table or JSON.

With ``--project`` the local events (``[[events]]``), the municipality's overrides (``[calendar]``) and the
time zone (``[project] timezone``) and the language (``[project] lang``) come from the project file. The
calendar reads no incidents, so it takes no ``POINTS``.
"""

from hotspots.defaults import LANG, TZ
from hotspots.errors import InputError
from hotspots.words import WEEKDAYS
from maps.cli.args.options import add_common

__all__ = ["register"]

_HEAD = {"sv": ("händelse", "dag", "start", "slut", "timmar"), "en": ("event", "day", "start", "end", "hours")}


def register(subparsers):
    """Add the ``calendar`` command."""
    parser = subparsers.add_parser(
        "calendar", help="list the year's high-risk event windows (Valborg, Midsommar, lönehelg, ...)",
        description="List the Swedish high-risk calendar of a year: each event as a time window in local time, "
                    "with its real length in hours (daylight saving included).")
    parser.add_argument("year", type=int, metavar="YEAR", help="calendar year, e.g. 2026")
    parser.add_argument("--project", metavar="FILE.toml",
                        help="project file: local events from [[events]], overrides from [calendar]")
    add_common(parser, json_help="print the windows as a JSON list")
    parser.set_defaults(run_command=run)


def run(args) -> int:
    """Print the calendar; returns the exit code."""
    import json

    from layers.calendar import event_windows

    local_events, overrides, tz, lang = _read_project(args.project) if args.project else (None, None, TZ, None)
    try:
        windows = event_windows(args.year, local_events=local_events, overrides=overrides, tz=tz)
    except InputError as err:
        raise InputError(f"{args.project}: {err}" if args.project else str(err)) from None
    lang = getattr(args, "lang", None) or lang or LANG
    if args.json:
        records = [{"key": r.key, "name": r.name, "name_en": r.name_en, "day": r.day.isoformat(),
                    "start": r.start.isoformat(), "end": r.end.isoformat(), "hours": float(r.hours),
                    "source": r.source} for r in windows.itertuples()]
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        print(_table(windows, lang, f"{args.year} ({tz})"))
    return 0


def _read_project(path):
    """Local events, ``[calendar]`` overrides, time zone and language of a project file."""
    from maps.cli.args.project import load_project

    proj = load_project(path)
    return proj.events, proj.settings.get("calendar", {}), proj.read.tz or TZ, proj.lang


def _table(windows, lang, when):
    title = f"{'High-risk calendar' if lang == 'en' else 'Högriskkalender'} {when}"
    days = WEEKDAYS[lang]
    rows = [(r.name_en if lang == "en" else r.name, f"{days[r.day.weekday()]} {r.day.isoformat()}",
             f"{days[r.start.weekday()]} {r.start:%Y-%m-%d %H:%M}", f"{days[r.end.weekday()]} {r.end:%Y-%m-%d %H:%M}",
             f"{r.hours:g}") for r in windows.itertuples()]
    rows.insert(0, _HEAD[lang])
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.rjust(w) if i == 4 else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             .rstrip() for row in rows]
    return "\n".join([title, *lines])
