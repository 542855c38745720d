"""What one graded notebook may take from the grading machine, after the hostile review of
2026-12-07 (its leftovers): the grader's memory for its answers, the size of a file, its
processes, files left in shared temporary folders, a snapshot too slow to copy, and a
spreadsheet that splits cells at ``;``. Each test fails on the code before that review."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import nbformat
import pandas as pd

from dfkit.course.grading import capture, execute, isolation, limits, outputs, verdicts
from dfkit.course.grading.limits import Limits
from dfkit.course.grading.run import read_report
from dfkit.course.grading.sandbox import Sandbox

# --- the grader's memory for one notebook's answers ------------------------------------------


def test_a_snapshot_of_millions_of_numbers_is_not_parsed(tmp_path, monkeypatch):
    """126 MB of numbers in lists parse to about 2 GB (32 bytes a float): three such answers
    took the grader, as root, to 6.4 GB. A line with more items than the cap is not read."""
    monkeypatch.setattr(verdicts, "ANSWER_ITEMS_MAX", 1000)
    path = tmp_path / "answers.jsonl"
    capture.snapshot({"scores": [0.5] * 999}, ["scores"], str(path), "cell:1")
    capture.snapshot({"scores": [0.5] * 1002}, ["scores"], str(path), "cell:2")
    answers = verdicts.read_answers(path, {1: [("m", "q1")], 2: [("m", "q2")]})
    assert answers[("m", "q1")]["scores"]["value"] == [0.5] * 999
    assert answers[("m", "q2")] is verdicts.DROPPED


def test_the_answers_kept_at_once_are_bounded_but_replaced_ones_do_not_count(
        tmp_path, monkeypatch):
    """Each snapshot under the line cap, but many exercises' worth of them: past the budget of
    what is kept at once the next one is dropped. A snapshot that replaces an older one of the
    same exercise (ch09 q4's models checked in ten cells) frees the older one's room."""
    monkeypatch.setattr(verdicts, "ANSWERS_KEPT_MAX_BYTES", 3 << 20)
    pad = "x" * (1200 << 10)
    path = tmp_path / "answers.jsonl"
    for cell in (1, 2, 3):
        capture.snapshot({"v": cell, "pad": pad}, ["v", "pad"], str(path), f"cell:{cell}")
    checked = {1: [("m", "q1")], 2: [("m", "q2")], 3: [("m", "q3")]}
    answers = verdicts.read_answers(path, checked)
    assert [answers[("m", q)]["v"]["value"] for q in ("q1", "q2")] == [1, 2]
    assert answers[("m", "q3")] is verdicts.DROPPED
    again = tmp_path / "again.jsonl"
    for cell in range(10):  # ten check cells of one exercise: 12 MB written, 1.2 MB kept
        capture.snapshot({"v": cell, "pad": pad}, ["v", "pad"], str(again), f"cell:{cell}")
    checked = {cell: [("m", "q4")] for cell in range(10)}
    assert verdicts.read_answers(again, checked)[("m", "q4")]["v"]["value"] == 9


# --- the job's processes: file size, process count, leftovers ---------------------------------


def test_a_job_cannot_write_a_file_larger_than_the_cap(tmp_path, monkeypatch):
    """A job had a memory cap but none on files: one notebook could fill the grader's disk."""
    monkeypatch.setattr(limits, "FILE_MAX_BYTES", 1 << 20)
    target = tmp_path / "big.bin"
    code = (f"import sys\ntry:\n    open({str(target)!r}, 'wb').write(b'x' * (3 << 20))\n"
            "except OSError as exc:\n    print('refused', exc.errno)\n"
            "import resource\nprint(resource.getrlimit(resource.RLIMIT_NPROC)[0])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          preexec_fn=limits.limit_resources(0, own_uid=True), timeout=60)
    assert "refused 27" in done.stdout, done.stdout + done.stderr  # EFBIG
    assert target.stat().st_size <= 1 << 20
    assert done.stdout.split()[-1] == str(limits.PROCESSES_MAX)  # its uid's processes capped
    plain = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           preexec_fn=limits.limit_resources(0, own_uid=False), timeout=60)
    # without a uid of its own the count would be the grader's user's: left as it was
    import resource

    assert plain.stdout.split()[-1] == str(resource.getrlimit(resource.RLIMIT_NPROC)[0])


def test_files_a_job_leaves_in_shared_temporary_folders_are_removed(tmp_path):
    """Files a job's uid left in /dev/shm (memory) or /var/tmp (disk) survived it. Only what
    that uid owns goes; a link is removed, never what it points to."""
    shm, var = tmp_path / "shm", tmp_path / "var"
    shm.mkdir()
    var.mkdir()
    (shm / "hog").write_bytes(b"x" * 1000)
    (var / "folder").mkdir()
    (var / "folder" / "inside").write_text("x")
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    (var / "link").symlink_to(precious)
    uid = os.getuid()
    others = []
    if uid == 0:  # a file of another user stays
        (shm / "theirs").write_text("x")
        os.chown(shm / "theirs", 4242, 4242)
        others.append(shm / "theirs")
    removed = isolation.remove_leftovers(uid, places=(str(shm), str(var), str(tmp_path / "no")))
    assert sorted(removed) == sorted(str(p) for p in (shm / "hog", var / "folder", var / "link"))
    assert precious.read_text() == "keep me"
    assert all(p.exists() for p in others)
    assert isolation.remove_leftovers(None) == []


def test_kill_all_removes_what_the_uid_left(monkeypatch):
    """kill_all, called when each job ends, also clears the shared temporary folders."""
    seen = []
    monkeypatch.setattr(isolation, "remove_leftovers", lambda uid, **kw: seen.append(uid))
    monkeypatch.setattr(isolation.subprocess, "run", lambda *a, **k: None)
    isolation.kill_all(61234)
    assert seen == [61234]


# --- a snapshot too slow to copy --------------------------------------------------------------

SLOW = """class Slow:
    def __reduce__(self):
        import time
        time.sleep(120)

x = Slow()"""


def test_a_snapshot_too_slow_to_copy_is_lost_and_the_notebook_goes_on(tmp_path):
    """A value slow to copy made its snapshot time out; the error ended the whole job, so the
    notebook's later cells and answers were lost. Now that snapshot alone is lost."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SLOW), nbformat.v4.new_code_cell("y = 5")]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    work = tmp_path / "job"
    work.mkdir()
    job = {"notebook": str(path), "workdir": str(work), "plan": {"0": ["x"]}, "final": ["y"],
           "notebook_seconds": 120, "snapshot_seconds": 3}
    result = execute.execute(job)
    assert result["stopped"] is None, result["stopped"]
    assert result["lost"] == ["cell:0"]
    labels = [label for label, _, _ in result["issued"]]
    assert labels == ["final"]
    answers = verdicts.read_answers(work / "answers.jsonl", {}, result["issued"])
    assert answers["final"]["y"] == {"value": 5}


def test_a_lost_final_snapshot_is_said_not_read_as_not_attempted(tmp_path):
    from dfkit.course.exercises import ch09

    answers = verdicts.Answers()
    verdicts.mark_lost(answers, ["cell:3", "final"])
    found = verdicts.verdicts([("dfkit.course.exercises.ch09", ch09.q5)], answers,
                              Sandbox(tmp_path / "sb", Limits()), None, None, {})
    assert found[0].status == "error" and "longer than the grader allows" in found[0].message
    kept = verdicts.Answers({"final": {"probe_weights_224": {"value": 1}}})
    verdicts.mark_lost(kept, ["final"])  # a line of it was read: it stands
    assert kept["final"] != verdicts.LOST


def test_the_job_report_carries_its_lost_snapshots():
    line = {"result": {"stopped": None, "stop_cell": None, "seconds": 2.0,
                       "lost": ["cell:4", 7, "final"]}}
    result, _ = read_report(json.dumps(line).encode())
    assert result["lost"] == ["cell:4", "final"]


# --- a spreadsheet whose cells are separated by ";" -------------------------------------------


def test_no_cell_starts_a_formula_where_a_spreadsheet_splits_at_semicolons(tmp_path):
    """`x;=HYPERLINK(...)` was written bare: a spreadsheet in a locale whose list separator
    is ';' split it and ran the second half (quoting the cell does not help: a quote opens a
    field only at its start). Such a start after ';' gets its quote now."""
    names = ["a;=HYPERLINK(\"http:evil\")", "b;+1", "carol"]
    rows = [dict(zip(outputs.COLUMNS, (n, "7", f"{n}.ipynb", "ci", "02", "q1", "compute",
                                       "incorrect", 0.0, 2.0, f"ok;@SUM({n})", "")))
            for n in names]
    outputs.write(pd.DataFrame(rows), {}, tmp_path / "out")
    for name in ("grades.csv", "gradebook.csv", "review.csv"):
        text = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert ";=" not in text and ";@" not in text and ";+" not in text, name
        # as a ';' spreadsheet reads it: no cell starts a formula
        for row in csv.reader(io.StringIO(text), delimiter=";"):
            assert not any(c.lstrip('" ').startswith(outputs.FORMULA_STARTS) for c in row), row
    book = pd.read_csv(tmp_path / "out" / "gradebook.csv", keep_default_na=False)
    assert book.loc[book.student == "carol", "ch02"].tolist() == [0.0]  # numbers stay numbers



def test_a_judged_jobs_files_are_removed_at_once(tmp_path, monkeypatch):
    """A job's folder stayed until the whole class was graded: notebooks that each fill their
    folder added up on the grader's disk (hostile review 17b)."""
    from dfkit.course.grading import run, submissions

    prep = run.Prepared(submissions.Submission("ann", tmp_path / "00_x.ipynb"))
    prep.workdir = tmp_path / "sub-1"
    (prep.workdir / "home").mkdir(parents=True)
    (prep.workdir / "home" / "big.bin").write_bytes(b"x" * 1000)
    (tmp_path / "sub-1.sandbox").mkdir()
    prep.answers_path = tmp_path / "sub-1.jsonl"
    prep.answers_path.write_text("{}\n")
    monkeypatch.setattr(run, "execute", lambda p, o: None)
    monkeypatch.setattr(run, "judge", lambda p, o, r=None: [{"points": 1.0}])
    assert run.run_and_judge(prep, run.Options()) == [{"points": 1.0}]
    assert not prep.workdir.exists() and not (tmp_path / "sub-1.sandbox").exists()
    assert not prep.answers_path.exists()


# --- the grader's memory for one notebook's code (hostile review 19) ---------------------------

def _notebook_with(*sources: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def test_a_huge_code_cell_is_not_parsed_and_the_notebook_is_flagged():
    """6 MiB of `[a,a,...]` behind `%%writefile` (never run as Python by the kernel) took the
    grader's own process, which has no memory cap, to 5.4 GB in its import and copy checks
    (~0.75 GB per MiB of code, six parses). Past the caps a cell is not parsed at all."""
    import tracemalloc

    from dfkit.course.grading import run
    from dfkit.course.grading.submissions import Submission

    huge = "%%writefile /dev/null\nx = [" + "a," * (3 << 20) + "]"
    nb = _notebook_with("from dfkit.course.exercises.ch00 import q1", huge)
    tracemalloc.start()
    try:
        assert verdicts.modules_in(nb) == ["dfkit.course.exercises.ch00"]
        assert verdicts.imports(nb) == {"q1": ("dfkit.course.exercises.ch00", "q1")}
        assert len(list(verdicts.code_trees(nb))) == 1  # the import cell alone
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20  # parsing the cell would have taken gigabytes
    said = verdicts.unread_code(nb)
    assert "1 code cell(s) (the first is cell 2)" in said and "read them by hand" in said
    prep = run.Prepared(Submission("mallory", None), unread=said)
    assert any("too large for the grader to read" in f for f in run.notebook_flags(prep))
    assert verdicts.unread_code(_notebook_with("x = 1", "y = 2")) == ""


def test_the_caps_hold_per_cell_and_for_the_notebook(monkeypatch):
    monkeypatch.setattr(verdicts, "CELL_PARSE_MAX_BYTES", 100)
    monkeypatch.setattr(verdicts, "NOTEBOOK_PARSE_MAX_BYTES", 250)
    small = "x = " + "1 + " * 20 + "1"  # 85 bytes
    nb = _notebook_with(small, "y = [" + "0, " * 40 + "]", small, small, small)
    # the second cell is over the cell cap; the fourth brings the total past 250 bytes
    plan = verdicts._parse_plan(nb)
    assert [code is not None for _, code in plan] == [True, False, True, False, False]
    assert len(list(verdicts.code_trees(nb))) == 2
    assert "3 code cell(s) (the first is cell 2)" in verdicts.unread_code(nb)


# --- a kernel that dies at its start ----------------------------------------------------------


def _one_cell_job(tmp_path, source: str) -> dict:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    work = tmp_path / "job"
    work.mkdir()
    return {"notebook": str(path), "workdir": str(work), "plan": {}, "final": ["y"],
            "notebook_seconds": 60, "snapshot_seconds": 20}


def _kernels_that_die_at_start(monkeypatch, dying: int) -> list[int]:
    """Kill the first ``dying`` kernels right after their launch, before they answer (what
    a lost port race does); returns the list of starts, one entry each."""
    from nbclient import NotebookClient

    real = NotebookClient.start_new_kernel_client
    starts: list[int] = []

    def start(self):
        starts.append(1)
        if len(starts) <= dying:
            process = self.km.provisioner.process
            process.kill()
            process.wait()
        return real(self)

    monkeypatch.setattr(NotebookClient, "start_new_kernel_client", start)
    return starts


def test_a_kernel_that_dies_before_it_answers_is_started_again(tmp_path, monkeypatch):
    """CI (stop 48): with two notebooks graded at once, dave's kernel died before replying to
    kernel_info; no cell of his had run, yet he lost q1's points ('could not run')."""
    starts = _kernels_that_die_at_start(monkeypatch, dying=1)
    result = execute.execute(_one_cell_job(tmp_path, "y = 5"))
    assert len(starts) == 2
    assert result["stopped"] is None, result["stopped"]
    answers = verdicts.read_answers(tmp_path / "job" / "answers.jsonl", {}, result["issued"])
    assert answers["final"]["y"] == {"value": 5}


def test_a_kernel_that_never_starts_is_said_after_three_tries(tmp_path, monkeypatch):
    starts = _kernels_that_die_at_start(monkeypatch, dying=99)
    result = execute.execute(_one_cell_job(tmp_path, "y = 5"))
    assert len(starts) == execute.KERNEL_STARTS == 3
    assert result["stopped"].startswith("the notebook could not run: RuntimeError: Kernel died")
    assert result["issued"] == []


def test_a_kernel_the_notebook_kills_is_not_started_again(tmp_path, monkeypatch):
    """Only a start is tried again: a notebook that ends its kernel has run a cell, and gets
    no second run."""
    starts = _kernels_that_die_at_start(monkeypatch, dying=0)
    result = execute.execute(_one_cell_job(tmp_path, "import os\nos._exit(1)"))
    assert len(starts) == 1
    assert result["stopped"] == "the kernel died in cell 1 (out of memory?)"
