"""Issue 13 item 6: patrol schedules written the way Swedish planners write them, resolved against the window
being planned (layers/plans/dates.py, layers/plans/clock.py through layers/schedule.parse_schedule)."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.errors import InputError
from layers.calendar import event_windows
from layers.plans.dates import PlanningWindow
from layers.plans.schedule import parse_schedule

TZ = "Europe/Stockholm"


def window(event, year):
    rows = event_windows(year)
    row = rows[rows["key"] == event].iloc[0]
    return PlanningWindow(row["start"], row["end"])


def at(text):
    return pd.Timestamp(text, tz=TZ)


MIDSOMMAR = window("midsommar", 2026)  # 2026-06-19 12:00 → 2026-06-21 06:00
EVE_NIGHT = ((at("2026-06-19 20:00"), at("2026-06-20 03:00")),)


@pytest.mark.parametrize("text", [
    "midsommarafton 20-03",
    "Midsommarafton 20:00–03:00",        # en dash
    "MIDSOMMARAFTON kl. 20—03",           # em dash, kl.
    "midsommar 20-03",                    # the calendar's event key (its day: midsommarafton)
    "19/6 20:00-03:00",
    "19 juni 20.00-03.00",
    "19 jun kl 20-03",
    "fre 19 juni kl. 20–03",
    "fredag den 19/6 20-03",
    "fre 2026-06-19 20-03",
    "2026-06-19 20:00-03:00",
    "v25 fre 20-03",
    "vecka 25 fredag 20-03",
    "v.25 fre 20-03",
    "fre midsommarafton 20-03",
    "19 juni 2026 20-03",
    "midsommarafton 20 - midsommardagen 03",
    "19/6 20:00 - 20/6 03:00",
])
def test_midsummer_eve_night_written_many_ways(text):
    s = parse_schedule(text, window=MIDSOMMAR)
    assert s.dated == EVE_NIGHT and s.weekly == (), text


def test_overnight_spans_end_the_next_day_and_holidays_from_the_calendar():
    assert parse_schedule("midsommardagen 22-02", window=MIDSOMMAR).dated == (
        (at("2026-06-20 22:00"), at("2026-06-21 02:00")),)
    assert parse_schedule("valborgsmässoafton 20-03", window=window("valborg", 2026)).dated == (
        (at("2026-04-30 20:00"), at("2026-05-01 03:00")),)
    assert parse_schedule("Valborg 20-03", window=window("valborg", 2026)).dated == (
        (at("2026-04-30 20:00"), at("2026-05-01 03:00")),)
    nyar = window("nyarsafton", 2026)
    assert parse_schedule("nyårsafton 22-03", window=nyar).dated == ((at("2026-12-31 22:00"), at("2027-01-01 03:00")),)
    assert parse_schedule("NYARSAFTON 22-03", window=nyar).dated == ((at("2026-12-31 22:00"), at("2027-01-01 03:00")),)
    # a date without year in the window takes the window's year, across new year too
    assert parse_schedule("1/1 00-04", window=nyar).dated == ((at("2027-01-01 00:00"), at("2027-01-01 04:00")),)
    assert parse_schedule("nyårsdagen 00-04", window=nyar).dated == ((at("2027-01-01 00:00"), at("2027-01-01 04:00")),)
    assert parse_schedule("julafton 14-18", window=nyar).dated == ((at("2026-12-24 14:00"), at("2026-12-24 18:00")),)
    assert parse_schedule("skolavslutning 12-16", window=MIDSOMMAR).dated == (
        (at("2026-06-12 12:00"), at("2026-06-12 16:00")),)  # the Friday of week 24
    assert parse_schedule("första maj 10-14", window=window("valborg", 2026)).dated == (
        (at("2026-05-01 10:00"), at("2026-05-01 14:00")),)


def test_several_spans_in_one_cell_and_week_with_several_days():
    s = parse_schedule("midsommarafton 12-16, 20-03; midsommardagen 20-03 och 21/6 10-12", window=MIDSOMMAR)
    assert s.dated == ((at("2026-06-19 12:00"), at("2026-06-19 16:00")),
                       (at("2026-06-19 20:00"), at("2026-06-20 03:00")),
                       (at("2026-06-20 20:00"), at("2026-06-21 03:00")),
                       (at("2026-06-21 10:00"), at("2026-06-21 12:00")))
    assert parse_schedule("vecka 25 fre-lör 22-02", window=MIDSOMMAR).dated == (
        (at("2026-06-19 22:00"), at("2026-06-20 02:00")), (at("2026-06-20 22:00"), at("2026-06-21 02:00")))
    assert parse_schedule("v25 helg 12-14", window=MIDSOMMAR).dated == (
        (at("2026-06-20 12:00"), at("2026-06-20 14:00")), (at("2026-06-21 12:00"), at("2026-06-21 14:00")))


def test_weekly_schedules_still_read_the_same_and_mix_with_dates():
    s = parse_schedule("fre-lör 22-02; midsommarafton 20-03", window=MIDSOMMAR)
    assert s.weekly == ((4 * 1440 + 22 * 60, 5 * 1440 + 2 * 60), (5 * 1440 + 22 * 60, 6 * 1440 + 2 * 60))
    assert s.dated == EVE_NIGHT
    assert parse_schedule("fre 22-02", window=MIDSOMMAR) == parse_schedule("fre 22-02")


def test_iso_week_year_and_plan_own_dates():
    # week 1 of 2027 starts on 2027-01-04; in the nyårsafton 2026 window "v53 tor" is 2026-12-31
    assert parse_schedule("v53 tor 20-03", window=window("nyarsafton", 2026)).dated == (
        (at("2026-12-31 20:00"), at("2027-01-01 03:00")),)
    own = PlanningWindow.of_plan(["2026-06-19 20-03", "fre 22-02", ""], TZ)
    assert (own.start, own.end) == (at("2026-06-19"), at("2026-06-20"))
    assert parse_schedule("midsommardagen 12-14", window=own).dated == (
        (at("2026-06-20 12:00"), at("2026-06-20 14:00")),)
    assert PlanningWindow.of_plan(["fre 22-02"], TZ) is None


@pytest.mark.parametrize("text, window_, sv, en", [
    ("fre 19 juni 2027 20-03", None, "fre 19 juni 2027 är en lördag", "is a Saturday"),
    ("fre 19/6 20-03", window("midsommar", 2027), "fre 19 juni 2027 är en lördag", "is a Saturday"),
    ("lör midsommarafton 20-03", MIDSOMMAR, "är en fredag", "is a Friday"),
    ("midsommarafton 20-03", None, "saknar år", "has no year"),
    ("19 juni 20-03", None, "saknar år", "has no year"),
    ("v25 fre 20-03", None, "saknar år", "has no year"),
    ("v25 20-03", MIDSOMMAR, "saknar veckodag", "has no weekday"),
    ("v54 fre 20-03", MIDSOMMAR, "veckor numreras 1–53", "weeks are numbered 1-53"),
    ("lönehelg 20-03", MIDSOMMAR, "har 12 dagar per år", "has 12 days a year"),
    ("31/6 20-03", MIDSOMMAR, "är inget datum", "is not a date"),
    ("midsomarafton 20-03", MIDSOMMAR, "'midsomarafton' är ingen dag", "'midsomarafton' is not a day"),
    ("midsommarafton 25-03", MIDSOMMAR, "'25' är inget klockslag", "'25' is not a time of day"),
    ("midsommarafton", MIDSOMMAR, "saknar klockslag", "has no hours"),
])
def test_unreadable_swedish_rows_say_why_in_both_languages(text, window_, sv, en):
    with pytest.raises(InputError) as err:
        parse_schedule(text, window=window_)
    assert sv in err.value.why["sv"] and err.value.why["sv"].startswith(f"schema {text!r}: ")
    assert en in err.value.why["en"] and en in str(err.value)
    assert "fre 22-02; lör 22-02" in str(err.value)  # the English message still shows valid examples


@pytest.mark.parametrize("text, window_, expected", [
    ("30/4/2026 20-03", None, "2026-04-30"),                     # no month 30: one reading
    ("30/4/2026 20-03", window("valborg", 2026), "2026-04-30"),
    ("1/5/2026 20-03", window("valborg", 2026), "2026-05-01"),   # 5 januari is outside Valborg
    ("1/5 20-03", window("valborg", 2026), "2026-05-01"),
    ("3/4/2026 20-03", window("pask", 2026), "2026-04-03"),      # påsk 2026-04-02 → 04-06; 4 mars is not in it
    ("fre 3/4/2026 20-03", window("pask", 2026), "2026-04-03"),  # and the weekday agrees
])
def test_day_month_year_as_swedish_planners_write_it(text, window_, expected):
    start = at(f"{expected} 20:00")
    assert parse_schedule(text, window=window_).dated == ((start, start + pd.Timedelta(hours=7)),), text


@pytest.mark.parametrize("text, window_", [
    ("3/4/2026 20-03", None),
    ("3/4/2026 20-03", window("midsommar", 2026)),  # neither 3 april nor 4 mars is in the window
    ("3/4/2026 20-03", PlanningWindow(at("2026-01-01"), at("2027-01-01"))),  # both are (check --year 2026)
    ("5/1/2026 20-03", window("valborg", 2026)),    # only the month-first reading (1 May) is: not decided
])
def test_day_month_year_that_reads_both_ways_is_refused_naming_both(text, window_):
    with pytest.raises(InputError) as err:
        parse_schedule(text, window=window_)
    value = text.split()[0]
    day, month = (int(p) for p in value.split("/")[:2])
    sv_months = ["januari", "februari", "mars", "april", "maj"]
    assert err.value.why["sv"] == (
        f"schema {text!r}: datumet {value!r} kan läsas som {day} {sv_months[month - 1]} 2026 (dagen först) eller "
        f"{month} {sv_months[day - 1]} 2026 (månaden först): skriv det ÅÅÅÅ-MM-DD, t.ex. 2026-{month:02d}-{day:02d}, "
        "eller ange ordningen med --dayfirst (projektfilen: [read] dayfirst = true)")
    assert "(day first) or" in err.value.why["en"] and "--dayfirst" in str(err.value)


_WORDS = ["midsommarafton", "fre", "lör", "v25", "vecka", "53", "19/6", "19", "juni", "2027", "2026-06-19", "kl.",
          "20", "03", "20:00", "–", "—", "-", ";", ",", "och", "den", "helg", "nyårsafton", "1/1", "31/2", "xyz", "24",
          "30/4/2026", "3/4/2026"]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(words=st.lists(st.sampled_from(_WORDS), max_size=8), with_window=st.booleans())
def test_any_mix_of_the_forms_reads_or_fails_with_a_reason(words, with_window):
    text = " ".join(words)
    try:
        s = parse_schedule(text, window=MIDSOMMAR if with_window else None)
    except InputError as err:
        assert err.why["sv"].startswith("schema ") and err.why["en"].startswith("schedule ")
        return
    for start, end in s.dated:
        assert end > start and start.tz is not None


def test_local_events_of_the_project_are_holiday_names_too():
    local = [{"key": "kalixmarknad", "name": "Kalix marknad", "rule": "first saturday of july",
              "start_time": "10:00", "end_time": "02:00"}]
    rows = event_windows(2026, local_events=local)
    row = rows[rows["key"] == "kalixmarknad"].iloc[0]
    plan = PlanningWindow(row["start"], row["end"], local_events=local)
    for text in ("kalixmarknad 18-02", "Kalix marknad 18-02", "lör kalixmarknad 18-02"):
        assert parse_schedule(text, window=plan).dated == ((at("2026-07-04 18:00"), at("2026-07-05 02:00")),), text
    with pytest.raises(InputError, match="is not a day"):
        parse_schedule("kalixmarknad 18-02", window=MIDSOMMAR)  # not an event of that calendar
