"""dfkit.course.grade: verdicts the grader decides (forged logs, patched checks and checkers
score 0), hidden cases under a secret, the student's profile, points, gradebook and feedback
files, --jobs, and a non-zero exit naming what could not run. Notebooks are tiny (no data, no
TensorFlow) and few: the class folder is executed once, for the whole module."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from dfkit import config
from dfkit.course import exercises, grade
from dfkit.course.grading import capture, copies, isolation, outputs, points, run, submissions, verdicts
from dfkit.course.grading.codec import decode, encode
from dfkit.course.grading.limits import Limits, child_env
from dfkit.course.grading.run import recorded_profile
from dfkit.course.grading.sandbox import RemoteObject, Sandbox, SandboxFailed

# A tiny exercise module of our own (the chapters' modules change with their chapters).
DEMO = textwrap.dedent('''
    from dfkit.course.exercises import (Exercise, Incorrect, call_answer, choice, close,
                                        hidden_rng, written)

    def _check_half(half):
        close(half, 0.5, decimals=2, what="half")

    def _check_double(double):
        cases = [3] + [int(v) for v in hidden_rng("demo.q3").integers(10, 10**6, size=3)]
        for x in cases:
            got = call_answer(double, x, what=f"double({x})")
            if got != 2 * x:
                raise Incorrect(f"double({x}) returned {got!r}, not {2 * x}.")

    def _check_count(my_count, run_count):
        close(my_count, run_count, decimals=0, what="my_count")

    q1 = Exercise("q1", "Half of one.", ("half",), _check_half, hints=("Divide.",))
    q2 = choice("q2", "Which split tunes?", "q2_answer", {"a": "train", "b": "validation"}, "b",
                feedback={"a": "Train scores are optimistic."})
    q3 = Exercise("q3", "Write double(x).", ("double",), _check_double, hints=("Times two.",),
                  kind="implement")
    q4 = Exercise("q4", "How many images did your run use?", ("my_count",), _check_count,
                  context=("run_count",), hints=("Read the printout.",), kind="modify")
    q5 = written("q5", "Why does a tuned threshold need a validation split?", "q5_text",
                 model_answer="Tuning on the test split makes its score optimistic.", min_words=5)
''')
IMPORT = "from dfkit.course.exercises import ____\nfrom grade_demo_ex import q1, q2, q3, q4, q5"
RUN = "from dfkit import config\nrun_count = config.get_profile().n_images\nprint(config.describe())"
LAPTOP = config.PROFILES["laptop"].n_images
RIGHT = ["half = 1 / 2\nq1.check()", "q2_answer = 'b'\nq2.check()",
         "def double(x):\n    return 2 * x\nq3.check()", f"my_count = {LAPTOP}\nq4.check()",
         "q5_text = 'the test split must stay unseen until the end'\nq5.check()"]
WRONG = ["half = 0.4\nq1.check()", "q2_answer = 'a'\nq2.check()",
         "def double(x):\n    return x + 2\nq3.check()",
         f"my_count = {config.PROFILES['ci'].n_images}\nq4.check()", "q5_text = 'no idea'\nq5.check()"]
BLANK = ["half = ____\nq1.check()", "q2_answer = ____\nq2.check()",
         "def double(x):\n    return ____\nq3.check()", "my_count = ____\nq4.check()",
         "q5_text = ____\nq5.check()"]
FORGED = ["import json, os\nlog = os.environ.get('DFKIT_GRADE_LOG', 'grade-log.jsonl')\n"
          "for q in ('q1', 'q2', 'q3', 'q4', 'q5'):\n"
          "    open(log, 'a').write(json.dumps({'module': 'grade_demo_ex', 'exercise': q, "
          "'status': 'correct', 'message': ''}) + '\\n')\n"
          "    print(f'Correct: {q}')"]
PATCHED_CHECK = ["from dfkit.course.exercises import Exercise\n"
                 "Exercise.check = lambda self, *a: print('Correct')\n"
                 "Exercise.evaluate = lambda self, ns: ('correct', '')",
                 "half = 0.4\nq1.check()", "q2_answer = 'a'\nq2.check()"]
PATCHED_CHECKER = ["import dfkit.course.exercises as ex\nex.close = lambda *a, **k: 0.0\n"
                   "q1.checker = lambda **k: 'fine'\nq2.checker = lambda **k: 'fine'\n"
                   "q3.checker = lambda **k: 'fine'\nq4.checker = lambda **k: 'fine'",
                   "half = 0.4\nq1.check()", "q2_answer = 'a'\nq2.check()",
                   "def double(x):\n    return x\nq3.check()", "my_count = 7\nq4.check()"]
# the instructor's forge2: a last cell appends the right values to the grader's answers file,
# under every label the grader uses (and one with a made-up token)
FORGED_ANSWERS = textwrap.dedent(f"""
    import json
    right = {{"half": {{"value": 0.5}}, "q2_answer": {{"value": "b"}},
             "my_count": {{"value": {config.PROFILES['laptop'].n_images}}}}}
    with open("answers.jsonl", "a") as f:
        for label in [f"cell:{{i}}" for i in range(12)] + ["final"]:
            f.write(json.dumps({{"label": label, "names": right}}) + "\\n")
        f.write(json.dumps({{"label": "final", "token": "0" * 32, "names": right}}) + "\\n")
""")
LAPTOP_OUTPUT = nbformat.v4.new_output("stream", name="stdout",
                                       text=config.describe(config.PROFILES["laptop"]) + "\n")


def isolation_args() -> list[str]:
    """``--no-isolation`` where jobs cannot run as uids of their own here (not root, or this
    Python where a fresh uid cannot read it): the tests then grade as this user, by choice."""
    isolation.check()
    return ["--no-isolation"] if isolation.why_not() else []


@pytest.fixture
def job_scratch():
    """A scratch folder as the grader makes one (mode 0711): a job's uid may enter it, where
    pytest's tmp_path, under a 0700 folder, it could not."""
    scratch = Path(tempfile.mkdtemp(prefix="dfkit-grade-test-"))
    scratch.chmod(0o711)
    yield scratch
    shutil.rmtree(scratch, ignore_errors=True)


def notebook(*cells: str, profile_output=True):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in (IMPORT, RUN, *cells)]
    if profile_output:  # what prepare() printed when the student ran it
        nb.cells[1].outputs = [LAPTOP_OUTPUT]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@contextlib.contextmanager
def importable_module(name: str, source: str):
    """``name`` importable from ``source`` here and in the kernels and sandboxes the grader
    starts, for the block's duration; yields its folder."""
    # world-readable (not under pytest's 0700 folder): run as root, the jobs' uids import it
    lib = Path(tempfile.mkdtemp(prefix=f"{name}-lib-"))
    lib.chmod(0o755)
    (lib / f"{name}.py").write_text(source)
    sys.path.insert(0, str(lib))  # the grader imports the module to list its exercises
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(lib), *sys.path])  # the kernels too
    try:
        yield lib
    finally:
        sys.path.remove(str(lib))
        os.environ.pop("PYTHONPATH") if old is None else os.environ.update(PYTHONPATH=old)
        shutil.rmtree(lib, ignore_errors=True)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    with importable_module("grade_demo_ex", DEMO) as lib:
        yield lib


