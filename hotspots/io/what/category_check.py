"""Whether the reader knew each file's offence categories well enough to keep sensitive rows out.

Share products publish counts to people outside the police; sexual offences and violence in
close relationships must not be among them. That is only possible when each row's category is
known. A file read without a category column (every row "other"), or whose category values are
mostly unknown words (numeric ``Brottskod`` codes, a column of something else), could hide such
rows, so share products refuse it unless the user names the category column or states that no
incident is sensitive. The refusal and its words are here; the CLI decides when to ask.
"""

__all__ = ["UNMAPPED_LIMIT", "categories_known", "unknown_categories_message"]

UNMAPPED_LIMIT = 0.5   # a file whose rows are mostly unknown category words counts as unknown

_MESSAGE = {
    "en": ("sensitive incidents could not be kept out: no offence category is known for {files}. "
           "Pass --category COLUMN to name the column that holds the offence, or --no-sensitive to "
           "state that none of these incidents is sensitive."),
    "sv": ("känsliga händelser kunde inte hållas utanför: ingen brottskategori är känd för {files}. "
           "Ange kolumnen med brottet med --category KOLUMN, eller --no-sensitive för att intyga att "
           "ingen av händelserna är känslig."),
}


def categories_known(summary: dict) -> bool:
    """``True`` when every file that gave points had its offence categories recognised.

    Parameters
    ----------
    summary : dict
        The reader's summary (``PointsRead.summary``). Each entry of ``summary["files"]`` is
        read for ``rows_used``, ``category_column`` and, when present, ``category_how``
        (``"stated"`` when the user named the column: trusted as is), ``default_category``,
        ``rows_read`` and ``unmapped_rows`` (rows whose category matched no rule).

    Returns
    -------
    bool
        ``False`` if a file with used rows had no category column and no default category, or
        more than half of its rows hold category values that matched no rule.

    Examples
    --------
    >>> categories_known({"files": [{"file": "a.csv", "rows_used": 10, "category_column": None}]})
    False
    """
    return not _unknown_files(summary)


def unknown_categories_message(summary: dict, lang: str = "sv") -> str:
    """The refusal for share products, naming the files whose categories are unknown.

    Parameters
    ----------
    summary : dict
        The reader's summary, as for :func:`categories_known`.
    lang : {"sv", "en"}
        Language of the message.

    Returns
    -------
    str
        One sentence pair; empty when every file's categories are known.
    """
    files = _unknown_files(summary)
    if not files:
        return ""
    return _MESSAGE["en" if lang == "en" else "sv"].format(files=", ".join(files))


def _unknown_files(summary: dict) -> list[str]:
    unknown = []
    for entry in summary.get("files", []):
        if entry.get("rows_used", 0) == 0 or entry.get("default_category") or entry.get("category_how") == "stated":
            continue   # nothing published, or the user said what the rows are
        rows = entry.get("rows_read") or entry.get("rows_used") or 1
        mostly_unmapped = entry.get("unmapped_rows", 0) > UNMAPPED_LIMIT * rows
        if not entry.get("category_column") or mostly_unmapped:
            unknown.append(str(entry.get("file", "?")))
    return unknown
