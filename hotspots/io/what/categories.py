"""Map raw category text to a small set of canonical keys, and flag sensitive offences.

Raw text comes from police case systems ("Misshandel, grov"), the Swedish Police events API
("Stöld/inbrott", "Trafikolycka, vilt", "Sammanfattning natt"), foreign open data ("Break and
Enter Commercial", "Theft from Vehicle", the Medellín homicide ``modalidad`` "Arma de fuego") and
municipal complaint systems ("Nedskräpning", "Klotter", "Dålig belysning"). Matching is by
case- and accent-insensitive keyword rules (:mod:`hotspots.io.what.vocabulary`), tried in order,
specific before general; the first rule that matches wins. Swedish display labels are produced
elsewhere.

Canonical keys (16), with examples:

``domestic``   violence in close relationships: våld i nära relation, relationsvåld, (grov)
               kvinnofridskränkning, grov fridskränkning, barnmisshandel/misshandel av barn,
               kontaktförbud, hedersrelaterat, barnfridsbrott, domestic, intimate partner, child
               abuse, offense involving children, restraining order, Denver ``-dv`` ids, violencia
               intrafamiliar. Always sensitive.
``sexual``     sexualbrott, våldtäkt, sexuellt ofredande, blottning, köp av sexuell tjänst, rape,
               sexual assault, sex offense, sodomy, fondling, lewd conduct, indecent exposure,
               prostitution, obscenity, human trafficking, delito sexual. Always sensitive.
``homicide``   mord, dråp, "Mord/dråp, försök" (the API reports attempts under the same type),
               homicide, murder, homicidio, and the Medellín homicide modalities when they are the
               whole value (arma de fuego, cortopunzante, contundente, asfixia mecánica, ...).
``fire``       brand, anlagd brand, mordbrand, bilbrand, arson, incendio.
``violence``   misshandel, våld, olaga hot, våld/hot mot tjänsteman, olaga frihetsberövande,
               assault, battery, threats, intimidation, stalking, kidnapping, Offence Against a
               Person, lesiones. UK "Violence and sexual offences" lands here, flagged sensitive.
               **Robbery is folded in here** (rån,
               personrån, robbery, atraco): the brief's 17 keys exceed the 16-key limit, and
               robbery is a face-to-face crime that shares places and hours with assault
               (nightlife, centres, transit); BRÅ's NTU also counts personrån among crimes against
               the person. Assault *with* a weapon stays violence.
``weapons``    vapenlagen, knivlagen, vapenbrott, skottlossning, explosion, sprängning, farligt
               föremål, weapon, firearm, porte ilegal de armas.
``burglary``   inbrott, stöld/inbrott, hemfridsbrott, Break and Enter, breaking and entering,
               burglary (of buildings: burglary *from a vehicle* is theft).
``theft``      stöld, snatteri, häleri, motorfordon stöld/anträffat stulet, Theft from Vehicle,
               Other Theft, Theft of Bicycle, shoplifting, larceny, motor vehicle theft, stolen,
               vehicle crime, pickpocket, hurto.
``drugs``      narkotika(brott), knark, droger, sprutor, drug, estupefacientes, and plain
               ``langning`` (the brief's choice; "langning av alkohol" goes to ``alcohol``).
``alcohol``    fylleri, Fylleri/LOB, berusad, alkohollagen, langning av alkohol/sprit, public
               intoxication, liquor law. Drink-driving (rattfylleri, DUI, impaired driving) is
               ``traffic``: that is where patrols act.
``traffic``    trafikolycka (all variants), trafikkontroll, trafikbrott, trafikhinder, rattfylleri,
               olovlig körning, buskörning, A-traktor/EPA, moped, fortkörning, Vehicle Collision
               or Pedestrian Struck, speeding.
``vandalism``  skadegörelse, klotter, graffiti, glaskross, sabotage, vandalism, criminal damage
               (UK "Criminal damage and arson" too), criminal mischief, Mischief (Canadian usage:
               damage to property).
``fraud``      bedrägeri, missbruk av urkund, förfalskning, utpressning, fraud, forgery,
               identity theft, embezzlement, deceptive practice, extortion, estafa.
``disorder``   ordningsstörning, ordningslagen, bråk, ofredande/förargelse, oljud, störande,
               nedskräpning, ungdomsgäng, stökigt, smällar/fyrverkerier, olaga intrång (school
               roofs, building sites, rail tracks), disturbance, disorderly conduct, public order,
               anti-social behaviour, trespass, harassment, loitering, gambling, littering.
``safety``     municipal place complaints: dålig belysning, otrygg plats, mörkt, igenväxt
               buskage, unsafe, street light.
``other``      everything else. Deliberately ``other`` (not reported as unmapped): summaries and
               notices (Sammanfattning natt, Övrigt, Information, Uppdatering) and non-crime
               events (Fjällräddning, Försvunnen person, Anträffad död, Arbetsplatsolycka,
               Räddningsinsats, Djur, Anträffat gods). Anything matching no rule is also
               ``other`` and listed in ``info["unmapped"]`` (e.g. Skyddslagen, Vållande till
               kroppsskada, the Medellín "Por establecer" = cause not yet established).
"""

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hotspots.errors import InputError
from hotspots.io.what.vocabulary import ALWAYS_SENSITIVE, CATEGORY_KEYS, SENSITIVE_WORDS, fold, match_offence

__all__ = ["CATEGORY_KEYS", "Categorised", "categorise"]


