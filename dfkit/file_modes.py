"""The modes a new file or folder gets under this process's umask, read without changing it."""

from __future__ import annotations

import os
from pathlib import Path


def current_umask() -> int:
    """This process's umask, read from /proc (``os.umask`` can only read it by setting it, a
    moment in which another thread might create a file with the wrong mode)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines()
                        if line.startswith("Umask:")), 8)
    except (OSError, StopIteration, ValueError, IndexError):  # no /proc (macOS, Windows)
        mask = os.umask(0o077)
        os.umask(mask)
        return mask


def new_folder_mode() -> int:
    """The mode ``mkdir`` gives a new folder here."""
    return 0o777 & ~current_umask()


def new_file_mode() -> int:
    """The mode ``open(..., "w")`` gives a new file here."""
    return 0o666 & ~current_umask()
