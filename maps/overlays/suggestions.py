"""Suggested visits (:func:`layers.cover.suggest.suggest_visits` ``plan``) as distinct green circle markers.

Circle markers, not ``folium.Icon`` (its icon font cannot be made offline). Popup: visit id, schedule,
hour, hotspot, mode and the risk coverage it adds; every text HTML-escaped. Lines and areas in the
plan are drawn at a point on their surface.
"""

import folium
import geopandas as gpd
import numpy as np
import shapely
from folium.utilities import JsCode

from maps.overlays.common import bind_js, escaped, features, text

__all__ = ["add_suggestions"]

COLOUR, OUTLINE = "#1a9850", "#00441b"
_MARKER = JsCode("function (feature, latlng) { return L.circleMarker(latlng, {radius: 8}); }")


def add_suggestions(m, suggestions, *, legend=None, lang="sv"):
    """Add the suggested visits to ``m``; returns ``m``.

    Parameters
    ----------
    m : folium.Map
    suggestions : GeoDataFrame
        A patrol plan of suggested visits (``patrol_id``, ``schedule``, ``window``, ``hotspot_id``,
        ``mode``, ``gain``; any present), any CRS.
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    """
    if suggestions is None or not len(suggestions):
        return m
    where = gpd.GeoSeries(shapely.point_on_surface(suggestions.geometry.values), crs=suggestions.crs)
    props = {k: escaped(suggestions[k]) for k in ("patrol_id", "schedule", "window", "hotspot_id")
             if k in suggestions}
    if "mode" in suggestions:
        props["mode"] = escaped(text(str(v), lang) for v in suggestions["mode"])
    if "gain" in suggestions:
        props["gain"] = [None if np.isnan(v) else f"{100 * v:.2f} %" for v in suggestions["gain"].to_numpy(float)]
    props["tip"] = props.get("schedule", props.get("patrol_id", [None] * len(suggestions)))
    props["style"] = [{"color": OUTLINE, "weight": 2, "fillColor": COLOUR, "fillOpacity": 0.9}] * len(suggestions)
    folium.GeoJson(features(where, props), name=text("layer_suggestions", lang), pointToLayer=_MARKER,
                   on_each_feature=bind_js(["schedule", "window", "hotspot_id", "mode", "gain"], lang,
                                           title="patrol_id", title_label=False, tooltip="tip")).add_to(m)
    if legend is not None:
        legend.add_classes(text("layer_suggestions", lang), [(COLOUR, text("layer_suggestions", lang), "circle")],
                           layer=text("layer_suggestions", lang))
    return m