@dataclass(frozen=True, eq=False)
class Categorised:
    """Result of :func:`categorise`.

    Attributes
    ----------
    category : pandas.Series
        Canonical key per row (str), aligned to ``raw.index``.
    sensitive : pandas.Series
        Bool per row, aligned to ``raw.index``.
    info : dict
        JSON-serialisable: ``mapping`` (raw value → key, for every distinct non-missing value),
        ``unmapped`` (raw values that matched no rule and fell to ``other``), ``unmapped_rows``
        (how many rows hold them), ``counts``
        (key → number of rows, largest first) and ``missing`` (rows with NaN/None).
    """

    category: pd.Series
    sensitive: pd.Series
    info: dict


def _valid_key(value, what: str) -> str:
    key = str(value).strip().lower()
    if key not in CATEGORY_KEYS:
        raise InputError(f"{what}: unknown category key {value!r}; valid keys are: "
                         f"{', '.join(CATEGORY_KEYS)}")
    return key


def _parse_overrides(overrides):
    """Split overrides into exact (folded value → key) and ordered regex rules; check keys."""
    if overrides is None:
        return {}, []
    if not isinstance(overrides, dict):
        raise InputError(f"category overrides must be a mapping of raw value (or 're:pattern') "
                         f"to category key; received {type(overrides).__name__}")
    exact, patterns = {}, []
    for raw_key, value in overrides.items():
        key = _valid_key(value, f"category override {raw_key!r}")
        text = str(raw_key)
        if text.startswith("re:"):
            pattern = "".join(ch for ch in unicodedata.normalize("NFKD", text[3:].strip())
                              if not unicodedata.combining(ch))
            try:
                patterns.append((key, re.compile(pattern, re.IGNORECASE)))
            except re.error as exc:
                raise InputError(f"category override {raw_key!r} is not a valid regular "
                                 f"expression ({exc}); write it as 're:<pattern>'") from None
        else:
            exact[fold(text)] = key
    return exact, patterns


def _classify(folded: str, exact: dict, patterns: list):
    """Return (key, matched) for one folded value; ``matched`` is False when no rule applied."""
    if not folded:
        return "other", True
    if folded in exact:
        return exact[folded], True
    for key, rx in patterns:
        if rx.search(folded):
            return key, True
    key = match_offence(folded)
    return (key, True) if key else ("other", False)


def categorise(raw: pd.Series, *, overrides: dict[str, str] | None = None,
               sensitive_keys=None) -> Categorised:
    """Map raw category text to canonical keys and flag sensitive rows.

    Parameters
    ----------
    raw : pandas.Series
        Raw category text, one value per row (any list-like is accepted). Never modified.
    overrides : dict of str to str, optional
        Project-specific mapping applied before the built-in rules. A key is either a whole raw
        value, matched case- and accent-insensitively after stripping (``"Langning": "alcohol"``),
        or a regular expression prefixed ``re:`` searched in the lower-cased, accent-free value
        (``"re:epa|a-traktor": "traffic"``). Exact keys win over ``re:`` keys; ``re:`` keys are
        tried in the order given. Values must be canonical keys (see :data:`CATEGORY_KEYS`).
    sensitive_keys : iterable of str, optional
        Keys whose rows are flagged sensitive, in addition to ``sexual`` and ``domestic``, which
        always are. Raw values naming sexual offences, violence in close relationships,
        kvinnofrid, barnmisshandel, hedersrelaterat or människohandel are flagged whatever
        category they end in, so an override cannot un-sensitise them.

    Returns
    -------
    Categorised
        ``category`` and ``sensitive`` series aligned to ``raw.index``, and ``info`` with the
        mapping of each distinct raw value, the unmapped values and per-key counts.

    Raises
    ------
    InputError
        If an override or sensitive key is not a canonical key, an ``re:`` pattern is invalid,
        or ``raw`` is not list-like.

    Examples
    --------
    >>> out = categorise(pd.Series(["Misshandel, grov", "Stöld/inbrott", "Klotter", None]))
    >>> out.category.tolist()
    ['violence', 'burglary', 'vandalism', 'other']
    """
    if not isinstance(raw, pd.Series):
        if isinstance(raw, (str, bytes)) or not pd.api.types.is_list_like(raw):
            raise InputError(f"categorise expects a column (pandas Series or list) of category "
                             f"text; received {type(raw).__name__}")
        raw = pd.Series(raw)
    exact, patterns = _parse_overrides(overrides)
    if isinstance(sensitive_keys, str):
        sensitive_keys = [sensitive_keys]
    flagged = set(ALWAYS_SENSITIVE) | {_valid_key(k, "sensitive_keys")
                                        for k in (sensitive_keys or ())}

    codes, uniques = pd.factorize(raw.astype(object), use_na_sentinel=True)
    keys, sens, known, mapping, unmapped = [], [], [], {}, []
    for value in uniques:  # distinct values only; rows are broadcast below
        folded = fold(value)
        key, matched = _classify(folded, exact, patterns)
        keys.append(key)
        sens.append(key in flagged or bool(SENSITIVE_WORDS.search(folded)))
        mapping[str(value)] = key
        known.append(matched)
        if not matched:
            unmapped.append(str(value))
    # Code -1 (missing) indexes the appended last element: "other", not sensitive.
    category = pd.Series(np.array(keys + ["other"], dtype=object)[codes], index=raw.index,
                         name="category", dtype=object)
    sensitive = pd.Series(np.array(sens + [False], dtype=bool)[codes], index=raw.index,
                          name="sensitive")
    counts = category.value_counts()
    unmapped_rows = int((~np.array(known + [True], dtype=bool)[codes]).sum())
    info = {"mapping": mapping, "unmapped": unmapped, "unmapped_rows": unmapped_rows,
            "counts": {str(k): int(n) for k, n in counts.items()},
            "missing": int((codes == -1).sum())}
    return Categorised(category=category, sensitive=sensitive, info=info)
