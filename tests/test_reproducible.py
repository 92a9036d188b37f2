"""maps/products/reproducible.py: workbooks and GeoPackages carry no write time (issue #16.6)."""

import hashlib
import os
import sqlite3
import stat
import time
import zipfile
from contextlib import closing

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from maps.products.exports.export import write_table


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables():
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    geo = gpd.GeoDataFrame(frame, geometry=[Point(871000, 7328000), Point(871100, 7328100)], crs="EPSG:3006")
    return frame, geo


def test_same_bytes_a_second_later(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    frame, geo = _tables()
    digests = []
    for name in ("one", "two"):
        folder = tmp_path / name
        write_table(frame, folder / "t.xlsx", layer="hotspots")
        write_table(frame, folder / "t.xlsx", layer="gaps")
        write_table(geo, folder / "t.gpkg", layer="hotspots")
        write_table(geo, folder / "t.gpkg", layer="cells")
        write_table(geo, folder / "t.geojson")
        digests.append([_sha(folder / f) for f in ("t.xlsx", "t.gpkg", "t.geojson")])
        time.sleep(1.1)  # the stamps have one-second resolution
    assert digests[0] == digests[1]
    with zipfile.ZipFile(tmp_path / "one" / "t.xlsx") as book:
        assert {i.date_time for i in book.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert "2000-01-01T00:00:00Z" in book.read("docProps/core.xml").decode()
        assert pd.ExcelFile(tmp_path / "one" / "t.xlsx").sheet_names == ["hotspots", "gaps"]
    with closing(sqlite3.connect(tmp_path / "one" / "t.gpkg")) as db:
        assert {r[0] for r in db.execute("SELECT last_change FROM gpkg_contents")} == {"2000-01-01T00:00:00.000Z"}
    assert '"name": "t"' in (tmp_path / "one" / "t.geojson").read_text(encoding="utf-8")  # not the temp name


def test_source_date_epoch_is_the_stamp(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28 20:26:40 UTC
    write_table(_tables()[0], tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as book:
        assert "2026-05-28T20:26:40Z" in book.read("docProps/core.xml").decode()


def test_products_are_not_private_files(tmp_path):
    mask = os.umask(0o022)
    try:
        path = write_table(_tables()[0], tmp_path / "t.csv")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # mkstemp's 0600 is not kept
