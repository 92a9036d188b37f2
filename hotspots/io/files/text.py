"""Delimited text (CSV, TSV, TAB, TXT, any extension) read column by column through pyarrow.

The dialect rules stay those of the product: encoding from BOM, strict UTF-8, else cp1252 or
Latin-1; delimiter sniffed from content (the header's field count must equal the commonest data
field count, so ``;`` files with decimal commas are not taken for ``,``); quoted newlines; every
cell read as text (the parsers downstream decide what it means). pyarrow parses; its
``invalid_row_handler`` hands back the rows with a wrong field count, so none is lost: rows with
too many fields become ``malformed`` (with their raw text), rows with too few are padded with empty
cells as before (exports often drop trailing empty fields). Rows are labelled as a spreadsheet
numbers them (header = 1, blank lines not counted).
"""

import codecs
import csv
import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from hotspots.errors import InputError
from hotspots.io.files._raw import RawTable, object_frame, unique_names
from hotspots.io.files.limits import BLOCK_BYTES, MAX_FIELD_BYTES, MAX_ROWS, MAX_SNIFF_BYTES

__all__ = ["read_text"]

_DELIMITERS = (";", "\t", ",", "|")
_CHUNK = 16 << 20
_SNIFF_LINE = 100_000  # below the csv module's default field limit (131,072)


def read_text(data: bytes, *, path, encoding=None, delimiter=None, columns=None) -> RawTable:
    """Read delimited text (already decompressed bytes) into a :class:`RawTable`.

    Parameters
    ----------
    data : bytes
        The file's content.
    path : Path
        The file, for messages (its name is the table's ``source``).
    encoding, delimiter : str, optional
        Override the detected encoding or delimiter.
    columns : sequence of str, optional
        Read only these columns (names as in the header); default all.

    Returns
    -------
    RawTable
        Text cells as text (missing for empty: ``None``, or ``pd.NA`` in a long Arrow text column, see
        :func:`hotspots.io.files._raw.object_frame`), ``malformed`` rows (``row_label``, ``raw``),
        ``info`` with ``format``, ``encoding`` and ``delimiter``.

    Raises
    ------
    InputError
        Unreadable encoding, no rows, header only, undetectable delimiter, a field over the limit.
    """
    data, used_encoding = _utf8(data, path, encoding)
    head = data[:MAX_SNIFF_BYTES].decode("utf-8", errors="ignore")
    if not head.strip():
        raise InputError(f"{path}: the file has no rows; export the data again.")
    try:
        delim = delimiter or _sniff_delimiter(head)
    except InputError as err:
        raise InputError(f"{path}: {err}") from None
    try:
        header = next((r for r in csv.reader(io.StringIO(head[:_SNIFF_LINE * 4], newline=""), delimiter=delim)
                       if r), [])
    except csv.Error as err:
        raise InputError(f"{path}: the header row cannot be read ({err}); check the first line of the file.") from None
    names = unique_names(header)
    wanted = [n for n in names if columns is None or n in columns]
    table, invalid = _parse(data, path, delim, header, names, wanted)
    too_long = [r for r in invalid if r[1] > len(header) or len(r[2]) >= _SNIFF_LINE]
    too_short = [r for r in invalid if r[1] <= len(header) and len(r[2]) < _SNIFF_LINE]
    n_records = table.num_rows + len(invalid)
    if n_records == 0:
        raise InputError(f"{path}: only a header row, no data; export the data again.")
    if n_records > MAX_ROWS:
        raise InputError(f"{path}: {n_records:,} rows, more than the limit of {MAX_ROWS:,}; split the file "
                         "(e.g. by year) or convert it to a folder of Parquet parts.")
    # Record numbers: pyarrow counts the header as 1; the good rows are the ones not handed back.
    bad = np.array([r[0] for r in invalid], dtype=np.int64)
    good = np.setdiff1d(np.arange(2, n_records + 2), bad, assume_unique=True)
    _check_fields(table, wanted, good, path)
    frame = object_frame(table, wanted)
    labels = good
    if too_short:  # pad and put back in file order
        fields = [next(csv.reader(io.StringIO(r[2], newline=""), delimiter=delim), []) for r in too_short]
        padded = [[None if v == "" else v for v in f] + [None] * (len(names) - len(f)) for f in fields]
        extra = pd.DataFrame(padded, columns=names, dtype=object)[wanted]
        labels = np.concatenate([good, [r[0] for r in too_short]])
        order = np.argsort(labels, kind="stable")
        frame = pd.concat([frame.astype(object), extra], ignore_index=True).iloc[order].reset_index(drop=True)
        labels = labels[order]
    malformed = None
    if too_long:
        malformed = pd.DataFrame({"row_label": [str(r[0]) for r in too_long], "raw": [r[2] for r in too_long]})
    # Arrow strings, as Parquet's labels: 15 million Python strings would cost seconds and a gigabyte.
    row_label = pd.Series(pc.cast(pa.array(labels, type=pa.int64()), pa.string()), dtype="str")
    info = {"format": "csv", "encoding": used_encoding, "delimiter": delim}
    return RawTable(frame, path.name, row_label, None, malformed, info)


