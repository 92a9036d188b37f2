"""parse_schedule: weekly windows in minutes of the week (Monday 00:00 = 0) and dated windows."""

import numpy as np
import pandas as pd
import pytest

from hotspots.errors import InputError
from layers.plans.schedule import MINUTES_PER_WEEK, Schedule, parse_schedule

TZ = "Europe/Stockholm"
D = 1440  # minutes per day
MON, TUE, WED, THU, FRI, SAT, SUN = (k * D for k in range(7))
H = 60


def stamp(text):
    return pd.Timestamp(text, tz=TZ)


FRI_SAT_NIGHTS = ((FRI + 22 * H, SAT + 2 * H), (SAT + 22 * H, SUN + 2 * H))


@pytest.mark.parametrize("text", [
    "fre 22:00-02:00; lör 22-02",
    "Fri-Sat 22-02",
    "fre-lör 22-02",
    "fredag 22.00-02.00\nlördag 2200-0200",
    "fre,lör 22-02",
    "fre och lör 22-02",
    "Fri & Sat 22-02",
    "FRE OCH LÖR kl. 22.00 - 02.00",
    "  fre   22 - 02 ;  lör 22 -02  ",
    "fre 22-02, lör 22-02",
    "fredagar kl 22 till 02; lördagar klockan 22 till 02",
    "Friday 22:00 to 02:00 and Saturday 22:00 to 02:00",
    "22-02 fre-lör",
    "fre kl 22-24; lör 00-02; lör 22-24; sön 0-2",  # touching windows join
])
def test_friday_and_saturday_nights_written_many_ways(text):
    s = parse_schedule(text)
    assert s.weekly == FRI_SAT_NIGHTS
    assert s.minutes_per_week == 480 and s.dated == () and s.text == text


def test_window_starts_on_the_named_day_and_crosses_midnight():
    assert parse_schedule("fre 22-02").weekly == ((FRI + 22 * H, SAT + 2 * H),)
    assert parse_schedule("lör 23:30-00:15").weekly == ((SAT + 23 * H + 30, SUN + 15),)


def test_sunday_to_monday_wraps_into_two_pieces():
    s = parse_schedule("sön 22-02")
    assert s.weekly == ((0, 2 * H), (SUN + 22 * H, MINUTES_PER_WEEK))
    assert s.minutes_per_week == 240


def test_daily_and_day_groups():
    daily = tuple((d * D + 15 * H, d * D + 17 * H) for d in range(7))
    for text in ("dagligen 15-17", "varje dag 15-17", "alla dagar 15-17", "daily 15-17", "every day 15-17",
                 "Dagligen kl 15:00-17:00", "hela veckan 15-17", "mån-sön 15-17"):
        assert parse_schedule(text).weekly == daily, text
    assert parse_schedule("dagligen 15-17").minutes_per_week == 7 * 120
    weekdays = tuple((d * D + 8 * H, d * D + 16 * H) for d in range(5))
    for text in ("vardagar 08-16", "weekdays 8-16", "mån-fre 08:00-16:00", "mån–fre 8-16", "Mon–Fri 0800-1600",
                 "man-fre 8-16"):
        assert parse_schedule(text).weekly == weekdays, text
    for text in ("helger 12-16", "helg 12-16", "weekends 12-16", "lör-sön 12-16", "Sat, Sun 12-16"):
        assert parse_schedule(text).weekly == ((SAT + 12 * H, SAT + 16 * H), (SUN + 12 * H, SUN + 16 * H)), text


