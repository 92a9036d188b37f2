"""Tests for hotspots.io.when.times.parse_times: formats, columns, ends, DST, offsets, reasons, real files."""

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotspots.errors import InputError
from hotspots.io.when.times import ParsedTimes, parse_times

STHLM = "Europe/Stockholm"


def ts(text, tz=STHLM):
    return pd.Timestamp(text, tz=tz)


def starts(table, **kw) -> list:
    return parse_times(table, **kw).start.tolist()


def one(cell, col="starttid", **kw):
    result = parse_times(pd.DataFrame({col: [cell]}), **kw)
    assert result.reason.tolist() == [None], result.reason.tolist()
    return result.start.iloc[0]


# --- formats ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cell", ["2024-05-01 22:30", "2024-05-01T22:30:00", "2024-05-01T22:30", "2024-05-01 22:30:00",
                                  " 2024-05-01 22:30 ", "2024-05-01 22:30:00.000"])
def test_iso_8601(cell):
    assert one(cell) == ts("2024-05-01 22:30")


@pytest.mark.parametrize("cell", ["2024-05-01 kl. 22.30", "2024-05-01 kl 22:30", "2024-05-01 22.30", "1/5/2024 22:30",
                                  "01.05.2024 22:30", "20240501 2230", "01/05/2024 22.30"])
def test_swedish_formats_are_day_first(cell):
    assert one(cell) == ts("2024-05-01 22:30")


def test_date_only_is_midnight():
    assert one("2024-05-01") == ts("2024-05-01 00:00")
    assert one("1/5/2024") == ts("2024-05-01 00:00")


def test_result_dtype_is_ns_in_tz():
    result = parse_times(pd.DataFrame({"tid": ["2024-05-01 22:30"]}), tz="America/Bogota")
    assert str(result.start.dtype) == "datetime64[ns, America/Bogota]"
    assert str(result.end.dtype) == "datetime64[ns, America/Bogota]"
    assert result.reason.dtype == object


def test_mixed_formats_in_one_column():
    table = pd.DataFrame({"tidpunkt": ["2024-05-01 22:30", "2/5/2024 08:15", "20240503 0100", "45413.9375"]})
    result = parse_times(table)
    assert result.start.tolist() == [ts("2024-05-01 22:30"), ts("2024-05-02 08:15"), ts("2024-05-03 01:00"),
                                     ts("2024-05-01 22:30")]
    assert result.info["formats"] == {"%Y-%m-%d %H:%M": 1, "%d/%m/%Y %H:%M": 1, "%Y%m%d %H%M": 1, "Excel serial": 1}


# --- Excel serials and typed cells -----------------------------------------------------------------------

def test_excel_serial_numbers_and_strings():
    assert one(45413.9375, col="datum") == ts("2024-05-01 22:30")
    assert one("45413.9375", col="datum") == ts("2024-05-01 22:30")
    assert one("45413,9375", col="datum") == ts("2024-05-01 22:30")
    assert one(45413, col="datum") == ts("2024-05-01 00:00")


def test_typed_datetime_columns():
    naive = pd.DataFrame({"start": pd.to_datetime(["2024-05-01 22:30"])})
    assert starts(naive) == [ts("2024-05-01 22:30")]
    aware = pd.DataFrame({"start": pd.to_datetime(["2024-05-01 20:30"]).tz_localize("UTC")})
    assert starts(aware) == [ts("2024-05-01 22:30")]
    assert starts(aware, ignore_offsets=True) == [ts("2024-05-01 20:30")]


def test_python_objects_from_excel():
    table = pd.DataFrame({"start": [dt.datetime(2024, 5, 1, 22, 30), 45413.9375, "2024-05-01 22:30", None]})
    result = parse_times(table)
    assert result.start.tolist()[:3] == [ts("2024-05-01 22:30")] * 3
    assert result.reason.tolist() == [None, None, None, "missing_time"]


