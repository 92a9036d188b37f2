"""The one name of a hotspot in every product of a run: the table's ``name`` column, else "hotspot N".

The map, the briefings, the workbook, the GeoPackage and the GPX/KML files of one run all call a hotspot by
the same words. When the Hotspots table has a ``name`` column (:mod:`layers.names`, where present) its
non-blank values are used; otherwise, and for blank names, the hotspot is ``"hotspot N"`` with its
``hotspot_id`` — the form the briefings and the command output already use, in Swedish and in English
("hotspot" is an accepted loan word in Swedish police language; see ``docs/language.md``).
"""

import pandas as pd

__all__ = ["hotspot_names"]


def hotspot_names(hotspots, lang="sv") -> dict:
    """``{hotspot_id: name}`` for every row of a Hotspots table.

    Parameters
    ----------
    hotspots : DataFrame or None
        Needs ``hotspot_id``; a ``name`` column is used where it holds text.
    lang : {"sv", "en"}
        Language of the fallback (the same word in both: "hotspot N").

    Returns
    -------
    dict
        Keys are the ``hotspot_id`` values as in the table; an empty dict for ``None`` or an empty table.
    """
    if hotspots is None or not len(hotspots) or "hotspot_id" not in hotspots.columns:
        return {}
    ids = hotspots["hotspot_id"].tolist()
    given = hotspots["name"].tolist() if "name" in hotspots.columns else [None] * len(ids)
    word = "hotspot" if lang == "en" else "hotspot"
    out = {}
    for hid, name in zip(ids, given):
        blank = name is None or (not isinstance(name, str) and pd.isna(name)) or not str(name).strip()
        out[hid] = f"{word} {hid}" if blank else str(name).strip()
    return out