def test_ranges_lists_and_wrapping_day_ranges():
    assert parse_schedule("mån-tor 18-20").weekly == tuple((d * D + 18 * H, d * D + 20 * H) for d in range(4))
    assert parse_schedule("tis, tor 16-18").weekly == ((TUE + 16 * H, TUE + 18 * H), (THU + 16 * H, THU + 18 * H))
    assert parse_schedule("ons/fre 9-10").weekly == ((WED + 9 * H, WED + 10 * H), (FRI + 9 * H, FRI + 10 * H))
    # fre-mån wraps through the weekend; Sunday's 23-01 wraps into Monday.
    s = parse_schedule("fre-mån 23-01")
    assert s.weekly == ((0, H), (MON + 23 * H, TUE + H), (FRI + 23 * H, SAT + H), (SAT + 23 * H, SUN + H),
                        (SUN + 23 * H, MINUTES_PER_WEEK))
    assert s.minutes_per_week == 4 * 120


def test_several_hours_for_the_same_days():
    assert parse_schedule("lör 10-12, 14-16").weekly == ((SAT + 10 * H, SAT + 12 * H), (SAT + 14 * H, SAT + 16 * H))


def test_whole_days_and_equal_ends():
    assert parse_schedule("fre 00-24").weekly == ((FRI, SAT),)
    assert parse_schedule("fre 22-22").weekly == ((FRI + 22 * H, SAT + 22 * H),)  # end == start: next day
    assert parse_schedule("dagligen 00-24").weekly == ((0, MINUTES_PER_WEEK),)
    assert parse_schedule("dagligen 00-24").minutes_per_week == MINUTES_PER_WEEK


def test_time_formats():
    for text in ("tor 9:30-11", "tor 9.30-11.00", "tor 930-1100", "tor kl 09:30-kl 11", "tor 09:30:00-11:00:00"):
        assert parse_schedule(text).weekly == ((THU + 9 * H + 30, THU + 11 * H),), text


def test_overlaps_are_counted_once():
    s = parse_schedule("fre 20-23; fre 22-02")
    assert s.weekly == ((FRI + 20 * H, SAT + 2 * H),) and s.minutes_per_week == 360


def test_dated_windows():
    s = parse_schedule("2026-04-30 20:00-03:00")
    assert s.weekly == () and s.minutes_per_week == 0
    assert s.dated == ((stamp("2026-04-30 20:00"), stamp("2026-05-01 03:00")),)
    assert parse_schedule("2026-06-19 20-02").dated == ((stamp("2026-06-19 20:00"), stamp("2026-06-20 02:00")),)
    for text in ("2026-04-30 20:00 – 2026-05-01 03:00", "2026-04-30 20:00 - 2026-05-01 03:00",
                 "2026-04-30T20:00 till 2026-05-01T03:00", "2026-04-30 kl 20 - 03"):
        assert parse_schedule(text).dated == ((stamp("2026-04-30 20:00"), stamp("2026-05-01 03:00")),), text
    start, end = parse_schedule("2026-04-30 20:00-03:00").dated[0]
    assert str(start.tz) == TZ and end - start == pd.Timedelta(hours=7)


def test_dated_and_weekly_together():
    s = parse_schedule("fre 22-02; 2026-04-30 20-03")
    assert s.weekly == ((FRI + 22 * H, SAT + 2 * H),)
    assert s.dated == ((stamp("2026-04-30 20:00"), stamp("2026-05-01 03:00")),)


def test_dst_spring_forward_night_is_five_real_hours():
    start, end = parse_schedule("2026-03-28 22:00-04:00").dated[0]
    assert end - start == pd.Timedelta(hours=5)
    assert start.utcoffset() == pd.Timedelta(hours=1) and end.utcoffset() == pd.Timedelta(hours=2)
    # the autumn night is one hour longer
    start, end = parse_schedule("2026-10-24 22:00 - 2026-10-25 04:00").dated[0]
    assert end - start == pd.Timedelta(hours=7)


def test_dst_nonexistent_start_moves_to_the_end_of_the_gap():
    start, end = parse_schedule("2026-03-29 02:30-04:00").dated[0]
    assert start == stamp("2026-03-29 03:00") and end == stamp("2026-03-29 04:00")


def test_other_time_zone():
    start, _ = parse_schedule("2026-04-30 20-03", tz="UTC").dated[0]
    assert start == pd.Timestamp("2026-04-30 20:00", tz="UTC")


