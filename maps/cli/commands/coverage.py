"""``hotspot-planner coverage`` and ``suggest``: planned presence against the hotspots' risk, and what to add.

Both take ``POINTS... --patrols FILE...`` or ``--project FILE.toml`` (its patrols, unless ``--patrols``
replaces them). ``coverage`` prints the overall figures and the largest gaps; with ``-o`` it writes the
per-hotspot table (``.csv``/``.xlsx``/``.gpkg``/``.geojson``) with the gaps beside it (a second GeoPackage
layer ``gaps``, else a second file ``OUT_gaps.<suffix>``). ``suggest`` prints its plan of short visits as a
table and the expected gain; ``-o`` also writes the plan (``.geojson`` or ``.gpkg``, readable by
``--patrols``); ``--gpx``/``--kml`` write the visits and the patrol plan for phones, car navigation and Google
Earth (:mod:`maps.products.exports.field`). Without ``--hotspots`` the hotspots are found from the points exactly as
``run`` finds them (method and settings from the flags, else the project's ``[hotspots]``, else
:mod:`hotspots.defaults`).
``--period FROM..TO`` measures a concrete planning period (a date-only ``TO`` is inclusive) including dated
patrols; ``suggest`` then proposes dated visits. What both print is worded in :mod:`maps.cli.coverage_text`.
"""

from hotspots.defaults import COVERED_AT, PATROL_MODES, THIN_AT, VISIT_MINUTES
from hotspots.errors import InputError
from maps.cli.args.options import (
    add_common,
    add_method,
    add_out,
    add_patrols,
    add_read_arguments,
    add_source,
    add_time_filters,
)

__all__ = ["add_thresholds", "coverage_thresholds", "register"]



def register(subparsers):
    """Add the ``coverage`` and ``suggest`` commands to the CLI's subparsers."""
    from maps.cli.args.options import add_field_outputs

    cov = subparsers.add_parser(
        "coverage", help="how much hotspot risk the planned patrols cover, and the gaps",
        description="Compare planned visible presence with when and where the hotspots' risk lies.")
    _common(cov)
    add_out(cov, "-o", "--out", kinds=(".csv", ".xlsx", ".gpkg", ".geojson"), metavar="OUT",
            help="also write the per-hotspot table (.csv, .xlsx, .gpkg or .geojson); the gaps go beside it")
    cov.set_defaults(run_command=run_coverage)
    sug = subparsers.add_parser(
        "suggest", help="suggest short visits that cover the most uncovered hotspot risk",
        description="Greedy choice of short visits (default 15 minutes, the Koper curve) at the hotspots.")
    _common(sug)
    sug.add_argument("--visits", type=int, required=True, metavar="N", help="number of visits to suggest")
    sug.add_argument("--minutes", type=int, default=VISIT_MINUTES, help="minutes per visit (default %(default)s)")
    sug.add_argument("--mode", choices=PATROL_MODES, default="foot", help="mode of the visits (default foot)")
    sug.add_argument("--radius-m", type=float, help="visibility radius of the visits (default: the mode's)")
    add_out(sug, "-o", "--out", kinds=(".geojson", ".gpkg"), metavar="PLAN",
            help="also write the plan (.geojson or .gpkg, readable by --patrols); without -o it is printed")
    add_field_outputs(sug)
    sug.set_defaults(run_command=run_suggest)


def _common(p):
    add_source(p)
    add_read_arguments(p)
    add_time_filters(p)
    add_patrols(p)
    p.add_argument("--hotspots", metavar="FILE",
                   help="hotspots file (.gpkg/.geojson, or .csv with WKT geometry in the points' CRS); "
                        "default: found from the points")
    add_method(p)
    add_thresholds(p)
    p.add_argument("--period", metavar="FROM..TO", help="planning period, e.g. 2026-04-30..2026-05-03 (TO inclusive "
                                                        "when a date) or 2026-04-30T18:00..2026-05-01T06:00")
    add_common(p, json_help="print the figures as JSON")


def add_thresholds(p):
    """``--covered-at`` and ``--thin-at`` (the verdict thresholds; default the project's ``[coverage]``)."""
    p.add_argument("--covered-at", type=float, metavar="SHARE",
                   help=f"covered (täckt) at this share of the risk in hours with presence (default: the project's "
                        f"[coverage] covered_at, else {COVERED_AT})")
    p.add_argument("--thin-at", type=float, metavar="SHARE",
                   help=f"thin (tunn) at this share, gap (LUCKA) below it (default: [coverage] thin_at, "
                        f"else {THIN_AT})")


