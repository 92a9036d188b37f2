"""The offence words: keyword rules from raw category text to the 16 canonical keys.

Rules run on folded text (lower case, accents removed: å→a, ö→o, whitespace collapsed) and are
tried in order, specific before general; the first match wins. They cover Swedish police and BRÅ
wording (brottsbenämningar), the Swedish Police events API, and open data from the USA (Chicago
primary types, LAPD ``Crm Cd Desc``, NYPD ``OFNS_DESC``, NIBRS offences as Seattle and Denver
publish them, Denver's hyphenated ids), the UK (police.uk categories), Canada (Vancouver, Toronto)
and Colombia (Medellín). See :mod:`hotspots.io.what.categories` for what each key holds.

Choices worth knowing:

* UK "Violence and sexual offences" (id ``violent-crime``) is one police.uk category: it becomes
  ``violence`` and is flagged sensitive (it holds the sexual offences), so share products keep it
  out. A bare "Violent crime" elsewhere is flagged too: better kept out than published.
* Burglary *from a vehicle* is ``theft`` (BRÅ: stöld ur/från motorfordon); ``burglary`` is
  buildings. Identity theft, embezzlement, forgery and extortion are ``fraud``.
* Prostitution, lewd conduct, indecent exposure, obscenity and human trafficking are ``sexual``;
  offences involving children, restraining-order violations and Denver's ``-dv`` ids are
  ``domestic``. Both keys are always sensitive.
* Harassment is ``disorder`` like Swedish ofredande; threats, intimidation and stalking
  (olaga hot, olaga förföljelse) are ``violence``; trespass and gambling are ``disorder``.
"""

import re
import unicodedata

__all__ = ["ALWAYS_SENSITIVE", "CATEGORY_KEYS", "RULES", "SENSITIVE_WORDS", "fold", "match_offence"]

CATEGORY_KEYS = ("violence", "sexual", "domestic", "homicide", "weapons", "drugs", "alcohol",
                 "traffic", "vandalism", "disorder", "theft", "burglary", "fire", "fraud",
                 "safety", "other")
ALWAYS_SENSITIVE = frozenset({"sexual", "domestic"})

_DOMESTIC = (r"(?<!ej i )(?<!inte i )nara relation|(?<!ej genom )(?<!inte genom )parrelation|relationsvald"
             r"|kvinnofrid|fridskrankning|barnfrid|barnmisshandel|kontaktforbud|misshandel (av|mot) barn"
             r"|heders(relater|vald|fortryck)|domestic|intimate partner|family (violence|offen)|\bdv\b"
             r"|intrafamiliar|violencia (domestica|de genero)|child (abuse|neglect|endanger)|elder abuse"
             r"|offen[cs]es? involving children|(restraining|protecti(ve|on)|no.contact) order")
_SEXUAL = (r"sexu|valdtakt|\brape\b|koppleri|blottning|barnpornografi|grooming|incest|indecen"
           r"|acceso carnal|violacion(?! de domicilio)|\bsex\b|sodomy|fondling|copulation|lewd|obscen"
           r"|pornograph|prostitut|pimping|peeping|manniskohandel|human trafficking")
_UK_VIOLENCE_AND_SEXUAL = r"violen(ce|t)( crime)? (and|&) sexual|^violent.crime$"   # police.uk label and id
SENSITIVE_WORDS = re.compile(f"{_DOMESTIC}|{_SEXUAL}|{_UK_VIOLENCE_AND_SEXUAL}")
"""Words that make a raw value sensitive whatever key it ends in (an override cannot undo it)."""

_SPANISH_HOMICIDE_MODES = (r"^(arma de fuego|arma blanca|cortopunzante|contundente|asfixia mecanica"
                           r"|ahorcamiento o estrangulamiento|explosivo|toxico o agente quimico"
                           r"|sumersion|lanzamiento al vacio)$")
_FRAUD = (r"bedrageri|urkund|forfalskning|penningtvatt|utpressning|dataintrang|fraud|estafa|svindel"
          r"|id-kapning|identity theft|theft of identity|forger(y|ies)|forged|counterfeit|embezzl|swindle"
          r"|false pretense|confidence game|credit card|bad check|impersonat|deceptive|white.collar|extortion|blackmail"
          r"|money laundering|bunco|hacking|computer (crime|invasion)")
