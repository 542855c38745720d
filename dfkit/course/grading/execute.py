"""Execute one submission in a fresh kernel and copy out its answers (a child process).

``python -m dfkit.course.grading.execute JOB.json`` is what the grader starts per notebook
(so ``--jobs`` runs several at once and a hung one can be killed with its kernel). The job
names the notebook, its working folder, the profile, the limits and the *plan*: after which
cells to copy which names. The kernel gets :func:`~dfkit.course.grading.limits.child_env`
(allow-listed, temporary home) and the memory cap; the whole notebook shares one time budget.
After every planned cell and once at the end (also after a crash or a timeout, when the kernel
still answers) an injected call of :func:`dfkit.course.grading.capture.snapshot` writes the
named values to ``answers.jsonl``; the job's result goes to ``result.json``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

FINAL = "final"
SNAPSHOT_SECONDS = 60  # at most, and never past the notebook's budget (+ GRACE for the final one)
GRACE_SECONDS = 10
SNAPSHOT = ('__import__("dfkit.course.grading.capture", fromlist=["snapshot"])'
            '.snapshot(globals(), {names!r}, {path!r}, {label!r})')


def snapshot_cell(names: list[str], path: Path, label: str):
    import nbformat

    return nbformat.v4.new_code_cell(SNAPSHOT.format(names=sorted(names), path=str(path),
                                                     label=label))


def execute(job: dict) -> dict:
    """Run the notebook of ``job``: ``{"stopped": why or None, "stop_cell": index or None,
    "seconds": s}``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from dfkit.course.grading.limits import child_env

    workdir = Path(job["workdir"])
    answers = workdir / "answers.jsonl"
    nb = nbformat.read(job["notebook"], as_version=4)
    home = workdir / "home"
    env = child_env(home, profile=job.get("profile"), cache=job.get("cache"))
    plan = {int(k): v for k, v in job["plan"].items()}
    started = time.monotonic()
    client = NotebookClient(nb, kernel_name="python3", timeout=60, interrupt_on_timeout=True,
                            resources={"metadata": {"path": str(workdir)}})
    stopped, alive, stop_cell = None, True, None
    try:
        with client.setup_kernel(env=env):
            # the budget is the notebook's: it starts once the kernel is up
            deadline = time.monotonic() + float(job["notebook_seconds"])
            for index, cell in enumerate(list(nb.cells)):
                if cell.cell_type != "code":
                    continue
                client.timeout = max(1, int(deadline - time.monotonic()))
                try:
                    client.execute_cell(cell, index)
                except (CellExecutionError, CellTimeoutError) as exc:
                    if time.monotonic() >= deadline - 1:
                        stopped = (f"the notebook ran out of time "
                                   f"({float(job['notebook_seconds']):g} s) in cell {index + 1}")
                        stop_cell = index
                    else:
                        name = getattr(exc, "ename", type(exc).__name__)
                        stopped = (f"the notebook stopped at cell {index + 1} with {name}: "
                                   f"{getattr(exc, 'evalue', exc)}")
                    stop_cell = index
                    break
                except DeadKernelError:
                    stopped, alive = f"the kernel died in cell {index + 1} (out of memory?)", False
                    stop_cell = index
                    break
                if index in plan:  # the notebook's time: a slow snapshot is the student's
                    client.timeout = max(1, min(SNAPSHOT_SECONDS, int(deadline - time.monotonic())))
                    _run_extra(client, nb, snapshot_cell(plan[index], answers, f"cell:{index}"))
            if alive:
                client.timeout = max(1, min(SNAPSHOT_SECONDS,
                                            int(deadline - time.monotonic()) + GRACE_SECONDS))
                _run_extra(client, nb, snapshot_cell(job["final"], answers, FINAL))
    except Exception as exc:  # noqa: BLE001 - the kernel did not start, the snapshot failed, ...
        stopped = stopped or f"the notebook could not run: {type(exc).__name__}: {exc}"[:500]
    return {"stopped": stopped, "stop_cell": stop_cell,
            "seconds": round(time.monotonic() - started, 1)}


def _run_extra(client, nb, cell) -> None:
    """Execute a grader cell (appended: nbclient stores each executed cell at its index)."""
    nb.cells.append(cell)
    client.execute_cell(cell, len(nb.cells) - 1, store_history=False)


def main(argv: list[str]) -> int:
    job = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    result = execute(job)
    Path(job["workdir"], "result.json").write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
