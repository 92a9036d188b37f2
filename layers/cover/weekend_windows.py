"""The event windows of the weekend analysis: the event's key, this year's windows, the data's span, the earlier
years' windows that the data covers, and which earlier window holds each point (see :mod:`layers.cover.weekend`).
"""

import numpy as np
import pandas as pd

from hotspots.errors import InputError
from hotspots.io.columns import normalise_name
from layers.calendar import event_windows
from layers.plans.places import EVENT_ALIASES

__all__ = ["check_windows", "data_span", "earlier_windows", "event_key", "point_starts", "select_windows",
           "window_years"]


def event_key(event):
    """The calendar key of ``event``: normalised, and a Swedish name mapped to its key (``Valborgsmässoafton``).

    Raises
    ------
    InputError
        ``event`` is not a non-empty string.
    """
    key = normalise_name(event) if isinstance(event, str) else ""
    if not key:
        raise InputError(f"event must be an event key such as 'valborg' or 'midsommar', got {event!r}.")
    return EVENT_ALIASES.get(key, key)


def select_windows(windows, key, month):
    """The rows of ``windows`` (:func:`layers.calendar.event_windows`) for ``key``; with ``month``, only those whose
    anchor day is in that month.

    Returns
    -------
    pandas.DataFrame
    """
    rows = windows[windows["key"] == key]
    if month is not None:
        rows = rows[[d.month == month for d in rows["day"]]]
    return rows.reset_index(drop=True)


def check_windows(windows, key, event, year, month, local_events, overrides, tz):
    """Nothing when ``windows`` has a row; else why not, as an error.

    Raises
    ------
    InputError
        An unknown event (the message lists the year's keys), or a known one without a window in ``year``
        (or ``month``).
    """
    if len(windows):
        return
    local = [e.get("key", "").strip() for e in local_events or [] if isinstance(e, dict)]
    keys = list(dict.fromkeys([*event_windows(year, local_events=local_events, overrides=overrides,
                                              tz=tz)["key"], *local]))
    if key not in keys:
        raise InputError(f"unknown event {event!r}; the events of {year} are: {', '.join(keys)}.")
    when = f"{year}" if month is None else f"month {month} of {year}"
    raise InputError(f"event {key!r} has no window in {when}; check its dates or rule (see the calendar "
                     f"command for {year}).")


def point_starts(pts, tz):
    """The points' ``start`` as time-zone-aware instants (naive times are local to ``tz``), indexed 0..n-1.

    Raises
    ------
    InputError
        The points have no ``start`` column of date-times.
    """
    if "start" not in pts.columns or not pd.api.types.is_datetime64_any_dtype(pts["start"].dtype):
        raise InputError("weekend_analysis: the points need a 'start' column of date-times; read them with "
                         "hotspots.io.read.read_points.")
    start = pts["start"].reset_index(drop=True)
    return start if start.dt.tz is not None else start.dt.tz_localize(tz, ambiguous="NaT",
                                                                      nonexistent="shift_forward")


def data_span(start, tz):
    """(first local day 00:00, day after the last local day 00:00) of the data, and the years with points.

    Returns
    -------
    tuple
        The span (``None`` without any start) and the set of local years that have points.
    """
    local = start.dropna().dt.tz_convert(tz)
    if local.empty:
        return None, set()
    lo = local.min().tz_localize(None).normalize().tz_localize(tz, ambiguous=True, nonexistent="shift_forward")
    hi = (local.max().tz_localize(None).normalize() + pd.Timedelta(days=1)).tz_localize(
        tz, ambiguous=True, nonexistent="shift_forward")
    return (lo, hi), set(local.dt.year.unique().tolist())


def earlier_windows(key, year, years_back, month, local_events, overrides, tz, buffer, span, years_with_data):
    """The event's windows in the ``years_back`` years before ``year`` that the data covers, and the others.

    Parameters
    ----------
    key, year, years_back, month, local_events, overrides, tz
        As in :func:`layers.cover.weekend.weekend_analysis`.
    buffer : pandas.Timedelta
        Added at both ends of every window.
    span, years_with_data
        What :func:`data_span` returned.

    Returns
    -------
    tuple of (pandas.DataFrame, list of dict)
        ``year, name, start, end, hours`` of the counted windows; ``year, reason, windows`` of each year not
        counted.
    """
    rows, missing = [], []
    for y in range(max(1953, year - years_back), year):
        windows = select_windows(event_windows(y, local_events=local_events, overrides=overrides, tz=tz), key, month)
        reason = None
        if windows.empty:
            reason = "no window that year"
        elif span is None:
            reason = "no points with a start time"
        elif (windows["end"] + buffer).max() <= span[0]:
            reason = f"before the data (first day {span[0]:%Y-%m-%d})"
        elif (windows["start"] - buffer).min() >= span[1]:
            reason = f"after the data (last day {span[1] - pd.Timedelta(days=1):%Y-%m-%d})"
        elif (windows["start"] - buffer).min() < span[0] or (windows["end"] + buffer).max() > span[1]:
            reason = (f"partly outside the data span ({span[0]:%Y-%m-%d} to "
                      f"{span[1] - pd.Timedelta(days=1):%Y-%m-%d})")
        elif y not in years_with_data:
            reason = f"no points in {y}"
        if reason:
            missing.append({"year": y, "reason": reason, "windows": [
                [s.isoformat(), e.isoformat()] for s, e in zip(windows["start"], windows["end"])]})
            continue
        rows.append(windows.assign(year=y))
    columns = ["year", "name", "start", "end", "hours"]
    past = pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)
    return past, missing


def window_years(start, past, buffer):
    """The earlier year whose window holds each point's start (0 = none), by merged ``[start, end)`` intervals.

    Parameters
    ----------
    start : pandas.Series
        What :func:`point_starts` returned.
    past : pandas.DataFrame
        The counted windows of :func:`earlier_windows`.
    buffer : pandas.Timedelta
        Added at both ends of every window.

    Returns
    -------
    numpy.ndarray of int64
    """
    out = np.zeros(len(start), dtype=np.int64)
    if past.empty:
        return out
    lo = _ns(pd.DatetimeIndex(past["start"] - buffer))
    hi = _ns(pd.DatetimeIndex(past["end"] + buffer))
    order = np.argsort(lo, kind="stable")
    lo, hi, label = lo[order], hi[order], past["year"].to_numpy()[order]
    reach = np.maximum.accumulate(hi)
    t = _ns(pd.DatetimeIndex(start))
    at = np.searchsorted(lo, t, side="right") - 1
    inside = (at >= 0) & (t < reach[np.maximum(at, 0)]) & ~pd.isna(start).to_numpy()
    # a window of one year never holds another year's window, so the latest one begun names the year
    out[inside] = label[at[inside]]
    return out


def _ns(index):
    return index.tz_convert("UTC").as_unit("ns").asi8
