"""A time control: pick a weekday and an hour; only hotspots whose peak windows hold that hour stay drawn.

Two ``<select>`` elements in a Leaflet control (bottom left). The script keeps every feature layer of
the hotspot GeoJSON and, on each change, clears the group and adds back those whose ``peak`` bins
(hour of week, Monday 00 = 0, ``[start, end)`` modulo 168) contain the chosen weekday/hour; "all"
in both restores every hotspot. Works whether the layer is switched on in the layer control or not.
The control's HTML is a :class:`markupsafe.Markup` format string (``format`` escapes every value).
"""

from branca.element import MacroElement
from jinja2 import Template
from markupsafe import Markup

from hotspots.words import WEEKDAYS

__all__ = ["TimeControl"]

_TEXT = {"sv": ("Hotspots med topptid", "Alla dagar", "Alla timmar", "visas"),
         "en": ("Hotspots with peak time", "All days", "All hours", "shown")}


class TimeControl(MacroElement):
    """Weekday and hour selects that filter a hotspot ``folium.GeoJson`` layer by its peak windows.

    Parameters
    ----------
    layer : folium.GeoJson
        Features with a ``peak`` property (list of ``[start_bin, end_bin]``), as
        :func:`maps.overlays.hotspots.add_hotspots` writes them.
    lang : {"sv", "en"}
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
            function apply() {
                var d = parseInt(day.value, 10), h = parseInt(hour.value, 10), n = 0;
                layer.clearLayers();
                all.forEach(function (l) {
                    if ((d < 0 && h < 0) || hit(l.feature.properties.peak, d, h)) { layer.addLayer(l); n++; }
                });
                status.textContent = n + ' / ' + all.length + ' ' + {{ this.shown | tojson }};
            }
            day.addEventListener('change', apply);
            hour.addEventListener('change', apply);
            apply();
        })();
        {% endmacro %}
    """)

    def __init__(self, layer, lang="sv"):
        super().__init__()
        self._name = "TimeControl"
        self.layer = layer
        heading, all_days, all_hours, self.shown = _TEXT.get(lang, _TEXT["sv"])
        days = WEEKDAYS.get(lang, WEEKDAYS["sv"])
        option = Markup("<option value='{}'>{}</option>")
        day_options = option.format(-1, all_days) + Markup("").join(option.format(i, d) for i, d in enumerate(days))
        hour_options = option.format(-1, all_hours) + Markup("").join(
            option.format(h, f"{h:02d}–{(h + 1) % 24:02d}") for h in range(24))
        # tojson in the script turns it into a JS string; innerHTML then parses this (escaped) markup
        self.markup = str(Markup("<details class='hp-panel' open><summary>{}</summary><div class='hp-body'>"
                                 "<select class='hp-day' aria-label='{}'>{}</select>"
                                 "<select class='hp-hour' aria-label='{}'>{}</select> <span class='hp-status'></span>"
                                 "</div></details>").format(heading, all_days, day_options, all_hours, hour_options))
