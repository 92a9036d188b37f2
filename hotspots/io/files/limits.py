"""The reader's limits, in one place: what it refuses with a clear message instead of failing later.

Every limit is checked before or while reading, and a refusal names the file (and the row and
column for a field) and says what to do. The values are generous for incident exports (a decade of
Swedish incidents is ~15 million rows and ~700 MB as CSV) and small enough that a broken or hostile
file cannot exhaust the memory of an analyst's laptop.
"""

__all__ = ["MAX_FIELD_BYTES", "MAX_FILE_BYTES", "MAX_ROWS", "MAX_SNIFF_BYTES", "BLOCK_BYTES"]

#: Longest single cell (bytes of UTF-8). No coordinate, time or category needs more; a longer cell is
#: a broken export (an unclosed quote swallowing the rest of the file) or an attack.
MAX_FIELD_BYTES = 1 << 20  # 1 MiB

#: Largest input file (bytes on disk, and again after gzip/zip decompression). Text files are read
#: into memory whole; larger data belongs in Parquet parts (a folder), which are not limited by this.
MAX_FILE_BYTES = 4 << 30  # 4 GiB

#: Most records in one file or sheet (a decade of a national export is ~15 million).
MAX_ROWS = 100_000_000

#: Bytes of the start of a text file used to detect encoding problems, header and delimiter.
MAX_SNIFF_BYTES = 1 << 20

#: pyarrow's CSV block size: a row longer than this cannot be parsed, so it is larger than any row
#: within MAX_FIELD_BYTES per field times a normal column count.
BLOCK_BYTES = 16 << 20
