"""Incidents and complaints as clustered markers (internal mode only: each marker is one incident).

``FastMarkerCluster`` builds the markers in the browser from one array, far lighter than one
``folium.Marker`` per point; every text from the data (category, raw category, time, free text) is
HTML-escaped in Python (:func:`markupsafe.escape`, per value) before it reaches the page, which only joins
the escaped values with fixed tags.
Above ``limit`` points the layer is left out (the page would get heavy) and the caller says so in the title
block.
"""

import folium
import numpy as np
import pandas as pd
from folium.plugins import FastMarkerCluster
from markupsafe import escape

from maps.overlays.common import WGS84, text
from maps.overlays.controls.weekbins import time_bins

__all__ = ["add_points"]

INCIDENT, COMPLAINT = "#b2182b", "#7b3294"


def add_points(m, points, *, limit=20000, legend=None, lang="sv", show=False):
    """Add clustered point markers with escaped popups; returns ``(m, drawn)``.

    Parameters
    ----------
    m : folium.Map
    points : GeoDataFrame
        The Points contract, any CRS (reprojected here).
    limit : int
        Most points drawn; above it nothing is drawn and ``drawn`` is False.
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    show : bool
        Whether the layer starts switched on (off by default).

    Returns
    -------
    tuple
        ``(m, drawn)``.
    """
    if points is None or not len(points) or len(points) > limit:
        return m, False
    wgs = points.geometry.to_crs(WGS84)
    n = len(points)

    def column(c):
        return points[c].to_numpy(dtype=object) if c in points else np.full(n, "", object)

    starts = (points["start"].dt.strftime("%Y-%m-%d %H:%M").fillna("").to_numpy(dtype=object)
              if "start" in points else np.full(n, "", object))
    cats = [text(str(k), lang) for k in column("category")]
    complaint = (column("source") == "complaint").astype(int)

    def shown(v):
        return "" if v is None or pd.isna(v) else str(v)

    # Each value is HTML-escaped here, in Python; the page only joins the escaped values with fixed tags, so
    # the markup is not repeated in every row (8,000 points: about 0.5 MB less page).
    values = [[str(escape(shown(v))) for v in row]
              for row in zip(cats, column("category_raw"), starts, column("text"))]
    bins = time_bins(points["start"]) if "start" in points else [-1] * n  # for the time control
    data = [[a, b, *v, k, h] for a, b, v, k, h in zip(np.round(wgs.y.to_numpy(), 6).tolist(),
                                                      np.round(wgs.x.to_numpy(), 6).tolist(), values,
                                                      complaint.tolist(), bins)]
    callback = f"""function (row) {{
        var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
            {{radius: 5, weight: 1, color: row[6] ? '{COMPLAINT}' : '{INCIDENT}', fillOpacity: 0.7}});
        marker.hpPeak = row[7] < 0 ? null : [[row[7], row[7] + 1]];
        marker.bindPopup('<b>' + row[2] + '</b> (' + row[3] + ')<br>' + row[4] + '<br>' + row[5]);
        return marker; }}"""
    # FastMarkerCluster always adds itself to its parent: a group carries the name and the on/off state
    group = folium.FeatureGroup(name=text("layer_points", lang), show=show)
    FastMarkerCluster(data, callback=callback, control=False).add_to(group)
    group.add_to(m)
    if legend is not None:
        legend.add_classes(text("layer_points", lang), [(INCIDENT, text("incidents", lang), "circle"),
                                                        (COMPLAINT, text("complaints", lang), "circle")],
                           layer=text("layer_points", lang), hidden=not show)
    return m, True
