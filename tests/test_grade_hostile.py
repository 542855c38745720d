"""The hostile review of the grader (review/hostile): each attack, tiny, and what stops it.

Most tests need no notebook run. One class of two (alice honest, mallory hostile) is graded
once, as root where the machine allows: mallory's kernel reads its parents' command lines and
environments, other job folders and the submissions, writes the grader's exercise module, leaves
a daemon behind and garbles its own answers file."""

from __future__ import annotations

import contextlib
import inspect
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
import types

import nbformat
import numpy as np
import pandas as pd
import pytest
from test_grade import RIGHT, demo_path, notebook  # noqa: F401 - the module's fixture

from dfkit.course import exercises, grade
from dfkit.course.grading import access, capture, copies, isolation, outputs, submissions, verdicts
from dfkit.course.grading.limits import Limits
from dfkit.course.grading.run import Prepared, newest_per_chapter, read_report, recorded_profile
from dfkit.course.grading.sandbox import RemoteObject, Sandbox, SandboxFailed


@pytest.fixture(scope="module")
def isolated():
    """Skip unless jobs run as uids of their own (root, and a fresh uid can run this Python:
    not one under /root, which is 0700)."""
    isolation.check()
    if not isolation.isolating():
        pytest.skip(f"no per-job uids here: {isolation.why_not()}")


# --- finding 4: one garbled answers file or result never stops the class ----------------------

def test_garbled_answers_and_results_are_skipped_record_by_record(tmp_path):
    good = {"label": "final", "names": {"half": {"value": 0.5}}}
    path = tmp_path / "answers.jsonl"
    path.write_bytes(b"1\n" + b"[" * 100000 + b"\n\xff\xfe not utf-8\n"
                     + b'{"label": 3, "names": {}}\n{"label": "final", "names": [1]}\n'
                     + b'{"label": "cell:1", "names": {"x": 5}}\n'
                     + json.dumps(good).encode() + b"\n")
    assert verdicts.read_answers(path, {1: [("m", "q1")]}) == {
        "final": {"half": {"value": 0.5}}, ("m", "q1"): {}}
    for text in (b"[1]", b"{" * 100000, b"\xff", b'{"result": {"stopped": 5, "stop_cell": "x"}}',
                 b'{"issued": [1, 2, 3]}\n{"issued": ["a", "b"]}'):
        result, issued = read_report(text)
        assert result in (None, {"stopped": None, "stop_cell": None, "seconds": None,
                                 "lost": []})
        assert issued == []


# --- finding 6: one notebook per student and chapter, exercises from imports only ------------

def test_a_second_notebook_of_a_chapter_is_not_graded_and_a_comment_adds_no_chapter(tmp_path):
    subs = []
    for name in ("mallory_111_222_00_introduction.ipynb", "mallory_111_333_00_introduction_v2.ipynb"):
        (tmp_path / name).write_text("{}")
        subs.append(submissions.Submission("mallory", tmp_path / name))
    os.utime(subs[0].path, (time.time() + 60, time.time() + 60))  # the first is the newest
    preps = [Prepared(s, chapter="00") for s in subs]
    kept, notes = newest_per_chapter(preps)
    assert [p.submission for p in kept] == [subs[0]]
    assert "newer notebook of chapter 00" in notes["mallory"][subs[1].path.name]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("# dfkit.course.exercises.ch00\n"
                                          "from dfkit.course.exercises.ch02 import q1\n"
                                          "s = 'dfkit.course.exercises.ch01'")]
    assert verdicts.modules_in(nb) == ["dfkit.course.exercises.ch02"]
    long = pd.DataFrame([{"student": "m", "chapter": "00", "exercise": "q1", "points": 2,
                          "possible": 2}] * 2)
    assert outputs.gradebook(long).set_index("student").loc["m", "total"] == 2


# --- findings 7 and 9: links, classmates' copies, two students of one name -------------------

def test_links_are_rejected_copies_named_and_moodle_namesakes_kept_apart(tmp_path):
    nb = notebook(*RIGHT)
    (tmp_path / "hw0-alice").mkdir()
    nbformat.write(nb, tmp_path / "hw0-alice" / "00_introduction.ipynb")
    (tmp_path / "hw0-mallory").mkdir()
    (tmp_path / "hw0-mallory" / "00_introduction.ipynb").symlink_to(
        "../hw0-alice/00_introduction.ipynb")
    (tmp_path / "hw0-bob").mkdir()
    nbformat.write(nb, tmp_path / "hw0-bob" / "00_introduction.ipynb")
    rejected = []
    found = submissions.find(tmp_path, rejected=rejected)
    assert sorted(s.student for s in found) == ["alice", "bob"]
    assert [p.parent.name for p, _ in rejected] == ["hw0-mallory"]
    assert [(a.student, b.student) for a, b in submissions.identical(found)] == [("alice", "bob")]
    moodle = tmp_path / "moodle"
    for pid in ("111", "222"):
        (moodle / f"John Smith_{pid}_assignsubmission_file_").mkdir(parents=True)
        nbformat.write(nb, moodle / f"John Smith_{pid}_assignsubmission_file_" / "00_x.ipynb")
    assert sorted(s.student for s in submissions.find(moodle)) == [
        "John Smith (111)", "John Smith (222)"]


# --- finding 8: the sandbox's channel is read in bounded lines ---------------------------------

def test_a_function_flooding_the_sandbox_channel_is_cut_off(tmp_path, monkeypatch):
    from dfkit.course.grading import sandbox as box

    monkeypatch.setattr(box, "LINE_MAX_CHARS", 1 << 16)
    namespace = {"__name__": "__main__"}
    exec("import os\ndef flood(x):\n    os.write(3, b'x' * (1 << 20))\n    return x\n", namespace)
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60, memory_gb=2))
    try:
        flood = RemoteObject(sandbox, sandbox.load(capture.value_tree(namespace["flood"])["value"]))
        with pytest.raises(SandboxFailed, match="channel"):
            flood(1)
    finally:
        sandbox.close()


# --- minor findings ----------------------------------------------------------------------------

def test_minor_findings_profile_file_names_zero_d_arrays_and_long_values(tmp_path):
    nb = notebook(*RIGHT)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout",
                                                  text="dfkit profile 'paper'\n")]
    assert recorded_profile(nb) is None and recorded_profile(nb, ("paper",)) == "paper"
    long = pd.DataFrame([{"student": s, "notebook": "x", "profile": "ci", "chapter": "00",
                          "exercise": "q1", "kind": "compute", "status": "correct",
                          "points": 2.0, "possible": 2.0, "message": ""} for s in ("a b", "a_b")])
    outputs.write(long, {}, tmp_path)
    assert sorted(p.name for p in (tmp_path / "feedback").glob("*.md")) == [
        f"{outputs.safe_name('a b')}.md", "a_b.md"]  # "a b" was changed: its digest
    assert exercises.close(np.array(0.5717), 0.5717, decimals=3) == pytest.approx(0.5717)
    q = exercises.choice("q9", "?", "a", {"a": "x", "b": "y"}, "a", feedback={"b": "no"})
    status, message = q.evaluate({"a": "LEAK" * 1000})
    assert status == "incorrect" and len(message) < 200


