"""A patrol schedule as people wrote it, with its day words in the reader's language.

Patrol plans accept Swedish and English day words (:mod:`layers.plans.schedule`): ``Fri-Sat 22-02``,
``fre-lör 22-02``, ``daily 15-17``. A Swedish product shows ``fre-lör 22-02`` and ``dagligen 15-17``, an
English one ``Fri-Sat 22-02`` and ``daily 15-17``; the times and the writer's layout stay as written.
"""

import re

from hotspots.words import WEEKDAYS, WEEKDAYS_LONG, fold

__all__ = ["schedule_words"]

_GROUPS = (("dagligen", "daily"), ("vardagar", "weekdays"), ("vardag", "weekday"), ("helger", "weekends"),
           ("helg", "weekend"))
_PHRASES = {"every day": ("dagligen", "daily"), "all week": ("dagligen", "daily"), "varje dag": ("dagligen", "daily"),
            "alla dagar": ("dagligen", "daily"), "hela veckan": ("dagligen", "daily")}


def _table():
    out = {}
    for i in range(7):
        for short, long_ in ((WEEKDAYS, False), (WEEKDAYS_LONG, True)):
            for lang in ("sv", "en"):
                out[fold(short[lang][i])] = (WEEKDAYS["sv"][i] if not long_ else WEEKDAYS_LONG["sv"][i],
                                             WEEKDAYS["en"][i] if not long_ else WEEKDAYS_LONG["en"][i])
    for sv, en in _GROUPS:
        out[fold(sv)] = out[fold(en)] = (sv, en)
    return out


_WORDS = _table()
_TOKEN = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")
_PHRASE = re.compile("|".join(map(re.escape, _PHRASES)), re.IGNORECASE)


def schedule_words(schedule, lang="sv") -> str:
    """``schedule`` with its weekday and day-group words in ``lang`` ("sv" or "en"); other text unchanged.

    Examples
    --------
    >>> schedule_words("Fri-Sat 22-02; daily 15-17")
    'fre-lör 22-02; dagligen 15-17'
    >>> schedule_words("mån-tor 18-20", "en")
    'Mon-Thu 18-20'
    """
    en = lang == "en"
    text = _PHRASE.sub(lambda m: _PHRASES[m[0].lower()][en], str(schedule))
    return _TOKEN.sub(lambda m: _WORDS[fold(m[0])][en] if fold(m[0]) in _WORDS else m[0], text)
