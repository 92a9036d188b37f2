"""The title block (top left): title, data period, method, mode, generated time, notes, synthetic data.

Every text that may come from the data or the user (title, method, notes) is HTML-escaped here.
"""

import html
from datetime import datetime

import folium

from hotspots.defaults import MIN_COUNT
from maps.overlays.common import text

__all__ = ["add_title"]

_TEXT = {"sv": {"method": "Metod", "sensitive": "Känsliga händelser i hela området",
                "min_count": "Endast antal på minst {m} visas; inga enskilda händelser, ingen fritext"},
         "en": {"method": "Method", "sensitive": "Sensitive incidents in the whole area",
                "min_count": "Only counts of at least {m} are shown; no single incidents, no free text"}}


def add_title(m, *, title="", period=None, method="", share=False, synthetic=False, sensitive_total=None,
              min_count=MIN_COUNT, notes=(), lang="sv"):
    """Add the title block to ``m``; returns ``m``.

    Parameters
    ----------
    m : folium.Map
    title : str
    period : tuple of (Timestamp, Timestamp), optional
        First and last start time of the data.
    method : str
        The hotspot method(s), e.g. ``"gistar"``.
    share : bool
        "Delningsbar" (share mode) rather than "Internt".
    synthetic : bool
        Say "Syntetiska data" in red.
    sensitive_total : int or str, optional
        Share mode: the municipality-wide number of sensitive incidents (``"< 5"`` below the minimum).
    min_count : int
    notes : iterable of str
        Further lines (e.g. why the points are left out).
    lang : {"sv", "en"}
    """
    words = _TEXT.get(lang, _TEXT["sv"])
    lines = [f"<b style='font-size:14px'>{html.escape(str(title))}</b>"] if title else []
    if period is not None:
        lines.append(f"{text('period', lang).capitalize()}: {period[0]:%Y-%m-%d} – {period[1]:%Y-%m-%d}")
    if method:
        lines.append(f"{words['method']}: {html.escape(str(method))}")
    mode = text("share", lang) if share else text("internal", lang)
    lines.append(f"<b>{html.escape(mode)}</b> · {text('generated', lang)} {datetime.now():%Y-%m-%d %H:%M}")
    if share:
        lines.append(html.escape(words["min_count"].format(m=min_count)))
        if sensitive_total is not None:
            lines.append(f"{words['sensitive']}: {html.escape(str(sensitive_total))}")
    lines += [html.escape(str(n)) for n in notes]
    if synthetic:
        lines.append(f"<span style='color:#b2182b'><b>{html.escape(text('synthetic', lang))}</b></span>")
    block = ("<div class='hp-title' style='position:fixed;top:10px;left:50px;z-index:1000;background:white;"
             "padding:6px 10px;border:1px solid #999;border-radius:4px;font:13px sans-serif;max-width:420px;"
             "box-shadow:0 1px 4px rgba(0,0,0,.3)'>" + "<br>".join(lines) + "</div>")
    m.get_root().html.add_child(folium.Element(block))
    return m
