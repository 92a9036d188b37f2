"""Find the column that holds each row's offence category, by its name and by what it holds.

A category column is text with few distinct values (relative to rows) most of which are offence
words (:mod:`hotspots.io.what.vocabulary`). Names decide between columns that both look like one —
Swedish names first (Händelse, Händelsetyp, Rubricering, Brottsbenämning, Brottskod, ...), then
the English ones of open-data portals (offense, primary_type, crime_type, OFNS_DESC, ...) — and
content finds the column when its name is unknown. Only a sample of rows is read, so a 15-million
row table costs about as much as a 100,000-row one.
"""

import numpy as np
import pandas as pd

from hotspots.io.columns import normalise_name
from hotspots.io.what.vocabulary import fold, match_offence

__all__ = ["CATEGORY_NAMES", "find_category_column"]

# Normalised names (see hotspots.io.columns.normalise_name), in order of preference.
CATEGORY_NAMES = (
    "handelse", "handelsetyp", "handelsekategori", "rubricering", "brottsrubricering", "brottsbenamning",
    "brottskod", "brottstyp", "brottskategori", "kategori", "brott", "arendetyp", "arende_typ", "typ",
    "offense", "offence", "primary_type", "crime_type", "offense_type", "offence_type", "offense_type_id",
    "category", "crime_category", "offense_category", "offense_category_id", "ucr_desc", "ucr_description",
    "offense_description", "offence_description", "ofns_desc", "crm_cd_desc", "incident_type",
    "incident_category", "mci_category", "major_category", "text_general_code", "nibrs_offense",
    "crime_description", "crime", "type", "modalidad",
)
OFFENCE_SHARE = 0.5      # at least this share of rows must be offence words to be found by content
_FEW_ABS, _FEW_SHARE = 30, 0.05   # "few distinct": at most max(30, 5 % of the rows)
_NAMED_MAX_SHARE = 0.2   # a named column with more distinct values than this share is free text
_SAMPLE = 100_000


def find_category_column(table: pd.DataFrame) -> tuple[str | None, str]:
    """The column of offence categories in a raw table, and why it was chosen.

    Parameters
    ----------
    table : pandas.DataFrame
        Records as read, columns as in the file. Never modified; at most 100,000 evenly spaced
        rows are looked at.

    Returns
    -------
    column : str or None
        The column's name as in the file, or ``None`` when no column looks like categories.
    how : str
        One sentence for ``check``: by name and content, by content alone, by name although few
        values are offence words, or why none was found (the columns checked).

    Examples
    --------
    >>> t = pd.DataFrame({"TYPE": ["Theft of Vehicle", "Mischief"] * 20, "HUNDRED_BLOCK": ["10XX MAIN ST"] * 40})
    >>> find_category_column(t)
    ('TYPE', "by name and content: 'TYPE', 100% of rows are offence words (2 distinct values)")
    """
    if table.shape[1] == 0 or len(table) == 0:
        return None, "no category column: the table is empty"
    rows = np.unique(np.linspace(0, len(table) - 1, min(len(table), _SAMPLE)).astype(np.int64))
    sample = table.iloc[rows]
    rank = {name: i for i, name in enumerate(CATEGORY_NAMES)}
    named, by_content = [], []
    for column in table.columns:
        norm = normalise_name(column)
        stats = _offence_stats(sample[column], named=norm in rank)
        if stats is None:
            continue
        share, distinct, nonempty = stats
        if norm in rank and distinct <= max(_FEW_ABS, _NAMED_MAX_SHARE * nonempty):
            named.append((rank[norm], -share, column, share, distinct))
        if distinct <= max(_FEW_ABS, _FEW_SHARE * nonempty) and share >= OFFENCE_SHARE:
            by_content.append((-share, distinct, column, share, distinct))
    strong = sorted(c for c in named if c[3] >= OFFENCE_SHARE)
    if strong:
        return strong[0][2], _how("by name and content", *strong[0][2:])
    if by_content:
        best = sorted(by_content)[0]
        return best[2], _how("by content", *best[2:])
    if named:
        best = sorted(named)[0]
        return best[2], _how("by name only", *best[2:]) + "; few are offence words, categories may be 'other'"
    checked = ", ".join(map(str, table.columns))
    return None, (f"no category column: none is named like one and none holds few distinct offence words "
                  f"(columns: {checked}); pass --category COLUMN")


def _offence_stats(values: pd.Series, *, named: bool):
    """``(share of rows that are offence words, distinct values, non-empty rows)`` or ``None``.

    Numbers, booleans and dates are skipped unless the column is named like a category (codes).
    """
    dtype = values.dtype
    textual = pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype) or \
        isinstance(dtype, pd.CategoricalDtype)
    if not (textual or (named and pd.api.types.is_integer_dtype(dtype))):
        return None
    counts = values.astype("string").str.strip().replace("", pd.NA).dropna().value_counts()
    nonempty = int(counts.sum())
    if nonempty == 0:
        return None
    if counts.size > max(_FEW_ABS, _NAMED_MAX_SHARE * nonempty):   # free text or ids: not worth matching
        return 0.0, int(counts.size), nonempty
    matched = np.array([match_offence(fold(v)) not in (None, "other") for v in counts.index], dtype=bool)
    return float(counts.to_numpy()[matched].sum() / nonempty), int(counts.size), nonempty


def _how(way, column, share, distinct) -> str:
    return f"{way}: '{column}', {share:.0%} of rows are offence words ({distinct} distinct values)"
