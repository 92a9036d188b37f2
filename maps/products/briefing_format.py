"""Formatting helpers of the weekend briefing: table sections, cells, dates and numbers (all escaped)."""

import html
import re

import numpy as np
import pandas as pd

from hotspots.errors import InputError
from hotspots.words import MONTHS, WEEKDAYS
from layers.weekend import Weekend
from maps.products.briefing_text import _REASONS

__all__ = []  # helpers of maps.products.briefing


class _Chip(str):
    """A status shown as a coloured chip: the text is the label, ``key`` the status."""

    def __new__(cls, key, text):
        obj = super().__new__(cls, text)
        obj.key = key
        return obj


def _section(heading, lead, head, rows, numeric, empty, cls="", flex=()):
    """A titled table; columns whose header is in ``flex`` take the spare width, the others fit their content."""
    if rows:
        kinds = [("num fit" if i in numeric else "" if h in flex else "fit") for i, h in enumerate(head)]
        ths = "".join(f"<th class=\"{k}\">{_e(h).replace(chr(10), '<br>')}</th>" for k, h in zip(kinds, head))
        body = "".join("<tr>" + "".join(_cell(v, k) for v, k in zip(row, kinds)) + "</tr>" for row in rows)
        content = f"<table><thead><tr>{ths}</tr></thead><tbody>{body}</tbody></table>"
    elif empty:
        content, lead = f"<p class=\"empty\">{_e(empty)}</p>", ""
    else:
        return ""
    lead = f"<p class=\"lead\">{_e(lead)}</p>" if lead else ""
    return f"<section class=\"block {cls}\"><h2>{_e(heading)}</h2>{lead}{content}</section>"


def _cell(value, kind):
    if isinstance(value, _Chip):
        return f"<td class=\"{kind}\"><span class=\"st st-{value.key.replace(' ', '')}\">{_e(value)}</span></td>"
    return f"<td class=\"{kind}\">{_e(value)}</td>" if kind else f"<td>{_e(value)}</td>"


def _id(kind, value):
    return f"H{value}" if kind == "hotspot" else str(value)


def _when(stamp, lang, *, year=True):
    stamp = pd.Timestamp(stamp)
    day = f"{WEEKDAYS[lang][stamp.weekday()]} {stamp.day} {MONTHS[lang][stamp.month - 1]}"
    day += f" {stamp.year}" if year else ""
    return f"{day}, {stamp:%H:%M}" if lang == "en" else f"{day} kl. {stamp:%H:%M}"


def _num(value, lang, decimals=0):
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",") if lang == "sv" else text


def _translate(text, lang):
    """A reason or note of :func:`weekend_analysis` (English) in Swedish."""
    if lang == "en":
        return text
    for pattern, swedish in _REASONS:
        if re.fullmatch(pattern, text):
            return re.sub(pattern, swedish, text)
    return text


def _e(value):
    return html.escape(str(value), quote=True)


def _validate(weekend, lang, min_count):
    if not isinstance(weekend, Weekend):
        raise InputError(f"the briefing needs what layers.weekend.weekend_analysis returns, got "
                         f"{type(weekend).__name__}.")
    if lang not in ("sv", "en"):
        raise InputError(f"lang must be 'sv' or 'en', got {lang!r}.")
    if isinstance(min_count, bool) or not isinstance(min_count, int | np.integer) or min_count < 1:
        raise InputError(f"min_count must be a whole number ≥ 1, got {min_count!r}; set [privacy] min_count.")


# ------------------------------------------------------------------------------------------------ words
