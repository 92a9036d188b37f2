"""The build time a product may print: only when asked, and then the reproducible-builds one.

Two runs on the same input must give byte-identical products, so no product prints the wall clock by
default. ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/), a whole number of
seconds since 1970, asks for a fixed build time; ``HOTSPOT_BUILD_TIME=now`` asks for the wall clock.
"""

import os
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from hotspots.defaults import TZ

__all__ = ["build_time"]


def build_time(tz=TZ):
    """The time to print as "generated", or ``None`` when none is asked for.

    Parameters
    ----------
    tz : str
        Zone the time is shown in (default the project's, Europe/Stockholm).

    Returns
    -------
    datetime or None
        ``SOURCE_DATE_EPOCH`` when set (an unreadable value is ignored), the wall clock when
        ``HOTSPOT_BUILD_TIME=now``, else ``None``.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).astimezone(ZoneInfo(tz))
    if os.environ.get("HOTSPOT_BUILD_TIME", "").strip().lower() == "now":
        return datetime.now(ZoneInfo(tz))
    return None
