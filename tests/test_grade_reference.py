"""The grader's reference run on a real chapter: chapter 00's handout, run by the grader in the
ci profile, gives the context (``leaked_share``) that the worked solutions' answers are judged
with. Same seed, same results: the honest notebook gets full points, and a notebook that sets
``leaked_share`` by hand to fit a wrong prediction is judged on the handout's value instead.
One real chapter execution besides the handout's, which later runs reuse from the cache
(keyed by the handout's bytes, the profile and dfkit's version)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd

from dfkit.course import grade
from dfkit.course.grading import isolation

ROOT = Path(__file__).resolve().parent.parent
FORGED = ["from dfkit import course\n"
          "from dfkit.course.exercises.ch00 import ____, q1, q2, q3, q4, q5\n"
          "data = course.prepare()",
          # 'a' (almost no test group leaks) is wrong; the forged share would make it right
          "q1_prediction = 'a'\nleaked_share = 0.0\nq1.check()"]


def test_chapter_00_honest_gets_full_points_and_a_forged_context_is_judged_on_the_handout(
        tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir(mode=0o700)
    shutil.copy(ROOT / "solutions" / "00_introduction.ipynb", subs / "alice_00_intro.ipynb")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in FORGED]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, subs / "mallory_00_intro.ipynb")
    isolation.check()
    status = grade.main([str(subs), "--out", str(tmp_path / "out"), "--profile", "ci",
                         "--force-profile", "--timeout", "300",
                         *(["--no-isolation"] if isolation.why_not() else [])])
    assert status == 0
    table = pd.read_csv(tmp_path / "out" / "grades.csv", dtype={"flag": str},
                        keep_default_na=False)
    alice = table[table.student == "alice_00_intro"]
    assert set(alice.status) == {"correct"}
    assert alice.points.sum() == alice.possible.sum() > 0
    assert set(alice.flag) == {""}  # the context came from the handout's run
    q1 = table[(table.student == "mallory_00_intro") & (table.exercise == "q1")].iloc[0]
    assert q1.status == "incorrect" and "(c)" in q1.message


# --- pickled reference context, judged apart from the student's code (a demo module) ---------

import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import textwrap  # noqa: E402

import pytest  # noqa: E402

from dfkit import config  # noqa: E402
from dfkit.course.grading import run, submissions  # noqa: E402
from dfkit.course.grading.limits import Limits  # noqa: E402

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
    # world-readable (not under pytest's 0700 folder): run as root, the jobs' uids import it
    lib = Path(tempfile.mkdtemp(prefix="grade-ctx-demo-lib-"))
    lib.chmod(0o755)
    (lib / "grade_ctx_demo_ex.py").write_text(CTX_DEMO)
    sys.path.insert(0, str(lib))
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(lib), *sys.path])  # the kernels too
    yield lib
    sys.path.remove(str(lib))
    os.environ.pop("PYTHONPATH") if old is None else os.environ.update(PYTHONPATH=old)
    shutil.rmtree(lib, ignore_errors=True)


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
    answers.write_text('{"label": "final", "names": {"box": {"value": 1200}}}\n')
    key = "k" * 32
    run._store_reference(key, answers, {}, {"module": "grade_ctx_demo_ex"})
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
