"""Hours of the week for the time control: window texts, weekly minute windows and times as ``[start, end)`` bins.

Bin 0 is Monday 00–01 local time; a window may run past 168 (Sunday night into Monday) and is read modulo 168
by :class:`maps.overlays.controls.time_control.TimeControl`. Every time-aware layer carries its bins in a ``peak``
property (features) or ``hpPeak`` (markers), so one control filters them all.
"""

import re

import numpy as np
import pandas as pd

from hotspots.temporal.weekhours import HOURS_PER_WEEK
from hotspots.words import WEEKDAYS

__all__ = ["minute_bins", "time_bins", "window_bins"]


_WINDOW = re.compile(r"^(\w+) (\d{2})–(?:(\w+) )?(\d{2})$")
_DAY = {d.lower(): i for days in WEEKDAYS.values() for i, d in enumerate(days)}


def window_bins(value):
    """``"fre 22–02, lör 22–lör 04"`` (as :func:`hotspots.temporal.weekhours.format_window` writes) to bin pairs.

    Returns a list of ``[start, end)`` hour-of-week bins (Monday 00 = 0; ``end`` may pass 168, read modulo
    168); text it cannot read gives ``[]``.
    """
    if not isinstance(value, str):
        return []
    if value.strip() in ("hela veckan", "all week"):
        return [[0, HOURS_PER_WEEK]]
    out = []
    for part in value.split(", "):
        hit = _WINDOW.match(part.strip())
        if not hit or hit[1].lower() not in _DAY or (hit[3] and hit[3].lower() not in _DAY):
            continue
        start = _DAY[hit[1].lower()] * 24 + int(hit[2])
        end_day = _DAY[hit[3].lower()] if hit[3] else start // 24
        end = end_day * 24 + int(hit[4])
        while end <= start:
            end += 24 if not hit[3] else HOURS_PER_WEEK
        out.append([start, end])
    return out


def minute_bins(weekly=(), dated=(), tz=None):
    """Weekly minute windows ``[(start_min, end_min), ...]`` and dated ``(start, end)`` times as hour bins."""
    out = [[int(s // 60), int(-(-e // 60))] for s, e in weekly]
    for start, end in dated:
        start, end = pd.Timestamp(start), pd.Timestamp(end)
        if tz is not None and start.tz is not None:
            start, end = start.tz_convert(tz), end.tz_convert(tz)
        first = start.day_of_week * 24 + start.hour
        hours = max(1, int(np.ceil((end - start.floor("h")).total_seconds() / 3600)))
        out.append([first, first + min(hours, HOURS_PER_WEEK)])
    return out


def time_bins(starts, tz=None):
    """The hour-of-week bin of each start time (``-1`` when missing), local to ``tz`` when the times are aware."""
    starts = pd.Series(starts)
    if not len(starts):
        return []
    if getattr(starts.dt, "tz", None) is not None and tz is not None:
        starts = starts.dt.tz_convert(tz)
    bins = starts.dt.day_of_week * 24 + starts.dt.hour
    return [int(b) if pd.notna(b) else -1 for b in bins]