def test_not_root_the_grader_stops_unless_told_no_isolation(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "alice_1_2_03_x.ipynb").write_bytes(b"\xff not a notebook")
    assert grade.main([str(tmp_path / "subs"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "not running as root" in err and "--no-isolation" in err and "secret" in err
    assert not (tmp_path / "out").exists()
    assert grade.main([str(tmp_path / "subs"), "--require-isolation"]) == 2  # still accepted
    assert grade.main([str(tmp_path / "subs"), "--out", str(tmp_path / "out"),
                       "--no-isolation"]) == 1
    assert "warning: --no-isolation" in capsys.readouterr().err
    assert (tmp_path / "out" / "gradebook.csv").exists()
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o700  # created private


def test_a_python_the_jobs_uids_cannot_read_stops_the_grader_naming_the_path(
        tmp_path, monkeypatch, capsys):
    why = ("a job's uid cannot run the grader's Python with its packages (/v/bin/python: "
           "/root is mode 0700: other users cannot enter it)")
    monkeypatch.setattr(isolation, "check", lambda: why)
    monkeypatch.setattr(isolation, "why_not", lambda: why)
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "alice.ipynb").write_bytes(b"not run")
    assert grade.main([str(tmp_path / "subs"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "/root is mode 0700" in err and "chmod -R o+rX" in err and "--no-isolation" in err
    assert not (tmp_path / "out").exists()


def test_the_check_names_the_folder_that_keeps_a_jobs_uid_from_this_python():
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root (a job's uid)")
    blocked = access.unreachable(sys.executable)
    if blocked is None:
        pytest.skip("a job's uid can read this Python")
    isolation.check()
    assert blocked in isolation.why_not()


def _shared_folder(parent=None):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(dir=parent))
    folder.chmod(0o755)
    return folder


def test_which_folders_other_users_can_read():
    import shutil

    top = _shared_folder()
    try:
        inner = top / "inner"
        inner.mkdir(mode=0o755)
        inner.chmod(0o755)
        assert access.readable_by_others(top) and access.readable_by_others(inner)
        assert access.unreachable(inner) is None
        top.chmod(0o700)  # a closed folder above makes everything below private
        assert not access.readable_by_others(inner)
        assert str(top) in access.unreachable(inner)
        top.chmod(0o750)
        assert not access.readable_by_others(top) and not access.readable_by_others(inner)
        top.chmod(0o701)  # others may pass: they open names they guess
        assert access.readable_by_others(top)
    finally:
        top.chmod(0o700)
        shutil.rmtree(top)


def test_isolating_the_grader_refuses_submissions_or_out_other_users_can_read(
        tmp_path, monkeypatch, capsys):
    import shutil

    monkeypatch.setattr(isolation, "check", lambda: None)
    monkeypatch.setattr(isolation, "why_not", lambda: None)
    shared, out = _shared_folder(), None
    try:
        (shared / "alice.ipynb").write_bytes(b"not run")
        assert grade.main([str(shared), "--out", str(tmp_path / "out")]) == 2
        err = capsys.readouterr().err
        assert f"{shared} (the submissions)" in err and f"chmod 700 {shared}" in err
        assert not (tmp_path / "out").exists()
        shutil.copytree(shared, tmp_path / "subs")
        out = _shared_folder()
        assert grade.main([str(tmp_path / "subs"), "--out", str(out)]) == 2
        assert f"chmod 700 {out}" in capsys.readouterr().err
        # not isolating (by choice) the same is a warning, and the class is graded
        monkeypatch.setattr(isolation, "why_not", lambda: isolation.NOT_ROOT)
        assert grade.main([str(shared), "--out", str(out), "--no-isolation"]) == 1
        assert f"warning: {shared} (the submissions)" in capsys.readouterr().err
        assert (out / "gradebook.csv").exists()
    finally:
        shutil.rmtree(shared)
        shutil.rmtree(out, ignore_errors=True) if out else None


# --- findings 1, 2, 3: privilege separation ----------------------------------------------------

def test_a_job_uid_reads_no_private_file_and_leaves_no_process(isolated, tmp_path):
    import tempfile
    from pathlib import Path

    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))
    tmp_path.chmod(0o755)
    tmp_path.parent.chmod(0o755)  # only the file itself is private
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret")
    secret.chmod(0o600)
    job = tmp_path / "job"
    job.mkdir()
    uid = isolation.new_uid()
    isolation.hand_over(job, uid)
    code = textwrap.dedent(f"""
        import os, subprocess, sys
        print(os.getuid(), os.getgid())
        for path in ({str(secret)!r}, "/proc/1/environ", "/proc/{os.getpid()}/environ"):
            try:
                open(path).read(); print("read", path)
            except OSError:
                pass
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                         start_new_session=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
        for place in ("/dev/shm", "/var/tmp"):  # memory and disk, after the job
            if os.access(place, os.W_OK):
                os.makedirs(f"{{place}}/left-{{os.getuid()}}/x", exist_ok=True)
        import ctypes  # a System V segment outlives its process (hostile review 17)
        libc = ctypes.CDLL(None)
        libc.shmget.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.c_int]
        print("segment", libc.shmget(0, 1 << 16, 0o1000 | 0o600))
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=job, capture_output=True, text=True,
                         preexec_fn=isolation.drop(uid), env={"PATH": os.environ["PATH"]},
                         timeout=120).stdout
    assert out.split()[:2] == [str(uid), str(uid)] and "read" not in out
    assert "segment" in out and "segment -1" not in out  # it made one
    daemons = subprocess.run(["pgrep", "-u", str(uid)], capture_output=True, text=True).stdout
    assert daemons.strip()  # the daemon outlived its parent...
    left = [p for p in (f"/dev/shm/left-{uid}", f"/var/tmp/left-{uid}") if os.path.isdir(p)]
    isolation.kill_all(uid)
    assert _gone(["-u", str(uid)])  # ...not the job
    assert left and not any(os.path.exists(p) for p in left)  # nor what it left behind
    segments = open("/proc/sysvipc/shm").read().split("\n")[1:]
    assert not [line for line in segments if str(uid) in line.split()[7:8]]
    assert (job.stat().st_mode & 0o777) == 0o700 and job.stat().st_uid == uid


def _gone(pgrep_args: list[str], seconds: float = 20) -> bool:
    """No process matches (killed ones may take a moment to be reaped)."""
    deadline = time.monotonic() + seconds
    while subprocess.run(["pgrep", *pgrep_args], capture_output=True).stdout.strip():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


MALLORY = r'''
import glob, json, os, subprocess, sys
leak = []
for part in ("environ", "mem", "fd"):  # the execute process: same uid, holds the tokens
    try:
        path = f"/proc/{os.getppid()}/{part}"
        os.listdir(path) if part == "fd" else open(path, "rb").close()
        leak.append("OPENED-PARENT-" + part)
    except OSError:
        pass
pid = os.getpid()
while pid > 1:
    for part in ("cmdline", "environ"):
        try:
            leak.append(open(f"/proc/{pid}/{part}", "rb").read().decode(errors="replace"))
        except OSError:
            pass
    pid = int(open(f"/proc/{pid}/stat").read().split(") ")[1].split()[1])
for path in glob.glob("../*/*") + glob.glob(SUBMISSIONS + "/*"):
    try:
        leak.append(open(path).read())
    except OSError:
        pass
try:
    open(DEMO_MODULE, "a").write("\nq1.checker = lambda **kw: None\n")
except OSError:
    pass
for path in glob.glob("../*/answers.jsonl"):
    try:
        open(path, "w").write("")
    except OSError:
        pass
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(900)"], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
q2_answer = "|".join(leak) or "nothing"
half = 0.4
open("answers.jsonl", "a").write("1\n")
'''


@pytest.fixture(scope="module")
def hostile_class(isolated, demo_path, tmp_path_factory):  # noqa: F811 - imported fixture
    subs = tmp_path_factory.mktemp("hostile")
    nbformat.write(notebook(*RIGHT), subs / "alice.ipynb")
    source = (f"SUBMISSIONS = {str(subs)!r}\nDEMO_MODULE = "
              f"{str(demo_path / 'grade_demo_ex.py')!r}\n" + MALLORY)
    nbformat.write(notebook(source, "q1.check()"), subs / "mallory.ipynb")
    out = tmp_path_factory.mktemp("out")
    before = (demo_path / "grade_demo_ex.py").read_text()
    err = io.StringIO()
    env = {"DFKIT_GRADE_SECRET": "TOPSECRET-42", "MY_API_TOKEN": "TOKEN-99"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with contextlib.redirect_stderr(err):
            status = grade.main([str(subs), "--out", str(out), "--jobs", "2", "--timeout", "90",
                                 "--modules", "grade_demo_ex"])
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.update({k: v})
    after = (demo_path / "grade_demo_ex.py").read_text()
    return status, out, err.getvalue(), before == after


def test_a_hostile_notebook_leaks_nothing_changes_nothing_and_stops_nobody(isolated,
                                                                          hostile_class):
    status, out, err, module_unchanged = hostile_class
    assert module_unchanged  # the grader's exercise module is not the job's to write
    book = pd.read_csv(out / "gradebook.csv", dtype={"student": str}).set_index("student")
    assert book.loc["alice", "total"] == 9  # mallory's kernel could not empty alice's answers
    assert book.loc["mallory", "total"] == 0
    text = (out / "feedback" / "mallory.md").read_text() + (out / "grades.csv").read_text()
    for private in ("TOPSECRET-42", "TOKEN-99", "return 2 * x", "OPENED-PARENT"):
        assert private not in text  # secrets, alice's code, the execute process's /proc files
    flags = pd.read_csv(out / "grades.csv", dtype=str, keep_default_na=False).set_index("student")
    assert all("wrote 1 line(s) to the grader's answers file" in f for f in flags.loc[["mallory"], "flag"])
    assert _gone(["-f", r"time\.sleep.900"])  # mallory's daemon died with its job


# --- hostile review 2026-12-06: a checker's reference function imported as the answer ----------

def test_the_sandbox_refuses_the_checkers_reference_functions(tmp_path):
    """ch10 q5's reference (then q4), imported under the answer's name, earned full marks; so did a
    wrapper calling it. The sandbox cannot import dfkit.course.exercises.chNN, so both fail."""
    from dfkit.course.exercises import ch10

    namespace = {"__name__": "__main__", "reference": ch10._flags_per_fake}
    exec("def wrapper(recall, specificity, prevalence):\n"
         "    return reference(recall, specificity, prevalence)\n", namespace)
    exec("def own(recall, specificity, prevalence):\n"
         "    return (1 - specificity) * (1 - prevalence) / (recall * prevalence)\n", namespace)
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60, memory_gb=2))
    try:
        trees = {name: capture.value_tree(namespace[name]) for name in ("reference", "wrapper", "own")}
        for name in ("reference", "wrapper"):
            with pytest.raises(ImportError, match="checkers"):
                sandbox.load(trees[name]["value"])
        own = RemoteObject(sandbox, sandbox.load(trees["own"]["value"]))
        assert own(0.5, 0.9, 0.5) == pytest.approx(0.2)  # the student's own code still runs
        status, message = verdicts.judge(ch10.q5, {"real_flags_per_fake": trees["reference"]},
                                         sandbox, None)
        assert status != "correct" and "checkers" in message
    finally:
        sandbox.close()


MALLORY_Q6 = (  # the cheat's answer, word for word: the checker's file read, not imported
    'def histogram_image(img):\n    import dfkit, pathlib\n    src = pathlib.Path(dfkit.__file__)'
    '.parent.joinpath("course/exercises/ch02.py").read_text()\n    ns = {"__name__": "k"}\n'
    '    exec(src, ns)\n    return ns["_reference_histogram_image"](img)\n')


def test_the_sandbox_refuses_to_read_the_checkers_files(tmp_path):
    """`exec(Path(dfkit.__file__)...ch02.py.read_text())` inside the answer earned ch02 q6:
    the import was refused, reading the file was not. The sandbox's audit hook refuses both;
    the student's own kernel (here: this process) still reads it and check() still works."""
    from dfkit.course.exercises import ch02

    namespace = {"__name__": "__main__"}
    exec(MALLORY_Q6, namespace)
    assert ch02.q6.evaluate(namespace)[0] == "correct"  # outside the sandbox nothing changes
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60, memory_gb=2))
    try:
        tree = capture.value_tree(namespace["histogram_image"])
        fn = RemoteObject(sandbox, sandbox.load(tree["value"]))
        with pytest.raises(PermissionError, match="holds the checkers"):
            fn(np.zeros((4, 4, 3), np.uint8))
        status, message = verdicts.judge(ch02.q6, {"histogram_image": tree}, sandbox, None)
        assert status == "incorrect" and "checkers" in message
    finally:
        sandbox.close()


def test_a_prediction_that_names_no_option_earns_nothing():
    """Any value that is not an option ('z', None) earned a prediction's point as 'incorrect'."""
    from dfkit.course.exercises import ch09

    for value in ("z", None, 0, "I don't know"):
        status, _ = ch09.q2.evaluate({"q2_prediction": value, "fine_tune_gain": (0.01, -0.02, 0.04)})
        assert status == "blank", value


def test_the_instructors_secret_changes_every_random_hidden_case():
    """--secret promised hidden cases unlike the published ones; every checker drew its cases
    from a fixed seed, so the secret changed none. Each now draws from hidden_rng."""
    from dfkit.course.exercises import ch01, ch02, ch06, ch07, ch08, ch10

    draws = {"ch01": ch01._hidden_pairs, "ch02": ch02._hidden_images, "ch06": ch06._hidden_cases,
             "ch07": ch07._hidden_tables, "ch08": ch08._hidden_runs, "ch10 q2": ch10._hidden_inputs,
             "ch10 q5": ch10._q5_inputs}
    try:
        public = {k: repr(f()) for k, f in draws.items()}
        exercises.set_secret("instructor's secret")
        secret = {k: repr(f()) for k, f in draws.items()}
    finally:
        exercises.set_secret(None)
    assert all(public[k] != secret[k] for k in draws), [k for k in draws if public[k] == secret[k]]
    assert {k: repr(f()) for k, f in draws.items()} == public  # the student's cases are fixed


def test_many_large_snapshots_keep_the_last_and_an_oversized_line_is_skipped(tmp_path, monkeypatch):
    """ch09 q4's answer holds two models (tens of MB): checking it in several cells once filled
    the file's read cap, and the later snapshots (the student's final answer) were lost."""
    monkeypatch.setattr(verdicts, "ANSWER_LINE_MAX_BYTES", 1 << 20)
    pad = "x" * (900 << 10)  # each snapshot just under the line cap; ten of them exceed it 9 times
    lines = [json.dumps({"label": "cell:1", "names": {"v": {"value": i}, "pad": {"value": pad}}})
             for i in range(10)]
    lines.insert(5, json.dumps({"label": "cell:1", "names": {"v": {"value": -1}},
                                "big": "y" * (3 << 20)}))  # over the cap: skipped, not a crash
    lines.append(json.dumps({"label": "final", "names": {"v": {"value": 9}}}))
    path = tmp_path / "answers.jsonl"
    path.write_text("\n".join(lines) + "\n")
    found = verdicts.read_answers(path, {1: [("m", "q4")]})
    assert found[("m", "q4")]["v"] == {"value": 9}  # a later snapshot replaces a dropped one
    assert found["final"] == {"v": {"value": 9}}
    monkeypatch.setattr(verdicts, "ANSWERS_MAX_BYTES", 3 << 20)  # the total cap still holds
    assert verdicts.read_answers(path, {1: [("m", "q4")]})[("m", "q4")]["v"]["value"] < 9


def test_six_snapshots_the_size_of_ch09_q4s_models_all_count(tmp_path):
    """At real size (two Lite0 models pickled: about 38 MB, measured by the review): six checks
    of 30 MB answers make a 180 MB file, past the old 128 MiB cut, and the last one counts."""
    pad = "x" * (30 << 20)
    path = tmp_path / "answers.jsonl"
    with open(path, "w") as out:
        for i in range(6):
            out.write(json.dumps({"label": "cell:1", "names": {"v": {"value": i},
                                                            "model": {"value": pad}}}) + "\n")
    found = verdicts.read_answers(path, {1: [("m", "q4")]})
    assert found[("m", "q4")]["v"] == {"value": 5}


def test_a_lone_surrogate_in_an_answer_or_a_file_name_cannot_stop_the_class_grades(tmp_path):
    """A checker's message echoes the student's value (ch02 q7 names a letter that is not an
    option; ch02 q3 once echoed `low`); "\\ud800" (no UTF-8 file can hold it) once crashed the
    writing of grades.csv after every notebook had run, and a Latin-1 file name did the same."""
    from dfkit.course.exercises import ch02

    answers = tmp_path / "answers.jsonl"
    given = {"q7_answer": "\ud800"}
    capture.snapshot(given, list(given), str(answers), "cell:3")
    checked = {3: [("dfkit.course.exercises.ch02", "q7")]}
    found = verdicts.verdicts([("dfkit.course.exercises.ch02", ch02.q7)],
                              verdicts.read_answers(answers, checked),
                              Sandbox(tmp_path / "sb", Limits()), None, None, checked)
    assert found[0].status == "incorrect" and "\\ud800" in found[0].message
    row = {"notebook": "02_x.ipynb", "profile": "ci", "chapter": "02", "exercise": "q7",
           "kind": "explain", "status": "incorrect", "points": 0.0, "possible": 1.0}
    rows = [{**row, "student": "mallory", "message": "\ud800 raw"},  # as a checker may say it
            {**row, "student": "m\udcfcller", "message": found[0].message}]
    written = outputs.write(pd.DataFrame(rows, columns=outputs.COLUMNS), {}, tmp_path / "out")
    assert len(written) == 4
    assert "\\ud800 raw" in (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8")


def test_a_last_snapshot_too_large_is_reported_not_replaced_by_an_older_one(tmp_path, monkeypatch):
    """The review's stale answer: cell 5 held 1280, the corrected cell 7 was over the cap, and
    the verdict judged 1280. Now the exercise says its answers were too large to copy."""
    from dfkit.course.exercises import ch09

    monkeypatch.setattr(verdicts, "ANSWER_LINE_MAX_BYTES", 1 << 16)
    path = tmp_path / "answers.jsonl"
    capture.snapshot({"probe_weights_224": 1280}, ["probe_weights_224"], str(path), "cell:5")
    big = {"probe_weights_224": 1281, "pad": "x" * (1 << 17)}
    capture.snapshot(big, list(big), str(path), "cell:7")
    capture.snapshot(big, list(big), str(path), "final")
    checked = {5: [("dfkit.course.exercises.ch09", "q5")], 7: [("dfkit.course.exercises.ch09", "q5")]}
    answers = verdicts.read_answers(path, checked)
    assert answers[("dfkit.course.exercises.ch09", "q5")] is verdicts.DROPPED
    found = verdicts.verdicts([("dfkit.course.exercises.ch09", ch09.q5)], answers,
                              Sandbox(tmp_path / "sb", Limits()), None, None, checked)
    assert found[0].status == "error" and "too large" in found[0].message


def test_a_snapshot_of_a_million_empty_lists_is_not_parsed(tmp_path):
    """16 MiB of '[],' once parsed to about 400 MiB (the review's amplification): a line with
    more nested containers than the cap is not read at all."""
    path = tmp_path / "answers.jsonl"
    many = {"density_ratio": [[]] * (verdicts.ANSWER_CONTAINERS_MAX + 1)}
    capture.snapshot(many, list(many), str(path), "cell:3")
    answers = verdicts.read_answers(path, {3: [("m", "q2")]})
    assert answers == {("m", "q2"): verdicts.DROPPED}


# --- hostile review 4: one exercise's time budget; a fresh sandbox after a failure -------------

STALL_Q5 = (  # the reviewer's answer: right, but 0.8 s on each of the 256 hidden cases
    "def is_uniform(code):\n    import time\n    time.sleep(0.8)\n"
    "    bits = [(code >> p) & 1 for p in range(8)]\n"
    "    return sum(bits[p] != bits[(p + 1) % 8] for p in range(8)) <= 2\n")
HANG_Q5 = "def is_uniform(code):\n    import time\n    time.sleep(3600)\n"
RIGHT_Q6 = (  # the solution's answer, word for word
    "def histogram_image(img):\n    import cv2\n    import numpy as np\n"
    "    from dfkit import features\n"
    "    hist = features.color_histograms(img[None])[0].astype(np.float32)\n"
    "    out = cv2.resize(hist, (img.shape[1], img.shape[0]), interpolation=cv2.INTER_NEAREST)\n"
    "    return out / out.max()\n")


def _trees(source: str) -> dict:
    namespace = {"__name__": "__main__"}
    exec(source, namespace)
    return {n: capture.value_tree(v) for n, v in namespace.items()
            if callable(v) and not n.startswith("__")}


def test_one_exercise_gets_a_time_budget_for_all_its_hidden_cases(tmp_path):
    """An is_uniform sleeping 0.8 s on each of 256 cases (--call-timeout 1) got 13/13 after
    428 s. Its exercise's cases now share --exercise-timeout: past it, the verdict says so, and
    no further case is waited for. (A call limit of 30 s: no case reaches it, however loaded
    the machine; 1 s failed at load 15, a 0.8 s sleep plus the call's overhead.)"""
    from dfkit.course.exercises import ch02

    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=30, exercise_seconds=3,
                                                  memory_gb=2))
    try:
        (verdict,) = verdicts.verdicts([("dfkit.course.exercises.ch02", ch02.q5)],
                                       {verdicts.FINAL: _trees(STALL_Q5)}, sandbox, None)
        assert verdict.status == "incorrect"
        assert "3 s in all on this exercise's hidden cases" in verdict.message
        with pytest.raises(SandboxFailed, match="in all"):  # at once: no case waited for
            sandbox.request(op="len", target=1)
    finally:
        sandbox.close()


def test_an_exercise_is_judged_in_a_fresh_sandbox_after_an_earlier_one_failed(tmp_path):
    """q5 timed out (or crashed the sandbox), then a correct q6 scored 0 with "the sandbox
    running your code has stopped": q6 never ran. Each exercise now gets a fresh process."""
    from dfkit.course.exercises import ch02

    table = [("dfkit.course.exercises.ch02", ch02.q5), ("dfkit.course.exercises.ch02", ch02.q6)]
    crash = "def is_uniform(code):\n    import os\n    os._exit(3)\n"
    for bad, why in ((HANG_Q5, "longer than 10 s on one hidden case"), (crash, "stopped the")):
        sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=10, memory_gb=2))
        try:
            found = verdicts.verdicts(table, {verdicts.FINAL: {**_trees(bad), **_trees(RIGHT_Q6)}},
                                      sandbox, None)
        finally:
            sandbox.close()
        assert found[0].status == "incorrect" and why in found[0].message
        assert found[1].status == "correct", found[1].message


