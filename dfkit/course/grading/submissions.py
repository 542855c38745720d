"""Which notebooks a class folder holds and whose they are.

Student identifiers come from the usual bulk-download names:

* Canvas: ``smithjohn_12345_67890_03_cnn_backbone.ipynb`` (``smithjohn_LATE_12345_...``
  when late): the login name before the numeric user and submission ids; two students of one
  login (different user ids) become ``smithjohn (12345)`` and ``smithjohn (23456)``.
* Moodle: ``John Smith_12345_assignsubmission_file_/03_cnn_backbone.ipynb`` (or the file
  named so): the full name and the participant id, ``John Smith (12345)`` (two students of
  the same name stay apart).
* GitHub Classroom: one repository per student, ``cnn-backbone-octocat/...``: the folder
  name less the assignment prefix every folder shares.
* otherwise the file's stem (``alice.ipynb``) or the student's folder (``bob/03_x.ipynb``);
  ``--id-pattern REGEX`` (a group named ``id``, or the first group) for any other scheme.

Each submission keeps the LMS's own id of its student (:func:`lms_id`), which the gradebook
carries for the LMS's import. Symbolic links, and paths that resolve outside the student's own
folder, are rejected (a link in a GitHub Classroom repository would grade a classmate's work);
:func:`identical` names notebooks handed in, byte for byte the same code, by different students.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from dfkit.exceptions import DfkitError

CANVAS = re.compile(r"^(?P<id>[a-z0-9]+?)(?:_LATE)?_\d+_\d+_.+", re.IGNORECASE)
MOODLE = re.compile(r"^(?P<id>.+?)_(?P<pid>\d+)_assignsubmission_\w*?(?:_|$)")
# A submitted notebook is parsed in the grader's own process, which has no memory cap:
# nbformat keeps ~175 MB per MiB of tiny JSON objects (`[{}, {}, ...]` in a cell's metadata,
# hostile review 20). The largest executed handout (ch07) is 0.63 MiB, with 464 JSON objects
# and arrays, 3,639 items and nesting 8 deep (outside strings; the solutions are smaller): a
# notebook past any of these caps is not parsed (:func:`read_notebook`), and its student's
# row says so.
NOTEBOOK_MAX_BYTES = 8 << 20
NOTEBOOK_MAX_CONTAINERS = 20_000
NOTEBOOK_MAX_ITEMS = 1_000_000  # Jupyter stores each printed line as one: 101,000 is honest
NOTEBOOK_MAX_DEPTH = 64
TOO_LARGE = "too large for the grader to read"
# what the structure counts skip: an escape (``\"`` never ends a string) and a whole string,
# its escapes with it; possessive where ``re`` has it (Python 3.11+), so that a long string
# keeps nothing to backtrack into (the matches are the same without it: its alternatives
# never overlap)
_POSSESSIVE = b"+" if sys.version_info >= (3, 11) else b""
_STRING = rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"'.replace(b"*+", b"*" + _POSSESSIVE)
_SKIP = re.compile(rb'\\.|' + _STRING, re.DOTALL)
# up to _CHUNK_TOKENS of them, or of runs of other bytes: a piece of the notebook that starts
# and ends outside any string; or one byte (a quote never closed, a final backslash)
_CHUNK_TOKENS = 16_384
_CHUNK = re.compile(rb'(?:[^"\\]+' + _POSSESSIVE + rb'|\\.|' + _STRING + rb'){1,%d}'
                    % _CHUNK_TOKENS + _POSSESSIVE + rb'|.', re.DOTALL)
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_DEPTH = [0] * 256  # what each bracket adds to the nesting
_DEPTH[ord("[")] = _DEPTH[ord("{")] = 1
_DEPTH[ord("]")] = _DEPTH[ord("}")] = -1


class SubmissionError(DfkitError):
    """Two different students would be graded under one name."""


class NotebookTooLarge(DfkitError, ValueError):
    """A notebook past the caps the grader parses (:func:`read_notebook`)."""


class NotebookOldFormat(DfkitError, ValueError):
    """A notebook not saved in format 4: nbformat would convert it, and converting an old
    format builds what its fields say (a heading of ``level`` 300,000,000 became a string of
    that many ``#`` in the grader's process, hostile review 20b, G1)."""


def too_large(raw: bytes) -> str | None:
    """Why a notebook's bytes are too large to parse in the grader's process (None when they
    are not): more than :data:`NOTEBOOK_MAX_BYTES`, or, outside its strings, more than
    :data:`NOTEBOOK_MAX_CONTAINERS` objects and arrays, :data:`NOTEBOOK_MAX_ITEMS` items or
    :data:`NOTEBOOK_MAX_DEPTH` levels of nesting. Linear in the bytes, and nothing is parsed."""
    if len(raw) > NOTEBOOK_MAX_BYTES:
        return f"{TOO_LARGE} (over {NOTEBOOK_MAX_BYTES >> 20} MiB)"
    containers, items, deepest = _structure(raw)
    if containers > NOTEBOOK_MAX_CONTAINERS:
        return (f"{TOO_LARGE} ({containers:,} JSON objects and arrays, over "
                f"{NOTEBOOK_MAX_CONTAINERS:,})")
    if items > NOTEBOOK_MAX_ITEMS:
        return f"{TOO_LARGE} ({items:,} JSON items, over {NOTEBOOK_MAX_ITEMS:,})"
    if deepest > NOTEBOOK_MAX_DEPTH:
        return f"{TOO_LARGE} (JSON nested {deepest} levels deep, over {NOTEBOOK_MAX_DEPTH})"
    return None


def _structure(raw: bytes) -> tuple[int, int, int]:
    """(objects and arrays, items, deepest nesting) of JSON bytes, outside their strings. Read a
    chunk at a time (:data:`_CHUNK`): removing the strings from the whole at once held a piece
    per string, ~60 bytes each (8 MiB of ``"",``: 0.5 GB, hostile review 20c, L1)."""
    containers = items = depth = deepest = 0
    for chunk in _CHUNK.finditer(raw):
        bare = _SKIP.sub(b"", chunk.group())
        opened = bare.count(b"{") + bare.count(b"[")
        containers, items = containers + opened, items + bare.count(b",")
        brackets = bare.translate(None, _NOT_BRACKETS)
        levels = accumulate(map(_DEPTH.__getitem__, brackets), initial=depth)
        deepest = max(deepest, max(levels))
        depth += 2 * opened - len(brackets)
    return containers, items, deepest


def read_notebook(path: Path):
    """The notebook at ``path`` (nbformat v4), parsed only when its bytes pass
    :func:`too_large`; raises :class:`NotebookTooLarge` (its message says why) when they do
    not, or nbformat's or the OS's error when it is no notebook."""

    path = Path(path)
    if path.stat().st_size > NOTEBOOK_MAX_BYTES:  # never read into memory
        raise NotebookTooLarge(f"{TOO_LARGE} (over {NOTEBOOK_MAX_BYTES >> 20} MiB)")
    raw = path.read_bytes()
    why = too_large(raw)
    if why:
        raise NotebookTooLarge(why)
    found = json.loads(raw.decode("utf-8"))  # bounded by the caps above; nothing converted
    version = found.get("nbformat") if isinstance(found, dict) else None
    if type(version) is not int or version != 4:
        raise NotebookOldFormat(
            f"{path.name} is saved in notebook format {version!r}, not 4: the grader does not "
            "convert old formats. Open it in Jupyter or Colab and save it again (that writes "
            "format 4), then grade it again.")
    # nbformat's reader without its schema validation, which is quadratic in a list such as
    # a cell's metadata.tags (4,000 tags: 21 s a read, hostile review 20c, H1): only the
    # fields the grader reads are checked (_check_cells); the job's own kernel reads its copy
    from nbformat.v4.nbjson import JSONReader

    _check_cells(path, found)
    return JSONReader().to_notebook(found)


_OUTPUTS = ("stream", "display_data", "execute_result", "error")


def _text(value) -> bool:
    return isinstance(value, str) or (isinstance(value, list)
                                      and all(isinstance(line, str) for line in value))


def _check_cells(path: Path, nb) -> None:
    """The structure the grader reads (in the file's JSON): a list of cells, each a dict with
    a known cell_type, its source a text or a list of texts, dict metadata, a code cell's
    outputs a list of dicts of a known output_type (one without failed when the job's copy
    was written, review 17b)."""
    cells = nb.get("cells")
    if not isinstance(cells, list) or not isinstance(nb.get("metadata", {}), dict):
        raise NotebookOldFormat(f"{path.name} has no list of cells: open it in Jupyter or "
                                "Colab and save it again, then grade it again.")
    for k, cell in enumerate(cells):
        ok = (isinstance(cell, dict) and cell.get("cell_type") in ("code", "markdown", "raw")
              and _text(cell.get("source", ""))
              and isinstance(cell.get("metadata", {}), dict)
              and (cell.get("cell_type") != "code"
                   or (isinstance(cell.get("outputs", []), list)
                       and all(isinstance(o, dict) and o.get("output_type") in _OUTPUTS
                               for o in cell.get("outputs", [])))))
        if not ok:
            raise NotebookOldFormat(f"{path.name}: cell {k} is not a notebook cell Jupyter "
                                    "writes: open it in Jupyter or Colab and save it again, "
                                    "then grade it again.")


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path
    lms_id: str = ""  # the LMS's own id of the student (see :func:`lms_id`), "" when none


def lms_id(name: str) -> str:
    """The id an LMS import matches rows by, from a download name: Canvas' user id
    (``smithjohn_12345_67890_...`` gives ``12345``, the gradebook's ``ID``), Moodle's
    participant id as its grading worksheet writes it (``Participant 12345``); else ""."""
    found = CANVAS.match(name) and re.match(r"^[a-z0-9]+?(?:_LATE)?_(\d+)_", name, re.IGNORECASE)
    if found:
        return found.group(1)
    found = MOODLE.match(name)
    return f"Participant {found.group('pid')}" if found else ""


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
            who = (groups.get("id") or (found.group(1) if found.groups() else name)).strip()
            return f"{who} ({groups['pid']})" if rule is MOODLE else who
    return Path(name).stem if name.endswith(".ipynb") else name


def _outside(path: Path, root: Path) -> str | None:
    """Why ``path`` may not be graded for the folder ``root`` (None when it may)."""
    if path.is_symlink() or any(p.is_symlink() for p in path.parents if root in p.parents):
        return "a symbolic link (not graded)"
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return "outside the student's folder (not graded)"
    try:  # a larger notebook is graded, as an error that says why (read_notebook)
        path.stat()
    except OSError as exc:
        return f"unreadable: {exc}"
    return None


def find(folder: Path, id_pattern: str | None = None,
         rejected: list[tuple[Path, str]] | None = None) -> list[Submission]:
    """Every submitted notebook under ``folder`` (checkpoints skipped), with its student;
    symbolic links and paths outside a student's folder go to ``rejected`` (path, why).
    Raises :class:`SubmissionError` when two download names map to one student."""
    pattern = re.compile(id_pattern) if id_pattern else None
    folder = Path(folder)
    rejected = [] if rejected is None else rejected
    entries = sorted(e for e in folder.iterdir() if not e.name.startswith("."))
    dirs = [e.name for e in entries if e.is_dir() and not e.is_symlink()]
    classroom = _strip_common_prefix(dirs) if not pattern else {d: d for d in dirs}
    namesakes = set() if pattern else _canvas_namesakes([e.name for e in entries])
    found, owner = [], {}
    for entry in entries:
        if entry.is_symlink():
            rejected.append((entry, "a symbolic link (not graded)"))
            continue
        if entry.is_file() and entry.suffix == ".ipynb":
            why = _outside(entry, folder)
            if why:
                rejected.append((entry, why))
                continue
            who = _keyed(student_id(entry.name, pattern), entry.name, namesakes)
            found.append(Submission(who, entry, lms_id(entry.name)))
            source = entry.name
        elif entry.is_dir():
            base = entry.name if pattern or CANVAS.match(entry.name) or MOODLE.match(entry.name) \
                else classroom[entry.name]
            who = _keyed(student_id(base, pattern), entry.name, namesakes)
            source = entry.name
            for nb in sorted(entry.rglob("*.ipynb")):
                if ".ipynb_checkpoints" in nb.parts:
                    continue
                why = _outside(nb, entry)
                if why:
                    rejected.append((nb, why))
                else:
                    found.append(Submission(who, nb, lms_id(entry.name)))
        else:
            continue
        # a file name carries the submission's own ids: the same student hands in several
        # files; a folder is one student: two folders of one name are two students
        key = _identity(source) if entry.is_file() else source
        first_key, first_source = owner.setdefault(who, (key, source))
        if first_key != key:
            raise SubmissionError(
                f"{first_source} and {source} both map to student {who!r}: rename one, or give "
                "--id-pattern")
    return found


def _canvas_login(name: str) -> tuple[str, str] | None:
    """(login, user id) of a Canvas download name, else None."""
    ids = CANVAS.match(name) and re.match(r"^([a-z0-9]+?)(?:_LATE)?_(\d+)_", name, re.IGNORECASE)
    return (ids.group(1), ids.group(2)) if ids else None


def _canvas_namesakes(names: list[str]) -> set[str]:
    """Canvas logins that two students share (different user ids): keyed with their id."""
    users: dict[str, set[str]] = {}
    for name in names:
        login = _canvas_login(name)
        if login:
            users.setdefault(login[0], set()).add(login[1])
    return {login for login, ids in users.items() if len(ids) > 1}


def _keyed(who: str, name: str, namesakes: set[str]) -> str:
    """``who``, with the Canvas user id when another student shares the login:
    ``smithjohn (111)``, as Moodle's ``John Smith (12345)``."""
    login = _canvas_login(name)
    return f"{who} ({login[1]})" if login and login[0] == who and who in namesakes else who


def _identity(name: str) -> str:
    """The part of a file name that names its student (Canvas: login and user id)."""
    found = CANVAS.match(name)
    if found:
        ids = re.match(r"^([a-z0-9]+?)(?:_LATE)?_(\d+)_", name, re.IGNORECASE)
        return f"{ids.group(1)}_{ids.group(2)}" if ids else name
    found = MOODLE.match(name)
    return f"{found.group('id')}_{found.group('pid')}" if found else name


def identical(found: list[Submission]) -> list[tuple[Submission, Submission]]:
    """Pairs of notebooks of different students whose code cells are the same (each notebook
    read by :func:`read_notebook`, one at a time, none kept)."""
    seen: dict[str, Submission] = {}
    pairs = []
    for sub in found:
        try:
            nb = read_notebook(sub.path)
            code = "\0".join(c.source for c in nb.cells if c.cell_type == "code")
            del nb
        except Exception:  # noqa: BLE001 - unreadable: graded (and reported) later
            continue
        digest = hashlib.sha256(code.encode("utf-8", errors="replace")).hexdigest()
        first = seen.setdefault(digest, sub)
        if first.student != sub.student:
            pairs.append((first, sub))
    return pairs
