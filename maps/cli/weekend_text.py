"""The ``weekend`` command's printed report, Swedish or English: window, earlier years, ranked places and
hotspots with the presence planned now, gaps, the rules in words, and the window's covered share."""

from hotspots.words import WEEKDAYS
from layers.names import hotspot_label
from maps.products.briefing.text import verdict_sentence

__all__ = ["format_weekend", "format_window_coverage"]

_STATUS = {"gap": ("LUCKA", "GAP"), "thin": ("tunn", "thin"), "covered": ("täckt", "covered"),
           "quiet": ("lugnt", "quiet"), "no data": ("inga data", "no data")}
_T = {
    "compared": ("Jämfört med samma fönster", "Compared with the same window in"),
    "not_counted": ("Inte räknade (data saknas)", "Not counted (no data)"),
    "points": ("Punkter i tidigare års fönster", "Points in the earlier windows"),
    "places": ("Särskilda platser, rangordnade efter punkter i tidigare års fönster",
               "Special places, ranked by points in the earlier windows"),
    "hotspots": ("Hotspots i tidigare års fönster", "Hotspots in the earlier windows"),
    "gaps": ("Luckor: tidigare problem, ingen eller lite planerad närvaro",
             "Gaps: past trouble, no or little planned presence"),
    "no_gaps": ("Inga luckor.", "No gaps."), "none": ("inga", "none"),
    "tagged_none": ("Platser märkta för händelsen utan planerad närvaro",
                    "Places tagged for the event with no planned presence"),
    "rank": ("rang", "rank"), "place": ("plats", "place"), "hotspot": ("hotspot", "hotspot"),
    "tag": ("märkt", "tagged"), "total": ("totalt", "total"), "mean": ("medel/år", "mean/yr"),
    "min": ("närvaro min", "presence min"), "covered": ("täckt risk", "risk covered"),
    "patrols": ("patruller", "patrols"), "status": ("status", "status"),
    "overlaps": ("platser", "places"), "kind": ("typ", "kind"), "yes": ("ja", "yes"),
    "rules": ("Regler", "Rules"), "windows": ("fönster", "windows"), "years": ("år", "years"),
    "no_places": ("Inga särskilda platser.", "No special places."),
    "no_hotspots": ("Inga hotspots", "No hotspots"),
}
_RULES = (  # (Swedish, English)
    (("en punkt räknas för ett år när dess starttid ligger i [start, slut) av det årets fönster{buffer}"),
     ("a point counts for a year when its start lies in [start, end) of that year's window{buffer}")),
    (("ett tidigare år räknas bara när alla dess fönster ligger inom datats tidsspann (första till sista lokala "
      "dag med punkter) och året har punkter; övriga år redovisas ovan och räknas inte som noll"),
     ("an earlier year counts only when all its windows lie inside the data span (first to last local day with "
      "points) and it has points; other years are listed above, not counted as zero")),
    (("vid en plats: inom platsens yta (punkt eller linje med buffert radie_m, eller polygon); vid en hotspot: "
      "inom dess polygon; märkt hotspot = överlappar en plats märkt för händelsen"),
     ("at a place: within its area (point or line buffered by radius_m, or polygon); at a hotspot: within its "
      "polygon; a tagged hotspot overlaps a place tagged for the event")),
    (("närvaro: planerade minuter för patruller vars geometri med radie når ytan, per timme i årets fönster "
      "(veckoscheman och daterade pass)"),
     ("presence: planned minutes of patrols whose geometry buffered by its radius reaches the area, per hour of "
      "this year's window (weekly schedules and dated windows)")),
    (("risk per timme: varje tidigare punkt läggs på samma timme räknat från fönstrets start i årets fönster"),
     ("risk by hour: each past point is set at the same hour, counted from its window's start, in this year's "
      "window")),
    (("tidigare problem: i medel minst {min_mean:g} punkter per räknat år; täckt risk = andel av risken i timmar "
      "med planerad närvaro (min(minuter, 60)/60 per timme); täckt: minst {covered}, tunn: minst {thin}, LUCKA: "
      "under {thin} (ingen närvaro, eller närvaro vid andra timmar)"),
     ("past trouble: on average at least {min_mean:g} points per counted year; risk covered = share of the "
      "risk in hours with planned presence (min(minutes, 60)/60 per hour); covered: at least {covered}, thin: at "
      "least {thin}, GAP: under {thin} (no presence, or presence at other hours)")),
)
_NOTES_SV = {"no special places given": "inga särskilda platser angivna",
             "no patrol plan given: every target with past trouble is a gap":
                 "ingen patrullplan angiven: varje plats med tidigare problem är en lucka",
             "no earlier year is covered by the data: nothing can be ranked (see not_covered)":
                 "inget tidigare år täcks av datat: inget kan rangordnas"}


