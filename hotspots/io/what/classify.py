"""What each row is: its offence category, whether it is sensitive, and how both were found.

Joins the category column search (:mod:`hotspots.io.what.category_column`), the vocabulary
(:func:`hotspots.io.what.categories.categorise`) and the yes/no flag columns
(:mod:`hotspots.io.what.sensitivity`) into one step of the reader, with the words ``check`` reports.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hotspots.errors import InputError
from hotspots.io.what.categories import categorise
from hotspots.io.what.category_column import find_category_column
from hotspots.io.what.sensitivity import sensitive_flags
from hotspots.io.what.vocabulary import CATEGORY_KEYS

__all__ = ["Classified", "classify_rows"]


@dataclass(frozen=True)
class Classified:
    """Per-row ``category`` (canonical key), ``category_raw``, ``sensitive`` and the report fields."""

    category: pd.Series
    category_raw: pd.Series
    sensitive: np.ndarray
    report: dict
    warnings: list


def classify_rows(table, *, source, stated_column=None, default_category=None, overrides=None) -> Classified:
    """Categorise every row of a raw table and flag the sensitive ones.

    Parameters
    ----------
    table : DataFrame
        The file's raw columns.
    source : str
        The file (and sheet) name for messages.
    stated_column : str, optional
        The category column the user named (``--category``); it must exist.
    default_category : str, optional
        The category of every row when the file has none (a single-offence export).
    overrides : dict, optional
        Raw category → canonical key (the project's ``[categories]``).

    Returns
    -------
    Classified
    """
    n = len(table)
    if stated_column:
        if stated_column not in table.columns:
            raise InputError(f"{source}: no column '{stated_column}'; columns are: "
                             f"{', '.join(map(str, table.columns))}; pass --category with one of them.")
        column, how = stated_column, "stated"
    else:
        column, how = find_category_column(table)
    if column:
        raw = table[column].astype("string").str.strip().fillna("")
    else:
        raw = pd.Series([default_category or ""] * n, dtype="string", index=table.index)
    cats = categorise(raw, overrides=overrides or None)
    if not column and default_category and cats.info.get("unmapped"):
        raise InputError(f"{source}: the default category {default_category!r} is no known category; pass "
                         f"--default-category with one of {', '.join(CATEGORY_KEYS)} (or a Swedish offence word "
                         "such as narkotika).")
    flags, flag_columns = sensitive_flags(table)
    sensitive = cats.sensitive.to_numpy(dtype=bool) | flags
    warnings = []
    if not column and not default_category:
        warnings.append(f"{source}: no category column found ({how}); every row is 'other' (pass --category).")
    report = {"category_column": column, "category_how": how, "default_category": default_category,
              "unmapped_categories": cats.info.get("unmapped", []),
              "unmapped_rows": int(cats.info.get("unmapped_rows", 0)), "sensitive_columns": flag_columns}
    return Classified(cats.category, raw, sensitive, report, warnings)
