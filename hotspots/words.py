"""Weekday and month words in Swedish and English: the one copy every reader and product uses.

Index 0 is Monday (as ``datetime.weekday()``) and January; every table is keyed by language.
"""

__all__ = ["MONTHS", "WEEKDAYS", "WEEKDAYS_LONG", "fold"]

WEEKDAYS = {"sv": ("mån", "tis", "ons", "tor", "fre", "lör", "sön"),
            "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
WEEKDAYS_LONG = {"sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
                 "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
MONTHS = {"sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                 "oktober", "november", "december"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December")}

_FOLD = str.maketrans("åäöÅÄÖéÉ", "aaoAAOeE")


def fold(word: str) -> str:
    """``word`` in lower case without Swedish diacritics (``"Lördag"`` → ``"lordag"``), for matching
    text typed on keyboards or exported by systems that drop å, ä and ö."""
    return str(word).translate(_FOLD).lower()