def _utf8(data: bytes, path, encoding) -> tuple[bytes, str]:
    """The content as UTF-8 bytes and the encoding it was written in."""
    if encoding:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise InputError(f"{path}: cannot be decoded as {encoding!r} ({err}); pass another --encoding "
                             "(utf-8, cp1252, latin-1).") from None
        return text.lstrip("\ufeff").encode("utf-8"), encoding
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[3:], path, None)[0], "utf-8-sig"
    if data[:4] in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE):  # before UTF-16: its BOM starts the same
        return _utf8(data, path, "utf-32")[0], "utf-32"
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return _utf8(data, path, "utf-16")[0], "utf-16"
    if b"\x00" in data[:4096]:
        raise InputError(
            f"{path}: unreadable encoding (binary content); export the data as CSV (UTF-8) or pass --encoding.")
    if _is_utf8(data):
        return data, "utf-8"
    for name in ("cp1252", "latin-1"):
        try:
            return data.decode(name).encode("utf-8"), name
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: unreadable encoding; save the file as UTF-8 or pass --encoding (e.g. cp1252).")


def _is_utf8(data: bytes) -> bool:
    """Strict UTF-8 check in chunks, so a large file is not copied into one huge string."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHUNK):
            decoder.decode(view[start:start + _CHUNK], final=start + _CHUNK >= len(data))
    except UnicodeDecodeError:
        return False
    return True


def _sniff_delimiter(text: str) -> str:
    """The delimiter whose header field count equals the commonest data field count (and > 1)."""
    # Lines over the csv module's field limit (a huge cell) cannot vote; pyarrow reads them later.
    lines = [line for line in text.splitlines()[:200] if line.strip() and len(line) < _SNIFF_LINE]
    best, best_fields = None, 1
    for delim in _DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=delim)] or [0]
        header, data = counts[0], counts[1:] or counts[:1]
        modal = max(set(data), key=data.count)
        if header == modal and header > best_fields:
            best, best_fields = delim, header
    if best is None:
        raise InputError("could not detect the delimiter (tried ; tab , |); pass --delimiter, e.g. --delimiter ';'.")
    return best


def _parse(data, path, delim, header, names, wanted):
    """pyarrow's parse of every record as text; rows with a wrong field count come back as
    ``(record number, field count, raw text)``."""
    invalid = []

    def keep(row):
        invalid.append((row.number, row.actual_columns, row.text))
        return "skip"

    def run(threads):
        invalid.clear()
        return pcsv.read_csv(
            pa.BufferReader(data),
            read_options=pcsv.ReadOptions(use_threads=threads, block_size=BLOCK_BYTES),
            parse_options=pcsv.ParseOptions(delimiter=delim, newlines_in_values=b'"' in data,
                                            invalid_row_handler=keep),
            convert_options=pcsv.ConvertOptions(
                column_types={h: pa.string() for h in header}, null_values=[""], strings_can_be_null=True,
                include_columns=[] if wanted == names else [header[names.index(w)] for w in wanted]))
    try:
        table = run(True)
        if invalid:  # record numbers are only known in a serial parse
            table = run(False)
    except pa.ArrowInvalid as err:
        message = str(err).splitlines()[0]
        if "straddling" in message or "block" in message:
            raise InputError(f"{path}: a row longer than {BLOCK_BYTES >> 20} MB (limit {MAX_FIELD_BYTES >> 20} MB "
                             "per field); an unclosed quote (\") usually swallows the rest of the file: check the "
                             "quoting or export again.") from None
        raise InputError(f"{path}: cannot be read as delimited text ({message}); check the export or pass "
                         "--delimiter / --encoding.") from None
    return table.rename_columns(wanted), invalid


def _check_fields(table, names, labels, path):
    """Refuse a cell longer than MAX_FIELD_BYTES, naming its row and column."""
    for name, column in zip(names, table.columns):
        if column.null_count == len(column):
            continue
        lengths = pc.binary_length(column)
        if (pc.max(lengths).as_py() or 0) > MAX_FIELD_BYTES:
            index = pc.index(pc.greater(lengths, MAX_FIELD_BYTES), True).as_py()
            raise InputError(f"{path}: the cell in column {name!r} of row {labels[index]} is larger than the "
                             f"limit of {MAX_FIELD_BYTES >> 20} MB; remove the long text from the export "
                             "(or check for an unclosed quote).")
