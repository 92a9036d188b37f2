"""``hotspot-planner review --project FILE.toml --year YYYY``: the yearly lägesbild for the BRÅ meeting.

Reads the project's incidents, complaints, special places, patrol plan, GPS tracks and patrol reports
(``[data] tracks``, ``reports``; ``[tracks] max_gap_min``, ``radius_m``) and its promise areas (``[[promises]]``,
:mod:`layers.review.promises`), reviews the year against the years before (:mod:`layers.review.promise`,
:mod:`layers.review.presence`, :mod:`layers.review.weekends`, :mod:`layers.review.unsafe`) and writes one
printable HTML report (:func:`maps.products.review.report.yearly_review`) and a workbook with the tables behind every
figure (same file name, ``.xlsx``). ``--share`` makes both shareable (:mod:`maps.share.privacy`): the spatial
parts leave sensitive categories out (they appear only as a municipality total), counts are published coarse.
"""

from maps.cli.args.options import add_common, add_out, add_source

__all__ = ["register"]


def register(subparsers):
    """Add the ``review`` command."""
    p = subparsers.add_parser(
        "review", help="the yearly lägesbild: promise areas this year against the years before, presence planned "
                       "and delivered, special weekends, unsafe places",
        description="One printable HTML report (and a workbook) of a year for the BRÅ meeting: for each promise "
                    "area of the project the year against the years before, presence planned and delivered against "
                    "risk, every special weekend, and the places residents call unsafe against the hotspots.")
    add_source(p)
    p.add_argument("--year", type=int, required=True, help="the year to review, e.g. 2025")
    p.add_argument("--years-back", type=int, default=None,
                   help="earlier years to compare with (default: every earlier year of the data)")
    add_out(p, "-o", "--out", kinds=(".html",), metavar="FILE.html",
            help="the report (default lagesbild_YEAR.html, or lagesbild_YEAR_delningsbar.html with --share); "
                 "the workbook is written beside it as .xlsx")
    p.add_argument("--share", action="store_true",
                   help="shareable: counts in classes, nothing under min_count, no free text, no patrol times or "
                        "units, sensitive categories only as a municipality total")
    add_common(p, json_help="print a machine-readable summary")
    p.set_defaults(run_command=run)


def run(args) -> int:
    """Run ``review``; returns the exit code (raises InputError on bad input)."""
    import json
    from pathlib import Path

    from maps.cli.review_gather import gather_review
    from maps.products.atomic import atomic_write
    from maps.products.review.report import yearly_review
    from maps.products.review.workbook import write_review_workbook

    data, inputs, extra = gather_review(args)
    lang = inputs.lang
    out = Path(args.out) if args.out else Path(f"lagesbild_{args.year}{'_delningsbar' if args.share else ''}.html")
    page = yearly_review(data, lang=lang, share=args.share, min_count=inputs.min_count, places=extra["places"])
    with atomic_write(out) as tmp:
        tmp.write_text(page, encoding="utf-8")
    book = write_review_workbook(data, out.with_suffix(".xlsx"), lang=lang, share=args.share,
                                 min_count=inputs.min_count)
    summary = {"year": data.year, "compared": [data.first_year, data.year - 1], "share": bool(args.share),
               "promises": [s.promise.key for s in data.sections],
               "changes": {s.promise.key: s.yoy.change["verdict"] for s in data.sections},
               "weekends": [] if data.weekends is None else data.weekends["key"].tolist(),
               "sources": data.sources, "written": [str(out), str(book)]}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        from maps.products.review.text import WORDS

        word = "skrev" if lang == "sv" else "written"
        for s in data.sections:
            print(f"{s.promise.label(lang, share=args.share)}: {WORDS[lang]['verdict'][s.yoy.change['verdict']]}")
        print(f"{word}: {out}\n{word}: {book}")
    return 0
