"""The errors a user can fix, in one place: each message names the file or value and the fix.

Every one derives from :class:`DfkitError`, so the command line turns any of them into one line
and exit status 2 (``--debug`` shows the traceback), and a program can catch them all at once.
Each also keeps the built-in base it always had (``ValueError``, ``MemoryError``, ...), so code
that caught those still works.
"""

from __future__ import annotations

import pickle

__all__ = ["DfkitError", "ProfileError", "DatasetError", "DoesNotFit", "BackboneUnavailable",
           "UnsafeCheckpointError", "PredictError", "RunError", "UsageError"]


class DfkitError(Exception):
    """Base of every error the user can fix; its message says what is wrong and how to fix it."""


class ProfileError(DfkitError, ValueError):
    """An unknown profile name; the message lists the known ones."""


class DatasetError(DfkitError, ValueError):
    """The dataset folder cannot be used as it is; the message says which file and how to fix it."""


class DoesNotFit(DfkitError, MemoryError):
    """Holding these inputs in memory would crowd out everything else: stream them instead."""


class BackboneUnavailable(DfkitError, RuntimeError):
    """Pretrained weights cannot be had here (not installed, or a download that failed)."""


class UnsafeCheckpointError(DfkitError, pickle.UnpicklingError):
    """The checkpoint is not a plain state_dict this reader can take safely; it is refused unread."""


class PredictError(DfkitError, ValueError):
    """The run or an image cannot be used; the message says which and how to fix it."""


class RunError(DfkitError, ValueError):
    """A saved run folder cannot be used (missing, incomplete, or its config lacks a field)."""


class UsageError(DfkitError, ValueError):
    """Command-line options that cannot go together (e.g. ``--model lite0 --inputs stack``)."""
