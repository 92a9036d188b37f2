"""Seeded generator of the demo's delivered presence: GPS tracks (GPX 1.1) and patrol reports for 2025.

Everything here is invented. The units follow the demo's special places (``special_places.geojson``) in
the demo's last full year, 2025, so the yearly review (``hotspot-planner review --year 2025``) can set what
was planned against what was delivered:

* ``tracks/fot_fredagar_2025.gpx``: foot patrol "Fot Kalix 1" at Torget on the first Friday of every month,
  22:10–23:05 (the plan says fre 22–02; the trouble runs 23–03);
* ``tracks/fot_valborg_2025.gpx``: Valborg, Badplatsen Strandängen 21:00–22:30, a walk, Torget 22:45–00:30;
* ``tracks/bil_midsommar_2025.gpx``: Midsommarafton, Midsommarängen 20:00–21:30, the drive to Töre strand with
  a 15-minute loss of signal (not presence), Töre strand 22:00–23:30;
* ``tracks/fot_nyar_2025.gpx``: Nyårsafton, Torget 22:30–01:30;
* ``patrol_reports.csv``: reports by place name (Kalix marknad, school end, some Saturdays), one by position
  and one naming a place that is not a special place (rejected with a reason, as in a real export).

Fixes every minute, a few metres of seeded jitter. Run ``python tools/make_demo_tracks.py [out_dir]``; the
fixed seed makes the output byte-identical.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 18
TZ = "Europe/Stockholm"
OUT = Path(__file__).resolve().parents[1] / "maps" / "demo" / "kalix"


def _places(out):
    features = json.loads((out / "special_places.geojson").read_text(encoding="utf-8"))["features"]
    spots = {}
    for f in features:
        coords = np.asarray(f["geometry"]["coordinates"], dtype=float)
        spots[f["properties"]["place_id"]] = coords.reshape(-1, 2).mean(axis=0) if coords.ndim > 1 else coords
    return spots


def _leg(rng, start, minutes, a, b=None):
    """Fixes every minute from ``start`` for ``minutes``: standing at ``a`` or moving from ``a`` to ``b``."""
    t = pd.date_range(start, periods=minutes + 1, freq="1min")
    f = np.linspace(0, 1, len(t))[:, None]
    end = a if b is None else b
    xy = a + f * (end - a) + rng.normal(0, 0.00004, (len(t), 2))  # ~3 m
    return list(zip(t, xy))


def _gpx(name, tracks):
    """GPX 1.1 text; ``tracks`` is a list of lists of (local time, (lon, lat)); times written in UTC."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gpx version="1.1" creator="hotspot-planner demo (synthetic)" xmlns="http://www.topografix.com/GPX/1/1">',
           f"<metadata><name>{name}</name></metadata>"]
    for fixes in tracks:
        out.append(f"<trk><name>{name}</name><trkseg>")
        for t, (lon, lat) in fixes:
            stamp = pd.Timestamp(t).tz_localize(TZ).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
            out.append(f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><time>{stamp}</time></trkpt>')
        out.append("</trkseg></trk>")
    out.append("</gpx>")
    return "\n".join(out) + "\n"


def make(out=OUT):
    rng = np.random.default_rng(SEED)
    p = _places(out)
    folder = out / "tracks"
    folder.mkdir(parents=True, exist_ok=True)
    fridays = [d for d in pd.date_range("2025-01-01", "2025-12-31", freq="W-FRI") if d.day <= 7]
    nights = [_leg(rng, f"{d:%Y-%m-%d} 22:10", 55, p["SP03"]) for d in fridays]
    valborg = (_leg(rng, "2025-04-30 21:00", 90, p["SP01"]) + _leg(rng, "2025-04-30 22:31", 13, p["SP01"], p["SP03"])
               + _leg(rng, "2025-04-30 22:45", 105, p["SP03"]))
    drive = _leg(rng, "2025-06-20 21:31", 28, p["SP02"], p["SP04"])
    midsommar = (_leg(rng, "2025-06-20 20:00", 90, p["SP02"]) + drive[:8] + drive[23:]
                 + _leg(rng, "2025-06-20 22:00", 90, p["SP04"]))
    nyar = _leg(rng, "2025-12-31 22:30", 180, p["SP03"])
    files = {"fot_fredagar_2025.gpx": ("Fot Kalix 1", nights), "fot_valborg_2025.gpx": ("Fot Kalix 1", [valborg]),
             "bil_midsommar_2025.gpx": ("Bil Kalix 2", [midsommar]), "fot_nyar_2025.gpx": ("Fot Kalix 1", [nyar])}
    for name, (unit, tracks) in files.items():
        (folder / name).write_text(_gpx(unit, tracks), encoding="utf-8")
    lon, lat = p["SP06"]
    rows = ["enhet;plats;start;slut;latitud;longitud",
            "Områdespolis Kalix;Marknadsområdet;2025-07-05 11:00;14:30;;",
            "Områdespolis Kalix;Hamnen;2025-07-05 21:00;2025-07-06 00:30;;",
            "Områdespolis Kalix;Skolgården, centralskolan;2025-06-12 11:00;13:00;;",
            "Ingripande Kalix;Torget;2025-03-08 23:00;2025-03-09 01:00;;",
            "Ingripande Kalix;Torget;2025-08-16 23:30;2025-08-17 02:00;;",
            "Ingripande Kalix;Torget;2025-10-11 22:00;23:30;;",
            f"Ingripande Kalix;;2025-09-13 21:00;22:00;{lat:.6f};{lon:.6f}".replace(".", ","),
            "Områdespolis Kalix;Badhuset;2025-11-15 20:00;21:00;;"]
    (out / "patrol_reports.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


if __name__ == "__main__":
    make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
