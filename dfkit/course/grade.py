"""Grade a folder of submitted notebooks: run each in the ``ci`` profile and collect every exercise.

``python -m dfkit.course.grade SUBMISSIONS/ --out grades.csv [--timeout S]``

``SUBMISSIONS/`` holds one notebook per student (``alice.ipynb``: the student is the file's stem)
or one folder per student (``bob/03_cnn_backbone.ipynb``: the student is the folder's name).
Each notebook runs top to bottom in a fresh kernel (nbclient), at most ``S`` seconds in all, with
``DFKIT_GRADE_LOG`` set, so every ``qN.check()`` records its result (see
:mod:`dfkit.course.exercises`). One failing, crashing or endless notebook does not stop the others: the
results recorded before a crash count, the exercises it never reached are "not attempted", and
the message says where it stopped. The CSV has one row per student and exercise: student,
chapter, exercise, status (correct / incorrect / not attempted / error), message.

Why not nbgrader: it wants its course-directory layout, a gradebook database and cells tagged
with its metadata, and it grades with hidden test cells; the course's exercises already check
themselves, and students work on Colab without a JupyterHub exchange. This runner reuses those
checks with nbclient, which the course already installs (see instructors.md).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
import pandas as pd

from dfkit.course.exercises import GRADE_LOG_ENV, STRICT_ENV, Exercise

MODULES = r"dfkit\.exercises\.ch\d\d"
STATUS = {"correct": "correct", "incorrect": "incorrect", "blank": "not attempted", "error": "error"}
COLUMNS = ["student", "chapter", "exercise", "status", "message", "kind"]


@dataclass
class Row:
    student: str
    chapter: str
    exercise: str
    status: str
    message: str
    kind: str = ""  # implement / predict / modify / explain / compute: what the rubric weighs


def submissions(folder: Path) -> list[tuple[str, Path]]:
    """(student, notebook) pairs: ``folder/alice.ipynb`` or ``folder/bob/*.ipynb``, sorted."""
    found = []
    for entry in sorted(Path(folder).iterdir()):
        if entry.is_file() and entry.suffix == ".ipynb":
            found.append((entry.stem, entry))
        elif entry.is_dir() and not entry.name.startswith("."):
            found += [(entry.name, nb) for nb in sorted(entry.rglob("*.ipynb"))
                      if ".ipynb_checkpoints" not in nb.parts]
    return found


def chapter_of(module: str) -> str:
    """'03' for dfkit.course.exercises.ch03; the module's last name otherwise."""
    last = module.rsplit(".", 1)[-1]
    return last[2:] if re.fullmatch(r"ch\d\d", last) else last


def modules_in(nb, pattern: str = MODULES) -> list[str]:
    """The exercise modules a notebook imports, in order of first use."""
    found: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            for name in re.findall(rf"\b({pattern})\b", cell.source):
                if name not in found:
                    found.append(name)
    return found


def run_notebook(nb, timeout: float, log: Path, workdir: Path) -> str | None:
    """Execute ``nb`` in a fresh kernel (``ci`` profile, results to ``log``); None when it ran to
    the end, else where and why it stopped."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    env = {**os.environ, "DFKIT_PROFILE": "ci", GRADE_LOG_ENV: str(log), "PYTHONHASHSEED": "0",
           "TF_CPP_MIN_LOG_LEVEL": "2"}
    env.pop(STRICT_ENV, None)
    deadline = time.monotonic() + timeout
    where = {"cell": 0}

    def on_start(cell, cell_index, **_):
        where["cell"] = cell_index + 1

    def time_left(cell) -> int:  # the whole notebook shares one budget
        return max(1, int(deadline - time.monotonic()))

    client = NotebookClient(nb, kernel_name="python3", timeout_func=time_left, on_cell_start=on_start,
                            resources={"metadata": {"path": str(workdir)}})
    try:
        client.execute(env=env)
    except CellTimeoutError:
        return f"the notebook ran out of time ({timeout:g} s) in cell {where['cell']}"
    except DeadKernelError:
        return f"the kernel died in cell {where['cell']} (out of memory?)"
    except CellExecutionError as exc:
        return f"the notebook stopped at cell {where['cell']} with {exc.ename}: {exc.evalue}"
    except Exception as exc:  # the kernel did not start, the notebook is malformed, ...
        return f"the notebook could not run: {type(exc).__name__}: {exc}"
    return None


def read_log(log: Path) -> dict[tuple[str, str], dict]:
    """The last recorded result of each (module, exercise)."""
    results: dict[tuple[str, str], dict] = {}
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            results[(record.get("module", ""), record.get("exercise", ""))] = record
    return results


def grade_notebook(student: str, path: Path, timeout: float = 600, pattern: str = MODULES) -> list[Row]:
    """One row per exercise of the chapter(s) ``path`` imports."""
    guess = re.match(r"(\d\d)_", path.name)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # not a notebook: every exercise of its chapter is an error
        message = f"could not read {path.name}: {type(exc).__name__}: {exc}"
        modules = [f"dfkit.course.exercises.ch{guess.group(1)}"] if guess and pattern == MODULES else []
        rows = [Row(student, chapter_of(m), ex.name, "error", message, ex.kind)
                for m in modules for ex in _exercises(m)]
        return rows or [Row(student, guess.group(1) if guess else "", "", "error", message)]
    modules = modules_in(nb, pattern)
    with tempfile.TemporaryDirectory(prefix="dfkit-grade-") as folder:
        log = Path(folder) / "results.jsonl"
        stopped = run_notebook(nb, timeout, log, Path(folder))
        results = read_log(log)
    for module, _ in results:
        if module not in modules and re.fullmatch(pattern, module):
            modules.append(module)
    if not modules:
        return [Row(student, guess.group(1) if guess else "", "", "error",
                    f"{path.name} imports no exercises ({pattern})" + (f"; {stopped}" if stopped else ""))]
    rows = []
    for module in modules:
        for ex in _exercises(module):
            record = results.get((module, ex.name))
            if record is not None:
                status = STATUS.get(record.get("status"), "error")
                rows.append(Row(student, chapter_of(module), ex.name, status, record.get("message", ""),
                                ex.kind))
            else:
                reason = f"not reached: {stopped}" if stopped else f"`{ex.name}.check()` was never run"
                rows.append(Row(student, chapter_of(module), ex.name, "not attempted", reason, ex.kind))
    return rows


def _exercises(module: str) -> list[Exercise]:
    """The exercises a module defines, in definition order ([] when it cannot be imported)."""
    try:
        found = importlib.import_module(module)
    except ImportError:
        return []
    return [v for v in vars(found).values() if isinstance(v, Exercise)]


def grade_folder(folder: Path, timeout: float = 600, pattern: str = MODULES,
                 progress: bool = True) -> pd.DataFrame:
    """Grade every submission in ``folder``: the table :func:`main` writes."""
    rows: list[Row] = []
    for student, path in submissions(folder):
        started = time.monotonic()
        graded = grade_notebook(student, path, timeout, pattern)
        rows += graded
        if progress:
            right = sum(r.status == "correct" for r in graded)
            print(f"{student}: {path.name}: {right}/{len(graded)} correct "
                  f"({time.monotonic() - started:.0f} s)", flush=True)
    return pd.DataFrame([asdict(r) for r in rows], columns=COLUMNS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dfkit.course.grade", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", type=Path, help="folder of student notebooks or student folders")
    parser.add_argument("--out", type=Path, default=Path("grades.csv"), help="the CSV to write")
    parser.add_argument("--timeout", type=float, default=600,
                        help="seconds each notebook may run in all (default 600)")
    parser.add_argument("--modules", default=MODULES,
                        help="regular expression of the exercise modules to collect (default: the chapters')")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"{args.submissions} is not a folder: give the folder that holds the submissions")
    if not submissions(args.submissions):
        parser.error(f"no notebooks in {args.submissions}: expected alice.ipynb or bob/NN_topic.ipynb")
    table = grade_folder(args.submissions, args.timeout, args.modules)
    table.to_csv(args.out, index=False)
    counts = table["status"].value_counts().to_dict()
    print(f"wrote {args.out}: {len(table)} rows, " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
