"""The internal metric CRS for a set of WGS84 positions (shared by reading and validation)."""

import numpy as np
from pyproj import CRS
from pyproj.aoi import AreaOfInterest
from pyproj.database import query_utm_crs_info

from hotspots.errors import InputError

__all__ = ["SWEDEN_LONLAT", "metric_crs"]

SWEDEN_LONLAT = (10.0, 55.0, 24.5, 69.5)  # lon/lat box for "data in Sweden"


def metric_crs(lon, lat, *, source="input"):
    """SWEREF 99 TM when at least half the positions lie in Sweden, else the median point's UTM zone.

    Returns
    -------
    tuple of (pyproj.CRS, str)
        The CRS and why it was chosen.
    """
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    xmin, ymin, xmax, ymax = SWEDEN_LONLAT
    if len(lon) and np.mean((lon >= xmin) & (lon <= xmax) & (lat >= ymin) & (lat <= ymax)) >= 0.5:
        return CRS.from_epsg(3006), "data in Sweden: SWEREF 99 TM"
    mlon, mlat = float(np.nanmedian(lon)), float(np.nanmedian(lat))
    zones = query_utm_crs_info(datum_name="WGS 84", area_of_interest=AreaOfInterest(mlon, mlat, mlon, mlat))
    if not zones:
        raise InputError(f"{source}: no UTM zone covers the median point ({mlon:.4f}, {mlat:.4f}); "
                         "pass --target-crs EPSG:<code> (a metric CRS)")
    return CRS.from_epsg(int(zones[0].code)), "UTM zone of the median point"
