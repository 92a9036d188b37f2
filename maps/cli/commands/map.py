"""``hotspot-planner map POINTS... | --project FILE.toml -o karta.html``: hotspots and every layer on one map.

Reads the points, finds hotspots (method and settings from the flags, else the project's, else
:mod:`hotspots.defaults`) and draws them with heat, grid, patrols, special places, coverage gaps and the
boundary. With ``--project`` the project's patrols, places, boundary, ``min_count``, title and language are
used unless a flag replaces them. ``-o`` writes ``.html`` or, for ``-o FILE.png``, a PNG of the map
(headless Chromium; ``--png FILE`` adds one beside the HTML).

Every map is self-contained: scripts and styles are inlined (:func:`maps.offline.make_offline`), and the
boundary, the locality names (``--localities`` / ``[data] localities``), the special places and the user's
base data (``--basemap FILE...`` / ``[maps] basemap``: GeoPackage, GeoJSON, Shapefile, OSM ``.pbf``,
Lantmäteriet's topographic data) orient the reader without internet. Online tiles (``--tiles NAME``, default
OpenStreetMap through xyzservices) are an extra base layer; ``--offline`` leaves them out, so the page makes
no request at all. ``--share`` makes a map fit to leave the police (:mod:`maps.share.privacy`) and implies
``--offline``. The page is checked with
:func:`maps.share.privacy.check_share_html`; if it reports anything, nothing is written and the command
fails naming each violation. With patrols an internal map also shows the coverage gaps
(:func:`layers.cover.coverage.compute_coverage`) and, with ``--suggest N``, N suggested visits.
"""

import sys

from hotspots.defaults import HEAT_MODES, MIN_COUNT
from maps.cli.args.options import (
    add_common,
    add_method,
    add_out,
    add_patrols,
    add_read_arguments,
    add_source,
    add_time_filters,
)

__all__ = ["register"]


def __getattr__(name):
    """``maps.cli.commands.map.check_share_html`` is imported on first use, so that ``--help`` stays light (and
    tests can still replace it here)."""
    if name == "check_share_html":
        from maps.share.privacy import check_share_html

        return check_share_html
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register(sub):
    """Add ``map`` to the CLI's subparsers."""
    parser = sub.add_parser("map", help="draw hotspots, heat, patrols and places on an HTML map",
                            description="Find hotspots and draw them with heat, grid, patrols, special places, "
                                        "coverage gaps and the boundary on one interactive map.")
    add_source(parser)
    add_read_arguments(parser)
    add_time_filters(parser)
    add_method(parser)
    add_patrols(parser)
    parser.add_argument("--places", metavar="FILE", help="special places file (replaces the project's)")
    parser.add_argument("--suggest", type=int, default=0, metavar="N",
                        help="with patrols: draw N suggested visits that cover the most uncovered risk")
    parser.add_argument("--share", action="store_true",
                        help="shareable map: no points, no free text, small counts hidden (implies --offline)")
    parser.add_argument("--offline", action="store_true",
                        help="no online tiles: the page makes no request (scripts are always inlined)")
    parser.add_argument("--tiles", metavar="NAME",
                        help="online tile provider by xyzservices name (default: the project's, else "
                             "OpenStreetMap.Mapnik); ignored with --offline")
    parser.add_argument("--basemap", nargs="+", action="extend", metavar="FILE",
                        help="base data for orientation: GeoPackage, GeoJSON, Shapefile, OSM .pbf (roads, water, "
                             "buildings, place names; replaces the project's [maps] basemap)")
    parser.add_argument("--localities", metavar="FILE",
                        help="locality names: CSV (name, lat, lon) or GIS points (replaces the project's)")
    add_out(parser, "--png", dest="png", kinds=(".png",), metavar="FILE.png",
            help="also a PNG of the map for slides (headless chromium)")
    parser.add_argument("--min-count", type=int,
                        help=f"smallest count shown with --share (default: the project's, else {MIN_COUNT})")
    parser.add_argument("--title", default="", help="map title (default: the project's name or the first file's)")
    parser.add_argument("--synthetic", action="store_true", help="say 'synthetic data' in the title block")
    parser.add_argument("--color-by", choices=["rank", "trend"], default="rank", help="hotspot colours")
    parser.add_argument("--heat", choices=HEAT_MODES, default="auto",
                        help="heat layer: KDE image, HeatMap, automatic by size (default) or none")
    parser.add_argument("--point-limit", type=int, default=20000,
                        help="most points drawn as markers on internal maps (default %(default)s)")
    add_out(parser, "-o", "--out", kinds=(".html", ".png"), required=True, metavar="FILE",
            help="the map: .html, or .png for a picture of it")
    add_common(parser, json_help="print what was drawn as JSON")
    parser.set_defaults(run_command=run)