# --- offsets ---------------------------------------------------------------------------------------------

def test_offsets_are_converted_to_tz():
    table = pd.DataFrame({"tid": ["2024-05-01T22:30:00+02:00", "2024-05-01T20:30:00Z", "2024-05-01T22:30:00-04:00",
                                  "2024-05-01 21:30+0100", "2024-05-01 22:30"]})
    result = parse_times(table)
    assert result.start.tolist() == [ts("2024-05-01 22:30"), ts("2024-05-01 22:30"), ts("2024-05-02 04:30"),
                                     ts("2024-05-01 22:30"), ts("2024-05-01 22:30")]
    assert result.info["n_offsets"] == 4
    assert result.end.isna().all()  # "22:30:00-04:00" is an offset, not a range


def test_ignore_offsets_reads_the_clock_as_local():
    table = pd.DataFrame({"tid": ["2024-05-01T22:30:00Z", "2024-05-01T22:30:00+05:00"]})
    assert starts(table, ignore_offsets=True) == [ts("2024-05-01 22:30")] * 2
    assert parse_times(table, ignore_offsets=True).info["formats"]["offset ignored"] == 2


# --- columns ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Starttid", "start_time", "Händelsetid", "Brottstid", "occurred_at", "Tidpunkt",
                                  "Datum", "DATE", "Från", "datum_tid", "tid", "Time", "reported"])
def test_start_column_found_by_name(name):
    result = parse_times(pd.DataFrame({"id": [1], name: ["2024-05-01 22:30"], "x": ["1"]}))
    assert result.info["time_columns"] == {"start": name}
    assert result.start.tolist() == [ts("2024-05-01 22:30")]


def test_date_and_clock_columns():
    table = pd.DataFrame({"Datum": ["2024-05-01", "2024-05-01", "1/5/2024", "2024-05-01", "2024-05-01", "20240501"],
                          "Klockslag": ["22:30", "22.30", "2230", "22", "0.9375", "kl. 22.30"]})
    result = parse_times(table)
    assert result.info["time_columns"] == {"date": "Datum", "clock": "Klockslag"}
    assert result.info["how"]["layout"] == "date + clock columns"
    assert result.start.tolist() == [ts("2024-05-01 22:30")] * 3 + [ts("2024-05-01 22:00")] + \
        [ts("2024-05-01 22:30")] * 2


def test_date_and_clock_typed_cells():
    table = pd.DataFrame({"datum": [pd.Timestamp("2024-05-01"), 45413, "2024-05-01", "2024-05-01"],
                          "kl": [dt.time(22, 30), 0.9375, 2230, 22]})
    assert starts(table) == [ts("2024-05-01 22:30")] * 3 + [ts("2024-05-01 22:00")]


def test_explicit_date_and_clock_columns():
    table = pd.DataFrame({"dag_x": ["2024-05-01"], "hhmm": ["0630"], "datum": ["1999-01-01"]})
    result = parse_times(table, date_col="dag_x", clock_col="hhmm")
    assert result.start.tolist() == [ts("2024-05-01 06:30")]
    assert result.info["time_columns"] == {"date": "dag_x", "clock": "hhmm"}


def test_explicit_start_column_overrides_detection():
    table = pd.DataFrame({"datum": ["1999-01-01"], "när": ["2024-05-01 22:30"]})
    assert starts(table, start_col="när") == [ts("2024-05-01 22:30")]


def test_split_columns_like_vancouver():
    table = pd.DataFrame({"TYPE": ["Theft"] * 2, "YEAR": ["2020", "2020"], "MONTH": ["6", "1"], "DAY": ["19", "3"],
                          "HOUR": ["3", "18"], "MINUTE": ["40", "0"]})
    result = parse_times(table, tz="America/Vancouver")
    assert result.start.tolist() == [ts("2020-06-19 03:40", "America/Vancouver"),
                                     ts("2020-01-03 18:00", "America/Vancouver")]
    assert result.info["how"]["layout"] == "split columns"


