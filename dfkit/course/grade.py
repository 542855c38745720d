"""Grade a class folder of submitted notebooks: points, a gradebook CSV, feedback per student.

``python -m dfkit.course.grade SUBMISSIONS/ --out grades/ [--jobs N]`` with the secret in
``$DFKIT_GRADE_SECRET`` or ``--secret-file F`` (a ``--secret S`` on the command line is
readable by every process of the machine, submissions included: avoid it)

Each notebook is executed top to bottom in a fresh kernel (allow-listed environment, its own
temporary home, ``--timeout`` seconds and ``--memory-gb`` in all), in the profile it recorded
when the student ran it. The grader then copies the exercises' answer variables out of the
kernel and runs the checkers itself: a student's functions run in a separate sandbox process
on the hidden cases (``--secret`` makes those differ from the published ones). Nothing the
notebook prints or logs decides a verdict, and a line it writes to the grader's answers file
itself is not read (each snapshot carries a token the kernel cannot know before it runs) but
flagged. See :mod:`dfkit.course.grading`.

Writes ``OUT/grades.csv`` (one row per student and exercise), ``OUT/gradebook.csv`` (one row
per student with the LMS's id of the student, one column per chapter, total) and
``OUT/feedback/<student>.md`` (``feedback/index.csv``: whose each file is), and
``OUT/review.csv``: everything to look at before uploading (the ``flag`` column of both
CSVs: notebooks that did not run, identical notebooks, lines a notebook wrote to the answers
file, flagged answers). Each notebook's line is printed as it
finishes. It stops at start when the jobs' Python would import another copy of ``dfkit``.
Exit status 1 when a submission could not be run to its end
(each is named on stderr), 2 on bad arguments or an ``OUT`` that already holds grades (one
folder per chapter or run: nothing is overwritten).

Isolation: run as root, the grader runs each job's kernel and sandbox as a uid of its own
(:mod:`dfkit.course.grading.isolation`): it cannot read other submissions, the instructor's
environment or files, or write the repository. It refuses (exit 2) while the submissions or
the ``--out`` folder can be read by other users (``chmod 700 FOLDER``), and creates ``--out``
private. Where jobs cannot run as uids of their own (not root, or a Python a fresh uid cannot
read) it stops, saying why, unless ``--no-isolation`` is given: then every notebook runs as the
grader's user. Before any notebook runs it prepares the data of every profile it will run.
One notebook per student and chapter is graded (the newest); symbolic links are rejected.

Context from the grader's own run: an exercise's ``context`` (variables the chapter computed,
which its checker compares the answer with) is taken from the grader's run of the chapter's
handout (``--handouts DIR``, default the checkout's ``chapters/``), run once per chapter and
profile like a submission (not at all for a chapter whose exercises take no context) and kept
across grading runs in the data cache, keyed by the handout's bytes, the profile, dfkit's source
and package data, the exercise module, the versions of keras, TensorFlow, JAX, numpy, OpenCV,
scikit-image, scikit-learn and numba, the machine, the data source and a real dataset's file
listing (paths, sizes, times)
(``--no-reference-cache``: afresh; never kept nor reused under ``--no-isolation``, where a
notebook could write the cache, and an entry is read only when it and the cache's
``grading-references`` folder are the grader's own and writable by no one else), never from
the submission, which could set it by hand.
Only an exercise's ``own_context`` (the student's own input, ch01 q3's ``seeds``) comes from
the submission. A value the handout's run did not produce makes the exercise's verdict
``error`` (grade it by hand); with no handout to run the submission's values are used and the
row's ``flag`` says so (instructors.md, "Limits of what the grader can see"). Pickled context
(a model, a batch) is judged in a fresh sandbox process; a "correct" that shared that process
with the student's own code is left ``to review``. Grade on CPU: on a GPU the handout's run and
the student's are not bit-exact, and answers checked to 2-3 decimals can differ. To try the
grader on a chapter, grade its handout filled with the solutions' answers: some solutions
notebooks answer context exercises on example data (07, 10) and lose those points.

Why not otter-grader or nbgrader: both grade with test cells of their own format and keep
verdicts in the student's kernel (otter's ``grader.check``) or in a gradebook database with a
course-directory layout (nbgrader); the course's checkers already teach in their messages, and
students work on Colab without a JupyterHub exchange. What they do well is taken over here:
hidden tests (``--secret``), per-student feedback files and LMS-ready grade tables.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dfkit import config
from dfkit.course import exercises
from dfkit.course.grading import access, copies, isolation, outputs, points, submissions
from dfkit.course.grading.datasets import DataNotReady
from dfkit.course.grading.limits import Limits
from dfkit.course.grading.outputs import already_written, visible, write
from dfkit.course.grading.run import (
    ACCEPTED_PROFILES,
    NO_HANDOUT,
    Options,
    grade,
    other_dfkit,
    plain_line,
)
from dfkit.course.grading.verdicts import MODULES
from dfkit.exceptions import DfkitError

SECRET_ENV = "DFKIT_GRADE_SECRET"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dfkit.course.grade", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("submissions", type=Path, help="folder of notebooks or student folders")
    p.add_argument("--out", type=Path, default=Path("grades"), help="folder for the outputs")
    p.add_argument("--jobs", type=int, default=1, help="notebooks executed at once (default 1)")
    p.add_argument("--timeout", type=float, default=600,
                   help="seconds each notebook may run in all (default 600)")
    p.add_argument("--call-timeout", type=float, default=30,
                   help="seconds a student's function may take on one hidden case (default 30)")
    p.add_argument("--exercise-timeout", type=float, default=300,
                   help="seconds a student's functions may take on all the hidden cases of one "
                        "exercise together (default 300; 0 = only --call-timeout)")
    p.add_argument("--memory-gb", type=float, default=6,
                   help="memory cap of each kernel and sandbox, GiB (default 6; 0 = none)")
    p.add_argument("--secret", default=None,
                   help=f"draw the hidden cases from this secret; prefer ${SECRET_ENV} or "
                        "--secret-file (a command line is readable by every process)")
    p.add_argument("--secret-file", type=Path, default=None,
                   help="read the secret from this file (keep it private, the same for the "
                        "whole class)")
    isolate = p.add_mutually_exclusive_group()
    isolate.add_argument("--no-isolation", action="store_true",
                         help="grade even where each job cannot run as a uid of its own: every "
                              "notebook then runs as you (it can read your files and the other "
                              "submissions, change the grader, read the secret)")
    isolate.add_argument("--require-isolation", action="store_true",
                         help="the default, kept for older scripts: refuse to grade unless each "
                              "job can run as a uid of its own")
    p.add_argument("--allow-profile", action="append", default=[],
                   help="also accept this profile when a notebook's output names it (the "
                        f"student writes that output; default only {', '.join(ACCEPTED_PROFILES)})")
    p.add_argument("--profile", default=None, choices=sorted(config.PROFILES),
                   help=f"profile for notebooks that recorded none (default ${config.PROFILE_ENV} "
                        f"when set, else {config.DEFAULT_PROFILE})")
    p.add_argument("--force-profile", action="store_true",
                   help="run every notebook in --profile, whatever it recorded")
    p.add_argument("--points", type=Path, default=None,
                   help='JSON of points by kind or exercise, e.g. {"implement": 4, "03.q2": 5}')
    p.add_argument("--id-pattern", default=None,
                   help="regular expression with a group (named id) that extracts the student "
                        "from a file or folder name")
    p.add_argument("--handouts", type=Path, default=None,
                   help="folder of the chapters' handout notebooks (NN_topic.ipynb, as students "
                        "get them), run by the grader for the exercises' context (default: the "
                        "checkout's chapters/ folder, when there is one)")
    p.add_argument("--no-reference-cache", action="store_true",
                   help="run every handout afresh instead of reusing an earlier grading run's "
                        "run of the same handout, profile, dfkit and libraries (never reused "
                        "under --no-isolation)")
    p.add_argument("--modules", default=MODULES,
                   help="regular expression of the exercise modules to grade (default: chapters')")
    return p


def say(line: str) -> None:
    """``line`` on stderr as one plain line (:func:`~.grading.run.plain_line`): a student's
    name or file name in it, written with :func:`~.grading.outputs.visible` first, never puts a
    control character (an escape sequence, a line break) on the instructor's terminal."""
    print(plain_line(line), file=sys.stderr)


