"""The words of the yearly review (lägesbild), Swedish first, and the advice written from the numbers.

:func:`advice` turns the review's verdicts into a short list "what the data suggest for next year's promises":
each item follows from a number on the page (a change beyond chance, a trend, a hotspot that is new, a place
with trouble but no presence, a weekend with more trouble, unsafe places without incidents), never invented. In
share mode the items carry no exact count.
"""

from maps.products.briefing.format import format_number

__all__ = ["WORDS", "advice"]

WORDS = {
    "sv": {
        "doc": "Lägesbild", "kicker": "Årlig lägesbild för BRÅ", "internal": "Internt", "share": "Delningsbar",
        "synthetic": "Syntetiska data", "year_vs": "jämfört med", "contents": "Innehåll",
        "promises": "Löftesområden", "promise": "Löftesområde",
        "direction": {"minska": "mål: minska", "öka": "mål: öka"},
        "year": "År", "count": "Antal", "interval": "95 % intervall (exakt Poisson)",
        "change": "Förändring", "trend": "Trend (Mann–Kendall)",
        "verdict": {"increase": "ökning, större än slumpen förklarar",
                    "decrease": "minskning, större än slumpen förklarar",
                    "within_chance": "ingen säker förändring (inom slumpens ram)", "no_baseline": "inga tidigare år"},
        "trend_words": {"increasing": "ökande", "decreasing": "minskande", "no trend": "ingen säker trend",
                        "too few years": "för få år för ett trendtest"},
        "ratio": "kvot mot snittet", "p": "p", "mean_before": "snitt tidigare år",
        "profile": "När: timme i veckan", "months": "Per månad", "peaks": "Toppar",
        "hot_map": "Var: brännpunkter i år mot tidigare år", "status": {"new": "ny", "persistent": "kvarstår",
                                                                        "faded": "har bleknat"},
        "hotspot": "Brännpunkt", "places": "Särskilda platser", "place": "Plats", "n_year": "I år",
        "presence": "Närvaro: planerad och utförd mot risk", "target": "Plats / brännpunkt",
        "risk": "Bråken (toppar)", "planned": "Planerat", "delivered": "Utfört", "minutes": "min",
        "occasions": "tillfällen", "share_planned": "Andel av risken i planerade timmar",
        "share_delivered": "Andel av händelserna när någon var där", "verdict_col": "Bedömning",
        "cov": {"covered": "täckt", "thin": "tunn", "gap": "LUCKA", "quiet": "lugnt", "no data": "inga data"},
        "weekends": "Särskilda helger", "event": "Helg", "window": "Fönster", "partial": "data slutar i fönstret: "
        "alla år räknade över samma första del", "n_places": "Vid platserna", "planned_min": "Planerat (min)",
        "delivered_min": "Utfört (min)",
        "unsafe": "Otrygga platser enligt invånarna mot brännpunkterna", "area": "Område", "kind": "Jämförelse",
        "kinds": {"both": "både synpunkter och händelser", "named_only": "nämns som otryggt, få händelser",
                  "incidents_only": "händelser, nämns inte"}, "near": "Nära", "n_complaints": "Synpunkter",
        "n_incidents": "Händelser", "overlap": "Andel av invånarnas otrygga platser som också är brännpunkter",
        "advice": "Vad siffrorna pekar på inför nästa års löften", "no_advice": "Inget sticker ut i siffrorna.",
        "partial_year": "– data t.o.m. {until}: alla år räknade över samma del av året.",
        "data": "Data", "files": "Filer", "rows_read": "Rader lästa", "rows_used": "använda",
        "rows_rejected": "avvisade", "period": "Period", "tz": "Tidszon", "method": "Metod",
        "sensitive_total": "Känsliga kategorier, hela kommunen i år", "sensitive_note":
        "Känsliga kategorier visas bara som en summa för hela kommunen; karta, profiler och platser utan dem.",
        "share_note": "Delningsbar version: antal i klasser, inget under {k}, inga enskilda händelser, ingen fritext, "
                      "inga patrulltider eller enheter.", "none": "–", "suppressed": "< {k}",
        "footer": "hotspot-planner · lägesbild", "what": "Vad", "inputs": {
            "incidents": "Händelser", "complaints": "Synpunkter", "patrols": "Patrullplaner", "tracks": "GPS-spår",
            "reports": "Patrullrapporter", "places": "Särskilda platser"},
        "method_text": "Antal per år med exakt 95 % Poisson-intervall (Garwood); året mot snittet av åren före med "
                       "exakt villkorligt test av två Poisson-antal (binomialtest); trend med Mann–Kendall när det "
                       "finns minst fyra år. En förändring kallas ökning eller minskning bara när p < 0,05.",
    },
    "en": {
        "doc": "Annual situation report", "kicker": "Annual situation report for the crime prevention council",
        "internal": "Internal", "share": "Shareable", "synthetic": "Synthetic data", "year_vs": "against",
        "contents": "Contents", "promises": "Promise areas", "promise": "Promise area",
        "direction": {"minska": "aim: fewer", "öka": "aim: more"}, "year": "Year", "count": "Count",
        "interval": "95% interval (exact Poisson)", "change": "Change", "trend": "Trend (Mann–Kendall)",
        "verdict": {"increase": "increase beyond chance", "decrease": "decrease beyond chance",
                    "within_chance": "no clear change (within chance)", "no_baseline": "no earlier years"},
        "trend_words": {"increasing": "increasing", "decreasing": "decreasing", "no trend": "no clear trend",
                        "too few years": "too few years for a trend test"},
        "ratio": "ratio to the mean", "p": "p", "mean_before": "mean of earlier years",
        "profile": "When: hour of the week", "months": "By month", "peaks": "Peaks",
        "hot_map": "Where: hotspots this year against earlier years",
        "status": {"new": "new", "persistent": "persistent", "faded": "faded"}, "hotspot": "Hotspot",
        "places": "Special places", "place": "Place", "n_year": "This year",
        "presence": "Presence: planned and delivered against risk", "target": "Place / hotspot",
        "risk": "Trouble (peaks)", "planned": "Planned", "delivered": "Delivered", "minutes": "min",
        "occasions": "occasions", "share_planned": "Share of risk in planned hours",
        "share_delivered": "Share of incidents while someone was there", "verdict_col": "Verdict",
        "cov": {"covered": "covered", "thin": "thin", "gap": "GAP", "quiet": "quiet", "no data": "no data"},
        "weekends": "Special weekends", "event": "Weekend", "window": "Window",
        "partial": "the data end inside the window: every year counted over the same first part",
        "partial_year": "– data through {until}: every year counted over the same part of the year.",
        "n_places": "At the places", "planned_min": "Planned (min)", "delivered_min": "Delivered (min)",
        "unsafe": "Places residents call unsafe against the hotspots", "area": "Area", "kind": "Comparison",
        "kinds": {"both": "complaints and incidents", "named_only": "named unsafe, few incidents",
                  "incidents_only": "incidents, not named"}, "near": "Near", "n_complaints": "Complaints",
        "n_incidents": "Incidents", "overlap": "Share of residents' unsafe places that are also hotspots",
        "advice": "What the data suggest for next year's promises", "no_advice": "Nothing stands out in the numbers.",
        "data": "Data", "files": "Files", "rows_read": "Rows read", "rows_used": "used", "rows_rejected": "rejected",
        "period": "Period", "tz": "Time zone", "method": "Method",
        "sensitive_total": "Sensitive categories, whole municipality this year", "sensitive_note":
        "Sensitive categories are shown only as a total for the whole municipality; map, profiles and places "
        "leave them out.",
        "share_note": "Shareable version: counts in classes, nothing under {k}, no individual incidents, no free "
                      "text, no patrol times or units.", "none": "–", "suppressed": "< {k}",
        "footer": "hotspot-planner · annual situation report", "what": "What", "inputs": {
            "incidents": "Incidents", "complaints": "Complaints", "patrols": "Patrol plans", "tracks": "GPS tracks",
            "reports": "Patrol reports", "places": "Special places"},
        "method_text": "Counts per year with exact 95% Poisson intervals (Garwood); the year against the mean of the "
                       "years before by the exact conditional test of two Poisson counts (binomial test); trend by "
                       "Mann–Kendall with at least four years. A change is called an increase or a decrease only "
                       "when p < 0.05.",
    },
}

