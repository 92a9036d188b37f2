"""``hotspot-planner check POINTS... | --project FILE.toml``: read the files and account for every row.

Prints rows read, used and rejected per file and in total (``read = used + rejected``), the rejection
reasons, CRS, time span and categories; ``--json`` prints the summary as JSON; ``--rejects FILE.csv``
writes every rejected row with its kind (incident, complaint, patrol, place), file, row and reason, the
plan's rows with their explanation, column and value too (:mod:`maps.cli.reject_rows`; ``;`` and a BOM,
so it opens in Swedish Excel; Swedish headers and words in Swedish mode).

``--patrols FILE...`` and ``--places FILE`` (with or without points) account for the patrol plan and the
special places the same way: rows read, used and rejected, each rejected row with its column, value and
reason (:mod:`maps.cli.plan_rows`); ``--json`` holds them under ``patrols`` and ``places``. ``--year``
(and ``--event``) give the time being planned, which dates without a year resolve against.
"""

from maps.cli.args.options import add_common, add_out, add_patrols, add_read_arguments, add_source

__all__ = ["register"]


def register(subparsers):
    """Add the ``check`` command."""
    p = subparsers.add_parser("check", help="read point files and report rows read, used and rejected",
                              description="Read incident (and complaint) files and account for every row.")
    add_source(p)
    add_patrols(p, help="also account for a patrol plan (replaces the project's)")
    p.add_argument("--places", metavar="FILE", help="also account for special places (replaces the project's)")
    p.add_argument("--year", type=int, help="the year being planned: the plan's dates without a year "
                                            "(midsommarafton, 19/6, v25 fre) resolve against it")
    p.add_argument("--event", help="with --year: the event being planned (e.g. midsommar); its window, not the "
                                   "whole year, is what dates without a year resolve against")
    add_read_arguments(p)
    add_out(p, "--rejects", dest="rejects", kinds=(".csv",), metavar="FILE.csv",
            help="write the rejected rows (points, --patrols, --places) with their kind, file, row and reason (CSV)")
    add_common(p)
    p.set_defaults(run_command=run)


def run(args) -> int:
    """Run ``check``; returns the exit code (raises InputError on bad input)."""
    import json

    from maps.cli.args.inputs import resolve_inputs
    from maps.cli.steps import read_incidents
    from maps.labels import label
    from maps.products.summary import format_summary

    if not args.points and not args.project and (args.patrols or args.places):
        return _layers_only(args)
    inputs = resolve_inputs(args)
    result, _, _ = read_incidents(inputs, geometry=False, lean=True)  # the summary and rejects need no shapely points
    layers = _layers(inputs, args, result.summary["crs"])
    if args.rejects:
        _write_rejects(args.rejects, inputs.lang, result, layers)
    if args.json:
        print(json.dumps({**result.summary, **_blocks(layers, inputs.lang)}, ensure_ascii=False, indent=2,
                         default=str))
        return 0
    print(format_summary(result.summary, inputs.lang))
    _print_layers(layers, inputs.lang)
    if args.rejects:
        print(f"{label('written', inputs.lang)}: {args.rejects}")
    return 0


def _layers(inputs, args, crs):
    """``{"patrols": PatrolsRead or None, "places": PlacesRead or None}`` of the project or the flags."""
    from maps.cli.steps import planning_window, read_patrols_places

    if args.event and args.year is None:
        from maps.cli.args.options import UsageError

        raise UsageError("--event needs --year (the year being planned)")
    window = planning_window(inputs, args.year, [args.event] if args.event else ())
    patrols, places = read_patrols_places(inputs, crs, window)
    return {"patrols": patrols, "places": places}


def _layers_only(args):
    """``check --patrols FILE`` / ``check --places FILE`` without points."""
    import json
    from types import SimpleNamespace

    from hotspots.defaults import LANG, TZ

    lang = args.lang or LANG
    inputs = SimpleNamespace(patrols=list(args.patrols or []), places=args.places, tz=args.tz or TZ, lang=lang,
                             events=None, calendar=None, project=None,
                             read=SimpleNamespace(dayfirst=getattr(args, "dayfirst", None)))
    layers = _layers(inputs, args, None)
    if args.rejects:
        _write_rejects(args.rejects, lang, None, layers)
    if args.json:
        print(json.dumps(_blocks(layers, lang), ensure_ascii=False, indent=2, default=str))
        return 0
    _print_layers(layers, lang, first=True)
    if args.rejects:
        from maps.labels import label

        print(f"{label('written', lang)}: {args.rejects}")
    return 0


def _write_rejects(path, lang, points, layers):
    """Every rejected row (points, patrol plan, places) in one table with its kind, file, row and reason."""
    from pathlib import Path

    from maps.cli.reject_rows import reject_rows
    from maps.products.exports.export import write_table

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    table = reject_rows(points, layers["patrols"], layers["places"], lang, localised=True)
    write_table(table, path)  # formula-safe (user text), atomic


def _blocks(layers, lang):
    from maps.cli.plan_rows import plan_rows

    return {k: plan_rows(v, lang) for k, v in layers.items() if v is not None}


def _print_layers(layers, lang, first=False):
    from maps.cli.plan_rows import format_plan_rows

    for what, read in layers.items():
        if read is not None:
            if not first:
                print()
            print(format_plan_rows(read, lang, what))
            first = False
