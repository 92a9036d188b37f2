"""``hotspot-planner weekend EVENT POINTS... | --project FILE.toml --year YEAR``: past trouble against planned presence.

Reads the points, special places and patrol plan from a project file (``--project``) or from files
(``POINTS...``, ``--places``, ``--patrols``; with ``--project`` these two replace the project's files, e.g. to
try a new plan), runs :func:`layers.cover.weekend.weekend_analysis` and prints the window, the special places and
hotspots ranked by points in the same window of earlier years with the presence planned now, and the gaps.
``--json`` prints a machine-readable summary; ``-o`` writes the places and hotspots as one table (``.csv``,
``.xlsx``, ``.gpkg``) or, for ``-o FILE.html``, the briefing
(:func:`maps.products.briefing.weekend.weekend_briefing`: map and
tables, printable on A4, always offline). ``--share`` makes the briefing shareable (:mod:`maps.share.privacy`);
``--png FILE`` renders a 16:10 slide of it (map, overview, key figures, gaps) with headless Chromium
(:mod:`maps.products.snapshot`). ``--gpx FILE.gpx`` / ``--kml FILE.kml`` write the briefing's proposed visits
(dated waypoints) and the patrols planned in the window (stops, routes, areas) for the field
(:mod:`maps.products.exports.field`).

With patrols, ``--json`` also holds ``coverage``: the covered share of the hotspots found on all the points
exactly as ``run`` and ``coverage`` find them, per week and during this year's window — the same number
``coverage --project FILE --period FROM..TO`` gives for that window.
"""

from hotspots.defaults import METHODS
from hotspots.errors import InputError
from maps.cli.args.options import add_common, add_field_outputs, add_out, add_patrols, add_read_arguments, add_source
from maps.cli.commands.coverage import add_thresholds

__all__ = ["register"]

def register(subparsers):
    """Add the ``weekend`` command."""
    p = subparsers.add_parser(
        "weekend", help="before a high-risk weekend: past trouble at special places and hotspots vs planned presence",
        description="For an event (valborg, midsommar, nyarsafton, a local event, ...) and a year: the special "
                    "places and hotspots ranked by points in the same window of earlier years, the presence "
                    "planned within reach during this year's window, and the gaps.")
    p.add_argument("event", metavar="EVENT", help="event key, e.g. valborg, midsommar, nyarsafton, lonehelg")
    add_source(p)
    p.add_argument("--year", type=int, required=True, help="the year being planned, e.g. 2026")
    p.add_argument("--places", metavar="FILE", help="special places (replaces the project's)")
    add_patrols(p)
    p.add_argument("--years-back", type=int, default=5, help="earlier years to compare with (default %(default)s)")
    p.add_argument("--month", type=int, help="events with several windows a year (lonehelg): only this month's")
    p.add_argument("--buffer-h", type=float, default=0.0, help="hours added at both ends of every window (default 0)")
    p.add_argument("--method", choices=METHODS,
                   help="hotspot method on the points of the earlier windows (default count: they are few)")
    p.add_argument("--cell-m", type=float, help="grid cell side in metres (default: the project's, else automatic)")
    p.add_argument("--min-mean", type=float, default=1.0,
                   help="past trouble: mean points per earlier year at least this (default %(default)s)")
    add_thresholds(p)
    add_out(p, "-o", "--out", kinds=(".csv", ".xlsx", ".gpkg", ".geojson", ".html"), metavar="OUT",
            help="write places and hotspots as one table (.csv, .xlsx, .gpkg, .geojson), or the briefing (.html: "
                 "map and tables, printable on A4, opens without internet)")
    p.add_argument("--share", action="store_true",
                   help="with -o FILE.html / --png: shareable (no per-year counts, counts below the project's "
                        "min_count as '< 5', no patrols or places on the map)")
    p.add_argument("--offline", action="store_true",
                   help="accepted like the map command's; the briefing and the PNG are always offline")
    add_out(p, "--png", dest="png", kinds=(".png",), metavar="FILE.png",
            help="a 1600x1000 PNG slide: map, overview, key figures and gaps (headless chromium)")
    add_field_outputs(p)
    add_read_arguments(p)
    add_common(p, json_help="print a machine-readable summary")
    p.set_defaults(run_command=run)