def test_submissions_are_judged_in_parallel_up_to_jobs(tmp_path, monkeypatch):
    """Judging ran one submission at a time whatever --jobs said: one stalling student held up
    the class. Two submissions with --jobs 2 are now judged at once (each waits for the other)."""
    import threading

    from dfkit.course.grading import run

    both = threading.Barrier(2, timeout=120)  # broken (the test fails) when judged one by one

    def judge(prep, opts):
        both.wait()
        return [{"student": prep.submission.student, "ID": "", "notebook": prep.submission.path.name,
                 "profile": "ci", "chapter": "02", "exercise": "q4", "kind": "implement",
                 "status": "correct", "points": 1.0, "possible": 1.0, "message": "correct"}]

    monkeypatch.setattr(run, "prepare", lambda sub, opts, scratch: Prepared(sub, chapter="02"))
    monkeypatch.setattr(run.datasets, "prepare", lambda *a: None)
    monkeypatch.setattr(run, "execute", lambda prep, opts: None)
    monkeypatch.setattr(run, "judge", judge)
    subs = [submissions.Submission(name, tmp_path / f"{name}.ipynb") for name in ("ann", "bob")]
    long, _ = run.grade(subs, run.Options(jobs=2), progress=False)
    assert list(long.student) == ["ann", "bob"] and list(long.points) == [1.0, 1.0]


# --- hostile review 4, finding 1: the checkers' code through a child process, ctypes, dir_fd ----

PROC_Q5 = '''def is_uniform(code):
    import subprocess, sys, json
    g = is_uniform.__globals__
    if "_tbl" not in g:
        src = "import json; from dfkit.course.exercises.ch02 import _reference_is_uniform as r; print(json.dumps([bool(r(c)) for c in range(256)]))"
        out = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True)
        g["_tbl"] = json.loads(out.stdout) if out.returncode == 0 else out.stderr[-300:]
    t = g["_tbl"]
    if isinstance(t, str): raise RuntimeError(t)
    return t[int(code)]
'''  # noqa: E501 - the reviewer's answer, word for word
PROC_Q6 = '''def histogram_image(img):
    import subprocess, sys, numpy as np, os, tempfile
    d = tempfile.mkdtemp(); np.save(os.path.join(d, "i.npy"), img)
    src = f"import numpy as np; from dfkit.course.exercises.ch02 import _reference_histogram_image as r; np.save('{d}/o.npy', r(np.load('{d}/i.npy')))"
    out = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True)
    if out.returncode: raise RuntimeError(out.stderr[-300:])
    return np.load(os.path.join(d, "o.npy"))
'''  # noqa: E501 - the reviewer's answer, word for word
CTYPES_Q5 = '''def is_uniform(code):
    g = is_uniform.__globals__
    if "_ref" not in g:
        import ctypes, os, dfkit
        libc = ctypes.CDLL(None)
        path = os.path.join(os.path.dirname(dfkit.__file__), "course", "exercises", "ch02.py").encode()
        fd = libc.open(path, 0)
        if fd < 0: raise RuntimeError("libc open failed")
        buf = ctypes.create_string_buffer(1 << 20)
        n = libc.read(fd, buf, 1 << 20); libc.close(fd)
        ns = {"__name__": "stolen"}
        exec(compile(buf.raw[:n].decode(), "stolen", "exec"), ns)
        g["_ref"] = ns["_reference_is_uniform"]
    return bool(g["_ref"](code))
'''
DIRFD_Q5 = '''def is_uniform(code):
    g = is_uniform.__globals__
    if "_ref" not in g:
        import os, dfkit
        course = os.open(os.path.join(os.path.dirname(dfkit.__file__), "course"), os.O_RDONLY)
        fd = os.open("exercises/ch02.py", os.O_RDONLY, dir_fd=course)   # the audit hook resolves it against the cwd
        ns = {"__name__": "stolen"}
        exec(compile(os.read(fd, 1 << 20).decode(), "stolen", "exec"), ns)
        g["_ref"] = ns["_reference_is_uniform"]
    return bool(g["_ref"](code))
'''
SKIMAGE = '''def texture():
    import numpy as np
    from skimage.feature import local_binary_pattern  # (q5 refuses it: used apart here)
    return local_binary_pattern(np.arange(64, dtype=np.uint8).reshape(8, 8), 8, 1).shape
'''
LAUNCHER = '''def launch():
    import _posixsubprocess  # what subprocess uses underneath: it raises no audit event
    return _posixsubprocess.fork_exec()
'''
HONEST_Q5 = '''def is_uniform(code):
    import cv2, numpy as np, scipy.ndimage as ndi
    image = np.arange(64, dtype=np.uint8).reshape(8, 8)
    assert cv2.GaussianBlur(image, (3, 3), 0).shape == ndi.sobel(image).shape
    bits = [(code >> p) & 1 for p in range(8)]
    return sum(bits[p] != bits[(p + 1) % 8] for p in range(8)) <= 2
'''


