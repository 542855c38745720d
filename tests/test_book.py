"""The book's tables of contents, and the instructors' tools (student copies, hidden solutions)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml

from dfkit.course import exercises, student

ROOT = Path(__file__).resolve().parent.parent


def toc_files(name: str) -> list[str]:
    return re.findall(r"file:\s*(\S+)", (ROOT / name).read_text())


def test_student_book_lists_every_chapter_and_no_solution():
    files = toc_files("_toc.yml")
    chapters = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))
    assert [f.split("/")[-1] for f in files if f.startswith("chapters/")] == chapters
    assert not any(f.startswith("solutions/") for f in files)
    for page in files:
        assert any((ROOT / f"{page}{ext}").exists() for ext in (".md", ".ipynb")), page


def test_instructor_book_adds_every_solution():
    files = toc_files("_toc_instructor.yml")
    assert files[: len(toc_files("_toc.yml"))] == toc_files("_toc.yml")
    solutions = sorted(p.stem for p in (ROOT / "solutions").glob("*.ipynb"))
    assert [f.split("/")[-1] for f in files if f.startswith("solutions/")] == solutions


def test_config_has_colab_launch_buttons_and_a_repository():
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert cfg["launch_buttons"]["colab_url"].startswith("https://colab.research.google.com")
    assert cfg["repository"]["url"].startswith("https://github.com/")
    assert cfg["execute"]["timeout"] > 30  # Jupyter Book's default of 30 s is too short for training cells


def test_front_matter_comes_first_in_both_books():
    for name in ("_toc.yml", "_toc_instructor.yml"):
        files = toc_files(name)
        assert files[:2] == ["how_to_use", "glossary"], name
        assert (ROOT / "intro.md").exists() and "root: intro" in (ROOT / name).read_text()


def test_student_copies_strip_outputs_and_solution_prints_no_code(tmp_path, capsys):
    source = ROOT / "chapters" / "00_introduction.ipynb"
    nb = nbformat.read(source, as_version=4)
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    first_code.outputs = [nbformat.v4.new_output("stream", text="leftover")]
    first_code.execution_count = 1
    dirty = tmp_path / "in" / source.name
    dirty.parent.mkdir()
    nbformat.write(nb, dirty)
    copy = nbformat.read(student.student_copy(dirty, tmp_path / "out"), as_version=4)
    code = [c for c in copy.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "____" in "".join(c.source for c in code)
    for ex in exercises.all_exercises():
        ex.solution()
        said = capsys.readouterr().out
        assert "instructor edition" in said and " = " not in said and "def " not in said
