"""Keep the points that happened at given dates, weekdays, hours or event windows.

Every filter reads an event's **start** time on the local wall clock of ``tz`` (an event's ``end`` is
not used: an event from 21:30 to 23:00 is outside ``hours="22-04"``). The filters combine with AND.
When at least one filter is given, points without a start (NaT) are dropped and counted as
``no_time`` in the summary; with no filter every point is kept.

* ``dates``: ``"2024-01-01..2024-06-30"`` (either end may be left out: ``"2024-01-01.."``), one day
  ``"2024-05-01"``, or a ``(from, to)`` tuple of dates (``None`` = open). Both ends are inclusive local
  dates.
* ``weekdays``: ``"fre,lör"``, ``"Fri-Sat"``, ``"fre-sön"``, ``"lör-mån"`` (ranges wrap past Sunday),
  Swedish or English names, abbreviated to at least two letters (``"fr"``, ``"fredag"``, ``"friday"``),
  or a list of ints with Monday = 0.
* ``hours``: ``"22-04"``, ``"8-17"``, ``"22:30-02:00"``, several separated by commas, or a
  ``(start, end)`` tuple of hours: start included, end excluded, crossing midnight when end < start.
* ``windows``: a list of ``(start, end)`` times, e.g. Valborg 30 April 16:00 → 1 May 06:00 of several
  years (naive times are local in ``tz``); an event is kept when its start lies in ``[start, end)`` of
  any window.
"""

import re
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from hotspots.defaults import TZ
from hotspots.errors import InputError
from hotspots.io.validate import validate_points
from hotspots.words import WEEKDAYS, WEEKDAYS_LONG, fold

__all__ = ["filter_time"]

# Each weekday's full names, Swedish (also without å/ä/ö) and English; a prefix of two letters or more matches.
_DAY_NAMES = tuple({sv, fold(sv), en.lower()} for sv, en in zip(WEEKDAYS_LONG["sv"], WEEKDAYS_LONG["en"]))
_DASH = re.compile(r"\s*[-–—]\s*")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d\d))?$")
_DAY_NS, _MINUTE_NS = 86_400 * 10**9, 60 * 10**9


def filter_time(points, *, dates=None, weekdays=None, hours=None, windows=None, tz=TZ):
    """Keep the points whose start time passes every given filter.

    Parameters
    ----------
    points : GeoDataFrame
        The Points contract (:func:`hotspots.io.read.read_points`) with a ``start`` column.
    dates : str or tuple, optional
        ``"2024-01-01..2024-06-30"``, ``"2024-01-01.."``, ``"..2024-06-30"``, ``"2024-05-01"`` or
        ``(from, to)``; inclusive local dates.
    weekdays : str or list, optional
        ``"fre,lör"``, ``"Fri-Sat"``, ``"lör-mån"`` or ``[4, 5]`` (Monday = 0).
    hours : str or tuple, optional
        ``"22-04"``, ``"8-17"``, ``"22:30-02:00"``, ``"22-02,11-13"`` or ``(22, 4)``; start included,
        end excluded, crossing midnight when the end is earlier.
    windows : list of (start, end), optional
        Time intervals; an event is kept when its start lies in any ``[start, end)``.
    tz : str
        Local time zone of dates, weekdays and hours.

    Returns
    -------
    tuple of (GeoDataFrame, dict)
        A new frame with the kept rows of ``points`` (columns, CRS and index unchanged) and a summary:
        ``rows_before``, ``rows_after``, ``rows_removed``, ``no_time`` (rows dropped for having no start),
        ``removed_by`` (per filter, the rows with a start that fail it), ``filters`` (each filter in
        words) and ``rule``.

    Raises
    ------
    InputError
        Points without a ``start`` column, or a filter that cannot be read (the message quotes it and
        shows valid input).
    """
    try:
        ZoneInfo(str(tz))
    except Exception:  # noqa: BLE001 - any failure means the name is unusable
        raise InputError(f"filter_time: unknown time zone {tz!r}; "
                         "pass an IANA name such as 'Europe/Stockholm'.") from None
    validate_points(points, where="filter_time")
    if "start" not in points.columns:
        raise InputError("filter_time: the points have no 'start' column; columns are: "
                         f"{', '.join(map(str, points.columns))}. Read them with read_points (start_col=...).")
    start = pd.Series(points["start"]).reset_index(drop=True)
    if not pd.api.types.is_datetime64_any_dtype(start.dtype):
        raise InputError(f"filter_time: 'start' must hold datetimes, got dtype {start.dtype}; read the points "
                         "with read_points, or convert with pd.to_datetime.")
    aware = start.dt.tz is not None
    wall = _ns(start.dt.tz_convert(tz).dt.tz_localize(None) if aware else start)
    instant = _ns(start.dt.tz_convert("UTC").dt.tz_localize(None)) if aware else wall
    timed = ~start.isna().to_numpy()

    tests, words = {}, {}
    if dates is not None:
        first, last = _parse_dates(dates, tz)
        lo = np.iinfo(np.int64).min if first is None else first.value
        hi = np.iinfo(np.int64).max if last is None else (last + pd.Timedelta(days=1)).value
        tests["dates"] = (wall >= lo) & (wall < hi)
        named = [str(day.date()) if day is not None else "…" for day in (first, last)]
        words["dates"] = f"{named[0]} to {named[1]} (local dates, inclusive)"
    if weekdays is not None:
        days = _parse_weekdays(weekdays)
        tests["weekdays"] = np.isin((np.floor_divide(wall, _DAY_NS) + 3) % 7, days)  # 1970-01-01 was a Thursday
        words["weekdays"] = ", ".join(WEEKDAYS["en"][d] for d in days)
    if hours is not None:
        spans = _parse_hours(hours)
        minute = np.mod(wall, _DAY_NS) / _MINUTE_NS
        inside = [(minute >= a) & (minute < b) if a < b else (minute >= a) | (minute < b) for a, b in spans]
        tests["hours"] = np.logical_or.reduce(inside)
        words["hours"] = ", ".join(f"{_hm(a)}–{_hm(b)}" for a, b in spans) + " (start included, end excluded)"
    if windows is not None:
        lo, hi = _parse_windows(windows, tz, aware)
        order = np.argsort(lo, kind="stable")
        lo, reach = lo[order], np.maximum.accumulate(hi[order])  # latest end among windows begun so far
        at = np.searchsorted(lo, instant, side="right") - 1
        tests["windows"] = (at >= 0) & (instant < reach[np.maximum(at, 0)])
        words["windows"] = f"{len(lo)} window(s), start in [start, end)"

    keep = timed.copy() if tests else np.ones(len(start), bool)
    for test in tests.values():
        keep &= test
    result = points.iloc[np.flatnonzero(keep)].copy()
    summary = {"rows_before": len(points), "rows_after": len(result), "rows_removed": len(points) - len(result),
               "no_time": int((~timed).sum()) if tests else 0,
               "removed_by": {name: int((timed & ~test).sum()) for name, test in tests.items()},
               "filters": words,
               "rule": f"by start time on the local clock of {tz}; points without a start are dropped only when "
                       "a filter is used"}
    return result, summary


