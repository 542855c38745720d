"""One autograding test of GitHub Classroom: did exercise ``CH.qN`` earn its points?

GitHub Classroom's command grader gives a step its ``max-score`` when the command exits 0.
After one grading run (``python -m dfkit.course.grade . --out grades``), one step per
exercise runs ``python -m dfkit.course.grading.classroom grades/grades.csv 03.q2``: exit 0
when the exercise earned all its points, 1 otherwise (printing the checker's message, which
the student sees in the Actions log), 2 when the file or the exercise is not there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or "." not in argv[1]:
        print("usage: python -m dfkit.course.grading.classroom GRADES.csv CHAPTER.qN",
              file=sys.stderr)
        return 2
    path, (chapter, exercise) = Path(argv[0]), argv[1].split(".", 1)
    if not path.exists():
        print(f"error: {path} does not exist: run python -m dfkit.course.grade first",
              file=sys.stderr)
        return 2
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = table[(table.chapter == chapter) & (table.exercise == exercise)]
    if rows.empty:
        print(f"error: {path} has no exercise {chapter}.{exercise}", file=sys.stderr)
        return 2
    row = rows.iloc[-1]
    print(f"{chapter}.{exercise}: {row.status} ({float(row.points):g}/{float(row.possible):g}) "
          f"{row.message}")
    return 0 if float(row.points) >= float(row.possible) > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
