"""The user's base data under everything: water, buildings and roads in light colours, never clickable.

Drawn from a :class:`layers.basemap.Basemap` in its own pane (``hp-base``, z-index 250: above the tiles,
below every analysis layer) as one layer "Bakgrundskarta" that is on by default. Names of roads and water
are not drawn (they would crowd the map); locality names are (:mod:`maps.overlays.orientation.localities`).
"""

import folium

from maps.overlays.common import features

__all__ = ["add_basemap"]

PANE = "hp-base"
STYLES = {"water": {"color": "#9ec3de", "weight": 1, "fillColor": "#cfe3f3", "fillOpacity": 1.0},
          "buildings": {"color": "#c9c0b3", "weight": 0.5, "fillColor": "#dcd6cc", "fillOpacity": 1.0},
          "roads": {"color": "#a8a8a8", "weight": 2, "fill": False}}
_NAMES = {"sv": {"layer": "Bakgrundskarta", "water": "vatten", "buildings": "byggnader", "roads": "vägar"},
          "en": {"layer": "Base map", "water": "water", "buildings": "buildings", "roads": "roads"}}


def add_basemap(m, basemap, *, legend=None, lang="sv"):
    """Add water, buildings and roads of ``basemap`` to ``m``; returns ``m``.

    Parameters
    ----------
    m : folium.Map
    basemap : layers.basemap.Basemap or None
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    """
    if basemap is None:
        return m
    kinds = [k for k in ("water", "buildings", "roads") if getattr(basemap, k) is not None]
    if not kinds:
        return m
    words = _NAMES.get(lang, _NAMES["sv"])
    folium.map.CustomPane(PANE, z_index=250, pointer_events=False).add_to(m)
    group = folium.FeatureGroup(name=words["layer"], show=True)
    for kind in kinds:
        frame = getattr(basemap, kind)
        folium.GeoJson(features(frame.geometry, {"style": [STYLES[kind]] * len(frame)}), interactive=False,
                       pane=PANE, control=False).add_to(group)
    group.add_to(m)
    if legend is not None:
        how = {"water": "fill", "buildings": "fill", "roads": "line"}
        colour = {"water": "#cfe3f3", "buildings": "#dcd6cc", "roads": "#a8a8a8"}
        legend.add_classes(words["layer"], [(colour[k], words[k], how[k]) for k in kinds], layer=words["layer"])
    return m

