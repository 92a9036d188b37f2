"""Read the time of every row of a raw table: start, optional end, and why a row was rejected.

Naive times are wall-clock times in ``tz``; times written with an offset (``+02:00``, ``Z``) are
converted to ``tz`` unless ``ignore_offsets``. Parsing is vectorised: explicit formats are tried on
the whole column (the one that reads most of a sample first), each on the rows still unread; cells
are cleaned (``kl.``, ``T``, offsets, ranges) only when the plain formats fail. No per-row guessing.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from hotspots._columns import find_column, to_number
from hotspots.errors import InputError

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
_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S.%f",
            "%Y-%m-%d %H.%M", "%Y-%m-%d %H.%M.%S", "%Y-%m-%d %H", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S",
            "%d/%m/%Y %H.%M", "%d/%m/%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H.%M", "%d.%m.%Y",
            "%Y%m%d %H%M", "%Y%m%d %H:%M", "%Y%m%d %H%M%S", "%Y%m%d", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S",
            "%Y/%m/%d", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p")
# Patterns without look-behinds, \s or flags run inside pyarrow; the look-behind one runs only on range cells.
_HAS_RANGE = r"[–—]| - | \d{1,2}[:.]\d\d-\d"
_RANGE = re.compile(r"^(?P<a>.+?)\s*(?:[–—]|\s-\s|(?<=\s\d\d[:.]\d\d)-|(?<=\s\d[:.]\d\d)-)\s*(?P<b>\d.*)$")
_OFFSET = r"^(.*\d[:.]\d\d(?:[:.]\d\d(?:[.,]\d+)?)?) *([Zz]|UTC|[+-]\d\d(?::?\d\d)?)$"
_KL = r" *\b[Kk][Ll]\b\.? *"
_CLOCK_FORMATS = ("%H:%M", "%H.%M", "%H:%M:%S", "%H.%M.%S", "%H", "%H%M")
_LO, _HI = pd.Timestamp("1900-01-01"), pd.Timestamp("2101-01-01")  # plausible years 1900-2100
_DAY = pd.Timedelta(days=1)
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
                clock_col=None, tz: str = "Europe/Stockholm", ignore_offsets: bool = False) -> ParsedTimes:
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


def _blank(values: pd.Series) -> pd.Series:
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        return values.isna() | values.astype("string").str.strip().eq("").fillna(True).astype(bool)
    return values.isna()


def _is_text(values) -> bool:
    return pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")


def _by_kind(values, read, kinds, *args):
    """Excel's mixed object cells: read each kind (datetime, number, text) with ``read`` and put them back."""
    kind = values.map(lambda v: "dt" if isinstance(v, (_dt.datetime, _dt.date, np.datetime64)) else "str"
                      if isinstance(v, str) else "num" if isinstance(v, (int, float, np.number))
                      and not isinstance(v, (bool, np.bool_)) else "other")
    subs = {"dt": lambda s: pd.Series(pd.to_datetime(s.tolist(), errors="coerce"), index=s.index),
            "num": lambda s: s.astype(float), "str": lambda s: s.astype("string")}
    return [(read(subs[k](values[kind == k]), *args)) for k in kinds if (kind == k).any()]


def _ns(naive: pd.Series) -> pd.Series:
    """Keep plausible datetimes (years 1900-2100) as naive ``datetime64[ns]``; others become NaT."""
    naive = pd.to_datetime(naive, errors="coerce")
    return naive.where((naive >= _LO) & (naive < _HI)).astype("datetime64[ns]")


def _read_start(values, ignore_offsets):
    """A start column: split ranges (``a - b``) off, read the start part; also return the end parts."""
    if not _is_text(values):
        return *_read_datetimes(values, ignore_offsets), None
    text = values.astype("string").str.strip()
    has_range = text.str.contains(_HAS_RANGE, regex=True).fillna(False).to_numpy(dtype=bool)
    if not has_range.any():
        return *_read_datetimes(text, ignore_offsets), None
    parts = text[has_range].str.replace(_KL, " ", regex=True).str.extract(_RANGE)
    text[parts.index[parts["a"].notna()]] = parts["a"].dropna()
    return *_read_datetimes(text, ignore_offsets), parts["b"].reindex(text.index)