def coverage_thresholds(inputs, args=None) -> dict:
    """``{"covered_at": ..., "thin_at": ...}``: the flags, else the project's ``[coverage]``, else the defaults."""
    from layers.cover.verdict import check_thresholds

    conf = inputs.project.settings.get("coverage", {}) if inputs.project is not None else {}
    covered = getattr(args, "covered_at", None)
    thin = getattr(args, "thin_at", None)
    covered = conf.get("covered_at", COVERED_AT) if covered is None else covered
    thin = conf.get("thin_at", THIN_AT) if thin is None else thin
    where = "--covered-at/--thin-at or [coverage]"
    covered, thin = check_thresholds(covered, thin, where=where)
    return {"covered_at": covered, "thin_at": thin}


def _prepare(args):
    """Hotspots, their coverage, the language and the field context (patrols, title, time zone)."""
    from layers.cover.coverage import compute_coverage
    from maps.cli.args.inputs import resolve_inputs
    from maps.cli.progress import step
    from maps.cli.steps import find, planning_window, read_boundary, read_incidents, read_patrols_places

    inputs = resolve_inputs(args)
    lang = inputs.lang
    if not inputs.patrols:
        raise InputError(f"{args.command} needs a patrol plan: pass --patrols FILE, or a project with [data] "
                         "patrols.")
    period = parse_period(args.period) if args.period else None
    _, points, _ = read_incidents(inputs, args)
    patrol_read = read_patrols_places(inputs, points.crs, planning_window(inputs, period=period))[0]
    patrols = patrol_read.patrols
    if args.hotspots:
        hotspots, assigned = _read_hotspots(args.hotspots, points.crs), None
    else:
        finder = find(inputs, points, read_boundary(inputs, points.crs))
        hotspots, assigned = finder.hotspots_, finder.point_hotspot_
    if len(hotspots) == 0:
        raise InputError("no hotspots were found, so there is nothing to cover; try another --method or --cell-m")
    with step("coverage", lang):
        coverage = compute_coverage(hotspots, points, patrols, period=period, point_hotspot=assigned,
                                    tz=inputs.tz, lang=lang, **coverage_thresholds(inputs, args))
    field = {"patrols": patrols, "tz": inputs.tz, "title": inputs.title, "read": patrol_read}
    return hotspots, coverage, lang, field


def run_coverage(args) -> int:
    """Run ``coverage``; returns the exit code (raises InputError on bad input)."""
    import json

    from maps.cli.coverage_text import format_coverage, say
    from maps.cli.plan_rows import plan_rows, unread_line, warning_lines

    hotspots, cov, lang, field = _prepare(args)
    patrol_read = field["read"]
    outputs = _write_coverage(hotspots, cov, args.out, lang) if args.out else []
    unread = unread_line(patrol_read, lang)
    if args.json:
        print(json.dumps({"overall": cov.overall, "table": _records(cov.table), "gaps": _records(cov.gaps),
                          "rules": {k: v for k, v in cov.info.items() if k.endswith("_rule")},
                          "output": outputs, "patrol_plan": plan_rows(patrol_read, lang),
                          "unread": [unread] if unread else []}, ensure_ascii=False, indent=2, default=str))
    else:
        from maps.products.hotspot_names import hotspot_names

        print(format_coverage(cov, lang, hotspot_names(hotspots, lang)))
        if unread:
            print(unread)
        for line in warning_lines(plan_rows(patrol_read, lang), lang):
            print(line)
        if outputs:
            print(f"{say('written', lang)}: {', '.join(outputs)}")
    return 0


def _write_coverage(hotspots, cov, path, lang="sv"):
    """The per-hotspot table and the gaps (CSV/XLSX in the words of ``lang``); returns what was written."""
    from pathlib import Path

    import geopandas as gpd
    import numpy as np

    from maps.products.exports.export import write_table

    out = Path(path)
    geo = hotspots[["hotspot_id", "geometry"]].assign(hotspot_id=lambda f: f["hotspot_id"].astype(np.int64))
    table = geo.merge(cov.table, on="hotspot_id") if out.suffix.lower() in (".gpkg", ".geojson", ".json") \
        else cov.table
    gaps = geo.merge(cov.gaps, on="hotspot_id").sort_values("rank") if isinstance(table, gpd.GeoDataFrame) \
        else cov.gaps
    if out.suffix.lower() == ".gpkg":
        from maps.products.atomic import atomic_write

        with atomic_write(out) as tmp:  # a new file with both layers replaces the earlier one whole
            write_table(table, tmp, layer="coverage")
            write_table(gaps, tmp, layer="gaps")
        gaps_out = f"{out} (layer gaps)"
    else:
        from maps.products.exports.table_words import localise_table
        from maps.products.hotspot_names import hotspot_names

        write_table(localise_table(table, lang, names=hotspot_names(hotspots, lang)), out)
        gaps_out = write_table(localise_table(gaps, lang), out.with_name(f"{out.stem}_gaps{out.suffix}"))
    return [str(out), str(gaps_out)]


