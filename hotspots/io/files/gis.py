"""GIS files (GeoPackage, GeoJSON, Shapefile, FlatGeobuf, ...) through pyogrio's Arrow path, every
layer that holds points: a layer of (Multi)Point geometries, or a table without geometry whose
columns are named like coordinates. Other layers (areas, lines, notes) are named as skipped."""

from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio

from hotspots.errors import InputError
from hotspots.io.files._raw import RawTable
from hotspots.io.where.xynames import find_xy_columns

__all__ = ["read_gis"]


def read_gis(path, *, layer=None, every=False):
    """Read the point layer(s) of a GIS file.

    Parameters
    ----------
    path : str or Path
        The file (``.zip`` of a shapefile works too).
    layer : str, optional
        The layer to read. Default: the one layer that holds points; with several, see ``every``.
    every : bool
        With several point layers and no ``layer``: read them all (``True``) or stop with an error
        that lists them and says how to pick one (``False``).

    Returns
    -------
    tuple of (list of RawTable, list of str)
        One table per layer read (``source`` is ``FILE:layer`` when the file has several layers)
        and the layers skipped, each with why.

    Raises
    ------
    InputError
        Unreadable file, unknown layer, no layer with points, or several without ``every``.
    """
    path = Path(path)
    try:
        layers = [(str(name), str(kind)) for name, kind in pyogrio.list_layers(path)]
    except Exception as err:  # noqa: BLE001 - GDAL raises several types; all mean "cannot read this file"
        raise InputError(f"{path}: cannot be read as a GIS file ({str(err).splitlines()[0]}); "
                         "check the file or export it again.") from None
    names = [name for name, _ in layers]
    if layer is not None:
        if str(layer) not in names:
            raise InputError(f"{path}: has no layer '{layer}'; layers are: {', '.join(names)}; pass --layer "
                             f"with one of them (or {path.name}:LAYER).")
        return [_read_layer(path, str(layer), len(layers) > 1)], []
    chosen, skipped = [], []
    for name, kind in layers:
        if "point" in kind.lower() or (kind in ("None", "Unknown") and _has_xy(path, name)):
            chosen.append(name)
        else:
            skipped.append(f"{path.name}:{name} ({kind.lower() if kind != 'None' else 'no geometry'}, no points)")
    if not chosen:
        if len(layers) == 1:  # one layer: read it and let the point reader say what is wrong with it
            return [_read_layer(path, names[0], False)], []
        raise InputError(f"{path}: no layer holds points (layers: {'; '.join(skipped)}); pass --layer NAME.")
    if len(chosen) > 1 and not every:
        raise InputError(f"{path}: has {len(chosen)} layers with points ({', '.join(chosen)}); pick one with "
                         f"--layer NAME or {path.name}:{chosen[0]}.")
    return [_read_layer(path, name, len(layers) > 1) for name in chosen], skipped


def _has_xy(path, name):
    try:
        fields = pyogrio.read_info(path, layer=name)["fields"]
    except Exception:  # noqa: BLE001 - an unreadable layer holds no points we can read
        return False
    return find_xy_columns([str(f) for f in fields]) is not None


def _read_layer(path: Path, name: str, several: bool) -> RawTable:
    try:
        # GeoJSON: keep date-like text as written (GDAL would read "2026-05-02 02:00-02:15" as a
        # time with a -02:15 offset); the time and schedule parsers read the text themselves.
        options = {"DATE_AS_STRING": "YES"} if path.suffix.lower() in (".geojson", ".json") else {}
        gdf = pyogrio.read_dataframe(path, layer=name, use_arrow=True, **options)
    except Exception as err:  # noqa: BLE001 - pyogrio/arrow raise many types; all mean "cannot read this file"
        raise InputError(f"{path}: layer '{name}' cannot be read ({str(err).splitlines()[0]}); "
                         "check the file or export it again.") from None
    source = f"{path.name}:{name}" if several else path.name
    if gdf.empty:
        raise InputError(f"{source}: the layer has no features; pass --layer or check the export.")
    geometry = gdf.geometry.reset_index(drop=True) if hasattr(gdf, "geometry") and "geometry" in gdf else None
    attributes = gdf.drop(columns=["geometry"]) if geometry is not None else gdf
    frame = pd.DataFrame(attributes).reset_index(drop=True).astype(object)
    frame = frame.where(frame.notna(), None)
    labels = pd.Series(np.char.add("feature ", np.arange(1, len(frame) + 1).astype(str)), dtype=object)
    fmt = path.suffix.lower().lstrip(".")
    return RawTable(frame, source, labels, geometry, None, {"format": fmt, "layer": name})