@pytest.fixture(scope="module")
def graded(demo_path, tmp_path_factory):
    """The class of six, graded once with --jobs 2: (exit status, out folder, stderr text)."""
    subs = tmp_path_factory.mktemp("class")
    # Canvas names: login_userid_submissionid_file.ipynb
    nbformat.write(notebook(*RIGHT), subs / "alice_101_9001_03_demo.ipynb")
    nbformat.write(notebook(*WRONG), subs / "bob_LATE_102_9002_03_demo.ipynb")
    nbformat.write(notebook(*BLANK), subs / "carol_103_9003_03_demo.ipynb")
    nbformat.write(notebook(RIGHT[0], "raise RuntimeError('my bug')", *RIGHT[1:]),
                   subs / "dave_104_9004_03_demo.ipynb")
    nbformat.write(notebook(RIGHT[0], "import time\ntime.sleep(600)", *RIGHT[1:]),
                   subs / "erin_105_9005_03_demo.ipynb")
    nbformat.write(notebook(*FORGED), subs / "frank_106_9006_03_demo.ipynb")
    # the kernel dies after q1 (an out-of-memory kill): q1's point stays, later ones not reached
    nbformat.write(notebook(RIGHT[0], "import os\nos._exit(1)", *RIGHT[1:]),
                   subs / "hank_108_9008_03_demo.ipynb")
    nbformat.write(notebook(*BLANK, FORGED_ANSWERS), subs / "grace_107_9007_03_demo.ipynb")
    out = tmp_path_factory.mktemp("out")
    import contextlib
    import io
    err, printed = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(printed):
        status = grade.main([str(subs), "--out", str(out), "--jobs", "2", "--timeout", "40",
                             "--modules", "grade_demo_ex", *isolation_args()])
    (out.parent / f"{out.name}.stdout").write_text(printed.getvalue())
    return status, out, err.getvalue()


def test_the_class_of_six_gets_the_expected_points_and_a_feedback_file_each(graded):
    status, out, err = graded
    book = pd.read_csv(out / "gradebook.csv", dtype={"student": str, "ID": str}
                       ).set_index("student")
    assert list(book.columns) == ["ID", "grade_demo_ex", "total", "flag"]
    assert book.loc["alice", "ID"] == "101" and book.loc["bob", "ID"] == "102"  # Canvas' ids
    # q1 compute 2, q2 explain 2, q3 implement 3, q4 modify 2, q5 written 3 (read by a person)
    assert book.loc["Points Possible", "total"] == 12
    expected = {"alice": 9, "bob": 0, "carol": 0, "dave": 2, "erin": 2, "frank": 0, "grace": 0,
                "hank": 2}
    assert book.drop("Points Possible")["total"].to_dict() == expected
    files = sorted(p.name for p in (out / "feedback").glob("*.md"))
    assert files == [f"{s}.md" for s in sorted(expected)]
    assert "double(3) returned 5" in (out / "feedback" / "bob.md").read_text()
    assert status == 1  # crashing and endless ones are named
    assert "dave" in err and "RuntimeError: my bug" in err and "erin" in err and "out of time" in err
    # dave and erin handed in alice's q3 (the test's RIGHT cells): a 2-line answer any student
    # writes alike is too short to flag (copies.MIN_NODES), and never failed
    assert "copy? alice (grade_demo_ex.q3)" not in err
    failures = "\n".join(line for line in err.splitlines() if not line.startswith("copy? "))
    assert "alice" not in failures and "bob" not in failures


def test_the_long_table_has_points_kinds_and_messages(graded):
    _, out, _ = graded
    table = pd.read_csv(out / "grades.csv", dtype=str, keep_default_na=False)
    status = {(r.student, r.exercise): r.status for r in table.itertuples()}
    assert [status[("alice", q)] for q in ("q1", "q2", "q3", "q4", "q5")] == \
        ["correct", "correct", "correct", "correct", "to review"]
    assert [status[("carol", q)] for q in ("q1", "q2", "q3", "q4", "q5")] == ["not attempted"] * 5
    assert status[("dave", "q1")] == "correct" and status[("dave", "q2")] == "not attempted"
    message = {(r.student, r.exercise): r.message for r in table.itertuples()}
    assert "cell 4" in message[("dave", "q2")] and "RuntimeError" in message[("dave", "q2")]
    assert message[("erin", "q2")].startswith("not reached: the notebook ran out of time")
    assert status[("hank", "q1")] == "correct" and "kernel died" in message[("hank", "q2")]
    assert "unseen until the end" in message[("alice", "q5")]  # the text, for the instructor
    assert set(table.profile) == {"laptop"}
    # grade_demo_ex has no handout to run: q4's context is the student's, and the row says so
    flag = {(r.student, r.exercise): r.flag for r in table.itertuples()}
    assert flag[("alice", "q4")] == run.NO_HANDOUT and flag[("alice", "q1")] == ""


def _graded_with_handout(folder, handout, notebooks: dict) -> pd.DataFrame:
    """grades.csv's rows for ``notebooks`` {student: cells}, graded by run.grade with the
    demo module's handout ``handout`` (cells) as the reference run (never cached)."""
    subs = folder / "subs"
    subs.mkdir()
    for student, cells in notebooks.items():
        nbformat.write(notebook(*cells), subs / f"{student}.ipynb")
    path = folder / "handout.ipynb"
    nbformat.write(notebook(*handout, profile_output=False), path)
    isolation_args()  # isolation.check(): jobs as uids of their own where they can be
    opts = run.Options(pattern="grade_demo_ex", limits=Limits(notebook_seconds=120),
                       handouts={"grade_demo_ex": path}, reference_cache=False)
    long, _ = run.grade(submissions.find(subs), opts, progress=False)
    return long


def test_context_comes_from_the_graders_run_of_the_handout_not_the_submission(
        demo_path, tmp_path):
    forged = [RIGHT[0], "run_count = 7\nmy_count = 7\nq4.check()"]  # the input set by hand
    long = _graded_with_handout(tmp_path, BLANK, {"alice": RIGHT, "mallory": forged,
                                                  "carol": BLANK})
    status = {(r.student, r.exercise): r.status for r in long.itertuples()}
    assert status[("alice", "q4")] == "correct"  # same profile, same run_count as the handout's
    assert status[("mallory", "q4")] == "incorrect" and status[("mallory", "q1")] == "correct"
    assert "my_count" in long.set_index(["student", "exercise"]).loc[("mallory", "q4"), "message"]
    assert status[("carol", "q4")] == "not attempted"
    assert not any(run.NO_HANDOUT in f for f in long.flag)


