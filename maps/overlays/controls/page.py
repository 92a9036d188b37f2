"""The page around the map: title and language, zoom and metric scale controls in the page's language, phone layout.

* ``<html lang="sv">`` (or ``en``) and a ``<title>``: screen readers read the page in the right language and
  name it (WCAG 3.1.1, 2.4.2);
* the zoom buttons titled "Zooma in" / "Zooma ut" and a metric-only scale bar (Leaflet's default also shows miles);
* a phone layout: below 700 px wide the panels (legend, hotspot list, time control, title, layer control)
  start collapsed into one-line buttons, so the map keeps most of the screen; on wider screens they start open.
  Panels are ``<details>`` elements, so they open and close with keyboard and screen reader without script.

The user may always zoom the page: :func:`maps.offline.make_offline` removes folium's ``user-scalable=no``.
"""

from branca.element import Element, MacroElement
from jinja2 import Template
from markupsafe import escape

__all__ = ["setup_page"]

PHONE_PX = 700
_ZOOM = {"sv": ("Zooma in", "Zooma ut"), "en": ("Zoom in", "Zoom out")}

_FIGURE = Template(
    "<!DOCTYPE html>\n"
    "<html lang=\"{{ this.lang }}\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "{% if this.title %}<title>{{ this.title|e }}</title>{% endif %}"
    "    {{this.header.render(**kwargs)}}\n"
    "</head>\n"
    "<body>\n"
    "    {{this.html.render(**kwargs)}}\n"
    "</body>\n"
    "<script>\n"
    "    {{this.script.render(**kwargs)}}\n"
    "</script>\n"
    "</html>\n")

_CSS = """<style>
.hp-panel { background: white; border: 1px solid #767676; border-radius: 4px; font: 12px sans-serif;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); color: #1a1a1a; }
.hp-panel > summary { cursor: pointer; font-weight: bold; padding: 4px 8px; list-style-position: inside; }
.hp-panel[open] > summary { border-bottom: 1px solid #ddd; }
.hp-panel .hp-body { padding: 4px 8px; }
.leaflet-container a.leaflet-control-zoom-in, .leaflet-container a.leaflet-control-zoom-out { color: #1a1a1a; }
.leaflet-control-attribution, .leaflet-control-attribution a { color: #1a1a1a !important; }
.leaflet-control-layers { font: 12px sans-serif; }
.leaflet-control-layers label { margin: 1px 0; }
@media (max-width: __PHONE__px) {
  .hp-panel { font-size: 11px; max-width: 62vw !important; }
  .hp-panel > summary { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .leaflet-bottom.leaflet-left .leaflet-control { margin-bottom: 24px; }
  .leaflet-control-attribution { font-size: 10px; }
  .hp-panel .hp-body { max-height: 40vh; overflow-y: auto; }
  .leaflet-control-scale { display: none; }
}
</style>""".replace("__PHONE__", str(PHONE_PX - 1))


class _Controls(MacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            {% if this.zoom %}
            L.control.zoom({zoomInTitle: {{ this.zoom_in|tojson }}, zoomOutTitle: {{ this.zoom_out|tojson }}})
                .addTo(map);
            {% endif %}
            {% if this.scale %}L.control.scale({imperial: false, metric: true}).addTo(map);{% endif %}
            if (map.attributionControl) { map.attributionControl.setPrefix(false); }
            {% for text in this.attributions %}
            if (map.attributionControl) { map.attributionControl.addAttribution({{ text|tojson }}); }
            {% endfor %}
            var phone = window.innerWidth < {{ this.phone }};
            document.querySelectorAll('details.hp-panel').forEach(function (d) { d.open = !phone; });
        })();
        {% endmacro %}
    """)

    def __init__(self, lang, attributions, zoom=True, scale=True):
        super().__init__()
        self.zoom, self.scale = zoom, scale
        self._name = "PageControls"
        self.zoom_in, self.zoom_out = _ZOOM.get(lang, _ZOOM["sv"])
        self.attributions = [str(escape(str(a))) for a in attributions]  # Leaflet parses HTML
        self.phone = PHONE_PX


def setup_page(m, *, title="", lang="sv", attributions=()):
    """Give ``m``'s page a language, a title, zoom and scale controls and the phone layout; returns ``m``.

    Call it after every layer is added (the script opens or closes the panels those layers made).

    Parameters
    ----------
    m : folium.Map
        Made with ``zoom_control=False``, this adds the zoom control with titles in ``lang``.
    title : str
        The page title (escaped here).
    lang : {"sv", "en"}
    attributions : iterable of str
        Plain-text attributions (data sources and licences) added to the map's attribution line.
    """
    root = m.get_root()
    root.lang = "en" if lang == "en" else "sv"
    root.title = str(title or ("Karta" if lang != "en" else "Map"))
    root._template = _FIGURE
    root.header.add_child(Element(_CSS), name="hp_page_css")
    _Controls(lang, attributions, zoom=m.options.get("zoom_control") is False,
              scale=not getattr(m, "control_scale", False)).add_to(m)
    return m

