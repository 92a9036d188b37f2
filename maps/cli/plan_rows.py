"""Row accounting of the patrol plan and the special places, as every command shows it.

``check --patrols/--places`` prints the rows read, used and rejected with a reason each, then the reader's
warnings; ``weekend``, ``coverage`` and ``run`` print one line naming the rows that could not be read
(``2 rader i patrullplanen kunde inte läsas: rad 7 (schema 'xyz': ...)``) and a line per warning, put the same
in ``--json`` and the unread line in the briefings they write. In share mode the line names rows and reasons,
never a cell's value, and no warning is given.
"""

import re

__all__ = ["N_NAMED", "format_plan_rows", "plan_rows", "unread_line", "warning_lines", "with_unread_note"]

N_NAMED = 10  # rows a one-line note names; --json and check name them all

_WARNED = {"patrols": ("varning, patrullplanen", "warning, patrol plan"),
           "places": ("varning, särskilda platser", "warning, special places")}
_WHAT = {"patrols": (("rad i patrullplanen", "rader i patrullplanen"),
                     ("row of the patrol plan", "rows of the patrol plan"), "Patrullplan", "Patrol plan"),
         "places": (("rad i platsfilen", "rader i platsfilen"),
                    ("row of the special places", "rows of the special places"), "Särskilda platser",
                    "Special places")}


def plan_rows(read, lang="sv", *, share=False) -> dict | None:
    """The accounting of a :class:`layers.plans.patrols.PatrolsRead` or
    :class:`layers.plans.places.PlacesRead` for ``--json``.

    Parameters
    ----------
    read : PatrolsRead or PlacesRead or None
    lang : {"sv", "en"}
    share : bool
        Leave out the cell values (share mode).

    Returns
    -------
    dict or None
        ``rows_read``, ``rows_used``, ``rows_rejected`` (``read = used + rejected``), ``reasons``,
        ``rejected``: one ``{"file", "row", "column", "value", "reason", "code"}`` per rejected row, ``reason``
        in ``lang``, and the reader's ``warnings`` in ``lang`` (none in share mode: a warning may quote a
        value); ``None`` without a file.
    """
    from maps.products.warning_words import localise_warning

    if read is None:
        return None
    s = read.summary
    rejected = []
    for r in read.rejects.itertuples(index=False):
        item = {"file": str(r.file), "row": _row(r.row), "column": _text(getattr(r, "column", "")),
                "value": _text(getattr(r, "value", "")), "reason": _reason(r, lang), "code": str(r.reason)}
        if share:
            item.pop("value")
        rejected.append(item)
    return {"files": [f["file"] for f in s["files"]], "rows_read": int(s["rows_read"]),
            "rows_used": int(s["rows_used"]), "rows_rejected": int(s["rows_rejected"]),
            "reasons": dict(s["reasons"]), "rejected": rejected,
            "warnings": [] if share else [localise_warning(w, lang) for w in s.get("warnings", [])]}


def unread_line(read, lang="sv", what="patrols", *, share=False) -> str | None:
    """``"2 rader i patrullplanen kunde inte läsas: rad 7 (schema 'xyz': ...); rad 9 (...)"``, or ``None``.

    Parameters
    ----------
    read : PatrolsRead or PlacesRead or None
    lang : {"sv", "en"}
    what : {"patrols", "places"}
    share : bool
        Name the rows and reasons only (no cell values, no schedule text).
    """
    from maps.labels import label

    block = plan_rows(read, lang, share=share)
    if not block or not block["rows_rejected"]:
        return None
    n, en = block["rows_rejected"], lang == "en"
    several_files = len(block["files"]) > 1
    items = []
    for r in block["rejected"][:N_NAMED]:
        where = (f"{r['file']} " if several_files else "") + (f"row {r['row']}" if en else f"rad {r['row']}")
        reason = label(r["code"], lang) if share else r["reason"]
        if not share and r["column"] and not r["reason"].startswith(("schema ", "schedule ")):
            reason = f"{r['column']}: {reason}"
        items.append(f"{where} ({reason})")
    noun = _WHAT[what][1 if en else 0][n != 1]
    verb = "could not be read" if en else "kunde inte läsas"
    if n > N_NAMED:
        items.append(f"… and {n - N_NAMED} more (check --patrols/--places lists them all)" if en else
                     f"… och {n - N_NAMED} till (check --patrols/--places visar alla)")
    return f"{n} {noun} {verb}: " + "; ".join(items)


def warning_lines(block, lang="sv", what="patrols") -> list:
    """The plan reader's warnings for the terminal, one line each: ``"varning, patrullplanen: plan.csv: ..."``.

    ``block`` is :func:`plan_rows`'s dict (or ``None``); ``weekend``, ``coverage``, ``suggest`` and ``run`` print
    these below the line of unread rows, as ``check`` lists them under the file.
    """
    if not block:
        return []
    return [f"{_WARNED[what][lang == 'en']}: {w}" for w in block.get("warnings", [])]


def with_unread_note(weekend, lines):
    """``weekend`` (a :class:`layers.cover.weekend.Weekend`) with ``lines`` added to its notes, for the briefing."""
    from dataclasses import replace

    lines = [line for line in lines if line]
    if not lines:
        return weekend
    return replace(weekend, info={**weekend.info, "notes": [*weekend.info.get("notes", []), *lines]})


def format_plan_rows(read, lang="sv", what="patrols") -> str:
    """The ``check`` report of one layer file: rows read, used and rejected, then each rejected row and why."""
    from maps.labels import label

    block = plan_rows(read, lang)
    title = _WHAT[what][3 if lang == "en" else 2]
    lines = [f"{title}: {', '.join(block['files'])}",
             (f"  {label('rows_read', lang)} {block['rows_read']} = {label('rows_used', lang)} {block['rows_used']}"
             f" + {label('rows_rejected', lang)} {block['rows_rejected']}")]
    for r in block["rejected"]:
        row = f"{'row' if lang == 'en' else 'rad'} {r['row']}"
        own = r["reason"].startswith(("schema ", "schedule "))  # names the schedule already
        cell = f" {r['column']} = {r['value']!r}" if r["column"] and not own else ""
        lines.append(f"    {row}{cell}: {r['reason']}")
    if block["warnings"]:
        lines.append(f"  {label('warnings', lang)}:")
        lines += [f"    - {w}" for w in block["warnings"]]
    return "\n".join(lines)


def _reason(r, lang):
    from maps.labels import label

    detail, detail_sv = _text(getattr(r, "detail", "")), _text(getattr(r, "detail_sv", ""))
    if lang != "en":
        return detail_sv or label(str(r.reason), "sv")
    if detail:
        return re.sub(r"; write e\.g\. .*$", "", detail)
    return label(str(r.reason), "en")


def _row(value):
    text = _text(value)
    return int(text) if text.isdigit() else text


def _text(value):
    import pandas as pd

    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
