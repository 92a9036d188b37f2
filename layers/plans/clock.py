"""Clock times of a patrol plan as planners write them: ``20``, ``9:30``, ``20.00``, ``2000``, ``930``, ``24``.

``kl``/``kl.``/``klockan`` before a time and every dash (``-``, ``–``, ``—``, ``−``) between two are handled by
the schedule's tokeniser (:mod:`layers.plans.schedule`); this module turns one time token into minutes after
midnight and a start/end pair into a start and a length, where an end not after the start is on the next day
(``20-03`` is 7 hours, ``22-22`` is 24 hours).
"""

import re

from layers.plans.words import fail

__all__ = ["clock_minutes"]

MINUTES_PER_DAY = 1440


def clock_minutes(text, value, end=None):
    """Minutes after midnight of a clock token, or ``(start, length)`` when ``end`` is given too.

    Parameters
    ----------
    text : str
        The whole schedule (for the error message).
    value : str
        A time token: ``22``, ``7``, ``22:00``, ``22.00``, ``2200``, ``930``, ``22:00:00``.
    end : str, optional
        The end token of a span starting at ``value``.

    Returns
    -------
    int or tuple of int
        Minutes (0–1440), or ``(start, length)`` of the span with ``0 < length <= 1440``.

    Raises
    ------
    layers.plans.words.ScheduleError
        Not a time of day (hours 0–24, minutes 0–59), or a span starting at 24:00.
    """
    start = _one(text, value)
    if end is None:
        return start
    if start == MINUTES_PER_DAY:
        fail(text, "24:00 can only end a window; start at 00", "24:00 kan bara avsluta ett pass; börja på 00")
    stop = _one(text, end)
    return start, (stop - start) if stop > start else stop + MINUTES_PER_DAY - start


def _one(text, value):
    digits = re.split(r"[:.]", value)
    if len(digits) == 1 and len(value) in (3, 4):
        digits = [value[:-2], value[-2:]]
    bad = len(digits) == 1 and len(value) > 2
    hour, minute = (int(digits[0]), int(digits[1]) if len(digits) > 1 else 0) if not bad else (99, 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        fail(text, f"{value!r} is not a time of day (hours 0-24, minutes 0-59)",
             f"{value!r} är inget klockslag (timmar 0–24, minuter 0–59)")
    return hour * 60 + minute
