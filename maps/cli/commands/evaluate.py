"""``hotspot-planner evaluate``: rolling predictive backtest of hotspot methods against the naive baseline.

``hotspot-planner evaluate POINTS... | --project FILE.toml``. Prints one row per method × coverage with
hit rate, PAI and RRI as mean ± sd over the windows (and min–max), Swedish or English headers; ``--json``
prints the table and the rules; ``-o`` writes the table (``.csv`` in the Swedish dialect, or ``.xlsx``).
The cell size comes from ``--cell-m``, else the project's ``[hotspots] cell_m``, else the automatic rule.
"""

from hotspots.defaults import EVALUATE_COVERAGE, EVALUATE_METHODS
from hotspots.errors import InputError
from maps.cli.args.options import add_common, add_out, add_read_arguments, add_source

__all__ = ["register"]

_HEAD = {"method": ("metod", "method"), "coverage": ("täckning", "coverage"),
         "hit_rate": ("träffandel", "hit rate"), "pai": ("PAI", "PAI"), "rri": ("RRI", "RRI"),
         "windows": ("fönster", "windows"),
         "baseline": ("naiv (förra periodens antal)", "naive (last period's counts)"),
         "title": ("Prediktiv utvärdering", "Predictive evaluation"),
         "train": ("träning", "training"), "test": ("test", "test"), "days": ("dagar", "days"),
         "cell": ("cellstorlek", "cell size"), "cells": ("celler i området", "cells in the area"),
         "flag": (("flaggning: de k = ⌊täckning · N + ½⌋ cellerna med högst poäng av N i området; lika poäng i "
                  "slumpordning (frö {seed}), samma för alla metoder"),
                  ("flagging: the k = ⌊coverage · N + ½⌋ highest-scoring of the N cells in the area; ties in a "
                  "random order (seed {seed}), the same for every method")),
         "written": ("skrivet", "written"), "range": ("min–max", "min–max"),
         "note": ("PAI = träffandel / andel av ytan; RRI saknas (–) där det inte är definierat",
                  "PAI = hit rate / share of area; RRI is missing (–) where it is undefined")}


def register(subparsers):
    """Add the ``evaluate`` command to the CLI's subparsers."""
    p = subparsers.add_parser(
        "evaluate", help="backtest hotspot methods on later data (hit rate, PAI, RRI)",
        description="Fit each method on a training window and score the following test window, rolling over "
                    "consecutive windows; the naive baseline (last period's counts) is always included.")
    add_source(p)
    add_read_arguments(p)
    p.add_argument("--methods", default=",".join(EVALUATE_METHODS),
                   help=f"comma-separated methods from {', '.join(EVALUATE_METHODS)} (default: all)")
    p.add_argument("--train-days", type=int, default=365, help="training window in days (default %(default)s)")
    p.add_argument("--test-days", type=int, default=28, help="test window in days (default %(default)s)")
    p.add_argument("--coverage", default=",".join(f"{c:g}" for c in EVALUATE_COVERAGE),
                   help="comma-separated shares of the area to flag, e.g. 0.05 or 5%% (default %(default)s)")
    p.add_argument("--windows", type=int, help="number of rolling windows (default: as many as the data allows)")
    p.add_argument("--until", help="end of the last test window, e.g. 2020-01-01 (default: midnight after the "
                                   "last event)")
    p.add_argument("--cell-m", type=float, help="grid cell side in metres (default: the project's, else automatic)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random tie-break order (default 0)")
    add_out(p, "-o", "--out", kinds=(".csv", ".xlsx"), metavar="FILE", help="also write the table (.csv or .xlsx)")
    add_common(p, json_help="print the table and the rules as JSON")
    p.set_defaults(run_command=run)