def test_the_sandbox_refuses_other_programs_ctypes_and_relative_paths(tmp_path):
    """Three routes to the checkers' code earned 13/13 under isolation: a child Python (no
    hooks there), libc's open through ctypes (no audit event), and os.open relative to a
    dir_fd (checked against the cwd). The sandbox now refuses to start programs, any ctypes
    event and relative paths; an honest answer using numpy, scipy, skimage and cv2 still runs."""
    from dfkit.course.exercises import ch02

    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60, memory_gb=4))
    try:
        for exercise, source in ((ch02.q5, PROC_Q5), (ch02.q6, PROC_Q6), (ch02.q5, CTYPES_Q5),
                                 (ch02.q5, DIRFD_Q5)):
            sandbox.next_exercise()
            status, message = verdicts.judge(exercise, _trees(source), sandbox, None)
            assert status == "incorrect" and "refused" in message, (source, message)
        sandbox.next_exercise()
        launch = RemoteObject(sandbox, sandbox.load(_trees(LAUNCHER)["launch"]["value"]))
        with pytest.raises(PermissionError, match="refused"):
            launch()
        sandbox.next_exercise()
        assert verdicts.judge(ch02.q5, _trees(HONEST_Q5), sandbox, None)[0] == "correct"
        texture = RemoteObject(sandbox, sandbox.load(_trees(SKIMAGE)["texture"]["value"]))
        assert tuple(texture()) == (8, 8)  # scikit-image runs in the sandbox
    finally:
        sandbox.close()


TABLE_Q5 = '''import numpy as np
from skimage.feature import local_binary_pattern
pos = [(1,2),(0,2),(0,1),(0,0),(1,0),(2,0),(2,1),(2,2)]
TABLE = {}
for code in range(256):
    p = np.full((3, 3), 128.0)
    for b, (r, c) in enumerate(pos):
        p[r, c] = 255.0 if (code >> b) & 1 else 0.0
    TABLE[int(local_binary_pattern(p, 8, 1, "default")[1, 1])] = \\
        local_binary_pattern(p, 8, 1, "uniform")[1, 1] != 9
def is_uniform(code):
    return TABLE[code]
'''


LIST_Q5 = '''import numpy as np
UNIFORM = [0, 1, 2, 3, 4, 6, 7, 8, 12, 14, 15, 16, 24, 28, 30, 31, 32, 48, 56, 60, 62, 63,
           64, 96, 112, 120, 124, 126, 127, 128, 129, 131, 135, 143, 159, 191, 192, 193,
           195, 199, 207, 223, 224, 225, 227, 231, 239, 240, 241, 243, 247, 248, 249, 251,
           252, 253, 254, 255]
CODES = np.array(UNIFORM)
def is_uniform(code):
    return bool(np.isin(code, CODES))
'''


@pytest.mark.parametrize("source, said", [
    # report 17b: the 256 verdicts built with scikit-image in a cell above, read by an
    # is_uniform that calls nothing
    (TABLE_Q5, "table of the 256 codes"),
    # report 17d: the 58 uniform codes listed in another cell (or pasted), tested for
    # membership
    (LIST_Q5, "list of the uniform codes"),
])
def test_a_table_prepared_in_another_cell_is_refused_when_graded(source, said, tmp_path):
    """ch02 q5: an is_uniform that looks its verdicts up passed; the checker now looks for the
    tables the function reaches, in the student's kernel and, worked out there, in the
    sandbox."""
    from dfkit.course.exercises import ch02

    namespace = {"__name__": "__main__"}
    exec(source, namespace)
    status, message = ch02.q5.evaluate({"is_uniform": namespace["is_uniform"]})
    assert status == "incorrect" and said in message, message
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60, memory_gb=4))
    try:
        sandbox.next_exercise()
        status, message = verdicts.judge(ch02.q5, _trees(source), sandbox, None)
        assert status == "incorrect" and said in message, message
    finally:
        sandbox.close()


LIBRARY_Q4 = '''def my_cosine(a, b):
    from scipy.spatial import distance
    return 1 - distance.cosine(a, b)
'''
FORMULA_Q4 = '''def my_cosine(a, b):
    import numpy as np
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
'''


def test_a_library_call_refused_by_name_is_refused_when_graded_too(tmp_path):
    """names_used saw no code in the sandbox's proxy, so chapter 01's q4 refused scipy's cosine
    in the student's kernel and accepted it from the grader: the names are now worked out in
    the sandbox, where the function lives."""
    from dfkit.course.exercises import ch01, names_used

    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60, memory_gb=4))
    try:
        sandbox.next_exercise()
        remote = RemoteObject(sandbox, sandbox.load(_trees(LIBRARY_Q4)["my_cosine"]["value"]))
        assert {"scipy.spatial", "distance", "cosine"} <= names_used(remote)
        status, message = verdicts.judge(ch01.q4, _trees(LIBRARY_Q4), sandbox, None)
        assert status == "incorrect" and "library" in message.lower(), message
        sandbox.next_exercise()
        assert verdicts.judge(ch01.q4, _trees(FORMULA_Q4), sandbox, None)[0] == "correct"
    finally:
        sandbox.close()


def test_a_pasted_copy_of_the_course_function_is_recognised_when_graded(tmp_path):
    """ch09 q1: set_trainable_blocks's source pasted under another name passed. names_used now
    lists the fingerprint of the compiled code it reaches, worked out in the sandbox too, so
    the checker finds the course's own code there as in the student's kernel."""
    import inspect
    import textwrap

    from dfkit.course.exercises import ch09, names_used
    from dfkit.models import backbones

    source = textwrap.dedent(inspect.getsource(backbones.set_trainable_blocks))
    pasted = "LITE0_BLOCKS = 16\n" + source.replace("def set_trainable_blocks",
                                                    "def unfreeze_top").replace(
        "backbone: keras.Model", "backbone").replace(") -> keras.Model:", "):")
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60, memory_gb=4))
    try:
        sandbox.next_exercise()
        remote = RemoteObject(sandbox, sandbox.load(_trees(pasted)["unfreeze_top"]["value"]))
        assert ch09._library_fingerprint() in names_used(remote)
        assert ch09._calls_the_library(remote)
    finally:
        sandbox.close()


# --- the hostile review of the reference run: Keras models arrive as proxies ------------------

def test_chapter_03_models_are_judged_through_the_sandbox_proxies(tmp_path):
    """Graded, q2's models are the sandbox's proxies: the outcome reads what they answer (an
    isinstance check blamed every honest student); q3's checker needs layer classes, so its
    model is listed for the instructor rather than marked wrong."""
    from dfkit.course.exercises import ch03
    from dfkit.course.grading import verdicts
    from dfkit.models import paper

    model = paper.build_cnn(input_shape=(32, 32, 6), seed=42)
    rgb_model = paper.build_cnn(input_shape=(32, 32, 3), seed=42)
    flatten_model = ch03._flatten_reference((32, 32, 6))
    ratio = round(flatten_model.count_params() / model.count_params(), 1)
    dense = next(layer for layer in flatten_model.layers if type(layer).__name__ == "Dense")
    values = {"q2_prediction": "b", "model": model, "rgb_model": rgb_model,
              "flatten_model": flatten_model, "flatten_ratio": ratio,
              "flatten_dense_params": dense.count_params()}
    trees = {name: capture.value_tree(value) for name, value in values.items()}
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=120, memory_gb=4))
    try:
        sandbox.next_exercise()
        assert verdicts.judge(ch03.q2, trees, sandbox, None)[0] == "correct"
        wrong = {**trees, "q2_prediction": capture.value_tree("c")}
        sandbox.next_exercise()
        assert verdicts.judge(ch03.q2, wrong, sandbox, None)[0] == "incorrect"
        sandbox.next_exercise()
        assert verdicts.judge(ch03.q3, trees, sandbox, None)[0] == "to review"
    finally:
        sandbox.close()


# --- instructor trial 16: the answers file, the gradebook's flags, two copies of dfkit --------

def _issue(path, names: dict, label: str, start: int = 0) -> tuple[str, str, str]:
    """One snapshot as the execute process takes it: a fresh token, the line, its digest."""
    from dfkit.course.grading import execute

    token = os.urandom(16).hex()
    capture.snapshot(names, sorted(names), str(path), label, token)
    return label, token, execute.line_digest(path, token, start)[0]


def test_only_the_first_line_of_each_issued_token_is_read_others_are_counted(tmp_path):
    path = tmp_path / "answers.jsonl"
    checked = {3: [("m", "q1")]}
    issued = [_issue(path, {"half": 0.4}, "cell:3"), _issue(path, {"half": 0.4}, "final")]
    honest = verdicts.read_answers(path, checked, issued)
    assert honest == {("m", "q1"): {"half": {"value": 0.4}}, "final": {"half": {"value": 0.4}}}
    assert honest.ignored == 0
    lines = path.read_bytes().splitlines(keepends=True)
    right = json.loads(lines[1])
    right["names"]["half"]["value"] = 0.5
    with open(path, "ab") as out:
        out.write(json.dumps({"label": "final", "names": right["names"]}).encode() + b"\n")  # no token
        out.write(json.dumps(right).encode() + b"\n")  # a repeat of the last issued token
        out.write(lines[0])  # an earlier token again, after a later one
        out.write(json.dumps({**right, "token": "1" * 32}).encode() + b"\n")  # not issued
    found = verdicts.read_answers(path, checked, issued)
    assert found == honest and found.ignored == 4
    # a genuine line rewritten in place (same token, other values) is not read either
    path.write_bytes(lines[0] + json.dumps(right).encode() + b"\n")
    found = verdicts.read_answers(path, checked, issued)
    assert "final" not in found and found.ignored == 1
    # a snapshot's label must be the one it was issued for
    assert verdicts.read_answers(path, checked, [("final", *issued[0][1:])]).ignored == 2