_ADVICE = {
    "sv": {"up_bad": "{name}: ökade {year} mer än slumpen förklarar{ratio} – håll kvar löftet och förstärk det.",
           "down_good": "{name}: minskade {year} mer än slumpen förklarar{ratio} – det som gjordes kan vara värt "
                        "att behålla.",
           "trend_up": "{name}: ökande trend över {n} år – följ upp orsakerna.",
           "flat": "{name}: ingen säker förändring mot tidigare år – siffrorna räcker inte för att säga att det "
                   "blivit bättre eller sämre.",
           "new": "{name}: {n} nya brännpunkter i år – överväg att nämna dem i löftet.",
           "gap": "{target}: bråk {risk} men ingen planerad närvaro de timmarna (LUCKA).",
           "delivered_low": "{target}: utförd närvaro nådde bara {share} av händelserna – planerat och utfört "
                            "behöver mötas vid bråktimmarna.",
           "weekend_up": "{name}: mer bråk än tidigare år, större än slumpen förklarar – planera extra närvaro.",
           "named_only": "{near}: invånarna nämner platsen som otrygg men få händelser anmäls – trygghetsvandring "
                         "eller belysning snarare än patrull."},
    "en": {"up_bad": "{name}: rose in {year} beyond chance{ratio} – keep the promise and strengthen it.",
           "down_good": "{name}: fell in {year} beyond chance{ratio} – what was done may be worth keeping.",
           "trend_up": "{name}: increasing trend over {n} years – follow up the causes.",
           "flat": "{name}: no clear change against earlier years – the numbers cannot say it got better or worse.",
           "new": "{name}: {n} new hotspots this year – consider naming them in the promise.",
           "gap": "{target}: trouble {risk} but no planned presence in those hours (GAP).",
           "delivered_low": "{target}: delivered presence met only {share} of the incidents – planned and delivered "
                            "need to meet the trouble hours.",
           "weekend_up": "{name}: more trouble than earlier years, beyond chance – plan extra presence.",
           "named_only": "{near}: residents name the place unsafe but few incidents are reported – a safety walk or "
                         "lighting rather than patrols."},
}


