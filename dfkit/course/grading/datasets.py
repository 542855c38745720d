"""The data the graded notebooks read, prepared by the grader before any job starts.

A job's kernel reads the data cache but cannot write it (its uid owns nothing there), so a
notebook whose profile's data is missing would crash for every student. The grader prepares
each profile it will run first, as its own user and as a chapter's ``course.prepare()`` does
(the synthetic faces generated and scanned, or the ``$DFKIT_DATA`` folder scanned), and, when
jobs run as uids of their own, checks that those uids can read it.
"""

from __future__ import annotations

from collections.abc import Iterable

from dfkit import config
from dfkit.course.grading import access
from dfkit.exceptions import DfkitError


class DataNotReady(DfkitError, RuntimeError):
    """A profile's data could not be prepared or would not be readable by the jobs."""


def prepare(profiles: Iterable[str], shared: bool) -> None:
    """Prepare every profile's dataset; with ``shared``, also make sure other users can read it
    (the jobs' uids). Raises :class:`DataNotReady` naming the profile, the folder and the fix."""
    from dfkit.course import chapter

    for name in sorted(set(profiles)):
        source = config.data_source()
        where = (f"the synthetic faces in {config.cache_dir()}" if source == config.SYNTHETIC
                 else f"{config.DATA_ENV}={source}")
        try:
            root = chapter.prepare(name, verbose=False).root
        except Exception as exc:  # noqa: BLE001 - whatever stops the data stops every notebook
            raise DataNotReady(
                f"the '{name}' profile's data ({where}) could not be prepared: "
                f"{type(exc).__name__}: {exc}. Fix {config.DATA_ENV} (unset it for the "
                f"synthetic faces) or {config.CACHE_ENV}, then grade again; nothing was "
                "graded.") from exc
        blocked = access.unreachable(root) if shared else None
        if blocked:
            raise DataNotReady(
                f"the '{name}' profile's data ({root}) cannot be read by the grading jobs' "
                f"uids: {blocked}. Let every user read it (`chmod -R a+rX {root}`, and "
                "`chmod o+x` the folders above it), then grade again; nothing was graded.")
