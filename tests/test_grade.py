"""dfkit.course.grade: a folder of right, wrong, blank, crashing and broken submissions becomes one row
per student and exercise, and no submission stops the others."""

from __future__ import annotations

import os
import sys
import textwrap

import nbformat
import pandas as pd
import pytest

from dfkit.course import grade

# A tiny exercise module of our own (the chapters' modules change with their chapters).
DEMO = textwrap.dedent('''
    from dfkit.course.exercises import Exercise, choice, close

    def _check_half(half):
        close(half, 0.5, decimals=2, what="half")

    q1 = Exercise("q1", "Half of one.", ("half",), _check_half, hints=("Divide.", "1 / 2"))
    q2 = choice("q2", "Which split tunes?", "q2_answer", {"a": "train", "b": "validation"}, "b",
                feedback={"a": "Train scores are optimistic."})
''')
IMPORT = "from dfkit.course.exercises import ____\nfrom grade_demo_ex import q1, q2"


def notebook(*cells: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in (IMPORT, *cells)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@pytest.fixture
def folder(tmp_path, monkeypatch):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "grade_demo_ex.py").write_text(DEMO)
    monkeypatch.syspath_prepend(str(lib))  # the grader imports the module to list its exercises
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(lib), *sys.path]))  # the kernels too
    subs = tmp_path / "submissions"
    subs.mkdir()
    nbformat.write(notebook("half = 1 / 2\nq1.check()", "q2_answer = 'b'\nq2.check()"), subs / "alice.ipynb")
    nbformat.write(notebook("half = 0.4\nq1.check()", "q2_answer = 'a'\nq2.check()"), subs / "bob.ipynb")
    nbformat.write(notebook("half = ____\nq1.check()", "q2_answer = ____\nq2.check()"), subs / "carol.ipynb")
    (subs / "dave").mkdir()  # a student folder; crashes after q1
    nbformat.write(notebook("half = 0.5\nq1.check()", "raise RuntimeError('my bug')",
                            "q2_answer = 'b'\nq2.check()"), subs / "dave" / "03_cnn_backbone.ipynb")
    (subs / "erin.ipynb").write_text("{ this is not a notebook")
    return subs


def test_grades_every_student_and_exercise(folder, tmp_path, capsys):
    out = tmp_path / "grades.csv"
    assert grade.main([str(folder), "--out", str(out), "--timeout", "120", "--modules", "grade_demo_ex"]) == 0
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["student", "chapter", "exercise", "status", "message", "kind"]
    assert set(table.kind[table.student == "alice"]) == {"compute", "explain"}
    status = {(r.student, r.exercise): r.status for r in table.itertuples()}
    assert status[("alice", "q1")] == "correct" and status[("alice", "q2")] == "correct"
    assert status[("bob", "q1")] == "incorrect" and status[("bob", "q2")] == "incorrect"
    assert status[("carol", "q1")] == "not attempted" and status[("carol", "q2")] == "not attempted"
    assert status[("dave", "q1")] == "correct" and status[("dave", "q2")] == "not attempted"
    message = {(r.student, r.exercise): r.message for r in table.itertuples()}
    assert "decimals" in message[("bob", "q1")] and "optimistic" in message[("bob", "q2")]
    assert "RuntimeError: my bug" in message[("dave", "q2")] and "cell 3" in message[("dave", "q2")]
    erin = table[table.student == "erin"]
    assert len(erin) == 1 and erin.status.iloc[0] == "error" and "could not read" in erin.message.iloc[0]
    assert set(table.chapter[table.student != "erin"]) == {"grade_demo_ex"}
    assert "wrote" in capsys.readouterr().out


def test_an_endless_notebook_is_stopped_and_the_rest_still_count(folder, tmp_path):
    endless = notebook("half = 0.5\nq1.check()", "import time\ntime.sleep(60)", "q2_answer = 'b'\nq2.check()")
    for name in ("alice.ipynb", "bob.ipynb", "carol.ipynb", "erin.ipynb"):
        (folder / name).unlink()
    nbformat.write(endless, folder / "frank.ipynb")
    table = grade.grade_folder(folder, timeout=20, pattern="grade_demo_ex", progress=False)
    frank = table[table.student == "frank"].set_index("exercise")
    assert frank.loc["q1", "status"] == "correct"
    assert frank.loc["q2", "status"] == "not attempted" and "out of time" in frank.loc["q2", "message"]
    assert (table[table.student == "dave"].status == ["correct", "not attempted"]).all()


def test_the_cli_refuses_a_missing_or_empty_folder(tmp_path):
    with pytest.raises(SystemExit):
        grade.main([str(tmp_path / "nowhere")])
    with pytest.raises(SystemExit):
        grade.main([str(tmp_path)])


def test_chapter_modules_are_found_in_the_source():
    nb = notebook("from dfkit.course.exercises.ch03 import q1\nfrom dfkit.course.exercises.ch03 import q2")
    assert grade.modules_in(nb) == ["dfkit.course.exercises.ch03"]
    assert grade.chapter_of("dfkit.course.exercises.ch03") == "03"
