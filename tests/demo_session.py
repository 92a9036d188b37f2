"""The bundled Kalix demo run once per test session, shared read-only by every xdist worker (not a test module).

A whole demo run takes 8–15 s, and many modules only read its products. :func:`demo_run` runs it through the
CLI once per language and session, into a folder of pytest's ``tmp_path_factory`` (see the ``demo_sv`` and
``demo_en`` fixtures in ``conftest.py``; ``product_scan.demo_products`` hands out the same runs), and keeps
the folder, what the command printed and what it made. Under xdist the first worker that asks makes the run
in the folder the workers share (pytest-xdist's documented pattern: a file lock and a JSON record beside the
products) and the others read the record, so the demo runs once per language, not once per worker. The files
are made read-only, so a test that writes into the shared folder fails at once instead of changing what later
tests read: copy it to ``tmp_path`` first.

* ``"sv"``: ``run DEMO_PROJECT -o OUT --json`` (the positional project form the README shows);
* ``"en"``: ``--lang en demo -o OUT`` (the printed summary and product list, in English).
"""

import contextlib
import copy
import io
import json
import os
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


def _shared_root():
    """The folder this session's xdist workers share (their base temps' parent), or None outside xdist."""
    if _FACTORY and os.environ.get("PYTEST_XDIST_WORKER"):
        return _FACTORY[0].getbasetemp().parent
    return None


def demo_run(lang="sv"):
    """The demo's products in ``lang``, made once per session through the CLI.

    Parameters
    ----------
    lang : {"sv", "en"}
        ``"sv"`` runs ``run DEMO_PROJECT -o OUT --json``; ``"en"`` runs ``--lang en demo -o OUT``.

    Returns
    -------
    DemoRun
        The folder, the command line, the printed text and what the run made; the files are read-only.
    """
    if lang not in COMMANDS:
        raise ValueError(f"demo_run: lang must be one of {sorted(COMMANDS)}, not {lang!r}")
    if lang not in _RUNS:
        root = _shared_root()
        if root is None:
            _RUNS[lang] = _make(lang, _folder(lang) / "demo")
        else:
            from filelock import FileLock

            record = root / f"demo-session-{lang}.json"
            with FileLock(f"{record}.lock"):
                if not record.is_file():
                    made = _make(lang, root / f"demo-session-{lang}" / "demo")
                    text = json.dumps({"out": str(made.out), "argv": list(made.argv), "printed": made.printed,
                                       "kept": made.kept}, ensure_ascii=False)
                    record.with_suffix(".tmp").write_text(text, encoding="utf-8")
                    record.with_suffix(".tmp").replace(record)
                kept = json.loads(record.read_text(encoding="utf-8"))
            _RUNS[lang] = DemoRun(Path(kept["out"]), tuple(kept["argv"]), kept["printed"], kept["kept"])
    return _RUNS[lang]


def _make(lang, out):
    """Run the CLI into ``out`` and make its files read-only."""
    import maps.cli.commands.run as run_command
    from maps.cli.main import main

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
    # What it made as the JSON record holds it, so every worker sees the same types (paths as text).
    kept = json.loads(json.dumps(made[0], ensure_ascii=False))
    return DemoRun(out, argv, printed.getvalue(), kept)