def test_a_handout_run_without_the_context_leaves_the_exercise_to_the_instructor(
        demo_path, tmp_path):
    # it stops after run_count is made, before q4's check: its value there is not trusted
    broken = [*BLANK[:3], "raise RuntimeError('the handout broke')", *BLANK[3:]]
    long = _graded_with_handout(tmp_path, broken, {"alice": RIGHT, "carol": BLANK})
    rows = long.set_index(["student", "exercise"])
    assert rows.loc[("alice", "q4"), "status"] == "error"  # never the student's own run_count
    assert "by hand" in rows.loc[("alice", "q4"), "message"]
    assert "the handout broke" in rows.loc[("alice", "q4"), "message"]
    assert rows.loc[("alice", "q1"), "status"] == "correct"  # no context: graded as always
    assert rows.loc[("carol", "q4"), "status"] == "not attempted"


def test_reference_runs_are_found_and_kept_across_grading_runs(demo_path, tmp_path, monkeypatch,
                                                               job_scratch):
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    (chapters / "00_introduction.ipynb").write_text("{}")
    assert run.handout_for("dfkit.course.exercises.ch00", chapters).name == "00_introduction.ipynb"
    assert run.handout_for("dfkit.course.exercises.ch01", chapters) is None
    assert run.handout_for("grade_demo_ex", chapters) is None  # not a chapter's module
    assert run.handout_for("dfkit.course.exercises.ch00").parent.name == "chapters"  # checkout
    # a kept run is reused (same handout bytes, profile, version), a changed handout is not
    monkeypatch.setattr(run.config, "cache_dir", lambda: tmp_path / "cache")
    # kept only under isolation (tested apart, test_grade_reference.py): as if isolating here
    monkeypatch.setattr(run, "reference_cache_allowed", lambda: True)
    handout = tmp_path / "handout.ipynb"
    nbformat.write(notebook(*BLANK, profile_output=False), handout)
    isolation_args()
    opts = run.Options(pattern="grade_demo_ex", limits=Limits(notebook_seconds=120),
                       handouts={"grade_demo_ex": handout})
    first = run.reference_run("grade_demo_ex", "ci", opts, job_scratch)
    assert first.stopped is None, first.stopped
    assert len(list((tmp_path / "cache").rglob("answers.jsonl"))) == 1
    monkeypatch.setattr(run, "execute", lambda *a: pytest.fail("ran the handout again"))
    again = run.reference_run("grade_demo_ex", "ci", opts, tmp_path)
    assert again.found == first.found
    import grade_demo_ex
    assert decode(again.context("grade_demo_ex", grade_demo_ex.q4)[0]["run_count"]["value"]) \
        == config.PROFILES["ci"].n_images
    nbformat.write(notebook(*RIGHT, profile_output=False), handout)
    with pytest.raises(pytest.fail.Exception):
        run.reference_run("grade_demo_ex", "ci", opts, tmp_path)


def test_lines_the_notebook_wrote_to_the_answers_file_score_nothing_and_are_flagged(graded):
    """forge2: every answer cell blank, then a cell that appends the right values to the
    grader's answers file; none of those lines carries a token the grader issued."""
    _, out, _ = graded
    table = pd.read_csv(out / "grades.csv", dtype=str, keep_default_na=False)
    grace = table[table.student == "grace"]
    assert set(grace.status) == {"not attempted"} and grace.points.astype(float).sum() == 0
    assert all("the notebook wrote 14 line(s) to the grader's answers file itself" in f
               for f in grace.flag)
    assert not any("answers file" in f for f in table[table.student != "grace"].flag)
    book = pd.read_csv(out / "gradebook.csv", dtype=str, keep_default_na=False).set_index("student")
    assert "wrote 14 line(s)" in book.loc["grace", "flag"]
    review = pd.read_csv(out / "review.csv", dtype=str, keep_default_na=False)
    assert any("wrote 14 line(s)" in w for w in review[review.student == "grace"].why)


def test_a_notebook_that_did_not_run_is_told_apart_from_a_blank_one(graded):
    _, out, _ = graded
    book = pd.read_csv(out / "gradebook.csv", dtype=str, keep_default_na=False).set_index("student")
    assert book.loc["dave", "flag"].startswith("grade_demo_ex: did not run to the end: ")
    assert "RuntimeError: my bug" in book.loc["dave", "flag"]
    assert "out of time" in book.loc["erin", "flag"]
    assert book.loc["carol", "flag"] == "" and book.loc["alice", "flag"] == ""
    table = pd.read_csv(out / "grades.csv", dtype=str, keep_default_na=False)
    assert all(f.startswith("did not run to the end") for f in table[table.student == "dave"].flag)
    review = pd.read_csv(out / "review.csv", dtype=str, keep_default_na=False)
    assert {"dave", "erin", "grace"} <= set(review.student) and "carol" not in set(review.student)


def test_each_notebook_is_printed_as_it_finishes_with_a_count_and_the_time(graded):
    _, out, _ = graded
    lines = [line for line in (out.parent / f"{out.name}.stdout").read_text().splitlines()
             if line.startswith("[")]
    assert len(lines) == 8 and lines[-1].startswith("[8/8] ")
    assert sorted(int(line[1]) for line in lines) == list(range(1, 9))
    # a notebook's own time reads "1 min 05 s" past a minute, as on a loaded machine
    assert all(re.fullmatch(r"\[\d/8\] \w+: \w+\.ipynb: [\d.]+/12 points, "
                            r"(\d+ min )?\d+ s( \(.*\))? "
                            r"\[(\d+ min )?\d+ s in\]", line) for line in lines), lines


def test_a_forged_log_and_printed_correct_score_nothing(graded):
    _, out, _ = graded
    table = pd.read_csv(out / "grades.csv", dtype=str, keep_default_na=False)
    frank = table[table.student == "frank"]
    assert set(frank.status) == {"not attempted"} and frank.points.astype(float).sum() == 0


def test_patched_check_and_patched_checkers_score_zero_and_honest_verdicts_match(
        demo_path, tmp_path):
    from nbclient import NotebookClient

    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(notebook(*PATCHED_CHECK), subs / "mallory.ipynb")
    nbformat.write(notebook(*PATCHED_CHECKER), subs / "trudy.ipynb")
    mixed = [RIGHT[0], WRONG[1], RIGHT[2], WRONG[3], RIGHT[4]]  # an honest student, some right
    nbformat.write(notebook(*mixed), subs / "heidi.ipynb")
    status = grade.main([str(subs), "--out", str(tmp_path / "out"), "--modules", "grade_demo_ex",
                         *isolation_args(),
                         "--timeout", "120"])
    assert status == 0
    table = pd.read_csv(tmp_path / "out" / "grades.csv", dtype=str, keep_default_na=False)
    cheats = table[table.student != "heidi"]
    assert cheats.points.astype(float).sum() == 0
    assert set(table[table.student == "trudy"].status) == {"incorrect", "not attempted"}
    # what check() showed heidi when she ran it is what the grader decided
    honest = notebook(*mixed)
    NotebookClient(honest, kernel_name="python3", timeout=120).execute(
        env=child_env(tmp_path / "home", profile="laptop"))
    shown = {}
    for cell in honest.cells[2:]:
        text = "".join(o.get("text", "") for o in cell.outputs)
        shown[cell.source.split(".check")[0].split()[-1]] = text.split(":")[0].strip()
    heidi = {r.exercise: r.status for r in table[table.student == "heidi"].itertuples()}
    words = {"Incorrect": "incorrect", "Correct": "correct", "Not attempted yet": "not attempted",
             "Recorded for your instructor (not marked by the machine)": "to review"}
    assert {q: words[s] for q, s in shown.items()} == heidi
    assert heidi == {"q1": "correct", "q2": "incorrect", "q3": "correct", "q4": "incorrect",
                     "q5": "to review"}


