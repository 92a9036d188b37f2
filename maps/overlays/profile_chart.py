"""A hotspot's hour-of-week profile as a small inline SVG heat strip: 7 weekday rows × 24 hour columns.

The cells are shaded in five classes of the hotspot's own maximum (darker = busier), drawn as one
``<path>`` per class so that a popup stays a few kilobytes. Weekday labels (mån..sön / Mon..Sun) come
from :data:`hotspots.words.WEEKDAYS`. The SVG is built from :class:`markupsafe.Markup` format strings, whose
``format`` and ``join`` escape every value that is not itself ``Markup``.
"""

import numpy as np
from markupsafe import Markup

from hotspots.words import WEEKDAYS
from maps.overlays.controls.legend import RAMPS, ramp_hex

__all__ = ["profile_svg"]

_LEVELS = 5
_EMPTY = "#eeeeee"
_CAPTION = {"sv": "Timme i veckan (tidsfördelning)", "en": "Hour of the week (time profile)"}
_QUIET = {"sv": "lugnt", "en": "quiet"}
_BUSY = {"sv": "mest", "en": "busiest"}


def profile_svg(week_7x24, lang="sv", *, cell=9) -> str:
    """Draw an hour-of-week matrix as an SVG heat strip.

    Parameters
    ----------
    week_7x24 : array_like, shape (7, 24) or (168,)
        Weight per weekday (Monday first) and hour, e.g. ``HotspotFinder.profiles_.week[hotspot_id - 1]``.
    lang : {"sv", "en"}
        Language of the weekday labels and the caption.
    cell : int
        Side of one hour cell in pixels.

    Returns
    -------
    str
        An ``<svg>`` element (no script, no external reference), about ``28 + 24 * cell`` pixels wide.

    Raises
    ------
    ValueError
        When the input does not hold 168 values.
    """
    week = np.asarray(week_7x24, float)
    if week.size != 168:
        raise ValueError(f"expected a 7 × 24 hour-of-week matrix, got shape {week.shape}")
    week = np.nan_to_num(week.reshape(7, 24), nan=0.0).clip(min=0.0)
    top = week.max()
    level = np.where(week > 0, np.ceil(week / top * _LEVELS) if top > 0 else 0, 0).astype(int)
    left, head = 26, 12
    width, height = left + 24 * cell + 2, head + 7 * cell + 14
    colours = ramp_hex(np.linspace(0.15, 1.0, _LEVELS), RAMPS["heat"])
    rows, cols = np.indices(level.shape)
    xs, ys = left + cols * cell, head + rows * cell
    path = Markup('<path d="{}" fill="{}" stroke="#fff" stroke-width=".6"/>')
    paths = []
    for k in range(_LEVELS + 1):
        hit = level == k
        if not hit.any():
            continue
        d = "".join(f"M{x} {y}h{cell}v{cell}h-{cell}z" for x, y in zip(xs[hit], ys[hit]))  # numbers only
        paths.append(path.format(d, _EMPTY if k == 0 else colours[k - 1]))
    days = WEEKDAYS.get(lang, WEEKDAYS["sv"])
    day_label = Markup('<text x="{}" y="{:.1f}" text-anchor="end">{}</text>')
    labels = [day_label.format(left - 3, head + (i + 0.8) * cell, day) for i, day in enumerate(days)]
    hour_label = Markup('<text x="{}" y="{}">{:02d}</text>')
    hours = [hour_label.format(left + h * cell, head + 7 * cell + 10, h) for h in (0, 6, 12, 18)]
    caption = _CAPTION.get(lang, _CAPTION["sv"])
    key = f"{_QUIET.get(lang, _QUIET['sv'])} → {_BUSY.get(lang, _BUSY['sv'])}"
    return str(Markup('<svg class="hp-profile" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
                      'aria-label="{caption}" style="font:9px sans-serif;fill:#333;display:block;margin-top:4px">'
                      '<title>{caption}</title><text x="{left}" y="9">{caption} · {key}</text>{body}</svg>').format(
        w=width, h=height, caption=caption, left=left, key=key, body=Markup("").join([*paths, *labels, *hours])))
