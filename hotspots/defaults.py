"""The one home of every product-wide default, so a change here changes it everywhere.

Modules import these names instead of writing the value again; the CLI, the project file and the
Python API all fall back on them.
"""

__all__ = ["BOUNDARY_BUFFER_M", "COMPLAINT_WEIGHT", "LANG", "LANGS", "METHOD", "MIN_COUNT", "TZ"]

#: Time zone of naive times and of every local clock (weekday × hour, peak windows, calendars) when
#: neither the data nor the user says otherwise.
TZ = "Europe/Stockholm"

#: Output language; Swedish first, English with ``--lang en``.
LANG = "sv"
LANGS = ("sv", "en")

#: Share mode: no published count below this many points (k-anonymity threshold).
MIN_COUNT = 5

#: Hotspot method of every product (``hotspots``, ``coverage``, ``suggest``, ``weekend``, ``run``), so
#: the same data give the same hotspots and the same covered share whichever command asks.
METHOD = "gistar"

#: Weight of a citizen complaint relative to an incident.
COMPLAINT_WEIGHT = 0.5

#: Tolerance around a study-area boundary, in metres.
BOUNDARY_BUFFER_M = 1000.0
