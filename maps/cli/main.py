"""The ``hotspot-planner`` command line: builds the parser from the command modules and dispatches.

Each module in :data:`_COMMAND_MODULES` has ``register(subparsers)``, which adds its command with
``set_defaults(run_command=fn)``; ``fn(args)`` returns the exit code. Parsers import only the standard
library and light constants, so ``--help`` answers at once; the commands import the heavy modules when
they run.

Exit codes: 0 success (also when the reader of the output closes the pipe early, as ``| head`` does),
1 unusable input (``fel: …`` / ``error: …``, one line, no traceback), 2 usage, 130 interrupted (Ctrl-C).
An unexpected error prints one line naming the command and its input and suggests ``--debug``, which
shows the traceback (as does the environment variable ``HOTSPOT_PLANNER_DEBUG=1``).
"""

import argparse
import importlib
import os
import sys

from hotspots.defaults import LANG, LANGS
from hotspots.errors import InputError
from maps.cli.args.options import UsageError, check_outputs
from maps.cli.commands.run import DEMO_PROJECT  # noqa: F401 -- importable from here too, as before the split
from maps.cli.progress import set_quiet

__all__ = ["main"]

_COMMAND_MODULES: tuple = tuple(f"maps.cli.commands.{name}" for name in (
    "check", "hotspots", "trends", "evaluate", "map", "coverage", "weekend", "calendar", "run", "review"))
_WORDS = {"error": ("fel", "error"), "interrupted": ("avbrutet", "interrupted"),
          "stopped": ("stoppade oväntat", "stopped unexpectedly"),
          "debug": ("kör igen med --debug för att se detaljerna", "rerun with --debug to see the details")}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    return _build()[0]


def _build():
    parser = argparse.ArgumentParser(
        prog="hotspot-planner",
        description="Where and when incidents and complaints concentrate, and whether planned presence is there. "
                    "Commands that read incidents take the files (POINTS...) or --project FILE.toml.")
    parser.add_argument("--lang", choices=LANGS, default=None, help="output language (default: the project's, "
                                                                    "else sv)")
    parser.add_argument("--quiet", action="store_true", help="no progress display")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser, sub


def main(argv=None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 bad input, 2 usage, 130 interrupted)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C while the commands are still being loaded (before the language is known)
        print(f"{_w('interrupted', LANG)} (Ctrl-C)", file=sys.stderr)
        return 130


def _main(argv):
    parser, sub = _build()
    args, extra = parser.parse_known_args(argv)
    # argparse (3.11) gives POINTS its files only when they follow the command's own positionals directly;
    # files written after an option arrive here and belong to POINTS too.
    if extra and hasattr(args, "points") and not any(e.startswith("-") for e in extra):
        args.points = [*(args.points or []), *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    lang = args.lang or LANG
    set_quiet(args.quiet)
    try:
        check_outputs(args)
        _ctrl_c_to_python()
        code = args.run_command(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the try
        return code
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except UsageError as err:  # like argparse's own: the command's usage line, the message, exit 2
        sub.choices[args.command].error(str(err))
    except InputError as err:
        print(f"{_w('error', lang)}: {_one_line(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{_w('interrupted', lang)} (Ctrl-C)", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 -- users get one line; --debug shows the traceback
        if args.debug or os.environ.get("HOTSPOT_PLANNER_DEBUG"):
            raise
        print(f"{_w('error', lang)}: {args.command}{_subject(args)} {_w('stopped', lang)} "
              f"({type(err).__name__}: {_one_line(err)}); {_w('debug', lang)}", file=sys.stderr)
        return 1


def _ctrl_c_to_python():
    """Let Ctrl-C always reach Python's handler (exit 130, whole files). pyarrow otherwise sets its own
    handler while it reads, and a Ctrl-C landing in a short read (a patrol plan) is taken by that read and
    lost: the run went on to the end. Arrow's long reads then stop at the next Python step instead."""
    import pyarrow

    pyarrow.enable_signal_handlers(False)


def _silence_stdout():
    """After a closed pipe: point stdout at devnull so the interpreter's final flush cannot fail
    (the recipe in the Python docs, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced by a non-file object (tests)
        pass


def _subject(args) -> str:
    """`` (kalix.toml)`` or `` (incidents.csv)``: the input the command was working on."""
    source = getattr(args, "project", None) or (getattr(args, "points", None) or [None])[0]
    return f" ({source})" if source else ""


def _one_line(err) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _w(key, lang) -> str:
    return _WORDS[key][1 if lang == "en" else 0]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
