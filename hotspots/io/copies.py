"""Rows that repeat an earlier row in every column, in a file without an id column: counted, kept, reported.

With an id column, a repeated id is a duplicate and rejected (``duplicate_id``, :mod:`hotspots.io.read`).
Without one, two identical rows may be two reports of the same kind at the same place and minute (two
callers about one fight) or one row the export wrote twice; the reader cannot tell, so it keeps both and
says how many there are (``copied_rows`` in the file's summary) and how to make them count once.
"""

import numpy as np
import pandas as pd

__all__ = ["copies_warning", "count_copies"]

_SECOND_KEY = "hotspot-planner2"  # 16 bytes: a second, independent hash of every row


def count_copies(table, valid, *, keys=None) -> int:
    """How many used rows repeat an earlier used row in every column.

    Parameters
    ----------
    table : DataFrame
        The file's raw columns.
    valid : numpy.ndarray of bool
        Rows used so far (rejected rows are not counted).
    keys : sequence of arrays, optional
        What the reader made of each row (e.g. its x, y and start): equal rows have equal keys, so only rows
        whose keys repeat are compared cell by cell. At 15 million rows of text that spares coding every
        column (seconds) for the few rows that can be copies.

    Returns
    -------
    int

    Examples
    --------
    >>> import pandas as pd
    >>> count_copies(pd.DataFrame({"x": [1, 1, 2], "t": ["a", "a", "a"]}), np.array([True, True, True]))
    1
    """
    valid = np.asarray(valid, dtype=bool)
    if valid.sum() < 2:
        return 0
    if keys is not None:
        hashed = pd.util.hash_array(np.asarray(keys[0]))
        for key in keys[1:]:  # combined in place, one key at a time (no frame of all keys)
            hashed *= np.uint64(1_000_003)
            hashed ^= pd.util.hash_array(np.asarray(key))
        rows = np.flatnonzero(valid)
        hashed = hashed[rows]
        ordered = np.sort(hashed)
        repeated = ordered[1:][ordered[1:] == ordered[:-1]]
        rows = rows[np.isin(hashed, repeated)]
        return count_copies(table.iloc[rows].reset_index(drop=True), np.ones(len(rows), bool)) if len(rows) else 0
    # Each row as a 64-bit hash of its cells: a text copy of the table and a hash table over it cost 45 s and
    # gigabytes at 15M rows. Text columns enter as the codes of their distinct values (exact, and hashing
    # numbers is far cheaper than hashing strings). Rows whose hash repeats are candidates; a second,
    # independent hash decides among them, so a false match needs both to collide (odds about n² / 2¹²⁹).
    codes = _as_codes(table)
    first = pd.util.hash_pandas_object(codes, index=False).to_numpy()[valid]
    ordered = np.sort(first)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    del ordered
    if not len(repeated):
        return 0
    candidate = np.flatnonzero(valid)[np.isin(first, repeated)]
    first = first[np.isin(first, repeated)]
    second = pd.util.hash_pandas_object(codes.iloc[candidate], index=False, hash_key=_SECOND_KEY).to_numpy()
    order = np.lexsort((second, first))
    first, second = first[order], second[order]
    return int(np.count_nonzero((first[1:] == first[:-1]) & (second[1:] == second[:-1])))


def _as_codes(table):
    """The table with each text (or other non-numeric) column replaced by the codes of its distinct values;
    numbers, times and flags stay as they are. Empty cells share one code."""
    out = {}
    for name, column in table.items():
        dtype = column.dtype
        plain = (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype)) \
            and not isinstance(dtype, pd.CategoricalDtype)
        out[name] = column.to_numpy() if plain else pd.factorize(column, use_na_sentinel=True)[0]
    return pd.DataFrame(out, index=pd.RangeIndex(len(table)))


def copies_warning(source, copies) -> list:
    """The summary's warning for ``copies`` repeated rows (empty when there are none)."""
    if not copies:
        return []
    return [(f"{source}: {copies} row(s) repeat an earlier row in every column and were kept (the file has no id "
             "column to tell one report exported twice from two reports); pass --id COLUMN, or remove the copies "
             "if the export doubled them.")]
