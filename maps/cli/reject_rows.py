"""Every rejected row in one table: the incident and complaint points', the patrol plan's and the special
places', for ``check --rejects FILE.csv`` and the ``rejects.csv`` of ``run``.

One row per rejected row with ``kind`` (incident, complaint, patrol, place), ``file``, ``row`` and ``reason``
(the code; :func:`maps.products.exports.table_words.localise_table` writes it in words with the code beside it),
then ``detail`` (the plan's own explanation in the reader's language, e.g. ``schema '3/4/2026 20-22': datumet
... kan läsas som ...``), ``column`` and ``value`` (the cell behind the reason), then the rejected row's own
columns as the input file has them (files with the same column names share a column).
"""

import pandas as pd

from hotspots.io.rejected import rejected_rows

__all__ = ["reject_rows"]

_FIRST = ["kind", "file", "row", "reason", "detail", "column", "value"]
_DERIVED = {"file", "row", "reason", "detail", "detail_sv", "schedule", "column", "value"}  # not the file's own


def reject_rows(points=None, patrols=None, places=None, lang="sv", *, localised=False) -> pd.DataFrame:
    """The rejected rows of the points and the plan in one table (machine column names, words in ``lang``).

    Parameters
    ----------
    points : hotspots.io.read.PointsRead, optional
        The incident and complaint files read (``rejects`` and ``summary["files"]``).
    patrols, places : layers.plans.patrols.PatrolsRead, layers.plans.places.PlacesRead, optional
        The patrol plan and the special places read.
    lang : {"sv", "en"}
        Language of ``detail`` (the plan's explanation of each rejected row).
    localised : bool
        The table as written for the reader: our columns' headers and words in ``lang``
        (:func:`maps.products.exports.table_words.localise_table`), the files' own columns under their own
        names (``.1`` added where a file's column has the name of one of ours, :mod:`hotspots.io.rejected`).

    Returns
    -------
    DataFrame
        The columns of the module docstring; no rows when nothing was rejected. The inputs are not changed.
    """
    parts = []
    if points is not None:
        source = {f["file"]: f.get("source", "incident") for f in points.summary.get("files", [])}
        rejects = points.rejects.reset_index(drop=True)
        own = rejects.drop(columns=[c for c in ("file", "row", "reason") if c in rejects.columns])
        none = [""] * len(rejects)  # the points' reasons are codes alone: no detail, column or value
        parts.append(rejected_rows(own, {
            "kind": rejects["file"].map(source).fillna("incident").to_numpy(dtype=object),
            "file": rejects["file"].to_numpy(dtype=object), "row": rejects["row"].to_numpy(dtype=object),
            "reason": rejects["reason"].to_numpy(dtype=object), "detail": none, "column": none, "value": none}))
    for kind, read in (("patrol", patrols), ("place", places)):
        if read is not None and len(read.rejects):  # a plan read whole adds no empty columns of its own
            parts.append(_plan_part(kind, read, lang))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=_FIRST)
    ours = [c for c in _FIRST if c in out.columns]
    out = out[ours + [c for c in out.columns if c not in _FIRST]]
    return _in_words(out, ours, lang) if localised else out


def _in_words(table, ours, lang):
    """Our columns in ``lang``, then the files' own columns (renamed only where a name clashes with ours)."""
    from maps.products.exports.table_words import localise_table

    head = localise_table(table[ours], lang)
    own = table.drop(columns=ours)
    return rejected_rows(own, {name: head[name].reset_index(drop=True) for name in head.columns})


def _plan_part(kind, read, lang):
    from maps.cli.plan_rows import plan_rows

    items = plan_rows(read, lang)["rejected"]  # in the order of read.rejects, reason in lang
    own = read.rejects.drop(columns=[c for c in _DERIVED if c in read.rejects.columns]).reset_index(drop=True)
    return rejected_rows(own, {"kind": [kind] * len(items), "file": [r["file"] for r in items],
                               "row": [r["row"] for r in items], "reason": [r["code"] for r in items],
                               "detail": [r["reason"] for r in items], "column": [r["column"] for r in items],
                               "value": [r["value"] for r in items]})