def format_weekend(weekend, lang="sv") -> str:
    """The printed report: window, earlier years, ranked places and hotspots, gaps and the rules."""
    import pandas as pd

    t = {k: v[lang == "en"] for k, v in _T.items()}
    info = weekend.info
    name = weekend.name_en if lang == "en" else weekend.name
    hours = (weekend.window[1] - weekend.window[0]) / pd.Timedelta(hours=1)
    lines = [f"{name} {weekend.year}: {_when(weekend.window[0], lang)} → {_when(weekend.window[1], lang)}"
             f" ({hours:g} h" + (f", {info['n_windows']} {t['windows']})" if info["n_windows"] > 1 else ")")]
    years = info["years_counted"]
    lines.append(f"{t['compared']} {', '.join(map(str, years)) or t['none']} ({len(years)} {t['years']})")
    if info["not_covered"]:
        lines.append(f"{t['not_counted']}: " + "; ".join(f"{m['year']} ({m['reason']})" for m in info["not_covered"]))
    per_year = ", ".join(f"{k[1:]}: {v}" for k, v in info["points"]["per_year"].items())
    lines.append(f"{t['points']}: {info['points']['in_earlier_windows']}" + (f" ({per_year})" if per_year else ""))
    lines += ["", t["places"] + ":"]
    lines += [_grid(weekend.places, "place_id", years, t, lang)] if len(weekend.places) else [t["no_places"]]
    hot = info["hotspots"]
    lines += ["", f"{t['hotspots']} ({hot.get('method') or hot.get('source')}"
                  + (f", {hot['cell_m']:g} m" if hot.get("cell_m") else "") + "):"]
    lines += [_grid(weekend.hotspots, "hotspot_id", years, t, lang)] if len(weekend.hotspots) else \
        [f"{t['no_hotspots']}" + (f" ({hot['note']})" if hot.get("note") else ".")]
    lines += ["", t["gaps"] + ":"]
    if len(weekend.gaps):
        rows = [(str(r.rank), t[r.kind], str(r.id), str(r.name), f"{r.total:d}", f"{r.mean_per_year:.1f}",
                 f"{r.presence_minutes:g}", f"{100 * r.risk_covered:.0f} %", _STATUS[r.status][lang == "en"],
                 r.places or "") for r in weekend.gaps.itertuples()]
        lines.append(_layout([(t["rank"], t["kind"], "id", "", t["total"], t["mean"], t["min"], t["covered"],
                               t["status"], t["overlaps"]), *rows], right={0, 4, 5, 6, 7}))
        lines += [f"  {sentence}" for sentence in verdict_sentences(weekend.gaps, lang)]
    else:
        lines.append(t["no_gaps"])
    if info["tagged_without_presence"]:
        lines.append(f"{t['tagged_none']}: {', '.join(info['tagged_without_presence'])}")
    lines += ["", t["rules"] + ":"]
    buffer = info["buffer_h"]
    widened = ("" if not buffer else f" (utvidgat med {buffer:g} h i båda ändar)" if lang == "sv"
               else f" (widened by {buffer:g} h at both ends)")
    covered, thin = (f"{100 * info[k]:.0f} %" for k in ("covered_at", "thin_at"))
    lines += ["  " + rule[lang == "en"].format(buffer=widened, min_mean=info["min_mean"], covered=covered, thin=thin)
              for rule in _RULES]
    lines += [f"  {_NOTES_SV.get(note, note) if lang == 'sv' else note}" for note in info["notes"]]
    return "\n".join(lines)


def verdict_sentences(gaps, lang="sv") -> list:
    """One sentence per gap or thin target: ``"Torget: bil 19–21, bråken 22–03 — ingen närvaro då"``."""
    out = []
    for r in gaps.itertuples():
        name = str(r.name) if r.kind == "place" else hotspot_label(r.id, r.name)
        out.append(verdict_sentence(name, r.trouble_hours, r.presence_hours, r.risk_covered, r.status, lang))
    return out


def format_window_coverage(cov, lang="sv") -> str:
    """One line: the covered share of all-data hotspots in the window and per week (as ``coverage`` says it)."""
    def pct(x):
        text = f"{100 * x:.1f} %"
        return text.replace(".", ",") if lang == "sv" else text

    where = f"{cov['n_hotspots']} hotspots, {cov['method']}" + (f" {cov['cell_m']:g} m" if cov.get("cell_m") else "")
    if lang == "en":
        return (f"Risk covered in the window ({where}, all data): {pct(cov['risk_covered_period'])}"
                f" (per week {pct(cov['risk_covered'])})")
    return (f"Täckt risk i fönstret ({where}, alla data): {pct(cov['risk_covered_period'])}"
            f" (per vecka {pct(cov['risk_covered'])})")


def _when(stamp, lang):
    return f"{WEEKDAYS[lang][stamp.weekday()]} {stamp:%Y-%m-%d %H:%M}"


def _grid(table, id_col, years, t, lang):
    import pandas as pd

    extra = "places" in table.columns
    head = (t["rank"], "id", "", t["tag"], *map(str, years), t["total"], t["mean"], t["min"], t["patrols"],
            t["status"], *([t["overlaps"]] if extra else []))
    rows = [head]
    for r in table.itertuples():
        name = "" if id_col == "hotspot_id" else str(r.name)
        rows.append((str(r.rank), str(getattr(r, id_col)), name, t["yes"] if r.tagged else "",
                     *(str(getattr(r, f"y{y}")) for y in years), str(r.total),
                     f"{r.mean_per_year:.1f}" if pd.notna(r.mean_per_year) else "–",
                     f"{r.presence_minutes:g}", r.patrols, _STATUS[r.status][lang == "en"],
                     *([r.places] if extra else [])))
    numeric = {0, *range(4, 4 + len(years) + 3)}
    return _layout(rows, right=numeric)


def _layout(rows, right=()):
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
                     .rstrip() for row in rows)
