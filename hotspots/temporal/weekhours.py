"""The hour-of-week clock shared by time profiles, patrol schedules and coverage.

Bin ``b`` in 0..167 is local wall-clock hour ``b % 24`` of weekday ``b // 24``, Monday = 0. A window
is a half-open range of bins ``[start, end)`` read modulo 168, so ``fre 22–02`` is bins 118..121 and a
window may cross midnight and the Sunday→Monday boundary.
"""

import numpy as np
import pandas as pd

from hotspots.defaults import TZ
from hotspots.words import WEEKDAYS

__all__ = ["HOURS_PER_WEEK", "format_window", "hour_of_week"]

HOURS_PER_WEEK = 168


def hour_of_week(times, tz=TZ) -> np.ndarray:
    """Fractional local hours since Monday 00:00 (0 ≤ h < 168); NaN where the time is missing.

    Parameters
    ----------
    times : Series or array of datetimes
        Tz-aware times are converted to ``tz``; naive times are taken as local already.
    tz : str
        The local time zone.
    """
    times = pd.Series(pd.to_datetime(pd.Series(times)))
    if times.dt.tz is not None:
        times = times.dt.tz_convert(tz)
    hours = (times.dt.day_of_week * 24 + times.dt.hour + times.dt.minute / 60 + times.dt.second / 3600)
    return hours.to_numpy(dtype=float, na_value=np.nan)


def format_window(start_bin: int, end_bin: int, lang: str = "sv") -> str:
    """``"fre 22–02"`` for the bins ``[start_bin, end_bin)`` (end exclusive, modulo 168).

    A window longer than a day names its end day as well: ``"fre 22 – lör 04"`` is written
    ``"fre 22–lör 04"``; a whole week is ``"hela veckan"`` / ``"all week"``.
    """
    days = WEEKDAYS.get(lang, WEEKDAYS["sv"])
    start, end = int(start_bin) % HOURS_PER_WEEK, int(end_bin) % HOURS_PER_WEEK
    length = (end - start) % HOURS_PER_WEEK or HOURS_PER_WEEK
    if length == HOURS_PER_WEEK:
        return "hela veckan" if lang == "sv" else "all week"
    first = f"{days[start // 24]} {start % 24:02d}"
    if length <= 24:
        return f"{first}–{end % 24:02d}"
    return f"{first}–{days[(end - 1) % HOURS_PER_WEEK // 24]} {end % 24:02d}"
