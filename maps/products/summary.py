"""The human-readable check summary: rows read, used and rejected by reason, CRS, time span, categories."""

from maps.labels import label

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
        out += [f"  - {w}" for w in summary["warnings"]]
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
           f"{label('cell_m', lang)}: {p['cell_m']:g} m ({p['cell_rule']})"]
    for key in ("bandwidth_m", "eps_m", "min_samples"):
        if p.get(key) is not None:
            out.append(f"{label(key, lang)}: {p[key]:g}")
    if p.get("hot_rule"):
        out.append(f"{label('hot_rule', lang)}: {p['hot_rule']}")
    if p.get("split_rule"):
        out.append(f"{label('split_rule', lang)}: {p['split_rule']}; areas split: {p.get('n_areas_split', 0)}")
    out.append(f"{label('n_hotspots', lang)}: {p['n_hotspots']} · {label('share_points', lang)} "
               f"{p['share_points']:.1%} · {label('share_area', lang)} {p['share_area']:.2%}")
    table = finder.hotspots_.head(top)
    for row in table.itertuples():
        stat = f", z {row.z:.2f}" if "z" in table.columns else ""
        out.append(f"  #{row.rank}: {row.n_points} {label('points', lang)} ({row.n_incidents} "
                   f"{label('incident', lang)}, {row.n_complaints} {label('complaint', lang)}), "
                   f"score {row.score:.1f}{stat}")
    return "\n".join(out)
