"""The human-readable check summary: rows read, used and rejected by reason, CRS, time span, categories."""

import re

from maps.labels import label
from maps.products.briefing.format import format_number
from maps.products.warning_words import localise_warning

__all__ = ["format_summary"]


def format_summary(summary: dict, lang: str = "sv") -> str:
    """Format a :func:`hotspots.io.read.read_points` summary as plain text.

    Parameters
    ----------
    summary : dict
        ``PointsRead.summary``.
    lang : {"sv", "en"}
        Output language.

    Returns
    -------
    str
        One block per file, then the totals; ends with ``read = used + rejected``.
    """
    out = []
    for f in summary["files"]:
        fmt = ", ".join(str(v) for v in (f["format"], f.get("encoding"), _delim(f.get("delimiter"))) if v)
        out.append(f"{label('file', lang)}: {f['file']} ({fmt}) – {label('source', lang)}: {label(f['source'], lang)}")
        out.append(f"  {label('rows_read', lang)} {f['rows_read']}, {label('rows_used', lang)} {f['rows_used']}, "
                   f"{label('rows_rejected', lang)} {f['rows_rejected']}")
        out += [f"    {label(r, lang)} [{r}]: {n}" for r, n in sorted(f["reasons"].items(), key=lambda kv: -kv[1])]
        how = f["coordinates"].get("crs_from", "")
        how = label("from_file", lang) if how == "file" else label(how, lang)
        out.append(f"  {label('crs', lang)}: {f['source_crs']} ({how}) → {f['crs']}")
    out.append("")
    out.append(f"{label('total', lang)}: {label('rows_read', lang)} {summary['rows_read']} = "
               f"{label('rows_used', lang)} {summary['rows_used']} + {label('rows_rejected', lang)} "
               f"{summary['rows_rejected']}")
    for reason, n in sorted(summary["reasons"].items(), key=lambda kv: -kv[1]):
        out.append(f"  {label(reason, lang)} [{reason}]: {n}")
    out.append(f"{label('crs', lang)}: {summary['crs']}")
    span = f"{summary['time_min']} – {summary['time_max']}" if summary["time_min"] else "–"
    out.append(f"{label('time_span', lang)}: {span}")
    cats = ", ".join(f"{label(k, lang)} {n}" for k, n in summary["categories"].items())
    out.append(f"{label('categories', lang)}: {cats or '–'} ({label('sensitive', lang)}: {summary['sensitive']})")
    if summary["warnings"]:
        out.append(f"{label('warnings', lang)}:")
        out += [f"  - {localise_warning(w, lang)}" for w in summary["warnings"]]  # --json keeps the English
    return "\n".join(out)


def _delim(delim):
    return {"\t": "tab", None: None}.get(delim, f"'{delim}'")


def format_hotspots(finder, lang: str = "sv", top: int = 10) -> str:
    """Format a fitted :class:`hotspots.find.HotspotFinder` as plain text: parameters, shares, top list.

    Parameters
    ----------
    finder : HotspotFinder
        Fitted.
    lang : {"sv", "en"}
        Output language.
    top : int
        How many hotspots to list.

    Returns
    -------
    str
    """
    p = finder.params_
    out = [f"{label('method', lang)}: {p['method']}",
           f"{label('cell_m', lang)}: {p['cell_m']:g} m ({_cell_rule(p, lang)})"]
    for key in ("bandwidth_m", "eps_m", "min_samples"):
        if p.get(key) is not None:
            out.append(f"{label(key, lang)}: {p[key]:g}")
    if p.get("hot_rule"):
        out.append(f"{label('hot_rule', lang)}: {_hot_rule(finder, lang)}")
    if p.get("split_rule") and p.get("n_areas_split"):
        split = (f"hot areas split at saddles: {p['n_areas_split']}" if lang == "en" else
                 f"heta områden delade vid sadlar (där antalen sjunker till hälften): {p['n_areas_split']}")
        out.append(split)
    out.append(f"{label('n_hotspots', lang)}: {p['n_hotspots']} · {label('share_points', lang)} "
               f"{share_text(p['share_points'], lang)} · {label('share_area', lang)} "
               f"{share_text(p['share_area'], lang, 2)}")
    table = finder.hotspots_.head(top)
    for row in table.itertuples():
        stat = f", z {format_number(row.z, lang, 2)}" if "z" in table.columns else ""
        name = f" {row.name}" if "name" in table.columns and isinstance(row.name, str) else ""
        out.append(f"  #{row.rank}{name}: {_count(row.n_points, 'point', lang)} "
                   f"({_count(row.n_incidents, 'incident', lang)}, {_count(row.n_complaints, 'complaint', lang)}), "
                   f"{'score' if lang == 'en' else 'poäng'} {format_number(row.score, lang, 1)}{stat}")
    return "\n".join(out)


_NOUNS = {"point": (("punkt", "punkter"), ("point", "points")),
          "incident": (("händelse", "händelser"), ("incident", "incidents")),
          "complaint": (("synpunkt", "synpunkter"), ("complaint", "complaints"))}


def _count(n, noun, lang) -> str:
    """``1 310 896 händelser`` / ``1 händelse`` (sv), ``1,310,896 incidents`` (en)."""
    one, many = _NOUNS[noun][0 if lang == "sv" else 1]
    return f"{format_number(n, lang)} {one if n == 1 else many}"


def share_text(share, lang="sv", decimals=1) -> str:
    """A share as a percentage: ``47,6 %`` (sv) or ``47.6%`` (en)."""
    return f"{share:.{decimals}%}" if lang == "en" else f"{format_number(100 * share, lang, decimals)} %"


def _cell_rule(p, lang):
    """The cell rule in a few words; the full sentence is in ``--json`` (``cell_rule``)."""
    rule = str(p.get("cell_rule", ""))
    if lang == "en" or not rule:
        return rule
    if rule == "stated":
        return "angiven"
    spacing = re.search(r"20th-nearest event is ([\d.]+) m", rule)
    if spacing:
        return (f"automatisk från punkternas täthet: medianavståndet till den 20:e närmaste händelsen är "
                f"{spacing.group(1)} m")
    return "automatisk (regeln i --json)"


def _hot_rule(finder, lang):
    """Which cells are hot, in words (Swedish built from the parameters; English as the method states it)."""
    p = finder.params_
    if lang == "en":
        return p["hot_rule"]
    method, top = p["method"], f"{100 * finder.top_share:g} %"
    least = f"minst {finder.min_points:g} punkter"
    if method == "count":
        return f"de {top} tätaste cellerna med punkter (≥ {format_number(p.get('level', 0), lang, 1)}), {least}"
    if method == "gistar":
        return (f"signifikant positiv Gi* (q < {format_number(finder.alpha, lang, 2)}, korrigering {finder.fdr}), "
                f"områden med {least}")
    if method == "kde":
        return f"täthetskonturen vid nivån för de {top} tätaste cellerna, områden med {least}"
    if method == "prospective":
        return f"de {top} celler med högst risk av de senaste veckornas händelser, områden med {least}"
    return "täta kluster (regeln i --json)"
