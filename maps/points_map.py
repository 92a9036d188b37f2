"""The first interactive map: municipal boundary, incident heat and clustered points (internal mode)."""

import html
from datetime import datetime

import folium
import numpy as np
from folium.plugins import FastMarkerCluster, HeatMap

from maps.labels import label

__all__ = ["points_map"]

_WGS84 = "EPSG:4326"


def points_map(points, *, m=None, boundary=None, title="", synthetic=False, lang="sv",
               show_points=True) -> folium.Map:
    """Draw points as a heat layer and as clustered markers on a Folium map.

    Parameters
    ----------
    points : GeoDataFrame
        The Points contract (any CRS); reprojected to WGS84 here, at the last step.
    m : folium.Map, optional
        Map to draw on; a new one fitted to the points when ``None``.
    boundary : GeoDataFrame, optional
        The municipal boundary, drawn as an outline.
    title : str
        Shown in the title block (escaped).
    synthetic : bool
        Say "synthetic data" in the title block.
    lang : {"sv", "en"}
        Label language.
    show_points : bool
        Add the individual points (internal mode only: they identify single incidents).

    Returns
    -------
    folium.Map
    """
    wgs = points.to_crs(_WGS84)
    lat, lon = wgs.geometry.y.to_numpy(), wgs.geometry.x.to_numpy()
    if m is None:
        m = folium.Map(tiles="OpenStreetMap", control_scale=True)
        if len(wgs):
            m.fit_bounds([[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]])
    if boundary is not None:
        folium.GeoJson(boundary.to_crs(_WGS84).geometry.to_json(), name=label("boundary", lang),
                       style_function=lambda _: {"color": "#333", "weight": 2, "fill": False}).add_to(m)
    weights = wgs["weight"].to_numpy(dtype=float) if "weight" in wgs else np.ones(len(wgs))
    HeatMap(np.column_stack([lat, lon, weights]).round(6).tolist(), name=label("heat", lang),
            radius=14, blur=18, min_opacity=0.3).add_to(m)
    if show_points:
        _add_points(m, wgs, lat, lon, lang)
    _add_title(m, wgs, title, synthetic, lang)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def _add_points(m, wgs, lat, lon, lang):
    """Clustered markers; every text from the data is HTML-escaped before it reaches the page."""
    starts = wgs["start"].dt.strftime("%Y-%m-%d %H:%M").fillna("").to_numpy() if "start" in wgs else [""] * len(wgs)
    cats = wgs["category"].map(lambda k: label(k, lang)).to_numpy()
    popups = [
        f"<b>{html.escape(str(c))}</b> ({html.escape(str(r))})<br>{html.escape(s)}<br>{html.escape(str(t))}"
        for c, r, s, t in zip(cats, wgs["category_raw"], starts, wgs["text"])
    ]
    data = [[float(a), float(b), p] for a, b, p in zip(lat, lon, popups)]
    # FastMarkerCluster builds markers in the browser from one array: far lighter than one
    # folium.Marker per point. The popup string is set as text content, never parsed as HTML
    # beyond the escaped markup above.
    callback = """function (row) {
        var marker = L.circleMarker(new L.LatLng(row[0], row[1]), {radius: 5, color: '#b2182b'});
        var div = document.createElement('div'); div.innerHTML = row[2];
        marker.bindPopup(div); return marker; }"""
    FastMarkerCluster(data, callback=callback, name=label("points", lang)).add_to(m)


def _add_title(m, wgs, title, synthetic, lang):
    starts = wgs["start"].dropna() if "start" in wgs else []
    period = f"{starts.min():%Y-%m-%d} – {starts.max():%Y-%m-%d}" if len(starts) else "–"
    lines = [f"<b>{html.escape(title)}</b>",
             f"{label('period', lang).capitalize()}: {period} · {len(wgs)} {label('points', lang)}",
             f"{label('internal', lang)} · {label('generated', lang)} {datetime.now():%Y-%m-%d %H:%M}"]
    if synthetic:
        lines.append(f"<span style='color:#b2182b'><b>{label('synthetic', lang)}</b></span>")
    block = ("<div style='position:fixed;top:10px;left:50px;z-index:1000;background:white;padding:6px 10px;"
             "border:1px solid #999;border-radius:4px;font:13px sans-serif'>" + "<br>".join(lines) + "</div>")
    m.get_root().html.add_child(folium.Element(block))
