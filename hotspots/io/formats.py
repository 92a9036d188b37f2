"""Read any supported file into a raw table, before any interpretation.

Formats: CSV/TXT (delimiter and encoding detected), Excel ``.xlsx``, GeoJSON, GeoPackage,
Shapefile, GeoParquet and the Swedish Police events API JSON. The result keeps every record
of the file: nothing is interpreted or dropped here, except rows the CSV grammar itself
cannot hold, which come back as ``malformed`` so the caller can report them.
"""

import csv
import gzip
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots.errors import InputError
from hotspots.io.police import police_events_table

__all__ = ["read_table"]

_TEXT = {".csv", ".txt", ".tsv"}
_EXCEL = {".xlsx", ".xlsm"}
_GIS = {".geojson", ".gpkg", ".shp", ".zip", ".fgb", ".gml", ".kml"}
_PARQUET = {".parquet", ".geoparquet"}
_DELIMITERS = (";", "\t", ",", "|")


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


def read_table(path, *, sheet=None, layer=None, encoding=None, delimiter=None) -> RawTable:
    """Read one file of points into a :class:`RawTable`.

    Parameters
    ----------
    path : str or Path
        The file. Its suffix chooses the reader; ``.json`` is checked for the police API shape.
    sheet : str or int, optional
        Excel sheet name or 0-based index; ``"all"`` reads every sheet. Default: the first.
    layer : str, optional
        Layer of a GeoPackage (default: the first).
    encoding, delimiter : str, optional
        Override the detected text encoding or delimiter of a CSV/TXT file.

    Returns
    -------
    RawTable
        ``row_label`` numbers rows as a spreadsheet shows them (header = row 1), features from 1.

    Raises
    ------
    InputError
        Missing, empty or unreadable file, unknown sheet or layer, unsupported format.
    """
    path = Path(path)
    source = path.name
    if not path.exists():
        raise InputError(f"{path}: file not found; check the path (working directory is {Path.cwd()}).")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file; pass the data file inside it.")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty; export the data again or remove it from the list.")
    suffix = path.suffix.lower()
    if suffix == ".gz":  # gzip-compressed text or JSON: the inner suffix decides
        suffix = Path(path.stem).suffix.lower()
        if suffix not in _TEXT | {".json"}:
            raise InputError(f"{path}: only .csv.gz, .txt.gz and .json.gz are read compressed; unpack it first.")
    if suffix in _TEXT:
        return _read_text(path, source, encoding, delimiter)
    if suffix in _EXCEL:
        return _read_excel(path, source, sheet)
    if suffix == ".json":
        return _read_json(path, source, encoding)
    if suffix in _GIS or suffix in _PARQUET:
        return _read_gis(path, source, layer, parquet=suffix in _PARQUET)
    if suffix == ".xls":
        raise InputError(f"{path}: old Excel .xls is not supported; save it as .xlsx or CSV in Excel and pass that.")
    raise InputError(
        f"{path}: unknown file type '{suffix}'; pass CSV/TXT, XLSX, GeoJSON, GeoPackage, Shapefile, "
        "GeoParquet or police API JSON."
    )


def _decode(path: Path, encoding) -> tuple[str, str]:
    """Decode a text file: stated encoding, BOMs, strict UTF-8, then cp1252 (Swedish Windows exports)."""
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise InputError(f"{path}: not a readable gzip file ({err}); unpack it or export again.") from None
    candidates = [encoding] if encoding else []
    if data.startswith(b"\xef\xbb\xbf"):
        candidates.append("utf-8-sig")
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        candidates.append("utf-16")
    elif b"\x00" in data[:4096]:
        raise InputError(
            f"{path}: unreadable encoding (binary content); export the data as CSV (UTF-8) or pass --encoding."
        )
    candidates += ["utf-8", "cp1252", "latin-1"]
    for name in candidates:
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if name == "cp1252" and "\x81" in text:  # pragma: no cover - latin-1 below takes it
            continue
        return text.lstrip("\ufeff"), name
    raise InputError(f"{path}: unreadable encoding; save the file as UTF-8 or pass --encoding (e.g. cp1252).")


def _sniff_delimiter(text: str) -> str:
    """The delimiter whose header field count equals the commonest data field count (and > 1).

    A header has no decimal commas, so ``;`` files with decimal commas are not mistaken for ``,``.
    """
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    best, best_fields = None, 1
    for delim in _DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        header, data = counts[0], counts[1:] or counts[:1]
        modal = max(set(data), key=data.count)
        if header == modal and header > best_fields:
            best, best_fields = delim, header
    if best is None:
        raise InputError(
            "could not detect the delimiter (tried ; tab , |); pass --delimiter, e.g. --delimiter ';'."
        )
    return best


