"""The trend column of the Hotspots table: Mann–Kendall on each hotspot's weighted count per period.

One home for the rule, used by :class:`hotspots.find.HotspotFinder` and by the dask engine
(:mod:`hotspots.engine.grid_hotspots`), which knows the data's span from the summary rather than from
the points it holds.
"""

import numpy as np
import pandas as pd

from hotspots.errors import InputError
from hotspots.temporal.periods import period_edges
from hotspots.temporal.trend import mann_kendall

__all__ = ["TREND_WORDS", "hotspot_trends"]

TREND_WORDS = {"sv": {"increasing": "ökande", "decreasing": "minskande", "no trend": "ingen trend"},
               "en": {"increasing": "increasing", "decreasing": "decreasing", "no trend": "no trend"}}


def hotspot_trends(start, ids, k, weights, *, tz, lang="sv", span=None):
    """Each hotspot's trend in words and the rule behind it.

    Parameters
    ----------
    start : Series of tz-aware datetimes
        Start of each point (NaT where unknown).
    ids : ndarray of int
        Hotspot of each point (1..k; 0 = none).
    k : int
        Number of hotspots.
    weights : ndarray
        Weight of each point.
    tz : str
        Zone of the local calendar the periods follow.
    lang : {"sv", "en"}
    span : tuple of Timestamp, optional
        ``(first, last)`` of the whole data, when ``start`` holds only some of its points.

    Returns
    -------
    tuple of (list, str or None)
        ``k`` words (None each when there is no time) and the ``trend_rule`` (None when there is no time).
    """
    if k == 0 or (span is None and (start is None or start.notna().sum() == 0)):
        return [None] * k, None
    local = start.dt.tz_convert(tz) if start.dt.tz is not None else start
    first, last = (local.min(), local.max()) if span is None else (pd.Timestamp(span[0]).tz_convert(tz),
                                                                    pd.Timestamp(span[1]).tz_convert(tz))
    try:
        unit, edges, rule = period_edges(first.normalize(), last.normalize() + pd.Timedelta(days=1))
    except InputError as err:
        return [None] * k, f"no trend: {err}"
    # Compare as int64 nanoseconds (UTC): tz-aware to_numpy() would make one Timestamp object per row.
    stamps = pd.DatetimeIndex(local).as_unit("ns").asi8
    period = np.searchsorted(pd.DatetimeIndex(edges).as_unit("ns").asi8, stamps, side="right") - 1
    ok = (ids > 0) & (period >= 0) & (period < len(edges) - 1) & local.notna().to_numpy()
    n_periods = len(edges) - 1
    series = np.bincount((ids[ok] - 1) * n_periods + period[ok], weights=np.asarray(weights, float)[ok],
                         minlength=k * n_periods).reshape(k, n_periods)
    result = mann_kendall(series)
    words = TREND_WORDS.get(lang, TREND_WORDS["sv"])
    return ([words[d] for d in np.asarray(result.direction).ravel()],
            f"Mann–Kendall on weighted counts per {unit} (p < 0.05); {rule}")
