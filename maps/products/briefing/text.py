"""Words of the weekend briefing: Swedish/English labels, status words, rule sentences, reasons in Swedish.

The styles are templates now (``maps/templates/briefing.css`` and ``briefing_slide.css``).
"""

import re

from maps.overlays.common import text

__all__ = ["RULES", "STATUS", "translate", "verdict_sentence", "words"]

STATUS = {"gap": ("LUCKA", "GAP"), "thin": ("tunn", "thin"), "covered": ("täckt", "covered"),  # key -> (sv, en)
          "quiet": ("lugnt", "quiet"), "no data": ("inga data", "no data")}
_WORDS = {  # (Swedish, English)
    "doc": ("Lägesbild inför högriskhelg", "High-risk weekend briefing"),
    "internal": (text("internal"), text("internal", "en")), "share": (text("share"), text("share", "en")),
    "synthetic": (text("synthetic"), text("synthetic", "en")), "generated": ("Skapad", "Generated"),
    "windows": ("fönster", "windows"), "years": ("år", "years"), "none": ("inga", "none"),
    "compared": ("Jämfört med samma helg", "Compared with the same weekend in"),
    "of": ("av", "of"), "patrols_l": ("patruller i planen", "patrols in the plan"),
    "f_points": ("punkter i samma fönster tidigare år", "points in the same window in earlier years"),
    "f_gaps": ("luckor: tidigare problem, ingen närvaro planerad", "gaps: past trouble, no presence planned"),
    "f_thin": ("tunn närvaro", "thin presence"),
    "f_tagged": ("platser märkta för helgen utan närvaro", "places tagged for the event without presence"),
    "f_planned": ("planerad närvaro i fönstret", "presence planned in the window"),
    "map": ("Karta", "Map"), "overview": ("Översiktskarta", "Overview map"),
    "detail": ("Detaljkartan", "Detail map"),
    "overview_caption": ("Den lilla kartan visar alla platser och hotspots; streckad ruta = detaljkartan.",
                         "The small map shows every place and hotspot; dashed box = the detail map."),
    "map_caption": (("Särskilda platser (rosa ytor), hotspots i samma fönster tidigare år (röda ytor, H1 …), "
                    "patruller med planerade minuter i årets fönster och luckor (röd streckad kant, röd etikett). "
                    "Etiketterna är tabellernas id. Ingen bakgrundskarta: filen öppnas utan internet."),
                    ("Special places (pink areas), hotspots of the same window in earlier years (red areas, H1 …), "
                    "patrols with planned minutes in this year's window and gaps (dashed red outline, red label). "
                    "Labels are the tables' ids. No background map: the file opens without internet.")),
    "map_share": (("Hotspots med minst {m} punkter i samma fönster tidigare år. Delningsbar karta: inga enskilda "
                  "händelser, platser, patruller eller luckor."),
                  ("Hotspots with at least {m} points in the same window in earlier years. Shareable map: no single "
                  "incidents, places, patrols or gaps.")),
    "h_gaps": ("Att åtgärda: luckor och tunn närvaro", "To act on: gaps and thin presence"),
    "gaps_lead": (("Platser och hotspots med tidigare problem och ingen eller lite planerad närvaro i årets "
                  "fönster, flest punkter först."),
                  ("Places and hotspots with past trouble and no or little presence planned in this year's "
                  "window, most points first.")),
    "no_gaps": ("Inga luckor: varje plats och hotspot med tidigare problem har planerad närvaro.",
                "No gaps: every place and hotspot with past trouble has presence planned."),
    "rank": ("rang", "rank"), "kind": ("typ", "kind"), "name": ("namn", "name"), "total": ("totalt", "total"),
    "mean": ("medel\nper år", "mean\nper yr"), "minutes": ("närvaro\nmin", "presence\nmin"),
    "status": ("status", "status"),
    "overlaps": ("platser", "places"), "place": ("plats", "place"), "hotspot": ("hotspot", "hotspot"),
    "tag": ("märkt", "tagged"), "yes": ("ja", "yes"), "patrols": ("patruller", "patrols"),
    "h_places": ("Särskilda platser", "Special places"),
    "places_lead": (("Rangordnade efter punkter i samma fönster tidigare år; märkt = platsen är märkt för "
                    "händelsen."), ("Ranked by points in the same window in earlier years; tagged = the place is "
                    "tagged for the event.")),
    "share_lead": (("Delningsbar: endast totaler för alla räknade år, i klasser (t.ex. 10–19); antal under {m} "
                    "visas som ”< {m}”."),
                   ("Shareable: totals over the counted years only, in classes (e.g. 10–19); counts below {m} are "
                    "shown as \"< {m}\".")),
    "no_places": ("Inga särskilda platser angivna.", "No special places given."),
    "h_hotspots": ("Hotspots i samma fönster tidigare år", "Hotspots in the same window in earlier years"),
    "hot_passed": ("Hotspots som angivits.", "Hotspots as given."),
    "hot_found": ("Funna med metoden {method}{cell} i punkterna från de räknade tidigare fönstren.",
                  "Found by method {method}{cell} in the points of the counted earlier windows."),
    "hidden": ("{n} hotspots med färre än {m} punkter visas inte.",
               "{n} hotspots with fewer than {m} points are not shown."),
    "no_hotspots": ("Inga hotspots.", "No hotspots."),
    "imprecise": (("Punkter med oprecis plats (områdets mittpunkt, reservplats eller grovt rutnät) som lämnades "
                   "utanför hotspotmetoden: {n}."),
                  ("Points with an imprecise location (an area's centre, a fallback or a coarse grid) left out of "
                   "the hotspot method: {n}.")),
    "h_patrols": ("Planerad närvaro under helgen", "Presence planned for the weekend"),
    "patrols_lead": ("Patruller med planerade minuter i årets fönster och de platser och hotspots de når.",
                     "Patrols with planned minutes in this year's window and the places and hotspots they reach."),
    "patrol": ("patrull", "patrol"), "unit": ("enhet", "unit"), "mode": ("färdsätt", "mode"),
    "schedule": ("schema", "schedule"), "reaches": ("når", "reaches"),
    "covered": ("täckt\nrisk", "risk\ncovered"),
    "in_words": ("I ord:", "In words:"),
    "visits_note": (("Förslag på korta besök (15 min) för luckorna, största först, spridda över platser och "
                     "timmar (högst {m}):"),
                    ("Proposed short visits (15 min) for the gaps, biggest first, spread over places and hours "
                     "(at most {m}):")),
    "no_patrols": ("Ingen närvaro planerad i fönstret.", "No presence planned in the window."),
    "h_this_year": ("Fönstren {year}", "The windows of {year}"),
    "h_windows": ("Samma helg tidigare år", "The same weekend in earlier years"),
    "year": ("år", "year"), "window": ("fönster", "window"), "hours": ("timmar", "hours"),
    "points": ("punkter", "points"), "no_windows": ("Inget tidigare år räknat.", "No earlier year counted."),
    "not_counted": ("Inte räknade (data saknas):", "Not counted (no data):"),
    "h_rules": ("Så är tabellerna räknade", "How the tables are counted"),
    "share_rule": (("Delningsbar: antal visas i klasser (t.ex. 10–19, 20–49, 100+) och antal under {m} som "
                    "”< {m}”; inga antal per år, inga medelvärden, inga patrull-id, tider eller enheter, inga "
                    "enskilda händelser och ingen fritext."),
                   ("Shareable: counts are shown in classes (e.g. 10–19, 20–49, 100+) and counts below {m} "
                    "as \"< {m}\"; no counts per year, no means, no patrol ids, times or units, no single "
                    "incidents and no free text.")),
    "footer": ("hotspot-planner · lägesbild inför högriskhelg", "hotspot-planner · high-risk weekend briefing"),
}
RULES = {  # key of info["rules"] -> ((Swedish term, English term), Swedish sentence)
    "in_window": (("I fönstret", "In the window"), ("en punkt räknas för ett år när dess starttid ligger i "
                  "[start, slut) av det årets fönster{buffer}")),
    "windows": (("Fönster", "Windows"), "alla händelsens fönster under året{month}"),
    "coverage": (("Datatäckning", "Data coverage"), ("ett tidigare år räknas bara när alla dess fönster ligger inom "
                 "datats tidsspann (första till sista lokala dag med punkter) och året har punkter; övriga år "
                 "redovisas och räknas inte som noll")),
    "at_target": (("Vid platsen", "At a target"), ("inom platsens yta (punkt eller linje med buffert radius_m, "
                  "eller polygon) eller inom hotspotens polygon")),
    "tagged": (("Märkt", "Tagged"), ("händelsen finns bland platsens evenemang; en hotspot är märkt när den "
               "överlappar en märkt plats")),
    "rank": (("Rang", "Rank"), "efter antal punkter i de räknade tidigare fönstren, därefter märkta först"),
    "trouble": (("Tidigare problem", "Past trouble"), "i medel minst {min_mean} punkter per räknat tidigare år"),
    "risk_by_hour": (("Risk per timme", "Risk by hour"), ("varje tidigare punkt läggs på samma timme räknat från "
                     "fönstrets start i årets fönster")),
    "covered": (("Täckt", "Covered"), ("tidigare problem och minst {covered} av risken i timmar med planerad närvaro "
                "(varje timme täckt med min(minuter, 60)/60)")),
    "thin": (("Tunn", "Thin"), "tidigare problem och {thin}–{covered} av risken i timmar med närvaro"),
    "gap": (("Lucka", "Gap"), ("tidigare problem och under {thin} av risken i timmar med närvaro: ingen planerad, "
            "eller planerad vid andra timmar")),
    "hotspots": (("Hotspots", "Hotspots"), ("angivna, eller metoden {method} på punkterna i de räknade tidigare "
                 "fönstren")),
    "presence": (("Närvaro", "Presence"), ("planerade minuter för patruller vars geometri med radie når ytan, per "
                 "timme i årets fönster (veckoscheman och daterade pass)")),
}
_REASONS = (  # weekend_analysis's reasons and notes (English) -> Swedish
    (r"no window that year", "inget fönster det året"),
    (r"no points with a start time", "inga punkter med starttid"),
    (r"before the data \(first day (.+)\)", r"före datat (första dag \1)"),
    (r"after the data \(last day (.+)\)", r"efter datat (sista dag \1)"),
    (r"partly outside the data span \((.+) to (.+)\)", r"delvis utanför datats tidsspann (\1 till \2)"),
    (r"no points in (\d+)", r"inga punkter år \1"),
    (r"no special places given", "inga särskilda platser angivna"),
    (r"no patrol plan given: every target with past trouble is a gap",
     "ingen patrullplan angiven: varje plats med tidigare problem är en lucka"),
    (r"no earlier year is covered by the data: nothing can be ranked \(see not_covered\)",
     "inget tidigare år täcks av datat: inget kan rangordnas"),
)


