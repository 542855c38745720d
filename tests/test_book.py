"""The book's tables of contents, and the instructors' tools (student copies, hidden solutions)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml

from dfkit import exercises, student

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


def test_student_copies_strip_outputs_and_can_hide_solutions(tmp_path, monkeypatch, capsys):
    source = ROOT / "chapters" / "00_introduction.ipynb"
    nb = nbformat.read(source, as_version=4)
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="leftover")]
    dirty = tmp_path / "in" / source.name
    dirty.parent.mkdir()
    nbformat.write(nb, dirty)
    copy = nbformat.read(student.student_copy(dirty, tmp_path / "out", hide_solutions=True), as_version=4)
    code = [c for c in copy.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert exercises.HIDE_ENV in code[1].source and "____" in "".join(c.source for c in code)
    from dfkit.exercises.ch00 import q1

    monkeypatch.setenv(exercises.HIDE_ENV, "1")
    q1.solution()
    said = capsys.readouterr().out
    assert "hidden" in said and "1000 / (749" not in said
    assert student.main(["--chapters", str(ROOT / "chapters"), str(tmp_path / "all")]) == 0
    assert len(list((tmp_path / "all").glob("*.ipynb"))) == len(list((ROOT / "chapters").glob("*.ipynb")))
