"""Issue #13 items 1-3 and #16.1: a corpus of time dialects, each a tiny table with its hand-checked reading.

Every case gives the table, the call's keywords and what a careful analyst reads in it: the start
(and end) wall-clock times in the result's zone, the reasons, the chosen columns and the precision.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hotspots.io.when.times import parse_times
from hotspots.io.when.zone import zone_for_points

DATA = Path(__file__).parent / "data" / "dialect"
CHI, STO, VAN, BOG = "America/Chicago", "Europe/Stockholm", "America/Vancouver", "America/Bogota"
NAT = None

# (id, table, keywords, expected). Expected keys: start / end (wall-clock strings in the result's zone,
# None = NaT), reason, cols (info["time_columns"]), precision (info["precision"]), dayfirst (of the start column).
CASES = [
    ("us_mdy_ampm", {"Date": ["01/02/2024 10:30:00 PM", "12/25/2023 01:15:00 AM", "03/14/2024 11:59:00 PM"]},
     {"tz": CHI}, {"start": ["2024-01-02 22:30", "2023-12-25 01:15", "2024-03-14 23:59"], "dayfirst": False}),
    ("us_mdy_ampm_noon_midnight", {"Date": ["12/05/2024 12:00:00 AM", "12/25/2024 12:30:00 PM"]},
     {"tz": CHI}, {"start": ["2024-12-05 00:00", "2024-12-25 12:30"]}),
    ("us_mdy_short_ampm", {"occurred": ["7/4/2023 9:05 PM", "7/14/2023 11:40 AM"]},
     {"tz": CHI}, {"start": ["2023-07-04 21:05", "2023-07-14 11:40"], "cols": {"start": "occurred"}}),
    ("us_mdy_24h", {"offense_date": ["01/02/2024 22:30", "12/25/2023 01:15"]},
     {"tz": CHI}, {"start": ["2024-01-02 22:30", "2023-12-25 01:15"], "cols": {"start": "offense_date"}}),
    ("us_mdy_beside_iso", {"incident_date": ["1/2/2024", "1/3/2024", "1/13/2024"],
                           "datetime_iso": ["2024-01-02T22:30:00", "2024-01-03T01:15:00", "2024-01-13T08:00:00"]},
     {"tz": CHI}, {"start": ["2024-01-02 22:30", "2024-01-03 01:15", "2024-01-13 08:00"],
                   "cols": {"start": "datetime_iso"}, "precision": {"time": 3}}),
    ("ambiguous_hint_from_us_zone", {"date_single": ["01/02/2024 22:30", "03/04/2024 01:15"]},
     {"tz": CHI}, {"start": ["2024-01-02 22:30", "2024-03-04 01:15"], "dayfirst": False}),
    ("ambiguous_hint_default_day_first", {"datum": ["01/02/2024 22:30", "03/04/2024 01:15"]},
     {}, {"start": ["2024-02-01 22:30", "2024-04-03 01:15"], "dayfirst": True}),
    ("ambiguous_hint_stated", {"datum": ["01/02/2024 22:30", "03/04/2024 01:15"]},
     {"dayfirst": False}, {"start": ["2024-01-02 22:30", "2024-03-04 01:15"], "dayfirst": False}),
    ("european_dmy_decided", {"date": ["13/02/2024 22:30", "01/03/2024 08:00"]},
     {"tz": CHI}, {"start": ["2024-02-13 22:30", "2024-03-01 08:00"], "dayfirst": True}),
    ("european_dotted", {"Tidpunkt": ["01.03.2024 08:00", "24.12.2023 19:45"]},
     {}, {"start": ["2024-03-01 08:00", "2023-12-24 19:45"]}),
    ("mixed_order_majority", {"date": ["02/13/2024 10:00", "02/14/2024 11:00", "13/02/2024 12:00"]},
     {"tz": CHI}, {"start": ["2024-02-13 10:00", "2024-02-14 11:00", None],
                   "reason": [None, None, "unparseable_time"], "dayfirst": False}),
    ("excel_serial_numbers", {"datum": [45413.9375, 45414.25]},
     {}, {"start": ["2024-05-01 22:30", "2024-05-02 06:00"], "precision": {"time": 2}}),
    ("excel_serial_whole_days", {"datum": [45413, 45414]},
     {}, {"start": ["2024-05-01 00:00", "2024-05-02 00:00"], "end": ["2024-05-02 00:00", "2024-05-03 00:00"],
          "precision": {"day": 2}}),
    ("date_only_iso", {"occur_date": ["2024-05-01", "2024-05-31"]},
     {}, {"start": ["2024-05-01 00:00", "2024-05-31 00:00"], "end": ["2024-05-02 00:00", "2024-06-01 00:00"],
          "precision": {"day": 2}}),
    ("date_only_typed_midnights", {"date_local": pd.to_datetime(["2024-05-01", "2024-05-03", "2024-05-04"])},
     {}, {"start": ["2024-05-01 00:00", "2024-05-03 00:00", "2024-05-04 00:00"],
          "end": ["2024-05-02 00:00", "2024-05-04 00:00", "2024-05-05 00:00"], "precision": {"day": 3}}),
    ("month_only_uk", {"Month": ["2022-01", "2022-02", "2021-12"], "Crime type": ["Burglary"] * 3},
     {"tz": "Europe/London"}, {"start": ["2022-01-01 00:00", "2022-02-01 00:00", "2021-12-01 00:00"],
                               "end": ["2022-02-01 00:00", "2022-03-01 00:00", "2022-01-01 00:00"],
                               "precision": {"month": 3}, "cols": {"start": "Month"}}),
    ("reported_vs_occurred", {"reported_date": ["2024-05-03 09:00", "2024-05-04 10:00"],
                              "occurred_date": ["2024-05-01 22:00", "2024-05-02 23:30"]},
     {}, {"start": ["2024-05-01 22:00", "2024-05-02 23:30"], "cols": {"start": "occurred_date"}}),
    ("reported_only_when_nothing_else", {"Anmälningsdatum": ["2024-05-03 09:00"], "plats": ["Kalix"]},
     {}, {"start": ["2024-05-03 09:00"], "cols": {"start": "Anmälningsdatum"}}),
    ("start_end_updated", {"updated_at": ["2025-01-01 00:00"] * 2, "start_time": ["2024-05-01 22:00"] * 2,
                           "end_time": ["2024-05-02 02:00", "2024-05-02 03:00"]},
     {}, {"start": ["2024-05-01 22:00"] * 2, "end": ["2024-05-02 02:00", "2024-05-02 03:00"],
          "cols": {"start": "start_time", "end": "end_time"}}),
    ("swedish_from_till_with_clocks", {"Anmälningsdatum": ["2024-05-03", "2024-06-21"],
                                       "Brottsdatum från": ["2024-05-01", "2024-06-19"],
                                       "Klockslag från": ["22:00", "23.30"],
                                       "Brottsdatum till": ["2024-05-02", "2024-06-20"],
                                       "Klockslag till": ["03:00", "01.15"]},
     {}, {"start": ["2024-05-01 22:00", "2024-06-19 23:30"], "end": ["2024-05-02 03:00", "2024-06-20 01:15"],
          "cols": {"date": "Brottsdatum från", "clock": "Klockslag från", "end_date": "Brottsdatum till",
                   "end_clock": "Klockslag till"}}),
    ("swedish_from_till_dates_only", {"Brottsdatum från": ["2024-05-01", "2024-06-19"],
                                      "Brottsdatum till": ["2024-05-02", "2024-06-19"]},
     {}, {"start": ["2024-05-01 00:00", "2024-06-19 00:00"], "end": ["2024-05-03 00:00", "2024-06-20 00:00"],
          "cols": {"start": "Brottsdatum från", "end": "Brottsdatum till"}, "precision": {"day": 2}}),
    ("swedish_garningsdatum", {"Gärningsdatum": ["2024-05-01", "2024-05-02"], "Händelse": ["Stöld", "Rån"]},
     {}, {"start": ["2024-05-01 00:00", "2024-05-02 00:00"], "end": ["2024-05-02 00:00", "2024-05-03 00:00"],
          "cols": {"start": "Gärningsdatum"}}),
    ("split_columns_with_minutes", {"YEAR": ["2020", "2020"], "MONTH": ["6", "1"], "DAY": ["19", "3"],
                                    "HOUR": ["3", "18"], "MINUTE": ["40", "0"]},
     {"tz": VAN}, {"start": ["2020-06-19 03:40", "2020-01-03 18:00"], "precision": {"time": 2}}),
    ("split_columns_days_only", {"year": [2024, 2024], "month": [5, 12], "day": [1, 31]},
     {}, {"start": ["2024-05-01 00:00", "2024-12-31 00:00"], "end": ["2024-05-02 00:00", "2025-01-01 00:00"],
          "precision": {"day": 2}}),
    ("floor_and_future_rejected", {"tid": ["1900-05-01 12:00", "1969-12-31 23:00", "2024-05-01 12:00",
                                           "2099-05-01 12:00"]},
     {}, {"start": [None, None, "2024-05-01 12:00", None],
          "reason": ["date_before_floor", "date_before_floor", None, "date_in_future"]}),
    ("floor_configurable", {"tid": ["2019-12-31 12:00", "2020-01-02 12:00"]},
     {"min_date": "2020-01-01"}, {"start": [None, "2020-01-02 12:00"], "reason": ["date_before_floor", None]}),
    ("future_configurable", {"tid": ["2024-05-01 12:00", "2024-06-01 12:00"]},
     {"max_date": "2024-05-15"}, {"start": ["2024-05-01 12:00", None], "reason": [None, "date_in_future"]}),
    ("dst_gap_stockholm", {"tid": ["2024-03-31 02:30", "2024-03-31 03:30"]},
     {}, {"start": ["2024-03-31 03:00", "2024-03-31 03:30"]}),
    ("dst_gap_chicago_ampm", {"Date": ["03/10/2024 02:30:00 AM", "03/10/2024 03:30:00 AM"]},
     {"tz": CHI}, {"start": ["2024-03-10 03:00", "2024-03-10 03:30"]}),
    ("date_with_empty_clock_is_a_day", {"datum": ["2024-05-01", "2024-05-02"], "klockslag": ["22:15", ""]},
     {}, {"start": ["2024-05-01 22:15", "2024-05-02 00:00"], "end": [None, "2024-05-03 00:00"],
          "precision": {"time": 1, "day": 1}}),
    ("offsets_few_rows_converted", {"fecha": ["2024-05-01T22:30:00Z", "2024-05-02T03:00:00Z"]},
     {"tz": BOG}, {"start": ["2024-05-01 17:30", "2024-05-01 22:00"]}),
]


def _wall(series, zone=None):
    values = series.dt.tz_convert(zone) if zone else series
    return [None if pd.isna(v) else v.strftime("%Y-%m-%d %H:%M") for v in values]


@pytest.mark.parametrize(("table", "kw", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_dialect_case(table, kw, want):
    result = parse_times(pd.DataFrame(table), source="case.csv", **kw)
    n = len(want["start"])
    assert _wall(result.start) == want["start"]
    assert result.reason.tolist() == want.get("reason", [None] * n), result.warnings
    if "end" in want:
        assert _wall(result.end) == want["end"]
    if "cols" in want:
        assert result.info["time_columns"] == want["cols"], result.info["how"]
    if "precision" in want:
        assert result.info["precision"] == want["precision"]
    if "dayfirst" in want:
        column = next(iter(result.info["time_columns"].values()))
        assert result.info["dayfirst"][column]["dayfirst"] is want["dayfirst"]


def test_corpus_has_at_least_30_cases():
    assert len(CASES) >= 30 and len({c[0] for c in CASES}) == len(CASES)


# --- how columns were chosen and which were passed over -------------------------------------------------

def test_how_names_the_chosen_and_the_passed_over_columns():
    table = pd.DataFrame({"reported_date": ["2024-05-03 09:00"], "occurred_date": ["2024-05-01 22:00"]})
    how = parse_times(table).info["how"]
    assert how["layout"] == "date-time column"
    assert "occurred_date" in how["chosen"]
    assert "reported" in how["passed_over"]["reported_date"]


def test_dayfirst_from_the_country_is_said():
    result = parse_times(pd.DataFrame({"date": ["01/02/2024 22:30"]}), tz=CHI)
    assert "US" in result.info["dayfirst"]["date"]["how"]
    decided = parse_times(pd.DataFrame({"date": ["01/22/2024 22:30"]}), tz=STO)
    assert decided.info["dayfirst"]["date"]["dayfirst"] is False
    assert "from the data" in decided.info["dayfirst"]["date"]["how"]


def test_mixed_order_warns():
    result = parse_times(pd.DataFrame({"date": ["02/13/2024 10:00", "02/14/2024 11:00", "13/02/2024 12:00"]}))
    assert any("mixes day-first and month-first" in w for w in result.warnings)


def test_month_only_is_flagged():
    result = parse_times(pd.DataFrame({"Month": ["2022-01", "2022-02"]}), source="uk.tab")
    assert any("uk.tab: 2 rows give only a month" in w for w in result.warnings)


def test_floor_and_future_warnings_show_an_example_row():
    table = pd.DataFrame({"tid": ["2024-05-01 12:00", "1900-05-01 12:00", "2099-01-01 00:00"]}, index=[7, 8, 9])
    result = parse_times(table, source="brott.csv")
    assert result.info["reasons"] == {"date_before_floor": 1, "date_in_future": 1}
    assert any("brott.csv: 1 rows dated before 1970-01-01" in w and "row 8" in w and "1900-05-01" in w
               for w in result.warnings)
    assert any("after tomorrow" in w and "row 9" in w for w in result.warnings)


# --- files ------------------------------------------------------------------------------------------------

def test_us_city_file_occurred_date_and_clock_not_reported():
    table = pd.read_csv(DATA / "us_city.csv", dtype=str)
    result = parse_times(table, source="us_city.csv", tz="America/Los_Angeles")
    assert result.info["time_columns"] == {"date": "DATE OCC", "clock": "TIME OCC"}
    assert _wall(result.start) == ["2024-01-03 21:30", "2024-02-14 00:05", "2024-03-01 12:00"]
    assert "Date Rptd" in result.info["how"]["passed_over"]


def test_swedish_police_file_with_a_missing_clock():
    table = pd.read_csv(DATA / "brott_sv.csv", sep=";", dtype=str)
    result = parse_times(table, source="brott_sv.csv")
    assert result.info["time_columns"]["date"] == "Brottsdatum från"
    assert _wall(result.start) == ["2024-05-01 22:00", "2024-06-19 23:30", "2024-07-01 00:00"]
    assert _wall(result.end) == ["2024-05-02 03:00", "2024-06-20 01:15", "2024-07-02 00:00"]
    assert result.reason.isna().all()


# --- Z-marked local clocks vs real UTC ------------------------------------------------------------------

# Events per local hour 0..23: the night trough at 03-06 that crime shows everywhere.
_PROFILE = [8, 6, 4, 2, 1, 1, 1, 2, 4, 6, 8, 10, 10, 10, 10, 10, 10, 12, 14, 16, 16, 14, 12, 10]


def _local_events(zone):
    hours = np.repeat(np.arange(24), _PROFILE)
    days = pd.date_range("2024-01-01", periods=len(hours), freq="D").normalize()[np.arange(len(hours)) % 60]
    return (pd.Series(days) + pd.to_timedelta(hours, unit="h") + pd.Timedelta(minutes=7)).dt.tz_localize(zone)


@pytest.mark.parametrize("zone", [CHI, BOG])
def test_z_marked_local_clocks_are_read_as_local(zone):
    local = _local_events(zone)
    cells = local.dt.strftime("%Y-%m-%dT%H:%M:%SZ")  # the local clock, falsely marked UTC
    result = parse_times(pd.DataFrame({"date_local": cells}), source="city.csv", tz=zone)
    assert result.info["offsets_read_as_local"] is True
    assert result.start.tolist() == local.tolist()
    assert any("hour-of-day profile" in w for w in result.warnings)


@pytest.mark.parametrize("zone", [CHI, BOG])
def test_real_utc_times_stay_utc(zone):
    local = _local_events(zone)
    cells = local.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    result = parse_times(pd.DataFrame({"date_local": cells}), tz=zone)
    assert result.info["offsets_read_as_local"] is False
    assert result.start.tolist() == local.tolist()
    assert result.info["offset_check"]["night_share_converted"] < result.info["offset_check"]["night_share_as_written"]


# --- zone from location -----------------------------------------------------------------------------------

PLACES = {"Stockholm": (18.07, 59.33, STO), "Kalix": (23.15, 65.85, STO), "Chicago": (-87.63, 41.88, CHI),
          "Vancouver": (-123.12, 49.28, VAN), "Medellín": (-75.57, 6.25, BOG)}


@pytest.mark.parametrize("place", list(PLACES))
def test_zone_from_location(place):
    lon, lat, zone = PLACES[place]
    zones = zone_for_points([lon, lon + 0.001], [lat, lat])
    assert zones.tolist() == [zone, zone]
    result = parse_times(pd.DataFrame({"tid": ["2024-07-01 22:30", "2024-01-15 08:00"]}), tz=None, zones=zones)
    assert result.info["tz"] == zone and result.info["tz_how"] == "from location" and result.zone is None
    assert str(result.start.dt.tz) == zone
    assert _wall(result.start) == ["2024-07-01 22:30", "2024-01-15 08:00"]


def test_two_zone_file_is_utc_with_a_zone_per_row():
    zones = zone_for_points([-87.63, -104.99, -87.63], [41.88, 39.74, 41.88])  # Chicago, Denver, Chicago
    assert zones.tolist() == [CHI, "America/Denver", CHI]
    table = pd.DataFrame({"Date": ["07/01/2024 10:30:00 PM"] * 3})
    result = parse_times(table, tz=None, zones=zones)
    assert str(result.start.dt.tz) == "UTC"
    assert result.info["tz"] == ["America/Chicago", "America/Denver"]
    assert result.info["tz_how"].startswith("from location")
    assert result.zone.tolist() == zones.tolist()
    local = [t.tz_convert(z).strftime("%Y-%m-%d %H:%M") for t, z in zip(result.start, result.zone, strict=True)]
    assert local == ["2024-07-01 22:30"] * 3  # each row's own wall clock
    assert result.start.iloc[1] - result.start.iloc[0] == pd.Timedelta(hours=1)  # Denver is an hour behind


def test_zone_defaults_and_sea_points():
    result = parse_times(pd.DataFrame({"tid": ["2024-05-01 22:30"]}))
    assert result.info["tz"] == STO and result.info["tz_how"] == "default"
    stated = parse_times(pd.DataFrame({"tid": ["2024-05-01 22:30"]}), tz=CHI, zones=[STO])
    assert stated.info["tz"] == CHI and stated.info["tz_how"] == "stated"
    assert zone_for_points([0.0, -87.63, np.nan], [0.0, 41.88, np.nan]).tolist() == [CHI] * 3


def test_crawl_and_publication_times_are_not_the_event_time():
    """The police events export: `first_seen_commit_utc` is when a crawler saw the event, not when it happened."""
    table = pd.DataFrame({"datetime": ["2022-10-11 12:38:53 +02:00", "2023-01-08 23:55:38 +01:00"],
                          "first_seen_commit_utc": ["2023-03-26T05:53:58+00:00"] * 2,
                          "event_time_local_from_name": ["2022-10-11 12:38:00", "2023-01-08 23:30:00"]})
    result = parse_times(table, source="polisen.csv")
    assert result.info["time_columns"] == {"start": "event_time_local_from_name"}
    assert "not when it happened" in result.info["how"]["passed_over"]["first_seen_commit_utc"]
    assert _wall(result.start) == ["2022-10-11 12:38", "2023-01-08 23:30"]
