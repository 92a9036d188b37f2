"""``hotspot-planner check POINTS... | --project FILE.toml``: read the files and account for every row.

Prints rows read, used and rejected per file and in total (``read = used + rejected``), the rejection
reasons, CRS, time span and categories; ``--json`` prints the summary as JSON; ``--rejects FILE.csv``
writes the rejected rows with their reason (``;`` and a BOM, so it opens in Swedish Excel).
"""

from maps.cli.options import add_common, add_out, add_read_arguments, add_source

__all__ = ["register"]


def register(subparsers):
    """Add the ``check`` command."""
    p = subparsers.add_parser("check", help="read point files and report rows read, used and rejected",
                              description="Read incident (and complaint) files and account for every row.")
    add_source(p)
    add_read_arguments(p)
    add_out(p, "--rejects", dest="rejects", kinds=(".csv",), metavar="FILE.csv",
            help="write the rejected rows with their reason (CSV)")
    add_common(p)
    p.set_defaults(run_command=run)


def run(args) -> int:
    """Run ``check``; returns the exit code (raises InputError on bad input)."""
    import json
    from pathlib import Path

    from maps.cli.inputs import resolve_inputs
    from maps.cli.steps import read_incidents
    from maps.labels import label
    from maps.products.summary import format_summary

    inputs = resolve_inputs(args)
    result, _, _ = read_incidents(inputs, geometry=False)  # the summary and rejects need no shapely points
    if args.rejects:
        Path(args.rejects).parent.mkdir(parents=True, exist_ok=True)
        from maps.products.export import write_table

        write_table(result.rejects, args.rejects)  # formula-safe (user text), atomic
    if args.json:
        print(json.dumps(result.summary, ensure_ascii=False, indent=2, default=str))
        return 0
    print(format_summary(result.summary, inputs.lang))
    if args.rejects:
        print(f"{label('written', inputs.lang)}: {args.rejects}")
    return 0
