"""Year against the years before: counts with exact Poisson intervals, the change test and the trend.

For each year the count ``n`` of points gets the exact (Garwood) 95 %
interval of a Poisson mean (:func:`hotspots.temporal.poisson.poisson_interval`). The year under review is
compared with the mean of the years before it by the exact conditional test of two Poisson counts
(:func:`hotspots.temporal.poisson.compare_counts`): a change is called an increase or a decrease only when it
is beyond chance at ``alpha``.

With at least ``min_trend_years`` years, the Mann–Kendall test (:func:`hotspots.temporal.trend.mann_kendall`)
runs over the yearly counts.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hotspots.defaults import TZ
from hotspots.errors import InputError
from hotspots.temporal.poisson import compare_counts, poisson_interval
from hotspots.temporal.trend import mann_kendall

__all__ = ["YearOverYear", "year_over_year"]


@dataclass(frozen=True)
class YearOverYear:
    """What :func:`year_over_year` returns.

    Attributes
    ----------
    table : DataFrame
        One row per year: ``year``, ``count``, ``low``, ``high`` (exact 95 % Poisson interval).
    change : dict
        ``year``, ``count``, ``baseline_years``, ``until``, ``baseline_mean``, ``ratio``, ``ratio_low``, ``ratio_high``,
        ``p``, ``verdict`` (``increase``, ``decrease``, ``within_chance``, ``no_baseline``).
    trend : dict
        ``n_years``, ``trend`` (``increasing``/``decreasing``/``no trend``/``too few years``), ``p``, ``tau``.
    """

    table: pd.DataFrame
    change: dict
    trend: dict


def year_over_year(points, year, *, first_year=None, until=None, tz=TZ, alpha=0.05,
                   min_trend_years=4) -> YearOverYear:
    """Counts per calendar year (local time) and the year under review against the years before.

    Parameters
    ----------
    points : DataFrame
        With tz-aware ``start`` (the Points contract); each row counts once.
    year : int
        The year under review; years after it are ignored.
    first_year : int, optional
        First year of the comparison (default: the first year with data). Years between it and ``year``
        without points count 0.
    until : Timestamp, optional
        The end of the data. When it falls inside ``year`` (a year not yet over), every year is counted only
        over the same part of the year (from 1 January to the same date and time), so the years stay comparable;
        ``change["until"]`` then holds it.
    tz : str
        The local zone that decides the calendar year.
    alpha : float
        Significance level of the change and trend tests.
    min_trend_years : int
        Fewest years for a trend test.

    Returns
    -------
    YearOverYear

    Raises
    ------
    InputError
        No ``start`` column or a year before the first year.
    """
    if "start" not in points.columns:
        raise InputError("points need a start column (the Points contract); read them with read_points")
    local = pd.to_datetime(points["start"]).dt.tz_convert(tz)
    years = local.dt.year.to_numpy()
    data_first = int(years.min()) if len(years) else year
    year_end = pd.Timestamp(f"{year + 1}-01-01", tz=tz)
    partial = until is not None and pd.Timestamp(until).tz_convert(tz) < year_end
    if partial:
        cut = pd.Timestamp(until).tz_convert(tz) - pd.Timestamp(f"{year}-01-01", tz=tz)
        jan1 = pd.to_datetime(pd.Series(years, index=local.index).astype(str) + "-01-01").dt.tz_localize(tz)
        years = np.where((local - jan1) < cut, years, -1)
    first = int(first_year if first_year is not None else data_first)
    if first > year:
        raise InputError(f"the first year {first} is after the year under review {year}")
    span = np.arange(first, year + 1)
    counts = np.array([(years == y).sum() for y in span], dtype=int)
    low, high = poisson_interval(counts)
    table = pd.DataFrame({"year": span, "count": counts, "low": low, "high": high})
    base, k = int(counts[:-1].sum()), len(span) - 1
    change = {"year": int(year), "count": int(counts[-1]), "baseline_years": [int(y) for y in span[:-1]],
              "until": str(pd.Timestamp(until).tz_convert(tz)) if partial else None,
              "baseline_mean": base / k if k else None, **compare_counts(counts[-1], base, k, alpha=alpha)}
    if len(span) >= min_trend_years:
        mk = mann_kendall(counts.astype(float), alpha=alpha)
        trend = {"n_years": len(span), "trend": str(mk.direction), "p": float(mk.p), "tau": float(mk.tau)}
    else:
        trend = {"n_years": len(span), "trend": "too few years", "p": None, "tau": None}
    return YearOverYear(table, change, trend)
