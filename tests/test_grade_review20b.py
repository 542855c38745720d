"""Hostile review 20b (2026-12-07) of the defences review 20 brought: an old-format notebook
that nbformat's conversion blows up, nested functions whose copies cost nesting times width,
invisible characters outside Unicode's format category, and an honest notebook refused for
its printed lines. Each test fails on the code before that review."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from dfkit.course.grading import copies, outputs, run, submissions
from dfkit.course.grading.submissions import Submission

KEY_READ = ("from dfkit.course.exercises.ch00 import q4, q5",
            "q4_answer = q4._key\nq4.check()",
            "q5_answer = q5._key\nq5.check()")


def _v3_notebook(path: Path, level: int) -> Path:
    """A notebook in format 3 whose heading cell asks the conversion for ``level`` '#'s."""
    cells = [{"cell_type": "heading", "level": level, "metadata": {}, "source": "x"},
             {"cell_type": "code", "input": "print(1)", "language": "python",
              "metadata": {}, "outputs": [], "collapsed": False}]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                                "worksheets": [{"cells": cells, "metadata": {}}]}))
    return path


def test_an_old_format_notebook_is_refused_before_any_conversion(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the notebook was converted")

    monkeypatch.setattr(nbformat, "reads", refuse)
    path = _v3_notebook(tmp_path / "v" / "00_introduction.ipynb", 300_000_000)
    with pytest.raises(submissions.NotebookOldFormat, match="format 3, not 4.*save it again"):
        submissions.read_notebook(path)
    prep = run.prepare(Submission("v3", path), run.Options(), tmp_path)
    assert "format 3" in prep.error and prep.workdir is None  # its own error, no job


def test_nested_functions_past_the_copy_budget_flag_the_notebook(tmp_path, monkeypatch):
    """95 nested defs around a wide list were copied whole at every level (review 20b, G2):
    past the budget a function is not copied, and the notebook is flagged, its key flags kept."""
    monkeypatch.setattr(copies, "COPY_BUDGET", 2_000)
    body = "[" + ",".join(["a"] * 300) + "]"
    nested = "".join(f"{'    ' * i}def f{i}():\n" for i in range(30)) + "    " * 30 + f"return {body}\n"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in (*KEY_READ, nested)]
    path = tmp_path / "w" / "00_introduction.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(nb))
    unread: dict = {}
    found = copies.flags([("w", path)], unread=unread)
    assert found[("w", "00", "q4")] == ["reads q4._key (the key)"]
    text = unread[("w", "00_introduction.ipynb")]
    assert text.startswith(outputs.COPIES_UNREAD) and "2,000 nodes" in text


def test_the_copy_budget_leaves_room_for_the_handouts_and_solutions():
    root = Path(__file__).resolve().parents[1]
    for path in sorted([*root.glob("chapters/[0-9][0-9]_*.ipynb"),
                        *root.glob("solutions/[0-9][0-9]_*.ipynb")]):
        answers = copies._read("s", path, copies.verdicts.MODULES)
        assert answers is None or answers.unread == [], path


def test_default_ignorable_and_undefined_characters_are_escaped():
    assert outputs.visible("alic\u034fe") == "alic\\u034fe"  # the review's grapheme joiner
    for char in ("\ufe0f", "\U000e0100", "\u17b4", "\u180b", "\u115f", "\u3164", "\uffa0",
                 "\u2800", "\ufff0", "\u0378", "\ue000"):
        assert outputs.visible(f"a{char}") != f"a{char}", hex(ord(char))
    assert outputs.visible("jose\u0301") == "jose\u0301"  # a combining accent is a letter's


def test_an_honest_notebook_with_many_printed_lines_is_read(tmp_path):
    """Jupyter stores each printed line as one JSON item: 101,000 lines were refused."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("for i in range(101_000): print(i)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                           text=[f"{i}\n" for i in range(101_000)])]
    nb.cells = [cell]
    path = tmp_path / "many.ipynb"
    path.write_text(json.dumps(nb))
    assert submissions.too_large(path.read_bytes()) is None
    assert submissions.read_notebook(path).cells[0].source.startswith("for i")


def test_a_notebook_is_read_without_nbformats_quadratic_validation(tmp_path, monkeypatch):
    """Review 20c, H1: nbformat's schema check took 21 s for 4,000 tags on one cell (and grows
    with their square); the grader reads the fields it needs and never validates."""
    import nbformat.validator

    def refuse(*args, **kwargs):
        raise AssertionError("validated")

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["tags"] = ["x", *range(4000)]
    nb.cells = [cell]
    path = tmp_path / "tags.ipynb"
    path.write_text(json.dumps(nb))
    monkeypatch.setattr(nbformat.validator, "validate", refuse)
    monkeypatch.setattr(nbformat, "validate", refuse)
    assert submissions.read_notebook(path).cells[0].source == "x = 1"
    # nor when prepare writes the job's copy (nbformat.write validated it there)
    cell.source = "from dfkit.course.exercises.ch00 import q2\nalways_fake_accuracy = 0.5"
    path.write_text(json.dumps(nb))
    prep = run.prepare(Submission("t", path), run.Options(), tmp_path)
    assert prep.error in (None, "") and prep.workdir is not None
    copy = json.loads((prep.workdir / "notebook.ipynb").read_text())
    assert copy["cells"][0]["metadata"]["tags"][:2] == ["x", 0]


@pytest.mark.parametrize("change", [{"nbformat": 4.0}, {"nbformat": "4"},
                                    {"cells": [{"cell_type": "code", "source": 3}]},
                                    {"cells": "none"}])
def test_a_malformed_notebook_gets_a_message_that_says_what_to_do(tmp_path, change):
    """Review 20c, L4: "nbformat": 4.0 passed the gate and failed in nbformat with a bare
    AssertionError; a cell the grader cannot read is named."""
    nb = {**nbformat.v4.new_notebook(), **change}
    path = tmp_path / "bad.ipynb"
    path.write_text(json.dumps(nb))
    with pytest.raises(submissions.NotebookOldFormat, match="save it again"):
        submissions.read_notebook(path)
