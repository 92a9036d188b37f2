"""The municipality (study area) boundary as a dark outline."""

import folium

from maps.overlays.common import features, text

__all__ = ["add_boundary"]

COLOUR = "#333333"


def add_boundary(m, boundary, *, legend=None, lang="sv"):
    """Add the boundary outline to ``m`` (no fill, not clickable); returns ``m``.

    Parameters
    ----------
    m : folium.Map
    boundary : GeoDataFrame
        Polygon(s), any CRS (reprojected to WGS84 here).
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    """
    if boundary is None or not len(boundary):
        return m
    style = {"color": COLOUR, "weight": 2, "fill": False}
    props = {"style": [style] * len(boundary)}
    folium.GeoJson(features(boundary.geometry, props), name=text("boundary", lang), interactive=False).add_to(m)
    if legend is not None:
        legend.add_classes(text("boundary", lang), [(COLOUR, text("boundary", lang), "line")],
                           layer=text("boundary", lang))
    return m
