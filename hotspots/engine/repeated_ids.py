"""Repeated ids across partitions: the first valid row of an id is kept, later ones are ``duplicate_id``.

:func:`hotspots.engine.rows.clean_partition` applies the reader's rule within a partition. Across
partitions (and across the datasets of one source, in the order given, as the reader does across files)
the ids still valid are counted on the cluster; only ids seen more than once come back to the client
(none, for an export with unique keys), then the partitions that hold them mark every occurrence after
the first partition's as ``duplicate_id``.
"""

import numpy as np
import pandas as pd

from hotspots.engine.rows import empty_rows

__all__ = ["drop_repeated_ids"]

_HITS_META = pd.DataFrame({"id": pd.Series([], dtype=object), "part": pd.Series([], dtype="int64")})


def drop_repeated_ids(frames, sources, has_ids=None):
    """Mark ids repeated across partitions as ``duplicate_id``.

    Parameters
    ----------
    frames : list of dask.dataframe.DataFrame
        Cleaned rows per dataset (:func:`hotspots.engine.rows.clean_partition`), persisted.
    sources : list of str
        The source of each dataset; ids are unique per source.
    has_ids : list of bool, optional
        Whether each dataset has an id column; a source without one is skipped (its ids are made from
        row numbers, unique by construction). Default: every dataset has one.

    Returns
    -------
    list of dask.dataframe.DataFrame
        The frames, re-marked and persisted where an id was repeated, else as given.
    """
    import dask.dataframe as dd

    frames = list(frames)
    for source in dict.fromkeys(sources):
        members = [i for i, s in enumerate(sources) if s == source]
        if has_ids is not None and not any(has_ids[i] for i in members):
            continue
        rows = dd.concat([frames[i] for i in members])
        valid = rows[rows["reason"].isna() & ~rows["id"].isna()]["id"]
        counts = valid.value_counts().compute()
        repeated = counts[counts > 1]
        if repeated.empty:
            continue
        wanted = set(repeated.index.astype(object))
        hits = rows.map_partitions(_hits, wanted, meta=_HITS_META).compute()
        first = hits.groupby("id")["part"].min()
        marked = rows.map_partitions(_mark, first, meta=empty_rows())
        start = 0
        for i in members:
            n = frames[i].npartitions
            frames[i] = marked.partitions[start:start + n].persist()
            start += n
    return frames


def _hits(rows, wanted, partition_info=None):
    """The partition number of each valid row whose id is repeated."""
    picked = rows["reason"].isna().to_numpy() & rows["id"].isin(wanted).to_numpy()
    number = partition_info["number"] if partition_info else 0
    return pd.DataFrame({"id": pd.Series(rows["id"].to_numpy()[picked], dtype=object),
                         "part": np.full(int(picked.sum()), number, dtype="int64")})


def _mark(rows, first, partition_info=None):
    number = partition_info["number"] if partition_info else 0
    later = rows["id"].map(first).to_numpy(dtype=float) < number  # NaN (not repeated) compares False
    out = rows.copy()
    reason = out["reason"].to_numpy(dtype=object, copy=True)
    reason[later & out["reason"].isna().to_numpy()] = "duplicate_id"
    out["reason"] = pd.Series(reason, index=out.index, dtype=object)
    return out
