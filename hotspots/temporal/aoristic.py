"""Aoristic hour-of-week profiles: each event's weight spread over the hours it may have happened in.

An event known only as "between 22:30 and 01:30" is not put at 22:30; its weight is shared out over
the 168 hour-of-week bins (the clock of :mod:`hotspots.temporal.weekhours`: bin ``b`` is local hour ``b % 24``
of weekday ``b // 24``, Monday = 0) in proportion to how much of ``[start, end)`` falls in each bin.

Rules
-----
* No ``end`` (NaT), or ``end == start``: all the weight goes to the start's bin.
* A span of a week (168 h) or more: the weight is spread evenly, ``weight / 168`` per bin.
* Windows cross midnight and the Sunday → Monday boundary (bins are read modulo 168).
* Daylight saving time: positions are **local wall-clock hours**. Both ends are converted to ``tz``
  and read on the local clock; the event covers the wall-clock hours between them. On the spring night
  01:30–03:30 is 1 real hour but covers the wall-clock bins 01, 02 and 03 as 2 hours would; on the
  autumn night the repeated hour is counted once, so an event whose wall-clock end is not after its
  wall-clock start (02:50 summer time → 02:10 winter time) counts as an event without end.
* Events without ``start`` (NaT) have no place on the clock and add nothing.

The computation never builds an events × 168 matrix: every span is written into a difference array
over an unrolled two-week axis (336 bins) — its partial first bin, its partial last bin and the run of
full bins between — with :func:`numpy.bincount`, then cumulated and folded back onto 168 bins.
"""

from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from hotspots.defaults import TZ
from hotspots.errors import InputError
from hotspots.temporal.weekhours import HOURS_PER_WEEK

__all__ = ["aoristic_profile"]

_HOUR = 3_600 * 10**9  # nanoseconds
_WEEK = HOURS_PER_WEEK * _HOUR
_MONDAY = pd.Timestamp("1970-01-05").value  # a Monday 00:00, the origin of the week clock
_NAT = np.iinfo(np.int64).min  # how NaT reads as int64
#: Events per chunk of a long profile (:func:`_in_chunks`).
CHUNK_EVENTS = 2_000_000
_AXIS = 2 * HOURS_PER_WEEK  # a span shorter than a week that starts in week 1 ends before week 3


def aoristic_profile(start, end=None, *, weights=None, groups=None, n_groups=None,
                     tz=TZ) -> np.ndarray:
    """Spread each event's weight over the 168 hour-of-week bins it overlaps.

    Parameters
    ----------
    start : Series, DatetimeIndex or array of datetimes
        When each event began. Tz-aware times are converted to ``tz``; naive times are taken as local
        wall-clock times already. NaT: the event adds nothing.
    end : same as ``start``, optional
        When each event ended, or ``None`` when no event has an end. NaT (or ``end == start``): the
        whole weight goes to the start's bin. Must not be before ``start``.
    weights : array of float, optional
        Weight of each event (≥ 0); 1 each when ``None``.
    groups : array of int, optional
        Group of each event, ``0 .. n_groups - 1`` (e.g. ``hotspot_id``, 0 = no hotspot).
    n_groups : int, optional
        Number of groups (rows of the result); ``max(groups) + 1`` when ``None``.
    tz : str
        IANA time zone of the local clock.

    Returns
    -------
    ndarray of float
        Shape ``(168,)`` when ``groups`` is ``None``, else ``(n_groups, 168)``: the weight falling in
        each hour-of-week bin (Monday 00–01 first). Each event adds exactly its weight in total (when it
        has a start), so the result sums to the weight of the events with a start.

    Raises
    ------
    InputError
        Times that are not datetimes, naive mixed with tz-aware, an end before its start, lengths that
        differ, weights that are negative or not finite, groups outside ``0 .. n_groups - 1``.

    Examples
    --------
    An incident on Friday 22:30–01:30 puts 0.5/3 in Fri 22, 1/3 in Fri 23, 1/3 in Sat 00 and
    0.5/3 in Sat 01 (bins 118, 119, 120 and 121).
    """
    _check_tz(tz)
    if len(start) > CHUNK_EVENTS:
        return _in_chunks(start, end, weights, groups, n_groups, tz)
    return _profile(start, end, weights, groups, n_groups, tz, 0)


