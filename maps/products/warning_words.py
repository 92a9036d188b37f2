"""The readers' warnings in Swedish: one entry per English warning sentence, translated when it is shown.

The readers (``hotspots/io``, ``layers/plans``) write their warnings in English, and ``--json`` keeps them
so (machine-readable). The text summaries show them in the reader's language: each entry of
:data:`WARNINGS` is the English sentence with its holes named, ``"{source}: {n:count} row(s) repeat ..."``,
read as a regular expression, and the Swedish sentence with the same holes. A hole's kind (after the colon)
says what it matches and how it is shown: ``count`` and ``num`` are numbers, written the Swedish way
(``1 234``, ``7,5``); other kinds are the few English phrases the readers put into a hole, each with its
Swedish words; a hole without a kind is a name or value from the file, shown as it is. In the Swedish
sentence ``{n:rad|rader}`` picks the word by the number ``n``.

A sentence no entry matches is shown unchanged, so a new warning is never lost, only left in English
(``tests/test_warning_words.py`` fails until it has its entry).
"""

import re
import string
from dataclasses import dataclass
from functools import cached_property

from maps.labels import label
from maps.products.briefing.format import format_number

__all__ = ["WARNINGS", "localise_warning"]

_AXES = {"latitudes": "latituder", "longitudes": "longituder", "northings": "nordkoordinater",
         "eastings": "östkoordinater"}
_REJECTED = {"lie on or next to 'null island' (0° N 0° E), a failed geocoding":
             "ligger på eller intill 'null island' (0° N 0° O, en misslyckad geokodning)",
             "have coordinates 0, 0 (a failed geocoding)": "har koordinaterna 0, 0 (en misslyckad geokodning)"}
_ORDER = {"day": "dagen", "month": "månaden"}
_DST_RULE = {("a local time that does not exist because clocks jump forward (e.g. 2024-03-31 02:30 in "
              "Europe/Stockholm) is moved forward to the first valid time after the gap (03:00); a local time that "
              "occurs twice because clocks go back (e.g. 2024-10-27 02:30) is read as the first occurrence "
              "(daylight-saving/summer time)"):
             ("en lokal tid som inte finns eftersom klockan ställs fram (t.ex. 2024-03-31 02:30 i Europe/Stockholm) "
              "flyttas fram till första giltiga tid efter glappet (03:00); en lokal tid som inträffar två gånger "
              "eftersom klockan ställs tillbaka (t.ex. 2024-10-27 02:30) läses som det första tillfället (sommartid)")}
_PRECISION = {"centre_coded_source": "källan ger kommunens eller länets mittpunkt",
              "centre_coded_file": "filen har få platser, områdens mittpunkter",
              "stacked_coordinate": "många rader på samma reservkoordinat",
              "coarse_grid": "koordinater avrundade till ett grovt rutnät"}
# Phrases inside a hole, English regex → Swedish replacement (what other modules write into the sentence).
_BOX = ((r"Sweden's box \(10–24\.5° E, 55–69\.5° N\)", "Sveriges ruta (10–24,5° O, 55–69,5° N)"),
        (r"the stated box ", "den angivna rutan "),
        (r"the bulk of the points: median ± max\((\d+) km, (\d+(?:\.\d+)?) × interquartile range\)",
         lambda m: f"huvuddelen av punkterna: median ± max({m[1]} km, {m[2].replace('.', ',')} × kvartilavståndet)"))
_CATEGORY_HOW = ((r"no category column: the table is empty", "tabellen är tom"),
                 ((r"no category column: none is named like one and none holds few distinct offence words "
                   r"\(columns: (.*)\); pass --category COLUMN"),
                  r"ingen kolumn heter som en kategorikolumn och ingen har ett fåtal olika brottsord (kolumner: \1)"))
_SKIPPED = ((r" \(empty\)", " (tomt)"), (r" \(no coordinate columns\)", " (inga koordinatkolumner)"),
            (r"\(no geometry, no points\)", "(ingen geometri, inga punkter)"), (r", no points\)", ", inga punkter)"))
_EVENTS_COLUMN = ((r"events/evenemang missing", "events/evenemang saknas"),)


@dataclass(frozen=True)
class _Number:
    value: float
    decimals: int


def _number(text):
    return _Number(float(text), len(text.partition(".")[2]))


