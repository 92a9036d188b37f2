"""Colour ramps shared by the map layers, and the legend: one visible block per coloured layer.

Ramps are lists of hex stops interpolated linearly in RGB (no matplotlib needed). :class:`Legend` is a
``MacroElement`` that renders a fixed box in the map's corner; every text in it is HTML-escaped here: the
blocks are :class:`markupsafe.Markup` format strings, whose ``format`` and ``join`` escape every argument that
is not itself ``Markup``.
"""

import numpy as np
from branca.element import MacroElement
from jinja2 import Template
from markupsafe import Markup

__all__ = ["RAMPS", "Legend", "ramp_hex", "ramp_rgb"]

RAMPS = {
    "heat": ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],  # YlOrRd
    "rank": ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"],  # Reds, 1 = darkest
    "diverging": ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"],  # RdBu
    "count": ["#edf8fb", "#b3cde3", "#8c96c6", "#8856a7", "#810f7c"],  # BuPu, share-mode heat squares
}


def ramp_rgb(values, stops) -> np.ndarray:
    """RGB (uint8, shape ``(..., 3)``) of ``values`` in [0, 1] on a ramp of hex ``stops``; NaN gives 0."""
    v = np.clip(np.nan_to_num(np.asarray(values, float)), 0.0, 1.0)
    rgb = np.array([[int(s[i:i + 2], 16) for i in (1, 3, 5)] for s in stops], float)
    at = np.linspace(0.0, 1.0, len(stops))
    out = np.stack([np.interp(v, at, rgb[:, c]) for c in range(3)], axis=-1)
    return np.rint(out).astype(np.uint8)


def ramp_hex(values, stops) -> list[str]:
    """Hex colours of ``values`` in [0, 1] on a ramp (see :func:`ramp_rgb`)."""
    rgb = ramp_rgb(values, stops).reshape(-1, 3)
    return [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in rgb]


_SWATCH = {
    "fill": "display:inline-block;width:14px;height:10px;background:{c};border:1px solid {b};opacity:.85",
    "line": "display:inline-block;width:16px;height:0;border-top:3px solid {c};vertical-align:middle",
    "dash": "display:inline-block;width:14px;height:10px;border:2px dashed {c}",
    "circle": "display:inline-block;width:10px;height:10px;border-radius:50%;background:{c};border:2px solid {b}",
}


def _attrs(layer, hidden):
    out = Markup(" data-layer='{}'").format(layer) if layer is not None else Markup()
    return out + (Markup(" style='display:none'") if hidden else Markup())


class Legend(MacroElement):
    """A legend box (bottom right) with one titled block per coloured layer.

    Parameters
    ----------
    title : str
        Heading of the box ("Teckenförklaring" / "Legend").

    Examples
    --------
    >>> legend = Legend("Teckenförklaring")
    >>> legend.add_classes("Hotspots, trend", [("#b2182b", "ökande"), ("#2166ac", "minskande")])
    >>> legend.add_ramp("Täthet", RAMPS["heat"], "låg", "hög")
    >>> legend.add_to(m)  # doctest: +SKIP
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .hp-legend { position: fixed; bottom: 24px; right: 10px; z-index: 1000; background: white;
            border: 1px solid #767676; border-radius: 4px; font: 11px sans-serif;
            max-width: 250px; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
          .hp-legend > summary { cursor: pointer; font-weight: bold; padding: 4px 8px; }
          .hp-legend .hp-body { padding: 0 8px 5px; max-height: 55vh; overflow-y: auto; }
          .hp-legend .hp-block { margin-top: 3px; }
          .hp-legend .hp-row { white-space: nowrap; line-height: 14px; }
          .hp-legend .hp-inline { display: inline-block; margin-right: 6px; white-space: nowrap; }
          .hp-legend .hp-ramp { height: 8px; width: 150px; border: 1px solid #999; }
        </style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <details class="hp-panel hp-legend legend" id="{{ this.get_name() }}" open>{{ this.content }}</details>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.on('overlayadd overlayremove', function (e) {
            document.querySelectorAll('#{{ this.get_name() }} [data-layer]').forEach(function (block) {
                if (block.getAttribute('data-layer') === e.name) {
                    block.style.display = e.type === 'overlayadd' ? '' : 'none';
                }
            });
        });
        {% endmacro %}
    """)

    def __init__(self, title):
        super().__init__()
        self._name = "Legend"
        self.title = str(title)
        self.blocks = []

    def add_classes(self, title, entries, kind="fill", *, layer=None, hidden=False):
        """Add a block of classes: ``entries`` are ``(colour, label)`` or ``(colour, label, kind)``.

        ``kind`` is ``"fill"`` (area), ``"line"``, ``"dash"`` (dashed outline) or ``"circle"``. With
        ``layer`` (its name in the layer control) the block shows and hides with the layer; ``hidden``
        when the layer starts switched off.
        """
        rows = []
        for entry in entries:
            colour, label, how = (*entry, kind)[:3]
            rows.append((Markup("<span style='{}'></span>").format(_SWATCH[how].format(c=colour, b="#555")), label))
        attrs = _attrs(layer, hidden)
        if len(rows) == 1 and str(rows[0][1]) == str(title):  # one class named as its layer: one row
            self.blocks.append(Markup("<div class='hp-block hp-row'{}>{} <b>{}</b></div>").format(attrs, *rows[0]))
        else:
            cells = Markup("").join(Markup("<span class='hp-inline'>{} {}</span>").format(swatch, name)
                                    for swatch, name in rows)
            self.blocks.append(Markup("<div class='hp-block'{}><b>{}</b><br>{}</div>").format(attrs, title, cells))
        return self

    def add_ramp(self, title, stops, low, high, *, layer=None, hidden=False):
        """Add a continuous ramp block labelled ``low`` at the left and ``high`` at the right."""
        self.blocks.append(Markup(
            "<div class='hp-block'{}><b>{}</b>"
            "<div class='hp-ramp' style='background:linear-gradient(to right,{})'></div>"
            "<div style='display:flex;justify-content:space-between;width:152px'><span>{}"
            "</span><span>{}</span></div></div>").format(_attrs(layer, hidden), title, ",".join(stops), low, high))
        return self

    @property
    def content(self):
        """The box's inner HTML (escaped when the blocks were added).

        Markup: folium's templates do not autoescape, and this is already safe HTML.
        """
        return Markup("<summary>{}</summary><div class='hp-body'>{}</div>").format(self.title,
                                                                                  Markup("").join(self.blocks))

    def render(self, **kwargs):
        """Render only when some block was added (an empty legend is not drawn)."""
        if self.blocks:
            super().render(**kwargs)
