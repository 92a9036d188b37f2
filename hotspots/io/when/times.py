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
from hotspots.io.columns import column_list, find_column, to_number
from hotspots.io.when._timevalues import (
    DAY,
    PRECISION,
    blank,
    date_order,
    dayfirst_hint,
    offsets_look_local,
    plausible_naive,
    read_clock,
    read_datetimes,
    read_start,
)
from hotspots.io.when.timecolumns import choose_time_columns

__all__ = ["MIN_DATE", "ParsedTimes", "parse_times"]

_SPLIT = {"year": ("year", "ar", "artal"), "month": ("month", "manad"), "day": ("day", "dag"),
          "hour": ("hour", "timme", "tim"), "minute": ("minute", "minut", "min")}
_LIMITS = {"year": (1900, 2100), "month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59)}
_DST_RULE = ("a local time that does not exist because clocks jump forward (e.g. 2024-03-31 02:30 in "
             "Europe/Stockholm) is moved forward to the first valid time after the gap (03:00); a local time that "
             "occurs twice because clocks go back (e.g. 2024-10-27 02:30) is read as the first occurrence "
             "(daylight-saving/summer time)")
#: Earliest plausible incident date; earlier rows are rejected as ``date_before_floor``.
MIN_DATE = "1970-01-01"


@dataclass(frozen=True)
class ParsedTimes:
    """Result of :func:`parse_times`; every Series is aligned to the input table's index.

    ``start``/``end`` are tz-aware in the points' zone; when the rows lie in several zones they are
    in UTC and ``zone`` holds each row's zone name (None when there is one zone).
    """

    start: pd.Series
    end: pd.Series
    reason: pd.Series
    info: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    zone: pd.Series | None = None


def parse_times(table: pd.DataFrame, *, source: str = "input", start_col=None, end_col=None, date_col=None,
                clock_col=None, tz: str | None = None, zones=None, ignore_offsets: bool = False,
                dayfirst: bool | None = None, min_date=MIN_DATE, max_date=None) -> ParsedTimes:
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
        hold a range (``2024-05-01 22:00-06:00``). Without them, columns are chosen by content with
        names as the tiebreak (:func:`hotspots.io.when.timecolumns.choose_time_columns`).
    date_col, clock_col : str, optional
        A date column and a clock-time column that together give the start (``date_col`` wins over
        ``start_col``). An empty date cell makes the row ``missing_time``; a date with an empty clock
        cell spans its whole day.
    tz : str, optional
        IANA time zone of naive (offset-less) times and of the result, as stated by the user. None:
        from ``zones`` (the points' location), else the default ``hotspots.defaults.TZ``.
    zones : array-like of str, optional
        Each row's zone (e.g. from :func:`hotspots.io.when.zone.zone_for_points`); used when ``tz`` is None.
    ignore_offsets : bool
        Drop written offsets (``+02:00``, ``Z``) and read the clock time as local. Without it, offsets
        whose hour-of-day profile shows local clocks are detected and ignored with a warning.
    dayfirst : bool, optional
        Hint for ``n/n/yyyy`` columns whose values never decide the order (no field over 12). None: the
        country of the zone (month first in the USA), else day first.
    min_date, max_date : str or Timestamp, optional
        Plausible span; earlier rows are rejected as ``date_before_floor``, later ones as
        ``date_in_future`` (``max_date`` None: now + 1 day).

    Returns
    -------
    ParsedTimes
        ``start`` and ``end`` (``datetime64[ns, tz]``, NaT where rejected or absent; a date-only value
        spans its day and a month-only value its month), ``reason`` (None, ``"missing_time"``,
        ``"unparseable_time"``, ``"date_before_floor"``, ``"date_in_future"`` or ``"end_before_start"``),
        ``info`` (``time_columns``, ``how`` they were chosen, ``tz`` and ``tz_how``, ``dayfirst`` per
        column, ``precision`` counts, formats, DST counts and rule) and ``warnings``.

    Raises
    ------
    InputError
        A named column does not exist, or ``tz`` / a zone is not a time zone.
    """
    if not isinstance(table, pd.DataFrame):
        raise InputError(f"{source}: expected a table (pandas DataFrame), got {type(table).__name__}")
    work = table.reset_index(drop=True)  # a clean index for our own use; the caller's table is untouched
    tz, row_zones, tz_how = _zones(source, tz, zones, len(work))
    for arg, col in {"start_col": start_col, "end_col": end_col, "date_col": date_col, "clock_col": clock_col}.items():
        if col is not None and col not in work.columns:
            raise InputError(f"{source}: no column named {col!r} (given as {arg}); the columns are: "
                             f"{', '.join(map(str, table.columns))}. Pass {arg}= with one of these names, "
                             "or leave it out to find the time column by content and name.")
    split = {k: find_column(list(work.columns), c, prefix_ok=False) for k, c in _SPLIT.items()}
    cols, how_cols = choose_time_columns(work, {"start_col": start_col, "end_col": end_col, "date_col": date_col,
                                                "clock_col": clock_col}, split)
    hint, hint_how = dayfirst_hint(dayfirst, tz if row_zones is None else pd.Series(row_zones).mode()[0])
    info = {"source": source, "tz": tz if row_zones is None else sorted(set(row_zones)), "tz_how": tz_how,
            "time_columns": cols or None, "how": {"layout": "none", **how_cols}, "ignore_offsets": ignore_offsets,
            "dayfirst": {}, "precision": {}, "formats": {}, "reasons": {}, "n_offsets": 0, "n_end": 0,
            "n_end_unparseable": 0, "n_nonexistent_shifted": 0, "n_ambiguous_resolved": 0, "dst_rule": _DST_RULE,
            "min_date": str(pd.Timestamp(min_date).date()), "offsets_read_as_local": False}
    reason = pd.Series([None] * len(work), index=work.index, dtype=object)
    zone_out = None if row_zones is None else pd.Series(row_zones, index=table.index, dtype=object)
    if not cols:
        nat = pd.Series(pd.NaT, index=table.index, dtype=pd.DatetimeTZDtype("ns", tz))
        warning = (f"{source}: no time column found (columns are: {column_list(table.columns)}); rows "
                   "are kept without a time, so temporal analysis is impossible. Pass --time COLUMN or --date "
                   "COLUMN (start_col= or date_col= in Python).")
        return ParsedTimes(nat, nat.copy(), reason.set_axis(table.index), info, [warning], zone_out)
    warnings = []

    def order(column):  # day or month first: from the data, else the hint, and say which
        decided, n_day, n_month = date_order(work[column])
        if decided is None:
            info["dayfirst"][str(column)] = {"dayfirst": hint, "how": hint_how}
            return hint
        info["dayfirst"][str(column)] = {"dayfirst": decided, "how": f"from the data ({n_day} values with a day "
                                         f"over 12 first, {n_month} with one second)"}
        if n_day and n_month:
            warnings.append(f"{source}: column {column!r} mixes day-first and month-first dates ({n_day} vs "
                            f"{n_month} values prove each); read as {'day' if decided else 'month'} first, the "
                            "others are rejected as unparseable_time")
        return decided

    offset, range_end = pd.Series(np.nan, index=work.index), None
    if "year" in cols:
        naive, missing, how = *_from_split(work, cols), Counter()
        precision = pd.Series(0 if "hour" in cols else 1, index=work.index, dtype="int8")
        info["how"]["layout"], how["split columns"] = "split columns", int(naive.notna().sum())
    elif "clock" in cols:
        date, _, how, _ = read_datetimes(work[cols["date"]], True, order(cols["date"]))
        no_clock = blank(work[cols["clock"]]).to_numpy()  # a date without its clock is a day, not midnight
        naive = date.dt.normalize() + read_clock(work[cols["clock"]]).mask(no_clock, pd.Timedelta(0))
        precision = pd.Series(np.where(no_clock, 1, 0).astype("int8"), index=work.index)
        missing, info["how"]["layout"] = blank(work[cols["date"]]), "date + clock columns"
    else:
        naive, offset, how, precision, range_end = read_start(work[cols["start"]], ignore_offsets, order(cols["start"]))
        missing, info["how"]["layout"] = blank(work[cols["start"]]), "date-time column"
        precision = _midnight_is_a_date(naive, precision)
        if offsets_look_local(naive, offset, tz, row_zones, info):
            offset = pd.Series(np.nan, index=work.index)
            warnings.append(f"{source}: times are marked UTC/with an offset, but their hour-of-day profile is "
                            "that of local clock times (the night-time trough sits at 03-07 as written); the "
                            "offsets are ignored and the clock read as local, as with ignore_offsets. Pass "
                            "ignore_offsets=False explicitly with a stated tz to keep them.")
    start, dst = _localise(naive, offset, tz, row_zones)
    end, n_end_bad, dst_end = _read_end(work, cols, range_end, start, tz, row_zones, ignore_offsets, order)
    spans = {1: pd.DateOffset(days=1), 2: pd.DateOffset(months=1)}
    for code, step in spans.items():  # a day or a month is a span, never a fake midnight
        rows = (precision == code).to_numpy() & end.isna().to_numpy() & start.notna().to_numpy()
        if rows.any():
            end[rows] = _localise((naive[rows] + step), pd.Series(np.nan, index=naive.index[rows]), tz,
                                  None if row_zones is None else row_zones[rows])[0]

    reason[missing.to_numpy()] = "missing_time"
    reason[(~missing & start.isna()).to_numpy()] = "unparseable_time"
    floor = pd.Timestamp(min_date).tz_localize("UTC") if pd.Timestamp(min_date).tz is None else pd.Timestamp(min_date)
    ceiling = (pd.Timestamp.now(tz="UTC") + DAY if max_date is None else pd.Timestamp(max_date).tz_localize("UTC")
               if pd.Timestamp(max_date).tz is None else pd.Timestamp(max_date))
    reason[(reason.isna() & (start < floor)).to_numpy()] = "date_before_floor"
    reason[(reason.isna() & (start > ceiling)).to_numpy()] = "date_in_future"
    reason[(reason.isna() & end.notna() & (end < start)).to_numpy()] = "end_before_start"
    bad = reason.notna()
    start, end = start.mask(bad), end.mask(bad)
    info.update(formats=dict(how), reasons={k: int(v) for k, v in reason.value_counts().items()},
                n_offsets=int((offset.notna() & ~bad).sum()), n_end=int(end.notna().sum()),
                n_end_unparseable=n_end_bad, n_nonexistent_shifted=dst[0] + dst_end[0],
                n_ambiguous_resolved=dst[1] + dst_end[1],
                precision={PRECISION[k]: int(v) for k, v in precision[~bad.to_numpy()].value_counts().items()
                           if k in PRECISION})
    if info["reasons"]:
        parts = ", ".join(f"{n} {k}" for k, n in info["reasons"].items())
        warnings.append(f"{source}: {int(bad.sum())} of {len(work)} rows rejected for their time ({parts})")
    first = cols.get("start", cols.get("date", cols.get("year")))
    for why, limit in (("date_before_floor", f"before {info['min_date']}"), ("date_in_future", "after tomorrow")):
        rows = np.flatnonzero((reason == why).to_numpy())
        if len(rows):
            warnings.append(f"{source}: {len(rows)} rows dated {limit} rejected ({why}); e.g. row "
                            f"{table.index[rows[0]]}: {first} = {work[first].iloc[rows[0]]!r}")
    if info["precision"].get("month"):
        warnings.append(f"{source}: {info['precision']['month']} rows give only a month; each spans its whole "
                        "month (start..end), so hour and weekday profiles cannot use them")
    if n_end_bad:
        warnings.append(f"{source}: {n_end_bad} end times could not be read and were left empty")
    if info["n_nonexistent_shifted"] or info["n_ambiguous_resolved"]:
        warnings.append(f"{source}: {info['n_nonexistent_shifted']} nonexistent and {info['n_ambiguous_resolved']} "
                        f"ambiguous local times (DST changes) resolved: {_DST_RULE}")
    return ParsedTimes(start.set_axis(table.index), end.set_axis(table.index), reason.set_axis(table.index),
                       info, warnings, zone_out)


def _zones(source, tz, zones, n):
    """(result zone, per-row zones or None, how the zone was found); checks every name."""
    names = [tz] if tz is not None else sorted(map(str, pd.unique(pd.Series(zones)))) if zones is not None else [TZ]
    for name in names:
        try:
            ZoneInfo(str(name))
        except Exception:  # noqa: BLE001 - any failure means the name is unusable
            raise InputError(f"{source}: unknown time zone {name!r}; pass an IANA name such as "
                             "'Europe/Stockholm'") from None
    if tz is not None:
        return str(tz), None, "stated"
    if zones is None or not n:
        return TZ, None, "default"
    if len(zones) != n:
        raise InputError(f"{source}: {len(zones)} zones given for {n} rows; pass one zone per row")
    if len(names) == 1:
        return names[0], None, "from location"
    return "UTC", np.asarray(zones, dtype=object).astype(str), "from location (several zones, per row)"


def _midnight_is_a_date(naive, precision):
    """A column whose every read value is 00:00 holds dates: make those rows day-precise."""
    timed = (precision == 0).to_numpy() & naive.notna().to_numpy()
    if timed.sum() > 1 and (naive[timed] == naive[timed].dt.normalize()).all():
        precision = precision.copy()
        precision[timed] = 1
    return precision


def _from_split(table, cols):
    """YEAR/MONTH/DAY[/HOUR/MINUTE] number columns -> naive date-times and the rows with an empty cell."""
    missing, ok, nums = pd.Series(False, index=table.index), np.ones(len(table), dtype=bool), {}
    for role, (lo, hi) in _LIMITS.items():
        v = to_number(table[cols[role]]) if role in cols else np.zeros(len(table))
        if role in cols:
            missing |= blank(table[cols[role]])
        ok &= (v >= lo) & (v <= hi) & (v == np.floor(v))
        nums[role] = v
    filler = {"year": 2000, "month": 1, "day": 1, "hour": 0, "minute": 0}
    frame = pd.DataFrame({k: np.where(ok, v, filler[k]).astype(int) for k, v in nums.items()}, index=table.index)
    return plausible_naive(pd.to_datetime(frame, errors="coerce").where(ok)), missing


def _localise(naive: pd.Series, offset: pd.Series, tz: str, row_zones=None):
    """Naive wall-clock times in ``tz`` or each row's zone (or UTC-offset times) -> aware in ``tz``;
    also (n_nonexistent, n_ambiguous). Per-row zones are localised zone by zone (few groups)."""
    if row_zones is not None:
        out = pd.Series(pd.NaT, index=naive.index, dtype=pd.DatetimeTZDtype("ns", tz))
        counts = np.zeros(2, dtype=int)
        for zone in pd.unique(row_zones):
            part = row_zones == zone
            aware, dst = _localise(naive[part], offset[part], zone)
            out[part] = aware.dt.tz_convert(tz)
            counts += dst
        return out, tuple(int(c) for c in counts)
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


def _wall(aware: pd.Series, row_zones) -> pd.Series:
    """Aware times -> naive local wall-clock times (in each row's zone when given)."""
    if row_zones is None:
        return aware.dt.tz_localize(None)
    out = pd.Series(pd.NaT, index=aware.index, dtype="datetime64[ns]")
    for zone in pd.unique(row_zones):
        part = row_zones == zone
        out[part] = aware[part].dt.tz_convert(zone).dt.tz_localize(None)
    return out


def _read_end(table, cols, range_end, start, tz, row_zones, ignore_offsets, order):
    """End times from end column(s) or a range in the start cell; a clock-only end follows the start,
    a date-only end means the end of that day."""
    idx = table.index
    if "end_date" not in cols and "end" not in cols and range_end is None:  # no end anywhere: all empty
        return pd.Series(pd.NaT, index=idx, dtype=start.dtype), 0, (0, 0)
    raw = pd.Series(None, index=idx, dtype=object)
    full = pd.Series(pd.NaT, index=idx, dtype="datetime64[ns]")
    offset, clock = pd.Series(np.nan, index=idx), pd.Series(pd.NaT, index=idx, dtype="timedelta64[ns]")
    if "end_date" in cols:
        date, hhmm = table[cols["end_date"]], table[cols["end_clock"]]
        raw = date.where(~blank(date)).astype(object)
        full = read_datetimes(date, True, order(cols["end_date"]))[0].dt.normalize() + read_clock(hhmm)
    sources = [(table[cols["end"]], order(cols["end"]))] if "end" in cols else []
    if range_end is not None:
        sources.append((range_end.astype("string"), True))
    for values, dayfirst in sources:
        values = values[(raw.isna() & ~blank(values)).to_numpy()]
        raw[values.index] = values.astype(object)
        if not pd.api.types.is_datetime64_any_dtype(values.dtype):
            clock[values.index] = read_clock(values)
        rest = values[clock[values.index].isna().to_numpy()]
        naive, off, _, precision = read_datetimes(rest, ignore_offsets, dayfirst)
        steps = np.select([precision == 1, precision == 2], [1, 0], 0)  # a date-only end: to the end of the day
        naive = naive + pd.to_timedelta(steps, unit="D")
        naive[(precision == 2).to_numpy()] = naive[(precision == 2).to_numpy()] + pd.DateOffset(months=1)
        full[rest.index], offset[rest.index] = naive, off
    end, dst = _localise(full, offset, tz, row_zones)
    wall = _wall(start, row_zones)
    by_clock = wall.dt.normalize() + clock
    by_clock, dst_clock = _localise(by_clock.mask(by_clock < wall, by_clock + DAY), pd.Series(np.nan, index=idx), tz,
                                    row_zones)
    end = end.where(clock.isna(), by_clock)
    n_bad = int((raw.notna() & end.isna() & start.notna()).sum())
    return end, n_bad, (dst[0] + dst_clock[0], dst[1] + dst_clock[1])