def run(args) -> int:
    """Run ``map``; returns the exit code (raises InputError on bad input)."""
    import json
    from pathlib import Path

    from hotspots.errors import InputError
    from maps.cli.args.inputs import resolve_inputs
    from maps.cli.plan_rows import unread_line
    from maps.cli.progress import step
    from maps.cli.steps import (
        find,
        planning_window,
        read_basemap,
        read_boundary,
        read_incidents,
        read_patrols_places,
        time_layers,
    )
    from maps.labels import label
    from maps.offline import make_offline
    from maps.overlays.orientation.tiles import DEFAULT as DEFAULT_TILES
    from maps.products.build import build_map
    from maps.products.coverage import coverage_layers

    check_share_html = sys.modules[__name__].check_share_html  # the gate, as replaced by tests
    inputs = resolve_inputs(args)
    lang = inputs.lang
    if inputs.min_count < 1:
        raise InputError(f"--min-count must be a whole number ≥ 1, got {inputs.min_count}.")
    if args.suggest < 0 or (args.suggest and not inputs.patrols):
        raise InputError("--suggest N needs N ≥ 0 and patrols (--patrols, or a project with [data] patrols).")
    result, points, _ = read_incidents(inputs, args)
    if args.share:  # sensitive incidents are left out by category: refuse when the categories are unknown
        from maps.share.categories import require_known_categories

        require_known_categories(result.summary, no_sensitive=inputs.no_sensitive, lang=lang, product=args.out)
    boundary = read_boundary(inputs, points.crs)
    finder = find(inputs, points, boundary)
    patrols = gaps = suggestions = verdicts = None
    unread = []
    patrol_read, place_read = read_patrols_places(inputs, points.crs, planning_window(inputs))
    places = place_read.places if place_read else None  # share maps keep places (names, no notes)
    if not args.share:
        unread = [line for line in (unread_line(patrol_read, lang, "patrols"), unread_line(place_read, lang, "places"))
                  if line]
        patrols = patrol_read.patrols if patrol_read else None
        if patrols is not None and len(patrols):
            with step("coverage", lang):
                coverage, gaps, suggestions = coverage_layers(finder, points, patrols, visits=args.suggest, lang=lang)
                if coverage is not None:
                    verdicts = dict(zip(coverage.table["hotspot_id"], coverage.table["status"]))
    settings = inputs.project.settings.get("maps", {}) if inputs.project else {}
    offline = args.share or args.offline or Path(args.out).suffix.lower() == ".png"
    tiles = None if offline else str(args.tiles or settings.get("tiles") or DEFAULT_TILES)
    attribution = settings.get("attribution", [])
    emerging, change, _ = time_layers(inputs, points, finder, settings)
    with step("share" if args.share else "map", lang):
        fmap = build_map(points=points, hotspots=finder.hotspots_, cells=finder.cells_, profiles=finder.profiles_,
                         patrols=patrols, places=places, gaps=gaps, suggestions=suggestions, boundary=boundary,
                         share=args.share, min_count=inputs.min_count, title=args.title or inputs.title,
                         synthetic=inputs.synthetic, lang=lang, heat=args.heat, point_limit=args.point_limit,
                         color_by=args.color_by, method=finder.params_["method"],
                         basemap=read_basemap(inputs, points.crs, boundary), tiles=tiles,
                         emerging=emerging, change=change, grid=finder.grid_, verdicts=verdicts,
                         attributions=[attribution] if isinstance(attribution, str) else list(attribution))
        page = make_offline(fmap, keep_tiles=tiles is not None)
    if args.share:
        problems = check_share_html(page, min_count=inputs.min_count, input_points=points)
        if problems:
            raise InputError(f"the shareable map breaks the share rules, so {args.out} was not written: "
                             + "; ".join(problems))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pngs = [p for p in (args.png, str(out) if out.suffix.lower() == ".png" else None) if p]
    if out.suffix.lower() != ".png":
        from maps.products.atomic import atomic_write

        with atomic_write(out) as tmp:
            tmp.write_text(page, encoding="utf-8")
    if pngs:
        _snapshots(fmap, page if tiles is None else None, pngs, lang)
    report = {"output": str(out), "share": args.share, "offline": offline,
              "bytes": out.stat().st_size, "points": len(points), "hotspots": len(finder.hotspots_),
              "method": finder.params_["method"], "cell_m": finder.params_.get("cell_m"),
              "patrols": 0 if patrols is None else len(patrols), "places": 0 if places is None else len(places),
              "gaps": 0 if gaps is None else len(gaps), "suggestions": 0 if suggestions is None else len(suggestions),
              "unread": unread}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        for line in unread:
            print(line)
        print(f"{label('written', lang)}: {out} ({report['bytes'] / 1e6:.2f} MB)")
        if args.png:
            print(f"{label('written', lang)}: {args.png}")
    return 0


def _snapshots(fmap, offline_page, pngs, lang):
    """PNGs of the map; the snapshot blocks the network, so it is always taken of the offline page."""
    import tempfile
    from pathlib import Path

    from maps.cli.progress import step
    from maps.offline import make_offline
    from maps.products.snapshot import snapshot_png

    with step("png", lang), tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "map.html"
        html.write_text(offline_page or make_offline(fmap), encoding="utf-8")
        for png in pngs:
            snapshot_png(html, png)
