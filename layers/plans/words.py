"""What the schedule readers share: day words, week words and the error that says what is wrong in Swedish and English.

Day words are built from :data:`hotspots.words.WEEKDAYS` and :data:`hotspots.words.WEEKDAYS_LONG` (plus
plurals, forms without å/ä/ö and English abbreviations), so the weekday vocabulary has one home.
"""

from hotspots.errors import InputError
from hotspots.words import WEEKDAYS, WEEKDAYS_LONG, fold

EXAMPLES = {"en": ("write e.g. 'fre 22-02; lör 22-02', 'mån-fre 08:00-16:00', 'dagligen 15-17', "
                   "'Fri-Sat 22:00-02:00' or '2026-04-30 20:00-03:00'"),
            "sv": ("skriv t.ex. 'fre 22-02; lör 22-02', 'mån-fre 08:00-16:00', 'midsommarafton 20-03', "
                   "'19/6 20-03', 'v25 fre 20-03' eller '2026-06-19 20:00-03:00'")}
_EXTRA = ("", "tue tues", "wed weds", "tors thu thur thurs", "", "", "")


def _day_words():
    out = {}
    for d in range(7):
        short, long_sv, long_en = WEEKDAYS["sv"][d], WEEKDAYS_LONG["sv"][d], WEEKDAYS_LONG["en"][d].lower()
        words = {short, long_sv, long_sv + "ar", long_en, long_en + "s", WEEKDAYS["en"][d].lower(), *_EXTRA[d].split()}
        out.update({w: d for word in words for w in (word, fold(word))})
    return out


DAYS = _day_words()  # word -> weekday (0 = Monday)
GROUPS = {**dict.fromkeys(("dagligen", "daily"), tuple(range(7))),
          **dict.fromkeys(("vardag", "vardagar", "weekday", "weekdays"), tuple(range(5))),
          **dict.fromkeys(("helg", "helger", "helgen", "helgerna", "weekend", "weekends"), (5, 6))}
WEEK_WORDS = {"v", "vecka", "veckan", "vko", "week", "wk"}


class ScheduleError(InputError):
    """A schedule that cannot be read. ``str()`` is the English message with examples; ``why[lang]`` is
    the short message (``"schema 'xyz': ..."``) in Swedish (``"sv"``) or English (``"en"``)."""

    def __init__(self, text, en, sv):
        super().__init__(f"schedule {text!r}: {en}; {EXAMPLES['en']}.")
        self.why = {"en": f"schedule {text!r}: {en}", "sv": f"schema {text!r}: {sv}"}


def fail(text, en, sv):
    """Raise :class:`ScheduleError` for ``text``: what is wrong in English and in Swedish."""
    raise ScheduleError(text, en, sv)
