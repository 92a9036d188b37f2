"""The Swedish high-risk calendar: every special weekend of a year as a time window in local time.

``event_windows(2026)`` returns one row per window. The day comes from the PyPI package ``holidays``
wherever it knows it (``holidays.Sweden``, categories ``public``, ``de_facto`` and ``bank``, 1953–2100),
otherwise from the rule named in the ``source`` column. Times are local wall-clock times in ``tz``
(default Europe/Stockholm); ``hours`` is the real elapsed time, so a window across a daylight-saving
change is one hour shorter (last Sunday of March) or longer (last Sunday of October) than its clocks say.

Windows (a window ends on its end clock the same day, or the next day when the end clock is not after
the start clock; nominal hours in brackets)::

    key                 day (the anchor date)                 window
    pask                Påskdagen (public)                    Skärtorsdag 16:00 → Annandag påsk 06:00 (86 h)
    valborg             30 April (bank: Valborgsmässoafton)   30 Apr 16:00 → 1 May 06:00 (14 h)
    kristi_himmelsfard  Kristi himmelsfärdsdag (public)       the eve (Wed) 16:00 → Friday 06:00 (38 h)
    studentfirande      each weekday (Mon–Fri, not a public   that day 10:00 → next day 03:00 (17 h), one
                        holiday) of ISO week 23               window per day
    skolavslutning      the Friday of ISO week 24 (10–16 Jun) that day 12:00 → next day 04:00 (16 h)
    midsommarafton      Midsommarafton (de_facto)             Midsommarafton 12:00 → Midsommardagen 06:00 (18 h)
    midsommar           Midsommarafton (de_facto)             Midsommarafton 12:00 → Sunday 06:00 (42 h)
    halloween           31 October                            31 Oct 17:00 → 1 Nov 02:00 (9 h)
    lucia               13 December                           13 Dec 16:00 → 14 Dec 03:00 (11 h)
    julafton            Julafton (de_facto)                   24 Dec 14:00 → 25 Dec 06:00 (16 h)
    nyarsafton          Nyårsafton (de_facto) of ``year``      31 Dec 16:00 → 1 Jan (of year + 1) 06:00 (14 h)
    lonehelg            payday: the 25th, or the last banking  the first Friday on or after payday 16:00 →
                        day before it when the 25th is a       Sunday 06:00 (38 h); 12 rows, one per month,
                        Saturday, Sunday or a public or        all with key ``lonehelg`` (the month is in the
                        de_facto holiday (holidays package)    name); ``(key, day)`` is unique

The nyårsafton that ends on 1 January of ``year`` belongs to ``year - 1``.

**Overrides** (a project file's ``[calendar]`` table) change a built-in window for a municipality:
``overrides = {"skolavslutning": {"date": "2026-06-12"}, "studentfirande": {"dates": [...],
"start_time": "09:00"}, "halloween": False}``. Fields: ``date`` / ``dates`` / ``rule`` (the day the window
starts; dates outside ``year`` are ignored and the default rule is used for a year none of them falls in),
``start_time``, ``end_time`` (``"HH:MM"``), ``days`` (the calendar days the window spans, counting the start
day), ``name``, ``name_en``. Leave a field out to keep the default; ``False`` drops the event.

**Local events** (the project file's ``[[events]]``): ``key``, ``name`` (default the key), ``name_en``, one
of ``date``, ``dates`` (only those in ``year`` are used) or ``rule``, ``start_time`` and ``end_time``
(default 00:00 → 00:00, the whole day), ``days`` (default 1), ``note``. Rules, English or Swedish, case-free:
``first|second|third|fourth|last <weekday> of <month>`` (``första|andra|tredje|fjärde|sista lördagen i juli``),
``<day> <month>`` (``4 july``, ``july 4``, ``4 juli``), ``<weekday> of week <n>`` (``fredag vecka 24``) and
``weekdays of week <n>`` (``vardagar vecka 23``: Monday–Friday that are not public holidays). A fixed day
that a year lacks (29 February) gives no window that year.

Clock times in a daylight-saving gap move forward to the first valid time; in the repeated October hour a
start takes the first (summer-time) occurrence and an end the second, so the window is never cut short.
"""

