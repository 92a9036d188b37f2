"""Choose the time columns of a raw table by content, with names as the tiebreak.

Every column that looks like a date by name or by content is read on an even sample of rows and
judged by its parse rate and plausibility (inside 1970..tomorrow, not all the same value). Its role
comes from its name: occurred/start, end, reported, updated. The start is the best occurred/start
column (or an unnamed one); reported and updated times are used only when nothing else exists. A
date-only start with a clock column beside it becomes a date + clock pair.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from hotspots.io.columns import find_column, normalise_name
from hotspots.io.when._timevalues import blank, date_order, read_clock, read_start

__all__ = ["choose_time_columns"]

# Role words: a word of 4+ letters anywhere in the name, a shorter one as the start of a name part.
_ROLE_WORDS = (("updated", ("upd", "modif", "chang", "edit", "load", "extract", "import", "export", "seen", "commit",
                            "scrap", "fetch", "crawl", "publi")),
               ("reported", ("rep", "rptd", "rpt", "anm", "receiv", "filed", "creat", "regist", "inkom", "call")),
               ("end", ("end", "till", "slut", "stop", "thru", "through", "to", "hasta")),
               ("start", ("occ", "occur", "offen", "incid", "crime", "start", "from", "fran", "begin", "garn",
                          "brott", "hand", "event", "hecho", "single", "desde")))
_ROLE_RANK = {"start": 0, None: 1, "reported": 2, "updated": 3}
_TIME_WORDS = ("date", "datum", "time", "tid", "dt", "timestamp", "when", "fecha", "hora", "occ")
_CLOCK_WORDS = ("klockslag", "kl", "klocka", "time", "tid", "hora", "clock", "hhmm")
_DATE_LIKE = r"\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?|^(?:19|20)\d{6}"
_SAMPLE = 2000
_END = ("sluttid", "end_time", "end_datetime", "tidsslut", "ended_at", "slut", "end", "till", "to", "till_datum",
        "to_date", "end_date", "slutdatum", "till_klockslag", "to_time")


def _role(name: str):
    parts = normalise_name(name).split("_")
    joined = "_".join(parts)
    for role, words in _ROLE_WORDS:
        for word in words:
            if (len(word) >= 4 and word in joined) or any(p == word or (len(word) == 3 and p.startswith(word))
                                                           for p in parts):
                return role
    return None


def _has_word(name: str, words) -> bool:
    parts = normalise_name(name).split("_")
    return any(p.startswith(w) or (len(w) >= 4 and w in p) for p in parts for w in words)


def _sample(values: pd.Series) -> pd.Series:
    step = max(1, len(values) // _SAMPLE)
    part = values.iloc[::step]
    return part[~blank(part).to_numpy()]


def _date_like(sample: pd.Series, named: bool) -> bool:
    """Typed date-times, date objects, date-like text; numbers (Excel serials) only under a date name."""
    if pd.api.types.is_datetime64_any_dtype(sample.dtype):
        return True
    if pd.api.types.is_numeric_dtype(sample.dtype):
        return named and not pd.api.types.is_bool_dtype(sample.dtype)
    kinds = sample.map(lambda v: isinstance(v, (_dt.datetime, _dt.date, np.datetime64)))
    text = sample.astype("string").str.contains(_DATE_LIKE, regex=True).fillna(False)
    return bool(len(sample)) and float((kinds | text).mean()) >= 0.5


def _judge(name, values, now) -> dict:
    """Parse rate, precision and plausibility of one candidate column (on its sample)."""
    sample = _sample(values)
    role, named = _role(name), _has_word(name, _TIME_WORDS) or _role(name) is not None
    out = {"column": name, "role": role, "named": named, "n": len(sample), "ok": False}
    clock_named = _has_word(name, _CLOCK_WORDS) and not _has_word(name, ("date", "datum", "fecha", "dag", "day"))
    if not len(sample) or not (named and not clock_named or _date_like(sample, False)):
        out["why"] = "no date-like values" if len(sample) else "empty"
        return out
    dayfirst = date_order(sample)[0]
    naive, _, _, precision, _ = read_start(sample, True, True if dayfirst is None else dayfirst)
    read = naive.notna()
    rate = float(read.mean())
    plausible = float(((naive >= pd.Timestamp("1970-01-01")) & (naive <= now)).sum() / max(1, read.sum()))
    out.update(rate=round(rate, 3), plausible=round(plausible, 3),
               timed=float((precision[read.to_numpy()] == 0).mean()) if read.any() else 0.0)
    if rate < (0.5 if named else 0.8):
        out["why"] = f"only {rate:.0%} of a sample read as dates"
        return out
    early = float((naive < pd.Timestamp("1970-01-01")).sum() / max(1, read.sum()))
    numbers = sample.astype("string").str.fullmatch(r"\d{1,7}(?:[.,]\d+)?").fillna(False)
    if early > 0.5 and not named and numbers.mean() > .5:
        out["why"] = "plain numbers, not plausible as Excel serial dates"  # counts, ids, day numbers
        return out
    out["ok"], out["doubt"] = True, None  # doubts rank a column last but do not rule it out
    if plausible < 0.5:
        out["doubt"] = f"only {plausible:.0%} of its dates lie between 1970 and tomorrow"
    elif naive[read].nunique() == 1 and read.sum() >= 20:  # tiny tables may well repeat one time
        out["doubt"] = "every value is the same"
    if out["timed"] and (naive[read] == naive[read].dt.normalize()).all():
        out["timed"] = 0.0  # every clock reads 00:00: a date in disguise, not a time
    return out


def _clock_for(table, names, role, taken):
    """A clock-time column of the same role (or none) that reads as clock times."""
    for name in names:
        if name in taken or not _has_word(name, _CLOCK_WORDS) or _role(name) not in (role, None):
            continue
        sample = _sample(table[name]).head(200)
        if len(sample) and read_clock(sample).notna().mean() >= 0.5:
            return name
    return None


def choose_time_columns(table: pd.DataFrame, explicit: dict, split: dict) -> tuple:
    """Roles -> column names for :func:`hotspots.io.when.times.parse_times`, and why.

    Parameters
    ----------
    table : pandas.DataFrame
        The raw table (not modified).
    explicit : dict
        ``start_col``/``end_col``/``date_col``/``clock_col`` given by the user (None where not given).
    split : dict
        Candidate names of split ``year``/``month``/``day``/``hour``/``minute`` columns.

    Returns
    -------
    tuple
        ``(cols, how)``: ``cols`` maps roles (``start`` | ``date`` + ``clock`` | ``year``..``minute``;
        ``end`` | ``end_date`` + ``end_clock``) to column names ({} when there is no time column);
        ``how`` says why each was chosen (``chosen``) and which were passed over and why (``passed_over``).
    """
    names = list(table.columns)
    now = pd.Timestamp.now().normalize() + pd.Timedelta(days=2)
    start_col, end_col, date_col, clock_col = (explicit.get(k) for k in ("start_col", "end_col", "date_col",
                                                                         "clock_col"))
    given = {k: v for k, v in explicit.items() if v is not None}
    split_cols = set(split.values()) if all(split.get(k) for k in ("year", "month", "day")) else set()
    judged = [_judge(n, table[n], now) for n in names if n not in given.values() and n not in split_cols]
    good = [j for j in judged if j["ok"]]
    how = {"chosen": {}, "passed_over": {j["column"]: j["why"] for j in judged if not j["ok"] and j["named"]}}
    cols = {}
    if start_col is not None and date_col is None:
        cols = {"date": start_col, "clock": clock_col} if clock_col is not None else {"start": start_col}
        how["chosen"].update({c: "given" for c in cols.values()})
    elif date_col is not None:
        clock = clock_col or _clock_for(table, names, _role(date_col), {date_col})
        cols = {"date": date_col, "clock": clock} if clock else {"start": date_col}
        how["chosen"].update({c: "given" if c in given.values() else "clock column beside the date" for c in
                              cols.values()})
    else:
        def timed(j):  # a clock time in the column, or a clock column beside it
            return j["timed"] >= 0.5 or _clock_for(table, names, j["role"], {j["column"]}) is not None
        starts = sorted((j for j in good if j["role"] != "end"), key=lambda j: (
            j["doubt"] is not None, _ROLE_RANK[j["role"]] >= 2, not timed(j), _ROLE_RANK[j["role"]], -j["rate"],
            names.index(j["column"])))  # never reported/updated if else; a clock beats a bare date
        if starts:
            best = starts[0]
            clock = clock_col or (None if best["timed"] >= 0.5 else
                                  _clock_for(table, names, best["role"], {best["column"]}))
            cols = {"date": best["column"], "clock": clock} if clock else {"start": best["column"]}
            why = (f"{best['role'] or 'a date-time'} column, {best['rate']:.0%} of a sample read"
                   + (", the only time column left (reported/updated times are used only then)"
                      if best["role"] in ("reported", "updated") else ""))
            how["chosen"][best["column"]] = why
            if clock:
                how["chosen"][clock] = "clock column beside the date"
            for other in starts[1:]:
                how["passed_over"][other["column"]] = (
                    other["doubt"] or (f"{other['role']} time, not when it happened" if other["role"] in
                                       ("reported", "updated") else f"a better start column was found "
                                       f"({best['column']})"))
        elif all(split.get(k) for k in ("year", "month", "day")):
            cols = {k: v for k, v in split.items() if v is not None}
            how["chosen"].update({c: "split date columns" for c in cols.values()})
    if not cols:
        return {}, how
    if end_col is not None:
        cols["end"] = end_col
        how["chosen"][end_col] = "given"
        return cols, how
    ends = sorted((j for j in good if j["role"] == "end" and j["column"] not in cols.values()),
                  key=lambda j: (-j["rate"], names.index(j["column"])))
    if ends:
        clock = None if ends[0]["timed"] >= 0.5 else _clock_for(table, names, "end", set(cols.values()))
        if clock and "clock" in cols:
            cols.update(end_date=ends[0]["column"], end_clock=clock)
            how["chosen"][clock] = "end clock column beside the end date"
        else:
            cols["end"] = ends[0]["column"]
        how["chosen"][ends[0]["column"]] = "end column (for aoristic spans)"
    else:  # an end that is only a clock time (``06:00``) beside a start
        named_end = find_column([n for n in names if n not in cols.values()], _END, prefix_ok=False)
        if named_end is not None:  # a clock-only end (``06:00``) or one that reads badly: counted, not dropped
            cols["end"] = named_end
            how["chosen"][named_end] = "end column by name"
    for j in ends[1:]:
        how["passed_over"][j["column"]] = f"a better end column was found ({cols.get('end', cols.get('end_date'))})"
    how["passed_over"] = {k: v for k, v in how["passed_over"].items() if k not in cols.values()}
    return cols, how


