"""Offence labels as real exports write them (US, UK, Canada, Sweden) → canonical keys.

The labels are typed from the published vocabularies of each source (Chicago ``Primary Type``,
LAPD ``Crm Cd Desc``, NYPD ``OFNS_DESC``, NIBRS offences as Seattle publishes them, Denver's
``offense_type_id``/``offense_category_id``, police.uk crime categories, Vancouver ``TYPE``,
Toronto MCI categories, BRÅ brottsbenämningar); the expected key of each was chosen by hand.
"""

import pandas as pd

from hotspots.io.what.categories import categorise

S, D = "sexual", "domestic"

LABELS = [
    # Chicago primary types
    ("THEFT", "theft"), ("BATTERY", "violence"), ("CRIMINAL DAMAGE", "vandalism"), ("NARCOTICS", "drugs"),
    ("ASSAULT", "violence"), ("OTHER OFFENSE", "other"), ("BURGLARY", "burglary"),
    ("MOTOR VEHICLE THEFT", "theft"), ("DECEPTIVE PRACTICE", "fraud"), ("ROBBERY", "violence"),
    ("CRIMINAL TRESPASS", "disorder"), ("WEAPONS VIOLATION", "weapons"), ("PROSTITUTION", S),
    ("PUBLIC PEACE VIOLATION", "disorder"), ("OFFENSE INVOLVING CHILDREN", D), ("CRIM SEXUAL ASSAULT", S),
    ("CRIMINAL SEXUAL ASSAULT", S), ("SEX OFFENSE", S), ("INTERFERENCE WITH PUBLIC OFFICER", "disorder"),
    ("GAMBLING", "disorder"), ("LIQUOR LAW VIOLATION", "alcohol"), ("ARSON", "fire"), ("HOMICIDE", "homicide"),
    ("KIDNAPPING", "violence"), ("INTIMIDATION", "violence"), ("STALKING", "violence"),
    ("CONCEALED CARRY LICENSE VIOLATION", "weapons"), ("OBSCENITY", S), ("PUBLIC INDECENCY", S),
    ("HUMAN TRAFFICKING", S), ("NON-CRIMINAL", "other"), ("OTHER NARCOTIC VIOLATION", "drugs"),
    ("DOMESTIC BATTERY SIMPLE", D),
    # Los Angeles (Crm Cd Desc)
    ("BATTERY - SIMPLE ASSAULT", "violence"), ("VEHICLE - STOLEN", "theft"), ("BURGLARY FROM VEHICLE", "theft"),
    ("THEFT PLAIN - PETTY ($950 & UNDER)", "theft"), ("INTIMATE PARTNER - SIMPLE ASSAULT", D),
    ("INTIMATE PARTNER - AGGRAVATED ASSAULT", D), ("ASSAULT WITH DEADLY WEAPON, AGGRAVATED ASSAULT", "violence"),
    ("VANDALISM - FELONY ($400 & OVER, ALL CHURCH VANDALISMS)", "vandalism"), ("THEFT OF IDENTITY", "fraud"),
    ("CRIMINAL THREATS - NO WEAPON DISPLAYED", "violence"), ("BRANDISH WEAPON", "weapons"),
    ("SHOPLIFTING - PETTY THEFT ($950 & UNDER)", "theft"), ("TRESPASSING", "disorder"), ("RAPE, FORCIBLE", S),
    ("BIKE - STOLEN", "theft"), ("DOCUMENT FORGERY / STOLEN FELONY", "fraud"),
    ("CHILD ABUSE (PHYSICAL) - SIMPLE ASSAULT", D), ("LETTERS, LEWD - TELEPHONE CALLS, LEWD", S),
    ("INDECENT EXPOSURE", S), ("SEX,UNLAWFUL(INC MUTUAL CONSENT, PENETRATION W/ FRGN OBJ", S),
    ("ORAL COPULATION", S), ("LEWD CONDUCT", S), ("PIMPING", S), ("CHILD PORNOGRAPHY", S),
    ("VIOLATION OF RESTRAINING ORDER", D), ("DISTURBING THE PEACE", "disorder"),
    ("EMBEZZLEMENT, GRAND THEFT ($950.01 & OVER)", "fraud"), ("PICKPOCKET", "theft"),
    ("PURSE SNATCHING", "theft"), ("CRIMINAL HOMICIDE", "homicide"),
    ("DISCHARGE FIREARMS/SHOTS FIRED", "weapons"), ("SHOTS FIRED AT INHABITED DWELLING", "weapons"),
    ("RECKLESS DRIVING", "traffic"), ("BUNCO, GRAND THEFT", "fraud"), ("ROBBERY", "violence"),
    ("DRIVING WITHOUT OWNER CONSENT (DWOC)", "theft"),
    # New York (OFNS_DESC)
    ("PETIT LARCENY", "theft"), ("GRAND LARCENY", "theft"), ("HARRASSMENT 2", "disorder"),
    ("ASSAULT 3 & RELATED OFFENSES", "violence"), ("FELONY ASSAULT", "violence"),
    ("CRIMINAL MISCHIEF & RELATED OF", "vandalism"), ("DANGEROUS DRUGS", "drugs"),
    ("OFF. AGNST PUB ORD SENSBLTY &", "disorder"), ("DANGEROUS WEAPONS", "weapons"),
    ("GRAND LARCENY OF MOTOR VEHICLE", "theft"), ("VEHICLE AND TRAFFIC LAWS", "traffic"),
    ("INTOXICATED & IMPAIRED DRIVING", "traffic"), ("SEX CRIMES", S), ("FELONY SEX CRIMES", S), ("RAPE", S),
    ("FORGERY", "fraud"), ("THEFT-FRAUD", "fraud"), ("POSSESSION OF STOLEN PROPERTY", "theft"),
    ("MURDER & NON-NEGL. MANSLAUGHTER", "homicide"), ("OFFENSES INVOLVING FRAUD", "fraud"),
    ("ALCOHOLIC BEVERAGE CONTROL LAW", "alcohol"), ("KIDNAPPING & RELATED OFFENSES", "violence"),
    ("PROSTITUTION & RELATED OFFENSES", S), ("FRAUDS", "fraud"), ("UNAUTHORIZED USE OF A VEHICLE", "theft"),
    ("CANNABIS RELATED OFFENSES", "drugs"), ("DISORDERLY CONDUCT", "disorder"),
    ("LOITERING/GAMBLING (CARDS, DIC", "disorder"), ("CRIMINAL TRESPASS", "disorder"),
    # NIBRS offences (Seattle)
    ("Simple Assault", "violence"), ("Aggravated Assault", "violence"), ("Theft From Motor Vehicle", "theft"),
    ("All Other Larceny", "theft"), ("Shoplifting", "theft"), ("Burglary/Breaking & Entering", "burglary"),
    ("Destruction/Damage/Vandalism of Property", "vandalism"), ("Motor Vehicle Theft", "theft"),
    ("Identity Theft", "fraud"), ("Drug/Narcotic Violations", "drugs"), ("Driving Under the Influence", "traffic"),
    ("Trespass of Real Property", "disorder"), ("Weapon Law Violations", "weapons"),
    ("False Pretenses/Swindle/Confidence Game", "fraud"), ("Credit Card/Automated Teller Machine Fraud", "fraud"),
    ("Counterfeiting/Forgery", "fraud"), ("Stolen Property Offenses", "theft"), ("Fondling", S), ("Sodomy", S),
    ("Sexual Assault With An Object", S), ("Pornography/Obscene Material", S),
    ("Murder & Nonnegligent Manslaughter", "homicide"), ("Kidnapping/Abduction", "violence"),
    ("Pocket-picking", "theft"), ("Purse-snatching", "theft"), ("Drug Equipment Violations", "drugs"),
    ("Liquor Law Violations", "alcohol"), ("Family Offenses, Nonviolent", D),
    ("Curfew/Loitering/Vagrancy Violations", "disorder"), ("Purchasing Prostitution", S),
    ("Human Trafficking, Commercial Sex Acts", S), ("Extortion/Blackmail", "fraud"), ("Peeping Tom", S),
    ("Statutory Rape", S), ("Incest", S), ("Impersonation", "fraud"),
    # Denver ids
    ("theft-of-motor-vehicle", "theft"), ("criminal-mischief-mtr-veh", "vandalism"), ("assault-dv", D),
    ("assault-simple", "violence"), ("burg-residence-forced", "burglary"), ("theft-shoplift", "theft"),
    ("weapon-unlawful-discharge-of", "weapons"), ("drug-methampetamine-possess", "drugs"),
    ("agg-aslt-police-weapon", "violence"), ("harassment-dv", D), ("liquor-possession", "alcohol"),
    ("traffic-accident", "traffic"), ("public-disorder", "disorder"), ("white-collar-crime", "fraud"),
    ("drug-alcohol", "drugs"), ("all-other-crimes", "other"), ("sexual-assault", S), ("auto-theft", "theft"),
    # police.uk categories (label and id forms)
    ("Anti-social behaviour", "disorder"), ("Bicycle theft", "theft"), ("Burglary", "burglary"),
    ("Criminal damage and arson", "vandalism"), ("Drugs", "drugs"), ("Other theft", "theft"),
    ("Possession of weapons", "weapons"), ("Public order", "disorder"), ("Robbery", "violence"),
    ("Shoplifting", "theft"), ("Theft from the person", "theft"), ("Vehicle crime", "theft"),
    ("Violence and sexual offences", "violence"), ("Other crime", "other"), ("violent-crime", "violence"),
    ("criminal-damage-arson", "vandalism"), ("anti-social-behaviour", "disorder"),
    # Vancouver and Toronto
    ("Break and Enter Commercial", "burglary"), ("Break and Enter Residential/Other", "burglary"),
    ("Theft of Bicycle", "theft"), ("Vehicle Collision or Pedestrian Struck (with Fatality)", "traffic"),
    ("Offence Against a Person", "violence"), ("Mischief", "vandalism"), ("Theft Over", "theft"),
    ("Auto Theft", "theft"), ("Break and Enter", "burglary"), ("Sexual Assault", S),
    ("Uttering Threats", "violence"), ("Impaired Operation", "traffic"), ("Theft Under $5000", "theft"),
    # BRÅ brottsbenämningar and Swedish case wording
    ("Stöld", "theft"), ("Snatteri", "theft"), ("Bostadsinbrott", "burglary"), ("Inbrott i villa", "burglary"),
    ("Stöld ur/från motorfordon", "theft"), ("Cykelstöld", "theft"), ("Grov misshandel", "violence"),
    ("Olaga hot", "violence"), ("Ofredande", "disorder"), ("Sexuellt ofredande", S),
    ("Våldtäkt mot person 18 år eller äldre", S), ("Våldtäkt mot barn", S), ("Sexuellt tvång", S),
    ("Köp av sexuell tjänst", S), ("Personrån", "violence"), ("Väpnat rån", "violence"),
    ("Skadegörelse", "vandalism"), ("Grovt narkotikabrott", "drugs"), ("Dopningsbrott", "drugs"),
    ("Bedrägeri", "fraud"), ("Urkundsförfalskning", "fraud"), ("Utpressning", "fraud"), ("Dråp", "homicide"),
    ("Mord", "homicide"), ("Mordbrand", "fire"), ("Anlagd brand", "fire"), ("Grov fridskränkning", D),
    ("Olaga förföljelse", "violence"), ("Olaga intrång", "disorder"), ("Rattfylleri", "traffic"),
    ("Grovt rattfylleri", "traffic"), ("Smitning", "traffic"), ("Brott mot knivlagen", "weapons"),
    ("Vapenbrott", "weapons"), ("Häleri", "theft"), ("Brott mot alkohollagen", "alcohol"), ("Barnfridsbrott", D),
    ("Överträdelse av kontaktförbud", D), ("Människohandel", S), ("Olovligt brukande", "theft"),
    ("Misshandel, ej grov, mot kvinna 18 år eller äldre, bekant med offret genom parrelation", D),
    ("Misshandel, ej grov, mot man 18 år eller äldre, bekant med offret men ej genom parrelation", "violence"),
]


