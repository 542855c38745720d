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
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from dfkit import config
from dfkit.course.grading import outputs, points, verdicts
from dfkit.course.grading.limits import Limits, limit_memory
from dfkit.course.grading.sandbox import Sandbox
from dfkit.course.grading.submissions import Submission

PROFILE_LINE = re.compile(r"dfkit profile '(\w+)'")


@dataclass
class Options:
    pattern: str = verdicts.MODULES
    limits: Limits = field(default_factory=Limits)
    profile: str = config.DEFAULT_PROFILE  # when the notebook records none
    force_profile: bool = False
    points: dict = field(default_factory=lambda: dict(points.DEFAULT_POINTS))
    jobs: int = 1


def recorded_profile(nb) -> str | None:
    """The profile the student's saved outputs say the notebook ran in (a known one), or None."""
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = out.get("text", "") or "".join(out.get("data", {}).get("text/plain", ""))
            found = PROFILE_LINE.search(text if isinstance(text, str) else "".join(text))
            if found and found.group(1) in config.PROFILES:
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


def prepare(sub: Submission, opts: Options, scratch: Path) -> Prepared:
    """Read the notebook, its exercises, profile and plan; write the job file."""
    prep = Prepared(sub)
    try:
        prep.nb = nbformat.read(sub.path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - not a notebook
        prep.error = f"could not read {sub.path.name}: {type(exc).__name__}: {exc}"[:300]
        return prep
    prep.table = verdicts.exercise_table(prep.nb, opts.pattern)
    if not prep.table:
        prep.error = f"{sub.path.name} imports no exercises ({opts.pattern})"
        return prep
    recorded = recorded_profile(prep.nb)
    prep.profile = opts.profile if opts.force_profile or not recorded else recorded
    after, final, prep.checked = verdicts.plan(prep.nb, prep.table, opts.pattern)
    prep.workdir = Path(tempfile.mkdtemp(prefix="sub-", dir=scratch))
    job = {"notebook": str(sub.path.resolve()), "workdir": str(prep.workdir), "plan": after,
           "final": final, "profile": prep.profile, "cache": str(config.cache_dir()),
           "notebook_seconds": opts.limits.notebook_seconds}
    (prep.workdir / "job.json").write_text(json.dumps(job), encoding="utf-8")
    return prep


def execute(prep: Prepared, opts: Options) -> None:
    """Run the job in a child process (and its kernel), killed as a group past its time."""
    if prep.error:
        return
    proc = subprocess.Popen([sys.executable, "-m", "dfkit.course.grading.execute",
                             str(prep.workdir / "job.json")], cwd=prep.workdir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, preexec_fn=limit_memory(opts.limits.memory_gb))
    try:
        proc.wait(timeout=opts.limits.notebook_seconds + 120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    result = prep.workdir / "result.json"
    if result.exists():
        ran = json.loads(result.read_text(encoding="utf-8"))
        prep.stopped, prep.stop_cell = ran.get("stopped"), ran.get("stop_cell")
    else:
        prep.stopped = (f"the notebook ran out of time ({opts.limits.notebook_seconds:g} s) "
                        "and its kernel did not answer")
    try:  # a kernel left behind by a killed job
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def judge(prep: Prepared, opts: Options) -> list[dict]:
    """The long-table rows of one submission (checkers run here, functions in the sandbox)."""
    sub = prep.submission
    base = {"student": sub.student, "notebook": sub.path.name, "profile": prep.profile}
    if prep.error:
        guess = re.match(r"(\d\d)_", sub.path.name) or re.search(r"_(\d\d)_", sub.path.name)
        module = f"dfkit.course.exercises.ch{guess.group(1)}" if guess else ""
        table = [(module, ex) for ex in verdicts.exercises_of(module)] if module else []
        if not table:
            return [{**base, "chapter": guess.group(1) if guess else "", "exercise": "",
                     "kind": "", "status": "error", "points": 0.0, "possible": 0.0,
                     "message": prep.error}]
        found = [verdicts.Verdict(verdicts.chapter_of(m), ex.name, ex.kind, "error", prep.error)
                 for m, ex in table]
    else:
        answers = verdicts.read_answers(prep.workdir / "answers.jsonl", prep.checked)
        sandbox = Sandbox(prep.workdir / "sandbox", opts.limits)
        try:
            found = verdicts.verdicts(prep.table, answers, sandbox, prep.stopped,
                                      prep.stop_cell, prep.checked)
        finally:
            sandbox.close()
    return [{**base, "chapter": v.chapter, "exercise": v.exercise, "kind": v.kind,
             "status": v.status,
             "points": points.earned(opts.points, v.chapter, v.exercise, v.kind, v.status),
             "possible": points.possible(opts.points, v.chapter, v.exercise, v.kind),
             "message": v.message} for v in found]


def grade(subs: list[Submission], opts: Options, progress: bool = True
          ) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """The long table and, per student, {notebook: why it did not run to the end}."""
    with tempfile.TemporaryDirectory(prefix="dfkit-grade-") as scratch:
        prepared = [prepare(s, opts, Path(scratch)) for s in subs]
        with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
            list(pool.map(lambda p: execute(p, opts), prepared))
        rows, stopped = [], {}
        for prep in prepared:
            graded = judge(prep, opts)
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
