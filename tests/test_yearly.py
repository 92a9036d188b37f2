"""Issue 18: yearly counts with exact Poisson intervals; a change within chance is never an increase."""

import numpy as np
import pandas as pd
import pytest

from hotspots.temporal.poisson import compare_counts, poisson_interval
from hotspots.temporal.yearly import year_over_year


def test_garwood_interval_matches_the_table():
    # exact 95 % Poisson limits (Garwood 1936; e.g. the table in Ulm 1990 / Sahai & Khurshid 1993)
    low, high = poisson_interval([0, 1, 2, 5, 10])
    assert np.allclose(low, [0.0, 0.0253, 0.2422, 1.6235, 4.7954], atol=5e-4)
    assert np.allclose(high, [3.6889, 5.5716, 7.2247, 11.6683, 18.3904], atol=5e-4)


def test_change_within_chance_is_not_an_increase():
    # 6 this year against 3 last year: twice as many, but p = 0.51 (binomial 6 of 9 at 1/2)
    out = compare_counts(6, 3, 1)
    assert out["ratio"] == pytest.approx(2.0)
    assert out["p"] == pytest.approx(0.5078125)
    assert out["verdict"] == "within_chance"
    assert out["ratio_low"] < 1 < out["ratio_high"]


def test_clear_change_is_called():
    assert compare_counts(40, 10, 1)["verdict"] == "increase"
    assert compare_counts(10, 160, 4)["verdict"] == "decrease"  # 10 against a mean of 40


def _points(counts_by_year):
    starts = [pd.Timestamp(f"{y}-06-15 12:00", tz="Europe/Stockholm") for y, n in counts_by_year.items()
              for _ in range(n)]
    return pd.DataFrame({"start": pd.Series(starts)})


def test_year_over_year_table_change_and_trend():
    yoy = year_over_year(_points({2021: 4, 2022: 5, 2023: 3, 2025: 8}), 2025)
    assert yoy.table["year"].tolist() == [2021, 2022, 2023, 2024, 2025]
    assert yoy.table["count"].tolist() == [4, 5, 3, 0, 8]  # a year without points counts 0
    c = yoy.change
    # 8 against a mean of 3 over 4 years: 8 of 20 at p = 1/5, two-sided exact p = 0.0437 < 0.05
    assert c["baseline_mean"] == pytest.approx(3.0) and c["ratio"] == pytest.approx(8 / 3)
    assert c["p"] == pytest.approx(0.0436719, abs=1e-6) and c["verdict"] == "increase"
    # one fewer this year and it is within chance: 7 of 19, p > 0.05
    assert year_over_year(_points({2021: 4, 2022: 5, 2023: 3, 2025: 7}), 2025).change["verdict"] == "within_chance"
    assert yoy.trend["n_years"] == 5 and yoy.trend["trend"] in ("no trend", "increasing", "decreasing")


def test_new_year_turn_is_local_time():
    # 23:30 UTC on New Year's Eve is 00:30 local on 1 January
    pts = pd.DataFrame({"start": pd.Series([pd.Timestamp("2024-12-31 23:30", tz="UTC")])})
    yoy = year_over_year(pts, 2025, first_year=2024)
    assert yoy.table["count"].tolist() == [0, 1]


def test_a_year_not_yet_over_is_compared_over_the_same_part_of_every_year():
    # 2024: 10 in March and 10 in September; 2025 data end on 1 July with 9 in March
    starts = [pd.Timestamp(f"2024-{m}-10 12:00", tz="Europe/Stockholm") for m in (3, 9) for _ in range(10)]
    starts += [pd.Timestamp("2025-03-10 12:00", tz="Europe/Stockholm")] * 9
    pts = pd.DataFrame({"start": pd.Series(starts)})
    whole = year_over_year(pts, 2025)
    assert whole.table["count"].tolist() == [20, 9] and whole.change["until"] is None
    part = year_over_year(pts, 2025, until=pd.Timestamp("2025-07-01", tz="Europe/Stockholm"))
    assert part.table["count"].tolist() == [10, 9]  # September 2024 is after 1 July: not counted
    assert part.change["verdict"] == "within_chance" and part.change["until"].startswith("2025-07-01")
