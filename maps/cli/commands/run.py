"""``run`` and ``demo``: make every product of a project (or of incident files) in one folder.

``hotspot-planner run PROJECT.toml`` (or ``run --project PROJECT.toml``, or ``run POINTS...`` with the
defaults of :mod:`hotspots.defaults`) and ``hotspot-planner demo`` (the bundled synthetic Kalix project)
write, with file names Swedish or English after the language:

* ``check_summary.json`` and ``rejects.csv`` — the row accounting of every input file: every rejected row of
  the points, the patrol plan and the special places with its kind, file, row and reason, as ``check
  --rejects`` writes it (:mod:`maps.cli.reject_rows`; headers and reasons in the run's language,
  :mod:`maps.products.exports.table_words`);
* ``hotspots.gpkg`` — every map layer (``hotspots``, ``cells`` with a point — every cell with
  ``--all-cells`` or ``[hotspots] all_cells = true`` —, ``gaps``, ``patrols_*``, ``places_*``,
  ``suggestions``, ``emerging``) with its QGIS style in ``layer_styles`` (:mod:`maps.cli.run_outputs`);
* ``tackning.xlsx``/``coverage.xlsx`` (sheets summary, hotspots, gaps; Swedish headers and words in Swedish
  mode), ``forslag_besok.geojson`` and ``besok_och_patruller.gpx``/``.kml`` (suggested visits and the patrol
  plan for phones, car navigation and Google Earth) — when there is a patrol plan;
* the internal map and the share map (always offline and checked by :mod:`maps.share.privacy`);
* per event in ``[maps] briefings`` for ``[maps] year``: the internal high-risk weekend briefing and the
  shareable one for the BRÅ meeting (``genomgang_<event>_<year>_delningsbar.html``: no patrol times or
  units, counts in classes, nothing under ``min_count``, no free text); with patrols the summary's
  ``weekends`` holds each window's covered share (as ``weekend --json`` and ``coverage --period`` report it).

Every map is self-contained (scripts and styles inlined) and shows the boundary, the locality names
(``[data] localities``), the special places and the user's base data (``[maps] basemap``).

``[maps]`` settings: ``offline`` (no tiles on the internal map, default false: it then has online tiles
as an extra base layer, shown when the network allows), ``tiles`` (an xyzservices name, default
OpenStreetMap.Mapnik), ``basemap`` (base data files: roads, water, buildings), ``attribution`` (data
sources to credit on the maps, a string or a list), ``briefings`` (event keys), ``year`` (default: the
year after the data), ``suggest_visits`` (default 8), ``png`` (also PNG snapshots via headless Chromium,
default false).
"""

from importlib import resources

from maps.cli.args.options import add_common, add_method, add_patrols, add_read_arguments, add_source

__all__ = ["DEMO_PROJECT", "register", "run_project"]

DEMO_PROJECT = resources.files("maps.demo") / "kalix" / "kalix.toml"
_NAMES = {"sv": {"internal": "karta_intern.html", "share": "karta_delningsbar.html", "coverage": "tackning.xlsx",
                 "visits": "forslag_besok.geojson", "briefing": "genomgang_{event}_{year}.html",
                 "briefing_share": "genomgang_{event}_{year}_delningsbar.html", "gpx": "besok_och_patruller.gpx",
                 "kml": "besok_och_patruller.kml"},
          "en": {"internal": "map_internal.html", "share": "map_share.html", "coverage": "coverage.xlsx",
                 "visits": "suggested_visits.geojson", "briefing": "briefing_{event}_{year}.html",
                 "briefing_share": "briefing_{event}_{year}_share.html", "gpx": "visits_and_patrols.gpx",
                 "kml": "visits_and_patrols.kml"}}


def register(subparsers):
    """Add the ``run`` and ``demo`` commands."""
    run = subparsers.add_parser("run", help="make every product of a project file (or of incident files)",
                                description="Read a TOML project file (PROJECT.toml or --project) or incident files "
                                            "and make all the products: summary, hotspots, coverage, maps, "
                                            "briefings.")
    _common(run, out_default="out/<project or first file name>")
    run.set_defaults(run_command=_run)
    demo = subparsers.add_parser("demo", help="run the bundled synthetic Kalix project",
                                 description="Run the bundled synthetic Kalix project and write its products.")
    _common(demo, out_default="out/demo")
    demo.set_defaults(run_command=_demo)


