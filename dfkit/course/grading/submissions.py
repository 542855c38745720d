"""Which notebooks a class folder holds and whose they are.

Student identifiers come from the usual bulk-download names:

* Canvas: ``smithjohn_12345_67890_03_cnn_backbone.ipynb`` (``smithjohn_LATE_12345_...``
  when late): the login name before the numeric user and submission ids.
* Moodle: ``John Smith_12345_assignsubmission_file_/03_cnn_backbone.ipynb`` (or the file
  named so): the full name before the participant id.
* GitHub Classroom: one repository per student, ``cnn-backbone-octocat/...``: the folder
  name less the assignment prefix every folder shares.
* otherwise the file's stem (``alice.ipynb``) or the student's folder (``bob/03_x.ipynb``);
  ``--id-pattern REGEX`` (a group named ``id``, or the first group) for any other scheme.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

CANVAS = re.compile(r"^(?P<id>[a-z0-9]+?)(?:_LATE)?_\d+_\d+_.+", re.IGNORECASE)
MOODLE = re.compile(r"^(?P<id>.+?)_\d+_assignsubmission_\w*?(?:_|$)")


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path


def _strip_common_prefix(names: list[str]) -> dict[str, str]:
    """GitHub Classroom's ``assignment-user`` folders: drop the shared ``assignment-``."""
    if len(names) < 2:
        return {n: n for n in names}
    prefix = os.path.commonprefix(names)
    prefix = prefix[: prefix.rfind("-") + 1] if "-" in prefix else ""
    return {n: (n[len(prefix):] or n) for n in names}


def student_id(name: str, pattern: re.Pattern | None = None) -> str:
    """The student in one file or folder name (see the module's docstring)."""
    for rule in ([pattern] if pattern else []) + [CANVAS, MOODLE]:
        found = rule.match(name)
        if found:
            groups = found.groupdict()
            return (groups.get("id") or (found.group(1) if found.groups() else name)).strip()
    return Path(name).stem if name.endswith(".ipynb") else name


def find(folder: Path, id_pattern: str | None = None) -> list[Submission]:
    """Every submitted notebook under ``folder`` (checkpoints skipped), with its student."""
    pattern = re.compile(id_pattern) if id_pattern else None
    folder = Path(folder)
    entries = sorted(e for e in folder.iterdir() if not e.name.startswith("."))
    dirs = [e.name for e in entries if e.is_dir()]
    classroom = _strip_common_prefix(dirs) if not pattern else {d: d for d in dirs}
    found = []
    for entry in entries:
        if entry.is_file() and entry.suffix == ".ipynb":
            found.append(Submission(student_id(entry.name, pattern), entry))
        elif entry.is_dir():
            base = entry.name if pattern or CANVAS.match(entry.name) or MOODLE.match(entry.name) \
                else classroom[entry.name]
            who = student_id(base, pattern)
            found += [Submission(who, nb) for nb in sorted(entry.rglob("*.ipynb"))
                      if ".ipynb_checkpoints" not in nb.parts]
    return found