def run_suggest(args) -> int:
    """Run ``suggest``; returns the exit code (raises InputError on bad input)."""
    import json

    from layers.cover.suggest import suggest_visits
    from maps.cli.coverage_text import format_plan, pct, say
    from maps.cli.plan_rows import plan_rows, unread_line, warning_lines
    from maps.products.exports.export import write_table
    from maps.products.hotspot_names import hotspot_names

    hotspots, cov, lang, field = _prepare(args)
    patrol_read = field["read"]
    unread = unread_line(patrol_read, lang)
    names = hotspot_names(hotspots, lang)  # what the map and the GPX/KML call each hotspot
    result = suggest_visits(cov, hotspots, visits=args.visits, minutes=args.minutes, mode=args.mode,
                            radius_m=args.radius_m, lang=lang, names=names)
    if result.plan.empty:
        raise InputError("no visit would cover more risk: every peak hour is already fully covered")
    if args.out:
        write_table(result.plan, args.out)
    if args.gpx or args.kml:
        from maps.products.exports.field import write_field_files

        write_field_files(result.plan, field["patrols"], gpx=args.gpx, kml=args.kml, hotspots=hotspots,
                          title=field["title"], lang=lang, tz=field["tz"])
    if args.json:
        print(json.dumps({"expected_gain": result.expected_gain, "visits": _records(result.table), **result.info,
                          "output": args.out, "gpx": args.gpx, "kml": args.kml,
                          "unread": [unread] if unread else []}, ensure_ascii=False, indent=2, default=str))
        return 0
    key = "risk_covered_period" if cov.slot_times is not None else "risk_covered"
    before, after = cov.overall[key], cov.overall[key] + result.expected_gain
    print(f"{say('covered', lang)}: {pct(before, lang)} → {pct(after, lang)}"
          f" {say('of_risk', lang)} ({say('gain', lang).lower()} +{pct(result.expected_gain, lang)}, "
          f"{len(result.plan)} {say('visits', lang)} × {args.minutes} min)")
    print(format_plan(result.plan, args.minutes, lang, names))
    if unread:
        print(unread)
    for line in warning_lines(plan_rows(patrol_read, lang), lang):
        print(line)
    for path in (args.out, args.gpx, args.kml):
        if path:
            print(f"{say('written', lang)}: {path}")
    return 0


def parse_period(text):
    """``"2026-04-30..2026-05-03"`` → ``(2026-04-30 00:00, 2026-05-04 00:00)`` local; a date-only end is inclusive."""
    import pandas as pd

    parts = str(text).split("..")
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise InputError(f"--period must be FROM..TO, e.g. 2026-04-30..2026-05-03; got {text!r}")
    try:
        first, last = (pd.Timestamp(p.strip()) for p in parts)
    except ValueError:
        raise InputError(f"--period {text!r}: write dates as YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    if ":" not in parts[1] and "T" not in parts[1]:
        last += pd.Timedelta(days=1)
    if last <= first:
        raise InputError(f"--period {text!r}: the end is not after the start")
    return first, last


def _read_hotspots(path, crs):
    from pathlib import Path

    import geopandas as gpd
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such hotspots file")
    if path.suffix.lower() in (".csv", ".xlsx"):
        frame = pd.read_csv(path, sep=None, engine="python", encoding="utf-8-sig") if path.suffix.lower() == ".csv" \
            else pd.read_excel(path)
        if "geometry" not in frame.columns:
            raise InputError(f"{path}: no 'geometry' column (WKT); write hotspots as .gpkg or .geojson")
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries.from_wkt(frame["geometry"]), crs=crs)
    frame = gpd.read_file(path)
    if frame.crs is None:
        raise InputError(f"{path}: the hotspots file has no CRS")
    return frame.to_crs(crs)


def _records(frame) -> list:
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
