"""Promise areas (medborgarlöften) from the project file: what each promise follows and which way it aims.

A project names its promises in ``[[promises]]`` tables; they are configuration, not code::

    [[promises]]
    name = "Unga, alkohol och droger"          # Swedish name (required)
    name_en = "Young people, alcohol and drugs" # optional
    name_share = "..."                           # optional: the name in shared products, when the name itself
                                                 # names a sensitive category (shared products never do)
    name_share_en = "..."                        # optional: the same in English
    categories = ["drugs", "alcohol"]           # canonical category keys it follows (required)
    places = ["SP01", "Torget"]                  # optional: special places by id or name
    events = ["valborg"]                         # optional: event keys (the Swedish calendar or [[events]])
    direction = "minska"                         # minska (fewer) or öka (more); decrease/increase accepted
    presence = true                              # optional: the promise is about visible presence

:func:`read_promises` checks every entry and says which one and what is wrong.
"""

from dataclasses import dataclass

from hotspots.errors import InputError

__all__ = ["Promise", "read_promises"]

_DIRECTIONS = {"minska": "minska", "decrease": "minska", "fewer": "minska", "öka": "öka", "oka": "öka",
               "increase": "öka", "more": "öka"}
_KEYS = {"key", "name", "name_en", "name_share", "name_share_en", "categories", "places", "events", "direction",
         "presence"}


@dataclass(frozen=True)
class Promise:
    """One promise area: ``key``, ``name`` (Swedish), ``name_en``, ``categories``, ``places``, ``events``,
    ``direction`` (``minska``/``öka``), ``presence`` (the promise is about visible presence), ``name_share`` and
    ``name_share_en``."""

    key: str
    name: str
    name_en: str
    categories: tuple
    places: tuple = ()
    events: tuple = ()
    direction: str = "minska"
    presence: bool = False
    name_share: str = ""
    name_share_en: str = ""

    def label(self, lang="sv", share=False) -> str:
        """The name in ``lang`` (the share name in shared products, when there is one)."""
        if share and lang == "en" and self.name_share_en:
            return self.name_share_en
        if share and self.name_share:
            return self.name_share
        return self.name_en if lang == "en" and self.name_en else self.name


def read_promises(entries, *, categories=None, places=None, source="project") -> list:
    """Check and read the ``[[promises]]`` tables of a project.

    Parameters
    ----------
    entries : list of dict
        The tables as TOML gives them.
    categories : iterable of str, optional
        Known category keys; a promise naming another one is an error.
    places : DataFrame, optional
        Special places (``place_id``, ``name``): named places are resolved to ids, unknown ones are an error.
    source : str
        The file, for messages.

    Returns
    -------
    list of Promise

    Raises
    ------
    InputError
        Not a list of tables, an unknown key, no name or categories, an unknown category, place or direction.
    """
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError(f"{source}: promises must be a list of [[promises]] tables.")
    known = set(categories) if categories is not None else None
    ids = {}
    if places is not None and len(places):
        ids = {str(v).casefold(): str(i) for i, v in zip(places["place_id"], places["place_id"])}
        ids.update({str(n).casefold(): str(i) for i, n in zip(places["place_id"], places["name"])})
    out, seen = [], set()
    for n, e in enumerate(entries, start=1):
        where = f"{source}: [[promises]] number {n}"
        unknown = set(e) - _KEYS
        if unknown:
            raise InputError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; known keys are "
                             f"{', '.join(sorted(_KEYS))}.")
        name = str(e.get("name", "")).strip()
        cats = e.get("categories", [])
        if not name:
            raise InputError(f"{where}: no name; give the promise's Swedish name, e.g. name = \"Unga och droger\".")
        if isinstance(cats, str):
            cats = [cats]
        if not cats or not all(isinstance(c, str) and c.strip() for c in cats):
            raise InputError(f"{where} ({name}): categories must be a list of category keys, e.g. [\"drugs\"].")
        if known is not None and set(cats) - known:
            raise InputError(f"{where} ({name}): unknown categor(y/ies) {', '.join(sorted(set(cats) - known))}; "
                             f"the data have {', '.join(sorted(known))}.")
        direction = _DIRECTIONS.get(str(e.get("direction", "minska")).strip().casefold())
        if direction is None:
            raise InputError(f"{where} ({name}): direction must be minska or öka, got {e.get('direction')!r}.")
        named = [str(p) for p in e.get("places", [])]
        if ids:
            missing = [p for p in named if p.casefold() not in ids]
            if missing:
                raise InputError(f"{where} ({name}): unknown place(s) {', '.join(missing)}; the special places are "
                                 f"{', '.join(sorted(set(ids.values())))}.")
            named = [ids[p.casefold()] for p in named]
        key = str(e.get("key") or f"promise{n}")
        if key in seen:
            raise InputError(f"{where} ({name}): the key {key!r} is used twice.")
        seen.add(key)
        out.append(Promise(key, name, str(e.get("name_en", "")).strip(), tuple(c.strip() for c in cats),
                           tuple(dict.fromkeys(named)), tuple(str(v) for v in e.get("events", [])), direction,
                           bool(e.get("presence", False)), str(e.get("name_share", "")).strip(),
                           str(e.get("name_share_en", "")).strip()))
    return out