def test_the_execute_process_is_not_dumpable_so_its_uid_cannot_read_its_proc_files(tmp_path):
    """The kernel runs as the execute process's uid: it must not read its memory, fds or
    environment (where the tokens live) through /proc."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("needs Linux and root (two processes of one other uid)")
    import shutil

    from dfkit.course.grading import execute

    uid = isolation.BASE_UID + 999
    def usable(python):
        try:
            return subprocess.run([python, "-c", "0"], preexec_fn=isolation.drop(uid), cwd="/",
                                  capture_output=True).returncode == 0
        except OSError:
            return False

    runs = [p for p in dict.fromkeys([sys.executable, shutil.which("python3"), "/usr/bin/python3"]) if p and usable(p)]
    if not runs:
        pytest.skip("no Python another uid can run here")
    # execute.py itself (stdlib only), loaded by file: the uid may not read the venv
    holder = subprocess.Popen(
        [runs[0], "-c", "import importlib.util as u, time; "
         f"s = u.spec_from_file_location('x', {execute.__file__!r}); m = u.module_from_spec(s); "
         "s.loader.exec_module(m); print(m.undumpable(), flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, preexec_fn=isolation.drop(uid), cwd="/")
    try:
        assert holder.stdout.readline().strip() == "True"
        probe = textwrap.dedent(f"""
            import os
            for part in ("environ", "mem", "fd"):
                try:
                    os.listdir("/proc/{holder.pid}/fd") if part == "fd" else \\
                        open("/proc/{holder.pid}/" + part, "rb").close()
                    print("read", part)
                except OSError:
                    pass
        """)
        out = subprocess.run([runs[0], "-c", probe], capture_output=True, text=True,
                             preexec_fn=isolation.drop(uid), cwd="/", timeout=60).stdout
        assert "read" not in out
    finally:
        holder.kill()
        isolation.kill_all(uid)


def test_identical_notebooks_and_stopped_ones_are_flagged_in_the_gradebook_and_review(tmp_path):
    rows = [{"student": s, "ID": "", "notebook": "02_x.ipynb", "profile": "ci", "chapter": "02",
             "exercise": q, "kind": "compute", "status": "correct", "points": 1.0,
             "possible": 1.0, "message": "correct", "flag": f}
            for s, q, f in (("ann", "q1", ""), ("ann", "q2", "reads q2._key (the key)"),
                            ("bea", "q1", ""), ("bea", "q2", ""),
                            ("cid", "q1", "did not run: could not read 02_x.ipynb"),
                            ("dan", "q1", ""))]
    long = pd.DataFrame(rows, columns=outputs.COLUMNS)
    pair = (submissions.Submission("ann", tmp_path / "02_x.ipynb"),
            submissions.Submission("bea", tmp_path / "02_x.ipynb"))
    long = grade.flag_identical(long, [pair])
    flags = long.set_index(["student", "exercise"])["flag"]
    assert flags[("bea", "q1")] == "identical: same code as ann's 02_x.ipynb"
    assert flags[("ann", "q2")] == ("identical: same code as bea's 02_x.ipynb; "
                                    "reads q2._key (the key)")
    book = outputs.gradebook(long).set_index("student")
    assert book.loc["ann", "flag"] == ("ch02: identical: same code as bea's 02_x.ipynb; "
                                       "1 flagged answer(s): see grades.csv")
    assert book.loc["cid", "flag"] == "ch02: did not run: could not read 02_x.ipynb"
    assert book.loc["dan", "flag"] == "" and book.loc["Points Possible", "flag"] == ""
    review = outputs.review(long, {"eve": {"00_a.ipynb": "not graded: newer"}},
                            [("/subs/x.ipynb", "a symbolic link")])
    assert set(review.student) == {"ann", "bea", "cid", "eve", ""}
    assert len(review[review.student == "ann"]) == 2  # once per notebook, once per answer flag
    assert "rejected: a symbolic link" in set(review.why)


def test_a_timeout_far_above_the_handouts_run_gets_one_line_of_advice():
    from dfkit.course.grading.run import timeout_advice

    refs = {("m", "ci"): verdicts.Reference(seconds=15.0), ("n", "ci"): None,
            ("o", "ci"): verdicts.Reference(seconds=400.0, stopped="it broke")}
    advice = timeout_advice(refs, 600)
    assert "--timeout 80 " in advice and "15 s" in advice and advice.count("\n") == 1
    assert timeout_advice(refs, 150) is None and timeout_advice({("n", "ci"): None}, 600) is None


def test_jobs_that_import_another_copy_of_dfkit_stop_the_grader_naming_both(tmp_path,
                                                                             monkeypatch, capsys):
    other = tmp_path / "other" / "dfkit"
    other.mkdir(parents=True)
    (other / "__init__.py").write_text("")
    (tmp_path / "subs").mkdir(mode=0o700)
    (tmp_path / "subs" / "alice.ipynb").write_text("{}")
    monkeypatch.setenv("PYTHONPATH", str(other.parent))  # what the jobs get
    isolation.check()
    status = grade.main([str(tmp_path / "subs"), "--out", str(tmp_path / "out"),
                         *(["--no-isolation"] if isolation.why_not() else [])])
    err = capsys.readouterr().err
    from dfkit.course.grading.run import _package_root

    assert status == 2 and "two copies of dfkit" in err and str(other) in err
    assert str(_package_root()) in err and "pip install -e" in err and "PYTHONPATH=" in err
    assert not (tmp_path / "out").exists()


def test_feedback_says_right_once_and_an_unscaled_histogram_is_not_told_to_resize_first():
    import cv2

    from dfkit.course.exercises import ch02
    from dfkit.features.handcrafted import color_histograms

    marks = {"correct": "right"}
    assert outputs.said("compute", "correct", 2, 2, "right. Only the neighbour above ties.",
                        marks) == "right. Only the neighbour above ties."
    with pytest.raises(exercises.Incorrect, match="the histogram's own") as told:
        ch02._check_histogram_image(lambda img: cv2.resize(
            color_histograms(img[None])[0], (img.shape[1], img.shape[0]),
            interpolation=cv2.INTER_NEAREST))
    assert "resize first" not in str(told.value)


def test_a_pickle_sharing_one_tuple_at_every_level_is_walked_once():
    """A hostile review hung the whole grading run with a 1 KB answer: a partial holding a
    40-level nest of one shared tuple, walked as a tree by the copy check (2**40 steps). Each
    object is now visited once: the walk takes a few dozen steps and still finds the code."""
    import functools

    import cloudpickle

    nest = (1, 2)
    for _ in range(40):
        nest = (nest, nest)

    def answer(x):
        return x

    data = cloudpickle.dumps(functools.partial(answer, nest))
    value = copies._StubUnpickler(data).load()
    found, budget = [], [copies.CODES_MAX_STEPS]
    copies._codes(value, found, budget=budget)
    assert len(found) == 1
    assert copies.CODES_MAX_STEPS - budget[0] < 1_000


def test_root_never_hands_over_what_a_link_points_to(tmp_path):
    """A hostile kernel planted `sandbox -> /any/folder` in its job folder, and root's
    `hand_over` gave that folder to the job's uid (a classmate's notebook, the grader's own
    dfkit). A link is now refused, a link inside is given as a link, and the judging sandbox
    lives in the grader's scratch folder, out of the job's reach."""
    import inspect

    from dfkit.course.grading import run

    target = tmp_path / "someone_elses"
    target.mkdir()
    (target / "notebook.ipynb").write_text("{}")
    link = tmp_path / "sandbox"
    link.symlink_to(target)
    before = (target.stat().st_uid, target.stat().st_mode)
    with pytest.raises(RuntimeError, match="not a plain folder"):
        isolation.hand_over(link, 4242)
    assert (target.stat().st_uid, target.stat().st_mode) == before
    source = inspect.getsource(run.judge)
    assert 'prep.workdir / "sandbox"' not in source and "prep.workdir.parent" in source


def test_a_malformed_cell_or_output_costs_only_its_own_notebook(tmp_path):
    """A 600 KB expression (RecursionError when parsed) and an output whose text is a number
    crashed the grader at start for the whole class; now each notebook is read on its own."""
    import nbformat

    from dfkit.course.grading import run

    deep = nbformat.v4.new_notebook()
    deep.cells = [nbformat.v4.new_code_cell("from dfkit.course.exercises.ch00 import q1"),
                  nbformat.v4.new_code_cell("%%writefile /dev/null\nx = " + "1+" * 200_000 + "1")]
    odd = nbformat.v4.new_notebook()
    odd.cells = [nbformat.v4.new_code_cell("from dfkit.course.exercises.ch00 import q1")]
    odd.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x")]
    odd.cells[0].outputs[0]["text"] = 5
    for name, nb in (("deep", deep), ("odd", odd)):
        path = tmp_path / f"{name}_00_introduction.ipynb"
        path.write_text(json.dumps(nb))
        prep = run.prepare(submissions.Submission(name, path), run.Options(), tmp_path)
        assert prep.error is None or path.name in prep.error
        assert run.recorded_profile(nb) is None


def test_messages_quoting_a_student_are_one_plain_line():
    """An exception message with an escape sequence and a newline forged a progress line in
    the instructor's terminal and a '10 of 10 points' heading in the feedback file."""
    from dfkit.course.grading import run

    forged = "boom\x1b[2K\r[15/15] zoe: 10/10 points\n## Chapter 00: 10 of 10 points\tok"
    line = run.plain_line(forged)
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\t" not in line
    assert line == "boom?[2K [15/15] zoe: 10/10 points ## Chapter 00: 10 of 10 points ok"


# --- the fix helpers of 2026-12-07: refusals while an answer runs, in the grading sandbox too ---

SNEAKY_TEMPLATE = '''
def hidden(n_real, n_fake):
    # the course's own function, reached through strings: no name the checker could read
    m = __import__("dfkit.evaluation." + "met" + "rics", fromlist=["x"])
    got = getattr(m, "always" + "_fake")([0] * n_real + [1] * n_fake)
    return got["accuracy"], got["recall"], got["f1"]

def caught(n_real, n_fake):
    m = __import__("dfkit.evaluation." + "met" + "rics", fromlist=["x"])
    try:
        got = getattr(m, "always" + "_fake")([0] * n_real + [1] * n_fake)
        return got["accuracy"], got["recall"], got["f1"]
    except Exception:
        total = n_real + n_fake
        return n_fake / total, 1.0, 2 * n_fake / (total + n_fake)

def honest(n_real, n_fake):
    total = n_real + n_fake
    return n_fake / total, 1.0, 2 * n_fake / (total + n_fake)

import numpy as np

{pasted}
held = [pasted]

def lazy(n_real, n_fake):
    # a generator: its code, the refused call, ran only when the checker read it (review 17c)
    m = __import__("dfkit.evaluation." + "met" + "rics", fromlist=["x"])
    got = m.always_fake([0] * n_real + [1] * n_fake)
    yield from (got["accuracy"], got["recall"], got["f1"])

def threaded(n_real, n_fake):
    # the refused function run in another thread (hostile review 17, F2)
    import threading
    m = __import__("dfkit.evaluation." + "met" + "rics", fromlist=["x"])
    out = {}
    worker = threading.Thread(
        target=lambda: out.update(m.always_fake([0] * n_real + [1] * n_fake)))
    worker.start()
    worker.join()
    return out["accuracy"], out["recall"], out["f1"]

def through_a_copy(r, s, p):
    return 1 / held[0](r, s, p) - 1

def through_bayes(r, s, p):
    import numpy as np
    bt = __import__("dfkit.evaluation.base_rates", fromlist=["_"]).bayes_threshold
    r, s, p = np.broadcast_arrays(r, s, p)
    t = np.array([bt(q, cost_fp=1 - b, cost_fn=a)
                  for a, b, q in zip(r.ravel(), s.ravel(), p.ravel())])
    return (t / (1 - t)).reshape(r.shape)[()]
'''



def _pasted_source() -> str:
    """The course's precision_at_prevalence pasted under another name (a student's paste of
    the chapter's @save cell, which is the same code)."""
    from dfkit.evaluation import base_rates

    source = textwrap.dedent(inspect.getsource(base_rates.precision_at_prevalence))
    return source.replace("def precision_at_prevalence(", "def pasted(")


SNEAKY = SNEAKY_TEMPLATE.replace("{pasted}", _pasted_source())


def test_a_route_the_kernel_refuses_while_the_answer_runs_is_refused_when_graded(tmp_path):
    """call_refusing swapped the library's code in the grader's process, but a graded answer
    runs in the sandbox: ch00 q3 through `__import__` and `getattr` on strings scored 10/10
    graded while the student's kernel refused it. The sandbox now refuses the same functions
    (and watches for copies of their code: ch10 q5 through a pasted copy held in a list)."""
    from dfkit.course.exercises import ch00, ch10

    namespace = {"__name__": "__main__"}
    exec(SNEAKY, namespace)
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60))
    try:
        remote = {n: RemoteObject(sandbox, sandbox.load(capture.value_tree(namespace[n])["value"]))
                  for n in ("hidden", "caught", "honest", "through_a_copy", "threaded",
                            "lazy", "through_bayes")}
        for name in ("hidden", "caught", "threaded", "lazy"):
            with pytest.raises(exercises.Incorrect, match="formulas|library|hands|thread"):
                ch00.q3.checker(remote[name])
        ch00.q3.checker(remote["honest"])  # an honest answer still passes, graded
        with pytest.raises(exercises.Incorrect, match="base_rates"):
            ch10.q5.checker(remote["through_a_copy"])
        # report 19, finding 1: any function of base_rates (bayes_threshold, by a string)
        with pytest.raises(exercises.Incorrect, match="base_rates"):
            ch10.q5.checker(remote["through_bayes"])
        # the same answers in the student's kernel, for comparison
        for name in ("hidden", "caught", "lazy"):
            with pytest.raises(exercises.Incorrect):
                ch00.q3.checker(namespace[name])
        from dfkit.evaluation import metrics

        # the library works again after the checks
        assert metrics.always_fake([0, 1])["recall"] == 1.0
    finally:
        sandbox.close()



# --- hostile review 17 (2026-12-07): after the refusals moved into the sandbox ------------------

