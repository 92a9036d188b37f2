"""Words and styles of the weekend briefing: Swedish/English labels, rule sentences, print CSS."""

from maps.overlays.common import text

_STATUS = {"gap": ("LUCKA", "GAP"), "thin": ("tunn", "thin"), "covered": ("täckt", "covered"),
           "quiet": ("lugnt", "quiet"), "no data": ("inga data", "no data")}
_T = {  # (Swedish, English)
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
    "share_lead": ("Delningsbar: endast totaler för alla räknade år; antal under {m} visas som ”< {m}”.",
                   "Shareable: totals over the counted years only; counts below {m} are shown as \"< {m}\"."),
    "no_places": ("Inga särskilda platser angivna.", "No special places given."),
    "h_hotspots": ("Hotspots i samma fönster tidigare år", "Hotspots in the same window in earlier years"),
    "hot_passed": ("Hotspots som angivits.", "Hotspots as given."),
    "hot_found": ("Funna med metoden {method}{cell} i punkterna från de räknade tidigare fönstren.",
                  "Found by method {method}{cell} in the points of the counted earlier windows."),
    "hidden": ("{n} hotspots med färre än {m} punkter visas inte.",
               "{n} hotspots with fewer than {m} points are not shown."),
    "no_hotspots": ("Inga hotspots.", "No hotspots."),
    "h_patrols": ("Planerad närvaro under helgen", "Presence planned for the weekend"),
    "patrols_lead": ("Patruller med planerade minuter i årets fönster och de platser och hotspots de når.",
                     "Patrols with planned minutes in this year's window and the places and hotspots they reach."),
    "patrol": ("patrull", "patrol"), "unit": ("enhet", "unit"), "mode": ("färdsätt", "mode"),
    "schedule": ("schema", "schedule"), "reaches": ("når", "reaches"),
    "h_this_year": ("Fönstren {year}", "The windows of {year}"),
    "h_windows": ("Samma helg tidigare år", "The same weekend in earlier years"),
    "year": ("år", "year"), "window": ("fönster", "window"), "hours": ("timmar", "hours"),
    "points": ("punkter", "points"), "no_windows": ("Inget tidigare år räknat.", "No earlier year counted."),
    "not_counted": ("Inte räknade (data saknas):", "Not counted (no data):"),
    "h_rules": ("Så är tabellerna räknade", "How the tables are counted"),
    "share_rule": (("Delningsbar: antal under {m} visas som ”< {m}”; inga antal per år, inga patrull-id, inga "
                   "enskilda händelser och ingen fritext."),
                   ("Shareable: counts below {m} are shown as \"< {m}\"; no counts per year, no patrol ids, no "
                   "single incidents and no free text.")),
    "footer": ("hotspot-planner · lägesbild inför högriskhelg", "hotspot-planner · high-risk weekend briefing"),
}
_RULES = {  # key of info["rules"] -> ((Swedish term, English term), Swedish sentence)
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
    "gap": (("Lucka", "Gap"), "tidigare problem och ingen planerad närvaro i årets fönster"),
    "thin": (("Tunn", "Thin"), "tidigare problem och under {thin} planerade minuter"),
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

_CSS = """
@page { size: A4; margin: 12mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt Arial, sans-serif; color: #666; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #e8e8e4; color: #1a1a1a;
  font: 10.5pt/1.35 'Liberation Sans', Arial, Helvetica, 'DejaVu Sans', sans-serif; }
.sheet { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 12mm; background: #fff;
  box-shadow: 0 1px 6px rgba(0,0,0,.25); }
.head { border-top: 5px solid #1d3557; padding-top: 3mm; margin-bottom: 4mm; position: relative; }
.marks { position: absolute; top: 3mm; right: 0; display: flex; gap: 2mm; }
.mark { font-size: 9pt; font-weight: bold; padding: .6mm 2.2mm; border-radius: 1mm; border: 1px solid; }
.mark.internal { color: #1d3557; border-color: #1d3557; }
.mark.share { color: #fff; background: #2e7d32; border-color: #2e7d32; }
.mark.synthetic { color: #fff; background: #b2182b; border-color: #b2182b; }
.kicker { margin: 0; font-size: 10pt; color: #555; text-transform: uppercase; letter-spacing: .04em;
  padding-right: 70mm; }
h1 { margin: 1mm 0 1mm; font-size: 21pt; line-height: 1.15; color: #1d3557; }
.window { margin: 0; font-size: 12.5pt; font-weight: bold; }
.window .hours { font-weight: normal; color: #444; }
.meta { margin: 1mm 0 0; font-size: 9.5pt; color: #555; }
.facts { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2.5mm; margin: 0 0 4mm; }
.fact { border: 1px solid #d5d9e0; border-left: 4px solid #1d3557; padding: 1.5mm 2.5mm; background: #f7f8fa;
  break-inside: avoid; }
.fact b { display: block; font-size: 16pt; line-height: 1.1; }
.fact span { display: block; font-size: 9pt; color: #333; line-height: 1.2; }
.fact small { display: block; font-size: 9pt; color: #555; }
.fact.alert { border-left-color: #c62828; } .fact.alert b { color: #c62828; }
.fact.warn { border-left-color: #ef8f00; } .fact.warn b { color: #b36b00; }
.fact.ok { border-left-color: #2e7d32; }
figure.map { margin: 4mm 0 4mm; break-inside: avoid; }
figure.map iframe { display: block; width: 100%; height: 120mm; border: 1px solid #9aa3b0; background: #f4f3ef; }
figure.map .below { display: flex; gap: 4mm; align-items: flex-start; margin-top: 1.5mm; }
figure.map .below iframe { flex: 0 0 96mm; width: 96mm; height: 46mm; }
figure.map .below figcaption { flex: 1; margin-top: 0; }
figcaption { font-size: 9pt; color: #444; margin-top: 1.2mm; }
h2 { font-size: 12.5pt; color: #1d3557; margin: 5mm 0 1.5mm; padding-bottom: .8mm; border-bottom: 1.5px solid #1d3557;
  break-after: avoid; page-break-after: avoid; }
.lead { margin: 0 0 1.5mm; font-size: 9.5pt; color: #444; break-after: avoid; }
table { width: 100%; border-collapse: collapse; font-size: 10pt; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { text-align: left; font-size: 9pt; font-weight: bold; color: #1d3557; background: #eef1f5;
  border-bottom: 1.5px solid #1d3557; padding: 1mm 1mm; vertical-align: bottom; line-height: 1.15; }
td { padding: .8mm 1mm; border-bottom: .5pt solid #d5d9e0; vertical-align: top; }
th:first-child, td:first-child { padding-left: 1.5mm; }
tbody tr:nth-child(even) td { background: #fafbfc; }
.num { text-align: right; white-space: nowrap; }
th.fit, td.fit { width: 1%; } td.fit { white-space: nowrap; }
.st { display: inline-block; font-size: 9pt; font-weight: bold; padding: 0 1.6mm; border-radius: 1mm;
  white-space: nowrap; }
.st-gap { background: #c62828; color: #fff; } .st-thin { background: #ffb74d; color: #3e2500; }
.st-covered { background: #dcefdc; color: #1b5e20; } .st-quiet { color: #555; } .st-nodata { color: #777; }
.gaps table td { background: #fff6f5 !important; }
.compact table { width: auto; min-width: 55%; } .compact th.fit, .compact td.fit { width: auto; }
.empty { margin: 0; font-style: italic; color: #444; }
.note { font-size: 9.5pt; margin-top: 1.5mm; } .note ul { margin: .5mm 0 0 5mm; padding: 0; }
.rules dl { display: grid; grid-template-columns: 32mm 1fr; gap: .8mm 3mm; margin: 0; font-size: 9.5pt; }
.rules dt { font-weight: bold; } .rules dd { margin: 0; }
.rules dt, .rules dd { break-inside: avoid; }
.notes { font-size: 9.5pt; margin: 2mm 0 0 5mm; padding: 0; }
footer { margin-top: 6mm; padding-top: 1.5mm; border-top: 1px solid #d5d9e0; font-size: 8.5pt; color: #666; }
@media print {
  body { background: #fff; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
@media screen and (max-width: 230mm) { .sheet { width: auto; margin: 0; } }
"""
_SLIDE_CSS = """
body { background: #fff; }
.slide { width: 1600px; height: 1000px; padding: 22px 28px; display: flex; flex-direction: column; overflow: hidden;
  font-size: 15px; }
.slide .head { margin-bottom: 14px; } .slide h1 { font-size: 34px; } .slide .window { font-size: 20px; }
.slide .kicker, .slide .meta, .slide .mark { font-size: 14px; }
.stage { flex: 1; display: grid; grid-template-columns: 1fr 520px; grid-template-rows: minmax(0, 1fr); gap: 20px;
  min-height: 0; }
.stage iframe { display: block; width: 100%; height: 100%; border: 1px solid #9aa3b0; background: #f4f3ef; }
.stage aside { display: flex; flex-direction: column; gap: 12px; min-height: 0; overflow: hidden; }
.stage aside iframe.overview { height: 300px; flex: none; }
.stage .facts { grid-template-columns: repeat(2, 1fr); margin: 0; }
.stage .fact b { font-size: 24px; } .stage .fact span, .stage .fact small { font-size: 13px; }
.stage .fact:last-child { grid-column: span 2; }
.stage h2 { margin: 0 0 4px; font-size: 17px; } .stage .lead { display: none; }
.stage table { font-size: 13px; } .stage th { font-size: 12px; }
"""
