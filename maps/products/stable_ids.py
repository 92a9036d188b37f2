"""Repeatable map pages: folium/branca element ids derived from the element tree, not from ``os.urandom``.

branca gives every element a random 32-hex ``_id`` (``Element._generate_id``), and the id is part of every
JavaScript variable name in the page, so two runs on the same input give different bytes. :func:`stable_ids`
walks the finished map in document order and gives each element the first 32 hex digits of
SHA-256(its parent's new id, its kind, its place among its siblings): the same map gives the same page, and
children's registry keys (which folium builds from ``get_name()``) are renamed to match.
"""

import hashlib
from collections import OrderedDict

__all__ = ["stable_ids"]


def stable_ids(m, *, salt="hotspot-planner"):
    """Give every element of ``m``'s figure a deterministic id; returns ``m``.

    Parameters
    ----------
    m : folium.Map (or any branca Element)
        Call it last, once every layer is added; elements added afterwards keep random ids.
    salt : str
        Mixed into every id (two maps in one page need different salts).

    Returns
    -------
    the same ``m``
    """
    root = m.get_root()
    old_names = {}
    stack = [(root, salt, 0)]
    while stack:
        element, parent_id, position = stack.pop()
        seed = f"{parent_id}|{type(element).__name__}|{getattr(element, '_name', '')}|{position}"
        old_names[id(element)] = element.get_name()
        element._id = hashlib.sha256(seed.encode()).hexdigest()[:32]
        children = list(getattr(element, "_children", {}).items())
        stack += [(child, element._id, i) for i, (_, child) in enumerate(children)]
    _rekey(root, old_names)
    return m


def _rekey(root, old_names):
    """Children registered under their old ``get_name()`` are re-registered under the new one."""
    stack = [root]
    while stack:
        element = stack.pop()
        children = getattr(element, "_children", None)
        if not children:
            continue
        element._children = OrderedDict(
            (child.get_name() if key == old_names.get(id(child)) else key, child) for key, child in children.items())
        stack += list(element._children.values())