def test_a_cell_whose_source_is_not_text_costs_only_its_notebook(tmp_path):
    """F1: a cell whose source was the number 123 passed the start, then crashed the copy
    check after every notebook was judged: no grades.csv, no feedback for anyone."""
    import nbformat

    from dfkit.course.grading import copies

    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": "a1", "metadata": {}, "execution_count": None,
         "outputs": [], "source": "from dfkit.course.exercises.ch00 import q2\nq2.check()"},
        {"cell_type": "code", "id": "a2", "metadata": {}, "execution_count": None,
         "outputs": [], "source": 123}]}
    path = tmp_path / "00_introduction.ipynb"
    path.write_text(json.dumps(nb))
    assert nbformat.read(path, as_version=4).cells[1].source == 123  # nbformat lets it through
    copies.read("g_crash", path)  # no exception: at worst nothing is read
    assert verdicts._code(123) == "" and verdicts._code(["a = 1\n", "b = 2"]) == "a = 1\nb = 2"


THREADS = '''
def old_alias(n_real, n_fake):
    import _thread, time
    m = __import__("dfkit.evaluation." + "met" + "rics", fromlist=["x"])
    out = []
    _thread.start_new(lambda: out.append(m.always_fake([0] * n_real + [1] * n_fake)), ())
    time.sleep(1)
    got = out[0]
    return got["accuracy"], got["recall"], got["f1"]

class Waiter:
    def __reduce__(self):
        import _thread
        return (_thread.start_new_thread, (print, ()))

waiter = Waiter()
'''


def test_a_copy_run_in_a_thread_is_seen_and_the_sandbox_starts_no_thread(tmp_path):
    """F2: a copy of a refused function run in a threading.Thread passed: the watch covered
    one thread. It now covers threads the answer starts, and the sandbox starts none while an
    answer is loaded or runs under refusals (review 17b: nor through `_thread.start_new`)."""
    import threading

    from dfkit.course.exercises import ch00
    from dfkit.evaluation import base_rates

    def copy_in_thread():
        out = []
        copy = types.FunctionType(base_rates.precision_at_prevalence.__code__,
                                  base_rates.precision_at_prevalence.__globals__)
        worker = threading.Thread(target=lambda: out.append(copy(0.9, 0.9, 0.1)))
        worker.start()
        worker.join()
        return out

    fingerprint = exercises.code_fingerprint(base_rates.precision_at_prevalence)
    with exercises.watching_code({fingerprint}) as seen:
        assert copy_in_thread()
    assert seen == [fingerprint]
    namespace = {"__name__": "__main__"}
    exec(THREADS, namespace)
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60))
    try:
        load = {n: capture.value_tree(namespace[n])["value"] for n in ("old_alias", "waiter")}
        remote = RemoteObject(sandbox, sandbox.load(load["old_alias"]))
        # review 17b: `_thread.start_new`, an old alias, was not replaced
        with pytest.raises(exercises.Incorrect, match="formulas|library|hands|thread"):
            ch00.q3.checker(remote)
        # a thread started while an answer is loaded could serve a later check: refused
        with pytest.raises(PermissionError, match="thread"):
            sandbox.load(load["waiter"])
    finally:
        sandbox.close()


def test_hidden_cases_differ_per_submission_while_grading():
    """F3: the feedback names the case an answer failed on (a cheat made it list all eight),
    and the secret's cases were the whole class's: now each notebook has its own."""
    def draw():
        return exercises.hidden_rng("ch00.q3").integers(0, 10**9, size=4).tolist()

    public = draw()
    with exercises.hidden_cases_for("alice:abc"):
        assert draw() == public  # no secret: the student's own check() is unchanged
    exercises.set_secret("s3cret")
    try:
        class_wide = draw()
        with exercises.hidden_cases_for("alice:abc"):
            alice = draw()
        with exercises.hidden_cases_for("bob:def"):
            bob = draw()
        with exercises.hidden_cases_for("alice:abc"):
            assert draw() == alice  # the same notebook regraded: the same cases
    finally:
        exercises.set_secret(None)
    assert len({tuple(public), tuple(class_wide), tuple(alice), tuple(bob)}) == 4


def test_system_v_memory_and_nested_shared_folders_are_cleared(tmp_path):
    """F4: 2.5 GiB of System V shared memory outlived a 2 GiB job and a later uid read it; a
    file in /run/lock outlived its job too."""
    tables = tmp_path / "sysvipc"
    tables.mkdir()
    (tables / "shm").write_text(
        "       key      shmid perms       size  cpid  lpid nattch   uid   gid\n"
        "  233963520          7   666  134217728   10    11      0  61234 61234\n"
        "  233963521          8   666  134217728   10    11      0   4242  4242\n")
    (tables / "sem").write_text("       key      semid perms      nsems   uid   gid\n")
    calls = []

    def run(command, **_):
        calls.append(command[1:])
        return types.SimpleNamespace(returncode=0)

    (tables / "msg").write_text(  # handed to another uid with IPC_SET: its creator counts
        "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid\n"
        "          0          3   666           0          0     0     0 65534 65534 61234 61234\n")
    if shutil.which("ipcrm"):
        assert isolation.remove_ipc(61234, str(tables), run) == ["shm:7", "msg:3"]
        assert calls == [["-m", "7"], ["-q", "3"]]
    root = tmp_path / "root"
    (root / "lock" / "shared").mkdir(parents=True)
    (root / "lock").chmod(0o1777)
    (root / "lock" / "shared").chmod(0o1777)
    (root / "private").mkdir()
    places = isolation.shared_places(roots=(str(root),))
    assert str(root / "lock") in places and str(root / "lock" / "shared") in places
    assert str(root / "private") not in places


def test_a_notebooks_unreadable_text_is_one_plain_inert_line(tmp_path):
    """F5: a notebook whose nbformat field held a line break, '=HYPERLINK(...)' and escape
    codes put them raw into grades.csv, the progress line and the feedback."""
    from dfkit.course.grading import run

    path = tmp_path / "00_introduction.ipynb"
    path.write_text(json.dumps({"nbformat": "\n=HYPERLINK(\"http://x\")\x1b[2K\r[9/9] zoe: 10/10",
                                "cells": []}))
    prep = run.prepare(submissions.Submission("zoe", path), run.Options(), tmp_path)
    assert prep.error and not any(c in prep.error for c in "\n\r\x1b")
    cell = outputs.inert("a\n=HYPERLINK(1)")
    assert "\n" not in cell and "\n=" not in cell
    assert outputs.inert("\n=1") == "'\\n'=1"



def test_the_sandbox_has_no_network(tmp_path):
    """Review 17b: an answer asked a server for its result (and sent it the hidden cases)."""
    namespace = {"__name__": "__main__"}
    exec("def ask(x):\n    import socket\n"
         "    return socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
         "def listen(x):\n    import socket\n    s = socket.socket()\n    s.listen()\n"
         "    return s.getsockname()[1]", namespace)
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60))
    try:
        for name in ("ask", "listen"):  # review 17c: listen() without bind was let through
            fn = RemoteObject(sandbox, sandbox.load(capture.value_tree(namespace[name])["value"]))
            with pytest.raises(PermissionError, match="network"):
                fn(1)
    finally:
        sandbox.close()


def test_a_notebook_that_fails_to_save_costs_only_itself(tmp_path):
    """Review 17b: an output without output_type passed the reading and failed when the job's
    copy was written, outside the guard: the grader stopped before grading anyone."""
    from dfkit.course.grading import run

    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": "a1", "metadata": {}, "execution_count": 1,
         "outputs": [{"text": "x"}],
         "source": "from dfkit.course.exercises.ch00 import q2\nq2.check()"}]}
    path = tmp_path / "00_introduction.ipynb"
    path.write_text(json.dumps(nb))
    prep = run.prepare(submissions.Submission("ann", path), run.Options(), tmp_path)
    assert prep.error and "could not read" in prep.error and "cell 0" in prep.error
    line = run.progress_line(
        Prepared(submissions.Submission("mal\x1b[2K\rzoe", path)), [], 1, 1, 1.0, 1.0)
    assert "\x1b" not in line and "\r" not in line



def test_clearing_a_shared_folder_never_follows_a_link(tmp_path):
    """Review 17c: a job swapped its world-writable folder in /tmp for a link to the grader's
    scratch folder; clearing a classmate's leftovers followed it and removed that classmate's
    job folder (10/10 became 0/10, "not attempted")."""
    scratch = tmp_path / "scratch"
    (scratch / "sub-victim").mkdir(parents=True)
    (scratch / "sub-victim" / "answers.jsonl").write_text("{}")
    place = tmp_path / "racer"
    place.symlink_to(scratch)
    assert isolation.remove_leftovers(os.getuid(), places=(str(place),)) == []
    assert (scratch / "sub-victim" / "answers.jsonl").exists()
    real = tmp_path / "real"
    (real / "left").mkdir(parents=True)
    (real / "left" / "x").write_text("x")
    assert isolation.remove_leftovers(os.getuid(), places=(str(real),)) == [str(real / "left")]
    assert not (real / "left").exists()


def test_importing_what_a_checker_refuses_is_not_the_students_time(tmp_path):
    """ch01 q4 refuses Keras's cosine: the sandbox imports TensorFlow to refuse it, which took
    ~9 s on a loaded machine, inside the student's per-call budget; an honest answer could
    then read "ran longer than ..." (the import is now the grader's own request)."""
    from dfkit.course.exercises import ch01

    namespace = {"__name__": "__main__"}
    exec("import numpy as np\n"
         "def my_cosine(a, b):\n"
         "    a, b = np.asarray(a, float), np.asarray(b, float)\n"
         "    return float(a @ b / (np.sqrt(a @ a) * np.sqrt(b @ b)))", namespace)
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=3, exercise_seconds=6))
    try:
        cosine = RemoteObject(sandbox,
                              sandbox.load(capture.value_tree(namespace["my_cosine"])["value"]))
        ch01.q4.checker(cosine)  # correct: raises nothing
        assert sandbox._spent < 6
    finally:
        sandbox.close()


# --- hostile review 18 (2026-12-08): lazy results, a tree too deep to remove ---------------------

LAZY = '''
import numpy as np

def _lib(n_real, n_fake):
    # the refused library, reached by a name built from strings
    m = __import__("dfkit.evaluation.me" + "trics", fromlist=["x"])
    s = getattr(m, "from_" + "confusion")(0, n_real, 0, n_fake)
    return [s["accuracy"], s["recall"], s["f1"]]

class ListSub(list):  # its items are zeros; its __iter__ does the work
    def __init__(self, r, f):
        super().__init__([0.0, 0.0, 0.0])
        self.r, self.f = r, f
    def __iter__(self):
        return iter(_lib(self.r, self.f))

class ItemsOnly:  # an old-style sequence: iter() makes a fresh iterator
    def __init__(self, r, f):
        self.r, self.f = r, f
    def __getitem__(self, i):
        return _lib(self.r, self.f)[i]

class ArrayLike:  # the sandbox's reply read __array__
    def __init__(self, r, f):
        self.r, self.f = r, f
    def __array__(self, dtype=None, copy=None):
        return np.asarray(_lib(self.r, self.f), dtype=dtype)

class Attribute:  # a handle's attribute is read by a getattr request
    def __init__(self, r, f):
        self.r, self.f = r, f
    @property
    def scores(self):
        return _lib(self.r, self.f)

class DictSub(dict):  # a dict whose items() does the work
    def __init__(self, r, f):
        super().__init__(accuracy=0.0)
        self.r, self.f = r, f
    def items(self):
        return dict(zip(("accuracy", "recall", "f1"), _lib(self.r, self.f))).items()

class GeneratorIter:  # a generator method: iter() runs none of it
    def __init__(self, r, f):
        self.r, self.f = r, f
    def __iter__(self):
        yield from _lib(self.r, self.f)

def make(kind):
    return lambda n_real, n_fake: kind(n_real, n_fake)

answers = {k.__name__: make(k) for k in
           (ListSub, ItemsOnly, ArrayLike, Attribute, DictSub, GeneratorIter)}

def plain_answers(n_real, n_fake):
    # honest plain data of every accepted kind
    import pandas as pd
    total = n_real + n_fake
    return [n_fake / total, (np.float64(1.0), np.array([0.5, 2.0])),
            {"f1": 2 * n_fake / (total + n_fake)}, pd.Series([1, 2], index=[7, 8], name="s")]
'''

