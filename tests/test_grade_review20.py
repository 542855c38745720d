"""Hostile review 20 (2026-12-07): a notebook's JSON (not its code) as a memory bomb for the
grader's own process, code nested too deep for the copy checks, and names with invisible
characters. Each test fails on the code before that review."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from dfkit.course import grade
from dfkit.course.grading import copies, outputs, run, submissions, verdicts
from dfkit.course.grading.submissions import Submission

ROOT = Path(__file__).resolve().parents[1]
KEY_READ = ("from dfkit.course.exercises.ch00 import q4, q5",
            "q4_answer = q4._key\nq4.check()",
            "q5_answer = q5._key\nq5.check()")
# the review's cell: the kernel writes it to /dev/null; the grader parsed it, and copy.deepcopy
# of its 1,000-deep tree raised RecursionError, which dropped every static flag of the notebook
DEEP_CELL = "%%writefile /dev/null\ndef helper():\n    return " + "+".join(["a"] * 1000) + "\n"


def _notebook(path: Path, *sources: str, metadata: dict | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.cells[0].metadata.update(metadata or {})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, separators=(",", ":")))  # compact, as the review's
    return path


@pytest.fixture
def never_parsed(monkeypatch):
    """nbformat's readers fail the test if called."""
    def refuse(*args, **kwargs):
        raise AssertionError("the notebook was parsed")

    monkeypatch.setattr(nbformat, "read", refuse)
    monkeypatch.setattr(nbformat, "reads", refuse)


# --- F1: a notebook's JSON is checked on its bytes before it is parsed -------------------------

def _flagged_not_parsed(path: Path, scratch: Path, why: str) -> None:
    sub = Submission("m_metabomb", path)
    assert why in submissions.too_large(path.read_bytes())
    prep = run.prepare(sub, run.Options(), scratch)
    assert submissions.TOO_LARGE in prep.error and why in prep.error
    assert prep.table == [] and prep.workdir is None  # no job for it
    rows = run.judge(prep, run.Options())  # its own rows: an error each, flagged
    assert rows and all(r["status"] == "error" and r["points"] == 0 for r in rows)
    assert all(r["flag"].startswith(outputs.DID_NOT_RUN) and submissions.TOO_LARGE in r["flag"]
               for r in rows)
    problems: list = []
    assert copies.read("m_metabomb", path, problems=problems) is None
    assert submissions.TOO_LARGE in problems[0]
    assert submissions.identical([sub, Submission("alice", path)]) == []


def test_a_notebook_of_many_tiny_objects_is_flagged_and_not_parsed(tmp_path, never_parsed):
    """F1: 8 MiB of `[{}, {}, ...]` in a cell's metadata, no code: nbformat kept ~175 MB per
    MiB, parsed four times in the grader's own process, before any job ran."""
    bomb = {"x": [{}] * (submissions.NOTEBOOK_MAX_CONTAINERS + 1)}
    path = _notebook(tmp_path / "m" / "00_introduction.ipynb", *KEY_READ, metadata=bomb)
    assert path.stat().st_size < 1 << 20  # far under the byte cap: the count refuses it
    _flagged_not_parsed(path, tmp_path, "JSON objects and arrays")


def test_a_deeply_nested_notebook_is_flagged_and_not_parsed(tmp_path, never_parsed):
    deep: object = []
    for _ in range(submissions.NOTEBOOK_MAX_DEPTH + 5):
        deep = [deep]
    path = _notebook(tmp_path / "m" / "00_introduction.ipynb", *KEY_READ,
                     metadata={"x": deep})
    _flagged_not_parsed(path, tmp_path, "nested")


def test_many_items_or_too_many_bytes_are_flagged_and_not_parsed(tmp_path, never_parsed,
                                                                 monkeypatch):
    items = {"x": [0] * (submissions.NOTEBOOK_MAX_ITEMS + 1)}
    path = _notebook(tmp_path / "m" / "00_introduction.ipynb", *KEY_READ, metadata=items)
    _flagged_not_parsed(path, tmp_path, "JSON items")
    monkeypatch.setattr(submissions, "NOTEBOOK_MAX_BYTES", 1000)
    path = _notebook(tmp_path / "n" / "00_introduction.ipynb", *KEY_READ,
                     metadata={"x": "y" * 2000})
    _flagged_not_parsed(path, tmp_path, "over")


def test_brackets_inside_strings_do_not_count():
    """Code in a cell holds brackets and quotes: only the JSON's own containers count."""
    nb = json.dumps({"cells": [{"source": ["x = [[[[" * 5000 + '\\"]]]'] * 30}]})
    assert submissions.too_large(nb.encode()) is None
    assert submissions.too_large(b'"' + b'\\"' * 1000) is None  # an unterminated string


def test_the_handouts_and_solutions_pass_the_caps():
    found = sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])
    assert found
    for path in found:
        assert submissions.too_large(path.read_bytes()) is None, path
        assert verdicts.unread_code(submissions.read_notebook(path)) == "", path


def test_prepare_keeps_no_parsed_notebook(tmp_path):
    path = _notebook(tmp_path / "h" / "00_introduction.ipynb", *KEY_READ)
    prep = run.prepare(Submission("h", path), run.Options(), tmp_path)
    assert prep.error is None and prep.table
    assert not any(isinstance(v, nbformat.NotebookNode) for v in vars(prep).values())


# --- F2: code too deep for the copy checks is flagged, never silently dropped ------------------

