"""Grade a class folder: execute each submission (``--jobs`` at once), then judge its answers.

The pipeline of one submission: read it, list the exercises of the chapters it imports (the
grader's own modules), pick the profile it ran in, execute it in a child process
(:mod:`~dfkit.course.grading.execute`) under the time and memory limits, then run every checker
here on the copied answers, with the student's functions in a :class:`~.sandbox.Sandbox`.

Which run the answers are checked against: **both the student's profile and the grader's own
execution.** The profile is the one ``course.prepare()`` printed in the submitted notebook
(``dfkit profile 'laptop'``), else ``--profile``, unless ``--force-profile``; the grader then
re-executes the notebook in that profile, and every run-dependent value (a prediction's
outcome, a test specificity to three decimals) is checked against the values of that
execution: same seed, same results, so an honest number typed from the student's own run
matches, and a number copied from another profile's run does not.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from dfkit import config
from dfkit.course.grading import copies, datasets, isolation, outputs, points, verdicts
from dfkit.course.grading.limits import Limits, child_env, limit_memory
from dfkit.course.grading.sandbox import Sandbox
from dfkit.course.grading.submissions import Submission

PROFILE_LINE = re.compile(r"dfkit profile '(\w+)'")
# The profiles a notebook may choose by its (student-written) output; others need --allow-profile.
ACCEPTED_PROFILES = ("ci", "laptop")
RESULT_MAX_BYTES = 1 << 20
CHAPTER_UNKNOWN = "chapter unknown: name the file NN_topic.ipynb or import its exercises"


@dataclass
class Options:
    pattern: str = verdicts.MODULES
    limits: Limits = field(default_factory=Limits)
    profile: str = config.DEFAULT_PROFILE  # when the notebook records none
    force_profile: bool = False
    points: dict = field(default_factory=lambda: dict(points.DEFAULT_POINTS))
    jobs: int = 1
    allowed_profiles: tuple = ACCEPTED_PROFILES


def recorded_profile(nb, allowed=None) -> str | None:
    """The profile the student's saved outputs say the notebook ran in, or None.

    The student writes those outputs, so only ``allowed`` profiles (default
    :data:`ACCEPTED_PROFILES`; the instructor adds others with ``--allow-profile``) count."""
    allowed = ACCEPTED_PROFILES if allowed is None else allowed
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = out.get("text", "") or "".join(out.get("data", {}).get("text/plain", ""))
            found = PROFILE_LINE.search(text if isinstance(text, str) else "".join(text))
            if found and found.group(1) in config.PROFILES and found.group(1) in allowed:
                return found.group(1)
    return None


@dataclass
class Prepared:
    submission: Submission
    nb: object = None
    table: list = field(default_factory=list)
    profile: str = ""
    error: str | None = None
    workdir: Path | None = None
    checked: dict = field(default_factory=dict)
    stopped: str | None = None
    stop_cell: int | None = None
    uid: int | None = None
    answers_path: Path | None = None  # the copied answers.jsonl, moved out of the job's reach
    chapter: str = ""


def prepare(sub: Submission, opts: Options, scratch: Path) -> Prepared:
    """Read the notebook, its exercises, profile and plan; write the job file."""
    prep = Prepared(sub)
    try:
        prep.nb = nbformat.read(sub.path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - not a notebook
        prep.error = f"could not read {sub.path.name}: {type(exc).__name__}: {exc}"[:300]
        return prep
    prep.table = verdicts.exercise_table(prep.nb, opts.pattern, sub.path.name)
    if not prep.table:
        prep.error = f"{sub.path.name} imports no exercises ({opts.pattern})"
        return prep
    prep.chapter = verdicts.chapter_of(prep.table[0][0])
    recorded = recorded_profile(prep.nb, opts.allowed_profiles)
    prep.profile = opts.profile if opts.force_profile or not recorded else recorded
    after, final, prep.checked = verdicts.plan(prep.nb, prep.table, opts.pattern)
    prep.workdir = Path(tempfile.mkdtemp(prefix="sub-", dir=scratch))
    # the job gets a copy of its notebook: its uid cannot read the submissions folder
    nbformat.write(prep.nb, prep.workdir / "notebook.ipynb")
    job = {"notebook": str(prep.workdir / "notebook.ipynb"), "workdir": str(prep.workdir),
           "plan": after, "final": final, "profile": prep.profile,
           "cache": str(config.cache_dir()), "notebook_seconds": opts.limits.notebook_seconds}
    (prep.workdir / "job.json").write_text(json.dumps(job), encoding="utf-8")
    return prep


def read_result(path: Path) -> tuple[str | None, int | None] | None:
    """(stopped, stop_cell) from the job's result.json (written as the job's uid: checked), or
    None when it is missing or not a result."""
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > RESULT_MAX_BYTES:
            return None
        ran = json.loads(path.read_bytes().decode("utf-8", errors="replace"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(ran, dict):
        return None
    stopped, cell = ran.get("stopped"), ran.get("stop_cell")
    stopped = stopped[:500] if isinstance(stopped, str) else None
    cell = cell if isinstance(cell, int) and not isinstance(cell, bool) else None
    return stopped, cell


def execute(prep: Prepared, opts: Options) -> None:
    """Run the job in a child process (and its kernel), killed as a group past its time."""
    if prep.error:
        return
    prep.uid = isolation.new_uid()
    # the allow-listed environment (never the grader's), home and temp inside the job folder;
    # -P: the job folder (the student's) is not put on the import path
    env = child_env(prep.workdir / "home", profile=prep.profile, cache=str(config.cache_dir()))
    isolation.hand_over(prep.workdir, prep.uid)
    try:
        proc = subprocess.Popen([sys.executable, "-P", "-m", "dfkit.course.grading.execute",
                                 str(prep.workdir / "job.json")], cwd=prep.workdir, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True,
                                preexec_fn=isolation.drop(prep.uid,
                                                          limit_memory(opts.limits.memory_gb)))
        try:
            proc.wait(timeout=opts.limits.notebook_seconds + 120)
        except subprocess.TimeoutExpired:
            isolation.kill_group(proc.pid)
            proc.wait()
    finally:
        # every process of the job (a daemon in a new session too), then its answers at once
        isolation.kill_group(proc.pid) if "proc" in locals() else None
        isolation.kill_all(prep.uid)
    result = read_result(prep.workdir / "result.json")
    if result is not None:
        prep.stopped, prep.stop_cell = result
    else:
        prep.stopped = (f"the notebook ran out of time ({opts.limits.notebook_seconds:g} s) "
                        "and its kernel did not answer")
    # out of the job's reach (its uid cannot write the scratch folder), read when judged: the
    # class's answers are never all in memory at once
    try:
        os.replace(prep.workdir / "answers.jsonl", prep.workdir.parent / f"{prep.workdir.name}.jsonl")
        prep.answers_path = prep.workdir.parent / f"{prep.workdir.name}.jsonl"
    except OSError:  # no answers written (or not a file the grader may move)
        prep.answers_path = None


def judge(prep: Prepared, opts: Options) -> list[dict]:
    """The long-table rows of one submission (checkers run here, functions in the sandbox)."""
    sub = prep.submission
    base = {"student": sub.student, "ID": sub.lms_id, "notebook": sub.path.name,
            "profile": prep.profile}
    received: dict = {}
    if prep.error:
        guess = re.match(r"(\d\d)_", sub.path.name) or re.search(r"_(\d\d)_", sub.path.name)
        module = f"dfkit.course.exercises.ch{guess.group(1)}" if guess else ""
        table = [(module, ex) for ex in verdicts.exercises_of(module)] if module else []
        if not table:
            # never a gradebook column for a chapter with no exercises (`99_x.ipynb`), nor a
            # blank one: the row's message says how to fix the name
            if guess:
                prep.error = (f"{prep.error}; chapter {guess.group(1)} has no exercises: "
                              f"{CHAPTER_UNKNOWN}")
            else:
                prep.error = f"{prep.error}; {CHAPTER_UNKNOWN}"
            return [{**base, "chapter": "", "exercise": "",
                     "kind": "", "status": "error", "points": 0.0, "possible": 0.0,
                     "message": prep.error}]
        found = [verdicts.Verdict(verdicts.chapter_of(m), ex.name, ex.kind, "error", prep.error)
                 for m, ex in table]
    else:
        sandbox = Sandbox(prep.workdir / "sandbox", opts.limits, uid=prep.uid)
        try:
            answers = verdicts.read_answers(prep.answers_path, prep.checked) \
                if prep.answers_path else {}
            # checkers that rerun a chapter's step (ch00 q1's random split) rerun it in the
            # profile this notebook ran in, not in the grader's own
            with config.using_profile(prep.profile):
                found = verdicts.verdicts(prep.table, answers, sandbox, prep.stopped,
                                          prep.stop_cell, prep.checked)
            # what the grader received, not only the notebook's text (grade.flag_copies adds it)
            received = copies.received(prep.table, answers)
        finally:
            sandbox.close()
    return [{**base, "chapter": v.chapter, "exercise": v.exercise, "kind": v.kind,
             "status": v.status,
             "points": points.earned(opts.points, v.chapter, v.exercise, v.kind, v.status),
             "possible": points.possible(opts.points, v.chapter, v.exercise, v.kind),
             "message": v.message,
             "flag": "; ".join(received.get((v.chapter, v.exercise), []))} for v in found]


def run_and_judge(prep: Prepared, opts: Options) -> list[dict]:
    """Execute one submission, then judge it (a grader error becomes its verdict, never the
    class's); every process of its job is gone afterwards."""
    try:
        execute(prep, opts)
        try:
            return judge(prep, opts)
        except Exception as exc:  # noqa: BLE001 - one submission never stops the class
            prep.error = f"could not be graded: {type(exc).__name__}: {exc}"[:300]
            return judge(prep, opts)
    finally:
        isolation.kill_all(prep.uid)


def newest_per_chapter(prepared: list[Prepared]) -> tuple[list[Prepared], dict]:
    """One notebook per student and chapter (the newest: latest modification time, then the
    last name); ``{student: {notebook: why it was not graded}}`` for the others."""
    groups: dict[tuple[str, str], list[Prepared]] = {}
    keep = []
    for prep in prepared:
        if prep.error:
            keep.append(prep)
        else:
            groups.setdefault((prep.submission.student, prep.chapter), []).append(prep)
    notes: dict[str, dict[str, str]] = {}
    for (student, chapter), preps in groups.items():
        def age(p):
            try:
                return (p.submission.path.stat().st_mtime, str(p.submission.path))
            except OSError:
                return (0.0, str(p.submission.path))
        preps = sorted(preps, key=age)
        keep.append(preps[-1])
        for old in preps[:-1]:
            notes.setdefault(student, {})[old.submission.path.name] = (
                f"not graded: {preps[-1].submission.path.name} is a newer notebook of chapter "
                f"{chapter} by the same student (one notebook per chapter is graded)")
    order = {id(p): i for i, p in enumerate(prepared)}
    return sorted(keep, key=lambda p: order[id(p)]), notes


def grade(subs: list[Submission], opts: Options, progress: bool = True,
          notes: dict | None = None) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """The long table and, per student, {notebook: why it did not run to the end}; ``notes``
    (when given) receives {student: {notebook: why it was not graded}}. Raises
    :class:`~.datasets.DataNotReady`, before any notebook runs, when a profile's data cannot
    be prepared."""
    with tempfile.TemporaryDirectory(prefix="dfkit-grade-") as scratch:
        Path(scratch).chmod(0o711)  # a job's uid may enter its own folder, list none
        prepared = [prepare(s, opts, Path(scratch)) for s in subs]
        prepared, skipped = newest_per_chapter(prepared)
        if notes is not None:
            for student, why in skipped.items():
                notes.setdefault(student, {}).update(why)
        # every profile's data before any job: a job's uid cannot write the data cache
        datasets.prepare({p.profile for p in prepared if not p.error}, isolation.isolating())
        with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
            # execute and judge each submission in one task: one slow submission's judging
            # holds one of the --jobs workers, never the rest of the class
            done = pool.map(lambda p: run_and_judge(p, opts), prepared)
            rows, stopped = [], {}
            for prep, graded in zip(prepared, done):
                rows += graded
                why = prep.error or prep.stopped
                if why:
                    stopped.setdefault(prep.submission.student, {})[prep.submission.path.name] = why
                if progress:
                    got = sum(r["points"] for r in graded)
                    print(f"{prep.submission.student}: {prep.submission.path.name}: {got:g}/"
                          f"{sum(r['possible'] for r in graded):g} points"
                          + (f" ({why})" if why else ""), flush=True)
    return pd.DataFrame(rows, columns=outputs.COLUMNS), stopped