def run(args) -> int:
    """Run ``weekend`` for parsed arguments; returns the exit code (raises InputError on bad input)."""
    import json
    from pathlib import Path

    from layers.cover.weekend import WeekendRules, weekend_analysis
    from maps.cli.progress import step
    from maps.labels import label
    from maps.products.exports.export import write_table

    data = _read(args)
    lang = data["lang"]
    if args.share:  # sensitive incidents are left out by category: refuse when the categories are unknown
        from maps.share.categories import require_known_categories

        require_known_categories(data["summary"], no_sensitive=data["inputs"].no_sensitive, lang=lang,
                                 product=args.out or args.png or "")
    from maps.cli.commands.coverage import coverage_thresholds
    from maps.cli.plan_rows import plan_rows, unread_line, warning_lines, with_unread_note
    from maps.cli.steps import add_names

    rules = WeekendRules(min_mean=args.min_mean, **coverage_thresholds(data["inputs"], args),
                         hotspot_settings={**data["hotspot_settings"], "lang": lang},
                         namer=lambda hot: add_names(hot, data["inputs"], data["points"].crs, data["boundary"]),
                         **({"method": args.method} if args.method else {}))
    try:
        weekend = weekend_analysis(args.event, args.year, data["points"], places=data["places"],
                                   patrols=data["patrols"], years_back=args.years_back,
                                   local_events=data["events"], overrides=data["overrides"],
                                   buffer_h=args.buffer_h, month=args.month, rules=rules, tz=data["tz"])
        data["coverage"] = _window_coverage(data, weekend.window)
        from maps.cli.weekend_delivered import weekend_delivered

        data["delivered"] = weekend_delivered(data["inputs"], weekend, data["points"].crs, data["places"])
    except InputError as err:
        raise InputError(f"{args.project}: {err}" if args.project else str(err)) from None
    reads = {"patrols": data["patrol_read"], "places": data["place_read"]}
    unread = {k: unread_line(v, lang, k) for k, v in reads.items()}
    data["accounting"] = {k: plan_rows(v, lang) for k, v in reads.items() if v is not None}
    data["unread"] = [line for line in unread.values() if line]
    data["briefing_weekend"] = with_unread_note(weekend, [unread_line(v, lang, k, share=args.share)
                                                         for k, v in reads.items()])
    briefing = bool(args.out) and Path(args.out).suffix.lower() in (".html", ".htm")
    if args.share and not (briefing or args.png):
        raise InputError("--share applies to the briefing and the PNG: pass -o FILE.html or --png FILE.png.")
    if args.share and (args.gpx or args.kml):
        raise InputError("--gpx/--kml are for the field and hold patrol times and units: write them without "
                         "--share.")
    if args.out and not briefing:
        write_table(_combined(weekend, args.out, lang), args.out)
    with step("briefing", lang):
        _write_products(args, data["briefing_weekend"], data, briefing, lang)
    if args.gpx or args.kml:
        _write_field(args, weekend, data, lang)
    if args.json:
        print(json.dumps(_summary(weekend, data, args.out, args.png), ensure_ascii=False, indent=2, default=_plain))
    else:
        if data["synthetic"]:
            print(label("synthetic", lang).upper())
        from maps.cli.weekend_text import format_weekend, format_window_coverage

        print(format_weekend(weekend, lang))
        for line in data["unread"]:
            print(line)
        for what, block in data["accounting"].items():
            for line in warning_lines(block, lang, what):
                print(line)
        if data.get("coverage"):
            print(format_window_coverage(data["coverage"], lang))
        for row in data.get("delivered", []):  # planned beside delivered (GPS tracks, patrol reports)
            words = ("planerat", "utfört") if lang == "sv" else ("planned", "delivered")
            print(f"{row['name']}: {words[0]} {row['planned_min']:.0f} min, {words[1]} {row['spans']} "
                  f"({row['delivered_min']:.0f} min)")
        for path in (args.out, args.png, args.gpx, args.kml):
            if path:
                print(f"{label('written', lang)}: {path}")
    return 0


def _read(args):
    from maps.cli.args.inputs import resolve_inputs
    from maps.cli.steps import planning_window, read_boundary, read_incidents, read_patrols_places

    inputs = resolve_inputs(args)
    if inputs.calendar is not None and not isinstance(inputs.calendar, dict):
        raise InputError(f"{args.project}: calendar must be a [calendar] table of event keys.")
    result, points, _ = read_incidents(inputs)
    crs = points.crs
    window = planning_window(inputs, args.year, [args.event], month=args.month)
    patrol_read, place_read = read_patrols_places(inputs, crs, window)
    return {"inputs": inputs, "points": points, "places": place_read.places if place_read else None,
            "boundary": read_boundary(inputs, crs), "title": inputs.project.name if inputs.project else "",
            "min_count": inputs.min_count, "lang": inputs.lang,
            "patrols": patrol_read.patrols if patrol_read else None, "events": inputs.events,
            "overrides": inputs.calendar, "tz": inputs.tz,
            "hotspot_settings": {k: v for k, v in inputs.hotspots.items() if k != "method"},
            "synthetic": inputs.synthetic, "patrol_read": patrol_read, "place_read": place_read,
            "rows": {k: result.summary[k] for k in ("rows_read", "rows_used", "rows_rejected")},
            "summary": result.summary,
            "places_rows": place_read.summary["rows_used"] if place_read else 0,
            "patrol_rows": patrol_read.summary["rows_used"] if patrol_read else 0}