from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import pandas as pd
from dateutil.easter import easter

from hotspots.defaults import TZ
from hotspots.errors import InputError
from hotspots.words import MONTHS
from layers._rules import parse_clock, parse_dates, parse_days, parse_rule

__all__ = ["event_windows"]

COLUMNS = ["key", "name", "name_en", "start", "end", "hours", "day", "source"]
_OVERRIDE_FIELDS = {"date", "dates", "rule", "start_time", "end_time", "days", "name", "name_en"}
_EVENT_FIELDS = _OVERRIDE_FIELDS | {"key", "note"}


@dataclass(frozen=True)
class _Spec:
    name: str
    name_en: str
    start_time: time
    end_time: time
    days: int = 1    # calendar days spanned, counting the start day
    offset: int = 0  # the window starts this many days after the anchor day


class _Year:
    """One year of ``holidays.Sweden`` (English names, so look-ups do not depend on the locale)."""

    def __init__(self, year):
        self.year = year
        self.public = holidays.Sweden(years=year, categories=("public", "de_facto"), language="en_US")
        self.bank = holidays.Sweden(years=year, categories=("bank",), language="en_US")

    def named(self, name, bank=False):
        table = self.bank if bank else self.public
        for day, names in table.items():
            if any(n == name or n.startswith(name + " (") for n in names.split("; ")):
                return day
        return None


def _package(name, category, fallback, rule_text):
    """An anchor taken from the holidays package, with a fallback rule where the package lacks the year."""
    def anchor(ctx):
        day = ctx.named(name, bank=category == "bank")
        if day is not None:
            return [day], f"holidays package ({category})"
        return [fallback(ctx.year)], f"rule: {rule_text}"
    return anchor


def _fixed(month, day, text):
    return lambda ctx: ([date(ctx.year, month, day)], f"fixed date: {text}")


def _paydays(ctx):
    days = []
    for month in range(1, 13):
        day = date(ctx.year, month, 25)
        while day.weekday() >= 5 or day in ctx.public:
            day -= timedelta(days=1)
        days.append(day)
    return days, "rule: payday the 25th or the banking day before it (holidays package)"


def _t(text):
    return time.fromisoformat(text)


_MIDSUMMER_EVE = _package("Midsummer Eve", "de_facto", lambda y: date(y, 6, 19) + timedelta(
    days=(4 - date(y, 6, 19).weekday()) % 7), "the Friday 19–25 June")
_BUILTIN = {
    "pask": (_Spec("Påskhelgen", "Easter weekend", _t("16:00"), _t("06:00"), days=4, offset=-3),
             _package("Easter Sunday", "public", easter, "Easter Sunday (dateutil)")),
    "valborg": (_Spec("Valborgsmässoafton", "Walpurgis Night", _t("16:00"), _t("06:00")),
                _package("Walpurgis Night", "bank", lambda y: date(y, 4, 30), "30 April")),
    "kristi_himmelsfard": (_Spec("Kristi himmelsfärd", "Ascension Day", _t("16:00"), _t("06:00"), days=2,
                                 offset=-1),
                           _package("Ascension Day", "public", lambda y: easter(y) + timedelta(days=39),
                                    "Easter Sunday + 39 days")),
    "studentfirande": (_Spec("Studentfirande", "Upper-secondary graduation (studenten)", _t("10:00"),
                             _t("03:00")), "weekdays of week 23"),
    "skolavslutning": (_Spec("Skolavslutning", "End of the school year", _t("12:00"), _t("04:00")),
                       "friday of week 24"),
    "midsommarafton": (_Spec("Midsommarafton", "Midsummer Eve", _t("12:00"), _t("06:00")), _MIDSUMMER_EVE),
    "midsommar": (_Spec("Midsommarhelgen", "Midsummer weekend", _t("12:00"), _t("06:00"), days=2), _MIDSUMMER_EVE),
    "halloween": (_Spec("Halloween", "Halloween", _t("17:00"), _t("02:00")), _fixed(10, 31, "31 October")),
    "lucia": (_Spec("Lucia", "St Lucy's Day (Lucia)", _t("16:00"), _t("03:00")), _fixed(12, 13, "13 December")),
    "julafton": (_Spec("Julafton", "Christmas Eve", _t("14:00"), _t("06:00")),
                 _package("Christmas Eve", "de_facto", lambda y: date(y, 12, 24), "24 December")),
    "nyarsafton": (_Spec("Nyårsafton", "New Year's Eve", _t("16:00"), _t("06:00")),
                   _package("New Year's Eve", "de_facto", lambda y: date(y, 12, 31), "31 December")),
    "lonehelg": (_Spec("Lönehelg ({sv})", "Payday weekend ({en})", _t("16:00"), _t("06:00"), days=2), _paydays),
}