def _profile(start, end, weights, groups, n_groups, tz, offset):
    """:func:`aoristic_profile` of events that are rows ``offset ...`` of the caller's (for messages)."""
    wall_start, abs_start, aware = _clock(start, tz, "start")
    n = len(wall_start)
    if end is None:
        wall_end, abs_end = np.zeros(n, np.int64), np.zeros(n, np.int64)
        has_end = np.zeros(n, bool)
    else:
        wall_end, abs_end, aware_end = _clock(end, tz, "end")
        if len(wall_end) != n:
            raise InputError(f"aoristic_profile: 'start' has {n} times but 'end' has {len(wall_end)}; "
                             "pass one end (or NaT) per event.")
        if aware_end != aware and n:
            raise InputError("aoristic_profile: 'start' and 'end' mix tz-aware and naive times; make both "
                             "tz-aware (e.g. series.dt.tz_localize('Europe/Stockholm')).")
        has_end = wall_end != _NAT
    has_start = wall_start != _NAT
    bad = has_start & has_end & (abs_end < abs_start)
    if bad.any():
        raise InputError(f"aoristic_profile: {int(bad.sum())} events end before they start (first at position "
                         f"{int(np.flatnonzero(bad)[0]) + offset}); fix or drop them (read_points rejects them as "
                         "'end_before_start').")
    w = _weights(weights, n, offset)
    g, k = _groups(groups, n_groups, n)

    s = np.where(has_start, wall_start, _MONDAY)
    length = np.where(has_start & has_end, wall_end - s, 0)  # wall-clock nanoseconds
    pos = np.mod(s - _MONDAY, _WEEK)  # 0 <= pos < one week, in ns
    first = pos // _HOUR
    even = has_start & (length >= _WEEK)
    span = has_start & (length > 0) & ~even
    point = has_start & ~span & ~even

    direct = np.zeros(k * _AXIS)  # partial bins and point events, on the unrolled axis
    diff = np.zeros(k * _AXIS)  # difference array of the runs of full bins
    base = g * _AXIS
    _add(direct, base[point] + first[point], w[point])

    p, ln, i0, wt, b = pos[span], length[span], first[span], w[span], base[span]
    stop = p + ln
    i1 = stop // _HOUR  # bin holding the (exclusive) end; < 336 because ln < one week
    density = wt / (ln / _HOUR)  # weight per hour
    same = i1 == i0
    _add(direct, b[same] + i0[same], wt[same])
    many = ~same
    d, j0, j1 = density[many], i0[many], i1[many]
    _add(direct, b[many] + j0, d * ((j0 + 1) * _HOUR - p[many]) / _HOUR)
    _add(direct, b[many] + j1, d * (stop[many] - j1 * _HOUR) / _HOUR)
    _add(diff, b[many] + j0 + 1, d)
    _add(diff, b[many] + j1, -d)

    unrolled = direct.reshape(k, _AXIS) + np.cumsum(diff.reshape(k, _AXIS), axis=1)
    profile = unrolled[:, :HOURS_PER_WEEK] + unrolled[:, HOURS_PER_WEEK:]
    profile += (np.bincount(g[even], weights=w[even], minlength=k) / HOURS_PER_WEEK)[:, None]
    return profile[0] if groups is None else profile


def _add(target, index, values):
    """``target[index] += values`` with repeated indices summed (bincount is the fast ``np.add.at``)."""
    if len(index):
        target += np.bincount(index, weights=values, minlength=len(target))


def _check_tz(tz):
    try:
        ZoneInfo(str(tz))
    except Exception:  # noqa: BLE001 - any failure means the name is unusable
        raise InputError(f"unknown time zone {tz!r}; pass an IANA name such as 'Europe/Stockholm'.") from None


