"""Patrol schedules as people write them, in Swedish or English, read into minutes of the week.

Grammar (case-insensitive; ``–``/``—``/``−`` count as ``-``)::

    schedule := item (SEP item)*             SEP = ";" | newline | "," | "och" | "and" | "&" | "+"
    item     := DAYS RANGE ("," RANGE)*      a weekly window; extra ranges repeat the same days
              | RANGE DAYS                   the same, hours first ("22-02 fre-lör")
              | DATE TIME "-" (DATE TIME | TIME)   an explicit, dated window
    DAYS     := DAY ["-" DAY] (("," | "/" | "och" | "and" | "&") DAY ["-" DAY])* | GROUP
    DAY      := mån måndag(ar) tis tisdag ons onsdag tor tors torsdag fre fredag lör lördag sön söndag
                (also without å/ö: man, lor, son ...) | mon(day) tue(s) wed thu(rs) fri sat sun(day)(s)
    GROUP    := dagligen | varje dag | alla dagar | hela veckan | daily | every day | all week  (7 days)
              | vardag(ar) | weekday(s)  (Mon-Fri)  |  helg(er/en/erna) | weekend(s)  (Sat-Sun)
    RANGE    := TIME ("-" | "till" | "to") TIME
    TIME     := 22 | 7 | 22:00 | 22.00 | 2200 | 930, optionally after "kl"/"kl."/"klockan"
    DATE     := YYYY-MM-DD (or YYYY/MM/DD); "T" between date and time is allowed

An end earlier than or equal to the start is on the next day: ``fre 22-02`` runs Friday 22:00 →
Saturday 02:00 (the window starts on the named day), ``22-22`` is 24 hours, ``00-24`` a whole day.
A day range may wrap (``fre-mån``). Filler words ``kl``, ``klockan``, ``varje``, ``every``, ``på``,
``on``, ``at``, ``från``, ``from`` are ignored. Weekend means Saturday and Sunday (the calendar's);
write ``fre-lör 22-02`` for Friday and Saturday nights.

Rejected (``InputError`` naming the text and a valid example): times without days (``22-02``),
dates without a year (``30/4 20-03``: which year?), day-first or month-first numeric dates
(``30/4/2026``: write ISO), a date without hours (presence all day is rarely what was meant),
explicit ends before their start, unknown words, hours > 24 and minutes > 59.

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

__all__ = ["MINUTES_PER_WEEK", "Schedule", "parse_schedule"]

MINUTES_PER_DAY, MINUTES_PER_WEEK = 1440, 10080
_EXAMPLES = ("write e.g. 'fre 22-02; lör 22-02', 'mån-fre 08:00-16:00', 'dagligen 15-17', "
             "'Fri-Sat 22:00-02:00' or '2026-04-30 20:00-03:00'")
_DAY_WORDS = (
    "mån måndag måndagar mandag mandagar man mon monday mondays",
    "tis tisdag tisdagar tue tues tuesday tuesdays",
    "ons onsdag onsdagar wed weds wednesday wednesdays",
    "tor tors torsdag torsdagar thu thur thurs thursday thursdays",
    "fre fredag fredagar fri friday fridays",
    "lör lördag lördagar lor lordag lordagar sat saturday saturdays",
    "sön söndag söndagar son sondag sondagar sun sunday sundays",
)
_DAYS = {w: (d,) for d, words in enumerate(_DAY_WORDS) for w in words.split()}
_GROUPS = {**dict.fromkeys(("dagligen", "daily"), tuple(range(7))),
           **dict.fromkeys(("vardag", "vardagar", "weekday", "weekdays"), tuple(range(5))),
           **dict.fromkeys(("helg", "helger", "helgen", "helgerna", "weekend", "weekends"), (5, 6))}
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


def parse_schedule(text, *, tz=TZ) -> Schedule:
    """Read a schedule such as ``"fre 22:00-02:00; lör 22-02"`` or ``"2026-04-30 20-03"``.

    Parameters
    ----------
    text : str
        The schedule as written (grammar in the module docstring).
    tz : str
        Time zone of explicit date-times.

    Returns
    -------
    Schedule

    Raises
    ------
    InputError
        Empty or malformed text (the message quotes it and shows valid examples), or an unknown ``tz``.
    """
    try:
        zone = ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {tz!r}; pass an IANA name such as 'Europe/Stockholm'.") from None
    raw = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    if not raw.strip():
        raise InputError(f"schedule {raw!r} is empty; {_EXAMPLES}.")
    tokens = _tokenise(raw)
    weekly, dated = _Parser(raw, tokens, zone.key).run()
    return Schedule(raw, _merge(weekly), tuple(dated))


def _fail(text, why):
    raise InputError(f"schedule {text!r}: {why}; {_EXAMPLES}.")


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
            _fail(text, f"unexpected character {value!r}")
        tokens.append((kind, value))
    return tokens


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
            _fail(self.text, f"expected {what} but found {tok[1]!r}" if tok[0] != "end" else f"{what} is missing")
        self.i += 1
        return tok[1]

    def run(self):
        weekly, dated, days = [], [], None
        while self.peek()[0] != "end":
            kind = self.peek()[0]
            if kind in ("semi", "comma"):
                days = days if kind == "comma" else None
                self.i += 1
            elif kind == "date":
                dated.append(self.dated())
                days = None
            elif kind == "sdate":
                value = self.peek()[1]
                why = ("has no year, so it is ambiguous" if value.count("/") == 1
                       else "is not an ISO date (day and month order differ between countries)")
                _fail(self.text, f"the date {value!r} {why}: write it YYYY-MM-DD, e.g. 2026-04-30 20-03")
            elif kind == "word":
                days = self.days()
                weekly += self.windows(days)
            elif kind == "time" and days is not None:  # "lör 10-12, 14-16": same days again
                weekly += self.windows(days)
            elif kind == "time":  # "22-02 fre-lör": hours first, then the days
                first = self.peek()[1]
                start, length = self.clock_range()
                if self.peek()[0] != "word":
                    _fail(self.text, f"the hours starting at {first} have no days: name them, e.g. 'dagligen 22-02'")
                days = self.days()
                weekly += [(d * MINUTES_PER_DAY + start, d * MINUTES_PER_DAY + start + length) for d in days]
            else:
                _fail(self.text, f"unexpected {self.peek()[1]!r}")
        return weekly, dated

    def day(self):
        word = self.take("word", "a day")
        if word not in _DAYS and word not in _GROUPS:
            _fail(self.text, f"{word!r} is not a day (mån, tis, ons, tor, fre, lör, sön, dagligen, vardagar, "
                             "helger; Mon ... Sun, daily, weekdays, weekends)")
        return word

    def days(self):
        chosen = set()
        while True:
            word = self.day()
            if word in _GROUPS:
                chosen.update(_GROUPS[word])
            elif self.peek()[0] == "dash" and self.peek(1)[0] == "word":
                self.i += 1
                last = self.day()
                if last not in _DAYS:
                    _fail(self.text, f"a day range must end in a day, not {last!r}")
                first, end = _DAYS[word][0], _DAYS[last][0]
                chosen.update((first + k) % 7 for k in range((end - first) % 7 + 1))
            else:
                chosen.add(_DAYS[word][0])
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
        start = self.clock(self.take("time", "a start time such as 22 or 22:00"))
        if start == MINUTES_PER_DAY:
            _fail(self.text, "24:00 can only end a window; start at 00")
        self.take("dash", "'-' between start and end time")
        end = self.clock(self.take("time", "an end time such as 02 or 02:00"))
        return start, (end - start) if end > start else end + MINUTES_PER_DAY - start

    def clock(self, value):
        digits = re.split(r"[:.]", value)
        if len(digits) == 1 and len(value) in (3, 4):
            digits = [value[:-2], value[-2:]]
        if len(digits) == 1 and len(value) > 2:
            _fail(self.text, f"{value!r} is not a time of day")
        hour, minute = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
        if hour > 24 or minute > 59 or (hour == 24 and minute):
            _fail(self.text, f"{value!r} is not a time of day (hours 0-24, minutes 0-59)")
        return hour * 60 + minute

    def dated(self):
        date = self.take("date", "a date")
        if self.peek()[0] != "time":
            _fail(self.text, f"the date {date} has no hours; write e.g. '{date} 20-02'")
        start = self.stamp(date, self.clock(self.take("time", "a start time")))
        self.take("dash", "'-' between start and end")
        if self.peek()[0] == "date":
            end_date = self.take("date", "an end date")
            end = self.stamp(end_date, self.clock(self.take("time", f"an end time after {end_date}")))
            if end <= start:
                _fail(self.text, f"the end {end:%Y-%m-%d %H:%M} is not after the start {start:%Y-%m-%d %H:%M}")
        else:
            minutes = self.clock(self.take("time", "an end time"))
            wall = start.tz_localize(None)
            end_wall = wall.normalize() + pd.Timedelta(minutes=minutes)
            if end_wall <= wall:
                end_wall += pd.Timedelta(days=1)
            end = self.localise(end_wall)
        return start, end

    def stamp(self, date, minutes):
        try:
            day = pd.Timestamp(date.replace("/", "-"))
        except ValueError:
            _fail(self.text, f"{date!r} is not a date")
        return self.localise(day + pd.Timedelta(minutes=minutes))

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
