"""A plan's ``d/m/yyyy`` date (``30/4/2026``, ``1/5/2026``) read day first, or refused when it cannot be decided.

Sweden writes the day first, but a table exported from software set up for the US writes the month first,
and ``3/4/2026`` reads either way. So a ``d/m/yyyy`` date is read day first only when something decides:

1. only one reading is a date (``30/4/2026``: there is no month 30), or both readings are the same (``1/1/2026``);
2. a date order is stated (``--dayfirst``/``--monthfirst``, the project's ``[read] dayfirst``): it is followed;
3. only the day-first reading falls inside the planning window (``3/4/2026`` in an Easter 2026 plan).

Otherwise the date is refused with both readings named. A date that is a date only month first
(``4/30/2026``) is refused too: in Sweden it is a mistake more often than a US date; write it ISO.
"""

from datetime import date

import pandas as pd

from hotspots.words import MONTHS
from layers.plans.words import fail

__all__ = ["read_slash_date"]


def read_slash_date(text, value, window=None, dayfirst=None):
    """The date ``value`` (``"d/m/yyyy"``) means in the schedule ``text``.

    Parameters
    ----------
    text : str
        The schedule as written (for messages).
    value : str
        The date as written, ``d/m/yyyy``.
    window : layers.plans.dates.PlanningWindow, optional
        The time being planned; a date whose day-first reading alone falls inside it is read day first.
    dayfirst : bool, optional
        A stated date order: ``True`` day first, ``False`` month first; ``None`` (default) when none is stated.

    Returns
    -------
    datetime.date

    Raises
    ------
    layers.plans.words.ScheduleError
        Neither reading is a date, only the month-first one is, or both are and nothing decides between them.
    """
    a, b, year = (int(p) for p in value.split("/"))
    day_first, month_first = _date(year, b, a), _date(year, a, b)
    if day_first is None and month_first is None:
        fail(text, f"{value!r} is not a date (day/month/year)", f"{value!r} är inget datum (dag/månad/år)")
    if day_first is None:
        fail(text, f"{value!r} is not a date read day first (day/month/year, as in Sweden); if "
                   f"{_en(month_first)} was meant, write {month_first.isoformat()}",
             f"{value!r} är inget datum med dagen först (dag/månad/år); menas {_sv(month_first)}, skriv "
             f"{month_first.isoformat()}")
    if month_first is None or month_first == day_first or dayfirst is True:
        return day_first
    if dayfirst is False:
        return month_first
    if window is not None:
        lo, hi = window.start.date(), (window.end - pd.Timedelta(microseconds=1)).date()
        inside = [lo <= d <= hi for d in (day_first, month_first)]
        if inside == [True, False]:
            return day_first
    fail(text, f"the date {value!r} can be read as {_en(day_first)} (day first) or {_en(month_first)} (month "
               f"first): write it YYYY-MM-DD, e.g. {day_first.isoformat()}, or state the order with --dayfirst "
               "(project file: [read] dayfirst = true)",
         f"datumet {value!r} kan läsas som {_sv(day_first)} (dagen först) eller {_sv(month_first)} (månaden först): "
         f"skriv det ÅÅÅÅ-MM-DD, t.ex. {day_first.isoformat()}, eller ange ordningen med --dayfirst "
         "(projektfilen: [read] dayfirst = true)")


def _date(year, month, day):
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _sv(day):
    return f"{day.day} {MONTHS['sv'][day.month - 1]} {day.year}"


def _en(day):
    return f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}"
