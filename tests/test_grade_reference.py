"""The grader's reference run: exercise context comes from the grader's own run of the
chapter's handout, never from the submission.

On a real chapter (chapter 02 in ci, its only real execution here: the handout's run): q2 and
q3 check against the face `gray`; a notebook that sets its own `gray` and the answers that fit
it is judged on the handout's face. On a demo module: pickled reference objects are judged in a
process no student code has run in; the reference cache is trusted only when the grader alone
could have written it, and its key changes with what the handout's results depend on; a chapter
whose exercises take no context runs no handout."""

from __future__ import annotations

import shutil
import tempfile
import textwrap
from pathlib import Path

import nbformat
import numpy as np
import pytest
from test_grade import importable_module

from dfkit import config
from dfkit.course.grading import capture, execute, isolation, run, submissions
from dfkit.course.grading.codec import decode
from dfkit.course.grading.limits import Limits

CH02 = "dfkit.course.exercises.ch02"
TINY_02 = ["from dfkit.course.exercises import ____\nfrom dfkit.course.exercises.ch02 import q2, q3",
           "from dfkit import config\nprint(config.describe())"]


def _tiny(cells, profile="ci"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    if profile:  # what prepare() printed when the student ran it
        nb.cells[1].outputs = [nbformat.v4.new_output(
            "stream", name="stdout", text=config.describe(config.PROFILES[profile]) + "\n")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def test_chapter_02_context_comes_from_the_graders_run_of_its_handout():
    """The handout of chapter 02 runs once (ci); alice answers q2 and q3 for the handout's
    face without running the chapter, mallory sets a `gray` of her own (hard 0/255 blocks,
    whose edges no threshold change adds to) and the ratio that fits it."""
    from dfkit.course.exercises import ch02

    isolation.check()
    scratch = Path(tempfile.mkdtemp(prefix="dfkit-grade-"))
    scratch.chmod(0o711)  # as grade() makes it: a job's uid may enter its own folder
    try:
        opts = run.Options(profile="ci", force_profile=True, reference_cache=False,
                           limits=Limits(notebook_seconds=300))
        ref = run.reference_run(CH02, "ci", opts, scratch)
        assert ref is not None and ref.stopped is None
        trees, why = ref.context(CH02, ch02.q3)
        assert why is None
        gray = decode(trees["gray"]["value"])
        step = ch02.smallest_starting_step(*ch02.HALVED)
        ratio = ch02._density(gray, *ch02.HALVED) / ch02._density(
            gray, ch02.CANNY_LOW, ch02.CANNY_HIGH)
        blocks = (((np.indices((64, 64)) // 8).sum(0) % 2) * 255).astype("uint8")
        assert ch02._density(blocks, *ch02.HALVED) == ch02._density(
            blocks, ch02.CANNY_LOW, ch02.CANNY_HIGH) > 0  # a ratio of 1.0 fits her `gray`
        assert abs(ratio - 1) > 0.2  # and is wrong for the handout's face
        alice = [*TINY_02, f"q2_prediction = {ch02.most_changed(gray)!r}\nq2.check()",
                 f"smallest_step = {step}\ndensity_ratio = {round(ratio, 1)}\nq3.check()"]
        mallory = [*TINY_02, "import numpy as np\n"
                   "gray = (((np.indices((64, 64)) // 8).sum(0) % 2) * 255).astype(np.uint8)",
                   f"smallest_step = {step}\ndensity_ratio = 1.0\nq3.check()"]
        subs = Path(tempfile.mkdtemp(prefix="subs-", dir=scratch))
        rows = {}
        for student, cells in (("alice", alice), ("mallory", mallory)):
            nbformat.write(_tiny(cells), subs / f"{student}_02_features.ipynb")
            prep = run.prepare(submissions.Submission(student, subs / f"{student}_02_features.ipynb"),
                               opts, scratch)
            for row in run.run_and_judge(prep, opts, ref):
                rows[(student, row["exercise"])] = row
        assert rows[("alice", "q2")]["status"] == "correct"
        assert rows[("alice", "q3")]["status"] == "correct"
        assert rows[("alice", "q3")]["points"] == rows[("alice", "q3")]["possible"] > 0
        assert rows[("mallory", "q3")]["status"] == "incorrect"  # judged on the handout's face
        assert not any(r["flag"] for r in rows.values())  # no context from the students' runs
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# --- pickled reference context, judged apart from the student's code (a demo module) ---------




CTX_DEMO = textwrap.dedent('''
    from dfkit.course.exercises import Exercise, Incorrect, call_answer, close

    def _check_double(double):
        for x in (3, 5, 11):
            if call_answer(double, x, what=f"double({x})") != 2 * x:
                raise Incorrect("double is wrong")

    def _check_count(my_count, box):
        close(my_count, box.count(), decimals=0, what="my_count")

    def _check_counter(counter, box):
        close(call_answer(counter, 3, what="counter(3)"), box.count() + 3, decimals=0,
              what="counter(3)")

    q1 = Exercise("q1", "Write double(x).", ("double",), _check_double, kind="implement")
    q2 = Exercise("q2", "How many does the box hold?", ("my_count",), _check_count,
                  context=("box",), kind="modify")
    q3 = Exercise("q3", "Write counter(x).", ("counter",), _check_counter, context=("box",),
                  kind="implement")
''')
CTX_HEAD = ["from dfkit.course.exercises import ____\nfrom grade_ctx_demo_ex import q1, q2, q3",
            "from dfkit import config\nprint(config.describe())",
            # a __main__ class's instance: the reference context is pickled
            "class Box:\n    def count(self):\n        return 1200\nbox = Box()"]
CTX_BLANK = ["def double(x):\n    return ____\nq1.check()", "my_count = ____\nq2.check()",
             "def counter(x):\n    return ____\nq3.check()"]
CTX_ALICE = ["def double(x):\n    return 2 * x\nq1.check()", "my_count = 1200\nq2.check()",
             "def counter(x):\n    return 1200 + x\nq3.check()"]
# a right double() that, run in the sandbox, makes the sandbox answer the int 1200 as 7
CTX_MALLORY = ['''
def double(x):
    import sys
    m = sys.modules["__main__"]
    if not getattr(m, "_patched", False):
        real = m.encode
        def encode(v, strict=False, placeholder=None):
            return real(7 if type(v) is int and v == 1200 else v, strict, placeholder)
        m.encode, m._patched = encode, True
    return 2 * x
q1.check()''', "my_count = 7\nq2.check()", "def counter(x):\n    return ____\nq3.check()"]


@pytest.fixture(scope="module")
def ctx_demo():
    with importable_module("grade_ctx_demo_ex", CTX_DEMO) as lib:
        yield lib


def _ctx_notebook(*cells, profile_output=True):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in (*CTX_HEAD, *cells)]
    if profile_output:
        nb.cells[1].outputs = [nbformat.v4.new_output(
            "stream", name="stdout", text=config.describe(config.PROFILES["ci"]) + "\n")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def test_pickled_reference_context_is_judged_in_a_process_no_student_code_ran_in(
        ctx_demo, tmp_path):
    """The reviewer's sandbox_ctx_repro: mallory's q1 patches the sandbox so that the
    reference ``box`` answers 7; q2 is judged in a fresh process that loads ``box`` first, so
    her 7 is wrong. q3 loads alice's own function into the process that holds ``box``: its
    "correct" is not trusted and is left to the instructor."""
    subs = tmp_path / "subs"
    subs.mkdir(mode=0o700)
    nbformat.write(_ctx_notebook(*CTX_ALICE), subs / "alice.ipynb")
    nbformat.write(_ctx_notebook(*CTX_MALLORY), subs / "mallory.ipynb")
    handout = tmp_path / "handout.ipynb"
    nbformat.write(_ctx_notebook(*CTX_BLANK, profile_output=False), handout)
    isolation.check()
    opts = run.Options(pattern="grade_ctx_demo_ex", limits=Limits(notebook_seconds=120),
                       profile="ci", handouts={"grade_ctx_demo_ex": handout},
                       reference_cache=False)
    long, _ = run.grade(submissions.find(subs), opts, progress=False)
    rows = long.set_index(["student", "exercise"])
    assert rows.loc[("mallory", "q1"), "status"] == "correct"  # her double() is right
    assert rows.loc[("mallory", "q2"), "status"] == "incorrect"  # 7 is not the box's 1200
    assert rows.loc[("alice", "q2"), "status"] == "correct"  # plain data: trusted
    assert rows.loc[("alice", "q3"), "status"] == "to review"  # recorded
    assert "same process" in rows.loc[("alice", "q3"), "message"]


# --- the reference cache: trusted only when the grader alone could have written it ----------

def _stored(tmp_path, monkeypatch):
    """A reference entry kept by _store_reference under a private cache; (table, key, entry)."""
    import grade_ctx_demo_ex

    cache = tmp_path / "cache"
    cache.mkdir(mode=0o755)
    monkeypatch.setattr(run.config, "cache_dir", lambda: cache)
    answers = tmp_path / "answers.jsonl"
    token = "ab" * 16  # as the execute process issued it
    capture.snapshot({"box": 1200}, ["box"], str(answers), "final", token)
    issued = [("final", token, execute.line_digest(answers, token)[0])]
    key = "k" * 32
    run._store_reference(key, answers, {}, {"module": "grade_ctx_demo_ex"}, issued)
    return [("grade_ctx_demo_ex", grade_ctx_demo_ex.q2)], key, cache / run.REFERENCE_CACHE / key


@pytest.mark.parametrize("loosen", ["", "answers.jsonl", "meta.json", ".", ".."])
def test_a_cache_entry_others_could_write_is_not_read(ctx_demo, tmp_path, monkeypatch, loosen):
    table, key, entry = _stored(tmp_path, monkeypatch)
    if loosen:
        path = entry / loosen
        path.chmod(path.stat().st_mode | 0o022)  # group- and world-writable
    found = run._cached_reference(key, table)
    assert (found is not None) == (loosen == "")
    if found is not None:
        assert found.found[table[0][0], "q2"]["box"] == {"value": 1200}


def test_no_isolation_neither_reads_nor_writes_the_reference_cache(ctx_demo, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setattr(run.isolation, "isolating", lambda: False)
    monkeypatch.setattr(run.config, "cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setattr(run, "_cached_reference", lambda *a: pytest.fail("read the cache"))
    monkeypatch.setattr(run, "prepare", lambda *a: run.Prepared(None, error="not run here"))
    handout = tmp_path / "handout.ipynb"
    nbformat.write(_ctx_notebook(*CTX_BLANK, profile_output=False), handout)
    opts = run.Options(handouts={"grade_ctx_demo_ex": handout})  # reference_cache on
    ref = run.reference_run("grade_ctx_demo_ex", "ci", opts, tmp_path)
    assert "not run here" in ref.stopped  # it went on to run the handout
    assert not (tmp_path / "cache").exists()


# --- what a kept reference run depends on --------------------------------------------------

def test_the_reference_key_changes_with_libraries_package_data_and_the_dataset(
        ctx_demo, tmp_path, monkeypatch):
    handout = tmp_path / "handout.ipynb"
    nbformat.write(_ctx_notebook(*CTX_BLANK, profile_output=False), handout)
    package = tmp_path / "package"
    (package / "records").mkdir(parents=True)
    (package / "records" / "rules.csv").write_text("a,b\n1,2\n")
    (package / "x.py").write_text("X = 1\n")
    monkeypatch.setattr(run, "_package_root", lambda: package)
    data = tmp_path / "faces"
    (data / "real").mkdir(parents=True)
    (data / "real" / "0.jpg").write_bytes(b"jpeg")
    monkeypatch.setenv("DFKIT_DATA", str(data))

    def key():
        return run._reference_key("grade_ctx_demo_ex", "ci", handout)

    first = key()
    assert key() == first  # nothing changed
    (package / "x.py").write_text("X = 2\n")  # .py files: dfkit's source digest, not this
    assert key() == first
    (package / "records" / "rules.csv").write_text("a,b\n1,3\n")
    assert key() != first
    first = key()
    (data / "fake").mkdir()
    (data / "fake" / "0.jpg").write_bytes(b"jpeg")  # an image added under the same path
    assert key() != first
    first = key()
    (data / "real" / "0.jpg").write_bytes(b"a longer jpeg")  # one replaced
    assert key() != first
    first = key()
    real = run.metadata.version

    def upgraded(name):
        return "99.0" if name == "numpy" else real(name)

    monkeypatch.setattr(run.metadata, "version", upgraded)
    assert key() != first


def test_a_chapter_whose_exercises_take_no_context_runs_no_handout(tmp_path, monkeypatch):
    from dfkit.course.grading import verdicts

    module = "dfkit.course.exercises.ch00"  # q1 recomputes the split itself: no context
    assert not any(verdicts.reference_names(ex) for ex in verdicts.exercises_of(module))
    assert run.handout_for(module) is not None  # there is a handout, but nothing to take from it
    monkeypatch.setattr(run, "prepare", lambda *a: pytest.fail("ran the handout"))
    assert run.reference_run(module, "ci", run.Options(), tmp_path) is None
