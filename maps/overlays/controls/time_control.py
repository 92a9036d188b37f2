"""One time control for every time-aware layer: pick a weekday and an hour; only what happens then stays drawn.

Two ``<select>`` elements in a Leaflet control (bottom left). The script keeps every feature layer of
the hotspot GeoJSON and of the ``others`` — coverage gaps (their gap windows), patrols (their planned
presence), any GeoJSON whose features carry ``peak`` — and, on each change, clears each group and adds back
those whose ``peak`` bins (hour of week, Monday 00 = 0, ``[start, end)`` modulo 168) contain the chosen
weekday/hour; a feature without ``peak`` stays. Point markers (``hpPeak``, their start hour) are filtered
inside their marker cluster. "All" in both restores everything. Works whether the layers are switched on
in the layer control or not. Heat drawn as an image (or a heat map) is not filtered: it shows
all hours, and the control says so when such a layer is on the map.
The control's HTML is a :class:`markupsafe.Markup` format string (``format`` escapes every value).
"""

from branca.element import MacroElement
from jinja2 import Template
from markupsafe import Markup

from hotspots.words import WEEKDAYS

__all__ = ["TimeControl"]

_TEXT = {"sv": ("Tid på veckan", "Alla dagar", "Alla timmar", "hotspots visas",
                "Värmekartan visar alla timmar."),
         "en": ("Time of week", "All days", "All hours", "hotspots shown", "The heat map shows all hours.")}


class TimeControl(MacroElement):
    """Weekday and hour selects that filter a hotspot ``folium.GeoJson`` layer by its peak windows.

    Parameters
    ----------
    layer : folium.GeoJson
        Features with a ``peak`` property (list of ``[start_bin, end_bin]``), as
        :func:`maps.overlays.hotspots.add_hotspots` writes them; the status counts these.
    lang : {"sv", "en"}
    others : list of folium.GeoJson
        Further layers whose features carry ``peak`` (gaps, patrols).
    marker_groups : list of folium.FeatureGroup
        Groups holding a marker cluster whose markers carry ``hpPeak`` (the points).
    image_heat : bool
        Say that the heat image shows all hours.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .hp-time { font: 12px sans-serif; border: 0 !important; }
          .hp-time select { font: 12px sans-serif; margin-left: 3px; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }}, layer = {{ this.layer.get_name() }};
            var all = []; layer.eachLayer(function (l) { all.push(l); });
            var control = L.control({position: 'bottomleft'});
            control.onAdd = function () {
                var div = L.DomUtil.create('div', 'hp-time');
                div.innerHTML = {{ this.markup | tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo(map);
            var box = control.getContainer(), day = box.querySelector('.hp-day'),
                hour = box.querySelector('.hp-hour'), status = box.querySelector('.hp-status');
            function hit(peak, d, h) {
                return (peak || []).some(function (w) {
                    for (var b = w[0]; b < w[1]; b++) {
                        var k = ((b % 168) + 168) % 168;
                        if ((d < 0 || Math.floor(k / 24) === d) && (h < 0 || k % 24 === h)) { return true; }
                    }
                    return false;
                });
            }
            var others = [{% for o in this.others %}{{ o.get_name() }}, {% endfor %}].map(function (g) {
                var kept = []; g.eachLayer(function (l) { kept.push(l); });
                return {group: g, all: kept};
            });
            var clusters = [];
            [{% for o in this.marker_groups %}{{ o.get_name() }}, {% endfor %}].forEach(function (g) {
                g.eachLayer(function (c) { if (c.getLayers) { clusters.push({cluster: c, all: c.getLayers()}); } });
            });
            function keep(peak, d, h) {
                return (d < 0 && h < 0) || peak === null || peak === undefined || hit(peak, d, h);
            }
            function apply() {
                var d = parseInt(day.value, 10), h = parseInt(hour.value, 10), n = 0;
                layer.clearLayers();
                all.forEach(function (l) {
                    if ((d < 0 && h < 0) || hit(l.feature.properties.peak, d, h)) { layer.addLayer(l); n++; }
                });
                others.forEach(function (o) {
                    o.group.clearLayers();
                    o.all.forEach(function (l) {
                        if (keep(l.feature ? l.feature.properties.peak : null, d, h)) { o.group.addLayer(l); }
                    });
                });
                clusters.forEach(function (c) {
                    c.cluster.clearLayers();
                    c.cluster.addLayers(c.all.filter(function (mk) { return keep(mk.hpPeak, d, h); }));
                });
                status.textContent = n + ' / ' + all.length + ' ' + {{ this.shown | tojson }};
            }
            day.addEventListener('change', apply);
            hour.addEventListener('change', apply);
            apply();
        })();
        {% endmacro %}
    """)

    def __init__(self, layer, lang="sv", *, others=(), marker_groups=(), image_heat=False):
        super().__init__()
        self._name = "TimeControl"
        self.layer = layer
        self.others, self.marker_groups = list(others), list(marker_groups)
        heading, all_days, all_hours, self.shown, heat_note = _TEXT.get(lang, _TEXT["sv"])
        days = WEEKDAYS.get(lang, WEEKDAYS["sv"])
        option = Markup("<option value='{}'>{}</option>")
        day_options = option.format(-1, all_days) + Markup("").join(option.format(i, d) for i, d in enumerate(days))
        hour_options = option.format(-1, all_hours) + Markup("").join(
            option.format(h, f"{h:02d}–{(h + 1) % 24:02d}") for h in range(24))
        # tojson in the script turns it into a JS string; innerHTML then parses this (escaped) markup
        self.markup = str(Markup("<details class='hp-panel' open><summary>{}</summary><div class='hp-body'>"
                                 "<select class='hp-day' aria-label='{}'>{}</select>"
                                 "<select class='hp-hour' aria-label='{}'>{}</select> <span class='hp-status'></span>"
                                 "{}</div></details>").format(heading, all_days, day_options, all_hours, hour_options,
                                                              Markup("<br><small>{}</small>").format(heat_note)
                                                              if image_heat else ""))
