"""Reading time values: date-times in many layouts, Excel serials and clock times, vectorised.

Each reader also says how precise every value is (``PRECISION``: a clock time, a whole day, a whole
month), so a date-only cell is never mistaken for an event at midnight.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from zoneinfo import TZPATH

import numpy as np
import pandas as pd

from hotspots.io.columns import to_number

__all__ = ["DAY", "PRECISION", "blank", "date_order", "dayfirst_hint", "offsets_look_local", "plausible_naive",
           "read_clock", "read_datetimes", "read_start"]

_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S.%f",
            "%Y-%m-%d %H.%M", "%Y-%m-%d %H.%M.%S", "%Y-%m-%d %H", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S",
            "%d/%m/%Y %H.%M", "%d/%m/%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H.%M", "%d.%m.%Y",
            "%Y%m%d %H%M", "%Y%m%d %H:%M", "%Y%m%d %H%M%S", "%Y%m%d", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S",
            "%Y/%m/%d", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y %I:%M %p",
            "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %I:%M %p", "%Y/%m/%d %I:%M:%S %p", "%Y-%m", "%Y/%m", "%m/%Y")
# Month-first (US) order: the same layouts with day and month swapped, dotted dates stay day-first (European).
_MONTH_FIRST = tuple(f.replace("%d/%m/", "%m/%d/").replace("%d-%m-", "%m-%d-") for f in _FORMATS)
_DMY = r"^ *(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}\b"
#: Precision codes of read values: a clock time, a whole day, a whole month; -1 = not read.
PRECISION = {0: "time", 1: "day", 2: "month"}
# Patterns without look-behinds, \s or flags run inside pyarrow; the look-behind one runs only on range cells.
_HAS_RANGE = r"[–—]| - | \d{1,2}[:.]\d\d-\d"
_RANGE = re.compile(r"^(?P<a>.+?)\s*(?:[–—]|\s-\s|(?<=\s\d\d[:.]\d\d)-|(?<=\s\d[:.]\d\d)-)\s*(?P<b>\d.*)$")
_OFFSET = r"^(.*\d[:.]\d\d(?:[:.]\d\d(?:[.,]\d+)?)?) *([Zz]|UTC|[+-]\d\d(?::?\d\d)?)$"
_KL = r" *\b[Kk][Ll]\b\.? *"
_CLOCK_FORMATS = ("%H:%M", "%H.%M", "%H:%M:%S", "%H.%M.%S", "%H", "%H%M")
_LO, _HI = pd.Timestamp("1900-01-01"), pd.Timestamp("2101-01-01")  # plausible years 1900-2100
DAY = pd.Timedelta(days=1)
# Countries that write dates month first (n/n/yyyy); the hint when a column never decides by itself.
_MONTH_FIRST_COUNTRIES = {"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "VI", "UM"}
# Crime has its daily trough in the small hours, local time: the share of events 03:00-06:59 tells
# written local clocks from true UTC ones.
_TROUGH_HOURS = [3, 4, 5, 6]
_MIN_OFFSET_ROWS = 100


def _precision_of(fmt: str) -> int:
    return 0 if ("%H" in fmt or "%I" in fmt) else 1 if "%d" in fmt else 2


def date_order(values) -> tuple:
    """Day or month first in ``n/n/yyyy`` cells, from the data: ``(dayfirst or None, n_day, n_month)``.

    A first field over 12 proves day-first, a second field over 12 month-first; a column with proof
    of both is decided by the majority (the other rows then fail to read and are named as unparseable),
    a column with no proof returns None and the caller falls back on its hint.
    """
    if not _is_text(values):
        return None, 0, 0
    # The date part is in the first 10 characters; distinct dates are few (days, not events), so the
    # regex runs on them and the counts are weighted back by how often each occurs.
    heads = values.astype("string").str.slice(0, 10).value_counts()
    fields = heads.index.to_series().str.extract(_DMY).apply(pd.to_numeric, errors="coerce")
    weight = heads.to_numpy()
    n_day, n_month = (int(weight[(fields[k] > 12).fillna(False).to_numpy(dtype=bool)].sum()) for k in (0, 1))
    if not n_day and not n_month:
        return None, 0, 0
    return n_day >= n_month, n_day, n_month


def blank(values: pd.Series) -> pd.Series:
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


def plausible_naive(naive: pd.Series) -> pd.Series:
    """Keep plausible datetimes (years 1900-2100) as naive ``datetime64[ns]``; others become NaT."""
    naive = pd.to_datetime(naive, errors="coerce")
    return naive.where((naive >= _LO) & (naive < _HI)).astype("datetime64[ns]")


def read_start(values, ignore_offsets, dayfirst=True):
    """A start column: split ranges (``a - b``) off, read the start part; also return the end parts.

    Returns what :func:`read_datetimes` returns, then the end parts (or None).
    """
    if not _is_text(values):
        return *read_datetimes(values, ignore_offsets, dayfirst), None
    text = values.astype("string").str.strip()
    has_range = text.str.contains(_HAS_RANGE, regex=True).fillna(False).to_numpy(dtype=bool)
    if not has_range.any():
        return *read_datetimes(text, ignore_offsets, dayfirst), None
    parts = text[has_range].str.replace(_KL, " ", regex=True).str.extract(_RANGE)
    text[parts.index[parts["a"].notna()]] = parts["a"].dropna()
    return *read_datetimes(text, ignore_offsets, dayfirst), parts["b"].reindex(text.index)


def read_datetimes(values: pd.Series, ignore_offsets: bool, dayfirst: bool = True):
    """Full date-times -> (naive wall-clock ``datetime64[ns]``, offset minutes or NaN, Counter of formats,
    precision code per row (see ``PRECISION``; -1 where not read)). ``dayfirst`` orders ``n/n/yyyy``."""
    idx, how = values.index, Counter()
    naive = pd.Series(pd.NaT, index=idx, dtype="datetime64[ns]")
    offset = pd.Series(np.nan, index=idx)
    precision = pd.Series(0, index=idx, dtype="int8")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        how["typed date-time"] = int(values.notna().sum())
        if ignore_offsets:
            return plausible_naive(values.dt.tz_localize(None)), offset, how, precision
        return (plausible_naive(values.dt.tz_convert("UTC").dt.tz_localize(None)), offset.mask(values.notna(), 0.0),
                how, precision)
    if pd.api.types.is_datetime64_dtype(values.dtype):
        how["typed date-time"] = int(values.notna().sum())
        return plausible_naive(values), offset, how, precision
    formats = _FORMATS if dayfirst else _MONTH_FIRST
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        v = to_number(values)
        ymd = (v >= 19000101) & (v <= 21001231) & (v == np.floor(v))  # 20240501 typed as a number
        naive = _serials(v, idx, how)
        precision[:] = np.where(v == np.floor(v), 1, 0).astype("int8")  # a whole serial is a date without a clock
        _fill(pd.Series(v[ymd], index=idx[ymd]).astype("int64").astype("string"), naive, how, formats, precision,
              seen_only=True)
        return naive, offset, how, precision
    if not _is_text(values):
        for n, o, h, p in _by_kind(values, read_datetimes, ("dt", "num", "str"), ignore_offsets, dayfirst):
            naive[n.index], offset[o.index], precision[p.index] = n, o, p
            how.update(h)
        return naive, offset, how, precision
    text = values.astype("string").str.strip()
    serial = text.str.fullmatch(r"\d{1,7}(?:[.,]\d+)?").fillna(False).to_numpy(dtype=bool)
    if serial.any():
        v = to_number(text[serial])
        naive[serial] = _serials(v, idx[serial], how)
        precision[serial] = np.where(v == np.floor(v), 1, 0).astype("int8")
    rest = _fill(text[~serial & text.notna().to_numpy()], naive, how, formats, precision, seen_only=True)
    if rest.empty:
        return naive, offset, how, precision
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
    _fill(rest, naive, how, formats, precision)
    precision[naive.isna().to_numpy()] = np.int8(-1)
    return naive, offset, how, precision


def _fill(text, naive, how, formats, precision, seen_only=False):
    """Try each format (most successful on a sample first) on the rows still unread; return those left."""
    sample = text.head(200)
    hits = {f: pd.to_datetime(sample, format=f, errors="coerce").notna().sum() for f in formats}
    for fmt in sorted(formats, key=lambda f: -hits[f]):
        if text.empty or (seen_only and not hits[fmt]):
            break
        parsed = plausible_naive(pd.to_datetime(text, format=fmt, errors="coerce"))
        ok = parsed.notna().to_numpy()
        if ok.any():
            naive[parsed.index[ok]] = parsed[ok]
            precision[parsed.index[ok]] = np.int8(_precision_of(fmt))
            how[fmt] += int(ok.sum())
            text = text[~ok]
    return text


def _serials(v: np.ndarray, idx, how) -> pd.Series:
    """Excel serial day numbers (1-2958465: days since 1899-12-30, the fraction is the time of day)."""
    v = np.where((v >= 2) & (v < 73416), v, np.nan)  # of Excel's 1..2958465 only 1900-01-01..2100-12-31 is plausible
    how["Excel serial"] += int(np.isfinite(v).sum())
    days = pd.to_timedelta(np.round(v * 86400), unit="s")
    return pd.Series(pd.Timestamp("1899-12-30") + days, index=idx).astype("datetime64[ns]")


def read_clock(values: pd.Series) -> pd.Series:
    """Clock times (``22:30``, ``22.30``, ``2230``, ``22``, ``0.9375``, ``datetime.time``) -> timedelta, NaT else."""
    idx = values.index
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return (values - values.dt.normalize()).astype("timedelta64[ns]")
    if pd.api.types.is_timedelta64_dtype(values.dtype):
        return values.where((values >= pd.Timedelta(0)) & (values < DAY)).astype("timedelta64[ns]")
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
        for part in _by_kind(values, read_clock, ("num", "str")):
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


def dayfirst_hint(dayfirst, zone) -> tuple:
    """The order for columns whose values never decide: ``(dayfirst, how it was chosen)``."""
    if dayfirst is not None:
        return bool(dayfirst), "stated"
    country = _zone_countries().get(str(zone))
    if country in _MONTH_FIRST_COUNTRIES:
        return False, f"no value decides; month first, as written in the country of the points ({country})"
    return True, f"no value decides; day first{f', as written in {country}' if country else ''} (the default)"


@lru_cache(maxsize=1)
def _zone_countries() -> dict:
    """Zone -> ISO country code from the system's ``zone.tab`` (empty when it is absent)."""
    for base in TZPATH:
        path = Path(base) / "zone.tab"
        if path.is_file():
            rows = (line.split("\t") for line in path.read_text().splitlines() if line and line[0] != "#")
            return {r[2]: r[0] for r in rows if len(r) >= 3}
    return {}