LAZY_KINDS = ("ListSub", "ItemsOnly", "ArrayLike", "Attribute", "DictSub", "GeneratorIter")


@pytest.mark.parametrize("where", ["kernel", "sandbox"])
def test_a_result_that_computes_when_read_is_refused_under_the_refusals(where, tmp_path):
    """F1: a result that runs its code when read (a list subclass's __iter__, __getitem__,
    __array__, a property, a dict subclass's items, a generator __iter__) ran the refused
    library after the refusals ended: ch00 q3 scored 10/10. A call made under refusals now
    returns exact plain data, made while they hold, or is incorrect, unread."""
    from dfkit.course.exercises import ch00
    from dfkit.evaluation import metrics

    namespace = {"__name__": "__main__"}
    exec(LAZY, namespace)
    functions = {**namespace["answers"], "plain_answers": namespace["plain_answers"]}
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60))
    try:
        if where == "sandbox":
            functions = {n: RemoteObject(sandbox, sandbox.load(capture.value_tree(f)["value"]))
                         for n, f in functions.items()}
        for kind in LAZY_KINDS:
            with pytest.raises(exercises.Incorrect, match=f"{kind} object: return the numbers"):
                exercises.call_refusing(functions[kind], [metrics.from_confusion], "hands over",
                                        3, 5, what="scores(3, 5)")
        for kind in ("ListSub", "ItemsOnly", "GeneratorIter"):  # the review's notebooks
            with pytest.raises(exercises.Incorrect, match="object"):
                ch00.q3.checker(functions[kind])
        got = exercises.call_refusing(functions["plain_answers"], [metrics.from_confusion],
                                      "hands over", 3, 5, what="plain_answers(3, 5)")
        assert got[0] == 5 / 8 and got[1][0] == 1.0 and got[1][1].tolist() == [0.5, 2.0]
        assert got[2] == {"f1": 10 / 13} and got[3].to_dict() == {7: 1, 8: 2}
        assert [type(v) for v in got[:3]] == [float, tuple, dict]
        assert metrics.from_confusion(0, 3, 0, 5)["recall"] == 1.0  # put back after
    finally:
        sandbox.close()


def test_plain_keeps_exact_plain_data_and_refuses_the_rest_unread():
    """exercises.plain: exact types only; a subclass or an object is refused without running
    any of its code, and what it returns holds no object of the student's."""
    read = []

    class Sub(list):
        def __iter__(self):
            read.append("iter")
            return iter([1])

    class Tricky(float):
        pass

    class Key(str):
        pass

    held = np.empty(1, dtype=object)
    held[0] = Sub([1])
    for value in (Sub([1]), [Sub([1])], {"a": (Sub([1]),)}, Tricky(1.0), {Key("a"): 1},
                  np.ma.array([1.0]), np.array([(1, 2)], dtype="i,i"), iter([1]), held,
                  pd.Series(held)):
        with pytest.raises(exercises.NotPlain):
            exercises.plain(value)
    assert read == []
    nested = []
    nested.append(nested)
    with pytest.raises(exercises.Incorrect, match="nested too deeply"):
        exercises.plain_result(nested, "f()")
    got = exercises.plain({"a": [1, (2.5, None, True)], "b": np.int64(3), "c": np.arange(3)})
    assert got == {"a": [1, (2.5, None, True)], "b": 3, "c": got["c"]}
    assert type(got["c"]) is np.ndarray and got["c"].tolist() == [0, 1, 2]
    frame = exercises.plain(pd.DataFrame({"x": [1.0, 2.0], "y": ["a", "b"]}, index=[5, 6]))
    assert frame.to_dict() == {"x": {5: 1.0, 6: 2.0}, "y": {5: "a", 6: "b"}}


def _deep_tree(top, depth: int) -> None:
    """``top``/d/d/.../d (``depth`` folders) with a file at the bottom, made through
    descriptors as the review's cell did with chdir (no path is ever that long)."""
    os.mkdir(top)
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        note = os.open("note.txt", os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=fd)
        os.write(note, b"left by a job")
        os.close(note)
    finally:
        os.close(fd)


def test_a_tree_deeper_than_the_recursion_limit_is_removed_without_following_links(tmp_path):
    """F2: a job's cell left /tmp/zz-deep, 3,000 folders deep; shutil.rmtree raised
    RecursionError in remove_leftovers, which escaped kill_all and stopped the class's run.
    The tree is now removed without recursion (links inside removed, never followed), and so
    is a job's own folder holding such a tree."""
    from dfkit.course.grading import run

    depth = sys.getrecursionlimit() + 500
    place = tmp_path / "tmp"
    place.mkdir()
    _deep_tree(str(place / "zz-deep"), depth)
    precious = tmp_path / "precious"
    (precious / "inside").mkdir(parents=True)
    (place / "zz-deep" / "d" / "link").symlink_to(precious)
    removed = isolation.remove_leftovers(os.getuid(), places=(str(place),))
    assert removed == [str(place / "zz-deep")]
    assert os.listdir(place) == [] and (precious / "inside").is_dir()
    # the job's own folder, removed when it is judged
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    _deep_tree(str(scratch / "job"), depth)
    (scratch / "job.sandbox").mkdir()
    prep = Prepared(submissions.Submission("deep", tmp_path / "deep.ipynb"),
                    workdir=scratch / "job")
    assert run.remove_job_files(prep) == [] and os.listdir(scratch) == []


@pytest.mark.parametrize("fails", ["clean-up", "task"])
def test_a_clean_up_or_task_that_raises_costs_only_its_notebook(fails, tmp_path, monkeypatch):
    """F2: the clean-up's exception escaped kill_all, and grade()'s future.result() re-raised
    it: no grades.csv, no feedback for anyone. A clean-up that fails is now a flag on that
    notebook's rows, and a task that raises anyway is that notebook's error row; the others
    are graded and grades.csv is written."""
    from test_grade import isolation_args

    from dfkit.course.grading import run

    uids = {"ann": 64001, "mallory": 64002, "zoe": 64003}

    def fake_prepare(sub, opts, scratch):
        return Prepared(sub, chapter="00", profile="ci", uid=uids[sub.student])

    def fake_execute(prep, opts):
        if fails == "task" and prep.submission.student == "mallory":
            raise RecursionError("maximum recursion depth exceeded")

    def fake_judge(prep, opts, reference=None):
        return [{"student": prep.submission.student, "ID": "",
                 "notebook": prep.submission.path.name, "profile": "ci", "chapter": "00",
                 "exercise": "q3", "kind": "implement",
                 "status": "error" if prep.error else "correct",
                 "points": 0.0 if prep.error else 3.0, "possible": 3.0,
                 "message": prep.error or "correct",
                 "flag": "; ".join(run.notebook_flags(prep))}]

    def leftovers(uid, places=None, problems=None):
        if fails == "clean-up" and uid == uids["mallory"]:
            raise RecursionError("maximum recursion depth exceeded")
        return []

    monkeypatch.setattr(run, "prepare", fake_prepare)
    monkeypatch.setattr(run, "execute", fake_execute)
    monkeypatch.setattr(run, "judge", fake_judge)
    monkeypatch.setattr(run.datasets, "prepare", lambda *a: None)
    monkeypatch.setattr(isolation, "_kill_processes", lambda uid: None)  # no such uid runs
    monkeypatch.setattr(isolation, "remove_leftovers", leftovers)
    monkeypatch.setattr(isolation, "remove_ipc", lambda uid, **kw: [])
    subs = tmp_path / "subs"
    subs.mkdir(mode=0o700)
    for name in uids:
        (subs / name).mkdir()
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(f"# {name}")]
        nbformat.write(nb, subs / name / "00_introduction.ipynb")
    out = tmp_path / "out"
    grade.main([str(subs), "--out", str(out), *isolation_args()])
    table = pd.read_csv(out / "grades.csv", dtype=str, keep_default_na=False)
    by = {r.student: r for r in table.itertuples()}
    assert set(by) == set(uids)
    assert by["ann"].points == by["zoe"].points == "3.0" and not by["ann"].flag
    if fails == "clean-up":
        assert by["mallory"].points == "3.0"
        assert by["mallory"].flag.startswith(outputs.NOT_CLEARED)
        assert "RecursionError" in by["mallory"].flag
    else:
        assert by["mallory"].status == "error" and by["mallory"].points == "0.0"
        assert "could not be graded: RecursionError" in by["mallory"].message


