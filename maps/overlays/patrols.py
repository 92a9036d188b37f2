"""Planned patrols: routes as lines, areas as polygons, stops as circles of their visibility radius.

Coloured by mode (foot, bike, car, ...), one legend row per mode present. Popup and tooltip: patrol id,
unit, mode, schedule (as written) and radius, every text HTML-escaped.
"""

import folium
import numpy as np
from folium.utilities import JsCode

from maps.overlays.common import bind_js, escaped, features, integers, text
from maps.overlays.controls.weekbins import minute_bins

__all__ = ["add_patrols"]

MODE_COLOURS = {"foot": "#1f78b4", "bike": "#33a02c", "car": "#6a3d9a", "motorcycle": "#ff7f00",
                "horse": "#b15928", "boat": "#0b8a8a", "other": "#525252"}
_STOP = JsCode("function (feature, latlng) { return L.circle(latlng, {radius: feature.properties.radius_m || 100}); }")


def add_patrols(m, patrols, *, legend=None, lang="sv"):
    """Add the patrol plan to ``m``; returns ``m``.

    Parameters
    ----------
    m : folium.Map
    patrols : GeoDataFrame
        The Patrol plan contract (:func:`layers.plans.patrols.read_patrols`), any CRS.
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    """
    if patrols is None or not len(patrols):
        return m
    n = len(patrols)
    modes = patrols["mode"].fillna("other").astype(str).to_numpy() if "mode" in patrols else np.full(n, "other")
    modes = np.where(np.isin(modes, list(MODE_COLOURS)), modes, "other")
    kinds = patrols.geometry.geom_type.to_numpy()
    props = {"patrol_id": escaped(patrols["patrol_id"]) if "patrol_id" in patrols else [None] * n}
    for key in ("name", "unit", "schedule"):
        if key in patrols:
            props[key] = escaped(patrols[key])
    props["mode"] = [text(k, lang) for k in modes]
    if "radius_m" in patrols:
        props["radius_m"] = integers(patrols["radius_m"])
    props["tip"] = [" · ".join(p for p in parts if p) for parts in
                    zip(props["patrol_id"], props.get("unit", [None] * n), props.get("schedule", [None] * n))]
    props["style"] = [_style(MODE_COLOURS[k], kind) for k, kind in zip(modes, kinds)]
    if "weekly_minutes" in patrols or "dated" in patrols:  # hours of presence, for the time control
        weekly = patrols["weekly_minutes"] if "weekly_minutes" in patrols else [[]] * n
        dated = patrols["dated"] if "dated" in patrols else [[]] * n
        props["peak"] = [minute_bins(w if isinstance(w, list | tuple) else [], d if isinstance(d, list | tuple) else [])
                         for w, d in zip(weekly, dated)]
    folium.GeoJson(features(patrols.geometry, props), name=text("layer_patrols", lang), pointToLayer=_STOP,
                   on_each_feature=bind_js(["name", "unit", "mode", "schedule", "radius_m"], lang,
                                           title="patrol_id", tooltip="tip")).add_to(m)
    if legend is not None:
        present = [k for k in MODE_COLOURS if k in set(modes)]
        legend.add_classes(text("layer_patrols", lang), [(MODE_COLOURS[k], text(k, lang)) for k in present],
                           layer=text("layer_patrols", lang))
    return m


def _style(colour, kind):
    if kind in ("LineString", "MultiLineString"):
        return {"color": colour, "weight": 4, "opacity": 0.9}
    if kind in ("Polygon", "MultiPolygon"):
        return {"color": colour, "weight": 2, "dashArray": "4 3", "fillColor": colour, "fillOpacity": 0.12}
    return {"color": colour, "weight": 1.5, "fillColor": colour, "fillOpacity": 0.2}
