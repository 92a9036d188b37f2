"""Suggested visits and patrol routes as KML 2.2, for Google Earth and other globe viewers.

``write_kml(path, items)`` writes :class:`maps.products.exports.field_items.FieldItem` values as one KML document
(OGC KML 2.2): a folder per group ("Föreslagna besök", "Planerade patruller"), a placemark per item with
``name``, ``description`` (the schedule and the reason, plain escaped text, no HTML), a ``TimeStamp`` when
the visit is dated, and a Point, LineString or Polygon with ``lon,lat`` coordinates of 6 decimals. The
styles use the map's colours (visits orange, patrols blue). Deterministic and written atomically.
"""

from pathlib import Path

from maps.products.atomic import atomic_write
from maps.products.exports.xml_text import xml_text

__all__ = ["write_kml"]

NS = "http://www.opengis.net/kml/2.2"
# KML colours are aabbggrr: visits #ef6c00 (orange), patrols #1565c0 (blue), areas 25 % filled
_STYLES = (("visit", '<IconStyle><color>ff006cef</color><scale>1.1</scale></IconStyle>'),
           ("stop", '<IconStyle><color>ffc06515</color></IconStyle>'),
           ("route", '<LineStyle><color>ffc06515</color><width>4</width></LineStyle>'),
           ("area", ('<LineStyle><color>ffc06515</color><width>2</width></LineStyle>'
                     '<PolyStyle><color>40c06515</color></PolyStyle>')))


def write_kml(path, items, *, title="") -> Path:
    """Write ``items`` as a KML 2.2 document.

    Parameters
    ----------
    path : str or Path
    items : list of FieldItem
        From :func:`maps.products.exports.field_items.field_items`.
    title : str
        The document's name (e.g. the project's name).

    Returns
    -------
    Path
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<kml xmlns="{NS}">', "<Document>"]
    if title:
        lines.append(f"<name>{xml_text(title)}</name>")
    lines += [f'<Style id="{key}">{style}</Style>' for key, style in _STYLES]
    groups = list(dict.fromkeys(i.group for i in items))
    for group in groups:
        lines.append(f"<Folder><name>{xml_text(group)}</name>")
        lines += [_placemark(i) for i in items if i.group == group and i.coords]
        lines.append("</Folder>")
    lines += ["</Document>", "</kml>"]
    with atomic_write(path) as tmp:
        tmp.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return Path(path)


def _placemark(item):
    desc = " — ".join(filter(None, (item.comment, item.desc)))
    out = f"<Placemark><name>{xml_text(item.name)}</name>"
    out += f"<description>{xml_text(desc)}</description>" if desc else ""
    out += f"<TimeStamp><when>{item.time}</when></TimeStamp>" if item.time else ""
    out += f"<styleUrl>#{item.kind}</styleUrl>"
    coords = " ".join(f"{lon:.6f},{lat:.6f}" for lon, lat in item.coords)
    if item.kind in ("visit", "stop"):
        out += f"<Point><coordinates>{coords.split(' ')[0]}</coordinates></Point>"
    elif item.kind == "route":
        out += f"<LineString><tessellate>1</tessellate><coordinates>{coords}</coordinates></LineString>"
    else:
        out += (f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates></LinearRing>"
                "</outerBoundaryIs></Polygon>")
    return out + "</Placemark>"
