"""Student copies of the chapters, for instructors: outputs stripped, no solution text anywhere.

``python -m dfkit.course.student OUT`` (``make student-copies``) writes every chapter notebook of
``chapters/`` to ``OUT`` and nothing else: the worked solutions (``solutions/``) and the
instructors' table of contents never go into a copy, cells tagged ``solution`` or ``instructor``
are dropped, and ``qN.solution()`` only says where solutions are. The copies are then checked:
no line of a worked solution that its chapter does not hold may appear in them.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

INSTRUCTOR_TAGS = {"solution", "instructor", "remove-student"}


def student_copy(notebook: Path, out: Path) -> Path:
    """Write a clean copy of the chapter ``notebook`` into the folder ``out`` and return its path."""
    nb = nbformat.read(notebook, as_version=4)
    nb.cells = [c for c in nb.cells if not INSTRUCTOR_TAGS & set(c.metadata.get("tags", []))]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    out.mkdir(parents=True, exist_ok=True)
    target = out / notebook.name
    nbformat.write(nb, target)
    return target


def solution_lines(solution: Path, chapter: Path, min_chars: int = 12) -> list[str]:
    """Code lines of a worked solution that its chapter does not hold: the solution itself.

    Comments, short lines (``)``, ``else:``) and the ``strict(True)`` set-up are left out."""
    in_chapter = {line.strip() for line in chapter.read_text(encoding="utf-8").splitlines()}
    lines = []
    for line in solution.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if len(text) >= min_chars and text not in in_chapter and not text.startswith("#") \
                and not re.search(r"\bstrict\b", text):
            lines.append(text)
    return lines


def leaks(copies: Path, solutions: Path, chapters: Path) -> list[str]:
    """'copy: line' for every line of a worked solution found in its chapter's student copy."""
    found = []
    for solution in sorted(solutions.glob("[0-9][0-9]_*.py")):
        chapter, copy = chapters / solution.name, copies / f"{solution.stem}.ipynb"
        if not chapter.exists() or not copy.exists():
            continue
        cells = nbformat.read(copy, as_version=4).cells
        copy_lines = {line.strip() for c in cells for line in c.source.splitlines()}
        found += [f"{copy.name}: {line}" for line in solution_lines(solution, chapter) if line in copy_lines]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dfkit.course.student", description=__doc__)
    parser.add_argument("out", type=Path, help="folder for the student copies (e.g. handout)")
    parser.add_argument("--chapters", type=Path, default=Path("chapters"), help="where the chapter notebooks are")
    parser.add_argument("--solutions", type=Path, default=Path("solutions"),
                        help="where the worked solutions are (only read, to check the copies)")
    args = parser.parse_args(argv)
    notebooks = sorted(args.chapters.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        parser.error(f"no chapter notebooks (NN_topic.ipynb) in {args.chapters}")
    for nb in notebooks:
        print("wrote", student_copy(nb, args.out))
    found = leaks(args.out, args.solutions, args.chapters)
    if found:
        print("Solution text found in the student copies (remove it from the chapters):\n  "
              + "\n  ".join(found), file=sys.stderr)
        return 1
    print(f"checked: no line of {args.solutions}/*.py that its chapter lacks is in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