def test_a_deep_cell_is_flagged_and_the_notebooks_other_flags_stay(tmp_path):
    """F2: the review's cell turned off `reads q4._key` and every other static flag."""
    path = _notebook(tmp_path / "k" / "00_introduction.ipynb", *KEY_READ, DEEP_CELL)
    nb = submissions.read_notebook(path)
    said = verdicts.unread_code(nb)
    assert "too deeply nested for the grader to read" in said and "cell 4" in said
    assert len(list(verdicts.code_trees(nb))) == 3  # the deep cell alone is left out
    unread: dict = {}
    found = copies.flags([("k_keyread_deep", path)], unread=unread)
    assert found[("k_keyread_deep", "00", "q4")] == ["reads q4._key (the key)"]
    assert found[("k_keyread_deep", "00", "q5")] == ["reads q5._key (the key)"]
    assert unread == {}
    prep = run.prepare(Submission("k_keyread_deep", path), run.Options(), tmp_path)
    assert any("too deeply nested" in f for f in run.notebook_flags(prep))


def test_a_function_too_deep_to_copy_flags_its_notebook(tmp_path, monkeypatch):
    """Past the depth cap (raised here), a RecursionError in one function costs only that
    function: the key flags stay, and the notebook is flagged."""
    monkeypatch.setattr(verdicts, "AST_MAX_DEPTH", 10_000)
    path = _notebook(tmp_path / "k" / "00_introduction.ipynb", *KEY_READ, DEEP_CELL)
    unread: dict = {}
    found = copies.flags([("k", path)], unread=unread)
    assert found[("k", "00", "q4")] == ["reads q4._key (the key)"]
    text = unread[("k", "00_introduction.ipynb")]
    assert text.startswith(outputs.COPIES_UNREAD) and "helper" in text
    assert outputs.notebook_flag(text)


def test_a_graded_notebook_whose_copy_reading_fails_is_flagged(tmp_path, monkeypatch, capsys):
    path = _notebook(tmp_path / "k" / "00_introduction.ipynb", *KEY_READ)

    def fails(*args):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(copies, "_read", fails)
    row = {"ID": "", "notebook": path.name, "profile": "ci", "chapter": "00", "kind": "mcq",
           "status": "correct", "points": 1.0, "possible": 1.0, "message": "ok", "flag": ""}
    long = pd.DataFrame([{"student": "k", "exercise": e, **row} for e in ("q4", "q5")],
                        columns=outputs.COLUMNS)
    flagged = grade.flag_copies(long, [Submission("k", path)], verdicts.MODULES)
    for flag in flagged["flag"]:
        assert flag.startswith(outputs.COPIES_UNREAD) and "RecursionError" in flag
    assert "copy? k (00_introduction.ipynb): " + outputs.COPIES_UNREAD in capsys.readouterr().err


# --- F3: invisible characters and surrounding spaces in names ----------------------------------

NAMES = ("alice\u200b", "\u202eecila", " alice", "alice ")


def test_invisible_characters_and_surrounding_spaces_are_escaped():
    assert outputs.visible("alice\u200b") == "alice\\u200b"
    assert outputs.visible("\u202eecila") == "\\u202eecila"
    assert outputs.visible(" alice ") == "\\x20alice\\x20"
    assert outputs.visible("a\u00a0b\ufeff") == "a\\u00a0b\\ufeff"
    assert outputs.visible("José Müller-Łukasz 王") == "José Müller-Łukasz 王"  # letters stay
    assert outputs.visible("alice smith") == "alice smith"


def test_look_alike_names_are_escaped_and_flagged_in_the_csvs(tmp_path):
    """F3: `alice\\u200b` and `\\u202eecila` both showed as "alice" in gradebook.csv, the
    terminal and feedback/index.csv, with no flag."""
    row = {"ID": "", "notebook": "00_introduction.ipynb", "profile": "ci", "chapter": "00",
           "exercise": "q1", "kind": "compute", "status": "correct", "points": 1.0,
           "possible": 1.0, "message": "ok", "flag": ""}
    long = pd.DataFrame([{"student": s, **row} for s in ("alice", *NAMES)],
                        columns=outputs.COLUMNS)
    out = tmp_path / "out"
    outputs.write(long, {}, out)
    book = pd.read_csv(out / "gradebook.csv", keep_default_na=False)
    shown = set(book["student"])
    assert {"alice\\u200b", "\\u202eecila", "\\x20alice", "alice\\x20", "alice"} <= shown
    flags = dict(zip(book["student"], book["flag"]))
    for name in ("alice\\u200b", "\\u202eecila", "\\x20alice", "alice\\x20"):
        assert flags[name].startswith(outputs.NAME_CHANGED), name
    assert not flags["alice"]
    for name in ("gradebook.csv", "grades.csv", "review.csv", "feedback/index.csv"):
        text = (out / name).read_text(encoding="utf-8")
        assert "\u200b" not in text and "\u202e" not in text and ",alice " not in text, name
    index = (out / "feedback" / "index.csv").read_text(encoding="utf-8")
    assert "alice\\u200b," in index and "\\u202eecila," in index
    headers = [p.read_text(encoding="utf-8").splitlines()[0]
               for p in (out / "feedback").glob("*.md")]
    assert "# Feedback for alice\\u200b" in headers and "# Feedback for \\u202eecila" in headers


def test_progress_lines_show_the_escapes():
    prep = run.Prepared(Submission("alice\u200b", Path("00_introduction.ipynb")))
    line = run.progress_line(prep, [], 1, 1, 1.0, 1.0)
    assert line.startswith("[1/1] alice\\u200b: ")
