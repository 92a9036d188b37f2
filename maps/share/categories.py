"""The gate before any share product: sensitive incidents can only be kept out when categories are known.

Share products (``map --share``, ``run``'s share map, ``weekend --share``) leave sexual offences and violence
in close relationships out by their category. A file read without a category column (every row "other")
or with mostly unknown category words could hide such rows, so the share product is refused, naming the
files and the way out (:func:`hotspots.io.what.category_check.unknown_categories_message`): name the
category column (``--category-column``/``--category``, ``[read] category``), give a ``--default-category``,
or state that nothing in the files is sensitive (``--no-sensitive``, ``[privacy] no_sensitive = true``).
"""

from hotspots.errors import InputError
from hotspots.io.what.category_check import unknown_categories_message

__all__ = ["require_known_categories"]

_PROJECT_WAY = {"sv": " I en projektfil: [read] category = \"KOLUMN\" eller [privacy] no_sensitive = true.",
                "en": " In a project file: [read] category = \"COLUMN\" or [privacy] no_sensitive = true."}


def require_known_categories(summary, *, no_sensitive=False, lang="sv", product="") -> None:
    """Raise :class:`InputError` unless every file's categories are known or the user stated none is sensitive.

    Parameters
    ----------
    summary : dict
        The reader's summary (``PointsRead.summary``).
    no_sensitive : bool
        The user stated that no incident in the files is sensitive (``--no-sensitive``).
    lang : {"sv", "en"}
    product : str
        The share product refused, named first in the message (e.g. ``"karta.html"``).

    Raises
    ------
    InputError
        One message: the product, the files whose categories are unknown and what to pass.
    """
    if no_sensitive:
        return
    message = unknown_categories_message(summary, lang=lang)
    if message:
        lang = "en" if lang == "en" else "sv"
        prefix = f"{product}: " if product else ""
        raise InputError(prefix + message + _PROJECT_WAY[lang])