def _common(p, out_default):
    add_source(p)
    add_read_arguments(p)
    add_method(p)
    add_patrols(p)
    p.add_argument("--places", metavar="FILE", help="special places file (replaces the project's)")
    p.add_argument("--all-cells", action="store_true", help="hotspots.gpkg: every grid cell, also the empty ones")
    p.add_argument("--basemap", nargs="+", action="extend", metavar="FILE",
                   help="base data for orientation on the maps: GeoPackage, GeoJSON, Shapefile, OSM .pbf "
                        "(replaces the project's [maps] basemap)")
    p.add_argument("--localities", metavar="FILE",
                   help="locality names: CSV (name, lat, lon) or GIS points (replaces the project's)")
    p.add_argument("-o", "--out", default=None, metavar="FOLDER", help=f"output folder (default {out_default})")
    add_common(p)


def _run(args) -> int:
    if len(args.points) == 1 and str(args.points[0]).lower().endswith(".toml") and not args.project:
        args.project, args.points = args.points[0], []  # ``run PROJECT.toml``, the form the README shows
    return _make(args, default_out=None)


def _demo(args) -> int:
    if not args.points and not args.project:
        args.project = str(DEMO_PROJECT)
    return _make(args, default_out="out/demo")


def _make(args, default_out) -> int:
    import json

    from maps.cli.args.inputs import resolve_inputs

    inputs = resolve_inputs(args)
    made = _make_products(inputs, args.out or default_out, quiet=args.json)
    if args.json:
        print(json.dumps(made, ensure_ascii=False, indent=2, default=str))
    return 0


def run_project(project, out_dir=None, *, lang=None, quiet=False) -> dict:
    """Read a project's data and write all its products (the Python form of ``run PROJECT.toml``).

    Parameters
    ----------
    project : str or Path
        The project TOML file.
    out_dir : str or Path, optional
        Output folder; default ``out/<project file stem>``.
    lang : {"sv", "en"}, optional
        Language of the printed summary, the file names and the maps; default the project's.
    quiet : bool
        Print nothing (the caller prints JSON instead).

    Returns
    -------
    dict
        ``{"summary": <check summary + hotspot and coverage figures>, "products": {name: path}}``.
    """
    from argparse import Namespace

    from maps.cli.args.inputs import resolve_inputs

    inputs = resolve_inputs(Namespace(command="run", points=[], project=str(project), lang=lang))
    return _make_products(inputs, out_dir, quiet=quiet)


