"""Small static SVG figures of the yearly review: the hotspot map, yearly counts with intervals, week and months.

Static SVG keeps the review one printable page that opens without internet and without scripts, and byte for
byte the same for the same data. Every text in a figure goes through :func:`markupsafe.escape`; the functions
return :class:`markupsafe.Markup` because they build the markup themselves.

:func:`review_figure` is the one entry: ``kind`` is ``"map"``, ``"years"``, ``"week"`` or ``"months"``.
"""

import numpy as np
import shapely
from markupsafe import Markup, escape

from hotspots.words import WEEKDAYS

__all__ = ["review_figure"]

STATUS_STYLE = {"new": ("#c62828", "none"), "persistent": ("#ef8f00", "none"), "faded": ("#8a8f98", "4 3")}


def review_figure(kind, *args, **kwargs) -> Markup:
    """One figure as inline SVG (see the module docstring)."""
    return {"map": _map, "years": _years, "week": _week, "months": _months}[kind](*args, **kwargs)


def _map(hotspots, *, places=None, labels=None, width=640, height=360, lang="sv"):
    """Hotspot polygons by status (new, persistent, faded), labelled; special places as small squares."""
    if hotspots is None or not len(hotspots):
        return Markup("")
    geoms = np.asarray(hotspots.geometry.values, dtype=object)
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    pad = max(x1 - x0, y1 - y0) * 0.08 + 150
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    scale = min(width / (x1 - x0), height / (y1 - y0))

    def xy(x, y):
        return (x - x0) * scale, height - (y - y0) * scale
    parts = [(f'<svg class="figure map" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'xmlns="http://www.w3.org/2000/svg"><rect width="{width}" height="{height}" fill="#f4f3ef"/>')]
    for geom, status, name in zip(geoms, hotspots["status"], labels if labels is not None else hotspots["hotspot"]):
        stroke, dash = STATUS_STYLE.get(status, ("#1d3557", "none"))
        for poly in getattr(geom, "geoms", [geom]):
            ring = np.asarray(poly.exterior.coords)
            d = " ".join(f"{'M' if i == 0 else 'L'}{px:.1f},{py:.1f}" for i, (px, py) in
                         enumerate(xy(x, y) for x, y in ring)) + " Z"
            fill = "none" if status == "faded" else stroke
            parts.append(f'<path d="{d}" fill="{fill}" fill-opacity="0.35" stroke="{stroke}" stroke-width="1.5" '
                         f'stroke-dasharray="{dash}"/>')
        c = geom.representative_point()
        cx, cy = xy(c.x, c.y)
        parts.append(f'<text x="{cx:.1f}" y="{cy:.1f}" font-size="11" font-weight="bold" text-anchor="middle" '
                     f'fill="#1a1a1a">{escape(name)}</text>')
    if places is not None and len(places):
        for geom, name in zip(places.geometry, places["name"]):
            c = geom.representative_point()
            if not (x0 <= c.x <= x1 and y0 <= c.y <= y1):
                continue
            px, py = xy(c.x, c.y)
            parts.append(f'<rect x="{px - 3:.1f}" y="{py - 3:.1f}" width="6" height="6" fill="#1d3557"/>'
                         f'<text x="{px + 5:.1f}" y="{py + 4:.1f}" font-size="9" fill="#1d3557">{escape(name)}</text>')
    bar = 500.0 if (x1 - x0) > 1500 else 100.0
    parts.append(f'<line x1="10" y1="{height - 12}" x2="{10 + bar * scale:.1f}" y2="{height - 12}" stroke="#1a1a1a" '
                 f'stroke-width="2"/><text x="10" y="{height - 16}" font-size="9">{bar:.0f} m</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _years(table, *, width=420, height=150, lang="sv"):
    """Bars of the yearly counts with their 95 % intervals (internal only: exact counts)."""
    n = len(table)
    if not n:
        return Markup("")
    top = float(np.max(table["high"])) or 1.0
    bw = (width - 40) / n
    parts = [(f'<svg class="figure years" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'xmlns="http://www.w3.org/2000/svg">')]
    for i, (y, c, lo, hi) in enumerate(zip(table["year"], table["count"], table["low"], table["high"])):
        x = 30 + i * bw
        h = (height - 30) * c / top
        last = i == n - 1
        parts.append(f'<rect x="{x + bw * 0.15:.1f}" y="{height - 18 - h:.1f}" width="{bw * 0.7:.1f}" height="{h:.1f}" '
                     f'fill="{"#1d3557" if last else "#9aa9c2"}"/>')
        ylo, yhi = height - 18 - (height - 30) * lo / top, height - 18 - (height - 30) * hi / top
        parts.append(f'<line x1="{x + bw / 2:.1f}" x2="{x + bw / 2:.1f}" y1="{ylo:.1f}" y2="{yhi:.1f}" '
                     f'stroke="#c62828" stroke-width="1.5"/>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{height - 5}" font-size="10" text-anchor="middle">{int(y)}</text>'
                     f'<text x="{x + bw / 2:.1f}" y="{yhi - 3:.1f}" font-size="9" text-anchor="middle">{int(c)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _week(week, *, lang="sv", width=640):
    """The 7 × 24 hour-of-week profile as shaded cells (darker = more); internal only."""
    cell = (width - 40) / 24
    height = 7 * cell + 18
    top = float(np.max(week)) or 1.0
    days = WEEKDAYS[lang]
    parts = [(f'<svg class="figure week" viewBox="0 0 {width} {height:.0f}" width="100%" role="img" '
             f'xmlns="http://www.w3.org/2000/svg">')]
    for d in range(7):
        parts.append(f'<text x="0" y="{d * cell + cell * 0.7:.1f}" font-size="10">{escape(days[d])}</text>')
        for h in range(24):
            v = float(week[d, h]) / top
            parts.append(f'<rect x="{40 + h * cell:.1f}" y="{d * cell:.1f}" width="{cell - 1:.1f}" '
                         f'height="{cell - 1:.1f}" fill="#1d3557" fill-opacity="{0.05 + 0.95 * v:.2f}"/>')
    for h in range(0, 24, 3):
        parts.append(f'<text x="{40 + h * cell:.1f}" y="{7 * cell + 12:.1f}" font-size="9">{h:02d}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _months(month, *, lang="sv", width=420, height=110):
    """Bars per month (internal only)."""
    top = float(np.max(month)) or 1.0
    bw = (width - 10) / 12
    parts = [(f'<svg class="figure months" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'xmlns="http://www.w3.org/2000/svg">')]
    for m in range(12):
        h = (height - 20) * float(month[m]) / top
        parts.append(f'<rect x="{5 + m * bw + 2:.1f}" y="{height - 15 - h:.1f}" width="{bw - 4:.1f}" height="{h:.1f}" '
                     f'fill="#9aa9c2"/><text x="{5 + m * bw + bw / 2:.1f}" y="{height - 3}" font-size="9" '
                     f'text-anchor="middle">{m + 1}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