RULES = [(key, re.compile(pattern)) for key, pattern in [
    ("other", (r"^(sammanfattning|ovrigt|information|uppdatering|pressmeddelande|fjallraddning"
              r"|sjoraddning|raddningsinsats|forsvunnen person|antraffad dod|arbetsplatsolycka"
              r"|djur|antraffat gods|upphittat|polisinsats)\b"
              r"|^(other|unknown|misc|miscellaneous|other (offen[cs]es?|crimes?)|all.other.crimes?"
              r"|non.?criminal|miscellaneous penal law)$")),
    # Combined UK categories, before the words inside them win.
    ("violence", _UK_VIOLENCE_AND_SEXUAL),
    ("vandalism", r"criminal.(damage|mischief)"),
    ("domestic", _DOMESTIC),
    ("sexual", _SEXUAL),
    ("fraud", _FRAUD),
    ("fire", r"brand(?!farlig|ish)|\barson|incendi"),
    ("homicide", (rf"\bmord|\bdrap|dodligt vald|homicid|murder|manslaughter"
                 rf"|{_SPANISH_HOMICIDE_MODES}")),
    ("traffic", (r"ratt(fylleri|onykter)|drunk(en)? driving|impaired (driving|operation)|\bdui\b|\bdwi\b"
                r"|\bowi\b|driving (under the influence|while (intoxicated|impaired))")),
    ("theft", (r"(burglary|break(ing)? (and|&) enter(ing)?|inbrott) (from|of|into|in|i|to) (a )?(motor )?"
              r"(vehicle|car|auto|bil)|vehicle crime|unauthori[sz]ed use of (a )?(motor )?vehicle"
              r"|without owner.?s? consent")),
    ("violence", (r"misshandel|\bvald|vald\b|\bhot\b|knivhot|vapenhot|hotelse|frihetsberovande|olaga tvang"
                 r"|forfoljelse|manniskorov|slagsmal|sabotage mot blaljus|assault|\baslt\b"
                 r"|offen[cs]es? against (a |the )?persons?|crimes? against persons?|battery|kidnap|abduct"
                 r"|threat|intimidat|stalk|menac|wounding|carjack|mugging|lesiones|\bran\b"
                 r"|\bran(et|en|s|forsok)\b|(person|butiks|bank|vapen|gatu|ungdoms|vardetransport)ran"
                 r"|robbery|atraco|robo con (violencia|intimidacion)")),
    ("weapons", (r"vapen|kniv|skottlossning|\bskott\b|explosi|sprangning|farligt foremal|weapon"
                r"|firearm|\bguns?\b|shots fired|\barmas?\b|concealed carry|brandish|ammunition")),
    ("burglary", (r"inbrott|hemfridsbrott|break(ing)?.(and|&).enter|\bb ?& ?e\b|\bburg|housebreak"
                 r"|home invasion|robo (a|en) (casa|vivienda|residencia|comercio)|hurto a residencia")),
    ("theft", (r"stold|snatteri|haleri|stul(en|et|na)|tillgrepp|olovligt brukande|theft|shoplift"
              r"|larceny|hurto|\brobo\b|stolen|steal|pickpocket|pocket.picking|purse.snatch|snatching"
              r"|joyrid|jostling")),
    ("alcohol", r"(alkohol|sprit|ol)langning|langning av (alkohol|sprit|ol\b|vin\b)"),
    ("drugs", (r"narkoti|knark|\bdrog|dopning|cannabis|hasch|marijuana|marihuana|kokain|cocaine|heroin"
              r"|sprutor|kanyl|langning|langare|\bdrugs?\b|narcotic|estupefaciente|controlled substance"
              r"|methamph|amphetamin|fentanyl|opioid|paraphernalia")),
    ("alcohol", (r"alkohol|fylleri|\blob\b|berusad|fylla|drunk|intoxicat|liquor|alcohol|beverage"
                r"|open container")),
    ("traffic", (r"trafik|traffic|\btraf\b|kollision|collision|pedestrian struck|olovlig korning|buskorning"
                r"|\ba-?traktor|\bepa\b|moped|fortkorning|hastighet|speeding|smitning|hit (and|&) run"
                r"|reckless driving|felparkering|parkeringsbrott|olovlig parkering|transito")),
    ("vandalism", (r"skadegorelse|klotter|graffiti|tagg|glaskross|krossad|sabotage|mischief"
                  r"|vandal|\bdanos?\b|damage|defac")),
    ("disorder", (r"ordnings|\bbrak|ofredande|forargelse|oljud|buller|\bstoj|storande|skrap"
                 r"|ungdomsgang|gangkriminal|\bgangs\b|stokig|smallar|fyrverk|olaga intrang"
                 r"|disturb|disorder|peace|public order|anti.?social|\basb\b|harr?ass|curfew|vagran"
                 r"|noise|litter|loiter|nuisance|trespass|\brina\b|pub ord|interference with public"
                 r"|obstruct|resisting|\briot|affray|gambl")),
    ("safety", (r"belysning|otrygg|\bmorkt|buskage|\bsly\b|vegetation|unsafe|lighting|streetlight"
               r"|street light|inseguridad")),
]]
"""Ordered ``(key, compiled pattern)`` rules; the first pattern found in the folded text wins."""


def fold(text) -> str:
    """Lower-case, drop accents, collapse spaces: ``" Stöld/INBROTT "`` → ``"stold/inbrott"``."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def match_offence(folded: str) -> str | None:
    """The canonical key of the first rule found in already folded text, else ``None``.

    Parameters
    ----------
    folded : str
        Text passed through :func:`fold`.

    Returns
    -------
    str or None
        A key of :data:`CATEGORY_KEYS`, or ``None`` when no rule matches.

    Examples
    --------
    >>> match_offence(fold("CRIM SEXUAL ASSAULT")), match_offence(fold("Flygande tefat"))
    ('sexual', None)
    """
    for key, rx in RULES:
        if rx.search(folded):
            return key
    return None
