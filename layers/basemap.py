"""Base data for orientation without tiles: roads, water, buildings and locality names from the user's own files.

:func:`read_basemap` reads one file or a list of files — GeoPackage, GeoJSON, Shapefile, an OpenStreetMap
``.osm.pbf`` extract (GDAL's OSM driver: layers ``points``, ``lines``, ``multipolygons``), Lantmäteriet's
open topographic data (GeoPackage layers such as ``vaglinje``, ``vattenyta``, ``byggnad``) or a CSV of
localities (``name`` and ``lat``/``lon``) — sorts each layer into roads, water, buildings and localities,
reprojects to the analysis CRS, clips to the study area, simplifies and keeps the result within a size budget.

Sorting: by OSM tags where there are any (``highway`` → roads, ``waterway`` / ``natural=water`` → water,
``building`` → buildings, ``place`` in city/town/village/hamlet/suburb → localities), else by the layer's
name (``väg``/``road``/``street`` → roads, ``vatten``/``water``/``sjö``/``hav`` → water,
``byggnad``/``building`` → buildings, ``ort``/``place``/``localit`` → localities), else by geometry
(points with a name → localities).

Budget: each kind is simplified by ``simplify_m`` (default 5 m) and, when the total WKB size is above
``budget_bytes`` (default 1.5 MB, about 2–3 MB of GeoJSON text in the map), the smallest features are dropped —
short roads, small lakes, small buildings first — until it fits; what was dropped is counted in ``dropped``.
"""

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots.errors import InputError

__all__ = ["Basemap", "read_basemap"]

KINDS = ("roads", "water", "buildings", "localities")
BUDGET_BYTES = 1_500_000
SIMPLIFY_M = 5.0
LOCALITY_MARGIN_M = 5000.0
_PLACES = {"city", "town", "village", "hamlet", "suburb", "neighbourhood", "quarter", "locality"}
_LAYER_WORDS = {"roads": ("väg", "vag", "road", "street", "gata", "highway", "lines"),
                "water": ("vatten", "water", "sjö", "sjo", "hav", "vattendrag", "lake", "river"),
                "buildings": ("byggnad", "building", "hus"),
                "localities": ("ort", "place", "localit", "tätort", "tatort", "namn", "points")}


@dataclass
class Basemap:
    """Base data by kind, each a GeoDataFrame (``name``, ``geometry``) in the analysis CRS, or ``None``."""

    roads: gpd.GeoDataFrame | None = None
    water: gpd.GeoDataFrame | None = None
    buildings: gpd.GeoDataFrame | None = None
    localities: gpd.GeoDataFrame | None = None
    dropped: dict = field(default_factory=dict)  # kind -> features dropped to keep within the budget
    sources: list = field(default_factory=list)

    def nbytes(self) -> int:
        """Total WKB size of every geometry (what the budget limits)."""
        return int(sum(_wkb_size(getattr(self, k)) for k in KINDS))


def read_basemap(paths, *, area=None, target_crs=None, simplify_m=SIMPLIFY_M,
                 budget_bytes=BUDGET_BYTES) -> Basemap:
    """Read base data for a map's orientation.

    Parameters
    ----------
    paths : str, Path or list of them
        GeoPackage, GeoJSON, Shapefile, OSM ``.pbf``/``.osm``, or a CSV of localities.
    area : GeoDataFrame or shapely geometry, optional
        Study area; features are clipped to it (buffered by 500 m so that roads leave the edge); localities
        within 5 km of it are kept.
    target_crs : optional
        The analysis CRS (metres); default the area's, else EPSG:3006.
    simplify_m : float
        Douglas–Peucker tolerance in metres (points are kept as they are).
    budget_bytes : int
        Most WKB bytes kept in all (see the module docstring).

    Returns
    -------
    Basemap

    Raises
    ------
    InputError
        A file that does not exist or that no reader understands.
    """
    files = [Path(p) for p in ([paths] if isinstance(paths, str | Path) else paths)]
    crs = target_crs or (getattr(area, "crs", None)) or "EPSG:3006"
    clip = _clip_shape(area, crs)
    parts = {k: [] for k in KINDS}
    for path in files:
        if not path.exists():
            raise InputError(f"{path}: base data file not found; pass a GeoPackage, GeoJSON, Shapefile, "
                             ".osm.pbf or a CSV of localities (name, lat, lon).")
        for kind, frame in _read_file(path):
            parts[kind].append(frame)
    out = Basemap(sources=[str(p) for p in files])
    for kind in KINDS:
        frames = [f for f in parts[kind] if len(f)]
        if not frames:
            continue
        frame = gpd.GeoDataFrame(pd.concat([f.to_crs(crs) if f.crs is not None else f.set_crs(crs)
                                            for f in frames], ignore_index=True), crs=crs)
        frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
        if clip is not None and kind == "localities":  # a village just outside still helps orientation
            frame = frame[frame.intersects(clip.buffer(LOCALITY_MARGIN_M))]
        elif clip is not None:
            frame = frame.clip(clip)
        if kind != "localities" and simplify_m > 0:
            frame = frame.set_geometry(frame.geometry.simplify(simplify_m, preserve_topology=True))
        frame = frame[~frame.geometry.is_empty].reset_index(drop=True)
        setattr(out, kind, frame if len(frame) else None)
    _fit_budget(out, budget_bytes)
    return out


