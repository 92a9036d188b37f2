"""Read any supported file into raw tables, before any interpretation.

Formats are recognised by content first (magic bytes), then by suffix: delimited text with any
extension (``.csv .tsv .tab .txt``...), ``.gz`` and ``.zip`` transparently, Parquet (plain or
GeoParquet; a file or a folder of parts), GeoPackage/GeoJSON/Shapefile and other GDAL formats,
Excel ``.xlsx`` and the Swedish Police events API JSON. Nothing is interpreted or dropped here,
except rows the CSV grammar itself cannot hold, which come back as ``malformed``. A workbook or
GeoPackage with several tables of points is read table by table (:func:`read_tables`), or refused
with a list of them (:func:`read_table`) — never the first one silently. Every failure is an
:class:`~hotspots.errors.InputError` naming the file and what to do.
"""

import gzip
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from hotspots.errors import InputError
from hotspots.io.files._raw import RawTable
from hotspots.io.files.gis import read_gis
from hotspots.io.files.limits import MAX_FILE_BYTES
from hotspots.io.files.parquet import read_parquet
from hotspots.io.files.police import police_events_table
from hotspots.io.files.text import read_text
from hotspots.io.files.workbook import read_workbook

__all__ = ["RawTable", "read_table", "read_tables"]

_TEXT = {".csv", ".txt", ".tsv", ".tab", ".dat", ".psv"}
_EXCEL = {".xlsx", ".xlsm"}
_GIS = {".geojson", ".gpkg", ".shp", ".fgb", ".gml", ".kml", ".gpx"}
_PARQUET = {".parquet", ".geoparquet", ".parq"}
_MAGIC = ((b"PAR1", "parquet"), (b"SQLite format 3\x00", "gpkg"), (b"\x1f\x8b", "gzip"), (b"PK\x03\x04", "zip"),
          (b"PK\x05\x06", "zip"))  # the second: an empty zip (only its end record)
_KNOWN = ("pass CSV/TSV/TXT, XLSX, GeoJSON, GeoPackage, Shapefile, (Geo)Parquet or police API JSON, "
          "optionally gzip- or zip-compressed")


def read_table(path, *, sheet=None, layer=None, encoding=None, delimiter=None, columns=None) -> RawTable:
    """Read one table of points from a file into a :class:`RawTable`.

    Parameters
    ----------
    path : str or Path
        The file (or a folder of Parquet parts). ``FILE.xlsx:Sheet`` and ``FILE.gpkg:layer`` pick a
        sheet or layer, like ``sheet``/``layer``.
    sheet : str or int, optional
        Excel sheet name or 0-based index; ``"all"`` reads every sheet as one table. Default: the
        one sheet that holds points.
    layer : str, optional
        Layer of a GeoPackage. Default: the one layer that holds points.
    encoding, delimiter : str, optional
        Override the detected text encoding or delimiter.
    columns : sequence of str, optional
        Read only these columns of delimited text or Parquet (names as in the file); default all.

    Returns
    -------
    RawTable
        ``row_label`` numbers rows as a spreadsheet shows them (header = row 1), features from 1.

    Raises
    ------
    InputError
        Missing, empty, oversized or unreadable file, unknown sheet or layer, several sheets or
        layers of points without a choice, unsupported format.
    """
    tables, _ = _read(path, sheet, layer, encoding, delimiter, columns, every=False)
    return tables[0]


def read_tables(path, *, sheet=None, layer=None, encoding=None, delimiter=None, columns=None):
    """Read every table of points in a file: each sheet or layer that holds points, separately.

    Parameters are those of :func:`read_table`.

    Returns
    -------
    tuple of (list of RawTable, list of str)
        The tables (``source`` is ``FILE.xlsx:Sheet`` / ``FILE.gpkg:layer`` when the file has
        several) and the sheets/layers skipped because they hold no points, each with why.
    """
    return _read(path, sheet, layer, encoding, delimiter, columns, every=True)


