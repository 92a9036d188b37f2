"""Per-row sensitivity from flag columns: ``domestic``, ``Våld i nära relation``, ``vnr``, ``dv_flag``.

Exports mark violence in close relationships (and sometimes protected or sexual cases) in a
yes/no column beside the category: Chicago's ``Domestic`` (true/false), US ``dv_flag`` (Y/N,
1/0), Swedish ``Våld i nära relation`` or ``VNR`` (ja/nej, or an ``x`` in an otherwise empty
column). A column is used when its name says so *and* its values are yes/no; a column so named
that holds anything else (free text, codes) is passed over, so a row is never flagged by a
guess. The category's own sensitivity comes from :func:`hotspots.io.what.categories.categorise`;
the reader ORs the two.
"""

import re

import numpy as np
import pandas as pd

from hotspots.io.columns import normalise_name

__all__ = ["sensitive_flags"]

# Normalised names: a whole token (dv, vnr, domestic, ...) or a phrase inside the name.
_NAME = re.compile(r"(^|_)(domestic|dv|vnr|dv_flag|kanslig|sensitive|skyddad|sekretess|kvinnofrid|relationsvald"
                   r"|sexual|sexualbrott|hedersrelaterat)(_|$)|nara_relation|family_violence|intimate_partner")
_YES = frozenset({"true", "t", "y", "yes", "1", "1.0", "ja", "j", "x", "sant", "on"})
_NO = frozenset({"false", "f", "n", "no", "0", "0.0", "nej", "falskt", "off", "-"})
YES_NO_SHARE = 0.95   # share of non-empty values that must read as yes/no for the column to be used


def sensitive_flags(table: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Rows that a yes/no flag column marks as sensitive, and the columns that decided it.

    Parameters
    ----------
    table : pandas.DataFrame
        Records as read, columns as in the file. Never modified.

    Returns
    -------
    flags : numpy.ndarray of bool
        One per row: ``True`` where any used column says yes (``true``, ``Y``, ``1``, ``ja``,
        ``x``, ...). Empty cells are no.
    columns : list of str
        The flag columns used, in table order; empty when none was found.

    Examples
    --------
    >>> t = pd.DataFrame({"Primary Type": ["BATTERY", "THEFT"], "Domestic": [True, False]})
    >>> flags, columns = sensitive_flags(t)
    >>> flags.tolist(), columns
    ([True, False], ['Domestic'])
    """
    flags = np.zeros(len(table), dtype=bool)
    used = []
    for column in table.columns:
        if not _NAME.search(normalise_name(column)):
            continue
        yes = _yes(table[column])
        if yes is not None:
            flags |= yes
            used.append(column)
    return flags, used


def _yes(values: pd.Series):
    """Bool per row when the column reads as yes/no, else ``None``."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.fillna(False).to_numpy(dtype=bool)
    text = values.astype("string").str.strip().str.lower()
    present = text.notna() & text.ne("")
    if not present.any():
        return None
    is_yes = text.isin(_YES).fillna(False)
    readable = (is_yes | text.isin(_NO).fillna(False))[present]
    if readable.mean() < YES_NO_SHARE:
        return None
    return is_yes.to_numpy(dtype=bool)