def flag_copies(long, found: list, pattern: str):
    """``long`` with a ``flag`` column (answers that look copied, :mod:`~.grading.copies`),
    each flag named on stderr: the instructor reads them; points never change on a guess."""
    graded = {(r.student, r.notebook) for r in long.itertuples()}
    # a notebook whose every row is an error did not run: its row already says why
    ran = {(r.student, r.notebook) for r in long.itertuples()
           if getattr(r, "status", "") != "error"}
    subs = [(s.student, s.path) for s in found if (s.student, s.path.name) in graded]
    unread: dict = {}
    seen = copies.flags(subs, pattern, unread)
    for (student, notebook), text in sorted(unread.items()):
        if (student, notebook) in ran:  # never silence: the whole notebook is flagged
            say(f"copy? {visible(student)} ({visible(notebook)}): {visible(text)}")
            for r in long.itertuples():
                if (r.student, r.notebook) == (student, notebook):
                    key = (r.student, r.chapter, r.exercise)
                    seen.setdefault(key, [])
                    if text not in seen[key]:
                        seen[key].append(text)
    # the flags judging found in what the grader received (copies.received) come first
    old = long["flag"] if "flag" in long else [""] * len(long)
    for r, before in zip(long.itertuples(), old):
        texts = [t for t in (before if isinstance(before, str) else "").split("; ") if t]
        if texts:
            key = (r.student, r.chapter, r.exercise)
            seen[key] = texts + [t for t in seen.get(key, []) if t not in texts]
    unrun = set()
    for (student, chapter, exercise), texts in sorted(seen.items()):
        for text in texts:
            if text == NO_HANDOUT:  # not a copy: said once per exercise below
                unrun.add(f"{chapter}.{exercise}")
            elif outputs.notebook_flag(text):  # the notebook's, said once at the end
                continue
            else:
                say(f"copy? {visible(student)} ({chapter}.{exercise}): {visible(text)}")
    if unrun:
        print(f"warning: {', '.join(sorted(unrun))}: {NO_HANDOUT} (give --handouts): a "
              "submission can set those inputs by hand", file=sys.stderr)
    return long.assign(flag=["; ".join(seen.get((r.student, r.chapter, r.exercise), []))
                             for r in long.itertuples()])


