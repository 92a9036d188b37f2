"""The bundled Kalix demo run once per test session (per xdist worker), shared read-only (not a test module).

A whole demo run takes 13–15 s, and many modules only read its products. :func:`demo_run` runs it through the
CLI once per language and process, into a folder of pytest's ``tmp_path_factory`` (see the ``demo_sv`` and
``demo_en`` fixtures in ``conftest.py``; ``product_scan.demo_products`` hands out the same runs), and keeps
the folder, what the command printed and what it made. The files are made read-only, so a test that writes
into the shared folder fails at once instead of changing what later tests read: copy it to ``tmp_path`` first.

* ``"sv"``: ``run DEMO_PROJECT -o OUT --json`` (the positional project form the README shows);
* ``"en"``: ``--lang en demo -o OUT`` (the printed summary and product list, in English).
"""

import contextlib
import copy
import io
import json
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

COMMANDS = {"sv": ["run", "{project}", "-o", "{out}", "--json"], "en": ["--lang", "en", "demo", "-o", "{out}"]}


@dataclass(frozen=True)
class DemoRun:
    """One shared demo run: read it, never write into it (its files are read-only)."""

    out: Path
    """The output folder."""
    argv: tuple
    """The command line it ran."""
    printed: str
    """What the command printed on stdout."""
    kept: dict
    """What it made: ``{"summary": ..., "products": {name: path}}`` (``run_project``'s answer); read ``made``."""

    @property
    def made(self):
        """A fresh copy of what the run made (a test may change its copy)."""
        return copy.deepcopy(self.kept)

    @property
    def products(self):
        """A fresh ``{product: Path}``."""
        return {name: Path(path) for name, path in self.kept["products"].items()}

    @property
    def answer(self):
        """The printed ``--json`` answer, parsed (a fresh dict; the ``"sv"`` run only)."""
        return json.loads(self.printed)


_RUNS = {}
_FACTORY = []  # pytest's tmp_path_factory, set by conftest's session fixtures


def set_factory(tmp_path_factory):
    """Make the runs' folders under pytest's base temp (called by ``conftest.py``)."""
    _FACTORY[:] = [tmp_path_factory]


def _folder(lang):
    if _FACTORY:
        return _FACTORY[0].mktemp(f"demo-session-{lang}")
    return Path(tempfile.mkdtemp(prefix=f"demo-session-{lang}-"))  # a caller outside pytest


def demo_run(lang="sv"):
    """The demo's products in ``lang``, made once per process through the CLI.

    Parameters
    ----------
    lang : {"sv", "en"}
        ``"sv"`` runs ``run DEMO_PROJECT -o OUT --json``; ``"en"`` runs ``--lang en demo -o OUT``.

    Returns
    -------
    DemoRun
        The folder, the command line, the printed text and what the run made; the files are read-only.
    """
    if lang not in _RUNS:
        import maps.cli.commands.run as run_command
        from maps.cli.main import main

        if lang not in COMMANDS:
            raise ValueError(f"demo_run: lang must be one of {sorted(COMMANDS)}, not {lang!r}")
        out = _folder(lang) / "demo"
        argv = tuple(a.format(project=run_command.DEMO_PROJECT, out=out) for a in COMMANDS[lang])
        made = []
        real = run_command._make_products

        def keep(*args, **kwargs):  # the CLI prints the products; the tests also need run_project's answer
            made.append(real(*args, **kwargs))
            return made[-1]

        printed = io.StringIO()
        with mock.patch.object(run_command, "_make_products", keep), contextlib.redirect_stdout(printed):
            assert main(list(argv)) == 0
        assert len(made) == 1
        for path in out.rglob("*"):
            if path.is_file():
                path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        _RUNS[lang] = DemoRun(out, argv, printed.getvalue(), made[0])
    return _RUNS[lang]
