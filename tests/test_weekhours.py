"""The hour-of-week clock: bins, DST-local hours and window wording."""

import numpy as np
import pandas as pd

from hotspots.temporal.weekhours import format_window, hour_of_week


def test_hour_of_week_local_time():
    times = pd.Series(pd.to_datetime(["2024-05-03 22:30", "2024-05-06 00:00", "2024-03-31 03:30"])
                      ).dt.tz_localize("Europe/Stockholm")
    assert hour_of_week(times).tolist() == [118.5, 0.0, 147.5]  # Fri 22:30, Mon 00:00, Sun 03:30 (after DST)
    utc = times.dt.tz_convert("UTC")
    assert hour_of_week(utc).tolist() == [118.5, 0.0, 147.5]
    assert np.isnan(hour_of_week(pd.Series([pd.NaT], dtype="datetime64[ns, Europe/Stockholm]"))[0])


def test_format_window():
    assert format_window(118, 122) == "fre 22–02"
    assert format_window(166, 170) == "sön 22–02"  # across the Sunday -> Monday boundary
    assert format_window(10, 12, "en") == "Mon 10–12"
    assert format_window(118, 148, "en") == "Fri 22–Sun 04"
    assert format_window(0, 168) == "hela veckan"
