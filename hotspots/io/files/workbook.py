"""Excel workbooks (``.xlsx``/``.xlsm``): every sheet that holds points, or the one asked for.

A sheet holds points when it has rows and columns named like coordinates. With several such sheets
and none named, :func:`read_workbook` reads them all (``every=True``, each with its own accounting
and ``source`` ``FILE.xlsx:Sheet``) or stops with an error listing them — never the first silently.
Sheets without points (notes, legends) are named as skipped.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from hotspots.errors import InputError
from hotspots.io.files._raw import RawTable, unique_names
from hotspots.io.files.limits import MAX_ROWS
from hotspots.io.where.xynames import find_xy_columns

__all__ = ["read_workbook"]


def read_workbook(path, *, sheet=None, every=False):
    """Read the point sheet(s) of a workbook.

    Parameters
    ----------
    path : str or Path
        The workbook.
    sheet : str or int, optional
        Sheet name or 0-based index; ``"all"`` reads every non-empty sheet as one table (rows
        labelled ``Sheet!row``). Default: the sheet(s) that hold points, see ``every``.
    every : bool
        With several point sheets and no ``sheet``: read them all (``True``) or stop with an
        error that lists them (``False``).

    Returns
    -------
    tuple of (list of RawTable, list of str)
        Tables read (rows labelled as Excel shows them, header = row 1) and the sheets skipped.

    Raises
    ------
    InputError
        Unreadable workbook, unknown sheet, no data, or several point sheets without ``every``.
    """
    path = Path(path)
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
        names = book.sheet_names
    except Exception as err:  # noqa: BLE001 - openpyxl raises many types for broken files
        raise InputError(f"{path}: cannot be read as an Excel workbook ({str(err).splitlines()[0]}); "
                         "save it again as .xlsx.") from None
    if sheet is not None and str(sheet).lower() != "all":
        if isinstance(sheet, int) or str(sheet).isdigit():
            if int(sheet) >= len(names):
                raise InputError(f"{path}: has no sheet number {sheet}; sheets are: {', '.join(names)}; "
                                 "pass --sheet NAME.")
            sheet = names[int(sheet)]
        if sheet not in names:
            raise InputError(f"{path}: has no sheet '{sheet}'; sheets are: {', '.join(names)}; pass --sheet NAME "
                             "or 'all'.")
        return [_table(path, {sheet: _sheet(book, sheet, path)}, len(names) > 1)], []
    sheets = {name: _sheet(book, name, path) for name in names}
    filled = {name: part for name, part in sheets.items() if not part.empty}
    if not filled:
        raise InputError(f"{path}: no sheet has data rows (sheets: {', '.join(names)}); export the data again.")
    if sheet is not None:  # "all": one table, as before
        return [_table(path, filled, False)], [f"{path.name}:{n} (empty)" for n in names if n not in filled]
    with_points = {n: p for n, p in filled.items() if find_xy_columns(p.columns) is not None}
    chosen = with_points or filled  # no sheet names its coordinates: let the point reader say what is missing
    skipped = [f"{path.name}:{n} ({'empty' if n not in filled else 'no coordinate columns'})"
               for n in names if n not in chosen]
    if len(chosen) > 1 and not every:
        raise InputError(f"{path}: has {len(chosen)} sheets with points ({', '.join(chosen)}); pick one with "
                         f"--sheet NAME or {path.name}:{next(iter(chosen))}.")
    return [_table(path, {n: p}, len(names) > 1) for n, p in chosen.items()], skipped


def _sheet(book, name, path):
    part = pd.read_excel(book, sheet_name=name, dtype=object).dropna(how="all")
    if len(part) > MAX_ROWS:
        raise InputError(f"{path}: sheet {name!r} has {len(part):,} rows, more than the limit of {MAX_ROWS:,}.")
    part.columns = unique_names(part.columns)
    return part


def _table(path, parts: dict, several: bool) -> RawTable:
    frames, labels = [], []
    for name, part in parts.items():
        frames.append(part)
        rows = (part.index.to_numpy() + 2).astype(str)  # header is row 1, pandas index 0 is row 2
        labels.append(pd.Series(rows if len(parts) == 1 else np.char.add(f"{name}!", rows), dtype=object))
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    if frame.empty:
        raise InputError(f"{path}: sheet(s) {', '.join(parts)} have no data rows; pass --sheet with the right sheet.")
    frame = frame.astype(object).where(frame.notna(), None)
    source = f"{path.name}:{next(iter(parts))}" if several and len(parts) == 1 else path.name
    return RawTable(frame, source, pd.concat(labels, ignore_index=True), None, None,
                    {"format": "xlsx", "sheets": list(parts)})
