"""Patrol schedules as people write them, in Swedish or English, read into minutes of the week.

Grammar (case-insensitive; ``–``/``—``/``−`` count as ``-``)::

    schedule := item (SEP item)*             SEP = ";" | newline | "," | "och" | "and" | "&" | "+"
    item     := DAYS RANGE ("," RANGE)*      a weekly window; extra ranges repeat the same days
              | RANGE DAYS                   the same, hours first ("22-02 fre-lör")
              | DATE RANGE ("," RANGE)*      dated windows ("midsommarafton 12-16, 20-03")
              | DATE TIME "-" DATE TIME      an explicit, dated window
    DAYS     := DAY ["-" DAY] (("," | "/" | "och" | "and" | "&") DAY ["-" DAY])* | GROUP
    DAY      := mån måndag(ar) tis tisdag ons onsdag tor tors torsdag fre fredag lör lördag sön söndag
                (also without å/ö: man, lor, son ...) | mon(day) tue(s) wed thu(rs) fri sat sun(day)(s)
    GROUP    := dagligen | varje dag | alla dagar | hela veckan | daily | every day | all week  (7 days)
              | vardag(ar) | weekday(s)  (Mon-Fri)  |  helg(er/en/erna) | weekend(s)  (Sat-Sun)
    RANGE    := TIME ("-" | "till" | "to") TIME
    TIME     := 22 | 7 | 22:00 | 22.00 | 2200 | 930, optionally after "kl"/"kl."/"klockan"
    DATE     := YYYY-MM-DD (or YYYY/MM/DD; "T" before the time is allowed) | the Swedish forms of
                :mod:`layers.plans.dates`: midsommarafton, 19/6, 19 juni, fre 19 juni, v25 fre, vecka 25 helg

An end earlier than or equal to the start is on the next day: ``fre 22-02`` runs Friday 22:00 →
Saturday 02:00 (the window starts on the named day), ``22-22`` is 24 hours, ``00-24`` a whole day.
A day range may wrap (``fre-mån``). Filler words ``kl``, ``klockan``, ``varje``, ``every``, ``på``,
``on``, ``at``, ``från``, ``from`` are ignored. Weekend means Saturday and Sunday (the calendar's);
write ``fre-lör 22-02`` for Friday and Saturday nights.

Rejected (``ScheduleError`` naming the text and a valid example, in Swedish and English): times without
days (``22-02``), dates without a year when no planning window is given (``30/4 20-03``: which year?),
``d/m/yyyy`` dates that read two ways when nothing decides which (``3/4/2026``, see
:mod:`layers.plans.slash_dates`; ``30/4/2026`` is read), other numeric dates with a year not in ISO form
(``30.4.2026``, ``30/4/26``), a weekday that is not the date's, a date
without hours (presence all day is rarely what was meant), explicit ends before their start, unknown
words, hours > 24 and minutes > 59.

Weekly windows are wall-clock minutes: ``Schedule.weekly`` is sorted, merged (overlapping or
touching windows join) and split at the week's end, so every piece satisfies
``0 <= start < end <= 10080`` with Monday 00:00 = 0: ``sön 22-02`` becomes ``(0, 120)`` and
``(9960, 10080)``. Dated windows are tz-aware; a wall time that does not exist (spring forward) moves
forward to the end of the gap and a repeated one (autumn) is read as its first occurrence, the rule of
:mod:`hotspots.io.when.times`, so ``2026-03-28 22:00 - 04:00`` lasts 5 real hours.
"""

import re
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from hotspots.defaults import TZ
from hotspots.errors import InputError
from layers.plans.clock import clock_minutes
from layers.plans.dates import resolve_dates
from layers.plans.words import DAYS, GROUPS, fail

__all__ = ["MINUTES_PER_WEEK", "Schedule", "parse_schedule"]

MINUTES_PER_DAY, MINUTES_PER_WEEK = 1440, 10080
_PHRASES = re.compile(r"\b(?:varje dag|alla dagar|alla veckans dagar|hela veckan|every ?day|all week)\b")
_FILLER = {"kl", "klockan", "varje", "every", "på", "on", "at", "från", "from"}
_TOKEN = re.compile(r"""
    (?P<date>\d{4}[-/]\d{1,2}[-/]\d{1,2})
  | (?P<sdate>\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}\.\d{1,2}\.\d{2,4})
  | (?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?!\d)|\d+)
  | (?P<dash>-|\btill\b|\bto\b|\buntil\b)
  | (?P<semi>[;\n\r]+)
  | (?P<comma>[,&+/]|\boch\b|\band\b|\bsamt\b)
  | (?P<word>[^\W\d_]+)\.?
  | (?P<space>\s+)
  | (?P<other>.)
""", re.VERBOSE)


