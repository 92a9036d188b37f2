"""Atomic writes: a product is either the earlier complete file or the new complete file, never half of one.

``with atomic_write(path) as tmp:`` hands out a temporary path beside ``path`` (same folder, so the final
``os.replace`` is a rename on one file system, atomic on POSIX and Windows). The writer fills ``tmp`` by
any means (``open``, ``to_csv``, a GDAL driver); on a clean exit the file is flushed to disk (``fsync``)
and renamed over ``path``; on any exception, ``KeyboardInterrupt`` and ``SystemExit`` included, the
temporary file is removed and ``path`` is left as it was. To add a sheet or layer to an existing file, pass
``copy=True``: the temporary file starts as a copy of the target.
"""

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_write"]

_SIDECARS = ("-journal", "-wal", "-shm")


@contextmanager
def atomic_write(path, *, copy=False):
    """Yield a temporary path beside ``path``; rename it over ``path`` only when the block completes.

    Parameters
    ----------
    path : str or Path
        The target; its folder is created.
    copy : bool
        Start the temporary file as a copy of an existing target (to add a sheet or a layer to it).

    Yields
    ------
    Path
        The temporary file to write (same folder and suffix as ``path``, a hidden ``.~`` name).

    Examples
    --------
    >>> with atomic_write("karta.html") as tmp:  # doctest: +SKIP
    ...     tmp.write_text(page, encoding="utf-8")
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".~{target.stem}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        if copy and target.exists():
            shutil.copyfile(target, tmp)
        else:
            tmp.unlink()  # writers such as GDAL refuse or append to an existing empty file
        yield tmp
        _set_mode(tmp, target)
        with open(tmp, "rb+") as fh:  # rb+: fsync needs a descriptor open for writing on some systems
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except BaseException:  # Ctrl-C and kills via SystemExit too: never leave a partial file
        tmp.unlink(missing_ok=True)
        for sidecar in _SIDECARS:  # SQLite (GeoPackage) journals of an interrupted transaction
            tmp.with_name(tmp.name + sidecar).unlink(missing_ok=True)
        raise


def _set_mode(tmp, target):
    """The permissions the file would have had if written directly: the target's own when it exists,
    else the usual ``0o666`` less the umask (``mkstemp`` makes its file private, ``0o600``)."""
    if target.exists():
        mode = target.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def _sync_folder(folder):
    """Make the rename itself durable where the OS allows opening a folder (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
