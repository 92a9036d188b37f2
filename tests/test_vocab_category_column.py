"""Tests for hotspots.io.what.category_column: the category column found by name and by content."""

import time
from pathlib import Path

import numpy as np
import pandas as pd

from hotspots.io.what.category_column import find_category_column

VENDORED = Path(__file__).parent / "data" / "vocab" / "polisen_events_norrbotten_every25th.csv"


def _rows(values, n):
    return [values[i % len(values)] for i in range(n)]


def test_swedish_brottsbenamning_among_date_place_and_free_text():
    n = 60
    table = pd.DataFrame({
        "Anmälningsdatum": pd.date_range("2025-01-01", periods=n, freq="D").astype(str),
        "Brottsbenämning": _rows(["Misshandel", "Stöld", "Skadegörelse genom klotter", "Olaga hot"], n),
        "Plats": _rows(["Storgatan 1", "Torget", "Strandgatan 12"], n),
        "Beskrivning": [f"Anmälan {i}: stöld av cykel vid busstationen" for i in range(n)],
    })
    column, how = find_category_column(table)
    assert column == "Brottsbenämning"
    assert how.startswith("by name and content") and "100% of rows" in how


def test_handelse_and_rubricering_are_category_names():
    table = pd.DataFrame({"Händelse": _rows(["Rån", "Misshandel", "Bråk"], 40), "x": range(40)})
    assert find_category_column(table)[0] == "Händelse"
    table = pd.DataFrame({"Rubricering": _rows(["Narkotikabrott", "Snatteri"], 40), "id": range(40)})
    assert find_category_column(table)[0] == "Rubricering"


def test_chicago_primary_type_preferred_over_description_and_location():
    n = 200
    table = pd.DataFrame({
        "ID": range(n), "Primary Type": _rows(["THEFT", "BATTERY", "NARCOTICS", "CRIMINAL DAMAGE"], n),
        "Description": _rows(["$500 AND UNDER", "DOMESTIC BATTERY SIMPLE", "POSS: CANNABIS", "TO VEHICLE"], n),
        "Location Description": _rows(["STREET", "RESIDENCE", "APARTMENT", "SIDEWALK"], n),
        "Domestic": _rows([False, True, False, False], n),
    })
    column, how = find_category_column(table)
    assert column == "Primary Type" and how.startswith("by name and content")


def test_unknown_name_found_by_content():
    n = 500
    rng = np.random.default_rng(0)
    table = pd.DataFrame({
        "Brottsplats": [f"{rng.integers(1, 99)} Main St" for _ in range(n)],
        "klass_text": _rows(["Petit Larceny", "Felony Assault", "Criminal Mischief", "Burglary", "Robbery"], n),
        "borough": _rows(["BRONX", "QUEENS", "MANHATTAN"], n),
    })
    column, how = find_category_column(table)
    assert column == "klass_text"
    assert how == "by content: 'klass_text', 100% of rows are offence words (5 distinct values)"


def test_free_text_full_of_offence_words_is_not_a_category():
    n = 300
    table = pd.DataFrame({"notes": [f"Theft of a bicycle reported at door {i}" for i in range(n)],
                          "district": _rows(["N", "S"], n)})
    column, how = find_category_column(table)
    assert column is None
    assert "columns: notes, district" in how and "--category" in how


def test_named_column_without_offence_words_loses_to_content():
    n = 100
    table = pd.DataFrame({"type": ["Point"] * n, "what": _rows(["Vandalism", "Assault", "Shoplifting"], n)})
    assert find_category_column(table) == (
        "what", "by content: 'what', 100% of rows are offence words (3 distinct values)")


def test_numeric_brottskod_kept_by_name_only():
    table = pd.DataFrame({"Brottskod": _rows([301, 858, 9301, 1201], 80), "datum": ["2025-01-01"] * 80})
    column, how = find_category_column(table)
    assert column == "Brottskod"
    assert how.startswith("by name only") and "0% of rows" in how


def test_empty_and_input_untouched():
    assert find_category_column(pd.DataFrame())[0] is None
    assert find_category_column(pd.DataFrame({"a": []}))[0] is None
    table = pd.DataFrame({"offense": ["Theft", None, "", "Assault"] * 10})
    before = table.copy()
    assert find_category_column(table)[0] == "offense"
    pd.testing.assert_frame_equal(table, before)


def test_vendored_police_events_type_column():
    column, how = find_category_column(pd.read_csv(VENDORED))
    assert column == "type" and how.startswith("by name and content")


def test_shared_foreign_files(shared):
    vancouver = pd.read_csv(shared / "crime" / "crimedata_csv_AllNeighbourhoods_2020.csv")
    assert find_category_column(vancouver)[0] == "TYPE"
    medellin = pd.read_csv(shared / "crime" / "medellin_homicides.csv", sep=";")
    assert find_category_column(medellin)[0] == "modalidad"
    # All aggravated assaults: the file has location categories, no offence column.
    chicago = pd.read_csv(shared / "crime" / "chicago_aggravated_assaults.csv.gz")
    assert find_category_column(chicago)[0] is None


def test_fast_on_a_large_table():
    n = 1_500_000
    table = pd.DataFrame({
        "id": np.arange(n), "x": np.linspace(0, 1, n), "when": "2025-01-01 12:00",
        "offense": np.array(["THEFT", "BATTERY", "ROBBERY", "ASSAULT"], dtype=object)[np.arange(n) % 4],
        "block": np.array([f"{i % 5000}XX MAIN" for i in range(5000)], dtype=object)[np.arange(n) % 5000],
    })
    started = time.perf_counter()
    assert find_category_column(table)[0] == "offense"
    assert time.perf_counter() - started < 10   # ~0.5 s here: a 100,000-row sample