def _make_products(inputs, out_dir=None, *, quiet=False) -> dict:
    """Write every product of resolved :class:`maps.cli.args.inputs.Inputs`; returns summary and paths."""
    import json
    from pathlib import Path

    from hotspots.errors import InputError
    from maps.cli.commands.coverage import coverage_thresholds
    from maps.cli.plan_rows import plan_rows, unread_line
    from maps.cli.progress import step
    from maps.cli.reject_rows import reject_rows
    from maps.cli.run_outputs import coverage_workbook, field_files, gis_package
    from maps.cli.steps import (
        find,
        planning_window,
        read_basemap,
        read_boundary,
        read_incidents,
        read_patrols_places,
        time_layers,
    )
    from maps.offline import make_offline
    from maps.overlays.orientation.tiles import DEFAULT as DEFAULT_TILES
    from maps.products.atomic import atomic_write
    from maps.products.build import build_map
    from maps.products.coverage import coverage_layers
    from maps.products.exports.export import write_table
    from maps.share.categories import require_known_categories
    from maps.share.privacy import check_share_html

    proj, lang = inputs.project, inputs.lang
    names = _NAMES[lang]
    settings = proj.settings.get("maps", {}) if proj else {}
    out = Path(out_dir) if out_dir else Path("out") / (proj.path.stem if proj else Path(inputs.incidents[0]).stem)
    result, points, _ = read_incidents(inputs)
    # the share map is one of the products: refuse before writing anything when sensitive rows cannot be told
    require_known_categories(result.summary, no_sensitive=inputs.no_sensitive, lang=lang,
                             product=str(out / names["share"]))
    out.mkdir(parents=True, exist_ok=True)
    summary = {"project": inputs.title, "synthetic": inputs.synthetic, **result.summary}
    products = {"summary": out / "check_summary.json", "rejects": out / "rejects.csv"}

    boundary = read_boundary(inputs, points.crs)
    finder = find(inputs, points, boundary)
    summary["hotspots"] = finder.params_

    window = planning_window(inputs, _year(settings, points), settings.get("briefings", []))
    patrol_read, place_read = read_patrols_places(inputs, points.crs, window)
    # Every rejected row of the run in one table, as `check --rejects` writes it: points, patrol plan, places.
    write_table(reject_rows(result, patrol_read, place_read, lang, localised=True), products["rejects"])
    reads = {"patrols": patrol_read, "places": place_read}
    summary.update(patrol_plan=plan_rows(patrol_read, lang), special_places=plan_rows(place_read, lang),
                   unread=[line for line in (unread_line(v, lang, k) for k, v in reads.items()) if line])
    patrols = patrol_read.patrols if patrol_read else None
    places = place_read.places if place_read else None
    gaps = suggestions = verdicts = None
    if patrols is not None and len(patrols):
        with step("coverage", lang):
            coverage, gaps, suggestions = coverage_layers(finder, points, patrols,
                                                          visits=int(settings.get("suggest_visits", 8)), lang=lang,
                                                          **coverage_thresholds(inputs))
        if coverage is not None:
            verdicts = dict(zip(coverage.table["hotspot_id"], coverage.table["status"]))
            products["coverage"] = out / names["coverage"]
            with atomic_write(products["coverage"]) as tmp:  # a new workbook with every sheet, or the earlier one
                coverage_workbook(tmp, coverage, finder, summary, lang=lang)
            summary["coverage"] = coverage.overall
        if suggestions is not None:
            products["visits"] = write_table(suggestions, out / names["visits"])
    emerging, change, notes = time_layers(inputs, points, finder, settings)  # the maps' and the GeoPackage's
    with step("write", lang):
        products["hotspots"] = out / "hotspots.gpkg"
        with atomic_write(products["hotspots"]) as tmp:  # every layer, or the earlier file
            summary["geopackage"] = gis_package(tmp, finder, points, all_cells=inputs.all_cells, gaps=gaps,
                                                patrols=patrols, places=places, suggestions=suggestions, lang=lang,
                                                emerging=emerging)
        products.update(field_files(out / names["gpx"], out / names["kml"], suggestions=suggestions,
                                    patrols=patrols, hotspots=finder.hotspots_, title=inputs.title, lang=lang,
                                    tz=inputs.tz))

    attribution = settings.get("attribution", [])
    if notes:
        summary["map_notes"] = notes
    common = {"emerging": emerging, "change": change, "grid": finder.grid_,
              "hotspots": finder.hotspots_, "cells": finder.cells_, "profiles": finder.profiles_,
              "boundary": boundary, "title": inputs.title, "synthetic": inputs.synthetic,
              "method": finder.params_["method"], "lang": lang, "min_count": inputs.min_count,
              "places": places, "basemap": read_basemap(inputs, points.crs, boundary),
              "attributions": [attribution] if isinstance(attribution, str) else list(attribution)}
    tiles = None if settings.get("offline") else str(settings.get("tiles") or DEFAULT_TILES)
    with step("map", lang):
        internal = build_map(points=points, patrols=patrols, gaps=gaps, suggestions=suggestions, tiles=tiles,
                             verdicts=verdicts, **common)
        products["map"] = out / names["internal"]
        _write_html(products["map"], make_offline(internal, keep_tiles=tiles is not None))
    with step("share", lang):
        share_html = make_offline(build_map(points=points, share=True, **common))
        problems = check_share_html(share_html, min_count=inputs.min_count, input_points=points)
    if problems:
        raise InputError("the share map would reveal individuals: " + "; ".join(problems[:5]))
    products["share_map"] = _write_html(out / names["share"], share_html)

    notes = [unread_line(v, lang, k) for k, v in reads.items()]
    briefings, weekends = _briefings(inputs, settings, points, places, patrols, boundary, finder, out, names, notes)
    products.update(briefings)
    if weekends:
        summary["weekends"] = weekends
    if settings.get("png"):
        with step("png", lang):
            products.update(_snapshots(products, out))
    with atomic_write(products["summary"]) as tmp:
        tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    if not quiet:
        _print(inputs, summary, finder, products, lang)
    return {"summary": summary, "products": {k: str(v) for k, v in products.items()}}


