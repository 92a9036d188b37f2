"""hotspots.io.copies: rows repeated in every column, counted by hashing, equal to a plain text comparison."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.io.copies import count_copies


def _by_text(table, valid):
    """The reference: every cell as text, then pandas' own duplicate test."""
    return int(table[valid].astype("string").duplicated(keep="first").sum())


_cells = st.one_of(st.none(), st.sampled_from(["a", "b", "Åby torg", ""]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from([0.5, 1.0, np.nan]), _cells, st.booleans()),
                min_size=0, max_size=40))
def test_copies_equal_the_text_comparison(rows):
    table = pd.DataFrame({"x": [r[0] for r in rows], "y": [r[1] for r in rows], "what": [r[2] for r in rows]},
                         columns=["x", "y", "what"])
    valid = np.array([r[3] for r in rows], dtype=bool)
    assert count_copies(table, valid) == (_by_text(table, valid) if valid.sum() >= 2 else 0)


def test_copies_by_hand():
    table = pd.DataFrame({"x": [1.0, 1.0, 1.0, 2.0, 1.0], "t": ["kl 20", "kl 20", "kl 21", "kl 20", "kl 20"]})
    assert count_copies(table, np.ones(5, bool)) == 2  # rows 2 and 5 repeat row 1
    assert count_copies(table, np.array([True, False, True, True, False])) == 0  # the copies were rejected
    times = pd.to_datetime(["2026-06-19 22:00", "2026-06-19 22:00", "2026-06-19 22:01"])
    assert count_copies(pd.DataFrame({"x": [1, 1, 1], "t": times}), np.ones(3, bool)) == 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from([0.5, 1.0]), _cells, st.booleans()),
                min_size=0, max_size=40))
def test_copies_with_parsed_keys_equal_the_full_comparison(rows):
    """Keys that equal rows share (here: the parsed x and y) only narrow the search; the count is the same."""
    table = pd.DataFrame({"x": [str(r[0]) for r in rows], "y": [r[1] for r in rows], "what": [r[2] for r in rows]},
                         columns=["x", "y", "what"])
    valid = np.array([r[3] for r in rows], dtype=bool)
    keys = (pd.to_numeric(table["x"]).to_numpy(float), table["y"].to_numpy(float))
    assert count_copies(table, valid, keys=keys) == count_copies(table, valid)
