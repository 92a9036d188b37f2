"""The workbook behind the yearly review: one sheet per table of the page, the same values as shown.

Sheets go through :func:`maps.products.export.write_table` (formula-neutralised cells, atomic writes), so a text
from the data can never become a spreadsheet formula. In share mode the sheets are the share tables of
:func:`maps.products.review_tables.review_tables`: coarse counts, no patrol times or units.

The file is made repeatable at the end: the workbook's created/modified times and the zip entries' times are set
to a fixed moment (1 January 1980, the zip format's first date), so the same data give the same bytes.
"""

import re
import zipfile
from pathlib import Path

import pandas as pd

from maps.products.atomic import atomic_write
from maps.products.export import write_table
from maps.products.review_tables import review_tables

__all__ = ["write_review_workbook"]

_FIXED = (1980, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def write_review_workbook(data, path, *, lang="sv", share=False, min_count=5) -> Path:
    """Write every table of the review to ``path`` (``.xlsx``), one sheet each; returns the path."""
    path = Path(path)
    if path.exists():
        path.unlink()
    tables = review_tables(data, lang=lang, share=share, min_count=min_count)
    for name, frame in tables.items():
        table = frame if len(frame.columns) else pd.DataFrame({"–": []})
        write_table(table.infer_objects(), path, layer=name[:31])
    _repeatable(path)
    return path


def _repeatable(path):
    """Rewrite the zip with fixed times in its entries and in ``docProps/core.xml``."""
    with zipfile.ZipFile(path) as book:
        entries = [(info.filename, book.read(info.filename)) for info in book.infolist()]
    with atomic_write(path) as tmp, zipfile.ZipFile(tmp, "w") as out:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>1980-01-01T00:00:00Z\g<2>", data)
            info = zipfile.ZipInfo(name, date_time=_FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)
