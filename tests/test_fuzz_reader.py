"""Issue #16.7: the readers under random input: a clean InputError naming the file, or a correct reading.

Random bytes, delimiters, quoting, encodings (UTF-8, UTF-16, cp1252) and table shapes are written to a file
and read by :func:`hotspots.io.read.read_points`, :func:`layers.plans.patrols.read_patrols` and
:func:`layers.plans.places.read_places`. The outcome must be an ``InputError`` whose message names the file, or a
reading with ``rows_used + rows_rejected == rows_read``; any other exception fails the test. Derandomised
(fixed examples per run) so CI is repeatable; ``max_examples`` keeps the whole module to well under a minute.
"""

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotspots.errors import InputError
from hotspots.io.read import read_points
from layers.plans.dates import PlanningWindow
from layers.plans.patrols import read_patrols
from layers.plans.places import read_places

SETTINGS = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MIDSOMMAR = PlanningWindow(pd.Timestamp("2026-06-19 12:00", tz="Europe/Stockholm"),
                           pd.Timestamp("2026-06-21 06:00", tz="Europe/Stockholm"))
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252")
HEADERS = {
    "points": ["id", "x", "y", "lat", "lon", "start", "datum", "category", "kategori", "brottskod", "text", "weight"],
    "patrols": ["patrol_id", "unit", "mode", "x", "y", "lat", "lon", "schedule", "radius_m", "start", "end"],
    "places": ["place_id", "name", "x", "y", "lat", "lon", "radius_m", "events", "note"],
}
CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "NaN", "inf", "-inf", "0", "1e400", "65,85", "23.5", "7327900", "871400", "2024-05-01 22:30",
                     "2099-13-45", "fre 22-02", "lör 22:00-02:00", "valborg", '"', '""', "\n", "\r\n", ";", "=SUM(1)",
                     "åäö", "\x00", "-1", "1" * 30, "midsommarafton 20-03", "v25 fre 20-03", "19/6 20–03",
                     "fre 19 juni 2027 kl. 20—03", "vecka 53 helg 20.00-03.00"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**12, 10**12).map(str))


def _table(kind):
    """A delimited table: header from the kind's likely names (or junk), rows of random width."""
    header = st.lists(st.one_of(st.sampled_from(HEADERS[kind]), st.text(max_size=6)), min_size=1, max_size=8)
    return st.tuples(header, st.lists(st.lists(CELLS, max_size=9), max_size=12),
                     st.sampled_from([";", ",", "\t", "|", " "]), st.sampled_from(['"', "'", ""]),
                     st.sampled_from(ENCODINGS), st.sampled_from(["\n", "\r\n", "\r"]))


# Plausible tables (a readable header, mostly good values) with random damage, so that readings happen too
GOOD = {
    "points": (["id", "kategori", "start", "x", "y"],
               [st.integers(1, 10**6).map(str), st.sampled_from(["Misshandel", "Stöld", "Skadegörelse", "okänd"]),
                st.sampled_from(["2024-05-01 22:30", "2023-12-31 23:59", "2024-03-31 02:30", "2024-10-27 02:30"]),
                st.integers(860000, 880000).map(str), st.integers(7320000, 7335000).map(str)]),
    "patrols": (["patrull", "enhet", "färdsätt", "schema", "radie_m", "latitud", "longitud"],
                [st.sampled_from(["P01", "P02", "X"]), st.sampled_from(["Ingripande", "Områdespolis"]),
                 st.sampled_from(["fot", "bil", "cykel", "häst"]),
                 st.sampled_from(["fre 22:00-02:00; lör 22-02", "Fri-Sat 22-02", "mån 08-16", "sön 23-01",
                                  "midsommarafton 20-03", "19/6 20:00–03:00", "fre 19 juni kl. 20–03", "v25 fre 20-03",
                                  "19 juni 20.00-03.00; midsommardagen 12-16", "2026-06-19 20-03"]),
                 st.sampled_from(["150", "", "0", "50,5"]), st.sampled_from(["65,8535", "65,85", "65,86"]),
                 st.sampled_from(["23,1545", "23,16", "23,14"])]),
    "places": (["namn", "x", "y", "radie_m", "evenemang"],
               [st.sampled_from(["Torget", "Strandängen", "Skolan"]), st.integers(860000, 880000).map(str),
                st.integers(7320000, 7335000).map(str), st.sampled_from(["150", "", "80"]),
                st.sampled_from(["valborg", "midsommar", "valborg, nyarsafton", ""])]),
}


def _plausible(kind):
    header, cells = GOOD[kind]
    row = st.tuples(*cells).map(list)
    damaged = st.tuples(row, st.integers(0, len(cells) - 1), CELLS).map(
        lambda r: r[0][:r[1]] + [r[2]] + r[0][r[1] + 1:])  # one cell replaced by junk
    rows = st.lists(st.one_of(row, row, damaged, st.lists(CELLS, max_size=9)), min_size=0, max_size=12)
    return st.tuples(st.just(header), rows, st.sampled_from([";", ",", "\t"]), st.sampled_from(['"', ""]),
                     st.sampled_from(ENCODINGS), st.sampled_from(["\n", "\r\n"]))


def _render(header, rows, sep, quote, encoding, newline):
    def cell(value):
        return f"{quote}{value.replace(quote, quote * 2)}{quote}" if quote and quote in value + sep else value
    text = newline.join(sep.join(map(cell, row)) for row in [header, *rows])
    return text.encode(encoding, errors="replace")


FILES = st.one_of(
    st.binary(max_size=400).map(lambda b: (b, ".csv")),
    st.tuples(st.binary(max_size=200), st.sampled_from([".csv", ".txt", ".xlsx", ".geojson", ".json", ".gpkg",
                                                         ".parquet", ".zip", ".gz"])),
)


def _check(reader, data, suffix, name="indata åäö"):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}{suffix}"
        path.write_bytes(data)
        try:
            result = reader(path)
        except InputError as err:
            assert path.name in str(err) or str(path) in str(err), f"error does not name the file: {err}"
            assert "internal error" not in str(err).lower(), str(err)
            return None
    s = result.summary
    assert s["rows_used"] + s["rows_rejected"] == s["rows_read"], s
    return s


def _points(path):
    return read_points(path)


def _patrols(path):
    """The plan read twice: on its own (its full dates give the year, if any) and for midsommar 2026."""
    plain = read_patrols(path)
    s = read_patrols(path, window=MIDSOMMAR).summary
    assert s["rows_used"] + s["rows_rejected"] == s["rows_read"] == plain.summary["rows_read"], s
    return plain


def _places(path):
    return read_places(path)


READERS = {"points": _points, "patrols": _patrols, "places": _places}


@pytest.mark.parametrize("kind", list(READERS))
@SETTINGS
@given(data=st.data())
def test_random_tables_read_or_fail_cleanly(kind, data):
    header, rows, sep, quote, encoding, newline = data.draw(_table(kind))
    _check(READERS[kind], _render(header, rows, sep, quote, encoding, newline), data.draw(
        st.sampled_from([".csv", ".txt", ".tsv"])))


@pytest.mark.parametrize("kind", list(READERS))
@SETTINGS
@given(data=st.data())
def test_damaged_plausible_tables_read_or_fail_cleanly(kind, data):
    _check(READERS[kind], _render(*data.draw(_plausible(kind))), ".csv")


@pytest.mark.parametrize("kind", list(READERS))
@SETTINGS
@given(file=FILES)
def test_random_bytes_read_or_fail_cleanly(kind, file):
    _check(READERS[kind], *file)
