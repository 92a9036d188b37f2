"""The one error type every user-facing failure is raised as.

The CLI turns an :class:`InputError` into one clear sentence and exit code 1,
never a traceback; the Python API lets it propagate.
"""

__all__ = ["InputError"]


class InputError(ValueError):
    """Unusable input: the message names the file (and row/column where known) and what to do."""