def offsets_look_local(naive, offset, tz, row_zones, info) -> bool:
    """Offset-marked times whose written clock has the night trough, but the converted one not."""
    marked = offset.notna().to_numpy() & naive.notna().to_numpy()
    if marked.sum() < _MIN_OFFSET_ROWS:
        return False
    utc = (naive[marked] - pd.to_timedelta(offset[marked], unit="m")).dt.tz_localize("UTC")
    zones = np.full(int(marked.sum()), tz, dtype=object) if row_zones is None else row_zones[marked]
    local = pd.Series(0, index=utc.index)
    for zone in pd.unique(zones):
        part = zones == zone
        local[part] = utc[part].dt.tz_convert(zone).dt.hour.to_numpy()
    written = naive[marked].dt.hour
    shift = np.abs(((written.to_numpy() - local.to_numpy()) + 12) % 24 - 12)
    share_written = float(written.isin(_TROUGH_HOURS).mean())
    share_local = float(local.isin(_TROUGH_HOURS).mean())
    verdict = bool(np.median(shift) >= 2 and share_written < 0.6 * share_local)
    info["offset_check"] = {"rows": int(marked.sum()), "night_share_as_written": round(share_written, 3),
                            "night_share_converted": round(share_local, 3), "median_shift_h": float(np.median(shift))}
    info["offsets_read_as_local"] = verdict
    return verdict