def _clip_shape(area, crs):
    if area is None:
        return None
    if isinstance(area, gpd.GeoDataFrame | gpd.GeoSeries):
        series = area.geometry if isinstance(area, gpd.GeoDataFrame) else area
        return series.to_crs(crs).union_all().buffer(500)
    return area.buffer(500)


def _read_file(path):
    """``(kind, GeoDataFrame with name and geometry)`` for every usable layer of ``path``."""
    import pyogrio

    suffix = "".join(path.suffixes[-2:]).lower()
    if path.suffix.lower() in (".csv", ".txt"):
        yield "localities", _read_csv(path)
        return
    try:
        layers = [str(row[0]) for row in pyogrio.list_layers(path)]
    except Exception as err:  # noqa: BLE001 - GDAL raises several kinds; the message says what to do
        raise InputError(f"{path}: not a GIS file GDAL can read ({err}); pass a GeoPackage, GeoJSON, "
                         "Shapefile, .osm.pbf or a CSV of localities.") from None
    osm = suffix.endswith((".pbf", ".osm"))
    for layer in layers:
        if osm and layer not in ("points", "lines", "multipolygons"):
            continue
        frame = pyogrio.read_dataframe(path, layer=layer)
        if not len(frame):
            continue
        for kind, part in _sort(frame, layer):
            yield kind, part


def _read_csv(path):
    frame = pd.read_csv(path, sep=None, engine="python", encoding="utf-8-sig")
    cols = {c.lower().strip(): c for c in frame.columns}
    lat = next((cols[c] for c in ("lat", "latitude", "latitud") if c in cols), None)
    lon = next((cols[c] for c in ("lon", "lng", "longitude", "longitud") if c in cols), None)
    name = next((cols[c] for c in ("name", "namn", "ort") if c in cols), None)
    if lat is None or lon is None or name is None:
        raise InputError(f"{path}: a localities CSV needs the columns name, lat and lon; "
                         f"columns are: {', '.join(map(str, frame.columns))}.")
    extra = {"population": pd.to_numeric(frame[cols["population"]], errors="coerce")} if "population" in cols else {}
    return gpd.GeoDataFrame({"name": frame[name].astype(str), **extra},
                            geometry=gpd.points_from_xy(frame[lon], frame[lat]), crs="EPSG:4326")


def _name_column(frame):
    for key in ("name", "namn", "name:sv", "ortnamn", "textstrang", "gatunamn", "vagnamn"):
        for col in frame.columns:
            if str(col).lower() == key:
                return frame[col].astype(object).where(frame[col].notna(), None)
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _sort(frame, layer):
    """Split one layer into kinds: by OSM tags, else the layer name, else the geometry type."""
    names = _name_column(frame)
    geom = frame.geometry.geom_type.fillna("")
    base = gpd.GeoDataFrame({"name": names}, geometry=frame.geometry, crs=frame.crs)
    if any(c in frame.columns for c in ("highway", "waterway", "building", "place", "natural")):
        masks = {"roads": _notna(frame, "highway") & geom.str.contains("Line"),
                 "water": (_notna(frame, "waterway") | (_col(frame, "natural") == "water")) & ~geom.eq("Point"),
                 "buildings": _notna(frame, "building") & geom.str.contains("Polygon"),
                 "localities": _col(frame, "place").isin(_PLACES) & geom.eq("Point") & names.notna()}
        for kind, mask in masks.items():
            if mask.any():
                yield kind, base[mask.to_numpy()]
        return
    lower = layer.lower()
    for kind in ("buildings", "water", "roads", "localities"):
        if any(word in lower for word in _LAYER_WORDS[kind]):
            yield kind, base
            return
    if geom.eq("Point").all() and names.notna().any():
        yield "localities", base[names.notna().to_numpy()]


def _notna(frame, col):
    return frame[col].notna() if col in frame.columns else pd.Series(False, index=frame.index)


def _col(frame, col):
    return frame[col].astype(str) if col in frame.columns else pd.Series("", index=frame.index)


def _wkb_size(frame):
    if frame is None or not len(frame):
        return 0
    return int(sum(len(b) for b in frame.geometry.to_wkb()))


def _fit_budget(basemap, budget):
    """Drop the smallest features (shortest lines, smallest areas) until the total fits ``budget``."""
    over = basemap.nbytes() - budget
    if over <= 0:
        return
    for kind in ("buildings", "roads", "water"):  # buildings go first: least needed for orientation
        frame = getattr(basemap, kind)
        if frame is None or over <= 0:
            continue
        size = np.asarray([len(b) for b in frame.geometry.to_wkb()])
        measure = np.where(frame.geom_type.str.contains("Polygon"), frame.area, frame.length)
        order = np.lexsort((np.arange(len(frame)), measure))  # smallest first, ties in file order
        cut = np.cumsum(size[order])
        n_drop = int(min(len(frame), np.searchsorted(cut, over) + 1))
        keep = np.sort(order[n_drop:])
        basemap.dropped[kind] = n_drop
        over -= int(cut[n_drop - 1]) if n_drop else 0
        setattr(basemap, kind, frame.iloc[keep].reset_index(drop=True) if len(keep) else None)