def test_a_number_subclass_whose_equality_says_yes_is_read_as_the_number_it_holds():
    """Round 18's ch03 reader: `flatten_dense_params = Yes(0)`, an int whose == is always True,
    was marked correct in the kernel; a value answer is compared as the plain number it holds."""
    from dfkit.course.exercises import unwrap_scalar

    class Yes(int):
        def __eq__(self, other):
            return True

        __hash__ = int.__hash__

        def __int__(self):
            return 524352

    class Close(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    assert type(unwrap_scalar(Yes(0))) is int and unwrap_scalar(Yes(0)) == 0
    assert type(unwrap_scalar(Close(0.5))) is float and unwrap_scalar(Close(0.5)) == 0.5
    assert unwrap_scalar(True) is True and unwrap_scalar(7) == 7


def test_ch11_q6s_fresh_case_is_fresh_in_the_kernel_and_fixed_under_the_secret():
    """q6's last hidden case is drawn afresh on every check in a student's kernel (a lookup
    table harvested over checks meets a case it never saw) but from the secret while grading,
    so a regrade gives the same cases and the same grade."""
    from dfkit.course import exercises
    from dfkit.course.exercises import ch11

    def last() -> tuple:
        y, p = ch11._ece_cases()[-1]
        return tuple(y), tuple(p)

    assert last() != last()
    exercises.set_secret("s3cret")
    try:
        with exercises.hidden_cases_for("student-a"):
            assert last() == last()
    finally:
        exercises.set_secret(None)


def test_a_very_long_student_name_gets_its_feedback_and_costs_no_one_elses(tmp_path):
    """Hostile review 18b: a 254-byte student folder name made feedback/<name>.md too long, the
    OSError ended the run and no student got feedback. Long names are cut with a digest (two
    long names that share their start stay apart); a file that still cannot be written costs
    only its student."""
    import pandas as pd

    from dfkit.course.grading import outputs

    long_a, long_b = "a" * 254, "a" * 253 + "b"
    assert len(outputs.safe_name(long_a).encode()) <= outputs.SAFE_NAME_BYTES
    assert outputs.safe_name(long_a) != outputs.safe_name(long_b)
    assert outputs.safe_name("bob") == "bob"
    row = {"notebook": "00_introduction.ipynb", "profile": "ci", "chapter": "00",
           "exercise": "q1", "kind": "compute", "status": "correct", "points": 1.0,
           "possible": 1.0, "message": "ok", "flag": ""}
    long = pd.DataFrame([{"student": s, "ID": "", **row} for s in (long_a, long_b, "carol")],
                        columns=outputs.COLUMNS)
    written = outputs.write(long, {}, tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out" / "feedback").glob("*.md"))
    assert len(names) == 3 and "carol.md" in names
    assert all(p.exists() for p in written)
    # a feedback file that cannot be written (here a folder stands in its place): the others are
    blocked = tmp_path / "again" / "feedback" / "carol.md"
    blocked.mkdir(parents=True)
    written = outputs.write(long, {}, tmp_path / "again")
    assert blocked not in written and len([p for p in written if p.suffix == ".md"]) == 2


# --- hostile review 19: names with control characters, names that claim another's file ------

CONTROL_NAMES = ("e\x1b]52;c;Y3VybCBldmlsCg==\x07\x1b[2K\rzoe", "alice\nsmith", "carol\tsmith")


def test_names_with_control_characters_reach_stderr_as_visible_escapes(tmp_path, monkeypatch,
                                                                        capsys):
    """F2: a folder name holding OSC 52 (set the clipboard), "erase line" and a CR, and names
    with a line break or a tab, were printed raw in the `rejected:`, `identical:`, `copy?`,
    not-graded and `did not run to the end:` lines. Each name is now written with visible
    escapes, and no line on stderr holds a control character."""
    from test_grade import isolation_args

    subs = tmp_path / "subs"
    subs.mkdir(mode=0o700)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    for name in CONTROL_NAMES:
        (subs / name).mkdir()
        nbformat.write(nb, subs / name / "00_introduction.ipynb")
    (subs / "\x1b[2K\rrejected-nothing.ipynb").symlink_to(subs / "alice\nsmith")

    def fake_grade(found, opts, notes=None):  # no notebook runs: only what is printed
        rows = [{"student": s.student, "ID": "", "notebook": s.path.name, "profile": "ci",
                 "chapter": "00", "exercise": "q1", "kind": "compute", "status": "correct",
                 "points": 1.0, "possible": 1.0, "message": "ok",
                 "flag": f"same code as {found[-1].student}'s 00.q1"} for s in found]
        notes[found[0].student] = {"01_\x1b[31mx\x07.ipynb": "not graded: a newer one"}
        return (pd.DataFrame(rows, columns=outputs.COLUMNS),
                {s.student: {s.path.name: "stopped\rat cell 3"} for s in found})

    monkeypatch.setattr(grade, "grade", fake_grade)
    grade.main([str(subs), "--out", str(tmp_path / "out"), *isolation_args()])
    err = capsys.readouterr().err
    assert not any(c in err for c in "\x1b\x07\r\t"), err
    lines = err.splitlines()
    kinds = ("rejected: ", "identical: ", "copy? ", "did not run to the end: ", "warning: ")
    assert all(line.startswith(kinds) or "(01_" in line for line in lines), lines
    for kind in kinds[:4]:
        assert any(line.startswith(kind) for line in lines), kind
    assert "rejected: " + str(subs) + "/\\x1b[2K\\rrejected-nothing.ipynb" in err
    assert "alice\\nsmith" in err and "carol\\tsmith" in err
    assert "e\\x1b]52;c;Y3VybCBldmlsCg==\\x07\\x1b[2K\\rzoe (00_introduction.ipynb)" in err
    assert "(01_\\x1b[31mx\\x07.ipynb): not graded" in err


def test_names_that_differ_by_control_characters_stay_apart_in_the_csvs(tmp_path):
    """F3: `alice smith` and `alice\\nsmith` both read `alice smith` in grades.csv and
    gradebook.csv (the only key where there is no id column), and `carol\\tsmith` kept its raw
    tab (a spreadsheet splitting at tabs moved the row's cells). Control characters are now
    written as visible escapes, a name that would still read as another's gets ` (2)`, and
    each changed name is flagged in review.csv and the gradebook."""
    students = ["alice smith", "alice\nsmith", "alice\\nsmith", "carol\tsmith", "=x;\t=1"]
    row = {"ID": "", "notebook": "00_introduction.ipynb", "profile": "ci", "chapter": "00",
           "exercise": "q1", "kind": "compute", "status": "correct", "points": 1.0,
           "possible": 1.0, "message": "ok", "flag": ""}
    long = pd.DataFrame([{"student": s, **row} for s in students], columns=outputs.COLUMNS)
    out = tmp_path / "out"
    outputs.write(long, {}, out, {"carol\tsmith": {"01_x.ipynb": "not graded: newer"}})
    for name in ("grades.csv", "gradebook.csv", "review.csv"):
        text = (out / name).read_text()
        assert "\t" not in text and "\x1b" not in text, name
        assert len(text.splitlines()) == len(pd.read_csv(out / name)) + 1, name  # one line each
    read = {n: pd.read_csv(out / f"{n}.csv", dtype=str, keep_default_na=False)
            for n in ("grades", "gradebook", "review")}
    shown = ["alice smith", "alice\\nsmith", "alice\\nsmith (2)", "carol\\tsmith",
             "'=x;\\t'=1"]
    assert sorted(read["grades"]["student"]) == sorted(shown)
    assert sorted(read["gradebook"]["student"]) == sorted([*shown, outputs.POSSIBLE_ROW])
    book = read["gradebook"].set_index("student")["flag"]
    changed = {r.student for r in read["review"].itertuples()
               if r.why.startswith(outputs.NAME_CHANGED)}
    assert changed == {"alice\\nsmith (2)", "carol\\tsmith", "'=x;\\t'=1"}
    assert all(book[s].startswith(outputs.NAME_CHANGED) for s in changed)
    assert not book["alice smith"] and not book["alice\\nsmith"]  # their own names, unchanged
    assert "reads as another" not in book["carol\\tsmith"]
    assert "would read as another student's ((2) added)" in book["alice\\nsmith (2)"]
    assert ("carol\\tsmith", "01_x.ipynb") in {(r.student, r.notebook)
                                               for r in read["review"].itertuples()}
    texts = [p.read_text() for p in (out / "feedback").glob("*.md")]
    assert any(t.startswith("# Feedback for carol\\tsmith\n") for t in texts)


def test_a_short_name_cannot_claim_a_long_names_feedback_file(tmp_path):
    """F4: L1 = "x" * 150 + "A" made `xxx…x-be2b67d75e33.md` (cut, with its digest); a student
    folder named exactly that got that file and L1 got `...-2.md`, so whoever mailed feedback
    by file name sent L1 a classmate's. A name that ends like a digest, or that was changed at
    all, now ends in the digest of the whole name, and feedback/index.csv says whose each is."""
    l1 = "x" * 150 + "A"
    claim = outputs.safe_name(l1)
    assert claim == "x" * 87 + "-be2b67d75e33"  # the review's pair
    assert outputs.safe_name(claim) != claim  # the digest of its own whole name
    shouted = "BOB-" + outputs.safe_name("bob", digest=True).rsplit("-", 1)[1].upper()
    assert outputs.safe_name(shouted) != shouted  # file names compare in any case
    assert outputs.safe_name("alice smith") not in ("alice_smith", outputs.safe_name("alice_smith"))
    assert outputs.safe_name("bob") == "bob"
    row = {"ID": "", "notebook": "00_introduction.ipynb", "profile": "ci", "chapter": "00",
           "exercise": "q1", "kind": "compute", "status": "correct", "possible": 10.0,
           "message": "ok", "flag": ""}
    long = pd.DataFrame([{"student": l1, "points": 0.0, **row},
                         {"student": claim, "points": 10.0, **row},
                         {"student": "Bob", "points": 1.0, **row},
                         {"student": "bob", "points": 2.0, **row}], columns=outputs.COLUMNS)
    out = tmp_path / "out"
    outputs.write(long, {}, out)
    folder = out / "feedback"
    assert "Points: **0 of 10**" in (folder / f"{claim}.md").read_text()  # L1's own
    assert "Points: **10 of 10**" in (folder / f"{outputs.safe_name(claim)}.md").read_text()
    index = pd.read_csv(folder / "index.csv", dtype=str, keep_default_na=False)
    assert sorted(index["file"]) == sorted(p.name for p in folder.glob("*.md"))
    whose = dict(zip(index["file"], index["student"]))
    assert whose[f"{claim}.md"] == l1 and whose["Bob.md"] == "Bob"
    assert whose[f"{outputs.safe_name('bob', digest=True)}.md"] == "bob"  # never "Bob-2"
    for file, student in whose.items():
        assert (folder / file).read_text().startswith(f"# Feedback for {student}\n")


def test_hand_over_gives_no_hard_link_fifo_or_link(tmp_path, monkeypatch):
    """Review 19, tried and held only by fs.protected_hardlinks=1: a job's uid could hard-link a
    grader's file into its sandbox folder, and the next `hand_over` of that folder (a fresh
    sandbox process) would give the file to the uid. Only folders and single-link plain files
    of the grader (or already the uid's) are given, through a descriptor; the rest keep their
    owner. Unprivileged, the chowns are recorded instead of made (the same decisions)."""
    job = tmp_path / "job"
    (job / "home").mkdir(parents=True)
    (job / "notebook.ipynb").write_text("{}")
    (job / "home" / "answers.jsonl").write_text("")
    grader_file = tmp_path / "grader.py"
    grader_file.write_text("# the grader's own")
    os.link(grader_file, job / "home" / "planted")  # a hard link: 2 links
    (job / "link").symlink_to(grader_file)
    os.mkfifo(job / "pipe")
    given = []
    real_fchown = os.fchown

    def fchown(fd, uid, gid):
        found = os.fstat(fd)
        given.append((found.st_dev, found.st_ino))
        if os.geteuid() == 0:
            real_fchown(fd, uid, gid)

    monkeypatch.setattr(os, "fchown", fchown)
    monkeypatch.setattr(os, "chown", lambda *a, **k: pytest.fail("chown by path"))
    monkeypatch.setattr(os, "lchown", lambda *a, **k: pytest.fail("lchown by path"))
    isolation.hand_over(job, 4242)

    def key(path):
        found = os.stat(path, follow_symlinks=False)
        return found.st_dev, found.st_ino

    assert sorted(given) == sorted(key(p) for p in (job, job / "home", job / "notebook.ipynb",
                                                    job / "home" / "answers.jsonl"))
    assert grader_file.stat().st_uid == os.geteuid()  # never given, as root too
    for path in (job / "link", job / "pipe"):
        assert key(path) not in given


def test_the_grader_never_refuses_programs_to_its_other_threads(monkeypatch):
    """Review 20, finding 7: program refusal covers every thread while an answer runs, and in
    the grader a non-function answer (`always_fake_scores = 3`) opened that window in the
    grader's process, where other jobs' threads start their sandboxes. Now a non-function is
    refused before any refusal opens, and in the grader's process (grade() runs the checkers
    in grading_in_process) no refusal of programs opens at all; in a notebook's kernel a
    thread's program is still refused."""
    import threading

    from dfkit.course.exercises import ch00

    opened = []
    real = exercises.refusing_programs

    def recording():
        opened.append(True)
        return real()

    monkeypatch.setattr(exercises, "refusing_programs", recording)
    for answer in (3, [0.5], "scores"):
        with pytest.raises(exercises.Incorrect, match="should be a function"):
            exercises.call_refusing(answer, [], "hands over", 3, 5, what="f(3, 5)",
                                    programs=True)
        with pytest.raises(exercises.Incorrect, match="should be a function"):
            ch00.q3.checker(answer)
    assert opened == []

    def starts_in_another_thread(*_):  # as another job's sandbox start would, meanwhile
        started = []

        def start():
            try:
                started.append("started" if os.system("true") == 0 else "failed")
            except PermissionError:
                started.append("refused")

        thread = threading.Thread(target=start)
        thread.start()
        thread.join()
        return started[0]

    assert exercises.call_refusing(starts_in_another_thread, [], "hands over",
                                   what="f()") == "started"
    with pytest.raises(exercises.Incorrect, match="hands over"):  # the kernel: refused
        exercises.call_refusing(starts_in_another_thread, [], "hands over", what="f()",
                                programs=True)
    with exercises.grading_in_process():
        assert exercises.call_refusing(starts_in_another_thread, [], "hands over",
                                       what="f()", programs=True) == "started"
    assert opened == [True]
    with pytest.raises(exercises.Incorrect, match="hands over"):  # the flag is put back
        exercises.call_refusing(starts_in_another_thread, [], "hands over", what="f()",
                                programs=True)
