"""Write a table or layer to the file type its name asks for (GeoPackage, GeoJSON, CSV, Excel)."""

from pathlib import Path

import geopandas as gpd
import pandas as pd

from hotspots.errors import InputError
from maps.products.atomic import atomic_write
from maps.products.reproducible import fix_stamps
from maps.share.cells import neutralise_cells

__all__ = ["write_table"]

_KINDS = {".gpkg": "GeoPackage", ".geojson": "GeoJSON", ".json": "GeoJSON", ".csv": "CSV", ".xlsx": "Excel"}


def write_table(frame, path, *, layer=None, spatial_index=True) -> Path:
    """Write ``frame`` to ``path``; the suffix picks the format.

    Parameters
    ----------
    frame : DataFrame or GeoDataFrame
    path : str or Path
        ``.gpkg`` and ``.geojson`` keep geometry (GeoJSON in WGS84, as the format requires);
        ``.csv`` is the Swedish spreadsheet dialect (``;``, decimal comma, UTF-8 with BOM) with the
        geometry as WKT; ``.xlsx`` likewise without the dialect.
    layer : str, optional
        GeoPackage layer or Excel sheet name (default: the file stem / the first sheet). Writing a
        second layer or sheet into an existing file adds it (replacing one of the same name).
    spatial_index : bool
        GeoPackage only: build the R-tree index (about 20 kB a layer even for six features; a small
        layer draws as fast without one).

    Returns
    -------
    Path
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _KINDS:
        raise InputError(f"{path}: cannot write '{suffix}' files; use one of {', '.join(_KINDS)}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    is_geo = isinstance(frame, gpd.GeoDataFrame)
    if suffix in (".gpkg", ".geojson", ".json"):
        if not is_geo:
            raise InputError(f"{path}: {_KINDS[suffix]} needs geometry; write this table as .csv or .xlsx.")
        frame = _plain_columns(frame)
        # a GeoPackage gains layers, so it starts from the existing file; GeoJSON is written whole
        with atomic_write(path, copy=suffix == ".gpkg") as tmp:
            if suffix == ".gpkg":
                frame.to_file(tmp, layer=layer or path.stem, driver="GPKG",
                              **({} if spatial_index else {"SPATIAL_INDEX": "NO"}))
            else:
                # the layer name is the file's own, not the temporary file's (the "name" member)
                frame.to_crs(4326).to_file(tmp, layer=layer or path.stem, driver="GeoJSON")
            fix_stamps(tmp)
        return path
    table = pd.DataFrame(frame)
    if is_geo:
        table[frame.geometry.name] = frame.geometry.to_wkt()
    table = neutralise_cells(_plain_columns(table))  # no cell may become a formula in a spreadsheet
    adding = suffix == ".xlsx" and layer is not None and path.exists()
    with atomic_write(path, copy=adding) as tmp:
        if suffix == ".csv":
            # CRLF (RFC 4180) also makes the writer quote a lone carriage return inside a cell
            table.to_csv(tmp, sep=";", decimal=",", index=False, encoding="utf-8-sig", lineterminator="\r\n")
        elif adding:
            with pd.ExcelWriter(tmp, mode="a", if_sheet_exists="replace") as book:
                table.to_excel(book, sheet_name=layer, index=False)
        else:
            table.to_excel(tmp, sheet_name=layer or "Sheet1", index=False)
        fix_stamps(tmp)  # no write time inside the file: two runs give the same bytes
    return path


def _plain_columns(frame):
    """Time zones and lists do not survive every format: write times as ISO text, lists joined."""
    out = frame.copy()
    for name in out.columns:
        col = out[name]
        if isinstance(col.dtype, pd.DatetimeTZDtype):
            out[name] = col.astype("string")  # "2024-05-01 22:30:00+02:00"
        elif col.dtype == object and col.dropna().head(100).map(lambda v: isinstance(v, (list, tuple))).any():
            out[name] = col.map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out