def _read_text(path: Path, source: str, encoding, delimiter) -> RawTable:
    text, used_encoding = _decode(path, encoding)
    if not text.strip():
        raise InputError(f"{path}: the file has no rows; export the data again.")
    try:
        delim = delimiter or _sniff_delimiter(text)
    except InputError as err:
        raise InputError(f"{path}: {err}") from None
    # The csv module (C code) rather than pandas: it lets rows with too many fields be
    # reported as malformed instead of aborting or being silently cut.
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim) if r]
    header, body = rows[0], rows[1:]
    if not body:
        raise InputError(f"{path}: only a header row, no data; export the data again.")
    width = len(header)
    lengths = np.fromiter((len(r) for r in body), dtype=np.int64, count=len(body))
    too_long = lengths > width
    labels = pd.Series(np.arange(2, len(body) + 2).astype(str))
    malformed = None
    if too_long.any():
        bad = np.flatnonzero(too_long)
        malformed = pd.DataFrame(
            {"row_label": labels.iloc[bad].to_numpy(), "raw": [delim.join(body[i]) for i in bad]}
        )
        body = [r for r, long_ in zip(body, too_long) if not long_]
        labels = labels[~too_long].reset_index(drop=True)
    if (lengths < width).any():  # exports often drop trailing empty fields: pad, don't reject
        body = [r + [""] * (width - len(r)) if len(r) < width else r for r in body]
    frame = pd.DataFrame(body, columns=_unique_names(header), dtype=object).replace({"": None})
    info = {"format": "csv", "encoding": used_encoding, "delimiter": delim}
    return _maybe_police(RawTable(frame, source, labels, None, malformed, info))


def _unique_names(header) -> list[str]:
    """Column names made unique and non-empty (duplicates get ``_2``)."""
    seen, out = {}, []
    for i, name in enumerate(header):
        name = str(name).strip() or f"column_{i + 1}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def _read_excel(path: Path, source: str, sheet) -> RawTable:
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as err:  # noqa: BLE001 - openpyxl raises many types for broken files
        raise InputError(f"{path}: cannot be read as an Excel workbook ({err}); save it again as .xlsx.") from None
    names = book.sheet_names
    if sheet is None:
        chosen = names[:1]
    elif str(sheet).lower() == "all":
        chosen = names
    elif isinstance(sheet, int) or str(sheet).isdigit():
        idx = int(sheet)
        if idx >= len(names):
            raise InputError(f"{path}: has no sheet number {idx}; sheets are: {', '.join(names)}; pass --sheet NAME.")
        chosen = [names[idx]]
    elif sheet in names:
        chosen = [sheet]
    else:
        raise InputError(f"{path}: has no sheet '{sheet}'; sheets are: {', '.join(names)}; pass --sheet NAME or 'all'.")
    frames, labels = [], []
    for name in chosen:
        part = pd.read_excel(book, sheet_name=name, dtype=object).dropna(how="all")
        part.columns = _unique_names(part.columns)
        frames.append(part)
        # Sheet rows as Excel shows them: header is row 1, pandas index 0 is row 2.
        rows = (part.index.to_numpy() + 2).astype(str)
        labels.append(pd.Series(rows if len(chosen) == 1 else np.char.add(f"{name}!", rows)))
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    if frame.empty:
        raise InputError(f"{path}: sheet(s) {', '.join(chosen)} have no data rows; pass --sheet with the right sheet.")
    frame = frame.astype(object).where(frame.notna(), None)
    label = pd.concat(labels, ignore_index=True)
    return _maybe_police(RawTable(frame, source, label, None, None, {"format": "xlsx", "sheets": chosen}))


def _read_json(path: Path, source: str, encoding) -> RawTable:
    text, _ = _decode(path, encoding)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not valid JSON (line {err.lineno}, column {err.colno}); check the export.") from None
    if isinstance(data, dict) and data.get("type") in ("FeatureCollection", "Feature"):
        return _read_gis(path, source, None, parquet=False)
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else data
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError(f"{path}: JSON must be a list of records or GeoJSON; got {type(data).__name__}.")
    if not data:
        raise InputError(f"{path}: the JSON list is empty; there are no records to read.")
    frame = pd.json_normalize(data, sep="_").astype(object)
    frame = frame.where(frame.notna(), None)
    labels = pd.Series(np.arange(1, len(frame) + 1).astype(str))
    return _maybe_police(RawTable(frame, source, labels, None, None, {"format": "json"}))


def _read_gis(path: Path, source: str, layer, *, parquet: bool) -> RawTable:
    try:
        # GeoJSON: keep date-like text as written (GDAL would read "2026-05-02 02:00-02:15" as a
        # time with a -02:15 offset); the time and schedule parsers read the text themselves.
        options = {"DATE_AS_STRING": "YES"} if path.suffix.lower() in (".geojson", ".json") else {}
        gdf = gpd.read_parquet(path) if parquet else gpd.read_file(path, layer=layer, **options)
    except Exception as err:  # noqa: BLE001 - pyogrio/arrow raise many types; all mean "cannot read this file"
        message = str(err).splitlines()[0]
        if layer is not None and "layer" in message.lower():
            raise InputError(f"{path}: has no layer '{layer}' ({message}); "
                             "pass --layer with an existing layer.") from None
        raise InputError(f"{path}: cannot be read as a GIS file ({message}); "
                         "check the file or export it again.") from None
    if gdf.empty:
        raise InputError(f"{path}: the layer has no features; pass --layer or check the export.")
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).reset_index(drop=True).astype(object)
    frame = frame.where(frame.notna(), None)
    geometry = gdf.geometry.reset_index(drop=True)
    labels = pd.Series(np.char.add("feature ", np.arange(1, len(frame) + 1).astype(str)))
    fmt = "geoparquet" if parquet else path.suffix.lower().lstrip(".")
    return RawTable(frame, source, labels, geometry, None, {"format": fmt, "layer": layer})


def _maybe_police(table: RawTable) -> RawTable:
    """Recognise the police events API shape (as JSON or as a CSV made from it) and normalise it."""
    converted = police_events_table(table.frame)
    if converted is None:
        return table
    frame, hints, pre_reason = converted
    info = {**table.info, "format": table.info["format"] + " (police events API)"}
    return RawTable(frame, table.source, table.row_label, None, table.malformed, info, hints, pre_reason)
