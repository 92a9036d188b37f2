"""When each hotspot is busy: aoristic hour-of-week matrices, month counts and peak windows.

Peak-window rule (``PEAK_RULE``, also in ``Profiles.info["peak_rule"]``)
-----------------------------------------------------------------------
1. Take the hotspot's aoristic hour-of-week weights (:func:`hotspots.temporal.aoristic.aoristic_profile`) as
   shares of its total, ``p[b]`` for the 168 bins.
2. Smooth circularly over ±1 hour: ``q[b] = (p[b-1] + p[b] + p[b+1]) / 3`` (Sun 23 neighbours Mon 00).
3. Mark the bins with ``q[b] ≥ 1.5 / 168`` (1.5 times the share every hour would have if the week
   were uniform) and merge consecutive marked bins, circularly, into candidate windows.
4. Trim each candidate from both ends to the first and last bin whose own share ``p[b]`` reaches
   ``1.5 / 168``; a candidate with no such bin is dropped. (The smoothing bridges gaps of up to two
   quiet hours and ignores lone noisy hours; the trimming stops it from widening a window by an hour on
   each side.)
5. Rank the windows by the share of the weight they capture (ties: earlier in the week from Monday
   00:00 first) and report at most 3, strongest first, each written by
   :func:`hotspots.temporal.weekhours.format_window`; none: "ingen tydlig topp" / "no clear peak".

The rule is deterministic; a single incident gives its own hour (``fre 22–23``), a uniform week gives
no peak (every share is ``1 / 168``). Weights are the points' ``weight`` column as it is.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hotspots.defaults import TZ
from hotspots.errors import InputError
from hotspots.io.validate import validate_points
from hotspots.temporal.aoristic import CHUNK_EVENTS, aoristic_profile
from hotspots.temporal.weekhours import HOURS_PER_WEEK, format_window

__all__ = ["Profiles", "temporal_profile"]

PEAK_FACTOR = 1.5
MAX_WINDOWS = 3
NO_PEAK = {"sv": "ingen tydlig topp", "en": "no clear peak"}
PEAK_RULE = ("hour-of-week shares smoothed circularly over ±1 hour; hours whose smoothed share is at least "
             f"{PEAK_FACTOR} × 1/168 are merged into windows, each trimmed to start and end on an hour whose own "
             f"share reaches {PEAK_FACTOR} × 1/168; at most {MAX_WINDOWS} windows, ranked by the share of the "
             "weight they capture (ties: earlier in the week first)")
_THRESHOLD = PEAK_FACTOR / HOURS_PER_WEEK * (1 - 1e-9)  # tolerance for shares computed in floating point


@dataclass(frozen=True)
class Profiles:
    """What :func:`temporal_profile` returns. Row ``i`` of each per-hotspot field is hotspot ``i + 1``.

    Attributes
    ----------
    week : ndarray, shape (k, 7, 24)
        Aoristic weighted hour-of-week matrix per hotspot: row = weekday Monday..Sunday, column = hour.
    month : ndarray, shape (k, 12)
        Weight per month of the year (January first), by the start's local month.
    peak_windows : list of str
        Per hotspot, e.g. ``"fre 22–02, lör 23–03"``, or "ingen tydlig topp" / "no clear peak".
    peak_bins : list of list of (int, int)
        Per hotspot, the same windows as ``(start_bin, end_bin)``: ``start_bin`` in 0..167,
        ``end_bin = start_bin + length`` (exclusive, may exceed 167; read modulo 168).
    all_week, all_month, all_peak_windows, all_peak_bins
        The same for every point, in a hotspot or not.
    info : dict
        ``peak_rule`` and ``time_rule`` in words, ``tz``, ``lang``, ``n_hotspots``, ``n_points`` and
        ``n_without_start`` (points with no start time, left out of every profile).
    """

    week: np.ndarray
    month: np.ndarray
    peak_windows: list
    peak_bins: list
    all_week: np.ndarray
    all_month: np.ndarray
    all_peak_windows: str
    all_peak_bins: list
    info: dict = field(default_factory=dict)


def temporal_profile(points, hotspot_ids, *, n_hotspots=None, lang="sv", tz=TZ) -> Profiles:
    """Hour-of-week and month profiles, with peak windows, for each hotspot and for all points.

    Parameters
    ----------
    points : GeoDataFrame
        The Points contract (:func:`hotspots.io.read.read_points`): ``start``, optional ``end``, ``weight``.
    hotspot_ids : array of int
        Hotspot of each point, as ``HotspotFinder.point_hotspot_``: 0 = in no hotspot, 1..k.
    n_hotspots : int, optional
        ``k``; ``max(hotspot_ids)`` when ``None`` (pass it so hotspots without points still get a row).
    lang : {"sv", "en"}
        Language of the weekday names in the peak windows.
    tz : str
        Local time zone of the clock.

    Returns
    -------
    Profiles
        See :class:`Profiles`. Each event's weight is spread over the hours of ``[start, end)``
        (aoristic; see :mod:`hotspots.temporal.aoristic` for the rules, including DST); the peak windows follow
        the rule in this module's docstring (``PEAK_RULE``).

    Raises
    ------
    InputError
        Points that fail validation or have no ``start`` column, ``hotspot_ids`` of the wrong length or
        outside ``0..n_hotspots``, an unknown ``lang``.
    """
    if lang not in NO_PEAK:
        raise InputError(f"temporal_profile: lang must be 'sv' or 'en', got {lang!r}.")
    points, _ = validate_points(points, where="temporal_profile")
    if "start" not in points.columns:
        raise InputError("temporal_profile: the points have no 'start' column; columns are: "
                         f"{', '.join(map(str, points.columns))}. Read them with read_points (start_col=...).")
    ids, k = _hotspot_ids(hotspot_ids, n_hotspots, len(points))
    start = points["start"].reset_index(drop=True)
    end = points["end"].reset_index(drop=True) if "end" in points.columns else None
    weight = points["weight"].to_numpy(float)
    hours = aoristic_profile(start, end, weights=weight, groups=ids, n_groups=k + 1, tz=tz)
    months = _months(start, weight, ids, k + 1, tz)
    windows = [_peak_windows(row) for row in hours]
    texts = [_words(w, lang) for w in windows]
    info = {"peak_rule": PEAK_RULE,
            "time_rule": "aoristic: each event's weight spread over the local wall-clock hours of [start, end); "
                         "no end = the start's hour; a week or longer = even",
            "tz": tz, "lang": lang, "n_hotspots": k, "n_points": len(points),
            "n_without_start": int(pd.Series(start).isna().sum())}
    all_hours = hours.sum(axis=0)
    all_windows = _peak_windows(all_hours)
    return Profiles(week=hours[1:].reshape(k, 7, 24), month=months[1:], peak_windows=texts[1:],
                    peak_bins=windows[1:], all_week=all_hours.reshape(7, 24), all_month=months.sum(axis=0),
                    all_peak_windows=_words(all_windows, lang), all_peak_bins=all_windows, info=info)


def _hotspot_ids(hotspot_ids, n_hotspots, n):
    raw = np.asarray(hotspot_ids).reshape(-1)
    if len(raw) != n:
        raise InputError(f"temporal_profile: {n} points but {len(raw)} hotspot ids; pass one per point "
                         "(HotspotFinder.point_hotspot_).")
    if n and not (np.issubdtype(raw.dtype, np.number) and np.array_equal(raw, np.round(raw))):
        raise InputError("temporal_profile: hotspot ids must be whole numbers (0 = no hotspot, 1..k), got "
                         f"dtype {raw.dtype}.")
    ids = raw.astype(np.int64)
    if n_hotspots is None:
        k = max(int(ids.max()), 0) if n else 0
    elif isinstance(n_hotspots, (int, np.integer)) and n_hotspots >= 0:
        k = int(n_hotspots)
    else:
        raise InputError(f"temporal_profile: n_hotspots must be a whole number ≥ 0, got {n_hotspots!r}.")
    bad = (ids < 0) | (ids > k)
    if bad.any():
        raise InputError(f"temporal_profile: hotspot ids must lie in 0..{k}; found {int(ids[bad][0])}. "
                         "Pass n_hotspots = the number of hotspots, or fix the ids.")
    return ids, k


def _months(start, weight, ids, n_groups, tz):
    """Weight per group and month of the start; in chunks, as :func:`aoristic_profile` does (months add up)."""
    total = np.zeros((n_groups, 12))
    for lo in range(0, len(start), CHUNK_EVENTS):
        part = slice(lo, lo + CHUNK_EVENTS)
        times = pd.to_datetime(start.iloc[part])
        if times.dt.tz is not None:
            times = times.dt.tz_convert(tz)
        month = times.dt.month.to_numpy(dtype=float, na_value=np.nan)
        ok = ~np.isnan(month)
        index = ids[part][ok] * 12 + month[ok].astype(np.int64) - 1
        total += np.bincount(index, weights=weight[part][ok], minlength=n_groups * 12).reshape(n_groups, 12)
    return total


def _peak_windows(weights):
    """The peak windows of one 168-vector as ``[(start_bin, end_bin), ...]``, strongest first."""
    total = weights.sum()
    if not total > 0:
        return []
    share = weights / total
    smooth = (np.roll(share, 1) + share + np.roll(share, -1)) / 3
    found = []
    for start, length in _circular_runs(smooth >= _THRESHOLD):
        bins = (start + np.arange(length)) % HOURS_PER_WEEK
        strong = np.flatnonzero(share[bins] >= _THRESHOLD)
        if len(strong):
            first, last = int(strong[0]), int(strong[-1])
            captured = float(share[bins[first:last + 1]].sum())
            begin = int(bins[first])
            found.append((-captured, begin, begin + last - first + 1))
    return [(begin, end) for _, begin, end in sorted(found)[:MAX_WINDOWS]]


def _circular_runs(marked):
    """``(start, length)`` of each run of True in a circular boolean vector that is not all True."""
    if not marked.any():
        return []
    shift = int(np.argmin(marked))  # a False bin: no run is cut by the rotation
    rolled = np.concatenate([[False], np.roll(marked, -shift), [False]]).astype(np.int8)
    edges = np.diff(rolled)
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [((int(a) + shift) % HOURS_PER_WEEK, int(b - a)) for a, b in zip(starts, stops)]


def _words(windows, lang):
    return ", ".join(format_window(a, b, lang) for a, b in windows) if windows else NO_PEAK[lang]