def _read(path, sheet, layer, encoding, delimiter, columns, *, every):
    path = Path(path)
    if not path.exists() and ":" in path.name:  # FILE.xlsx:Sheet / FILE.gpkg:layer
        base, _, pick = str(path).rpartition(":")
        if Path(base).is_file():
            path = Path(base)
            sheet, layer = (pick, layer) if path.suffix.lower() in _EXCEL else (sheet, pick)
    if not path.exists():
        raise InputError(f"{path}: file not found; check the path (working directory is {Path.cwd()}).")
    if path.is_dir():
        if any(path.rglob("*.parquet")):
            return [_police(read_parquet(path, columns=columns))], []
        raise InputError(f"{path}: is a folder, not a file; pass the data file inside it (or a folder of "
                         ".parquet parts).")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: the file is empty; export the data again or remove it from the list.")
    if size > MAX_FILE_BYTES:
        raise InputError(f"{path}: {size / 2**30:.1f} GB, more than the limit of {MAX_FILE_BYTES >> 30} GB for "
                         "one file; split it, or convert it to a folder of Parquet parts.")
    try:
        return _dispatch(path, sheet, layer, encoding, delimiter, columns, every)
    except InputError:
        raise
    except (pa.ArrowException, OSError, EOFError, ValueError, zipfile.BadZipFile, KeyError, IndexError,
            UnicodeError, MemoryError) as err:  # the last net: one sentence, never a traceback
        detail = (str(err).splitlines() or [""])[0]
        raise InputError(f"{path}: cannot be read ({type(err).__name__}: {detail}); check the file or export it "
                         f"again ({_KNOWN}).") from None


def _dispatch(path, sheet, layer, encoding, delimiter, columns, every):
    suffix = path.suffix.lower()
    with open(path, "rb") as handle:
        start = handle.read(16)
    kind = next((name for magic, name in _MAGIC if start.startswith(magic)), None)
    if kind == "parquet" or (kind is None and suffix in _PARQUET):
        return [_police(read_parquet(path, columns=columns))], []
    if suffix in _EXCEL and kind is None:  # named a workbook, holds no zip: a CSV saved under the wrong name
        return [_misnamed_text(path, encoding, delimiter, columns)], []
    if (suffix in _EXCEL and kind == "zip") or (kind == "zip" and _is_workbook(path)):
        tables, skipped = read_workbook(path, sheet=sheet, every=every)
        return [_police(t) for t in tables], skipped
    if kind == "gpkg" or suffix in _GIS or (kind == "zip" and _zip_members(path, ".shp")):
        return read_gis(path, layer=layer, every=every)
    if suffix == ".xls":
        raise InputError(f"{path}: old Excel .xls is not supported; save it as .xlsx or CSV in Excel and pass that.")
    if kind == "gzip":
        return [_from_bytes(_gunzip(path), path, Path(path.stem), encoding, delimiter, columns)], []
    if kind == "zip":
        name, data = _unzip(path)
        return [_from_bytes(data, path, Path(name), encoding, delimiter, columns)], []
    return [_from_bytes(path.read_bytes(), path, path, encoding, delimiter, columns)], []