def test_enough_labels_and_no_duplicates():
    raws = [raw for raw, _ in LABELS]
    assert len(LABELS) >= 150
    assert len(set(raws)) >= 148  # a label used by two sources (ROBBERY, Shoplifting...) is fine


def test_at_least_95_percent_right():
    out = categorise(pd.Series([raw for raw, _ in LABELS]))
    wrong = [(raw, want, got) for (raw, want), got in zip(LABELS, out.category) if got != want]
    assert len(wrong) <= 0.05 * len(LABELS), wrong
    assert out.info["unmapped"] == []


def test_every_sexual_and_domestic_label_is_flagged_sensitive():
    sensitive_labels = [raw for raw, want in LABELS if want in (S, D)]
    assert len(sensitive_labels) >= 40
    out = categorise(pd.Series(sensitive_labels))
    missed = [raw for raw, flag in zip(sensitive_labels, out.sensitive) if not flag]
    assert missed == []


def test_combined_uk_violence_and_sexual_category_is_sensitive():
    out = categorise(pd.Series(["Violence and sexual offences", "violent-crime", "Theft from the person"]))
    assert out.category.tolist() == ["violence", "violence", "theft"]
    assert out.sensitive.tolist() == [True, True, False]  # police.uk's id for the same category


def test_not_everything_is_sensitive():
    plain = [raw for raw, want in LABELS if want in ("theft", "burglary", "vandalism", "traffic", "drugs")]
    assert not categorise(pd.Series(plain)).sensitive.any()
