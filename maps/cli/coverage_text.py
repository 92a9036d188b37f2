"""The words of ``coverage`` and ``suggest`` on the terminal: the overall figures, the largest gaps and the
suggested visits, in Swedish or English (Swedish numbers: ``29,8 %``, ``6 840``)."""

from layers.names import hotspot_label

__all__ = ["N_PRINTED_GAPS", "format_coverage", "format_plan", "pct", "say"]

N_PRINTED_GAPS = 5
_T = {"covered": ("Täckt risk", "Risk covered"), "of_risk": ("av hotspotrisken", "of the hotspot risk"),
      "week": ("per vecka", "per week"), "period": ("perioden", "the period"),
      "efficiency": ("Effektivitet", "Efficiency"),
      "eff_note": ("av patrullminuterna hos patruller som når en hotspot",
                   "of patrol minutes by patrols that reach a hotspot"),
      "minutes": ("Patrullminuter", "Patrol minutes"), "hotspots": ("hotspots", "hotspots"),
      "gaps": ("Största luckor (otäckt risk i topptimmarna)", "Largest gaps (uncovered risk in peak hours)"),
      "no_gaps": ("inga luckor i topptimmarna", "no gaps in the peak hours"), "hotspot": ("hotspot", "hotspot"),
      "uncovered": ("otäckt", "uncovered"), "written": ("skrivet", "written"),
      "gain": ("Förväntad vinst", "Expected gain"), "visits": ("besök", "visits"),
      "plan": ("Föreslagna besök", "Suggested visits"), "visit": ("besök", "visit"),
      "when": ("när", "when"), "name": ("namn", "name"), "mode": ("sätt", "mode"), "minutes_col": ("min", "min"),
      "gain_col": ("vinst", "gain"), "why": ("Varför", "Why"), "where": ("plats (x, y)", "where (x, y)"),
      "rule": ("täckt = min(närvarominuter, 60) / 60 per timme", "covered = min(presence minutes, 60) / 60 per hour"),
      "verdicts": ("Hotspots", "Hotspots"),
      "thresholds": ("täckt vid minst {c} av risken i timmar med närvaro, tunn vid minst {t}, annars LUCKA",
                     "covered at {c} of the risk in hours with presence or more, thin at {t} or more, else GAP")}
_STATUS = {"covered": ("täckt", "covered"), "thin": ("tunn", "thin"), "gap": ("LUCKA", "GAP"),
           "no data": ("inga data", "no data")}


def format_coverage(cov, lang="sv", names=None) -> str:
    """Overall figures and the largest gaps as plain text.

    ``names`` is ``{hotspot_id: name}`` (:func:`maps.products.hotspot_names.hotspot_names`): a gap line says
    "#3 Torget, 500 m V (Kalix)", as the hotspot list and the map do; without a name "hotspot 3".
    """
    names = names or {}
    o = cov.overall
    lines = [(f"{say('covered', lang)} ({say('week', lang)}): {pct(o['risk_covered'], lang)} {say('of_risk', lang)} "
              f"({o['n_hotspots']} {say('hotspots', lang)}; {say('rule', lang)})"),
             f"{say('efficiency', lang)}: {pct(o['efficiency'], lang)} {say('eff_note', lang)}",
             f"{say('minutes', lang)} {say('week', lang)}: {_int(o['patrol_minutes_week'])}"]
    if "risk_covered_period" in o:
        lines.append(f"{say('covered', lang)} ({say('period', lang)} {o['period'][0][:16]} – {o['period'][1][:16]}): "
                     f"{pct(o['risk_covered_period'], lang)}; {say('efficiency', lang).lower()} "
                     f"{pct(o['efficiency_period'], lang)}; {say('minutes', lang).lower()} "
                     f"{_int(o['patrol_minutes_period'])}")
    key = "status_period" if "status_period" in cov.table else "status"
    counts = cov.table[key].value_counts()
    said = ", ".join(f"{int(counts[k])} {_STATUS[k][lang == 'en']}" for k in _STATUS if k in counts)
    limits = say("thresholds", lang).format(c=pct(cov.info["covered_at"], lang, 0),
                                           t=pct(cov.info["thin_at"], lang, 0))
    lines.append(f"{say('verdicts', lang)}: {said} ({limits})")
    lines.append(f"{say('gaps', lang)}:")
    if cov.gaps.empty:
        lines.append(f"  {say('no_gaps', lang)}")
    for g in cov.gaps.head(N_PRINTED_GAPS).itertuples():
        lines.append(f"  {g.rank}. {hotspot_label(g.hotspot_id, names.get(g.hotspot_id))}, {g.window}: "
                     f"{pct(g.uncovered_risk, lang, 2)} {say('uncovered', lang)}")
    return "\n".join(lines)


def format_plan(plan, minutes, lang="sv", names=None) -> str:
    """The suggested visits as an aligned table (visit, hotspot id, name, when, minutes, gain), then why each one.

    ``names`` is ``{hotspot_id: name}`` (:func:`maps.products.hotspot_names.hotspot_names`), so the text calls
    a hotspot what the map and the GPX/KML files call it; default "hotspot N".
    """
    names = names or {}
    head = (say("visit", lang), say("hotspot", lang), say("name", lang), say("when", lang), say("minutes_col", lang),
            say("gain_col", lang))
    rows = [head] + [(str(r.patrol_id), str(r.hotspot_id), str(names.get(r.hotspot_id, f"hotspot {r.hotspot_id}")),
                      str(r.schedule), str(minutes), "+" + pct(r.gain, lang, 2)) for r in plan.itertuples()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  " + "  ".join(c.rjust(w) if i in (1, 4, 5) else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
             .rstrip() for row in rows]
    why = [f"  {r.patrol_id}: {r.why}" for r in plan.itertuples() if getattr(r, "why", "")]
    return "\n".join([f"{say('plan', lang)}:", *lines, *([f"{say('why', lang)}:", *why] if why else [])])


def pct(x, lang, digits=1) -> str:
    """A share as a percentage in ``lang``'s number format (``–`` when unknown)."""
    import numpy as np

    text = "–" if x is None or not np.isfinite(x) else f"{100 * x:.{digits}f} %"
    return text.replace(".", ",") if lang == "sv" else text


def _int(x) -> str:
    return f"{x:,.0f}".replace(",", "\u00a0")


def say(key, lang) -> str:
    """The word or phrase ``key`` in ``lang``."""
    return _T[key][1 if lang == "en" else 0]
