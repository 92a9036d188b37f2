"""The title block (top left): title, data period, method, mode, generated time, notes, synthetic data.

Every text that may come from the data or the user (title, method, notes) is HTML-escaped here: the block is
built from :class:`markupsafe.Markup` format strings, whose ``format`` and ``join`` escape every argument that
is not itself ``Markup`` (the rule of every HTML snippet in ``maps/overlays``).
"""


import folium
from markupsafe import Markup

from hotspots.defaults import MIN_COUNT
from maps.overlays.common import text

__all__ = ["add_title"]

_TEXT = {"sv": {"method": "Metod", "sensitive": "Känsliga händelser i hela området",
                "min_count": "Endast antal på minst {m} visas; inga enskilda händelser, ingen fritext"},
         "en": {"method": "Method", "sensitive": "Sensitive incidents in the whole area",
                "min_count": "Only counts of at least {m} are shown; no single incidents, no free text"}}


def add_title(m, *, title="", period=None, method="", share=False, synthetic=False, sensitive_total=None,
              min_count=MIN_COUNT, notes=(), generated=None, lang="sv"):
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
    lines = []
    if period is not None:
        lines.append(f"{text('period', lang).capitalize()}: {period[0]:%Y-%m-%d} – {period[1]:%Y-%m-%d}")
    if method:
        lines.append(f"{words['method']}: {method}")
    mode = text("share", lang) if share else text("internal", lang)
    if generated is None:  # no build time unless asked (SOURCE_DATE_EPOCH): same inputs, same bytes
        lines.append(Markup("<b>{}</b>").format(mode))
    else:
        lines.append(Markup("<b>{}</b> · {} {:%Y-%m-%d %H:%M}").format(mode, text("generated", lang), generated))
    if share:
        lines.append(words["min_count"].format(m=min_count))
        if sensitive_total is not None:
            lines.append(f"{words['sensitive']}: {sensitive_total}")
    lines += [str(n) for n in notes]
    if synthetic:
        lines.append(Markup("<span style='color:#b2182b'><b>{}</b></span>").format(text("synthetic", lang)))
    # a <details> panel: open on desktop, one line on phones (maps.overlays.controls.page); the summary is the title
    head = Markup("<span style='font-size:14px'>{}</span>").format(title) if title else Markup(mode)
    block = Markup("<details class='hp-panel hp-title' open style='position:fixed;top:10px;left:50px;z-index:1000;"
                   "font:13px sans-serif;max-width:420px'><summary>{}</summary><div class='hp-body'>{}</div>"
                   "</details>").format(head, Markup("<br>").join(lines))
    m.get_root().html.add_child(folium.Element(str(block)))
    return m