def _window_coverage(data, window):
    """Coverage of the hotspots found on all the points (as ``run`` finds them) during the window."""
    from maps.cli.steps import find, window_coverage

    if data["patrols"] is None or not len(data["patrols"]):
        return None
    inputs = data["inputs"]
    finder = find(inputs, data["points"], data["boundary"])
    from maps.cli.commands.coverage import coverage_thresholds

    return window_coverage(finder, data["points"], data["patrols"], window, tz=inputs.tz, lang=inputs.lang,
                           thresholds=coverage_thresholds(inputs))


def _write_products(args, weekend, data, briefing, lang):
    """``-o FILE.html``: the briefing; ``--png FILE``: one 16:10 slide of it (map, overview, key figures, gaps)."""
    import tempfile
    from pathlib import Path

    from maps.products.atomic import atomic_write
    from maps.products.briefing.weekend import BriefingLayers, weekend_briefing
    from maps.products.snapshot import snapshot_png

    layers = BriefingLayers(patrols=data["patrols"], boundary=data["boundary"])
    common = {"layers": layers, "share": args.share, "min_count": data["min_count"], "synthetic": data["synthetic"],
              "lang": lang}
    if briefing:
        page = weekend_briefing(weekend, title=data["title"], **common)
        with atomic_write(args.out) as tmp:  # the earlier briefing or the new one, never half of one
            tmp.write_text(page, encoding="utf-8")
    if args.png:
        page = weekend_briefing(weekend, title=data["title"], layout="slide", **common)  # share rules checked
        with tempfile.TemporaryDirectory() as tmp:
            html_path = Path(tmp) / "map.html"
            html_path.write_text(page, encoding="utf-8")
            snapshot_png(html_path, args.png)


def _write_field(args, weekend, data, lang):
    """``--gpx``/``--kml``: the briefing's proposed visits and the patrols planned in the window, for the field."""
    from layers.cover.suggest import suggest_visits
    from maps.products.briefing.tables import BRIEFING_VISITS, window_patrols
    from maps.products.exports.field import write_field_files

    n = min(BRIEFING_VISITS, len(weekend.gaps))  # as the briefing proposes them
    usable = n and weekend.slots is not None and len(weekend.slots["times"])
    visits = suggest_visits(weekend, visits=n, lang=lang).plan if usable else None
    write_field_files(visits, window_patrols(weekend, data["patrols"]), gpx=args.gpx, kml=args.kml,
                      hotspots=weekend.hotspots, places=data["places"], title=data["title"], lang=lang,
                      tz=data["tz"])


def _combined(weekend, out, lang="sv"):
    """Places and hotspots in one table (``kind``, ``id`` first); geometry only for .gpkg/.geojson."""
    import geopandas as gpd
    import pandas as pd

    parts = []
    for table, kind, id_col in ((weekend.places, "place", "place_id"), (weekend.hotspots, "hotspot", "hotspot_id")):
        frame = table.rename(columns={id_col: "id"}).assign(id=lambda f: f["id"].astype(str))
        frame.insert(0, "kind", kind)
        parts.append(frame)
    both = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=weekend.places.crs)
    if "places" in both.columns:
        both["places"] = both["places"].fillna("")
    if str(out).lower().endswith((".csv", ".xlsx")):
        from maps.products.exports.table_words import localise_table

        return localise_table(pd.DataFrame(both.drop(columns="geometry")), lang)
    return both


def _records(table):
    import json

    import pandas as pd

    frame = pd.DataFrame(table.drop(columns="geometry", errors="ignore"))
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def _summary(weekend, data, out, png=None):
    windows = [{"name": r.name, "name_en": r.name_en, "start": r.start.isoformat(), "end": r.end.isoformat(),
                "hours": float(r.hours)} for r in weekend.windows.itertuples()]
    past = [{"year": int(r.year), "start": r.start.isoformat(), "end": r.end.isoformat(), "hours": float(r.hours)}
            for r in weekend.past_windows.itertuples()]
    return {"event": weekend.event, "name": weekend.name, "name_en": weekend.name_en, "year": weekend.year,
            "window": [weekend.window[0].isoformat(), weekend.window[1].isoformat()], "windows": windows,
            "past_windows": past, "rows": data["rows"], "places_read": data["places_rows"],
            "patrols_read": data["patrol_rows"], "places": _records(weekend.places),
            "hotspots": _records(weekend.hotspots), "gaps": _records(weekend.gaps), "info": weekend.info,
            "coverage": data.get("coverage"), "delivered": data.get("delivered", []), "output": out, "png": png,
            "patrol_plan": data["accounting"].get("patrols"), "special_places": data["accounting"].get("places"),
            "unread": data["unread"]}


def _plain(value):
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    return str(value)