def advice(sections, presence, weekends, unsafe_areas, *, year, lang="sv", share=False, limit=8) -> list:
    """Short advice items that follow from the review's numbers (see the module docstring)."""
    a, items = _ADVICE[lang], []
    for sec in sections:
        name, c, tr = sec.promise.label(lang), sec.yoy.change, sec.yoy.trend
        ratio = "" if share or c["ratio"] is None else \
            f" ({WORDS[lang]['ratio']} {format_number(c['ratio'], lang, 2)})"
        if c["verdict"] == "increase" and sec.promise.direction == "minska":
            items.append(a["up_bad"].format(name=name, year=year, ratio=ratio))
        elif c["verdict"] == "decrease" and sec.promise.direction == "minska":
            items.append(a["down_good"].format(name=name, year=year, ratio=ratio))
        elif c["verdict"] == "within_chance":
            items.append(a["flat"].format(name=name))
        if tr["trend"] == "increasing":
            items.append(a["trend_up"].format(name=name, n=tr["n_years"]))
        n_new = int((sec.hotspots["status"] == "new").sum()) if len(sec.hotspots) else 0
        if n_new and not share:
            items.append(a["new"].format(name=name, n=n_new))
    if presence is not None and len(presence):
        gaps = presence[presence["status"].eq("gap") & (presence["n_year"] >= 10)]
        for _, row in gaps.head(2).iterrows():
            items.append(a["gap"].format(target=row["target"], risk=row["risk_windows"]))
        if not share and "delivered_share" in presence:
            low = presence[(presence["delivered_min"] > 0) & (presence["delivered_share"] < 0.1)
                           & (presence["n_year"] >= 20)]
            for _, row in low.head(1).iterrows():
                items.append(a["delivered_low"].format(target=row["target"], share=_pct(row["delivered_share"], lang)))
    if weekends is not None and len(weekends):
        for _, row in weekends[weekends["verdict"].eq("increase")].iterrows():
            items.append(a["weekend_up"].format(name=row["name"]))
    if unsafe_areas is not None and len(unsafe_areas):
        for _, row in unsafe_areas[unsafe_areas["kind"].eq("named_only")].head(1).iterrows():
            items.append(a["named_only"].format(near=row["near"] or row["area"]))
    return items[:limit]


def _pct(x, lang):
    return f"{format_number(100 * x, lang)} %"
