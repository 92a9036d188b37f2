"""Read the time of every row of a raw table: start, optional end, and why a row was rejected.

Naive times are wall-clock times in ``tz``; times written with an offset (``+02:00``, ``Z``) are
converted to ``tz`` unless ``ignore_offsets``. Parsing is vectorised: explicit formats are tried on
the whole column (the one that reads most of a sample first), each on the rows still unread; cells
are cleaned (``kl.``, ``T``, offsets, ranges) only when the plain formats fail. No per-row guessing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from hotspots.defaults import TZ
from hotspots.errors import InputError
from hotspots.io._columns import find_column, to_number
from hotspots.io._timevalues import _DAY, _blank, _ns, _read_clock, _read_datetimes, _read_start

__all__ = ["ParsedTimes", "parse_times"]

_START = ("starttid", "start_time", "start_datetime", "tidpunkt", "datum_tid", "datumtid", "datetime", "date_time",
          "timestamp", "occurred_at", "occurred", "occurred_on", "reported_at", "reported", "handelsetid",
          "brottstid", "tidsstart", "start", "fran", "from", "fecha_hecho", "fecha")
_LONE = ("datum", "date", "tid", "time")  # a lone column of these names holds the whole time
_DATE = ("datum", "date", "fran_datum", "from_date", "start_date", "startdatum", "handelsedatum", "brottsdatum")
_CLOCK = ("fran_klockslag", "fran_kl", "fran_tid", "from_time", "start_klockslag", "start_time", "starttid",
          "klockslag", "kl", "klocka", "tid", "time", "clock")
_END = ("sluttid", "end_time", "end_datetime", "tidsslut", "ended_at", "slut", "end", "till", "to", "till_datum",
        "to_date", "end_date", "slutdatum")
_END_DATE = ("till_datum", "to_date", "end_date", "slutdatum")
_END_CLOCK = ("till_klockslag", "till_kl", "till_tid", "to_time", "end_time", "sluttid", "slut_klockslag")
_SPLIT = {"year": ("year", "ar", "artal"), "month": ("month", "manad"), "day": ("day", "dag"),
          "hour": ("hour", "timme", "tim"), "minute": ("minute", "minut", "min")}
_LIMITS = {"year": (1900, 2100), "month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59)}
_DST_RULE = ("a local time that does not exist because clocks jump forward (e.g. 2024-03-31 02:30 in "
             "Europe/Stockholm) is moved forward to the first valid time after the gap (03:00); a local time that "
             "occurs twice because clocks go back (e.g. 2024-10-27 02:30) is read as the first occurrence "
             "(daylight-saving/summer time)")


@dataclass(frozen=True)
class ParsedTimes:
    """Result of :func:`parse_times`; every Series is aligned to the input table's index."""

    start: pd.Series
    end: pd.Series
    reason: pd.Series
    info: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)


