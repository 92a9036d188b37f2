"""The ``map`` command: read points, find hotspots and draw every layer on one HTML map.

``hotspot-planner map POINTS... [--complaints ...] [--method gistar] [--cell-m N] [--patrols FILE...]
[--places FILE] [--boundary FILE] [--share] [--offline] [--min-count 5] [--lang en] -o map.html``

``--share`` makes a map fit to leave the police (:mod:`maps.share.privacy`) and implies ``--offline`` (every
asset inlined, no tiles: :func:`maps.offline.make_offline`). The written page is checked with
:func:`maps.share.privacy.check_share_html`; if it reports anything, nothing is written and the command
fails naming each violation. With ``--patrols`` an internal map also shows the coverage gaps
(:func:`layers.coverage.compute_coverage`) and, with ``--suggest N``, N suggested visits.
"""

import json
import tempfile
from pathlib import Path

from hotspots.errors import InputError
from hotspots.find import METHODS, find_hotspots
from hotspots.io.area import read_area
from hotspots.io.read import read_points
from maps.cli.options import add_lang, add_read_arguments, add_time_filters, apply_time_filters, read_options
from maps.labels import label
from maps.offline import make_offline
from maps.products.build import HEAT_MODES, build_map
from maps.products.coverage import coverage_layers
from maps.share.privacy import check_share_html

__all__ = ["register"]


def register(sub):
    """Add ``map`` to the CLI's subparsers."""
    parser = sub.add_parser("map", help="draw hotspots, heat, patrols and places on an HTML map",
                            description="Find hotspots and draw them with heat, grid, patrols, special places, "
                                        "coverage gaps and the boundary on one interactive map.")
    parser.add_argument("files", nargs="+", metavar="POINTS", help="incident files")
    add_read_arguments(parser)
    add_time_filters(parser)
    parser.add_argument("--method", choices=METHODS, default="gistar", help="hotspot method (default %(default)s)")
    parser.add_argument("--cell-m", type=float, help="grid cell side in metres (default: automatic)")
    parser.add_argument("--patrols", nargs="+", default=[], metavar="FILE", help="patrol plan files")
    parser.add_argument("--places", metavar="FILE", help="special places file")
    parser.add_argument("--suggest", type=int, default=0, metavar="N",
                        help="with --patrols: draw N suggested visits that cover the most uncovered risk")
    parser.add_argument("--share", action="store_true",
                        help="shareable map: no points, no free text, small counts hidden (implies --offline)")
    parser.add_argument("--offline", action="store_true", help="inline every asset; no tiles, no network")
    parser.add_argument("--png", metavar="FILE.png", help="also a PNG of the map for slides (headless chromium)")
    parser.add_argument("--min-count", type=int, default=5, help="smallest count shown with --share (default 5)")
    parser.add_argument("--title", default="", help="map title (default: the first file's name)")
    parser.add_argument("--synthetic", action="store_true", help="say 'synthetic data' in the title block")
    parser.add_argument("--color-by", choices=["rank", "trend"], default="rank", help="hotspot colours")
    parser.add_argument("--heat", choices=HEAT_MODES, default="auto",
                        help="heat layer: KDE image, HeatMap, automatic by size (default) or none")
    parser.add_argument("--point-limit", type=int, default=20000,
                        help="most points drawn as markers on internal maps (default %(default)s)")
    parser.add_argument("-o", "--out", required=True, metavar="HTML", help="output .html")
    parser.add_argument("--json", action="store_true", help="print what was drawn as JSON")
    add_lang(parser)
    parser.set_defaults(run_command=_run)


def _run(args) -> int:
    if args.min_count < 1:
        raise InputError(f"--min-count must be a whole number ≥ 1, got {args.min_count}.")
    if args.suggest < 0 or (args.suggest and not args.patrols):
        raise InputError("--suggest N needs N ≥ 0 and --patrols (the plan the visits are added to).")
    options = read_options(args)
    result = read_points(args.files, args.complaints, options=options)
    points, _ = apply_time_filters(result.points, args)
    boundary = read_area(options.boundary) if options.boundary else None
    finder = find_hotspots(points, args.method, cell_m=args.cell_m, boundary=boundary, lang=args.lang)
    patrols = places = gaps = suggestions = None
    if not args.share:
        if args.patrols:
            from layers.patrols import read_patrols

            patrols = read_patrols(args.patrols).patrols
            _, gaps, suggestions = coverage_layers(finder, points, patrols, visits=args.suggest, lang=args.lang)
        if args.places:
            from layers.places import read_places

            places = read_places(args.places).places
    fmap = build_map(points=points, hotspots=finder.hotspots_, cells=finder.cells_, profiles=finder.profiles_,
                     patrols=patrols, places=places, gaps=gaps, suggestions=suggestions, boundary=boundary,
                     share=args.share, min_count=args.min_count, title=args.title or Path(args.files[0]).stem,
                     synthetic=args.synthetic, lang=args.lang, heat=args.heat, point_limit=args.point_limit,
                     color_by=args.color_by)
    page = make_offline(fmap) if args.share or args.offline else fmap.get_root().render()
    if args.share:
        problems = check_share_html(page, min_count=args.min_count, input_points=points)
        if problems:
            raise InputError(f"the shareable map breaks the share rules, so {args.out} was not written: "
                             + "; ".join(problems))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    if args.png:
        from maps.products.snapshot import snapshot_png

        if args.share or args.offline:
            snapshot_png(out, args.png)
        else:  # the written page loads Leaflet from the internet; the snapshot blocks the network
            with tempfile.TemporaryDirectory() as tmp:
                offline = Path(tmp) / "map.html"
                offline.write_text(make_offline(fmap), encoding="utf-8")
                snapshot_png(offline, args.png)
    report = {"output": str(out), "share": args.share, "offline": args.share or args.offline,
              "bytes": len(page.encode("utf-8")), "points": len(points), "hotspots": len(finder.hotspots_),
              "method": args.method, "cell_m": finder.params_.get("cell_m"),
              "patrols": 0 if patrols is None else len(patrols), "places": 0 if places is None else len(places),
              "gaps": 0 if gaps is None else len(gaps), "suggestions": 0 if suggestions is None else len(suggestions)}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        print(f"{label('written', args.lang)}: {out} ({report['bytes'] / 1e6:.2f} MB)")
    return 0


