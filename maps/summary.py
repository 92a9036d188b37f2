"""The human-readable check summary: rows read, used and rejected by reason, CRS, time span, categories."""

from maps.labels import label

__all__ = ["format_summary"]


def format_summary(summary: dict, lang: str = "sv") -> str:
    """Format a :func:`hotspots.read.read_points` summary as plain text.

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
