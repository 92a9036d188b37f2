"""The workbook behind the yearly review: one sheet per table of the page, the same values as shown.

Sheets go through :func:`maps.products.exports.export.write_table` (formula-neutralised cells, atomic writes, fixed
stamps so the same data give the same bytes: :mod:`maps.products.reproducible`), so a text from the data can
never become a spreadsheet formula. In share mode the sheets are the share tables of
:func:`maps.products.review.tables.review_tables`: coarse counts, no patrol times or units.
"""

from pathlib import Path

import pandas as pd

from maps.products.exports.export import write_table
from maps.products.review.tables import review_tables

__all__ = ["write_review_workbook"]


def write_review_workbook(data, path, *, lang="sv", share=False, min_count=5) -> Path:
    """Write every table of the review to ``path`` (``.xlsx``), one sheet each; returns the path."""
    path = Path(path)
    if path.exists():
        path.unlink()
    tables = review_tables(data, lang=lang, share=share, min_count=min_count)
    for name, frame in tables.items():
        table = frame if len(frame.columns) else pd.DataFrame({"–": []})
        write_table(table.infer_objects(), path, layer=name[:31])
    return path
