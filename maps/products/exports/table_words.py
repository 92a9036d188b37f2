"""Spreadsheet tables in the reader's language: Swedish headers and words in Swedish mode, plain English in English.

:func:`localise_table` is the last step before a table becomes CSV or XLSX for a person (``run``'s workbook
and rejects, ``coverage -o``, ``weekend -o``, ``check --rejects``). In Swedish mode it renames the known
columns (``status`` → ``status``, ``risk_covered`` → ``täckt risk``, ``file`` → ``fil`` …), writes verdicts as
täckt/tunn/LUCKA, booleans as ja/nej, the kind of a target as plats/hotspot (of a rejected row as
händelse/synpunkt/patrull/plats), a rejected row's reason in words
(its code beside it), and earlier years' columns ``y2021`` as ``2021``. In English mode booleans are yes/no
and verdicts keep their keys (covered, thin, gap). Columns it does not know (an input file's own columns)
keep their names. Numbers stay numbers: the CSV dialect writes them with a decimal comma and no thousands
separator (so Swedish Excel reads them as numbers), and XLSX cells are numeric, shown by the reader's locale.

GeoPackage and GeoJSON files keep the machine column names: other tools and ``--patrols`` read them back.
"""

import re

import numpy as np
import pandas as pd

from maps.labels import label
from maps.products.briefing.text import STATUS

__all__ = ["HEADERS", "SHARES", "SHEETS", "localise_table"]

SHEETS = {"hotspots": ("hotspots", "hotspots"), "gaps": ("luckor", "gaps"), "coverage": ("täckning", "coverage")}
HEADERS = {  # machine name -> Swedish header
    "hotspot_id": "hotspot-id", "name": "namn", "peak_windows": "topptimmar", "presence_minutes_week":
    "närvaro min per vecka", "presence_in_peak_minutes": "närvaro min i topptimmar", "risk_share": "andel av risken",
    "risk_covered": "täckt risk", "status": "status", "largest_gaps": "största luckor", "rank": "rang",
    "window": "fönster", "start": "start (veckotimme)", "end": "slut (veckotimme)", "hours": "timmar",
    "uncovered_risk": "otäckt risk", "presence_minutes": "närvaro min", "presence_minutes_period":
    "närvaro min i perioden", "presence_in_peak_minutes_period": "närvaro min i topptimmar i perioden",
    "risk_covered_period": "täckt risk i perioden", "status_period": "status i perioden",
    "risk_share_period": "andel av risken i perioden", "largest_gaps_period": "största luckor i perioden",
    "kind": "typ", "id": "id", "tagged": "märkt", "places": "platser", "total": "totalt",
    "n_incidents": "händelser", "n_complaints": "synpunkter", "n_points": "punkter", "mean_per_year": "medel per år",
    "patrols": "patruller", "trouble": "tidigare problem", "gap": "lucka", "trouble_hours": "bråktimmar",
    "presence_hours": "närvarotimmar", "file": "fil", "row": "rad", "reason": "orsak", "method": "metod",
    "score": "poäng", "trend": "trend", "gain": "vinst", "why": "varför", "schedule": "schema", "mode": "färdsätt",
    "unit": "enhet", "radius_m": "radie m", "patrol_id": "patrull", "target": "mål", "geometry": "geometri",
    "detail": "förklaring", "column": "kolumn", "value": "värde",
}
SHARES = ("risk_share", "risk_covered", "uncovered_risk", "risk_share_period", "risk_covered_period", "gain")
"""Columns holding a share (0–1): a workbook shows them as percentages."""
_KIND = {"place": ("plats", "place"), "hotspot": ("hotspot", "hotspot"), "incident": ("händelse", "incident"),
         "complaint": ("synpunkt", "complaint"), "patrol": ("patrull", "patrol")}  # the last three: check --rejects
_YEAR = re.compile(r"^y(\d{4})$")


def localise_table(table, lang="sv", *, names=None) -> pd.DataFrame:
    """A copy of ``table`` with headers and words for a person reading ``lang``.

    Parameters
    ----------
    table : DataFrame
        A product table (coverage, gaps, a weekend's places and hotspots, rejected rows).
    lang : {"sv", "en"}
    names : dict, optional
        ``{hotspot_id: name}`` (:func:`maps.products.hotspot_names.hotspot_names`): adds a ``name`` column
        after ``hotspot_id``, so the workbook calls hotspots what the map and the briefings call them.

    Returns
    -------
    DataFrame
        ``table`` is not changed.
    """
    en = lang == "en"
    out = pd.DataFrame(table).copy()
    if names is not None and "hotspot_id" in out.columns and "name" not in out.columns:
        out.insert(list(out.columns).index("hotspot_id") + 1, "name", out["hotspot_id"].map(names))
    for name in out.columns:
        col = out[name]
        if col.dtype == bool or (col.dtype == object and len(col) and col.map(lambda v: isinstance(v, bool | np.bool_))
                                 .all()):
            out[name] = col.map(lambda v: ("yes" if v else "no") if en else ("ja" if v else "nej"))
        elif name in ("status", "status_period") and not en:
            out[name] = col.map(lambda v: STATUS.get(v, (v, v))[0] if isinstance(v, str) else v)
        elif name == "kind":
            out[name] = col.map(lambda v: _KIND.get(v, (v, v))[en] if isinstance(v, str) else v)
    if "reason" in out.columns and not en:
        at = list(out.columns).index("reason")
        out.insert(at + 1, "reason_code", out["reason"])
        out["reason"] = out["reason"].map(lambda v: label(v, "sv") if isinstance(v, str) else v)
    if en:
        return out
    names = {**HEADERS, "reason_code": "orsakskod"}
    return out.rename(columns=lambda c: names.get(c, _YEAR.sub(r"\1", c) if isinstance(c, str) else c))
