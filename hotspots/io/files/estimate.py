"""How many rows a file holds, estimated before reading it (for the early memory check).

Parquet (a file or a folder of parts) says so in its metadata: exact, without reading a row. A plain text
file (CSV, TXT, TSV) is estimated from its size and the mean line length of its first megabyte. Other
formats (Excel, GIS files, JSON, compressed text) are small enough in practice and are not estimated.
"""

from pathlib import Path

__all__ = ["estimate_rows"]

_TEXT = {".csv", ".txt", ".tsv", ".tab"}
_SAMPLE = 1 << 20


def estimate_rows(path) -> int | None:
    """Rows in ``path``: exact for Parquet, estimated for plain text, ``None`` when not estimated.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    int or None
    """
    path = Path(path)
    try:
        if path.is_dir() or path.suffix.lower() in (".parquet", ".parq", ".pq"):
            import pyarrow.dataset as ds

            return int(ds.dataset(str(path), format="parquet", partitioning="hive").count_rows())
        if path.suffix.lower() in _TEXT and path.is_file():
            size = path.stat().st_size
            with open(path, "rb") as handle:
                sample = handle.read(_SAMPLE)
            lines = sample.count(b"\n")
            if len(sample) == size:  # the whole file: its lines less the header
                return max(lines - 1, 0)
            return int(size * max(lines, 1) / max(len(sample), 1))
    except Exception:  # noqa: BLE001 - an estimate only: the reader reports what is wrong with the file
        return None
    return None
