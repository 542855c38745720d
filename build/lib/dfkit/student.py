"""Student copies of the chapters, for instructors: outputs stripped, solutions optionally hidden.

``python -m dfkit.student OUT [--hide-solutions]`` writes every chapter notebook to ``OUT``.
The chapters already ship with ``____`` blanks; ``--hide-solutions`` adds a cell that makes
``qN.solution()`` decline to answer (for graded work), while ``check()`` and ``hint()`` still work.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from dfkit.exercises import HIDE_ENV

HIDE_CELL = f'import os\n\nos.environ["{HIDE_ENV}"] = "1"  # this copy is for graded work: solutions are hidden'


def student_copy(notebook: Path, out: Path, hide_solutions: bool = False) -> Path:
    """Write a clean copy of ``notebook`` into the folder ``out`` and return its path."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    if hide_solutions:
        first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        cell = nbformat.v4.new_code_cell(HIDE_CELL)
        cell.metadata["tags"] = ["remove-cell"]
        nb.cells.insert(first_code + 1, cell)
    out.mkdir(parents=True, exist_ok=True)
    target = out / notebook.name
    nbformat.write(nb, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dfkit.student", description=__doc__)
    parser.add_argument("out", type=Path, help="folder for the student copies")
    parser.add_argument("--chapters", type=Path, default=Path("chapters"), help="where the chapter notebooks are")
    parser.add_argument("--hide-solutions", action="store_true", help="make qN.solution() decline to answer")
    args = parser.parse_args(argv)
    notebooks = sorted(args.chapters.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        parser.error(f"no chapter notebooks (NN_topic.ipynb) in {args.chapters}")
    for nb in notebooks:
        print("wrote", student_copy(nb, args.out, args.hide_solutions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
