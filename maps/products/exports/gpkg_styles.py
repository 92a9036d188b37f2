"""QGIS styles inside a GeoPackage: the ``layer_styles`` table QGIS reads when it opens a layer.

QGIS stores a layer's default style in a table ``layer_styles`` of the GeoPackage itself (columns
``f_table_catalog``, ``f_table_schema``, ``f_table_name``, ``f_geometry_column``, ``styleName``, ``styleQML``,
``styleSLD``, ``useAsDefault``, ``description``, ``owner``, ``ui``, ``update_time``) and registers it in
``gpkg_contents`` as an ``attributes`` table. :func:`style_gpkg` writes that table with :mod:`sqlite3`
into a copy of the file and renames the copy over it (:mod:`maps.products.atomic`), so the municipality's
GIS engineer opens the layers in QGIS looking like the HTML map. ``update_time`` is fixed
(:data:`FIXED_TIME`) unless ``SOURCE_DATE_EPOCH`` (or ``HOTSPOT_BUILD_TIME=now``) asks for a build time,
so two runs write the same rows.
"""

import sqlite3
from datetime import timezone
from pathlib import Path

from maps.products.atomic import atomic_write
from maps.products.build_time import build_time
from maps.products.reproducible import fix_stamps

__all__ = ["FIXED_TIME", "style_gpkg"]

FIXED_TIME = "2000-01-01T00:00:00.000Z"
_CREATE = """CREATE TABLE IF NOT EXISTS "layer_styles" (
 "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "f_table_catalog" TEXT(256), "f_table_schema" TEXT(256),
 "f_table_name" TEXT(256), "f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT,
 "useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), "ui" TEXT(30),
 "update_time" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"""


def style_gpkg(path, styles) -> Path:
    """Store a default QGIS style per layer in the GeoPackage at ``path`` (replacing earlier rows of those layers).

    Parameters
    ----------
    path : str or Path
        An existing GeoPackage (e.g. written by :func:`maps.products.exports.export.write_table`).
    styles : list of dict
        One per layer: ``table`` (layer name), ``qml`` (:func:`maps.products.exports.qml.layer_qml`), and optionally
        ``name`` (the style's name, default the table's), ``description`` and ``geometry_column`` (default
        the column ``gpkg_geometry_columns`` names for the table).

    Returns
    -------
    Path
    """
    path = Path(path)
    made = build_time()
    stamp = made.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z") if made is not None else FIXED_TIME
    with atomic_write(path, copy=True) as tmp:
        con = sqlite3.connect(tmp)
        try:
            with con:
                columns = dict(con.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall())
                con.execute(_CREATE)
                for style in styles:
                    table = style["table"]
                    con.execute('DELETE FROM "layer_styles" WHERE f_table_name = ?', (table,))
                    con.execute(
                        'INSERT INTO "layer_styles" (f_table_catalog, f_table_schema, f_table_name, f_geometry_column,'
                        ' styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) '
                        "VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', NULL, ?)",
                        (table, style.get("geometry_column") or columns.get(table, "geom"), style.get("name", table),
                         style["qml"], style.get("description", ""), stamp))
                con.execute("INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier, description, "
                            "last_change) VALUES ('layer_styles', 'attributes', 'layer_styles', '', ?)", (stamp,))
        finally:
            con.close()
        fix_stamps(tmp)  # same bytes for the same content (see maps.products.reproducible)
    return path