def _tuned_double():
    """A double() that only knows the published cases, defined as a notebook would define it."""
    namespace = {"__name__": "__main__"}
    public = [3] + [int(v) for v in exercises.hidden_rng("demo.q3").integers(10, 10**6, size=3)]
    exec(f"TABLE = {dict((x, 2 * x) for x in public)!r}\n"
         "def double(x):\n    return TABLE.get(x, 0)", namespace)
    return namespace


def test_a_secret_changes_the_hidden_cases_so_tuned_answers_fail(demo_path, tmp_path):
    import grade_demo_ex

    line = tmp_path / "answers.jsonl"
    capture.snapshot(_tuned_double(), ["double"], str(line), "final")
    answers = verdicts.read_answers(line, {})
    table = [("grade_demo_ex", grade_demo_ex.q3)]
    sandbox = Sandbox(tmp_path / "sandbox", Limits(call_seconds=20))
    try:
        assert verdicts.verdicts(table, answers, sandbox, None)[0].status == "correct"
        exercises.set_secret("instructor-only")
        wrong = verdicts.verdicts(table, answers, sandbox, None)[0]
    finally:
        exercises.set_secret(None)
        sandbox.close()
    assert wrong.status == "incorrect" and "returned 0" in wrong.message


def test_the_sandbox_runs_student_code_apart_and_limits_it(tmp_path, monkeypatch):
    monkeypatch.setenv("MY_API_TOKEN", "s3cret")
    monkeypatch.setenv("DFKIT_GRADE_SECRET", "s3cret")
    namespace = {"__name__": "__main__"}
    exec("import os, time\n"
         "def env(name):\n    return os.environ.get(name)\n"
         "def home():\n    return os.environ['HOME']\n"
         "def spin(x):\n    time.sleep(600)\n"
         "def noisy(x):\n    print('Correct!')\n    return x\n"
         "def hog(x):\n    return bytearray(x * 2**30)\n"
         "class Counter:\n    def __init__(self):\n        self.n = 0\n"
         "    def add(self, k):\n        self.n += k\n        return self\n"
         "def pairs(make):\n    return [Counter(), Counter()]", namespace)
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=20, memory_gb=2))
    try:
        remote = {n: RemoteObject(sandbox, sandbox.load(capture.value_tree(namespace[n])["value"]))
                  for n in ("env", "home", "noisy", "Counter", "spin", "hog", "pairs")}
        assert remote["env"]("MY_API_TOKEN") is None and remote["env"]("DFKIT_GRADE_SECRET") is None
        assert remote["home"]().startswith(str(tmp_path / "box"))
        assert remote["noisy"](5) == 5  # its print did not corrupt the answer
        counter = remote["Counter"]()
        counter.add(2)
        assert counter.add(3).n == 5
        # a list of sandbox objects comes back as proxies (a model's layers, say)
        assert [c.add(1).n for c in remote["pairs"](0)] == [1, 1]
        with pytest.raises(MemoryError):
            remote["hog"](4)
        with pytest.raises(SandboxFailed, match="longer than 20 s"):  # not an Exception: no checker swallows it
            remote["spin"](1)
    finally:
        sandbox.close()


def test_the_codec_round_trips_data_and_never_unpickles_in_the_grader():
    import numpy as np

    value = {"a": (1, 2.5, float("nan")), 3: [np.arange(4), np.float32(0.5)], "s": {1, 2},
             "df": pd.DataFrame({"x": [1, 2], "y": ["u", "v"]}), "blank": exercises.____}
    back = decode(json.loads(json.dumps(encode(value))))
    assert back["a"][:2] == (1, 2.5) and np.isnan(back["a"][2])
    assert back[3][0].tolist() == [0, 1, 2, 3] and back["s"] == {1, 2}
    assert back["df"].equals(value["df"]) and back["blank"] is exercises.____
    tree = capture.value_tree(lambda x: x)["value"]
    assert type(decode(tree)).__name__ == "Opaque"


@pytest.mark.parametrize("name, student, lms_id", [
    ("smithjohn_12345_67890_03_cnn_backbone.ipynb", "smithjohn", "12345"),
    ("smithjohn_LATE_12345_67890_03_cnn_backbone-1.ipynb", "smithjohn", "12345"),
    ("John Smith_12345_assignsubmission_file_", "John Smith (12345)", "Participant 12345"),
    ("John Smith_12345_assignsubmission_file_03_cnn.ipynb", "John Smith (12345)",
     "Participant 12345"),
    ("alice.ipynb", "alice", ""),
])
def test_student_ids_from_lms_download_names(name, student, lms_id):
    assert submissions.student_id(name) == student
    assert submissions.lms_id(name) == lms_id  # the id the LMS's import matches rows by


def test_the_gradebook_and_grades_keep_the_lms_id_named_as_its_import_expects(tmp_path):
    """Canvas' user id (101 in alice_101_201_...) was dropped from both CSVs."""
    from dfkit.course.grading.outputs import COLUMNS, write

    def row(student, lms_id, points):
        return dict(zip(COLUMNS, (student, lms_id, "02_x.ipynb", "ci", "02", "q1", "compute",
                                  "correct", points, 2.0, "correct")))

    for ids, column in ((("101", "102"), "ID"),
                        (("Participant 7", "Participant 8"), "Identifier")):
        out = tmp_path / column
        write(pd.DataFrame([row("alice", ids[0], 2.0), row("bob", ids[1], 0.0)]), {}, out)
        book = pd.read_csv(out / "gradebook.csv", dtype=str, keep_default_na=False)
        assert list(book.columns) == ["student", column, "ch02", "total", "flag"]
        assert book[column].tolist() == ["", *ids]  # the Points Possible row has none
        long = pd.read_csv(out / "grades.csv", dtype=str, keep_default_na=False)
        assert long[column].tolist() == list(ids)
    found = submissions.find(_canvas_folder(tmp_path / "subs"))
    assert [(s.student, s.lms_id) for s in found] == [("alice", "101")]