def _swap(rules):
    def swap(text):
        for pattern, swedish in rules:
            text = re.sub(pattern, swedish, text)
        return text
    return swap


def _time_parts(text):  # "1 end_before_start, 2 unparseable_time"
    return "; ".join(f"{label(code, 'sv')}: {format_number(int(n), 'sv')}"
                     for n, code in (part.split(" ", 1) for part in text.split(", ")))


def _precision(text):  # "centre_coded_source: 404, coarse_grid: 3"
    return "; ".join(f"{_PRECISION.get(code, code)}: {format_number(int(n), 'sv')}"
                     for code, n in (part.split(": ", 1) for part in text.split(", ")))


def _limit(text):  # "before 1970-01-01" or "after tomorrow"
    return "efter i morgon" if text == "after tomorrow" else "före " + text.removeprefix("before ")


def _words(table):
    return "|".join(map(re.escape, table)), table.get


# kind → (regex of the hole, Swedish of what it matched)
_KINDS = {"": (r".+?", str), "count": (r"\d+", _number), "num": (r"-?\d+(?:\.\d+)?", _number),
          "code": (r"\w+", str), "axis": _words(_AXES), "rejected": _words(_REJECTED), "order": _words(_ORDER),
          "dst_rule": _words(_DST_RULE), "limit": (r"before \S+|after tomorrow", _limit),
          "time_parts": (r"\d+ \w+(?:, \d+ \w+)*", _time_parts),
          "precision": (r"\w+: \d+(?:, \w+: \d+)*", _precision), "box": (r".+?", _swap(_BOX)),
          "category_how": (r"no category column: .+?", _swap(_CATEGORY_HOW)), "skipped": (r".+", _swap(_SKIPPED)),
          "events_column": (r".+?", _swap(_EVENTS_COLUMN))}


@dataclass(frozen=True)
class _Entry:
    """One warning: ``en`` with named holes, ``sv`` with the same names; ``pattern`` is ``en`` as a regex."""

    en: str
    sv: str

    @cached_property
    def pattern(self) -> re.Pattern:
        parts = []
        for literal, name, kind, _ in string.Formatter().parse(self.en):
            parts.append(re.escape(literal))
            if name is not None:
                parts.append(f"(?P<{name}>{_KINDS[kind][0]})")
        return re.compile("".join(parts), re.DOTALL)

    @property
    def skeleton(self) -> str:
        """``en`` with every hole as ``{}``: the shape of the f-string in the reader's source."""
        return "".join(literal + ("{}" if name is not None else "")
                       for literal, name, _, _ in string.Formatter().parse(self.en))

    def swedish(self, match) -> str:
        kinds = {name: kind for _, name, kind, _ in string.Formatter().parse(self.en) if name is not None}
        values = {name: _KINDS[kinds[name]][1](text) for name, text in match.groupdict().items()}
        return _SwedishFormatter().vformat(self.sv, (), values)


class _SwedishFormatter(string.Formatter):
    def format_field(self, value, spec):
        if "|" in spec:  # {n:rad|rader}: the word for one, or for any other number
            one, many = spec.split("|")
            return one if value.value == 1 else many
        if isinstance(value, _Number):
            return format_number(value.value, "sv", value.decimals)
        return format(value, spec)


