"""Text for XML products (GPX, KML, QML): escaped, and without the characters XML 1.0 cannot hold.

A name from a spreadsheet may hold ``<``, ``&``, quotes or control characters (a pasted tab is fine, a
``\\x00`` or ``\\x1b`` is not even allowed escaped in XML 1.0 and makes the whole file unreadable). So every
user text passes :func:`xml_text` before it is put between tags or inside an attribute.
"""

import re
from xml.sax.saxutils import escape

__all__ = ["xml_text"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTR = {'"': "&quot;", "'": "&apos;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def xml_text(value) -> str:
    """``value`` as text safe between tags and inside double- or single-quoted attributes.

    Parameters
    ----------
    value : object
        Anything; ``None`` becomes "".

    Returns
    -------
    str
        ``&``, ``<``, ``>``, quotes and line breaks escaped; characters XML 1.0 forbids removed.
    """
    if value is None:
        return ""
    return escape(_NOT_XML.sub("", str(value)), _ATTR)