@dataclass(frozen=True)
class Schedule:
    """A parsed schedule.

    ``weekly``: sorted, merged, non-wrapping ``(start_min, end_min)`` pieces of the week, half-open,
    Monday 00:00 = 0, ``0 <= start < end <= 10080`` (wall-clock minutes). ``dated``: ``(start, end)``
    tz-aware timestamps of explicit windows, in the order written. ``text``: the text as given.
    """

    text: str
    weekly: tuple = ()
    dated: tuple = ()

    @property
    def minutes_per_week(self) -> int:
        """Wall-clock minutes per week of the weekly part (overlaps counted once)."""
        return int(sum(end - start for start, end in self.weekly))

    def hour_fractions(self) -> np.ndarray:
        """Share (0..1) of each hour-of-week bin (see :mod:`hotspots.temporal.weekhours`) the weekly part covers."""
        minutes = np.zeros(MINUTES_PER_WEEK, dtype=float)
        for start, end in self.weekly:
            minutes[start:end] = 1.0
        return minutes.reshape(168, 60).mean(axis=1)


def parse_schedule(text, *, tz=TZ, window=None, dayfirst=None) -> Schedule:
    """Read a schedule such as ``"fre 22:00-02:00; lör 22-02"``, ``"midsommarafton 20-03"`` or ``"19/6 20-03"``.

    Parameters
    ----------
    text : str
        The schedule as written (grammar in the module docstring).
    tz : str
        Time zone of explicit date-times.
    window : layers.plans.dates.PlanningWindow, optional
        The time being planned: dates without a year (``19/6``, ``midsommarafton``, ``v25 fre``) take the
        year that puts them nearest it (:mod:`layers.plans.dates`). Without it they are rejected.
    dayfirst : bool, optional
        A stated date order (``--dayfirst``/``--monthfirst``) for ``d/m/yyyy`` dates that read two ways.

    Returns
    -------
    Schedule

    Raises
    ------
    InputError
        Empty or malformed text (a :class:`layers.plans.words.ScheduleError`: the message quotes it and shows
        valid examples; ``why`` says it in Swedish and English), or an unknown ``tz``.
    """
    try:
        zone = ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {tz!r}; pass an IANA name such as 'Europe/Stockholm'.") from None
    raw = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    if not raw.strip():
        fail(raw, "is empty", "är tomt")
    tokens = resolve_dates(raw, _tokenise(raw), window, dayfirst)
    weekly, dated = _Parser(raw, tokens, zone.key).run()
    return Schedule(raw, _merge(weekly), tuple(dated))


def _tokenise(text: str) -> list:
    s = unicodedata.normalize("NFC", text).lower().replace("\u00a0", " ")
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"(\d{4}[-/]\d{1,2}[-/]\d{1,2})t(?=\d)", r"\1 ", s)
    s = _PHRASES.sub(lambda m: "daily", s)
    tokens = []
    for m in _TOKEN.finditer(s):
        kind, value = m.lastgroup, m.group(m.lastgroup)
        if kind == "space" or (kind == "word" and value in _FILLER):
            continue
        if kind == "other":
            fail(text, f"unexpected character {value!r}", f"oväntat tecken {value!r}")
        tokens.append((kind, value))
    return tokens


_WHAT = {"day": ("a day", "en dag"), "start": ("a start time such as 22 or 22:00", "en starttid som 22 eller 22:00"),
         "dash": ("'-' between start and end time", "'-' mellan start- och sluttid"),
         "end": ("an end time such as 02 or 02:00", "en sluttid som 02 eller 02:00"),
         "end_date": ("an end time after the end date", "en sluttid efter slutdatumet")}