def flag_identical(long, pairs: list) -> object:
    """``long`` with ``identical: same notebook as STUDENT's NAME`` added to the ``flag`` of
    each row of both notebooks of every pair (:func:`~.grading.submissions.identical`)."""
    extra: dict[tuple[str, str], list[str]] = {}
    for first, second in pairs:
        for one, other in ((first, second), (second, first)):
            extra.setdefault((one.student, one.path.name), []).append(
                f"{outputs.IDENTICAL} same code as {other.student}'s {other.path.name}")
    if not extra or long.empty:
        return long
    old = long["flag"] if "flag" in long else [""] * len(long)
    return long.assign(flag=["; ".join([*extra.get((r.student, r.notebook), []),
                                        *(t for t in (f if isinstance(f, str) else "").split("; ")
                                          if t)])
                             for r, f in zip(long.itertuples(), old)])


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):  # a file name that is not UTF-8 prints escaped
        sys.stdout.reconfigure(errors="backslashreplace")
    if not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder: give the folder that holds the "
              "submissions", file=sys.stderr)
        return 2
    held = already_written(args.out)
    if held:  # grading a second chapter there would overwrite the first one's grades
        print(f"error: {args.out} already holds grades ({', '.join(p.name for p in held)}) "
              f"from an earlier run: give a new folder, e.g. --out {args.out}-2 (one folder per "
              "chapter or run); nothing was graded or overwritten", file=sys.stderr)
        return 2
    rejected: list = []
    try:
        found = submissions.find(args.submissions, args.id_pattern, rejected)
        table = points.load(args.points)
        secret = args.secret if args.secret is not None else os.environ.get(SECRET_ENV)
        if args.secret_file is not None:
            secret = args.secret_file.read_text(encoding="utf-8").strip()
    except (DfkitError, ValueError, OSError) as exc:  # may quote a file's name
        say(f"error: {visible(exc)}")
        return 2
    if args.secret is not None:
        print(f"warning: --secret on the command line is readable by every process of this "
              f"machine; use ${SECRET_ENV} or --secret-file", file=sys.stderr)
    if args.handouts is not None and not args.handouts.is_dir():
        print(f"error: --handouts {args.handouts} is not a folder: give the folder of the "
              "chapters' handout notebooks (the checkout's chapters/)", file=sys.stderr)
        return 2
    try:
        profile = args.profile or config.get_profile().name
    except DfkitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    isolation.check()
    why_not = isolation.why_not()
    if why_not and not args.no_isolation:
        print(isolation.unavailable(why_not), file=sys.stderr)
        return 2
    if why_not:
        print(f"warning: --no-isolation ({why_not}): {isolation.RISK}; every chapter's "
              "handout runs afresh (the reference cache is neither read nor written)",
              file=sys.stderr)
    mixed = other_dfkit()
    if mixed:
        print(mixed, file=sys.stderr)
        return 2
    exposed = [(folder, what) for folder, what in ((args.submissions, "the submissions"),
                                                   (args.out, "--out"))
               if folder.exists() and access.readable_by_others(folder)]
    for folder, what in exposed:
        print(f"{'warning' if why_not else 'error'}: {access.exposure_message(folder, what)}",
              file=sys.stderr)
    if exposed and not why_not:
        print("error: not grading until they are private", file=sys.stderr)
        return 2
    for path, why in rejected:
        say(f"rejected: {visible(path)}: {visible(why)}")
    if not found:
        print(f"error: no notebooks in {args.submissions}: expected alice.ipynb, "
              "bob/NN_topic.ipynb or an LMS download", file=sys.stderr)
        return 2
    try:
        access.make_private_folder(args.out)
    except OSError as exc:
        print(f"error: cannot create --out {args.out}: {exc}", file=sys.stderr)
        return 2
    exercises.set_secret(secret)
    opts = Options(pattern=args.modules, profile=profile, force_profile=args.force_profile,
                   points=table, jobs=args.jobs,
                   limits=Limits(args.timeout, args.call_timeout, args.memory_gb,
                                 args.exercise_timeout),
                   allowed_profiles=(*ACCEPTED_PROFILES, *args.allow_profile),
                   handouts=args.handouts, reference_cache=not args.no_reference_cache)
    notes: dict = {}
    try:
        long, stopped = grade(found, opts, notes=notes)
    except DataNotReady as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        exercises.set_secret(None)
    # only the notebooks graded are read again (one at a time, none kept)
    graded = {(r.student, r.notebook) for r in long.itertuples()}
    pairs = list(submissions.identical([s for s in found
                                        if (s.student, s.path.name) in graded]))
    for first, second in pairs:
        say(f"identical: {visible(first.student)} ({visible(first.path.name)}) and "
            f"{visible(second.student)} ({visible(second.path.name)}) handed in the same code")
    long = flag_identical(flag_copies(long, found, args.modules), pairs)
    written = write(long, stopped, args.out, notes, [(str(p), why) for p, why in rejected])
    for student, skipped in sorted(notes.items()):
        for notebook, why in sorted(skipped.items()):
            say(f"{visible(student)} ({visible(notebook)}): {visible(why)}")
    print(f"wrote {written[0]}, {written[1]} and {len(written) - 2} feedback files; to review "
          f"before uploading: {args.out / 'review.csv'}")
    for student, notebooks in sorted(stopped.items()):
        for notebook, why in sorted(notebooks.items()):
            say(f"did not run to the end: {visible(student)} ({visible(notebook)}): "
                f"{visible(why)}")
    return 1 if stopped else 0


if __name__ == "__main__":
    sys.exit(main())
