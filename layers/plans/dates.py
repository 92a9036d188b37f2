"""Dates in a patrol plan as Swedish planners write them, resolved to ISO dates against the planning window.

Forms (case- and diacritics-insensitive)::

    holiday      midsommarafton, midsommardagen, valborg(smässoafton), nyårsafton, nyårsdagen, julafton,
                 första maj, kristi himmelsfärdsdag, skolavslutning, lucia, ... : every name of the
                 ``holidays`` package's Swedish calendar (public, de facto and bank days, in Swedish and
                 English) and every event of :func:`layers.calendar.event_windows` with one day a year
                 (key, name or a :data:`layers.plans.places.EVENT_ALIASES` alias; local events of the project too)
    day/month    19/6                       (day first, as in Sweden)
    d/m/yyyy     30/4/2026, 1/5/2026        (day first when that is decided: :mod:`layers.plans.slash_dates`)
    day month    19 juni, 19 jun, 19 June   (months of :data:`hotspots.words.MONTHS` and their first 3 letters)
    with year    19 juni 2027, 19/6 2027    (a 4-digit year followed by the hours)
    ISO          2026-06-19
    weekday      fre 19 juni, fredag den 19/6, fre 2026-06-19, fre midsommarafton: the weekday must agree
    week         v25 fre, vecka 25 fre-lör, v.25 helg: ISO week number and the day(s) of that week

A date without a year takes the year that puts it inside the planning window (:class:`PlanningWindow`), else
the window's (start) year, else the nearest (a tie takes the earlier date): ``1/1`` in a Nyårsafton 2026 plan
is 2027-01-01, ``midsommarafton`` in it is 2026-06-19; the same rule picks the ISO year of a week number.
Without a planning window such a date is rejected ("has no year"). A weekday that does not agree with its
date is rejected with the day it is (``fre 19 juni 2027 är en lördag``); so are a week without a weekday and
events with several days a year (``lönehelg``, ``studentfirande``: write the date).
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
import pandas as pd

from hotspots.io.columns import normalise_name
from hotspots.words import MONTHS, WEEKDAYS_LONG
from layers.calendar import event_windows
from layers.plans.slash_dates import read_slash_date
from layers.plans.words import DAYS, GROUPS, WEEK_WORDS, fail

__all__ = ["PlanningWindow", "resolve_dates"]

_MONTHS = {w: m for lang in MONTHS for m, name in enumerate(MONTHS[lang], 1)
           for w in (name.lower(), name.lower()[:3])} | {"sept": 9, "okt": 10}
_REFERENCE_YEAR = 2026  # which names exist does not depend on the year; their dates do
_MAX_WORDS = 4


class PlanningWindow:
    """The time being planned, ``[start, end)`` (tz-aware), and the calendar it is planned in.

    Parameters
    ----------
    start, end : Timestamp
        The window (e.g. an event's window from :func:`layers.calendar.event_windows`).
    local_events, overrides : optional
        The project file's ``[[events]]`` and ``[calendar]``.
    """

    def __init__(self, start, end, *, local_events=None, overrides=None):
        self.start, self.end = pd.Timestamp(start), pd.Timestamp(end)
        self.local_events, self.overrides = local_events, overrides
        self._names = {}

    @classmethod
    def of_plan(cls, texts, tz):
        """The window spanned by the full dates (``2026-06-19``) written in a plan's schedules, or ``None``.

        Parameters
        ----------
        texts : iterable of str
            The schedules.
        tz : str
            The plan's time zone.
        """
        found = pd.Series(list(texts), dtype=object).astype(str).str.extractall(r"\b(\d{4}-\d{2}-\d{2})\b")
        days = pd.to_datetime(found[0], errors="coerce").dropna() if len(found) else pd.Series([], dtype=object)
        if not len(days):
            return None
        return cls(days.min().tz_localize(tz), (days.max() + pd.Timedelta(days=1)).tz_localize(tz))

    @property
    def years(self):
        """The years a date without year may fall in: the window's, and one either side."""
        return range(self.start.year - 1, self.end.year + 2)

    def names(self, year):
        """``{normalised name: [dates]}`` of the holidays and one-day events of ``year``."""
        if year not in self._names:
            self._names[year] = _names(year, self.local_events, self.overrides)
        return self._names[year]

    def nearest(self, candidates):
        """The candidate inside the window, else the one in the window's (start) year, else the nearest
        (distance in days; ties: the earlier); ``None`` without candidates."""
        lo, hi = self.start.date(), (self.end - pd.Timedelta(microseconds=1)).date()

        def key(d):
            distance = max((lo - d).days, (d - hi).days, 0)
            return distance > 0, d.year != lo.year, distance, d
        return min(candidates, key=key, default=None)


def _names(year, local_events=None, overrides=None):
    from layers.plans.places import EVENT_ALIASES  # here: places loads geopandas, which a schedule does not need

    out = {}
    for lang in ("sv", "en_US"):
        for cats in (("public", "de_facto"), ("bank",)):
            for day, names in holidays.Sweden(years=year, categories=cats, language=lang).items():
                for name in names.split("; "):
                    if name.lower().startswith(("dag före", "day before")):
                        continue
                    out.setdefault(normalise_name(name.split(" (")[0]), set()).add(day)
    events = event_windows(year, local_events=local_events, overrides=overrides, tz="UTC")
    for key, name, day in zip(events["key"], events["name"], events["day"]):
        for word in {normalise_name(key), normalise_name(name)}:
            out.setdefault(word, set()).add(day)
    for alias, key in EVENT_ALIASES.items():
        if key in out:
            out.setdefault(alias, set()).update(out[key])
    return {k: sorted(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _reference():
    return _names(_REFERENCE_YEAR)


def resolve_dates(text, tokens, window=None, dayfirst=None):
    """Replace the date forms of the module docstring in a schedule's tokens by ISO dates.

    Parameters
    ----------
    text : str
        The schedule as written (for messages).
    tokens : list of (kind, value)
        The tokens of :mod:`layers.plans.schedule`'s tokeniser.
    window : PlanningWindow, optional
        The window dates without a year resolve against.
    dayfirst : bool, optional
        A stated date order for ``d/m/yyyy`` dates (:func:`layers.plans.slash_dates.read_slash_date`).

    Returns
    -------
    list of (kind, value)
        The tokens with each date form replaced by ``("date", "YYYY-MM-DD")`` or, for a week with several
        days, ``("dates", ("YYYY-MM-DD", ...))``.

    Raises
    ------
    layers.plans.words.ScheduleError
        A date without a year and no window, a weekday that does not agree, an impossible date, a week
        without a day, an event with several days a year, a ``d/m/yyyy`` date that reads two ways and nothing
        decides which.
    """
    out, i = [], 0
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "word" and value in WEEK_WORDS and _kind(tokens, i + 1) == "time" and tokens[i + 1][1].isdigit():
            days, i = _week(text, tokens, i, window)
            out.append(("dates", days) if len(days) > 1 else ("date", days[0]))
            continue
        if kind == "word" and value in DAYS:
            j = i + 1 + (_kind(tokens, i + 1) == "word" and tokens[i + 1][1] == "den")
            found = _date(text, tokens, j, window, dayfirst)
            if found is not None:
                day, i, label = found
                if day.weekday() != DAYS[value]:
                    said, really = WEEKDAYS_LONG["sv"][DAYS[value]], WEEKDAYS_LONG["sv"][day.weekday()]
                    fail(text, f"{value} {label} is a {WEEKDAYS_LONG['en'][day.weekday()]}, not a "
                               f"{WEEKDAYS_LONG['en'][DAYS[value]]}",
                         f"{value} {label} är en {really}, inte en {said}")
                out.append(("date", day.isoformat()))
                continue
        found = _date(text, tokens, i, window, dayfirst)
        if found is not None:
            day, i, _ = found
            out.append(("date", day.isoformat()))
            continue
        out.append(tokens[i])
        i += 1
    return out


def _kind(tokens, i):
    return tokens[i][0] if i < len(tokens) else "end"


def _date(text, tokens, i, window, dayfirst=None):
    """``(date, next index, 'D månad ÅÅÅÅ')`` of a date form starting at ``i``, else ``None``."""
    kind, value = tokens[i] if i < len(tokens) else ("end", "")
    if kind == "date":
        try:
            day = date.fromisoformat("-".join(f"{int(p):02d}" for p in value.replace("/", "-").split("-")))
        except ValueError:
            fail(text, f"{value!r} is not a date", f"{value!r} är inget datum")
        return day, i + 1, _label(day)
    if kind == "sdate" and value.count("/") == 2 and len(value.rsplit("/", 1)[1]) == 4:
        day = read_slash_date(text, value, window, dayfirst)
        return day, i + 1, _label(day)
    if kind == "sdate" and value.count("/") == 1:
        d, m = (int(p) for p in value.split("/"))
        return _day_month(text, tokens, i + 1, d, m, value, window)
    if kind == "time" and value.isdigit() and len(value) <= 2 and _kind(tokens, i + 1) == "word" \
            and tokens[i + 1][1] in _MONTHS:
        return _day_month(text, tokens, i + 2, int(value), _MONTHS[tokens[i + 1][1]],
                          f"{value} {tokens[i + 1][1]}", window)
    if kind == "word" and value not in DAYS and value not in GROUPS:
        return _holiday(text, tokens, i, window)
    return None


def _day_month(text, tokens, j, d, m, written, window):
    year = None
    if _kind(tokens, j) == "time" and len(tokens[j][1]) == 4 and tokens[j][1].isdigit() \
            and 1953 <= int(tokens[j][1]) <= 2200 and _kind(tokens, j + 1) == "time":
        year, j = int(tokens[j][1]), j + 1
    years = [year] if year else _years(text, written, window)
    candidates = []
    for y in years:
        try:
            candidates.append(date(y, m, d))
        except ValueError:
            pass
    if not candidates:
        fail(text, f"{written!r} is not a date", f"{written!r} är inget datum")
    day = candidates[0] if year else window.nearest(candidates)
    return day, j, _label(day)


def _holiday(text, tokens, i, window):
    for n in range(_MAX_WORDS, 0, -1):
        words = [v for k, v in tokens[i:i + n] if k == "word"]
        if len(words) < n:
            continue
        key = "_".join(normalise_name(w) for w in words)
        if key not in _reference() and (window is None or key not in window.names(window.start.year)):
            continue
        written = " ".join(words)
        candidates = []
        for y in _years(text, written, window):
            days = window.names(y).get(key, [])
            if len(days) > 1:
                fail(text, f"{written!r} has {len(days)} days a year: write the date, e.g. '19/6 20-03'",
                     f"{written!r} har {len(days)} dagar per år: skriv datumet, t.ex. '19/6 20-03'")
            candidates += days
        if not candidates:
            fail(text, f"{written!r} has no day in {window.start.year}",
                 f"{written!r} har ingen dag år {window.start.year}")
        day = window.nearest(candidates)
        return day, i + n, _label(day)
    return None


def _years(text, written, window):
    if window is None:
        fail(text, f"the date {written!r} has no year, so it is ambiguous: write it YYYY-MM-DD, e.g. "
                   "2026-04-30 20-03, or give the year being planned (weekend/check --year, coverage --period)",
             f"datumet {written!r} saknar år: skriv det ÅÅÅÅ-MM-DD, t.ex. 2026-06-19 20-03, eller ange året "
             "som planeras (weekend/check --year, coverage --period)")
    return window.years


def _week(text, tokens, i, window):
    """The ISO dates of ``v25 fre``, ``vecka 25 fre-lör``, ``v25 helg``."""
    number, j = int(tokens[i + 1][1]), i + 2
    written = f"{tokens[i][1]} {tokens[i + 1][1]}"
    if not 1 <= number <= 53:
        fail(text, f"{written!r}: weeks are numbered 1-53", f"{written!r}: veckor numreras 1–53")
    chosen = set()
    while _kind(tokens, j) == "word" and (tokens[j][1] in DAYS or tokens[j][1] in GROUPS):
        word = tokens[j][1]
        if word in GROUPS:
            chosen.update(GROUPS[word])
            j += 1
        elif _kind(tokens, j + 1) == "dash" and _kind(tokens, j + 2) == "word" and tokens[j + 2][1] in DAYS:
            first, last = DAYS[word], DAYS[tokens[j + 2][1]]
            chosen.update((first + k) % 7 for k in range((last - first) % 7 + 1))
            j += 3
        else:
            chosen.add(DAYS[word])
            j += 1
        if _kind(tokens, j) == "comma" and _kind(tokens, j + 1) == "word" and tokens[j + 1][1] in DAYS:
            j += 1
    if not chosen:
        fail(text, f"{written!r} has no weekday: write e.g. 'v25 fre 20-03'",
             f"{written!r} saknar veckodag: skriv t.ex. 'v25 fre 20-03'")
    starts = []
    for y in _years(text, written, window):
        try:
            starts.append(date.fromisocalendar(y, number, 1))
        except ValueError:
            pass
    monday = window.nearest(starts)
    if monday is None:
        fail(text, f"{written!r} does not exist near {window.start.year}",
             f"{written!r} finns inte kring {window.start.year}")
    return tuple((monday + timedelta(days=d)).isoformat() for d in sorted(chosen)), j


def _label(day):
    return f"{day.day} {MONTHS['sv'][day.month - 1]} {day.year}"