def parse_times(table: pd.DataFrame, *, source: str = "input", start_col=None, end_col=None, date_col=None,
                clock_col=None, tz: str = TZ, ignore_offsets: bool = False) -> ParsedTimes:
    """Parse the start (and optional end) time of every row of a raw table.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns as read from the file (strings from CSV; typed values from Excel/GIS). Not modified.
    source : str
        File name used in messages.
    start_col, end_col : str, optional
        Column with the start / end date-time. An end holding only a clock time (``06:00``) means the
        start's day, or the next day when it is earlier than the start's clock. A start cell may also
        hold a range (``2024-05-01 22:00-06:00``).
    date_col, clock_col : str, optional
        A date column and a clock-time column that together give the start (``date_col`` wins over
        ``start_col``). An empty date or clock cell makes the row ``missing_time``.
    tz : str
        IANA time zone of naive (offset-less) times and of the result.
    ignore_offsets : bool
        Drop written offsets (``+02:00``, ``Z``) and read the clock time as local in ``tz``.

    Returns
    -------
    ParsedTimes
        ``start`` and ``end`` (``datetime64[ns, tz]``, NaT where rejected or absent), ``reason``
        (None, ``"missing_time"``, ``"unparseable_time"`` or ``"end_before_start"``), ``info`` (columns
        used, tz, formats, DST counts and rule) and ``warnings``. Columns are found by name (English or
        Swedish) unless given; with no time column nothing is rejected, ``start`` is all NaT and a
        warning says so.

    Raises
    ------
    InputError
        A named column does not exist, or ``tz`` is not a time zone.
    """
    if not isinstance(table, pd.DataFrame):
        raise InputError(f"{source}: expected a table (pandas DataFrame), got {type(table).__name__}")
    try:
        ZoneInfo(str(tz))
    except Exception:  # noqa: BLE001 - any failure means the name is unusable
        raise InputError(f"{source}: unknown time zone {tz!r}; pass an IANA name such as 'Europe/Stockholm'") from None
    work = table.reset_index(drop=True)  # a clean index for our own use; the caller's table is untouched
    cols = _detect(work, source, start_col, end_col, date_col, clock_col)
    info = {"source": source, "tz": tz, "time_columns": cols or None, "how": "none", "ignore_offsets": ignore_offsets,
            "formats": {}, "reasons": {}, "n_offsets": 0, "n_end": 0, "n_end_unparseable": 0,
            "n_nonexistent_shifted": 0, "n_ambiguous_resolved": 0, "dst_rule": _DST_RULE}
    reason = pd.Series([None] * len(work), index=work.index, dtype=object)
    if not cols:
        nat = pd.Series(pd.NaT, index=table.index, dtype=pd.DatetimeTZDtype("ns", tz))
        warning = (f"{source}: no time column found (columns are: {', '.join(map(str, table.columns))}); rows "
                   "are kept without a time, so temporal analysis is impossible. Pass start_col= or date_col=.")
        return ParsedTimes(nat, nat.copy(), reason.set_axis(table.index), info, [warning])
    offset, range_end = pd.Series(np.nan, index=work.index), None
    if "year" in cols:
        naive, missing, how = *_from_split(work, cols), Counter()
        info["how"], how["split columns"] = "split columns", int(naive.notna().sum())
    elif "clock" in cols:
        date, _, how = _read_datetimes(work[cols["date"]], True)
        naive = date.dt.normalize() + _read_clock(work[cols["clock"]])
        missing, info["how"] = _blank(work[cols["date"]]) | _blank(work[cols["clock"]]), "date + clock columns"
    else:
        naive, offset, how, range_end = _read_start(work[cols["start"]], ignore_offsets)
        missing, info["how"] = _blank(work[cols["start"]]), "date-time column"
    start, dst = _localise(naive, offset, tz)
    end, n_end_bad, dst_end = _read_end(work, cols, range_end, start, tz, ignore_offsets)

    reason[missing.to_numpy()] = "missing_time"
    reason[(~missing & start.isna()).to_numpy()] = "unparseable_time"
    reason[(reason.isna() & end.notna() & (end < start)).to_numpy()] = "end_before_start"
    bad = reason.notna()
    start, end = start.mask(bad), end.mask(bad)
    info.update(formats=dict(how), reasons={k: int(v) for k, v in reason.value_counts().items()},
                n_offsets=int((offset.notna() & ~bad).sum()), n_end=int(end.notna().sum()),
                n_end_unparseable=n_end_bad, n_nonexistent_shifted=dst[0] + dst_end[0],
                n_ambiguous_resolved=dst[1] + dst_end[1])
    warnings = []
    if info["reasons"]:
        parts = ", ".join(f"{n} {k}" for k, n in info["reasons"].items())
        warnings.append(f"{source}: {int(bad.sum())} of {len(work)} rows rejected for their time ({parts})")
    if n_end_bad:
        warnings.append(f"{source}: {n_end_bad} end times could not be read and were left empty")
    if info["n_nonexistent_shifted"] or info["n_ambiguous_resolved"]:
        warnings.append(f"{source}: {info['n_nonexistent_shifted']} nonexistent and {info['n_ambiguous_resolved']} "
                        f"ambiguous local times (DST changes) resolved: {_DST_RULE}")
    return ParsedTimes(start.set_axis(table.index), end.set_axis(table.index), reason.set_axis(table.index),
                       info, warnings)


def _detect(table, source, start_col, end_col, date_col, clock_col) -> dict:
    """Roles (start | date+clock | year..minute; end | end_date+end_clock) -> column names; {} if no time."""
    for arg, col in {"start_col": start_col, "end_col": end_col, "date_col": date_col, "clock_col": clock_col}.items():
        if col is not None and col not in table.columns:
            raise InputError(f"{source}: no column named {col!r} (given as {arg}); the columns are: "
                             f"{', '.join(map(str, table.columns))}. Pass {arg}= with one of these names, "
                             "or leave it out to find the time column by name.")
    names, cols = list(table.columns), {}
    if start_col is not None and date_col is None:
        cols = {"date": start_col, "clock": clock_col} if clock_col is not None else {"start": start_col}
    else:
        date = date_col if date_col is not None else find_column(names, _DATE, prefix_ok=False)
        clock = clock_col if clock_col is not None else find_column(names, _CLOCK, prefix_ok=False)
        if date is not None and clock is not None and clock != date and (
                clock_col is not None or _looks_like_clock(table[clock])):
            cols = {"date": date, "clock": clock}
        elif (found := date_col or find_column(names, _START) or find_column(names, _LONE, prefix_ok=False)):
            cols = {"start": found}
        else:
            split = {k: find_column(names, c, prefix_ok=False) for k, c in _SPLIT.items()}
            if split["year"] and split["month"] and split["day"]:
                cols = {k: v for k, v in split.items() if v is not None}
    if cols and end_col is not None:
        cols["end"] = end_col
    elif cols:
        rest = [n for n in names if n not in cols.values()]
        end_date, end_clock = (find_column(rest, c, prefix_ok=False) for c in (_END_DATE, _END_CLOCK))
        if end_date is not None and end_clock is not None and _looks_like_clock(table[end_clock]):
            cols.update(end_date=end_date, end_clock=end_clock)
        elif (end := find_column(rest, _END, prefix_ok=False)) is not None:
            cols["end"] = end
    return cols


