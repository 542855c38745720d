"""The files an instructor uploads: the long CSV, the gradebook CSV, one feedback file each.

* ``grades.csv`` (long): one row per student and exercise, with the LMS's id of the student
  (named as in ``gradebook.csv``), kind, status, points earned and possible, the checker's
  message, and ``flag`` (answers that look copied, :mod:`~.copies`; the feedback omits it).
* ``gradebook.csv``: one row per student, the LMS's id of the student (``ID``: Canvas' user
  id, by which its gradebook import matches rows; ``Identifier``: Moodle's ``Participant N``,
  by which its grading worksheet upload matches them), one column per chapter (points; empty
  when the student handed in no notebook of that chapter), ``total``; the first row,
  ``Points Possible``, is what Canvas' gradebook import expects (instructors.md says which
  columns each LMS's import wants).
* ``feedback/<student>.md``: what was right, what was wrong and why, per chapter.

In the CSVs a text cell that starts with ``= + - @``, a tab or a carriage return gets a
leading ``'``, and so does such a start after a ``;`` or a tab inside it (:func:`inert`): a
student's file name must not become a spreadsheet formula, also where a spreadsheet's locale
splits cells at ``;``.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd

COLUMNS = ["student", "ID", "notebook", "profile", "chapter", "exercise", "kind", "status",
           "points", "possible", "message", "flag"]
POSSIBLE_ROW = "Points Possible"
MOODLE_ID = "Identifier"  # the column Moodle's "Upload grading worksheet" matches rows by
DID_NOT_RUN = "did not run"
IDENTICAL = "identical:"
NOT_CLEARED = "its job's files could not all be removed"  # run.notebook_flags
COPIES_UNREAD = "its code could not all be checked for copies"  # copies.flags
# flags of a whole notebook (on each of its rows), not of one answer
NOTEBOOK_FLAGS = (DID_NOT_RUN, "the notebook wrote", IDENTICAL, NOT_CLEARED, COPIES_UNREAD)
NOT_COUNTED = ("context from",)  # a row's note (run.NO_HANDOUT), not a flagged answer
REVIEW_COLUMNS = ["student", "notebook", "chapter", "exercise", "why"]


def notebook_flag(text: str) -> bool:
    """Whether a flag is about a whole notebook (:data:`NOTEBOOK_FLAGS`)."""
    return text.startswith(NOTEBOOK_FLAGS)


def _flags(cell) -> list[str]:
    return [t for t in (cell if isinstance(cell, str) else "").split("; ") if t]


def student_flags(long: pd.DataFrame) -> dict[str, str]:
    """{student: the gradebook's ``flag``}: each notebook-level flag once, with its chapter
    (``ch02: did not run to the end: ...``), then how many answers ``grades.csv`` flags."""
    found: dict[str, list[str]] = {}
    answers: dict[str, int] = {}
    if "flag" not in long:
        return {}
    for r in long.itertuples():
        for text in _flags(r.flag):
            if notebook_flag(text):
                chapter = (f"ch{r.chapter}" if re.fullmatch(r"\d\d", str(r.chapter))
                           else str(r.chapter) or str(r.notebook))
                item = f"{chapter}: {text}"
                if item not in found.setdefault(r.student, []):
                    found[r.student].append(item)
            elif not text.startswith(NOT_COUNTED):
                answers[r.student] = answers.get(r.student, 0) + 1
    for student, n in answers.items():
        found.setdefault(student, []).append(f"{n} flagged answer(s): see grades.csv")
    return {student: "; ".join(texts) for student, texts in found.items()}


def review(long: pd.DataFrame, notes: dict[str, dict[str, str]] | None = None,
           extra: list[tuple[str, str]] | None = None) -> pd.DataFrame:
    """Everything to look at before uploading, one row each: a notebook that did not run (to
    its end), identical notebooks, lines the notebook wrote to the answers file, each flagged
    answer (copies, key reads), a notebook not graded (``notes``) and ``extra`` ``(path, why)``
    (files the grader rejected)."""
    rows, seen = [], set()
    if "flag" in long:
        for r in long.itertuples():
            for text in _flags(r.flag):
                if text.startswith(NOT_COUNTED):  # said once on stderr for the whole run
                    continue
                whole = notebook_flag(text)
                row = (r.student, r.notebook, r.chapter, "" if whole else r.exercise, text)
                if row not in seen:
                    seen.add(row)
                    rows.append(row)
    for student, skipped in sorted((notes or {}).items()):
        rows += [(student, notebook, "", "", why) for notebook, why in sorted(skipped.items())]
    rows += [("", str(path), "", "", f"rejected: {why}") for path, why in extra or []]
    return pd.DataFrame(rows, columns=REVIEW_COLUMNS)


def _ids(long: pd.DataFrame) -> pd.Series:
    """The ``ID`` column as strings ("" where none; all "" when the table has no such column)."""
    if "ID" not in long:
        return pd.Series([""] * len(long), index=long.index, dtype=object)
    return pd.Series(["" if pd.isna(i) else str(i) for i in long["ID"]], index=long.index,
                     dtype=object)


def id_column(long: pd.DataFrame) -> str:
    """The id column's name as the class's LMS imports it: ``ID`` (Canvas' gradebook CSV),
    ``Identifier`` when every id is a Moodle participant's (its grading worksheet)."""
    ids = [i for i in _ids(long) if i]
    return MOODLE_ID if ids and all(str(i).startswith("Participant ") for i in ids) else "ID"


def gradebook(long: pd.DataFrame) -> pd.DataFrame:
    """One row per student, one column per chapter, and the total; ``Points Possible`` first."""
    if long.empty:
        return pd.DataFrame(columns=["student", "total"])
    # never sum one exercise twice (the grader keeps one notebook per student and chapter)
    long = long.drop_duplicates(["student", "chapter", "exercise"], keep="last")
    students = sorted(long["student"].unique())
    # a notebook whose chapter is unknown makes no column (its row's message says how to fix
    # it); its student keeps a row
    every, long = long, long[long["chapter"].fillna("").astype(str) != ""]
    chapters = sorted(long["chapter"].unique())
    # a chapter a student did not hand in stays empty (not 0): the LMS shows it as missing
    earned = long.pivot_table(index="student", columns="chapter", values="points",
                              aggfunc="sum").reindex(index=students, columns=chapters)
    possible = (long.drop_duplicates(["chapter", "exercise"])
                .groupby("chapter")["possible"].sum().reindex(chapters, fill_value=0))
    table = earned.copy()
    table.columns = [f"ch{c}" if re.fullmatch(r"\d\d", str(c)) else str(c) for c in chapters]
    table["total"] = table.sum(axis=1, min_count=1).fillna(0)
    top = pd.DataFrame([[possible[c] for c in chapters] + [possible.sum()]],
                       index=[POSSIBLE_ROW], columns=table.columns)
    out = pd.concat([top, table])
    # what to look at before uploading (delete the column before an LMS import)
    flags = student_flags(every)
    out["flag"] = [flags.get(s, "") for s in out.index]
    if "ID" in every:  # the LMS matches rows by it (Canvas' user id, Moodle's participant)
        ids = every.assign(ID=_ids(every)).groupby("student")["ID"].max()
        out.insert(0, id_column(every), ids.reindex(out.index).fillna(""))
    out.index.name = "student"
    return out.reset_index()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as a formula
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # the tab too: some spreadsheets split at it
# what :func:`visible` escapes: control characters, and (each looked up) every non-ASCII one
# of an invisible category: format (Cf), line and paragraph separators, spaces but " "
_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f]|[^\x00-\x7f]")
# invisible or undefined: format characters, separators, spaces, private-use, unassigned and
# surrogate code points
_INVISIBLE = ("Cf", "Zl", "Zp", "Zs", "Co", "Cn", "Cs")
# Unicode's default-ignorable characters outside those categories (a grapheme joiner, Hangul
# fillers, variation selectors, Mongolian and Khmer invisibles) and the braille blank: a
# folder "alic\u034fe" showed as a second "alice" (hostile review 20b, G3)
_BLANK = frozenset([0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0,
                    *range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])
# a formula start at the beginning, after spaces or control characters (a leading tab or CR
# is one itself)
_FORMULA_START = re.compile(r"[ \x00-\x1f\x7f-\x9f]*[=+\-@\t\r]")
# where a spreadsheet's locale separates cells by ";" (or it splits at tabs or line breaks),
# "x;=SUM(1)" is two cells, the second a formula, quoted or not (a quote opens a field only at
# its start)
_FORMULA_INSIDE = re.compile(r"([;\x00-\x1f\x7f-\x9f][\s\"]*)(?=[=+\-@])")


def _escape(char: str) -> str:
    """One character as :func:`visible` writes it."""
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0xA0:
        return f"\\x{code:02x}"
    if unicodedata.category(char) in _INVISIBLE or code in _BLANK:
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return char


def visible(text) -> str:
    """``text`` with every control character written as a visible escape (``\\n``, ``\\t``,
    ``\\r``, ``\\x1b``), and so every invisible one (Unicode's format characters: zero-width
    ``\\u200b``, the bidi override ``\\u202e``; line and paragraph separators, spaces other
    than the plain one) and the spaces that begin or end it (``\\x20``): a student's name or
    file name as the instructor's terminal and the CSVs show it. An escape sequence never
    reaches the terminal, ``alice\\nsmith`` stays apart from ``alice smith``, and
    ``alice\\u200b`` or ``alice `` never shows as ``alice``."""
    text = _HIDDEN.sub(lambda m: _escape(m[0]), str(text))
    core = text.strip(" ")
    if core == text:
        return text
    start = len(text) - len(text.lstrip(" "))
    return "\\x20" * start + core + "\\x20" * (len(text) - start - len(core))


def inert(text):
    """A text cell a spreadsheet shows as text: ``'`` before a leading ``= + - @``, tab or CR
    (OWASP's advice on CSV injection; a file named ``=HYPERLINK(...).ipynb`` names a student),
    and before such a start after a ``;``, tab or line break (``x;=SUM(1)``); every control
    character, the tab included, is written as a visible escape (:func:`visible`: a cell is one
    line, and two names stay apart). Numbers, and anything that is not text, stay as they are."""
    if not isinstance(text, str):
        return text
    quote = bool(_FORMULA_START.match(text))
    text = visible(_FORMULA_INSIDE.sub(r"\1'", text))
    return "'" + text if quote else text


def inert_table(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell and header :func:`inert`, as the CSVs are written."""
    out = table.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(inert)
    out.columns = [inert(c) for c in out.columns]
    return out


def said(kind: str, status: str, earned: float, possible: float, message: str,
         marks: dict[str, str]) -> str:
    """One exercise's verdict and message, as the student reads it: a prediction that earned
    its point says so before what happened (never "not yet right"), a bare "correct" is not
    repeated after "right"."""
    message = " ".join(message.split())
    if message == "correct":
        message = ""
    if status == "correct" and (said_right := re.match(r"(right|correct)[.!]\s*", message, re.I)):
        message = message[said_right.end():]  # never "right. right. ..."
    if kind == "predict" and status == "incorrect" and possible > 0 and earned >= possible:
        mark = f"prediction recorded, {earned:g}/{possible:g} (any committed prediction earns it)"
        message = message[:1].upper() + message[1:]
    else:
        mark = marks.get(status, status)
    return f"{mark}." + (f" {message}" if message else "")


def feedback(student: str, rows: pd.DataFrame, stopped: dict[str, str],
             notes: dict[str, str] | None = None) -> str:
    """The Markdown a student reads: per chapter, each exercise's result and the reason."""
    lines = [f"# Feedback for {visible(student)}", ""]
    total, possible = rows["points"].sum(), rows["possible"].sum()
    lines += [f"Points: **{total:g} of {possible:g}**.", ""]
    for notebook, why in sorted((notes or {}).items()):
        lines += [f"> **{visible(notebook)}:** {why}.", ""]
    for notebook, why in sorted(stopped.items()):
        lines += [f"> **{visible(notebook)} did not run to the end:** {why}. Exercises after that point "
                  "could not be graded.", ""]
    marks = {"correct": "right", "incorrect": "not yet right", "not attempted": "not attempted",
             "to review": "recorded for your instructor", "error": "could not be graded"}
    for chapter, part in rows.groupby("chapter", sort=True):
        lines += [f"## Chapter {chapter or 'unknown'}: {part['points'].sum():g} of "
                  f"{part['possible'].sum():g} points", ""]
        for r in part.itertuples():
            lines.append(f"- **{r.exercise}** ({r.kind}, {r.points:g}/{r.possible:g}): "
                         + said(r.kind, r.status, r.points, r.possible, str(r.message), marks))
        lines.append("")
    return "\n".join(lines)


SAFE_NAME_BYTES = 100  # a feedback file's name, before "-2.md": far under any file system's 255


_DIGESTED = re.compile(r"-[0-9a-f]{12}$", re.IGNORECASE)  # file names compare in any case


def safe_name(student: str, digest: bool = False) -> str:
    """A file name for ``student`` (letters, digits, ``-_.`` kept). A name that had to change
    (a space, a long name cut to :data:`SAFE_NAME_BYTES` bytes: a 254-byte folder name made
    "File name too long" and lost every student's feedback), one that already ends like a
    digest (``-`` and 12 hex digits), or any name when ``digest``, ends in a digest of the
    whole name: no other student's name, however short, makes that file name."""
    name = re.sub(r"[^\w.-]+", "_", student).strip("._") or "student"
    size = len(name.encode("utf-8", "surrogateescape"))
    if name == student and size <= SAFE_NAME_BYTES and not digest and \
            not _DIGESTED.search(name):
        return name
    mark = hashlib.sha256(student.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    cut = name.encode("utf-8", "surrogateescape")[:SAFE_NAME_BYTES - 13]
    return f"{cut.decode('utf-8', 'ignore')}-{mark}"


NAME_CHANGED = "name changed for the CSV"


def csv_names(students) -> dict[str, str]:
    """{student: the name the CSVs give it}: a name that :func:`inert` would write as another's
    (``alice\\nsmith`` with a line break, and one with a backslash and an ``n``) gets `` (2)``,
    `` (3)``... Names without control characters are served first and keep theirs."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for student in sorted(set(students), key=lambda s: (visible(s) != s, s)):
        name, k = student, 1
        while inert(name) in taken:
            k += 1
            name = f"{student} ({k})"
        taken.add(inert(name))
        names[student] = name
    return names


def name_changed(student: str, name: str) -> str:
    """The flag of a student whose name the CSVs changed (:func:`csv_names`): check who it is."""
    why = []
    if visible(student) != student:
        why.append("its folder or file name holds control or invisible characters, or "
                   "begins or ends with a space (written here as \\n, \\x1b, \\u200b, "
                   "\\x20...)")
    if name != student:
        why.append(f"it would read as another student's ({name[len(student):].strip()} added)")
    return f"{NAME_CHANGED}: {' and '.join(why)}; check who it is before uploading"


def already_written(out: Path) -> list[Path]:
    """The outputs of an earlier run in folder ``out``: a second run there would overwrite them."""
    names = ("grades.csv", "gradebook.csv", "review.csv", "feedback")
    return [out / n for n in names if (out / n).exists() or (out / n).is_symlink()]


def write(long: pd.DataFrame, stopped: dict[str, dict[str, str]], out: Path,
          notes: dict[str, dict[str, str]] | None = None,
          rejected: list[tuple[str, str]] | None = None) -> list[Path]:
    """Write the outputs into folder ``out``; the paths written (grades.csv, gradebook.csv,
    then the feedback files; review.csv, :func:`review`, beside them). A student whose name
    makes a file name already taken (``Bob`` and ``bob``) gets the digest form of
    :func:`safe_name`; ``feedback/index.csv`` lists each student's file."""
    out.mkdir(parents=True, exist_ok=True)
    # a name with control characters is written with visible escapes, apart from every other
    # name (where there is no id column, the name is the row's only key), and flagged
    names = csv_names([*(long["student"] if "student" in long else []), *(notes or {})])
    changed = {name: name_changed(student, name) for student, name in names.items()
               if name != visible(student)}
    table = long.assign(student=long["student"].map(names)) if len(long) else long
    book = gradebook(table)
    if "flag" in book:
        book["flag"] = ["; ".join(t for t in (changed.get(s, ""), f) if t)
                        for s, f in zip(book["student"], book["flag"])]
    checks = review(table, {names[s]: v for s, v in (notes or {}).items()}, rejected)
    checks = pd.concat([pd.DataFrame([(name, "", "", "", why) for name, why in changed.items()],
                                     columns=REVIEW_COLUMNS), checks], ignore_index=True)
    # names from file names and messages may hold lone surrogates: escaped, never a crash that
    # loses the whole class's grades
    # every text cell a student's file name or code can set (student, notebook, message, flag,
    # id) is made inert for spreadsheets
    inert_table(table.rename(columns={"ID": id_column(table)})).to_csv(
        out / "grades.csv", index=False, errors="backslashreplace")
    inert_table(book).to_csv(out / "gradebook.csv", index=False, errors="backslashreplace")
    inert_table(checks).to_csv(out / "review.csv", index=False, errors="backslashreplace")
    folder = out / "feedback"
    folder.mkdir(exist_ok=True)
    written = [out / "grades.csv", out / "gradebook.csv"]
    used: set[str] = set()
    index = []
    for student, rows in long.groupby("student", sort=True):
        name, k = safe_name(student), 1
        if name.lower() in used:  # a name no other student can claim (hostile review 19 F4)
            name = safe_name(student, digest=True)
        while name.lower() in used:  # the same digest: never in practice
            k += 1
            name = f"{safe_name(student, digest=True)}-{k}"
        used.add(name.lower())
        path = folder / f"{name}.md"
        try:
            path.write_text(feedback(student, rows, stopped.get(student, {}),
                                     (notes or {}).get(student)), encoding="utf-8",
                            errors="backslashreplace")
        except OSError as exc:  # one student's file, never the class's feedback
            # ascii(): a name's control characters escaped, never sent to the terminal
            print(f"feedback for {ascii(student)[:120]} could not be written: "
                  f"{ascii(exc.strerror or str(exc))}", file=sys.stderr)
            continue
        written.append(path)
        index.append((names.get(student, student), path.name))
    # which file is whose, by the CSVs' names: mail each file to the student this row names
    inert_table(pd.DataFrame(index, columns=["student", "file"])).to_csv(
        folder / "index.csv", index=False, errors="backslashreplace")
    return written
