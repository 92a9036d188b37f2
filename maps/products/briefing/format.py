"""How the weekend briefing writes its values: counts, numbers, dates, ids, status chips and table sections.

Everything here returns plain text and plain data; the markup is in ``maps/templates/briefing_parts.html.j2``,
which escapes every value. :class:`Briefing` carries what every part of the page needs (the weekend, the
labels of the language, share mode and ``min_count``).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hotspots.errors import InputError
from hotspots.words import MONTHS, WEEKDAYS
from layers.cover.weekend import Weekend
from maps.products.briefing.text import STATUS, words
from maps.share.coarse import publish_count

__all__ = ["Briefing", "Chip", "Section", "format_number", "format_when", "section", "target_id",
           "validate_briefing"]


@dataclass(frozen=True)
class Chip:
    """A status shown as a coloured chip: ``key`` is the status ("gap", "no data", ...), ``text`` its label."""

    key: str
    text: str


@dataclass(frozen=True)
class Section:
    """A titled table as the template draws it: ``columns`` are ``(class, header lines)``, each row a list of
    ``(class, text, status class)`` cells (status class "" for a plain cell); ``empty`` is shown without rows;
    ``note`` is ``(heading, items)`` or None."""

    heading: str
    lead: str
    columns: list
    rows: list
    empty: str
    cls: str = ""
    note: tuple | None = None


def section(heading, lead, head, rows, numeric, empty, cls="", flex=()):
    """A titled table; columns whose header is in ``flex`` take the spare width, the others fit their content.

    ``numeric`` holds the indices of right-aligned columns. Without rows the section shows ``empty`` (and no
    lead), or is None when ``empty`` is "".
    """
    if not rows and not empty:
        return None
    kinds = [("num fit" if i in numeric else "" if h in flex else "fit") for i, h in enumerate(head)]
    cells = [[(k, v.text, v.key.replace(" ", "")) if isinstance(v, Chip) else (k, str(v), "")
              for v, k in zip(row, kinds)] for row in rows]
    return Section(heading, lead if rows else "", [(k, str(h).split("\n")) for k, h in zip(kinds, head)], cells,
                   empty, cls)


def target_id(kind, value) -> str:
    """The id the tables and map labels use: ``H3`` for hotspot 3, a place's own id otherwise."""
    return f"H{value}" if kind == "hotspot" else str(value)


def format_when(stamp, lang, *, year=True) -> str:
    """``fre 19 juni 2026 kl. 12:00`` (sv) or ``Fri 19 June 2026, 12:00`` (en)."""
    stamp = pd.Timestamp(stamp)
    day = f"{WEEKDAYS[lang][stamp.weekday()]} {stamp.day} {MONTHS[lang][stamp.month - 1]}"
    day += f" {stamp.year}" if year else ""
    return f"{day}, {stamp:%H:%M}" if lang == "en" else f"{day} kl. {stamp:%H:%M}"


def format_number(value, lang, decimals=0) -> str:
    """A number with thin-space thousands and a decimal comma (sv), or ``1,234.5`` (en)."""
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",") if lang == "sv" else text


def validate_briefing(weekend, lang, min_count):
    """Raise :class:`InputError` unless ``weekend`` is a Weekend, ``lang`` sv or en, ``min_count`` whole ≥ 1."""
    if not isinstance(weekend, Weekend):
        raise InputError(f"the briefing needs what layers.cover.weekend.weekend_analysis returns, got "
                         f"{type(weekend).__name__}.")
    if lang not in ("sv", "en"):
        raise InputError(f"lang must be 'sv' or 'en', got {lang!r}.")
    if isinstance(min_count, bool) or not isinstance(min_count, int | np.integer) or min_count < 1:
        raise InputError(f"min_count must be a whole number ≥ 1, got {min_count!r}; set [privacy] min_count.")


class Briefing:
    """What every part of the page needs: the weekend (``w``), the labels (``t``), share mode and number formats.

    ``made`` ("Skapad 2026-06-01 09:30") is the time the page was made, given by the caller.
    """

    def __init__(self, weekend, lang, share, min_count, generated):
        self.w, self.lang, self.share, self.m = weekend, lang, share, min_count
        self.t = words(lang)
        self.years = list(weekend.info.get("years_counted", []))
        self.made = f"{self.t['generated']} {generated:%Y-%m-%d %H:%M}" if generated is not None else ""

    def count(self, value):
        """A count as text; in share mode never exact: its class (``5–9``, ``10–19``, … ``100+``,
        :func:`maps.share.coarse.publish_count`), and a count below ``min_count`` is "< m"."""
        if value is None or pd.isna(value):
            return "–"
        if self.share:
            shown = publish_count(int(value), min_count=self.m)
            return f"< {self.m}" if shown is None else shown
        return format_number(int(value), self.lang)

    def mean(self, total, mean):
        """A mean per year, "–" when missing and always in share mode (a mean times the years gives back the
        exact total that share mode publishes only as a class)."""
        if mean is None or pd.isna(mean) or self.share:
            return "–"
        return format_number(float(mean), self.lang, 1)

    def num(self, value, decimals=0):
        return format_number(value, self.lang, decimals)

    def when(self, stamp, *, year=True):
        return format_when(stamp, self.lang, year=year)

    def status(self, key):
        return Chip(key, STATUS.get(key, (key, key))[self.lang == "en"])
