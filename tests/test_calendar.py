"""The Swedish high-risk calendar: days from the holidays package, hand-checked dates, DST-true lengths,
local events and overrides from the project file, bad rules, and the ``calendar`` command."""

import json
import tomllib
from datetime import date, timedelta

import holidays
import pandas as pd
import pytest

import maps.cli.main
from hotspots.errors import InputError
from layers.calendar import COLUMNS, event_windows

YEARS = range(2000, 2041)
# our key -> the holidays package's English name (de_facto or public)
PACKAGE_NAMES = {"midsommarafton": "Midsummer Eve", "pask": "Easter Sunday", "kristi_himmelsfard": "Ascension Day",
                 "nyarsafton": "New Year's Eve", "julafton": "Christmas Eve"}


def _day(frame, key):
    days = frame.loc[frame["key"] == key, "day"].tolist()
    assert len(days) == 1, (key, days)
    return days[0]


def _window(frame, key, day=None):
    rows = frame[(frame["key"] == key) & ((frame["day"] == day) if day else True)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def _easter_meeus(year):
    """Gregorian Easter Sunday by the anonymous (Meeus/Jones/Butcher) algorithm: independent of dateutil."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


@pytest.fixture(scope="module")
def years():
    return {year: event_windows(year) for year in YEARS}


# --- days --------------------------------------------------------------------------------------------

def test_days_equal_the_holidays_package_2000_2040(years):
    for year, frame in years.items():
        package = holidays.Sweden(years=year, categories=("public", "de_facto"), language="en_US")
        for key, name in PACKAGE_NAMES.items():
            assert package.get_named(name, lookup="exact") == [_day(frame, key)], (year, key)
        assert _day(frame, "pask") == _day(frame, "kristi_himmelsfard") - timedelta(days=39)
        assert frame.loc[frame["key"].isin(PACKAGE_NAMES), "source"].str.startswith("holidays package").all()


def test_days_follow_the_swedish_rules_independently_2000_2040(years):
    for year, frame in years.items():
        assert _day(frame, "pask") == _easter_meeus(year)
        assert _day(frame, "kristi_himmelsfard") == _easter_meeus(year) + timedelta(days=39)
        midsummer = _day(frame, "midsommarafton")
        assert midsummer.weekday() == 4 and date(year, 6, 19) <= midsummer <= date(year, 6, 25)
        assert _day(frame, "midsommar") == midsummer
        assert _day(frame, "nyarsafton") == date(year, 12, 31)
        assert _day(frame, "julafton") == date(year, 12, 24)
        assert _day(frame, "valborg") == date(year, 4, 30)
        assert _day(frame, "lucia") == date(year, 12, 13)
        assert _day(frame, "halloween") == date(year, 10, 31)


def test_rules_take_over_where_the_package_stops():
    frame = event_windows(2150)  # holidays knows Sweden for 1953-2100 only
    assert _day(frame, "pask") == _easter_meeus(2150)
    assert _day(frame, "kristi_himmelsfard") == _easter_meeus(2150) + timedelta(days=39)
    assert _day(frame, "midsommarafton") == date(2150, 6, 19)  # a Friday
    assert _day(frame, "valborg") == date(2150, 4, 30) and _day(frame, "nyarsafton") == date(2150, 12, 31)
    assert frame.loc[frame["key"].isin(PACKAGE_NAMES), "source"].str.startswith("rule: ").all()


@pytest.mark.parametrize("key, expected", [
    ("midsommarafton", ["2024-06-21", "2025-06-20", "2026-06-19"]),
    ("pask", ["2024-03-31", "2025-04-20", "2026-04-05"]),
    ("kristi_himmelsfard", ["2024-05-09", "2025-05-29", "2026-05-14"]),
])
def test_known_dates_by_hand(key, expected):
    assert [_day(event_windows(y), key).isoformat() for y in (2024, 2025, 2026)] == expected


def test_shared_holiday_file_agrees(vendored):
    ref = pd.read_csv(vendored / "sweden" / "sweden_holidays_2025_2026_holidays0.109.csv")
    ref = ref[ref["category"].isin(["public", "de_facto"])]
    named = {"Midsommarafton": "midsommarafton", "Påskdagen": "pask", "Kristi himmelsfärdsdag": "kristi_himmelsfard",
             "Nyårsafton": "nyarsafton", "Julafton": "julafton"}
    for _, row in ref[ref["name_sv"].isin(named)].iterrows():
        day = date.fromisoformat(row["date"])
        assert _day(event_windows(day.year), named[row["name_sv"]]) == day


# --- windows and DST ---------------------------------------------------------------------------------

def test_frame_shape_and_time_zone():
    frame = event_windows(2026)
    assert list(frame.columns) == COLUMNS
    assert str(frame["start"].dt.tz) == "Europe/Stockholm" and str(frame["end"].dt.tz) == "Europe/Stockholm"
    assert frame["start"].is_monotonic_increasing
    assert (frame["end"] > frame["start"]).all()
    assert not frame.duplicated(["key", "day"]).any()
    assert (frame["key"] == "lonehelg").sum() == 12


def test_valborg_is_exactly_14_hours():
    for year in (2024, 2025, 2026):
        row = _window(event_windows(year), "valborg")
        assert row["start"] == pd.Timestamp(f"{year}-04-30 16:00", tz="Europe/Stockholm")
        assert row["end"] == pd.Timestamp(f"{year}-05-01 06:00", tz="Europe/Stockholm")
        assert row["hours"] == 14.0


def test_documented_windows_2026():
    frame = event_windows(2026)
    expect = {  # key: (start, end, hours) in Stockholm wall-clock time
        "pask": ("2026-04-02 16:00", "2026-04-06 06:00", 86),
        "kristi_himmelsfard": ("2026-05-13 16:00", "2026-05-15 06:00", 38),
        "skolavslutning": ("2026-06-12 12:00", "2026-06-13 04:00", 16),
        "midsommarafton": ("2026-06-19 12:00", "2026-06-20 06:00", 18),
        "midsommar": ("2026-06-19 12:00", "2026-06-21 06:00", 42),
        "halloween": ("2026-10-31 17:00", "2026-11-01 02:00", 9),
        "lucia": ("2026-12-13 16:00", "2026-12-14 03:00", 11),
        "julafton": ("2026-12-24 14:00", "2026-12-25 06:00", 16),
        "nyarsafton": ("2026-12-31 16:00", "2027-01-01 06:00", 14),
    }
    for key, (start, end, hours) in expect.items():
        row = _window(frame, key)
        assert (row["start"], row["end"], row["hours"]) == (
            pd.Timestamp(start, tz="Europe/Stockholm"), pd.Timestamp(end, tz="Europe/Stockholm"), hours), key
    student = frame[frame["key"] == "studentfirande"]
    assert [d.isoformat() for d in student["day"]] == ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04",
                                                       "2026-06-05"]
    # 2025: week 23 holds Nationaldagen (Friday 6 June), which is not a weekday for the rule
    student = event_windows(2025).query("key == 'studentfirande'")
    assert [d.day for d in student["day"]] == [2, 3, 4, 5]


def test_lonehelg_paydays_2026():
    frame = event_windows(2026).query("key == 'lonehelg'")
    # 25 Jan is a Sunday -> Friday 23; 25 Oct a Sunday -> Friday 23; 25 Dec is Juldagen, 24 Julafton -> 23 Dec
    assert [d.isoformat() for d in frame["day"]] == [
        "2026-01-23", "2026-02-25", "2026-03-25", "2026-04-24", "2026-05-25", "2026-06-25", "2026-07-24",
        "2026-08-25", "2026-09-25", "2026-10-23", "2026-11-25", "2026-12-23"]
    assert (frame["start"].dt.day_of_week == 4).all() and (frame["end"].dt.day_of_week == 6).all()
    assert (frame["start"].dt.strftime("%H:%M") == "16:00").all()
    assert (frame["end"].dt.strftime("%H:%M") == "06:00").all()
    assert frame["name"].iloc[2] == "Lönehelg (mars)" and frame["name_en"].iloc[9] == "Payday weekend (October)"


def test_lonehelg_across_dst_changes_2026():
    frame = event_windows(2026).query("key == 'lonehelg'")
    hours = dict(zip([d.month for d in frame["day"]], frame["hours"]))
    # Fri 27 Mar 16:00 -> Sun 29 Mar 06:00: 38 clock hours, clocks jump 02 -> 03 on the 29th: 37 real hours
    assert hours[3] == 37.0
    # Fri 23 Oct 16:00 -> Sun 25 Oct 06:00: clocks fall back 03 -> 02 on the 25th: 39 real hours
    assert hours[10] == 39.0
    assert all(h == 38.0 for m, h in hours.items() if m not in (3, 10))
    march = _window(frame, "lonehelg", date(2026, 3, 25))
    assert march["start"].utcoffset() == timedelta(hours=1) and march["end"].utcoffset() == timedelta(hours=2)
    assert (march["end"] - march["start"]) == pd.Timedelta(hours=37)


def test_easter_on_the_dst_sunday_is_one_hour_shorter():
    row = _window(event_windows(2024), "pask")  # Påskdagen 2024-03-31 is the spring-forward day
    assert row["hours"] == 85.0


def test_other_time_zone():
    row = _window(event_windows(2026, tz="UTC"), "valborg")
    assert str(row["start"].tz) == "UTC" and row["hours"] == 14.0


# --- local events ------------------------------------------------------------------------------------

KALIX = {"key": "kalixmarknad", "name": "Kalix marknad", "rule": "first saturday of july",
         "start_time": "10:00", "end_time": "02:00"}


def test_local_event_by_english_rule():
    row = _window(event_windows(2026, local_events=[KALIX]), "kalixmarknad")
    assert row["day"] == date(2026, 7, 4) and row["name"] == row["name_en"] == "Kalix marknad"
    assert row["start"] == pd.Timestamp("2026-07-04 10:00", tz="Europe/Stockholm")
    assert row["end"] == pd.Timestamp("2026-07-05 02:00", tz="Europe/Stockholm")  # end <= start: next day
    assert row["hours"] == 16.0 and row["source"] == "project file"


@pytest.mark.parametrize("rule, expected", [
    ("första lördagen i juli", "2026-07-04"),
    ("Sista fredagen i augusti", "2026-08-28"),
    ("last friday of august", "2026-08-28"),
    ("second sunday in may", "2026-05-10"),
    ("tredje onsdagen i mars", "2026-03-18"),
    ("fjärde torsdag i november", "2026-11-26"),
    ("4 july", "2026-07-04"),
    ("july 4", "2026-07-04"),
    ("den 4 juli", "2026-07-04"),
    ("24 aug", "2026-08-24"),
    ("fredag vecka 24", "2026-06-12"),
    ("saturday of week 27", "2026-07-04"),
])
def test_rules_in_swedish_and_english(rule, expected):
    event = {"key": "fest", "rule": rule, "start_time": "18:00", "end_time": "23:00"}
    row = _window(event_windows(2026, local_events=[event]), "fest")
    assert row["day"].isoformat() == expected and row["hours"] == 5.0


def test_local_event_by_dates_and_days():
    event = {"key": "festival", "name": "Sommarfestival", "name_en": "Summer festival",
             "dates": ["2025-07-10", "2026-07-09", date(2026, 8, 6)], "start_time": "18:00", "end_time": "03:00",
             "days": 3}
    frame = event_windows(2026, local_events=[event]).query("key == 'festival'")
    assert [d.isoformat() for d in frame["day"]] == ["2026-07-09", "2026-08-06"]  # 2025 dates skipped
    first = frame.iloc[0]
    assert first["start"] == pd.Timestamp("2026-07-09 18:00", tz="Europe/Stockholm")
    assert first["end"] == pd.Timestamp("2026-07-12 03:00", tz="Europe/Stockholm")  # three days + the night
    assert first["hours"] == 57.0 and first["name_en"] == "Summer festival"


def test_local_event_single_date_whole_day_default():
    row = _window(event_windows(2026, local_events=[{"key": "mote", "date": "2026-03-29"}]), "mote")
    assert row["start"] == pd.Timestamp("2026-03-29 00:00", tz="Europe/Stockholm")
    assert row["hours"] == 23.0  # the spring-forward day has 23 hours


def test_local_event_in_the_dst_gap_moves_forward():
    event = {"key": "natt", "date": "2026-03-29", "start_time": "02:30", "end_time": "05:00"}
    row = _window(event_windows(2026, local_events=[event]), "natt")
    assert row["start"] == pd.Timestamp("2026-03-29 03:00", tz="Europe/Stockholm") and row["hours"] == 2.0


def test_inputs_are_not_mutated():
    events, overrides = [dict(KALIX)], {"skolavslutning": {"date": "2026-06-11"}}
    event_windows(2026, local_events=events, overrides=overrides)
    assert events == [KALIX] and overrides == {"skolavslutning": {"date": "2026-06-11"}}


# --- overrides ---------------------------------------------------------------------------------------

def test_override_date_for_skolavslutning_and_default_in_other_years():
    overrides = {"skolavslutning": {"date": "2026-06-11", "start_time": "11:00", "end_time": "03:00"}}
    row = _window(event_windows(2026, overrides=overrides), "skolavslutning")
    assert row["day"] == date(2026, 6, 11) and row["source"] == "project file"
    assert row["start"] == pd.Timestamp("2026-06-11 11:00", tz="Europe/Stockholm") and row["hours"] == 16.0
    other = _window(event_windows(2025, overrides=overrides), "skolavslutning")  # no 2025 date: default rule
    assert other["day"] == date(2025, 6, 13) and other["hours"] == 16.0
    assert other["source"] == "rule: friday of week 24 (window from project file)"


def test_override_rule_and_dates_for_studentfirande():
    frame = event_windows(2026, overrides={"studentfirande": {"rule": "torsdag vecka 23"}})
    assert frame.query("key == 'studentfirande'")["day"].tolist() == [date(2026, 6, 4)]
    frame = event_windows(2026, overrides={"studentfirande": {"dates": ["2026-06-10", "2026-06-11"], "days": 2}})
    student = frame.query("key == 'studentfirande'")
    assert student["day"].tolist() == [date(2026, 6, 10), date(2026, 6, 11)]
    assert student["hours"].tolist() == [41.0, 41.0]  # 10:00 -> 03:00 on the second day after


def test_override_times_keep_the_default_day_and_false_drops():
    frame = event_windows(2026, overrides={"valborg": {"start_time": "14:00"}, "halloween": False})
    row = _window(frame, "valborg")
    assert row["day"] == date(2026, 4, 30) and row["hours"] == 16.0
    assert "halloween" not in set(frame["key"])


def test_toml_times_and_dates_are_accepted():
    conf = tomllib.loads('[[events]]\nkey = "x"\ndate = 2026-08-01\nstart_time = 20:00:00\nend_time = 01:30:00\n')
    row = _window(event_windows(2026, local_events=conf["events"]), "x")
    assert row["day"] == date(2026, 8, 1) and row["hours"] == 5.5


# --- bad input ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", ["every full moon", "first saturday of julember", "fifth monday of may",
                                  "31 june", "fredag vecka 60", ""])
def test_unknown_rule_names_event_rule_and_examples(rule):
    with pytest.raises(InputError) as err:
        event_windows(2026, local_events=[{"key": "fest", "rule": rule}])
    message = str(err.value)
    assert "fest" in message and repr(rule) in message and "first saturday of july" in message
    assert "första lördagen i juli" in message


@pytest.mark.parametrize("events, fragment", [
    ([{"name": "no key", "date": "2026-07-01"}], "key"),
    ([{"key": "a"}], "exactly one of date, dates or rule"),
    ([{"key": "a", "date": "2026-07-01", "rule": "4 july"}], "exactly one of date, dates or rule"),
    ([{"key": "a", "date": "1 juli 2026"}], "YYYY-MM-DD"),
    ([{"key": "a", "date": "2026-07-01", "start_time": "25:00"}], "HH:MM"),
    ([{"key": "a", "date": "2026-07-01", "days": 0}], "days"),
    ([{"key": "a", "date": "2026-07-01", "start": "10:00"}], "unknown field"),
    ([{"key": "valborg", "date": "2026-07-01"}], "[calendar]"),
    ([{"key": "a", "date": "2026-07-01"}, {"key": "a", "date": "2026-07-02"}], "two events"),
])
def test_bad_local_events(events, fragment):
    with pytest.raises(InputError) as err:
        event_windows(2026, local_events=events)
    assert fragment in str(err.value)


@pytest.mark.parametrize("overrides, fragment", [
    ({"kalixmarknad": {"date": "2026-07-04"}}, "not a built-in event"),
    ({"lucia": {"when": "13 december"}}, "unknown field"),
    ({"lucia": "13 december"}, "expected a table"),
    ({"lucia": {"date": "2026-12-13", "rule": "13 december"}}, "only one of"),
    ({"lucia": {"rule": "när det är mörkt"}}, "cannot read the rule"),
])
def test_bad_overrides(overrides, fragment):
    with pytest.raises(InputError) as err:
        event_windows(2026, overrides=overrides)
    assert fragment in str(err.value)


@pytest.mark.parametrize("kwargs", [{"year": 1800}, {"year": "2026"}, {"year": 2026, "tz": "Europe/Kalix"}])
def test_bad_year_or_time_zone(kwargs):
    with pytest.raises(InputError):
        event_windows(**kwargs)


def test_29_february_rule_only_in_leap_years():
    event = {"key": "skott", "rule": "29 february"}
    assert len(event_windows(2028, local_events=[event]).query("key == 'skott'")) == 1
    assert len(event_windows(2026, local_events=[event]).query("key == 'skott'")) == 0


# --- the calendar command ----------------------------------------------------------------------------

@pytest.fixture
def cli(monkeypatch):
    monkeypatch.setattr(maps.cli.main, "_COMMAND_MODULES", ("maps.cli.commands.calendar",))
    return maps.cli.main.main


PROJECT = """
[project]
name = "Test"
timezone = "Europe/Stockholm"

[[events]]
key = "kalixmarknad"
name = "Kalix marknad"
rule = "first saturday of july"
start_time = "10:00"
end_time = "02:00"

[calendar.skolavslutning]
date = "2026-06-11"

[calendar]
halloween = false
"""


def test_cli_table_swedish(cli, capsys):
    assert cli(["calendar", "2026"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Högriskkalender 2026 (Europe/Stockholm)"
    assert lines[1].split() == ["händelse", "dag", "start", "slut", "timmar"]
    valborg = next(line for line in lines if line.startswith("Valborgsmässoafton"))
    assert valborg.split() == ["Valborgsmässoafton", "tor", "2026-04-30", "tor", "2026-04-30", "16:00",
                               "fre", "2026-05-01", "06:00", "14"]
    march = next(line for line in lines if line.startswith("Lönehelg (mars)"))
    assert march.endswith(" 37")
    assert len(lines) == 2 + len(event_windows(2026))


def test_cli_table_english(cli, capsys):
    assert cli(["calendar", "2026", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("High-risk calendar 2026") and "Walpurgis Night" in out and "Payday weekend (October)" in out


def test_cli_json_with_project(cli, capsys, tmp_path):
    project = tmp_path / "p.toml"
    project.write_text(PROJECT, encoding="utf-8")
    assert cli(["calendar", "2026", "--project", str(project), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert set(records[0]) == {"key", "name", "name_en", "day", "start", "end", "hours", "source"}
    by_key = {r["key"]: r for r in records}
    assert by_key["kalixmarknad"] == {
        "key": "kalixmarknad", "name": "Kalix marknad", "name_en": "Kalix marknad", "day": "2026-07-04",
        "start": "2026-07-04T10:00:00+02:00", "end": "2026-07-05T02:00:00+02:00", "hours": 16.0,
        "source": "project file"}
    assert by_key["skolavslutning"]["day"] == "2026-06-11"
    assert "halloween" not in by_key
    starts = [pd.Timestamp(r["start"]) for r in records]
    assert starts == sorted(starts)


def test_cli_demo_project(cli, capsys):
    demo = maps.cli.main.DEMO_PROJECT
    assert cli(["calendar", "2025", "--project", str(demo)]) == 0
    assert "Kalix marknad" in capsys.readouterr().out


def test_cli_bad_rule_exit_1_without_traceback(cli, capsys, tmp_path):
    project = tmp_path / "bad.toml"
    project.write_text('[[events]]\nkey = "fest"\nrule = "varje fullmåne"\n', encoding="utf-8")
    assert cli(["calendar", "2026", "--project", str(project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fel: ") and "bad.toml" in err and "varje fullmåne" in err and "Traceback" not in err


def test_cli_missing_project_and_bad_year(cli, capsys, tmp_path):
    assert cli(["calendar", "2026", "--project", str(tmp_path / "none.toml")]) == 1
    assert "not found" in capsys.readouterr().err
    assert cli(["calendar", "1700"]) == 1
    with pytest.raises(SystemExit) as exit_:
        cli(["calendar", "next-year"])
    assert exit_.value.code == 2
