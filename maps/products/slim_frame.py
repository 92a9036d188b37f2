"""Smaller map frames: folium's jQuery left out of an offline page that does not use it.

Folium lists jQuery among every map's scripts, and :func:`maps.offline.make_offline` inlines it (87 kB).
A briefing holds up to two maps in ``<iframe srcdoc>`` and ``run`` writes six briefings, so the demo's
products carried about 1 MB of a library nothing called. :func:`drop_unused_jquery` removes the inlined
copy when no code of the page (libraries with a licence header aside: minified Leaflet uses ``$`` as a local
name) mentions ``jQuery``, ``$(`` or ``$.``; otherwise the page is returned unchanged.
"""

import re

__all__ = ["drop_unused_jquery"]

_JQUERY_LIB = re.compile(r"<script[^>]*>\s*/\*! jQuery v.*?</script>", re.DOTALL)
_JQUERY_USE = re.compile(r"\bjQuery\b|\$\(|\$\.")
_LIBRARY = re.compile(r"<script[^>]*>\s*/\*.*?</script>", re.DOTALL)


def drop_unused_jquery(page) -> str:
    """``page`` (an offline HTML document) without its inlined jQuery when nothing on it uses jQuery.

    Parameters
    ----------
    page : str

    Returns
    -------
    str
        The page without the jQuery ``<script>``, or ``page`` itself when jQuery is used or not inlined once.
    """
    blocks = list(_JQUERY_LIB.finditer(page))
    if len(blocks) != 1:
        return page
    rest = page[:blocks[0].start()] + page[blocks[0].end():]
    return page if _JQUERY_USE.search(_LIBRARY.sub("", rest)) else rest
