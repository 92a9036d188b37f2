"""QGIS layer styles (QML) in the HTML map's colours, for the GeoPackage's ``layer_styles`` table.

:func:`layer_qml` writes one QGIS 3 style document (``<qgis>`` with a ``renderer-v2``): a single symbol, or
a categorised renderer when ``categories`` are given (the coverage verdicts täckt/tunn/LUCKA, patrol modes,
emerging classes, hotspot ranks). Fills, lines and markers use QGIS's ``SimpleFill``, ``SimpleLine`` and
``SimpleMarker`` symbol layers; labels (``label_field``) are simple labels with a white buffer, as the map's
tooltips read. All text passes :func:`maps.products.exports.xml_text.xml_text`.
"""

from maps.products.exports.xml_text import xml_text

__all__ = ["layer_qml"]

GEOMETRY_TYPE = {"point": 0, "line": 1, "polygon": 2}
_SYMBOL = {"point": "marker", "line": "line", "polygon": "fill"}


def layer_qml(geometry, colour, *, categories=None, attribute=None, label_field=None, fill_alpha=0.45,
              width_mm=0.6, dashed=False) -> str:
    """A QGIS style document for a layer.

    Parameters
    ----------
    geometry : {"point", "line", "polygon"}
    colour : str
        ``#rrggbb``: the single symbol's colour (and the fallback category's).
    categories : list of (value, label, colour), optional
        A categorised renderer on ``attribute``; one symbol per value, the label shown in the legend.
    attribute : str, optional
        The field the categories are read from.
    label_field : str, optional
        Label features with this field.
    fill_alpha : float
        Opacity of polygon fills (the outline is opaque).
    width_mm : float
        Line and outline width in millimetres.
    dashed : bool
        Dashed outlines and lines (the map draws gaps dashed).

    Returns
    -------
    str
        The QML text (UTF-8, with the QGIS doctype).
    """
    if geometry not in GEOMETRY_TYPE:
        raise ValueError(f"geometry must be one of {', '.join(GEOMETRY_TYPE)}, got {geometry!r}")
    style = {"alpha": fill_alpha, "width": width_mm, "dashed": dashed}
    if categories:
        cats = "".join(f'<category value="{xml_text(v)}" label="{xml_text(lab)}" symbol="{i}" render="true"/>'
                       for i, (v, lab, _) in enumerate(categories))
        symbols = "".join(_symbol(str(i), geometry, c, style) for i, (_, _, c) in enumerate(categories))
        renderer = (f'<renderer-v2 type="categorizedSymbol" attr="{xml_text(attribute)}" symbollevels="0" '
                    f'enableorderby="0" forceraster="0"><categories>{cats}</categories>'
                    f'<symbols>{symbols}</symbols></renderer-v2>')
    else:
        renderer = (f'<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">'
                    f'<symbols>{_symbol("0", geometry, colour, style)}</symbols></renderer-v2>')
    labels = _labels(label_field, geometry) if label_field else ""
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            f'<qgis version="3.28.0" labelsEnabled="{int(bool(label_field))}" styleCategories="Symbology|Labeling">'
            f'{renderer}{labels}'
            f"<layerGeometryType>{GEOMETRY_TYPE[geometry]}</layerGeometryType></qgis>\n")


def _rgba(colour, alpha=1.0):
    h = colour.lstrip("#")
    return f"{int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{round(255 * alpha)}"


def _options(values):
    return '<Option type="Map">' + "".join(f'<Option type="QString" name="{k}" value="{xml_text(v)}"/>'
                                           for k, v in values.items()) + "</Option>"


def _symbol(name, geometry, colour, style):
    line = "dash" if style["dashed"] else "solid"
    if geometry == "polygon":
        layer = ("SimpleFill", {"color": _rgba(colour, style["alpha"]), "outline_color": _rgba(colour),
                                "outline_width": style["width"], "outline_width_unit": "MM", "outline_style": line,
                                "style": "solid"})
    elif geometry == "line":
        layer = ("SimpleLine", {"line_color": _rgba(colour), "line_width": style["width"] * 2,
                                "line_width_unit": "MM", "line_style": line, "capstyle": "round",
                                "joinstyle": "round"})
    else:
        layer = ("SimpleMarker", {"name": "circle", "color": _rgba(colour), "outline_color": "255,255,255,255",
                                  "outline_width": "0.4", "outline_width_unit": "MM", "size": "3.2",
                                  "size_unit": "MM"})
    return (f'<symbol type="{_SYMBOL[geometry]}" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">'
            f'<layer class="{layer[0]}" enabled="1" locked="0" pass="0">{_options(layer[1])}</layer></symbol>')


def _labels(field, geometry):
    placement = {"point": 6, "line": 2, "polygon": 0}[geometry]  # around point / parallel line / horizontal
    return (f'<labeling type="simple"><settings calloutType="simple">'
            f'<text-style fieldName="{xml_text(field)}" fontSize="9" fontSizeUnit="Point" textColor="26,26,26,255" '
            f'fontWeight="75" isExpression="0"><text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" '
            f'bufferColor="255,255,255,255"/></text-style><placement placement="{placement}"/></settings>'
            f'</labeling>')
