"""Special places (squares, beaches, school yards): their area as a polygon, name and events in the popup.

The ``area`` column of :func:`layers.plans.places.read_places` is drawn (a point or line buffered by its
radius, or the polygon); without it the geometry is buffered by ``radius_m`` here. Event keys are shown
by their calendar names where :mod:`layers.calendar` knows them. Every text is HTML-escaped.
"""

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from layers.calendar import event_windows
from maps.overlays.common import bind_js, escaped, features, text

__all__ = ["add_places"]

COLOUR = "#c51b7d"


def add_places(m, places, *, show_notes=True, legend=None, lang="sv"):
    """Add the special places to ``m``; returns ``m``.

    Parameters
    ----------
    m : folium.Map
    places : GeoDataFrame
        The Special places contract, any CRS.
    show_notes : bool
        Show the free-text ``note`` (internal maps only).
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    """
    if places is None or not len(places):
        return m
    if "area" in places:
        area = gpd.GeoSeries(places["area"], crs=places.crs)
    else:
        radius = places["radius_m"].fillna(150).to_numpy(float) if "radius_m" in places else 150.0
        area = places.geometry.buffer(radius)
    empty = area.is_empty.to_numpy() | area.isna().to_numpy()
    area = gpd.GeoSeries(np.where(empty, places.geometry.buffer(150).values, area.values), crs=places.crs)
    names = _event_names(lang)
    events = [[names.get(str(e), str(e)) for e in (v if isinstance(v, list | tuple | np.ndarray) else [])]
              for v in (places["events"] if "events" in places else [None] * len(places))]
    props = {"name": escaped(places["name"]) if "name" in places else [None] * len(places),
             "events": escaped(events)}
    if show_notes and "note" in places:
        props["note"] = escaped(places["note"])
    props["style"] = [{"color": COLOUR, "weight": 2, "fillColor": COLOUR, "fillOpacity": 0.15}] * len(places)
    folium.GeoJson(features(area, props), name=text("layer_places", lang),
                   on_each_feature=bind_js(["events", "note"], lang, title="name", title_label=False,
                                           tooltip="name")).add_to(m)
    if legend is not None:
        legend.add_classes(text("layer_places", lang), [(COLOUR, text("layer_places", lang))],
                           layer=text("layer_places", lang))
    return m


def _event_names(lang):
    """Calendar event key → its name this year (local events keep their key)."""
    frame = event_windows(pd.Timestamp.now().year)
    column = "name_en" if lang == "en" else "name"
    return dict(zip(frame["key"], frame[column].astype(str)))
