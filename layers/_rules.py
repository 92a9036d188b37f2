"""The small grammar of calendar rules and values in a project file (days, clock times, dates, rules)."""

import re
from datetime import date, time, timedelta

from hotspots.errors import InputError
from hotspots.words import MONTHS

_MONTH = {**{m: i + 1 for i, m in enumerate(MONTHS["sv"])}, **{m.lower(): i + 1 for i, m in enumerate(MONTHS["en"])},
          **{m.lower()[:3]: i + 1 for i, m in enumerate(MONTHS["en"])}, "sept": 9, "okt": 10}
_WEEKDAY = {w: i % 7 for i, w in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
     "mon", "tue", "wed", "thu", "fri", "sat", "sun"])}
_ORDINAL = {"first": 1, "1st": 1, "första": 1, "second": 2, "2nd": 2, "andra": 2, "third": 3, "3rd": 3,
            "tredje": 3, "fourth": 4, "4th": 4, "fjärde": 4, "last": -1, "sista": -1}
_EXAMPLES = ("'first saturday of july', 'last friday of august', 'första lördagen i juli', "
             "'sista fredagen i augusti', '4 july', '4 juli', 'friday of week 24', 'fredag vecka 24', "
             "'weekdays of week 23', 'vardagar vecka 23'")

def parse_clock(value, where, field):
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})(?::00)?\s*", str(value))
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return time(int(match[1]), int(match[2]))
    raise InputError(f"{where}: {field} {value!r} is not a clock time; write HH:MM, e.g. \"16:00\" "
                     f"(an end at midnight is \"00:00\").")


def parse_days(value, where):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{where}: days must be a whole number ≥ 1 (the calendar days the window spans), "
                         f"got {value!r}.")
    return value


def parse_dates(spec, where):
    values = spec["dates"] if "dates" in spec else [spec["date"]]
    if isinstance(values, (str, date)):
        values = [values]
    out = []
    for value in values:
        if isinstance(value, date):
            out.append(value if type(value) is date else value.date())
            continue
        try:
            out.append(date.fromisoformat(str(value).strip()))
        except ValueError:
            raise InputError(f"{where}: date {value!r} is not a date; write YYYY-MM-DD, "
                             f"e.g. \"2026-07-04\".") from None
    return out


def _weekday(word):
    if word in _WEEKDAY:
        return _WEEKDAY[word]
    for suffix in ("en", "s"):  # lördagen, saturdays
        if word.endswith(suffix) and word[: -len(suffix)] in _WEEKDAY:
            return _WEEKDAY[word[: -len(suffix)]]
    return None


def parse_rule(text, where):
    """Parse a rule once; returns ``ctx -> (days, source)``. Unknown text raises :class:`InputError`."""
    words = " ".join(str(text).lower().replace(",", " ").split())
    bad = InputError(f"{where}: cannot read the rule {text!r}; rules look like {_EXAMPLES}.")
    source = f"rule: {words}"
    if m := re.fullmatch(r"(\S+) (\S+) (?:of|in|i) (\S+)", words):
        nth, weekday, month = _ORDINAL.get(m[1]), _weekday(m[2]), _MONTH.get(m[3])
        if None in (nth, weekday, month):
            raise bad

        def nth_weekday(ctx):
            first = date(ctx.year, month, 1)
            days = [first + timedelta(days=i) for i in range(31)]
            days = [d for d in days if d.month == month and d.weekday() == weekday]
            return [days[nth - 1 if nth > 0 else -1]], source
        return nth_weekday
    if m := (re.fullmatch(r"(?:den )?(\d{1,2})(?:st|nd|rd|th|:e|:a|e|a)?(?: of)? ([a-zåäö]+)", words)
             or re.fullmatch(r"([a-zåäö]+) (\d{1,2})(?:st|nd|rd|th)?", words)):
        day, month = (m[1], m[2]) if m[1].isdigit() else (m[2], m[1])
        month = _MONTH.get(month)
        if month is None or not 1 <= int(day) <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]:
            raise bad

        def fixed(ctx):
            try:
                return [date(ctx.year, month, int(day))], source
            except ValueError:  # 29 February in a common year
                return [], source
        return fixed
    if m := re.fullmatch(r"(\S+) (?:(?:of|in|i) )?(?:week|vecka) (\d{1,2})", words):
        every = m[1] in ("weekdays", "vardagar", "vardagarna")
        weekday, week = _weekday(m[1]), int(m[2])
        if (weekday is None and not every) or not 1 <= week <= 53:
            raise bad

        def in_week(ctx):
            try:
                days = [date.fromisocalendar(ctx.year, week, i + 1) for i in range(5)] if every else \
                    [date.fromisocalendar(ctx.year, week, weekday + 1)]
            except ValueError:  # week 53 in a year with 52 weeks
                return [], source
            return [d for d in days if not (every and d in ctx.public)], source
        return in_week
    raise bad