def _read_datetimes(values: pd.Series, ignore_offsets: bool):
    """Full date-times -> (naive wall-clock ``datetime64[ns]``, offset minutes or NaN, Counter of formats)."""
    idx, how = values.index, Counter()
    naive = pd.Series(pd.NaT, index=idx, dtype="datetime64[ns]")
    offset = pd.Series(np.nan, index=idx)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        how["typed date-time"] = int(values.notna().sum())
        if ignore_offsets:
            return _ns(values.dt.tz_localize(None)), offset, how
        return _ns(values.dt.tz_convert("UTC").dt.tz_localize(None)), offset.mask(values.notna(), 0.0), how
    if pd.api.types.is_datetime64_dtype(values.dtype):
        how["typed date-time"] = int(values.notna().sum())
        return _ns(values), offset, how
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        v = to_number(values)
        ymd = (v >= 19000101) & (v <= 21001231) & (v == np.floor(v))  # 20240501 typed as a number
        naive = _serials(v, idx, how)
        _fill(pd.Series(v[ymd], index=idx[ymd]).astype("int64").astype("string"), naive, how, seen_only=True)
        return naive, offset, how
    if not _is_text(values):
        for n, o, h in _by_kind(values, _read_datetimes, ("dt", "num", "str"), ignore_offsets):
            naive[n.index], offset[o.index] = n, o
            how.update(h)
        return naive, offset, how
    text = values.astype("string").str.strip()
    serial = text.str.fullmatch(r"\d{1,7}(?:[.,]\d+)?").fillna(False).to_numpy(dtype=bool)
    if serial.any():
        naive[serial] = _serials(to_number(text[serial]), idx[serial], how)
    rest = _fill(text[~serial & text.notna().to_numpy()], naive, how, seen_only=True)  # plain formats first
    if rest.empty:
        return naive, offset, how
    rest = rest.str.replace(r"(\d)[Tt](\d)", r"\1 \2", regex=True)  # then clean: T, kl., spaces, offsets
    rest = rest.str.replace(_KL, " ", regex=True).str.replace(r"[ \t]+", " ", regex=True).str.strip()
    body = rest.str.replace(_OFFSET, r"\1", regex=True)
    has_off = body.ne(rest).fillna(False).to_numpy(dtype=bool)
    if has_off.any():
        sign = rest[has_off].str.replace(_OFFSET, r"\2", regex=True).str.upper().str.replace(":", "", regex=False)
        rest = body
        how["offset " + ("ignored" if ignore_offsets else "converted")] = int(has_off.sum())
        if not ignore_offsets:
            sign = sign.replace({"Z": "+0000", "UTC": "+0000"}).str.pad(5, side="right", fillchar="0")
            minutes = (pd.to_numeric(sign.str.slice(1, 3), errors="coerce") * 60
                       + pd.to_numeric(sign.str.slice(3, 5), errors="coerce")).to_numpy(dtype=float, na_value=np.nan)
            offset[sign.index] = np.where(sign.str.startswith("-").to_numpy(dtype=bool), -minutes, minutes)
    _fill(rest, naive, how)
    return naive, offset, how


def _fill(text, naive, how, seen_only=False):
    """Try each format (most successful on a sample first) on the rows still unread; return those left."""
    sample = text.head(200)
    hits = {f: pd.to_datetime(sample, format=f, errors="coerce").notna().sum() for f in _FORMATS}
    for fmt in sorted(_FORMATS, key=lambda f: -hits[f]):
        if text.empty or (seen_only and not hits[fmt]):
            break
        parsed = _ns(pd.to_datetime(text, format=fmt, errors="coerce"))
        ok = parsed.notna().to_numpy()
        if ok.any():
            naive[parsed.index[ok]] = parsed[ok]
            how[fmt] += int(ok.sum())
            text = text[~ok]
    return text


def _serials(v: np.ndarray, idx, how) -> pd.Series:
    """Excel serial day numbers (1-2958465: days since 1899-12-30, the fraction is the time of day)."""
    v = np.where((v >= 2) & (v < 73416), v, np.nan)  # of Excel's 1..2958465 only 1900-01-01..2100-12-31 is plausible
    how["Excel serial"] += int(np.isfinite(v).sum())
    days = pd.to_timedelta(np.round(v * 86400), unit="s")
    return pd.Series(pd.Timestamp("1899-12-30") + days, index=idx).astype("datetime64[ns]")


def _read_clock(values: pd.Series) -> pd.Series:
    """Clock times (``22:30``, ``22.30``, ``2230``, ``22``, ``0.9375``, ``datetime.time``) -> timedelta, NaT else."""
    idx = values.index
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return (values - values.dt.normalize()).astype("timedelta64[ns]")
    if pd.api.types.is_timedelta64_dtype(values.dtype):
        return values.where((values >= pd.Timedelta(0)) & (values < _DAY)).astype("timedelta64[ns]")
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        v = to_number(values)  # 0.9375 (Excel fraction), 22 (hour), 2230 (HHMM), 22.3 (22.30)
        whole, frac = np.floor(v), v - np.floor(v)
        hours = np.select([v < 1, (whole == v) & (v < 24), (whole == v) & (v >= 100), v >= 1],
                          [v * 24, v, v // 100 + (v % 100) / 60, whole + np.round(frac * 100) / 60], np.nan)
        bad = ((whole == v) & (v >= 24) & ((v < 100) | (v % 100 >= 60))) | ((whole != v) & (v >= 1) & (frac > .595))
        hours = np.where(bad | (v < 0) | (hours >= 24), np.nan, hours)
        return pd.Series(pd.to_timedelta(np.round(hours * 3600), unit="s"), index=idx)
    if not _is_text(values):
        out = pd.Series(pd.NaT, index=idx, dtype="timedelta64[ns]")
        values = values.map(lambda x: x.strftime("%H:%M:%S") if isinstance(x, _dt.time) or (
            isinstance(x, _dt.datetime) and x.date() <= _dt.date(1900, 1, 1)) else x)  # Excel time-only cells
        for part in _by_kind(values, _read_clock, ("num", "str")):
            out[part.index] = part
        return out
    text = values.astype("string").str.strip().str.replace(r"^[Kk][Ll]\.? *", "", regex=True)
    frac = to_number(text.where(text.str.fullmatch(r"0?[.,](?:\d|\d{3,})").fillna(False)))  # Excel fraction of a day
    out = pd.Series(pd.to_timedelta(np.where(frac < 1, np.round(frac * 86400), np.nan), unit="s"), index=idx)
    for fmt in _CLOCK_FORMATS:
        todo = (out.isna() & text.notna()).to_numpy()
        if not todo.any():
            break
        out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce") - pd.Timestamp("1900-01-01")
    return out.astype("timedelta64[ns]")


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
