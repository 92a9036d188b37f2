"""The study area: a boundary polygon (e.g. the municipality) read from any GIS file."""

from pathlib import Path

import geopandas as gpd
import shapely

from hotspots.errors import InputError

__all__ = ["read_area"]


def read_area(area, *, crs=None) -> gpd.GeoDataFrame:
    """Read a boundary into a one-row GeoDataFrame holding the union of its polygons.

    Parameters
    ----------
    area : str, Path or GeoDataFrame or GeoSeries
        A GeoJSON, GeoPackage, Shapefile or GeoParquet file, or a frame with a CRS.
    crs : optional
        Reproject to this CRS (anything pyproj accepts); default: keep the file's.

    Returns
    -------
    GeoDataFrame
        One row, column ``geometry`` (Polygon or MultiPolygon), with a CRS.

    Raises
    ------
    InputError
        Missing file, no CRS, or no polygon in it.
    """
    if isinstance(area, (str, Path)):
        path = Path(area)
        if not path.exists():
            raise InputError(f"{path}: boundary file not found; check the path or leave the boundary out.")
        try:
            parquet = path.suffix.lower() in (".parquet", ".geoparquet")
            frame = gpd.read_parquet(path) if parquet else gpd.read_file(path)
        except Exception as err:  # noqa: BLE001 - pyogrio raises several types for unreadable files
            raise InputError(f"{path}: cannot be read as a boundary ({str(err).splitlines()[0]}); "
                             "pass a GeoJSON, GeoPackage or Shapefile polygon.") from None
        name = str(path)
    elif isinstance(area, (gpd.GeoDataFrame, gpd.GeoSeries)):
        frame, name = area, "boundary"
    else:
        raise InputError(f"boundary must be a file or a GeoDataFrame, got {type(area).__name__}.")
    geoms = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    if geoms.crs is None:
        raise InputError(f"{name}: the boundary has no CRS; save it with a CRS (e.g. EPSG:3006 or EPSG:4326).")
    polygons = geoms[geoms.geom_type.isin(["Polygon", "MultiPolygon"]) & ~geoms.is_empty]
    if polygons.empty:
        raise InputError(f"{name}: has no polygon; a boundary must be a Polygon or MultiPolygon layer.")
    union = shapely.make_valid(shapely.union_all(polygons.to_numpy()))
    out = gpd.GeoDataFrame({"name": [name]}, geometry=gpd.GeoSeries([union], crs=geoms.crs))
    return out.to_crs(crs) if crs is not None else out