def _clock(times, tz, what):
    """Local wall-clock and absolute nanoseconds (NaT = ``_NAT``) and whether the input was tz-aware."""
    try:
        series = pd.Series(pd.to_datetime(pd.Series(times).reset_index(drop=True)))
    except (ValueError, TypeError) as exc:
        raise InputError(f"aoristic_profile: '{what}' must be datetimes (e.g. the 'start' column of "
                         f"read_points); could not read them: {exc}.") from None
    if not pd.api.types.is_datetime64_any_dtype(series.dtype):
        raise InputError(f"aoristic_profile: '{what}' must be datetimes in one time zone, got dtype "
                         f"{series.dtype}; convert with pd.to_datetime(..., utc=True).")
    aware = series.dt.tz is not None
    wall = series.dt.tz_convert(tz).dt.tz_localize(None) if aware else series
    absolute = series.dt.tz_convert("UTC").dt.tz_localize(None) if aware else series
    return _ns(wall), _ns(absolute), aware


def _ns(series):
    """Nanoseconds since 1970 on the series' own clock; NaT becomes ``_NAT``."""
    return series.dt.as_unit("ns").to_numpy().view(np.int64)


def _in_chunks(start, end, weights, groups, n_groups, tz):
    """The profile of many events as the sum of the profiles of consecutive chunks (profiles add up).

    The clock conversion holds several int64 copies of the times; at 15 million events that is gigabytes
    at once, in chunks a few hundred megabytes."""
    n = len(start)
    for name, values in (("end", end), ("weights", weights), ("groups", groups)):
        if values is not None and len(values) != n:
            raise InputError(f"aoristic_profile: {n} events but {len(values)} {name}; pass one per event.")
    if groups is not None and n_groups is None:  # the same rows in every chunk's result
        n_groups = int(np.max(np.asarray(groups))) + 1
    total = 0.0
    for lo in range(0, n, CHUNK_EVENTS):
        def part(values, lo=lo):
            if values is None:
                return None
            return values.iloc[lo:lo + CHUNK_EVENTS] if isinstance(values, pd.Series) else values[lo:lo + CHUNK_EVENTS]
        total = total + _profile(part(start), part(end), part(weights), part(groups), n_groups, tz, lo)
    return total


def _weights(weights, n, offset=0):
    if weights is None:
        return np.ones(n)
    try:
        w = np.asarray(weights, dtype=float).reshape(-1)
    except (ValueError, TypeError):
        raise InputError("aoristic_profile: 'weights' must be numbers, one per event.") from None
    if len(w) != n:
        raise InputError(f"aoristic_profile: {n} events but {len(w)} weights; pass one weight per event.")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise InputError(f"aoristic_profile: weights must be finite numbers ≥ 0; {int(bad.sum())} are not (first "
                         f"at position {int(np.flatnonzero(bad)[0]) + offset}).")
    return w


def _groups(groups, n_groups, n):
    if groups is None:
        return np.zeros(n, np.int64), 1
    raw = np.asarray(groups).reshape(-1)
    if len(raw) != n:
        raise InputError(f"aoristic_profile: {n} events but {len(raw)} group labels; pass one per event.")
    try:
        g = raw.astype(np.int64)
    except (ValueError, TypeError):
        raise InputError("aoristic_profile: 'groups' must be integers 0, 1, 2, ... (e.g. point_hotspot_).") from None
    if not np.array_equal(g, raw):
        raise InputError("aoristic_profile: 'groups' must be whole numbers 0, 1, 2, ... (e.g. point_hotspot_).")
    if n_groups is None:
        k = int(g.max()) + 1 if n else 1
    elif isinstance(n_groups, (int, np.integer)):
        k = int(n_groups)
    else:
        raise InputError(f"aoristic_profile: n_groups must be a whole number, got {n_groups!r}.")
    if k < 1:
        raise InputError(f"aoristic_profile: n_groups must be at least 1, got {n_groups}.")
    bad = (g < 0) | (g >= k)
    if bad.any():
        raise InputError(f"aoristic_profile: groups must lie in 0..{k - 1}; found {int(g[bad][0])}. "
                         "Pass a larger n_groups or fix the labels.")
    return g, k
