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

Where an exercise's checker compares the answer with *context* (variables the chapter computed,
``Exercise.context``), those come from a **reference run**: the grader executes the chapter's
handout itself (``chapters/NN_topic.ipynb``, as students receive it: blanks, no answers) in the
submission's profile, with the same job machinery (plan from the handout's own check cells,
snapshots), once per chapter and profile per grading run, and only for a chapter one of whose
exercises takes context from it (kept across runs under
``config.cache_dir()/grading-references`` while jobs are isolated, keyed as
:func:`_reference_key` says; an entry is read only when no one but the grader could have
written it). Pickled reference objects are judged in a fresh sandbox process, loaded before the
student's values (:func:`~.verdicts.verdicts`). Grade on CPU: on a GPU the handout's run and
the student's are not bit-exact, and answers checked to 2-3 decimals can differ between them. A
submission that sets a context variable by hand changes nothing: only the exercise's
``own_context`` (the student's own construction) is read from the submission. Without a handout
for a module (not a chapter, no checkout), the context is the submission's, as before, and the
rows' ``flag`` says so (:data:`NO_HANDOUT`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import json
import os
import platform
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from dfkit import config
from dfkit.course import exercises
from dfkit.course.grading import copies, datasets, isolation, outputs, points, submissions, verdicts
from dfkit.course.grading.limits import Limits, child_env, limit_resources
from dfkit.course.grading.sandbox import Sandbox
from dfkit.course.grading.submissions import Submission

PROFILE_LINE = re.compile(r"dfkit profile '(\w+)'")
# The profiles a notebook may choose by its (student-written) output; others need --allow-profile.
ACCEPTED_PROFILES = ("ci", "laptop")
RESULT_MAX_BYTES = 1 << 20
CHAPTER_UNKNOWN = "chapter unknown: name the file NN_topic.ipynb or import its exercises"
NO_HANDOUT = "context from the student's run: no handout to run"
HANDOUT = "(handout)"  # the reference run's "student"
REFERENCE_CACHE = "grading-references"  # under config.cache_dir()
REFERENCE_CACHE_MAX_BYTES = 512 << 20  # a larger reference run's answers are not kept


@dataclass
class Options:
    pattern: str = verdicts.MODULES
    limits: Limits = field(default_factory=Limits)
    profile: str = config.DEFAULT_PROFILE  # when the notebook records none
    force_profile: bool = False
    points: dict = field(default_factory=lambda: dict(points.DEFAULT_POINTS))
    jobs: int = 1
    allowed_profiles: tuple = ACCEPTED_PROFILES
    # the chapters' handouts, run for the exercises' context: a folder of NN_topic.ipynb, a
    # mapping {exercise module: notebook}, or None for the checkout's chapters/ (when any)
    handouts: object = None
    reference_cache: bool = True  # reuse a handout's run across grading runs (cache_dir())


def recorded_profile(nb, allowed=None) -> str | None:
    """The profile the student's saved outputs say the notebook ran in, or None.

    The student writes those outputs, so only ``allowed`` profiles (default
    :data:`ACCEPTED_PROFILES`; the instructor adds others with ``--allow-profile``) count."""
    allowed = ACCEPTED_PROFILES if allowed is None else allowed
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = out.get("text", "") or out.get("data", {}).get("text/plain", "")
            if isinstance(text, list):
                text = "".join(t for t in text if isinstance(t, str))
            found = PROFILE_LINE.search(text) if isinstance(text, str) else None
            if found and found.group(1) in config.PROFILES and found.group(1) in allowed:
                return found.group(1)
    return None


@dataclass
class Prepared:
    submission: Submission
    unread: str = ""  # verdicts.unread_code of its notebook (the parsed notebook is not kept)
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
    issued: list = field(default_factory=list)  # [(label, token, sha256)] the job reported
    ran_seconds: float | None = None  # the job's run, as its execute process measured it
    ignored: int = 0  # lines of answers.jsonl the grader did not write (verdicts.read_answers)
    lost: list = field(default_factory=list)  # labels of snapshots the job had to stop
    not_cleared: list = field(default_factory=list)  # what its clean-ups could not remove


def prepare(sub: Submission, opts: Options, scratch: Path) -> Prepared:
    """Read the notebook (:func:`~.submissions.read_notebook`: bounded, a notebook past its
    caps is an error of its own student's), its exercises, profile and plan; write the job
    file. The parsed notebook is not kept: a class's notebooks are never all in memory."""
    prep = Prepared(sub)
    try:
        nb = submissions.read_notebook(sub.path)
    except submissions.NotebookTooLarge as exc:
        prep.error = plain_line(f"{sub.path.name} is {exc}: read it by hand")
        return prep
    except Exception as exc:  # noqa: BLE001 - not a notebook
        # the file's own words (nbformat quotes its fields): one plain line
        prep.error = plain_line(f"could not read {sub.path.name}: {type(exc).__name__}: "
                                f"{exc}"[:300])
        return prep
    try:  # the student wrote every cell and output: one that breaks the reading is theirs
        prep.table = verdicts.exercise_table(nb, opts.pattern, sub.path.name)
        if not prep.table:
            prep.error = plain_line(f"{sub.path.name} imports no exercises ({opts.pattern})")
            return prep
        prep.chapter = verdicts.chapter_of(prep.table[0][0])
        recorded = recorded_profile(nb, opts.allowed_profiles)
        prep.profile = opts.profile if opts.force_profile or not recorded else recorded
        after, final, prep.checked = verdicts.plan(nb, prep.table, opts.pattern)
        prep.unread = verdicts.unread_code(nb)
    except Exception as exc:  # noqa: BLE001 - a malformed cell or output
        prep.table = prep.table or []
        prep.error = plain_line((f"could not read the cells of {sub.path.name}: "
                                 f"{type(exc).__name__}: {exc}")[:300])
        return prep
    prep.workdir = Path(tempfile.mkdtemp(prefix="sub-", dir=scratch))
    # the job gets a copy of its notebook: its uid cannot read the submissions folder
    try:  # written without nbformat's validation, quadratic in some fields (review 20c, H1):
        # the job's kernel reads and checks its copy, within the job's limits
        from nbformat.v4.nbjson import JSONWriter

        (prep.workdir / "notebook.ipynb").write_text(JSONWriter().writes(nb), encoding="utf-8")
    except Exception as exc:  # noqa: BLE001 - the student's file: it costs only its own grade
        prep.error = plain_line((f"could not read the cells of {sub.path.name}: "
                                 f"{type(exc).__name__}: {exc}")[:300])
        return prep
    job = {"notebook": str(prep.workdir / "notebook.ipynb"), "workdir": str(prep.workdir),
           "plan": after, "final": final, "profile": prep.profile,
           "cache": str(config.cache_dir()), "notebook_seconds": opts.limits.notebook_seconds,
           "snapshot_seconds": opts.limits.snapshot_seconds}
    (prep.workdir / "job.json").write_text(json.dumps(job), encoding="utf-8")
    return prep


def read_report(data: bytes) -> tuple[dict | None, list]:
    """(the job's result or None, its issued snapshots ``[(label, token, sha256)]``) from what
    its execute process wrote to the grader's pipe (a line per record; garbled ones skipped)."""
    result, issued = None, []
    for line in data[:RESULT_MAX_BYTES * 16].splitlines():
        try:
            record = json.loads(line.decode("utf-8", errors="replace"))
        except (ValueError, RecursionError):
            continue
        if not isinstance(record, dict):
            continue
        got = record.get("issued")
        if isinstance(got, list) and len(got) == 3 and all(isinstance(x, str) for x in got):
            issued.append(tuple(got))
        elif isinstance(record.get("result"), dict) and result is None:
            ran = record["result"]
            stopped, cell, seconds = ran.get("stopped"), ran.get("stop_cell"), ran.get("seconds")
            lost = ran.get("lost") if isinstance(ran.get("lost"), list) else []
            result = {"stopped": stopped[:500] if isinstance(stopped, str) else None,
                      "lost": [x for x in lost[:10_000] if isinstance(x, str)],
                      "stop_cell": cell if isinstance(cell, int) and not isinstance(cell, bool)
                      else None,
                      "seconds": float(seconds) if isinstance(seconds, (int, float))
                      and not isinstance(seconds, bool) else None}
    return result, issued


def _collect(fd: int, into: list) -> None:
    """Read the job's report pipe to its end (at most 16 MiB) into ``into``."""
    with os.fdopen(fd, "rb") as stream:
        into.append(stream.read(RESULT_MAX_BYTES * 16))


def execute(prep: Prepared, opts: Options) -> None:
    """Run the job in a child process (and its kernel), killed as a group past its time."""
    if prep.error:
        return
    prep.uid = isolation.new_uid()
    # the allow-listed environment (never the grader's), home and temp inside the job folder;
    # -P: the job folder (the student's) is not put on the import path
    env = child_env(prep.workdir / "home", profile=prep.profile, cache=str(config.cache_dir()))
    isolation.hand_over(prep.workdir, prep.uid)
    # the job reports its snapshots' tokens and its result over a pipe: never a file its
    # kernel (the same uid) could rewrite
    read_end, write_end = os.pipe()
    report: list[bytes] = []
    reader = threading.Thread(target=_collect, args=(read_end, report), daemon=True)
    reader.start()
    # the tail of the job's stderr: why it stopped when it could not start, import or read its job
    errors: list[bytes] = []
    tail = None
    started = time.monotonic()
    caps = limit_resources(opts.limits.memory_gb, own_uid=prep.uid is not None)
    try:
        proc = subprocess.Popen([sys.executable, "-P", "-m", "dfkit.course.grading.execute",
                                 str(prep.workdir / "job.json"), str(write_end)],
                                cwd=prep.workdir, env=env, pass_fds=(write_end,),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True,
                                preexec_fn=isolation.drop(prep.uid, caps))
        tail = threading.Thread(target=_keep_tail, args=(proc.stderr, errors), daemon=True)
        tail.start()
        os.close(write_end)
        write_end = None
        try:
            proc.wait(timeout=opts.limits.notebook_seconds + 120)
        except subprocess.TimeoutExpired:
            isolation.kill_group(proc.pid)
            proc.wait()
    finally:
        # every process of the job (a daemon in a new session too), then its answers at once
        isolation.kill_group(proc.pid) if "proc" in locals() else None
        prep.not_cleared += isolation.kill_all(prep.uid)
        if write_end is not None:
            os.close(write_end)
    reader.join(timeout=60)
    if tail is not None:
        tail.join(timeout=10)
        proc.stderr.close()
    result, prep.issued = read_report(report[0] if report else b"")
    if result is not None:
        # the job's words (a student's exception among them): one plain line
        prep.stopped = plain_line(result["stopped"]) if result["stopped"] else None
        prep.stop_cell = result["stop_cell"]
        prep.ran_seconds = result["seconds"]
        prep.lost = result["lost"]
    elif time.monotonic() - started < opts.limits.notebook_seconds:
        # the job's stderr is its kernel's too: the notebook can word that line
        prep.stopped = ("the grader's job stopped without a result after "
                        f"{time.monotonic() - started:.0f} s; the last line it printed (the "
                        f"notebook's code can print it too): {plain_line(_last_line(errors))}")
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


def _keep_tail(stream, into: list[bytes], keep: int = 4096) -> None:
    """Read ``stream`` to its end, keeping only its last ``keep`` bytes in ``into[0]`` (a job
    may print without end: none of it is stored beyond that)."""
    tail = b""
    try:
        while chunk := stream.read(65536):
            tail = (tail + chunk)[-keep:]
    except (OSError, ValueError):
        pass
    into.append(tail)


def _last_line(tail: list[bytes]) -> str:
    """The last line of a job's stderr (at most 300 characters), or a plain note."""
    lines = tail[0].decode("utf-8", errors="replace").strip().splitlines() if tail else []
    return lines[-1][:300] if lines else "it printed nothing (killed, or out of memory?)"


def _job_pythons() -> list[str]:
    """The interpreters a job runs: this one (``execute.py``, the sandbox) and the kernel's."""
    pythons = [sys.executable]
    try:
        from jupyter_client.kernelspec import get_kernel_spec

        pythons.append(get_kernel_spec("python3").argv[0])
    except Exception:  # noqa: BLE001 - no such kernelspec: nbclient will say so per notebook
        pass
    return list(dict.fromkeys(pythons))


def other_dfkit() -> str | None:
    """None when every job's Python, started as jobs are (``-P``, the jobs' environment: its
    ``PYTHONPATH`` among it), imports the grader's own ``dfkit``; else the error, naming both
    folders and the fix. A venv whose editable install points at another checkout would
    otherwise execute and capture with that copy while this one judges."""
    mine = _package_root()
    with tempfile.TemporaryDirectory(prefix="dfkit-which-") as home:
        env = child_env(Path(home))
        for python in _job_pythons():
            try:
                done = subprocess.run(
                    [python, "-P", "-c", "import os, dfkit; print(os.path.realpath(dfkit.__file__))"],
                    cwd="/", env=env, capture_output=True, text=True, timeout=120)
            except (OSError, subprocess.SubprocessError) as exc:
                return f"error: could not start {python} to see which dfkit the jobs import: {exc}"
            found = done.stdout.strip().splitlines()
            theirs = Path(found[-1]).parent if done.returncode == 0 and found else None
            if theirs != mine:
                what = f"imports {theirs}" if theirs else "cannot import dfkit"
                return (f"error: two copies of dfkit: the grader imports {mine}, but {python}, as "
                        f"each notebook's job starts it (-P, the jobs' environment), {what}. "
                        f"Install this checkout into that environment ({python} -m pip install "
                        f"-e {mine.parent}) or grade with PYTHONPATH={mine.parent} (the jobs get "
                        "PYTHONPATH), so that one copy runs, captures and judges. Nothing was "
                        "graded.")
    return None


def default_handouts() -> Path | None:
    """The checkout's ``chapters/`` folder, None when dfkit is not run from a checkout."""
    root = config.project_root()
    return root / "chapters" if root and (root / "chapters").is_dir() else None


def handout_for(module: str, handouts=None) -> Path | None:
    """The handout notebook of an exercise module: ``handouts[module]`` for a mapping, else
    ``NN_*.ipynb`` of chapter NN in the folder ``handouts`` (default :func:`default_handouts`);
    None when there is none (a module that is not a chapter's, no checkout)."""
    if isinstance(handouts, dict):
        found = handouts.get(module)
        return Path(found) if found and Path(found).is_file() else None
    folder = Path(handouts) if handouts is not None else default_handouts()
    chapter = re.fullmatch(r"dfkit\.course\.exercises\.ch(\d\d)", module)
    if folder is None or not chapter or not folder.is_dir():
        return None
    found = sorted(folder.glob(f"{chapter.group(1)}_*.ipynb"))
    return found[0] if found else None


# the libraries whose versions change a handout's results (keras and either backend)
REFERENCE_LIBRARIES = ("keras", "tensorflow", "jax", "jaxlib", "numpy", "opencv-python",
                       "opencv-python-headless", "scikit-image", "scikit-learn", "numba")


def _package_root() -> Path:
    return Path(config.__file__).resolve().parent


def _library_versions() -> str:
    found = []
    for name in REFERENCE_LIBRARIES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    found.append(f"machine={platform.machine()}")
    return "\n".join(found)


def _package_data_digest() -> str:
    """dfkit's package data (every file under dfkit/ but its .py source and caches: the
    records' CSV files, the face detector's XML), by path and bytes."""
    package, digest = _package_root(), hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix not in (".py", ".pyc") \
                and "__pycache__" not in path.parts:
            data = path.read_bytes()
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _data_listing_digest(source: str) -> str:
    """For a real dataset (``DFKIT_DATA``), a cheap digest of its listing: every file's relative
    path, size and modification time (no bytes read), so an added or replaced image re-runs."""
    if source == config.SYNTHETIC:
        return ""
    root, digest = Path(source), hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            try:
                info = path.stat()
            except OSError:
                continue
            digest.update(f"{path.relative_to(root).as_posix()}\0{info.st_size}\0"
                          f"{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _reference_key(module: str, profile: str, handout: Path) -> str:
    """What a reference run depends on: the handout's bytes, the profile, dfkit's source (the
    exercise module's, its plan, among it) and package data, the versions of the libraries
    that compute it (:data:`REFERENCE_LIBRARIES`: Keras and both backends; the machine), the data
    source and, for a real dataset, its files' listing (paths, sizes, times)."""
    try:
        spec = importlib.util.find_spec(module)
        source = Path(spec.origin).read_bytes() if spec and spec.origin else b""
    except (ImportError, ValueError, OSError):
        source = b""
    data = config.data_source()
    digest = hashlib.sha256()
    for part in (handout.read_bytes(), profile.encode(), config.source_digest().encode(),
                 module.encode(), source, data.encode(), _data_listing_digest(data).encode(),
                 _package_data_digest().encode(), _library_versions().encode()):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()[:32]


def reference_cache_allowed() -> bool:
    """Whether reference runs may be kept and reused: only while jobs run as uids of their own.
    Under ``--no-isolation`` a notebook runs as the grader's user and could write an entry that
    a later run, isolated or not, would trust (the key is computed from public inputs)."""
    return isolation.isolating()


def _private(path: Path) -> bool:
    """Whether ``path`` (not a link) is the grader's own and no other user may write it."""
    try:
        info = path.lstat()
    except OSError:
        return False
    own = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    return own and not stat.S_ISLNK(info.st_mode) and not info.st_mode & 0o022


def _cached_reference(key: str, table: list) -> verdicts.Reference | None:
    """A kept reference run, only when the cache's root, the entry's folder and its files are
    the grader's own and writable by no one else (a job's uid could not have forged them)."""
    root = config.cache_dir() / REFERENCE_CACHE
    folder = root / key
    if not all(_private(p) for p in (root, folder, folder / "meta.json",
                                     folder / "answers.jsonl")):
        return None
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        checked = {int(k): [tuple(x) for x in v] for k, v in meta["checked"].items()}
        issued = [tuple(map(str, x)) for x in meta["issued"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    answers = verdicts.read_answers(folder / "answers.jsonl", checked, issued)
    if not answers:
        return None
    ref = verdicts.Reference.of(table, answers)
    seconds = meta.get("seconds")
    ref.seconds = float(seconds) if isinstance(seconds, (int, float)) else None
    ref.cached = True
    return ref


def _store_reference(key: str, answers: Path, checked: dict, about: dict,
                     issued: list | None = None) -> None:
    """Keep a complete reference run's answers for later grading runs (best effort)."""
    folder = config.cache_dir() / REFERENCE_CACHE / key
    try:
        if answers.stat().st_size > REFERENCE_CACHE_MAX_BYTES or folder.exists():
            return
        if not folder.parent.exists():
            folder.parent.mkdir(parents=True)
            folder.parent.chmod(0o755)
        if not _private(folder.parent):  # never read either: nothing kept there
            return
        part = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=folder.parent))
        shutil.copyfile(answers, part / "answers.jsonl")
        (part / "meta.json").write_text(json.dumps(
            {**about, "checked": {str(k): v for k, v in checked.items()},
             "issued": [list(x) for x in issued or []]}), encoding="utf-8")
        for name in ("answers.jsonl", "meta.json"):
            (part / name).chmod(0o644)  # whatever the umask: read only if no one else writes
        part.chmod(0o755)
        os.replace(part, folder)
    except OSError:
        shutil.rmtree(part, ignore_errors=True) if "part" in locals() else None


def reference_run(module: str, profile: str, opts: Options,
                  scratch: Path) -> verdicts.Reference | None:
    """The grader's own run of ``module``'s handout in ``profile`` (see the module's docstring),
    None when there is no handout to run. A run that fails still returns a Reference (its
    ``stopped`` says why): the exercises whose context it lacks are then graded by hand. None
    too, without running anything, when none of the module's exercises takes context from
    the handout (:func:`~.verdicts.reference_names`): there is nothing to take from its run."""
    table = [(module, ex) for ex in verdicts.exercises_of(module)]
    if not any(verdicts.reference_names(ex) for _, ex in table):
        return None
    handout = handout_for(module, opts.handouts)
    if handout is None:
        return None
    try:
        key = _reference_key(module, profile, handout)
    except OSError as exc:
        return verdicts.Reference(stopped=f"the handout {handout} could not be read: {exc}")
    keep = opts.reference_cache and reference_cache_allowed()
    if keep and (cached := _cached_reference(key, table)) is not None:
        return cached
    ref_opts = dataclasses.replace(opts, profile=profile, force_profile=True)
    prep = prepare(Submission(HANDOUT, handout), ref_opts, scratch)
    if prep.error or not prep.table or prep.table[0][0] != module:
        why = prep.error or f"it does not check the exercises of {module}"
        return verdicts.Reference(stopped=f"the handout {handout.name} could not be run: {why}")
    try:
        execute(prep, ref_opts)
    finally:
        isolation.kill_all(prep.uid)
    answers = verdicts.read_answers(prep.answers_path, prep.checked, prep.issued) \
        if prep.answers_path else {}
    verdicts.mark_lost(answers, prep.lost)
    stopped = f"the handout {handout.name} stopped: {prep.stopped}" if prep.stopped else None
    if keep and prep.stopped is None and not prep.lost and prep.answers_path:
        _store_reference(key, prep.answers_path, prep.checked,
                         {"handout": str(handout), "module": module, "profile": profile,
                          "seconds": prep.ran_seconds}, prep.issued)
    ref = verdicts.Reference.of(table, answers, stopped)
    ref.seconds = prep.ran_seconds
    return ref


def references(prepared: list[Prepared], opts: Options, scratch: Path,
               pool: ThreadPoolExecutor, progress: bool = False) -> dict:
    """{(module, profile): Reference or None} for every chapter and profile to be judged."""
    needed = sorted({(p.table[0][0], p.profile) for p in prepared if not p.error and p.table})

    def run_one(key):
        try:
            return reference_run(key[0], key[1], opts, scratch)
        except Exception as exc:  # noqa: BLE001 - graded by hand, never the class's crash
            return verdicts.Reference(stopped=f"the handout could not be run: "
                                              f"{type(exc).__name__}: {exc}"[:300])

    found = dict(zip(needed, pool.map(run_one, needed)))
    for (module, profile), ref in found.items():
        if progress:
            takes = any(verdicts.reference_names(ex) for ex in verdicts.exercises_of(module))
            what = ("no exercise takes context from the handout: not run" if not takes
                    else "no handout to run: context from the students' runs" if ref is None
                    else ref.stopped or _ran(ref))
            print(f"{module} ({profile}): {what}", flush=True)
    if progress:
        print(timeout_advice(found, opts.limits.notebook_seconds) or "", end="", flush=True)
    return found


def _ran(ref: verdicts.Reference) -> str:
    """How the reference run was had: ``ran in 15 s`` or ``from the cache, ran in 15 s when
    made``."""
    took = f"ran in {ref.seconds:.0f} s" if ref.seconds is not None else "ran"
    return (f"the reference run of its handout is ready, from the cache ({took} when made)"
            if ref.cached else f"the reference run of its handout is ready ({took})")


TIMEOUT_FACTOR = 10  # a --timeout this many times the slowest handout run gets advice
SUGGESTED_FACTOR = 5  # what the advice suggests: this many times it, at least MIN_TIMEOUT
MIN_TIMEOUT = 60


def timeout_advice(found: dict, timeout: float) -> str | None:
    """One line suggesting a smaller ``--timeout`` when it is more than
    :data:`TIMEOUT_FACTOR` times the slowest reference run (None otherwise, or with none)."""
    times = [r.seconds for r in found.values() if r is not None and r.seconds and not r.stopped]
    if not times or timeout <= TIMEOUT_FACTOR * max(times):
        return None
    suggested = max(MIN_TIMEOUT, 10 * -(-SUGGESTED_FACTOR * max(times) // 10))
    return (f"note: --timeout {timeout:g} s is over {TIMEOUT_FACTOR}x the slowest handout run "
            f"({max(times):.0f} s): a looping notebook holds a worker that long; "
            f"--timeout {suggested:g} ({SUGGESTED_FACTOR}x, at least {MIN_TIMEOUT} s) would do\n")


def submission_key(prep: Prepared) -> str:
    """A digest of the student and their notebook's bytes: the key of its hidden cases."""
    digest = hashlib.sha256(prep.submission.student.encode("utf-8", errors="replace"))
    try:
        digest.update(prep.submission.path.read_bytes())
    except OSError:
        pass
    return digest.hexdigest()[:32]


def judge(prep: Prepared, opts: Options,
          reference: verdicts.Reference | None = None) -> list[dict]:
    """The long-table rows of one submission (checkers run here, functions in the sandbox);
    ``reference``: the run of its chapter's handout (None: none to run, context from the
    submission, flagged)."""
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
                     "message": prep.error, "flag": "; ".join(notebook_flags(prep))}]
        found = [verdicts.Verdict(verdicts.chapter_of(m), ex.name, ex.kind, "error", prep.error)
                 for m, ex in table]
    else:
        # in the grader's scratch folder, which no job's uid can write: never inside the job's
        # own folder, where its kernel could have put a link named like it
        sandbox = Sandbox(prep.workdir.parent / f"{prep.workdir.name}.sandbox", opts.limits,
                          uid=prep.uid)
        try:
            answers = verdicts.read_answers(prep.answers_path, prep.checked, prep.issued) \
                if prep.answers_path else verdicts.Answers()
            prep.ignored = answers.ignored
            verdicts.mark_lost(answers, prep.lost)
            # checkers that rerun a chapter's step (ch00 q1's random split) rerun it in the
            # profile this notebook ran in, not in the grader's own
            # hidden cases of this notebook's own (what its feedback reveals helps no other)
            with config.using_profile(prep.profile), \
                    exercises.hidden_cases_for(submission_key(prep)):
                found = verdicts.verdicts(prep.table, answers, sandbox, prep.stopped,
                                          prep.stop_cell, prep.checked, reference)
            # what the grader received, not only the notebook's text (grade.flag_copies adds it)
            received = copies.received(prep.table, answers)
        finally:
            sandbox.close()
            prep.not_cleared += sandbox.not_cleared
        if reference is None:  # today's behaviour, said in the row
            for module, ex in prep.table:
                if verdicts.reference_names(ex):
                    received.setdefault((verdicts.chapter_of(module), ex.name), []).append(
                        NO_HANDOUT)
    whole = notebook_flags(prep)
    return [{**base, "chapter": v.chapter, "exercise": v.exercise, "kind": v.kind,
             "status": v.status,
             "points": points.earned(opts.points, v.chapter, v.exercise, v.kind, v.status),
             "possible": points.possible(opts.points, v.chapter, v.exercise, v.kind),
             "message": plain_line(v.message),
             "flag": plain_line("; ".join(whole + received.get((v.chapter, v.exercise), [])))}
            for v in found]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain_line(text: str) -> str:
    """``text`` on one line with no control characters: a message can quote a student's
    exception, whose escape sequences or newlines would otherwise forge a progress line in the
    instructor's terminal or a heading in the feedback file."""
    return _CONTROL.sub("?", re.sub(r"[\r\n\t]+", " ", str(text)))


def notebook_flags(prep: Prepared) -> list[str]:
    """The flags of a whole notebook, put on each of its rows: it did not run (to its end), it
    wrote lines to the grader's answers file itself, it left files behind, or some of its code
    was too large for the grader to read."""
    found = []
    if prep.error:
        found.append(f"{outputs.DID_NOT_RUN}: {_short(prep.error)}")
    elif prep.stopped:
        found.append(f"{outputs.DID_NOT_RUN} to the end: {_short(prep.stopped)}")
    if prep.ignored:
        found.append(verdicts.WROTE_ITSELF.format(n=prep.ignored))
    if prep.not_cleared:
        found.append(not_cleared_flag(prep.not_cleared))
    if prep.unread:
        found.append(prep.unread)
    return found


def not_cleared_flag(problems: list[str]) -> str:
    """The flag of a notebook whose job left files (or System V objects) the grader could not
    remove: they may outlive the run; the first problem, shortened."""
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return (f"{outputs.NOT_CLEARED} after it ran, remove them by hand: "
            f"{_short(problems[0], 160)}{more}")


def _short(why: str, limit: int = 200) -> str:
    """``why`` on one line, at most ``limit`` characters, ``;`` kept for separating flags."""
    why = " ".join(why.split()).replace("; ", ", ")
    return why if len(why) <= limit else why[: limit - 5] + " [...]"


def run_and_judge(prep: Prepared, opts: Options,
                  reference: verdicts.Reference | None = None) -> list[dict]:
    """Execute one submission, then judge it (a grader error becomes its verdict, never the
    class's); every process of its job is gone afterwards, and so are its files (what could
    not be removed is flagged on its rows, never raised)."""
    try:
        execute(prep, opts)
        try:
            rows = judge(prep, opts, reference)
        except Exception as exc:  # noqa: BLE001 - one submission never stops the class
            prep.error = plain_line(f"could not be graded: {type(exc).__name__}: {exc}"[:300])
            rows = judge(prep, opts)
    finally:
        known = len(prep.not_cleared)
        prep.not_cleared += isolation.kill_all(prep.uid)
        prep.not_cleared += remove_job_files(prep)
    if len(prep.not_cleared) > known:  # found after the rows were made: flagged on them now
        flag = plain_line(not_cleared_flag(prep.not_cleared))
        for row in rows:
            kept = [f for f in row.get("flag", "").split("; ")
                    if f and not f.startswith(outputs.NOT_CLEARED)]
            row["flag"] = "; ".join([*kept, flag])
    return rows


def failed_rows(prep: Prepared, opts: Options, exc: BaseException) -> list[dict]:
    """The rows of a notebook whose task raised (the grader's own failure, past every guard
    in :func:`run_and_judge`): each of its exercises an error saying so, never the class's
    stop."""
    prep.error = plain_line(f"could not be graded: {type(exc).__name__}: {exc}"[:300])
    try:
        return judge(prep, opts)
    except Exception:  # noqa: BLE001 - one row, made without the notebook's table
        sub = prep.submission
        return [{"student": sub.student, "ID": sub.lms_id, "notebook": sub.path.name,
                 "profile": prep.profile, "chapter": "", "exercise": "", "kind": "",
                 "status": "error", "points": 0.0, "possible": 0.0, "message": prep.error,
                 "flag": plain_line("; ".join(notebook_flags(prep)))}]


def remove_job_files(prep: Prepared) -> list[str]:
    """Remove a judged job's folder, its copied answers and its sandbox's folder at once (not
    at the end of the run: a class's notebooks that each fill their folder would otherwise add
    up on the grader's disk); without recursion (``isolation.remove_tree``: the job can nest
    folders deeper than ``shutil.rmtree`` can go). What could not be removed; never raises."""
    problems: list[str] = []
    if prep.workdir is None:
        return problems
    for folder in (prep.workdir, prep.workdir.parent / f"{prep.workdir.name}.sandbox"):
        problems += isolation.remove_folder(folder)
    if prep.answers_path is not None:
        try:
            prep.answers_path.unlink(missing_ok=True)
        except OSError as exc:
            problems.append(f"{prep.answers_path}: {exc}")
    return problems


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


def _clock(seconds: float) -> str:
    """``21 s``, ``3 min 05 s``."""
    seconds = int(round(seconds))
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60:02d} s"


def progress_line(prep: Prepared, rows: list[dict], count: int, total: int, seconds: float,
                  elapsed: float) -> str:
    """``[3/15] alice: 00_introduction.ipynb: 7/10 points, 21 s (why it stopped) [1 min 05 s
    in]``: one notebook, as it finishes."""
    got = sum(r["points"] for r in rows)
    why = prep.error or prep.stopped
    # names come from the students' file and folder names: one plain line too
    return plain_line(f"[{count}/{total}] {outputs.visible(prep.submission.student)}: "
                      f"{outputs.visible(prep.submission.path.name)}: "
                      f"{got:g}/{sum(r['possible'] for r in rows):g} points, {_clock(seconds)}"
                      + (f" ({why})" if why else "") + f" [{_clock(elapsed)} in]")


@contextlib.contextmanager
def _scratch_folder():
    """The run's scratch folder, removed after it without recursion (``isolation.remove_tree``:
    ``tempfile.TemporaryDirectory`` raised RecursionError on a tree too deep, at the end of a
    run); what cannot be removed is said on stderr, never raised over the class's grades."""
    scratch = tempfile.mkdtemp(prefix="dfkit-grade-")
    try:
        yield scratch
    finally:
        left = isolation.remove_folder(scratch, follow_parent=True)
        if left:
            print(f"warning: the grader's scratch folder {scratch} could not all be removed: "
                  f"{plain_line(left[0])[:200]}", file=sys.stderr)


def grade(subs: list[Submission], opts: Options, progress: bool = True,
          notes: dict | None = None) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """The long table and, per student, {notebook: why it did not run to the end}; ``notes``
    (when given) receives {student: {notebook: why it was not graded}}. Raises
    :class:`~.datasets.DataNotReady`, before any notebook runs, when a profile's data cannot
    be prepared."""
    # checkers run in this process's threads, beside other jobs' sandbox starts
    with _scratch_folder() as scratch, exercises.grading_in_process():
        Path(scratch).chmod(0o711)  # a job's uid may enter its own folder, list none
        prepared = [prepare(s, opts, Path(scratch)) for s in subs]
        prepared, skipped = newest_per_chapter(prepared)
        if notes is not None:
            for student, why in skipped.items():
                notes.setdefault(student, {}).update(why)
        # every profile's data before any job: a job's uid cannot write the data cache
        datasets.prepare({p.profile for p in prepared if not p.error}, isolation.isolating())
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
            # execute and judge each submission in one task: one slow submission's judging
            # holds one of the --jobs workers, never the rest of the class
            # the chapters' handouts first: each submission's context comes from them
            refs = references(prepared, opts, Path(scratch), pool, progress)

            def task(p: Prepared) -> tuple[list[dict], float]:
                began = time.monotonic()
                rows = run_and_judge(p, opts, refs.get((p.table[0][0], p.profile))
                                     if p.table else None)
                return rows, time.monotonic() - began

            futures = {pool.submit(task, p): i for i, p in enumerate(prepared)}
            graded: dict[int, list[dict]] = {}
            # each notebook's line as it finishes (not in name order behind the slowest)
            for count, future in enumerate(as_completed(futures), 1):
                index = futures[future]
                try:
                    graded[index], seconds = future.result()
                except (KeyboardInterrupt, SystemExit):
                    raise
                except BaseException as exc:  # noqa: BLE001 - one notebook never stops the class
                    graded[index], seconds = failed_rows(prepared[index], opts, exc), 0.0
                if progress:
                    print(progress_line(prepared[index], graded[index], count, len(prepared),
                                        seconds, time.monotonic() - started), flush=True)
        rows, stopped = [], {}
        for index, prep in enumerate(prepared):  # the tables in the submissions' order
            rows += graded[index]
            why = prep.error or prep.stopped
            if why:
                stopped.setdefault(prep.submission.student, {})[prep.submission.path.name] = why
    return pd.DataFrame(rows, columns=outputs.COLUMNS), stopped
