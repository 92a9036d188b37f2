"""The ranked hotspot list: the map's text alternative, and a way to every hotspot's popup.

A panel (top right, under the layer control) lists the hotspots by rank — "1. Torget (Kalix)", the count,
the peak times and, with patrols, the coverage verdict in words (täckt / tunn / LUCKA, never colour alone).
Each entry is a button: it zooms the map to the hotspot and opens its popup, whether or not the hotspot
layer is on or the time control has filtered it out. The panel is a ``<details>`` element: open on desktop,
collapsed to one line on phones (:mod:`maps.overlays.controls.page`). Every text is escaped here
(:class:`markupsafe.Markup` format strings).
"""

import numpy as np
from branca.element import MacroElement
from jinja2 import Template
from markupsafe import Markup

__all__ = ["HotspotList", "add_hotspot_list"]

_TEXT = {"sv": {"title": "Hotspots efter rang", "count": "antal", "peak": "topptid", "cover": "täckning", "help":
                "Välj en hotspot för att zooma dit och öppna dess ruta."},
         "en": {"title": "Hotspots by rank", "count": "count", "peak": "peak", "cover": "coverage", "help":
                "Choose a hotspot to zoom to it and open its box."}}


class HotspotList(MacroElement):
    """A ranked list of hotspots whose entries zoom to them.

    Parameters
    ----------
    layer : folium.GeoJson
        The hotspot layer of :func:`maps.overlays.hotspots.add_hotspots` (features carry ``hotspot_id``).
    hotspots : GeoDataFrame
        The hotspots drawn (``hotspot_id``, ``rank``, optionally ``name``, ``n_points``, ``peak_windows``).
    verdicts : dict, optional
        ``hotspot_id`` → coverage verdict text (e.g. ``"LUCKA"``).
    lang : {"sv", "en"}
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .hp-list { max-width: 300px; }
          .hp-list .hp-body { max-height: 32vh; overflow-y: auto; }
          .hp-list ol { margin: 0; padding-left: 0; list-style: none; }
          .hp-list li { margin: 2px 0; }
          .hp-list button { font: 12px sans-serif; text-align: left; background: none; border: 0; padding: 2px 0;
            color: #08519c; text-decoration: underline; cursor: pointer; }
          .hp-list .hp-meta { color: #444; font-size: 11px; display: block; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }}, layer = {{ this.layer.get_name() }}, byId = {};
            layer.eachLayer(function (l) { byId[String(l.feature.properties.hotspot_id)] = l; });
            var control = L.control({position: 'topright'});
            control.onAdd = function () {
                var div = L.DomUtil.create('div', 'hp-list-control');
                div.innerHTML = {{ this.markup | tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo(map);
            control.getContainer().querySelectorAll('button[data-hotspot]').forEach(function (b) {
                b.addEventListener('click', function () {
                    var l = byId[b.getAttribute('data-hotspot')];
                    if (!l) { return; }
                    map.fitBounds(l.getBounds(), {maxZoom: 16});
                    if (map.hasLayer(l)) { l.openPopup(); }
                    else if (l.getPopup()) { map.openPopup(l.getPopup().getContent(), l.getBounds().getCenter()); }
                });
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, layer, hotspots, *, verdicts=None, lang="sv"):
        super().__init__()
        self._name = "HotspotList"
        self.layer = layer
        words = _TEXT.get(lang, _TEXT["sv"])
        frame = hotspots.sort_values(["rank", "hotspot_id"] if "rank" in hotspots else ["hotspot_id"])
        verdicts = verdicts or {}
        items = []
        for _, row in frame.iterrows():  # one row per hotspot (tens), not a hot path
            hid = int(row["hotspot_id"])
            rank = int(row["rank"]) if "rank" in frame and not _missing(row["rank"]) else hid
            name = row["name"] if "name" in frame and not _missing(row.get("name")) else f"Hotspot {hid}"
            meta = []
            if "n_points" in frame and not _missing(row["n_points"]):
                meta.append(f"{words['count']} {row['n_points']}")
            if "peak_windows" in frame and not _missing(row["peak_windows"]) and str(row["peak_windows"]):
                meta.append(f"{words['peak']} {row['peak_windows']}")
            if hid in verdicts:
                meta.append(f"{words['cover']} {verdicts[hid]}")
            items.append(Markup("<li><button type='button' data-hotspot='{}'>{}. {}</button>"
                                "<span class='hp-meta'>{}</span></li>").format(hid, rank, name, " · ".join(meta)))
        body = Markup("").join(items)
        # tojson in the script makes it a JS string; innerHTML parses this escaped markup
        self.markup = str(Markup("<details class='hp-panel hp-list' open><summary>{} ({})</summary>"
                                 "<div class='hp-body'><p class='hp-meta'>{}</p><ol>{}</ol></div></details>").format(
            words["title"], len(items), words["help"], body))


def _missing(value):
    return value is None or (np.ndim(value) == 0 and isinstance(value, float) and np.isnan(value))


def add_hotspot_list(m, layer, hotspots, *, verdicts=None, lang="sv"):
    """Add a :class:`HotspotList` to ``m`` when there are hotspots; returns ``m``."""
    if layer is not None and hotspots is not None and len(hotspots):
        HotspotList(layer, hotspots, verdicts=verdicts, lang=lang).add_to(m)
    return m

