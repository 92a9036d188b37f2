"""The rejected rows of a file as a table: our columns first, then the file's own columns as text.

Both readers (points, :mod:`hotspots.io.read`; patrol plans and special places, :mod:`layers.plans.tables`)
lay their rejects out this way. A file may have a column with the name of one of ours (``file``, ``row``,
``reason``, ...): it is kept under that name with ``.1`` added (``.2`` if that is taken too), the way pandas
names a repeated header, so the file's value is never lost and ours is never overwritten.
"""

import pandas as pd

__all__ = ["rejected_rows"]


def rejected_rows(table: pd.DataFrame, ours: dict) -> pd.DataFrame:
    """``ours`` (name → values, in order) followed by ``table``'s own columns as strings.

    Parameters
    ----------
    table : DataFrame
        The rejected rows of the file, its own columns.
    ours : dict
        Our columns, e.g. ``{"file": ..., "row": ..., "reason": ...}``; scalars or one value per row.

    Returns
    -------
    DataFrame
        A new frame; ``table`` is not changed.
    """
    own = table.astype("string").reset_index(drop=True)
    taken = set(ours)
    names = []
    for name in own.columns:
        new, k = name, 0
        while new in taken:
            k += 1
            new = f"{name}.{k}"
        taken.add(new)
        names.append(new)
    own.columns = names
    head = pd.DataFrame({name: values for name, values in ours.items()}, index=own.index)
    return pd.concat([head, own], axis=1)
