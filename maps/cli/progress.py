"""Progress on a terminal: a ``rich`` spinner naming the step, nothing at all otherwise.

Steps that can take more than about two seconds (reading files, finding hotspots, building maps and
briefings, ``run``'s products) are wrapped in :func:`step`. The spinner is drawn on stderr only when both
stdout and stderr are terminals and ``--quiet`` was not given, so piped or redirected output and tests
see exactly the command's own output. ``rich`` is imported only when a spinner is drawn.
"""

import contextlib
import sys

__all__ = ["set_quiet", "step"]

_STATE = {"quiet": False}
_WORDS = {"read": ("Läser filer", "Reading files"), "find": ("Söker hotspots", "Finding hotspots"),
          "patrols": ("Läser patrullplan och platser", "Reading patrol plan and places"),
          "coverage": ("Beräknar täckning", "Computing coverage"),
          "map": ("Bygger kartan", "Building the map"), "share": ("Bygger delningsbar karta", "Building the share map"),
          "briefing": ("Bygger genomgång", "Building briefing"),
          "png": ("Tar bild med Chromium", "Taking PNG snapshot"),
          "write": ("Skriver filer", "Writing files"), "analyse": ("Analyserar", "Analysing"),
          "trends": ("Beräknar förändring över tid", "Computing change over time")}


def set_quiet(quiet: bool) -> None:
    """Turn the spinner off (``--quiet``) or back on."""
    _STATE["quiet"] = bool(quiet)


def _terminal() -> bool:
    try:
        return sys.stdout.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


@contextlib.contextmanager
def step(key: str, lang: str = "sv", detail: str = ""):
    """Show a spinner with the step's name while the ``with`` block runs (on a terminal only).

    Parameters
    ----------
    key : str
        One of the step keys (``read``, ``find``, ``map``, ...); an unknown key is shown as given.
    lang : {"sv", "en"}
    detail : str
        Appended to the name, e.g. the event of a briefing.

    Yields
    ------
    callable
        ``say(progress)``: shows ``progress`` (rows read, the stage, batches) after the step's name; does
        nothing off a terminal. Long steps pass it on (``read_points(..., progress=say)``).
    """
    if _STATE["quiet"] or not _terminal():
        yield _silent
        return
    from rich.console import Console

    words = _WORDS.get(key, (key, key))
    text = words[1 if lang == "en" else 0] + (f" {detail}" if detail else "")
    with Console(stderr=True).status(text + " …") as status:
        yield lambda progress: status.update(f"{text}: {progress} …")


def _silent(progress):
    """Progress off a terminal: nothing."""