def run(args) -> int:
    """Run ``evaluate`` for parsed arguments; returns the exit code (raises InputError on bad input)."""
    import json

    from hotspots.temporal.evaluate import evaluate_methods
    from maps.cli.args.inputs import resolve_inputs
    from maps.cli.progress import step
    from maps.cli.steps import read_boundary, read_incidents
    from maps.products.exports.export import write_table

    coverage = parse_coverage(args.coverage)
    inputs = resolve_inputs(args)
    lang = inputs.lang
    result, points, _ = read_incidents(inputs)
    with step("analyse", lang):
        ev = evaluate_methods(points, methods=args.methods, train_days=args.train_days,
                              test_days=args.test_days, coverage=coverage, windows=args.windows,
                              cell_m=inputs.hotspots.get("cell_m"), boundary=read_boundary(inputs, points.crs),
                              end=args.until, seed=args.seed)
    if args.out:
        write_table(ev.table, args.out)
    if args.json:
        rows = {k: result.summary[k] for k in ("rows_read", "rows_used", "rows_rejected")}
        table = ev.table.astype(object).where(ev.table.notna(), None).to_dict(orient="records")
        print(json.dumps({"rows": rows, "table": table, **ev.info, "output": args.out},
                         ensure_ascii=False, indent=2, default=str))
    else:
        print(format_evaluation(ev, lang))
        if args.out:
            print(f"{_h('written', lang)}: {args.out}")
    return 0


def parse_coverage(text):
    """``"0.01,0.05,10%"`` → ``(0.01, 0.05, 0.1)``; InputError for anything else."""
    values = []
    for part in str(text).split(","):
        part = part.strip()
        try:
            values.append(float(part[:-1]) / 100 if part.endswith("%") else float(part))
        except ValueError:
            raise InputError(f"--coverage must be comma-separated shares with a decimal point (0.05) or "
                             f"percentages (5%); got {text!r}.") from None
    return tuple(values)


def format_evaluation(ev, lang="sv") -> str:
    """The comparison table as plain text: mean ± sd (min–max) per method and coverage."""
    from hotspots.temporal.evaluate import BASELINE

    info, t = ev.info, ev.table
    out = [(f"{_h('title', lang)}: {info['n_windows']} {_h('windows', lang)} · {_h('train', lang)} "
           f"{info['train_days']} {_h('days', lang)} · {_h('test', lang)} {info['test_days']} {_h('days', lang)} "
           f"· {info['first_train_start'][:10]} – {info['last_test_end'][:10]}"),
           (f"{_h('cell', lang)}: {info['cell_m']:g} m ({info['cell_rule']}) · {_h('cells', lang)}: "
           f"{_num(info['n_cells'], ',d', lang)}"),
           _h("flag", lang).format(seed=info["seed"]), ""]
    head = [_h("method", lang), _h("coverage", lang), f"{_h('hit_rate', lang)} ± sd", "PAI ± sd",
            f"PAI {_h('range', lang)}", "RRI ± sd", _h("windows", lang)]
    body = []
    for r in t.itertuples():
        name = _h("baseline", lang) if r.method == BASELINE else r.method
        body.append([name, _num(100 * r.coverage, "g", lang) + " %", _pm(r.hit_rate_mean, r.hit_rate_sd, lang, 3),
                     _pm(r.pai_mean, r.pai_sd, lang, 2),
                     f"{_num(r.pai_min, '.2f', lang)}–{_num(r.pai_max, '.2f', lang)}",
                     _pm(r.rri_mean, r.rri_sd, lang, 2), str(int(r.n_windows))])
    widths = [max(len(row[i]) for row in [head] + body) for i in range(len(head))]
    for row in [head] + body:
        out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    out += ["", _h("note", lang)]
    return "\n".join(out)


def _h(key, lang):
    sv, en = _HEAD[key]
    return en if lang == "en" else sv


def _num(value, spec, lang):
    import numpy as np

    if value is None or not np.isfinite(value):
        return "–"
    text = format(value, spec)
    return text if lang == "en" else text.replace(",", "\u202f").replace(".", ",")  # 1 234,5


def _pm(mean, sd, lang, digits):
    import numpy as np

    if mean is None or not np.isfinite(mean):
        return "–"
    return f"{_num(mean, f'.{digits}f', lang)} ± {_num(sd, f'.{digits}f', lang)}"