def test_split_columns_swedish_without_minute():
    table = pd.DataFrame({"År": [2024, 2024], "Månad": [5, 5], "Dag": [1, 2], "Timme": [22, 3]})
    assert starts(table) == [ts("2024-05-01 22:00"), ts("2024-05-02 03:00")]


def test_split_columns_must_be_plausible():
    table = pd.DataFrame({"YEAR": ["2020", "1800", "2020", "2020", "2020", "2020", "2020.5", "2020"],
                          "MONTH": ["6", "1", "13", "2", "6", "6", "6", "6"],
                          "DAY": ["19", "1", "1", "30", "19", "19", "19", ""],
                          "HOUR": ["3", "1", "1", "1", "24", "3", "3", "3"],
                          "MINUTE": ["40", "0", "0", "0", "0", "60", "0", "0"]})
    result = parse_times(table)
    assert result.reason.tolist() == [None] + ["unparseable_time"] * 6 + ["missing_time"]
    assert result.start.iloc[0] == ts("2020-06-19 03:40")
    assert result.start.iloc[1:].isna().all()


# --- end times -------------------------------------------------------------------------------------------

def test_end_clock_earlier_than_start_means_next_day():
    table = pd.DataFrame({"start": ["2024-05-01 22:00", "2024-05-01 22:00", "2024-05-01 22:00"],
                          "end": ["06:00", "23:30", "2024-05-03 01:00"]})
    result = parse_times(table)
    assert result.end.tolist() == [ts("2024-05-02 06:00"), ts("2024-05-01 23:30"), ts("2024-05-03 01:00")]
    assert result.info["time_columns"] == {"start": "start", "end": "end"}
    assert result.info["n_end"] == 3


def test_end_before_start_is_rejected():
    table = pd.DataFrame({"starttid": ["2024-05-02 22:00", "2024-05-02 22:00"],
                          "sluttid": ["2024-05-01 06:00", ""]})
    result = parse_times(table)
    assert result.reason.tolist() == ["end_before_start", None]
    assert result.start.isna().tolist() == [True, False]
    assert result.end.isna().all()


def test_range_inside_the_start_cell():
    table = pd.DataFrame({"tid": ["2024-05-01 22:00-06:00", "2024-05-01 22:00 – 2024-05-02 06:00",
                                  "2024-05-01 kl. 22.00-06.00", "2024-05-01 22:00 - 23:00"]})
    result = parse_times(table)
    assert result.start.tolist() == [ts("2024-05-01 22:00")] * 4
    assert result.end.tolist() == [ts("2024-05-02 06:00")] * 3 + [ts("2024-05-01 23:00")]


def test_end_date_and_end_clock_columns():
    table = pd.DataFrame({"fran_datum": ["2024-05-01", "2024-05-01"], "fran_klockslag": ["22:00", "10:00"],
                          "till_datum": ["2024-05-02", "2024-05-01"], "till_klockslag": ["06:00", "09:00"]})
    result = parse_times(table)
    assert result.info["time_columns"] == {"date": "fran_datum", "clock": "fran_klockslag",
                                           "end_date": "till_datum", "end_clock": "till_klockslag"}
    assert result.start.tolist() == [ts("2024-05-01 22:00"), pd.NaT]
    assert result.end.tolist() == [ts("2024-05-02 06:00"), pd.NaT]
    assert result.reason.tolist() == [None, "end_before_start"]


def test_unreadable_end_keeps_the_row_and_warns():
    table = pd.DataFrame({"start": ["2024-05-01 22:00"], "slut": ["snart"]})
    result = parse_times(table, source="a.csv")
    assert result.reason.tolist() == [None]
    assert result.end.isna().all()
    assert result.info["n_end_unparseable"] == 1
    assert any("a.csv: 1 end times" in w for w in result.warnings)


# --- DST -------------------------------------------------------------------------------------------------