def _year(settings, points):
    """``[maps] year``, else the year after the data: the year the briefings (and the plan) are for."""
    return int(settings.get("year") or points["start"].max().year + 1)


def _briefings(inputs, settings, points, places, patrols, boundary, finder, out, names, notes=()):
    """One weekend briefing per event in ``[maps] briefings``, for ``[maps] year`` (default: after the data),
    and each window's covered share of the finder's hotspots (``{event: {...}}``)."""
    from layers.cover.weekend import WeekendRules, weekend_analysis
    from maps.cli.commands.coverage import coverage_thresholds
    from maps.cli.progress import step
    from maps.cli.run_outputs import share_briefing
    from maps.cli.steps import add_names, window_coverage
    from maps.labels import label
    from maps.products.briefing.weekend import BriefingLayers, weekend_briefing

    events, lang = settings.get("briefings", []), inputs.lang
    if not events:
        return {}, {}
    from maps.cli.plan_rows import with_unread_note

    year = _year(settings, points)
    hotspot_settings = {k: v for k, v in inputs.hotspots.items() if k != "method"}
    rules = WeekendRules(hotspot_settings={**hotspot_settings, "lang": lang}, **coverage_thresholds(inputs),
                         namer=lambda hot: add_names(hot, inputs, points.crs, boundary))
    layers = BriefingLayers(patrols=patrols, boundary=boundary)
    products, weekends = {}, {}
    for event in events:
        with step("briefing", lang, detail=event):
            weekend = weekend_analysis(event, year, points, places=places, patrols=patrols,
                                       local_events=inputs.events, overrides=inputs.calendar, rules=rules,
                                       tz=inputs.tz)
            page = weekend_briefing(with_unread_note(weekend, notes), layers=layers, title=inputs.title,
                                    synthetic=inputs.synthetic, min_count=inputs.min_count, lang=lang)
        path = out / names["briefing"].format(event=event, year=year)
        products[f"briefing_{event}"] = _write_html(path, page)
        with step("briefing", lang, detail=f"{event} ({label('share', lang).lower()})"):
            page = share_briefing(weekend, boundary=boundary, title=inputs.title, synthetic=inputs.synthetic,
                                  min_count=inputs.min_count, lang=lang)
        path = out / names["briefing_share"].format(event=event, year=year)
        products[f"briefing_{event}_share"] = _write_html(path, page)
        covered = window_coverage(finder, points, patrols, weekend.window, tz=inputs.tz, lang=lang,
                                  thresholds=coverage_thresholds(inputs))
        if covered is not None:
            weekends[event] = covered
    return products, weekends


def _snapshots(products, out) -> dict:
    from pathlib import Path

    from maps.products.snapshot import snapshot_png

    return {f"{name}_png": snapshot_png(path, Path(path).with_suffix(".png"))
            for name, path in list(products.items()) if str(path).endswith(".html")}


def _write_html(path, html):
    from pathlib import Path

    from maps.products.atomic import atomic_write

    with atomic_write(path) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return Path(path)


def _print(inputs, summary, finder, products, lang):
    from maps.cli.plan_rows import warning_lines
    from maps.labels import label
    from maps.products.summary import format_hotspots, format_summary, share_text

    if inputs.synthetic:
        print(label("synthetic", lang).upper())
    print(format_summary(summary, lang))
    for line in summary.get("unread", []):
        print(line)
    for what, key in (("patrols", "patrol_plan"), ("places", "special_places")):
        for line in warning_lines(summary.get(key), lang, what):
            print(line)
    print()
    print(format_hotspots(finder, lang))
    if "coverage" in summary:
        cov = summary["coverage"]
        print(f"{label('risk_covered', lang)}: {share_text(cov['risk_covered'], lang)} · "
              f"{label('efficiency', lang)}: {share_text(cov['efficiency'], lang)}")
    print()
    for path in products.values():
        print(f"{label('written', lang)}: {path}")