def _ns(series):
    return series.dt.as_unit("ns").to_numpy().view(np.int64)


def _hm(minutes):
    return f"{int(minutes) // 60:02d}:{int(minutes) % 60:02d}"


def _parse_dates(dates, tz):
    example = "e.g. '2024-01-01..2024-06-30', '2024-01-01..' or ('2024-01-01', None)"
    if isinstance(dates, str):
        text = dates.strip()
        parts = text.split("..") if ".." in text else [text, text]
        if len(parts) != 2 or not any(p.strip() for p in parts):
            raise InputError(f"filter_time: cannot read the dates {dates!r}; write {example}.")
    elif isinstance(dates, (tuple, list)) and len(dates) == 2:
        parts = list(dates)
    else:
        raise InputError(f"filter_time: dates must be text or a (from, to) pair, got {dates!r}; write {example}.")
    bounds = []
    for part in parts:
        if part is None or (isinstance(part, str) and not part.strip()):
            bounds.append(None)
            continue
        try:
            day = pd.to_datetime(part.strip(), format="%Y-%m-%d") if isinstance(part, str) else pd.Timestamp(part)
        except (ValueError, TypeError):
            raise InputError(f"filter_time: cannot read the date {part!r} in {dates!r}; write {example}.") from None
        if pd.isna(day):
            bounds.append(None)
            continue
        day = day.tz_convert(tz).tz_localize(None) if day.tzinfo is not None else day  # its local date
        bounds.append(day.normalize().as_unit("ns"))
    if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
        raise InputError(f"filter_time: the dates {dates!r} end before they begin; write {example}.")
    return bounds[0], bounds[1]


