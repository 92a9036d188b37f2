"""Locality names as text labels (Kalix, Töre, Nyborg ...): orientation without tiles and without internet.

Each locality is a permanent, non-clickable Leaflet tooltip (``L.tooltip``) in its own pane (``hp-labels``,
above the analysis layers, ignoring the pointer): dark text with a white halo, readable on any colour.
Bigger places first and in bold (``population`` ≥ 1,000 when given). The labels are a plain array of
``[lat, lon, name]`` (names HTML-escaped here), not point features or markers, so they may also go on
share maps: a locality is public knowledge, not an incident. The layer is on by default.
"""

import json

import numpy as np
from branca.element import Element
from folium.map import CustomPane, Layer
from jinja2 import Template

from maps.overlays.common import WGS84, escaped

__all__ = ["add_localities"]

PANE = "hp-labels"
_NAME = {"sv": "Ortnamn", "en": "Place names"}
_CSS = """<style>
.leaflet-tooltip.hp-locality { background: transparent; border: 0; box-shadow: none; padding: 0; color: #1a1a1a;
  font: bold 13px sans-serif; white-space: nowrap; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }
.leaflet-tooltip.hp-locality.hp-small { font-size: 12px; font-weight: normal; }
.leaflet-tooltip.hp-locality::before { display: none; }
</style>"""


class _Labels(Layer):
    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        {{ this.labels }}.forEach(function (p) {
            L.tooltip({permanent: true, direction: 'center', interactive: false, pane: 'hp-labels',
                       className: 'hp-locality' + (p[3] ? ' hp-small' : '')})
                .setLatLng([p[0], p[1]]).setContent(p[2]).addTo({{ this.get_name() }});
        });
        {% endmacro %}
    """)

    def __init__(self, labels, name):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "Localities"
        self.labels = json.dumps(labels, ensure_ascii=False).replace("</", "<\\/")


def add_localities(m, localities, *, lang="sv"):
    """Add locality labels to ``m``; returns ``(m, layer)`` (``layer`` for the layer control, or ``None``).

    Parameters
    ----------
    m : folium.Map
    localities : GeoDataFrame or None
        Points with ``name`` (and optionally ``population``), any CRS.
    lang : {"sv", "en"}
    """
    if localities is None or not len(localities):
        return m, None
    frame = localities.drop_duplicates("name")
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    if not len(frame):
        return m, None
    pop = frame["population"].to_numpy(float) if "population" in frame else np.full(len(frame), np.nan)
    order = np.lexsort((np.arange(len(frame)), -np.nan_to_num(pop, nan=0.0)))  # big places first
    frame, pop = frame.iloc[order], pop[order]
    small = ((pop < 1000) & ~np.isnan(pop)).tolist()
    geo = frame.geometry.to_crs(WGS84) if frame.crs is not None else frame.geometry
    labels = [[round(float(y), 5), round(float(x), 5), name, bool(s)]
              for x, y, name, s in zip(geo.x, geo.y, escaped(frame["name"]), small)]
    CustomPane(PANE, z_index=650, pointer_events=False).add_to(m)
    m.get_root().header.add_child(Element(_CSS), name="hp_localities_css")
    layer = _Labels(labels, _NAME.get(lang, _NAME["sv"]))
    layer.add_to(m)
    return m, layer
