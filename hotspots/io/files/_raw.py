"""The raw table every format reader returns: records as read, before any interpretation."""

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["RawTable", "unique_names", "object_frame"]


@dataclass(frozen=True)
class RawTable:
    """A file's records as read: attribute columns, optional geometry, row labels for messages."""

    frame: pd.DataFrame
    source: str
    row_label: pd.Series  # human row reference per record ("12", "Blad2!7", "feature 3")
    geometry: gpd.GeoSeries | None = None
    malformed: pd.DataFrame | None = None  # rows the grammar could not hold: row_label, raw
    info: dict = field(default_factory=dict)
    hints: dict = field(default_factory=dict)  # column roles known from the format (police API)
    pre_reason: pd.Series | None = None  # rejections known from the format itself


def unique_names(header) -> list[str]:
    """Column names made unique and non-empty (duplicates get ``_2``)."""
    seen, out = {}, []
    for i, name in enumerate(header):
        name = str(name).strip() or f"column_{i + 1}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


#: Rows whose distinct share decides how a text column is held (see :func:`_text_column`).
_CARDINALITY_SAMPLE = 100_000


def _text_column(column) -> pd.Series:
    """A text column: few distinct values as shared Python ``str``/``None`` (object dtype); many (coordinates,
    times, ids, free text) as Arrow strings with ``pd.NA`` for empty cells, which cost a few bytes a cell
    instead of a Python object each (15 million rows of x, y and time: 3 GB less). Both hold the same text;
    the parsers read either. Which one is judged on the first rows, so a long column is not encoded twice."""
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    head = column.slice(0, _CARDINALITY_SAMPLE)
    if pc.count_distinct(head, mode="all").as_py() > len(head) // 2:
        return pd.Series(pd.arrays.ArrowStringArray(column), dtype=pd.StringDtype("pyarrow"))
    encoded = pc.dictionary_encode(column)
    words = np.append(encoded.dictionary.to_numpy(zero_copy_only=False), None)
    codes = encoded.indices.fill_null(len(words) - 1).to_numpy()
    return pd.Series(words[codes], dtype=object)


def object_frame(table, names) -> pd.DataFrame:
    """An Arrow table as a pandas frame: text as text (:func:`_text_column`: shared Python ``str``/``None``
    for few distinct values, Arrow strings for many), numbers and timestamps keep their typed NumPy columns
    (no per-cell objects for them)."""
    columns = {}
    for name, column in zip(names, table.columns):
        kind = column.type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            columns[name] = _text_column(column)
        elif pa.types.is_floating(kind) or (pa.types.is_integer(kind) and column.null_count == 0):
            columns[name] = column.to_numpy()
        elif pa.types.is_integer(kind):
            columns[name] = column.to_numpy(zero_copy_only=False).astype(float)  # NaN where null
        else:
            series = column.to_pandas()
            if not (pd.api.types.is_datetime64_any_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype)):
                series = series.astype(object).where(series.notna(), None)
            columns[name] = series
    return pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows))
