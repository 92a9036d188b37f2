"""Spreadsheet cells that cannot bite: user text that a spreadsheet would read as a formula is neutralised.

The OWASP rule for CSV injection: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is prefixed with ``'`` so that Excel and LibreOffice show it as text. Only text is touched: numbers,
booleans, times and missing values keep their type, so a real negative number in a numeric column stays a
number (``-2`` the number is written as a number; ``"-2+3"`` the text gets its ``'``).
"""

import numpy as np
import pandas as pd

__all__ = ["neutralise_cells"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cells(table) -> pd.DataFrame:
    """Prefix ``'`` to every text cell that starts like a formula; other cells are left as they are.

    Parameters
    ----------
    table : DataFrame
        Any table about to be written to CSV or XLSX (column names are checked too).

    Returns
    -------
    DataFrame
        A new frame; ``table`` is not changed.
    """
    out = table.copy()
    out.columns = [_neutral(c) if isinstance(c, str) else c for c in out.columns]
    for pos in range(out.shape[1]):
        col = out.iloc[:, pos]
        if not (col.dtype == object or isinstance(col.dtype, pd.StringDtype)):
            continue  # numbers, booleans and times cannot be formulas
        values = col.astype(object)
        try:
            risky = values.str.startswith(FORMULA_STARTS, na=False).to_numpy(bool) if len(values) else []
        except AttributeError:  # an object column without any text (numbers, None): nothing can be a formula
            continue
        if np.any(risky):
            values = values.where(~risky, "'" + values.where(risky, ""))
            out.isetitem(pos, values.astype(col.dtype))
    return out


def _neutral(value):
    return "'" + value if value.startswith(FORMULA_STARTS) else value
