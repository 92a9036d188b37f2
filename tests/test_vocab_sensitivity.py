"""Tests for hotspots.io.what.sensitivity (flag columns) and hotspots.io.what.category_check (share refusal)."""

import numpy as np
import pandas as pd

from hotspots.io.what.category_check import categories_known, unknown_categories_message
from hotspots.io.what.sensitivity import sensitive_flags


def test_chicago_domestic_true_false():
    table = pd.DataFrame({"Primary Type": ["BATTERY", "THEFT", "ASSAULT"], "Arrest": [True, False, True],
                          "Domestic": [True, False, False]})
    flags, columns = sensitive_flags(table)
    assert flags.tolist() == [True, False, False]
    assert columns == ["Domestic"]   # Arrest is yes/no too, but not named as sensitive


def test_swedish_vald_i_nara_relation_ja_nej_and_x_marks():
    table = pd.DataFrame({"Brott": ["Misshandel"] * 4, "Våld i nära relation": ["ja", "nej", "Ja ", None]})
    assert sensitive_flags(table)[0].tolist() == [True, False, True, False]
    table = pd.DataFrame({"VNR": ["x", "", None, "X"]})
    flags, columns = sensitive_flags(table)
    assert flags.tolist() == [True, False, False, True] and columns == ["VNR"]


def test_dv_flag_y_n_and_numeric_one_zero_combined():
    table = pd.DataFrame({"dv_flag": ["Y", "N", "N", "n"], "is_domestic": [0, 0, 1, np.nan],
                          "offense": ["Assault"] * 4})
    flags, columns = sensitive_flags(table)
    assert flags.tolist() == [True, False, True, False]
    assert columns == ["dv_flag", "is_domestic"]


def test_named_column_with_other_content_is_passed_over():
    # "Domestic" holding free text, a DV column of codes: neither is a yes/no flag.
    table = pd.DataFrame({"Domestic": ["at home", "street", "yes", "no"], "dv": ["A1", "B2", "C3", "D4"]})
    flags, columns = sensitive_flags(table)
    assert columns == [] and not flags.any()


def test_unrelated_and_empty_tables():
    flags, columns = sensitive_flags(pd.DataFrame({"arrest": ["Y", "N"], "domestic_count": ["3", "4"]}))
    assert columns == [] and flags.tolist() == [False, False]
    flags, columns = sensitive_flags(pd.DataFrame({"domestic": pd.Series([], dtype=object)}))
    assert flags.size == 0 and columns == []
    flags, columns = sensitive_flags(pd.DataFrame({"domestic": [None, None]}))
    assert columns == [] and not flags.any()


def test_flags_input_not_mutated():
    table = pd.DataFrame({"Domestic": ["true", "false"]})
    before = table.copy()
    sensitive_flags(table)
    pd.testing.assert_frame_equal(table, before)


def _summary(*files):
    return {"files": list(files)}


def test_categories_known_when_every_used_file_has_categories():
    ok = {"file": "a.csv", "rows_read": 100, "rows_used": 90, "category_column": "Brott", "unmapped_rows": 3}
    assert categories_known(_summary(ok))
    assert unknown_categories_message(_summary(ok)) == ""
    empty = {"file": "b.csv", "rows_read": 5, "rows_used": 0, "category_column": None}
    assert categories_known(_summary(ok, empty))   # a file that gave no points publishes nothing


def test_categories_unknown_without_column_or_with_codes():
    none = {"file": "usa.csv", "rows_read": 100, "rows_used": 100, "category_column": None}
    codes = {"file": "koder.xlsx", "rows_read": 100, "rows_used": 98, "category_column": "Brottskod",
             "unmapped_rows": 100}
    assert not categories_known(_summary(none))
    assert not categories_known(_summary(codes))
    message = unknown_categories_message(_summary(none, codes), lang="en")
    assert message.startswith("sensitive incidents could not be kept out")
    assert "usa.csv, koder.xlsx" in message and "--category COLUMN" in message and "--no-sensitive" in message
    swedish = unknown_categories_message(_summary(none), lang="sv")
    assert swedish.startswith("känsliga händelser kunde inte hållas utanför") and "usa.csv" in swedish


def test_stated_column_or_default_category_counts_as_known():
    stated = {"file": "a.csv", "rows_read": 10, "rows_used": 10, "category_column": "kod",
              "category_how": "stated", "unmapped_rows": 10}
    default = {"file": "b.csv", "rows_read": 10, "rows_used": 10, "category_column": None,
               "default_category": "disorder"}
    assert categories_known(_summary(stated, default))
