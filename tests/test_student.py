"""make student-copies: the handout holds the chapters only, and no worked-solution line."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from dfkit.course import student

ROOT = Path(__file__).resolve().parent.parent


def test_copies_hold_no_solution_text(tmp_path):
    out = tmp_path / "handout"
    assert student.main([str(out), "--chapters", str(ROOT / "chapters"),
                         "--solutions", str(ROOT / "solutions")]) == 0
    copies = sorted(p.name for p in out.iterdir())
    assert copies == sorted(p.name for p in (ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    checked = 0
    for solution in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.py")):
        lines = student.solution_lines(solution, ROOT / "chapters" / solution.name)
        assert lines, f"{solution.name}: no solution line found: the check would prove nothing"
        text = "\n".join(c.source for c in nbformat.read(out / f"{solution.stem}.ipynb", 4).cells)
        copy_lines = {line.strip() for line in text.splitlines()}
        leaked = [line for line in lines if line in copy_lines]
        assert not leaked, f"solution lines of {solution.name} in the student copies: {leaked}"
        checked += len(lines)
    assert checked > 20
    for nb in out.glob("*.ipynb"):
        for cell in nbformat.read(nb, 4).cells:
            assert cell.cell_type != "code" or (not cell.outputs and cell.execution_count is None)


def test_a_leaked_solution_is_found_and_fails_the_command(tmp_path):
    chapters, solutions = tmp_path / "chapters", tmp_path / "solutions"
    chapters.mkdir()
    solutions.mkdir()
    source = ROOT / "chapters" / "00_introduction.ipynb"
    solution = ROOT / "solutions" / "00_introduction.py"
    shutil.copy(ROOT / "chapters" / "00_introduction.py", chapters)
    shutil.copy(solution, solutions)
    nb = nbformat.read(source, 4)
    line = student.solution_lines(solution, ROOT / "chapters" / "00_introduction.py")[0]
    nb.cells.append(nbformat.v4.new_code_cell(line))  # a chapter that gives an answer away
    tagged = nbformat.v4.new_code_cell("secret_answer_line = 12345")
    tagged.metadata["tags"] = ["solution"]
    nb.cells.append(tagged)
    nbformat.write(nb, chapters / source.name)
    out = tmp_path / "handout"
    assert student.main([str(out), "--chapters", str(chapters), "--solutions", str(solutions)]) == 1
    assert student.leaks(out, solutions, chapters) == [f"{source.name}: {line}"]
    assert "secret_answer_line" not in (out / source.name).read_text()  # tagged cells are dropped