def test_dst_nonexistent_and_ambiguous_are_resolved_and_counted():
    table = pd.DataFrame({"tid": ["2024-03-31 02:30", "2024-10-27 02:30", "2024-10-27 03:30", "2024-05-01 12:00"]})
    result = parse_times(table)
    assert result.start.tolist() == [ts("2024-03-31 03:00"), pd.Timestamp("2024-10-27 00:30", tz="UTC"),
                                     ts("2024-10-27 03:30"), ts("2024-05-01 12:00")]
    assert result.start.iloc[1].utcoffset() == pd.Timedelta(hours=2)  # first occurrence = summer time
    assert result.reason.tolist() == [None] * 4
    assert result.info["n_nonexistent_shifted"] == 1
    assert result.info["n_ambiguous_resolved"] == 1
    assert "forward" in result.info["dst_rule"] and "first occurrence" in result.info["dst_rule"]


def test_dst_in_end_clock_is_counted():
    table = pd.DataFrame({"start": ["2024-03-31 01:00"], "end": ["02:30"]})
    result = parse_times(table)
    assert result.end.tolist() == [ts("2024-03-31 03:00")]
    assert result.info["n_nonexistent_shifted"] == 1


# --- reasons, errors, no time ----------------------------------------------------------------------------

def test_unparseable_and_missing_rows_get_reasons_others_parse():
    table = pd.DataFrame({"datum": ["2024-05-01 22:30", "okänd", "2024-13-45", "", None, "  ", "2024-05-02"]},
                         index=[10, 11, 12, 13, 14, 15, 16])
    result = parse_times(table, source="brott.csv")
    assert result.reason.tolist() == [None, "unparseable_time", "unparseable_time", "missing_time", "missing_time",
                                      "missing_time", None]
    assert result.start.tolist() == [ts("2024-05-01 22:30")] + [pd.NaT] * 5 + [ts("2024-05-02 00:00")]
    assert list(result.start.index) == list(result.reason.index) == list(table.index)
    assert result.info["reasons"] == {"unparseable_time": 2, "missing_time": 3}
    assert result.warnings[0].startswith("brott.csv: 5 of 7 rows rejected")


@pytest.mark.parametrize("arg", ["start_col", "end_col", "date_col", "clock_col"])
def test_missing_explicit_column_raises(arg):
    table = pd.DataFrame({"datum": ["2024-05-01"], "plats": ["Kalix"]})
    with pytest.raises(InputError) as err:
        parse_times(table, source="brott.csv", **{arg: "Tidpunkt"})
    message = str(err.value)
    assert "'Tidpunkt'" in message and "brott.csv" in message and "datum, plats" in message and arg in message


def test_unknown_time_zone_raises():
    with pytest.raises(InputError, match="Europe/Stockolm"):
        parse_times(pd.DataFrame({"tid": ["2024-05-01"]}), tz="Europe/Stockolm")


def test_no_time_column_is_not_a_rejection():
    table = pd.DataFrame({"x": ["1", "2"], "y": ["3", "4"]})
    result = parse_times(table, source="platser.csv")
    assert isinstance(result, ParsedTimes)
    assert result.start.isna().all() and result.end.isna().all() and len(result.start) == 2
    assert str(result.start.dtype) == "datetime64[ns, Europe/Stockholm]"
    assert result.reason.tolist() == [None, None]
    assert result.info["time_columns"] is None
    assert len(result.warnings) == 1 and "platser.csv: no time column" in result.warnings[0]