_VERDICT = {  # (Swedish, English); {p}: the share of the risk in hours with presence
    "none_planned": ("ingen närvaro planerad", "no presence planned"),
    "none_then": ("ingen närvaro då", "no presence then"),
    "gap": ("nästan ingen närvaro då ({p} av risken)", "almost no presence then ({p} of the risk)"),
    "thin": ("tunn närvaro då ({p} av risken)", "thin presence then ({p} of the risk)"),
    "covered": ("närvaro då ({p} av risken)", "presence then ({p} of the risk)"),
}


def verdict_sentence(name, trouble_hours, presence_hours, risk_covered, status, lang="sv") -> str:
    """The verdict in words: ``"Torget: bil 19–21, bråken 22–03 — ingen närvaro då"``.

    ``presence_hours`` is :func:`layers.cover.weekend.weekend_analysis`'s ``"car 19–21; foot 23–00"`` (mode keys);
    the modes are said in ``lang``. Only for targets with trouble (``gap``, ``thin``, ``covered``).
    """
    en = lang == "en"
    parts = []
    for item in filter(None, (x.strip() for x in str(presence_hours or "").split(";"))):
        mode, _, hours = item.partition(" ")
        parts.append(f"{_mode(mode, lang)} {hours}")
    parts.append(f"{'trouble' if en else 'bråken'} {trouble_hours or '–'}")
    share = f"{100 * risk_covered:.0f} %" if risk_covered == risk_covered else "–"
    key = status if status in ("thin", "covered") else \
        "none_planned" if not presence_hours else "none_then" if not risk_covered else "gap"
    return f"{name}: {', '.join(parts)} — {_VERDICT[key][en].format(p=share)}"


def _mode(mode, lang):
    """``car`` → ``bil``; ``foot`` → ``till fots`` reads oddly before hours, so it is ``fot``/``foot``."""
    if mode == "foot":
        return "fot" if lang == "sv" else "foot"
    return text(mode, lang) if mode in ("bike", "car", "motorcycle", "horse", "boat") else \
        ("annan" if lang == "sv" and mode == "other" else mode)


def words(lang) -> dict:
    """The briefing's labels in ``lang`` ("sv" or "en"), by key (``"doc"``, ``"h_gaps"``, ...)."""
    return {key: pair[lang == "en"] for key, pair in _WORDS.items()}


def translate(sentence, lang) -> str:
    """A reason or note of :func:`layers.cover.weekend.weekend_analysis` (English) in ``lang``; unknown text as
    it is."""
    if lang == "en":
        return sentence
    for pattern, swedish in _REASONS:
        if re.fullmatch(pattern, sentence):
            return re.sub(pattern, swedish, sentence)
    return sentence