def event_windows(year, *, local_events=None, overrides=None, tz=TZ) -> pd.DataFrame:
    """The high-risk event windows of ``year``, sorted by start (see the module docstring for each window).

    Parameters
    ----------
    year : int
        The calendar year (1953–2200; the ``holidays`` package knows Sweden for 1953–2100).
    local_events : list of dict, optional
        The project file's ``[[events]]``: ``key``, ``name``, ``date`` / ``dates`` / ``rule``,
        ``start_time``, ``end_time``, ``days``.
    overrides : dict, optional
        The project file's ``[calendar]``: built-in key → fields replacing the default, or ``False``.
    tz : str
        Time zone of the clock times (default Europe/Stockholm).

    Returns
    -------
    pandas.DataFrame
        ``key``, ``name``, ``name_en``, ``start`` and ``end`` (tz-aware), ``hours`` (real elapsed hours),
        ``day`` (the anchor date, ``datetime.date``), ``source``.

    Raises
    ------
    InputError
        A year out of range, an unknown time zone, an unreadable rule, date or clock, an unknown key or field.
    """
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or not 1953 <= year <= 2200:
        raise InputError(f"year must be a whole number from 1953 to 2200, got {year!r}.")
    year = int(year)
    try:
        ZoneInfo(str(tz))
    except (ValueError, KeyError, OSError):
        raise InputError(f"unknown time zone {tz!r}; use an IANA name such as 'Europe/Stockholm'.") from None
    overrides = _check_overrides(overrides)
    ctx = _Year(year)
    rows = []
    for key, (spec, anchor) in _BUILTIN.items():
        change = overrides.get(key, {})
        if change is False:
            continue
        spec = _apply(spec, change, f"[calendar] {key}")
        days = _override_days(change, ctx, f"[calendar] {key}")
        if days is not None:  # the project file gives the day the window starts
            rows += [(key, spec, day, day, "project file") for day in days]
            continue
        if isinstance(anchor, str):
            days, source = parse_rule(anchor, key)(ctx)
        else:
            days, source = anchor(ctx)
        if set(change) & {"start_time", "end_time", "days", "name", "name_en"}:
            source += " (window from project file)"
        rows += [(key, spec, day, _friday_on_or_after(day) if key == "lonehelg" else day + timedelta(days=spec.offset),
                  source) for day in days]
    rows += _local_rows(local_events, ctx)
    return _frame(rows, str(tz))


def _check_overrides(overrides):
    overrides = dict(overrides or {})
    for key, change in overrides.items():
        if key not in _BUILTIN:
            raise InputError(f"[calendar] {key}: not a built-in event; built-in keys are "
                             f"{', '.join(_BUILTIN)} (define a local event under [[events]] instead).")
        if change is False:
            continue
        if not isinstance(change, dict):
            raise InputError(f"[calendar] {key}: expected a table of fields or false, got {change!r}.")
        unknown = set(change) - _OVERRIDE_FIELDS
        if unknown:
            raise InputError(f"[calendar] {key}: unknown field(s) {', '.join(sorted(unknown))}; "
                             f"known fields are {', '.join(sorted(_OVERRIDE_FIELDS))}.")
        if len(set(change) & {"date", "dates", "rule"}) > 1:
            raise InputError(f"[calendar] {key}: give only one of date, dates or rule.")
    return overrides


