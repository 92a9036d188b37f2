"""Lean reading: the used rows with only the columns the methods and the summary read.

``read_points(..., lean=True)`` keeps no id, free text, file, row or raw category per point: commands that
write no single incident (``hotspots`` with a grid method, ``check``) need none of them, and at 15 million
rows they are about a gigabyte of text.
"""

import numpy as np
import pandas as pd

__all__ = ["LEAN_COLUMNS", "lean_frame"]

#: The Points columns of lean reading (``read_points(..., lean=True)``), besides ``geometry`` or ``x``/``y``.
LEAN_COLUMNS = ["source", "category", "start", "end", "tz", "weight", "sensitive", "imprecise"]


def lean_frame(source, full, ok) -> pd.DataFrame:
    """The used rows with :data:`LEAN_COLUMNS` only (plus ``x``/``y``), taken out of ``full``.

    Parameters
    ----------
    source : str
        ``incident`` or ``complaint``: every row's source.
    full : dict
        Full-length columns by name (the reader's stage outputs); emptied on the way, so that no more than
        one full-length column is copied at a time.
    ok : numpy.ndarray of bool
        The used rows.

    Returns
    -------
    pandas.DataFrame
        ``source``, ``category`` and ``tz`` as Categoricals, the rest as given.
    """
    n_used = int(ok.sum())
    columns = {"source": pd.Categorical.from_codes(np.zeros(n_used, np.int8), categories=[source])}
    for name in [*full]:
        values = full.pop(name)
        values = values[ok]
        if name in ("category", "tz"):  # a few distinct words: a code per row, not an object pointer
            values = pd.Categorical(values)
        columns[name] = values.reset_index(drop=True) if isinstance(values, pd.Series) else values
    return pd.DataFrame(columns, copy=False)
