"""A share-safe layer with every count column published on the coarse scale (:mod:`maps.share.coarse`).

The last step before a share frame is drawn or written: ``count`` and every ``n_*`` column go through
:func:`maps.share.coarse.publish_count`, keyed by the row's stable identity (``hotspot_id``; else the
grid's ``row:col``; else the square's south-west corner) so that ``round5`` draws the same way every run.
"""

import pandas as pd

from hotspots.defaults import MIN_COUNT
from maps.share.coarse import band_bounds, publish_count

__all__ = ["publish_frame"]


def publish_frame(frame, *, kind="cell", min_count=MIN_COUNT, scale="classes", numeric=False):
    """A copy of ``frame`` whose counts are on the coarse scale.

    Parameters
    ----------
    frame : GeoDataFrame or None
        A share-safe layer (:class:`maps.share.privacy.Shareable` ``hotspots``, ``cells`` or ``heat``).
    kind : str
        Prefix of the cell keys (``"hotspot"``, ``"cell"``, ``"square"``).
    min_count : int
    scale : {"classes", "round5"}
    numeric : bool
        Numbers rather than labels: a band's lower bound (for colouring an image, which has no popup).

    Returns
    -------
    GeoDataFrame or None
        Count columns hold band labels (``object``), multiples of 5 (``Int64``, ``round5``) or, with
        ``numeric``, lower bounds (``Float64``); ``None``/``<NA>`` where
        suppressed. ``frame`` itself is not changed.
    """
    if frame is None or not len(frame):
        return frame
    out = frame.copy()
    if "hotspot_id" in out:
        ids = out["hotspot_id"].astype(str)
    elif {"row", "col"} <= set(out.columns):
        ids = out["row"].astype(str) + ":" + out["col"].astype(str)
    else:  # heat squares: the south-west corner is their identity
        corner = out.geometry.bounds
        x, y = (corner[k].round().astype("int64").astype(str) for k in ("minx", "miny"))
        ids = x + ":" + y
    for name in [c for c in out.columns if isinstance(c, str) and (c == "count" or c.startswith("n_"))]:
        keys = (f"{kind}:" + ids + f":{name}").tolist()
        values = publish_count(out[name], key=keys, min_count=min_count, scale=scale)
        if numeric:
            out[name] = pd.array([None if v is None else band_bounds(v)[0] for v in values], dtype="Float64")
        elif scale == "round5":  # multiples of 5 stay whole numbers
            out[name] = pd.array(values, dtype="Int64")
        else:
            out[name] = pd.Series(values, index=out.index, dtype=object)
    return out