def _looks_like_clock(values) -> bool:
    sample = values[~_blank(values)].head(50)
    return len(sample) > 0 and _read_clock(sample).notna().mean() >= 0.5


def _from_split(table, cols):
    """YEAR/MONTH/DAY[/HOUR/MINUTE] number columns -> naive date-times and the rows with an empty cell."""
    missing, ok, nums = pd.Series(False, index=table.index), np.ones(len(table), dtype=bool), {}
    for role, (lo, hi) in _LIMITS.items():
        v = to_number(table[cols[role]]) if role in cols else np.zeros(len(table))
        if role in cols:
            missing |= _blank(table[cols[role]])
        ok &= (v >= lo) & (v <= hi) & (v == np.floor(v))
        nums[role] = v
    filler = {"year": 2000, "month": 1, "day": 1, "hour": 0, "minute": 0}
    frame = pd.DataFrame({k: np.where(ok, v, filler[k]).astype(int) for k, v in nums.items()}, index=table.index)
    return _ns(pd.to_datetime(frame, errors="coerce").where(ok)), missing


def _localise(naive: pd.Series, offset: pd.Series, tz: str):
    """Naive wall-clock times in ``tz`` (or UTC-offset times) -> aware; also (n_nonexistent, n_ambiguous)."""
    has_off = offset.notna().to_numpy()
    local = naive.mask(has_off)
    first = np.ones(len(local), dtype=bool)  # ambiguous -> first occurrence (summer time)
    n_nonex = int((local.dt.tz_localize(tz, ambiguous=first, nonexistent="NaT").isna() & local.notna()).sum())
    n_amb = int((local.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward").isna() & local.notna()).sum())
    aware = local.dt.tz_localize(tz, ambiguous=first, nonexistent="shift_forward")
    if has_off.any():
        utc = (naive - pd.to_timedelta(offset.fillna(0), unit="m")).where(has_off)
        aware = aware.where(~has_off, utc.dt.tz_localize("UTC").dt.tz_convert(tz))
    return aware.astype(pd.DatetimeTZDtype("ns", tz)), (n_nonex, n_amb)


def _read_end(table, cols, range_end, start, tz, ignore_offsets):
    """End times from end column(s) or a range in the start cell; a clock-only end follows the start."""
    idx = table.index
    raw = pd.Series(None, index=idx, dtype=object)
    full = pd.Series(pd.NaT, index=idx, dtype="datetime64[ns]")
    offset, clock = pd.Series(np.nan, index=idx), pd.Series(pd.NaT, index=idx, dtype="timedelta64[ns]")
    if "end_date" in cols:
        date, hhmm = table[cols["end_date"]], table[cols["end_clock"]]
        raw = date.where(~_blank(date)).astype(object)
        full = _read_datetimes(date, True)[0].dt.normalize() + _read_clock(hhmm)
    sources = [table[cols["end"]]] if "end" in cols else []
    if range_end is not None:
        sources.append(range_end.astype("string"))
    for values in sources:
        values = values[(raw.isna() & ~_blank(values)).to_numpy()]
        raw[values.index] = values.astype(object)
        if not pd.api.types.is_datetime64_any_dtype(values.dtype):
            clock[values.index] = _read_clock(values)
        rest = values[clock[values.index].isna().to_numpy()]
        full[rest.index], offset[rest.index] = _read_datetimes(rest, ignore_offsets)[:2]
    end, dst = _localise(full, offset, tz)
    wall = start.dt.tz_localize(None)
    by_clock = wall.dt.normalize() + clock
    by_clock, dst_clock = _localise(by_clock.mask(by_clock < wall, by_clock + _DAY), pd.Series(np.nan, index=idx), tz)
    end = end.where(clock.isna(), by_clock)
    n_bad = int((raw.notna() & end.isna() & start.notna()).sum())
    return end, n_bad, (dst[0] + dst_clock[0], dst[1] + dst_clock[1])