def test_input_is_not_mutated_and_info_is_json():
    table = pd.DataFrame({"starttid": ["2024-05-01 kl. 22.00-06.00", "x", None], "n": [1, 2, 3]}, index=[5, 6, 7])
    before = table.copy(deep=True)
    result = parse_times(table)
    pd.testing.assert_frame_equal(table, before)
    info = json.loads(json.dumps(result.info))
    assert set(info) == {"source", "tz", "time_columns", "how", "ignore_offsets", "formats", "reasons", "n_offsets",
                         "n_end", "n_end_unparseable", "n_nonexistent_shifted", "n_ambiguous_resolved", "dst_rule",
                         "tz_how", "dayfirst", "precision", "min_date", "offsets_read_as_local"}
    assert info["tz"] == STHLM and info["time_columns"] == {"start": "starttid"}


# --- property: every supported string format reads back ------------------------------------------------

def _excel(d):
    return repr((d - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1))


WRITERS = [
    lambda d: d.strftime("%Y-%m-%d %H:%M"),
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%S"),
    lambda d: d.strftime("%Y-%m-%d kl. %H.%M"),
    lambda d: d.strftime("%Y-%m-%d %H.%M"),
    lambda d: f"{d.day}/{d.month}/{d.year} {d:%H:%M}",
    lambda d: d.strftime("%d.%m.%Y %H:%M"),
    lambda d: d.strftime("%Y%m%d %H%M"),
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"),  # read with ignore_offsets=True
    _excel,
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 12, 31)),
                          st.integers(0, len(WRITERS) - 1)), min_size=1, max_size=30))
def test_property_formatted_datetimes_parse_back(rows):
    local = [pd.Timestamp(d).floor("min") for d, _ in rows]
    # Times that do not exist locally are shifted by design; leave them out of the round trip.
    exists = pd.Series(local).dt.tz_localize(STHLM, ambiguous=np.ones(len(local), bool), nonexistent="NaT").notna()
    cells = [WRITERS[w](d) for d, (_, w) in zip(local, rows, strict=True)]
    result = parse_times(pd.DataFrame({"tidpunkt": cells}), ignore_offsets=True, min_date="1900-01-01",
                         max_date="2101-01-01")
    assert result.reason.tolist() == [None] * len(rows)
    got = result.start.dt.tz_localize(None)
    assert got[exists.to_numpy()].tolist() == [t for t, ok in zip(local, exists, strict=True) if ok]


# --- real files ------------------------------------------------------------------------------------------

# The vendored samples (tests/data), and the whole files of ../shared as extras (skipped without it).

@pytest.mark.parametrize("where, name", [
    ("vendored", "crimedata_csv_AllNeighbourhoods_2020_sample.csv.gz"),  # all 1,512 rows, spread over the file
    ("shared", "crimedata_csv_AllNeighbourhoods_2020.csv"),  # its first 2,000 rows
], ids=["vendored", "full_file"])
def test_real_vancouver_split_columns(request, where, name):
    table = pd.read_csv(request.getfixturevalue(where) / "crime" / name, dtype=str, nrows=2000)
    result = parse_times(table, source="vancouver.csv", tz="America/Vancouver")
    assert result.reason.isna().all()
    assert result.info["time_columns"] == {"year": "YEAR", "month": "MONTH", "day": "DAY", "hour": "HOUR",
                                           "minute": "MINUTE"}
    assert result.start.iloc[0] == ts("2020-06-19 03:40", "America/Vancouver")  # first row: 2020,6,19,3,40


@pytest.mark.parametrize("where, name, n_rows", [
    ("vendored", "medellin_homicides_sample.csv", 460),
    ("shared", "medellin_homicides.csv", 9360),
], ids=["vendored", "full_file"])
def test_real_medellin_utc_labelled_local_times(request, where, name, n_rows):
    table = pd.read_csv(request.getfixturevalue(where) / "crime" / name, sep=";", dtype=str)
    result = parse_times(table, source="medellin.csv", start_col="fecha_hecho", tz="America/Bogota",
                         ignore_offsets=True)
    assert len(table) == n_rows
    assert result.reason.isna().all() and result.start.notna().all()
    assert result.start.iloc[0] == ts("2019-04-23 12:30", "America/Bogota")  # first row: 2019-04-23T12:30:00Z