_P = "{source}: "
WARNINGS = tuple(_Entry(en, sv) for en, sv in (
    # hotspots/io/where/coords.py
    (_P + "{x} holds {a:axis} and {y} {b:axis} (read as {crs}); swapped them in all {n:count} rows",
     _P + "{x} innehåller {a} och {y} {b} (läst som {crs}); de har bytts om i alla {n} {n:rad|rader}"),
    (_P + "swapped x and y in {n:count} row(s) whose values only make sense the other way round (e.g. row {row})",
     _P + "bytte x och y i {n} {n:rad|rader} vars värden bara är rimliga åt andra hållet (t.ex. rad {row})"),
    (_P + "{n:count} row(s) lie far outside the study area ({box:box}) and were rejected as outside_study_area, "
     "e.g. row {row} at {xname}={x}, {yname}={y}; give a boundary (--boundary), or a study box (--study-box "
     "MINX,MINY,MAXX,MAXY in degrees, or 'off'; [read] study_box in a project)",
     _P + "{n} {n:rad|rader} ligger långt utanför studieområdet ({box}) och avvisades som outside_study_area, "
     "t.ex. rad {row} vid {xname}={x}, {yname}={y}; ange en gräns (--boundary) eller en studieruta (--study-box "
     "MINX,MINY,MAXX,MAXY i grader, eller 'off'; [read] study_box i ett projekt)"),
    (_P + "{n:count} row(s) {words:rejected} and were rejected as {key:code}, e.g. row {row}",
     _P + "{n} {n:rad|rader} {words} och avvisades som {key}, t.ex. rad {row}"),
    (_P + "{n:count} row(s) lie outside the area where {crs} is valid (e.g. row {row})",
     _P + "{n} {n:rad|rader} ligger utanför området där {crs} gäller (t.ex. rad {row})"),
    (_P + "read as SWEREF 99 TM, but the eastings lie west of Sweden; if they are in a local SWEREF 99 zone, "
     "pass --crs EPSG:3007..3018",
     _P + "läst som SWEREF 99 TM, men östkoordinaterna ligger väster om Sverige; om de är i en lokal "
     "SWEREF 99-zon, ange --crs EPSG:3007..3018"),
    (_P + "the study area has no CRS; assumed {crs}",
     _P + "studieområdet saknar koordinatsystem; det antas vara {crs}"),
    # hotspots/io/when/times.py
    (_P + "no time column found (columns are: {columns}); rows are kept without a time, so temporal analysis is "
     "impossible. Pass --time COLUMN or --date COLUMN (start_col= or date_col= in Python).",
     _P + "ingen tidskolumn hittades (kolumnerna är: {columns}); raderna behålls utan tid, så ingen analys över "
     "tid är möjlig. Ange --time KOLUMN eller --date KOLUMN (start_col= eller date_col= i Python)."),
    (_P + "column {column} mixes day-first and month-first dates ({n_day:count} vs {n_month:count} values prove "
     "each); read as {order:order} first, the others are rejected as unparseable_time",
     _P + "kolumnen {column} blandar datum med dagen först och med månaden först ({n_day} mot {n_month} värden "
     "visar vardera); läses med {order} först, de andra avvisas som unparseable_time"),
    (_P + "times are marked UTC/with an offset, but their hour-of-day profile is that of local clock times (the "
     "night-time trough sits at 03-07 as written); the offsets are ignored and the clock read as local, as with "
     "ignore_offsets. Pass ignore_offsets=False explicitly with a stated tz to keep them.",
     _P + "tiderna är märkta UTC/med tidsförskjutning, men fördelningen över dygnet ser ut som lokal tid "
     "(nattens lägsta nivå ligger kl. 03–07 som tiderna är skrivna); förskjutningarna hoppas över och "
     "klockslagen läses som lokal tid, som med ignore_offsets. Ange ignore_offsets=False tillsammans med en "
     "angiven tidszon (tz) för att behålla dem."),
    (_P + "{n:count} of {total:count} rows rejected for their time ({parts:time_parts})",
     _P + "{n} av {total} rader avvisades för sin tid ({parts})"),
    (_P + "{n:count} rows dated {limit:limit} rejected ({why:code}); e.g. row {row}: {column} = {value}",
     _P + "{n} {n:rad daterad|rader daterade} {limit} avvisades ({why}); t.ex. rad {row}: {column} = {value}"),
    (_P + "{n:count} rows give only a month; each spans its whole month (start..end), so hour and weekday "
     "profiles cannot use them",
     _P + "{n} {n:rad|rader} anger bara en månad; var och en gäller hela månaden (start..slut), så profilerna "
     "över timme och veckodag kan inte använda dem"),
    (_P + "{n:count} end times could not be read and were left empty",
     _P + "{n} {n:sluttid|sluttider} gick inte att läsa och lämnades tomma"),
    (_P + "{a:count} nonexistent and {b:count} ambiguous local times (DST changes) resolved: {rule:dst_rule}",
     _P + "lokala tider vid omställning till eller från sommartid lösta: {a} som inte finns och {b} som finns två "
     "gånger; {rule}"),
    # hotspots/io/copies.py
    (_P + "{n:count} row(s) repeat an earlier row in every column and were kept (the file has no id column to tell "
     "one report exported twice from two reports); pass --id COLUMN, or remove the copies if the export doubled "
     "them.",
     _P + "{n} {n:rad|rader} upprepar en tidigare rad i varje kolumn och behölls (filen saknar id-kolumn som "
     "skiljer en anmälan som exporterats två gånger från två anmälningar); ange --id KOLUMN, eller ta bort "
     "kopiorna om exporten dubblerade dem."),
    # hotspots/io/what/classify.py
    (_P + "no category column found ({how:category_how}); every row is 'other' (pass --category).",
     _P + "ingen kategorikolumn hittades ({how}); varje rad räknas som 'övrigt' (ange --category)."),
    # hotspots/io/read.py
    ("sheets/layers without points, not read: {skipped:skipped}",
     "blad/lager utan punkter, inte lästa: {skipped}"),
    (_P + "{n:count} rows sit on locations that are no incident locations ({why:precision}); spatial methods "
     "leave them out (keep them with --keep-imprecise).",
     _P + "{n} {n:rad ligger|rader ligger} på platser som inte är händelseplatser ({why}); rumsliga metoder "
     "hoppar över dem (behåll dem med --keep-imprecise)."),
    # hotspots/io/files/formats.py and police.py (read.py puts the source in front)
    (_P + "named {suffix} but holds delimited text (not an Excel workbook); read as text",
     _P + "heter {suffix} men innehåller avgränsad text (ingen Excel-arbetsbok); läses som text"),
    (_P + "police events API: coordinates are the centre of the municipality or county, never the incident "
     "location; use these points for time and category, not for spatial hotspots",
     _P + "Polisens händelse-API: koordinaterna är kommunens eller länets mittpunkt, aldrig platsen för "
     "händelsen; använd punkterna för tid och kategori, inte för rumsliga hotspots"),
    # layers/plans: the patrol plan, the special places and delivered tracks
    (_P + "repaired {n:count} invalid geometries (self-intersecting rings) with make_valid",
     _P + "lagade {n} {n:ogiltig geometri|ogiltiga geometrier} (självkorsande ringar) med make_valid"),
    (_P + "no mode column (mode/färdsätt); every patrol is 'other' with radius {r:num} m unless the row gives one",
     _P + "ingen kolumn för färdsätt (mode/färdsätt); varje patrull räknas som 'annat' med radien {r} m om "
     "raden inte anger en annan"),
    (_P + "{n:count} patrol(s) without a mode read as 'other' (radius {r:num} m unless the row gives one)",
     _P + "{n} {n:patrull|patruller} utan färdsätt lästes som 'annat' (radie {r} m om raden inte anger en annan)"),
    (_P + "unknown mode(s) {modes} read as 'other' (radius {r:num} m); write foot, bike, car, motorcycle, horse or "
     "boat (or fot, cykel, bil, mc, häst, båt)",
     _P + "okänt färdsätt {modes} lästes som 'annat' (radie {r} m); skriv fot, cykel, bil, mc, häst eller båt "
     "(eller foot, bike, car, motorcycle, horse, boat)"),
    (_P + "{n:count} place(s) have no events (column {column:events_column}); they belong to no special weekend",
     _P + "{n} {n:plats|platser} saknar evenemang (kolumn {column}); de hör inte till någon särskild helg"),
    (_P + "{n:count} fixes → {k:count} pieces of delivered presence ({gaps:count} gaps over {m:num} min not "
     "counted)",
     _P + "{n} {n:position|positioner} → {k} {k:del|delar} av utförd närvaro ({gaps} {gaps:lucka|luckor} över "
     "{m} min räknas inte)"),
))


def localise_warning(text: str, lang: str = "sv") -> str:
    """A reader's warning in ``lang``: Swedish through :data:`WARNINGS`, English as written.

    Parameters
    ----------
    text : str
        One warning as the reader wrote it (``summary["warnings"]``).
    lang : {"sv", "en"}
        Output language.

    Returns
    -------
    str
        The Swedish sentence, with Swedish numbers (``1 234``); ``text`` unchanged in English or when no entry
        matches it.

    Examples
    --------
    >>> localise_warning("a.csv: 1234 end times could not be read and were left empty")
    'a.csv: 1\\u202f234 sluttider gick inte att läsa och lämnades tomma'
    """
    if lang == "en":
        return text
    for entry in WARNINGS:
        match = entry.pattern.fullmatch(text)
        if match:
            return entry.swedish(match)
    return text
