"""Periods of calendar units counted back from an end time (shared by trends and emerging hot spots).

Rule: a stated unit, or the longest of year, quarter, month and week that gives at least
``min_periods`` complete periods; periods are counted back from ``end`` in local wall-clock time, so
the final period always holds the newest data, and a leading partial period is left out.
"""

import itertools

import pandas as pd

from hotspots.errors import InputError

__all__ = ["UNITS", "period_edges"]

UNITS = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1),
         "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}
AUTO_ORDER = ("year", "quarter", "month", "week")


def _edges(data_start, end, unit):
    """Period boundaries counted back from ``end`` while the period still begins at or after the data."""
    edges = itertools.takewhile(lambda edge: edge >= data_start, (end - UNITS[unit] * k for k in itertools.count()))
    return pd.DatetimeIndex(list(edges)[::-1])


def period_edges(data_start, end, period=None, min_periods=10):
    """Period boundaries counted back from ``end`` (see the module docstring for the rule).

    Parameters
    ----------
    data_start, end : pandas.Timestamp
        Tz-aware local times: the first event and the end of the last period.
    period : {"year", "quarter", "month", "week"}, optional
        Stated length; automatic when ``None``.
    min_periods : int
        Complete periods needed.

    Returns
    -------
    tuple of (str, DatetimeIndex, str)
        The unit, the T + 1 boundaries and the rule in words.

    Raises
    ------
    InputError
        Too few complete periods.
    """
    span = f"data from {data_start.date()} to {end.isoformat()}"
    if period is not None:
        edges = _edges(data_start, end, period)
        if len(edges) - 1 < min_periods:
            raise InputError(f"{span} give {len(edges) - 1} complete {period}(s); at least {min_periods} are "
                             "needed: choose a shorter period or lower min_periods.")
        return period, edges, f"stated: {period}; {len(edges) - 1} complete periods counted back from end"
    found = {}
    for unit in AUTO_ORDER:
        edges = _edges(data_start, end, unit)
        found[unit] = len(edges) - 1
        if found[unit] >= min_periods:
            rule = (f"automatic: the longest of year, quarter, month, week giving ≥ {min_periods} complete "
                    f"periods ({', '.join(f'{u}: {n}' for u, n in found.items())}); periods counted back from "
                    "end in local time")
            return unit, edges, rule
    raise InputError(f"{span} give only {found['week']} complete weeks; at least {min_periods} periods are "
                     "needed: add data or lower min_periods.")