def test_hour_fractions_follow_weekhours_bins():
    frac = parse_schedule("fre 22:30-02:00").hour_fractions()
    assert frac.shape == (168,)
    assert frac[118] == 0.5 and frac[119:122].tolist() == [1.0, 1.0, 1.0] and frac.sum() == 3.5
    assert np.count_nonzero(parse_schedule("sön 23-01").hour_fractions()) == 2


def test_schedule_is_frozen_and_hashable():
    s = parse_schedule("fre 22-02")
    assert isinstance(s, Schedule) and hash(s) == hash(parse_schedule("fre 22-02"))
    with pytest.raises(AttributeError):
        s.text = "x"


@pytest.mark.parametrize("text, words", [
    ("", "empty"),
    ("   ", "empty"),
    (None, "empty"),
    ("22-02", "have no days"),
    ("fre", "start time"),
    ("fre 22", "'-'"),
    ("fre 22-", "end time"),
    ("fre 25-02", "not a time of day"),
    ("fre 22:75-23", "not a time of day"),
    ("fre 24-02", "24:00 can only end"),
    ("fre 12345-2", "not a time of day"),
    ("fredagkväll 22-02", "is not a day"),
    ("xyz 1-2", "is not a day"),
    ("fre-dagligen 22-02", "must end in a day"),
    ("30/4 20-03", "no year"),
    ("3/4/2026 20-03", "can be read as 3 April 2026 (day first) or 4 March 2026 (month first)"),
    ("4/30/2026 20-03", "not a date read day first"),
    ("30/4/26 20-03", "not an ISO date"),
    ("30.4.2026 20-03", "not an ISO date"),
    ("2026-04-30", "has no hours"),
    ("2026-02-30 20-03", "not a date"),
    ("2026-04-30 20:00 - 2026-04-30 19:00", "is not after the start"),
    ("fre 22-02 @ torget", "unexpected character"),
    ("vecka 20:00", "is not a day"),  # a week word before a clock time is not a week number (was a ValueError)
])
def test_malformed_schedules_name_the_text_and_show_examples(text, words):
    with pytest.raises(InputError) as err:
        parse_schedule(text)
    message = str(err.value)
    assert words in message
    assert f"schedule {'' if text is None else text!r}" in message
    assert "fre 22-02; lör 22-02" in message  # what a valid one looks like


def test_day_month_year_read_day_first_when_only_that_reading_exists():
    # 30/4/2026 was refused as not ISO; there is no month 30, so it can only be 30 April
    assert parse_schedule("30/4/2026 20-03").dated == ((stamp("2026-04-30 20:00"), stamp("2026-05-01 03:00")),)
    assert parse_schedule("13/1/2026 08-10").dated == ((stamp("2026-01-13 08:00"), stamp("2026-01-13 10:00")),)
    assert parse_schedule("1/1/2027 00-04").dated == ((stamp("2027-01-01 00:00"), stamp("2027-01-01 04:00")),)
    assert parse_schedule("30/4/2026 20:00 - 2026-05-01 03:00").dated == (
        (stamp("2026-04-30 20:00"), stamp("2026-05-01 03:00")),)


def test_a_stated_date_order_decides_a_day_month_year_that_reads_both_ways():
    assert parse_schedule("3/4/2026 20-22", dayfirst=True).dated == (
        (stamp("2026-04-03 20:00"), stamp("2026-04-03 22:00")),)
    assert parse_schedule("3/4/2026 20-22", dayfirst=False).dated == (
        (stamp("2026-03-04 20:00"), stamp("2026-03-04 22:00")),)
    # a stated order does not turn an impossible reading into a date
    assert parse_schedule("30/4/2026 20-22", dayfirst=False).dated == (
        (stamp("2026-04-30 20:00"), stamp("2026-04-30 22:00")),)


def test_unknown_time_zone():
    with pytest.raises(InputError, match="time zone"):
        parse_schedule("fre 22-02", tz="Mars/Olympus")
