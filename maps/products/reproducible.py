"""Byte-identical products: the wall-clock stamps some formats write into a file, made fixed.

Two runs on the same input must give the same bytes (issue #16.6), so a product may not carry the time it
was written. Two formats stamp it without being asked: Excel workbooks (``docProps/core.xml`` ``created`` and
``modified``, and each zip member's date) and GeoPackages (``gpkg_contents.last_change``). After such a file
is written, :func:`fix_stamps` sets those to one fixed time: ``SOURCE_DATE_EPOCH`` when set (the
reproducible-builds convention :mod:`maps.products.build_time` follows too), else 2000-01-01 00:00 UTC.
Other formats are left as they are.
"""

import os
import re
import sqlite3
import zipfile
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["fix_stamps"]

_DEFAULT = datetime(2000, 1, 1, tzinfo=timezone.utc)
_CORE = "docProps/core.xml"
_CORE_TIME = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def fix_stamps(path) -> Path:
    """Replace the write-time stamps inside ``path`` (``.xlsx``, ``.gpkg``) with the fixed time.

    Parameters
    ----------
    path : str or Path
        A file just written (normally the temporary file of :func:`maps.products.atomic.atomic_write`).

    Returns
    -------
    Path
        ``path``, changed in place; other suffixes are not touched.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _fix_workbook(path, _when())
    elif suffix == ".gpkg":
        _fix_geopackage(path, _when())
    return path


def _when() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    stamp = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else _DEFAULT
    return max(stamp, datetime(1980, 1, 1, tzinfo=timezone.utc))  # the earliest time a zip can hold


def _fix_workbook(path, when):
    """Rewrite the workbook's zip with fixed member dates and core-property times (same order, same data)."""
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as old:
        members = [(info, old.read(info.filename)) for info in old.infolist()]
    staged = path.with_name(path.name + ".zip")
    try:
        with zipfile.ZipFile(staged, "w", zipfile.ZIP_DEFLATED) as new:
            for info, data in members:
                if info.filename == _CORE:
                    data = _CORE_TIME.sub(rf"\g<1>{iso}\g<2>", data.decode("utf-8")).encode("utf-8")
                fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
                fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
                new.writestr(fixed, data)
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)


def _fix_geopackage(path, when):
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE gpkg_contents SET last_change = ?", (stamp,))