def _parse_weekdays(weekdays):
    example = "e.g. 'fre,lör', 'Fri-Sat', 'lör-mån' or [4, 5] (Monday = 0)"
    items = [weekdays] if isinstance(weekdays, str) else weekdays
    try:
        items = list(items)
    except TypeError:
        raise InputError(f"filter_time: cannot read the weekdays {weekdays!r}; write {example}.") from None
    days = []
    for item in items:
        if isinstance(item, (int, np.integer)) and not isinstance(item, bool) and 0 <= item <= 6:
            days.append(int(item))
            continue
        if not isinstance(item, str):
            raise InputError(f"filter_time: cannot read the weekday {item!r}; write {example}.")
        for token in filter(None, re.split(r"[,;\s]+", _DASH.sub("-", item.strip()))):
            ends = [_day(t, weekdays, example) for t in token.split("-")]
            if len(ends) == 1:
                days.append(ends[0])
            elif len(ends) == 2:
                days.extend((ends[0] + i) % 7 for i in range((ends[1] - ends[0]) % 7 + 1))
            else:
                raise InputError(f"filter_time: cannot read the weekdays {token!r} in {weekdays!r}; write {example}.")
    if not days:
        raise InputError(f"filter_time: no weekday in {weekdays!r}; write {example}.")
    return sorted(set(days))


def _day(token, text, example):
    name = token.strip().lower().rstrip(".")
    found = {i for i, names in enumerate(_DAY_NAMES) for full in names if len(name) >= 2 and full.startswith(name)}
    if len(found) != 1:
        raise InputError(f"filter_time: {token!r} in {text!r} is not a weekday (Swedish or English, at least two "
                         f"letters); write {example}.")
    return found.pop()


def _parse_hours(hours):
    example = "e.g. '22-04', '8-17', '22:30-02:00' or (22, 4)"
    if isinstance(hours, str):
        pieces = [p for p in re.split(r"[,;]", hours) if p.strip()]
        pairs = [_DASH.sub("-", p.strip()).split("-") for p in pieces]
    elif isinstance(hours, tuple) and len(hours) == 2:
        pairs = [list(hours)]
    elif isinstance(hours, list):
        return [span for item in hours for span in _parse_hours(item)]
    else:
        raise InputError(f"filter_time: cannot read the hours {hours!r}; write {example}.")
    if not pairs or any(len(pair) != 2 for pair in pairs):
        raise InputError(f"filter_time: cannot read the hours {hours!r}; write {example}.")
    spans = []
    for pair in pairs:
        a, b = (_minute(x, hours, example) for x in pair)
        if a % 1440 == b % 1440 and not (a == 0 and b == 1440):
            raise InputError(f"filter_time: the hours {hours!r} start and end at the same time; write "
                             f"{example} (the whole day is '0-24').")
        spans.append((a % 1440, b))  # b == 1440 (24:00) ends the day
    return spans


def _minute(value, text, example):
    """Minute of the day (0..1440) of ``"22"``, ``"22:30"``, ``"22.30"`` or a number of hours."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        minute = round(float(value) * 60) if np.isfinite(value) else -1
    else:
        match = _CLOCK.match(str(value).strip())
        minute = int(match[1]) * 60 + int(match[2] or 0) if match and int(match[2] or 0) < 60 else -1
    if not 0 <= minute <= 1440:
        raise InputError(f"filter_time: cannot read the clock time {value!r} in {text!r}; write {example}.")
    return minute


def _parse_windows(windows, tz, aware):
    example = ("e.g. [('2024-04-30 16:00', '2024-05-01 06:00'), ('2023-04-30 16:00', '2023-05-01 06:00')], "
               "local times or tz-aware Timestamps")
    if isinstance(windows, pd.DataFrame) and {"start", "end"} <= set(windows.columns):
        windows = list(zip(windows["start"], windows["end"]))
    if isinstance(windows, str) or not hasattr(windows, "__iter__"):
        raise InputError(f"filter_time: windows must be a list of (start, end) pairs, got {windows!r}; "
                         f"write {example}.")
    bounds = []
    for window in windows:
        if isinstance(window, str) or not hasattr(window, "__len__") or len(window) != 2:
            raise InputError(f"filter_time: the window {window!r} is not a (start, end) pair; write {example}.")
        try:
            pair = [pd.Timestamp(t) for t in window]
            pair = [t.tz_localize(tz, nonexistent="shift_forward", ambiguous=True) if t.tzinfo is None else t
                    for t in pair]
        except (ValueError, TypeError) as exc:
            raise InputError(f"filter_time: cannot read the window {window!r} ({exc}); write {example}.") from None
        if any(pd.isna(t) for t in pair) or pair[1] <= pair[0]:
            raise InputError(f"filter_time: the window {window!r} must have a start before its end; write {example}.")
        # points with naive starts are compared on the local clock; tz-aware ones as instants
        bounds.append([(t.tz_convert("UTC") if aware else t.tz_convert(tz)).tz_localize(None).as_unit("ns").value
                       for t in pair])
    if not bounds:
        raise InputError(f"filter_time: windows is empty; write {example}.")
    lo, hi = np.array(bounds, dtype=np.int64).T
    return lo, hi