def _apply(spec, change, where):
    fields = {k: parse_clock(change[k], where, k) for k in ("start_time", "end_time") if k in change}
    if "days" in change:
        fields["days"] = parse_days(change["days"], where)
    fields.update({k: str(change[k]) for k in ("name", "name_en") if k in change})
    return replace(spec, **fields)


def _override_days(change, ctx, where):
    """The days an override gives for this year, or ``None`` to keep the default rule."""
    if "rule" in change:
        return parse_rule(change["rule"], where)(ctx)[0]
    if "date" in change or "dates" in change:
        return [d for d in parse_dates(change, where) if d.year == ctx.year] or None
    return None


def _local_rows(local_events, ctx):
    rows, seen = [], set()
    for event in local_events or []:
        if not isinstance(event, dict) or not isinstance(event.get("key"), str) or not event["key"].strip():
            raise InputError(f"[[events]]: every event needs a text 'key' (e.g. key = \"kalixmarknad\"), "
                             f"got {event!r}.")
        key = event["key"].strip()
        where = f"[[events]] {key}"
        if key in _BUILTIN:
            raise InputError(f"{where}: '{key}' is a built-in event; change its window under [calendar] "
                             f"{key} instead, or give the local event another key.")
        if key in seen:
            raise InputError(f"{where}: the key is used by two events; give each event its own key.")
        seen.add(key)
        unknown = set(event) - _EVENT_FIELDS
        if unknown:
            raise InputError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}; "
                             f"known fields are {', '.join(sorted(_EVENT_FIELDS))}.")
        given = set(event) & {"date", "dates", "rule"}
        if len(given) != 1:
            raise InputError(f"{where}: give exactly one of date, dates or rule "
                             f"(e.g. rule = \"first saturday of july\"), got {len(given)}.")
        name = str(event.get("name", key))
        spec = _apply(_Spec(name, str(event.get("name_en", name)), time(0), time(0)), event, where)
        days = parse_rule(event["rule"], where)(ctx)[0] if "rule" in event else \
            [d for d in parse_dates(event, where) if d.year == ctx.year]
        rows += [(key, spec, day, day, "project file") for day in days]
    return rows


def _frame(rows, tz):
    if not rows:
        frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS})
        return frame.astype({"key": str, "name": str, "name_en": str, "source": str, "hours": float,
                             "start": f"datetime64[us, {tz}]", "end": f"datetime64[us, {tz}]"})
    starts, ends, names, names_en = [], [], [], []
    for _key, spec, day, start_day, _source in rows:
        end_day = start_day + timedelta(days=spec.days - 1 + (spec.end_time <= spec.start_time))
        starts.append(pd.Timestamp.combine(start_day, spec.start_time))
        ends.append(pd.Timestamp.combine(end_day, spec.end_time))
        month = {lang: MONTHS[lang][day.month - 1] for lang in MONTHS}
        names.append(spec.name.format(**month))
        names_en.append(spec.name_en.format(**month))
    n = len(rows)
    start = pd.DatetimeIndex(starts).tz_localize(tz, ambiguous=np.ones(n, bool), nonexistent="shift_forward")
    end = pd.DatetimeIndex(ends).tz_localize(tz, ambiguous=np.zeros(n, bool), nonexistent="shift_forward")
    frame = pd.DataFrame({
        "key": [r[0] for r in rows], "name": names, "name_en": names_en, "start": start, "end": end,
        "hours": (end - start) / pd.Timedelta(hours=1), "day": [r[2] for r in rows],
        "source": [r[4] for r in rows]})
    return frame.sort_values(["start", "key"], kind="stable").reset_index(drop=True)


def _friday_on_or_after(day):
    return day + timedelta(days=(4 - day.weekday()) % 7)