class _Parser:
    """Recursive descent over the tokens; ``run`` returns (weekly windows, dated windows)."""

    def __init__(self, text, tokens, tz):
        self.text, self.tokens, self.tz, self.i = text, tokens, tz, 0

    def peek(self, ahead=0):
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else ("end", "")

    def take(self, kind, what):
        tok = self.peek()
        if tok[0] != kind:
            en, sv = _WHAT[what]
            if tok[0] == "end":
                fail(self.text, f"{en} is missing", f"{sv} saknas")
            fail(self.text, f"expected {en} but found {tok[1]!r}", f"väntade {sv} men fann {tok[1]!r}")
        self.i += 1
        return tok[1]

    def run(self):
        weekly, dated, days = [], [], None
        while self.peek()[0] != "end":
            kind = self.peek()[0]
            if kind in ("semi", "comma"):
                days = days if kind == "comma" else None
                self.i += 1
            elif kind in ("date", "dates"):
                dated += self.dated()
                days = None
            elif kind == "sdate":
                value = self.peek()[1]
                fail(self.text, f"the date {value!r} is not an ISO date (day and month order differ between "
                                "countries): write it YYYY-MM-DD, e.g. 2026-04-30 20-03, or d/m/yyyy",
                     f"datumet {value!r} är inget ISO-datum: skriv det ÅÅÅÅ-MM-DD, t.ex. 2026-06-19 20-03, "
                     "eller 19/6 (utan år) eller 19/6/2026")
            elif kind == "word":
                days = self.days()
                weekly += self.windows(days)
            elif kind == "time" and days is not None:  # "lör 10-12, 14-16": same days again
                weekly += self.windows(days)
            elif kind == "time":  # "22-02 fre-lör": hours first, then the days
                first = self.peek()[1]
                start, length = self.clock_range()
                if self.peek()[0] != "word":
                    fail(self.text, f"the hours starting at {first} have no days: name them, e.g. 'dagligen 22-02'",
                         f"tiderna från {first} saknar dag: ange den, t.ex. 'dagligen 22-02' eller "
                         "'midsommarafton 20-03'")
                days = self.days()
                weekly += [(d * MINUTES_PER_DAY + start, d * MINUTES_PER_DAY + start + length) for d in days]
            else:
                fail(self.text, f"unexpected {self.peek()[1]!r}", f"oväntat {self.peek()[1]!r}")
        return weekly, dated

    def day(self):
        word = self.take("word", "day")
        if word not in DAYS and word not in GROUPS:
            fail(self.text, f"{word!r} is not a day (mån, tis, ons, tor, fre, lör, sön, dagligen, vardagar, "
                            "helger; Mon ... Sun, daily, weekdays, weekends)",
                 f"{word!r} är ingen dag (mån, tis, ons, tor, fre, lör, sön, dagligen, vardagar, helger; en helgdag "
                 "som midsommarafton; ett datum som 19/6, 19 juni eller 2026-06-19; en vecka som v25 fre)")
        return word

    def days(self):
        chosen = set()
        while True:
            word = self.day()
            if word in GROUPS:
                chosen.update(GROUPS[word])
            elif self.peek()[0] == "dash" and self.peek(1)[0] == "word":
                self.i += 1
                last = self.day()
                if last not in DAYS:
                    fail(self.text, f"a day range must end in a day, not {last!r}",
                         f"ett dagintervall måste sluta med en dag, inte {last!r}")
                first, end = DAYS[word], DAYS[last]
                chosen.update((first + k) % 7 for k in range((end - first) % 7 + 1))
            else:
                chosen.add(DAYS[word])
            if not (self.peek()[0] == "comma" and self.peek(1)[0] == "word"):
                return sorted(chosen)
            self.i += 1

    def windows(self, days):
        start, length = self.clock_range()
        out = [(d * MINUTES_PER_DAY + start, d * MINUTES_PER_DAY + start + length) for d in days]
        while self.peek()[0] == "comma" and self.peek(1)[0] == "time":
            self.i += 1
            start, length = self.clock_range()
            out += [(d * MINUTES_PER_DAY + start, d * MINUTES_PER_DAY + start + length) for d in days]
        return out

    def clock_range(self):
        start = self.take("time", "start")
        self.take("dash", "dash")
        return clock_minutes(self.text, start, self.take("time", "end"))

    def dated(self):
        """The windows of one date (or the dates of a week) and its hours: ``DATE RANGE ("," RANGE)*`` or
        ``DATE TIME - DATE TIME``."""
        kind, value = self.peek()
        self.i += 1
        dates = value if kind == "dates" else (value,)
        if self.peek()[0] != "time":
            fail(self.text, f"the date {dates[0]} has no hours; write e.g. '{dates[0]} 20-02'",
                 f"datumet {dates[0]} saknar klockslag; skriv t.ex. '{dates[0]} 20-02'")
        if kind == "date" and self.peek(1)[0] == "dash" and self.peek(2)[0] == "date":
            start = self.stamp(value, clock_minutes(self.text, self.take("time", "start")))
            self.i += 1
            end_date = self.take("date", "end_date")
            end = self.stamp(end_date, clock_minutes(self.text, self.take("time", "end_date")))
            if end <= start:
                fail(self.text, f"the end {end:%Y-%m-%d %H:%M} is not after the start {start:%Y-%m-%d %H:%M}",
                     f"slutet {end:%Y-%m-%d %H:%M} ligger inte efter starten {start:%Y-%m-%d %H:%M}")
            return [(start, end)]
        spans = [self.clock_range()]
        while self.peek()[0] == "comma" and self.peek(1)[0] == "time":  # "midsommarafton 12-16, 20-03"
            self.i += 1
            spans.append(self.clock_range())
        out = []
        for day in dates:
            for start, length in spans:
                wall = self.wall(day, start)
                out.append((self.localise(wall), self.localise(wall + pd.Timedelta(minutes=length))))
        return out

    def stamp(self, date, minutes):
        return self.localise(self.wall(date, minutes))

    def wall(self, date, minutes):
        try:
            day = pd.Timestamp(date.replace("/", "-"))
        except ValueError:
            fail(self.text, f"{date!r} is not a date", f"{date!r} är inget datum")
        return day + pd.Timedelta(minutes=minutes)

    def localise(self, wall):
        return wall.tz_localize(self.tz, ambiguous=True, nonexistent="shift_forward")


def _merge(windows) -> tuple:
    """Split at the week's end, sort, and join overlapping or touching windows."""
    pieces = []
    for start, end in windows:
        if end > MINUTES_PER_WEEK:
            pieces += [(start, MINUTES_PER_WEEK), (0, end - MINUTES_PER_WEEK)]
        else:
            pieces.append((start, end))
    merged = []
    for start, end in sorted(pieces):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)