def test_text_cells_that_a_spreadsheet_would_run_are_written_inert(tmp_path):
    """Submissions named `=HYPERLINK(...).ipynb`, `@SUM(1+1).ipynb`, `+cmd|calc.ipynb` were the
    first cell of their rows, raw: a spreadsheet evaluated them. Numbers stay numbers."""
    from dfkit.course.grading.outputs import COLUMNS, write

    names = ['=HYPERLINK("http:evil.example","click")', "@SUM(1+1)", "+cmd|calc", "-2+3",
             "\tx", "alice"]
    rows = [dict(zip(COLUMNS, (name, "", f"{name}.ipynb", "ci", "02", "q1", "compute",
                               "incorrect", 0.0, 2.0, f"={name}", "@flag")))
            for name in names]
    write(pd.DataFrame(rows), {}, tmp_path / "out")
    long = pd.read_csv(tmp_path / "out" / "grades.csv", dtype=str, keep_default_na=False)
    book = pd.read_csv(tmp_path / "out" / "gradebook.csv", dtype=str, keep_default_na=False)
    for column in ("student", "notebook", "message", "flag"):
        assert all(v[0] not in "=+-@\t\r" for v in long[column]), long[column].tolist()
    assert "'=HYPERLINK(\"http:evil.example\",\"click\")" in set(book["student"])
    # a tab is written as a visible escape (a spreadsheet splitting at tabs splits no cell)
    assert set(long["student"]) == {"'" + outputs.visible(n) for n in names[:-1]} | {"alice"}
    assert "'\\tx" in set(long["student"])
    assert list(long["points"]) == ["0.0"] * len(names)  # numbers are not touched
    assert book.loc[book["student"] == "Points Possible", "ch02"].tolist() == ["2.0"]


def test_a_file_named_for_a_chapter_without_exercises_makes_no_gradebook_column(tmp_path):
    """`99_x.ipynb` (no such chapter) made a `ch99` column worth 0 points; now its student keeps
    a row, the message names the chapter and how to fix the name, and no column appears."""
    from dfkit.course.grading import run

    bad = tmp_path / "99_x.ipynb"
    bad.write_text("not a notebook")
    prep = run.prepare(submissions.Submission("x", bad, "9"), run.Options(), tmp_path)
    rows = run.judge(prep, run.Options())
    assert rows[0]["chapter"] == ""
    assert "chapter 99 has no exercises" in rows[0]["message"]
    assert run.CHAPTER_UNKNOWN in rows[0]["message"]
    good = [{**rows[0], "student": "alice", "ID": "1", "chapter": "02", "exercise": "q1",
             "points": 2.0, "possible": 2.0, "message": "correct"}]
    book = outputs.gradebook(pd.DataFrame(rows + good, columns=outputs.COLUMNS))
    assert list(book.columns) == ["student", "ID", "ch02", "total", "flag"]


def test_a_notebook_whose_chapter_is_unknown_makes_no_blank_gradebook_column(tmp_path):
    """`=HYPERLINK(...).ipynb` (not a notebook, no NN_ in its name) made a column headed "" (0.0
    points possible); its student keeps a row and is told how to name the file."""
    from dfkit.course.grading import run

    bad = tmp_path / "x.ipynb"
    bad.write_text("not a notebook")
    prep = run.prepare(submissions.Submission("x", bad, "9"), run.Options(), tmp_path)
    rows = run.judge(prep, run.Options())
    assert run.CHAPTER_UNKNOWN in rows[0]["message"] and run.CHAPTER_UNKNOWN in prep.error
    good = [{**rows[0], "student": "alice", "ID": "1", "chapter": "02", "exercise": "q1",
             "points": 2.0, "possible": 2.0, "message": "correct"}]
    book = outputs.gradebook(pd.DataFrame(rows + good, columns=outputs.COLUMNS))
    assert list(book.columns) == ["student", "ID", "ch02", "total", "flag"]
    assert book.set_index("student").loc["x", "ID"] == "9"
    assert "## Chapter unknown" in outputs.feedback("x", pd.DataFrame(rows), {})


def test_canvas_namesakes_are_two_students_keyed_by_their_user_ids(tmp_path):
    """Two smithjohns (user ids 111 and 222) stopped the whole class (exit 2, naming
    "smithjohn_111", not a file); a late resubmission of one is still the same student."""
    for name in ("smithjohn_111_901_02_a.ipynb", "smithjohn_LATE_111_905_02_a.ipynb",
                 "smithjohn_222_902_02_a.ipynb", "doeanna_333_903_02_a.ipynb"):
        nbformat.write(notebook(), tmp_path / name)
    found = submissions.find(tmp_path)
    assert sorted({(s.student, s.lms_id) for s in found}) == [
        ("doeanna", "333"), ("smithjohn (111)", "111"), ("smithjohn (222)", "222")]
    other = tmp_path / "x"
    other.mkdir()
    for name in ("a_1_2_02.ipynb", "b_3_4_02.ipynb"):
        nbformat.write(notebook(), other / name)
    with pytest.raises(submissions.SubmissionError, match=r"a_1_2_02.ipynb and b_3_4_02.ipynb"):
        submissions.find(other, r"^\w_\d_\d_(\d\d)")


def _canvas_folder(folder):
    folder.mkdir()
    nbformat.write(notebook(), folder / "alice_101_201_02_handcrafted_features.ipynb")
    return folder


def test_github_classroom_folders_and_an_id_pattern(tmp_path):
    for user in ("octocat", "hubot"):
        (tmp_path / f"cnn-backbone-{user}").mkdir()
        nbformat.write(notebook(), tmp_path / f"cnn-backbone-{user}" / "03_cnn.ipynb")
    assert sorted(s.student for s in submissions.find(tmp_path)) == ["hubot", "octocat"]
    found = submissions.find(tmp_path, r"cnn-backbone-(?P<id>\w)")
    assert sorted(s.student for s in found) == ["h", "o"]


def test_the_profile_is_the_one_the_notebook_recorded():
    assert recorded_profile(notebook()) == "laptop"
    assert recorded_profile(notebook(profile_output=False)) is None


def test_points_default_by_kind_and_an_instructor_file(tmp_path):
    assert points.possible(points.DEFAULT_POINTS, "03", "q1", "implement") == 3
    path = tmp_path / "points.json"
    path.write_text('{"implement": 5, "03.q2": 4}')
    table = points.load(path)
    assert points.possible(table, "03", "q1", "implement") == 5
    assert points.earned(table, "03", "q2", "explain", "correct") == 4
    assert points.earned(table, "03", "q2", "explain", "to review") == 0
    assert points.earned(table, "03", "q3", "predict", "incorrect") == 1  # committed first
    assert points.earned(table, "03", "q3", "predict", "not attempted") == 0
    assert points.earned(table, "03", "q4", "written", "to review") == 0
    path.write_text("[1, 2")
    with pytest.raises(points.PointsError, match="points.json"):
        points.load(path)