def _from_bytes(data, path, inner: Path, encoding, delimiter, columns) -> RawTable:
    """Decompressed content: JSON, Parquet or delimited text, by content and then by inner name."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{path}: more than {MAX_FILE_BYTES >> 30} GB once unpacked; split it or convert it to "
                         "a folder of Parquet parts.")
    if not data.strip():
        raise InputError(f"{path}: the file is empty; export the data again or remove it from the list.")
    suffix = inner.suffix.lower()
    if data.startswith(b"PAR1"):
        return _police(_parquet_bytes(data, path))
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".json", ".geojson") or head[:1] in (b"{", b"["):
        return _read_json(data, path, encoding)
    try:
        return _police(read_text(data, path=path, encoding=encoding, delimiter=delimiter, columns=columns))
    except InputError as err:
        if suffix in _TEXT or suffix == "":
            raise
        raise InputError(f"{path}: unknown file type '{suffix}' and not readable as delimited text "
                         f"({str(err).removeprefix(f'{path}: ')}); {_KNOWN}.") from None


def _misnamed_text(path, encoding, delimiter, columns) -> RawTable:
    """A ``.xlsx`` that is no workbook: read it as delimited text when it is one, and say so."""
    try:
        table = _police(read_text(path.read_bytes(), path=path, encoding=encoding, delimiter=delimiter,
                                  columns=columns))
    except InputError as err:
        raise InputError(f"{path}: named {path.suffix} but is neither an Excel workbook nor delimited text "
                         f"({str(err).removeprefix(f'{path}: ')}); save it again as .xlsx or CSV.") from None
    warning = f"named {path.suffix} but holds delimited text (not an Excel workbook); read as text"
    hints = {**table.hints, "warnings": [*table.hints.get("warnings", []), warning]}
    return RawTable(table.frame, table.source, table.row_label, table.geometry, table.malformed,
                    {**table.info, "format": f"{table.info.get('format', 'csv')} (named {path.suffix})"}, hints,
                    table.pre_reason)


def _parquet_bytes(data, path):
    """Parquet inside a zip or gzip: read from memory."""
    table = pq.read_table(pa.BufferReader(data))
    frame = table.to_pandas().astype(object)
    frame = frame.where(frame.notna(), None)
    labels = pd.Series(np.char.add("row ", np.arange(1, len(frame) + 1).astype(str)), dtype=object)
    return RawTable(frame, path.name, labels, None, None, {"format": "parquet"})


def _gunzip(path: Path) -> bytes:
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError) as err:
        raise InputError(f"{path}: not a readable gzip file ({err}); unpack it or export again.") from None
    return data


def _zip_members(path: Path, suffix=None) -> list:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [i.filename for i in archive.infolist() if not i.is_dir() and "__MACOSX" not in i.filename]
    except (zipfile.BadZipFile, OSError) as err:
        raise InputError(f"{path}: not a readable zip file ({err}); unpack it or export again.") from None
    return [n for n in names if suffix is None or n.lower().endswith(suffix)]


def _is_workbook(path: Path) -> bool:
    return "xl/workbook.xml" in _zip_members(path)


def _unzip(path: Path):
    members = _zip_members(path)
    if len(members) != 1:
        raise InputError(f"{path}: the zip holds {len(members)} files ({', '.join(members[:10]) or 'none'}); "
                         "unpack it and pass the data file.")
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(members[0])
        if info.file_size > MAX_FILE_BYTES:
            raise InputError(f"{path}: {members[0]} is more than {MAX_FILE_BYTES >> 30} GB unpacked; unpack it "
                             "and convert it to a folder of Parquet parts.")
        try:
            return members[0], archive.read(members[0])
        except (zipfile.BadZipFile, EOFError, OSError) as err:
            raise InputError(f"{path}: {members[0]} in the zip cannot be unpacked ({err}); export again.") from None


def _read_json(data: bytes, path: Path, encoding) -> RawTable:
    try:
        text = data.decode(encoding or "utf-8-sig")
    except (UnicodeDecodeError, LookupError):
        text = data.decode("cp1252", errors="replace")
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not valid JSON (line {err.lineno}, column {err.colno}); check the export.") from None
    if isinstance(parsed, dict) and parsed.get("type") in ("FeatureCollection", "Feature"):
        if path.suffix.lower() in (".json", ".geojson"):
            return read_gis(path)[0][0]
        raise InputError(f"{path}: compressed GeoJSON is not read; unpack it and pass the .geojson file.")
    if isinstance(parsed, dict):
        lists = [v for v in parsed.values() if isinstance(v, list)]
        parsed = lists[0] if len(lists) == 1 else parsed
    if not isinstance(parsed, list) or not all(isinstance(r, dict) for r in parsed):
        raise InputError(f"{path}: JSON must be a list of records or GeoJSON; got {type(parsed).__name__}.")
    if not parsed:
        raise InputError(f"{path}: the JSON list is empty; there are no records to read.")
    frame = pd.json_normalize(parsed, sep="_").astype(object)
    frame = frame.where(frame.notna(), None)
    labels = pd.Series(np.arange(1, len(frame) + 1).astype(str), dtype=object)
    return _police(RawTable(frame, path.name, labels, None, None, {"format": "json"}))


def _police(table: RawTable) -> RawTable:
    """Recognise the police events API shape (as JSON or as a CSV made from it) and normalise it."""
    if table.geometry is not None:
        return table
    converted = police_events_table(table.frame)
    if converted is None:
        return table
    frame, hints, pre_reason = converted
    info = {**table.info, "format": table.info["format"] + " (police events API)"}
    return RawTable(frame, table.source, table.row_label, None, table.malformed, info, hints, pre_reason)
