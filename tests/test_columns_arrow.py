"""Text read as Arrow strings (long CSV columns) means the same as text read as Python strings."""

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.io.columns import to_number
from hotspots.io.files._raw import object_frame

_cells = st.one_of(st.none(), st.sampled_from(["1.5", "2", "-3.25", "6 581 703,2", "1,5", "", "abc", "1e3", " 7 "]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_cells, min_size=1, max_size=30))
def test_numbers_from_arrow_text_equal_numbers_from_python_text(cells):
    arrow = pd.Series(pd.arrays.ArrowStringArray(pa.array(cells, type=pa.string())), dtype=pd.StringDtype("pyarrow"))
    python = pd.Series(cells, dtype=object)
    np.testing.assert_array_equal(to_number(arrow), to_number(python))


def test_long_text_columns_stay_arrow_and_few_values_stay_python_strings():
    table = pa.table({"id": [f"A{i}" for i in range(1000)], "kind": ["stöld", "rån", None, "stöld"] * 250})
    frame = object_frame(table, ["id", "kind"])
    assert isinstance(frame["id"].dtype, pd.StringDtype) and frame["id"].iloc[7] == "A7"
    assert frame["kind"].dtype == object and frame["kind"].iloc[2] is None and frame["kind"].iloc[1] == "rån"