def test_the_cli_refuses_a_missing_or_empty_folder(tmp_path, capsys):
    assert grade.main([str(tmp_path / "nowhere")]) == 2
    assert grade.main([str(tmp_path), *isolation_args()]) == 2
    assert "no notebooks" in capsys.readouterr().err


def test_an_out_folder_that_holds_grades_is_refused_and_kept(tmp_path, capsys):
    """Grading chapter 03 into chapter 02's --out rewrote its gradebook and feedback files."""
    (tmp_path / "subs").mkdir()
    nbformat.write(notebook(*RIGHT), tmp_path / "subs" / "alice.ipynb")
    out = tmp_path / "grades02"
    (out / "feedback").mkdir(parents=True)
    (out / "gradebook.csv").write_text("chapter 02's grades")
    assert grade.main([str(tmp_path / "subs"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(out) in err and "gradebook.csv" in err and "new folder" in err
    assert (out / "gradebook.csv").read_text() == "chapter 02's grades"
    assert not (out / "grades.csv").exists()


def test_the_kernel_environment_is_allow_listed(tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("DFKIT_GRADE_SECRET", "x")
    monkeypatch.setenv("DFKIT_DATA", "/data/faces")
    env = child_env(tmp_path / "home", profile="ci")
    assert "AWS_SECRET_ACCESS_KEY" not in env and "DFKIT_GRADE_SECRET" not in env
    assert env["DFKIT_DATA"] == "/data/faces" and env["DFKIT_PROFILE"] == "ci"
    assert env["HOME"] == str(tmp_path / "home")


def test_the_github_classroom_step_passes_only_an_exercise_that_earned_its_points(tmp_path):
    from dfkit.course.grading import classroom

    rows = [{"student": "octocat", "notebook": "03_x.ipynb", "profile": "laptop",
             "chapter": "03", "exercise": q, "kind": "compute", "status": s, "points": p,
             "possible": 2.0, "message": m}
            for q, s, p, m in (("q1", "correct", 2.0, ""), ("q2", "incorrect", 0.0, "not 0.4"))]
    path = tmp_path / "grades.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    assert classroom.main([str(path), "03.q1"]) == 0
    assert classroom.main([str(path), "03.q2"]) == 1
    assert classroom.main([str(path), "03.q9"]) == 2
    assert classroom.main([str(tmp_path / "none.csv"), "03.q1"]) == 2


def test_the_gradebook_leaves_a_chapter_not_handed_in_empty_and_sums_the_rest():
    from dfkit.course.grading.outputs import POSSIBLE_ROW, feedback, gradebook

    rows = [("ann", "03", "q1", 3.0, 3.0), ("ann", "03", "q2", 0.0, 2.0),
            ("ann", "04", "q1", 1.0, 1.0), ("ben", "03", "q1", 0.0, 3.0),
            ("ben", "03", "q2", 2.0, 2.0)]
    long = pd.DataFrame([{"student": s, "notebook": f"{c}_x.ipynb", "profile": "laptop",
                          "chapter": c, "exercise": q, "kind": "implement",
                          "status": "correct" if p else "incorrect", "points": p,
                          "possible": m, "message": "why"} for s, c, q, p, m in rows])
    book = gradebook(long).set_index("student")
    assert list(book.columns) == ["ch03", "ch04", "total", "flag"]
    assert book.loc[POSSIBLE_ROW].tolist() == [5.0, 1.0, 6.0, ""]
    assert book.loc["ann"].tolist() == [3.0, 1.0, 4.0, ""]
    assert pd.isna(book.loc["ben", "ch04"]) and book.loc["ben", "total"] == 2.0
    text = feedback("ben", long[long.student == "ben"], {"03_x.ipynb": "stopped at cell 4"})
    assert "2 of 5" in text and "stopped at cell 4" in text and "not yet right. why" in text


def test_feedback_says_what_earned_points_and_cuts_messages_at_a_sentence_end(tmp_path):
    """A prediction earning 1/1 read "not yet right"; a message was cut mid-sentence; a correct
    row of grades.csv had no message."""
    from dfkit.course.grading.outputs import feedback

    rows = pd.DataFrame([{"student": "al", "notebook": "02_x.ipynb", "profile": "ci",
                          "chapter": "02", "exercise": q, "kind": k, "status": st, "points": p,
                          "possible": m, "message": msg}
                         for q, k, st, p, m, msg in (
                             ("q1", "predict", "incorrect", 1.0, 1.0,
                              "not what happened. You predicted (b); your run shows (c)."),
                             ("q2", "predict", "incorrect", 0.0, 1.0, "not what happened."),
                             ("q3", "compute", "correct", 2.0, 2.0, "correct"))])
    text = feedback("al", rows, {})
    assert "**q1** (predict, 1/1): prediction recorded, 1/1" in text
    assert "Not what happened. You predicted (b)" in text
    assert "**q2** (predict, 0/1): not yet right." in text  # --points 0 for predictions
    assert "**q3** (compute, 2/2): right.\n" in text
    long = "One sentence that teaches. " * 60
    cut = verdicts.cut(long)
    assert len(cut) <= verdicts.MESSAGE_MAX_CHARS and cut.endswith("teaches. [...]")
    assert verdicts.cut("short. enough") == "short. enough"
    assert verdicts.cut("x" * 50 + " word" * 400).endswith("word [...]")
    quiet = exercises.Exercise("q9", "?", ("x",), lambda x: None, module="t")
    status, message = verdicts.judge(quiet, {"x": capture.value_tree(1)},
                                     Sandbox(tmp_path / "sb", Limits()), None)
    assert (status, message) == ("correct", "correct")


CH02 = "from dfkit.course.exercises.ch02 import q5, q6, q7"
PASTED = ('def changes(c):\n    b = [(int(c) >> p) & 1 for p in range(8)]  # pasted\n'
          '    return sum(b[p] != b[(p + 1) % 8] for p in range(8))\n\n'
          'def is_uniform(x):\n    return changes(x) <= 2\n')
HIST = ('def histogram_image({img}):\n    """{doc}"""\n    h = features.color_histograms({img}[None])[0]\n'
        '    out = cv2.resize(h, ({img}.shape[1], {img}.shape[0]),\n'
        '                     interpolation=cv2.INTER_NEAREST)\n    return out / out.max()\n')


LONG_HIST = ('def histogram_image({img}):\n    """{doc}"""\n'
             '    rows, cols = {img}.shape[0], {img}.shape[1]\n'
             '    h = features.color_histograms({img}[None])[0].astype(np.float64)\n'
             '    h = h - h.min()\n'
             '    out = cv2.resize(h, (cols, rows), interpolation=cv2.INTER_NEAREST)\n'
             '    peak = out.max()\n    if peak == 0:\n        return out\n    return out / peak\n')
# the hostile reviewer's honest answers, written alone: the hints dictate them
HONEST_Q5 = ('def is_uniform(code):\n    bits = [(code >> i) & 1 for i in range(8)]\n'
             '    n = sum(bits[i] != bits[(i + 1) % 8] for i in range(8))\n    return n <= 2\n',
             'def is_uniform(c):\n    b = [(c >> k) & 1 for k in range(8)]\n'
             '    t = sum(b[k] != b[(k + 1) % 8] for k in range(8))\n'
             '    return t <= 2  # at most two transitions\n')
HONEST_Q6 = ('from dfkit.features import color_histograms\ndef histogram_image(img):\n'
             '    # my own: histogram, stretch with nearest neighbour, scale to max 1\n'
             '    h = color_histograms(img[None])[0].astype(np.float32)\n'
             '    big = cv2.resize(h, (img.shape[1], img.shape[0]), interpolation=cv2.INTER_NEAREST)\n'
             '    return big / big.max()\n')


def _flagged(tmp_path, notebooks: dict) -> pd.DataFrame:
    found = []
    for student, cells in notebooks.items():
        path = tmp_path / f"{student}_1_2_02_handcrafted_features.ipynb"
        nbformat.write(notebook(*cells), path)
        found.append(submissions.Submission(student, path))
    long = pd.DataFrame([{"student": s.student, "notebook": s.path.name, "chapter": "02",
                          "exercise": q} for s in found for q in ("q5", "q6", "q7")])
    return grade.flag_copies(long, found, verdicts.MODULES).set_index(["student", "exercise"])


def test_copies_of_the_keys_and_of_classmates_are_flagged_not_scored(tmp_path, capsys):
    """The key read (q7), a reference named (q5) and a classmate's long function renamed (q6)
    are flagged; the handout's blank `return ____` must flag no one."""
    blank = "def is_uniform(code):\n    return ____\n"
    flagged = _flagged(tmp_path, {
        "mallory": [CH02, PASTED, "q7_answer = q7.answer"],
        "oscar": [CH02, PASTED, "q7_answer = q7._key"],
        "trudy": [CH02, "import inspect\nfrom dfkit.course.exercises import ch02 as k\n"
                        "exec(inspect.getsource(k._reference_is_uniform))", blank],
        "bob": [CH02, blank, LONG_HIST.format(img="img", doc="mine")],
        "eve": [CH02, blank, LONG_HIST.format(img="picture", doc="all my own work") + "# really"],
    })
    assert flagged.loc[("mallory", "q7"), "flag"] == "reads q7.answer (the key)"
    assert flagged.loc[("oscar", "q7"), "flag"] == "reads q7._key (the key)"
    assert flagged.loc[("trudy", "q5"), "flag"] == "uses dfkit's _reference_is_uniform"
    assert flagged.loc[("eve", "q6"), "flag"] == "same code as bob's 02.q6"
    assert flagged.loc[("bob", "q6"), "flag"] == "same code as eve's 02.q6"
    assert (flagged.loc[("bob", "q5"), "flag"], flagged.loc[("eve", "q7"), "flag"]) == ("", "")
    err = capsys.readouterr().err
    assert "copy? eve (02.q6): same code as bob's 02.q6" in err
    assert "copy? mallory (02.q7): reads q7.answer (the key)" in err


def test_a_checker_helper_imported_or_read_off_the_module_is_flagged(tmp_path):
    """Helpers that compute answers (ch02's smallest_starting_step, two calls under q3's
    checker) are flagged when imported or read off the module; the names a chapter itself
    imports (its exercises, ``____``, ch07's blur_counts) are not."""
    found = []
    cells = {
        "carol": ["from dfkit.course.exercises.ch02 import ____, q3, smallest_starting_step",
                  "smallest_step = smallest_starting_step(50, 100)"],
        "dave": ["import dfkit.course.exercises.ch02 as k\nfrom dfkit.course.exercises.ch02 "
                 "import q3", "smallest_step = k.smallest_starting_step(50, 100)"],
        "erin": ["from dfkit.course.exercises.ch02 import ____, q2, q3, q4, q5, q6, q7",
                 "smallest_step = 26"],
        "frank": ["from dfkit.course.exercises.ch02 import *", "smallest_step = 26"],
    }
    for student, source in cells.items():
        path = tmp_path / f"{student}_1_2_02_handcrafted_features.ipynb"
        nbformat.write(notebook(*source), path)
        found.append((student, path))
    flags = copies.flags(found)
    helper = "imports dfkit's smallest_starting_step (a checker's helper)"
    assert flags[("carol", "02", "q3")] == [helper]
    assert flags[("dave", "02", "q3")] == [helper]
    assert not any(key[0] in ("erin", "frank") for key in flags)  # ch02's __all__: exercises
    assert "blur_counts" in copies.handout_names("dfkit.course.exercises.ch07")
    assert {"q1", "____"} <= copies.handout_names("dfkit.course.exercises.ch07")


def test_short_canonical_answers_and_forms_many_share_are_not_flagged(tmp_path):
    """The hints dictate q4's 3-line loop and q5's reference: honest students who write them
    (the hostile reviewer's examples) are flagged neither against the reference nor against
    each other; a pasted short reference is not either (too short to tell, instructors.md says
    so); a long form shared by more than MAX_SHARED students is what the hints lead to."""
    from dfkit.course.grading import copies

    crowd = {f"s{i}": [CH02, HONEST_Q5[i % 2], LONG_HIST.format(img=f"im{i}", doc="mine")]
             for i in range(copies.MAX_SHARED + 1)}
    flagged = _flagged(tmp_path, {
        "alice": [CH02, HONEST_Q5[0]], "bob": [CH02, HONEST_Q5[1]],
        "carol": [CH02, HONEST_Q6], "mallory": [CH02, PASTED], **crowd})
    assert set(flagged["flag"]) == {""}
    assert copies.references("dfkit.course.exercises.ch02") == {}  # every reference is short
    assert copies.reference_names("dfkit.course.exercises.ch02") >= {
        "_reference_is_uniform", "_reference_histogram_image"}


def test_a_reference_rebuilt_from_its_compiled_code_is_flagged_by_what_the_grader_gets():
    """The notebook names no reference (getattr, a string built in pieces): the function the
    grader receives is flagged by its compiled code, read from the pickle without loading it;
    an honest function of the same source lines, and a pickle that is no function, are not."""
    import importlib
    import types

    from dfkit.course.grading import codec, copies

    module = "dfkit.course.exercises.ch02"
    ch02 = importlib.import_module(module)
    space: dict = {}
    space["_changes"] = types.FunctionType(getattr(ch02, "_chan" + "ges").__code__, space)
    copied = types.FunctionType(getattr(ch02, "_refer" + "ence_is_uniform").__code__, space,
                                "is_uniform")
    copied.__module__ = "__main__"  # as in a kernel: sent by value
    honest: dict = {}
    exec("def is_uniform(code):\n    return _changes(code) <= 2\n", honest)
    table = verdicts.exercise_table(notebook(CH02), verdicts.MODULES, "02_x.ipynb")
    def answers(fn):
        return {(module, "q5"): {"is_uniform": {"value": codec.pickled(fn)}}}

    assert copies.received(table, answers(copied)) == {
        ("02", "q5"): ["same compiled code as dfkit's _reference_is_uniform"]}
    assert copies.received(table, answers(ch02._reference_is_uniform)) == {
        ("02", "q5"): ["is dfkit's _reference_is_uniform"]}
    assert copies.received(table, answers(honest["is_uniform"])) == {}
    assert copies.compiled(module, {codec.TAG: "pickle", "data": "bm90IGEgcGlja2xl"}) == []
    # judging's flag goes into the flag column first, the notebook's own after it
    long = pd.DataFrame([{"student": "m", "notebook": "m.ipynb", "chapter": "02",
                          "exercise": "q5", "flag": "same compiled code as dfkit's x"},
                         {"student": "m", "notebook": "m.ipynb", "chapter": "02",
                          "exercise": "q6", "flag": float("nan")}])
    out = grade.flag_copies(long, [], verdicts.MODULES)
    assert list(out["flag"]) == ["same compiled code as dfkit's x", ""]


def test_an_exercise_that_needs_the_students_object_is_left_to_the_instructor(tmp_path):
    """A checker that asks isinstance() of the student's class cannot decide through the
    sandbox's proxy: such an exercise is flagged and graded "to review", not "incorrect"."""
    def check(Stopper):  # noqa: N803
        if not isinstance(Stopper, type):
            raise exercises.Incorrect("Stopper should be a class.")

    flagged = exercises.Exercise("q1", "Write a class.", ("Stopper",), check, kind="implement",
                                 module="demo", by_hand_when_graded=True)
    plain = exercises.Exercise("q1", "Write a class.", ("Stopper",), check, kind="implement",
                               module="demo")
    namespace = {"__name__": "__main__"}
    exec("class Stopper:\n    pass", namespace)
    line = tmp_path / "answers.jsonl"
    capture.snapshot(namespace, ["Stopper"], str(line), "final")
    answers = verdicts.read_answers(line, {})
    sandbox = Sandbox(tmp_path / "box", Limits())
    try:
        assert verdicts.verdicts([("demo", plain)], answers, sandbox, None)[0].status == "incorrect"
        found = verdicts.verdicts([("demo", flagged)], answers, sandbox, None)[0]
    finally:
        sandbox.close()
    assert found.status == "to review" and "checked by your instructor" in found.message


# --- the documented procedure, followed literally (ci profile, data not generated first) -------

def test_the_grader_prepares_the_data_of_the_profile_it_runs_dfkit_profile_by_default(
        demo_path, tmp_path, monkeypatch):
    import tempfile
    from pathlib import Path

    from dfkit.course.grading import run

    cache = Path(tempfile.mkdtemp(prefix="grade-cache-"))  # readable by the jobs' uids
    cache.chmod(0o755)
    monkeypatch.setenv("DFKIT_CACHE", str(cache))
    monkeypatch.setenv("DFKIT_PROFILE", "ci")
    seen = []

    def job(prep, opts):  # what each job would find (no kernel is started)
        seen.append((prep.profile, sorted(p.name for p in cache.glob("synthetic-*"))))
        prep.stopped = "not run here"

    monkeypatch.setattr(run, "execute", job)
    (tmp_path / "subs").mkdir()
    nbformat.write(notebook(*BLANK, profile_output=False), tmp_path / "subs" / "carol.ipynb")
    try:
        status = grade.main([str(tmp_path / "subs"), "--out", str(tmp_path / "out"),
                             "--modules", "grade_demo_ex", *isolation_args()])
    finally:
        import shutil

        shutil.rmtree(cache, ignore_errors=True)
    n = config.PROFILES["ci"].n_images
    assert status == 1 and len(seen) == 1 and seen[0][0] == "ci"  # no outputs: $DFKIT_PROFILE
    assert [name for name in seen[0][1] if f"-n{n}-" in name]  # its data was there first
    assert set(pd.read_csv(tmp_path / "out" / "grades.csv").profile) == {"ci"}


def test_data_that_cannot_be_prepared_stops_the_grader_before_any_notebook(
        demo_path, tmp_path, monkeypatch, capsys):
    from dfkit.course.grading import run

    monkeypatch.setenv("DFKIT_DATA", str(tmp_path / "no-such-faces"))
    monkeypatch.setattr(run, "execute", lambda prep, opts: pytest.fail("a job ran"))
    (tmp_path / "subs").mkdir()
    nbformat.write(notebook(*RIGHT), tmp_path / "subs" / "alice.ipynb")
    status = grade.main([str(tmp_path / "subs"), "--out", str(tmp_path / "out"),
                         "--modules", "grade_demo_ex", *isolation_args()])
    err = capsys.readouterr().err
    assert status == 2 and "no-such-faces" in err and "DFKIT_DATA" in err
    assert "'laptop' profile" in err and not (tmp_path / "out" / "grades.csv").exists()


def test_data_the_jobs_uids_cannot_read_is_refused_when_isolating(tmp_path, monkeypatch):
    from dfkit.course.grading import datasets

    monkeypatch.setenv("DFKIT_CACHE", str(tmp_path / "cache"))  # under pytest's 0700 folder
    with pytest.raises(datasets.DataNotReady, match="chmod -R a\\+rX"):
        datasets.prepare(["ci"], shared=True)
    datasets.prepare(["ci"], shared=False)  # grading as this user: nothing to share


def test_a_bad_dfkit_profile_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DFKIT_PROFILE", "desktop")
    (tmp_path / "subs").mkdir()
    assert grade.main([str(tmp_path / "subs")]) == 2
    assert "desktop" in capsys.readouterr().err


def test_a_job_that_stops_at_once_says_why_instead_of_a_timeout(demo_path, monkeypatch,
                                                                  job_scratch):
    """A job that could not start (its Python cannot import dfkit, or read its job) used to be
    reported as 'ran out of time ... its kernel did not answer' after a second; now the
    message says it stopped without a result, how soon, and the last line it printed."""
    from dfkit.course.grading import run

    submitted = job_scratch / "alice.ipynb"
    nbformat.write(notebook(*BLANK), submitted)
    opts = run.Options(pattern="grade_demo_ex", limits=Limits(notebook_seconds=120))
    prep = run.prepare(submissions.Submission("alice", submitted), opts, job_scratch)
    assert prep.error is None, prep.error
    broken = job_scratch / "python"  # the job's interpreter, broken on purpose
    broken.write_text("#!/bin/sh\necho 'starting' >&2\necho 'ImportError: no dfkit here' >&2\n"
                      "exit 1\n")
    broken.chmod(0o755)
    monkeypatch.setattr(run.sys, "executable", str(broken))
    run.execute(prep, opts)
    assert re.fullmatch(r"the grader's job stopped without a result after \d+ s; the last "
                        r"line it printed \(the notebook's code can print it too\): "
                        r"ImportError: no dfkit here", prep.stopped), prep.stopped
