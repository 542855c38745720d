"""What other users can reach: folders the grader keeps private, files the jobs must read.

A job's uid is in no group of the grader's user, so only the permission bits for *others*
count. A path is out of their reach when a folder on its way denies them execute (they cannot
pass it); a folder's content is theirs to read when they can reach the folder and it grants
them read or execute (list it, or open a name they guess).
"""

from __future__ import annotations

import stat
from pathlib import Path

PRIVATE_FOLDER_MODE = 0o700


def closed_folder(path: Path) -> Path | None:
    """The first folder above ``path`` (from ``/`` down) that other users cannot pass, or None."""
    path = Path(path).resolve()
    for folder in reversed(path.parents):
        if not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    return None


def readable_by_others(folder: Path) -> bool:
    """True when other users can list ``folder`` or read what it holds (nothing above it closes
    the way, and it grants others read or execute itself)."""
    folder = Path(folder).resolve()
    if closed_folder(folder) is not None:
        return False
    return bool(folder.stat().st_mode & (stat.S_IROTH | stat.S_IXOTH))


def unreachable(path: Path) -> str | None:
    """Why other users cannot read ``path`` (the folder that stops them, or its own mode), or
    None when they can."""
    path = Path(path).resolve()
    try:
        folder = closed_folder(path)
        if folder is not None:
            return f"{folder} is mode {stat.S_IMODE(folder.stat().st_mode):04o}: other users " \
                   "cannot enter it"
        mode = path.stat().st_mode
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    if not mode & stat.S_IROTH or (path.is_dir() and not mode & stat.S_IXOTH):
        return f"{path} is mode {stat.S_IMODE(mode):04o}: other users cannot read it"
    return None


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) when missing, the folder itself mode 0700."""
    folder = Path(folder)
    if not folder.exists():
        folder.mkdir(parents=True)
        folder.chmod(PRIVATE_FOLDER_MODE)


def exposure_message(folder: Path, what: str) -> str:
    """The line that names a folder other users can read, and the fix."""
    return (f"{folder} ({what}) can be read by other users, a graded notebook's uid included: "
            f"make it private with `chmod 700 {folder}` (or a folder above it)")
